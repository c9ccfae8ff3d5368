//! EC2 instances and EBS volumes, and the region list.

use aws_config::SdkConfig;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Instance, Volume};

use super::{Tally, aws_error, rfc3339, tags};
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) async fn instances(
    cfg: &SdkConfig,
    region: &str,
    tally: &Tally,
    page_size: i32,
) -> Result<Vec<Resource>, AwsError> {
    let client = Client::new(cfg);
    let mut pages = client
        .describe_instances()
        .max_results(page_size)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        tally.page("ec2:DescribeInstances");
        let page = page.map_err(aws_error)?;
        for reservation in page.reservations() {
            out.extend(reservation.instances().iter().map(|i| instance(i, region)));
        }
    }
    Ok(out)
}

fn instance(i: &Instance, region: &str) -> Resource {
    let mut r = Resource::new(ResourceKind::Ec2Instance, region, i.instance_id().unwrap_or_default());
    r.tags = tags(i.tags().iter().map(|t| (t.key(), t.value())));
    r.name = r.tags.get("Name").cloned().unwrap_or_default();
    r.state = i
        .state()
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    r.detail("type", i.instance_type().map(|t| t.as_str()).unwrap_or_default());
    r.detail(
        "az",
        i.placement().and_then(|p| p.availability_zone()).unwrap_or_default(),
    );
    r.detail("private_ip", i.private_ip_address().unwrap_or_default());
    r.detail("public_ip", i.public_ip_address().unwrap_or_default());
    r.detail("launch_time", i.launch_time().map(rfc3339).unwrap_or_default());
    r.detail("vpc", i.vpc_id().unwrap_or_default());
    r.detail(
        "monitoring",
        i.monitoring()
            .and_then(|m| m.state())
            .map(|s| s.as_str())
            .unwrap_or_default(),
    );
    r
}

pub(super) async fn volumes(
    cfg: &SdkConfig,
    region: &str,
    tally: &Tally,
    page_size: i32,
) -> Result<Vec<Resource>, AwsError> {
    let client = Client::new(cfg);
    let mut pages = client.describe_volumes().max_results(page_size).into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        tally.page("ec2:DescribeVolumes");
        let page = page.map_err(aws_error)?;
        out.extend(page.volumes().iter().map(|v| volume(v, region)));
    }
    Ok(out)
}

fn volume(v: &Volume, region: &str) -> Resource {
    let mut r = Resource::new(ResourceKind::EbsVolume, region, v.volume_id().unwrap_or_default());
    r.tags = tags(v.tags().iter().map(|t| (t.key(), t.value())));
    r.name = r.tags.get("Name").cloned().unwrap_or_default();
    r.state = v.state().map(|s| s.as_str().to_string()).unwrap_or_default();
    r.detail("size_gib", v.size().map(|s| s.to_string()).unwrap_or_default());
    r.detail("type", v.volume_type().map(|t| t.as_str()).unwrap_or_default());
    r.detail("az", v.availability_zone().unwrap_or_default());
    r.detail("encrypted", v.encrypted().unwrap_or(false));
    let attached: Vec<&str> = v.attachments().iter().filter_map(|a| a.instance_id()).collect();
    r.detail("attached_to", attached.join(","));
    r.detail("created", v.create_time().map(rfc3339).unwrap_or_default());
    r
}

/// The regions enabled for the account, sorted.
pub(super) async fn enabled_regions(cfg: &SdkConfig) -> Result<Vec<String>, AwsError> {
    let out = Client::new(cfg).describe_regions().send().await.map_err(aws_error)?;
    let mut regions: Vec<String> = out
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    regions.sort();
    Ok(regions)
}
