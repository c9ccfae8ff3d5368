//! The inventory against moto through the real SDK: every kind in every
//! seeded region, pagination, partial failure, S3 placement.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::{CycleStats, End, Fetch, Outcome, Resource, ResourceKind};
use aws_monitor::poller::{self, Event, PollerConfig};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::REGIONS;
use crate::support::{Estate, Moto, cell_count, estate, fresh_estate};

fn regions() -> Vec<String> {
    REGIONS.iter().map(|r| r.to_string()).collect()
}

async fn cycle(url: &str, regions: Vec<String>, call_timeout: Duration) -> (Vec<Fetch>, CycleStats) {
    cycle_paged(url, regions, call_timeout, None).await
}

/// One poller cycle against `url`; every outcome, and the cycle's figures.
pub(crate) async fn cycle_paged(
    url: &str,
    regions: Vec<String>,
    call_timeout: Duration,
    page_size: Option<i32>,
) -> (Vec<Fetch>, CycleStats) {
    let settings = AwsSettings {
        endpoint_url: Some(url.to_string()),
        call_timeout,
        max_attempts: 2,
        page_size,
        ..Default::default()
    };
    let aws = Arc::new(Aws::load(&settings).await.expect("load profile"));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let config = PollerConfig {
        call_timeout,
        ..PollerConfig::default()
    };
    let stats = poller::run_cycle(aws, 1, regions, config, tx).await;
    // Each listing made whole from its pages, as --once makes it.
    (poller::whole::listings(&mut rx, None, 1), stats)
}

fn items(fetches: &[Fetch]) -> Vec<&Resource> {
    fetches
        .iter()
        .flat_map(|f| match &f.outcome {
            Outcome::Fresh(r) => r.iter().collect(),
            _ => vec![],
        })
        .collect()
}

