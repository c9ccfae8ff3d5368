//! NAT gateways: DescribeNatGateways, paginated (1,000 a page, the most AWS
//! allows), each page handed over as it arrives; tags are in the answer.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::NatGateway;

use super::{Cx, OneKind, ec2_resource, probed};
use crate::aws::ops::{Operation, ec2};
use crate::aws::{Tally, rfc3339};
use crate::kinds::nat_gateway::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::NatGateway;
    const OPERATIONS: &[Operation] = &[ec2::DESCRIBE_NAT_GATEWAYS];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        let pages = cx
            .client(Client::new)
            .describe_nat_gateways()
            .max_results(cx.aws.page(5, 1000))
            .into_paginator()
            .send();
        cx.resources(
            ResourceKind::NatGateway,
            pages,
            tally,
            ec2::DESCRIBE_NAT_GATEWAYS,
            |p| p.nat_gateways(),
            gateway,
        )
        .await?;
        Ok(Vec::new())
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).describe_nat_gateways().max_results(5).send()).await
    }
}

fn gateway(g: &NatGateway, region: &str) -> Resource {
    let mut r = ec2_resource(ResourceKind::NatGateway, region, g.nat_gateway_id(), g.tags());
    r.state = g.state().map(|s| s.as_str().into()).unwrap_or_default();
    r.set(
        CONNECTIVITY,
        g.connectivity_type().map(|c| c.as_str()).unwrap_or("public"),
    );
    r.set(SUBNET, g.subnet_id().unwrap_or_default());
    r.set(VPC, g.vpc_id().unwrap_or_default());
    // The primary address first (AWS lists it first; moto says nothing of it).
    let mut addresses: Vec<_> = g.nat_gateway_addresses().iter().collect();
    addresses.sort_by_key(|a| a.is_primary() == Some(false));
    let public: Vec<&str> = addresses.iter().filter_map(|a| a.public_ip()).collect();
    let private: Vec<&str> = addresses.iter().filter_map(|a| a.private_ip()).collect();
    r.set(PUBLIC_IP, public.join(","));
    r.set(PRIVATE_IP, private.join(","));
    r.set(CREATED, g.create_time().map(rfc3339).unwrap_or_default());
    r
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{ConnectivityType, NatGatewayAddress, NatGatewayState, Tag};

    use super::*;

    #[test]
    fn a_gateway_shows_where_it_is_and_its_addresses() {
        let g = NatGateway::builder()
            .nat_gateway_id("nat-0abc")
            .state(NatGatewayState::Available)
            .connectivity_type(ConnectivityType::Public)
            .subnet_id("subnet-1")
            .vpc_id("vpc-1")
            .nat_gateway_addresses(
                NatGatewayAddress::builder()
                    .private_ip("10.0.0.9")
                    .public_ip("203.0.113.9")
                    .is_primary(false)
                    .build(),
            )
            .nat_gateway_addresses(
                NatGatewayAddress::builder()
                    .private_ip("10.0.0.5")
                    .public_ip("203.0.113.5")
                    .is_primary(true)
                    .build(),
            )
            .create_time(aws_smithy_types::DateTime::from_secs(1_767_225_600))
            .tags(Tag::builder().key("Name").value("egress").build())
            .build();
        let r = gateway(&g, "eu-west-1");
        assert_eq!(
            (r.id.as_str(), r.name.as_str(), r.state.as_str()),
            ("nat-0abc", "egress", "available")
        );
        assert_eq!(r.detail_str(CONNECTIVITY), "public");
        assert_eq!((r.detail_str(SUBNET), r.detail_str(VPC)), ("subnet-1", "vpc-1"));
        assert_eq!(r.detail_str(PUBLIC_IP), "203.0.113.5,203.0.113.9", "primary first");
        assert_eq!(r.detail_str(PRIVATE_IP), "10.0.0.5,10.0.0.9");
        assert_eq!(r.detail_str(CREATED), "2026-01-01T00:00:00Z");
        let private = NatGateway::builder()
            .nat_gateway_id("nat-1")
            .state(NatGatewayState::Pending)
            .connectivity_type(ConnectivityType::Private)
            .build();
        let r = gateway(&private, "eu-west-1");
        assert_eq!((r.detail_str(CONNECTIVITY), r.detail_str(PUBLIC_IP)), ("private", ""));
    }
}
