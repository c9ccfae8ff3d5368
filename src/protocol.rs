//! The messages between the app and the poller.
//!
//! Rows flow one way: every listing's rows come as pages
//! ([`Event::Page`]), then one end ([`Event::Inventory`]) brings what
//! completes them (its late facts) or its error. Whoever owns the rows
//! assembles each listing (the app, or `--once`'s collector) and caches it
//! ([`Command::Store`] from the app). Rows get their account in one place,
//! as they enter: [`Event::page`] and [`Event::cached`].

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::model::cost::CostSnapshot;
use crate::model::logs::{TailNews, TailSpec};
use crate::model::{
    AccountId, AwsError, CallCount, CycleStats, End, Fetch, Late, MetricTarget, Outcome, RegionMetrics, Resource,
    ResourceKind, Window,
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
    /// Write a listing the app assembled (its pages, completed at its end)
    /// to the inventory cache, off the app's thread.
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
    /// Tail these logs (`l`, `:logs`); any tail before it stops.
    Tail(TailSpec),
    /// Stop the tail (the logs view closed).
    StopTail,
    /// List the log group names of (account, region) for `:logs`
    /// completion, once (bounded: [`crate::model::logs::GROUP_NAMES`]).
    LogGroups {
        account: AccountId,
        region: String,
    },
    /// Keep exactly these series fresh over the findings' window (seven
    /// days, refreshed once an hour), whatever is on screen: what the
    /// findings rules read (`findings::FINDINGS_SERIES`).
    WatchFindingMetrics {
        targets: Vec<MetricTarget>,
    },
}

/// Poller -> app. Events carry owned data.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    CycleStarted {
        cycle: u64,
        regions: Vec<String>,
    },
    /// One page of a (region, kind) listing's rows, sent as it arrives,
    /// before the listing ends; the poller keeps none of them. Made by
    /// [`Event::page`].
    Page {
        cycle: u64,
        account: AccountId,
        region: String,
        kind: ResourceKind,
        items: Vec<Resource>,
    },
    /// One (region, kind) listing from the disk cache, whole, drawn at
    /// start (marked cached with its age) until a fresh answer replaces it.
    /// Not a listing of this run: made by [`Event::cached`].
    Cached {
        fetch: Fetch,
    },
    /// One (region, kind) listing's end, sent as soon as its job finishes:
    /// what completes the rows its pages brought, or its error.
    Inventory {
        cycle: u64,
        fetch: Fetch<End>,
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
    /// What a tail found (its id from [`TailSpec`]), with the calls it
    /// made since its last news.
    Logs {
        tail: u64,
        news: TailNews,
        calls: CallCount,
    },
    /// Log group names for `:logs` completion.
    LogGroups {
        account: AccountId,
        region: String,
        names: Result<Vec<String>, AwsError>,
        calls: CallCount,
    },
}

impl Event {
    /// A page of `account`'s rows, each stamped with it.
    pub fn page(cycle: u64, account: AccountId, region: String, kind: ResourceKind, mut items: Vec<Resource>) -> Event {
        stamp(account, &mut items);
        Event::Page {
            cycle,
            account,
            region,
            kind,
            items,
        }
    }

    /// A (region, kind) listing of `account` read back from its cache,
    /// listed `at`, each row stamped with it.
    pub fn cached(
        account: AccountId,
        region: String,
        kind: ResourceKind,
        at: DateTime<Utc>,
        mut rows: Vec<Resource>,
    ) -> Event {
        stamp(account, &mut rows);
        Event::Cached {
            fetch: Fetch {
                account,
                region,
                kind,
                outcome: Outcome::Fresh(rows),
                at,
                calls: CallCount::default(),
                duration: Duration::ZERO,
            },
        }
    }
}

impl Event {
    /// A whole listing as the poller delivers one: its rows in one page,
    /// then its end with nothing late (or its error alone). For what makes
    /// listings up: tests, benchmarks, the example feed.
    pub fn listed(cycle: u64, mut fetch: Fetch) -> Vec<Event> {
        let outcome = std::mem::replace(&mut fetch.outcome, Outcome::Fresh(Vec::new()));
        let (rows, end) = match outcome {
            Outcome::Fresh(rows) => (Some(rows).filter(|r| !r.is_empty()), End::Listed(Late::none())),
            Outcome::Failed(e) => (None, End::Failed(e)),
        };
        let page = rows.map(|rows| Event::page(cycle, fetch.account, fetch.region.clone(), fetch.kind, rows));
        let end = Event::Inventory {
            cycle,
            fetch: fetch.with(end),
        };
        page.into_iter().chain([end]).collect()
    }
}

/// The one place a row gets its account.
fn stamp(account: AccountId, rows: &mut [Resource]) {
    for r in rows {
        r.account = account;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_stamped_with_their_account_as_they_enter() {
        let account = AccountId::parse("123456789012").expect("an id");
        let row = || Resource::new(ResourceKind::Vpc, "eu-west-1", "vpc-1");
        let Event::Page { items, .. } = Event::page(1, account, "eu-west-1".into(), ResourceKind::Vpc, vec![row()])
        else {
            panic!("a page")
        };
        assert_eq!(items[0].account, account);
        let cached = Event::cached(
            account,
            "eu-west-1".into(),
            ResourceKind::Vpc,
            DateTime::UNIX_EPOCH,
            vec![row()],
        );
        let Event::Cached { fetch } = cached else {
            panic!("cached")
        };
        let Outcome::Fresh(rows) = fetch.outcome else {
            panic!("rows")
        };
        assert_eq!((fetch.account, rows[0].account), (account, account));
    }
}
