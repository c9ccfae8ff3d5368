//! Elastic IP addresses. The id is the allocation id (the public IP for an
//! EC2-Classic address, which has none).

use super::Tone::{Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col};
use crate::model::DetailKey;

pub const PUBLIC_IP: DetailKey = DetailKey::new("public_ip");
/// The instance it is associated with, else the network interface, else `none`.
pub const ASSOCIATED_WITH: DetailKey = DetailKey::new("associated_with");
pub const INSTANCE: DetailKey = DetailKey::new("instance");
pub const NETWORK_INTERFACE: DetailKey = DetailKey::new("network_interface");
pub const PRIVATE_IP: DetailKey = DetailKey::new("private_ip");
pub const ASSOCIATION_ID: DetailKey = DetailKey::new("association_id");
/// `vpc` or `standard`.
pub const DOMAIN: DetailKey = DetailKey::new("domain");

/// The state of an address with an association.
pub const ASSOCIATED: &str = "associated";
/// The state of an address with none (billed while idle).
pub const UNASSOCIATED: &str = "unassociated";

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::ElasticIp,
    service: "ec2",
    scope: Scope::Regional,
    title: "Elastic IPs",
    short: "EIP",
    noun: "address",
    aliases: &["eip", "eips", "address", "addresses"],
    key: None,
    listed_with: None,
    shown_in: None,
    columns: &[
        col("PUBLIC IP", Field::Detail(PUBLIC_IP), 15),
        col("NAME", Field::Name, 16),
        col("ID", Field::Id, 26),
        col("STATE", Field::State, 12),
        col("ASSOCIATED WITH", Field::Detail(ASSOCIATED_WITH), 21),
        col("PRIVATE IP", Field::Detail(PRIVATE_IP), 15),
    ],
    sort: 0,
    states: &[(ASSOCIATED, Good), (UNASSOCIATED, Warn)],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:ec2:{region}:{account}:elastic-ip/{id}"),
    console: "https://{host}/ec2/home?region={region}#ElasticIpDetails:AllocationId={id}",
};
