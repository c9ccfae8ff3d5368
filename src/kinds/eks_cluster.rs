//! EKS clusters; their view also shows their nodegroups.

use super::{
    Field, KindDef, LogsOf, Metrics, ResourceKind, States, average, col, eks_nodegroup, maximum, name, state, text,
};

/// The Kubernetes version: the nodegroups' key, so that one column shows
/// both.
pub const VERSION: super::DetailKey = eks_nodegroup::VERSION;

detail_keys! {
    ENDPOINT,
    PLATFORM_VERSION,
    CREATED,
}

pub static KIND: KindDef = KindDef {
    key: Some('7'),
    columns: &[
        name(20),
        col("KIND", Field::KindNoun, 9),
        text(eks_nodegroup::CLUSTER, 16),
        text(VERSION, 7),
        state(10).titled("STATUS"),
        text(eks_nodegroup::INSTANCE_TYPES, 16),
        col("D/MIN/MAX", Field::Joined(eks_nodegroup::SCALING), 9),
    ],
    states: States {
        good: &["active"],
        bad: &["failed", "deleting"],
        ..States::NONE
    },
    // Through Container Insights, where the cluster has it turned on (without
    // it CloudWatch has no datapoints, and the charts say so).
    metrics: Metrics {
        namespace: "ContainerInsights",
        dimension: "ClusterName",
        list: &[
            average("node_cpu_utilization", "Percent"),
            average("node_memory_utilization", "Percent"),
            average("cluster_node_count", "Count"),
            maximum("cluster_failed_node_count", "Count"),
        ],
    },
    arn: Some("arn:{p}:eks:{region}:{account}:cluster/{id}"),
    console: "https://{host}/eks/home?region={region}#/clusters/{id}",
    logs: Some(LogsOf::Group("/aws/eks/{id}/cluster")),
    ..KindDef::new(
        ResourceKind::EksCluster,
        "eks",
        "EKS clusters",
        "EKS",
        "cluster",
        &["eks", "cluster", "clusters"],
    )
};
