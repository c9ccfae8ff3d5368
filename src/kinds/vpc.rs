//! VPCs. Listed with their subnets (one listing, each kind with its own
//! outcome), so the subnet count costs no call of its own.

use super::Tone::{Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

/// Every associated CIDR block, IPv4 then IPv6, comma-separated.
pub const CIDR_BLOCKS: DetailKey = DetailKey::new("cidr_blocks");
/// `true` for the region's default VPC.
pub const DEFAULT: DetailKey = DetailKey::new("default");
/// How many subnets it has (absent when the subnets could not be listed).
pub const SUBNET_COUNT: DetailKey = DetailKey::new("subnet_count");
pub const TENANCY: DetailKey = DetailKey::new("tenancy");

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::Vpc,
    service: "ec2",
    scope: Scope::Regional,
    title: "VPCs",
    short: "VPC",
    noun: "vpc",
    aliases: &["vpcs"],
    key: None,
    listed_with: None,
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 21),
        col("NAME", Field::Name, 18),
        col("STATE", Field::State, 9),
        col("CIDR BLOCKS", Field::Detail(CIDR_BLOCKS), 32),
        col("DEFAULT", Field::Detail(DEFAULT), 7),
        num("SUBNETS", Field::Detail(SUBNET_COUNT), 7),
    ],
    sort: 0,
    states: &[("available", Good), ("pending", Warn)],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:ec2:{region}:{account}:vpc/{id}"),
    console: "https://{host}/vpcconsole/home?region={region}#VpcDetails:VpcId={id}",
};
