//! The metrics loop: keeps the watched series fresh at the window's period.
//!
//! - Every period, all watched series are fetched again (one call series
//!   per region): a 5-minute metric is never fetched more often than it
//!   gains a point.
//! - When the watched set changes (scrolling, a detail pane), only the
//!   series not yet fetched in this period are fetched, at once.
//! - A new window fetches everything again, at once.
//!
//! Each region's fetch runs in its own task under the job deadline and
//! reports one `Event::Metrics`.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::aws::{Aws, Fleet};
use crate::model::{AwsError, CallCount, MetricTarget, RegionMetrics, Window};
use crate::protocol::Event;

/// Where series come from: AWS, or a fake in tests.
pub trait MetricSource: Send + Sync + 'static {
    fn fetch(
        &self,
        region: &str,
        targets: &[MetricTarget],
        window: Window,
        now_unix: i64,
    ) -> impl Future<Output = RegionMetrics> + Send;
}

impl MetricSource for Aws {
    async fn fetch(&self, region: &str, targets: &[MetricTarget], window: Window, now_unix: i64) -> RegionMetrics {
        self.metric_data(region, targets, window, now_unix).await
    }
}

impl MetricSource for Fleet {
    /// With the credentials of the targets' account (they share one: the
    /// loop groups them by account and region).
    async fn fetch(&self, region: &str, targets: &[MetricTarget], window: Window, now_unix: i64) -> RegionMetrics {
        let account = targets.first().map(|t| t.account).unwrap_or_default();
        let member = self.get(account).or_else(|| self.first());
        match member {
            Some(m) => m.aws.metric_data(region, targets, window, now_unix).await,
            None => RegionMetrics {
                account,
                region: region.to_string(),
                window,
                series: Vec::new(),
                error: Some(AwsError::new("NoAccount", format!("account {account} is not watched"))),
                calls: CallCount::default(),
                metrics_requested: 0,
            },
        }
    }
}

/// What the loop is asked to watch.
pub type Watch = (Vec<MetricTarget>, Window);

