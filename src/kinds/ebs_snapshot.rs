//! EBS snapshots the account owns. Listed with the EC2 instances, whose
//! listing also lists the volumes and AMIs each snapshot is checked against.

use super::Tone::{Bad, Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

/// The volume it was taken from.
pub const VOLUME: DetailKey = DetailKey::new("volume");
/// `yes` when that volume still exists in the region, `no` when it is gone.
pub const VOLUME_EXISTS: DetailKey = DetailKey::new("volume_exists");
pub const SIZE_GIB: DetailKey = DetailKey::new("size_gib");
pub const STARTED: DetailKey = DetailKey::new("started");
pub const ENCRYPTED: DetailKey = DetailKey::new("encrypted");
pub const DESCRIPTION: DetailKey = DetailKey::new("description");
/// The owned AMIs whose block devices use it, comma-separated.
pub const AMI: DetailKey = DetailKey::new("ami");
pub const PROGRESS: DetailKey = DetailKey::new("progress");

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::EbsSnapshot,
    service: "ec2",
    scope: Scope::Regional,
    title: "EBS snapshots",
    short: "Snap",
    noun: "snapshot",
    aliases: &["snap", "snaps", "snapshot", "snapshots", "ebs-snapshots"],
    key: None,
    listed_with: Some(ResourceKind::Ec2Instance),
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 22),
        col("NAME", Field::Name, 16),
        col("STATE", Field::State, 9),
        num("GIB", Field::Detail(SIZE_GIB), 5),
        num("AGE", Field::Age(STARTED), 5),
        col("VOLUME", Field::Detail(VOLUME), 21),
        col("EXISTS", Field::Detail(VOLUME_EXISTS), 6),
        col("AMI", Field::Detail(AMI), 21),
        col("DESCRIPTION", Field::Detail(DESCRIPTION), 30),
    ],
    sort: 0,
    states: &[
        ("completed", Good),
        ("pending", Warn),
        ("recoverable", Warn),
        ("recovering", Warn),
        ("error", Bad),
    ],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:ec2:{region}::snapshot/{id}"),
    console: "https://{host}/ec2/home?region={region}#SnapshotDetails:snapshotId={id}",
};
