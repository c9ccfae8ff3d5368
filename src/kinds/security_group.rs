//! EC2 security groups. The state says whether any network interface uses
//! the group (`in-use`) or none does (`unused`).

use super::Tone::{Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

pub const VPC: DetailKey = DetailKey::new("vpc");
pub const DESCRIPTION: DetailKey = DetailKey::new("description");
/// How many inbound rules (one per source, as AWS counts security group rules).
pub const INBOUND_RULES: DetailKey = DetailKey::new("inbound_rules");
/// How many outbound rules.
pub const OUTBOUND_RULES: DetailKey = DetailKey::new("outbound_rules");
/// The inbound ports open to 0.0.0.0/0 or ::/0: `22/tcp,443/tcp`, `all`.
pub const OPEN_TO_WORLD: DetailKey = DetailKey::new("open_to_world");
/// How many network interfaces use the group.
pub const INTERFACES: DetailKey = DetailKey::new("interfaces");
/// The inbound rules, one a line: `tcp 22 from 0.0.0.0/0`.
pub const INBOUND: DetailKey = DetailKey::new("inbound");
/// The outbound rules, one a line: `all to 0.0.0.0/0`.
pub const OUTBOUND: DetailKey = DetailKey::new("outbound");

/// Some network interface uses the group.
pub const IN_USE: &str = "in-use";
/// No network interface uses the group.
pub const UNUSED: &str = "unused";

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::SecurityGroup,
    service: "ec2",
    scope: Scope::Regional,
    title: "Security groups",
    short: "SG",
    noun: "group",
    aliases: &["sg", "sgs", "secgroup", "security-groups"],
    key: None,
    listed_with: None,
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 20),
        col("NAME", Field::Name, 20),
        col("VPC", Field::Detail(VPC), 21),
        col("STATE", Field::State, 7),
        num("IN", Field::Detail(INBOUND_RULES), 3),
        col("OPEN TO WORLD", Field::Detail(OPEN_TO_WORLD), 16),
        num("ENIS", Field::Detail(INTERFACES), 4),
        col("DESCRIPTION", Field::Detail(DESCRIPTION), 30),
    ],
    sort: 1,
    states: &[(IN_USE, Good), (UNUSED, Warn)],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:ec2:{region}:{account}:security-group/{id}"),
    console: "https://{host}/ec2/home?region={region}#SecurityGroup:groupId={id}",
};
