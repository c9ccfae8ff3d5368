//! The fixture estate of one region: every kind, with the details the
//! screens show.

use crate::model::{Resource, ResourceKind};

pub(super) fn res(
    kind: ResourceKind,
    region: &str,
    id: &str,
    name: &str,
    state: &str,
    details: &[(&'static str, &str)],
) -> Resource {
    let mut r = Resource::new(kind, region, id);
    r.name = name.into();
    r.state = state.into();
    for (k, v) in details {
        r.set(crate::model::DetailKey::new(k), v);
    }
    r.tags
        .insert("Environment", if name.contains("dev") { "dev" } else { "production" });
    r.tags.insert("Team", "platform");
    r
}

pub(super) fn estate(region: &str) -> Vec<(ResourceKind, Vec<Resource>)> {
    use ResourceKind::*;
    let launched = "2027-01-10T00:00:00Z";
    let az = format!("{region}a");
    let ec2 = vec![
        res(
            Ec2Instance,
            region,
            &format!("i-0a1{region:.2}0000000001"),
            "web-1",
            "running",
            &[
                ("type", "t3.medium"),
                ("az", &az),
                ("private_ip", "10.0.1.12"),
                ("public_ip", "54.1.2.3"),
                ("launch_time", launched),
                ("status_checks", if region == "us-east-1" { "impaired" } else { "ok" }),
            ],
        ),
        res(
            Ec2Instance,
            region,
            &format!("i-0a1{region:.2}0000000002"),
            "worker",
            "stopped",
            &[
                ("type", "c5.xlarge"),
                ("az", &az),
                ("private_ip", "10.0.2.40"),
                ("launch_time", launched),
                ("status_checks", "–"),
            ],
        ),
        res(
            Ec2Instance,
            region,
            &format!("i-0a1{region:.2}0000000003"),
            "dev-box",
            "pending",
            &[
                ("type", "t3.micro"),
                ("az", &az),
                ("private_ip", "10.0.3.7"),
                ("launch_time", "2027-01-15T06:00:00Z"),
                ("status_checks", "–"),
            ],
        ),
    ];
    let ebs = vec![
        res(
            EbsVolume,
            region,
            &format!("vol-0b2{region:.2}000000001"),
            "web-data",
            "in-use",
            &[
                ("size_gib", "200"),
                ("type", "gp3"),
                ("az", &az),
                ("encrypted", "true"),
                ("attached_to", "i-0a1000000000001"),
            ],
        ),
        res(
            EbsVolume,
            region,
            &format!("vol-0b2{region:.2}000000002"),
            "orphan",
            "available",
            &[("size_gib", "50"), ("type", "gp2"), ("az", &az), ("encrypted", "false")],
        ),
    ];
    let rds = vec![res(
        RdsInstance,
        region,
        "orders-db",
        "orders-db",
        "available",
        &[
            ("engine", "postgres"),
            ("engine_version", "15.4"),
            ("class", "db.r5.large"),
            ("multi_az", "true"),
            ("storage_gib", "100"),
            ("az", &az),
        ],
    )];
    let lambda = vec![
        res(
            LambdaFunction,
            region,
            "checkout-api",
            "checkout-api",
            "Active",
            &[
                ("runtime", "python3.12"),
                ("memory_mb", "512"),
                ("timeout_s", "30"),
                ("last_modified", "2027-01-12T10:00:00.000+0000"),
            ],
        ),
        res(
            LambdaFunction,
            region,
            "nightly-report",
            "nightly-report",
            "Active",
            &[
                ("runtime", "nodejs20.x"),
                ("memory_mb", "1024"),
                ("timeout_s", "300"),
                ("last_modified", "2027-01-02T10:00:00.000+0000"),
            ],
        ),
    ];
    let eks = vec![res(
        EksCluster,
        region,
        "platform",
        "platform",
        "ACTIVE",
        &[("version", "1.29")],
    )];
    let ngs = vec![
        res(
            EksNodegroup,
            region,
            "platform/general",
            "general",
            "ACTIVE",
            &[
                ("cluster", "platform"),
                ("version", "1.29"),
                ("instance_types", "m5.large"),
                ("desired", "3"),
                ("min", "2"),
                ("max", "6"),
            ],
        ),
        res(
            EksNodegroup,
            region,
            "platform/spot",
            "spot",
            "DEGRADED",
            &[
                ("cluster", "platform"),
                ("version", "1.29"),
                ("instance_types", "c5.xlarge"),
                ("desired", "2"),
                ("min", "0"),
                ("max", "10"),
            ],
        ),
    ];
    let emr = if region == "us-east-1" {
        vec![res(
            EmrCluster,
            region,
            "j-2RZTJ2IL3DCG3",
            "etl-nightly",
            "WAITING",
            &[
                ("release", "emr-6.15.0"),
                ("normalized_hours", "96"),
                ("master_dns", "ec2-54-1-2-3.compute-1.amazonaws.com"),
            ],
        )]
    } else {
        vec![]
    };
    let vpcs = vec![
        res(
            Vpc,
            region,
            &format!("vpc-0c3{region:.2}00000001"),
            "app",
            "available",
            &[
                ("cidr_blocks", "10.20.0.0/16"),
                ("default", "false"),
                ("subnet_count", "2"),
            ],
        ),
        res(
            Vpc,
            region,
            &format!("vpc-0c3{region:.2}00000002"),
            "",
            "available",
            &[
                ("cidr_blocks", "172.31.0.0/16"),
                ("default", "true"),
                ("subnet_count", "0"),
            ],
        ),
    ];
    let subnet = |n: u8, name: &str, cidr: &str, free: &str, public: &str| {
        res(
            Subnet,
            region,
            &format!("subnet-0d4{region:.2}0000000{n}"),
            name,
            "available",
            &[
                ("vpc", &format!("vpc-0c3{region:.2}00000001")),
                ("az", &format!("{region}{}", if n == 1 { 'a' } else { 'b' })),
                ("cidr", cidr),
                ("free_ips", free),
                ("public_ip_on_launch", public),
                ("default_for_az", "false"),
            ],
        )
    };
    let subnets = vec![
        subnet(1, "app-public", "10.20.1.0/24", "249", "true"),
        subnet(2, "app-private", "10.20.2.0/24", "187", "false"),
    ];
    let alarm = |name: &str, state: &str, metric: &str, ns: &str, dims: &str, cond: &str, reason: &str| {
        res(
            CloudwatchAlarm,
            region,
            name,
            name,
            state,
            &[
                ("type", "metric"),
                ("metric", metric),
                ("namespace", ns),
                ("dimensions", dims),
                ("condition", cond),
                ("since", "2027-01-15T08:00:00Z"),
                ("state_reason", reason),
            ],
        )
    };
    let alarms = match region {
        "us-east-1" => vec![
            alarm(
                "checkout-latency",
                "OK",
                "Duration",
                "AWS/Lambda",
                "FunctionName=checkout-api",
                "> 1000",
                "Threshold Crossed: no datapoint above 1000",
            ),
            alarm(
                "web-cpu-high",
                "ALARM",
                "CPUUtilization",
                "AWS/EC2",
                "InstanceId=i-0a1us0000000001",
                "> 80",
                "Threshold Crossed: 1 datapoint [93.1] > 80",
            ),
            alarm(
                "orders-db-connections",
                "ALARM",
                "DatabaseConnections",
                "AWS/RDS",
                "DBInstanceIdentifier=orders-db",
                ">= 100",
                "Threshold Crossed: 1 datapoint [131.0] >= 100",
            ),
        ],
        "eu-west-1" => vec![alarm(
            "api-5xx",
            "INSUFFICIENT_DATA",
            "HTTPCode_Target_5XX_Count",
            "AWS/ApplicationELB",
            "LoadBalancer=app/api/1",
            "> 5",
            "Insufficient Data: 1 datapoint was unknown",
        )],
        _ => vec![alarm(
            "web-cpu-high",
            "OK",
            "CPUUtilization",
            "AWS/EC2",
            "InstanceId=i-0a1us0000000001",
            "> 80",
            "Threshold Crossed: no datapoint above 80",
        )],
    };
    vec![
        (Ec2Instance, ec2),
        (EbsVolume, ebs),
        (RdsInstance, rds),
        (LambdaFunction, lambda),
        (EksCluster, eks),
        (EksNodegroup, ngs),
        (EmrCluster, emr),
        (Vpc, vpcs),
        (Subnet, subnets),
        (CloudwatchAlarm, alarms),
    ]
    .into_iter()
    .chain(network_and_images(region))
    .chain(containers(region))
    .chain(super::elb::load_balancers(region))
    .collect()
}

/// Security groups, Elastic IPs, an AMI and its snapshots.
fn network_and_images(region: &str) -> Vec<(ResourceKind, Vec<Resource>)> {
    use ResourceKind::*;
    let vpc = format!("vpc-0c3{region:.2}00001");
    let sg = vec![
        res(
            SecurityGroup,
            region,
            "sg-0d4000000000001",
            "ssh-open",
            "in-use",
            &[
                ("vpc", &vpc),
                ("description", "SSH from anywhere"),
                ("inbound_rules", "2"),
                ("open_to_world", "22/tcp"),
                ("interfaces", "1"),
                ("inbound", "tcp 22 from 0.0.0.0/0\ntcp 22 from ::/0"),
                ("outbound", "all to 0.0.0.0/0"),
            ],
        ),
        res(
            SecurityGroup,
            region,
            "sg-0d4000000000002",
            "db-private",
            "unused",
            &[
                ("vpc", &vpc),
                ("description", "Postgres from inside the VPC"),
                ("inbound_rules", "1"),
                ("interfaces", "0"),
                ("inbound", "tcp 5432 from 172.31.0.0/16"),
            ],
        ),
    ];
    let eip = vec![
        res(
            ElasticIp,
            region,
            "eipalloc-0e5000000000001",
            "web-ip",
            "associated",
            &[
                ("public_ip", "54.1.2.3"),
                ("associated_with", "i-0a1000000000001"),
                ("private_ip", "10.0.1.12"),
            ],
        ),
        res(
            ElasticIp,
            region,
            "eipalloc-0e5000000000002",
            "spare-ip",
            "unassociated",
            &[("public_ip", "54.1.2.4"), ("associated_with", "none")],
        ),
    ];
    let ami = vec![res(
        Ami,
        region,
        "ami-0f6000000000001",
        "web-golden",
        "available",
        &[
            ("created", "2027-01-05T00:00:00Z"),
            ("public", "false"),
            ("instances", "1"),
            ("snapshots", "snap-0a7000000000001"),
            ("devices", "/dev/xvda snap-0a7000000000001 8 GiB (root)"),
        ],
    )];
    let snaps = vec![
        res(
            EbsSnapshot,
            region,
            "snap-0a7000000000001",
            "",
            "completed",
            &[
                ("volume", "vol-0b2000000000009"),
                ("volume_exists", "no"),
                ("size_gib", "8"),
                ("started", "2027-01-05T00:00:00Z"),
                ("ami", "ami-0f6000000000001"),
                ("description", "Created by CreateImage"),
            ],
        ),
        res(
            EbsSnapshot,
            region,
            "snap-0a7000000000002",
            "web-data-daily",
            "completed",
            &[
                ("volume", "vol-0b2000000000001"),
                ("volume_exists", "yes"),
                ("size_gib", "200"),
                ("started", "2027-01-14T00:00:00Z"),
                ("ami", "none"),
                ("description", "web-data daily"),
            ],
        ),
    ];
    vec![(SecurityGroup, sg), (ElasticIp, eip), (Ami, ami), (EbsSnapshot, snaps)]
}

/// ECS clusters and their services: us-east-1's `api` short of its
/// desired count, its `worker` running none.
fn containers(region: &str) -> Vec<(ResourceKind, Vec<Resource>)> {
    use ResourceKind::*;
    let cluster = |name: &str, services: &str, running: &str, providers: &str| {
        res(
            EcsCluster,
            region,
            name,
            name,
            "ACTIVE",
            &[
                ("active_services", services),
                ("running_tasks", running),
                ("pending_tasks", "0"),
                ("container_instances", "0"),
                ("capacity_providers", providers),
            ],
        )
    };
    let east = region == "us-east-1";
    let service = |name: &str, tasks: (&str, &str, &str), launch: &str, lb: &str| {
        let (desired, running, pending) = tasks;
        res(
            EcsService,
            region,
            &format!("apps/{name}"),
            name,
            "ACTIVE",
            &[
                ("cluster", "apps"),
                ("desired", desired),
                ("running", running),
                ("pending", pending),
                ("launch_type", launch),
                ("task_definition", &format!("{name}:12")),
                (
                    "task_definition_arn",
                    &format!("arn:aws:ecs:{region}:123456789012:task-definition/{name}:12"),
                ),
                ("rollout", if east { "IN_PROGRESS" } else { "COMPLETED" }),
                ("load_balancers", lb),
            ],
        )
    };
    let clusters = vec![
        cluster("apps", "3", if east { "5" } else { "9" }, "FARGATE,FARGATE_SPOT"),
        cluster("batch", "0", "0", ""),
    ];
    let services = vec![
        service(
            "api",
            if east { ("4", "3", "1") } else { ("4", "4", "0") },
            "FARGATE",
            "api-tg (api:8080)",
        ),
        service("web", ("3", "3", "0"), "FARGATE", "web-tg (web:80)"),
        service(
            "worker",
            if east { ("2", "0", "2") } else { ("2", "2", "0") },
            "EC2",
            "",
        ),
    ];
    vec![(EcsCluster, clusters), (EcsService, services)]
}
