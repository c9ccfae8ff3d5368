//! Partial failure everywhere: faults injected by the proxy into one
//! (region, service) or several at once. Every other cell stays fresh and
//! correct, the failed cell carries the AWS code and message, throttling is
//! retried and slows only its own region, a hang never stalls the cycle, and
//! the next cycle recovers when the fault is lifted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::{AwsError, Fetch, Outcome, ResourceKind};
use aws_monitor::poller::{self, Event, PollerConfig};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::REGIONS;
use crate::support::{binary, cell_count, estate, run};

fn regions() -> Vec<String> {
    REGIONS.iter().map(|r| r.to_string()).collect()
}

/// One cycle through `url`; each fetch with the time it arrived after the start.
async fn timed_cycle(url: &str, max_attempts: u32, call_timeout: Duration) -> Vec<(Fetch, Duration)> {
    let settings = AwsSettings {
        endpoint_url: Some(url.to_string()),
        call_timeout,
        max_attempts,
        ..Default::default()
    };
    let aws = Arc::new(Aws::load(&settings).await.expect("load profile"));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let config = PollerConfig {
        call_timeout,
        ..PollerConfig::default()
    };
    let started = Instant::now();
    let cycle = tokio::spawn(poller::run_cycle(aws, 1, regions(), config, tx));
    let mut fetches = Vec::new();
    let mut whole = poller::whole::Whole::default();
    while let Some(e) = rx.recv().await {
        if let Some(fetch) = whole.take(e) {
            fetches.push((fetch, started.elapsed()));
        }
    }
    cycle.await.expect("the cycle does not panic");
    fetches
}

fn rule(region: &'static str, service: &'static str, contains: Option<&'static str>, fault: Fault) -> Rule {
    Rule {
        region,
        service,
        contains,
        fault,
    }
}

/// Every (region, kind) has exactly one outcome; the failed ones are
/// exactly `failed` (with a code passing `check`), and every fresh one
/// lists what was seeded.
fn assert_only(fetches: &[(Fetch, Duration)], failed: &[(&str, ResourceKind)], check: impl Fn(&AwsError) -> bool) {
    let estate = estate();
    assert_eq!(
        fetches.len(),
        cell_count(3),
        "one outcome per cell, none lost to a panic"
    );
    for (f, _) in fetches {
        let cell = (f.region.as_str(), f.kind);
        match &f.outcome {
            Outcome::Failed(e) => {
                assert!(failed.contains(&cell), "{cell:?} failed but should not: {e}");
                assert!(check(e), "{cell:?}: unexpected error {e}");
            }
            Outcome::Fresh(items) => {
                assert!(!failed.contains(&cell), "{cell:?} should have failed");
                let want = if f.kind == ResourceKind::S3Bucket {
                    estate.summary.buckets.len()
                } else {
                    estate.summary.count(&f.region, &f.kind.to_string())
                };
                assert_eq!(items.len(), want, "{cell:?} is fresh and complete");
            }
        }
    }
}

/// Every EC2 kind of a region: what fails when the whole EC2 service does.
fn ec2_kinds(region: &'static str) -> Vec<(&'static str, ResourceKind)> {
    ResourceKind::all()
        .iter()
        .filter(|k| k.service() == "ec2")
        .map(|&k| (region, k))
        .collect()
}

