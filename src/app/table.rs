//! The table of the current tab: filter, sort, and keep the selection.
//! Runs in `update`, on change, so that rendering stays cheap.

use std::sync::Arc;

use super::{App, Mode, Tab, view};

/// What the filtered rows depend on: when it is unchanged, a new sort
/// reuses them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct FilterKey {
    tab: Option<Tab>,
    tags: String,
    search: String,
    regions: Vec<String>,
    data: u64,
}

impl App {
    /// Recomputes the visible rows and puts the cursor back on the selected
    /// resource.
    pub(super) fn rebuild(&mut self) {
        let cols = self.columns();
        let (sort_col, reverse) = self.sort_state();
        let column = cols.get(sort_col).copied().unwrap_or(view::REGION);
        let now = self.now;
        let key = FilterKey {
            tab: Some(self.tab),
            tags: self.tag_filter.to_string(),
            search: self.search.clone(),
            regions: self.regions.clone(),
            data: self.data_version,
        };
        if key != self.filter_key {
            let mut total = 0;
            let mut filtered = Vec::new();
            for (_, kind, cell) in self.cells_for(self.tab.kinds()) {
                // A regional cell holds only its region; the global S3 cell
                // holds every region's buckets.
                let global = kind.is_global();
                for r in cell
                    .resources
                    .iter()
                    .filter(|r| !global || self.regions.contains(&r.region))
                {
                    total += 1;
                    if self.passes(r) {
                        filtered.push(Arc::clone(r));
                    }
                }
            }
            // In (region, id) order, so that the index breaks ties in a sort.
            filtered.sort_unstable_by(|a, b| (&a.region, &a.id).cmp(&(&b.region, &b.id)));
            (self.filtered, self.total, self.filter_key) = (filtered, total, key);
        }
        // A new sort reuses the filtered set. Rows are indices into it, and
        // ties fall back to the index, which is (region, id) order.
        let mut keyed: Vec<(view::SortKey<'_>, u32)> = self
            .filtered
            .iter()
            .enumerate()
            .map(|(i, r)| (column.field.sort_key(r, column.numeric, now), i as u32))
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.compare(&b.0).then(a.1.cmp(&b.1)));
        if reverse {
            keyed.reverse();
        }
        self.rows = keyed.into_iter().map(|(_, i)| i).collect();
        let wanted = self.selected.get(&self.tab).cloned();
        let found = wanted.and_then(|k| {
            let j = self
                .filtered
                .iter()
                .position(|r| (r.kind, &r.region, &r.id) == (k.0, &k.1, &k.2))? as u32;
            self.rows.iter().position(|&i| i == j)
        });
        self.cursor = found.unwrap_or_else(|| self.cursor.min(self.rows.len().saturating_sub(1)));
        if self.mode == Mode::Detail && self.rows.is_empty() {
            self.mode = Mode::Normal;
        }
    }
}
