//! Writes a realistic estate into moto through the real SDK. Shared by the
//! tests and by `cargo run --example seed` (the demo). Never part of the
//! shipped binary, which stays read-only.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

pub const REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];

/// What was seeded, per (region, kind), for tests to compare against.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub counts: BTreeMap<(String, String), usize>,
    pub buckets: BTreeMap<String, String>,
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
    }
    metrics(endpoint, &summary).await.context("CloudWatch datapoints")?;
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

fn ec2_tags(pairs: &[(&str, &str)], kind: aws_sdk_ec2::types::ResourceType) -> aws_sdk_ec2::types::TagSpecification {
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

pub const EC2_BASE: usize = 6;

async fn ec2(cfg: &SdkConfig, region: &str, scale: u32, s: &mut Summary) -> anyhow::Result<()> {
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

async fn rds(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    let c = aws_sdk_rds::Client::new(cfg);
    let tag = |k: &str, v: &str| aws_sdk_rds::types::Tag::builder().key(k).value(v).build();
    c.create_db_instance()
        .db_instance_identifier("orders-db")
        .db_instance_class("db.r5.large")
        .engine("postgres")
        .engine_version("15.4")
        .allocated_storage(100)
        .multi_az(true)
        .storage_encrypted(true)
        .master_username("admin")
        .master_user_password("not-a-secret-1")
        .tags(tag("Environment", "production"))
        .tags(tag("Team", "platform"))
        .send()
        .await?;
    c.create_db_instance()
        .db_instance_identifier("reports-db")
        .db_instance_class("db.t3.medium")
        .engine("mysql")
        .engine_version("8.0.35")
        .allocated_storage(20)
        .multi_az(false)
        .master_username("admin")
        .master_user_password("not-a-secret-2")
        .tags(tag("Environment", "staging"))
        .tags(tag("Team", "data"))
        .send()
        .await?;
    s.add(region, "rds-instance", 2);
    Ok(())
}

pub async fn lambda_role(cfg: &SdkConfig) -> anyhow::Result<String> {
    let out = aws_sdk_iam::Client::new(cfg)
        .create_role()
        .role_name("lambda-exec")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await?;
    Ok(out.role().map(|r| r.arn().to_string()).unwrap_or_default())
}

async fn lambda(cfg: &SdkConfig, region: &str, role: &str, scale: u32, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_lambda::primitives::Blob;
    use aws_sdk_lambda::types::{FunctionCode, Runtime};
    let c = aws_sdk_lambda::Client::new(cfg);
    let extra = (scale as usize * 25).div_ceil(REGIONS.len());
    let mut specs: Vec<(String, Runtime, i32, &str, &str)> = vec![
        ("checkout-api".into(), Runtime::Python312, 512, "production", "web"),
        ("nightly-report".into(), Runtime::Nodejs20x, 1024, "staging", "data"),
    ];
    specs.extend((0..extra).map(|i| (format!("fn-{i:04}"), Runtime::Python312, 128, "production", "fleet")));
    for (name, runtime, memory, env, team) in &specs {
        c.create_function()
            .function_name(name)
            .runtime(runtime.clone())
            .role(role)
            .handler("app.handler")
            .code(FunctionCode::builder().zip_file(Blob::new(EMPTY_ZIP.to_vec())).build())
            .memory_size(*memory)
            .timeout(30)
            .tags("Environment", *env)
            .tags("Team", *team)
            .send()
            .await?;
    }
    s.add(region, "lambda-function", specs.len());
    Ok(())
}

async fn eks(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_eks::types::{NodegroupScalingConfig, VpcConfigRequest};
    let c = aws_sdk_eks::Client::new(cfg);
    let role = "arn:aws:iam::123456789012:role/eks";
    c.create_cluster()
        .name("platform")
        .version("1.29")
        .role_arn(role)
        .resources_vpc_config(VpcConfigRequest::builder().subnet_ids("subnet-1").build())
        .tags("Environment", "production")
        .tags("Team", "platform")
        .send()
        .await?;
    for (name, itype, desired, min, max) in [("general", "m5.large", 3, 2, 6), ("spot", "c5.xlarge", 2, 0, 10)] {
        c.create_nodegroup()
            .cluster_name("platform")
            .nodegroup_name(name)
            .node_role(role)
            .subnets("subnet-1")
            .instance_types(itype)
            .scaling_config(
                NodegroupScalingConfig::builder()
                    .desired_size(desired)
                    .min_size(min)
                    .max_size(max)
                    .build(),
            )
            .tags("Environment", "production")
            .send()
            .await?;
    }
    s.add(region, "eks-cluster", 1);
    s.add(region, "eks-nodegroup", 2);
    Ok(())
}

async fn emr(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_emr::types::{Application, JobFlowInstancesConfig, Tag};
    aws_sdk_emr::Client::new(cfg)
        .run_job_flow()
        .name(format!("etl-{region}"))
        .release_label("emr-6.15.0")
        .instances(
            JobFlowInstancesConfig::builder()
                .master_instance_type("m5.xlarge")
                .slave_instance_type("m5.xlarge")
                .instance_count(3)
                .keep_job_flow_alive_when_no_steps(true)
                .build(),
        )
        .applications(Application::builder().name("Spark").build())
        .job_flow_role("EMR_EC2_DefaultRole")
        .service_role("EMR_DefaultRole")
        .tags(Tag::builder().key("Team").value("data").build())
        .tags(Tag::builder().key("Environment").value("production").build())
        .send()
        .await?;
    // moto keeps one global EMR list whose ARNs all say us-east-1.
    s.add("us-east-1", "emr-cluster", 1);
    Ok(())
}

async fn s3(endpoint: &str, region: &str, scale: u32, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration, Tag, Tagging};
    let conf = aws_sdk_s3::config::Builder::from(&config(endpoint, region))
        .force_path_style(true)
        .build();
    let c = aws_sdk_s3::Client::from_conf(conf);
    let extra = (scale as usize * 15).div_ceil(REGIONS.len());
    let mut names = vec![
        (format!("acme-logs-{region}"), true),
        (format!("acme-scratch-{region}"), false),
    ];
    names.extend((0..extra).map(|i| (format!("acme-fleet-{region}-{i:04}"), i % 2 == 0)));
    for (name, tagged) in &names {
        let mut req = c.create_bucket().bucket(name);
        if region != "us-east-1" {
            req = req.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region))
                    .build(),
            );
        }
        req.send().await?;
        if *tagged {
            let tagging = Tagging::builder()
                .tag_set(Tag::builder().key("Environment").value("production").build()?)
                .tag_set(Tag::builder().key("Team").value("platform").build()?)
                .build()?;
            c.put_bucket_tagging().bucket(name).tagging(tagging).send().await?;
        }
        s.buckets.insert(name.clone(), region.to_string());
    }
    s.add(region, "s3-bucket", names.len());
    Ok(())
}

