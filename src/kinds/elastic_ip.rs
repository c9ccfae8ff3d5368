//! Elastic IP addresses. The id is the allocation id (the public IP for an
//! EC2-Classic address, which has none).

use super::{KindDef, ResourceKind, States, id, name, state, text};

detail_keys! {
    PUBLIC_IP,
    /// The instance it is associated with, else the network interface, else `none`.
    ASSOCIATED_WITH,
    INSTANCE,
    NETWORK_INTERFACE,
    PRIVATE_IP,
    ASSOCIATION_ID,
    /// `vpc` or `standard`.
    DOMAIN,
}

/// The state of an address with an association.
pub const ASSOCIATED: &str = "associated";
/// The state of an address with none (billed while idle).
pub const UNASSOCIATED: &str = "unassociated";

pub static KIND: KindDef = KindDef {
    columns: &[
        text(PUBLIC_IP, 15),
        name(16),
        id(26),
        state(12),
        text(ASSOCIATED_WITH, 21),
        text(PRIVATE_IP, 15),
    ],
    states: States {
        good: &[ASSOCIATED],
        warn: &[UNASSOCIATED],
        ..States::NONE
    },
    arn: Some("arn:{p}:ec2:{region}:{account}:elastic-ip/{id}"),
    console: "https://{host}/ec2/home?region={region}#ElasticIpDetails:AllocationId={id}",
    ..KindDef::new(
        ResourceKind::ElasticIp,
        "ec2",
        "Elastic IPs",
        "EIP",
        "address",
        &["eip", "eips", "address", "addresses"],
    )
};
