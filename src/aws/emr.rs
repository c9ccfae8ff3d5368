//! EMR clusters in active states.

use aws_config::SdkConfig;
use aws_sdk_emr::Client;
use aws_sdk_emr::types::ClusterState;
use futures::{StreamExt, TryStreamExt};

use super::lambda::FAN_OUT;
use super::{Tally, aws_error, tags};
use crate::model::{AwsError, Resource, ResourceKind};

const ACTIVE: [ClusterState; 5] = [
    ClusterState::Starting,
    ClusterState::Bootstrapping,
    ClusterState::Running,
    ClusterState::Waiting,
    ClusterState::Terminating,
];

/// The region named in an ARN (`arn:aws:elasticmapreduce:REGION:...`).
pub(crate) fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3).filter(|r| !r.is_empty())
}

pub(super) async fn clusters(cfg: &SdkConfig, region: &str, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
    let client = Client::new(cfg);
    let mut pages = client
        .list_clusters()
        .set_cluster_states(Some(ACTIVE.to_vec()))
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        tally.page("emr:ListClusters");
        let page = page.map_err(aws_error)?;
        for c in page.clusters() {
            // Keep a cluster only where its ARN names this region: right on
            // AWS, and moto keeps one global list whose ARNs all say us-east-1.
            let here = c.cluster_arn().and_then(arn_region).is_none_or(|r| r == region);
            if let (true, Some(id)) = (here, c.id()) {
                let mut r = Resource::new(ResourceKind::EmrCluster, region, id);
                r.name = c.name().unwrap_or_default().to_string();
                r.state = c
                    .status()
                    .and_then(|s| s.state())
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default();
                r.detail(
                    "normalized_hours",
                    c.normalized_instance_hours().map(|h| h.to_string()).unwrap_or_default(),
                );
                found.push(r);
            }
        }
    }
    futures::stream::iter(found)
        .map(|mut r| {
            let client = client.clone();
            async move {
                tally.call("emr:DescribeCluster");
                let out = client
                    .describe_cluster()
                    .cluster_id(&r.id)
                    .send()
                    .await
                    .map_err(aws_error)?;
                if let Some(c) = out.cluster() {
                    r.tags = tags(c.tags().iter().map(|t| (t.key(), t.value())));
                    r.detail("release", c.release_label().unwrap_or_default());
                    r.detail("master_dns", c.master_public_dns_name().unwrap_or_default());
                    r.detail(
                        "applications",
                        c.applications()
                            .iter()
                            .filter_map(|a| a.name())
                            .collect::<Vec<_>>()
                            .join(","),
                    );
                }
                Ok::<_, AwsError>(r)
            }
        })
        .buffered(FAN_OUT)
        .try_collect()
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn arn_region_reads_the_fourth_field() {
        assert_eq!(
            super::arn_region("arn:aws:elasticmapreduce:eu-west-1:123:cluster/j-1"),
            Some("eu-west-1")
        );
        assert_eq!(super::arn_region("nonsense"), None);
    }
}
