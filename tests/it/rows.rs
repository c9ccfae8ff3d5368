//! One way rows flow, against moto: every listing hands its rows over as
//! pages and then ends once; the poller keeps none and caches only what
//! the owner of the rows sends back.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::{AccountId, End, ResourceKind};
use aws_monitor::poller::{self, Command, Event, PollerConfig};
use aws_monitor::snapshot::InventoryCache;

use crate::support::seed::REGIONS;
use crate::support::{cell_count, estate};

async fn aws(url: &str) -> Arc<Aws> {
    let settings = AwsSettings {
        endpoint_url: Some(url.to_string()),
        ..Default::default()
    };
    Arc::new(Aws::load(&settings).await.expect("load profile"))
}

/// What came for one (region, kind) cell, in order.
#[derive(Debug, Default)]
struct Cell {
    rows: usize,
    ends: Vec<End>,
    page_after_end: bool,
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_hands_its_rows_over_as_pages_then_ends_once() {
    let estate = estate();
    let regions: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    poller::run_cycle(aws(&estate.moto.url).await, 1, regions, PollerConfig::default(), tx).await;
    let mut cells: BTreeMap<(String, ResourceKind), Cell> = BTreeMap::new();
    while let Ok(e) = rx.try_recv() {
        match e {
            Event::Page {
                region, kind, items, ..
            } => {
                let cell = cells.entry((region, kind)).or_default();
                cell.page_after_end |= !cell.ends.is_empty();
                cell.rows += items.len();
            }
            Event::Inventory { fetch, .. } => {
                let cell = cells.entry((fetch.region, fetch.kind)).or_default();
                cell.ends.push(fetch.outcome);
            }
            _ => {}
        }
    }
    assert_eq!(cells.len(), cell_count(REGIONS.len()), "every cell ends");
    for ((region, kind), cell) in &cells {
        assert!(!cell.page_after_end, "{region} {kind}: a page after its end");
        assert!(
            matches!(cell.ends.as_slice(), [End::Listed(_)]),
            "{region} {kind}: one end, listed: {:?}",
            cell.ends
        );
        // Each row once: a listing that sent copies and then its rows
        // again would count twice.
        let want = match kind {
            ResourceKind::S3Bucket => estate.summary.buckets.len(),
            _ => estate.summary.count(region, &kind.to_string()),
        };
        assert_eq!(cell.rows, want, "{region} {kind}: every row handed over once");
    }
    let every_kind: std::collections::BTreeSet<ResourceKind> = cells.keys().map(|k| k.1).collect();
    assert_eq!(every_kind.len(), ResourceKind::all().len(), "every kind listed");
}

/// The poller writes no listing it handed over: the cache is written only
/// from what the owner of the rows sends back (`Command::Store`), once.
#[tokio::test(flavor = "multi_thread")]
async fn the_poller_caches_only_the_listings_sent_back() {
    let estate = estate();
    let dir = tempfile::tempdir().expect("dir");
    let cache = InventoryCache::new(dir.path().to_path_buf(), "123456789012", Some(&estate.moto.url));
    let config = PollerConfig {
        interval: Duration::from_secs(3600),
        inventory_cache: Some(cache.clone()),
        ..PollerConfig::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (commands, handle) = poller::spawn(aws(&estate.moto.url).await, vec!["eu-west-1".into()], config, tx);
    let mut vpcs = Vec::new();
    loop {
        let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("events")
            .expect("open");
        match event {
            Event::Page {
                kind: ResourceKind::Vpc,
                items,
                ..
            } => vpcs.extend(items.into_iter().map(Arc::new)),
            Event::CycleFinished { .. } => break,
            _ => {}
        }
    }
    assert!(!vpcs.is_empty(), "the estate has VPCs in eu-west-1");
    assert!(
        !cache.folder().exists(),
        "a whole cycle listed, nothing written: {:?}",
        std::fs::read_dir(cache.folder()).map(|d| d.count())
    );
    let at = chrono::Utc::now();
    commands
        .send(Command::Store {
            account: AccountId::default(),
            region: "eu-west-1".into(),
            kind: ResourceKind::Vpc,
            at,
            rows: vpcs.clone(),
        })
        .expect("send");
    let deadline = Instant::now() + Duration::from_secs(20);
    let written = loop {
        if let Some(c) = cache.load("eu-west-1", ResourceKind::Vpc) {
            break c;
        }
        assert!(Instant::now() < deadline, "the listing sent back is written");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(written.resources.len(), vpcs.len());
    let files = std::fs::read_dir(cache.folder()).expect("folder").count();
    assert_eq!(files, 1, "only the listing sent back");
    commands.send(Command::Stop).expect("send");
    tokio::time::timeout(Duration::from_secs(10), handle)
        .await
        .expect("stops")
        .expect("no panic");
}
