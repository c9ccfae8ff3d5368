//! EC2 security groups, with whether any network interface uses them.
//!
//! The usage comes from one extra region-wide listing, DescribeNetworkInterfaces
//! (paginated to the end, run beside DescribeSecurityGroups), never from one
//! call per group. No other kind lists network interfaces, so the listing is
//! not a duplicate; and interfaces, not instances, are what a group is
//! attached to (Lambda in a VPC, RDS, load balancers and endpoints too). A
//! group's cell needs both listings: either failing fails the cell.

use std::collections::BTreeMap;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{IpPermission, SecurityGroup};

use super::{Cx, OneKind, all_items, each_page, ec2_resource, probed};
use crate::aws::Tally;
use crate::aws::ops::{Operation, ec2};
use crate::kinds::security_group::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::SecurityGroup;
    const OPERATIONS: &[Operation] = &[ec2::DESCRIBE_SECURITY_GROUPS, ec2::DESCRIBE_NETWORK_INTERFACES];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        let client = cx.client(Client::new);
        let page_size = cx.aws.page(5, 1000);
        let pages = client
            .describe_security_groups()
            .max_results(page_size)
            .into_paginator()
            .send();
        let groups = all_items(pages, tally, ec2::DESCRIBE_SECURITY_GROUPS, |p| p.security_groups());
        // Interfaces per group id.
        let mut users: BTreeMap<String, usize> = BTreeMap::new();
        let interfaces = each_page(
            client
                .describe_network_interfaces()
                .max_results(page_size)
                .into_paginator()
                .send(),
            tally,
            ec2::DESCRIBE_NETWORK_INTERFACES,
            |page| {
                for eni in page.network_interfaces() {
                    for g in eni.groups().iter().filter_map(|g| g.group_id()) {
                        *users.entry(g.to_string()).or_default() += 1;
                    }
                }
            },
        );
        let (groups, interfaces) = futures::join!(groups, interfaces);
        let groups = groups?;
        interfaces?;
        let in_use = |g: &SecurityGroup| g.group_id().and_then(|id| users.get(id)).copied().unwrap_or(0);
        Ok(groups.iter().map(|g| group(g, cx.region, in_use(g))).collect())
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).describe_security_groups().max_results(5).send()).await
    }
}

fn group(g: &SecurityGroup, region: &str, interfaces: usize) -> Resource {
    let mut r = ec2_resource(ResourceKind::SecurityGroup, region, g.group_id(), g.tags());
    r.name = g.group_name().unwrap_or_default().into();
    r.state = if interfaces > 0 { IN_USE } else { UNUSED }.into();
    r.set(VPC, g.vpc_id().unwrap_or_default());
    r.set(DESCRIPTION, g.description().unwrap_or_default());
    let inbound = rules(g.ip_permissions(), "from");
    let outbound = rules(g.ip_permissions_egress(), "to");
    r.set(INBOUND_RULES, inbound.len());
    r.set(OUTBOUND_RULES, outbound.len());
    r.set(OPEN_TO_WORLD, open_to_world(g.ip_permissions()).join(","));
    r.set(INTERFACES, interfaces);
    r.set(INBOUND, inbound.join("\n"));
    r.set(OUTBOUND, outbound.join("\n"));
    r
}

const WORLD: [&str; 2] = ["0.0.0.0/0", "::/0"];

/// The protocol's name (`-1` is every protocol).
fn protocol(p: &IpPermission) -> &str {
    match p.ip_protocol().unwrap_or("-1") {
        "-1" => "all",
        "6" => "tcp",
        "17" => "udp",
        "1" => "icmp",
        "58" => "icmpv6",
        other => other,
    }
}

/// `tcp 22`, `tcp 8000-8080`, `udp` (every port), `all`, `icmp type 8`.
fn what(p: &IpPermission) -> String {
    let proto = protocol(p);
    let (from, to) = (p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1));
    match proto {
        "all" => proto.to_string(),
        "icmp" | "icmpv6" if from >= 0 => format!("{proto} type {from}"),
        "icmp" | "icmpv6" => proto.to_string(),
        _ if from < 0 || (from == 0 && to == 65535) => format!("{proto} all ports"),
        _ if from == to => format!("{proto} {from}"),
        _ => format!("{proto} {from}-{to}"),
    }
}

