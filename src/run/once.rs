//! `--once`: one headless cycle through [`poller::run_cycle`] (with Cost
//! Explorer beside it), then the report of [`crate::output`] and its exit
//! code. A thin caller: the rows, the report and the findings are theirs.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::plan::Plan;
use super::start::{Caches, resolve_fleet};
use crate::aws::{Aws, Fleet};
use crate::cli::{Cli, OutputFormat};
use crate::findings::Severity;
use crate::model::changes::Change;
use crate::model::{AccountId, Fetch, Outcome, Resource, ResourceKind};
use crate::output::Report;
use crate::poller::{self, PollerConfig};
use crate::snapshot::InventoryCache;

/// What `--once` adds to its report, and how it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub output: OutputFormat,
    pub cost: bool,
    pub metrics: bool,
    /// `--findings`, or `--fail-on` (which needs them).
    pub findings: bool,
    pub fail_on: Option<Severity>,
    pub changes: bool,
}

impl Options {
    pub fn new(cli: &Cli) -> Options {
        Options {
            output: cli.output,
            cost: cli.cost,
            metrics: cli.metrics,
            findings: cli.findings || cli.fail_on.is_some(),
            fail_on: cli.fail_on,
            changes: cli.changes,
        }
    }
}

/// The listings the last run left, by (account, region, kind).
type Previous = HashMap<(AccountId, String, ResourceKind), Vec<Resource>>;

/// Runs the cycle, prints the report to `out` and returns the exit code.
pub async fn run(
    cli: &Cli,
    plan: Plan,
    caches: &Caches,
    several: Option<Fleet>,
    aws: Aws,
    mut poller_config: PollerConfig,
    out: &mut impl Write,
) -> anyhow::Result<u8> {
    let options = Options::new(cli);
    let (fleet, identity, regions) = resolve_fleet(several, Arc::new(aws), plan.wanted).await?;
    let cost_settings = caches.cost(&fleet, &identity.account);
    // --once never reads the inventory cache for its rows; it writes it, so
    // the next start (and --changes) has the latest.
    poller_config.inventory_cache = caches.inventory(&identity.account);
    // What the last run left, read before this run overwrites it.
    let previous = match (&poller_config.inventory_cache, options.changes) {
        (Some(cache), true) => previous(cache, &fleet, &regions),
        _ => Previous::default(),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // Cost Explorer does not depend on the inventory: both run at once.
    let (stats, cost) = tokio::join!(
        poller::run_cycle(fleet.clone(), 1, regions.clone(), poller_config.clone(), tx),
        async {
            match options.cost {
                true => Some(poller::cost_figures(&fleet, &cost_settings, None).await),
                false => None,
            }
        }
    );
    // The listings made whole from their pages, and cached.
    let fetches = poller::whole::listings(&mut rx, poller_config.inventory_cache.clone(), fleet.len());
    let changes = options.changes.then(|| changes(&fetches, &previous));
    let mut report = Report::new(
        Utc::now(),
        caches.profile.clone(),
        identity,
        regions,
        fetches,
        &plan.filter,
        stats,
    );
    report.accounts = fleet.infos();
    report.changes = changes;
    if let Some(poller::Event::Cost { result, calls, cached }) = &cost {
        report.cost = Some(crate::model::cost::CostReport::new(result.as_deref(), calls, *cached));
    }
    if options.metrics {
        let deadline = crate::aws::job_deadline(poller_config.call_timeout);
        let source = Arc::new(fleet.clone());
        report.add_metrics(poller::metrics::fetch_once(&source, &report.resources, deadline).await);
    }
    if options.findings {
        // The findings' own series (a NAT gateway's week of bytes out).
        let deadline = crate::aws::job_deadline(poller_config.call_timeout);
        let source = Arc::new(fleet.clone());
        report.add_finding_metrics(poller::metrics::fetch_findings(&source, &report.resources, deadline).await);
    }
    let code = finish(&mut report, &options, &plan.config.findings, Utc::now());
    write(&report, options.output, out)?;
    Ok(code)
}

/// The listings of every account of `fleet` that the last run cached.
fn previous(cache: &InventoryCache, fleet: &Fleet, regions: &[String]) -> Previous {
    fleet
        .members()
        .iter()
        .flat_map(|m| {
            let id = m.info.id;
            cache
                .of_account(id, fleet.len())
                .load_all(regions)
                .into_iter()
                .map(move |c| ((id, c.region, c.kind), c.resources))
        })
        .collect()
}

/// What was added, removed or changed state in each fresh listing since
/// the last run's; a listing the last run did not leave has none.
fn changes(fetches: &[Fetch], previous: &Previous) -> Vec<Change> {
    fetches
        .iter()
        .filter_map(|f| match &f.outcome {
            Outcome::Fresh(items) => previous
                .get(&(f.account, f.region.clone(), f.kind))
                .map(|before| crate::model::changes::diff(before, items, f.at)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Adds the findings when they are asked for (or `--fail-on` needs them)
/// and returns the exit code: 2 for a failed cell, else 3 for a finding at
/// or above `--fail-on`, else 0.
fn finish(report: &mut Report, options: &Options, settings: &crate::findings::Settings, now: DateTime<Utc>) -> u8 {
    if options.findings {
        report.add_findings(settings, now);
    }
    report.exit_code(options.fail_on)
}

/// The report in the format asked for.
fn write(report: &Report, format: OutputFormat, out: &mut impl Write) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => report.write_json(out),
        OutputFormat::Csv => report.write_csv(out),
        OutputFormat::Table => report.write_table(out),
    }
}

#[cfg(test)]
mod tests;
