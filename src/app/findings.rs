//! The Overview's findings: computed in `update` when the data, the
//! filters or the regions change (never while drawing), navigated with the
//! usual keys; `Enter` opens the finding's resource in its view.

use std::collections::HashSet;

use super::{App, Effect, Mode, Tab};
use crate::findings::{Finding, evaluate};
use crate::keymap::Action;
use crate::model::Resource;

impl App {
    /// Findings over the selected regions' inventory, kept when their
    /// resource passes the tag filter. Rules see every resource (a stopped
    /// instance's volumes may carry other tags), the list honours the filter.
    pub(super) fn compute_findings(&self, shown: impl Fn(&Resource, usize, &super::Listing) -> bool) -> Vec<Finding> {
        let mut all = Vec::new();
        let mut passing: HashSet<(crate::model::ResourceKind, &str, &str)> = HashSet::new();
        for (_, _, _, cell) in self.cells_for(crate::model::ResourceKind::all()) {
            let listing = &cell.listing;
            for (i, r) in listing.resources.iter().enumerate() {
                if !self.view.regions.iter().any(|x| r.region == *x) {
                    continue;
                }
                all.push(&**r);
                if shown(r, i, listing) {
                    passing.insert((r.kind, r.region.as_str(), r.id.as_str()));
                }
            }
        }
        let lookup = |r: &Resource, metric: &'static str| self.known.metrics.finding_series(r, metric);
        let mut found = evaluate(all, &lookup, &self.known.findings_settings, self.known.now);
        found.retain(|f| passing.contains(&(f.kind, f.region.as_str(), f.id.as_str())));
        // With several accounts, grouped by account (in the accounts'
        // order), critical first within each.
        if self.multi_account() {
            found.sort_by_key(|f| self.known.accounts.iter().position(|a| a.id == f.account));
        }
        found
    }

    /// The findings on the Overview, critical first.
    pub fn findings(&self) -> &[Finding] {
        &self.derived.findings
    }

    /// Keys on the Overview move through the findings; `Enter` opens one.
    pub(super) fn on_overview_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        if self.view.tab != Tab::Overview || self.view.mode != Mode::Normal {
            return None;
        }
        let last = self.derived.findings.len().saturating_sub(1);
        let at = self.view.finding_cursor;
        self.view.finding_cursor = match action {
            Action::Down => (at + 1).min(last),
            Action::Up => at.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (at + self.view.page).min(last),
            Action::PageUp => at.saturating_sub(self.view.page),
            Action::OpenDetail => {
                self.open_finding();
                return Some(vec![]);
            }
            _ => return None,
        };
        Some(vec![])
    }

    /// Opens the selected finding's resource: its view, the row selected,
    /// the detail pane open. The search is cleared so the row shows.
    fn open_finding(&mut self) {
        let Some(f) = self.derived.findings.get(self.view.finding_cursor) else {
            return;
        };
        let tab = Tab::for_kind(f.kind);
        self.view.selected.insert(tab, (f.kind, f.region.clone(), f.id.clone()));
        self.view.search.clear();
        self.view.tab = tab;
        self.view.mode = Mode::Detail;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crossterm::event::KeyCode;

    use crate::app::tests::{app, key, t};
    use crate::app::{App, Mode, Msg, Tab};
    use crate::kinds::ebs_volume::{ENCRYPTED, SIZE_GIB, TYPE};
    use crate::model::{CallCount, Fetch, Outcome};
    use crate::model::{Resource, ResourceKind};
    use crate::protocol::Event;

    fn volume(region: &str, id: &str, state: &str, team: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::EbsVolume, region, id);
        r.state = state.into();
        r.set(SIZE_GIB, 100);
        r.set(TYPE, "gp3");
        r.set(ENCRYPTED, true);
        r.tags.insert("Team", team);
        r
    }

    fn fetched(a: &mut App, region: &str, kind: ResourceKind, items: Vec<Resource>) {
        let fetch = Fetch {
            account: Default::default(),
            region: region.into(),
            kind,
            outcome: Outcome::Fresh(items),
            at: t(1),
            calls: CallCount::default(),
            duration: Duration::from_millis(5),
        };
        let _ = a.update(Msg::Events(Event::listed(0, fetch)));
    }

    #[test]
    fn findings_follow_the_data_and_the_tag_filter_and_enter_opens_the_resource() {
        let mut a = app();
        a.view.tab = Tab::Overview;
        let vols = vec![
            volume("us-east-1", "vol-loose", "available", "data"),
            volume("us-east-1", "vol-used", "in-use", "data"),
            volume("us-east-1", "vol-web", "available", "web"),
        ];
        fetched(&mut a, "us-east-1", ResourceKind::EbsVolume, vols);
        let ids: Vec<&str> = a.findings().iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["vol-loose", "vol-web"]);
        let _ = a.update(key(KeyCode::Char('t')));
        for c in "Team=web".chars() {
            let _ = a.update(key(KeyCode::Char(c)));
        }
        let _ = a.update(key(KeyCode::Enter));
        let ids: Vec<&str> = a.findings().iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["vol-web"], "the tag filter applies to the list");
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(
            (a.view.tab, a.view.mode),
            (Tab::Kind(ResourceKind::EbsVolume), Mode::Detail)
        );
        assert_eq!(a.selected().map(|r| r.id.as_str()), Some("vol-web"));
    }
}
