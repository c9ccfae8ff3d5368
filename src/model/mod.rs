//! Plain data shared by every layer: no tokio, no AWS SDK, no ratatui.

pub mod cost;
pub mod links;
pub mod meter;
pub mod metrics;
mod tagfilter;

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use metrics::{MetricSeries, MetricSpec, MetricTarget, RegionMetrics, Window};
pub use tagfilter::{TagFilter, TagFilterError, TagTerm};

/// Resource tags, sorted by key so output is stable.
pub type Tags = BTreeMap<String, String>;

/// The pseudo-region S3 is listed under: buckets are listed once per account.
pub const GLOBAL: &str = "global";

/// The AWS service a resource kind belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::Display, strum::EnumIter)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Service {
    Ec2,
    Rds,
    S3,
    Lambda,
    Eks,
    Emr,
}

/// The eight resource kinds the inventory collects.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::Display,
    strum::EnumIter,
    strum::EnumString,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ResourceKind {
    Ec2Instance,
    EbsVolume,
    RdsInstance,
    S3Bucket,
    LambdaFunction,
    EksCluster,
    EksNodegroup,
    EmrCluster,
}

impl ResourceKind {
    pub fn service(self) -> Service {
        match self {
            ResourceKind::Ec2Instance | ResourceKind::EbsVolume => Service::Ec2,
            ResourceKind::RdsInstance => Service::Rds,
            ResourceKind::S3Bucket => Service::S3,
            ResourceKind::LambdaFunction => Service::Lambda,
            ResourceKind::EksCluster | ResourceKind::EksNodegroup => Service::Eks,
            ResourceKind::EmrCluster => Service::Emr,
        }
    }

    /// Whether the kind is listed once per account rather than once per region.
    pub fn is_global(self) -> bool {
        matches!(self, ResourceKind::S3Bucket)
    }
}

/// One unit of work for the poller: a single listing in one region (or
/// globally, for S3). EKS clusters and nodegroups come from one job, since
/// nodegroups are listed per cluster.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Job {
    pub region: String,
    pub kinds: JobKinds,
}

/// What a [`Job`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKinds {
    Ec2Instances,
    EbsVolumes,
    RdsInstances,
    S3Buckets,
    LambdaFunctions,
    Eks,
    EmrClusters,
}

impl JobKinds {
    pub const REGIONAL: [JobKinds; 6] = [
        JobKinds::Ec2Instances,
        JobKinds::EbsVolumes,
        JobKinds::RdsInstances,
        JobKinds::LambdaFunctions,
        JobKinds::Eks,
        JobKinds::EmrClusters,
    ];

    /// The resource kinds this job reports an outcome for.
    pub fn kinds(self) -> &'static [ResourceKind] {
        match self {
            JobKinds::Ec2Instances => &[ResourceKind::Ec2Instance],
            JobKinds::EbsVolumes => &[ResourceKind::EbsVolume],
            JobKinds::RdsInstances => &[ResourceKind::RdsInstance],
            JobKinds::S3Buckets => &[ResourceKind::S3Bucket],
            JobKinds::LambdaFunctions => &[ResourceKind::LambdaFunction],
            JobKinds::Eks => &[ResourceKind::EksCluster, ResourceKind::EksNodegroup],
            JobKinds::EmrClusters => &[ResourceKind::EmrCluster],
        }
    }
}

/// Every job of one cycle over `regions`: six per region plus S3 once.
pub fn jobs_for(regions: &[String]) -> Vec<Job> {
    let mut jobs: Vec<Job> = regions
        .iter()
        .flat_map(|r| {
            JobKinds::REGIONAL.iter().map(move |k| Job {
                region: r.clone(),
                kinds: *k,
            })
        })
        .collect();
    if !regions.is_empty() {
        jobs.push(Job {
            region: GLOBAL.to_string(),
            kinds: JobKinds::S3Buckets,
        });
    }
    jobs
}

/// One AWS resource, as every view and output format sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub kind: ResourceKind,
    pub region: String,
    /// Instance/volume/DB id, bucket name, function name, EKS cluster name,
    /// `cluster/nodegroup`, or EMR cluster id.
    pub id: String,
    /// The Name tag, or the natural name.
    pub name: String,
    pub state: String,
    pub tags: Tags,
    /// Kind-specific fields, by a stable snake_case key.
    pub details: BTreeMap<String, String>,
}

