//! VPCs, subnets and CloudWatch alarms against moto through the real SDK:
//! every field, pagination past one page (through the paging proxy), one
//! failing listing leaving the others fresh, and `--once` in every format.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_monitor::model::{CycleStats, Fetch, Outcome, Resource, ResourceKind};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::{REGIONS, seeded_alarms};
use crate::support::{cell_count, estate, once_output};

async fn cycle(url: &str, regions: &[&str], page_size: Option<i32>) -> (Vec<Fetch>, CycleStats) {
    let regions = regions.iter().map(|r| r.to_string()).collect();
    crate::inventory::cycle_paged(url, regions, Duration::from_secs(30), page_size).await
}

fn fetch<'a>(fetches: &'a [Fetch], region: &str, kind: ResourceKind) -> &'a Fetch {
    fetches
        .iter()
        .find(|f| f.region == region && f.kind == kind)
        .unwrap_or_else(|| panic!("{region} {kind}: no outcome"))
}

fn fresh<'a>(fetches: &'a [Fetch], region: &str, kind: ResourceKind) -> &'a [Resource] {
    match &fetch(fetches, region, kind).outcome {
        Outcome::Fresh(items) => items,
        other => panic!("{region} {kind}: {other:?}"),
    }
}

fn named<'a>(items: &'a [Resource], name: &str) -> &'a Resource {
    items
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} in {items:?}"))
}

fn tag<'a>(r: &'a Resource, key: &str) -> Option<&'a str> {
    r.tags.get(key)
}

