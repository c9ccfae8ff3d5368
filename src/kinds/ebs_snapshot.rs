//! EBS snapshots the account owns. Listed with the EC2 instances, whose
//! listing also lists the volumes and AMIs each snapshot is checked against.

use super::{KindDef, ResourceKind, States, age_of, count, id, name, state, text};

detail_keys! {
    /// The volume it was taken from.
    VOLUME,
    /// `yes` when that volume still exists in the region, `no` when it is gone.
    VOLUME_EXISTS,
    SIZE_GIB,
    STARTED,
    ENCRYPTED,
    DESCRIPTION,
    /// The owned AMIs whose block devices use it, comma-separated.
    AMI,
    PROGRESS,
}

pub static KIND: KindDef = KindDef {
    listed_with: Some(ResourceKind::Ec2Instance),
    columns: &[
        id(22),
        name(16),
        state(9),
        count(SIZE_GIB, 5).titled("GIB"),
        age_of(STARTED, 5),
        text(VOLUME, 21),
        text(VOLUME_EXISTS, 6).titled("EXISTS"),
        text(AMI, 21),
        text(DESCRIPTION, 30),
    ],
    states: States {
        good: &["completed"],
        warn: &["pending", "recoverable", "recovering"],
        bad: &["error"],
    },
    arn: Some("arn:{p}:ec2:{region}::snapshot/{id}"),
    console: "https://{host}/ec2/home?region={region}#SnapshotDetails:snapshotId={id}",
    late: &[VOLUME_EXISTS, AMI],
    ..KindDef::new(
        ResourceKind::EbsSnapshot,
        "ec2",
        "EBS snapshots",
        "Snap",
        "snapshot",
        &["snap", "snaps", "snapshot", "snapshots", "ebs-snapshots"],
    )
};
