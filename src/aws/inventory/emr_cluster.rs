//! EMR clusters in active states.

use aws_sdk_emr::Client;
use aws_sdk_emr::types::ClusterState;

use super::{Cx, OneKind, each_page, fan_out, probed};
use crate::aws::ops::{Operation, emr};
use crate::aws::{Tally, aws_error, tags};
use crate::kinds::emr_cluster::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

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

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::EmrCluster;
    const OPERATIONS: &[Operation] = &[emr::LIST_CLUSTERS, emr::DESCRIBE_CLUSTER];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        let client = cx.client(Client::new);
        let pages = client
            .list_clusters()
            .set_cluster_states(Some(ACTIVE.to_vec()))
            .into_paginator()
            .send();
        let mut found = Vec::new();
        each_page(pages, tally, emr::LIST_CLUSTERS, |page| {
            for c in page.clusters() {
                // Keep a cluster only where its ARN names this region: right on
                // AWS, and moto keeps one global list whose ARNs all say us-east-1.
                let here = c.cluster_arn().and_then(arn_region).is_none_or(|r| r == cx.region);
                if let (true, Some(id)) = (here, c.id()) {
                    let mut r = Resource::new(ResourceKind::EmrCluster, cx.region, id);
                    r.name = c.name().unwrap_or_default().into();
                    r.state = c
                        .status()
                        .and_then(|s| s.state())
                        .map(|s| s.as_str().into())
                        .unwrap_or_default();
                    r.set(
                        NORMALIZED_HOURS,
                        c.normalized_instance_hours().map(|h| h.to_string()).unwrap_or_default(),
                    );
                    found.push(r);
                }
            }
        })
        .await?;
        fan_out(found, |mut r| {
            let client = client.clone();
            async move {
                tally.call(emr::DESCRIBE_CLUSTER);
                let out = client
                    .describe_cluster()
                    .cluster_id(r.id.as_str())
                    .send()
                    .await
                    .map_err(aws_error)?;
                if let Some(c) = out.cluster() {
                    r.tags = tags(c.tags().iter().map(|t| (t.key(), t.value())));
                    r.set(RELEASE, c.release_label().unwrap_or_default());
                    r.set(MASTER_DNS, c.master_public_dns_name().unwrap_or_default());
                    r.set(
                        APPLICATIONS,
                        c.applications()
                            .iter()
                            .filter_map(|a| a.name())
                            .collect::<Vec<_>>()
                            .join(","),
                    );
                }
                Ok(r)
            }
        })
        .await
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).list_clusters().send()).await
    }
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
