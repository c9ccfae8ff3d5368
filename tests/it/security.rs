//! Credentials and secrets: each credential problem is one actionable line
//! (exit 1, no trace); `policy` and `doctor` work as documented; no key,
//! session token or signed header ever reaches the log or cache files, and
//! those files are mode 0600.

use std::path::{Path, PathBuf};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::{Profile, binary, estate, run};

fn assert_one_actionable_line(code: i32, out: &str, err: &str, fix: &str) {
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "{out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("aws-monitor: "), "{err}");
    assert!(err.contains(fix), "names what to run ({fix}): {err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
}

fn sts_fault(code: &'static str, message: &'static str) -> FaultProxy {
    FaultProxy::start(
        estate().moto.port,
        vec![Rule {
            region: "us-east-1",
            service: "sts",
            contains: None,
            fault: Fault::QueryError {
                status: 403,
                code,
                message,
            },
        }],
    )
}

#[test]
fn expired_credentials_name_the_command_that_renews_them() {
    let estate = estate();
    let proxy = sts_fault("ExpiredToken", "The security token included in the request is expired");
    for args in [&["whoami"][..], &["--once", "--regions", "us-east-1"][..]] {
        let (code, out, err) = run(binary(&estate.profile).args(args).args(["--endpoint-url", &proxy.url]));
        assert_one_actionable_line(code, &out, &err, "aws configure --profile monitor");
        assert!(err.contains("ExpiredToken"), "{err}");
        assert!(err.contains("expired"), "{err}");
    }
}

#[test]
fn invalid_keys_name_the_command_that_replaces_them() {
    let estate = estate();
    let proxy = sts_fault(
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    );
    let (code, out, err) = run(binary(&estate.profile).args(["whoami", "--endpoint-url", &proxy.url]));
    assert_one_actionable_line(code, &out, &err, "aws configure --profile monitor");
    assert!(err.contains("InvalidClientTokenId"), "{err}");
}

#[test]
fn an_sso_profile_with_no_cached_token_says_sso_login() {
    let estate = estate();
    let p = Profile::new("x", "y");
    // The legacy form and the sso-session form; HOME has no ~/.aws/sso/cache.
    let configs = [
        "[profile work]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n\
         [sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n",
        "[profile work]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n\
         sso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n",
    ];
    for config in configs {
        std::fs::write(p.config(), config).expect("config");
        std::fs::write(p.credentials(), "").expect("credentials");
        let (code, out, err) =
            run(binary(&p).args(["--profile", "work", "--once", "--endpoint-url", &estate.moto.url]));
        assert_one_actionable_line(code, &out, &err, "aws sso login --profile work");
    }
    // A cached token that has expired (the file name is the SHA-1 of the
    // session name `corp`), with nothing to refresh it.
    std::fs::write(p.config(), configs[0]).expect("config");
    let cache = p.dir.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&cache).expect("cache dir");
    std::fs::write(
        cache.join("ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        r#"{"accessToken":"expired-token","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://example.awsapps.com/start"}"#,
    )
    .expect("token");
    let (code, out, err) = run(binary(&p).args(["--profile", "work", "--once", "--endpoint-url", &estate.moto.url]));
    assert_one_actionable_line(code, &out, &err, "aws sso login --profile work");
}

#[test]
fn no_credentials_and_no_profile_each_say_what_to_run() {
    let estate = estate();
    let empty = Profile::new("x", "y");
    std::fs::write(empty.config(), "").expect("config");
    std::fs::write(empty.credentials(), "").expect("credentials");
    let (code, out, err) = run(binary(&empty).args(["--once", "--endpoint-url", &estate.moto.url]));
    assert_one_actionable_line(code, &out, &err, "aws configure --profile monitor");
    let (code, out, err) = run(binary(&estate.profile).args(["--profile", "prod", "--once"]));
    assert_one_actionable_line(code, &out, &err, "aws configure --profile prod");
}

#[test]
fn policy_prints_the_table_and_needs_no_credentials() {
    let empty = Profile::new("x", "y");
    std::fs::write(empty.credentials(), "").expect("credentials");
    let (code, out, err) = run(binary(&empty).arg("policy"));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let actions: Vec<&str> = v["Statement"][0]["Action"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    assert_eq!(
        actions,
        aws_monitor::aws::actions::actions(aws_monitor::aws::actions::Feature::ALL)
    );
    let (code, out, _) = run(binary(&empty).args(["policy", "--feature", "identity"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("iam:GetUser") && !out.contains("ec2:DescribeVolumes"),
        "{out}"
    );
    let (code, _, err) = run(binary(&empty).args(["policy", "--feature", "everything"]));
    assert_eq!(code, 2, "a clap usage error: {err}");
}

/// The policy as the docs show it, wherever it lives (README.md or a page
/// under docs/), is exactly what `policy` prints; and it is shown somewhere.
#[test]
fn the_documented_policy_is_the_policy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    pages.extend(
        std::fs::read_dir(root.join("docs"))
            .expect("docs/")
            .map(|e| e.expect("a docs/ entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    let policy = aws_monitor::aws::actions::policy_json(aws_monitor::aws::actions::Feature::ALL);
    let mut shown = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("a page");
        let blocks = text.split("```json\n").skip(1).filter_map(|b| b.split("```").next());
        for block in blocks.filter(|b| b.contains("\"Sid\": \"AwsMonitorReadOnly\"")) {
            assert_eq!(
                block,
                policy,
                "{} is out of date: paste the output of `aws-monitor policy`",
                page.display()
            );
            shown.push(page.clone());
        }
    }
    assert!(!shown.is_empty(), "the policy is shown in README.md or a page of docs/");
}

#[test]
fn doctor_names_the_denied_action() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            Rule {
                region: "eu-west-1",
                service: "rds",
                contains: None,
                fault: Fault::QueryError {
                    status: 403,
                    code: "AccessDenied",
                    message: "not authorized to perform rds:DescribeDBInstances",
                },
            },
            Rule {
                region: "us-east-1",
                service: "lambda",
                contains: None,
                fault: Fault::JsonError {
                    status: 403,
                    code: "AccessDeniedException",
                    message: "not authorized",
                },
            },
            Rule {
                region: "eu-west-1",
                service: "monitoring",
                contains: Some("Action=GetMetricData"),
                fault: Fault::QueryError {
                    status: 403,
                    code: "AccessDenied",
                    message: "not authorized to perform cloudwatch:GetMetricData",
                },
            },
            Rule {
                region: "us-east-1",
                service: "monitoring",
                contains: Some("Action=DescribeAlarms"),
                fault: Fault::QueryError {
                    status: 403,
                    code: "AccessDenied",
                    message: "not authorized to perform cloudwatch:DescribeAlarms",
                },
            },
        ],
    );
    let (code, out, err) = run(binary(&estate.profile).args([
        "doctor",
        "--regions",
        "us-east-1,eu-west-1",
        "--endpoint-url",
        &proxy.url,
    ]));
    assert_eq!(code, 2, "{out}{err}");
    let line = |check: &str, region: &str| {
        out.lines()
            .find(|l| l.starts_with(check) && l.contains(&format!(" {region} ")))
            .unwrap_or_else(|| panic!("{check} {region} in:\n{out}"))
            .to_string()
    };
    assert!(line("credentials", "-").contains(" ok "), "{out}");
    assert!(line("sts GetCallerIdentity", "us-east-1").contains("arn:aws:"), "{out}");
    let rds = line("rds DescribeDBInstances", "eu-west-1");
    assert!(
        rds.contains("DENIED") && rds.contains("missing rds:DescribeDBInstances (AccessDenied)"),
        "{rds}"
    );
    assert!(line("rds DescribeDBInstances", "us-east-1").contains(" ok"), "{out}");
    let lambda = line("lambda ListFunctions", "us-east-1");
    assert!(
        lambda.contains("missing lambda:ListFunctions (AccessDeniedException)"),
        "{lambda}"
    );
    assert!(line("s3 ListBuckets", "us-east-1").contains(" ok"), "{out}");
    let metrics = line("cloudwatch GetMetricData", "eu-west-1");
    assert!(
        metrics.contains("missing cloudwatch:GetMetricData (AccessDenied)"),
        "{metrics}"
    );
    assert!(line("cloudwatch GetMetricData", "us-east-1").contains(" ok"), "{out}");
    let alarms = line("cloudwatch DescribeAlarms", "us-east-1");
    assert!(
        alarms.contains("missing cloudwatch:DescribeAlarms (AccessDenied)"),
        "{alarms}"
    );
    assert!(line("cloudwatch DescribeAlarms", "eu-west-1").contains(" ok"), "{out}");
    for check in [
        "ec2 DescribeInstances",
        "ec2 DescribeVolumes",
        "ec2 DescribeVpcs",
        "eks ListClusters",
        "emr ListClusters",
    ] {
        for region in ["us-east-1", "eu-west-1"] {
            assert!(line(check, region).contains(" ok"), "{out}");
        }
    }
    assert!(out.contains("4 denied, 0 failed"), "{out}");
    assert!(
        out.trim_end()
            .ends_with("add cloudwatch:DescribeAlarms, cloudwatch:GetMetricData, lambda:ListFunctions, rds:DescribeDBInstances to the policy (`aws-monitor policy` prints the whole minimal policy)"),
        "{out}"
    );

    // All well against moto itself: exit 0.
    let (code, out, err) =
        run(binary(&estate.profile).args(["doctor", "--regions", "us-west-2", "--endpoint-url", &estate.moto.url]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(" 0 denied, 0 failed"), "{out}");

    // No credentials: the doctor says so, names what to run, exits 1.
    let empty = Profile::new("x", "y");
    std::fs::write(empty.config(), "").expect("config");
    std::fs::write(empty.credentials(), "").expect("credentials");
    let (code, out, err) = run(binary(&empty).args(["doctor", "--endpoint-url", &estate.moto.url]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("credentials") && l.contains("FAILED")),
        "{out}"
    );
    assert!(out.trim_end().ends_with("use an instance role"), "{out}");
    assert!(out.contains("aws configure --profile monitor"), "{out}");
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_secret_reaches_the_log_or_cache_and_both_are_private() {
    let estate = estate();
    const KEY_ID: &str = "AKIAKNOWNTESTKEY0042";
    const SECRET: &str = "kNoWnSeCrEt/0042+testvalueXYZ";
    const TOKEN: &str = "KnownSessionToken0042VeryLongValue";
    let p = Profile::new(KEY_ID, SECRET);
    std::fs::write(
        p.credentials(),
        format!(
            "[monitor]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"
        ),
    )
    .expect("credentials");
    let runs: [&[&str]; 3] = [
        &["--once", "--output", "json", "--regions", "us-east-1,eu-west-1"],
        &["whoami"],
        &["doctor", "--regions", "us-east-1"],
    ];
    for args in runs {
        let (code, out, err) = run(binary(&p)
            .args(args)
            .args(["--endpoint-url", &estate.moto.url])
            .env("AWS_MONITOR_LOG", "trace")
            .env("RUST_LOG", "trace"));
        assert_eq!(code, 0, "{args:?}: {err}");
        for text in [&out, &err] {
            assert!(
                !text.contains(SECRET) && !text.contains(TOKEN),
                "{args:?} printed a secret"
            );
        }
    }
    let mut files = Vec::new();
    for dir in ["state", "cache"] {
        files_under(&p.dir.path().join(dir), &mut files);
    }
    let log = p.dir.path().join("state/aws-monitor/aws-monitor.log");
    assert!(files.contains(&log), "the log file exists: {files:?}");
    let log_text = std::fs::read_to_string(&log).expect("log");
    assert!(log_text.lines().count() > 5, "the trace log has content:\n{log_text}");
    for f in &files {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(f).expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{} is mode {mode:o}", f.display());
        }
        let text = String::from_utf8_lossy(&std::fs::read(f).expect("read")).to_lowercase();
        for secret in [
            KEY_ID,
            SECRET,
            TOKEN,
            "authorization",
            "x-amz-security-token",
            "signature=",
        ] {
            let leak = text.lines().find(|l| l.contains(&secret.to_lowercase()));
            assert!(leak.is_none(), "{} contains {secret:?}: {leak:?}", f.display());
        }
    }
}
