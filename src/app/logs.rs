//! The logs view: `l` on a row (or `:logs GROUP`) tails what that
//! resource writes to CloudWatch Logs. Where its logs are comes from its
//! kind ([`LogTarget::of`]); the poller runs the tail ([`Command::Tail`])
//! with the row's own account and region, and its news arrives as
//! [`Event::Logs`]. The lines are held in a bounded ring; newest at the
//! bottom, followed until the user scrolls up. A target with no logs is
//! one status line, and nothing else changes.
//!
//! [`Event::Logs`]: crate::protocol::Event::Logs

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::prompt::{edit, suggest};
use super::{Action, App, Effect, Mode};
use crate::model::logs::{
    FILTER_LOG_EVENTS, LogSource, LogTarget, POLL, Range, Ring, TailNews, TailSpec, escape, pretty_json,
};
use crate::model::{AccountId, AwsError, CallCount, GLOBAL};
use crate::protocol::Command;

/// What is known of logs across tails: the calls made (for the meter),
/// and the log group names for `:logs` completion, per (account, region).
#[derive(Debug, Clone, Default)]
pub struct LogsKnown {
    /// Every logs call this session.
    pub calls: CallCount,
    /// The id of the last tail started.
    last_tail: u64,
    groups: HashMap<(AccountId, String), Vec<String>>,
    asked: HashSet<(AccountId, String)>,
}

/// How the tail is doing, as the view's title says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailState {
    Opening,
    Live,
    Throttled(Duration),
    Failed(String),
    /// It read all there was (a tail that does not follow).
    Done,
}

/// A text prompt of the logs view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogPromptKind {
    /// `/`: shows only the loaded lines that contain the text.
    Search,
    /// `f`: a CloudWatch filter pattern, sent to the server.
    Filter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPrompt {
    pub kind: LogPromptKind,
    pub input: String,
}

/// The logs view: what is tailed, the lines held, and how they show.
#[derive(Debug, Clone)]
pub struct LogsView {
    pub spec: TailSpec,
    /// The log groups the target resolved to.
    pub sources: Vec<LogSource>,
    pub ring: Ring,
    pub range: Range,
    pub search: String,
    /// The line the cursor is on (a ring sequence number); `None` follows
    /// the newest line.
    pub cursor: Option<u64>,
    /// Lines that came while paused.
    pub new_below: u64,
    pub wrap: bool,
    /// Times in the local zone instead of UTC.
    pub local_time: bool,
    pub state: TailState,
    pub prompt: Option<LogPrompt>,
    /// A JSON line, pretty-printed (`Enter`); any key closes it.
    pub pretty: Option<String>,
    /// The mode to go back to.
    back: Mode,
}

impl LogsView {
    /// The sequence numbers of the lines shown: those that contain the
    /// search text (all without one), oldest first.
    pub fn shown(&self) -> Vec<u64> {
        let needle = self.search.to_lowercase();
        self.ring
            .iter()
            .filter(|(_, e)| needle.is_empty() || e.message.to_lowercase().contains(&needle))
            .map(|(s, _)| s)
            .collect()
    }

    /// Where the cursor is among `shown`: its line, or the nearest before
    /// it (the newest when following).
    pub fn cursor_index(&self, shown: &[u64]) -> Option<usize> {
        let last = shown.len().checked_sub(1)?;
        Some(match self.cursor {
            None => last,
            Some(seq) => shown.partition_point(|s| *s <= seq).saturating_sub(1),
        })
    }

    pub fn following(&self) -> bool {
        self.cursor.is_none()
    }
}

impl App {
    /// `l`: the logs of the selected row.
    pub(super) fn open_logs(&mut self) -> Vec<Effect> {
        let Some(r) = self.selected() else {
            self.view.status = Some("nothing selected".into());
            return vec![];
        };
        let Some(target) = LogTarget::of(r) else {
            self.view.status = Some(format!("no logs known for {} {}", r.kind, r.id));
            return vec![];
        };
        let (account, region) = (r.account, r.region.to_string());
        let back = self.view.mode;
        self.start_logs(account, region, target, back)
    }

