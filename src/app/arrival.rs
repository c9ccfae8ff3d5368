//! Listings as they arrive: page by page, then whole.
//!
//! A page shows in a cell with nothing fresh to show (empty, or cached)
//! as soon as the events waiting with it are in. A fresh cell keeps showing its last listing until the next one
//! ends, so a refresh does not redraw rows whose late facts (an
//! instance's STATUS) are not known until the end.
//!
//! Every listing's rows come as pages (`Event::Page`) and are held here
//! only: the poller keeps no copy, and the listing's end brings the
//! [`Late`] facts that complete them (`End::Listed`), not the rows again.
//! The app owns the rows: it sends each finished listing back to be cached
//! (`Command::Store`, the cache's one writer). A row listed again unchanged
//! (but for its late details) is the last listing's row, shared, not a
//! second copy: a refresh of a large region holds its rows once. A cached
//! listing at start comes whole (`Event::Cached`): it is no listing of
//! this run.

use std::sync::Arc;

use super::table::text_hash;
use super::{App, CHANGES_KEPT, CellKey, Effect, Listing, Signals, health};
use crate::model::changes::diff;
use crate::model::{DetailKey, End, Fetch, Late, Outcome, Resource};
use crate::protocol::Command;

/// A listing running now.
#[derive(Debug, Clone, Default)]
pub(super) struct Arrival {
    /// Its rows so far, in the order listed.
    rows: Vec<Arc<Resource>>,
    /// The rows shown when its first page came: kept beside the pages
    /// until the listing ends (only then are stale rows removed).
    before: Vec<Arc<Resource>>,
    /// `before`'s rows by the hash of their id, sorted: (hash, row).
    index: Vec<(u64, u32)>,
    /// Pages came that the cell's listing does not show yet
    /// ([`App::show_pages`]).
    unshown: bool,
}

impl Arrival {
    /// Whether pages of a listing have come.
    pub(super) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row of `before` with this id, if any.
    fn before(&self, id: &str) -> Option<&Arc<Resource>> {
        let h = text_hash(id);
        let from = self.index.partition_point(|e| e.0 < h);
        self.index[from..]
            .iter()
            .take_while(|e| e.0 == h)
            .map(|e| &self.before[e.1 as usize])
            .find(|r| r.id == id)
    }
}

impl super::Cell {
    /// Whether the rows shown are a listing's pages, before its end.
    pub(super) fn filling(&self) -> bool {
        !self.arrival.is_empty() && (self.fetched_at.is_none() || self.cached)
    }
}

impl App {
    /// One page of a listing still running. Its rows are kept (a row
    /// unchanged since the last listing as that row), and shown when the
    /// step's events are in ([`App::show_pages`]), beside the rows shown
    /// before that it has not listed again (yet), when the cell has nothing
    /// fresh to show.
    pub(super) fn store_page(&mut self, key: CellKey, items: Vec<Resource>) {
        let late = key.2.def().late;
        let cell = self.known.cells.entry(key).or_default();
        let fresh = cell.fetched_at.is_some() && !cell.cached;
        let arrival = &mut cell.arrival;
        if arrival.rows.is_empty() && arrival.before.is_empty() {
            arrival.before = cell.listing.resources.clone();
            arrival.index = (arrival.before.iter().enumerate())
                .map(|(i, r)| (text_hash(&r.id), i as u32))
                .collect();
            arrival.index.sort_unstable();
        }
        for row in items {
            let kept = match arrival.before(&row.id) {
                Some(old) if row.same_except(old, late) => Arc::clone(old),
                _ => Arc::new(row),
            };
            arrival.rows.push(kept);
        }
        // Shown once the events waiting have all been taken in.
        arrival.unshown = !fresh;
    }