/// One line per source of each permission: `tcp 22 from 0.0.0.0/0`,
/// `all from sg-0abc`, `tcp 443 from pl-1 (office)`.
fn rules(perms: &[IpPermission], word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in perms {
        let what = what(p);
        let note = |d: Option<&str>| {
            d.filter(|d| !d.is_empty())
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        };
        let mut line = |source: &str, d: Option<&str>| out.push(format!("{what} {word} {source}{}", note(d)));
        for r in p.ip_ranges() {
            line(r.cidr_ip().unwrap_or_default(), r.description());
        }
        for r in p.ipv6_ranges() {
            line(r.cidr_ipv6().unwrap_or_default(), r.description());
        }
        for r in p.prefix_list_ids() {
            line(r.prefix_list_id().unwrap_or_default(), r.description());
        }
        for pair in p.user_id_group_pairs() {
            let group = pair.group_id().or(pair.group_name()).unwrap_or_default();
            line(group, pair.description());
        }
    }
    out
}

/// The inbound ports open to the whole internet: `22/tcp`, `8000-8080/tcp`,
/// `all/udp`, `icmp`, `all`, each once.
fn open_to_world(perms: &[IpPermission]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in perms {
        let open = p
            .ip_ranges()
            .iter()
            .any(|r| r.cidr_ip().is_some_and(|c| WORLD.contains(&c)))
            || p.ipv6_ranges()
                .iter()
                .any(|r| r.cidr_ipv6().is_some_and(|c| WORLD.contains(&c)));
        if !open {
            continue;
        }
        let proto = protocol(p);
        let (from, to) = (p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1));
        let label = match proto {
            "all" | "icmp" | "icmpv6" => proto.to_string(),
            _ if from < 0 || (from == 0 && to == 65535) => format!("all/{proto}"),
            _ if from == to => format!("{from}/{proto}"),
            _ => format!("{from}-{to}/{proto}"),
        };
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{IpRange, Ipv6Range, UserIdGroupPair};

    use super::*;

    fn perm(proto: &str, from: i32, to: i32) -> aws_sdk_ec2::types::builders::IpPermissionBuilder {
        IpPermission::builder().ip_protocol(proto).from_port(from).to_port(to)
    }

    #[test]
    fn rules_read_one_a_line_and_world_open_ports_are_named() {
        let perms = vec![
            perm("tcp", 22, 22)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").description("ssh").build())
                .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
                .build(),
            perm("tcp", 8000, 8080)
                .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").build())
                .build(),
            IpPermission::builder()
                .ip_protocol("-1")
                .user_id_group_pairs(UserIdGroupPair::builder().group_id("sg-0abc").build())
                .build(),
            perm("udp", 0, 65535)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
            perm("icmp", 8, -1)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        ];
        assert_eq!(
            rules(&perms, "from"),
            [
                "tcp 22 from 0.0.0.0/0 (ssh)",
                "tcp 22 from ::/0",
                "tcp 8000-8080 from 10.0.0.0/8",
                "all from sg-0abc",
                "udp all ports from 0.0.0.0/0",
                "icmp type 8 from 0.0.0.0/0",
            ]
        );
        assert_eq!(open_to_world(&perms), ["22/tcp", "all/udp", "icmp"]);
        let g = SecurityGroup::builder()
            .group_id("sg-1")
            .group_name("ssh-open")
            .vpc_id("vpc-1")
            .set_ip_permissions(Some(perms))
            .build();
        let r = group(&g, "eu-west-1", 0);
        assert_eq!((r.name.as_str(), r.state.as_str()), ("ssh-open", "unused"));
        assert_eq!(r.detail_str(INBOUND_RULES), "6");
        assert_eq!(r.detail_str(OUTBOUND_RULES), "0");
        assert_eq!(r.detail_str(OPEN_TO_WORLD), "22/tcp,all/udp,icmp");
        assert_eq!(r.detail_str(INBOUND).lines().count(), 6);
        assert_eq!(group(&g, "eu-west-1", 2).state, "in-use");
    }
}