/// A VPC with a public and a private subnet (moto adds each region's
/// default VPC and its default subnets, which are counted too).
async fn network(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
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

/// The alarms of a region: (name, state). us-east-1 has two in ALARM,
/// eu-west-1 one, us-west-2 none; each region has one in INSUFFICIENT_DATA.
/// (moto 5.2.5 cannot make composite alarms: the tests serve one through
/// the proxy.)
pub fn seeded_alarms(region: &str) -> Vec<(&'static str, &'static str)> {
    let firing = |yes: bool| if yes { "ALARM" } else { "OK" };
    vec![
        ("web-cpu-high", firing(region != "us-west-2")),
        ("orders-db-connections", firing(region == "us-east-1")),
        ("checkout-errors", "INSUFFICIENT_DATA"),
    ]
}

/// Metric alarms on the web instance, the orders database and the checkout
/// function, each set to its state.
async fn alarms(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_cloudwatch::types::{ComparisonOperator as Op, Dimension, StateValue, Statistic, Tag};
    let cw = aws_sdk_cloudwatch::Client::new(cfg);
    let web = aws_sdk_ec2::Client::new(cfg)
        .describe_instances()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("tag:Name")
                .values("web")
                .build(),
        )
        .send()
        .await?
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .find_map(|i| i.instance_id().map(str::to_string))
        .unwrap_or_default();
    let specs = [
        (
            "web-cpu-high",
            "AWS/EC2",
            "CPUUtilization",
            "InstanceId",
            web.as_str(),
            Op::GreaterThanThreshold,
            80.0,
            "web",
        ),
        (
            "orders-db-connections",
            "AWS/RDS",
            "DatabaseConnections",
            "DBInstanceIdentifier",
            "orders-db",
            Op::GreaterThanOrEqualToThreshold,
            100.0,
            "platform",
        ),
        (
            "checkout-errors",
            "AWS/Lambda",
            "Errors",
            "FunctionName",
            "checkout-api",
            Op::GreaterThanOrEqualToThreshold,
            5.0,
            "web",
        ),
    ];
    for (name, ns, metric, dim, value, op, threshold, team) in specs {
        cw.put_metric_alarm()
            .alarm_name(name)
            .namespace(ns)
            .metric_name(metric)
            .dimensions(Dimension::builder().name(dim).value(value).build())
            .statistic(Statistic::Average)
            .period(300)
            .evaluation_periods(1)
            .threshold(threshold)
            .comparison_operator(op)
            .tags(Tag::builder().key("Team").value(team).build())
            .tags(Tag::builder().key("Environment").value("production").build())
            .send()
            .await?;
    }
    let seeded = seeded_alarms(region);
    for (name, state) in &seeded {
        cw.set_alarm_state()
            .alarm_name(*name)
            .state_value(StateValue::from(*state))
            .state_reason(match *state {
                "ALARM" => "Threshold Crossed: 1 datapoint [93.1] was greater than the threshold",
                "OK" => "Threshold Crossed: no datapoint was greater than the threshold",
                _ => "Insufficient Data: 1 datapoint was unknown",
            })
            .send()
            .await?;
    }
    s.add(region, "cloudwatch-alarm", seeded.len());
    Ok(())
}