    /// The cells that took pages show them: each listing is made once for
    /// all the pages of a step, not once a page.
    pub(super) fn show_pages(&mut self) {
        for cell in self.known.cells.values_mut().filter(|c| c.arrival.unshown) {
            let arrival = &mut cell.arrival;
            arrival.unshown = false;
            let mut rows = arrival.rows.clone();
            if !arrival.before.is_empty() {
                let listed: std::collections::HashSet<&str> = arrival.rows.iter().map(|r| r.id.as_str()).collect();
                rows.extend(
                    arrival
                        .before
                        .iter()
                        .filter(|r| !listed.contains(r.id.as_str()))
                        .cloned(),
                );
            }
            cell.listing = Arc::new(Listing::shared(rows, &mut self.known.tag_ids));
            self.known.data_version += 1;
        }
    }

    /// A listing's end: the rows its pages brought, made whole by its
    /// [`Late`] facts, replace the cell's, compared with what was there
    /// before for the changes, and go back to be cached
    /// (`Command::Store`); or its error marks the cell stale, its last good
    /// rows kept.
    pub(super) fn store(&mut self, fetch: Fetch<End>) -> Vec<Effect> {
        let key = (fetch.account, fetch.region.clone(), fetch.kind);
        let late = match fetch.outcome {
            End::Listed(late) => late,
            // The last good rows stay; the cell is marked stale by its error.
            End::Failed(e) => {
                self.known.data_version += 1;
                let cell = self.known.cells.entry(key).or_default();
                cell.pending = false;
                cell.arrival = Arrival::default();
                cell.error = Some((e, fetch.at));
                return vec![];
            }
        };
        let cell = self.known.cells.entry(key.clone()).or_default();
        let arrival = std::mem::take(&mut cell.arrival);
        // The listing on screen lets go of the rows first (the view is
        // rebuilt after), so that each is completed in place.
        let shown = std::mem::take(&mut cell.listing);
        self.derived.listings.retain(|l| !Arc::ptr_eq(l, &shown));
        let before = match arrival.is_empty() {
            true => shown.resources.clone(),
            false => arrival.before,
        };
        drop(shown);
        let rows = complete(arrival.rows, &late, key.2.def().late);
        let store = Effect::Send(Command::Store {
            account: key.0,
            region: key.1.clone(),
            kind: key.2,
            at: fetch.at,
            rows: rows.clone(),
        });
        let listing = Listing::shared(rows, &mut self.known.tag_ids);
        self.install(key, listing, &before, fetch.at);
        vec![store]
    }

    /// A whole listing from the cache at start: its rows replace the
    /// cell's, marked cached (it is no listing of this run, and is not
    /// cached again).
    pub(super) fn store_whole(&mut self, fetch: Fetch) -> Vec<Effect> {
        let key = (fetch.account, fetch.region.clone(), fetch.kind);
        let rows = match fetch.outcome {
            Outcome::Fresh(rows) => rows,
            Outcome::Failed(_) => return vec![],
        };
        let listing = Listing::new(rows, &mut self.known.tag_ids);
        let before = self
            .known
            .cells
            .get(&key)
            .map(|c| c.listing.resources.clone())
            .unwrap_or_default();
        self.install(key.clone(), listing, &before, fetch.at);
        if let Some(cell) = self.known.cells.get_mut(&key) {
            cell.cached = true;
        }
        vec![]
    }

    /// A cell's new listing, compared with `before` (what it showed before
    /// the listing began) for the changes.
    fn install(&mut self, key: CellKey, listing: Listing, before: &[Arc<Resource>], at: chrono::DateTime<chrono::Utc>) {
        self.known.data_version += 1;
        let cell = self.known.cells.entry(key.clone()).or_default();
        cell.pending = false;
        // Compared with what was there before this listing began.
        if cell.fetched_at.is_some() {
            let found = diff(before, &listing.resources, at);
            for c in &found {
                self.known
                    .marks
                    .insert((c.kind, c.region.clone(), c.id.clone()), c.change);
            }
            self.known.changes.extend(found);
            let over = self.known.changes.len().saturating_sub(CHANGES_KEPT);
            self.known.changes.drain(..over);
        } else if self.known.changes_since.is_none_or(|t| at < t) {
            self.known.changes_since = Some(at);
        }
        cell.listing = Arc::new(listing);
        cell.fetched_at = Some(at);
        cell.error = None;
        if Signals::kinds().contains(&key.2) {
            let counted = health::count(&cell.listing.resources);
            self.known.signals.insert(key, counted);
        }
        cell.cached = false;
    }
}

