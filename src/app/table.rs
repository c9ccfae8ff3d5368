//! The table of the current tab: filter, sort, and keep the selection.
//! Runs in `update`, on change, so that rendering stays cheap.
//!
//! Each (region, kind) listing is turned into a [`Listing`] once, when it
//! arrives: its tags as interned integer pairs, and the sort keys of a
//! column when the table is first sorted by it (kept, not one array per
//! column for every listing). A new filter then compares integers, and the
//! filtered rows are (listing, row) index pairs: nothing is cloned per row.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::{App, Mode, Signals, Tab, sort};
use crate::model::{Resource, ResourceKind, TagFilter, TagTerm};

/// One (region, kind) listing as the table reads it; built once, shared.
#[derive(Debug, Default)]
pub struct Listing {
    /// Shared: the Metrics tab keeps the resources it ranks.
    pub resources: Vec<Arc<Resource>>,
    /// Sort keys, one array per key column of the kind's tab, each made on
    /// the first sort by that column (most columns never sort a listing).
    keys: [OnceLock<Box<[sort::Key]>>; sort::KEY_FIELDS],
    /// Row `i`'s tags are `tags[tag_start[i]..tag_start[i + 1]]`.
    tag_start: Vec<u32>,
    tags: Vec<(u32, u32)>,
}

impl Listing {
    pub(super) fn new(resources: Vec<Resource>, ids: &mut TagIds) -> Listing {
        // A new vector: collected in place, the rows' pointers would keep the
        // whole buffer of the resources they were moved out of.
        let mut shared = Vec::with_capacity(resources.len());
        shared.extend(resources.into_iter().map(Arc::new));
        Listing::shared(shared, ids)
    }

    /// A listing of resources already shared (rows kept across pages).
    pub(super) fn shared(resources: Vec<Arc<Resource>>, ids: &mut TagIds) -> Listing {
        let mut tag_start = Vec::with_capacity(resources.len() + 1);
        let mut tags = Vec::new();
        for r in &resources {
            tag_start.push(tags.len() as u32);
            tags.extend(r.tags.iter().map(|(k, v)| (ids.key(k), value_hash(v))));
        }
        tag_start.push(tags.len() as u32);
        tags.shrink_to_fit();
        Listing {
            resources,
            keys: Default::default(),
            tag_start,
            tags,
        }
    }

    /// The sort keys of key column `k` (of the kind's tab), made once.
    fn keys(&self, k: usize) -> &[sort::Key] {
        self.keys[k].get_or_init(|| {
            let Some(column) = self
                .resources
                .first()
                .and_then(|r| Tab::for_kind(r.kind).key_columns().get(k).copied())
            else {
                return Box::default();
            };
            self.resources.iter().map(|r| sort::Key::of(&column, r)).collect()
        })
    }

    fn tags_of(&self, row: usize) -> &[(u32, u32)] {
        &self.tags[self.tag_start[row] as usize..self.tag_start[row + 1] as usize]
    }

    /// Whether row `row` passes the filter's terms: compared as integers;
    /// a value that matches by its hash is then compared as text.
    fn matches(&self, terms: &[IdTerm], row: usize) -> bool {
        let tags = self.tags_of(row);
        terms.iter().all(|t| match t {
            IdTerm::OneOf { key, name, values } => {
                tags.iter()
                    .any(|(tk, tv)| tk == key && values.iter().any(|(h, _)| h == tv))
                    && (self.resources[row].tags.get(name)).is_some_and(|v| values.iter().any(|(_, want)| want == v))
            }
            IdTerm::Exists(k) => tags.iter().any(|(tk, _)| tk == k),
            IdTerm::Absent(k) => !tags.iter().any(|(tk, _)| tk == k),
        })
    }
}

/// Tag keys seen so far, each as a small integer. A value is known by a
/// hash of it, not kept: a `Name` tag has as many values as there are
/// resources.
#[derive(Debug, Clone, Default)]
pub(super) struct TagIds {
    keys: HashMap<String, u32>,
}