    /// `:logs GROUP` (or `:logs REGION GROUP`): a log group by name, in the
    /// selected row's account and region (else the first shown).
    pub(super) fn open_logs_command(&mut self, args: &str) -> Vec<Effect> {
        let words: Vec<&str> = args.split_whitespace().collect();
        let (account, mut region) = self.logs_place();
        let group = match words.as_slice() {
            [group] => *group,
            [r, group] if self.known.all_regions.iter().any(|k| k == r) || self.view.regions.iter().any(|k| k == r) => {
                region = r.to_string();
                *group
            }
            _ => {
                self.view.prompt.error = Some("usage: logs GROUP, or logs REGION GROUP (Tab completes)".into());
                return vec![];
            }
        };
        self.view.mode = Mode::Normal;
        self.start_logs(account, region, LogTarget::Group(group.to_string()), Mode::Normal)
    }

    /// The account and region `:logs` reads in: the selected row's, else
    /// the first account and region shown.
    fn logs_place(&self) -> (AccountId, String) {
        if let Some(r) = self.selected().filter(|r| &*r.region != GLOBAL) {
            return (r.account, r.region.to_string());
        }
        let account = self.view.shown_accounts.first().copied().unwrap_or_default();
        let region = self.view.regions.first().cloned().unwrap_or_else(|| "us-east-1".into());
        (account, region)
    }

    fn start_logs(&mut self, account: AccountId, region: String, target: LogTarget, back: Mode) -> Vec<Effect> {
        self.known.logs.last_tail += 1;
        let range = Range::default();
        let spec = TailSpec {
            id: self.known.logs.last_tail,
            account,
            region,
            target,
            filter: None,
            since_ms: range.since_ms(self.known.now),
            follow: true,
        };
        self.view.logs = Some(Box::new(LogsView {
            spec: spec.clone(),
            sources: Vec::new(),
            ring: Ring::default(),
            range,
            search: String::new(),
            cursor: None,
            new_below: 0,
            wrap: false,
            local_time: false,
            state: TailState::Opening,
            prompt: None,
            pretty: None,
            back,
        }));
        self.view.mode = Mode::Logs;
        vec![Effect::Send(Command::Tail(spec))]
    }

    /// The same tail again, from its range's start, with its filter:
    /// after a new range or filter pattern.
    fn restart_tail(&mut self) -> Vec<Effect> {
        self.known.logs.last_tail += 1;
        let (id, now) = (self.known.logs.last_tail, self.known.now);
        let Some(v) = self.view.logs.as_mut() else {
            return vec![];
        };
        v.spec.id = id;
        v.spec.since_ms = v.range.since_ms(now);
        v.ring = Ring::default();
        v.cursor = None;
        v.new_below = 0;
        v.state = TailState::Opening;
        vec![Effect::Send(Command::Tail(v.spec.clone()))]
    }

    fn close_logs(&mut self) -> Vec<Effect> {
        let back = self.view.logs.take().map_or(Mode::Normal, |v| v.back);
        self.view.mode = back;
        vec![Effect::Send(Command::StopTail)]
    }

    /// A tail's news; the calls count whichever tail made them.
    pub(super) fn on_logs(&mut self, tail: u64, news: TailNews, calls: CallCount) {
        self.known.logs.calls.add(&calls);
        let Some(v) = self.view.logs.as_mut().filter(|v| v.spec.id == tail) else {
            return; // a tail since replaced or closed
        };
        match news {
            TailNews::Opened(sources) => {
                v.sources = sources;
                v.state = TailState::Live;
            }
            TailNews::Events(events) => {
                if !events.is_empty() {
                    if !v.following() {
                        v.new_below += events.len() as u64;
                    }
                    v.ring.extend(events);
                    if let Some(c) = v.cursor.as_mut() {
                        *c = (*c).max(v.ring.first_seq());
                    }
                }
                if v.state != TailState::Live {
                    v.state = TailState::Live;
                }
            }
            TailNews::Throttled(wait) => v.state = TailState::Throttled(wait),
            TailNews::Failed(e) => v.state = TailState::Failed(error_line(&e)),
            TailNews::Done => v.state = TailState::Done,
            TailNews::Ended(line) => {
                // Nothing to show there: one line, and the screen as it was.
                let back = v.back;
                self.view.logs = None;
                self.view.mode = back;
                self.view.status = Some(escape(&line).into_owned());
            }
        }
    }

