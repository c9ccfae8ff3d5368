//! EKS managed nodegroups, shown in the EKS clusters view. The id is
//! `cluster/nodegroup`.

use super::Tone::{Bad, Good};
use super::{KindDef, ResourceKind, Scope};
use crate::model::DetailKey;

pub const CLUSTER: DetailKey = DetailKey::new("cluster");
pub const VERSION: DetailKey = super::eks_cluster::VERSION;
pub const INSTANCE_TYPES: DetailKey = DetailKey::new("instance_types");
pub const CAPACITY_TYPE: DetailKey = DetailKey::new("capacity_type");
/// Its ARN ends in an id only AWS knows (`y`/`Y` copy it).
pub const ARN: DetailKey = DetailKey::new("arn");
pub const DESIRED: DetailKey = DetailKey::new("desired");
pub const MIN: DetailKey = DetailKey::new("min");
pub const MAX: DetailKey = DetailKey::new("max");
/// `desired/min/max`.
pub const SCALING: &[DetailKey] = &[DESIRED, MIN, MAX];

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::EksNodegroup,
    service: "eks",
    scope: Scope::Regional,
    title: "EKS nodegroups",
    short: "NodeGrp",
    noun: "nodegroup",
    aliases: &["ng", "nodegroup", "nodegroups"],
    key: None,
    listed_with: Some(ResourceKind::EksCluster),
    shown_in: Some(ResourceKind::EksCluster),
    columns: &[],
    sort: 0,
    states: &[
        ("active", Good),
        ("create_failed", Bad),
        ("deleting", Bad),
        ("degraded", Bad),
    ],
    metrics: &[],
    sparkline: false,
    arn: None,
    console: "https://{host}/eks/home?region={region}#/clusters/{id_head}/nodegroups/{id_tail}",
};
