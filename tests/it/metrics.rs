//! CloudWatch metrics against moto through the real SDK: the seeded
//! datapoints come back on the period grid, GetMetricData is batched at 500
//! queries, every call and metric is counted, the poller serves a watch,
//! and `--once --metrics` prints the series.

use std::sync::Arc;
use std::time::Duration;

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::metrics::{GET_METRIC_DATA, all_metrics, metrics_for};
use aws_monitor::model::{Job, MetricTarget, ResourceKind, Window};
use aws_monitor::poller::{self, Command, Event, PollerConfig};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::{binary, estate, run};

async fn aws(url: &str) -> Aws {
    let settings = AwsSettings {
        endpoint_url: Some(url.to_string()),
        call_timeout: Duration::from_secs(20),
        max_attempts: 1,
        ..Default::default()
    };
    Aws::load(&settings).await.expect("load profile")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The ids of the seeded instances that have datapoints (all but the fleet).
async fn seeded_instances(aws: &Aws, region: &str) -> Vec<String> {
    let job = Job {
        region: region.into(),
        kind: ResourceKind::Ec2Instance,
    };
    // The listing's rows come as pages; only the instances' are kept.
    let rows = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = rows.clone();
    let sink = move |kind, items: Vec<aws_monitor::model::Resource>| {
        if kind == ResourceKind::Ec2Instance {
            kept.lock().expect("rows").extend(items);
        }
    };
    let ends = aws.fetch(&job, &[region.to_string()], &sink, false).await;
    assert!(ends.iter().all(|e| e.result.is_ok()), "EC2 listing failed: {ends:?}");
    let items = std::mem::take(&mut *rows.lock().expect("rows"));
    items
        .into_iter()
        .filter(|r| r.name != "fleet")
        .map(|r| r.id.into())
        .collect()
}

#[tokio::test]
async fn seeded_datapoints_come_back_on_the_grid() {
    let estate = estate();
    let aws = aws(&estate.moto.url).await;
    let instances = seeded_instances(&aws, "us-east-1").await;
    assert!(!instances.is_empty());
    let mut targets: Vec<MetricTarget> = instances
        .iter()
        .flat_map(|id| metrics_for(ResourceKind::Ec2Instance).map(move |m| (id, m)))
        .map(|(id, m)| MetricTarget::new("us-east-1", ResourceKind::Ec2Instance, id, m.name))
        .collect();
    for (kind, id) in [
        (ResourceKind::RdsInstance, "orders-db"),
        (ResourceKind::LambdaFunction, "checkout-api"),
        (ResourceKind::EksCluster, "platform"),
    ] {
        targets.extend(metrics_for(kind).map(|m| MetricTarget::new("us-east-1", kind, id, m.name)));
    }
    targets.push(MetricTarget::new(
        "us-east-1",
        ResourceKind::Ec2Instance,
        "i-00000000000000000",
        "CPUUtilization",
    ));
    let at = now();
    let got = aws.metric_data("us-east-1", &targets, Window::H3, at).await;
    assert!(got.error.is_none(), "{:?}", got.error);
    assert_eq!(got.series.len(), targets.len());
    let seeded = estate.summary.metric_points(Window::H3.range(at));
    assert_eq!(
        got.calls.by_api.get(GET_METRIC_DATA),
        Some(&1),
        "one call for the region"
    );
    assert_eq!(got.metrics_requested, targets.len() as u32);
    for s in &got.series {
        assert_eq!(s.points.len(), 36, "3h at 5 minutes");
        assert!(s.points.windows(2).all(|w| w[1].0 - w[0].0 == 300), "a 5-minute grid");
    }
    let find = |kind, id: &str, metric: &str| {
        got.series
            .iter()
            .find(|s| s.kind == kind && s.id == id && s.metric == metric)
            .expect("series")
    };
    let cpu = find(ResourceKind::Ec2Instance, &instances[0], "CPUUtilization");
    let values = cpu.points.iter().filter(|p| p.1.is_some()).count();
    assert_eq!(values, seeded, "the seeded points in the 3h range");
    assert_eq!(cpu.unit, "Percent");
    let (lo, avg, hi) = (cpu.min().unwrap(), cpu.avg().unwrap(), cpu.max().unwrap());
    assert!(0.0 < lo && lo < avg && avg < hi && hi <= 100.0, "{lo} {avg} {hi}");
    let latency = find(ResourceKind::RdsInstance, "orders-db", "ReadLatency");
    assert!(latency.avg().unwrap() < 0.01, "seconds, as seeded");
    let invocations = find(ResourceKind::LambdaFunction, "checkout-api", "Invocations");
    assert!(invocations.sum().unwrap() > 1000.0);
    // EKS through Container Insights, by cluster name.
    let nodes = find(ResourceKind::EksCluster, "platform", "node_cpu_utilization");
    assert_eq!(nodes.unit, "Percent");
    assert_eq!(
        nodes.points.iter().filter(|p| p.1.is_some()).count(),
        seeded,
        "{nodes:?}"
    );
    let missing = find(ResourceKind::Ec2Instance, "i-00000000000000000", "CPUUtilization");
    assert!(
        missing.points.iter().all(|p| p.1.is_none()),
        "no data is a gap, not a zero"
    );
}

#[tokio::test]
async fn more_than_500_metrics_take_the_fewest_calls() {
    let estate = estate();
    let aws = aws(&estate.moto.url).await;
    // 101 instances x 5 metrics = 505 queries in us-east-1, 40 in us-west-2.
    let targets = |region: &str, n: usize| -> Vec<MetricTarget> {
        (0..n)
            .flat_map(|i| {
                metrics_for(ResourceKind::Ec2Instance)
                    .map(move |m| MetricTarget::new(region, ResourceKind::Ec2Instance, &format!("i-{i:017}"), m.name))
            })
            .collect()
    };
    let east = targets("us-east-1", 101);
    assert_eq!(east.len(), 505);
    let got = aws.metric_data("us-east-1", &east, Window::H1, now()).await;
    assert!(got.error.is_none(), "{:?}", got.error);
    assert_eq!(got.calls.by_api.get(GET_METRIC_DATA), Some(&2), "ceil(505 / 500)");
    assert_eq!(got.calls.calls, 2);
    assert_eq!(got.metrics_requested, 505);
    assert_eq!(got.series.len(), 505, "every series, from both batches");
    let exactly = aws.metric_data("us-east-1", &east[..500], Window::H1, now()).await;
    assert_eq!(exactly.calls.calls, 1, "500 fit one call");
    // Through the poller's headless path: one call series per region.
    let west = targets("us-west-2", 8);
    let resources: Vec<_> = east
        .iter()
        .chain(&west)
        .filter(|t| t.metric == "CPUUtilization")
        .map(|t| aws_monitor::model::Resource::new(t.kind, &t.region, t.id.clone()))
        .collect();
    let all = poller::metrics::fetch_once(&Arc::new(aws), &resources, Duration::from_secs(60)).await;
    let calls: Vec<(String, u32, u32)> = {
        let mut v: Vec<_> = all
            .iter()
            .map(|m| (m.region.clone(), m.calls.calls, m.metrics_requested))
            .collect();
        v.sort();
        v
    };
    assert_eq!(calls, vec![("us-east-1".into(), 2, 505), ("us-west-2".into(), 1, 40)]);
}

#[tokio::test]
async fn the_poller_serves_a_watch_with_counted_calls() {
    let estate = estate();
    let aws = Arc::new(aws(&estate.moto.url).await);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // No regions: no inventory cycle, only the metrics watch.
    let (commands, task) = poller::spawn(aws, vec![], PollerConfig::default(), tx);
    let targets = vec![
        MetricTarget::new("us-east-1", ResourceKind::RdsInstance, "orders-db", "CPUUtilization"),
        MetricTarget::new("eu-west-1", ResourceKind::LambdaFunction, "checkout-api", "Errors"),
    ];
    commands
        .send(Command::WatchMetrics {
            targets,
            window: Window::H1,
        })
        .unwrap();
    let mut got = Vec::new();
    while got.len() < 2 {
        let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("an event in time")
            .expect("the poller runs");
        if let Event::Metrics(m) = event {
            got.push(m);
        }
    }
    got.sort_by(|a, b| a.region.cmp(&b.region));
    assert_eq!(got[0].region, "eu-west-1");
    assert_eq!(got[0].series[0].metric, "Errors");
    assert!(got[0].series[0].sum().is_some());
    assert_eq!(got[1].series[0].unit, "Percent");
    assert!(
        got.iter()
            .all(|m| m.calls.by_api.get(GET_METRIC_DATA) == Some(&1) && m.metrics_requested == 1)
    );
    commands.send(Command::Stop).unwrap();
    task.await.unwrap();
}

#[tokio::test]
async fn get_metric_data_follows_next_token_to_the_end() {
    let estate = estate();
    // moto answers in one page: the proxy cuts the answer into pages of 2.
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "us-east-1",
            service: "monitoring",
            contains: Some("Action=GetMetricData"),
            fault: Fault::Paginate { size: 2 },
        }],
    );
    let aws = aws(&proxy.url).await;
    let targets: Vec<MetricTarget> = metrics_for(ResourceKind::RdsInstance)
        .map(|m| MetricTarget::new("us-east-1", ResourceKind::RdsInstance, "orders-db", m.name))
        .collect();
    assert_eq!(targets.len(), 5);
    let at = now();
    let got = aws.metric_data("us-east-1", &targets, Window::H3, at).await;
    assert!(got.error.is_none(), "{:?}", got.error);
    assert_eq!(got.calls.calls, 3, "pages of 2, 2 and 1 results");
    assert_eq!(got.calls.pages, 3);
    assert_eq!(
        got.metrics_requested, 15,
        "each page counted as asking again: the estimate errs high"
    );
    assert_eq!(got.series.len(), 5);
    for s in &got.series {
        assert_eq!(
            s.points.iter().filter(|p| p.1.is_some()).count(),
            estate.summary.metric_points(Window::H3.range(at)),
            "{} has its datapoints from whichever page it came on",
            s.metric
        );
    }
}

