//! The real binary: whoami, --once output and exit codes, bad input.

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::REGIONS;
use crate::support::{Profile, binary, cell_count, estate, once_output, run};

#[test]
fn whoami_prints_the_identity() {
    let estate = estate();
    let (code, out, err) = run(binary(&estate.profile).args(["whoami", "--endpoint-url", &estate.moto.url]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Account:     123456789012"), "{out}");
    assert!(out.contains("ARN:         arn:aws:"), "{out}");
    assert!(out.contains("Credentials: profile monitor"), "{out}");
    assert!(
        !out.contains("testing") && !err.contains("testing"),
        "never print a key"
    );
}

#[test]
fn whoami_without_credentials_is_one_clear_line() {
    let estate = estate();
    let empty = Profile::new("x", "y");
    std::fs::write(empty.config(), "").unwrap();
    std::fs::write(empty.credentials(), "").unwrap();
    let (code, out, err) = run(binary(&empty).args(["whoami", "--endpoint-url", &estate.moto.url]));
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("aws-monitor: no AWS credentials found"), "{err}");
    assert!(err.contains("aws configure --profile monitor"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
}

#[test]
fn a_named_profile_that_does_not_exist_is_an_error() {
    let estate = estate();
    let (code, _, err) = run(binary(&estate.profile).args(["--profile", "nope", "whoami"]));
    assert_eq!(code, 1);
    assert!(err.starts_with("aws-monitor: profile \"nope\" not found in "), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn once_json_follows_the_contract() {
    let estate = estate();
    let (code, out, err) = run(binary(&estate.profile).args([
        "--once",
        "--output",
        "json",
        "--endpoint-url",
        &estate.moto.url,
        "--regions",
        "us-east-1,us-west-2,eu-west-1",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["profile"], "monitor");
    assert_eq!(v["identity"]["account"], "123456789012");
    assert_eq!(v["regions"], serde_json::json!(["us-east-1", "us-west-2", "eu-west-1"]));
    let outcomes = v["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), cell_count(REGIONS.len()));
    assert!(outcomes.iter().all(|o| o["status"] == "ok" && o.get("error").is_none()));
    let s3 = outcomes.iter().find(|o| o["kind"] == "s3-bucket").unwrap();
    assert_eq!(
        (s3["region"].as_str(), s3["service"].as_str(), s3["items"].as_u64()),
        (Some("global"), Some("s3"), Some(6))
    );
    let resources = v["resources"].as_array().unwrap();
    assert_eq!(resources.len(), estate.summary.counts.values().sum::<usize>());
    let ng = resources.iter().find(|r| r["kind"] == "eks-nodegroup").unwrap();
    assert_eq!(ng["id"], "platform/general");
    assert_eq!(ng["name"], "general");
    // One account, named in full: every resource and outcome carries it.
    assert_eq!(
        v["accounts"],
        serde_json::json!([{"id": "123456789012", "name": "monitor", "source": "profile monitor"}])
    );
    assert!(resources.iter().all(|r| r["account"] == "123456789012"));
    assert!(outcomes.iter().all(|o| o["account"] == "123456789012"));
    assert!(chrono::DateTime::parse_from_rfc3339(v["generated_at"].as_str().unwrap()).is_ok());
    assert!(v["stats"]["calls"].as_u64().unwrap() >= v["stats"]["pages"].as_u64().unwrap());
}

#[test]
fn once_lists_groups_images_snapshots_and_addresses_in_every_format() {
    let estate = estate();
    let once = |format: &str| once_output(format, "eu-west-1");
    let kinds = [
        ("security-group", "sg-"),
        ("ami", "ami-"),
        ("ebs-snapshot", "snap-"),
        ("elastic-ip", "eipalloc-"),
    ];
    let v: serde_json::Value = serde_json::from_str(&once("json")).expect("json");
    let resources = v["resources"].as_array().expect("resources");
    let mut ids: Vec<(&str, String)> = Vec::new();
    for (kind, prefix) in kinds {
        let of_kind: Vec<&serde_json::Value> = resources.iter().filter(|r| r["kind"] == kind).collect();
        assert_eq!(of_kind.len(), estate.summary.count("eu-west-1", kind), "{kind}");
        for r in of_kind {
            let id = r["id"].as_str().unwrap_or_default();
            assert!(id.starts_with(prefix), "{kind} id {id}");
            ids.push((kind, id.to_string()));
        }
        let outcome = v["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .find(|o| o["kind"] == kind)
            .unwrap_or_else(|| panic!("{kind} outcome"));
        assert_eq!(
            (outcome["service"].as_str(), outcome["status"].as_str()),
            (Some("ec2"), Some("ok"))
        );
    }
    let web = resources
        .iter()
        .find(|r| r["kind"] == "ec2-instance" && r["name"] == "web")
        .expect("web");
    assert_eq!(web["details"]["status_checks"], "ok");
    let worker = resources.iter().find(|r| r["name"] == "worker").expect("worker");
    assert_eq!(worker["details"]["status_checks"], "–");
    let csv = once("csv");
    let table = once("table");
    for (kind, id) in &ids {
        assert!(
            csv.lines()
                .any(|l| l.starts_with(&format!("{kind},123456789012,eu-west-1,{id},"))),
            "{kind} {id} in csv:\n{csv}"
        );
        assert!(
            table
                .lines()
                .any(|l| l.starts_with(kind) && l.split_whitespace().any(|w| w == id)),
            "{kind} {id} in table:\n{table}"
        );
    }
}

#[test]
fn once_applies_the_tag_filter_and_or_exists_absent() {
    let estate = estate();
    let csv = |tags: &[&str]| {
        let mut cmd = binary(&estate.profile);
        cmd.args([
            "--once",
            "--output",
            "csv",
            "--endpoint-url",
            &estate.moto.url,
            "--regions",
            "eu-west-1",
        ]);
        for t in tags {
            cmd.args(["--tag", t]);
        }
        let (code, out, err) = run(&mut cmd);
        assert_eq!(code, 0, "{err}");
        out.lines().skip(1).map(str::to_string).collect::<Vec<_>>()
    };
    let staging_or_dev = csv(&["Environment=staging,dev", "Team=data"]);
    // worker (staging, data), old-batch (dev, data), reports-db, nightly-report; not the orphan volume (no Environment).
    // Columns: kind, account, region, id, name, ...
    let mut names: Vec<&str> = staging_or_dev.iter().map(|l| l.split(',').nth(4).unwrap()).collect();
    names.sort();
    assert_eq!(names, vec!["nightly-report", "old-batch", "reports-db", "worker"]);
    assert_eq!(staging_or_dev.len(), 4, "{staging_or_dev:?}");
    let temp = csv(&["Temp"]);
    assert_eq!(temp.len(), 1);
    assert!(temp[0].contains("old-batch"));
    let untagged_ec2: Vec<_> = csv(&["!Name"])
        .into_iter()
        .filter(|l| l.starts_with("ec2-instance"))
        .collect();
    // The untagged instance, and the Auto Scaling group's (moto tags them
    // with the group and launch template only).
    let group = crate::support::seed::GROUP_SIZE as usize;
    assert_eq!(untagged_ec2.len(), 1 + group, "{untagged_ec2:?}");
    let of_group = untagged_ec2
        .iter()
        .filter(|l| l.contains("aws:autoscaling:groupName=web-asg"))
        .count();
    assert_eq!(of_group, group, "{untagged_ec2:?}");
    assert!(csv(&["Team", "!Team"]).is_empty());
}

#[test]
fn once_exits_2_when_a_cell_fails_and_still_prints_the_rest() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "eu-west-1",
            service: "ec2",
            contains: Some("Action=DescribeInstances"),
            fault: Fault::Ec2Error {
                status: 403,
                code: "UnauthorizedOperation",
                message: "denied by test",
            },
        }],
    );
    let (code, out, err) = run(binary(&estate.profile).args([
        "--once",
        "--output",
        "json",
        "--endpoint-url",
        &proxy.url,
        "--regions",
        "us-east-1,eu-west-1",
    ]));
    assert_eq!(code, 2, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let failed: Vec<_> = v["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "error")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["region"], "eu-west-1");
    assert_eq!(failed[0]["kind"], "ec2-instance");
    assert_eq!(failed[0]["error"], "UnauthorizedOperation: denied by test");
    let resources = v["resources"].as_array().unwrap();
    assert!(
        resources
            .iter()
            .any(|r| r["kind"] == "ec2-instance" && r["region"] == "us-east-1")
    );
    assert!(
        resources
            .iter()
            .any(|r| r["kind"] == "ebs-volume" && r["region"] == "eu-west-1")
    );
    assert!(
        !resources
            .iter()
            .any(|r| r["kind"] == "ec2-instance" && r["region"] == "eu-west-1")
    );
}

#[test]
fn bad_input_is_one_line() {
    let estate = estate();
    let (code, _, err) = run(binary(&estate.profile).args(["--once", "--tag", "=x"]));
    assert_eq!(code, 1);
    assert_eq!(err.trim(), "aws-monitor: bad tag filter \"=x\": missing key");
    let (code, _, err) = run(binary(&estate.profile).args(["--once", "--regions", "US_EAST"]));
    assert_eq!(code, 1);
    assert!(err.starts_with("aws-monitor: bad region \"US_EAST\""), "{err}");
    let (code, _, err) =
        run(binary(&estate.profile).args(["--once", "--regions", "us-east-9", "--endpoint-url", &estate.moto.url]));
    assert_eq!(code, 1);
    assert!(err.contains("\"us-east-9\" in --regions is not enabled"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

/// `--once --changes` compares with the cache the last run left. The cache
/// is edited between the runs (the shared estate must not change): one
/// instance taken out (so it is added), one state changed, one made up (so
/// it is removed).
#[test]
fn once_changes_lists_added_removed_and_state_changes_since_the_last_run() {
    let estate = crate::support::estate();
    let profile = crate::support::Profile::new("testing", "testing");
    let once = |extra: &[&str]| {
        let mut cmd = crate::support::binary(&profile);
        cmd.args([
            "--once",
            "--output",
            "json",
            "--regions",
            "eu-west-1",
            "--endpoint-url",
            &estate.moto.url,
        ])
        .args(extra);
        crate::support::run(&mut cmd)
    };
    let (code, out, err) = once(&["--changes"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["changes"], serde_json::json!([]), "no cache yet: nothing to compare");
    let folder = std::fs::read_dir(profile.dir.path().join("cache/aws-monitor"))
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("the inventory folder");
    let file = folder.join("eu-west-1.ec2-instance.json");
    let mut cached: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let rows = cached["resources"].as_array_mut().expect("rows");
    let taken = rows.remove(0);
    let changed = rows[0]["id"].as_str().expect("id").to_string();
    let was = rows[0]["state"].as_str().expect("state").to_string();
    rows[0]["state"] = "rebooting".into();
    rows.push(serde_json::json!({"id": "i-gone", "name": "gone", "state": "running"}));
    std::fs::write(&file, cached.to_string()).expect("write");
    // Every kind takes part: each has its file, and a row taken out of it
    // comes back as added.
    let mut others = Vec::new();
    for kind in [
        "security-group",
        "ami",
        "ebs-snapshot",
        "ebs-volume",
        "elastic-ip",
        "vpc",
        "subnet",
        "cloudwatch-alarm",
    ] {
        let file = folder.join(format!("eu-west-1.{kind}.json"));
        let mut cached: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{kind}: {e}")))
                .expect("json");
        let taken = cached["resources"].as_array_mut().expect("rows").remove(0);
        others.push(
            serde_json::json!({"change": "added", "kind": kind, "region": "eu-west-1",
            "id": taken["id"], "from": "", "to": taken["state"].as_str().unwrap_or_default()}),
        );
        std::fs::write(&file, cached.to_string()).expect("write");
    }
    let (code, out, err) = once(&["--changes"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let (mut changes, mut added): (Vec<serde_json::Value>, Vec<serde_json::Value>) = v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .cloned()
        .partition(|c| c["kind"] == "ec2-instance");
    let by_kind = |c: &serde_json::Value| c["kind"].as_str().unwrap_or_default().to_string();
    added.sort_by_key(by_kind);
    others.sort_by_key(by_kind);
    assert_eq!(added, others, "one added row of each other kind");
    changes.sort_by_key(|c| c["change"].as_str().unwrap_or_default().to_string());
    assert_eq!(
        changes,
        vec![
            serde_json::json!({"change": "added", "kind": "ec2-instance", "region": "eu-west-1",
                "id": taken["id"], "from": "", "to": taken["state"]}),
            serde_json::json!({"change": "removed", "kind": "ec2-instance", "region": "eu-west-1",
                "id": "i-gone", "from": "running", "to": ""}),
            serde_json::json!({"change": "state", "kind": "ec2-instance", "region": "eu-west-1",
                "id": changed, "from": "rebooting", "to": was}),
        ]
    );
    let (code, _, err) = once(&["--changes", "--no-cache"]);
    assert_eq!(code, 1);
    assert!(err.contains("drop --no-cache"), "{err}");
}

/// The subcommands that need no AWS print and exit 0; `config init` does
/// not overwrite a file without `--force`, in one line, exit 1.
#[test]
fn subcommands_without_aws_print_and_exit_0() {
    let empty = Profile::new("x", "y");
    let (code, out, err) = run(binary(&empty).args(["completions", "bash"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("aws-monitor") && out.contains("--regions"), "{out}");
    let (code, out, err) = run(binary(&empty).arg("man"));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(".SH \"AWS\\-MONITOR WHOAMI\""),
        "a section per subcommand: {out}"
    );
    let path = empty.dir.path().join("conf/config.toml");
    let path_text = path.display().to_string();
    let init = |extra: &[&str]| {
        run(binary(&empty)
            .args(["--config", &path_text, "config", "init"])
            .args(extra))
    };
    let (code, out, err) = init(&[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("wrote {path_text}\n"));
    assert!(std::fs::read_to_string(&path).expect("written").contains("[presets."));
    let (code, out, err) = init(&[]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert_eq!(
        err,
        format!("aws-monitor: {path_text} exists; `aws-monitor config init --force` overwrites it\n")
    );
    let (code, _, err) = init(&["--force"]);
    assert_eq!(code, 0, "{err}");
}

/// Flag combinations refused before any AWS call (no endpoint is given, and
/// none is needed): each one line on stderr, exit 1, nothing on stdout.
#[test]
fn refused_flag_combinations_are_one_line_before_any_aws_call() {
    let empty = Profile::new("x", "y");
    for (args, line) in [
        (
            &["--once", "--changes"][..],
            "--changes needs --output json: changes are a list beside the resources",
        ),
        (
            &["--once", "--metrics", "--output", "csv"],
            "--metrics needs --output json: metrics are series, which csv and table do not hold",
        ),
        (
            &["--once", "--accounts", "dev"],
            "--accounts keeps a subset of several accounts: name them with --profile a,b or --org-role ROLE",
        ),
        (
            &["--once", "--preset", "prod"],
            "no preset \"prod\": there is no config file (`aws-monitor config init` writes one)",
        ),
        (
            &["whoami", "--regions", ","],
            "--regions is empty: name regions like us-east-1,eu-west-1, or `all`",
        ),
    ] {
        let (code, out, err) = run(binary(&empty).args(args));
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(err, format!("aws-monitor: {line}\n"), "{args:?}");
    }
}
