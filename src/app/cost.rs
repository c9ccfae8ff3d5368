//! The Cost tab's state: the last snapshot, its source and age, the tag key
//! chosen in the tab, and the ask-before-paying refresh.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::{Action, App, Effect, Mode};
use crate::model::cost::{CostPlan, CostSnapshot, Money, request_price};
use crate::model::{AwsError, CallCount};
use crate::protocol::Command;

/// What the Cost tab knows.
#[derive(Debug, Clone, Default)]
pub struct CostView {
    pub snapshot: Option<CostSnapshot>,
    /// The snapshot came from the disk cache (no call made).
    pub cached: bool,
    /// The last refresh failed (the last good snapshot stays).
    pub error: Option<(AwsError, DateTime<Utc>)>,
    /// A load or refresh is under way.
    pub loading: bool,
    /// The calls of the last Cost Explorer refresh.
    pub calls: CallCount,
    /// Every Cost Explorer call of this session, for the monitor's bill.
    pub session_calls: CallCount,
    /// The tag key chosen for cost by tag.
    pub tag_key: Option<String>,
    /// How a refresh asks over the accounts watched.
    pub plan: CostPlan,
}

impl CostView {
    /// Requests the next refresh makes (when nothing pages), and their price.
    pub fn refresh_price(&self) -> (u32, Money) {
        let n = self.plan.requests(self.tag_key.is_some());
        (n, std::iter::repeat_n(request_price(), n as usize).sum())
    }

    /// The confirmation line shown before a refresh.
    pub fn confirm_text(&self) -> String {
        let (n, price) = self.refresh_price();
        let by = self
            .tag_key
            .as_deref()
            .map(|k| format!(", by tag {k}"))
            .unwrap_or_default();
        format!("Refresh cost data{by}: {n} Cost Explorer requests = ${price}. y/n")
    }

    /// Whether the snapshot is for another tag key than the one chosen.
    pub fn tag_differs(&self) -> bool {
        self.snapshot
            .as_ref()
            .is_some_and(|s| s.tag_key() != self.tag_key.as_deref())
    }

    pub(super) fn on_event(
        &mut self,
        result: Result<Box<CostSnapshot>, AwsError>,
        calls: CallCount,
        cached: bool,
        now: DateTime<Utc>,
    ) {
        self.loading = false;
        match result {
            Ok(snapshot) => {
                if self.tag_key.is_none() {
                    self.tag_key = snapshot.tag_key().map(str::to_string);
                }
                self.snapshot = Some(*snapshot);
                self.cached = cached;
                self.error = None;
            }
            Err(e) => self.error = Some((e, now)),
        }
        if !cached {
            self.session_calls.add(&calls);
            self.calls = calls;
        }
    }
}

impl App {
    /// Cost keys in the normal mode; `None` when the action is not one.
    pub(super) fn on_cost_action(&mut self, action: Action) -> Option<Vec<Effect>> {
        match action {
            Action::RefreshCost => {
                self.view.tab = super::Tab::Cost;
                if !self.known.cost.loading {
                    self.view.mode = Mode::ConfirmCost;
                }
                Some(vec![])
            }
            Action::CostTagNext => {
                self.view.tab = super::Tab::Cost;
                let keys = self.cost_tag_keys();
                let next = match &self.known.cost.tag_key {
                    Some(k) => keys.iter().find(|x| *x > k).or(keys.first()),
                    None => keys.first(),
                };
                if let Some(k) = next {
                    self.known.cost.tag_key = Some(k.clone());
                }
                Some(vec![])
            }
            _ => None,
        }
    }

    /// y/n after "Refresh cost data: ...".
    pub(super) fn on_confirm_cost(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.known.keymap.resolve(Mode::ConfirmCost, key) {
            Some(Action::Apply) => {
                self.view.mode = Mode::Normal;
                self.known.cost.loading = true;
                vec![Effect::Send(Command::RefreshCost {
                    tag_key: self.known.cost.tag_key.clone(),
                })]
            }
            Some(Action::Back) => {
                self.view.mode = Mode::Normal;
                vec![]
            }
            Some(Action::Quit) => vec![Effect::Quit],
            _ => vec![],
        }
    }

    /// Tag keys to offer for cost by tag: the inventory's tag keys (moto has
    /// no GetTags) and the key of the cached figures, sorted.
    pub fn cost_tag_keys(&self) -> Vec<String> {
        let mut keys: std::collections::BTreeSet<String> = self
            .tag_keys_and_values()
            .into_iter()
            .filter(|k| !k.contains('='))
            .collect();
        if let Some(k) = self.known.cost.snapshot.as_ref().and_then(|s| s.tag_key()) {
            keys.insert(k.to_string());
        }
        keys.into_iter().collect()
    }
}

#[cfg(test)]
#[allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]
mod tests {
    use crossterm::event::KeyCode;

    use super::super::tests::{app, fetch, instance, key, t};
    use super::super::{Effect, Mode, Msg, Tab};
    use crate::model::cost::{CostSnapshot, Money, RawCost};
    use crate::model::{AwsError, CallCount, CycleStats, Outcome};
    use crate::protocol::{Command, Event};

    fn snapshot(tag: Option<&str>) -> CostSnapshot {
        let raw = RawCost {
            by_service: vec![("AWS Lambda".into(), Money::parse("1.5").unwrap())],
            by_tag: tag.map(|k| (k.to_string(), vec![(format!("{k}$x"), Money::parse("1.5").unwrap())])),
            forecast: Err("unavailable: X".into()),
            ..RawCost::default()
        };
        CostSnapshot::assemble(t(0).date_naive(), t(0), raw)
    }

