//! EBS volumes, listed with the EC2 instances (their snapshots are checked
//! against them).

use super::{KindDef, ResourceKind, States, count, id, name, state, text};

detail_keys! {
    SIZE_GIB,
    TYPE,
    IOPS,
    AZ,
    ENCRYPTED,
    ATTACHED_TO,
    CREATED,
}

pub static KIND: KindDef = KindDef {
    key: Some('3'),
    listed_with: Some(ResourceKind::Ec2Instance),
    columns: &[
        id(21),
        name(16),
        count(SIZE_GIB, 5).titled("GIB"),
        text(TYPE, 5),
        state(9),
        text(AZ, 11),
        text(ENCRYPTED, 9),
        text(ATTACHED_TO, 19),
    ],
    states: States {
        good: &["in-use", "available"],
        warn: &["creating"],
        bad: &["deleting", "deleted", "error"],
    },
    arn: Some("arn:{p}:ec2:{region}:{account}:volume/{id}"),
    console: "https://{host}/ec2/home?region={region}#VolumeDetails:volumeId={id}",
    ..KindDef::new(
        ResourceKind::EbsVolume,
        "ec2",
        "EBS volumes",
        "EBS",
        "volume",
        &["ebs", "volume", "volumes", "vol"],
    )
};
