//! EC2 security groups. The state says whether any network interface uses
//! the group (`in-use`) or none does (`unused`).

use super::{KindDef, ResourceKind, States, count, id, name, state, text};

detail_keys! {
    VPC,
    DESCRIPTION,
    /// How many inbound rules (one per source, as AWS counts security group rules).
    INBOUND_RULES,
    /// How many outbound rules.
    OUTBOUND_RULES,
    /// The inbound ports open to 0.0.0.0/0 or ::/0: `22/tcp,443/tcp`, `all`.
    OPEN_TO_WORLD,
    /// How many network interfaces use the group.
    INTERFACES,
    /// The inbound rules, one a line: `tcp 22 from 0.0.0.0/0`.
    INBOUND,
    /// The outbound rules, one a line: `all to 0.0.0.0/0`.
    OUTBOUND,
}

/// Some network interface uses the group.
pub const IN_USE: &str = "in-use";
/// No network interface uses the group.
pub const UNUSED: &str = "unused";

pub static KIND: KindDef = KindDef {
    columns: &[
        id(20),
        name(20),
        text(VPC, 21),
        state(7),
        count(INBOUND_RULES, 3).titled("IN"),
        text(OPEN_TO_WORLD, 16),
        count(INTERFACES, 4).titled("ENIS"),
        text(DESCRIPTION, 30),
    ],
    sort: 1,
    states: States {
        good: &[IN_USE],
        warn: &[UNUSED],
        ..States::NONE
    },
    arn: Some("arn:{p}:ec2:{region}:{account}:security-group/{id}"),
    console: "https://{host}/ec2/home?region={region}#SecurityGroup:groupId={id}",
    ..KindDef::new(
        ResourceKind::SecurityGroup,
        "ec2",
        "Security groups",
        "SG",
        "group",
        &["sg", "sgs", "secgroup", "security-groups"],
    )
};
