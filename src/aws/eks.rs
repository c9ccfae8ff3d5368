//! EKS clusters and their nodegroups.

use aws_config::SdkConfig;
use aws_sdk_eks::Client;
use futures::{StreamExt, TryStreamExt};

use super::lambda::FAN_OUT;
use super::{Tally, aws_error, rfc3339};
use crate::model::{AwsError, Resource, ResourceKind, Tags};

type Listing = Result<Vec<Resource>, AwsError>;

/// Clusters and nodegroups, each with its own outcome: a failed nodegroup
/// call fails only the nodegroups.
pub(super) async fn clusters_and_nodegroups(
    cfg: &SdkConfig,
    region: &str,
    clusters_tally: &Tally,
    nodegroups_tally: &Tally,
    page_size: i32,
) -> (Listing, Listing) {
    let client = Client::new(cfg);
    let names = match cluster_names(&client, clusters_tally, page_size).await {
        Ok(n) => n,
        Err(e) => return (Err(e.clone()), Err(e)),
    };
    let clusters = futures::stream::iter(names.clone())
        .map(|name| describe_cluster(&client, region, name, clusters_tally))
        .buffered(FAN_OUT)
        .try_collect::<Vec<_>>()
        .await;
    let nodegroups = futures::stream::iter(names)
        .map(|name| nodegroups_of(&client, region, name, nodegroups_tally, page_size))
        .buffered(FAN_OUT)
        .try_collect::<Vec<Vec<Resource>>>()
        .await
        .map(|v| v.into_iter().flatten().collect());
    (clusters, nodegroups)
}

async fn cluster_names(client: &Client, tally: &Tally, page_size: i32) -> Result<Vec<String>, AwsError> {
    let mut pages = client.list_clusters().max_results(page_size).into_paginator().send();
    let mut names = Vec::new();
    while let Some(page) = pages.next().await {
        tally.page("eks:ListClusters");
        names.extend(page.map_err(aws_error)?.clusters().iter().cloned());
    }
    Ok(names)
}

fn tag_map(t: Option<&std::collections::HashMap<String, String>>) -> Tags {
    t.map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

async fn describe_cluster(client: &Client, region: &str, name: String, tally: &Tally) -> Result<Resource, AwsError> {
    tally.call("eks:DescribeCluster");
    let out = client.describe_cluster().name(&name).send().await.map_err(aws_error)?;
    let mut r = Resource::new(ResourceKind::EksCluster, region, &name);
    r.name = name;
    if let Some(c) = out.cluster() {
        r.tags = tag_map(c.tags());
        r.state = c.status().map(|s| s.as_str().to_string()).unwrap_or_default();
        r.detail("version", c.version().unwrap_or_default());
        r.detail("endpoint", c.endpoint().unwrap_or_default());
        r.detail("platform_version", c.platform_version().unwrap_or_default());
        r.detail("created", c.created_at().map(rfc3339).unwrap_or_default());
    }
    Ok(r)
}

async fn nodegroups_of(client: &Client, region: &str, cluster: String, tally: &Tally, page_size: i32) -> Listing {
    let mut pages = client
        .list_nodegroups()
        .cluster_name(&cluster)
        .max_results(page_size)
        .into_paginator()
        .send();
    let mut names = Vec::new();
    while let Some(page) = pages.next().await {
        tally.page("eks:ListNodegroups");
        names.extend(page.map_err(aws_error)?.nodegroups().iter().cloned());
    }
    let mut out = Vec::with_capacity(names.len());
    for ng in names {
        tally.call("eks:DescribeNodegroup");
        let desc = client
            .describe_nodegroup()
            .cluster_name(&cluster)
            .nodegroup_name(&ng)
            .send()
            .await
            .map_err(aws_error)?;
        let mut r = Resource::new(ResourceKind::EksNodegroup, region, format!("{cluster}/{ng}"));
        r.name = ng;
        r.detail("cluster", &cluster);
        if let Some(n) = desc.nodegroup() {
            r.tags = tag_map(n.tags());
            r.state = n.status().map(|s| s.as_str().to_string()).unwrap_or_default();
            r.detail("version", n.version().unwrap_or_default());
            // Its ARN ends in an id only AWS knows (`y`/`Y` copy it).
            r.detail("arn", n.nodegroup_arn().unwrap_or_default());
            r.detail("instance_types", n.instance_types().join(","));
            r.detail(
                "capacity_type",
                n.capacity_type().map(|c| c.as_str()).unwrap_or_default(),
            );
            if let Some(s) = n.scaling_config() {
                r.detail("desired", s.desired_size().map(|x| x.to_string()).unwrap_or_default());
                r.detail("min", s.min_size().map(|x| x.to_string()).unwrap_or_default());
                r.detail("max", s.max_size().map(|x| x.to_string()).unwrap_or_default());
            }
        }
        out.push(r);
    }
    Ok(out)
}
