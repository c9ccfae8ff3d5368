//! Writes a realistic estate into moto through the real SDK. Shared by the
//! tests and by `cargo run --example seed` (the demo). Never part of the
//! shipped binary, which stays read-only.
mod cloudwatch;
mod cost;
mod ec2;
mod ec2x;
mod ecs;
mod elb;
pub mod logs;
mod network;
mod org;
mod services;

use std::collections::BTreeMap;

use anyhow::Context;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

use cloudwatch::{alarms, metrics};
use ec2::ec2;
use ec2x::ec2x;
use ecs::ecs;
use elb::elb;
use network::network;
use services::{eks, emr, lambda, rds, s3};

pub use cloudwatch::seeded_alarms;
pub use cost::{cost, cost_daily, cost_with};
pub use ec2x::{GROUP, GROUP_SIZE, SHORT_AND_BUSY, UNUSED_KEY, USED_KEY};
pub use ecs::ECS_SERVICES;
pub use org::{MEMBER_ROLE, member_config, org};
pub use services::lambda_role;

pub const REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];

/// What was seeded, per (region, kind), for tests to compare against.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub counts: BTreeMap<(String, String), usize>,
    pub buckets: BTreeMap<String, String>,
    /// When the last datapoint of every seeded metric series is (Unix
    /// seconds); the others are before it, every 5 minutes.
    pub metrics_end: i64,
}

impl Summary {
    fn add(&mut self, region: &str, kind: &str, n: usize) {
        *self.counts.entry((region.to_string(), kind.to_string())).or_default() += n;
    }

    pub fn count(&self, region: &str, kind: &str) -> usize {
        self.counts
            .get(&(region.to_string(), kind.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// How many datapoints of a seeded metric series lie in `[start, end)`
    /// (Unix seconds), as GetMetricData reads its range.
    pub fn metric_points(&self, (start, end): (i64, i64)) -> usize {
        cloudwatch::point_times(self.metrics_end)
            .filter(|t| (start..end).contains(t))
            .count()
    }
}

pub fn config(endpoint: &str, region: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
            Credentials::new("testing", "testing", None, None, "seed"),
        ))
        .build()
}

/// An empty but valid zip archive: moto stores it, nothing runs it.
pub const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// Seeds the estate. `scale` adds `scale`x100 instances in us-east-1,
/// `scale`x25 functions and `scale`x15 buckets spread over the regions.
pub async fn seed(endpoint: &str, scale: u32) -> anyhow::Result<Summary> {
    seed_accounts(endpoint, scale, false).await.map(|(s, _)| s)
}

/// [`seed`], and with `org` first an organization ([`org`]) whose members
/// each get a VPC, instances and alarms in us-east-1 too; the Cost
/// Explorer answers then include the by-account breakdown the Cost view
/// asks for an organization. Returns the members' `(id, name)`.
pub async fn seed_accounts(
    endpoint: &str,
    scale: u32,
    with_org: bool,
) -> anyhow::Result<(Summary, Vec<(String, String)>)> {
    let members = match with_org {
        true => org(endpoint).await.context("the organization")?,
        false => Vec::new(),
    };
    for (id, name) in &members {
        let cfg = member_config(endpoint, id, "us-east-1").await?;
        let mut ignored = Summary::default();
        network(&cfg, "us-east-1", &mut ignored)
            .await
            .with_context(|| format!("VPCs in {name}"))?;
        ec2(&cfg, "us-east-1", 0, &mut ignored)
            .await
            .with_context(|| format!("EC2 in {name}"))?;
        alarms(&cfg, "us-east-1", &mut ignored)
            .await
            .with_context(|| format!("alarms in {name}"))?;
    }
    let mut summary = Summary::default();
    let role_arn = lambda_role(&config(endpoint, "us-east-1")).await?;
    for region in REGIONS {
        let cfg = config(endpoint, region);
        // The VPC first, so that what EC2 seeds can use its subnets.
        network(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("VPCs in {region}"))?;
        ec2(&cfg, region, scale, &mut summary)
            .await
            .with_context(|| format!("EC2 in {region}"))?;
        rds(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("RDS in {region}"))?;
        lambda(&cfg, region, &role_arn, scale, &mut summary)
            .await
            .with_context(|| format!("Lambda in {region}"))?;
        eks(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("EKS in {region}"))?;
        emr(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("EMR in {region}"))?;
        s3(endpoint, region, scale, &mut summary)
            .await
            .with_context(|| format!("S3 in {region}"))?;
        // Counted once every VPC is made: each gets a default group.
        let groups = aws_sdk_ec2::Client::new(&cfg)
            .describe_security_groups()
            .send()
            .await?
            .security_groups()
            .len();
        summary.add(region, "security-group", groups);
        alarms(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("CloudWatch alarms in {region}"))?;
        logs::logs(&cfg)
            .await
            .with_context(|| format!("log lines in {region}"))?;
        ecs(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("ECS in {region}"))?;
        elb(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("load balancers in {region}"))?;
        ec2x(&cfg, region, &mut summary)
            .await
            .with_context(|| format!("Auto Scaling, NAT gateways and key pairs in {region}"))?;
    }
    metrics(endpoint, &mut summary).await.context("CloudWatch datapoints")?;
    let linked: Vec<(&str, &str)> = members
        .iter()
        .zip(["402.10", "301.22"])
        .map(|((id, _), amount)| (id.as_str(), amount))
        .chain(with_org.then_some(("123456789012", "423.71")))
        .collect();
    cost_with(endpoint, &linked).context("Cost Explorer results")?;
    cost_daily(endpoint, chrono::Utc::now().date_naive()).context("Cost Explorer daily results")?;
    Ok((summary, members))
}
