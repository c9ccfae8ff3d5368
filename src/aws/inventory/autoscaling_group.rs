//! Auto Scaling groups: DescribeAutoScalingGroups, paginated (100 groups a
//! page, the most AWS allows), each page handed over as it arrives. The
//! answer carries each group's instances and tags, so nothing else is
//! called.

use aws_sdk_autoscaling::Client;
use aws_sdk_autoscaling::types::{AutoScalingGroup, LaunchTemplateSpecification, LifecycleState};

use super::{Cx, OneKind, probed};
use crate::aws::ops::{Operation, autoscaling};
use crate::aws::{Tally, rfc3339, tags};
use crate::kinds::autoscaling_group::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::AutoscalingGroup;
    const OPERATIONS: &[Operation] = &[autoscaling::DESCRIBE_AUTO_SCALING_GROUPS];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        let pages = cx
            .client(Client::new)
            .describe_auto_scaling_groups()
            .max_records(cx.aws.page(5, 100))
            .into_paginator()
            .send();
        cx.resources(
            ResourceKind::AutoscalingGroup,
            pages,
            tally,
            autoscaling::DESCRIBE_AUTO_SCALING_GROUPS,
            |p| p.auto_scaling_groups(),
            group,
        )
        .await?;
        Ok(Vec::new())
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(
            cx.client(Client::new)
                .describe_auto_scaling_groups()
                .max_records(1)
                .send(),
        )
        .await
    }
}

/// `name:version` of a launch template (by name, else by id).
fn template(t: &LaunchTemplateSpecification) -> String {
    let name = t.launch_template_name().or(t.launch_template_id()).unwrap_or_default();
    match t.version() {
        Some(v) if !v.is_empty() => format!("{name}:{v}"),
        _ => name.to_string(),
    }
}

fn group(g: &AutoScalingGroup, region: &str) -> Resource {
    let name = g.auto_scaling_group_name().unwrap_or_default();
    let mut r = Resource::new(ResourceKind::AutoscalingGroup, region, name);
    r.name = name.into();
    r.tags = tags(g.tags().iter().map(|t| (t.key(), t.value())));
    r.state = if g.status().is_some_and(|s| !s.is_empty()) {
        DELETING
    } else {
        ACTIVE
    }
    .into();
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    r.set(DESIRED, number(g.desired_capacity()));
    r.set(MIN, number(g.min_size()));
    r.set(MAX, number(g.max_size()));
    let state = |i: &aws_sdk_autoscaling::types::Instance| i.lifecycle_state().cloned();
    // In service and healthy: an instance marked unhealthy serves nothing
    // until it is replaced.
    let healthy =
        |i: &aws_sdk_autoscaling::types::Instance| i.health_status().is_none_or(|h| h.eq_ignore_ascii_case("healthy"));
    let in_service = g
        .instances()
        .iter()
        .filter(|i| state(i) == Some(LifecycleState::InService) && healthy(i))
        .count();
    let pending = g
        .instances()
        .iter()
        .filter(|i| {
            matches!(
                state(i),
                Some(LifecycleState::Pending | LifecycleState::PendingWait | LifecycleState::PendingProceed)
            )
        })
        .count();
    r.set(IN_SERVICE, in_service.to_string());
    r.set(PENDING, pending.to_string());
    let mixed = g.mixed_instances_policy().and_then(|m| m.launch_template());
    let launch = g
        .launch_template()
        .map(template)
        .or_else(|| mixed.and_then(|t| t.launch_template_specification()).map(template))
        .or_else(|| g.launch_configuration_name().map(str::to_string))
        .unwrap_or_default();
    r.set(LAUNCH, launch);
    let mut types: Vec<&str> = g.instances().iter().filter_map(|i| i.instance_type()).collect();
    if types.is_empty() {
        types.extend(
            mixed
                .map(|t| t.overrides())
                .unwrap_or_default()
                .iter()
                .filter_map(|o| o.instance_type()),
        );
    }
    types.sort_unstable();
    types.dedup();
    r.set(INSTANCE_TYPES, types.join(","));
    r.set(ZONES, g.availability_zones().join(","));
    r.set(HEALTH_CHECK, g.health_check_type().unwrap_or_default());
    let ids: Vec<&str> = g.instances().iter().filter_map(|i| i.instance_id()).collect();
    r.set(INSTANCES, ids.join(","));
    r.set(CREATED, g.created_time().map(rfc3339).unwrap_or_default());
    r.set(ARN, g.auto_scaling_group_arn().unwrap_or_default());
    r
}

