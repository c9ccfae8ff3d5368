//! A denied or hanging call fails only its own cell; the poller streams cycles and coalesces refreshes.

use std::sync::Arc;
use std::time::Duration;

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::{Outcome, ResourceKind};
use aws_monitor::poller::{self, Event, PollerConfig};

use super::inventory::*;
use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::{Estate, cell_count, estate};

/// A proxy in front of the estate's moto whose eu-west-1 DescribeVolumes
/// calls meet `fault`.
pub(crate) fn eu_volumes_through(estate: &Estate, fault: Fault) -> FaultProxy {
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
        matches!(&instances.outcome, Outcome::Fresh(v) if v.len() == estate.summary.count("eu-west-1", "ec2-instance")),
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
            Event::Logs { .. } | Event::LogGroups { .. } => panic!("no tail was asked for"),
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