fn find<'a>(all: &[&'a Resource], kind: ResourceKind, region: &str, name: &str) -> &'a Resource {
    all.iter()
        .find(|r| r.kind == kind && r.region == region && r.name == name)
        .unwrap_or_else(|| panic!("{kind} {name} in {region}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_in_every_seeded_region_with_fields_and_tags() {
    let estate = estate();
    let (fetches, stats) = cycle(&estate.moto.url, regions(), Duration::from_secs(30)).await;
    // One outcome per (region, kind): each regional kind x 3 regions + S3 once.
    assert_eq!(fetches.len(), cell_count(REGIONS.len()));
    for f in &fetches {
        assert!(
            matches!(f.outcome, Outcome::Fresh(_)),
            "{} {} failed: {:?}",
            f.region,
            f.kind,
            f.outcome
        );
    }
    let all = items(&fetches);
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &all {
        *counts.entry((r.region.to_string(), r.kind.to_string())).or_default() += 1;
    }
    assert_eq!(counts, estate.summary.counts, "what the SDK lists is what was seeded");

    let web = find(&all, ResourceKind::Ec2Instance, "us-west-2", "web");
    assert_eq!(web.state, "running");
    assert_eq!(web.detail_str("type"), "t3.medium");
    assert_eq!(web.detail_str("az"), "us-west-2a");
    assert!(!web.detail_str("private_ip").is_empty());
    assert!(web.detail_str("launch_time").ends_with('Z'));
    assert_eq!(web.tags.get("Environment"), Some("production"));
    assert_eq!(
        find(&all, ResourceKind::Ec2Instance, "eu-west-1", "worker").state,
        "stopped"
    );
    let untagged: Vec<_> = all
        .iter()
        .filter(|r| r.kind == ResourceKind::Ec2Instance && r.tags.is_empty())
        .collect();
    assert_eq!(untagged.len(), 3, "one untagged instance per region");

    let orphan = find(&all, ResourceKind::EbsVolume, "eu-west-1", "orphan");
    assert_eq!(
        (
            orphan.detail_str("encrypted"),
            orphan.detail_str("attached_to"),
            orphan.state.as_str()
        ),
        ("false", "", "available")
    );
    let data = find(&all, ResourceKind::EbsVolume, "eu-west-1", "web-data");
    assert_eq!(
        (
            data.detail_str("size_gib"),
            data.detail_str("type"),
            data.state.as_str()
        ),
        ("200", "gp3", "in-use")
    );
    assert!(data.detail_str("attached_to").starts_with("i-"));

    for region in REGIONS {
        let web_ip = find(&all, ResourceKind::ElasticIp, region, "web-ip");
        assert!(web_ip.id.starts_with("eipalloc-"), "{web_ip:?}");
        assert_eq!(web_ip.state, "associated");
        let instance = web_ip.detail_str("associated_with");
        let runs_on = all
            .iter()
            .find(|r| r.kind == ResourceKind::Ec2Instance && r.id == instance)
            .unwrap_or_else(|| panic!("{instance} is an instance of the inventory"));
        assert_eq!((runs_on.name.as_str(), runs_on.region.as_str()), ("web", region));
        assert_eq!(web_ip.detail_str("instance"), instance);
        assert!(web_ip.detail_str("public_ip").parse::<std::net::Ipv4Addr>().is_ok());
        assert_eq!(web_ip.detail_str("domain"), "vpc");
        assert_eq!(web_ip.tags.get("Environment"), Some("production"));
        let spare = find(&all, ResourceKind::ElasticIp, region, "spare-ip");
        assert_eq!(
            (
                spare.state.as_str(),
                spare.detail_str("associated_with"),
                spare.detail_str("instance")
            ),
            ("unassociated", "none", "")
        );
        assert!(spare.detail_str("public_ip").parse::<std::net::Ipv4Addr>().is_ok());
        assert_eq!(spare.tags.get("Team"), Some("data"));
    }

    for region in REGIONS {
        let open = find(&all, ResourceKind::SecurityGroup, region, "ssh-open");
        assert!(open.id.starts_with("sg-"), "{open:?}");
        assert_eq!(open.state, "in-use", "a network interface uses it");
        assert_eq!(open.detail_str("interfaces"), "1");
        assert_eq!(open.detail_str("open_to_world"), "22/tcp");
        assert_eq!(open.detail_str("inbound_rules"), "1");
        assert_eq!(open.detail_str("inbound"), "tcp 22 from 0.0.0.0/0");
        assert_eq!(open.detail_str("description"), "SSH from anywhere");
        assert!(open.detail_str("vpc").starts_with("vpc-"));
        assert_eq!(open.tags.get("Team"), Some("platform"));
        let private = find(&all, ResourceKind::SecurityGroup, region, "db-private");
        assert_eq!(private.state, "unused");
        assert_eq!(private.detail_str("interfaces"), "0");
        assert_eq!(private.detail_str("open_to_world"), "", "nothing open to the world");
        assert_eq!(private.detail_str("inbound_rules"), "2");
        assert_eq!(
            private.detail_str("inbound"),
            format!("tcp 5432 from 172.31.0.0/16\ntcp 5432 from {}", open.id)
        );
        assert_eq!(private.detail_str("vpc"), open.detail_str("vpc"));
        assert_eq!(private.detail_str("description"), "Postgres from inside the VPC");
        assert_eq!(private.tags.get("Team"), Some("data"));
    }

    // Status checks: moto says ok for every running instance; `–` otherwise.
    for r in all.iter().filter(|r| r.kind == ResourceKind::Ec2Instance) {
        let want = if r.state == "running" { "ok" } else { "–" };
        assert_eq!(
            r.detail_str("status_checks"),
            want,
            "{} {} {}",
            r.region,
            r.name,
            r.state
        );
    }
    assert_eq!(
        find(&all, ResourceKind::Ec2Instance, "eu-west-1", "worker").detail_str("status_checks"),
        "–"
    );

    for region in REGIONS {
        let golden = find(&all, ResourceKind::Ami, region, "web-golden");
        assert!(golden.id.starts_with("ami-"), "{golden:?}");
        assert_eq!(golden.state, "available");
        assert_eq!(golden.detail_str("public"), "false");
        assert!(
            chrono::DateTime::parse_from_rfc3339(golden.detail_str("created")).is_ok(),
            "{golden:?}"
        );
        let want = if region == "us-west-2" { "1" } else { "0" };
        assert_eq!(golden.detail_str("instances"), want, "the canary runs it in us-west-2");
        assert_eq!(golden.detail_str("description"), "web server, hardened");
        assert_eq!(golden.tags.get("Team"), Some("web"));
        let root = golden.detail_str("snapshots");
        assert!(root.starts_with("snap-") && !root.contains(','), "{golden:?}");
        assert!(
            golden.detail_str("devices").contains(&format!(" {root} ")),
            "{golden:?}"
        );
        assert!(golden.detail_str("devices").ends_with("(root)"), "{golden:?}");

        let snaps: Vec<&&Resource> = all
            .iter()
            .filter(|r| r.kind == ResourceKind::EbsSnapshot && r.region == region)
            .collect();
        assert_eq!(snaps.len(), 3, "only the account's own: {snaps:?}");
        let of_ami = snaps.iter().find(|r| r.id == root).expect("the AMI's snapshot");
        assert_eq!(of_ami.detail_str("ami"), golden.id, "the snapshot names its AMI");
        assert_eq!(of_ami.state, "completed");
        let daily = find(&all, ResourceKind::EbsSnapshot, region, "web-data-daily");
        let volume = find(&all, ResourceKind::EbsVolume, region, "web-data");
        assert_eq!(daily.detail_str("volume"), volume.id);
        assert_eq!(daily.detail_str("volume_exists"), "yes");
        assert_eq!(daily.detail_str("size_gib"), "200");
        assert_eq!(daily.detail_str("encrypted"), "true");
        assert_eq!(daily.detail_str("ami"), "none");
        assert_eq!(daily.detail_str("description"), "web-data daily");
        assert!(daily.detail_str("started").ends_with('Z'), "{daily:?}");
        assert_eq!(daily.tags.get("Environment"), Some("production"));
        let gone = find(&all, ResourceKind::EbsSnapshot, region, "scratch-final");
        assert!(gone.detail_str("volume").starts_with("vol-"));
        assert_eq!(gone.detail_str("volume_exists"), "no", "its volume was deleted");
        assert_eq!(
            (gone.detail_str("size_gib"), gone.detail_str("encrypted")),
            ("20", "false")
        );
    }

    let orders = find(&all, ResourceKind::RdsInstance, "us-east-1", "orders-db");
    assert_eq!(orders.detail_str("engine"), "postgres");
    assert_eq!(orders.detail_str("multi_az"), "true");
    assert_eq!(orders.detail_str("class"), "db.r5.large");
    assert_eq!(orders.detail_str("storage_gib"), "100");
    assert_eq!(orders.tags.get("Team"), Some("platform"));
    assert_eq!(
        find(&all, ResourceKind::RdsInstance, "us-east-1", "reports-db").detail_str("multi_az"),
        "false"
    );

    let f = find(&all, ResourceKind::LambdaFunction, "eu-west-1", "checkout-api");
    assert_eq!(
        (
            f.detail_str("runtime"),
            f.detail_str("memory_mb"),
            f.detail_str("timeout_s")
        ),
        ("python3.12", "512", "30")
    );
    assert_eq!(f.tags.get("Team"), Some("web"));

    let cluster = find(&all, ResourceKind::EksCluster, "us-west-2", "platform");
    assert_eq!(
        (cluster.detail_str("version"), cluster.state.as_str()),
        ("1.29", "ACTIVE")
    );
    let ng = all
        .iter()
        .find(|r| r.id == "platform/spot" && r.region == "us-west-2")
        .expect("nodegroup");
    assert_eq!(
        (ng.detail_str("desired"), ng.detail_str("min"), ng.detail_str("max")),
        ("2", "0", "10")
    );
    assert_eq!(ng.detail_str("instance_types"), "c5.xlarge");

    let emr: Vec<_> = all.iter().filter(|r| r.kind == ResourceKind::EmrCluster).collect();
    assert_eq!(emr.len(), 3, "moto's global EMR list, each cluster once");
    assert!(
        emr.iter()
            .all(|c| c.region == "us-east-1" && c.detail_str("release") == "emr-6.15.0" && c.state == "WAITING")
    );

    // S3: listed once (one outcome, region `global`), each bucket in its own region.
    let s3: Vec<_> = fetches.iter().filter(|f| f.kind == ResourceKind::S3Bucket).collect();
    assert_eq!(s3.len(), 1);
    assert_eq!(s3[0].region, "global");
    let buckets: BTreeMap<String, String> = all
        .iter()
        .filter(|r| r.kind == ResourceKind::S3Bucket)
        .map(|r| (r.id.to_string(), r.region.to_string()))
        .collect();
    assert_eq!(buckets, estate.summary.buckets);
    let logs = find(&all, ResourceKind::S3Bucket, "eu-west-1", "acme-logs-eu-west-1");
    assert_eq!(logs.tags.get("Environment"), Some("production"));
    assert!(
        find(&all, ResourceKind::S3Bucket, "eu-west-1", "acme-scratch-eu-west-1")
            .tags
            .is_empty(),
        "NoSuchTagSet is no tags"
    );

    assert_eq!(stats.errors, 0);
    // Every listing answers in one page: 16 a region, S3's ListBuckets and,
    // in each region, GetResources for Lambda, alarms and S3. The other calls
    // are one a resource (EKS clusters and node groups, EMR clusters, bucket
    // locations) and the identity.
    let seeded = |kind: &str| REGIONS.iter().map(|r| estate.summary.count(r, kind)).sum::<usize>();
    let per_resource =
        seeded("eks-cluster") + seeded("eks-nodegroup") + seeded("emr-cluster") + estate.summary.buckets.len();
    assert_eq!(
        stats.pages as usize,
        16 * REGIONS.len() + 1 + 3 * REGIONS.len(),
        "{stats:?}"
    );
    assert_eq!(
        stats.calls as usize,
        stats.pages as usize + per_resource + 1,
        "{stats:?}"
    );
    assert_eq!(stats.by_api.get("ec2:DescribeInstances"), Some(&3));
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_keeps_only_buckets_in_the_selected_regions() {
    let estate = estate();
    let (fetches, _) = cycle(&estate.moto.url, vec!["eu-west-1".into()], Duration::from_secs(30)).await;
    let all = items(&fetches);
    let buckets: Vec<_> = all
        .iter()
        .filter(|r| r.kind == ResourceKind::S3Bucket)
        .map(|r| r.region.as_str())
        .collect();
    assert_eq!(buckets, vec!["eu-west-1", "eu-west-1"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn instances_paginate_past_one_page() {
    // 1,100 extra instances in us-east-1, in 8 reservations (moto pages
    // DescribeInstances by reservation), listed 5 to a page.
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
    assert_eq!(items.len(), 1106);
    assert_eq!(
        ec2.calls.by_api.get("ec2:DescribeInstances"),
        Some(&2),
        "8 reservations, 5 to a page"
    );
    let statuses = items.iter().filter(|r| r.detail_str("status_checks") == "ok").count();
    assert_eq!(
        statuses, 1104,
        "every running instance has its status (2 of 1,106 do not run)"
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

/// A proxy in front of the estate's moto whose eu-west-1 DescribeVolumes
/// calls meet `fault`.
fn eu_volumes_through(estate: &Estate, fault: Fault) -> FaultProxy {
    FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "eu-west-1",
            service: "ec2",
            contains: Some("Action=DescribeVolumes"),
            fault,
        }],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_call_fails_only_its_own_cell() {
    let estate = estate();
    let proxy = eu_volumes_through(
        estate,
        Fault::Ec2Error {
            status: 403,
            code: "UnauthorizedOperation",
            message: "You are not authorized to perform this operation.",
        },
    );
    let (fetches, stats) = cycle(&proxy.url, regions(), Duration::from_secs(30)).await;
    let failed: Vec<_> = fetches
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Failed(_)))
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(
        (failed[0].region.as_str(), failed[0].kind),
        ("eu-west-1", ResourceKind::EbsVolume)
    );
    let Outcome::Failed(e) = &failed[0].outcome else {
        unreachable!()
    };
    assert_eq!(e.code, "UnauthorizedOperation");
    assert_eq!(stats.errors, 1);
    let instances = fetches
        .iter()
        .find(|f| f.region == "eu-west-1" && f.kind == ResourceKind::Ec2Instance)
        .expect("instances");
    assert!(
        matches!(&instances.outcome, Outcome::Fresh(v) if v.len() == 6),
        "instances of the same region still arrive"
    );
    // Snapshots come with the same listing; whether their volume exists is
    // unknown, so it is left out rather than guessed.
    let snapshots = fetches
        .iter()
        .find(|f| f.region == "eu-west-1" && f.kind == ResourceKind::EbsSnapshot)
        .expect("snapshots");
    let Outcome::Fresh(snaps) = &snapshots.outcome else {
        panic!("{:?}", snapshots.outcome)
    };
    assert_eq!(snaps.len(), 3);
    assert!(
        snaps.iter().all(|s| !s.details.contains_key("volume_exists")),
        "{snaps:?}"
    );
    assert!(
        snaps.iter().any(|s| s.detail_str("ami").starts_with("ami-")),
        "AMIs still known"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hanging_region_times_out_without_stalling_the_cycle() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "us-west-2",
            service: "rds",
            contains: None,
            fault: Fault::Hang,
        }],
    );
    // The cycle ends at all: the hang is cut by the timeouts.
    let (fetches, stats) = cycle(&proxy.url, regions(), Duration::from_secs(2)).await;
    let rds = fetches
        .iter()
        .find(|f| f.region == "us-west-2" && f.kind == ResourceKind::RdsInstance)
        .expect("rds");
    let Outcome::Failed(e) = &rds.outcome else {
        panic!("{:?}", rds.outcome)
    };
    assert_eq!(e.code, "Timeout");
    assert_eq!(stats.errors, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_poller_streams_cycles_and_coalesces_refreshes() {
    let estate = estate();
    let settings = AwsSettings {
        endpoint_url: Some(estate.moto.url.clone()),
        ..Default::default()
    };
    let aws = Arc::new(Aws::load(&settings).await.expect("load"));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let config = PollerConfig {
        interval: Duration::from_secs(3600),
        ..PollerConfig::default()
    };
    let (commands, handle) = poller::spawn(aws, vec!["us-east-1".into()], config, tx);
    // Three refreshes during the first cycle merge into one pending cycle.
    for _ in 0..3 {
        commands.send(poller::Command::RefreshNow).expect("send");
    }
    let mut finished = Vec::new();
    let mut inventory = 0;
    while finished.len() < 2 {
        match tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("events")
            .expect("open")
        {
            Event::CycleFinished { cycle, .. } => finished.push(cycle),
            Event::Inventory { .. } => inventory += 1,
            Event::CycleStarted { .. } | Event::Page { .. } | Event::Metrics(_) => {}
            Event::Cached { .. } => panic!("the poller never reads the cache"),
            Event::Cost { .. } => panic!("cost is off in this poller"),
        }
    }
    assert_eq!(finished, vec![1, 2]);
    assert_eq!(
        inventory,
        2 * cell_count(1),
        "every kind in us-east-1 plus S3, per cycle"
    );
    let quiet = tokio::time::timeout(Duration::from_millis(1500), rx.recv()).await;
    assert!(quiet.is_err(), "no third cycle: the refreshes were merged");
    commands
        .send(poller::Command::SetRegions(vec!["eu-west-1".into()]))
        .expect("send");
    let started = tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .expect("event")
        .expect("open");
    // Cycle 3, not 4: no third cycle ran or was started after the second
    // (the refreshes were merged); a new region set starts the next one.
    assert_eq!(
        started,
        Event::CycleStarted {
            cycle: 3,
            regions: vec!["eu-west-1".into()]
        }
    );
    commands.send(poller::Command::Stop).expect("send");
    tokio::time::timeout(Duration::from_secs(10), handle)
        .await
        .expect("stops")
        .expect("joins");
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

/// moto always says `ok`; the other words come from a recorded answer.
#[tokio::test(flavor = "multi_thread")]
async fn status_checks_read_impaired_and_initializing() {
    let estate = estate();
    let region = "us-west-2";
    let ec2 = aws_sdk_ec2::Client::new(&crate::support::seed::config(&estate.moto.url, region));
    let listed = ec2.describe_instances().send().await.expect("instances");
    let id_of = |name: &str| {
        listed
            .reservations()
            .iter()
            .flat_map(|r| r.instances())
            .find(|i| {
                i.tags()
                    .iter()
                    .any(|t| t.key() == Some("Name") && t.value() == Some(name))
            })
            .and_then(|i| i.instance_id())
            .unwrap_or_else(|| panic!("{name}"))
            .to_string()
    };
    let (api, canary, worker) = (id_of("api"), id_of("canary"), id_of("worker"));
    let item = |id: &str, state: &str, system: &str, instance: &str| {
        format!(
            "<item><instanceId>{id}</instanceId><availabilityZone>{region}a</availabilityZone>\
             <instanceState><code>16</code><name>{state}</name></instanceState>\
             <systemStatus><status>{system}</status><details><item><name>reachability</name><status>passed</status></item></details></systemStatus>\
             <instanceStatus><status>{instance}</status><details><item><name>reachability</name><status>failed</status></item></details></instanceStatus></item>"
        )
    };
    // As AWS answers: api impaired, the canary still initializing, the
    // stopped worker not applicable; the other instances are not in the answer.
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <DescribeInstanceStatusResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
         <requestId>recorded</requestId><instanceStatusSet>{}{}{}</instanceStatusSet>\
         </DescribeInstanceStatusResponse>",
        item(&api, "running", "ok", "impaired"),
        item(&canary, "running", "initializing", "initializing"),
        item(&worker, "stopped", "not-applicable", "not-applicable"),
    );
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region,
            service: "ec2",
            contains: Some("Action=DescribeInstanceStatus"),
            fault: Fault::Respond {
                status: 200,
                content_type: "text/xml",
                body: Box::leak(body.into_boxed_str()),
            },
        }],
    );
    let (fetches, stats) = cycle(&proxy.url, vec![region.into()], Duration::from_secs(30)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");
    let all = items(&fetches);
    let status = |name: &str| find(&all, ResourceKind::Ec2Instance, region, name).detail_str("status_checks");
    assert_eq!(status("api"), "impaired");
    assert_eq!(status("canary"), "initializing");
    assert_eq!(status("worker"), "–");
    assert_eq!(
        status("web"),
        "insufficient-data",
        "running, but AWS has no checks for it yet"
    );
    assert_eq!(status("old-batch"), "–", "terminated");
}

/// The calls of one (region, kind) outcome.
fn calls_of(fetches: &[Fetch], region: &str, kind: ResourceKind) -> BTreeMap<String, u32> {
    fetches
        .iter()
        .find(|f| f.region == region && f.kind == kind)
        .map(|f| f.calls.by_api.clone())
        .unwrap_or_else(|| panic!("{region} {kind}"))
}

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
            "cloudwatch:ListTagsForResource"
        ]
        .iter()
        .any(|fallback| lines[0].contains(fallback)),
        "{}",
        lines[0]
    );
}

