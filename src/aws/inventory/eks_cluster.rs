//! EKS clusters and their nodegroups (listed per cluster, so in one listing
//! that reports each kind with its own outcome: a failed nodegroup call
//! fails only the nodegroups).

use aws_sdk_eks::Client;

use super::{Cx, Lister, all_items, counted, fan_out, probed};
use crate::aws::ops::{Operation, eks};
use crate::aws::{KindResult, Tally, aws_error, rfc3339};
use crate::kinds::eks_cluster::{CREATED, ENDPOINT, PLATFORM_VERSION, VERSION};
use crate::kinds::eks_nodegroup::{ARN, CAPACITY_TYPE, CLUSTER, DESIRED, INSTANCE_TYPES, MAX, MIN};
use crate::model::{AwsError, Resource, ResourceKind, Tags};

pub(super) struct Adapter;

type Found = Result<Vec<Resource>, AwsError>;

impl Lister for Adapter {
    const KIND: ResourceKind = ResourceKind::EksCluster;
    const OPERATIONS: &[Operation] = &[
        eks::LIST_CLUSTERS,
        eks::DESCRIBE_CLUSTER,
        eks::LIST_NODEGROUPS,
        eks::DESCRIBE_NODEGROUP,
    ];

    async fn list(cx: Cx<'_>) -> Vec<KindResult> {
        let (clusters_tally, nodegroups_tally) = (Tally::default(), Tally::default());
        let (clusters, nodegroups) = clusters_and_nodegroups(cx, &clusters_tally, &nodegroups_tally).await;
        vec![
            counted(&cx, ResourceKind::EksCluster, clusters_tally, clusters),
            counted(&cx, ResourceKind::EksNodegroup, nodegroups_tally, nodegroups),
        ]
    }

    async fn probe(_: ResourceKind, cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).list_clusters().max_results(1).send()).await
    }
}

async fn clusters_and_nodegroups(cx: Cx<'_>, clusters_tally: &Tally, nodegroups_tally: &Tally) -> (Found, Found) {
    let client = cx.client(Client::new);
    let page_size = cx.aws.page(1, 100);
    let pages = client.list_clusters().max_results(page_size).into_paginator().send();
    let names = match all_items(pages, clusters_tally, eks::LIST_CLUSTERS, |p| p.clusters()).await {
        Ok(names) => names,
        Err(e) => return (Err(e.clone()), Err(e)),
    };
    let clusters = fan_out(names.clone(), |name| {
        describe_cluster(&client, cx.region, name, clusters_tally)
    })
    .await;
    let nodegroups = fan_out(names, |name| {
        nodegroups_of(&client, cx.region, name, nodegroups_tally, page_size)
    })
    .await;
    (clusters, nodegroups.map(|v| v.concat()))
}

fn tag_map(t: Option<&std::collections::HashMap<String, String>>) -> Tags {
    t.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

async fn describe_cluster(client: &Client, region: &str, name: String, tally: &Tally) -> Result<Resource, AwsError> {
    tally.call(eks::DESCRIBE_CLUSTER);
    let out = client.describe_cluster().name(&name).send().await.map_err(aws_error)?;
    let mut r = Resource::new(ResourceKind::EksCluster, region, &name);
    r.name = name.into();
    if let Some(c) = out.cluster() {
        r.tags = tag_map(c.tags());
        r.state = c.status().map(|s| s.as_str().into()).unwrap_or_default();
        r.set(VERSION, c.version().unwrap_or_default());
        r.set(ENDPOINT, c.endpoint().unwrap_or_default());
        r.set(PLATFORM_VERSION, c.platform_version().unwrap_or_default());
        r.set(CREATED, c.created_at().map(rfc3339).unwrap_or_default());
    }
    Ok(r)
}

async fn nodegroups_of(client: &Client, region: &str, cluster: String, tally: &Tally, page_size: i32) -> Found {
    let pages = client
        .list_nodegroups()
        .cluster_name(&cluster)
        .max_results(page_size)
        .into_paginator()
        .send();
    let names = all_items(pages, tally, eks::LIST_NODEGROUPS, |p| p.nodegroups()).await?;
    let mut out = Vec::with_capacity(names.len());
    for ng in names {
        tally.call(eks::DESCRIBE_NODEGROUP);
        let desc = client
            .describe_nodegroup()
            .cluster_name(&cluster)
            .nodegroup_name(&ng)
            .send()
            .await
            .map_err(aws_error)?;
        let mut r = Resource::new(ResourceKind::EksNodegroup, region, format!("{cluster}/{ng}"));
        r.name = ng.into();
        r.set(CLUSTER, &cluster);
        if let Some(n) = desc.nodegroup() {
            r.tags = tag_map(n.tags());
            r.state = n.status().map(|s| s.as_str().into()).unwrap_or_default();
            r.set(VERSION, n.version().unwrap_or_default());
            r.set(ARN, n.nodegroup_arn().unwrap_or_default());
            r.set(INSTANCE_TYPES, n.instance_types().join(","));
            r.set(CAPACITY_TYPE, n.capacity_type().map(|c| c.as_str()).unwrap_or_default());
            if let Some(s) = n.scaling_config() {
                r.set(DESIRED, s.desired_size().map(|x| x.to_string()).unwrap_or_default());
                r.set(MIN, s.min_size().map(|x| x.to_string()).unwrap_or_default());
                r.set(MAX, s.max_size().map(|x| x.to_string()).unwrap_or_default());
            }
        }
        out.push(r);
    }
    Ok(out)
}