#[tokio::test(flavor = "multi_thread")]
async fn vpcs_subnets_and_alarms_with_every_field_in_every_region() {
    let estate = estate();
    let (fetches, stats) = cycle(&estate.moto.url, &REGIONS, None).await;
    assert_eq!(fetches.len(), cell_count(REGIONS.len()));
    for region in REGIONS {
        let vpcs = fresh(&fetches, region, ResourceKind::Vpc);
        let subnets = fresh(&fetches, region, ResourceKind::Subnet);
        assert_eq!(vpcs.len(), estate.summary.count(region, "vpc"), "{region}");
        assert_eq!(subnets.len(), estate.summary.count(region, "subnet"), "{region}");

        // The seeded VPC: name, CIDR blocks, not default, state, subnet count, tags.
        let app = named(vpcs, "app");
        assert!(app.id.starts_with("vpc-"), "{app:?}");
        assert_eq!(app.state, "available");
        assert_eq!(app.detail_str("cidr_blocks"), "10.20.0.0/16");
        assert_eq!(app.detail_str("default"), "false");
        assert_eq!(app.detail_str("subnet_count"), "2");
        assert_eq!(tag(app, "Team"), Some("platform"));
        // moto's default VPC holds the default subnets, one per zone.
        let default = vpcs
            .iter()
            .find(|v| v.detail_str("default") == "true")
            .expect("default VPC");
        let defaults = subnets.iter().filter(|s| s.detail_str("vpc") == default.id).count();
        assert!(defaults >= 2, "{region}: {defaults} default subnets");
        assert_eq!(default.detail_str("subnet_count"), defaults.to_string());
        assert_eq!(defaults + 2, subnets.len(), "every subnet is in one of the two VPCs");

        // The seeded subnets: name, VPC, zone, CIDR, free addresses, public IP on launch.
        let public = named(subnets, "app-public");
        assert!(public.id.starts_with("subnet-"));
        assert_eq!(public.state, "available");
        assert_eq!(public.detail_str("vpc"), app.id);
        assert_eq!(public.detail_str("az"), format!("{region}a"));
        assert_eq!(public.detail_str("cidr"), "10.20.1.0/24");
        assert_eq!(
            public.detail_str("free_ips"),
            "250",
            "a /24 less the 5 AWS keeps and the NAT gateway's interface"
        );
        assert_eq!(public.detail_str("public_ip_on_launch"), "true");
        assert_eq!(tag(public, "Team"), Some("platform"));
        let private = named(subnets, "app-private");
        assert_eq!(private.detail_str("az"), format!("{region}b"));
        assert_eq!(private.detail_str("cidr"), "10.20.2.0/24");
        assert_eq!(private.detail_str("public_ip_on_launch"), "false");

        // Alarms: each in its seeded state.
        let alarms = fresh(&fetches, region, ResourceKind::CloudwatchAlarm);
        let states: BTreeMap<&str, &str> = alarms.iter().map(|a| (a.id.as_str(), a.state.as_str())).collect();
        let want: BTreeMap<&str, &str> = seeded_alarms(region).into_iter().collect();
        assert_eq!(states, want, "{region}");
        assert_eq!(alarms.len(), estate.summary.count(region, "cloudwatch-alarm"));
        for a in alarms {
            assert_eq!(a.name, a.id, "the id is the alarm name");
            assert!(!a.detail_str("state_reason").is_empty(), "{a:?}");
            assert!(
                chrono::DateTime::parse_from_rfc3339(a.detail_str("since")).is_ok(),
                "since when: {a:?}"
            );
        }
        let orders = named(alarms, "orders-db-connections");
        assert_eq!(
            (
                orders.detail_str("type"),
                orders.detail_str("metric"),
                orders.detail_str("namespace"),
                orders.detail_str("dimensions"),
            ),
            (
                "metric",
                "DatabaseConnections",
                "AWS/RDS",
                "DBInstanceIdentifier=orders-db"
            )
        );
        assert_eq!(
            (
                orders.detail_str("threshold"),
                orders.detail_str("comparison"),
                orders.detail_str("condition")
            ),
            ("100", "GreaterThanOrEqualToThreshold", ">= 100")
        );
        assert_eq!(tag(orders, "Team"), Some("platform"), "tags from GetResources");
        let cpu = named(alarms, "web-cpu-high");
        assert!(cpu.detail_str("dimensions").starts_with("InstanceId=i-"), "{cpu:?}");
        assert_eq!(cpu.detail_str("condition"), "> 80");
        assert_eq!(cpu.detail_str("statistic"), "Average");
        assert_eq!(cpu.detail_str("period_s"), "300");
        if cpu.state == "ALARM" {
            assert!(
                cpu.detail_str("state_reason").starts_with("Threshold Crossed"),
                "{cpu:?}"
            );
        }
    }
    // Calls: one DescribeVpcs and one DescribeSubnets per region whatever
    // the number of VPCs (no call per VPC); one DescribeAlarms per region
    // and their tags from the tagging API, no call per alarm.
    let api = |name: &str| stats.by_api.get(name).copied().unwrap_or(0);
    assert_eq!(api("ec2:DescribeVpcs"), 3);
    assert_eq!(api("ec2:DescribeSubnets"), 3);
    assert_eq!(api("cloudwatch:DescribeAlarms"), 3);
    assert_eq!(api("cloudwatch:ListTagsForResource"), 0);
    for region in REGIONS {
        let calls = &fetch(&fetches, region, ResourceKind::CloudwatchAlarm).calls;
        assert_eq!(calls.by_api.get("tag:GetResources"), Some(&1), "{region}: {calls:?}");
    }
    let vpc_calls = &fetch(&fetches, "us-east-1", ResourceKind::Vpc).calls;
    assert_eq!((vpc_calls.calls, vpc_calls.pages), (1, 1), "{vpc_calls:?}");
    assert_eq!(stats.errors, 0);
}

