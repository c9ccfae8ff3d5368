//! EC2: instances (and their volumes), security groups, an AMI with its
//! snapshots, and Elastic IPs.

use aws_config::SdkConfig;

use super::Summary;

pub(super) fn ec2_tags(
    pairs: &[(&str, &str)],
    kind: aws_sdk_ec2::types::ResourceType,
) -> aws_sdk_ec2::types::TagSpecification {
    let mut spec = aws_sdk_ec2::types::TagSpecification::builder().resource_type(kind);
    for (k, v) in pairs {
        spec = spec.tags(aws_sdk_ec2::types::Tag::builder().key(*k).value(*v).build());
    }
    spec.build()
}

async fn run_instances(
    client: &aws_sdk_ec2::Client,
    count: i32,
    itype: aws_sdk_ec2::types::InstanceType,
    tags: &[(&str, &str)],
) -> anyhow::Result<Vec<String>> {
    let mut req = client
        .run_instances()
        .image_id("ami-12c6146b")
        .instance_type(itype)
        .min_count(count)
        .max_count(count);
    if !tags.is_empty() {
        req = req.tag_specifications(ec2_tags(tags, aws_sdk_ec2::types::ResourceType::Instance));
    }
    let out = req.send().await?;
    Ok(out
        .instances()
        .iter()
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect())
}

const EC2_BASE: usize = 6;

pub(super) async fn ec2(cfg: &SdkConfig, region: &str, scale: u32, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::{InstanceType as T, ResourceType, VolumeType};
    let c = aws_sdk_ec2::Client::new(cfg);
    let web = run_instances(
        &c,
        2,
        T::T3Medium,
        &[("Name", "web"), ("Environment", "production"), ("Team", "web")],
    )
    .await?;
    let api = run_instances(
        &c,
        1,
        T::M5Large,
        &[("Name", "api"), ("Environment", "production"), ("Team", "platform")],
    )
    .await?;
    let worker = run_instances(
        &c,
        1,
        T::C5Xlarge,
        &[("Name", "worker"), ("Environment", "staging"), ("Team", "data")],
    )
    .await?;
    let old = run_instances(
        &c,
        1,
        T::T2Micro,
        &[
            ("Name", "old-batch"),
            ("Environment", "dev"),
            ("Team", "data"),
            ("Temp", "yes"),
        ],
    )
    .await?;
    let _untagged = run_instances(&c, 1, T::T3Micro, &[]).await?;
    c.stop_instances().set_instance_ids(Some(worker)).send().await?;
    c.terminate_instances().set_instance_ids(Some(old)).send().await?;
    s.add(region, "ec2-instance", EC2_BASE);
    if region == "us-east-1" && scale > 0 {
        let mut left = scale as i32 * 100;
        while left > 0 {
            let n = left.min(500);
            run_instances(
                &c,
                n,
                T::T3Small,
                &[("Name", "fleet"), ("Environment", "production"), ("Team", "fleet")],
            )
            .await?;
            left -= n;
        }
        s.add(region, "ec2-instance", scale as usize * 100);
    }
    // Root volumes come with the instances; add a tagged data volume attached
    // to web, and an unattached, unencrypted one.
    let az = format!("{region}a");
    let data = c
        .create_volume()
        .availability_zone(&az)
        .size(200)
        .volume_type(VolumeType::Gp3)
        .encrypted(true)
        .tag_specifications(ec2_tags(
            &[("Name", "web-data"), ("Environment", "production"), ("Team", "web")],
            ResourceType::Volume,
        ))
        .send()
        .await?;
    c.attach_volume()
        .volume_id(data.volume_id().unwrap_or_default())
        .instance_id(&web[0])
        .device("/dev/sdf")
        .send()
        .await?;
    c.create_volume()
        .availability_zone(&az)
        .size(50)
        .volume_type(VolumeType::Gp2)
        .encrypted(false)
        .tag_specifications(ec2_tags(&[("Name", "orphan"), ("Team", "data")], ResourceType::Volume))
        .send()
        .await?;
    let _ = api;
    images_and_snapshots(&c, region, &web[0], data.volume_id().unwrap_or_default(), s).await?;
    let volumes = c.describe_volumes().send().await?.volumes().len();
    s.add(region, "ebs-volume", volumes);
    elastic_ips(&c, region, &web[0], s).await?;
    security_groups(&c).await?;
    Ok(())
}

