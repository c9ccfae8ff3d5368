//! Subnets, listed with the VPCs (one listing per region) and shown in a
//! view of their own.

use super::{KindDef, ResourceKind, States, count, id, name, state, text};

detail_keys! {
    /// The VPC id it belongs to.
    VPC,
    AZ,
    /// The IPv4 CIDR block.
    CIDR,
    /// IPv6 CIDR blocks, comma-separated, when it has any.
    IPV6_CIDRS,
    /// Free IPv4 addresses (AvailableIpAddressCount).
    FREE_IPS,
    /// Whether instances launched in it get a public IPv4 address.
    PUBLIC_IP_ON_LAUNCH,
    /// `true` for its AZ's default subnet.
    DEFAULT_FOR_AZ,
}

pub static KIND: KindDef = KindDef {
    listed_with: Some(ResourceKind::Vpc),
    columns: &[
        id(24),
        name(18),
        text(CIDR, 18),
        text(AZ, 12),
        count(FREE_IPS, 8),
        text(PUBLIC_IP_ON_LAUNCH, 9).titled("PUBLIC IP"),
        text(VPC, 21),
        state(9),
    ],
    states: States {
        good: &["available"],
        warn: &["pending"],
        bad: &["unavailable", "failed", "failed-insufficient-capacity"],
    },
    arn: Some("arn:{p}:ec2:{region}:{account}:subnet/{id}"),
    console: "https://{host}/vpcconsole/home?region={region}#SubnetDetails:subnetId={id}",
    ..KindDef::new(
        ResourceKind::Subnet,
        "ec2",
        "Subnets",
        "Subnets",
        "subnet",
        &["subnets", "sn"],
    )
};
