//! RDS, Lambda, EKS, EMR and S3.

use aws_config::SdkConfig;

use super::{EMPTY_ZIP, REGIONS, Summary, config};

pub(super) async fn rds(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
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

pub(super) async fn lambda(
    cfg: &SdkConfig,
    region: &str,
    role: &str,
    scale: u32,
    s: &mut Summary,
) -> anyhow::Result<()> {
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

pub(super) async fn eks(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
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

pub(super) async fn emr(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
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

pub(super) async fn s3(endpoint: &str, region: &str, scale: u32, s: &mut Summary) -> anyhow::Result<()> {
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
