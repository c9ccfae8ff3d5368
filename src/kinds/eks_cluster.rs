//! EKS clusters; their view also shows their nodegroups.

use super::Tone::{Bad, Good};
use super::{Field, KindDef, ResourceKind, Scope, col, eks_nodegroup};
use crate::model::{DetailKey, MetricSpec};

pub const VERSION: DetailKey = DetailKey::new("version");
pub const ENDPOINT: DetailKey = DetailKey::new("endpoint");
pub const PLATFORM_VERSION: DetailKey = DetailKey::new("platform_version");
pub const CREATED: DetailKey = DetailKey::new("created");

const K: ResourceKind = ResourceKind::EksCluster;
/// Through Container Insights, where the cluster has it turned on (without
/// it CloudWatch has no datapoints, and the charts say so).
const fn m(name: &'static str, stat: &'static str, unit: &'static str) -> MetricSpec {
    MetricSpec::new(K, "ContainerInsights", "ClusterName", name, stat, unit)
}

pub static KIND: KindDef = KindDef {
    kind: K,
    service: "eks",
    scope: Scope::Regional,
    title: "EKS clusters",
    short: "EKS",
    noun: "cluster",
    aliases: &["eks", "cluster", "clusters"],
    key: Some('7'),
    listed_with: None,
    shown_in: None,
    columns: &[
        col("NAME", Field::Name, 20),
        col("KIND", Field::KindNoun, 9),
        col("CLUSTER", Field::Detail(eks_nodegroup::CLUSTER), 16),
        col("VERSION", Field::Detail(VERSION), 7),
        col("STATUS", Field::State, 10),
        col("INSTANCE TYPES", Field::Detail(eks_nodegroup::INSTANCE_TYPES), 16),
        col("D/MIN/MAX", Field::Joined(eks_nodegroup::SCALING), 9),
    ],
    sort: 0,
    states: &[("active", Good), ("failed", Bad), ("deleting", Bad)],
    metrics: &[
        m("node_cpu_utilization", "Average", "Percent"),
        m("node_memory_utilization", "Average", "Percent"),
        m("cluster_node_count", "Average", "Count"),
        m("cluster_failed_node_count", "Maximum", "Count"),
    ],
    sparkline: false,
    arn: Some("arn:{p}:eks:{region}:{account}:cluster/{id}"),
    console: "https://{host}/eks/home?region={region}#/clusters/{id}",
};