/// A DescribeAlarms answer with a metric-math alarm and a composite alarm
/// (moto 5.2.5 makes neither).
const RECORDED_ALARMS: &str = r#"<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
<DescribeAlarmsResult>
<MetricAlarms>
<member>
<AlarmName>p99-latency</AlarmName>
<AlarmArn>arn:aws:cloudwatch:us-west-2:123456789012:alarm:p99-latency</AlarmArn>
<StateValue>INSUFFICIENT_DATA</StateValue>
<StateReason>Insufficient Data: 3 datapoints were unknown.</StateReason>
<StateUpdatedTimestamp>2026-01-10T08:00:00.000Z</StateUpdatedTimestamp>
<Metrics>
<member><Id>m1</Id><MetricStat><Metric><Namespace>AWS/ApplicationELB</Namespace><MetricName>TargetResponseTime</MetricName><Dimensions><member><Name>LoadBalancer</Name><Value>app/web/1</Value></member></Dimensions></Metric><Period>60</Period><Stat>p99</Stat></MetricStat><ReturnData>false</ReturnData></member>
<member><Id>e1</Id><Expression>m1 * 1000</Expression><ReturnData>true</ReturnData></member>
</Metrics>
<Threshold>500.0</Threshold>
<ComparisonOperator>GreaterThanThreshold</ComparisonOperator>
<EvaluationPeriods>3</EvaluationPeriods>
</member>
</MetricAlarms>
<CompositeAlarms>
<member>
<AlarmName>checkout-degraded</AlarmName>
<AlarmArn>arn:aws:cloudwatch:us-west-2:123456789012:alarm:checkout-degraded</AlarmArn>
<AlarmRule>ALARM("web-cpu-high") OR ALARM("orders-db-connections")</AlarmRule>
<StateValue>ALARM</StateValue>
<StateReason>arn:aws:cloudwatch:us-west-2:123456789012:alarm:web-cpu-high transitioned to ALARM</StateReason>
<StateUpdatedTimestamp>2026-01-10T08:05:00.000Z</StateUpdatedTimestamp>
</member>
</CompositeAlarms>
</DescribeAlarmsResult>
<ResponseMetadata><RequestId>recorded</RequestId></ResponseMetadata>
</DescribeAlarmsResponse>"#;

