//! The background tokio task that polls AWS: every (region, job) of a cycle
//! runs concurrently in a `JoinSet` under a concurrency bound and a deadline,
//! and each outcome is sent as an [`Event`] the moment it is known.

mod cost;
pub mod metrics;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::aws::{Aws, KindResult, job_deadline};
use crate::defaults;
use crate::model::{AwsError, CallCount, CycleStats, Fetch, Job, Outcome, jobs_for};
pub use crate::protocol::{Command, Event};
use cost::load_cost;
pub use cost::{CostSettings, cost_figures};

/// How the poller runs.
#[derive(Debug, Clone)]
pub struct PollerConfig {
    pub interval: Duration,
    pub concurrency: usize,
    pub call_timeout: Duration,
    /// Cost Explorer figures; `None` turns cost off.
    pub cost: Option<CostSettings>,
    /// Where each fresh listing is written (`None` with `--no-cache`).
    pub inventory_cache: Option<crate::snapshot::InventoryCache>,
}

impl Default for PollerConfig {
    fn default() -> Self {
        PollerConfig {
            interval: defaults::REFRESH,
            concurrency: defaults::CONCURRENCY.into(),
            call_timeout: defaults::CALL_TIMEOUT,
            cost: None,
            inventory_cache: None,
        }
    }
}

/// Starts the poller. It runs a first cycle at once, then one per interval
/// and on demand, until `Stop` or until the command sender is dropped.
pub fn spawn(
    aws: Arc<Aws>,
    regions: Vec<String>,
    config: PollerConfig,
    events: mpsc::UnboundedSender<Event>,
) -> (mpsc::UnboundedSender<Command>, tokio::task::JoinHandle<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let handle = tokio::spawn(run(aws, regions, config, events, rx));
    (tx, handle)
}

async fn run(
    aws: Arc<Aws>,
    mut regions: Vec<String>,
    mut config: PollerConfig,
    events: mpsc::UnboundedSender<Event>,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let mut cycle_id = 0u64;
    let mut running: Option<(u64, tokio::task::JoinHandle<CycleStats>)> = None;
    let mut pending = true;
    let mut next_due = Instant::now();
    // Cost: a first load from the cache (or one fetch), then only on RefreshCost.
    let mut cost_task = config
        .cost
        .clone()
        .map(|c| tokio::spawn(load_cost(aws.clone(), c, None, events.clone())));
    let (watch_tx, watch_rx) = mpsc::unbounded_channel();
    let metrics_task = tokio::spawn(metrics::run(
        aws.clone(),
        watch_rx,
        events.clone(),
        job_deadline(config.call_timeout),
    ));
    loop {
        if running.is_none() && pending {
            pending = false;
            cycle_id += 1;
            let fut = run_cycle_paged(
                aws.clone(),
                cycle_id,
                regions.clone(),
                config.clone(),
                events.clone(),
                true,
            );
            running = Some((cycle_id, tokio::spawn(fut)));
        }
        tokio::select! {
            cmd = commands.recv() => match cmd {
                None | Some(Command::Stop) => {
                    if let Some((_, h)) = running.take() { h.abort(); }
                    if let Some(h) = cost_task.take() { h.abort(); }
                    metrics_task.abort();
                    return;
                }
                Some(Command::RefreshCost { tag_key }) => {
                    if let Some(c) = &config.cost && cost_task.as_ref().is_none_or(|h| h.is_finished()) {
                        let settings = c.clone();
                        cost_task = Some(tokio::spawn(load_cost(aws.clone(), settings, Some(tag_key), events.clone())));
                    }
                }
                Some(Command::WatchMetrics { targets, window }) => {
                    let _ = watch_tx.send((targets, window));
                }
                Some(Command::RefreshNow) => pending = true,
                Some(Command::SetRegions(r)) => {
                    regions = r;
                    // Results for the old set are no longer wanted.
                    if let Some((_, h)) = running.take() { h.abort(); }
                    pending = true;
                }
                Some(Command::SetInterval(d)) => {
                    next_due = next_due - config.interval + d;
                    config.interval = d;
                }
            },
            done = async { running.as_mut().map(|(_, h)| h).expect("guarded by the select condition").await }, if running.is_some() => {
                let (id, _) = running.take().expect("checked above");
                next_due = Instant::now() + config.interval;
                if let Ok(stats) = done
                    && events.send(Event::CycleFinished { cycle: id, stats }).is_err()
                {
                    metrics_task.abort();
                    return;
                }
            },
            _ = tokio::time::sleep_until(next_due), if running.is_none() && !pending => pending = true,
        }
    }
}

