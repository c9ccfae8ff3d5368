//! Logs as data: where a resource writes its logs ([`LogTarget`], from its
//! kind's `logs` field), the events read back, and the pure parts of a
//! tail: the watermark that re-asks its boundary inclusively and drops
//! what it already showed there by event id ([`Cursor`]), the per-tail
//! backoff on throttling ([`Backoff`]), the bounded ring of held lines
//! ([`Ring`]), the escaping of untrusted log text ([`escape`]), and the
//! time ranges (`--since`, the view's range key).

use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use super::{AccountId, AwsError, Resource};
use crate::kinds::LogsOf;

/// The counted label of FilterLogEvents (the meter counts it; `aws::ops`
/// names the operation).
pub const FILTER_LOG_EVENTS: &str = "logs:FilterLogEvents";
/// How often a tail asks for new events while all is well.
pub const POLL: Duration = Duration::from_secs(3);
/// The longest a throttled tail waits between polls.
pub const BACKOFF_CEILING: Duration = Duration::from_secs(60);
/// The most lines the view holds; older ones are dropped, with a mark.
pub const RING_LINES: usize = 10_000;
/// The most bytes of log text the view holds.
pub const RING_BYTES: usize = 8 << 20;
/// The most log group names kept for `:logs` completion (per account and
/// region, asked once).
pub const GROUP_NAMES: usize = 1_000;

/// Where to read logs from, before it is resolved into log groups.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogTarget {
    /// One log group by name.
    Group(String),
    /// Every log group whose name starts with this.
    GroupPrefix(String),
    /// The `awslogs` groups of a task definition (its ARN, or family:revision).
    TaskDefinition(String),
    /// The `awslogs` groups of an ECS service's task definition, the
    /// service named `CLUSTER/SERVICE` (headless: no row to read it from).
    EcsService(String),
}

impl LogTarget {
    /// Where a resource writes its logs, from its kind's definition; `None`
    /// when its kind has none, or the detail it needs is empty.
    pub fn of(r: &Resource) -> Option<LogTarget> {
        let fill = |pattern: &str| pattern.replace("{id}", &r.id);
        match r.kind.def().logs? {
            LogsOf::Group(p) => Some(LogTarget::Group(fill(p))),
            LogsOf::GroupPrefix(p) => Some(LogTarget::GroupPrefix(fill(p))),
            LogsOf::TaskDefinition(key) => {
                let arn = r.detail_str(key);
                (!arn.is_empty()).then(|| LogTarget::TaskDefinition(arn.to_string()))
            }
        }
    }

    /// As a user reads it: the group, `prefix*`, or the task definition.
    pub fn label(&self) -> String {
        match self {
            LogTarget::Group(g) => g.clone(),
            LogTarget::GroupPrefix(p) => format!("{p}*"),
            LogTarget::TaskDefinition(t) => format!("task definition {t}"),
            LogTarget::EcsService(s) => format!("ECS service {s}"),
        }
    }
}

/// One log group to read, with the stream prefix to keep (an ECS
/// container's `awslogs-stream-prefix`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct LogSource {
    pub group: String,
    pub stream_prefix: Option<String>,
    /// Its region, when not the resource's (an ECS container's `awslogs-region`).
    pub region: Option<String>,
}

impl LogSource {
    pub fn group(name: impl Into<String>) -> LogSource {
        LogSource {
            group: name.into(),
            stream_prefix: None,
            region: None,
        }
    }
}

/// What a tail reads: whose, where, what, from when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailSpec {
    /// Set by the app; news of an older tail is dropped.
    pub id: u64,
    /// The resource's own account and region: its credentials are used.
    pub account: AccountId,
    pub region: String,
    pub target: LogTarget,
    /// A CloudWatch filter pattern, applied by the server.
    pub filter: Option<String>,
    /// The first millisecond asked for (Unix epoch).
    pub since_ms: i64,
    /// Keep polling for new events (else stop at the end of what is there).
    pub follow: bool,
}

/// One log event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEvent {
    /// When it happened (milliseconds since the Unix epoch).
    #[serde(rename = "timestamp")]
    pub time_ms: i64,
    pub group: String,
    pub stream: String,
    /// As written: untrusted text (see [`escape`] before showing it).
    pub message: String,
    #[serde(rename = "event_id")]
    pub id: String,
}

