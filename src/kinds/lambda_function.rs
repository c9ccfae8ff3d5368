//! Lambda functions.

use super::Tone::{Bad, Good};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::{DetailKey, MetricSpec};

pub const RUNTIME: DetailKey = DetailKey::new("runtime");
pub const MEMORY_MB: DetailKey = DetailKey::new("memory_mb");
pub const TIMEOUT_S: DetailKey = DetailKey::new("timeout_s");
pub const LAST_MODIFIED: DetailKey = DetailKey::new("last_modified");
pub const HANDLER: DetailKey = DetailKey::new("handler");
pub const CODE_SIZE: DetailKey = DetailKey::new("code_size");

const K: ResourceKind = ResourceKind::LambdaFunction;
const fn m(name: &'static str, stat: &'static str, unit: &'static str) -> MetricSpec {
    MetricSpec::new(K, "AWS/Lambda", "FunctionName", name, stat, unit)
}

pub static KIND: KindDef = KindDef {
    kind: K,
    service: "lambda",
    scope: Scope::Regional,
    title: "Lambda functions",
    short: "Lambda",
    noun: "function",
    aliases: &["lambda", "fn", "functions"],
    key: Some('6'),
    listed_with: None,
    shown_in: None,
    columns: &[
        col("NAME", Field::Name, 28),
        col("RUNTIME", Field::Detail(RUNTIME), 12),
        num("MEM MB", Field::Detail(MEMORY_MB), 6),
        num("TIMEOUT", Field::Detail(TIMEOUT_S), 7),
        col("STATE", Field::State, 8),
        col("MODIFIED", Field::Detail(LAST_MODIFIED), 24),
    ],
    sort: 0,
    states: &[("active", Good), ("failed", Bad)],
    metrics: &[
        m("Invocations", "Sum", "Count"),
        m("Errors", "Sum", "Count"),
        m("Duration", "Average", "Milliseconds"),
        m("Throttles", "Sum", "Count"),
    ],
    sparkline: true,
    arn: Some("arn:{p}:lambda:{region}:{account}:function:{id}"),
    console: "https://{host}/lambda/home?region={region}#/functions/{id}",
};
