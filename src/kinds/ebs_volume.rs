//! EBS volumes, listed with the EC2 instances (their snapshots are checked
//! against them).

use super::Tone::{Bad, Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

pub const SIZE_GIB: DetailKey = DetailKey::new("size_gib");
pub const TYPE: DetailKey = DetailKey::new("type");
pub const IOPS: DetailKey = DetailKey::new("iops");
pub const AZ: DetailKey = DetailKey::new("az");
pub const ENCRYPTED: DetailKey = DetailKey::new("encrypted");
pub const ATTACHED_TO: DetailKey = DetailKey::new("attached_to");
pub const CREATED: DetailKey = DetailKey::new("created");

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::EbsVolume,
    service: "ec2",
    scope: Scope::Regional,
    title: "EBS volumes",
    short: "EBS",
    noun: "volume",
    aliases: &["ebs", "volume", "volumes", "vol"],
    key: Some('3'),
    listed_with: Some(ResourceKind::Ec2Instance),
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 21),
        col("NAME", Field::Name, 16),
        num("GIB", Field::Detail(SIZE_GIB), 5),
        col("TYPE", Field::Detail(TYPE), 5),
        col("STATE", Field::State, 9),
        col("AZ", Field::Detail(AZ), 11),
        col("ENCRYPTED", Field::Detail(ENCRYPTED), 9),
        col("ATTACHED TO", Field::Detail(ATTACHED_TO), 19),
    ],
    sort: 0,
    states: &[
        ("in-use", Good),
        ("available", Good),
        ("creating", Warn),
        ("deleting", Bad),
        ("deleted", Bad),
        ("error", Bad),
    ],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:ec2:{region}:{account}:volume/{id}"),
    console: "https://{host}/ec2/home?region={region}#VolumeDetails:volumeId={id}",
};