/// One full cycle over `regions`: every job concurrently, at most
/// `concurrency` at a time, each bounded by its deadline. Sends
/// `CycleStarted`, one `Inventory` per (region, kind), and returns the stats
/// (the caller sends `CycleFinished`).
pub async fn run_cycle(
    aws: Arc<Aws>,
    cycle: u64,
    regions: Vec<String>,
    config: PollerConfig,
    events: mpsc::UnboundedSender<Event>,
) -> CycleStats {
    run_cycle_paged(aws, cycle, regions, config, events, false).await
}

/// [`run_cycle`], also sending each listing page as an `Event::Page` as it
/// arrives (the TUI), the first cycle with a small first page.
pub async fn run_cycle_paged(
    aws: Arc<Aws>,
    cycle: u64,
    regions: Vec<String>,
    config: PollerConfig,
    events: mpsc::UnboundedSender<Event>,
    paged: bool,
) -> CycleStats {
    let started = Instant::now();
    let _ = events.send(Event::CycleStarted {
        cycle,
        regions: regions.clone(),
    });
    let permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let selected: Arc<[String]> = regions.clone().into();
    let mut set = JoinSet::new();
    let cache = config.inventory_cache.clone().map(Arc::new);
    for job in jobs_for(&regions) {
        let (aws, permits, selected, events) = (aws.clone(), permits.clone(), selected.clone(), events.clone());
        let cache = cache.clone();
        let deadline = job_deadline(config.call_timeout);
        set.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let t0 = Instant::now();
            let region = job.region.clone();
            let sink_events = events.clone();
            let sink = move |kind, items: &[crate::model::Resource]| {
                let _ = sink_events.send(Event::Page {
                    cycle,
                    region: region.clone(),
                    kind,
                    items: items.to_vec(),
                });
            };
            let pages: Option<&crate::aws::inventory::PageSink> = paged.then_some(&sink);
            let listing = aws.fetch_paged(&job, &selected, pages, paged && cycle == 1);
            let results = match tokio::time::timeout(deadline, listing).await {
                Ok(r) => r,
                Err(_) => timed_out(&job, deadline),
            };
            let took = t0.elapsed();
            let at = chrono::Utc::now();
            let mut summary = (String::new(), took, CallCount::default(), 0u32);
            summary.0 = format!("{}/{}", job.region, job.kind);
            for r in results {
                summary.2.add(&r.calls);
                let outcome = match r.result {
                    Ok(items) => {
                        if let Some(c) = &cache
                            && let Err(e) = c.store(&job.region, r.kind, at, &items)
                        {
                            tracing::warn!("inventory cache not written: {e}");
                        }
                        Outcome::Fresh(items)
                    }
                    Err(e) => {
                        summary.3 += 1;
                        Outcome::Failed(e)
                    }
                };
                let fetch = Fetch {
                    region: job.region.clone(),
                    kind: r.kind,
                    outcome,
                    at,
                    calls: r.calls,
                    duration: took,
                };
                let _ = events.send(Event::Inventory { cycle, fetch });
            }
            summary
        });
    }
    let mut stats = CycleStats::default();
    while let Some(done) = set.join_next().await {
        let Ok((name, took, calls, errors)) = done else {
            continue;
        };
        let ms = took.as_millis() as u64;
        if ms >= stats.slowest_call_ms {
            stats.slowest_call_ms = ms;
            stats.slowest = name;
        }
        stats.errors += errors;
        stats.calls += calls.calls;
        stats.pages += calls.pages;
        for (api, n) in calls.by_api {
            *stats.by_api.entry(api).or_default() += n;
        }
    }
    stats.cycle_ms = started.elapsed().as_millis() as u64;
    stats
}

fn timed_out(job: &Job, deadline: Duration) -> Vec<KindResult> {
    let err = AwsError::new("Timeout", format!("no answer within {}s", deadline.as_secs()));
    job.kinds()
        .iter()
        .map(|&kind| KindResult {
            kind,
            result: Err(err.clone()),
            calls: CallCount::default(),
        })
        .collect()
}
