//! Findings end to end: a moto of its own, seeded with one resource per rule
//! and its clean twin, then `--once --findings` through the real binary.

use std::collections::BTreeSet;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::support::moto::Moto;
use crate::support::seed::config;
use crate::support::{binary, estate, run};

/// Runs one instance of moto's stock image; its id.
async fn one_instance(ec2: &aws_sdk_ec2::Client) -> anyhow::Result<String> {
    let run = ec2
        .run_instances()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .send()
        .await?;
    Ok(run.instances()[0].instance_id().unwrap_or_default().to_string())
}

/// What was seeded: (rule, id) pairs that must be found.
async fn seed(url: &str) -> anyhow::Result<BTreeSet<(String, String)>> {
    use aws_sdk_ec2::types::VolumeType;
    let cfg = config(url, "us-east-1");
    let mut want = BTreeSet::new();
    let ec2 = aws_sdk_ec2::Client::new(&cfg);
    // An instance whose (encrypted) data volume is attached: clean.
    let instance = one_instance(&ec2).await?;
    let volume = |size, encrypted| {
        ec2.create_volume()
            .availability_zone("us-east-1a")
            .size(size)
            .volume_type(VolumeType::Gp3)
            .encrypted(encrypted)
            .send()
    };
    let attached = volume(20, true).await?.volume_id().unwrap_or_default().to_string();
    ec2.attach_volume()
        .volume_id(&attached)
        .instance_id(&instance)
        .device("/dev/sdf")
        .send()
        .await?;
    // An unattached volume, and an unencrypted one.
    let loose = volume(100, true).await?.volume_id().unwrap_or_default().to_string();
    want.insert(("ebs-unattached".to_string(), loose));
    let plain = volume(10, false).await?.volume_id().unwrap_or_default().to_string();
    want.insert(("ebs-unattached".to_string(), plain.clone()));
    want.insert(("ebs-unencrypted".to_string(), plain));
    // A stopped instance with its root volume attached (`stopped_days = 0`
    // in the test's config), and two owned images no instance runs
    // (`ami_unused_days = 0`), one of them public.
    let stopped = one_instance(&ec2).await?;
    for (name, public) in [("golden-public", true), ("golden-private", false)] {
        let image = ec2.create_image().instance_id(&stopped).name(name).send().await?;
        let id = image.image_id().unwrap_or_default().to_string();
        if public {
            ec2.modify_image_attribute()
                .image_id(&id)
                .launch_permission(
                    aws_sdk_ec2::types::LaunchPermissionModifications::builder()
                        .add(
                            aws_sdk_ec2::types::LaunchPermission::builder()
                                .group(aws_sdk_ec2::types::PermissionGroup::All)
                                .build(),
                        )
                        .build(),
                )
                .send()
                .await?;
            want.insert(("ami-public".to_string(), id.clone()));
        }
        want.insert(("ami-unused".to_string(), id));
    }
    ec2.stop_instances().instance_ids(&stopped).send().await?;
    want.insert(("instance-stopped-long".to_string(), stopped));
    // A security group open to the world on SSH, and one open to 10.0.0.0/8 only.
    for (name, cidr) in [("ssh-world", "0.0.0.0/0"), ("ssh-private", "10.0.0.0/8")] {
        let g = ec2
            .create_security_group()
            .group_name(name)
            .description(name)
            .send()
            .await?;
        let id = g.group_id().unwrap_or_default().to_string();
        ec2.authorize_security_group_ingress()
            .group_id(&id)
            .ip_protocol("tcp")
            .from_port(22)
            .to_port(22)
            .cidr_ip(cidr)
            .send()
            .await?;
        if cidr == "0.0.0.0/0" {
            want.insert(("sg-world-open".to_string(), id));
        }
    }
    // An idle Elastic IP and one in use.
    let idle = ec2.allocate_address().send().await?;
    want.insert((
        "eip-unassociated".to_string(),
        idle.allocation_id().unwrap_or_default().to_string(),
    ));
    let used = ec2.allocate_address().send().await?;
    ec2.associate_address()
        .allocation_id(used.allocation_id().unwrap_or_default())
        .instance_id(&instance)
        .send()
        .await?;
    // A snapshot whose volume is gone, and one whose volume is there.
    let gone = volume(30, true).await?.volume_id().unwrap_or_default().to_string();
    let orphan = ec2.create_snapshot().volume_id(&gone).send().await?;
    want.insert((
        "snapshot-orphaned".to_string(),
        orphan.snapshot_id().unwrap_or_default().to_string(),
    ));
    ec2.delete_volume().volume_id(&gone).send().await?;
    ec2.create_snapshot().volume_id(&attached).send().await?;
    // An alarm in ALARM and one in OK.
    let cw_alarms = aws_sdk_cloudwatch::Client::new(&cfg);
    for (name, state) in [("disk-full", "ALARM"), ("disk-fine", "OK")] {
        cw_alarms
            .put_metric_alarm()
            .alarm_name(name)
            .namespace("AWS/EC2")
            .metric_name("CPUUtilization")
            .statistic(aws_sdk_cloudwatch::types::Statistic::Average)
            .period(300)
            .evaluation_periods(1)
            .threshold(80.0)
            .comparison_operator(aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold)
            .send()
            .await?;
        cw_alarms
            .set_alarm_state()
            .alarm_name(name)
            .state_value(aws_sdk_cloudwatch::types::StateValue::from(state))
            .state_reason("seeded")
            .send()
            .await?;
    }
    want.insert(("alarm-firing".to_string(), "disk-full".to_string()));
    // A public, single-AZ, unencrypted database and its clean twin.
    let rds = aws_sdk_rds::Client::new(&cfg);
    for (id, exposed) in [("exposed-db", true), ("private-db", false)] {
        rds.create_db_instance()
            .db_instance_identifier(id)
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .allocated_storage(20)
            .master_username("admin")
            .master_user_password("password123")
            .publicly_accessible(exposed)
            .multi_az(!exposed)
            .storage_encrypted(!exposed)
            .send()
            .await?;
    }
    for rule in ["rds-public", "rds-single-az", "rds-unencrypted"] {
        want.insert((rule.to_string(), "exposed-db".to_string()));
    }
    // A function with errors in the last hour and one without.
    let role = crate::support::seed::lambda_role(&cfg).await?;
    let lambda = aws_sdk_lambda::Client::new(&cfg);
    let zip = aws_sdk_lambda::primitives::Blob::new(crate::support::seed::EMPTY_ZIP.to_vec());
    for name in ["failing-fn", "quiet-fn"] {
        lambda
            .create_function()
            .function_name(name)
            .runtime(aws_sdk_lambda::types::Runtime::Python312)
            .role(&role)
            .handler("index.handler")
            .code(
                aws_sdk_lambda::types::FunctionCode::builder()
                    .zip_file(zip.clone())
                    .build(),
            )
            .send()
            .await?;
    }
    want.insert(("lambda-errors".to_string(), "failing-fn".to_string()));
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64 / 300 * 300;
    let cw = aws_sdk_cloudwatch::Client::new(&cfg);
    for (name, errors) in [("failing-fn", 4.0), ("quiet-fn", 0.0)] {
        let datum = aws_sdk_cloudwatch::types::MetricDatum::builder()
            .metric_name("Errors")
            .dimensions(
                aws_sdk_cloudwatch::types::Dimension::builder()
                    .name("FunctionName")
                    .value(name)
                    .build(),
            )
            .timestamp(aws_sdk_cloudwatch::primitives::DateTime::from_secs(now - 600))
            .value(errors)
            .unit(aws_sdk_cloudwatch::types::StandardUnit::Count)
            .build();
        cw.put_metric_data()
            .namespace("AWS/Lambda")
            .metric_data(datum)
            .send()
            .await?;
    }
    // The root volumes moto makes for instances say whether they are
    // encrypted (the 10 GiB one is the unencrypted volume made above).
    let vols = ec2.describe_volumes().send().await?;
    for v in vols.volumes() {
        let id = v.volume_id().unwrap_or_default().to_string();
        if v.encrypted() == Some(false) && v.size() != Some(10) {
            want.insert(("ebs-unencrypted".to_string(), id));
        }
    }
    Ok(want)
}

