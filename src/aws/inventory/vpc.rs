//! VPCs and their subnets, in one listing per region that reports each
//! kind with its own outcome: both are listed side by side (one paginated
//! DescribeVpcs, one paginated DescribeSubnets), and each VPC's subnet
//! count comes from the subnet listing, not from a call per VPC. A failed
//! subnet listing fails only the subnets (the VPCs then carry no count).

use std::collections::HashMap;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Subnet, SubnetCidrBlockStateCode, Vpc, VpcCidrBlockState, VpcCidrBlockStateCode};

use super::{Cx, Lister, counted, ec2_resource, probed};
use crate::aws::ops::{Operation, ec2};
use crate::aws::{KindResult, Tally};
use crate::kinds::subnet::{AZ, CIDR, DEFAULT_FOR_AZ, FREE_IPS, IPV6_CIDRS, PUBLIC_IP_ON_LAUNCH, VPC};
use crate::kinds::vpc::{CIDR_BLOCKS, DEFAULT, SUBNET_COUNT, TENANCY};
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl Lister for Adapter {
    const KIND: ResourceKind = ResourceKind::Vpc;
    const OPERATIONS: &[Operation] = &[ec2::DESCRIBE_VPCS, ec2::DESCRIBE_SUBNETS];

    async fn list(cx: Cx<'_>) -> Vec<KindResult> {
        let (vpcs_tally, subnets_tally) = (Tally::default(), Tally::default());
        let client = cx.client(Client::new);
        let size = cx.aws.page(5, 1000);
        let vpcs = client.describe_vpcs().max_results(size).into_paginator().send();
        let subnets = client.describe_subnets().max_results(size).into_paginator().send();
        let (vpcs, subnets) = futures::join!(
            cx.resources(vpcs, &vpcs_tally, ec2::DESCRIBE_VPCS, |p| p.vpcs(), vpc),
            cx.resources(subnets, &subnets_tally, ec2::DESCRIBE_SUBNETS, |p| p.subnets(), subnet),
        );
        let vpcs = vpcs.map(|mut vpcs| {
            if let Ok(subnets) = &subnets {
                count_subnets(&mut vpcs, subnets);
            }
            vpcs
        });
        vec![
            counted(ResourceKind::Vpc, vpcs_tally, vpcs),
            counted(ResourceKind::Subnet, subnets_tally, subnets),
        ]
    }

    async fn probe(_: ResourceKind, cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).describe_vpcs().max_results(5).send()).await
    }
}

/// Sets each VPC's subnet count from the region's subnets.
fn count_subnets(vpcs: &mut [Resource], subnets: &[Resource]) {
    let mut per_vpc: HashMap<&str, usize> = HashMap::new();
    for s in subnets {
        *per_vpc.entry(s.detail_str(VPC)).or_default() += 1;
    }
    for v in vpcs {
        let n = per_vpc.get(v.id.as_str()).copied().unwrap_or(0);
        v.set(SUBNET_COUNT, n);
    }
}

/// A CIDR block that is (or is becoming) part of the VPC.
fn live(state: Option<&VpcCidrBlockState>) -> bool {
    state.and_then(|s| s.state()).is_none_or(|c| {
        matches!(
            c,
            VpcCidrBlockStateCode::Associated | VpcCidrBlockStateCode::Associating
        )
    })
}

fn vpc(v: &Vpc, region: &str) -> Resource {
    let mut r = ec2_resource(ResourceKind::Vpc, region, v.vpc_id(), v.tags());
    r.state = v.state().map(|s| s.as_str().into()).unwrap_or_default();
    let mut blocks: Vec<&str> = v
        .cidr_block_association_set()
        .iter()
        .filter(|a| live(a.cidr_block_state()))
        .filter_map(|a| a.cidr_block())
        .collect();
    if blocks.is_empty() {
        blocks.extend(v.cidr_block());
    }
    blocks.extend(
        v.ipv6_cidr_block_association_set()
            .iter()
            .filter(|a| live(a.ipv6_cidr_block_state()))
            .filter_map(|a| a.ipv6_cidr_block()),
    );
    r.set(CIDR_BLOCKS, blocks.join(","));
    r.set(DEFAULT, v.is_default().unwrap_or(false));
    r.set(TENANCY, v.instance_tenancy().map(|t| t.as_str()).unwrap_or_default());
    r
}

fn subnet(s: &Subnet, region: &str) -> Resource {
    let mut r = ec2_resource(ResourceKind::Subnet, region, s.subnet_id(), s.tags());
    r.state = s.state().map(|x| x.as_str().into()).unwrap_or_default();
    r.set(VPC, s.vpc_id().unwrap_or_default());
    r.set(AZ, s.availability_zone().unwrap_or_default());
    r.set(CIDR, s.cidr_block().unwrap_or_default());
    let ipv6: Vec<&str> = s
        .ipv6_cidr_block_association_set()
        .iter()
        .filter(|a| {
            a.ipv6_cidr_block_state().and_then(|st| st.state()).is_none_or(|c| {
                matches!(
                    c,
                    SubnetCidrBlockStateCode::Associated | SubnetCidrBlockStateCode::Associating
                )
            })
        })
        .filter_map(|a| a.ipv6_cidr_block())
        .collect();
    r.set(IPV6_CIDRS, ipv6.join(","));
    r.set(
        FREE_IPS,
        s.available_ip_address_count()
            .map(|n| n.to_string())
            .unwrap_or_default(),
    );
    r.set(PUBLIC_IP_ON_LAUNCH, s.map_public_ip_on_launch().unwrap_or(false));
    r.set(DEFAULT_FOR_AZ, s.default_for_az().unwrap_or(false));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subnet_counts_come_from_the_subnet_listing() {
        let mut vpcs = vec![
            Resource::new(ResourceKind::Vpc, "r", "vpc-a"),
            Resource::new(ResourceKind::Vpc, "r", "vpc-b"),
        ];
        let subnets: Vec<Resource> = ["vpc-a", "vpc-a", "vpc-c"]
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut s = Resource::new(ResourceKind::Subnet, "r", format!("subnet-{i}"));
                s.set(VPC, v);
                s
            })
            .collect();
        count_subnets(&mut vpcs, &subnets);
        assert_eq!(vpcs[0].detail_str(SUBNET_COUNT), "2");
        assert_eq!(vpcs[1].detail_str(SUBNET_COUNT), "0", "a VPC with no subnet says 0");
    }
}