/// Runs until the sender of `watches` is dropped.
pub async fn run<S: MetricSource>(
    source: Arc<S>,
    mut watches: mpsc::UnboundedReceiver<Watch>,
    events: mpsc::UnboundedSender<Event>,
    deadline: Duration,
) {
    let mut watched: BTreeSet<MetricTarget> = BTreeSet::new();
    // Series fetched since the last full refresh.
    let mut fetched: BTreeSet<MetricTarget> = BTreeSet::new();
    let mut window = Window::default();
    let mut due: Option<Instant> = None;
    let mut tasks = JoinSet::new();
    loop {
        tokio::select! {
            watch = watches.recv() => {
                let Some((targets, w)) = watch else {
                    tasks.abort_all();
                    return;
                };
                watched = targets.into_iter().collect();
                if watched.is_empty() {
                    due = None;
                    continue;
                }
                let wanted: Vec<MetricTarget> = if w != window || due.is_none() {
                    window = w;
                    due = Some(Instant::now() + window.period());
                    fetched = watched.clone();
                    watched.iter().cloned().collect()
                } else {
                    let new: Vec<MetricTarget> = watched.difference(&fetched).cloned().collect();
                    fetched.extend(new.iter().cloned());
                    new
                };
                spawn_fetches(&mut tasks, &source, wanted, window, deadline, &events);
            }
            _ = sleep_until(due), if due.is_some() => {
                due = Some(Instant::now() + window.period());
                fetched = watched.clone();
                spawn_fetches(&mut tasks, &source, watched.iter().cloned().collect(), window, deadline, &events);
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    }
}

async fn sleep_until(due: Option<Instant>) {
    match due {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}

/// One task per (account, region) of `targets`.
fn spawn_fetches<S: MetricSource>(
    tasks: &mut JoinSet<()>,
    source: &Arc<S>,
    targets: Vec<MetricTarget>,
    window: Window,
    deadline: Duration,
    events: &mpsc::UnboundedSender<Event>,
) {
    let mut by_region: BTreeMap<(crate::model::AccountId, String), Vec<MetricTarget>> = BTreeMap::new();
    for t in targets {
        by_region.entry((t.account, t.region.clone())).or_default().push(t);
    }
    let now_unix = chrono::Utc::now().timestamp();
    for ((account, region), targets) in by_region {
        let (source, events) = (source.clone(), events.clone());
        tasks.spawn(async move {
            let result = match tokio::time::timeout(deadline, source.fetch(&region, &targets, window, now_unix)).await {
                Ok(r) => r,
                Err(_) => RegionMetrics {
                    account,
                    region,
                    window,
                    series: Vec::new(),
                    error: Some(AwsError::new(
                        "Timeout",
                        format!("no answer within {}s", deadline.as_secs()),
                    )),
                    calls: CallCount::default(),
                    metrics_requested: 0,
                },
            };
            let _ = events.send(Event::Metrics(result));
        });
    }
}

/// Headless: every metric of every resource over the last hour, all
/// regions at once, each under the job deadline.
pub async fn fetch_once<S: MetricSource>(
    aws: &Arc<S>,
    resources: &[crate::model::Resource],
    deadline: Duration,
) -> Vec<RegionMetrics> {
    let targets: Vec<MetricTarget> = resources
        .iter()
        .flat_map(|r| crate::model::metrics::metrics_for(r.kind).map(|m| MetricTarget::of(r, m.name)))
        .collect();
    fetch_all(aws, targets, Window::H1, deadline).await
}

/// Headless: the series the findings read (`findings::FINDINGS_SERIES`)
/// over their own window, all regions at once, each under the job deadline.
pub async fn fetch_findings<S: MetricSource>(
    aws: &Arc<S>,
    resources: &[crate::model::Resource],
    deadline: Duration,
) -> Vec<RegionMetrics> {
    let targets = crate::findings::findings_targets(resources);
    fetch_all(aws, targets, crate::findings::FINDINGS_WINDOW, deadline).await
}

/// Fetches `targets` over `window` once, one task per (account, region).
async fn fetch_all<S: MetricSource>(
    aws: &Arc<S>,
    targets: Vec<MetricTarget>,
    window: Window,
    deadline: Duration,
) -> Vec<RegionMetrics> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut tasks = JoinSet::new();
    spawn_fetches(&mut tasks, aws, targets, window, deadline, &tx);
    drop(tx);
    while tasks.join_next().await.is_some() {}
    let mut out = Vec::new();
    while let Ok(Event::Metrics(m)) = rx.try_recv() {
        out.push(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MetricSeries, ResourceKind};

    /// Answers every target with a series; `slow` never answers in time.
    #[derive(Default)]
    struct Fake {
        slow: bool,
    }

    impl MetricSource for Fake {
        async fn fetch(&self, region: &str, targets: &[MetricTarget], window: Window, _now: i64) -> RegionMetrics {
            if self.slow {
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
            RegionMetrics {
                account: Default::default(),
                region: region.to_string(),
                window,
                series: targets
                    .iter()
                    .map(|t| MetricSeries::on_grid(t, "Percent", 0, 600, 300, [(0, 1.0)]))
                    .collect(),
                error: None,
                calls: CallCount::default(),
                metrics_requested: targets.len() as u32,
            }
        }
    }

    fn cpu(region: &str, id: &str) -> MetricTarget {
        MetricTarget::new(region, ResourceKind::Ec2Instance, id, "CPUUtilization")
    }

    fn start(fake: Fake) -> (mpsc::UnboundedSender<Watch>, mpsc::UnboundedReceiver<Event>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let (etx, erx) = mpsc::unbounded_channel();
        tokio::spawn(run(Arc::new(fake), rx, etx, Duration::from_secs(80)));
        (tx, erx)
    }

    /// One fetch, as its event reports it: (region, ids, window).
    type Fetched = (String, Vec<String>, Window);

    /// The next `n` fetches, sorted, waited for at most `secs`.
    async fn fetches(events: &mut mpsc::UnboundedReceiver<Event>, n: usize, secs: u64) -> Vec<Fetched> {
        let mut out = Vec::new();
        while out.len() < n {
            let next = tokio::time::timeout(Duration::from_secs(secs), events.recv()).await;
            match next.unwrap_or_else(|_| panic!("{n} fetches within {secs}s, got {out:?}")) {
                Some(Event::Metrics(m)) => out.push((m.region, m.series.into_iter().map(|s| s.id).collect(), m.window)),
                other => panic!("a metrics event, got {other:?}"),
            }
        }
        out.sort();
        out
    }

    /// No fetch for `secs` (paused time: the loop's own timers are what moves it).
    async fn quiet(events: &mut mpsc::UnboundedReceiver<Event>, secs: u64) {
        let got = tokio::time::timeout(Duration::from_secs(secs), events.recv()).await;
        assert!(got.is_err(), "nothing for {secs}s, got {got:?}");
    }

    fn one(region: &str, ids: &[&str], window: Window) -> Vec<Fetched> {
        vec![(region.into(), ids.iter().map(|s| s.to_string()).collect(), window)]
    }

    #[tokio::test(start_paused = true)]
    async fn fetches_at_once_then_once_per_period_per_region() {
        let (tx, mut events) = start(Fake::default());
        tx.send((
            vec![
                cpu("us-east-1", "i-1"),
                cpu("eu-west-1", "i-2"),
                cpu("us-east-1", "i-3"),
            ],
            Window::H1,
        ))
        .unwrap();
        assert_eq!(
            fetches(&mut events, 2, 1).await,
            [
                one("eu-west-1", &["i-2"], Window::H1),
                one("us-east-1", &["i-1", "i-3"], Window::H1)
            ]
            .concat(),
            "one fetch per region, at once"
        );
        quiet(&mut events, 299).await;
        assert_eq!(
            fetches(&mut events, 2, 2).await.len(),
            2,
            "both regions again after one period"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_changed_set_fetches_only_the_new_series() {
        let (tx, mut events) = start(Fake::default());
        tx.send((vec![cpu("us-east-1", "i-1"), cpu("us-east-1", "i-2")], Window::H1))
            .unwrap();
        fetches(&mut events, 1, 1).await;
        // Scrolled: i-1 went off screen, i-3 came on.
        tx.send((vec![cpu("us-east-1", "i-2"), cpu("us-east-1", "i-3")], Window::H1))
            .unwrap();
        assert_eq!(fetches(&mut events, 1, 1).await, one("us-east-1", &["i-3"], Window::H1));
        // Scrolled back: i-1 was fetched in this period already.
        tx.send((vec![cpu("us-east-1", "i-1"), cpu("us-east-1", "i-2")], Window::H1))
            .unwrap();
        quiet(&mut events, 299).await;
        // The period ends: what is watched now, and only that.
        assert_eq!(
            fetches(&mut events, 1, 2).await,
            one("us-east-1", &["i-1", "i-2"], Window::H1)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_window_refetches_everything_at_its_own_cadence() {
        let (tx, mut events) = start(Fake::default());
        tx.send((vec![cpu("us-east-1", "i-1")], Window::H1)).unwrap();
        fetches(&mut events, 1, 1).await;
        tx.send((vec![cpu("us-east-1", "i-1")], Window::H24)).unwrap();
        assert_eq!(
            fetches(&mut events, 1, 1).await,
            one("us-east-1", &["i-1"], Window::H24),
            "a new window: at once"
        );
        quiet(&mut events, 1799).await;
        assert_eq!(
            fetches(&mut events, 1, 2).await,
            one("us-east-1", &["i-1"], Window::H24),
            "24h window: one fetch per 30 minutes"
        );
        // Nothing watched: nothing fetched.
        tx.send((vec![], Window::H24)).unwrap();
        quiet(&mut events, 7200).await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_fetch_that_hangs_times_out_as_an_error() {
        let (tx, mut events) = start(Fake { slow: true });
        tx.send((vec![cpu("us-east-1", "i-1")], Window::H1)).unwrap();
        let Some(Event::Metrics(m)) = events.recv().await else {
            panic!("a metrics event")
        };
        assert_eq!(m.error.map(|e| e.code), Some("Timeout".to_string()));
        assert!(m.series.is_empty());
    }
}