    /// A key in the logs view: its prompt's, its JSON box's, or its keymap's.
    pub(super) fn on_logs_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let page = self.view.page.max(1) as i64;
        let Some(v) = self.view.logs.as_mut() else {
            self.view.mode = Mode::Normal;
            return vec![];
        };
        if v.pretty.take().is_some() {
            return vec![]; // any key closes the JSON box
        }
        if let Some(p) = v.prompt.as_mut() {
            match key.code {
                KeyCode::Esc => {
                    if p.kind == LogPromptKind::Search {
                        v.search.clear();
                    }
                    v.prompt = None;
                }
                KeyCode::Enter => {
                    let (kind, input) = (p.kind, p.input.trim().to_string());
                    v.prompt = None;
                    match kind {
                        LogPromptKind::Search => v.search = input,
                        LogPromptKind::Filter => {
                            v.spec.filter = (!input.is_empty()).then_some(input);
                            return self.restart_tail();
                        }
                    }
                }
                _ => {
                    if edit(&mut p.input, key) && p.kind == LogPromptKind::Search {
                        v.search = p.input.clone();
                    }
                }
            }
            return vec![];
        }
        let Some(action) = self.known.keymap.resolve(Mode::Logs, key) else {
            return vec![];
        };
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Back => return self.close_logs(),
            Action::Down => move_by(v, 1),
            Action::Up => move_by(v, -1),
            Action::PageDown => move_by(v, page),
            Action::PageUp => move_by(v, -page),
            Action::Top => move_by(v, i64::MIN / 2),
            Action::Bottom => {
                v.cursor = None;
                v.new_below = 0;
            }
            Action::OpenSearch => {
                v.prompt = Some(LogPrompt {
                    kind: LogPromptKind::Search,
                    input: v.search.clone(),
                })
            }
            Action::LogFilter => {
                v.prompt = Some(LogPrompt {
                    kind: LogPromptKind::Filter,
                    input: v.spec.filter.clone().unwrap_or_default(),
                })
            }
            Action::LogRange => {
                v.range = v.range.next();
                return self.restart_tail();
            }
            Action::LogWrap => v.wrap = !v.wrap,
            Action::LogTime => v.local_time = !v.local_time,
            Action::OpenDetail => match current(v).map(|e| pretty_json(&e.message)) {
                Some(Some(text)) => v.pretty = Some(text),
                Some(None) => self.view.status = Some("not a JSON line".into()),
                None => self.view.status = Some("no line".into()),
            },
            Action::CopyId => match current(v).map(|e| e.message.trim_end_matches(['\n', '\r']).to_string()) {
                Some(text) => {
                    self.view.status = Some("copied the line".into());
                    return vec![Effect::Copy(text)];
                }
                None => self.view.status = Some("no line".into()),
            },
            Action::Export => return self.export_logs(),
            _ => {}
        }
        vec![]
    }

    /// `e`: every loaded line, as `aws logs tail` prints them, to a file.
    fn export_logs(&mut self) -> Vec<Effect> {
        let Some(v) = self.view.logs.as_ref() else {
            return vec![];
        };
        if v.ring.is_empty() {
            self.view.status = Some("no lines to save".into());
            return vec![];
        }
        let mut text = String::new();
        for (_, e) in v.ring.iter() {
            text.push_str(&e.tail_line());
            text.push('\n');
        }
        let name: String = v
            .spec
            .target
            .label()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let file = format!(
            "aws-monitor-logs-{}-{}.log",
            name.trim_matches('-'),
            self.known.now.format("%Y%m%d-%H%M%S")
        );
        let rows = v.ring.len();
        self.view.status = Some(format!("saving {rows} lines to {file}"));
        vec![Effect::Export { file, csv: text, rows }]
    }

    /// Log group names for `:logs` completion, and the request for them
    /// (once per account and region; never a call per key).
    pub(super) fn log_group_candidates(&mut self) -> (Vec<String>, Vec<Effect>) {
        let place = self.logs_place();
        let names = self.known.logs.groups.get(&place).cloned().unwrap_or_default();
        let mut effects = vec![];
        if self.known.logs.asked.insert(place.clone()) {
            effects.push(Effect::Send(Command::LogGroups {
                account: place.0,
                region: place.1,
            }));
        }
        (names, effects)
    }

    /// Log group names arrived.
    pub(super) fn on_log_groups(
        &mut self,
        account: AccountId,
        region: String,
        names: Result<Vec<String>, AwsError>,
        calls: CallCount,
    ) {
        self.known.logs.calls.add(&calls);
        match names {
            Ok(names) => {
                self.known.logs.groups.insert((account, region), names);
            }
            Err(e) => {
                if self.view.mode == Mode::Command {
                    self.view.prompt.error = Some(format!("no log group names: {}", error_line(&e)));
                }
            }
        }
        if self.view.mode == Mode::Command {
            self.suggest_commands();
        }
    }

    /// Suggestions for `:logs WORD`, from the names known.
    pub(super) fn suggest_log_groups(&mut self, word: &str) {
        let place = self.logs_place();
        self.view.prompt.candidates = self.known.logs.groups.get(&place).cloned().unwrap_or_default();
        self.view.prompt.suggestions = suggest(word, &self.view.prompt.candidates);
    }

    /// What tails add to the meter: one FilterLogEvents call per group
    /// every poll while the view is open.
    pub(super) fn logs_rate(&self, rate: &mut crate::model::meter::Rate) {
        if let Some(v) = &self.view.logs {
            let calls = v.sources.len().max(1) as u32;
            let by_api = std::collections::BTreeMap::from([(FILTER_LOG_EVENTS.to_string(), calls)]);
            rate.add_every(&by_api, 0, POLL);
        }
    }
}

