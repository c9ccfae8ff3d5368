//! The monitor's own bill, measured: the real app decides what is seen in
//! an estate of 1,000 resources in 17 regions, the real metrics loop runs
//! for a simulated day (paused tokio time) against a source that counts
//! what it is asked, and the meter prices the count.
//!
//! No AWS call is made (no moto): the source is a counter.
//! `scripts/bill` runs this and prints the figures.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::DateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

use aws_monitor::app::{App, Effect, Msg, Settings};
use aws_monitor::model::meter::{MICROS_PER_METRIC, cost_micros};
use aws_monitor::model::metrics::GET_METRIC_DATA;
use aws_monitor::model::{CallCount, Fetch, MetricTarget, Outcome, RegionMetrics, Resource, ResourceKind, Window};
use aws_monitor::poller::metrics::{MetricSource, run};
use aws_monitor::protocol::{Command, Event};

/// The 17 regions enabled by default.
const REGIONS: [&str; 17] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "sa-east-1",
];

/// Counts calls and metrics as GetMetricData would (500 queries a call).
#[derive(Default)]
struct Counter(Mutex<(u64, u64)>);

impl MetricSource for Counter {
    async fn fetch(&self, region: &str, targets: &[MetricTarget], window: Window, _now: i64) -> RegionMetrics {
        let calls = targets.len().div_ceil(aws_monitor::model::metrics::MAX_QUERIES) as u32;
        let mut c = self.0.lock().unwrap_or_else(|e| e.into_inner());
        c.0 += u64::from(calls);
        c.1 += targets.len() as u64;
        RegionMetrics {
            account: Default::default(),
            region: region.to_string(),
            window,
            series: Vec::new(),
            error: None,
            calls: CallCount {
                calls,
                pages: calls,
                by_api: BTreeMap::from([(GET_METRIC_DATA.to_string(), calls)]),
            },
            metrics_requested: targets.len() as u32,
        }
    }
}

/// 1,000 resources over 17 regions: 600 instances, 100 databases, 250
/// functions, 50 EMR clusters.
fn estate(app: &mut App) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mix = [
        (ResourceKind::Ec2Instance, 600),
        (ResourceKind::RdsInstance, 100),
        (ResourceKind::LambdaFunction, 250),
        (ResourceKind::EmrCluster, 50),
    ];
    for (kind, n) in mix {
        for (ri, region) in REGIONS.iter().enumerate() {
            let items: Vec<Resource> = (0..n)
                .filter(|i| i % REGIONS.len() == ri)
                .map(|i| {
                    let mut r = Resource::new(kind, region, format!("{kind}-{i:04}"));
                    r.name = format!("{kind}-{i:04}").into();
                    r.state = "running".into();
                    r
                })
                .collect();
            effects.extend(app.update(Msg::Events(Event::listed(
                0,
                Fetch {
                    account: Default::default(),
                    region: region.to_string(),
                    kind,
                    outcome: Outcome::Fresh(items),
                    at: DateTime::UNIX_EPOCH,
                    calls: CallCount::default(),
                    duration: Duration::ZERO,
                },
            ))));
        }
    }
    effects
}

/// Metrics requested in one simulated day on a terminal `height` lines
/// high, after `keys`; (calls, metrics).
async fn one_day(height: u16, keys: &[KeyCode]) -> (u64, u64, usize) {
    let regions: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    let settings = Settings {
        all_regions: regions.clone(),
        regions,
        ..Settings::default()
    };
    let mut app = App::new(settings, DateTime::UNIX_EPOCH);
    let mut effects = app.update(Msg::PageSize(aws_monitor::ui::table_rows(height)));
    effects.extend(estate(&mut app));
    effects.extend(app.update(Msg::Tick(DateTime::UNIX_EPOCH)));
    for k in keys {
        effects.extend(app.update(Msg::Key(KeyEvent::new(*k, KeyModifiers::NONE))));
    }
    // What the app asked for last is what it watches.
    let watch = effects.into_iter().rev().find_map(|e| match e {
        Effect::Send(Command::WatchMetrics { targets, window }) => Some((targets, window)),
        _ => None,
    });
    let Some((targets, window)) = watch else {
        return (0, 0, 0);
    };
    let watched = targets.len();
    let counter = Arc::new(Counter::default());
    let (tx, rx) = mpsc::unbounded_channel();
    let (etx, _erx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(counter.clone(), rx, etx, Duration::from_secs(80)));
    let _ = tx.send((targets, window));
    // A day, less a moment, so the fetch at exactly 24h belongs to the next.
    tokio::time::sleep(Duration::from_secs(86_400 - 1)).await;
    task.abort();
    let c = *counter.0.lock().unwrap_or_else(|e| e.into_inner());
    (c.0, c.1, watched)
}

fn dollars(metrics: u64) -> f64 {
    cost_micros(&BTreeMap::new(), metrics) as f64 / 1e6
}

#[tokio::test(start_paused = true)]
async fn a_day_of_watching_1000_resources_in_17_regions() {
    // Default settings: the EC2 tab, the 1h window, on a tall terminal
    // (50 lines: the most rows a common screen shows).
    let (calls, metrics, watched) = one_day(50, &[]).await;
    assert_eq!(watched, 42, "the rows on screen, not the 600 instances");
    assert_eq!(metrics, 42 * 288, "every 5 minutes, never more often");
    let default = dollars(metrics);
    println!(
        "default settings (EC2 tab, 1h window, 50-line terminal): {watched} series, {calls} GetMetricData calls and {metrics} metrics a day = ${default:.4}/day"
    );
    assert!(default <= 0.25, "the target: at most $0.25 a day, got ${default}");
    // With the detail pane open all day (its 4 other metrics).
    let (_, metrics, watched) = one_day(50, &[KeyCode::Enter]).await;
    println!(
        "with a detail pane open: {watched} series, {metrics} metrics a day = ${:.4}/day",
        dollars(metrics)
    );
    assert!(dollars(metrics) <= 0.25);
    // The 24h window: 30-minute periods, a sixth of the fetches.
    let (_, metrics, _) = one_day(
        50,
        &[
            KeyCode::Enter,
            KeyCode::Char('w'),
            KeyCode::Char('w'),
            KeyCode::Char('w'),
        ],
    )
    .await;
    println!(
        "detail pane, 24h window: {metrics} metrics a day = ${:.4}/day",
        dollars(metrics)
    );
    // The Overview (findings) open all day: findings are computed from what
    // is already there and watch no series of their own.
    let (_, metrics, watched) = one_day(50, &[KeyCode::Char('1')]).await;
    assert_eq!((watched, metrics), (0, 0), "findings make no metric calls");
    println!("Overview with findings open all day: {watched} series = $0.0000/day");
    // The Metrics tab open all day ranks every instance: the costly view.
    let (_, metrics, watched) = one_day(50, &[KeyCode::Char('9')]).await;
    assert_eq!(watched, 600);
    println!(
        "Metrics tab open all day (ranks all {watched} instances): {metrics} metrics a day = ${:.4}/day",
        dollars(metrics)
    );
    assert_eq!(MICROS_PER_METRIC, 10);
}
