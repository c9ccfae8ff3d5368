//! The VPCs and subnets.

use aws_config::SdkConfig;

use super::Summary;
use super::ec2::ec2_tags;

/// A VPC with a public and a private subnet (moto adds each region's
/// default VPC and its default subnets, which are counted too).
pub(super) async fn network(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::{AttributeBooleanValue, ResourceType};
    let c = aws_sdk_ec2::Client::new(cfg);
    let vpc = c
        .create_vpc()
        .cidr_block("10.20.0.0/16")
        .tag_specifications(ec2_tags(
            &[("Name", "app"), ("Environment", "production"), ("Team", "platform")],
            ResourceType::Vpc,
        ))
        .send()
        .await?;
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap_or_default().to_string();
    for (name, cidr, az, public) in [
        ("app-public", "10.20.1.0/24", "a", true),
        ("app-private", "10.20.2.0/24", "b", false),
    ] {
        let subnet = c
            .create_subnet()
            .vpc_id(&vpc_id)
            .cidr_block(cidr)
            .availability_zone(format!("{region}{az}"))
            .tag_specifications(ec2_tags(
                &[("Name", name), ("Environment", "production"), ("Team", "platform")],
                ResourceType::Subnet,
            ))
            .send()
            .await?;
        if public {
            c.modify_subnet_attribute()
                .subnet_id(subnet.subnet().and_then(|x| x.subnet_id()).unwrap_or_default())
                .map_public_ip_on_launch(AttributeBooleanValue::builder().value(true).build())
                .send()
                .await?;
        }
    }
    let vpcs = c.describe_vpcs().send().await?.vpcs().len();
    let subnets = c.describe_subnets().send().await?.subnets().len();
    s.add(region, "vpc", vpcs);
    s.add(region, "subnet", subnets);
    Ok(())
}