/// Moves the cursor `by` lines among those shown; reaching the newest
/// follows again.
fn move_by(v: &mut LogsView, by: i64) {
    let shown = v.shown();
    let Some(at) = v.cursor_index(&shown) else {
        return;
    };
    let last = shown.len() as i64 - 1;
    let to = (at as i64 + by).clamp(0, last);
    if to == last {
        v.cursor = None;
        v.new_below = 0;
    } else {
        v.cursor = Some(shown[to as usize]);
    }
}

/// The line under the cursor.
fn current(v: &LogsView) -> Option<&crate::model::logs::LogEvent> {
    let shown = v.shown();
    let at = v.cursor_index(&shown)?;
    v.ring.get(shown[at])
}

fn error_line(e: &AwsError) -> String {
    crate::model::one_line(format!("{}: {}", e.code, e.message))
}

#[cfg(test)]
#[allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]
mod tests {
    use crossterm::event::KeyCode;

    use super::*;
    use crate::app::Msg;
    use crate::app::tests::{app, key, listed, started, t, typed};
    use crate::model::logs::LogEvent;
    use crate::model::{Outcome, Resource, ResourceKind};
    use crate::protocol::Event;

    /// An app on the Lambda view with one function in eu-west-1.
    fn on_functions() -> App {
        let mut a = app();
        started(&mut a);
        let mut f = Resource::new(ResourceKind::LambdaFunction, "eu-west-1", "checkout-api");
        f.state = crate::model::Word::new("Active");
        a.update(listed(
            "eu-west-1",
            ResourceKind::LambdaFunction,
            Outcome::Fresh(vec![f]),
            t(1),
        ));
        a.update(key(KeyCode::Char('6')));
        a
    }

    fn ev(i: i64, msg: &str) -> LogEvent {
        LogEvent {
            time_ms: t(0).timestamp_millis() + i,
            group: "/aws/lambda/checkout-api".into(),
            stream: "s".into(),
            message: msg.into(),
            id: i.to_string(),
        }
    }

    fn news(a: &mut App, news: TailNews) {
        let tail = a.view.logs.as_ref().map_or(0, |v| v.spec.id);
        a.update(Msg::Poller(Event::Logs {
            tail,
            news,
            calls: CallCount::default(),
        }));
    }

