//! The program behind `main.rs`: from the parsed flags to an exit code.
//! The subcommands that need no AWS, then the config and the flag checks
//! ([`plan`]), then the accounts, and last `whoami`/`doctor`, `--once` or
//! the TUI. Nothing in the library imports this module.
//!
//! - `plan`: the pure decisions (flag combinations, account choice,
//!   regions, the cost-cache key), each tested without AWS.
//! - `commands`: the subcommands.
//! - `start`: identity, accounts and regions; the caches; the TUI's start.
//! - `once`: `--once`, a thin caller of the poller's cycle and the report.

mod commands;
mod logs;
mod once;
mod plan;
mod start;

use crate::aws::{Aws, Fleet};
use crate::cli::{Cli, Cmd};
use crate::poller::PollerConfig;

/// Runs what the flags ask for and returns the process's exit code. Every
/// error is for the caller to print as one line (exit code 1).
pub async fn run(cli: Cli) -> anyhow::Result<u8> {
    let mut out = std::io::stdout();
    if let Some(code) = commands::offline(&cli, &mut out)? {
        return Ok(code);
    }
    let config = crate::config::load(cli.config.as_deref()).map_err(anyhow::Error::msg)?;
    let plan = plan::Plan::new(&cli, config)?;
    let log_path = crate::logging::init().ok().map(|p| p.display().to_string());
    let choice = plan::account_choice(&cli, &plan.config)?;
    let settings = plan::aws_settings(&cli, &choice);
    let several = match plan::several(&choice) {
        true => Some(Fleet::load(&settings, &choice).await?),
        false => None,
    };
    if let Some(fleet) = &several {
        match cli.command {
            Some(Cmd::Whoami) => return commands::whoami_all(fleet, &mut out).await,
            Some(Cmd::Doctor) => return commands::doctor_all(fleet, plan.wanted, &mut out).await,
            _ => {}
        }
    }
    let aws = Aws::load(&settings).await?;
    match &cli.command {
        Some(Cmd::Whoami) => return commands::whoami(&aws, &mut out).await,
        Some(Cmd::Doctor) => return commands::doctor(&aws, plan.wanted, &mut out).await,
        Some(Cmd::Logs(args)) => return logs::run(&aws, args, &mut out).await,
        _ => {}
    }
    let caches = start::Caches::new(&cli, plan::profile_name(&aws.choice), settings.endpoint_url.clone());
    let poller = PollerConfig {
        interval: plan.start.refresh,
        concurrency: cli.concurrency.into(),
        call_timeout: *cli.call_timeout,
        cost: None,
        inventory_cache: None,
        quick_start: false,
    };
    match cli.once {
        true => once::run(&cli, plan, &caches, several, aws, poller, &mut out).await,
        false => {
            start::tui(plan, &caches, several, aws, poller, log_path).await?;
            Ok(0)
        }
    }
}