impl TagIds {
    fn key(&mut self, k: &str) -> u32 {
        intern(&mut self.keys, k)
    }

    /// The filter in terms of ids. A key never seen matches nothing.
    fn compile(&self, filter: &TagFilter) -> Vec<IdTerm> {
        filter
            .terms
            .iter()
            .map(|term| match term {
                TagTerm::OneOf { key, values } => IdTerm::OneOf {
                    key: self.keys.get(key).copied().unwrap_or(u32::MAX),
                    name: key.clone(),
                    values: values.iter().map(|v| (value_hash(v), v.clone())).collect(),
                },
                TagTerm::Exists(key) => IdTerm::Exists(self.keys.get(key).copied().unwrap_or(u32::MAX)),
                TagTerm::Absent(key) => IdTerm::Absent(self.keys.get(key).copied().unwrap_or(u32::MAX)),
            })
            .collect()
    }
}

fn intern(map: &mut HashMap<String, u32>, s: &str) -> u32 {
    if let Some(&id) = map.get(s) {
        return id;
    }
    let id = map.len() as u32;
    map.insert(s.to_string(), id);
    id
}

/// A text's hash, the same for the life of the process: a tag value's
/// (its low 32 bits), a row's id.
pub(super) fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    static STATE: std::sync::LazyLock<std::collections::hash_map::RandomState> =
        std::sync::LazyLock::new(Default::default);
    STATE.hash_one(text)
}

/// A tag value's hash, as the listing keeps it.
fn value_hash(v: &str) -> u32 {
    text_hash(v) as u32
}

/// A [`TagTerm`] over interned key ids and value hashes.
#[derive(Debug)]
enum IdTerm {
    /// The key's id and name, and each value's hash and text.
    OneOf {
        key: u32,
        name: String,
        values: Vec<(u32, String)>,
    },
    Exists(u32),
    Absent(u32),
}

/// The text search over the visible columns, lower-cased once.
struct Search<'a> {
    needle: String,
    columns: &'a [sort::Column],
    now: chrono::DateTime<chrono::Utc>,
}