    fn opened() -> App {
        let mut a = on_functions();
        let effects = a.update(key(KeyCode::Char('l')));
        let [Effect::Send(Command::Tail(spec))] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(spec.target, LogTarget::Group("/aws/lambda/checkout-api".into()));
        assert_eq!(spec.region, "eu-west-1", "the row's own region");
        assert_eq!(spec.since_ms, t(0).timestamp_millis() - 3_600_000, "the last hour");
        assert!(spec.follow);
        news(
            &mut a,
            TailNews::Opened(vec![LogSource::group("/aws/lambda/checkout-api")]),
        );
        a
    }

    #[test]
    fn l_opens_the_rows_logs_and_esc_closes_them() {
        let mut a = opened();
        assert_eq!(a.view.mode, Mode::Logs);
        news(&mut a, TailNews::Events(vec![ev(1, "one"), ev(2, "two")]));
        assert_eq!(a.view.logs.as_ref().unwrap().ring.len(), 2);
        assert_eq!(a.update(key(KeyCode::Esc)), vec![Effect::Send(Command::StopTail)]);
        assert_eq!((a.view.mode, a.view.logs.is_none()), (Mode::Normal, true));
    }

    #[test]
    fn the_meter_counts_a_tails_calls_while_it_runs() {
        let mut a = opened();
        let per_day = a.rate().calls_per_day.get(FILTER_LOG_EVENTS).copied();
        assert_eq!(per_day, Some(86_400.0 / 3.0), "one call per group every 3s");
        a.update(Msg::Poller(Event::Logs {
            tail: a.view.logs.as_ref().unwrap().spec.id,
            news: TailNews::Events(vec![]),
            calls: CallCount {
                calls: 2,
                ..CallCount::default()
            },
        }));
        assert_eq!(a.known.logs.calls.calls, 2, "so far");
        a.update(key(KeyCode::Esc));
        assert_eq!(
            a.rate().calls_per_day.get(FILTER_LOG_EVENTS),
            None,
            "closed: no more calls"
        );
    }

