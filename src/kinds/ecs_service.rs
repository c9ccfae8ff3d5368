//! ECS services, listed with their clusters (ListServices per cluster) and
//! shown in a view of their own. The id is `cluster/service`.

use super::{DetailKey, KindDef, LogsOf, ResourceKind, States, count, id, state, text};

detail_keys! {
    /// The cluster's name.
    CLUSTER,
    /// Tasks the service should run.
    DESIRED,
    /// Tasks running now.
    RUNNING,
    /// Tasks starting.
    PENDING,
    /// `FARGATE`, `EC2`, `EXTERNAL`; else its capacity providers
    /// (comma-separated) when it runs under a capacity provider strategy.
    LAUNCH_TYPE,
    /// The task definition as `family:revision`.
    TASK_DEFINITION,
    /// The task definition's full ARN (what its containers log to comes
    /// from it).
    TASK_DEFINITION_ARN,
    /// The rollout state of the PRIMARY deployment: `COMPLETED`,
    /// `IN_PROGRESS` or `FAILED` (none for services under an external
    /// deployment controller).
    ROLLOUT,
    /// Its load balancers, comma-separated: a target group's name (or a
    /// Classic load balancer's) with the container and port it sends to
    /// (`web-tg (web:80)`).
    LOAD_BALANCERS,
}

/// The task counts, `desired/running/pending`.
pub const TASKS: &[DetailKey] = &[DESIRED, RUNNING, PENDING];

pub static KIND: KindDef = KindDef {
    listed_with: Some(ResourceKind::EcsCluster),
    columns: &[
        // The id, `cluster/service`, says both (a row keeps at most nine
        // sort keys, REGION and ACCOUNT among them).
        id(24).titled("CLUSTER/SERVICE"),
        state(8).titled("STATUS"),
        count(DESIRED, 7),
        count(RUNNING, 7),
        count(PENDING, 7),
        text(LAUNCH_TYPE, 8).titled("LAUNCH"),
        text(TASK_DEFINITION, 18).titled("TASK DEF"),
        text(ROLLOUT, 11),
        text(LOAD_BALANCERS, 24),
    ],
    states: States {
        good: &["active"],
        warn: &["draining"],
        bad: &["inactive"],
    },
    arn: Some("arn:{p}:ecs:{region}:{account}:service/{id}"),
    console: "https://{host}/ecs/v2/clusters/{id_head}/services/{id_tail}/health?region={region}",
    // `l`: what its task definition's containers log to (`awslogs`).
    logs: Some(LogsOf::TaskDefinition(TASK_DEFINITION_ARN)),
    ..KindDef::new(
        ResourceKind::EcsService,
        "ecs",
        "ECS services",
        "Svc",
        "service",
        &["svc", "services", "ecs-services"],
    )
};
