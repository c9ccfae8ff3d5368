//! The background tokio task that polls AWS: every (account, region, job)
//! of a cycle runs concurrently in a `JoinSet` under one concurrency bound
//! and a deadline, and each outcome is sent as an [`Event`] the moment it
//! is known. The accounts' jobs are interleaved, so the bound is shared
//! fairly: one huge account cannot starve the others.
//!
//! Every listing's rows go on as pages (`Event::Page`, each row stamped
//! with its account by [`Event::page`]) and the poller keeps none; its end
//! (`Event::Inventory`) brings what completes them. The poller writes the
//! cache only what the owner of the rows sends back (`Command::Store`);
//! headless, [`whole::listings`] is that owner.

mod cost;
pub mod logs;
pub mod metrics;
pub mod whole;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::aws::{Fleet, KindResult, Member, job_deadline};
use crate::defaults;
use crate::model::{AccountId, AwsError, CallCount, CycleStats, End, Fetch, Job, ResourceKind, jobs_for};
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
    /// Where the listings sent back (`Command::Store`) are written
    /// (`None` with `--no-cache`).
    pub inventory_cache: Option<crate::snapshot::InventoryCache>,
    /// The first cycle asks for a small first page of instances (the TUI:
    /// rows on screen after one short round trip).
    pub quick_start: bool,
}

impl Default for PollerConfig {
    fn default() -> Self {
        PollerConfig {
            interval: defaults::REFRESH,
            concurrency: defaults::CONCURRENCY.into(),
            call_timeout: defaults::CALL_TIMEOUT,
            cost: None,
            inventory_cache: None,
            quick_start: false,
        }
    }
}

/// Starts the poller. It runs a first cycle at once, then one per interval
/// and on demand, until `Stop` or until the command sender is dropped.
pub fn spawn(
    fleet: impl Into<Fleet>,
    regions: Vec<String>,
    config: PollerConfig,
    events: mpsc::UnboundedSender<Event>,
) -> (mpsc::UnboundedSender<Command>, tokio::task::JoinHandle<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let handle = tokio::spawn(run(fleet.into(), regions, config, events, rx));
    (tx, handle)
}

async fn run(
    fleet: Fleet,
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
        .map(|c| tokio::spawn(load_cost(fleet.clone(), c, None, events.clone())));
    let (watch_tx, watch_rx) = mpsc::unbounded_channel();
    let mut tails = logs::Tails::default();
    let metrics_task = tokio::spawn(metrics::run(
        Arc::new(fleet.clone()),
        watch_rx,
        events.clone(),
        job_deadline(config.call_timeout),
    ));
    // The findings' series: the same loop, over their own window.
    let (findings_tx, findings_rx) = mpsc::unbounded_channel();
    let findings_task = tokio::spawn(metrics::run(
        Arc::new(fleet.clone()),
        findings_rx,
        events.clone(),
        job_deadline(config.call_timeout),
    ));
    loop {
        if running.is_none() && pending {
            pending = false;
            cycle_id += 1;
            let fut = run_cycle(fleet.clone(), cycle_id, regions.clone(), config.clone(), events.clone());
            running = Some((cycle_id, tokio::spawn(fut)));
        }
        tokio::select! {
            cmd = commands.recv() => match cmd {
                None | Some(Command::Stop) => {
                    if let Some((_, h)) = running.take() { h.abort(); }
                    if let Some(h) = cost_task.take() { h.abort(); }
                    metrics_task.abort();
                    tails.abort_all();
                    findings_task.abort();
                    return;
                }
                Some(Command::Tail(spec)) => tails.start(&fleet, spec, &events),
                Some(Command::StopTail) => tails.stop(),
                Some(Command::LogGroups { account, region }) => tails.list_groups(&fleet, account, region, &events),
                Some(Command::RefreshCost { tag_key }) => {
                    if let Some(c) = &config.cost && cost_task.as_ref().is_none_or(|h| h.is_finished()) {
                        let settings = c.clone();
                        cost_task = Some(tokio::spawn(load_cost(fleet.clone(), settings, Some(tag_key), events.clone())));
                    }
                }
                Some(Command::WatchMetrics { targets, window }) => {
                    let _ = watch_tx.send((targets, window));
                }
                Some(Command::WatchFindingMetrics { targets }) => {
                    let _ = findings_tx.send((targets, crate::findings::FINDINGS_WINDOW));
                }
                Some(Command::RefreshNow) => pending = true,
                Some(Command::Store { account, region, kind, at, rows }) => {
                    if let Some(cache) = &config.inventory_cache {
                        store(cache.clone(), fleet.len(), account, region, kind, at, rows);
                    }
                }
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
                    findings_task.abort();
                    return;
                }
            },
            _ = tokio::time::sleep_until(next_due), if running.is_none() && !pending => pending = true,
        }
    }
}