impl LogEvent {
    /// Its time as a UTC date and time.
    pub fn time(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.time_ms).unwrap_or_default()
    }

    /// The line `aws logs tail` prints: time, stream, message (escaped).
    pub fn tail_line(&self) -> String {
        format!(
            "{} {} {}",
            self.time().format("%Y-%m-%dT%H:%M:%S%.6f+00:00"),
            escape(&self.stream),
            escape(self.message.trim_end_matches(['\n', '\r']))
        )
    }

    /// Bytes it holds, for the ring's bound.
    fn bytes(&self) -> usize {
        self.message.len() + self.stream.len() + self.group.len() + self.id.len() + 64
    }
}

/// What a tail tells its owner.
#[derive(Debug, Clone, PartialEq)]
pub enum TailNews {
    /// The target resolved into these log groups; polling starts.
    Opened(Vec<LogSource>),
    /// New events, oldest first, none shown before.
    Events(Vec<LogEvent>),
    /// Throttled: the next poll waits this long (doubling up to a ceiling).
    Throttled(Duration),
    /// A poll failed; the tail goes on.
    Failed(AwsError),
    /// No logs there (no such group, none configured, or resolving
    /// failed): one line to show; the tail has ended.
    Ended(String),
    /// Everything there was has been read (a tail that does not follow).
    Done,
}

/// The watermark of one log group's tail: the newest timestamp seen, and
/// the ids of the events seen at exactly that millisecond. Each poll asks
/// again from the watermark inclusively, so events written in the same
/// millisecond after the last poll are not lost, and the ones already shown
/// are dropped by id, so none is shown twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    from_ms: i64,
    seen: HashSet<String>,
}

impl Cursor {
    pub fn new(from_ms: i64) -> Cursor {
        Cursor {
            from_ms,
            seen: HashSet::new(),
        }
    }

    /// The millisecond to ask from (inclusive).
    pub fn from_ms(&self) -> i64 {
        self.from_ms
    }

    /// The events of an answer not shown before, oldest first; moves the
    /// watermark past them.
    pub fn accept(&mut self, mut events: Vec<LogEvent>) -> Vec<LogEvent> {
        events.sort_by_key(|e| e.time_ms);
        events.retain(|e| {
            if e.time_ms < self.from_ms || (e.time_ms == self.from_ms && self.seen.contains(&e.id)) {
                return false;
            }
            if e.time_ms > self.from_ms {
                self.from_ms = e.time_ms;
                self.seen.clear();
            }
            self.seen.insert(e.id.clone());
            true
        });
        events
    }
}

/// A tail's wait between polls: the normal interval, doubled on each
/// throttled poll up to a ceiling, back to normal on the first good one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    normal: Duration,
    ceiling: Duration,
    current: Duration,
}

impl Backoff {
    pub fn new(normal: Duration, ceiling: Duration) -> Backoff {
        Backoff {
            normal,
            ceiling: ceiling.max(normal),
            current: normal,
        }
    }

    /// A throttled poll: the wait doubles (up to the ceiling); returns it.
    pub fn throttled(&mut self) -> Duration {
        self.current = (self.current * 2).min(self.ceiling);
        self.current
    }

    /// A good poll: back to the normal interval.
    pub fn ok(&mut self) -> Duration {
        self.current = self.normal;
        self.current
    }

    pub fn wait(&self) -> Duration {
        self.current
    }
}

/// Whether an AWS error code is a throttle.
pub fn is_throttle(code: &str) -> bool {
    matches!(
        code,
        "ThrottlingException" | "Throttling" | "TooManyRequestsException" | "RequestLimitExceeded"
    )
}

/// The held lines: at most `max_lines` lines and `max_bytes` bytes, the
/// oldest dropped first and counted, so the view can say so. Each line has
/// a sequence number that stays its own as older lines go.
#[derive(Debug, Clone)]
pub struct Ring {
    lines: VecDeque<LogEvent>,
    bytes: usize,
    max_lines: usize,
    max_bytes: usize,
    /// Lines dropped so far (the sequence number of the oldest held).
    dropped: u64,
}

