//! VPCs. Listed with their subnets (one listing, each kind with its own
//! outcome), so the subnet count costs no call of its own.

use super::{KindDef, ResourceKind, States, count, id, name, state, text};

detail_keys! {
    /// Every associated CIDR block, IPv4 then IPv6, comma-separated.
    CIDR_BLOCKS,
    /// `true` for the region's default VPC.
    DEFAULT,
    /// How many subnets it has (absent when the subnets could not be listed).
    SUBNET_COUNT,
    TENANCY,
}

pub static KIND: KindDef = KindDef {
    columns: &[
        id(21),
        name(18),
        state(9),
        text(CIDR_BLOCKS, 32),
        text(DEFAULT, 7),
        count(SUBNET_COUNT, 7).titled("SUBNETS"),
    ],
    states: States {
        good: &["available"],
        warn: &["pending"],
        ..States::NONE
    },
    arn: Some("arn:{p}:ec2:{region}:{account}:vpc/{id}"),
    console: "https://{host}/vpcconsole/home?region={region}#VpcDetails:VpcId={id}",
    late: &[SUBNET_COUNT],
    ..KindDef::new(ResourceKind::Vpc, "ec2", "VPCs", "VPC", "vpc", &["vpcs"])
};
