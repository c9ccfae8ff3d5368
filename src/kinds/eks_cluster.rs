//! EKS clusters; their view also shows their nodegroups.

use super::{Field, KindDef, States, Metrics, ResourceKind, col, name, text, eks_nodegroup};

detail_keys! {
    VERSION,
    ENDPOINT,
    PLATFORM_VERSION,
    CREATED,
}

const K: ResourceKind = ResourceKind::EksCluster;
/// Through Container Insights, where the cluster has it turned on (without
/// it CloudWatch has no datapoints, and the charts say so).
const CW: Metrics = Metrics::new(K, "ContainerInsights", "ClusterName");

pub static KIND: KindDef = KindDef {
    aliases: &["eks", "cluster", "clusters"],
    key: Some('7'),
    columns: &[
        name(20),
        col("KIND", Field::KindNoun, 9),
        text("CLUSTER", eks_nodegroup::CLUSTER, 16),
        text("VERSION", VERSION, 7),
        col("STATUS", Field::State, 10),
        text("INSTANCE TYPES", eks_nodegroup::INSTANCE_TYPES, 16),
        col("D/MIN/MAX", Field::Joined(eks_nodegroup::SCALING), 9),
    ],
    states: States {
        good: &["active"],
        bad: &["failed", "deleting"],
        ..States::NONE
    },
    metrics: &[
        CW.of("node_cpu_utilization", "Average", "Percent"),
        CW.of("node_memory_utilization", "Average", "Percent"),
        CW.of("cluster_node_count", "Average", "Count"),
        CW.of("cluster_failed_node_count", "Maximum", "Count"),
    ],
    arn: Some("arn:{p}:eks:{region}:{account}:cluster/{id}"),
    console: "https://{host}/eks/home?region={region}#/clusters/{id}",
    ..KindDef::new(K, "eks", "EKS clusters", "EKS", "cluster")
};
