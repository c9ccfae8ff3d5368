//! Elastic Load Balancing (v2) load balancers and target groups, in one
//! listing per region that reports each kind with its own outcome:
//! DescribeLoadBalancers and DescribeTargetGroups (both paginated) side by
//! side with one GetResources listing for the tags of both, then one
//! DescribeTargetHealth per target group, [`HEALTH_AT_ONCE`] at a time.
//!
//! DescribeTargetHealth is the one call per resource of the inventory:
//! ELBv2 has no call that gives the health of many groups' targets. It is
//! counted like every call (the meter and `--once` stats show it under
//! `elbv2:DescribeTargetHealth`).
//!
//! The load balancers are handed over once their tags are known, before
//! any target's health; each one's count of target groups and registered
//! targets comes at the end as late facts from the target groups (absent
//! when their listing failed). A failed target-group listing fails only
//! the target groups.
//!
//! Tags: GetResources covers ELBv2 on AWS and in moto, both kinds in one
//! listing (resource type `elasticloadbalancing`), so no tag call is made
//! per resource. Where it is denied, DescribeTags takes the ARNs 20 at a
//! time (its limit): a batched fallback, declared as such.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::Client;
use aws_sdk_elasticloadbalancingv2::types::{LoadBalancer, TargetGroup, TargetHealthDescription};
use compact_str::CompactString;
use futures::{StreamExt, TryStreamExt};

use super::tagging::{ByArn, tags_by_arn};
use super::{Cx, Lister, all_items, ended, fan_out, probed};
use crate::aws::ops::{Operation, elbv2};
use crate::aws::{KindResult, Tally, aws_error, rfc3339, tags};
use crate::kinds::{load_balancer as lb, target_group as tg};
use crate::model::{AwsError, Fact, Late, Resource, ResourceKind};

pub(super) struct Adapter;

/// How many DescribeTargetHealth calls of one (account, region) are in
/// flight at once. ELB's Describe calls share a small per-region request
/// rate; a region with hundreds of groups then makes them a few at a
/// time, and the SDK's retries absorb a throttled one.
pub(super) const HEALTH_AT_ONCE: usize = 4;

/// DescribeTags takes at most this many ARNs a call.
const TAGS_PER_CALL: usize = 20;

impl Lister for Adapter {
    const KIND: ResourceKind = ResourceKind::LoadBalancer;
    const OPERATIONS: &[Operation] = &[
        elbv2::DESCRIBE_LOAD_BALANCERS,
        elbv2::DESCRIBE_TARGET_GROUPS,
        elbv2::DESCRIBE_TARGET_HEALTH,
        elbv2::DESCRIBE_TAGS,
    ];

    async fn list(cx: Cx<'_>) -> Vec<KindResult> {
        let (lbs_tally, tgs_tally) = (Tally::default(), Tally::default());
        let client = cx.client(Client::new);
        let size = cx.aws.page(1, 400);
        let lbs = client.describe_load_balancers().page_size(size).into_paginator().send();
        let tgs = client.describe_target_groups().page_size(size).into_paginator().send();
        let (lbs, tgs, tagged) = futures::join!(
            all_items(lbs, &lbs_tally, elbv2::DESCRIBE_LOAD_BALANCERS, |p| p.load_balancers()),
            all_items(tgs, &tgs_tally, elbv2::DESCRIBE_TARGET_GROUPS, |p| p.target_groups()),
            tags_by_arn(
                cx.aws,
                cx.region,
                "elasticloadbalancing",
                elbv2::DESCRIBE_TAGS,
                &lbs_tally
            ),
        );
        // The fallback, only where GetResources is denied: each kind's
        // ARNs on its own tally, so that each fails alone.
        let (lb_tags, tg_tags) = match tagged {
            Ok(Some(by_arn)) => {
                let (lbs, tgs): (ByArn, ByArn) =
                    by_arn.into_iter().partition(|(arn, _)| arn.contains(":loadbalancer/"));
                (Ok(lbs), Ok(tgs))
            }
            Ok(None) => {
                let lb_arns: Vec<String> = lbs
                    .iter()
                    .flatten()
                    .filter_map(|l| l.load_balancer_arn().map(str::to_string))
                    .collect();
                let tg_arns: Vec<String> = tgs
                    .iter()
                    .flatten()
                    .filter_map(|t| t.target_group_arn().map(str::to_string))
                    .collect();
                futures::join!(
                    described_tags(&client, lb_arns, &lbs_tally),
                    described_tags(&client, tg_arns, &tgs_tally)
                )
            }
            Err(e) => (Err(e.clone()), Err(e)),
        };
        let lbs = lbs.and_then(|lbs| {
            let mut by_arn = lb_tags?;
            Ok(lbs
                .iter()
                .map(|l| {
                    let mut r = load_balancer(l, cx.region);
                    r.tags = l.load_balancer_arn().and_then(|a| by_arn.remove(a)).unwrap_or_default();
                    r
                })
                .collect::<Vec<_>>())
        });
        // The load balancers go on now: their targets' health comes after.
        let lbs = lbs.map(|rows| cx.hand(ResourceKind::LoadBalancer, rows));
        let groups = match (tgs, tg_tags) {
            (Ok(tgs), Ok(by_arn)) => with_health(&client, cx.region, tgs, by_arn, &tgs_tally).await,
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        let late = groups.as_ref().ok().map(|rows| counts(rows));
        let groups = groups.map(|rows| cx.hand(ResourceKind::TargetGroup, rows));
        vec![
            ended(
                ResourceKind::LoadBalancer,
                lbs_tally,
                lbs.map(|()| Late::of(late.into_iter().flatten())),
            ),
            ended(ResourceKind::TargetGroup, tgs_tally, groups.map(|()| Late::none())),
        ]
    }

    async fn probe(kind: ResourceKind, cx: Cx<'_>) -> Result<(), AwsError> {
        let client = cx.client(Client::new);
        match kind {
            ResourceKind::TargetGroup => probed(client.describe_target_groups().page_size(1).send()).await,
            _ => probed(client.describe_load_balancers().page_size(1).send()).await,
        }
    }

    fn probe_api(kind: ResourceKind) -> &'static str {
        match kind {
            ResourceKind::TargetGroup => elbv2::DESCRIBE_TARGET_GROUPS.api,
            _ => elbv2::DESCRIBE_LOAD_BALANCERS.api,
        }
    }
}