/// The rows handed over, each completed by its listing's `facts`: in
/// place when held only here; a row of the last listing stays that row
/// when it already says what `facts` say, else is copied with its new
/// late details.
fn complete(rows: Vec<Arc<Resource>>, facts: &Late, late: &[DetailKey]) -> Vec<Arc<Resource>> {
    let mut out = Vec::with_capacity(rows.len());
    for mut row in rows {
        if let Some(r) = Arc::get_mut(&mut row) {
            facts.apply(r);
        } else if !facts.holds(&row, late) {
            row = Arc::new(facts.refilled(&row, late));
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
#[allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]
mod tests {
    use super::super::tests::{app, cycle_two, fetch_in, instance, started, t};
    use super::*;
    use crate::app::Msg;
    use crate::kinds::ec2_instance::STATUS_CHECKS;
    use crate::model::{Checks, Fact, ResourceKind};
    use crate::protocol::Event;

    /// A page of us-east-1's instances.
    fn handed(cycle: u64, items: Vec<Resource>) -> Msg {
        Msg::Poller(Event::page(
            cycle,
            Default::default(),
            "us-east-1".into(),
            ResourceKind::Ec2Instance,
            items,
        ))
    }

    /// The end of us-east-1's instance listing in `cycle`: `late` completes
    /// its rows.
    fn end(cycle: u64, late: Late, at: chrono::DateTime<chrono::Utc>) -> Msg {
        let fetch = fetch_in(cycle, "us-east-1", Outcome::Fresh(Vec::new()), at);
        let Msg::Events(mut events) = fetch else {
            panic!("{fetch:?}")
        };
        let Some(Event::Inventory { cycle, fetch }) = events.pop() else {
            panic!("an end")
        };
        Msg::Poller(Event::Inventory {
            cycle,
            fetch: fetch.with(End::Listed(late)),
        })
    }

    fn stopped(id: &str) -> Resource {
        let mut r = instance("us-east-1", id, id, "prod");
        r.state = "stopped".into();
        r
    }

    /// The STATUS of each instance `i-1` to `i-9`: `impaired` for the ids
    /// given, else `ok` when running, `–` when not.
    fn status(impaired: &[&str]) -> Late {
        let mut checks = Checks::default();
        for id in (1..10).map(|n| format!("i-{n}")) {
            checks.push(
                &id,
                if impaired.contains(&id.as_str()) {
                    "impaired"
                } else {
                    "ok"
                },
            );
        }
        Late::of([Fact::Checks {
            key: STATUS_CHECKS,
            checks: checks.sorted(),
        }])
    }

    fn shown(a: &App) -> Vec<Arc<Resource>> {
        let cell = a.cell("us-east-1", ResourceKind::Ec2Instance).expect("the cell");
        let mut rows = cell.listing.resources.clone();
        rows.sort_by(|x, y| x.id.cmp(&y.id));
        rows
    }

    fn statuses(a: &App) -> Vec<(String, String)> {
        let row = |r: &Arc<Resource>| (r.id.to_string(), r.detail_str(STATUS_CHECKS).to_string());
        shown(a).iter().map(row).collect()
    }

    fn pair(id: &str, status: &str) -> (String, String) {
        (id.to_string(), status.to_string())
    }

    /// The first cycle's listing of `rows`, handed over and completed.
    fn listed_once(rows: Vec<Resource>) -> App {
        let mut a = app();
        started(&mut a);
        a.update(handed(1, rows));
        a.update(end(1, status(&[]), t(1)));
        a
    }

    #[test]
    fn rows_handed_over_show_at_once_and_are_completed_and_cached_at_the_end() {
        let mut a = app();
        started(&mut a);
        a.update(handed(1, vec![instance("us-east-1", "i-1", "a", "prod")]));
        a.update(handed(1, vec![stopped("i-2")]));
        assert_eq!(statuses(&a), [pair("i-1", ""), pair("i-2", "")], "shown before the end");
        let cell = a.cell("us-east-1", ResourceKind::Ec2Instance).expect("the cell");
        assert!(cell.pending && cell.filling());

        let effects = a.update(end(1, status(&[]), t(1)));
        assert_eq!(statuses(&a), [pair("i-1", "ok"), pair("i-2", "–")]);
        let cell = a.cell("us-east-1", ResourceKind::Ec2Instance).expect("the cell");
        assert!(!cell.pending && !cell.filling() && cell.fetched_at == Some(t(1)));
        // The poller kept no copy: the app hands the whole listing back to
        // be cached, the very rows it shows.
        let stored: Vec<_> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Send(Command::Store {
                    region, kind, at, rows, ..
                }) => Some((region.as_str(), *kind, *at, rows)),
                _ => None,
            })
            .collect();
        assert_eq!(stored.len(), 1, "{effects:?}");
        let (region, kind, at, rows) = stored[0];
        assert_eq!((region, kind, at), ("us-east-1", ResourceKind::Ec2Instance, t(1)));
        let mut rows = rows.clone();
        rows.sort_by(|x, y| x.id.cmp(&y.id));
        assert!(rows.iter().zip(shown(&a)).all(|(x, y)| Arc::ptr_eq(x, &y)) && rows.len() == 2);
    }

    #[test]
    fn a_refresh_keeps_each_unchanged_row_once_and_never_edits_a_row_shown() {
        let mut a = listed_once(vec![instance("us-east-1", "i-1", "a", "prod"), stopped("i-2")]);
        let before = shown(&a);

        cycle_two(&mut a);
        let next = vec![
            instance("us-east-1", "i-1", "a", "prod"),
            stopped("i-2"),
            instance("us-east-1", "i-3", "c", "prod"),
        ];
        a.update(handed(2, next));
        assert_eq!(
            statuses(&a),
            [pair("i-1", "ok"), pair("i-2", "–")],
            "a fresh listing shows no pages"
        );
        // i-1's checks now fail: only its late detail changed.
        let effects = a.update(end(2, status(&["i-1"]), t(70)));
        assert_eq!(
            statuses(&a),
            [pair("i-1", "impaired"), pair("i-2", "–"), pair("i-3", "ok")]
        );
        let after = shown(&a);
        assert!(
            Arc::ptr_eq(&before[1], &after[1]),
            "i-2 is unchanged: the same row, held once"
        );
        assert!(!Arc::ptr_eq(&before[0], &after[0]), "i-1 is a new row");
        assert_eq!(before[0].detail_str(STATUS_CHECKS), "ok", "the old row was not edited");
        let stores = effects
            .iter()
            .filter(|e| matches!(e, Effect::Send(Command::Store { .. })));
        assert_eq!(stores.count(), 1, "{effects:?}");
        let added: Vec<&str> = a.known.changes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(added, ["i-3"], "a new late detail is no change of state");
    }

    #[test]
    fn events_that_wait_together_are_taken_in_one_step() {
        let mut a = app();
        started(&mut a);
        let page = |id: &str| match handed(1, vec![instance("us-east-1", id, id, "prod")]) {
            Msg::Poller(e) => e,
            other => panic!("{other:?}"),
        };
        a.update(Msg::Events(vec![page("i-1"), page("i-2")]));
        assert_eq!(statuses(&a), [pair("i-1", ""), pair("i-2", "")], "both pages shown");
        let Msg::Poller(ended) = end(1, status(&[]), t(1)) else {
            panic!()
        };
        let effects = a.update(Msg::Events(vec![page("i-3"), ended]));
        assert_eq!(statuses(&a), [pair("i-1", "ok"), pair("i-2", "ok"), pair("i-3", "ok")]);
        assert!(effects.iter().any(|e| matches!(e, Effect::Send(Command::Store { .. }))));
    }

    #[test]
    fn a_row_listed_again_with_another_field_is_a_new_row() {
        let mut a = listed_once(vec![instance("us-east-1", "i-1", "a", "prod")]);
        let before = shown(&a);
        cycle_two(&mut a);
        a.update(handed(2, vec![instance("us-east-1", "i-1", "a", "dev")]));
        a.update(end(2, status(&[]), t(70)));
        let after = shown(&a);
        assert!(!Arc::ptr_eq(&before[0], &after[0]));
        assert_eq!(after[0].tags.get("Environment"), Some("dev"));
        assert_eq!(after[0].detail_str(STATUS_CHECKS), "ok");
        assert_eq!(before[0].tags.get("Environment"), Some("prod"));
    }

    #[test]
    fn a_listing_that_fails_after_its_pages_keeps_the_last_good_rows() {
        let mut a = listed_once(vec![instance("us-east-1", "i-1", "a", "prod")]);
        cycle_two(&mut a);
        a.update(handed(2, vec![instance("us-east-1", "i-9", "z", "prod")]));
        let err = crate::model::AwsError::new("Timeout", "no answer");
        let effects = a.update(fetch_in(2, "us-east-1", Outcome::Failed(err), t(70)));
        let stores = effects
            .iter()
            .filter(|e| matches!(e, Effect::Send(Command::Store { .. })));
        assert_eq!(stores.count(), 0, "nothing to cache: {effects:?}");
        assert_eq!(statuses(&a), [pair("i-1", "ok")]);
        let cell = a.cell("us-east-1", ResourceKind::Ec2Instance).expect("the cell");
        assert!(cell.error.is_some() && !cell.filling());
        // The next listing starts from the rows shown, not the failed pages.
        a.update(Msg::Poller(Event::CycleStarted {
            cycle: 3,
            regions: vec!["us-east-1".into()],
        }));
        a.update(handed(3, vec![instance("us-east-1", "i-1", "a", "prod")]));
        a.update(end(3, status(&[]), t(130)));
        assert_eq!(statuses(&a), [pair("i-1", "ok")]);
    }

    /// Every kind's listing comes the same way: a VPC's pages, then its
    /// end with the subnet counts; one listing, cached once, by the app.
    #[test]
    fn a_vpc_listing_is_completed_and_sent_back_to_be_cached_once() {
        use crate::kinds::vpc::SUBNET_COUNT;
        let mut a = app();
        started(&mut a);
        let vpc = |id: &str| Resource::new(ResourceKind::Vpc, "us-east-1", id);
        let page = |id: &str| {
            let key = (ResourceKind::Vpc, "us-east-1".to_string());
            Event::page(1, Default::default(), key.1, key.0, vec![vpc(id)])
        };
        a.update(Msg::Events(vec![page("vpc-a"), page("vpc-b")]));
        let late = Late::of([Fact::Count {
            key: SUBNET_COUNT,
            by_id: [("vpc-a".into(), 3)].into(),
        }]);
        let Msg::Events(mut end) =
            crate::app::tests::listed("us-east-1", ResourceKind::Vpc, Outcome::Fresh(vec![]), t(1))
        else {
            panic!("events")
        };
        let Some(Event::Inventory { cycle, fetch }) = end.pop() else {
            panic!("an end")
        };
        let end = Event::Inventory {
            cycle,
            fetch: fetch.with(End::Listed(late)),
        };
        let effects = a.update(Msg::Poller(end));
        let stored: Vec<Vec<(String, String)>> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Send(Command::Store { kind, rows, .. }) if *kind == ResourceKind::Vpc => Some(
                    rows.iter()
                        .map(|r| (r.id.to_string(), r.detail_str(SUBNET_COUNT).to_string()))
                        .collect(),
                ),
                _ => None,
            })
            .collect();
        let want = [("vpc-a", "3"), ("vpc-b", "0")].map(|(id, n)| (id.to_string(), n.to_string()));
        assert_eq!(stored, [want.to_vec()], "{effects:?}");
    }
}
