//! ECS clusters and their services, in one listing per region that reports
//! each kind with its own outcome. ListClusters (paginated), then side by
//! side: DescribeClusters, [`CLUSTERS_PER_CALL`] clusters a call; and for
//! each cluster (several at once) ListServices (paginated) and
//! DescribeServices, [`SERVICES_PER_CALL`] services a call. Tags come in
//! the same describe calls (`include=TAGS`): no tagging listing and no call
//! per resource. Each batch is handed over as it arrives. A failed service
//! call fails only the services; a failed ListClusters fails both.

use aws_sdk_ecs::Client;
use aws_sdk_ecs::types::{Cluster, ClusterField, ServiceField};

use super::ecs_service::{name_in_arn, service};
use super::{Cx, Lister, all_items, ended, fan_out, probed};
use crate::aws::ops::{Operation, ecs};
use crate::aws::{KindResult, Tally, aws_error, tags};
use crate::kinds::ecs_cluster::{
    ACTIVE_SERVICES, CAPACITY_PROVIDERS, CONTAINER_INSTANCES, PENDING_TASKS, RUNNING_TASKS,
};
use crate::model::{AwsError, Late, Resource, ResourceKind};

pub(super) struct Adapter;

/// The most clusters DescribeClusters takes in one call.
pub(super) const CLUSTERS_PER_CALL: usize = 100;
/// The most services DescribeServices takes in one call (all of one cluster).
pub(super) const SERVICES_PER_CALL: usize = 10;

impl Lister for Adapter {
    const KIND: ResourceKind = ResourceKind::EcsCluster;
    const OPERATIONS: &[Operation] = &[
        ecs::LIST_CLUSTERS,
        ecs::DESCRIBE_CLUSTERS,
        ecs::LIST_SERVICES,
        ecs::DESCRIBE_SERVICES,
    ];

    async fn list(cx: Cx<'_>) -> Vec<KindResult> {
        let (clusters_tally, services_tally) = (Tally::default(), Tally::default());
        let client = cx.client(Client::new);
        let size = cx.aws.page(1, 100);
        let pages = client.list_clusters().max_results(size).into_paginator().send();
        let arns = match all_items(pages, &clusters_tally, ecs::LIST_CLUSTERS, |p| p.cluster_arns()).await {
            Ok(arns) => arns,
            Err(e) => {
                return vec![
                    ended(ResourceKind::EcsCluster, clusters_tally, Err(e.clone())),
                    ended(ResourceKind::EcsService, services_tally, Err(e)),
                ];
            }
        };
        let clusters = describe_clusters(cx, &client, &arns, &clusters_tally);
        let services = fan_out(arns.clone(), |arn| services_of(cx, &client, arn, &services_tally, size));
        let (clusters, services) = futures::join!(clusters, services);
        vec![
            ended(
                ResourceKind::EcsCluster,
                clusters_tally,
                clusters.map(|()| Late::none()),
            ),
            ended(ResourceKind::EcsService, services_tally, services.map(|_| Late::none())),
        ]
    }

    async fn probe(_: ResourceKind, cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).list_clusters().max_results(1).send()).await
    }
}

/// The clusters, [`CLUSTERS_PER_CALL`] a call, each batch handed over.
async fn describe_clusters(cx: Cx<'_>, client: &Client, arns: &[String], tally: &Tally) -> Result<(), AwsError> {
    for batch in arns.chunks(CLUSTERS_PER_CALL) {
        tally.call(ecs::DESCRIBE_CLUSTERS);
        let out = client
            .describe_clusters()
            .set_clusters(Some(batch.to_vec()))
            .include(ClusterField::Tags)
            .send()
            .await
            .map_err(aws_error)?;
        // A cluster deleted since it was listed comes back under `failures`: gone.
        cx.hand(
            ResourceKind::EcsCluster,
            out.clusters().iter().map(|c| cluster(c, cx.region)).collect(),
        );
    }
    Ok(())
}

