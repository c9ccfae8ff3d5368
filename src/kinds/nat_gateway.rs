//! NAT gateways. The id is the `nat-…` id.

use super::{KindDef, Metrics, ResourceKind, States, age_of, id, maximum, name, state, sum, text};

detail_keys! {
    /// `public` or `private`.
    CONNECTIVITY,
    SUBNET,
    VPC,
    PUBLIC_IP,
    PRIVATE_IP,
    CREATED,
}

/// The metric `nat-gateway-idle` reads over seven days.
pub const BYTES_OUT: &str = "BytesOutToDestination";

pub static KIND: KindDef = KindDef {
    columns: &[
        id(22),
        name(16),
        state(9),
        text(CONNECTIVITY, 7).titled("TYPE"),
        text(SUBNET, 24),
        text(VPC, 21),
        text(PUBLIC_IP, 15),
        age_of(CREATED, 5),
    ],
    states: States {
        good: &["available"],
        warn: &["pending", "deleting"],
        bad: &["failed", "deleted"],
    },
    metrics: Metrics {
        namespace: "AWS/NATGateway",
        dimension: "NatGatewayId",
        list: &[
            sum(BYTES_OUT, "Bytes"),
            sum("BytesInFromSource", "Bytes"),
            maximum("ActiveConnectionCount", "Count"),
            sum("ErrorPortAllocation", "Count"),
        ],
    },
    arn: Some("arn:{p}:ec2:{region}:{account}:natgateway/{id}"),
    console: "https://{host}/vpcconsole/home?region={region}#NatGatewayDetails:natGatewayId={id}",
    ..KindDef::new(
        ResourceKind::NatGateway,
        "ec2",
        "NAT gateways",
        "NAT",
        "gateway",
        &["nat", "nats", "natgw"],
    )
};
