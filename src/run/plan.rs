//! What the flags and the config decide before any AWS call: the start
//! settings, the flag combinations refused, the accounts asked for, the
//! regions, the cost-cache key. Pure, so each decision and each one-line
//! error is tested without AWS.

use crate::aws::{AccountChoice, AwsSettings, CredentialChoice};
use crate::cli::{Cli, OutputFormat};
use crate::config::Config;
use crate::model::{AccountInfo, TagFilter};
use crate::presets::{Regions, Settings};
use crate::snapshot::Cached;

/// The config, the start settings (flag over preset over config over
/// default), the tag filter and the regions named.
pub struct Plan {
    pub config: Config,
    pub start: Settings,
    pub filter: TagFilter,
    /// The regions named; `None` is every enabled region.
    pub wanted: Option<Vec<String>>,
}

impl Plan {
    /// Checks, in this order: the preset, the flags' values, the tag
    /// filter, then the flag combinations.
    pub fn new(cli: &Cli, config: Config) -> anyhow::Result<Plan> {
        let preset = match &cli.preset {
            Some(name) => Some(config.preset(name).map_err(anyhow::Error::msg)?),
            None => None,
        };
        let flags = cli.settings().map_err(anyhow::Error::msg)?;
        let start = Settings::merge(&flags, preset, &config.settings);
        let filter = TagFilter::parse_all(&start.tag)?;
        check_flags(cli)?;
        let wanted = match &start.regions {
            Regions::All => None,
            Regions::Named(list) => Some(list.clone()),
        };
        Ok(Plan {
            config,
            start,
            filter,
            wanted,
        })
    }
}

/// The flag combinations clap cannot refuse by itself.
pub fn check_flags(cli: &Cli) -> anyhow::Result<()> {
    if cli.changes && cli.output != OutputFormat::Json {
        anyhow::bail!("--changes needs --output json: changes are a list beside the resources");
    }
    if cli.changes && cli.no_cache {
        anyhow::bail!("--changes compares with the inventory cache of the last run; drop --no-cache");
    }
    if cli.metrics && cli.output != OutputFormat::Json {
        anyhow::bail!("--metrics needs --output json: metrics are series, which csv and table do not hold");
    }
    Ok(())
}

/// The accounts asked for: `--accounts-set` from the config, under the
/// flags (`--profile`, `--org-role`, `--accounts`), which win.
pub fn account_choice(cli: &Cli, config: &Config) -> anyhow::Result<AccountChoice> {
    let set = match &cli.accounts_set {
        Some(name) => config.account_set(name).map_err(anyhow::Error::msg)?.clone(),
        None => Default::default(),
    };
    let profiles = match &cli.profile {
        Some(list) => crate::cli::split_list(list),
        None => set.profiles,
    };
    let choice = AccountChoice {
        profiles,
        org_role: cli.org_role.clone().or(set.org_role),
        only: match &cli.accounts {
            Some(list) => crate::cli::split_list(list),
            None => set.accounts,
        },
    };
    if !choice.only.is_empty() && choice.profiles.len() < 2 && choice.org_role.is_none() {
        anyhow::bail!("--accounts keeps a subset of several accounts: name them with --profile a,b or --org-role ROLE");
    }
    Ok(choice)
}

/// Whether the choice is several accounts (a `Fleet` loaded up front)
/// rather than the one profile.
pub fn several(choice: &AccountChoice) -> bool {
    choice.profiles.len() > 1 || choice.org_role.is_some()
}

/// The AWS settings: the first profile of the choice, the endpoint (an
/// empty one is none) and the call timeout.
pub fn aws_settings(cli: &Cli, choice: &AccountChoice) -> AwsSettings {
    AwsSettings {
        profile_flag: choice.profiles.first().cloned(),
        endpoint_url: cli.endpoint_url.clone().filter(|u| !u.is_empty()),
        call_timeout: *cli.call_timeout,
        ..AwsSettings::default()
    }
}

/// The profile as shown and as the caches know it.
pub fn profile_name(choice: &CredentialChoice) -> String {
    match choice {
        CredentialChoice::Profile(p) => p.clone(),
        CredentialChoice::DefaultChain => "default chain".to_string(),
    }
}

/// The account the cost cache is kept under: an organization's figures
/// apart from its first account's, several profiles' under all their ids.
pub fn cost_key(org: bool, accounts: &[AccountInfo], account: &str) -> String {
    match (org, accounts.len()) {
        (true, _) => format!("{account}-org"),
        (false, 1) => account.to_string(),
        (false, _) => accounts.iter().map(|a| a.id.to_string()).collect::<Vec<_>>().join("+"),
    }
}

/// The cycle's regions over several accounts: `all` is every region
/// enabled in any account; a named list is kept as given (each account
/// polls those of them it has enabled).
pub fn fleet_regions<'a>(
    enabled: impl IntoIterator<Item = &'a Option<Vec<String>>>,
    wanted: Option<Vec<String>>,
) -> anyhow::Result<Vec<String>> {
    if let Some(list) = wanted {
        return Ok(list);
    }
    let mut all: Vec<String> = enabled.into_iter().flatten().flatten().cloned().collect();
    all.sort();
    all.dedup();
    if all.is_empty() {
        anyhow::bail!("cannot list the enabled regions of any account; name them with --regions");
    }
    Ok(all)
}

/// One account's regions: `all` means every enabled region; a named list
/// is checked against them, or kept as given when they cannot be listed.
pub fn check_regions<E: std::fmt::Display>(
    wanted: Option<Vec<String>>,
    enabled: Result<Vec<String>, E>,
) -> anyhow::Result<Vec<String>> {
    match (wanted, enabled) {
        (None, Ok(all)) => Ok(all),
        (None, Err(e)) => Err(anyhow::anyhow!(
            "cannot list the enabled regions ({e}); name them with --regions"
        )),
        (Some(list), Ok(all)) => {
            if let Some(bad) = list.iter().find(|r| !all.contains(r)) {
                anyhow::bail!(
                    "region \"{bad}\" in --regions is not enabled for this account (enabled: {})",
                    all.join(",")
                );
            }
            Ok(list)
        }
        (Some(list), Err(e)) => {
            tracing::warn!("DescribeRegions failed ({e}); using --regions as given");
            Ok(list)
        }
    }
}

/// The regions the TUI's first frame shows: those named, else those of
/// the cached listings (global ones aside), else none yet.
pub fn shown_regions(wanted: Option<&[String]>, cached: &[Cached]) -> Vec<String> {
    if let Some(list) = wanted {
        return list.to_vec();
    }
    let mut regions: Vec<String> = cached
        .iter()
        .map(|c| c.region.clone())
        .filter(|r| r != crate::model::GLOBAL)
        .collect();
    regions.sort();
    regions.dedup();
    regions
}

#[cfg(test)]
mod tests;