/// (metric, unit, base level)
type Metric = (&'static str, &'static str, f64);

/// (namespace, dimension, metrics)
const METRICS: &[(&str, &str, &[Metric])] = &[
    (
        "AWS/EC2",
        "InstanceId",
        &[
            ("CPUUtilization", "Percent", 35.0),
            ("NetworkIn", "Bytes", 2.0e6),
            ("NetworkOut", "Bytes", 1.5e6),
            ("DiskReadBytes", "Bytes", 4.0e5),
            ("DiskWriteBytes", "Bytes", 6.0e5),
        ],
    ),
    (
        "AWS/RDS",
        "DBInstanceIdentifier",
        &[
            ("CPUUtilization", "Percent", 20.0),
            ("DatabaseConnections", "Count", 40.0),
            ("FreeStorageSpace", "Bytes", 6.0e10),
            ("ReadLatency", "Seconds", 0.002),
            ("WriteLatency", "Seconds", 0.004),
        ],
    ),
    (
        "AWS/Lambda",
        "FunctionName",
        &[
            ("Invocations", "Count", 120.0),
            ("Errors", "Count", 2.0),
            ("Duration", "Milliseconds", 180.0),
            ("Throttles", "Count", 0.5),
        ],
    ),
    (
        "AWS/ElasticMapReduce",
        "JobFlowId",
        &[
            ("IsIdle", "Count", 0.5),
            ("ContainerPending", "Count", 3.0),
            ("AppsRunning", "Count", 2.0),
        ],
    ),
    (
        // The EKS cluster, as if Container Insights were turned on.
        "ContainerInsights",
        "ClusterName",
        &[
            ("node_cpu_utilization", "Percent", 45.0),
            ("node_memory_utilization", "Percent", 60.0),
            ("cluster_node_count", "Count", 5.0),
            ("cluster_failed_node_count", "Count", 0.0),
        ],
    ),
];

/// Three hours of datapoints at 5-minute steps for the base estate: a wave
/// with a spike near the end.
async fn metrics(endpoint: &str, _summary: &Summary) -> anyhow::Result<()> {
    use aws_sdk_cloudwatch::primitives::DateTime;
    use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit};
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64 / 300 * 300;
    for region in REGIONS {
        let cfg = config(endpoint, region);
        let ids = resource_ids(&cfg, region).await?;
        let cw = aws_sdk_cloudwatch::Client::new(&cfg);
        for (ns, dim, metrics) in METRICS {
            let Some(names) = ids.get(*ns) else { continue };
            let mut batch = Vec::new();
            for (n, id) in names.iter().enumerate() {
                for (metric, unit, base) in *metrics {
                    for step in 0..36i64 {
                        let t = now - (35 - step) * 300;
                        let wave = 1.0 + 0.4 * ((step as f64 / 36.0) * std::f64::consts::TAU + n as f64).sin();
                        let spike = if step == 30 { 2.5 } else { 1.0 };
                        let value = if *unit == "Percent" {
                            (base * wave * spike).min(100.0)
                        } else {
                            base * wave * spike
                        };
                        batch.push(
                            MetricDatum::builder()
                                .metric_name(*metric)
                                .dimensions(Dimension::builder().name(*dim).value(id).build())
                                .timestamp(DateTime::from_secs(t))
                                .value(value)
                                .unit(StandardUnit::from(*unit))
                                .build(),
                        );
                    }
                }
            }
            for chunk in batch.chunks(500) {
                cw.put_metric_data()
                    .namespace(*ns)
                    .set_metric_data(Some(chunk.to_vec()))
                    .send()
                    .await?;
            }
        }
    }
    Ok(())
}