    fn cost_event(result: Result<CostSnapshot, AwsError>, cached: bool) -> Msg {
        let calls = CallCount {
            calls: 5,
            pages: 4,
            by_api: [
                ("ce:GetCostAndUsage".to_string(), 4),
                ("ce:GetCostForecast".to_string(), 1),
            ]
            .into(),
        };
        Msg::Poller(Event::Cost {
            result: result.map(Box::new),
            calls,
            cached,
        })
    }

    #[test]
    fn refresh_asks_first_and_says_what_it_costs() {
        let mut a = app();
        assert!(a.update(key(KeyCode::Char('c'))).is_empty(), "no call before yes");
        assert_eq!((a.view.tab, a.view.mode), (Tab::Cost, Mode::ConfirmCost));
        assert_eq!(
            a.known.cost.confirm_text(),
            "Refresh cost data: 4 Cost Explorer requests = $0.04. y/n"
        );
        assert!(a.update(key(KeyCode::Char('n'))).is_empty());
        assert_eq!(a.view.mode, Mode::Normal);
        a.update(key(KeyCode::Char('c')));
        assert!(a.update(key(KeyCode::Esc)).is_empty());
        assert_eq!(a.view.mode, Mode::Normal);
        a.known.cost.tag_key = Some("Team".into());
        a.update(key(KeyCode::Char('c')));
        assert_eq!(
            a.known.cost.confirm_text(),
            "Refresh cost data, by tag Team: 5 Cost Explorer requests = $0.05. y/n"
        );
        assert!(a.update(key(KeyCode::Char('x'))).is_empty(), "other keys wait");
        assert_eq!(a.view.mode, Mode::ConfirmCost);
        assert_eq!(
            a.update(key(KeyCode::Char('y'))),
            vec![Effect::Send(Command::RefreshCost {
                tag_key: Some("Team".into())
            })]
        );
        assert!(a.known.cost.loading);
        assert!(a.update(key(KeyCode::Char('c'))).is_empty());
        assert_eq!(a.view.mode, Mode::Normal, "no second refresh while one runs");
    }

    #[test]
    fn inventory_refresh_never_touches_cost() {
        let mut a = app();
        let asks_cost = |effects: &[Effect]| {
            effects
                .iter()
                .any(|e| matches!(e, Effect::Send(Command::RefreshCost { .. })))
        };
        // Figures fetched at t(0): stale after the 6-hour TTL.
        a.update(cost_event(Ok(snapshot(None)), false));
        a.update(key(KeyCode::Char('0')));
        let effects = a.update(key(KeyCode::Char('R')));
        assert_eq!(effects, vec![Effect::Send(Command::RefreshNow)]);
        // A cycle runs and ends, and the figures grow old: still no request.
        let regions = a.view.regions.clone();
        for msg in [
            Msg::Poller(Event::CycleStarted { cycle: 1, regions }),
            Msg::Poller(Event::CycleFinished {
                cycle: 1,
                stats: CycleStats::default(),
            }),
            Msg::Tick(t(7 * 3600)),
        ] {
            let effects = a.update(msg);
            assert!(!asks_cost(&effects), "{effects:?}");
        }
        assert_eq!(a.view.mode, Mode::Normal, "no confirmation asked either");
        assert!(a.known.cost.snapshot.is_some(), "the old figures stay on screen");
    }

    #[test]
    fn figures_arrive_and_a_failure_keeps_the_last_good_ones() {
        let mut a = app();
        a.known.cost.loading = true;
        a.update(cost_event(Ok(snapshot(Some("Team"))), true));
        assert!(!a.known.cost.loading);
        assert!(a.known.cost.cached);
        assert_eq!(
            a.known.cost.tag_key.as_deref(),
            Some("Team"),
            "the cached key is the chosen one"
        );
        assert_eq!(a.known.cost.calls, CallCount::default(), "the cache made no call");
        a.update(Msg::Tick(t(30)));
        a.update(cost_event(Err(AwsError::new("AccessDenied", "no ce")), false));
        assert!(a.known.cost.snapshot.is_some());
        assert_eq!(
            a.known.cost.error.as_ref().map(|(e, at)| (e.code.as_str(), *at)),
            Some(("AccessDenied", t(30)))
        );
        assert_eq!(a.known.cost.calls.calls, 5);
        a.update(cost_event(Ok(snapshot(Some("Team"))), false));
        assert!(a.known.cost.error.is_none() && !a.known.cost.cached);
        assert_eq!(
            a.known.cost.session_calls.calls, 10,
            "the bill counts every call made this session, failed ones too, never the cache's"
        );
    }

    #[test]
    fn tag_keys_come_from_the_inventory_and_cycle() {
        let mut a = app();
        let regions = a.view.regions.clone();
        a.update(Msg::Poller(Event::CycleStarted { cycle: 1, regions }));
        let mut r = instance("us-east-1", "i-1", "a", "prod");
        r.tags.insert("Team", "web");
        a.update(fetch("us-east-1", Outcome::Fresh(vec![r]), t(1)));
        assert_eq!(a.cost_tag_keys(), vec!["Environment", "Team"]);
        a.update(key(KeyCode::Char('b')));
        assert_eq!(a.view.tab, Tab::Cost);
        assert_eq!(a.known.cost.tag_key.as_deref(), Some("Environment"));
        a.update(key(KeyCode::Char('b')));
        assert_eq!(a.known.cost.tag_key.as_deref(), Some("Team"));
        a.update(key(KeyCode::Char('b')));
        assert_eq!(a.known.cost.tag_key.as_deref(), Some("Environment"), "wraps");
        a.update(cost_event(Ok(snapshot(Some("CostCenter"))), false));
        assert!(
            a.known.cost.tag_differs(),
            "figures for another key than the chosen one"
        );
        assert_eq!(a.cost_tag_keys(), vec!["CostCenter", "Environment", "Team"]);
    }
}
