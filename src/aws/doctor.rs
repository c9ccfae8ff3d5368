//! `doctor`: one cheap call per service and region (the first page of each
//! inventory listing, with the smallest page size, and one GetMetricData
//! query: one metric, $0.00001), to tell what works and what is denied
//! before a full cycle. Cost Explorer is not probed: each request costs $0.01.

use futures::StreamExt;

use super::inventory::host;

use super::Aws;
use crate::model::metrics::{MetricTarget, Window};
use crate::model::{AwsError, ResourceKind};

/// One probe: a kind's listing, or CloudWatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// The first page of a kind's listing: a kind with a listing of its own,
    /// or a kind listed with another that needs a call of its own (EBS
    /// volumes, AMIs and snapshots with the EC2 instances; not EKS
    /// nodegroups, which need the clusters first).
    Listing(ResourceKind),
    /// One GetMetricData query.
    Metrics,
    /// One page of the tagging API (GetResources, one resource): the tags
    /// of Lambda functions and S3 buckets in one listing per region.
    Tagging,
    /// One FilterLogEvents call on a log group that need not exist (the
    /// logs view and `aws-monitor logs`): allowed answers "not found".
    Logs,
}

impl Probe {
    /// The probes made in every region: each regional listing, and metrics.
    pub fn regional() -> Vec<Probe> {
        ResourceKind::all()
            .iter()
            .filter(|k| !k.is_global() && probed(**k))
            .map(|&k| Probe::Listing(k))
            .chain([Probe::Tagging, Probe::Metrics, Probe::Logs])
            .collect()
    }

    /// The probes made once, in the home region: each global listing.
    pub fn global() -> Vec<Probe> {
        ResourceKind::all()
            .iter()
            .filter(|k| k.is_global() && probed(**k))
            .map(|&k| Probe::Listing(k))
            .collect()
    }

    /// The label the call is counted under; [`super::actions::action_for`]
    /// turns it into the IAM action.
    pub fn api(self) -> &'static str {
        match self {
            Probe::Listing(k) => host(k).map_or("", |l| l.probe_member_api(k)),
            Probe::Metrics => super::ops::cloudwatch::GET_METRIC_DATA.api,
            Probe::Tagging => super::ops::tag::GET_RESOURCES.api,
            Probe::Logs => super::ops::logs::FILTER_LOG_EVENTS.api,
        }
    }

    /// The service, as the inventory names it.
    pub fn service(self) -> &'static str {
        match self {
            Probe::Listing(k) => k.service(),
            Probe::Metrics => "cloudwatch",
            Probe::Tagging => "tag",
            Probe::Logs => "logs",
        }
    }
}

/// Whether `doctor` probes a kind: it has a listing of its own, or its
/// host's listing probes it with a call of its own.
fn probed(k: ResourceKind) -> bool {
    match (host(k), k.has_own_listing()) {
        (Some(_), true) => true,
        (Some(l), false) => l.probe_member_api(k) != l.probe_api(),
        (None, _) => false,
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
        let home = self.home_region();
        let mut work: Vec<(String, Probe)> = Probe::global().into_iter().map(|p| (home.clone(), p)).collect();
        let regional = Probe::regional();
        for region in regions {
            work.extend(regional.iter().map(|p| (region.clone(), *p)));
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
        match probe {
            Probe::Listing(k) => match host(k) {
                Some(l) => l.probe_member(k, self, region).await,
                None => Err(AwsError::new("NoListing", format!("{k} has no listing of its own"))),
            },
            Probe::Tagging => self.probe_tagging(region).await,
            Probe::Logs => self.logs(region).probe().await,
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
        let all: Vec<Probe> = Probe::regional().into_iter().chain(Probe::global()).collect();
        for p in &all {
            let action = super::super::actions::action_for(p.api());
            assert!(action.is_some(), "{p:?}");
        }
        // Every kind with a listing of its own is probed, S3 once.
        for &k in ResourceKind::all().iter().filter(|k| k.has_own_listing()) {
            assert!(all.contains(&Probe::Listing(k)), "{k} is not probed");
        }
        assert!(Probe::global().contains(&Probe::Listing(ResourceKind::S3Bucket)));
        // Kinds listed with the instances are probed by their own call;
        // nodegroups are not (they need a cluster first).
        for (k, api) in [
            (ResourceKind::EbsVolume, "ec2:DescribeVolumes"),
            (ResourceKind::Ami, "ec2:DescribeImages"),
            (ResourceKind::EbsSnapshot, "ec2:DescribeSnapshots"),
        ] {
            assert!(all.contains(&Probe::Listing(k)), "{k} is not probed");
            assert_eq!(Probe::Listing(k).api(), api);
        }
        assert!(!all.contains(&Probe::Listing(ResourceKind::EksNodegroup)));
        let apis: Vec<&str> = all.iter().map(|p| p.api()).collect();
        let mut distinct = apis.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), apis.len(), "no call probed twice: {apis:?}");
        assert_eq!(
            super::super::actions::action_for(Probe::Listing(ResourceKind::S3Bucket).api()),
            Some("s3:ListAllMyBuckets")
        );
    }
}