async fn resource_ids(cfg: &SdkConfig, region: &str) -> anyhow::Result<BTreeMap<&'static str, Vec<String>>> {
    let mut ids: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let ec2 = aws_sdk_ec2::Client::new(cfg)
        .describe_instances()
        .max_results(1000)
        .send()
        .await?;
    let instances = ec2.reservations().iter().flat_map(|r| r.instances()).filter(|i| {
        i.tags()
            .iter()
            .any(|t| t.key() == Some("Name") && t.value() != Some("fleet"))
    });
    ids.insert(
        "AWS/EC2",
        instances.filter_map(|i| i.instance_id().map(str::to_string)).collect(),
    );
    ids.insert("AWS/RDS", vec!["orders-db".into(), "reports-db".into()]);
    ids.insert("AWS/Lambda", vec!["checkout-api".into(), "nightly-report".into()]);
    ids.insert("ContainerInsights", vec!["platform".into()]);
    if region == "us-east-1" {
        let emr = aws_sdk_emr::Client::new(cfg).list_clusters().send().await?;
        ids.insert(
            "AWS/ElasticMapReduce",
            emr.clusters()
                .iter()
                .filter_map(|c| c.id().map(str::to_string))
                .collect(),
        );
    }
    Ok(ids)
}

/// The month to date that every grouped answer below adds up to: $1,127.07.
const MONTH_TO_DATE_CENTS: i64 = 112_707;

/// Queues Cost Explorer answers for the month so far: by service, by region
/// and by the Team tag (moto answers each distinct query with the next one,
/// so they come in the order the Cost view asks: service, region, tag and
/// then the daily series, [`cost_daily`]).
pub fn cost(endpoint: &str) -> anyhow::Result<()> {
    cost_with(endpoint, &[])
}

/// [`cost`], with a LINKED_ACCOUNT answer (the organization's by-account
/// query) between the region and the tag answers when `linked` is not empty.
pub fn cost_with(endpoint: &str, linked: &[(&str, &str)]) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    let start = today.with_day0(0).unwrap_or(today);
    let end = today.succ_opt().unwrap_or(today);
    let period = serde_json::json!({"Start": start.to_string(), "End": end.to_string()});
    let grouped = |groups: &[(&str, &str)]| {
        let groups: Vec<_> = groups
            .iter()
            .map(|(k, v)| serde_json::json!({"Keys": [k], "Metrics": {"UnblendedCost": {"Amount": v, "Unit": "USD"}}}))
            .collect();
        serde_json::json!({"ResultsByTime": [{"TimePeriod": period, "Total": {}, "Groups": groups, "Estimated": true}]})
    };
    let mut results = vec![
        grouped(&[
            ("Amazon Elastic Compute Cloud - Compute", "612.40"),
            ("Amazon Relational Database Service", "301.17"),
            ("Amazon Simple Storage Service", "48.90"),
            ("AWS Lambda", "12.03"),
            ("Amazon Elastic Kubernetes Service", "146.00"),
            ("Amazon Elastic MapReduce", "6.57"),
        ]),
        grouped(&[
            ("us-east-1", "598.21"),
            ("us-west-2", "301.44"),
            ("eu-west-1", "227.42"),
        ]),
    ];
    if !linked.is_empty() {
        results.push(grouped(linked));
    }
    results.push(grouped(&[
        ("Team$web", "402.10"),
        ("Team$platform", "388.75"),
        ("Team$data", "301.22"),
        ("Team$", "35.00"),
    ]));
    let body = serde_json::json!({ "results": results });
    ureq::post(&format!("{endpoint}/moto-api/static/ce/cost-and-usage-results")).send_json(body)?;
    Ok(())
}

use chrono::Datelike;

