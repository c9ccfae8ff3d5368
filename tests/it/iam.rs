//! The policy `aws-monitor policy` prints is minimal, proven with moto's IAM
//! enforcement: a user holding exactly that policy runs a whole `--once`
//! cycle with no denied call, and removing any one action makes exactly the
//! (region, service) cells that need it fail with a visible AccessDenied.
//!
//! Which services are proven which way (moto 5.2.5):
//! - enforced here: IAM, EC2 (and the region list), Auto Scaling, RDS, S3,
//!   EMR, ECS, ELBv2 (`elasticloadbalancing:`), Cost
//!   Explorer (GetCostAndUsage and GetCostForecast); STS
//!   GetCallerIdentity needs no permission (on AWS as in moto), so the policy
//!   leaves it out and every run here proves it is not needed;
//! - Lambda and EKS REST calls fail moto's signature check while enforcement
//!   is on, so their cells are left out of the comparison here; their
//!   actions are proven by the allow-list test in `src/aws/actions.rs`,
//!   which ties every SDK call site to a row of the policy table.
//! - CloudWatch (GetMetricData for metrics; DescribeAlarms for the alarms)
//!   is enforced by moto under
//!   `monitoring:`, and the tagging API's GetResources under `tagging:` (AWS
//!   names it `tag:`); the TEST policy adds those aliases, the shipped policy
//!   never does.

use std::collections::BTreeMap;
use std::time::Instant;

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

use crate::support::seed::REGIONS;
use crate::support::{Moto, Profile, binary, cell_count, fresh_estate, run};

/// Cells moto cannot enforce (see the module comment).
const NOT_ENFORCED: [&str; 3] = ["lambda-function", "eks-cluster", "eks-nodegroup"];

fn iam_client(moto: &Moto, key: &str, secret: &str) -> aws_sdk_iam::Client {
    let cfg = crate::support::seed::config(&moto.url, "us-east-1")
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            key, secret, None, None, "iam-test",
        )))
        .build();
    aws_sdk_iam::Client::new(&cfg)
}

fn policy_doc(actions: &[String]) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Action": actions, "Resource": "*" }]
    })
    .to_string()
}

/// A user with an inline policy and an access key: (key id, secret).
async fn user(iam: &aws_sdk_iam::Client, name: &str, policy: &str) -> (String, String) {
    iam.create_user().user_name(name).send().await.expect("create user");
    iam.put_user_policy()
        .user_name(name)
        .policy_name("p")
        .policy_document(policy)
        .send()
        .await
        .expect("put policy");
    let key = iam
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .expect("access key");
    let key = key.access_key().expect("key");
    (key.access_key_id().to_string(), key.secret_access_key().to_string())
}

/// (region, kind) -> the error text, or "ok".
fn cells(out: &str) -> BTreeMap<(String, String), String> {
    let v: serde_json::Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("json ({e}): {out}"));
    v["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            let key = (
                o["region"].as_str().unwrap_or_default().to_string(),
                o["kind"].as_str().unwrap_or_default().to_string(),
            );
            let status = if NOT_ENFORCED.contains(&key.1.as_str()) {
                "not enforced by moto".to_string()
            } else {
                o["error"].as_str().unwrap_or("ok").to_string()
            };
            (key, status)
        })
        .collect()
}

fn is_denied(error: &str) -> bool {
    let code = error.split(':').next().unwrap_or_default();
    aws_monitor::doctor::is_denied(code)
}

