//! What the app knows: what it was started with (profile, keys, presets,
//! the findings' settings), who and where it watches, and everything the
//! poller told it: the cells (one per account, region and kind), the
//! cycle, the changes, the signals, metrics and cost. The poller's events
//! and the start change it, and a few keys (regions dropped, a cost
//! refresh asked, the metrics window); the view and the derived table
//! read it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::arrival::Arrival;
use super::table::TagIds;
use super::{App, CostView, Keymap, Listing, Metrics, Signals};
use crate::model::changes::{Change, ChangeKind};
use crate::model::{AccountId, AccountInfo, AwsError, CycleStats, Identity, Resource, ResourceKind};

/// How many changes the app keeps (the oldest go first).
pub const CHANGES_KEPT: usize = 1000;

/// A cell: one (account, region, kind) listing.
pub(super) type CellKey = (AccountId, String, ResourceKind);

/// The last known state of one (region, kind).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// The last good listing, with its sort keys and interned tags.
    pub listing: Arc<Listing>,
    /// When the resources were fetched; `None` before the first success.
    pub fetched_at: Option<DateTime<Utc>>,
    /// The last failure, when the last fetch failed.
    pub error: Option<(AwsError, DateTime<Utc>)>,
    /// A cycle is running and this cell has not answered yet.
    pub pending: bool,
    /// The rows come from the disk cache (of `fetched_at`), not yet
    /// replaced by a fresh answer.
    pub cached: bool,
    /// The listing running now, page by page.
    pub(super) arrival: Arrival,
}

/// What is known: settings, who and where, and what the poller said.
#[derive(Debug, Clone)]
pub struct Known {
    /// The credentials' name, shown in the header.
    pub profile: String,
    pub identity: Identity,
    /// Every enabled region: the region picker's list.
    pub all_regions: Vec<String>,
    /// Every account watched (empty or one: the single-account screen).
    pub accounts: Vec<AccountInfo>,
    /// Time between refreshes, shown in the header.
    pub interval: Duration,
    /// The clock, from the loop; ages are computed against it.
    pub now: DateTime<Utc>,
    pub keymap: Keymap,
    /// Where the log goes, for the help overlay.
    pub log_path: Option<String>,
    /// Named presets from the config file.
    pub presets: BTreeMap<String, crate::presets::Preset>,
    /// Thresholds, ignores and prices of the findings.
    pub findings_settings: crate::findings::Settings,
    pub(super) cells: HashMap<CellKey, Cell>,
    /// Bumped on every change to the cells (and to the accounts shown).
    pub(super) data_version: u64,
    /// Every tag key seen, interned for fast filtering.
    pub(super) tag_ids: TagIds,
    /// Header signals by (account, region, kind), unfiltered: counted as
    /// each listing arrives.
    pub(super) signals: HashMap<CellKey, Signals>,
    pub cycle: u64,
    pub cycle_running: bool,
    pub last_full_refresh: Option<DateTime<Utc>>,
    pub last_stats: Option<CycleStats>,
    /// Resources added, removed and changed state, newest last (the last
    /// [`CHANGES_KEPT`]), since `changes_since`.
    pub changes: Vec<Change>,
    /// When the first listing to compare against arrived (or was cached).
    pub changes_since: Option<DateTime<Utc>>,
    /// The changes of the running cycle, marked beside their rows until the next.
    pub(super) marks: HashMap<(ResourceKind, String, String), ChangeKind>,
    /// The Cost tab: its figures, and the tag key they are grouped by.
    pub cost: CostView,
    /// Series, the window they are asked over, the watched set and the
    /// meter's counts.
    pub metrics: Metrics,
    /// Logs calls made, and log group names for `:logs` completion.
    pub logs: super::logs::LogsKnown,
}

/// What is known, as the view shows it: the cells of the regions and
/// accounts shown, their health, and the changes.
impl App {
    /// The cell of (region, kind) over the accounts shown: a failed one
    /// first, else a pending one, else any.
    pub fn cell(&self, region: &str, kind: ResourceKind) -> Option<&Cell> {
        let mut cells = self
            .known
            .cells
            .iter()
            .filter(|((a, r, k), _)| *k == kind && r == region && self.shows_account(*a))
            .map(|(_, c)| c);
        let first = cells.next()?;
        Some(cells.fold(first, |best, c| {
            let rank = |c: &Cell| (c.error.is_some(), c.pending);
            if rank(c) > rank(best) { c } else { best }
        }))
    }