impl Default for Ring {
    fn default() -> Self {
        Ring::new(RING_LINES, RING_BYTES)
    }
}

impl Ring {
    pub fn new(max_lines: usize, max_bytes: usize) -> Ring {
        Ring {
            lines: VecDeque::new(),
            bytes: 0,
            max_lines: max_lines.max(1),
            max_bytes,
            dropped: 0,
        }
    }

    pub fn push(&mut self, e: LogEvent) {
        self.bytes += e.bytes();
        self.lines.push_back(e);
        while self.lines.len() > self.max_lines || (self.bytes > self.max_bytes && self.lines.len() > 1) {
            if let Some(old) = self.lines.pop_front() {
                self.bytes -= old.bytes();
                self.dropped += 1;
            }
        }
    }

    pub fn extend(&mut self, events: impl IntoIterator<Item = LogEvent>) {
        for e in events {
            self.push(e);
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Older lines dropped to keep the bound.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Bytes held (an estimate: text and a fixed overhead a line).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The sequence number of the oldest line held; the newest is
    /// `first_seq() + len() - 1`.
    pub fn first_seq(&self) -> u64 {
        self.dropped
    }

    /// The line with this sequence number, if still held.
    pub fn get(&self, seq: u64) -> Option<&LogEvent> {
        let i = seq.checked_sub(self.dropped)?;
        self.lines.get(usize::try_from(i).ok()?)
    }

    /// Every held line with its sequence number, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (u64, &LogEvent)> {
        self.lines.iter().enumerate().map(|(i, e)| (self.dropped + i as u64, e))
    }
}

/// Log text made safe to show: control characters (C0, DEL, C1; an ESC
/// starts a terminal sequence) and the invisible or reordering format
/// characters (bidi overrides) as visible escapes (`\x1b`, `\u{202e}`), a
/// line break inside a message as `\n`, a tab as a space. A trailing line
/// break is dropped. Clean text is returned as it is.
pub fn escape(text: &str) -> Cow<'_, str> {
    let text = text.trim_end_matches(['\n', '\r']);
    let unsafe_char = |c: char| c.is_control() || is_format(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Invisible characters that change how text reads: zero-width ones, bidi
/// marks, embeddings, overrides and isolates, the byte-order mark.
fn is_format(c: char) -> bool {
    matches!(c as u32, 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2069 | 0xfeff)
}

/// A stream name cut to `width` characters, keeping its end (where Lambda
/// and ECS put what tells streams apart), with `…` for what is cut.
pub fn short_stream(stream: &str, width: usize) -> String {
    let n = stream.chars().count();
    if n <= width {
        return stream.to_string();
    }
    let keep = width.saturating_sub(1);
    let tail: String = stream.chars().skip(n - keep).collect();
    format!("…{tail}")
}

/// `--since`: a duration back from `now` (`90s`, `10m`, `1h`, `2d`) or a
/// time (`2026-12-07T10:00:00Z`, with an offset, or without one as UTC;
/// a date alone is its midnight UTC).
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    let bad = || format!("bad --since \"{text}\": give a duration (10m, 1h, 2d) or a time (2026-12-07T10:00:00Z)");
    if text.is_empty() {
        return Err(bad());
    }
    if let Ok(d) = humantime::parse_duration(text) {
        let d = chrono::Duration::from_std(d).map_err(|_| bad())?;
        return now.checked_sub_signed(d).ok_or_else(bad);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).ok_or_else(bad)?.and_utc());
    }
    Err(bad())
}

/// The logs view's time range (its key steps through them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Range {
    M5,
    #[default]
    H1,
    H6,
    D1,
}

impl Range {
    pub fn next(self) -> Range {
        match self {
            Range::M5 => Range::H1,
            Range::H1 => Range::H6,
            Range::H6 => Range::D1,
            Range::D1 => Range::M5,
        }
    }