impl Resource {
    pub fn new(kind: ResourceKind, region: &str, id: impl Into<String>) -> Self {
        Resource {
            kind,
            region: region.to_string(),
            id: id.into(),
            name: String::new(),
            state: String::new(),
            tags: Tags::new(),
            details: BTreeMap::new(),
        }
    }

    /// Sets a detail field when it has a value; empty values are left out.
    pub fn detail(&mut self, key: &str, value: impl ToString) {
        let value = value.to_string();
        if !value.is_empty() {
            self.details.insert(key.to_string(), value);
        }
    }

    pub fn detail_str(&self, key: &str) -> &str {
        self.details.get(key).map(String::as_str).unwrap_or("")
    }
}

/// An AWS failure, reduced to what a user needs to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwsError {
    /// The AWS error code (`AccessDenied`, `ThrottlingException`, ...) or one
    /// of ours for transport failures (`Timeout`, `EndpointUnreachable`).
    pub code: String,
    pub message: String,
}

impl AwsError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        AwsError {
            code: code.into(),
            message: message.into(),
        }
    }

    pub fn is_throttle(&self) -> bool {
        matches!(
            self.code.as_str(),
            "Throttling" | "ThrottlingException" | "RequestLimitExceeded" | "TooManyRequestsException" | "SlowDown"
        )
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

impl std::error::Error for AwsError {}

/// How many AWS operations a piece of work made, and how many list pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallCount {
    pub calls: u32,
    pub pages: u32,
    /// Calls by `service:Operation`.
    pub by_api: BTreeMap<String, u32>,
}

impl CallCount {
    pub fn add(&mut self, other: &CallCount) {
        self.calls += other.calls;
        self.pages += other.pages;
        for (api, n) in &other.by_api {
            *self.by_api.entry(api.clone()).or_default() += n;
        }
    }
}

/// The result of one (region, kind) listing.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Fresh(Vec<Resource>),
    Failed(AwsError),
}

/// One (region, kind) outcome with its bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch {
    pub region: String,
    pub kind: ResourceKind,
    pub outcome: Outcome,
    pub at: DateTime<Utc>,
    /// Calls of the job that produced it (shared by both EKS kinds).
    pub calls: CallCount,
    pub duration: Duration,
}

/// Figures for one whole poll cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CycleStats {
    pub cycle_ms: u64,
    pub slowest_call_ms: u64,
    /// The job whose call was the slowest, as `region/kind`.
    pub slowest: String,
    pub calls: u32,
    pub pages: u32,
    pub errors: u32,
    pub by_api: BTreeMap<String, u32>,
}

/// Caller identity, from STS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    /// Where the credentials came from, for display (never the keys).
    #[serde(skip)]
    pub source: String,
}

/// Whether a resource state means it is up (running, available, in use...).
pub fn is_up(state: &str) -> bool {
    matches!(
        state.to_ascii_lowercase().as_str(),
        "running" | "available" | "in-use" | "active" | "waiting" | "ok"
    )
}

/// `1234567` -> `1,234,567`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_cover_every_kind_once_per_region_and_s3_once() {
        let jobs = jobs_for(&["us-east-1".into(), "eu-west-1".into()]);
        assert_eq!(jobs.len(), 13);
        assert_eq!(jobs.iter().filter(|j| j.kinds == JobKinds::S3Buckets).count(), 1);
        let kinds: usize = jobs.iter().map(|j| j.kinds.kinds().len()).sum();
        assert_eq!(kinds, 2 * 7 + 1);
        assert!(jobs_for(&[]).is_empty());
    }

    #[test]
    fn kinds_round_trip_their_names() {
        use strum::IntoEnumIterator;
        for k in ResourceKind::iter() {
            assert_eq!(k.to_string().parse::<ResourceKind>().ok(), Some(k));
        }
        assert_eq!(ResourceKind::EksNodegroup.to_string(), "eks-nodegroup");
        assert_eq!(ResourceKind::EbsVolume.service().to_string(), "ec2");
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn error_display_is_code_colon_message() {
        assert_eq!(AwsError::new("AccessDenied", "no").to_string(), "AccessDenied: no");
        assert_eq!(AwsError::new("Timeout", "").to_string(), "Timeout");
        assert!(AwsError::new("RequestLimitExceeded", "").is_throttle());
    }
}
