//! Start-up through `update`: the first frame is drawn from the cache
//! before AWS is asked who and where; `Msg::Started` then brings what was
//! resolved. `tui.rs` sets no field of the app itself.

use super::App;
use crate::model::{AccountId, AccountInfo, Identity};

/// What start-up resolves once the first frame is up.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub identity: Identity,
    /// Every enabled region: the region picker's list.
    pub all_regions: Vec<String>,
    /// The regions watched (they may differ from those the cache showed).
    pub regions: Vec<String>,
    /// Every account watched, and how a cost refresh asks over them.
    pub accounts: Vec<AccountInfo>,
    pub cost_plan: crate::model::cost::CostPlan,
    /// The poller loads cost at start (cache, else one fetch), grouped by
    /// this tag key.
    pub cost_loading: bool,
    pub cost_tag_key: Option<String>,
}

impl App {
    /// Start-up resolved who and where: rows cached for another account
    /// go, and so do the cells of regions no longer watched.
    pub(super) fn start(&mut self, resolved: Resolved) {
        let Resolved {
            identity,
            all_regions,
            regions,
            accounts,
            cost_plan,
            cost_loading,
            cost_tag_key,
        } = resolved;
        let known = &mut self.known;
        if known.identity.account != identity.account && known.cells.values().any(|c| c.cached) {
            known.cells.retain(|_, c| !c.cached);
            let cells = &known.cells;
            known.signals.retain(|key, _| cells.contains_key(key));
            known.data_version += 1;
        }
        known.identity = identity;
        let shown: Vec<AccountId> = accounts.iter().map(|a| a.id).collect();
        if shown != self.view.shown_accounts {
            self.view.shown_accounts = shown;
            known.data_version += 1;
        }
        known.accounts = accounts;
        known.all_regions = all_regions;
        (known.cost.plan, known.cost.loading, known.cost.tag_key) = (cost_plan, cost_loading, cost_tag_key);
        if regions != self.view.regions {
            let kept = &regions;
            known
                .cells
                .retain(|(_, r, k), _| kept.contains(r) || (k.is_global() && r == crate::model::GLOBAL));
            self.view.regions = regions;
            known.data_version += 1;
        }
        self.rebuild();
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        unused_must_use,
        reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
    )]

    use std::time::Duration;

    use super::*;
    use crate::app::tests::{app, instance, t};
    use crate::app::{Msg, Settings, Tab};
    use crate::model::cost::CostPlan;
    use crate::model::{CallCount, Fetch, Outcome};
    use crate::protocol::Event;

    const OURS: &str = "111111111111";
    const OTHER: &str = "222222222222";

    fn id(account: &str) -> AccountId {
        AccountId::parse(account).expect("an account id")
    }

    /// An app whose first frame shows `account`'s cached instances in
    /// us-east-1 and eu-west-1, as the TUI draws it before start-up resolves.
    fn from_cache(account: &str) -> crate::app::App {
        let mut a = app();
        a.known.identity.account = account.to_string();
        for region in ["us-east-1", "eu-west-1"] {
            let mut r = instance(region, &format!("i-{region}"), "web", "prod");
            r.account = id(account);
            let fetch = Fetch {
                account: id(account),
                region: region.into(),
                kind: crate::model::ResourceKind::Ec2Instance,
                outcome: Outcome::Fresh(vec![r]),
                at: t(-3600),
                calls: CallCount::default(),
                duration: Duration::ZERO,
            };
            a.update(Msg::Poller(Event::Cached { fetch }));
        }
        a
    }

    /// What start-up resolves: `account`, over the regions given.
    fn resolved(account: &str, regions: &[&str]) -> Resolved {
        Resolved {
            identity: Identity {
                account: account.into(),
                ..Identity::default()
            },
            all_regions: ["eu-west-1", "us-east-1", "us-west-2"].map(String::from).to_vec(),
            regions: regions.iter().map(|r| r.to_string()).collect(),
            accounts: Vec::new(),
            cost_plan: CostPlan::default(),
            cost_loading: false,
            cost_tag_key: None,
        }
    }

    fn started(a: &mut crate::app::App, resolved: Resolved) {
        a.update(Msg::Started(Box::new(resolved)));
    }

    #[test]
    fn rows_cached_for_the_same_account_stay_until_fresh_ones_come() {
        let mut a = from_cache(OURS);
        assert_eq!(a.rows().len(), 2);
        started(&mut a, resolved(OURS, &["eu-west-1", "us-east-1", "us-west-2"]));
        assert_eq!(a.rows().len(), 2, "the cache is of this account");
        assert_eq!(a.cached_since(), Some(t(-3600)));
        assert_eq!(a.known.identity.account, OURS);
    }

    #[test]
    fn rows_cached_for_another_account_go() {
        let mut a = from_cache(OURS);
        started(&mut a, resolved(OTHER, &["eu-west-1", "us-east-1", "us-west-2"]));
        assert_eq!(a.rows().len(), 0, "the cache was of another account");
        assert_eq!(a.cached_since(), None);
        assert_eq!(a.known.identity.account, OTHER);
    }

    #[test]
    fn regions_resolved_replace_those_the_cache_showed() {
        let mut a = from_cache(OURS);
        let mut r = resolved(OURS, &["us-east-1"]);
        r.all_regions.push("ap-south-1".into());
        started(&mut a, r);
        assert_eq!(a.view.regions, ["us-east-1"]);
        assert_eq!(a.known.all_regions.len(), 4);
        assert_eq!(a.picker_items().last().map(String::as_str), Some("ap-south-1"));
        let shown: Vec<&str> = a.rows().map(|r| r.id.as_str()).collect();
        assert_eq!(shown, ["i-us-east-1"], "eu-west-1 is no longer watched");
        assert!(a.cell("eu-west-1", crate::model::ResourceKind::Ec2Instance).is_none());
    }

    #[test]
    fn the_accounts_and_the_cost_plan_come_with_the_start() {
        let mut a = from_cache(OURS);
        assert!(!a.multi_account());
        let mut r = resolved(OURS, &["eu-west-1", "us-east-1", "us-west-2"]);
        r.accounts = [OURS, OTHER]
            .map(|acct| AccountInfo {
                id: id(acct),
                name: format!("n-{acct}"),
                source: String::new(),
            })
            .to_vec();
        r.cost_plan = CostPlan {
            sets: 2,
            by_account: true,
        };
        (r.cost_loading, r.cost_tag_key) = (true, Some("Team".into()));
        started(&mut a, r);
        assert!(a.multi_account());
        assert_eq!(
            a.view.shown_accounts,
            [id(OURS), id(OTHER)],
            "every account shows at first"
        );
        assert!(
            a.columns().iter().any(|c| c.title == "ACCOUNT"),
            "the table is rebuilt with the ACCOUNT column"
        );
        assert_eq!(a.known.cost.plan.sets, 2);
        assert!(a.known.cost.loading);
        assert_eq!(a.known.cost.tag_key.as_deref(), Some("Team"));
    }

    #[test]
    fn settings_choose_the_first_view_the_presets_and_the_findings() {
        let mut findings = crate::findings::Settings::default();
        findings.ignore_ids.insert("i-1".into());
        let settings = Settings {
            view: Some(Tab::Cost),
            presets: [("prod".to_string(), crate::presets::Preset::default())].into(),
            findings: findings.clone(),
            ..Settings::default()
        };
        let a = crate::app::App::new(settings, t(0));
        assert_eq!(a.view.tab, Tab::Cost);
        assert!(a.known.presets.contains_key("prod"));
        assert_eq!(a.known.findings_settings, findings);
        let a = crate::app::App::new(Settings::default(), t(0));
        assert_eq!(a.view.tab, Tab::Kind(crate::model::ResourceKind::Ec2Instance));
    }

    /// Lines of `src` that assign to a field reached from `app` (`app.x =`,
    /// `app.x.y += 1`) or lend one mutably (`&mut app.x`).
    fn assignments(src: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (n, line) in src.lines().enumerate() {
            let mut rest = line;
            while let Some(i) = rest.find("app.") {
                let word_before = rest[..i]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                let lent = rest[..i].trim_end().ends_with("&mut");
                let after = &rest[i + 4..];
                let path = after
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .unwrap_or(after.len());
                let tail = after[path..].trim_start();
                let assigned = ["=", "+=", "-=", "*=", "/=", "|=", "&=", "^=", "<<=", ">>=", "%="]
                    .iter()
                    .any(|op| tail.starts_with(op))
                    && !tail.starts_with("==");
                let method = tail.starts_with('(');
                if !word_before && (assigned || (lent && !method)) {
                    found.push(format!("{}: {}", n + 1, line.trim()));
                    break;
                }
                rest = after;
            }
        }
        found
    }

    #[test]
    fn the_finder_sees_assignments_and_not_reads_or_calls() {
        let src = "app.view.tab = tab;\nif app.known.cycle == 1 {}\nlet e = app.update(m);\n\
                   app.known.data_version += 1;\nswap(&mut app.view.regions, &mut r);\nstep(&mut app, i);\n\
                   my_app.x = 1;";
        assert_eq!(
            assignments(src),
            [
                "1: app.view.tab = tab;",
                "4: app.known.data_version += 1;",
                "5: swap(&mut app.view.regions, &mut r);"
            ]
        );
    }

    /// Start-up goes through `update`: the loop sets no field of the app.
    #[test]
    fn the_terminal_loop_sets_no_field_of_the_app() {
        let found = assignments(include_str!("../tui.rs"));
        assert!(
            found.is_empty(),
            "tui.rs sets app fields: use a Msg\n{}",
            found.join("\n")
        );
    }
}
