//! Subnets, listed with the VPCs (one listing per region) and shown in a
//! view of their own.

use super::Tone::{Bad, Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

/// The VPC id it belongs to.
pub const VPC: DetailKey = DetailKey::new("vpc");
pub const AZ: DetailKey = DetailKey::new("az");
/// The IPv4 CIDR block.
pub const CIDR: DetailKey = DetailKey::new("cidr");
/// IPv6 CIDR blocks, comma-separated, when it has any.
pub const IPV6_CIDRS: DetailKey = DetailKey::new("ipv6_cidrs");
/// Free IPv4 addresses (AvailableIpAddressCount).
pub const FREE_IPS: DetailKey = DetailKey::new("free_ips");
/// Whether instances launched in it get a public IPv4 address.
pub const PUBLIC_IP_ON_LAUNCH: DetailKey = DetailKey::new("public_ip_on_launch");
/// `true` for its AZ's default subnet.
pub const DEFAULT_FOR_AZ: DetailKey = DetailKey::new("default_for_az");

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::Subnet,
    service: "ec2",
    scope: Scope::Regional,
    title: "Subnets",
    short: "Subnets",
    noun: "subnet",
    aliases: &["subnets", "sn"],
    key: None,
    listed_with: Some(ResourceKind::Vpc),
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 24),
        col("NAME", Field::Name, 18),
        col("CIDR", Field::Detail(CIDR), 18),
        col("AZ", Field::Detail(AZ), 12),
        num("FREE IPS", Field::Detail(FREE_IPS), 8),
        col("PUBLIC IP", Field::Detail(PUBLIC_IP_ON_LAUNCH), 9),
        col("VPC", Field::Detail(VPC), 21),
        col("STATE", Field::State, 9),
    ],
    sort: 0,
    states: &[
        ("available", Good),
        ("pending", Warn),
        ("unavailable", Bad),
        ("failed", Bad),
        ("failed-insufficient-capacity", Bad),
    ],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:ec2:{region}:{account}:subnet/{id}"),
    console: "https://{host}/vpcconsole/home?region={region}#SubnetDetails:subnetId={id}",
};
