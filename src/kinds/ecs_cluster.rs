//! ECS clusters. Listed with their services (one listing per region: the
//! services are listed per cluster), which have a view of their own; Enter
//! on a cluster lists its services.

use super::{KindDef, ResourceKind, States, count, name, state, text};

detail_keys! {
    /// Services in the ACTIVE state, as DescribeClusters counts them.
    ACTIVE_SERVICES,
    RUNNING_TASKS,
    PENDING_TASKS,
    /// Registered container instances (EC2 capacity; none for Fargate only).
    CONTAINER_INSTANCES,
    /// Its capacity providers, comma-separated (`FARGATE,FARGATE_SPOT`).
    CAPACITY_PROVIDERS,
}

pub static KIND: KindDef = KindDef {
    columns: &[
        name(24),
        state(9).titled("STATUS"),
        count(ACTIVE_SERVICES, 8).titled("SERVICES"),
        count(RUNNING_TASKS, 7).titled("RUNNING"),
        count(PENDING_TASKS, 7).titled("PENDING"),
        count(CONTAINER_INSTANCES, 9).titled("INSTANCES"),
        text(CAPACITY_PROVIDERS, 24),
    ],
    states: States {
        good: &["active"],
        warn: &["provisioning", "deprovisioning"],
        bad: &["failed", "inactive"],
    },
    arn: Some("arn:{p}:ecs:{region}:{account}:cluster/{id}"),
    console: "https://{host}/ecs/v2/clusters/{id}/services?region={region}",
    ..KindDef::new(
        ResourceKind::EcsCluster,
        "ecs",
        "ECS clusters",
        "ECS",
        "cluster",
        &["ecs", "ecs-clusters"],
    )
};