#[tokio::test(flavor = "multi_thread")]
async fn composite_and_metric_math_alarms_are_read() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "us-west-2",
            service: "monitoring",
            // Answered only when the listing asks for both alarm types.
            contains: Some("AlarmTypes.member.2=CompositeAlarm"),
            fault: Fault::Respond {
                status: 200,
                content_type: "text/xml",
                body: RECORDED_ALARMS,
            },
        }],
    );
    let (fetches, _) = cycle(&proxy.url, &["us-west-2"], None).await;
    let alarms = fresh(&fetches, "us-west-2", ResourceKind::CloudwatchAlarm);
    assert_eq!(alarms.len(), 2, "{alarms:?}");
    let seen = proxy.seen("us-west-2", "monitoring", "DescribeAlarms");
    assert_eq!(seen.len(), 1);
    let math = named(alarms, "p99-latency");
    assert_eq!(
        (
            math.detail_str("type"),
            math.detail_str("metric"),
            math.detail_str("namespace"),
            math.detail_str("dimensions"),
            math.detail_str("condition"),
        ),
        (
            "metric",
            "TargetResponseTime",
            "AWS/ApplicationELB",
            "LoadBalancer=app/web/1",
            "> 500"
        )
    );
    assert_eq!(math.state, "INSUFFICIENT_DATA");
    let composite = named(alarms, "checkout-degraded");
    assert_eq!(composite.detail_str("type"), "composite");
    assert_eq!(composite.state, "ALARM");
    assert_eq!(
        composite.detail_str("rule"),
        "ALARM(\"web-cpu-high\") OR ALARM(\"orders-db-connections\")"
    );
    assert_eq!(composite.detail_str("since"), "2026-01-10T08:05:00Z");
    assert!(composite.detail_str("state_reason").contains("transitioned to ALARM"));
    assert_eq!(
        composite.detail_str("metric"),
        "",
        "a composite alarm watches alarms, not a metric"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn alarms_and_subnets_paginate_past_one_page() {
    // moto answers both in one page whatever the page size: the proxy cuts
    // its answers into pages with next tokens.
    let estate = estate();
    let page = |region: &'static str, service: &'static str, contains: &'static str| Rule {
        region,
        service,
        contains: Some(contains),
        fault: Fault::Paginate { size: 1 },
    };
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            page("us-east-1", "monitoring", "Action=DescribeAlarms"),
            page("us-east-1", "ec2", "Action=DescribeSubnets"),
        ],
    );
    let (fetches, stats) = cycle(&proxy.url, &["us-east-1"], Some(1)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");

    let alarms = fetch(&fetches, "us-east-1", ResourceKind::CloudwatchAlarm);
    let Outcome::Fresh(items) = &alarms.outcome else {
        panic!("{:?}", alarms.outcome)
    };
    let names: std::collections::BTreeSet<&str> = items.iter().map(|a| a.id.as_str()).collect();
    let seeded = seeded_alarms("us-east-1");
    assert_eq!(names.len(), items.len(), "no alarm listed twice");
    assert_eq!(
        names,
        seeded.iter().map(|(n, _)| *n).collect(),
        "none lost between pages"
    );
    assert_eq!(
        alarms.calls.by_api.get("cloudwatch:DescribeAlarms"),
        Some(&(seeded.len() as u32)),
        "one alarm to a page"
    );
    assert_eq!(
        proxy.seen("us-east-1", "monitoring", "Action=DescribeAlarms").len(),
        seeded.len(),
        "each page asked for once"
    );

    let subnets = fetch(&fetches, "us-east-1", ResourceKind::Subnet);
    let Outcome::Fresh(items) = &subnets.outcome else {
        panic!("{:?}", subnets.outcome)
    };
    let want = estate.summary.count("us-east-1", "subnet");
    assert!(want > 5, "more subnets than one page of 5: {want}");
    assert_eq!(items.len(), want);
    let ids: std::collections::BTreeSet<&str> = items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), want, "each subnet once");
    assert_eq!(
        subnets.calls.by_api.get("ec2:DescribeSubnets"),
        Some(&(want.div_ceil(5) as u32)),
        "5 subnets to a page, the smallest DescribeSubnets allows"
    );
    // The subnet count per VPC comes from every page.
    let vpcs = fresh(&fetches, "us-east-1", ResourceKind::Vpc);
    let counted: usize = vpcs
        .iter()
        .map(|v| v.detail_str("subnet_count").parse::<usize>().unwrap_or(0))
        .sum();
    assert_eq!(counted, want);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_failing_new_kind_leaves_the_others_fresh() {
    let estate = estate();
    let denied = |region: &'static str, service: &'static str, action: &'static str| Rule {
        region,
        service,
        contains: Some(action),
        fault: if service == "ec2" {
            Fault::Ec2Error {
                status: 403,
                code: "UnauthorizedOperation",
                message: "You are not authorized to perform this operation.",
            }
        } else {
            Fault::QueryError {
                status: 403,
                code: "AccessDenied",
                message: "not authorized",
            }
        },
    };
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            denied("eu-west-1", "ec2", "Action=DescribeSubnets"),
            denied("us-east-1", "ec2", "Action=DescribeVpcs"),
            denied("us-west-2", "monitoring", "Action=DescribeAlarms"),
        ],
    );
    let (fetches, stats) = cycle(&proxy.url, &REGIONS, None).await;
    let failed: Vec<(&str, ResourceKind)> = fetches
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
        .map(|f| (f.region.as_str(), f.kind))
        .collect();
    let mut failed = failed;
    failed.sort();
    assert_eq!(
        failed,
        vec![
            ("eu-west-1", ResourceKind::Subnet),
            ("us-east-1", ResourceKind::Vpc),
            ("us-west-2", ResourceKind::CloudwatchAlarm),
        ]
    );
    assert_eq!(stats.errors, 3);
    // The VPCs of a region whose subnets failed still arrive, without a count.
    let vpcs = fresh(&fetches, "eu-west-1", ResourceKind::Vpc);
    assert_eq!(vpcs.len(), estate.summary.count("eu-west-1", "vpc"));
    assert!(vpcs.iter().all(|v| v.detail_str("subnet_count").is_empty()), "{vpcs:?}");
    // The subnets of a region whose VPCs failed still arrive.
    assert_eq!(
        fresh(&fetches, "us-east-1", ResourceKind::Subnet).len(),
        estate.summary.count("us-east-1", "subnet")
    );
    // Everything else is fresh and complete.
    for f in &fetches {
        if failed.contains(&(f.region.as_str(), f.kind)) {
            continue;
        }
        let Outcome::Fresh(items) = &f.outcome else {
            panic!("{} {}: {:?}", f.region, f.kind, f.outcome)
        };
        if f.kind != ResourceKind::S3Bucket {
            assert_eq!(
                items.len(),
                estate.summary.count(&f.region, &f.kind.to_string()),
                "{} {}",
                f.region,
                f.kind
            );
        }
    }
}

