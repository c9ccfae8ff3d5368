//! What is derived from what is known and what the user is looking at:
//! the current view's table (its listings, the rows that pass the filters
//! and their order), the Grid's counts, the Overview's findings and the
//! detail view's relations. Rebuilt in `update` when either side changes
//! ([`App::rebuild`](super::table)), so that rendering only reads.

use std::collections::HashMap;
use std::sync::Arc;

use super::table::FilterKey;
use super::{App, Listing, Relation, Signals};
use crate::model::{Resource, ResourceKind};

/// What is derived.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The listings of the current tab, in (account, region, kind) order.
    pub(super) listings: Vec<Arc<Listing>>,
    /// The rows that pass the filters, before sorting, as (listing, row)
    /// indices.
    pub(super) filtered: Vec<(u32, u32)>,
    /// What `filtered` was filtered by: when it is unchanged, a new sort
    /// reuses it.
    pub(super) filter_key: FilterKey,
    /// Indices into `filtered`, in display order.
    pub(super) rows: Vec<u32>,
    /// Resources of the current tab in the selected regions, before filters.
    pub(super) total: usize,
    /// Grid counts by (region, kind): (passing the filters, up).
    pub(super) overview: HashMap<(String, ResourceKind), (usize, usize)>,
    /// Grid signals by region (alarms in ALARM, impaired instances), of
    /// what passes the filters.
    pub(super) overview_signals: HashMap<String, Signals>,
    /// The Overview's findings.
    pub(super) findings: Vec<crate::findings::Finding>,
    /// The findings by rule, in the Overview's order.
    pub(super) finding_rules: Vec<super::findings::RuleRow>,
    /// Every finding's severities counted and estimates added up.
    pub(super) findings_totals: super::findings::Totals,
    /// The findings listed (one rule's, or all), as indices into `findings`,
    /// and the list they were made for (`None`: the findings changed since).
    pub(super) listed: Vec<u32>,
    pub(super) listed_of: Option<super::findings::FindingsList>,
    /// The selected resource's relations, while the detail view is open.
    pub(super) relations: Vec<Relation>,
}

/// The derived table as the view reads it.
impl App {
    /// The rows of the current tab, filtered and sorted.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &Resource> + '_ {
        self.derived.rows.iter().map(|&i| self.resource(i as usize))
    }

    /// Row `i` of the current tab.
    pub fn row(&self, i: usize) -> Option<&Resource> {
        self.derived.rows.get(i).map(|&j| self.resource(j as usize))
    }

    /// The resource under the cursor.
    pub fn selected(&self) -> Option<&Resource> {
        self.row(self.view.cursor)
    }

    /// Total fetched for the current tab, before filters.
    pub fn total_for_tab(&self) -> usize {
        self.derived.total
    }

    /// For the overview: (resources that pass the filters, of which up) of a
    /// kind in a region. Counted in `update`, when the data or filters change.
    pub fn overview_count(&self, region: &str, kind: ResourceKind) -> (usize, usize) {
        self.derived
            .overview
            .get(&(region.to_string(), kind))
            .copied()
            .unwrap_or((0, 0))
    }
}
