//! AMIs the account owns (DescribeImages with Owners=self). Listed with the
//! EC2 instances, whose listing also counts the instances that run each.

use super::{KindDef, ResourceKind, States, age_of, count, id, name, state, text};

detail_keys! {
    CREATED,
    /// `true` when anyone may launch it.
    PUBLIC,
    /// The EBS snapshots behind it, root device first, comma-separated.
    SNAPSHOTS,
    /// Its block devices, one a line: `/dev/xvda snap-0abc 8 GiB (root)`.
    DEVICES,
    /// How many instances of the inventory (not terminated) were launched from it.
    INSTANCES,
    ARCHITECTURE,
    DESCRIPTION,
}

pub static KIND: KindDef = KindDef {
    listed_with: Some(ResourceKind::Ec2Instance),
    columns: &[
        id(21),
        name(24),
        state(10),
        age_of(CREATED, 5),
        text(PUBLIC, 6),
        count(INSTANCES, 9),
        text(SNAPSHOTS, 22),
    ],
    sort: 1,
    states: States {
        good: &["available"],
        warn: &["pending", "transient", "disabled"],
        bad: &["failed", "error", "invalid", "deregistered"],
    },
    arn: Some("arn:{p}:ec2:{region}::image/{id}"),
    console: "https://{host}/ec2/home?region={region}#ImageDetails:imageId={id}",
    late: &[INSTANCES],
    ..KindDef::new(
        ResourceKind::Ami,
        "ec2",
        "AMIs",
        "AMI",
        "image",
        &["amis", "image", "images"],
    )
};