/// A group open to the world on SSH (used by a network interface) and a
/// private one (database port from the VPC and from the SSH group; unused).
async fn security_groups(c: &aws_sdk_ec2::Client) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::{Filter, IpPermission, IpRange, ResourceType, UserIdGroupPair};
    let vpcs = c
        .describe_vpcs()
        .filters(Filter::builder().name("is-default").values("true").build())
        .send()
        .await?;
    let vpc = vpcs
        .vpcs()
        .first()
        .and_then(|v| v.vpc_id())
        .unwrap_or_default()
        .to_string();
    let open = c
        .create_security_group()
        .group_name("ssh-open")
        .description("SSH from anywhere")
        .vpc_id(&vpc)
        .tag_specifications(ec2_tags(
            &[("Environment", "production"), ("Team", "platform")],
            ResourceType::SecurityGroup,
        ))
        .send()
        .await?;
    let open_id = open.group_id().unwrap_or_default().to_string();
    c.authorize_security_group_ingress()
        .group_id(&open_id)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await?;
    let private = c
        .create_security_group()
        .group_name("db-private")
        .description("Postgres from inside the VPC")
        .vpc_id(&vpc)
        .tag_specifications(ec2_tags(&[("Team", "data")], ResourceType::SecurityGroup))
        .send()
        .await?;
    c.authorize_security_group_ingress()
        .group_id(private.group_id().unwrap_or_default())
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(5432)
                .to_port(5432)
                .ip_ranges(IpRange::builder().cidr_ip("172.31.0.0/16").build())
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&open_id).build())
                .build(),
        )
        .send()
        .await?;
    // A network interface (a bastion's, say) uses the SSH group.
    let subnets = c
        .describe_subnets()
        .filters(Filter::builder().name("vpc-id").values(&vpc).build())
        .send()
        .await?;
    let subnet = subnets
        .subnets()
        .first()
        .and_then(|s| s.subnet_id())
        .unwrap_or_default();
    c.create_network_interface()
        .subnet_id(subnet)
        .groups(&open_id)
        .description("bastion")
        .send()
        .await?;
    Ok(())
}

/// An AMI made from a web instance (with the snapshot it makes), a daily
/// snapshot of the web data volume, and a last snapshot of a scratch volume
/// since deleted. In us-west-2 a canary instance runs the AMI.
async fn images_and_snapshots(
    c: &aws_sdk_ec2::Client,
    region: &str,
    web: &str,
    data_volume: &str,
    s: &mut Summary,
) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::{InstanceType, ResourceType, VolumeType};
    let image = c
        .create_image()
        .instance_id(web)
        .name("web-golden")
        .description("web server, hardened")
        .tag_specifications(ec2_tags(
            &[("Environment", "production"), ("Team", "web")],
            ResourceType::Image,
        ))
        .send()
        .await?;
    c.create_snapshot()
        .volume_id(data_volume)
        .description("web-data daily")
        .tag_specifications(ec2_tags(
            &[
                ("Name", "web-data-daily"),
                ("Environment", "production"),
                ("Team", "web"),
            ],
            ResourceType::Snapshot,
        ))
        .send()
        .await?;
    let scratch = c
        .create_volume()
        .availability_zone(format!("{region}a"))
        .size(20)
        .volume_type(VolumeType::Gp3)
        .send()
        .await?;
    let scratch = scratch.volume_id().unwrap_or_default();
    c.create_snapshot()
        .volume_id(scratch)
        .description("scratch, last copy")
        .tag_specifications(ec2_tags(
            &[("Name", "scratch-final"), ("Team", "data")],
            ResourceType::Snapshot,
        ))
        .send()
        .await?;
    c.delete_volume().volume_id(scratch).send().await?;
    s.add(region, "ami", 1);
    s.add(region, "ebs-snapshot", 3);
    if region == "us-west-2" {
        c.run_instances()
            .image_id(image.image_id().unwrap_or_default())
            .instance_type(InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .tag_specifications(ec2_tags(
                &[("Name", "canary"), ("Environment", "production"), ("Team", "web")],
                ResourceType::Instance,
            ))
            .send()
            .await?;
        s.add(region, "ec2-instance", 1);
    }
    Ok(())
}

/// An Elastic IP associated with the first web instance, and an idle one.
async fn elastic_ips(c: &aws_sdk_ec2::Client, region: &str, instance: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::{DomainType, ResourceType};
    let web_ip = c
        .allocate_address()
        .domain(DomainType::Vpc)
        .tag_specifications(ec2_tags(
            &[("Name", "web-ip"), ("Environment", "production"), ("Team", "web")],
            ResourceType::ElasticIp,
        ))
        .send()
        .await?;
    c.associate_address()
        .allocation_id(web_ip.allocation_id().unwrap_or_default())
        .instance_id(instance)
        .send()
        .await?;
    c.allocate_address()
        .domain(DomainType::Vpc)
        .tag_specifications(ec2_tags(
            &[("Name", "spare-ip"), ("Team", "data")],
            ResourceType::ElasticIp,
        ))
        .send()
        .await?;
    s.add(region, "elastic-ip", 2);
    Ok(())
}