#[cfg(test)]
mod tests {
    use aws_sdk_autoscaling::types::{
        Instance, LaunchTemplate, LaunchTemplateOverrides, MixedInstancesPolicy, TagDescription,
    };

    use super::*;

    fn instance(id: &str, state: LifecycleState) -> Instance {
        Instance::builder()
            .instance_id(id)
            .instance_type("t3.micro")
            .lifecycle_state(state)
            .build()
    }

    #[test]
    fn a_group_shows_its_capacity_launch_and_instances() {
        let g = AutoScalingGroup::builder()
            .auto_scaling_group_name("web-asg")
            .auto_scaling_group_arn(
                "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/web-asg",
            )
            .min_size(1)
            .max_size(4)
            .desired_capacity(3)
            .availability_zones("eu-west-1a")
            .availability_zones("eu-west-1b")
            .health_check_type("ELB")
            .launch_template(
                LaunchTemplateSpecification::builder()
                    .launch_template_name("web")
                    .version("$Latest")
                    .build(),
            )
            .instances(instance("i-1", LifecycleState::InService))
            .instances(instance("i-2", LifecycleState::PendingWait))
            .instances(instance("i-3", LifecycleState::Standby))
            .instances(
                Instance::builder()
                    .instance_id("i-4")
                    .instance_type("t3.micro")
                    .lifecycle_state(LifecycleState::InService)
                    .health_status("Unhealthy")
                    .build(),
            )
            .tags(TagDescription::builder().key("Team").value("web").build())
            .build();
        let r = group(&g, "eu-west-1");
        assert_eq!(
            (r.id.as_str(), r.name.as_str(), r.state.as_str()),
            ("web-asg", "web-asg", ACTIVE)
        );
        assert_eq!(r.tags.get("Team"), Some("web"));
        let d = |k| r.detail_str(k).to_string();
        assert_eq!((d(DESIRED), d(MIN), d(MAX)), ("3".into(), "1".into(), "4".into()));
        assert_eq!(
            (d(IN_SERVICE), d(PENDING)),
            ("1".into(), "1".into()),
            "standby is neither, nor is an unhealthy instance in service"
        );
        assert_eq!(d(LAUNCH), "web:$Latest");
        assert_eq!(d(INSTANCE_TYPES), "t3.micro");
        assert_eq!(d(ZONES), "eu-west-1a,eu-west-1b");
        assert_eq!(d(HEALTH_CHECK), "ELB");
        assert_eq!(d(INSTANCES), "i-1,i-2,i-3,i-4");
        assert!(d(ARN).ends_with("autoScalingGroupName/web-asg"));
    }

    #[test]
    fn a_mixed_group_with_no_instances_names_its_overrides_and_a_deleted_one_says_so() {
        let policy = MixedInstancesPolicy::builder()
            .launch_template(
                LaunchTemplate::builder()
                    .launch_template_specification(
                        LaunchTemplateSpecification::builder()
                            .launch_template_id("lt-1")
                            .build(),
                    )
                    .overrides(LaunchTemplateOverrides::builder().instance_type("m5.large").build())
                    .overrides(LaunchTemplateOverrides::builder().instance_type("c5.large").build())
                    .build(),
            )
            .build();
        let g = AutoScalingGroup::builder()
            .auto_scaling_group_name("batch")
            .min_size(0)
            .max_size(10)
            .desired_capacity(0)
            .mixed_instances_policy(policy)
            .status("Delete in progress")
            .build();
        let r = group(&g, "us-east-1");
        assert_eq!(r.state.as_str(), DELETING);
        assert_eq!(r.detail_str(LAUNCH), "lt-1");
        assert_eq!(r.detail_str(INSTANCE_TYPES), "c5.large,m5.large");
        assert_eq!((r.detail_str(IN_SERVICE), r.detail_str(INSTANCES)), ("0", ""));
        let by_config = AutoScalingGroup::builder()
            .auto_scaling_group_name("old")
            .launch_configuration_name("old-lc")
            .build();
        assert_eq!(group(&by_config, "us-east-1").detail_str(LAUNCH), "old-lc");
    }
}