/// Queues the ungrouped DAILY answer the Cost view asks for last: one
/// period a day over the daily query's range (last month through today),
/// each with its `Total`, as AWS answers. Weekdays cost more than weekends;
/// this month's days (today a partial day) add up to the month to date the
/// grouped answers give, and last month comes to about $1,250.
pub fn cost_daily(endpoint: &str, today: chrono::NaiveDate) -> anyhow::Result<()> {
    use chrono::Weekday;
    let ranges = aws_monitor::model::cost::Ranges::for_today(today);
    let shape = |d: chrono::NaiveDate| {
        let base = if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            0.82
        } else {
            1.0
        };
        base + (f64::from(d.ordinal()) * 0.7).sin() * 0.05
    };
    let this_month = ranges.month_to_date;
    let weight = |d| if d == today { shape(d) * 0.4 } else { shape(d) };
    let month_weight: f64 = this_month.each_day().map(weight).sum();
    let mut days: Vec<(chrono::NaiveDate, i64)> = ranges
        .daily_query
        .each_day()
        .map(|d| {
            let cents = if this_month.contains(d) {
                MONTH_TO_DATE_CENTS as f64 * weight(d) / month_weight
            } else {
                4_130.0 * shape(d)
            };
            (d, cents.round() as i64)
        })
        .collect();
    // Rounding left over goes to today, so the month adds up to the cent.
    let month: i64 = days
        .iter()
        .filter(|(d, _)| this_month.contains(*d))
        .map(|(_, c)| c)
        .sum();
    if let Some(last) = days.last_mut() {
        last.1 += MONTH_TO_DATE_CENTS - month;
    }
    let results: Vec<_> = days
        .iter()
        .map(|(d, cents)| {
            let next = d.succ_opt().unwrap_or(*d);
            serde_json::json!({
                "TimePeriod": {"Start": d.to_string(), "End": next.to_string()},
                "Total": {"UnblendedCost": {"Amount": format!("{}.{:02}", cents / 100, cents % 100), "Unit": "USD"}},
                "Groups": [],
                "Estimated": this_month.contains(*d),
            })
        })
        .collect();
    let body = serde_json::json!({"results": [{"ResultsByTime": results}]});
    ureq::post(&format!("{endpoint}/moto-api/static/ce/cost-and-usage-results")).send_json(body)?;
    Ok(())
}

/// The role every test and the demo assume in member accounts (moto
/// accepts any role name).
pub const MEMBER_ROLE: &str = "AwsMonitorReadOnly";

/// An organization in the default account with two member accounts,
/// `dev` and `prod`; in us-east-1 of each member, a security group named
/// `only-in-<name>`, made with the member's own (assumed) credentials so
/// only that account sees it. Returns `(id, name)` of each member.
pub async fn org(endpoint: &str) -> anyhow::Result<Vec<(String, String)>> {
    let cfg = config(endpoint, "us-east-1");
    let orgs = aws_sdk_organizations::Client::new(&cfg);
    orgs.create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await?;
    let mut members = Vec::new();
    for name in ["dev", "prod"] {
        let out = orgs
            .create_account()
            .account_name(name)
            .email(format!("{name}@example.com"))
            .send()
            .await?;
        let id = out
            .create_account_status()
            .and_then(|s| s.account_id())
            .ok_or_else(|| anyhow::anyhow!("moto named no account id"))?
            .to_string();
        let member = member_config(endpoint, &id, "us-east-1").await?;
        aws_sdk_ec2::Client::new(&member)
            .create_security_group()
            .group_name(format!("only-in-{name}"))
            .description("seen only by its own account")
            .send()
            .await?;
        members.push((id, name.to_string()));
    }
    Ok(members)
}

/// An SDK config with the credentials of `MEMBER_ROLE` assumed in `account`.
pub async fn member_config(endpoint: &str, account: &str, region: &str) -> anyhow::Result<SdkConfig> {
    let base = config(endpoint, region);
    let out = aws_sdk_sts::Client::new(&base)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{MEMBER_ROLE}"))
        .role_session_name("seed")
        .send()
        .await?;
    let c = out.credentials().ok_or_else(|| anyhow::anyhow!("no credentials"))?;
    Ok(base
        .to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
            Credentials::new(
                c.access_key_id(),
                c.secret_access_key(),
                Some(c.session_token().to_string()),
                None,
                "member",
            ),
        ))
        .build())
}