#[test]
fn once_lists_the_new_kinds_in_json_csv_and_table() {
    let estate = estate();
    let regions = REGIONS.join(",");
    let once = |format: &str| once_output(format, &regions);
    let v: serde_json::Value = serde_json::from_str(&once("json")).expect("json");
    let resources = v["resources"].as_array().expect("resources");
    for (kind, prefix) in [("vpc", "vpc-"), ("subnet", "subnet-")] {
        for region in REGIONS {
            let ids: Vec<&str> = resources
                .iter()
                .filter(|r| r["kind"] == kind && r["region"] == region)
                .filter_map(|r| r["id"].as_str())
                .collect();
            assert_eq!(ids.len(), estate.summary.count(region, kind), "{kind} {region}");
            assert!(ids.iter().all(|id| id.starts_with(prefix)), "{ids:?}");
        }
    }
    let app = resources
        .iter()
        .find(|r| r["kind"] == "vpc" && r["name"] == "app" && r["region"] == "eu-west-1")
        .expect("the app VPC");
    assert_eq!(app["details"]["subnet_count"], "2");
    assert_eq!(app["details"]["cidr_blocks"], "10.20.0.0/16");
    let public = resources
        .iter()
        .find(|r| r["kind"] == "subnet" && r["name"] == "app-public" && r["region"] == "eu-west-1")
        .expect("the public subnet");
    assert_eq!(public["details"]["vpc"], app["id"]);
    assert_eq!(public["details"]["public_ip_on_launch"], "true");
    for region in REGIONS {
        let mut alarms: Vec<(&str, &str)> = resources
            .iter()
            .filter(|r| r["kind"] == "cloudwatch-alarm" && r["region"] == region)
            .map(|r| (r["id"].as_str().unwrap_or(""), r["state"].as_str().unwrap_or("")))
            .collect();
        alarms.sort();
        let mut want = seeded_alarms(region);
        want.sort();
        assert_eq!(alarms, want, "{region}: alarms by name, with their state");
    }
    let outcomes = v["outcomes"].as_array().expect("outcomes");
    for kind in ["vpc", "subnet", "cloudwatch-alarm"] {
        let services: Vec<&str> = outcomes
            .iter()
            .filter(|o| o["kind"] == kind)
            .filter_map(|o| o["service"].as_str())
            .collect();
        assert_eq!(services.len(), 3, "{kind}: one outcome per region");
        let want = if kind == "cloudwatch-alarm" {
            "cloudwatch"
        } else {
            "ec2"
        };
        assert!(services.iter().all(|s| *s == want), "{kind}: {services:?}");
    }

    let csv = once("csv");
    let rows = |kind: &str| csv.lines().filter(|l| l.starts_with(&format!("{kind},"))).count();
    let total = |kind: &str| REGIONS.iter().map(|r| estate.summary.count(r, kind)).sum::<usize>();
    for kind in ["vpc", "subnet", "cloudwatch-alarm"] {
        assert_eq!(rows(kind), total(kind), "{kind} rows in csv");
    }
    assert!(
        csv.lines()
            .any(|l| l.starts_with("cloudwatch-alarm,123456789012,us-east-1,web-cpu-high,web-cpu-high,ALARM,")),
        "{csv}"
    );

    let table = once("table");
    for kind in ["vpc", "subnet", "cloudwatch-alarm"] {
        let n = table.lines().filter(|l| l.starts_with(&format!("{kind} "))).count();
        assert_eq!(n, total(kind), "{kind} rows in the table");
    }
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("cloudwatch-alarm ") && l.contains("web-cpu-high") && l.contains("ALARM")),
        "{table}"
    );
}
