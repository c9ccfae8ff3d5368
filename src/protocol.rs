//! The messages between the app and the poller.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::model::cost::CostSnapshot;
use crate::model::{
    AccountId, AwsError, CallCount, CycleStats, Fetch, MetricTarget, RegionMetrics, Resource, ResourceKind, Window,
};

/// App -> poller.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start a cycle now; repeats during a cycle merge into one pending cycle.
    RefreshNow,
    /// Poll this region set from now on; the running cycle is dropped.
    SetRegions(Vec<String>),
    SetInterval(Duration),
    /// Ask Cost Explorer again (each request costs $0.01), by this tag key.
    /// Never sent on the inventory interval; a repeat while one runs is dropped.
    RefreshCost {
        tag_key: Option<String>,
    },
    /// Write a listing assembled by the app (from pages handed over,
    /// `Outcome::Paged`) to the inventory cache, off the app's thread.
    Store {
        account: AccountId,
        region: String,
        kind: ResourceKind,
        at: DateTime<Utc>,
        rows: Vec<Arc<Resource>>,
    },
    /// Keep exactly these series fresh over this window (what is on
    /// screen); an empty list stops metrics fetching.
    WatchMetrics {
        targets: Vec<MetricTarget>,
        window: Window,
    },
    Stop,
}

/// Poller -> app. Events carry owned data.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    CycleStarted {
        cycle: u64,
        regions: Vec<String>,
    },
    /// One page of a (region, kind) listing, sent as it arrives, before the
    /// listing ends. Its `Inventory` event follows with the whole list, or,
    /// when the rows were `handed` over (the poller kept none of them), with
    /// `Outcome::Paged`: what completes them.
    Page {
        cycle: u64,
        account: AccountId,
        region: String,
        kind: ResourceKind,
        items: Vec<Resource>,
        handed: bool,
    },
    /// One (region, kind) listing from the disk cache, drawn at start
    /// (marked cached with its age) until a fresh answer replaces it.
    Cached {
        fetch: Fetch,
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
    /// Cost figures, from the disk cache (`cached`, no call made) or from
    /// Cost Explorer, with the calls that made them.
    Cost {
        /// Boxed: a snapshot is large next to the other events.
        result: Result<Box<CostSnapshot>, AwsError>,
        calls: CallCount,
        cached: bool,
    },
    /// One region's metrics, with the calls and metrics it took.
    Metrics(RegionMetrics),
}