impl Search<'_> {
    fn matches(&self, r: &Resource) -> bool {
        self.needle.is_empty()
            || self
                .columns
                .iter()
                .any(|c| c.field.text(r, self.now).to_lowercase().contains(&self.needle))
    }
}

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
        let column = cols.get(sort_col).copied().unwrap_or(sort::REGION);
        let now = self.known.now;
        let key = FilterKey {
            tab: Some(self.view.tab),
            tags: self.view.tag_filter.to_string(),
            search: self.view.search.clone(),
            regions: self.view.regions.clone(),
            data: self.known.data_version,
        };
        if key != self.derived.filter_key {
            let terms = self.known.tag_ids.compile(&self.view.tag_filter);
            let search = Search {
                needle: self.view.search.to_lowercase(),
                columns: &cols,
                now,
            };
            // Listings in (region, kind) order and rows in the order AWS
            // listed them: the row's place then breaks ties in a sort, the
            // same way every time, without comparing any text.
            let mut cells: Vec<_> = self.cells_for(self.view.tab.kinds()).collect();
            cells.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
            let listings: Vec<Arc<Listing>> = cells.iter().map(|(_, _, _, c)| Arc::clone(&c.listing)).collect();
            let mut total = 0;
            let mut filtered = Vec::new();
            for (li, (listing, (_, _, kind, _))) in listings.iter().zip(&cells).enumerate() {
                // A regional listing holds only its region; the global S3
                // listing holds every region's buckets.
                let global = kind.is_global();
                for (i, r) in listing.resources.iter().enumerate() {
                    if global && !self.view.regions.iter().any(|x| r.region == *x) {
                        continue;
                    }
                    total += 1;
                    if listing.matches(&terms, i) && search.matches(r) {
                        filtered.push((li as u32, i as u32));
                    }
                }
            }
            if self.view.tab == Tab::Grid {
                (self.derived.overview, self.derived.overview_signals) = self.count_overview(&terms);
            }
            if self.view.tab == Tab::Overview {
                self.derived.findings = self.compute_findings(|_, i, listing| listing.matches(&terms, i));
                self.derived.finding_rules = super::findings::by_rule(&self.derived.findings);
                self.derived.findings_totals = super::findings::totals(&self.derived.findings);
                self.derived.listed_of = None;
            }
            self.derived.listings = listings;
            self.derived.filtered = filtered;
            (self.derived.total, self.derived.filter_key) = (total, key);
        }
        if self.view.tab == Tab::Overview {
            self.place_findings();
        }
        // A new sort reads only the key column; rows are indices into
        // `filtered`, and ties fall back to the index.
        let k = self
            .view
            .tab
            .key_columns()
            .iter()
            .position(|c| c.field == column.field)
            .unwrap_or(0);
        // Packed keys sort as plain integers: (class and value, then text
        // length and row index), made from the kept keys at each comparison
        // rather than kept 32 bytes a row for the sort. Only runs of long
        // texts that pack equal are sorted again with the whole texts.
        let (listings, filtered) = (&self.derived.listings, &self.derived.filtered);
        let packed = |i: u32| {
            let (l, r) = filtered[i as usize];
            let (major, len) = listings[l as usize].keys(k)[r as usize].pack();
            (major, len, i)
        };
        let mut order: Vec<u32> = (0..filtered.len() as u32).collect();
        order.sort_unstable_by_key(|&i| packed(i));
        let mut start = 0;
        while start < order.len() {
            let major = packed(order[start]).0;
            let end = start + order[start..].iter().take_while(|&&i| packed(i).0 == major).count();
            if end - start > 1 && order[start..end].iter().any(|&i| packed(i).1 > 15) {
                // Each full key is made once, not once per comparison.
                let mut full: Vec<(sort::SortKey<'_>, u32)> = order[start..end]
                    .iter()
                    .map(|&i| {
                        (
                            column.field.sort_key(self.resource(i as usize), column.numeric(), now),
                            i,
                        )
                    })
                    .collect();
                full.sort_by(|a, b| a.0.compare(&b.0).then(a.1.cmp(&b.1)));
                for (slot, (_, i)) in order[start..end].iter_mut().zip(full) {
                    *slot = i;
                }
            }
            start = end;
        }
        if reverse {
            order.reverse();
        }
        self.derived.rows = order;
        let wanted = self.view.selected.get(&self.view.tab).cloned();
        let found = wanted.and_then(|k| {
            let j = (0..self.derived.filtered.len()).position(|i| {
                let r = self.resource(i);
                r.kind == k.0 && r.id == k.2 && r.region == k.1
            })? as u32;
            self.derived.rows.iter().position(|&i| i == j)
        });
        self.view.cursor = found.unwrap_or_else(|| self.view.cursor.min(self.derived.rows.len().saturating_sub(1)));
        if self.view.mode == Mode::Detail && self.derived.rows.is_empty() {
            self.view.mode = Mode::Normal;
        }
    }

    /// Filtered row `i` (before sorting).
    pub(super) fn resource(&self, i: usize) -> &Resource {
        let (l, r) = self.derived.filtered[i];
        &self.derived.listings[l as usize].resources[r as usize]
    }

    /// Per (region, kind): (passing the filters, up); and per region the
    /// signals of what passes them.
    #[allow(clippy::type_complexity, reason = "two maps, named at the call site")]
    fn count_overview(
        &self,
        terms: &[IdTerm],
    ) -> (
        HashMap<(String, ResourceKind), (usize, usize)>,
        HashMap<String, Signals>,
    ) {
        let cols = self.columns();
        let search = Search {
            needle: self.view.search.to_lowercase(),
            columns: &cols,
            now: self.known.now,
        };
        let mut counts: HashMap<(String, ResourceKind), (usize, usize)> = HashMap::new();
        let mut signals: HashMap<String, Signals> = HashMap::new();
        for (_, _, kind, cell) in self.cells_for(ResourceKind::all()) {
            let listing = &cell.listing;
            for (i, r) in listing.resources.iter().enumerate() {
                if !self.view.regions.iter().any(|x| r.region == *x) || !listing.matches(terms, i) || !search.matches(r)
                {
                    continue;
                }
                let entry = counts.entry((r.region.to_string(), kind)).or_default();
                entry.0 += 1;
                entry.1 += usize::from(r.kind.def().is_up(&r.state));
                let s = Signals::of(r);
                if s != Signals::default() {
                    signals.entry(r.region.to_string()).or_default().add(s);
                }
            }
        }
        (counts, signals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn listing(ids: &mut TagIds, tags: &[&[(&str, &str)]]) -> Listing {
        let resources = tags
            .iter()
            .enumerate()
            .map(|(i, pairs)| {
                let mut r = Resource::new(ResourceKind::Ec2Instance, "us-east-1", format!("i-{i}"));
                r.tags = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                r
            })
            .collect();
        Listing::new(resources, ids)
    }

    #[test]
    fn interned_filter_agrees_with_the_tag_filter() {
        let mut ids = TagIds::default();
        let rows: &[&[(&str, &str)]] = &[
            &[("Environment", "production"), ("Team", "web")],
            &[("Environment", "staging")],
            &[("Team", "data"), ("Temp", "yes")],
            &[],
        ];
        let l = listing(&mut ids, rows);
        for text in [
            "",
            "Environment=production",
            "Environment=production,staging",
            "Environment=nowhere",
            "Team !Temp",
            "!Environment",
            "Unknown",
            "!Unknown",
            "Environment=production Team=web",
            "Team=production",
        ] {
            let filter = TagFilter::parse(text).unwrap();
            let terms = ids.compile(&filter);
            for (i, r) in l.resources.iter().enumerate() {
                assert_eq!(
                    l.matches(&terms, i),
                    filter.matches(&r.tags),
                    "filter {text:?} on row {i}"
                );
            }
        }
    }

    #[test]
    fn a_value_that_matches_only_by_its_hash_does_not_match() {
        let mut ids = TagIds::default();
        let l = listing(
            &mut ids,
            &[&[("Environment", "production")], &[("Environment", "staging")]],
        );
        let filter = TagFilter::parse("Environment=staging").unwrap();
        let mut terms = ids.compile(&filter);
        assert!(!l.matches(&terms, 0) && l.matches(&terms, 1));
        // As if "staging" hashed as "production" does.
        let IdTerm::OneOf { values, .. } = &mut terms[0] else {
            panic!("{terms:?}")
        };
        values[0].0 = value_hash("production");
        assert!(!l.matches(&terms, 0), "the texts differ");
        assert!(
            !l.matches(&terms, 1),
            "the hashes differ: no match is found by text alone"
        );
    }

    proptest! {
        /// On any tags and any filter, the interned matcher says what the
        /// plain one says (small alphabets, so keys and values collide).
        #[test]
        fn interned_matcher_is_the_tag_filter(
            rows in proptest::collection::vec(proptest::collection::btree_map("[abc]", "[xyz]", 0..3), 1..6),
            filter in "((![abcd]|[abcd](=[xyzw](,[xyzw])?)?) ){0,3}",
        ) {
            let filter = TagFilter::parse(&filter).expect("the generator makes only valid filters");
            let mut ids = TagIds::default();
            let resources: Vec<Resource> = rows
                .iter()
                .map(|tags| Resource { tags: tags.clone().into_iter().collect(), ..Resource::new(ResourceKind::S3Bucket, "global", "b") })
                .collect();
            let l = Listing::new(resources, &mut ids);
            let terms = ids.compile(&filter);
            for (i, r) in l.resources.iter().enumerate() {
                prop_assert_eq!(l.matches(&terms, i), filter.matches(&r.tags));
            }
        }
    }
}