/// The enforced cells that fail when `action` is missing, for the seeded
/// estate in the three regions.
fn expected_failures(action: &str) -> Vec<(String, String)> {
    let each = |kind: &str| REGIONS.iter().map(|r| (r.to_string(), kind.to_string())).collect();
    match action {
        // The status checks are the instances' own; an AMI's instance count,
        // borrowed from the instances' listing, is left out, not failed.
        "ec2:DescribeInstances" | "ec2:DescribeInstanceStatus" => each("ec2-instance"),
        "ec2:DescribeImages" => each("ami"),
        "ec2:DescribeSnapshots" => each("ebs-snapshot"),
        "ec2:DescribeVolumes" => each("ebs-volume"),
        // VPCs and subnets are listed side by side: each fails alone.
        "ec2:DescribeVpcs" => each("vpc"),
        "ec2:DescribeSubnets" => each("subnet"),
        "cloudwatch:DescribeAlarms" => each("cloudwatch-alarm"),
        "ec2:DescribeAddresses" => each("elastic-ip"),
        "ec2:DescribeSecurityGroups" | "ec2:DescribeNetworkInterfaces" => each("security-group"),
        "rds:DescribeDBInstances" => each("rds-instance"),
        "s3:ListAllMyBuckets" | "s3:GetBucketLocation" => vec![("global".to_string(), "s3-bucket".to_string())],
        // Without it, S3 falls back to GetBucketTagging per bucket and the
        // alarms to ListTagsForResource per alarm, which the minimal policy
        // leaves out (Lambda's fallback is not enforced).
        "tag:GetResources" => {
            let mut cells = each("cloudwatch-alarm");
            cells.push(("global".to_string(), "s3-bucket".to_string()));
            // ELBv2 falls back to DescribeTags, which the policy leaves out too.
            cells.extend(each("load-balancer"));
            cells.extend(each("target-group"));
            cells
        }
        "elasticmapreduce:ListClusters" => each("emr-cluster"),
        // moto lists every EMR cluster under us-east-1: only there is one described.
        "elasticmapreduce:DescribeCluster" => vec![("us-east-1".to_string(), "emr-cluster".to_string())],
        // The services are listed per listed cluster: without the clusters
        // neither kind is listed; each describe fails its own kind alone.
        "ecs:ListClusters" => {
            let mut cells = each("ecs-cluster");
            cells.extend(each("ecs-service"));
            cells
        }
        "ecs:DescribeClusters" => each("ecs-cluster"),
        "ecs:ListServices" | "ecs:DescribeServices" => each("ecs-service"),
        // Load balancers and target groups are listed side by side: each
        // fails alone (a group names its load balancers from their ARNs).
        "elasticloadbalancing:DescribeLoadBalancers" => each("load-balancer"),
        "elasticloadbalancing:DescribeTargetGroups" | "elasticloadbalancing:DescribeTargetHealth" => {
            each("target-group")
        }
        "autoscaling:DescribeAutoScalingGroups" => each("autoscaling-group"),
        "ec2:DescribeNatGateways" => each("nat-gateway"),
        // The key pairs are listed with the instances; without
        // DescribeInstances only their instance count is left out.
        "ec2:DescribeKeyPairs" => each("key-pair"),
        other => panic!("no expectation for {other}: add one"),
    }
}