    pub fn duration(self) -> Duration {
        Duration::from_secs(match self {
            Range::M5 => 300,
            Range::H1 => 3_600,
            Range::H6 => 6 * 3_600,
            Range::D1 => 86_400,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Range::M5 => "5m",
            Range::H1 => "1h",
            Range::H6 => "6h",
            Range::D1 => "1d",
        }
    }

    /// The first millisecond of the range ending `now`.
    pub fn since_ms(self, now: DateTime<Utc>) -> i64 {
        now.timestamp_millis() - self.duration().as_millis() as i64
    }
}

/// A JSON object in a log line (the whole line, or from its first `{`, as
/// Lambda prints a JSON log after its own prefix), pretty-printed; `None`
/// when there is none.
pub fn pretty_json(message: &str) -> Option<String> {
    let text = message.trim();
    let start = text.find(['{', '['])?;
    let value: serde_json::Value = serde_json::from_str(&text[start..]).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: i64, id: &str) -> LogEvent {
        LogEvent {
            time_ms: t,
            group: "g".into(),
            stream: "s".into(),
            message: format!("m{id}"),
            id: id.into(),
        }
    }

    fn ids(events: &[LogEvent]) -> Vec<&str> {
        events.iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn the_watermark_is_asked_again_and_its_events_dropped_by_id() {
        let mut c = Cursor::new(1_000);
        let first = c.accept(vec![ev(1_000, "a"), ev(1_005, "c"), ev(1_005, "b")]);
        assert_eq!(ids(&first), ["a", "c", "b"], "oldest first, same ms in answer order");
        assert_eq!(c.from_ms(), 1_005, "the next poll asks from the last ms, inclusively");
        // The same millisecond again, with one event written since: only it is new.
        let again = c.accept(vec![ev(1_005, "b"), ev(1_005, "c"), ev(1_005, "d")]);
        assert_eq!(ids(&again), ["d"]);
        assert_eq!(c.from_ms(), 1_005);
        // A later one moves the mark and forgets the old boundary.
        let later = c.accept(vec![ev(1_005, "d"), ev(1_010, "e")]);
        assert_eq!(ids(&later), ["e"]);
        assert_eq!(c.accept(vec![ev(1_010, "e")]), vec![]);
        assert_eq!(c.accept(vec![ev(1_001, "late")]), vec![], "before the mark");
    }

    #[test]
    fn backoff_doubles_to_a_ceiling_and_returns() {
        let mut b = Backoff::new(Duration::from_secs(3), Duration::from_secs(20));
        assert_eq!(b.wait(), Duration::from_secs(3));
        assert_eq!(b.throttled(), Duration::from_secs(6));
        assert_eq!(b.throttled(), Duration::from_secs(12));
        assert_eq!(b.throttled(), Duration::from_secs(20));
        assert_eq!(b.throttled(), Duration::from_secs(20));
        assert_eq!(b.ok(), Duration::from_secs(3));
        assert!(is_throttle("ThrottlingException") && !is_throttle("AccessDeniedException"));
    }

    #[test]
    fn the_ring_keeps_the_newest_and_counts_what_it_drops() {
        let mut r = Ring::new(3, usize::MAX);
        r.extend((0..5).map(|i| ev(i, &i.to_string())));
        assert_eq!(r.len(), 3);
        assert_eq!(r.dropped(), 2);
        assert_eq!(r.first_seq(), 2);
        assert_eq!(r.get(1), None);
        assert_eq!(r.get(4).map(|e| e.id.as_str()), Some("4"));
        assert_eq!(r.iter().map(|(s, _)| s).collect::<Vec<_>>(), [2, 3, 4]);
        // The byte bound: one big line pushes the others out, but stays.
        let mut r = Ring::new(100, 1_000);
        r.extend((0..5).map(|i| ev(i, &i.to_string())));
        let mut big = ev(9, "big");
        big.message = "x".repeat(5_000);
        r.push(big);
        assert_eq!((r.len(), r.dropped()), (1, 5));
    }

    #[test]
    fn control_and_escape_sequences_are_shown_escaped() {
        let hostile = "ok \x1b[2J\x1b]52;c;Zm9v\x07 red\u{9b}31m \u{202e}txt.exe\r\nnext\n";
        let shown = escape(hostile);
        assert_eq!(
            shown,
            "ok \\x1b[2J\\x1b]52;c;Zm9v\\x07 red\\x9b31m \\u{202e}txt.exe\\r\\nnext"
        );
        assert!(!shown.chars().any(|c| c.is_control()), "{shown}");
        assert!(matches!(escape("plain text\n"), Cow::Borrowed("plain text")));
        assert_eq!(escape("a\tb"), "a b");
    }

    #[test]
    fn since_takes_a_duration_or_a_time() {
        let now = DateTime::parse_from_rfc3339("2026-12-07T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let at = |s: &str| parse_since(s, now).map(|t| t.to_rfc3339());
        assert_eq!(at("10m"), Ok("2026-12-07T11:50:00+00:00".into()));
        assert_eq!(at("1h"), Ok("2026-12-07T11:00:00+00:00".into()));
        assert_eq!(at("2d"), Ok("2026-12-05T12:00:00+00:00".into()));
        assert_eq!(at("2026-12-07T10:30:00Z"), Ok("2026-12-07T10:30:00+00:00".into()));
        assert_eq!(at("2026-12-07T10:30:00+02:00"), Ok("2026-12-07T08:30:00+00:00".into()));
        assert_eq!(at("2026-12-07T10:30:00"), Ok("2026-12-07T10:30:00+00:00".into()));
        assert_eq!(at("2026-12-06"), Ok("2026-12-06T00:00:00+00:00".into()));
        let err = at("yesterday").unwrap_err();
        assert!(
            err.starts_with("bad --since \"yesterday\"") && !err.contains('\n'),
            "{err}"
        );
        assert!(at("").is_err());
    }

    #[test]
    fn ranges_step_round() {
        let mut r = Range::default();
        let mut seen = vec![r.label()];
        for _ in 0..4 {
            r = r.next();
            seen.push(r.label());
        }
        assert_eq!(seen, ["1h", "6h", "1d", "5m", "1h"]);
        let now = DateTime::from_timestamp(10_000, 0).unwrap();
        assert_eq!(Range::M5.since_ms(now), 10_000_000 - 300_000);
    }

    #[test]
    fn streams_are_cut_from_the_left() {
        assert_eq!(short_stream("abc", 5), "abc");
        assert_eq!(short_stream("2026/12/07/[$LATEST]0123456789abcdef", 10), "…789abcdef");
        assert_eq!(short_stream("abcdef", 4).chars().count(), 4);
    }

    #[test]
    fn lines_print_as_aws_logs_tail_does() {
        let mut e = ev(1_765_108_800_123, "1");
        e.message = "hello \x1b[31m\n".into();
        assert_eq!(e.tail_line(), "2025-12-07T12:00:00.123000+00:00 s hello \\x1b[31m");
    }

    #[test]
    fn json_lines_pretty_print() {
        assert_eq!(pretty_json("INFO {\"a\":1}").as_deref(), Some("{\n  \"a\": 1\n}"));
        assert_eq!(pretty_json("no json here"), None);
    }

    #[test]
    fn targets_come_from_the_kind() {
        let f = Resource::new(crate::model::ResourceKind::LambdaFunction, "us-east-1", "checkout");
        assert_eq!(LogTarget::of(&f), Some(LogTarget::Group("/aws/lambda/checkout".into())));
        let db = Resource::new(crate::model::ResourceKind::RdsInstance, "us-east-1", "orders");
        assert_eq!(
            LogTarget::of(&db),
            Some(LogTarget::GroupPrefix("/aws/rds/instance/orders/".into()))
        );
        let eks = Resource::new(crate::model::ResourceKind::EksCluster, "us-east-1", "platform");
        assert_eq!(
            LogTarget::of(&eks).map(|t| t.label()),
            Some("/aws/eks/platform/cluster".into())
        );
        let vpc = Resource::new(crate::model::ResourceKind::Vpc, "us-east-1", "vpc-1");
        assert_eq!(LogTarget::of(&vpc), None);
        // An ECS service: its task definition, from its row.
        let mut svc = Resource::new(crate::model::ResourceKind::EcsService, "us-east-1", "apps/web");
        assert_eq!(LogTarget::of(&svc), None, "no task definition known yet");
        let arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
        svc.set(crate::kinds::ecs_service::TASK_DEFINITION_ARN, arn);
        assert_eq!(LogTarget::of(&svc), Some(LogTarget::TaskDefinition(arn.into())));
    }
}
