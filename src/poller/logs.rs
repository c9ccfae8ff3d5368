//! Tails: a task per tail, apart from the inventory cycle and the metrics
//! loop, so that a tail never waits for them nor they for it. A tail
//! resolves its target into log groups, then polls FilterLogEvents from
//! each group's watermark ([`Cursor`]), page by page, and tells its owner
//! what is new ([`TailNews`]). A throttled poll doubles that tail's wait,
//! up to a ceiling, and the first good poll brings it back ([`Backoff`]).
//! The TUI's owner is the poller (one tail at a time, `Command::Tail`);
//! `aws-monitor logs` runs [`tail`] itself.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::aws::logs::Logs;
use crate::aws::{Aws, Fleet};
use crate::model::logs::{Backoff, Cursor, GROUP_NAMES, LogSource, LogTarget, TailNews, TailSpec, is_throttle};
use crate::model::{AccountId, AwsError, CallCount};
use crate::protocol::Event;

/// Runs one tail until it ends (it does not follow, or its target has no
/// logs) or `send` says its owner is gone (returns false).
pub async fn tail(aws: &Aws, spec: &TailSpec, mut backoff: Backoff, mut send: impl FnMut(TailNews, CallCount) -> bool) {
    let home = aws.logs(&spec.region);
    let sources = match home.resolve(&spec.target).await {
        Ok(s) if s.is_empty() => {
            send(TailNews::Ended(no_logs(spec)), home.take_calls());
            return;
        }
        Ok(s) => s,
        Err(e) => {
            send(TailNews::Ended(cannot_read(spec, &e)), home.take_calls());
            return;
        }
    };
    if !send(TailNews::Opened(sources.clone()), home.take_calls()) {
        return;
    }
    let single = sources.len() == 1;
    let mut readers: Vec<(LogSource, Logs, Cursor)> = sources
        .into_iter()
        .map(|s| {
            let logs = match &s.region {
                Some(r) => aws.logs(r),
                None => aws.logs(&spec.region),
            };
            (s, logs, Cursor::new(spec.since_ms))
        })
        .collect();
    let mut first = true;
    loop {
        let mut throttled = false;
        for (source, logs, cursor) in readers.iter_mut() {
            // One poll: every page from the watermark as it was (a page
            // token goes with the request that made it).
            let start = cursor.from_ms();
            let mut token = None;
            loop {
                match logs.page(source, start, spec.filter.as_deref(), token.take()).await {
                    Ok(page) => {
                        let new = cursor.accept(page.events);
                        if !send(TailNews::Events(new), logs.take_calls()) {
                            return;
                        }
                        match page.next {
                            Some(t) => token = Some(t),
                            None => break,
                        }
                    }
                    Err(e) if is_throttle(&e.code) => {
                        throttled = true;
                        break;
                    }
                    Err(e) if first && single => {
                        let line = match e.code.as_str() {
                            "ResourceNotFoundException" => no_group(&source.group, logs.region()),
                            _ => cannot_read(spec, &e),
                        };
                        send(TailNews::Ended(line), logs.take_calls());
                        return;
                    }
                    Err(e) => {
                        if !send(TailNews::Failed(e), logs.take_calls()) {
                            return;
                        }
                        break;
                    }
                }
            }
        }
        let calls = readers.iter().fold(CallCount::default(), |mut all, (_, l, _)| {
            all.add(&l.take_calls());
            all
        });
        let wait = match throttled {
            true => {
                let wait = backoff.throttled();
                if !send(TailNews::Throttled(wait), calls) {
                    return;
                }
                wait
            }
            false if !spec.follow => {
                send(TailNews::Done, calls);
                return;
            }
            false => backoff.ok(),
        };
        first = false;
        tokio::time::sleep(wait).await;
    }
}

/// The one line for a target that resolved to no log group.
fn no_logs(spec: &TailSpec) -> String {
    match &spec.target {
        LogTarget::Group(g) => no_group(g, &spec.region),
        LogTarget::GroupPrefix(p) => format!("no log groups {p}* in {}", spec.region),
        LogTarget::TaskDefinition(t) => {
            format!("no logs: task definition {t} has no container logging through awslogs")
        }
        LogTarget::EcsService(s) => {
            format!("no logs: ECS service {s}'s task definition has no container logging through awslogs")
        }
    }
}

fn no_group(group: &str, region: &str) -> String {
    format!("no log group {group} in {region}")
}

fn cannot_read(spec: &TailSpec, e: &AwsError) -> String {
    match e.code.as_str() {
        "ResourceNotFoundException" | "ClientException" | "ServiceNotFoundException"
            if matches!(spec.target, LogTarget::TaskDefinition(_) | LogTarget::EcsService(_)) =>
        {
            format!(
                "no logs: {} not found in {} ({})",
                spec.target.label(),
                spec.region,
                e.code
            )
        }
        "ResourceNotFoundException" => no_logs(spec),
        _ => crate::model::one_line(format!(
            "cannot read the logs of {} in {}: {}: {}",
            spec.target.label(),
            spec.region,
            e.code,
            e.message
        )),
    }
}

/// The poller's tails: the one the app watches, and the `:logs` completions.
#[derive(Default)]
pub(super) struct Tails {
    running: Option<tokio::task::JoinHandle<()>>,
    lists: Vec<tokio::task::JoinHandle<()>>,
}

impl Tails {
    /// Starts `spec`'s tail with its account's credentials (the first
    /// account's when it names none watched), stopping the one before.
    pub(super) fn start(&mut self, fleet: &Fleet, spec: TailSpec, events: &mpsc::UnboundedSender<Event>) {
        self.stop();
        let Some(member) = fleet.get(spec.account).or_else(|| fleet.first()) else {
            return;
        };
        let (aws, events) = (Arc::clone(&member.aws), events.clone());
        self.running = Some(tokio::spawn(async move {
            let backoff = Backoff::new(crate::model::logs::POLL, crate::model::logs::BACKOFF_CEILING);
            tail(&aws, &spec, backoff, |news, calls| {
                events
                    .send(Event::Logs {
                        tail: spec.id,
                        news,
                        calls,
                    })
                    .is_ok()
            })
            .await;
        }));
    }

    pub(super) fn stop(&mut self) {
        if let Some(h) = self.running.take() {
            h.abort();
        }
    }

    /// Lists (account, region)'s log group names, once, off the loop.
    pub(super) fn list_groups(
        &mut self,
        fleet: &Fleet,
        account: AccountId,
        region: String,
        events: &mpsc::UnboundedSender<Event>,
    ) {
        self.lists.retain(|h| !h.is_finished());
        let Some(member) = fleet.get(account).or_else(|| fleet.first()) else {
            return;
        };
        let (aws, events) = (Arc::clone(&member.aws), events.clone());
        self.lists.push(tokio::spawn(async move {
            let logs = aws.logs(&region);
            let names = logs.group_names("", GROUP_NAMES).await;
            let _ = events.send(Event::LogGroups {
                account,
                region,
                names,
                calls: logs.take_calls(),
            });
        }));
    }

    pub(super) fn abort_all(&mut self) {
        self.stop();
        for h in self.lists.drain(..) {
            h.abort();
        }
    }
}
