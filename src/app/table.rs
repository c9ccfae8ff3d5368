//! The table of the current tab: filter, sort, and keep the selection.
//! Runs in `update`, on change, so that rendering stays cheap.

use std::collections::HashMap;
use std::sync::Arc;

use super::{App, Mode, Tab, view};
use crate::model::ResourceKind;

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
            // Cells in (region, kind) order and rows in the order AWS listed
            // them: the row index then breaks ties in a sort, the same way
            // every time, without comparing any text.
            let mut cells: Vec<_> = self.cells_for(self.tab.kinds()).collect();
            cells.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
            let mut filtered = Vec::new();
            let mut columns: Vec<Vec<view::Key>> = vec![Vec::new(); view::KEY_FIELDS];
            for (_, kind, cell) in cells {
                // A regional cell holds only its region; the global S3 cell
                // holds every region's buckets.
                let global = kind.is_global();
                for (r, keys) in cell.resources.iter().zip(&cell.keys) {
                    if global && !self.regions.contains(&r.region) {
                        continue;
                    }
                    total += 1;
                    if self.passes(r) {
                        filtered.push(Arc::clone(r));
                        // Column by column, so a sort scans one contiguous array.
                        for (column, key) in columns.iter_mut().zip(keys) {
                            column.push(*key);
                        }
                    }
                }
            }
            self.filtered = filtered;
            self.filtered_keys = columns;
            if self.tab == Tab::Overview {
                self.overview = self.count_overview();
            }
            (self.total, self.filter_key) = (total, key);
        }
        // A new sort reads only the key column; rows are indices into
        // `filtered`, and ties fall back to the index.
        let k = self
            .tab
            .key_columns()
            .iter()
            .position(|c| c.field == column.field)
            .unwrap_or(0);
        // Packed keys sort as plain integers: (class and value, then text
        // length and row index). Only runs of long texts that pack equal are
        // sorted again with the whole texts.
        let mut keyed: Vec<(u128, u64)> = self.filtered_keys[k]
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let (major, len) = key.pack();
                (major, (u64::from(len) << 32) | i as u64)
            })
            .collect();
        keyed.sort_unstable();
        let index = |e: &(u128, u64)| (e.1 & 0xffff_ffff) as usize;
        let mut start = 0;
        while start < keyed.len() {
            let end = start + keyed[start..].iter().take_while(|e| e.0 == keyed[start].0).count();
            if end - start > 1 && keyed[start..end].iter().any(|e| e.1 >> 32 > 15) {
                let filtered = &self.filtered;
                keyed[start..end].sort_by(|a, b| {
                    let (ra, rb) = (&filtered[index(a)], &filtered[index(b)]);
                    let full = column.field.sort_key(ra, column.numeric, now);
                    full.compare(&column.field.sort_key(rb, column.numeric, now))
                        .then(index(a).cmp(&index(b)))
                });
            }
            start = end;
        }
        if reverse {
            keyed.reverse();
        }
        self.rows = keyed.iter().map(|e| index(e) as u32).collect();
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

    fn count_overview(&self) -> HashMap<(String, ResourceKind), (usize, usize)> {
        let mut counts: HashMap<(String, ResourceKind), (usize, usize)> = HashMap::new();
        for ((_, kind), cell) in &self.cells {
            for r in cell
                .resources
                .iter()
                .filter(|r| self.regions.contains(&r.region) && self.passes(r))
            {
                let entry = counts.entry((r.region.clone(), *kind)).or_default();
                entry.0 += 1;
                entry.1 += usize::from(crate::model::is_up(&r.state));
            }
        }
        counts
    }
}