/// One cluster's services: every page of ListServices, then
/// [`SERVICES_PER_CALL`] a DescribeServices, each batch handed over.
async fn services_of(cx: Cx<'_>, client: &Client, arn: String, tally: &Tally, size: i32) -> Result<(), AwsError> {
    let pages = client
        .list_services()
        .cluster(&arn)
        .max_results(size)
        .into_paginator()
        .send();
    let names = all_items(pages, tally, ecs::LIST_SERVICES, |p| p.service_arns()).await?;
    let cluster = name_in_arn(&arn);
    for batch in names.chunks(SERVICES_PER_CALL) {
        tally.call(ecs::DESCRIBE_SERVICES);
        let out = client
            .describe_services()
            .cluster(&arn)
            .set_services(Some(batch.to_vec()))
            .include(ServiceField::Tags)
            .send()
            .await
            .map_err(aws_error)?;
        cx.hand(
            ResourceKind::EcsService,
            out.services().iter().map(|s| service(s, cluster, cx.region)).collect(),
        );
    }
    Ok(())
}

pub(super) fn cluster(c: &Cluster, region: &str) -> Resource {
    let name = c
        .cluster_name()
        .or(c.cluster_arn().map(name_in_arn))
        .unwrap_or_default();
    let mut r = Resource::new(ResourceKind::EcsCluster, region, name);
    r.name = name.into();
    r.state = c.status().unwrap_or_default().into();
    r.tags = tags(c.tags().iter().map(|t| (t.key(), t.value())));
    r.set(ACTIVE_SERVICES, c.active_services_count());
    r.set(RUNNING_TASKS, c.running_tasks_count());
    r.set(PENDING_TASKS, c.pending_tasks_count());
    r.set(CONTAINER_INSTANCES, c.registered_container_instances_count());
    r.set(CAPACITY_PROVIDERS, c.capacity_providers().join(","));
    r
}

#[cfg(test)]
mod tests {
    use aws_sdk_ecs::types::Tag;

    use super::*;

    #[test]
    fn a_cluster_has_its_counts_capacity_providers_and_tags() {
        let c = Cluster::builder()
            .cluster_arn("arn:aws:ecs:eu-west-1:123456789012:cluster/apps")
            .cluster_name("apps")
            .status("ACTIVE")
            .active_services_count(3)
            .running_tasks_count(7)
            .pending_tasks_count(1)
            .registered_container_instances_count(2)
            .capacity_providers("FARGATE")
            .capacity_providers("FARGATE_SPOT")
            .tags(Tag::builder().key("Team").value("web").build())
            .build();
        let r = cluster(&c, "eu-west-1");
        assert_eq!(
            (r.kind, r.id.as_str(), r.name.as_str()),
            (ResourceKind::EcsCluster, "apps", "apps")
        );
        assert_eq!((r.region.as_str(), r.state.as_str()), ("eu-west-1", "ACTIVE"));
        let details = [
            (ACTIVE_SERVICES, "3"),
            (RUNNING_TASKS, "7"),
            (PENDING_TASKS, "1"),
            (CONTAINER_INSTANCES, "2"),
            (CAPACITY_PROVIDERS, "FARGATE,FARGATE_SPOT"),
        ];
        for (key, want) in details {
            assert_eq!(r.detail_str(key), want, "{key:?}");
        }
        assert_eq!(r.tags.get("Team"), Some("web"));
    }

    #[test]
    fn a_cluster_known_only_by_its_arn_is_named_by_it() {
        let c = Cluster::builder()
            .cluster_arn("arn:aws:ecs:us-east-1:123456789012:cluster/batch")
            .build();
        let r = cluster(&c, "us-east-1");
        assert_eq!((r.id.as_str(), r.name.as_str()), ("batch", "batch"));
        assert_eq!(r.detail_str(CAPACITY_PROVIDERS), "", "none: no detail");
        assert_eq!(r.detail_str(RUNNING_TASKS), "0");
        assert!(r.tags.is_empty());
    }

    #[test]
    fn the_batches_are_the_apis_largest() {
        // DescribeClusters takes 100 clusters, DescribeServices 10 services
        // of one cluster (tests/it/ecs.rs lists more than a batch of each).
        assert_eq!((CLUSTERS_PER_CALL, SERVICES_PER_CALL), (100, 10));
        let arns: Vec<String> = (0..205).map(|i| format!("c{i}")).collect();
        let sizes: Vec<usize> = arns.chunks(CLUSTERS_PER_CALL).map(<[String]>::len).collect();
        assert_eq!(sizes, [100, 100, 5]);
    }
}
