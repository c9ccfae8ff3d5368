//! EMR clusters in active states.

use super::Tone::{Bad, Good};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::{DetailKey, MetricSpec};

pub const NORMALIZED_HOURS: DetailKey = DetailKey::new("normalized_hours");
pub const RELEASE: DetailKey = DetailKey::new("release");
pub const MASTER_DNS: DetailKey = DetailKey::new("master_dns");
pub const APPLICATIONS: DetailKey = DetailKey::new("applications");

const K: ResourceKind = ResourceKind::EmrCluster;
const fn m(name: &'static str, stat: &'static str, unit: &'static str) -> MetricSpec {
    MetricSpec::new(K, "AWS/ElasticMapReduce", "JobFlowId", name, stat, unit)
}

pub static KIND: KindDef = KindDef {
    kind: K,
    service: "emr",
    scope: Scope::Regional,
    title: "EMR clusters",
    short: "EMR",
    noun: "cluster",
    aliases: &["emr"],
    key: Some('8'),
    listed_with: None,
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 15),
        col("NAME", Field::Name, 20),
        col("STATE", Field::State, 12),
        col("RELEASE", Field::Detail(RELEASE), 10),
        num("HOURS", Field::Detail(NORMALIZED_HOURS), 6),
        col("MASTER", Field::Detail(MASTER_DNS), 30),
    ],
    sort: 0,
    states: &[
        ("running", Good),
        ("waiting", Good),
        ("terminated", Bad),
        ("terminated_with_errors", Bad),
    ],
    metrics: &[
        m("IsIdle", "Average", "Count"),
        m("ContainerPending", "Average", "Count"),
        m("AppsRunning", "Average", "Count"),
    ],
    sparkline: false,
    arn: Some("arn:{p}:elasticmapreduce:{region}:{account}:cluster/{id}"),
    console: "https://{host}/emr/home?region={region}#/clusterDetails/{id}",
};