#[tokio::test]
async fn a_denied_region_is_reported_not_hidden() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "us-west-2",
            service: "monitoring",
            contains: None,
            fault: Fault::Ec2Error {
                status: 403,
                code: "AccessDenied",
                message: "not authorized to perform cloudwatch:GetMetricData",
            },
        }],
    );
    let aws = aws(&proxy.url).await;
    let t = |region| MetricTarget::new(region, ResourceKind::RdsInstance, "orders-db", "CPUUtilization");
    let denied = aws.metric_data("us-west-2", &[t("us-west-2")], Window::H1, now()).await;
    let code = denied.error.as_ref().map(|e| e.code.clone()).unwrap_or_default();
    assert_eq!(code, "AccessDenied");
    assert!(denied.series.is_empty());
    assert_eq!(denied.calls.calls, 1, "a failed call is counted too");
    let fine = aws.metric_data("us-east-1", &[t("us-east-1")], Window::H1, now()).await;
    assert!(fine.error.is_none() && fine.series.len() == 1);
}

#[test]
fn once_metrics_json_has_the_last_hour_of_every_resource() {
    let estate = estate();
    let (code, out, err) = run(binary(&estate.profile).args([
        "--once",
        "--metrics",
        "--output",
        "json",
        "--endpoint-url",
        &estate.moto.url,
        "--regions",
        "us-east-1",
        "--tag",
        "Environment=production",
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let metrics = v["metrics"].as_array().expect("a metrics array");
    let resources = v["resources"].as_array().expect("resources");
    // Every metric of every resource shown, and nothing else.
    let expected: usize = resources
        .iter()
        .map(|r| {
            let kind: ResourceKind = r["kind"].as_str().unwrap().parse().unwrap();
            metrics_for(kind).count()
        })
        .sum();
    assert!(expected > 0);
    assert_eq!(metrics.len(), expected);
    for m in metrics {
        for key in ["region", "kind", "id", "metric", "unit", "points"] {
            assert!(m.get(key).is_some(), "{key} in {m}");
        }
        assert_eq!(m["region"], "us-east-1");
        let points = m["points"].as_array().unwrap();
        assert_eq!(points.len(), 12, "the last hour at 5 minutes");
        assert!(
            points
                .iter()
                .all(|p| p[0].is_i64() && (p[1].is_f64() || p[1].is_null()))
        );
    }
    let cpu = metrics
        .iter()
        .find(|m| m["kind"] == "ec2-instance" && m["metric"] == "CPUUtilization" && m["points"][11][1].is_f64())
        .expect("an instance with CPU data");
    assert_eq!(cpu["unit"], "Percent");
    assert!(all_metrics().iter().any(|s| s.name == cpu["metric"]));
    assert_eq!(
        v["stats"]["by_api"][GET_METRIC_DATA].as_u64(),
        Some(expected.div_ceil(500) as u64),
        "one call a batch of up to 500 series"
    );
    assert!(
        !metrics.iter().any(|m| m["id"] == "reports-db"),
        "tag-filtered resources are not fetched"
    );
}

#[test]
fn metrics_without_json_is_one_clear_line() {
    let estate = estate();
    let (code, out, err) = run(binary(&estate.profile).args([
        "--once",
        "--metrics",
        "--endpoint-url",
        &estate.moto.url,
        "--regions",
        "us-east-1",
    ]));
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        "aws-monitor: --metrics needs --output json: metrics are series, which csv and table do not hold"
    );
}
