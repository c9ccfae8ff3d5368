//! EKS managed nodegroups, shown in the EKS clusters view. The id is
//! `cluster/nodegroup`.

use super::{DetailKey, KindDef, ResourceKind, States};

detail_keys! {
    /// The Kubernetes version (the same key as a cluster's).
    VERSION,
    CLUSTER,
    INSTANCE_TYPES,
    CAPACITY_TYPE,
    /// Its ARN ends in an id only AWS knows (`y`/`Y` copy it).
    ARN,
    DESIRED,
    MIN,
    MAX,
}
/// `desired/min/max`.
pub const SCALING: &[DetailKey] = &[DESIRED, MIN, MAX];

pub static KIND: KindDef = KindDef {
    listed_with: Some(ResourceKind::EksCluster),
    shown_in: Some(ResourceKind::EksCluster),
    states: States {
        good: &["active"],
        bad: &["create_failed", "deleting", "degraded"],
        ..States::NONE
    },
    console: "https://{host}/eks/home?region={region}#/clusters/{id_head}/nodegroups/{id_tail}",
    ..KindDef::new(
        ResourceKind::EksNodegroup,
        "eks",
        "EKS nodegroups",
        "NodeGrp",
        "nodegroup",
        &["ng", "nodegroup", "nodegroups"],
    )
};
