//! ECS: in each region a cluster of two services and an empty one. moto
//! runs no tasks, so a service's `runningCount` stays 0: `web` (2 desired)
//! is degraded, `worker` (0 desired) is its clean twin.

use aws_config::SdkConfig;
use aws_sdk_ecs::types::{ContainerDefinition, LaunchType, Tag};

use super::Summary;

/// The seeded services of each region: (cluster, service, desired count).
pub const ECS_SERVICES: [(&str, &str, i32); 2] = [("apps", "web", 2), ("apps", "worker", 0)];

pub(super) async fn ecs(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    let c = aws_sdk_ecs::Client::new(cfg);
    let tag = |k: &str, v: &str| Tag::builder().key(k).value(v).build();
    c.create_cluster()
        .cluster_name("apps")
        .capacity_providers("FARGATE")
        .capacity_providers("FARGATE_SPOT")
        .tags(tag("Environment", "production"))
        .tags(tag("Team", "web"))
        .send()
        .await?;
    c.create_cluster()
        .cluster_name("batch")
        .tags(tag("Team", "data"))
        .send()
        .await?;
    // Two revisions of `web`: the service runs the second.
    for family in ["web", "web", "worker"] {
        c.register_task_definition()
            .family(family)
            .container_definitions(
                ContainerDefinition::builder()
                    .name(family)
                    .image("public.ecr.aws/nginx/nginx:stable")
                    .memory(256)
                    .build(),
            )
            .send()
            .await?;
    }
    for (cluster, name, desired) in ECS_SERVICES {
        let (task_definition, launch) = match name {
            "web" => ("web:2", LaunchType::Fargate),
            _ => ("worker:1", LaunchType::Ec2),
        };
        c.create_service()
            .cluster(cluster)
            .service_name(name)
            .task_definition(task_definition)
            .desired_count(desired)
            .launch_type(launch)
            .tags(tag("Environment", "production"))
            .tags(tag("Team", if name == "web" { "web" } else { "data" }))
            .send()
            .await?;
    }
    s.add(region, "ecs-cluster", 2);
    s.add(region, "ecs-service", ECS_SERVICES.len());
    Ok(())
}
