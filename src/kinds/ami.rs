//! AMIs the account owns (DescribeImages with Owners=self). Listed with the
//! EC2 instances, whose listing also counts the instances that run each.

use super::Tone::{Bad, Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

pub const CREATED: DetailKey = DetailKey::new("created");
/// `true` when anyone may launch it.
pub const PUBLIC: DetailKey = DetailKey::new("public");
/// The EBS snapshots behind it, root device first, comma-separated.
pub const SNAPSHOTS: DetailKey = DetailKey::new("snapshots");
/// Its block devices, one a line: `/dev/xvda snap-0abc 8 GiB (root)`.
pub const DEVICES: DetailKey = DetailKey::new("devices");
/// How many instances of the inventory (not terminated) were launched from it.
pub const INSTANCES: DetailKey = DetailKey::new("instances");
pub const ARCHITECTURE: DetailKey = DetailKey::new("architecture");
pub const DESCRIPTION: DetailKey = DetailKey::new("description");

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::Ami,
    service: "ec2",
    scope: Scope::Regional,
    title: "AMIs",
    short: "AMI",
    noun: "image",
    aliases: &["amis", "image", "images"],
    key: None,
    listed_with: Some(ResourceKind::Ec2Instance),
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 21),
        col("NAME", Field::Name, 24),
        col("STATE", Field::State, 10),
        num("AGE", Field::Age(CREATED), 5),
        col("PUBLIC", Field::Detail(PUBLIC), 6),
        num("INSTANCES", Field::Detail(INSTANCES), 9),
        col("SNAPSHOTS", Field::Detail(SNAPSHOTS), 22),
    ],
    sort: 1,
    states: &[
        ("available", Good),
        ("pending", Warn),
        ("transient", Warn),
        ("disabled", Warn),
        ("failed", Bad),
        ("error", Bad),
        ("invalid", Bad),
        ("deregistered", Bad),
    ],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:ec2:{region}::image/{id}"),
    console: "https://{host}/ec2/home?region={region}#ImageDetails:imageId={id}",
};
