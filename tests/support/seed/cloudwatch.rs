//! CloudWatch: alarms in their states and three hours of metric datapoints.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;

use super::{REGIONS, Summary, config};

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
pub(super) async fn alarms(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
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

/// The times of a seeded series' 36 datapoints, 5 minutes apart, the last at `end`.
pub(super) fn point_times(end: i64) -> impl Iterator<Item = i64> {
    (0..36i64).map(move |step| end - (35 - step) * 300)
}

/// Three hours of datapoints at 5-minute steps for the base estate: a wave
/// with a spike near the end.
pub(super) async fn metrics(endpoint: &str, summary: &mut Summary) -> anyhow::Result<()> {
    use aws_sdk_cloudwatch::primitives::DateTime;
    use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit};
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64 / 300 * 300;
    summary.metrics_end = now;
    for region in REGIONS {
        let cfg = config(endpoint, region);
        let ids = resource_ids(&cfg, region).await?;
        let cw = aws_sdk_cloudwatch::Client::new(&cfg);
        for (ns, dim, metrics) in METRICS {
            let Some(names) = ids.get(*ns) else { continue };
            let mut batch = Vec::new();
            for (n, id) in names.iter().enumerate() {
                for (metric, unit, base) in *metrics {
                    for (step, t) in (0i64..).zip(point_times(now)) {
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
