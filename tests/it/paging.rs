//! Every paginated listing read past its first page (moto, and the paging proxy where moto answers in one page), each page sent as it arrives.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::{End, Fetch, Outcome, Resource, ResourceKind};
use aws_monitor::poller::{self, Event, PollerConfig};

use super::inventory::*;
use super::partial::eu_volumes_through;
use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::{Moto, estate, fresh_estate};

#[tokio::test(flavor = "multi_thread")]
async fn instances_paginate_past_one_page() {
    // 1,100 extra instances in us-east-1, in 9 reservations with the Auto
    // Scaling group's (moto pages DescribeInstances by reservation), listed
    // 5 to a page.
    let (moto, summary) = fresh_estate(11);
    let (fetches, stats) = cycle_paged(&moto.url, vec!["us-east-1".into()], Duration::from_secs(60), Some(5)).await;
    let ec2 = fetches
        .iter()
        .find(|f| f.kind == ResourceKind::Ec2Instance)
        .expect("ec2 outcome");
    let Outcome::Fresh(items) = &ec2.outcome else {
        panic!("{:?}", ec2.outcome)
    };
    assert_eq!(items.len(), summary.count("us-east-1", "ec2-instance"));
    assert_eq!(items.len(), 1108);
    assert_eq!(
        ec2.calls.by_api.get("ec2:DescribeInstances"),
        Some(&2),
        "9 reservations, 5 to a page"
    );
    let statuses = items.iter().filter(|r| r.detail_str("status_checks") == "ok").count();
    assert_eq!(
        statuses, 1106,
        "every running instance has its status (2 of 1,108 do not run)"
    );
    let volumes = fetches
        .iter()
        .find(|f| f.kind == ResourceKind::EbsVolume)
        .expect("ebs outcome");
    let Outcome::Fresh(vols) = &volumes.outcome else {
        panic!()
    };
    assert_eq!(vols.len(), summary.count("us-east-1", "ebs-volume"));
    let lambda = fetches
        .iter()
        .find(|f| f.kind == ResourceKind::LambdaFunction)
        .expect("lambda outcome");
    let Outcome::Fresh(fns) = &lambda.outcome else { panic!() };
    assert_eq!(fns.len(), summary.count("us-east-1", "lambda-function"));
    assert_eq!(
        lambda.calls.calls, lambda.calls.pages,
        "tags from GetResources pages, no call per function: {:?}",
        lambda.calls
    );
    assert_eq!(
        lambda.calls.by_api.get("tag:GetResources").map(|n| *n as usize),
        Some(fns.len().div_ceil(5)),
        "5 functions' tags a page: {:?}",
        lambda.calls
    );
    assert!(
        fns.iter()
            .all(|f| f.tags.contains_key("Environment") && f.tags.contains_key("Team")),
        "every function's tags, across GetResources pages"
    );
    let ids: std::collections::BTreeSet<_> = items.iter().map(|r| &r.id).collect();
    assert_eq!(ids.len(), items.len(), "no instance listed twice");
    assert_eq!(stats.errors, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn volumes_functions_and_buckets_paginate_past_one_page() {
    // moto 5.2.5 answers these three in one page whatever the page size, so
    // the proxy cuts its answers into pages with next tokens.
    let estate = estate();
    let page = |region: &'static str, service: &'static str, contains: &'static str, size: usize| Rule {
        region,
        service,
        contains: Some(contains),
        fault: Fault::Paginate { size },
    };
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![
            page("eu-west-1", "ec2", "Action=DescribeVolumes", 5),
            page("eu-west-1", "lambda", "/2015-03-31/functions", 1),
            page("us-east-1", "s3", "GET /?", 2),
        ],
    );
    let (fetches, stats) = cycle_paged(&proxy.url, regions(), Duration::from_secs(30), Some(1)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");
    let get = |region: &str, kind| {
        fetches
            .iter()
            .find(|f| f.region == region && f.kind == kind)
            .expect("outcome")
    };
    let counted = |f: &Fetch| match &f.outcome {
        Outcome::Fresh(items) => items.len(),
        other => panic!("{other:?}"),
    };

    let volumes = get("eu-west-1", ResourceKind::EbsVolume);
    assert_eq!(counted(volumes), estate.summary.count("eu-west-1", "ebs-volume"));
    assert_eq!(volumes.calls.pages, 2, "7 volumes, 5 to a page");

    let functions = get("eu-west-1", ResourceKind::LambdaFunction);
    assert_eq!(counted(functions), 2);
    assert_eq!(
        functions.calls.by_api.get("lambda:ListFunctions"),
        Some(&2),
        "1 function to a page"
    );

    let buckets = get("global", ResourceKind::S3Bucket);
    assert_eq!(counted(buckets), 6);
    assert_eq!(
        buckets.calls.by_api.get("s3:ListBuckets"),
        Some(&3),
        "6 buckets, 2 to a page"
    );
    let all = items(&fetches);
    let names: std::collections::BTreeSet<&str> = all
        .iter()
        .filter(|r| r.kind == ResourceKind::S3Bucket)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(names.len(), 6, "each bucket once, none lost between pages");
}

/// moto answers DescribeSecurityGroups and DescribeSnapshots in one page
/// whatever the page size, so the proxy cuts them into pages; a moto of its
/// own holds enough of them for several pages of the smallest size (5).
#[tokio::test(flavor = "multi_thread")]
async fn security_groups_and_snapshots_paginate_past_one_page() {
    let _ = estate(); // the test environment
    let moto = Moto::start();
    let region = "eu-west-1";
    let ec2 = aws_sdk_ec2::Client::new(&crate::support::seed::config(&moto.url, region));
    for i in 0..12 {
        ec2.create_security_group()
            .group_name(format!("extra-{i:02}"))
            .description("paging")
            .send()
            .await
            .expect("create group");
    }
    let groups = ec2
        .describe_security_groups()
        .send()
        .await
        .expect("groups")
        .security_groups()
        .len();
    assert_eq!(groups, 12 + 1, "and the default VPC's default group");
    let volume = ec2
        .create_volume()
        .availability_zone(format!("{region}a"))
        .size(8)
        .send()
        .await
        .expect("volume");
    for n in 0..12 {
        ec2.create_snapshot()
            .volume_id(volume.volume_id().unwrap_or_default())
            .description(format!("own {n:02}"))
            .send()
            .await
            .expect("snapshot");
    }
    let page = |contains: &'static str| Rule {
        region,
        service: "ec2",
        contains: Some(contains),
        fault: Fault::Paginate { size: 5 },
    };
    let proxy = FaultProxy::start(
        moto.port,
        vec![page("Action=DescribeSecurityGroups"), page("Action=DescribeSnapshots")],
    );
    let (fetches, stats) = cycle_paged(&proxy.url, vec![region.into()], Duration::from_secs(30), Some(5)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");
    let sg = fetches
        .iter()
        .find(|f| f.kind == ResourceKind::SecurityGroup)
        .expect("security groups");
    let Outcome::Fresh(listed) = &sg.outcome else {
        panic!("{:?}", sg.outcome)
    };
    assert_eq!(listed.len(), groups);
    let ids: std::collections::BTreeSet<&str> = listed.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), groups, "each group once, none lost between pages");
    assert_eq!(
        sg.calls.by_api.get("ec2:DescribeSecurityGroups").copied(),
        Some(groups.div_ceil(5) as u32),
        "5 groups to a page"
    );

    // Snapshots, 5 to a page; only the account's own (moto also knows its
    // stock AMIs' snapshots, of another account).
    let snaps = fetches
        .iter()
        .find(|f| f.kind == ResourceKind::EbsSnapshot)
        .expect("snapshots");
    let Outcome::Fresh(own) = &snaps.outcome else {
        panic!("{:?}", snaps.outcome)
    };
    let mut described: Vec<&str> = own.iter().map(|r| r.detail_str("description")).collect();
    described.sort_unstable();
    let want: Vec<String> = (0..12).map(|n| format!("own {n:02}")).collect();
    assert_eq!(
        described, want,
        "each of the account's own once, none lost between pages"
    );
    assert!(own.iter().all(|r| r.detail_str("volume_exists") == "yes"));
    assert_eq!(
        snaps.calls.by_api.get("ec2:DescribeSnapshots").copied(),
        Some(3),
        "12 snapshots, 5 to a page"
    );
    assert_eq!(
        snaps.calls.by_api.get("sts:GetCallerIdentity").copied(),
        Some(1),
        "the account is asked once (this cycle never learned the identity)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn each_page_is_sent_as_it_arrives_before_the_listing_ends() {
    // moto answers DescribeVolumes in one page: the proxy cuts it into pages of 5.
    let estate = estate();
    let proxy = eu_volumes_through(estate, Fault::Paginate { size: 5 });
    let settings = AwsSettings {
        endpoint_url: Some(proxy.url.clone()),
        page_size: Some(5),
        ..Default::default()
    };
    let aws = Arc::new(Aws::load(&settings).await.expect("load profile"));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    poller::run_cycle(aws, 1, vec!["eu-west-1".into()], PollerConfig::default(), tx).await;
    // The volume events of eu-west-1, in order: pages, then the end.
    let mut seen = Vec::new();
    // Every kind hands its rows over as pages and ends with what completes
    // them: the EC2 listing's four and the VPCs with late facts, the
    // others with none.
    let kinds = [
        ResourceKind::Ec2Instance,
        ResourceKind::EbsVolume,
        ResourceKind::Ami,
        ResourceKind::EbsSnapshot,
        ResourceKind::RdsInstance,
        ResourceKind::Vpc,
        ResourceKind::Subnet,
        ResourceKind::CloudwatchAlarm,
    ];
    let mut paged: BTreeMap<ResourceKind, Vec<Resource>> = BTreeMap::new();
    let mut ends: BTreeMap<ResourceKind, End> = BTreeMap::new();
    while let Ok(e) = rx.try_recv() {
        match e {
            // S3's buckets are listed under `global`.
            Event::Page {
                kind, items, region, ..
            } if region == "eu-west-1" => {
                assert!(!ends.contains_key(&kind), "{kind}: a page after the end");
                if kind == ResourceKind::EbsVolume {
                    seen.push(format!("page {}", items.len()));
                }
                paged.entry(kind).or_default().extend(items);
            }
            Event::Inventory { fetch, .. } => {
                if fetch.kind == ResourceKind::EbsVolume {
                    seen.push("end".to_string());
                }
                ends.insert(fetch.kind, fetch.outcome);
            }
            _ => {}
        }
    }
    let n = estate.summary.count("eu-west-1", "ebs-volume");
    assert_eq!(
        seen,
        vec!["page 5".to_string(), format!("page {}", n - 5), "end".to_string()]
    );
    // The same listings whole, as --once makes them.
    let (whole, _) = cycle_paged(&proxy.url, vec!["eu-west-1".into()], Duration::from_secs(30), Some(5)).await;
    let sorted = |mut rows: Vec<Resource>| {
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        rows
    };
    for kind in kinds {
        let n = estate.summary.count("eu-west-1", &kind.to_string());
        assert!(n > 0, "{kind}: the estate has some");
        let rows = paged.remove(&kind).unwrap_or_default();
        assert_eq!(rows.len(), n, "{kind}: every row paged");
        let want = whole.iter().find(|f| f.kind == kind && f.region == "eu-west-1");
        let Some(Outcome::Fresh(want)) = want.map(|f| f.outcome.clone()) else {
            panic!("{kind}: no whole listing")
        };
        let Some(End::Listed(late)) = ends.remove(&kind) else {
            panic!("{kind}: no end")
        };
        let got = rows
            .into_iter()
            .map(|mut r| {
                late.apply(&mut r);
                r
            })
            .collect();
        assert_eq!(sorted(got), sorted(want), "{kind}: paged and whole agree");
    }
    assert!(
        ["status_checks", "instances", "volume_exists", "subnet_count"]
            .iter()
            .all(|k| whole
                .iter()
                .filter_map(|f| match &f.outcome {
                    Outcome::Fresh(rows) => Some(rows),
                    _ => None,
                })
                .flatten()
                .any(|r| r.details.contains_key(k))),
        "the late details are there to compare"
    );
}