fn error_of(fetches: &[(Fetch, Duration)], region: &str, kind: ResourceKind) -> AwsError {
    let (f, _) = fetches
        .iter()
        .find(|(f, _)| f.region == region && f.kind == kind)
        .expect("outcome");
    match &f.outcome {
        Outcome::Failed(e) => e.clone(),
        other => panic!("{region} {kind} did not fail: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fault_fails_only_its_own_cell_with_the_aws_code() {
    use ResourceKind::*;
    let estate = estate();
    let proxy = FaultProxy::start(estate.moto.port, vec![]);
    struct Case {
        rule: Rule,
        failed: Vec<(&'static str, ResourceKind)>,
        /// The code and message the cell must carry: the AWS code the
        /// fault answers with, or for a transport fault the code of ours
        /// that names it (the connection closed: `DispatchFailure`; reset:
        /// `EndpointUnreachable`; the body cut short: `MalformedResponse`).
        want: (&'static str, &'static str),
    }
    let denied = "User: arn:aws:iam::123456789012:user/test is not authorized to perform this action";
    let cases = vec![
        Case {
            rule: rule(
                "eu-west-1",
                "lambda",
                Some("/functions"),
                Fault::JsonError {
                    status: 403,
                    code: "AccessDeniedException",
                    message: denied,
                },
            ),
            failed: vec![("eu-west-1", LambdaFunction)],
            want: ("AccessDeniedException", denied),
        },
        Case {
            rule: rule(
                "us-west-2",
                "eks",
                None,
                Fault::JsonError {
                    status: 500,
                    code: "ServerException",
                    message: "internal failure",
                },
            ),
            failed: vec![("us-west-2", EksCluster), ("us-west-2", EksNodegroup)],
            want: ("ServerException", "internal failure"),
        },
        Case {
            rule: rule(
                "us-east-1",
                "elasticmapreduce",
                None,
                Fault::JsonError {
                    status: 400,
                    code: "ThrottlingException",
                    message: "Rate exceeded",
                },
            ),
            failed: vec![("us-east-1", EmrCluster)],
            want: ("ThrottlingException", "Rate exceeded"),
        },
        Case {
            rule: rule(
                "us-west-2",
                "rds",
                None,
                Fault::QueryError {
                    status: 403,
                    code: "AccessDenied",
                    message: denied,
                },
            ),
            failed: vec![("us-west-2", RdsInstance)],
            want: ("AccessDenied", denied),
        },
        Case {
            rule: rule(
                "us-east-1",
                "s3",
                None,
                Fault::S3Error {
                    status: 403,
                    code: "AccessDenied",
                    message: "Access Denied",
                },
            ),
            failed: vec![("global", S3Bucket)],
            want: ("AccessDenied", "Access Denied"),
        },
        Case {
            rule: rule(
                "us-west-2",
                "ec2",
                Some("Action=DescribeVolumes"),
                Fault::Ec2Error {
                    status: 503,
                    code: "RequestLimitExceeded",
                    message: "Request limit exceeded.",
                },
            ),
            failed: vec![("us-west-2", EbsVolume)],
            want: ("RequestLimitExceeded", "Request limit exceeded."),
        },
        Case {
            rule: rule(
                "eu-west-1",
                "ec2",
                None,
                Fault::Ec2Error {
                    status: 401,
                    code: "OptInRequired",
                    message: "You are not subscribed to this service.",
                },
            ),
            failed: ec2_kinds("eu-west-1"),
            want: ("OptInRequired", "You are not subscribed to this service."),
        },
        Case {
            rule: rule(
                "eu-west-1",
                "rds",
                None,
                Fault::QueryError {
                    status: 401,
                    code: "AuthFailure",
                    message: "AWS was not able to validate the provided access credentials",
                },
            ),
            failed: vec![("eu-west-1", RdsInstance)],
            want: (
                "AuthFailure",
                "AWS was not able to validate the provided access credentials",
            ),
        },
        Case {
            rule: rule(
                "us-east-1",
                "ec2",
                Some("Action=DescribeInstances"),
                Fault::Ec2Error {
                    status: 500,
                    code: "InternalError",
                    message: "An internal error has occurred",
                },
            ),
            failed: vec![("us-east-1", Ec2Instance)],
            want: ("InternalError", "An internal error has occurred"),
        },
        Case {
            rule: rule("us-west-2", "lambda", None, Fault::Close),
            failed: vec![("us-west-2", LambdaFunction)],
            want: ("DispatchFailure", "connection closed before message completed"),
        },
        Case {
            rule: rule("eu-west-1", "elasticmapreduce", None, Fault::Reset),
            failed: vec![("eu-west-1", EmrCluster)],
            want: ("EndpointUnreachable", "Connection reset by peer"),
        },
        Case {
            rule: rule("eu-west-1", "ec2", Some("Action=DescribeInstances"), Fault::Malformed),
            failed: vec![("eu-west-1", Ec2Instance)],
            want: ("MalformedResponse", ""),
        },
        Case {
            rule: rule("us-east-1", "rds", None, Fault::Truncated),
            failed: vec![("us-east-1", RdsInstance)],
            want: ("MalformedResponse", "end of file before message length reached"),
        },
    ];
    for case in cases {
        let label = format!("{:?} in {} {}", case.rule.fault, case.rule.region, case.rule.service);
        proxy.set(vec![case.rule.clone()]);
        let fetches = timed_cycle(&proxy.url, 1, Duration::from_secs(10)).await;
        assert_only(&fetches, &case.failed, |e| e.code == case.want.0);
        for (region, kind) in &case.failed {
            let e = error_of(&fetches, region, *kind);
            let (code, message) = case.want;
            assert_eq!(e.code, code, "{label}: {e}");
            assert!(e.message.contains(message), "{label}: {e}");
            assert!(!e.to_string().contains('\n'), "one line: {e}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn several_faults_at_once_fail_only_their_cells() {
    use ResourceKind::*;
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            rule(
                "us-east-1",
                "lambda",
                None,
                Fault::JsonError {
                    status: 403,
                    code: "AccessDeniedException",
                    message: "no lambda",
                },
            ),
            rule(
                "us-west-2",
                "ec2",
                None,
                Fault::Ec2Error {
                    status: 401,
                    code: "OptInRequired",
                    message: "opt in first",
                },
            ),
            rule("eu-west-1", "rds", None, Fault::Malformed),
            rule("eu-west-1", "eks", None, Fault::Close),
            rule(
                "us-east-1",
                "elasticmapreduce",
                None,
                Fault::JsonError {
                    status: 400,
                    code: "ValidationException",
                    message: "bad",
                },
            ),
        ],
    );
    let fetches = timed_cycle(&proxy.url, 1, Duration::from_secs(10)).await;
    // Each failed cell with the code its fault makes.
    let mut want: Vec<((&str, ResourceKind), &str)> = ec2_kinds("us-west-2")
        .into_iter()
        .map(|cell| (cell, "OptInRequired"))
        .collect();
    want.extend([
        (("us-east-1", LambdaFunction), "AccessDeniedException"),
        (("eu-west-1", RdsInstance), "MalformedResponse"),
        (("eu-west-1", EksCluster), "DispatchFailure"),
        (("eu-west-1", EksNodegroup), "DispatchFailure"),
        (("us-east-1", EmrCluster), "ValidationException"),
    ]);
    let failed: Vec<_> = want.iter().map(|(cell, _)| *cell).collect();
    assert_only(&fetches, &failed, |e| !e.code.is_empty());
    for ((region, kind), code) in want {
        assert_eq!(error_of(&fetches, region, kind).code, code, "{region} {kind}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_is_retried_until_it_passes() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            rule(
                "us-west-2",
                "ec2",
                Some("Action=DescribeInstances"),
                Fault::fail_first(
                    2,
                    Fault::Ec2Error {
                        status: 503,
                        code: "RequestLimitExceeded",
                        message: "Request limit exceeded.",
                    },
                ),
            ),
            rule(
                "eu-west-1",
                "elasticmapreduce",
                None,
                Fault::fail_first(
                    2,
                    Fault::JsonError {
                        status: 400,
                        code: "ThrottlingException",
                        message: "Rate exceeded",
                    },
                ),
            ),
            rule(
                "us-east-1",
                "rds",
                None,
                Fault::fail_first(
                    1,
                    Fault::QueryError {
                        status: 400,
                        code: "Throttling",
                        message: "Rate exceeded",
                    },
                ),
            ),
            rule(
                "eu-west-1",
                "lambda",
                Some("/functions"),
                Fault::fail_first(
                    1,
                    Fault::JsonError {
                        status: 503,
                        code: "ServiceException",
                        message: "try again",
                    },
                ),
            ),
        ],
    );
    let fetches = timed_cycle(&proxy.url, 5, Duration::from_secs(30)).await;
    // Every cell is fresh and complete: the failures were retried away.
    assert_only(&fetches, &[], |_| false);
    // The proxy saw the retries the SDK made; the tool counted one call.
    let ec2 = proxy.seen("us-west-2", "ec2", "Action=DescribeInstances");
    assert_eq!(ec2.len(), 3, "2 throttled + 1 answered: {ec2:?}");
    assert_eq!(ec2.iter().filter(|s| s.faulted).count(), 2);
    let (instances, _) = fetches
        .iter()
        .find(|(f, _)| f.region == "us-west-2" && f.kind == ResourceKind::Ec2Instance)
        .expect("instances");
    assert_eq!(
        instances.calls.by_api.get("ec2:DescribeInstances"),
        Some(&1),
        "retries are inside one counted call"
    );
    let emr = proxy.seen("eu-west-1", "elasticmapreduce", "ListClusters");
    assert_eq!(emr.len(), 3, "{emr:?}");
    assert_eq!(proxy.seen("us-east-1", "rds", "DescribeDBInstances").len(), 2);
    assert_eq!(proxy.seen("eu-west-1", "lambda", "/functions").len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_region_that_keeps_throttling_slows_only_itself() {
    let estate = estate();
    let throttle_query = |service| {
        rule(
            "us-west-2",
            service,
            None,
            Fault::Ec2Error {
                status: 503,
                code: "RequestLimitExceeded",
                message: "Request limit exceeded.",
            },
        )
    };
    let throttle_json = |service| {
        rule(
            "us-west-2",
            service,
            None,
            Fault::JsonError {
                status: 400,
                code: "ThrottlingException",
                message: "Rate exceeded",
            },
        )
    };
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            throttle_query("ec2"),
            rule(
                "us-west-2",
                "rds",
                None,
                Fault::QueryError {
                    status: 400,
                    code: "Throttling",
                    message: "Rate exceeded",
                },
            ),
            throttle_json("lambda"),
            throttle_json("eks"),
            throttle_json("elasticmapreduce"),
            throttle_json("ecs"),
            rule(
                "us-west-2",
                "elasticloadbalancing",
                None,
                Fault::QueryError {
                    status: 400,
                    code: "Throttling",
                    message: "Rate exceeded",
                },
            ),
            rule(
                "us-west-2",
                "autoscaling",
                None,
                Fault::QueryError {
                    status: 400,
                    code: "Throttling",
                    message: "Rate exceeded",
                },
            ),
            rule(
                "us-west-2",
                "monitoring",
                None,
                Fault::QueryError {
                    status: 400,
                    code: "Throttling",
                    message: "Rate exceeded",
                },
            ),
        ],
    );
    let fetches = timed_cycle(&proxy.url, 5, Duration::from_secs(60)).await;
    let throttled = |f: &Fetch| f.region == "us-west-2";
    let failed: Vec<(&str, ResourceKind)> = fetches
        .iter()
        .filter(|(f, _)| throttled(f))
        .map(|(f, _)| ("us-west-2", f.kind))
        .collect();
    assert_only(&fetches, &failed, AwsError::is_throttle);
    let others_done = fetches
        .iter()
        .filter(|(f, _)| !throttled(f))
        .map(|(_, t)| *t)
        .max()
        .expect("others");
    let throttled_first = fetches
        .iter()
        .filter(|(f, _)| throttled(f))
        .map(|(_, t)| *t)
        .min()
        .expect("throttled");
    let throttled_last = fetches
        .iter()
        .filter(|(f, _)| throttled(f))
        .map(|(_, t)| *t)
        .max()
        .expect("throttled");
    eprintln!(
        "measured: other regions done at {others_done:?}; throttled region done between {throttled_first:?} and {throttled_last:?}"
    );
    // Each throttled call was tried max_attempts (5) times, with backoff.
    let attempts = proxy.seen("us-west-2", "ec2", "Action=DescribeInstances").len();
    assert_eq!(attempts, 5, "adaptive retry makes 5 attempts");
    // In the order they arrived (not by a clock): the other regions are not
    // held back by the throttled one, whose backoff ends the cycle.
    let last_other = fetches.iter().rposition(|(f, _)| !throttled(f)).expect("others");
    let last_throttled = fetches.iter().rposition(|(f, _)| throttled(f)).expect("throttled");
    assert!(
        last_other < last_throttled,
        "the other regions finish before the throttled one: {others_done:?} vs {throttled_last:?}"
    );
    // Their retries never spilled over into other regions' services.
    for region in ["us-east-1", "eu-west-1"] {
        let n = proxy.seen(region, "ec2", "Action=DescribeInstances").len();
        assert_eq!(n, 1, "{region} made one DescribeInstances call");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hangs_in_several_services_never_stall_the_cycle_past_its_deadline() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            rule("eu-west-1", "ec2", Some("Action=DescribeVolumes"), Fault::Hang),
            rule("us-east-1", "lambda", None, Fault::Hang),
            rule("us-west-2", "elasticmapreduce", None, Fault::Hang),
        ],
    );
    // Long enough that no unfaulted call runs out on a loaded machine; the
    // hanging ones are cut by it (and by the job's deadline), so the cycle
    // ends, each hang its cell's Timeout.
    let call_timeout = Duration::from_secs(3);
    let fetches = timed_cycle(&proxy.url, 2, call_timeout).await;
    assert_only(
        &fetches,
        &[
            ("eu-west-1", ResourceKind::EbsVolume),
            ("us-east-1", ResourceKind::LambdaFunction),
            ("us-west-2", ResourceKind::EmrCluster),
        ],
        |e| e.code == "Timeout",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn lifting_the_fault_lets_the_next_cycle_recover() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![rule(
            "eu-west-1",
            "ec2",
            Some("Action=DescribeInstances"),
            Fault::Ec2Error {
                status: 503,
                code: "Unavailable",
                message: "The server is overloaded.",
            },
        )],
    );
    let settings = AwsSettings {
        endpoint_url: Some(proxy.url.clone()),
        max_attempts: 1,
        ..Default::default()
    };
    let aws = Arc::new(Aws::load(&settings).await.expect("load"));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let config = PollerConfig {
        interval: Duration::from_secs(3600),
        ..PollerConfig::default()
    };
    let (commands, handle) = poller::spawn(aws, vec!["eu-west-1".into()], config, tx);
    let mut seen: Vec<(u64, Outcome)> = Vec::new();
    let mut whole = poller::whole::Whole::default();
    let mut finished = 0;
    while finished < 2 {
        let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("events")
            .expect("open");
        match event {
            Event::Inventory { cycle, .. } => {
                if let Some(fetch) = whole.take(event).filter(|f| f.kind == ResourceKind::Ec2Instance) {
                    seen.push((cycle, fetch.outcome))
                }
            }
            Event::CycleFinished { .. } => {
                finished += 1;
                if finished == 1 {
                    proxy.set(vec![]);
                    commands.send(poller::Command::RefreshNow).expect("send");
                }
            }
            page => {
                whole.take(page);
            }
        }
    }
    assert_eq!(seen.len(), 2);
    assert!(
        matches!(&seen[0], (1, Outcome::Failed(e)) if e.code == "Unavailable"),
        "{seen:?}"
    );
    assert!(
        matches!(&seen[1], (2, Outcome::Fresh(v)) if v.len() == estate.summary.count("eu-west-1", "ec2-instance")),
        "{seen:?}"
    );
    commands.send(poller::Command::Stop).expect("send");
    tokio::time::timeout(Duration::from_secs(10), handle)
        .await
        .expect("stops")
        .expect("joins");
}

#[test]
fn once_reports_several_failed_cells_with_code_and_exit_2_and_recovers() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            rule(
                "eu-west-1",
                "lambda",
                None,
                Fault::JsonError {
                    status: 403,
                    code: "AccessDeniedException",
                    message: "not authorized to perform lambda:ListFunctions",
                },
            ),
            rule(
                "us-east-1",
                "rds",
                None,
                Fault::QueryError {
                    status: 403,
                    code: "AccessDenied",
                    message: "not authorized to perform rds:DescribeDBInstances",
                },
            ),
            rule("us-east-1", "eks", None, Fault::Hang),
        ],
    );
    let once = || {
        run(binary(&estate.profile).args([
            "--once",
            "--output",
            "json",
            "--call-timeout",
            "3s",
            "--endpoint-url",
            &proxy.url,
            "--regions",
            "us-east-1,eu-west-1",
        ]))
    };
    // It ends at all: the hang is cut by --call-timeout (its cell says Timeout).
    let (code, out, err) = once();
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let errors: Vec<(String, String, String)> = v["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .filter(|o| o["status"] == "error")
        .map(|o| {
            (
                o["region"].as_str().unwrap_or_default().to_string(),
                o["kind"].as_str().unwrap_or_default().to_string(),
                o["error"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let timeout = |kind: &str| ("us-east-1".to_string(), kind.to_string());
    let mut cells: Vec<(String, String)> = errors.iter().map(|(r, k, _)| (r.clone(), k.clone())).collect();
    cells.sort();
    assert_eq!(
        cells,
        vec![
            ("eu-west-1".to_string(), "lambda-function".to_string()),
            timeout("eks-cluster"),
            timeout("eks-nodegroup"),
            ("us-east-1".to_string(), "rds-instance".to_string()),
        ]
    );
    let text = |region: &str, kind: &str| {
        errors
            .iter()
            .find(|(r, k, _)| r == region && k == kind)
            .map(|(_, _, e)| e.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        text("eu-west-1", "lambda-function"),
        "AccessDeniedException: not authorized to perform lambda:ListFunctions"
    );
    assert_eq!(
        text("us-east-1", "rds-instance"),
        "AccessDenied: not authorized to perform rds:DescribeDBInstances"
    );
    assert!(text("us-east-1", "eks-cluster").starts_with("Timeout"));
    let ok = v["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .filter(|o| o["status"] == "ok")
        .count();
    assert_eq!(ok, cell_count(2) - 4);

    // The fault is lifted: the next run is whole again.
    proxy.set(vec![]);
    let (code, out, err) = once();
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        v["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .all(|o| o["status"] == "ok")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_connection_fails_every_cell_quickly_and_cleanly() {
    let _ = estate(); // the test profile
    // A loopback port nobody listens on: every connection is refused.
    let port = crate::support::moto::free_port();
    let fetches = timed_cycle(&format!("http://127.0.0.1:{port}"), 1, Duration::from_secs(5)).await;
    assert_eq!(fetches.len(), cell_count(3), "one outcome per cell");
    for (f, _) in &fetches {
        match &f.outcome {
            Outcome::Failed(e) => assert_eq!(e.code, "EndpointUnreachable", "{} {}: {e}", f.region, f.kind),
            other => panic!("{} {} cannot be {other:?}", f.region, f.kind),
        }
    }
    // Quickly: refused at once, not waited out (no cell says Timeout).
}