/// A real ListBuckets answer carries each bucket's region (moto 5.2.5's
/// does not). acme-logs-eu-west-1 is placed where BucketRegion says, with
/// no GetBucketLocation; the one bucket without it costs one.
const LIST_BUCKETS_WITH_REGIONS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>owner</ID></Owner><Buckets><Bucket><Name>acme-logs-eu-west-1</Name><CreationDate>2026-01-02T03:04:05.000Z</CreationDate><BucketRegion>us-west-2</BucketRegion></Bucket><Bucket><Name>acme-logs-us-east-1</Name><CreationDate>2026-01-02T03:04:05.000Z</CreationDate><BucketRegion>us-east-1</BucketRegion></Bucket><Bucket><Name>acme-scratch-eu-west-1</Name><CreationDate>2026-01-02T03:04:05.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>"#;

#[tokio::test(flavor = "multi_thread")]
async fn buckets_are_placed_by_bucket_region_and_located_only_without_it() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "us-east-1",
            service: "s3",
            contains: Some("x-id=ListBuckets"),
            fault: Fault::Respond {
                status: 200,
                content_type: "application/xml",
                body: LIST_BUCKETS_WITH_REGIONS,
            },
        }],
    );
    let (fetches, stats) = cycle(&proxy.url, regions(), Duration::from_secs(30)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");
    let s3 = calls_of(&fetches, "global", ResourceKind::S3Bucket);
    assert_eq!(
        s3.get("s3:GetBucketLocation"),
        Some(&1),
        "only the bucket without BucketRegion: {s3:?}"
    );
    let all = items(&fetches);
    let placed: BTreeMap<&str, &str> = all
        .iter()
        .filter(|r| r.kind == ResourceKind::S3Bucket)
        .map(|r| (r.id.as_str(), r.region.as_str()))
        .collect();
    assert_eq!(
        placed,
        BTreeMap::from([
            ("acme-logs-eu-west-1", "us-west-2"),
            ("acme-logs-us-east-1", "us-east-1"),
            ("acme-scratch-eu-west-1", "eu-west-1"),
        ]),
        "BucketRegion where given, GetBucketLocation otherwise"
    );
    let logs = find(&all, ResourceKind::S3Bucket, "us-west-2", "acme-logs-eu-west-1");
    assert_eq!(logs.tags.get("Team"), Some("platform"), "tagged by ARN");
    // Without BucketRegion (moto as it is), every bucket is located.
    let (fetches, _) = cycle(&estate.moto.url, regions(), Duration::from_secs(30)).await;
    let s3 = calls_of(&fetches, "global", ResourceKind::S3Bucket);
    assert_eq!(s3.get("s3:GetBucketLocation"), Some(&6), "{s3:?}");
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
