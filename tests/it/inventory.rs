//! The inventory against moto through the real SDK: every kind in every
//! seeded region, pagination, partial failure, S3 placement.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::{CycleStats, Fetch, Outcome, Resource, ResourceKind};
use aws_monitor::poller::{self, PollerConfig};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::REGIONS;
use crate::support::{cell_count, estate};

pub(crate) fn regions() -> Vec<String> {
    REGIONS.iter().map(|r| r.to_string()).collect()
}

pub(crate) async fn cycle(url: &str, regions: Vec<String>, call_timeout: Duration) -> (Vec<Fetch>, CycleStats) {
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

pub(crate) fn items(fetches: &[Fetch]) -> Vec<&Resource> {
    fetches
        .iter()
        .flat_map(|f| match &f.outcome {
            Outcome::Fresh(r) => r.iter().collect(),
            _ => vec![],
        })
        .collect()
}

/// The calls of one (region, kind) outcome.
pub(crate) fn calls_of(fetches: &[Fetch], region: &str, kind: ResourceKind) -> BTreeMap<String, u32> {
    fetches
        .iter()
        .find(|f| f.region == region && f.kind == kind)
        .map(|f| f.calls.by_api.clone())
        .unwrap_or_else(|| panic!("{region} {kind}"))
}

pub(crate) fn find<'a>(all: &[&'a Resource], kind: ResourceKind, region: &str, name: &str) -> &'a Resource {
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
    // Every listing answers in one page: 21 a region, S3's ListBuckets and,
    // in each region, GetResources for Lambda, alarms, S3 and ELBv2. The
    // other calls are one a resource (EKS clusters and node groups, EMR
    // clusters, bucket locations, target groups' health) and the identity.
    let seeded = |kind: &str| REGIONS.iter().map(|r| estate.summary.count(r, kind)).sum::<usize>();
    let per_resource = seeded("eks-cluster")
        + seeded("eks-nodegroup")
        + seeded("emr-cluster")
        + estate.summary.buckets.len()
        + seeded("target-group");
    // ECS: a ListClusters a region and a ListServices a cluster (pages),
    // one DescribeClusters a region and one DescribeServices a cluster with
    // services (batches of 100 and 10, each region's under a batch).
    let ecs_pages = REGIONS.len() + seeded("ecs-cluster");
    let ecs_batches = 2 * REGIONS.len();
    assert_eq!(
        stats.pages as usize,
        21 * REGIONS.len() + 1 + 4 * REGIONS.len() + ecs_pages,
        "{stats:?}"
    );
    assert_eq!(
        stats.calls as usize,
        stats.pages as usize + per_resource + 1 + ecs_batches,
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
