//! ECS services, listed with their clusters (`ecs_cluster.rs` makes the
//! calls): this file converts one.

use aws_sdk_ecs::types::{LoadBalancer, Service};

use crate::aws::tags;
use crate::kinds::ecs_service::{
    CLUSTER, DESIRED, LAUNCH_TYPE, LOAD_BALANCERS, PENDING, ROLLOUT, RUNNING, TASK_DEFINITION, TASK_DEFINITION_ARN,
};
use crate::model::{Resource, ResourceKind};

/// A service of `cluster` (its name), as `cluster/service`.
pub(super) fn service(s: &Service, cluster: &str, region: &str) -> Resource {
    let name = s
        .service_name()
        .or(s.service_arn().map(name_in_arn))
        .unwrap_or_default();
    let mut r = Resource::new(ResourceKind::EcsService, region, format!("{cluster}/{name}"));
    r.name = name.into();
    r.state = s.status().unwrap_or_default().into();
    r.tags = tags(s.tags().iter().map(|t| (t.key(), t.value())));
    r.set(CLUSTER, cluster);
    r.set(DESIRED, s.desired_count());
    r.set(RUNNING, s.running_count());
    r.set(PENDING, s.pending_count());
    let launch = match s.launch_type() {
        Some(t) => t.as_str().to_string(),
        None => s
            .capacity_provider_strategy()
            .iter()
            .map(|c| c.capacity_provider())
            .collect::<Vec<_>>()
            .join(","),
    };
    r.set(LAUNCH_TYPE, launch);
    let task_definition = s.task_definition().unwrap_or_default();
    r.set(TASK_DEFINITION, family_revision(task_definition));
    r.set(TASK_DEFINITION_ARN, task_definition);
    let primary = s.deployments().iter().find(|d| d.status() == Some("PRIMARY"));
    r.set(
        ROLLOUT,
        primary
            .and_then(|d| d.rollout_state())
            .map(|x| x.as_str())
            .unwrap_or_default(),
    );
    r.set(
        LOAD_BALANCERS,
        s.load_balancers()
            .iter()
            .map(load_balancer)
            .collect::<Vec<_>>()
            .join(","),
    );
    r
}

/// The last part of an ARN (`…:cluster/web` is `web`).
pub(super) fn name_in_arn(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// `family:revision` from a task definition ARN
/// (`arn:aws:ecs:…:task-definition/web:3` is `web:3`).
fn family_revision(arn: &str) -> &str {
    arn.split_once(":task-definition/").map_or(arn, |(_, fr)| fr)
}

/// `web-tg (web:80)`: the target group's name (or the Classic load
/// balancer's), and the container and port it sends to.
fn load_balancer(lb: &LoadBalancer) -> String {
    let target = lb
        .target_group_arn()
        .and_then(|arn| arn.split('/').nth(1))
        .or(lb.load_balancer_name())
        .unwrap_or("?");
    match (lb.container_name(), lb.container_port()) {
        (Some(c), Some(p)) => format!("{target} ({c}:{p})"),
        (Some(c), None) => format!("{target} ({c})"),
        _ => target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_ecs::types::{CapacityProviderStrategyItem, Deployment, DeploymentRolloutState, LaunchType, Tag};

    use super::*;

    const TASK_DEF: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";

    fn web() -> aws_sdk_ecs::types::builders::ServiceBuilder {
        Service::builder()
            .service_arn("arn:aws:ecs:us-east-1:123456789012:service/apps/web")
            .service_name("web")
            .status("ACTIVE")
            .desired_count(4)
            .running_count(3)
            .pending_count(1)
            .task_definition(TASK_DEF)
    }

    #[test]
    fn a_service_has_its_counts_launch_type_task_definition_rollout_and_load_balancers() {
        let s = web()
            .launch_type(LaunchType::Fargate)
            // The PRIMARY deployment's rollout, not the one it replaces.
            .deployments(
                Deployment::builder()
                    .status("ACTIVE")
                    .rollout_state(DeploymentRolloutState::Completed)
                    .build(),
            )
            .deployments(
                Deployment::builder()
                    .status("PRIMARY")
                    .rollout_state(DeploymentRolloutState::InProgress)
                    .build(),
            )
            .load_balancers(
                LoadBalancer::builder()
                    .target_group_arn(
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/6d0ecf831eec9f09",
                    )
                    .container_name("web")
                    .container_port(80)
                    .build(),
            )
            .load_balancers(LoadBalancer::builder().load_balancer_name("classic-web").build())
            .tags(Tag::builder().key("Team").value("web").build())
            .build();
        let r = service(&s, "apps", "us-east-1");
        assert_eq!(
            (r.kind, r.id.as_str(), r.name.as_str()),
            (ResourceKind::EcsService, "apps/web", "web")
        );
        assert_eq!(r.state, "ACTIVE");
        let details = [
            (CLUSTER, "apps"),
            (DESIRED, "4"),
            (RUNNING, "3"),
            (PENDING, "1"),
            (LAUNCH_TYPE, "FARGATE"),
            (TASK_DEFINITION, "web:7"),
            (TASK_DEFINITION_ARN, TASK_DEF),
            (ROLLOUT, "IN_PROGRESS"),
            (LOAD_BALANCERS, "web-tg (web:80),classic-web"),
        ];
        for (key, want) in details {
            assert_eq!(r.detail_str(key), want, "{key:?}");
        }
        assert_eq!(r.tags.get("Team"), Some("web"));
    }

    #[test]
    fn a_service_on_capacity_providers_names_them_and_one_without_a_deployment_has_no_rollout() {
        let spot = |name: &str| {
            CapacityProviderStrategyItem::builder()
                .capacity_provider(name)
                .build()
                .expect("a provider")
        };
        let s = web()
            .capacity_provider_strategy(spot("FARGATE_SPOT"))
            .capacity_provider_strategy(spot("FARGATE"))
            .build();
        let r = service(&s, "apps", "us-east-1");
        assert_eq!(r.detail_str(LAUNCH_TYPE), "FARGATE_SPOT,FARGATE");
        assert_eq!(r.detail_str(ROLLOUT), "");
        assert_eq!(r.detail_str(LOAD_BALANCERS), "");
        assert_eq!(family_revision("web:7"), "web:7", "not an ARN: as it is");
    }
}
