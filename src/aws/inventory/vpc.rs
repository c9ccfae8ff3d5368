//! VPCs and their subnets, in one listing per region that reports each
//! kind with its own outcome: both are listed side by side (one paginated
//! DescribeVpcs, one paginated DescribeSubnets), each page handed over as
//! it arrives, and each VPC's subnet count comes from the subnet listing
//! (a late fact of the VPCs), not from a call per VPC. A failed subnet
//! listing fails only the subnets (the VPCs then carry no count).

use std::collections::BTreeMap;

use compact_str::CompactString;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Subnet, SubnetCidrBlockStateCode, Vpc, VpcCidrBlockState, VpcCidrBlockStateCode};

use super::{Cx, Lister, each_page, ec2_resource, ended, probed};
use crate::aws::ops::{Operation, ec2};
use crate::aws::{KindResult, Tally};
use crate::kinds::subnet::{AZ, CIDR, DEFAULT_FOR_AZ, FREE_IPS, IPV6_CIDRS, PUBLIC_IP_ON_LAUNCH, VPC};
use crate::kinds::vpc::{CIDR_BLOCKS, DEFAULT, SUBNET_COUNT, TENANCY};
use crate::model::{AwsError, Fact, Late, Resource, ResourceKind};

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
        let mut per_vpc = BTreeMap::new();
        let subnets = each_page(subnets, &subnets_tally, ec2::DESCRIBE_SUBNETS, |page| {
            let rows: Vec<Resource> = page.subnets().iter().map(|s| subnet(s, cx.region)).collect();
            count_subnets(&mut per_vpc, &rows);
            cx.hand(ResourceKind::Subnet, rows);
        });
        let (vpcs, subnets) = futures::join!(
            cx.resources(
                ResourceKind::Vpc,
                vpcs,
                &vpcs_tally,
                ec2::DESCRIBE_VPCS,
                |p| p.vpcs(),
                vpc
            ),
            subnets,
        );
        let counts = subnets.as_ref().ok().map(|()| Fact::Count {
            key: SUBNET_COUNT,
            by_id: per_vpc,
        });
        vec![
            ended(ResourceKind::Vpc, vpcs_tally, vpcs.map(|()| Late::of(counts))),
            ended(ResourceKind::Subnet, subnets_tally, subnets.map(|()| Late::none())),
        ]
    }

    async fn probe(_: ResourceKind, cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).describe_vpcs().max_results(5).send()).await
    }
}

/// Counts a page of subnets under their VPCs.
fn count_subnets(per_vpc: &mut BTreeMap<CompactString, u32>, subnets: &[Resource]) {
    for s in subnets {
        *per_vpc.entry(s.detail_str(VPC).into()).or_default() += 1;
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
        let subnets: Vec<Resource> = ["vpc-a", "vpc-a", "vpc-c"]
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut s = Resource::new(ResourceKind::Subnet, "r", format!("subnet-{i}"));
                s.set(VPC, v);
                s
            })
            .collect();
        let mut per_vpc = BTreeMap::new();
        count_subnets(&mut per_vpc, &subnets[..1]);
        count_subnets(&mut per_vpc, &subnets[1..]);
        let late = Late::of([Fact::Count {
            key: SUBNET_COUNT,
            by_id: per_vpc,
        }]);
        let count = |id: &str| {
            let mut v = Resource::new(ResourceKind::Vpc, "r", id);
            late.apply(&mut v);
            v.detail_str(SUBNET_COUNT).to_string()
        };
        assert_eq!(count("vpc-a"), "2");
        assert_eq!(count("vpc-b"), "0", "a VPC with no subnet says 0");
    }
}