/// The tags of `arns` from DescribeTags, [`TAGS_PER_CALL`] a call.
async fn described_tags(client: &Client, arns: Vec<String>, tally: &Tally) -> Result<ByArn, AwsError> {
    let batches: Vec<Vec<String>> = arns.chunks(TAGS_PER_CALL).map(<[String]>::to_vec).collect();
    let answers = fan_out(batches, |batch| async move {
        tally.call(elbv2::DESCRIBE_TAGS);
        client
            .describe_tags()
            .set_resource_arns(Some(batch))
            .send()
            .await
            .map_err(aws_error)
    })
    .await?;
    Ok(answers
        .iter()
        .flat_map(|a| a.tag_descriptions())
        .filter_map(|d| {
            let arn = d.resource_arn()?;
            Some((arn.to_string(), tags(d.tags().iter().map(|t| (t.key(), t.value())))))
        })
        .collect())
}

/// The name of a load balancer from its ARN
/// (`arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID`).
fn lb_name(arn: &str) -> &str {
    arn.split_once(":loadbalancer/")
        .and_then(|(_, rest)| rest.split('/').nth(1))
        .unwrap_or(arn)
}

fn load_balancer(l: &LoadBalancer, region: &str) -> Resource {
    let name = l.load_balancer_name().unwrap_or_default();
    let mut r = Resource::new(ResourceKind::LoadBalancer, region, name);
    r.name = name.into();
    let state = l.state();
    r.state = state
        .and_then(|s| s.code())
        .map(|c| c.as_str().into())
        .unwrap_or_default();
    r.set(lb::STATE_REASON, state.and_then(|s| s.reason()).unwrap_or_default());
    r.set(lb::TYPE, l.r#type().map(|t| t.as_str()).unwrap_or_default());
    r.set(lb::SCHEME, l.scheme().map(|s| s.as_str()).unwrap_or_default());
    r.set(lb::DNS_NAME, l.dns_name().unwrap_or_default());
    r.set(lb::VPC, l.vpc_id().unwrap_or_default());
    let mut zones: Vec<&str> = l.availability_zones().iter().filter_map(|z| z.zone_name()).collect();
    zones.sort_unstable();
    r.set(lb::ZONES, zones.join(","));
    r.set(lb::CREATED, l.created_time().map(rfc3339).unwrap_or_default());
    r.set(lb::ARN, l.load_balancer_arn().unwrap_or_default());
    r
}

fn target_group(t: &TargetGroup, region: &str) -> Resource {
    let name = t.target_group_name().unwrap_or_default();
    let mut r = Resource::new(ResourceKind::TargetGroup, region, name);
    r.name = name.into();
    let protocol_port = match (t.protocol(), t.port()) {
        (Some(p), Some(n)) => format!("{}:{n}", p.as_str()),
        (Some(p), None) => p.as_str().to_string(),
        (None, Some(n)) => n.to_string(),
        (None, None) => String::new(),
    };
    r.set(tg::PROTOCOL_PORT, protocol_port);
    r.set(tg::TARGET_TYPE, t.target_type().map(|x| x.as_str()).unwrap_or_default());
    let lbs: Vec<&str> = t.load_balancer_arns().iter().map(|a| lb_name(a)).collect();
    r.set(tg::LOAD_BALANCERS, lbs.join(","));
    r.set(tg::VPC, t.vpc_id().unwrap_or_default());
    r.set(tg::ARN, t.target_group_arn().unwrap_or_default());
    r
}

/// The target groups with their tags and their targets' health: one
/// DescribeTargetHealth per group, [`HEALTH_AT_ONCE`] at a time. A group
/// deleted since it was listed is left out; any other error fails all.
async fn with_health(
    client: &Client,
    region: &str,
    groups: Vec<TargetGroup>,
    mut by_arn: ByArn,
    tally: &Tally,
) -> Result<Vec<Resource>, AwsError> {
    let rows: Vec<(Resource, String)> = groups
        .iter()
        .map(|t| {
            let arn = t.target_group_arn().unwrap_or_default().to_string();
            let mut r = target_group(t, region);
            r.tags = by_arn.remove(&arn).unwrap_or_default();
            (r, arn)
        })
        .collect();
    let described: Vec<Option<Resource>> = futures::stream::iter(rows)
        .map(|(mut r, arn)| async move {
            tally.call(elbv2::DESCRIBE_TARGET_HEALTH);
            match client.describe_target_health().target_group_arn(arn).send().await {
                Ok(out) => {
                    set_health(&mut r, out.target_health_descriptions());
                    Ok(Some(r))
                }
                Err(e) => match aws_error(e) {
                    gone if gone.code == "TargetGroupNotFound" => Ok(None),
                    other => Err(other),
                },
            }
        })
        .buffered(HEALTH_AT_ONCE)
        .try_collect()
        .await?;
    Ok(described.into_iter().flatten().collect())
}

/// A group's health from its targets: the counts, the health word as its
/// state, and one line per target (sorted, so that an unchanged group
/// reads the same each cycle).
fn set_health(r: &mut Resource, targets: &[TargetHealthDescription]) {
    let described: Vec<(&str, Option<i32>, &str, &str)> = targets
        .iter()
        .map(|d| {
            let target = d.target();
            let health = d.target_health();
            (
                target.and_then(|t| t.id()).unwrap_or_default(),
                target.and_then(|t| t.port()),
                health.and_then(|h| h.state()).map(|s| s.as_str()).unwrap_or_default(),
                health.and_then(|h| h.reason()).map(|s| s.as_str()).unwrap_or_default(),
            )
        })
        .collect();
    let ((healthy, failing, other), word) = tg::health(described.iter().map(|(_, _, s, why)| (*s, *why)));
    r.state = word.into();
    r.set(tg::HEALTHY, healthy);
    r.set(tg::UNHEALTHY, failing);
    r.set(tg::OTHER, other);
    let mut lines: Vec<String> = described
        .iter()
        .map(|(id, port, state, why)| tg::target_line(id, *port, state, why))
        .collect();
    lines.sort_unstable();
    r.set(tg::TARGETS, lines.join("\n"));
}

/// The load balancers' late facts from the target groups: how many groups
/// route to each, and how many targets those groups hold.
fn counts(groups: &[Resource]) -> [Fact; 2] {
    let mut per_lb: BTreeMap<CompactString, u32> = BTreeMap::new();
    let mut targets: BTreeMap<CompactString, u32> = BTreeMap::new();
    for g in groups {
        let registered: u32 = [tg::HEALTHY, tg::UNHEALTHY, tg::OTHER]
            .iter()
            .map(|k| g.detail_str(k).parse::<u32>().unwrap_or(0))
            .sum();
        for name in g.detail_str(tg::LOAD_BALANCERS).split(',').filter(|n| !n.is_empty()) {
            *per_lb.entry(name.into()).or_default() += 1;
            *targets.entry(name.into()).or_default() += registered;
        }
    }
    [
        Fact::Count {
            key: lb::TARGET_GROUPS,
            by_id: per_lb,
        },
        Fact::Count {
            key: lb::TARGETS,
            by_id: targets,
        },
    ]
}

#[cfg(test)]
mod tests {
    use aws_sdk_elasticloadbalancingv2::types::{
        AvailabilityZone, LoadBalancerSchemeEnum, LoadBalancerState, LoadBalancerStateEnum, LoadBalancerTypeEnum,
        ProtocolEnum, TargetDescription, TargetHealth, TargetHealthReasonEnum, TargetHealthStateEnum, TargetTypeEnum,
    };

    use super::*;

    const LB_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";

    #[test]
    fn a_load_balancer_becomes_a_row() {
        let l = LoadBalancer::builder()
            .load_balancer_name("web")
            .load_balancer_arn(LB_ARN)
            .r#type(LoadBalancerTypeEnum::Application)
            .scheme(LoadBalancerSchemeEnum::InternetFacing)
            .state(LoadBalancerState::builder().code(LoadBalancerStateEnum::Active).build())
            .dns_name("web-1.us-east-1.elb.amazonaws.com")
            .vpc_id("vpc-1")
            .availability_zones(AvailabilityZone::builder().zone_name("us-east-1b").build())
            .availability_zones(AvailabilityZone::builder().zone_name("us-east-1a").build())
            .created_time(aws_smithy_types::DateTime::from_secs(1_767_225_600))
            .build();
        let r = load_balancer(&l, "us-east-1");
        assert_eq!(
            (r.id.as_str(), r.name.as_str(), r.state.as_str()),
            ("web", "web", "active")
        );
        let detail = |k| r.detail_str(k).to_string();
        assert_eq!(
            [lb::TYPE, lb::SCHEME, lb::VPC, lb::ZONES, lb::CREATED, lb::ARN].map(detail),
            [
                "application",
                "internet-facing",
                "vpc-1",
                "us-east-1a,us-east-1b",
                "2026-01-01T00:00:00Z",
                LB_ARN
            ]
        );
        assert_eq!(lb_name(LB_ARN), "web");
        assert_eq!(
            lb_name("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/edge/abc"),
            "edge"
        );
    }

    fn described(
        id: &str,
        state: TargetHealthStateEnum,
        reason: Option<TargetHealthReasonEnum>,
    ) -> TargetHealthDescription {
        TargetHealthDescription::builder()
            .target(TargetDescription::builder().id(id).port(80).build())
            .target_health(TargetHealth::builder().state(state).set_reason(reason).build())
            .build()
    }

    #[test]
    fn a_groups_targets_give_its_counts_health_and_lines() {
        let t = TargetGroup::builder()
            .target_group_name("web-tg")
            .protocol(ProtocolEnum::Http)
            .port(80)
            .target_type(TargetTypeEnum::Instance)
            .load_balancer_arns(LB_ARN)
            .vpc_id("vpc-1")
            .build();
        let mut r = target_group(&t, "us-east-1");
        set_health(
            &mut r,
            &[
                described(
                    "i-2",
                    TargetHealthStateEnum::Unused,
                    Some(TargetHealthReasonEnum::InvalidState),
                ),
                described("i-1", TargetHealthStateEnum::Healthy, None),
                described(
                    "i-3",
                    TargetHealthStateEnum::Draining,
                    Some(TargetHealthReasonEnum::DeregistrationInProgress),
                ),
            ],
        );
        assert_eq!(r.state, tg::DEGRADED);
        let detail = |k| r.detail_str(k).to_string();
        assert_eq!(
            [
                tg::PROTOCOL_PORT,
                tg::TARGET_TYPE,
                tg::LOAD_BALANCERS,
                tg::HEALTHY,
                tg::UNHEALTHY,
                tg::OTHER
            ]
            .map(detail),
            ["HTTP:80", "instance", "web", "1", "1", "1"]
        );
        assert_eq!(
            r.detail_str(tg::TARGETS),
            "i-1:80 healthy\ni-2:80 unused (Target.InvalidState)\ni-3:80 draining (Target.DeregistrationInProgress)"
        );

        // The load balancer's late counts: one group, three targets; an
        // LB no group names has none.
        let late = Late::of(counts(&[r]));
        let lb_row = |name: &str| {
            let mut l = Resource::new(ResourceKind::LoadBalancer, "us-east-1", name);
            late.apply(&mut l);
            (
                l.detail_str(lb::TARGET_GROUPS).to_string(),
                l.detail_str(lb::TARGETS).to_string(),
            )
        };
        assert_eq!(lb_row("web"), ("1".to_string(), "3".to_string()));
        assert_eq!(lb_row("idle"), ("0".to_string(), "0".to_string()));
    }

    #[test]
    fn a_group_with_no_target_is_empty() {
        let mut r = target_group(&TargetGroup::builder().target_group_name("spare").build(), "r");
        set_health(&mut r, &[]);
        assert_eq!(r.state, tg::EMPTY);
        assert_eq!(r.detail_str(tg::HEALTHY), "0");
        assert_eq!(r.detail_str(tg::TARGETS), "");
        assert_eq!(r.detail_str(tg::PROTOCOL_PORT), "");
    }
}