fn seeded() -> (Moto, BTreeSet<(String, String)>) {
    let _ = estate(); // the test environment
    let moto = Moto::start();
    let url = moto.url.clone();
    let want = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(seed(&url))
            .expect("seed")
    })
    .join()
    .expect("seeder");
    (moto, want)
}

#[test]
fn once_finds_exactly_the_seeded_findings_and_fail_on_gates_the_exit() {
    let (moto, want) = seeded();
    let profile = &estate().profile;
    let config = profile.dir.path().join("findings.toml");
    std::fs::write(&config, "[findings]\nstopped_days = 0\nami_unused_days = 0\n").expect("config");
    let config = config.display().to_string();
    let base = [
        "--once",
        "--endpoint-url",
        &moto.url,
        "--regions",
        "us-east-1",
        "--config",
        &config,
    ];
    let (code, out, err) = run(binary(profile)
        .args(base)
        .args(["--findings", "--metrics", "--output", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    let got: BTreeSet<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().into(),
                f["id"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    assert_eq!(got, want);
    for f in findings {
        for key in [
            "rule",
            "severity",
            "kind",
            "region",
            "id",
            "name",
            "reason",
            "monthly_usd",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    let unattached: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == "ebs-unattached").collect();
    assert!(
        unattached.iter().any(|f| f["monthly_usd"] == "8.00"),
        "100 GiB gp3: {unattached:?}"
    );
    assert!(
        findings
            .iter()
            .filter(|f| f["rule"] == "rds-public")
            .all(|f| f["monthly_usd"].is_null())
    );
    assert_eq!(findings[0]["severity"], "critical", "most severe first");
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "sg-world-open" && f["severity"] == "critical"),
        "SSH open"
    );

    // CSV: one row per finding.
    let (_, csv, _) = run(binary(profile).args(base).args(["--findings", "--output", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("severity,rule,kind,account,region,id,name,reason,monthly_usd")
    );
    assert!(
        lines.any(|l| l.contains(",rds-public,rds-instance,123456789012,us-east-1,exposed-db,")),
        "{csv}"
    );
    // Table: a findings section and the estimated waste.
    let (_, table, _) = run(binary(profile).args(base).args(["--findings"]));
    assert!(
        table.contains("WARNING  rds-public") && table.contains("estimated waste: $"),
        "{table}"
    );

    // --fail-on: 3 when a finding at or above the level is present, else 0.
    let (code, _, _) = run(binary(profile).args(base).args(["--fail-on", "critical"]));
    assert_eq!(code, 3);
    let quiet = [
        "--once",
        "--endpoint-url",
        &moto.url,
        "--regions",
        "us-west-2",
        "--config",
        &config,
    ];
    let (code, out, err) = run(binary(profile).args(quiet).args(["--fail-on", "info", "--findings"]));
    assert_eq!(code, 0, "nothing seeded in us-west-2: {out}{err}");
}
