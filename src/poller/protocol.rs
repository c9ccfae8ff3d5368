//! The messages between the app and the poller.

use std::time::Duration;

use crate::model::{CycleStats, Fetch};

/// App -> poller.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start a cycle now; repeats during a cycle merge into one pending cycle.
    RefreshNow,
    /// Poll this region set from now on; the running cycle is dropped.
    SetRegions(Vec<String>),
    SetInterval(Duration),
    Stop,
}

/// Poller -> app. Events carry owned data.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    CycleStarted {
        cycle: u64,
        regions: Vec<String>,
    },
    /// One (region, kind) outcome, sent as soon as its job finishes.
    Inventory {
        cycle: u64,
        fetch: Fetch,
    },
    CycleFinished {
        cycle: u64,
        stats: CycleStats,
    },
}
