//! The synthetic estate the render benchmark and the feed example share:
//! 10,000 EC2 instances in each of ten regions, as the poller would report
//! them.

use std::time::Duration;

use aws_monitor::kinds::ec2_instance;
use aws_monitor::model::{CallCount, Fetch, Outcome, Resource, ResourceKind};
use chrono::{DateTime, Utc};

pub const REGIONS: [&str; 10] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "ap-south-1",
    "ap-northeast-1",
    "sa-east-1",
];

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
}

/// 10,000 instances of region number `ri`, with names, tags and details;
/// a different seventh of them stopped each `cycle`.
pub fn instances(ri: usize, region: &str, cycle: usize) -> Vec<Resource> {
    (0..10_000)
        .map(|i| {
            let mut r = Resource::new(ResourceKind::Ec2Instance, region, format!("i-{ri:02}{i:015x}"));
            r.name = format!("svc-{}-{}", ["web", "api", "worker", "batch", "db"][i % 5], i % 997).into();
            r.state = if (i + cycle).is_multiple_of(7) {
                "stopped"
            } else {
                "running"
            }
            .into();
            r.tags.insert("Environment", ["production", "staging", "dev"][i % 3]);
            r.tags.insert("Team", &format!("team-{}", i % 40));
            r.set(ec2_instance::TYPE, ["t3.medium", "m5.large", "c5.xlarge"][i % 3]);
            r.set(ec2_instance::AZ, format!("{region}{}", ["a", "b", "c"][i % 3]));
            r.set(
                ec2_instance::PRIVATE_IP,
                format!("10.{}.{}.{}", ri, (i / 256) % 256, i % 256),
            );
            r.set(ec2_instance::LAUNCH_TIME, "2027-01-01T00:00:00Z");
            r.set(ec2_instance::VPC, format!("vpc-{ri:02}{:015x}", i % 4));
            r.set(ec2_instance::MONITORING, "disabled");
            r.set(ec2_instance::STATUS_CHECKS, "ok");
            r
        })
        .collect()
}

/// One listing's outcome, as the poller reports it.
pub fn fetch(region: &str, items: Vec<Resource>) -> Fetch {
    Fetch {
        account: Default::default(),
        region: region.to_string(),
        kind: ResourceKind::Ec2Instance,
        outcome: Outcome::Fresh(items),
        at: now(),
        calls: CallCount::default(),
        duration: Duration::from_millis(1),
    }
}