/// One full cycle over `regions` in every account: every job
/// concurrently, at most `concurrency` at a time (the accounts' jobs taken
/// in turn), each bounded by its deadline. Sends `CycleStarted`, one
/// `Inventory` per (account, region, kind), and returns the stats (the
/// caller sends `CycleFinished`). An account that cannot be polled fails
/// its own cells with its error, without a call.
pub async fn run_cycle(
    fleet: impl Into<Fleet>,
    cycle: u64,
    regions: Vec<String>,
    config: PollerConfig,
    events: mpsc::UnboundedSender<Event>,
) -> CycleStats {
    let fleet: Fleet = fleet.into();
    let started = Instant::now();
    let _ = events.send(Event::CycleStarted {
        cycle,
        regions: regions.clone(),
    });
    // Accounts that could not be reached are asked again (one identity
    // call each): a fixed role or a new SSO login counts from this cycle.
    let errors: Vec<Option<AwsError>> = futures::future::join_all(fleet.members().iter().map(Member::recheck)).await;
    let permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let selected: Arc<[String]> = regions.clone().into();
    let per_account: Vec<Vec<(usize, Job)>> = (0..fleet.len())
        .map(|i| jobs_for(&regions).into_iter().map(|j| (i, j)).collect())
        .collect();
    let mut set = JoinSet::new();
    let mut skipped_errors = 0;
    for (i, job) in interleave(per_account) {
        let (fleet, selected, events) = (fleet.clone(), selected.clone(), events.clone());
        let deadline = job_deadline(config.call_timeout);
        let member = &fleet.members()[i];
        if let Some(err) = errors[i].clone().or_else(|| not_enabled(member, &job.region)) {
            // Nothing to call: the cells fail with the account's error, or
            // because the region is not enabled in that account.
            let sent = Sent {
                cycle,
                account: member.info.id,
                took: Duration::ZERO,
            };
            let (_, n) = send_results(&events, &sent, &job, failed(&job, &err));
            skipped_errors += n;
            continue;
        }
        // The permit is taken here, in the interleaved order (the
        // semaphore is first come, first served), then moves into the task.
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        set.spawn(async move {
            let _permit = permit;
            let member = &fleet.members()[i];
            let t0 = Instant::now();
            let region = job.region.clone();
            let sink_events = events.clone();
            let account = member.info.id;
            // Every row goes on as a page, stamped with its account.
            let sink = move |kind, items| {
                let _ = sink_events.send(Event::page(cycle, account, region.clone(), kind, items));
            };
            let quick_start = config.quick_start && cycle == 1;
            let listing = member.aws.fetch(&job, &selected, &sink, quick_start);
            let results = match tokio::time::timeout(deadline, listing).await {
                Ok(r) => r,
                Err(_) => failed(&job, &timeout_error(deadline)),
            };
            let took = t0.elapsed();
            let sent = Sent { cycle, account, took };
            let (calls, errors) = send_results(&events, &sent, &job, results);
            (
                member.info.id,
                format!("{}/{}/{}", member.info.id, job.region, job.kind),
                took,
                calls,
                errors,
            )
        });
    }
    let mut stats = CycleStats::default();
    while let Some(done) = set.join_next().await {
        let Ok((account, name, took, calls, errors)) = done else {
            continue;
        };
        *stats.by_account.entry(account.to_string()).or_default() += calls.calls;
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
    stats.errors += skipped_errors;
    stats.cycle_ms = started.elapsed().as_millis() as u64;
    stats
}

/// A region of the cycle that the account has not enabled (when its
/// enabled regions are known): its cells fail with this, without a call.
fn not_enabled(m: &Member, region: &str) -> Option<AwsError> {
    let enabled = m.regions.as_ref()?;
    (region != crate::model::GLOBAL && !enabled.iter().any(|r| r == region)).then(|| {
        AwsError::new(
            "RegionNotEnabled",
            format!("{region} is not enabled in account {}", m.info.id),
        )
    })
}

/// Takes one job from each account in turn: a1 b1 c1 a2 b2 a3 ...
fn interleave<T>(lists: Vec<Vec<T>>) -> Vec<T> {
    let total = lists.iter().map(Vec::len).sum();
    let mut iters: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::with_capacity(total);
    while out.len() < total {
        out.extend(iters.iter_mut().filter_map(Iterator::next));
    }
    out
}

/// Which job's results [`send_results`] sends.
struct Sent {
    cycle: u64,
    account: AccountId,
    took: Duration,
}

/// Sends one `Inventory` per kind of the job: how its listing ended (its
/// rows went on as pages); returns the job's calls and its failed kinds.
fn send_results(
    events: &mpsc::UnboundedSender<Event>,
    sent: &Sent,
    job: &Job,
    results: Vec<KindResult>,
) -> (CallCount, u32) {
    let at = chrono::Utc::now();
    let (mut calls, mut errors) = (CallCount::default(), 0);
    for r in results {
        calls.add(&r.calls);
        let outcome = match r.result {
            Ok(late) => End::Listed(late),
            Err(e) => {
                errors += 1;
                End::Failed(e)
            }
        };
        let fetch = Fetch {
            account: sent.account,
            region: job.region.clone(),
            kind: r.kind,
            outcome,
            at,
            calls: r.calls,
            duration: sent.took,
        };
        let _ = events.send(Event::Inventory {
            cycle: sent.cycle,
            fetch,
        });
    }
    (calls, errors)
}

/// Writes a listing the app assembled ([`InventoryCache::write_listing`]),
/// off the poller's task; one write at a time (each writes through a
/// temporary file of its own name).
///
/// [`InventoryCache::write_listing`]: crate::snapshot::InventoryCache::write_listing
fn store(
    cache: crate::snapshot::InventoryCache,
    accounts: usize,
    account: AccountId,
    region: String,
    kind: ResourceKind,
    at: chrono::DateTime<chrono::Utc>,
    rows: Vec<Arc<crate::model::Resource>>,
) {
    static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    tokio::task::spawn_blocking(move || {
        let _one = WRITING.lock().unwrap_or_else(|e| e.into_inner());
        cache.write_listing(accounts, account, &region, kind, at, &rows);
    });
}

fn timeout_error(deadline: Duration) -> AwsError {
    AwsError::new("Timeout", format!("no answer within {}s", deadline.as_secs()))
}

/// Every kind of the job failed with `err`.
fn failed(job: &Job, err: &AwsError) -> Vec<KindResult> {
    job.kinds()
        .iter()
        .map(|&kind| KindResult {
            kind,
            result: Err(err.clone()),
            calls: CallCount::default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_take_turns_for_the_concurrency_bound() {
        let big: Vec<&str> = vec!["a1", "a2", "a3", "a4"];
        let out = interleave(vec![big, vec!["b1"], vec!["c1", "c2"]]);
        assert_eq!(out, ["a1", "b1", "c1", "a2", "c2", "a3", "a4"]);
        assert!(interleave::<u8>(vec![vec![], vec![]]).is_empty());
    }
}
