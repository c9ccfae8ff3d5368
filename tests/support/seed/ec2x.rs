//! Auto Scaling groups, NAT gateways and key pairs: in each region a key
//! pair the group's launch template names (used) and one nothing uses, a
//! group of two instances (moto launches them into EC2, each with its root
//! volume; in us-east-1 one is marked unhealthy, so the group is short of
//! capacity), and a NAT
//! gateway in the app VPC's public subnet with an Elastic IP of its own
//! (in us-east-1 busy: bytes out seeded with PutMetricData; elsewhere idle).

use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;

use super::Summary;
use super::ec2::ec2_tags;

/// The key pair the group's instances are launched with.
pub const USED_KEY: &str = "deploy";
/// The key pair nothing uses.
pub const UNUSED_KEY: &str = "legacy-admin";
/// The group in every region.
pub const GROUP: &str = "web-asg";
/// Instances the group wants (and moto launches).
pub const GROUP_SIZE: i32 = 2;
/// The region whose group is short (one instance unhealthy) and whose NAT
/// gateway is busy.
pub const SHORT_AND_BUSY: &str = "us-east-1";

pub(super) async fn ec2x(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::{KeyType, ResourceType};
    let c = aws_sdk_ec2::Client::new(cfg);
    for (name, team) in [(USED_KEY, "web"), (UNUSED_KEY, "platform")] {
        c.create_key_pair()
            .key_name(name)
            .key_type(KeyType::Ed25519)
            .tag_specifications(ec2_tags(&[("Team", team)], ResourceType::KeyPair))
            .send()
            .await?;
    }
    s.add(region, "key-pair", 2);
    // The group's instances come with their root volumes.
    let volumes = || async { anyhow::Ok(c.describe_volumes().send().await?.volumes().len()) };
    let before = volumes().await?;
    group(cfg, &c, region, s).await?;
    s.add(region, "ebs-volume", volumes().await? - before);
    nat_gateway(cfg, &c, region, s).await
}

/// A launch template naming the used key, and a group of two from it.
async fn group(cfg: &SdkConfig, c: &aws_sdk_ec2::Client, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_autoscaling::types::{LaunchTemplateSpecification, Tag};
    use aws_sdk_ec2::types::{InstanceType, RequestLaunchTemplateData};
    c.create_launch_template()
        .launch_template_name("web-lt")
        .launch_template_data(
            RequestLaunchTemplateData::builder()
                .image_id("ami-12c6146b")
                .instance_type(InstanceType::T3Micro)
                .key_name(USED_KEY)
                .build(),
        )
        .send()
        .await?;
    let asg = aws_sdk_autoscaling::Client::new(cfg);
    let tag = |k: &str, v: &str| {
        Tag::builder()
            .resource_id(GROUP)
            .resource_type("auto-scaling-group")
            .key(k)
            .value(v)
            .propagate_at_launch(false)
            .build()
    };
    asg.create_auto_scaling_group()
        .auto_scaling_group_name(GROUP)
        .launch_template(
            LaunchTemplateSpecification::builder()
                .launch_template_name("web-lt")
                .version("$Latest")
                .build(),
        )
        .min_size(1)
        .max_size(4)
        .desired_capacity(GROUP_SIZE)
        .availability_zones(format!("{region}a"))
        .tags(tag("Environment", "production"))
        .tags(tag("Team", "web"))
        .send()
        .await?;
    s.add(region, "autoscaling-group", 1);
    s.add(region, "ec2-instance", GROUP_SIZE as usize);
    if region == SHORT_AND_BUSY {
        let out = asg
            .describe_auto_scaling_groups()
            .auto_scaling_group_names(GROUP)
            .send()
            .await?;
        let first = out
            .auto_scaling_groups()
            .first()
            .and_then(|g| g.instances().first())
            .and_then(|i| i.instance_id())
            .unwrap_or_default()
            .to_string();
        asg.set_instance_health()
            .instance_id(first)
            .health_status("Unhealthy")
            .send()
            .await?;
    }
    Ok(())
}

/// A public NAT gateway in the app VPC's public subnet, with its own
/// Elastic IP (associated with the gateway's interface).
async fn nat_gateway(cfg: &SdkConfig, c: &aws_sdk_ec2::Client, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::{ConnectivityType, DomainType, Filter, ResourceType};
    let subnets = c
        .describe_subnets()
        .filters(Filter::builder().name("tag:Name").values("app-public").build())
        .send()
        .await?;
    let subnet = subnets
        .subnets()
        .first()
        .and_then(|x| x.subnet_id())
        .unwrap_or_default()
        .to_string();
    let ip = c
        .allocate_address()
        .domain(DomainType::Vpc)
        .tag_specifications(ec2_tags(
            &[("Name", "nat-ip"), ("Team", "platform")],
            ResourceType::ElasticIp,
        ))
        .send()
        .await?;
    s.add(region, "elastic-ip", 1);
    let nat = c
        .create_nat_gateway()
        .subnet_id(&subnet)
        .allocation_id(ip.allocation_id().unwrap_or_default())
        .connectivity_type(ConnectivityType::Public)
        .tag_specifications(ec2_tags(
            &[("Name", "egress"), ("Environment", "production"), ("Team", "platform")],
            ResourceType::Natgateway,
        ))
        .send()
        .await?;
    s.add(region, "nat-gateway", 1);
    if region == SHORT_AND_BUSY {
        let id = nat.nat_gateway().and_then(|n| n.nat_gateway_id()).unwrap_or_default();
        bytes_out(cfg, id).await?;
    }
    Ok(())
}

/// A day of hourly `BytesOutToDestination` for a gateway: it is busy.
async fn bytes_out(cfg: &SdkConfig, nat: &str) -> anyhow::Result<()> {
    use aws_sdk_cloudwatch::primitives::DateTime;
    use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit};
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64 / 3600 * 3600;
    let data = (1..=24i64)
        .map(|h| {
            MetricDatum::builder()
                .metric_name("BytesOutToDestination")
                .dimensions(Dimension::builder().name("NatGatewayId").value(nat).build())
                .timestamp(DateTime::from_secs(now - h * 3600))
                .value(1_048_576.0 * h as f64)
                .unit(StandardUnit::Bytes)
                .build()
        })
        .collect();
    aws_sdk_cloudwatch::Client::new(cfg)
        .put_metric_data()
        .namespace("AWS/NATGateway")
        .set_metric_data(Some(data))
        .send()
        .await?;
    Ok(())
}
