//! CloudWatch alarms, metric and composite. The id is the alarm name. The
//! view sorts by state, which puts ALARM first: the three words sort
//! `ALARM` < `INSUFFICIENT_DATA` < `OK` (a test holds this).

use super::Tone::{Bad, Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

/// The state word of an alarm that is firing.
pub const ALARM: &str = "ALARM";

/// `metric` or `composite`.
pub const TYPE: DetailKey = DetailKey::new("type");
/// The metric name (for metric-math alarms, the metrics the math reads).
pub const METRIC: DetailKey = DetailKey::new("metric");
pub const NAMESPACE: DetailKey = DetailKey::new("namespace");
/// `Name=value` pairs, comma-separated.
pub const DIMENSIONS: DetailKey = DetailKey::new("dimensions");
pub const STATISTIC: DetailKey = DetailKey::new("statistic");
pub const PERIOD_S: DetailKey = DetailKey::new("period_s");
/// The threshold, a number.
pub const THRESHOLD: DetailKey = DetailKey::new("threshold");
/// The comparison operator as AWS names it (`GreaterThanThreshold`).
pub const COMPARISON: DetailKey = DetailKey::new("comparison");
/// Comparison and threshold, readable: `> 80`, `<= 5`.
pub const CONDITION: DetailKey = DetailKey::new("condition");
/// A composite alarm's rule.
pub const RULE: DetailKey = DetailKey::new("rule");
pub const STATE_REASON: DetailKey = DetailKey::new("state_reason");
/// When the state last changed (RFC 3339).
pub const SINCE: DetailKey = DetailKey::new("since");
pub const ARN: DetailKey = DetailKey::new("arn");

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::CloudwatchAlarm,
    service: "cloudwatch",
    scope: Scope::Regional,
    title: "CloudWatch alarms",
    short: "Alarms",
    noun: "alarm",
    aliases: &["alarm", "alarms", "cw"],
    key: None,
    listed_with: None,
    shown_in: None,
    columns: &[
        col("NAME", Field::Name, 28),
        col("STATE", Field::State, 17),
        num("SINCE", Field::Age(SINCE), 5),
        col("METRIC", Field::Detail(METRIC), 22),
        col("THRESHOLD", Field::Detail(CONDITION), 10),
        col("NAMESPACE", Field::Detail(NAMESPACE), 18),
        col("DIMENSIONS", Field::Detail(DIMENSIONS), 30),
        col("REASON", Field::Detail(STATE_REASON), 60),
    ],
    // By state: ALARM first.
    sort: 1,
    states: &[("OK", Good), ("ALARM", Bad), ("INSUFFICIENT_DATA", Warn)],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:cloudwatch:{region}:{account}:alarm:{id}"),
    console: "https://{host}/cloudwatch/home?region={region}#alarmsV2:alarm/{id}",
};