    /// One account's cell of (region, kind).
    pub fn cell_in(&self, account: AccountId, region: &str, kind: ResourceKind) -> Option<&Cell> {
        self.known.cells.get(&(account, region.to_string(), kind))
    }

    /// Cells of the selected regions and accounts for some kinds (S3 cells
    /// live under each bucket's region but are fetched under `global`).
    pub fn cells_for<'a>(
        &'a self,
        kinds: &'a [ResourceKind],
    ) -> impl Iterator<Item = (AccountId, &'a str, ResourceKind, &'a Cell)> {
        self.known
            .cells
            .iter()
            .filter(move |((account, region, kind), _)| {
                kinds.contains(kind) && self.shows_region(region, *kind) && self.shows_account(*account)
            })
            .map(|((a, r, k), c)| (*a, r.as_str(), *k, c))
    }

    pub(super) fn shows_region(&self, region: &str, kind: ResourceKind) -> bool {
        (kind.is_global() && region == crate::model::GLOBAL) || self.view.regions.iter().any(|r| r == region)
    }

    /// Regions of the current tab still waiting for an answer.
    pub fn pending_regions(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .cells_for(self.view.tab.kinds())
            .filter(|(_, _, _, c)| c.pending)
            .map(|(_, r, _, _)| r.to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The cells of some kinds still showing cached rows, as (region, kind,
    /// when they were fetched), sorted.
    pub fn cached_cells(&self, kinds: &[ResourceKind]) -> Vec<(String, ResourceKind, DateTime<Utc>)> {
        let mut out: Vec<_> = self
            .cells_for(kinds)
            .filter(|(_, _, _, c)| c.cached)
            .filter_map(|(_, r, k, c)| c.fetched_at.map(|at| (r.to_string(), k, at)))
            .collect();
        out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        out
    }

    /// When the oldest cached rows on show were fetched, if any are on show.
    pub fn cached_since(&self) -> Option<DateTime<Utc>> {
        self.known
            .cells
            .iter()
            .filter(|((a, r, k), c)| c.cached && self.shows_region(r, *k) && self.shows_account(*a))
            .filter_map(|(_, c)| c.fetched_at)
            .min()
    }

    /// Whether a region shows cached rows in any kind.
    pub fn region_cached(&self, region: &str) -> Option<DateTime<Utc>> {
        self.known
            .cells
            .iter()
            .filter(|((a, r, _), c)| r == region && c.cached && self.shows_account(*a))
            .filter_map(|(_, c)| c.fetched_at)
            .min()
    }

    /// Failures of the current tab as (region, kind, error, age).
    pub fn failures(&self, kinds: &[ResourceKind]) -> Vec<(String, ResourceKind, AwsError, DateTime<Utc>)> {
        let mut out: Vec<_> = self
            .cells_for(kinds)
            .filter_map(|(_, r, k, c)| c.error.as_ref().map(|(e, at)| (r.to_string(), k, e.clone(), *at)))
            .collect();
        out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        out
    }

    /// Per selected region: (errors, throttled, stale).
    pub fn region_health(&self, region: &str) -> (usize, bool, bool) {
        self.health(|a, r| r == region && self.shows_account(a))
    }

    /// Per account: (errors, throttled, stale) over the selected regions.
    pub fn account_health(&self, account: AccountId) -> (usize, bool, bool) {
        self.health(|a, r| a == account && self.shows_region(r, ResourceKind::S3Bucket))
    }

    fn health(&self, wanted: impl Fn(AccountId, &str) -> bool) -> (usize, bool, bool) {
        let mut errors = 0;
        let mut throttled = false;
        let mut stale = false;
        for ((a, r, _), c) in &self.known.cells {
            if !wanted(*a, r) {
                continue;
            }
            if let Some((e, _)) = &c.error {
                errors += 1;
                throttled |= e.is_throttle();
                stale |= c.fetched_at.is_some();
            }
        }
        (errors, throttled, stale)
    }

    /// The change mark of a row in this cycle, if it changed.
    pub fn mark(&self, r: &Resource) -> Option<ChangeKind> {
        self.known
            .marks
            .get(&(r.kind, r.region.to_string(), r.id.to_string()))
            .copied()
    }

    /// (added, removed, state changed) since [`App::changes_since`].
    pub fn change_counts(&self) -> (usize, usize, usize) {
        self.known
            .changes
            .iter()
            .fold((0, 0, 0), |(a, r, s), c| match c.change {
                ChangeKind::Added => (a + 1, r, s),
                ChangeKind::Removed => (a, r + 1, s),
                ChangeKind::State => (a, r, s + 1),
            })
    }
}