    #[test]
    fn a_kind_without_logs_is_one_line_and_nothing_else() {
        let mut a = app();
        started(&mut a);
        a.update(listed(
            "eu-west-1",
            ResourceKind::Vpc,
            Outcome::Fresh(vec![Resource::new(ResourceKind::Vpc, "eu-west-1", "vpc-1")]),
            t(1),
        ));
        a.update(Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char(':'),
            crossterm::event::KeyModifiers::NONE,
        )));
        typed(&mut a, "vpc");
        a.update(key(KeyCode::Enter));
        assert_eq!(a.update(key(KeyCode::Char('l'))), vec![]);
        assert_eq!(a.view.status.as_deref(), Some("no logs known for vpc vpc-1"));
        assert_eq!(a.view.mode, Mode::Normal);
    }

    #[test]
    fn a_missing_group_closes_the_view_with_one_line() {
        let mut a = on_functions();
        a.update(key(KeyCode::Char('l')));
        news(
            &mut a,
            TailNews::Ended("no log group /aws/lambda/checkout-api in eu-west-1".into()),
        );
        assert_eq!(a.view.mode, Mode::Normal);
        assert!(a.view.logs.is_none());
        assert_eq!(
            a.view.status.as_deref(),
            Some("no log group /aws/lambda/checkout-api in eu-west-1")
        );
    }

    #[test]
    fn scrolling_up_pauses_follow_and_g_resumes() {
        let mut a = opened();
        news(
            &mut a,
            TailNews::Events((0..5).map(|i| ev(i, &format!("l{i}"))).collect()),
        );
        assert!(a.view.logs.as_ref().unwrap().following());
        a.update(key(KeyCode::Char('k')));
        let v = a.view.logs.as_ref().unwrap();
        assert_eq!(v.cursor, Some(3), "one up from the newest");
        news(&mut a, TailNews::Events(vec![ev(9, "late")]));
        let v = a.view.logs.as_ref().unwrap();
        assert_eq!((v.cursor, v.new_below), (Some(3), 1), "paused: the view stays");
        a.update(key(KeyCode::Char('G')));
        let v = a.view.logs.as_ref().unwrap();
        assert!(v.following() && v.new_below == 0);
        // News of a tail since replaced is dropped; its calls still count.
        a.update(Msg::Poller(Event::Logs {
            tail: 999,
            news: TailNews::Events(vec![ev(20, "stale")]),
            calls: CallCount {
                calls: 1,
                ..CallCount::default()
            },
        }));
        assert_eq!(a.view.logs.as_ref().unwrap().ring.len(), 6);
        assert_eq!(a.known.logs.calls.calls, 1);
    }

    #[test]
    fn a_filter_pattern_or_a_range_starts_the_tail_again() {
        let mut a = opened();
        news(&mut a, TailNews::Events(vec![ev(1, "one")]));
        a.update(key(KeyCode::Char('f')));
        typed(&mut a, "ERROR");
        let effects = a.update(key(KeyCode::Enter));
        let [Effect::Send(Command::Tail(spec))] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(spec.filter.as_deref(), Some("ERROR"));
        assert!(
            a.view.logs.as_ref().unwrap().ring.is_empty(),
            "the lines of the new tail only"
        );
        let effects = a.update(key(KeyCode::Char('r')));
        let [Effect::Send(Command::Tail(spec))] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(spec.since_ms, t(0).timestamp_millis() - 6 * 3_600_000, "1h -> 6h");
        assert_eq!(spec.filter.as_deref(), Some("ERROR"), "kept");
    }

    #[test]
    fn search_shows_matching_lines_and_keys_act_on_the_cursor_line() {
        let mut a = opened();
        news(
            &mut a,
            TailNews::Events(vec![ev(1, "GET /"), ev(2, "INFO {\"order\":7}"), ev(3, "GET /health")]),
        );
        a.update(key(KeyCode::Char('/')));
        typed(&mut a, "order");
        a.update(key(KeyCode::Enter));
        let v = a.view.logs.as_ref().unwrap();
        assert_eq!(v.shown(), vec![1]);
        assert_eq!(
            a.update(key(KeyCode::Char('y'))),
            vec![Effect::Copy("INFO {\"order\":7}".into())]
        );
        a.update(key(KeyCode::Enter));
        assert_eq!(
            a.view.logs.as_ref().unwrap().pretty.as_deref(),
            Some("{\n  \"order\": 7\n}")
        );
        a.update(key(KeyCode::Char('x')));
        assert!(a.view.logs.as_ref().unwrap().pretty.is_none(), "any key closes it");
        let effects = a.update(key(KeyCode::Char('e')));
        let [Effect::Export { file, csv, rows }] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert_eq!(*rows, 3, "everything loaded");
        assert!(file.starts_with("aws-monitor-logs-aws-lambda-checkout-api-"), "{file}");
        assert_eq!(csv.lines().count(), 3);
        assert!(csv.lines().next().unwrap().ends_with(" s GET /"), "{csv}");
    }

    #[test]
    fn colon_logs_opens_a_group_and_completes_names_from_one_listing() {
        let mut a = on_functions();
        a.update(key(KeyCode::Char(':')));
        typed(&mut a, "lo");
        assert!(a.view.prompt.suggestions.contains(&"logs".to_string()));
        typed(&mut a, "gs");
        a.update(key(KeyCode::Enter));
        assert!(
            a.view
                .prompt
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("logs GROUP"))
        );
        let effects = a.update(key(KeyCode::Char(' ')));
        assert_eq!(
            effects,
            vec![Effect::Send(Command::LogGroups {
                account: AccountId::default(),
                region: "eu-west-1".into(),
            })]
        );
        let effects: Vec<Effect> = "/aws/l".chars().flat_map(|c| a.update(key(KeyCode::Char(c)))).collect();
        assert_eq!(effects, vec![], "asked once, not per key");
        a.update(Msg::Poller(Event::LogGroups {
            account: AccountId::default(),
            region: "eu-west-1".into(),
            names: Ok(vec!["/aws/lambda/checkout-api".into(), "/ecs/web".into()]),
            calls: CallCount::default(),
        }));
        assert_eq!(a.view.prompt.suggestions, vec!["/aws/lambda/checkout-api".to_string()]);
        a.update(key(KeyCode::Tab));
        assert_eq!(a.view.prompt.input, "logs /aws/lambda/checkout-api");
        let effects = a.update(key(KeyCode::Enter));
        assert!(
            matches!(effects.as_slice(), [Effect::Send(Command::Tail(_))]),
            "{effects:?}"
        );
        assert_eq!(a.view.mode, Mode::Logs);
    }
}
