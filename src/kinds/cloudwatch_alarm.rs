//! CloudWatch alarms, metric and composite. The id is the alarm name. The
//! view sorts by state, which puts ALARM first: the three words sort
//! `ALARM` < `INSUFFICIENT_DATA` < `OK` (a test holds this).

use super::{KindDef, ResourceKind, States, age_of, name, state, text};

/// The state word of an alarm that is firing.
pub const ALARM: &str = "ALARM";

detail_keys! {
    /// `metric` or `composite`.
    TYPE,
    /// The metric name (for metric-math alarms, the metrics the math reads).
    METRIC,
    NAMESPACE,
    /// `Name=value` pairs, comma-separated.
    DIMENSIONS,
    STATISTIC,
    PERIOD_S,
    /// The threshold, a number.
    THRESHOLD,
    /// The comparison operator as AWS names it (`GreaterThanThreshold`).
    COMPARISON,
    /// Comparison and threshold, readable: `> 80`, `<= 5`.
    CONDITION,
    /// A composite alarm's rule.
    RULE,
    STATE_REASON,
    /// When the state last changed (RFC 3339).
    SINCE,
    ARN,
}

pub static KIND: KindDef = KindDef {
    columns: &[
        name(28),
        state(17),
        age_of(SINCE, 5).titled("SINCE"),
        text(METRIC, 22),
        text(CONDITION, 10).titled("THRESHOLD"),
        text(NAMESPACE, 18),
        text(DIMENSIONS, 30),
        text(STATE_REASON, 60).titled("REASON"),
    ],
    // By state: ALARM first.
    sort: 1,
    states: States {
        good: &["OK"],
        warn: &["INSUFFICIENT_DATA"],
        bad: &["ALARM"],
    },
    arn: Some("arn:{p}:cloudwatch:{region}:{account}:alarm:{id}"),
    console: "https://{host}/cloudwatch/home?region={region}#alarmsV2:alarm/{id}",
    ..KindDef::new(
        ResourceKind::CloudwatchAlarm,
        "cloudwatch",
        "CloudWatch alarms",
        "Alarms",
        "alarm",
        &["alarm", "alarms", "cw"],
    )
};
