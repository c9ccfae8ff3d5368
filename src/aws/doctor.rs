//! `doctor`: one cheap call per service and region (the first page of each
//! inventory listing, with the smallest page size, and one GetMetricData
//! query: one metric, $0.00001), to tell what works and what is denied
//! before a full cycle. Cost Explorer is not probed: each request costs $0.01.

use futures::StreamExt;

use super::{Aws, aws_error};
use crate::model::metrics::{MetricTarget, Window};
use crate::model::{AwsError, ResourceKind};

/// One service probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Ec2Instances,
    EbsVolumes,
    RdsInstances,
    S3Buckets,
    LambdaFunctions,
    EksClusters,
    EmrClusters,
    Metrics,
}

impl Probe {
    /// The probes made in every region (S3 is probed once, in the home region).
    pub const REGIONAL: [Probe; 7] = [
        Probe::Ec2Instances,
        Probe::EbsVolumes,
        Probe::RdsInstances,
        Probe::LambdaFunctions,
        Probe::EksClusters,
        Probe::EmrClusters,
        Probe::Metrics,
    ];

    /// The label the call is counted under; [`super::actions::action_for`]
    /// turns it into the IAM action.
    pub fn api(self) -> &'static str {
        match self {
            Probe::Ec2Instances => "ec2:DescribeInstances",
            Probe::EbsVolumes => "ec2:DescribeVolumes",
            Probe::RdsInstances => "rds:DescribeDBInstances",
            Probe::S3Buckets => "s3:ListBuckets",
            Probe::LambdaFunctions => "lambda:ListFunctions",
            Probe::EksClusters => "eks:ListClusters",
            Probe::EmrClusters => "emr:ListClusters",
            Probe::Metrics => crate::model::metrics::GET_METRIC_DATA,
        }
    }

    /// The service, as the inventory names it.
    pub fn service(self) -> &'static str {
        match self {
            Probe::Ec2Instances | Probe::EbsVolumes => "ec2",
            Probe::RdsInstances => "rds",
            Probe::S3Buckets => "s3",
            Probe::LambdaFunctions => "lambda",
            Probe::EksClusters => "eks",
            Probe::EmrClusters => "emr",
            Probe::Metrics => "cloudwatch",
        }
    }
}

/// The outcome of one probe.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeResult {
    pub region: String,
    pub probe: Probe,
    pub result: Result<(), AwsError>,
}

impl Aws {
    /// Every probe in every region (S3 once), concurrently; results in
    /// region then probe order.
    pub async fn probe_all(&self, regions: &[String]) -> Vec<ProbeResult> {
        let mut work: Vec<(String, Probe)> = vec![(self.home_region(), Probe::S3Buckets)];
        for region in regions {
            work.extend(Probe::REGIONAL.iter().map(|p| (region.clone(), *p)));
        }
        futures::stream::iter(work)
            .map(|(region, probe)| async move {
                let result = self.probe(&region, probe).await;
                ProbeResult { region, probe, result }
            })
            .buffered(32)
            .collect()
            .await
    }

    /// One cheap call: the first page of the listing, as small as the API allows.
    pub async fn probe(&self, region: &str, probe: Probe) -> Result<(), AwsError> {
        let cfg = self.regional(region);
        match probe {
            Probe::Ec2Instances => aws_sdk_ec2::Client::new(&cfg)
                .describe_instances()
                .max_results(5)
                .send()
                .await
                .map(drop)
                .map_err(aws_error),
            Probe::EbsVolumes => aws_sdk_ec2::Client::new(&cfg)
                .describe_volumes()
                .max_results(5)
                .send()
                .await
                .map(drop)
                .map_err(aws_error),
            Probe::RdsInstances => aws_sdk_rds::Client::new(&cfg)
                .describe_db_instances()
                .max_records(20)
                .send()
                .await
                .map(drop)
                .map_err(aws_error),
            Probe::S3Buckets => super::s3::client(self, region)
                .list_buckets()
                .max_buckets(1)
                .send()
                .await
                .map(drop)
                .map_err(aws_error),
            Probe::LambdaFunctions => aws_sdk_lambda::Client::new(&cfg)
                .list_functions()
                .max_items(1)
                .send()
                .await
                .map(drop)
                .map_err(aws_error),
            Probe::EksClusters => aws_sdk_eks::Client::new(&cfg)
                .list_clusters()
                .max_results(1)
                .send()
                .await
                .map(drop)
                .map_err(aws_error),
            Probe::EmrClusters => aws_sdk_emr::Client::new(&cfg)
                .list_clusters()
                .send()
                .await
                .map(drop)
                .map_err(aws_error),
            Probe::Metrics => {
                // One query over the last hour: the metrics call the TUI makes.
                let target = MetricTarget::new(region, ResourceKind::Ec2Instance, "i-doctor", "CPUUtilization");
                let now = chrono::Utc::now().timestamp();
                match self.metric_data(region, &[target], Window::H1, now).await.error {
                    None => Ok(()),
                    Some(e) => Err(e),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_probe_names_an_action() {
        for p in Probe::REGIONAL.iter().chain([&Probe::S3Buckets]) {
            let action = super::super::actions::action_for(p.api());
            assert!(action.is_some(), "{p:?}");
        }
        assert_eq!(
            super::super::actions::action_for(Probe::S3Buckets.api()),
            Some("s3:ListAllMyBuckets")
        );
    }
}
