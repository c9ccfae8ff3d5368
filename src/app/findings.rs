//! The Overview's findings: computed in `update` when the data, the
//! filters or the regions change (never while drawing), then grouped by
//! rule ([`by_rule`]): the Overview lists one row a rule, `Enter` on one
//! lists that rule's findings and `Esc` goes back to the rules with the
//! same rule selected; `:findings` lists every finding. In a list of
//! findings `Enter` opens the finding's resource in its view.

mod by_rule;

use std::collections::HashSet;

pub use by_rule::{RuleRow, Totals, by_rule, totals};

use super::{App, Effect, Mode, Tab};
use crate::findings::{Finding, evaluate};
use crate::keymap::Action;
use crate::model::Resource;

/// The `:` name that lists every finding.
pub const FINDINGS_COMMAND: &str = "findings";

/// A finding's identity: its rule, account, region and resource id.
pub(super) type FindingKey = (&'static str, crate::model::AccountId, String, String);

/// What the Overview lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FindingsList {
    /// One row a rule (the Overview's first screen).
    #[default]
    ByRule,
    /// The findings of one rule (`Enter` on a rule).
    Rule(&'static str),
    /// Every finding (`:findings`).
    All,
}

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

    /// Every finding that passes the filters, critical first.
    pub fn findings(&self) -> &[Finding] {
        &self.derived.findings
    }

    /// The Overview's rows: one a rule, critical first, then by estimated
    /// cost, then by count.
    pub fn finding_rules(&self) -> &[RuleRow] {
        &self.derived.finding_rules
    }

    /// The findings listed: one rule's (after `Enter` on it) or all
    /// (`:findings`); none while the Overview lists the rules.
    pub fn listed_findings(&self) -> impl ExactSizeIterator<Item = &Finding> + '_ {
        self.derived.listed.iter().map(|&i| &self.derived.findings[i as usize])
    }

    /// Every finding's severities counted and estimates added up.
    pub fn findings_totals(&self) -> Totals {
        self.derived.findings_totals
    }

    /// Lists every finding: `:findings`.
    pub(super) fn list_all_findings(&mut self) {
        self.view.tab = Tab::Overview;
        if self.view.findings_list != FindingsList::All {
            self.view.findings_list = FindingsList::All;
            self.view.finding_cursor = 0;
            self.view.selected_finding = None;
        }
    }

    /// After the findings or the list changed: the findings listed, the
    /// cursor on the selected rule (or kept in range), the list's cursor
    /// in range. Runs in `rebuild`, so rendering only reads.
    pub(super) fn place_findings(&mut self) {
        let rules = &self.derived.finding_rules;
        let found = self
            .view
            .selected_rule
            .and_then(|rule| rules.iter().position(|r| r.rule == rule));
        self.view.rule_cursor = found.unwrap_or_else(|| self.view.rule_cursor.min(rules.len().saturating_sub(1)));
        // Listed again only when the findings or the list changed: a key
        // that moves the cursor reads no finding.
        let list = self.view.findings_list;
        if self.derived.listed_of != Some(list) {
            let findings = &self.derived.findings;
            self.derived.listed = match list {
                FindingsList::ByRule => Vec::new(),
                FindingsList::Rule(rule) => (0..findings.len() as u32)
                    .filter(|&i| findings[i as usize].rule == rule)
                    .collect(),
                FindingsList::All => (0..findings.len() as u32).collect(),
            };
            self.derived.listed_of = Some(list);
            // The cursor stays on its finding when others come or go.
            if let Some((rule, account, region, id)) = &self.view.selected_finding {
                let found = self.derived.listed.iter().position(|&i| {
                    let f = &self.derived.findings[i as usize];
                    f.rule == *rule && f.account == *account && f.region == *region && f.id == *id
                });
                if let Some(at) = found {
                    self.view.finding_cursor = at;
                }
            }
        }
        self.view.finding_cursor = self
            .view
            .finding_cursor
            .min(self.derived.listed.len().saturating_sub(1));
    }

    /// The identity of the `i`th finding listed, kept across refreshes.
    fn listed_key(&self, i: usize) -> Option<FindingKey> {
        let f = &self.derived.findings[*self.derived.listed.get(i)? as usize];
        Some((f.rule, f.account, f.region.clone(), f.id.clone()))
    }

    /// Keys on the Overview: on the rules, moving and `Enter` (its
    /// findings); on a list of findings, moving, `Enter` (the resource)
    /// and `Esc` (back to the rules).
    pub(super) fn on_overview_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        if self.view.tab != Tab::Overview || self.view.mode != Mode::Normal {
            return None;
        }
        if self.view.findings_list == FindingsList::ByRule {
            return self.on_rules_action(action);
        }
        let last = self.derived.listed.len().saturating_sub(1);
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
            Action::Back => {
                self.view.findings_list = FindingsList::ByRule;
                return Some(vec![]);
            }
            _ => return None,
        };
        self.view.selected_finding = self.listed_key(self.view.finding_cursor);
        Some(vec![])
    }

    /// Keys on the rules: the cursor follows the rule (kept across
    /// refreshes); `Enter` lists the rule's findings from the first.
    fn on_rules_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        let last = self.derived.finding_rules.len().saturating_sub(1);
        let at = self.view.rule_cursor;
        let to = match action {
            Action::Down => (at + 1).min(last),
            Action::Up => at.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (at + self.view.page).min(last),
            Action::PageUp => at.saturating_sub(self.view.page),
            Action::OpenDetail => {
                let Some(rule) = self.derived.finding_rules.get(at).map(|r| r.rule) else {
                    return Some(vec![]); // no findings: nothing to list
                };
                self.view.selected_rule = Some(rule);
                self.view.findings_list = FindingsList::Rule(rule);
                self.view.finding_cursor = 0;
                self.view.selected_finding = None;
                return Some(vec![]);
            }
            _ => return None,
        };
        self.view.rule_cursor = to;
        self.view.selected_rule = self.derived.finding_rules.get(to).map(|r| r.rule);
        Some(vec![])
    }

    /// Opens the selected finding's resource: its view, the row selected,
    /// the detail pane open. The search is cleared so the row shows.
    fn open_finding(&mut self) {
        let Some(&i) = self.derived.listed.get(self.view.finding_cursor) else {
            return;
        };
        let f = &self.derived.findings[i as usize];
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

    use super::FindingsList;
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

    fn alarm(region: &str, id: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::CloudwatchAlarm, region, id);
        r.state = "ALARM".into();
        r
    }

    fn rules(a: &App) -> Vec<&str> {
        a.finding_rules().iter().map(|r| r.rule).collect()
    }

    fn listed(a: &App) -> Vec<(&str, &str)> {
        a.listed_findings().map(|f| (f.rule, f.id.as_str())).collect()
    }

    fn command(a: &mut App, text: &str) {
        let _ = a.update(key(KeyCode::Char(':')));
        for c in text.chars() {
            let _ = a.update(key(KeyCode::Char(c)));
        }
        let _ = a.update(key(KeyCode::Enter));
    }

    /// Two unattached, unencrypted volumes (a warning with a cost, an info
    /// without), and an alarm in ALARM in another region (critical).
    fn estate() -> App {
        let mut a = app();
        a.view.tab = Tab::Overview;
        let mut plain = volume("us-east-1", "vol-plain", "available", "data");
        plain.set(ENCRYPTED, false);
        let vols = vec![
            plain,
            volume("us-east-1", "vol-web", "available", "web"),
            volume("us-east-1", "vol-used", "in-use", "data"),
        ];
        fetched(&mut a, "us-east-1", ResourceKind::EbsVolume, vols);
        fetched(
            &mut a,
            "eu-west-1",
            ResourceKind::CloudwatchAlarm,
            vec![alarm("eu-west-1", "cpu-high")],
        );
        a
    }

    #[test]
    fn the_overview_lists_one_row_a_rule_critical_first_built_in_update() {
        let a = estate();
        assert_eq!(a.findings().len(), 4);
        assert_eq!(rules(&a), vec!["alarm-firing", "ebs-unattached", "ebs-unencrypted"]);
        let unattached = &a.finding_rules()[1];
        assert_eq!(unattached.count, 2);
        assert_eq!(unattached.monthly.map(|m| m.two_dp()).as_deref(), Some("16.00"));
        assert_eq!(a.findings()[unattached.example].rule, "ebs-unattached");
        assert_eq!(a.listed_findings().len(), 0, "the rules are listed, not findings");
        assert_eq!(a.view.rule_cursor, 0);
    }

    #[test]
    fn enter_on_a_rule_lists_its_findings_and_esc_goes_back_to_the_same_rule() {
        let mut a = estate();
        let _ = a.update(key(KeyCode::Char('j')));
        assert_eq!(a.view.rule_cursor, 1);
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(a.view.findings_list, FindingsList::Rule("ebs-unattached"));
        assert_eq!(
            listed(&a),
            vec![("ebs-unattached", "vol-plain"), ("ebs-unattached", "vol-web")]
        );
        assert_eq!((a.view.tab, a.view.mode), (Tab::Overview, Mode::Normal));
        let _ = a.update(key(KeyCode::Char('G')));
        assert_eq!(a.view.finding_cursor, 1, "moves within the rule's findings");
        let _ = a.update(key(KeyCode::Esc));
        assert_eq!(a.view.findings_list, FindingsList::ByRule);
        assert_eq!(a.view.rule_cursor, 1, "back on the same rule");
        assert_eq!(a.finding_rules()[a.view.rule_cursor].rule, "ebs-unattached");
        // The rules' keys move the rules' cursor, within bounds.
        let _ = a.update(key(KeyCode::Char('G')));
        assert_eq!(a.view.rule_cursor, 2);
        let _ = a.update(key(KeyCode::Char('j')));
        assert_eq!(a.view.rule_cursor, 2);
        let _ = a.update(key(KeyCode::Char('g')));
        assert_eq!(a.view.rule_cursor, 0);
    }

    /// The rule stays selected when a refresh reorders the rules, and
    /// after `Enter` on a finding and back.
    #[test]
    fn the_selected_rule_is_kept_across_a_refresh_that_reorders_the_rules() {
        let mut a = estate();
        let _ = a.update(key(KeyCode::Char('G')));
        assert_eq!(a.finding_rules()[a.view.rule_cursor].rule, "ebs-unencrypted");
        // The alarm clears: every rule moves up one.
        fetched(&mut a, "eu-west-1", ResourceKind::CloudwatchAlarm, vec![]);
        assert_eq!(rules(&a), vec!["ebs-unattached", "ebs-unencrypted"]);
        assert_eq!(a.view.rule_cursor, 1);
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(listed(&a), vec![("ebs-unencrypted", "vol-plain")]);
        // The finding's resource opens; the Overview keeps the rule's list.
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(
            (a.view.tab, a.view.mode),
            (Tab::Kind(ResourceKind::EbsVolume), Mode::Detail)
        );
        assert_eq!(a.selected().map(|r| r.id.as_str()), Some("vol-plain"));
        let _ = a.update(key(KeyCode::Esc));
        let _ = a.update(key(KeyCode::Char('1')));
        assert_eq!(a.view.tab, Tab::Overview);
        assert_eq!(a.view.findings_list, FindingsList::Rule("ebs-unencrypted"));
        assert_eq!(listed(&a), vec![("ebs-unencrypted", "vol-plain")]);
    }

    /// A refresh that adds a finding above the cursor leaves the cursor on
    /// its finding, so `Enter` opens what the user chose.
    #[test]
    fn the_cursor_in_a_list_stays_on_its_finding_across_a_refresh() {
        let mut a = estate();
        let _ = a.update(key(KeyCode::Char('j')));
        let _ = a.update(key(KeyCode::Enter));
        let _ = a.update(key(KeyCode::Char('j')));
        assert_eq!(listed(&a)[a.view.finding_cursor], ("ebs-unattached", "vol-web"));
        let vols = vec![
            volume("us-east-1", "vol-aaa", "available", "data"),
            volume("us-east-1", "vol-plain", "available", "data"),
            volume("us-east-1", "vol-web", "available", "web"),
        ];
        fetched(&mut a, "us-east-1", ResourceKind::EbsVolume, vols);
        assert_eq!(listed(&a)[0], ("ebs-unattached", "vol-aaa"), "the new one sorts first");
        assert_eq!(listed(&a)[a.view.finding_cursor], ("ebs-unattached", "vol-web"));
        // Its finding gone, the cursor stays in range.
        fetched(&mut a, "us-east-1", ResourceKind::EbsVolume, vec![]);
        fetched(
            &mut a,
            "us-east-1",
            ResourceKind::EbsVolume,
            vec![volume("us-east-1", "vol-aaa", "available", "data")],
        );
        assert_eq!(a.view.finding_cursor, 0);
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(a.selected().map(|r| r.id.as_str()), Some("vol-aaa"));
    }

    #[test]
    fn colon_findings_lists_every_finding_with_the_region_and_tag_filters() {
        let mut a = estate();
        a.view.tab = Tab::Kind(ResourceKind::Ec2Instance);
        command(&mut a, "findings");
        assert_eq!((a.view.tab, a.view.mode), (Tab::Overview, Mode::Normal));
        assert_eq!(a.view.findings_list, FindingsList::All);
        assert_eq!(
            listed(&a),
            vec![
                ("alarm-firing", "cpu-high"),
                ("ebs-unattached", "vol-plain"),
                ("ebs-unattached", "vol-web"),
                ("ebs-unencrypted", "vol-plain"),
            ]
        );
        // The tag filter: the alarm has no Team tag.
        let _ = a.update(key(KeyCode::Char('t')));
        for c in "Team=data".chars() {
            let _ = a.update(key(KeyCode::Char(c)));
        }
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(
            listed(&a),
            vec![("ebs-unattached", "vol-plain"), ("ebs-unencrypted", "vol-plain")]
        );
        let _ = a.update(key(KeyCode::Char('T')));
        // The regions: eu-west-1 only.
        let _ = a.update(key(KeyCode::Char('r')));
        let _ = a.update(key(KeyCode::Char('n')));
        let _ = a.update(key(KeyCode::Char(' ')));
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(a.view.regions, vec!["eu-west-1".to_string()]);
        assert_eq!(listed(&a), vec![("alarm-firing", "cpu-high")]);
        // Esc: back to the rules.
        let _ = a.update(key(KeyCode::Esc));
        assert_eq!(a.view.findings_list, FindingsList::ByRule);
        assert_eq!(rules(&a), vec!["alarm-firing"]);
        // `:findings` completes from `:fin`.
        let _ = a.update(key(KeyCode::Char(':')));
        for c in "fin".chars() {
            let _ = a.update(key(KeyCode::Char(c)));
        }
        let _ = a.update(key(KeyCode::Tab));
        assert_eq!(a.view.prompt.input, "findings");
    }

    #[test]
    fn colon_findings_follows_the_account_picker() {
        use crate::model::{AccountId, AccountInfo};
        let ids = ["111111111111", "222222222222"].map(|id| AccountId::parse(id).unwrap());
        let mut a = app();
        a.known.accounts = ids
            .iter()
            .zip(["mgmt", "dev"])
            .map(|(&id, name)| AccountInfo {
                id,
                name: name.into(),
                source: String::new(),
            })
            .collect();
        a.view.shown_accounts = ids.to_vec();
        for (account, id) in ids.iter().zip(["vol-mgmt", "vol-dev"]) {
            let mut v = volume("us-east-1", id, "available", "data");
            v.account = *account;
            let fetch = Fetch {
                account: *account,
                region: "us-east-1".into(),
                kind: ResourceKind::EbsVolume,
                outcome: Outcome::Fresh(vec![v]),
                at: t(1),
                calls: CallCount::default(),
                duration: Duration::from_millis(5),
            };
            let _ = a.update(Msg::Events(Event::listed(0, fetch)));
        }
        command(&mut a, "findings");
        assert_eq!(
            listed(&a),
            vec![("ebs-unattached", "vol-mgmt"), ("ebs-unattached", "vol-dev")]
        );
        let _ = a.update(key(KeyCode::Esc));
        assert_eq!(a.finding_rules()[0].count, 2, "one row for the rule over both accounts");
        // Show only dev.
        let _ = a.update(key(KeyCode::Char('a')));
        let _ = a.update(key(KeyCode::Char(' ')));
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(a.finding_rules()[0].count, 1);
        command(&mut a, "findings");
        assert_eq!(listed(&a), vec![("ebs-unattached", "vol-dev")]);
    }

    #[test]
    fn with_no_findings_the_keys_do_nothing_and_a_listed_rule_that_clears_is_empty() {
        let mut a = app();
        a.view.tab = Tab::Overview;
        let _ = a.update(key(KeyCode::Char('j')));
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!((a.view.tab, a.view.mode), (Tab::Overview, Mode::Normal));
        assert_eq!((a.view.findings_list, a.view.rule_cursor), (FindingsList::ByRule, 0));
        command(&mut a, "findings");
        assert_eq!(a.listed_findings().len(), 0);
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!((a.view.tab, a.view.mode), (Tab::Overview, Mode::Normal));
        // A rule listed, then fixed: its list empties, Esc still goes back.
        let mut a = estate();
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(a.view.findings_list, FindingsList::Rule("alarm-firing"));
        fetched(&mut a, "eu-west-1", ResourceKind::CloudwatchAlarm, vec![]);
        assert_eq!(a.listed_findings().len(), 0);
        let _ = a.update(key(KeyCode::Esc));
        assert_eq!(a.view.findings_list, FindingsList::ByRule);
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
        assert_eq!(a.view.findings_list, FindingsList::Rule("ebs-unattached"));
        let _ = a.update(key(KeyCode::Enter));
        assert_eq!(
            (a.view.tab, a.view.mode),
            (Tab::Kind(ResourceKind::EbsVolume), Mode::Detail)
        );
        assert_eq!(a.selected().map(|r| r.id.as_str()), Some("vol-web"));
    }
}