#[test]
fn the_printed_policy_is_enough_and_every_action_in_it_is_needed() {
    let started = Instant::now();
    let (moto, _) = fresh_estate(0);
    let seed = Profile::new("testing", "testing");
    let (code, policy, err) = run(binary(&seed).arg("policy"));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&policy).expect("policy json");
    let shipped: Vec<String> = v["Statement"][0]["Action"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect();
    assert!(
        !shipped
            .iter()
            .any(|a| a.starts_with("monitoring:") || a.starts_with("tagging:")),
        "no test alias in the shipped policy"
    );
    // The test policy: the shipped one, plus moto's names for CloudWatch
    // and the tagging API.
    let with_alias = |actions: &[String]| -> Vec<String> {
        let mut out = actions.to_vec();
        out.extend(
            actions
                .iter()
                .filter_map(|a| a.strip_prefix("cloudwatch:"))
                .map(|a| format!("monitoring:{a}")),
        );
        out.extend(
            actions
                .iter()
                .filter_map(|a| a.strip_prefix("tag:"))
                .map(|a| format!("tagging:{a}")),
        );
        out
    };

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (admin_keys, monitor_keys) = rt.block_on(async {
        let open = iam_client(&moto, "testing", "testing");
        let admin = user(&open, "admin", &policy_doc(&["*".to_string()])).await;
        let monitor = user(&open, "monitor", &policy_doc(&with_alias(&shipped))).await;
        (admin, monitor)
    });
    // Enforcement on: from now on every call is checked against IAM.
    moto.post("/moto-api/reset-auth", "0");
    let admin = iam_client(&moto, &admin_keys.0, &admin_keys.1);
    let profile = Profile::new(&monitor_keys.0, &monitor_keys.1);
    let regions = REGIONS.join(",");
    let once = |extra: &[&str]| {
        let mut cmd = binary(&profile);
        cmd.args(["--endpoint-url", &moto.url]).args(extra);
        run(&mut cmd)
    };
    let once_json = || once(&["--once", "--output", "json", "--regions", &regions]);
    let once_metrics = || once(&["--once", "--output", "json", "--regions", &regions, "--metrics"]);
    // --cost-ttl 0s: every run asks Cost Explorer, never the disk cache.
    let once_cost = || {
        once(&[
            "--once",
            "--output",
            "json",
            "--regions",
            &regions,
            "--cost",
            "--cost-ttl",
            "0s",
        ])
    };
    let set_policy = |actions: &[String]| {
        rt.block_on(
            admin
                .put_user_policy()
                .user_name("monitor")
                .policy_name("p")
                .policy_document(policy_doc(&with_alias(actions)))
                .send(),
        )
        .expect("admin edits the policy");
    };

    // With exactly the policy: every enforced cell is fresh, none denied.
    let (_, out, err) = once_json();
    assert!(!err.contains("panicked"), "{err}");
    let baseline = cells(&out);
    assert_eq!(baseline.len(), cell_count(REGIONS.len()), "{out}");
    for (cell, status) in &baseline {
        if !NOT_ENFORCED.contains(&cell.1.as_str()) {
            assert_eq!(status, "ok", "{cell:?} under the printed policy");
        }
    }
    // (The exit code is 2 in every run here: Lambda and EKS fail moto's
    // signature check under enforcement.)
    let (_, out, err) = once_metrics();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("json: {err}"));
    assert!(
        !cells(&out).keys().any(|(_, kind)| kind == "metrics"),
        "GetMetricData allowed in every region: {out}"
    );
    assert!(
        v["metrics"].as_array().is_some_and(|m| !m.is_empty()),
        "metrics fetched under the policy: {out}"
    );
    let (_, out, err) = once_cost();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("json: {err}"));
    assert!(v["cost"]["error"].is_null(), "Cost Explorer allowed: {out}");
    assert!(
        !v["cost"]["forecast"]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("AccessDenied"),
        "forecast allowed: {out}"
    );
    let (code, who, err) = once(&["whoami"]);
    assert_eq!(code, 0, "{err}");
    assert!(who.contains("User:        monitor"), "iam:GetUser allowed: {who}");
    // Logs: a function's lines, a group prefix and a task definition resolve.
    let logs = |target: &str| once(&["logs", target, "--region", "us-east-1", "--since", "1h"]);
    let (code, out, err) = logs("lambda-function/checkout-api");
    assert_eq!(code, 0, "logs:FilterLogEvents allowed: {err}");
    assert!(out.contains("REPORT RequestId"), "{out}");
    let (_, _, err) = logs("rds-instance/none");
    assert!(err.contains("no log groups"), "logs:DescribeLogGroups allowed: {err}");
    let (_, _, err) = logs("task-definition/none:1");
    assert!(
        err.contains("no logs: task definition"),
        "ecs:DescribeTaskDefinition allowed: {err}"
    );

    // Without the policy's attached keys nothing works: enforcement is on.
    let (code, _, err) = run(binary(&Profile::new("AKIDNOTAUSER", "nope")).args([
        "--endpoint-url",
        &moto.url,
        "--once",
        "--regions",
        "us-east-1",
    ]));
    assert_eq!(code, 1, "unknown keys are rejected: {err}");

    // Remove each action in turn.
    let mut proven = Vec::new();
    for action in &shipped {
        if action.starts_with("lambda:") || action.starts_with("eks:") {
            continue; // not enforceable by moto: see the module comment
        }
        let fewer: Vec<String> = shipped.iter().filter(|a| *a != action).cloned().collect();
        set_policy(&fewer);
        match action.as_str() {
            "iam:GetUser" => {
                let (code, who, err) = once(&["whoami"]);
                assert_eq!(code, 0, "{err}");
                assert!(!who.contains("User:"), "the user name is left out: {who}");
                let (_, out, _) = once_json();
                assert_eq!(cells(&out), baseline, "--once never calls iam:GetUser");
            }
            "cloudwatch:GetMetricData" => {
                // Every region's metrics fail, visibly; the inventory does not.
                let (code, out, err) = once_metrics();
                assert_eq!(code, 2, "{err}");
                let now = cells(&out);
                for region in REGIONS {
                    let status = now.get(&(region.to_string(), "metrics".to_string()));
                    assert!(
                        status.is_some_and(|s| is_denied(s)),
                        "{region} metrics show AccessDenied: {status:?}"
                    );
                }
                let inventory: BTreeMap<_, _> = now.into_iter().filter(|(k, _)| k.1 != "metrics").collect();
                assert_eq!(inventory, baseline, "inventory unaffected");
            }
            "ce:GetCostAndUsage" => {
                // Cost is asked only with --cost; the inventory never needs it.
                let (code, out, err) = once_cost();
                assert_eq!(code, 2, "{err}");
                let v: serde_json::Value = serde_json::from_str(&out).expect("json");
                let error = v["cost"]["error"].as_str().unwrap_or_default();
                assert!(is_denied(error), "cost shows AccessDenied: {out}");
                assert_eq!(cells(&out), baseline, "inventory unaffected");
            }
            "ce:GetCostForecast" => {
                // The forecast alone is denied; the other figures stay and
                // a local projection stands in (moto has no forecast, so
                // with the action it answers 500, without it AccessDenied).
                let (_, out, err) = once_cost();
                let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("json: {err}"));
                assert!(v["cost"]["error"].is_null(), "{out}");
                let why = v["cost"]["forecast"]["error"].as_str().unwrap_or_default();
                assert!(why.contains("AccessDenied"), "forecast denied: {why}");
                assert!(v["cost"]["projection"]["amount"].is_string(), "{out}");
                assert_eq!(cells(&out), baseline, "inventory unaffected");
            }
            "logs:FilterLogEvents" | "logs:DescribeLogGroups" | "ecs:DescribeTaskDefinition" => {
                // Only the logs need them: `aws-monitor logs` says so in one
                // line (exit 2); the inventory does not call them.
                let target = match action.as_str() {
                    "logs:FilterLogEvents" => "lambda-function/checkout-api",
                    "logs:DescribeLogGroups" => "rds-instance/none",
                    _ => "task-definition/none:1",
                };
                let (code, _, err) = logs(target);
                assert_eq!(code, 2, "{action}: {err}");
                assert!(
                    err.contains("AccessDenied") && err.lines().count() == 1,
                    "{action}: {err}"
                );
                let (_, out, _) = once_json();
                assert_eq!(cells(&out), baseline, "{action}: inventory unaffected");
            }
            "ec2:DescribeRegions" => {
                // Only the region list needs it: without --regions it is a clear error.
                let (code, _, err) = once(&["--once", "--output", "json"]);
                assert_eq!(code, 1, "{err}");
                assert!(
                    err.contains("UnauthorizedOperation") || err.contains("AccessDenied"),
                    "{err}"
                );
                assert!(err.contains("--regions"), "{err}");
                let (_, out, _) = once_json();
                assert_eq!(cells(&out), baseline, "with --regions the cycle still runs");
            }
            _ => {
                let (code, out, err) = once_json();
                assert_eq!(code, 2, "{action}: {err}");
                let now = cells(&out);
                let want = expected_failures(action);
                for (cell, status) in &now {
                    if NOT_ENFORCED.contains(&cell.1.as_str()) {
                        assert_eq!(Some(status), baseline.get(cell), "{action}: {cell:?} unchanged");
                    } else if want.contains(cell) {
                        assert!(is_denied(status), "{action}: {cell:?} shows AccessDenied: {status}");
                    } else {
                        assert_eq!(status, "ok", "{action}: {cell:?} is unaffected");
                    }
                }
            }
        }
        proven.push(action.clone());
    }
    set_policy(&shipped);
    let (_, out, _) = once_json();
    assert_eq!(cells(&out), baseline, "the full policy works again");
    eprintln!(
        "measured: {} actions proven necessary by removal in {:?}",
        proven.len(),
        started.elapsed()
    );
    let enforceable = shipped
        .iter()
        .filter(|a| !a.starts_with("lambda:") && !a.starts_with("eks:"))
        .count();
    assert_eq!(proven.len(), enforceable, "{proven:?}");
    assert!(proven.len() >= 10, "{proven:?}");
}
