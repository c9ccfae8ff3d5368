//! Tags from the tagging API: paged GetResources, and the per-resource fallback when it is denied.

use std::time::Duration;

use aws_monitor::model::ResourceKind;

use super::inventory::*;
use crate::support::estate;
use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::REGIONS;

#[tokio::test(flavor = "multi_thread")]
async fn tags_come_from_paged_get_resources_with_no_call_per_resource() {
    // One resource a page: every tagged function and bucket is on a page
    // of its own, so the tags are read across pages.
    let estate = estate();
    let (fetches, stats) = cycle_paged(&estate.moto.url, regions(), Duration::from_secs(30), Some(1)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");
    assert!(!stats.by_api.contains_key("lambda:ListTags"), "{stats:?}");
    assert!(!stats.by_api.contains_key("s3:GetBucketTagging"), "{stats:?}");
    assert!(
        !stats.by_api.contains_key("cloudwatch:ListTagsForResource"),
        "{stats:?}"
    );
    for region in REGIONS {
        let calls = calls_of(&fetches, region, ResourceKind::CloudwatchAlarm);
        let alarms = crate::support::seed::seeded_alarms(region).len();
        assert_eq!(
            calls.get("tag:GetResources").copied(),
            Some(alarms as u32),
            "{region}: {alarms} tagged alarms, one a page: {calls:?}"
        );
    }
    for region in REGIONS {
        let calls = calls_of(&fetches, region, ResourceKind::LambdaFunction);
        assert_eq!(
            calls.get("tag:GetResources"),
            Some(&2),
            "{region}: two tagged functions, one a page: {calls:?}"
        );
    }
    let all = items(&fetches);
    for region in REGIONS {
        let f = find(&all, ResourceKind::LambdaFunction, region, "nightly-report");
        assert_eq!(f.tags.get("Team"), Some("data"), "{region}");
        assert_eq!(f.tags.get("Environment"), Some("staging"));
        let logs = find(&all, ResourceKind::S3Bucket, region, &format!("acme-logs-{region}"));
        assert_eq!(logs.tags.get("Team"), Some("platform"));
        let scratch = find(&all, ResourceKind::S3Bucket, region, &format!("acme-scratch-{region}"));
        assert!(scratch.tags.is_empty(), "{scratch:?}");
    }
    // moto lists every bucket under every region: one listing per region
    // holding a bucket, each bucket kept once, in its own region.
    let s3 = calls_of(&fetches, "global", ResourceKind::S3Bucket);
    // moto's GetResources is not by region: each region's listing pages
    // through the three tagged buckets (acme-logs-*), one a page.
    assert_eq!(s3.get("tag:GetResources"), Some(&(REGIONS.len() as u32 * 3)), "{s3:?}");
    let names: Vec<&str> = all
        .iter()
        .filter(|r| r.kind == ResourceKind::S3Bucket)
        .map(|r| r.id.as_str())
        .collect();
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(names.len(), unique.len(), "each bucket once: {names:?}");
    assert_eq!(names.len(), estate.summary.buckets.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_get_resources_falls_back_to_one_tag_call_per_resource() {
    let estate = estate();
    let denied = |region: &'static str| Rule {
        region,
        service: "tagging",
        contains: None,
        fault: Fault::JsonError {
            status: 400,
            code: "AccessDeniedException",
            message: "not authorized to perform: tag:GetResources",
        },
    };
    let proxy = FaultProxy::start(estate.moto.port, REGIONS.iter().map(|r| denied(r)).collect());
    let (fetches, stats) = cycle(&proxy.url, regions(), Duration::from_secs(30)).await;
    assert_eq!(stats.errors, 0, "the fallback answers: {fetches:?}");
    for region in REGIONS {
        let calls = calls_of(&fetches, region, ResourceKind::LambdaFunction);
        assert_eq!(calls.get("tag:GetResources"), Some(&1), "{region}: {calls:?}");
        assert_eq!(calls.get("lambda:ListTags"), Some(&2), "{region}: one per function");
    }
    let s3 = calls_of(&fetches, "global", ResourceKind::S3Bucket);
    assert_eq!(s3.get("s3:GetBucketTagging"), Some(&6), "one per bucket: {s3:?}");
    for region in REGIONS {
        let calls = calls_of(&fetches, region, ResourceKind::CloudwatchAlarm);
        let alarms = crate::support::seed::seeded_alarms(region).len() as u32;
        assert_eq!(
            calls.get("cloudwatch:ListTagsForResource"),
            Some(&alarms),
            "{region}: one per alarm"
        );
    }
    let all = items(&fetches);
    let f = find(&all, ResourceKind::LambdaFunction, "eu-west-1", "checkout-api");
    assert_eq!(f.tags.get("Team"), Some("web"));
    let logs = find(&all, ResourceKind::S3Bucket, "us-west-2", "acme-logs-us-west-2");
    assert_eq!(logs.tags.get("Environment"), Some("production"));
}

#[test]
fn the_fallback_is_logged_once() {
    let estate = estate();
    let rules = REGIONS
        .iter()
        .map(|r| Rule {
            region: r,
            service: "tagging",
            contains: None,
            fault: Fault::JsonError {
                status: 400,
                code: "AccessDeniedException",
                message: "denied",
            },
        })
        .collect();
    let proxy = FaultProxy::start(estate.moto.port, rules);
    let (code, out, err) = crate::support::run(crate::support::binary(&estate.profile).args([
        "--endpoint-url",
        &proxy.url,
        "--once",
        "--output",
        "json",
        "--regions",
        &REGIONS.join(","),
    ]));
    assert_eq!(code, 0, "{err}{out}");
    let log =
        std::fs::read_to_string(estate.profile.dir.path().join("state/aws-monitor/aws-monitor.log")).expect("the log");
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("tag:GetResources is denied"))
        .collect();
    assert_eq!(lines.len(), 1, "{log}");
    assert!(
        [
            "lambda:ListTags",
            "s3:GetBucketTagging",
            "cloudwatch:ListTagsForResource",
            "elbv2:DescribeTags"
        ]
        .iter()
        .any(|fallback| lines[0].contains(fallback)),
        "{}",
        lines[0]
    );
}
