//! Entry point: parse flags, set up AWS, then run `whoami`, one headless
//! cycle (`--once`), or the TUI. Every failure is one line on stderr.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use aws_monitor::aws::actions::{Feature, policy_json};
use aws_monitor::aws::{AccountChoice, Aws, AwsSettings, CredentialChoice, Fleet};
use aws_monitor::cli::{Cli, Cmd, ConfigCmd, OutputFormat};
use aws_monitor::model::{Identity, TagFilter, one_line};
use aws_monitor::output::Report;
use aws_monitor::poller::{self, CostSettings, PollerConfig};
use aws_monitor::presets::{Regions, Settings};
use clap::Parser;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("aws-monitor: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("aws-monitor: {}", one_line(format_args!("{e:#}")));
            ExitCode::FAILURE
        }
    };
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    code
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some(Cmd::Policy { features }) = &cli.command {
        let features = if features.is_empty() {
            Feature::ALL
        } else {
            features.as_slice()
        };
        std::io::stdout().lock().write_all(policy_json(features).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    match &cli.command {
        Some(Cmd::Completions { shell }) => {
            aws_monitor::cli::completions(*shell, &mut std::io::stdout().lock());
            return Ok(ExitCode::SUCCESS);
        }
        Some(Cmd::Man) => {
            aws_monitor::cli::man_page(&mut std::io::stdout().lock())?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Cmd::Config(ConfigCmd::Init { force })) => {
            let path = cli.config.clone().unwrap_or_else(aws_monitor::paths::config_file);
            aws_monitor::config::init(&path, *force).map_err(anyhow::Error::msg)?;
            println!("wrote {}", path.display());
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let config = aws_monitor::config::load(cli.config.as_deref()).map_err(anyhow::Error::msg)?;
    let preset = match &cli.preset {
        Some(name) => Some(config.preset(name).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let flags = cli.settings().map_err(anyhow::Error::msg)?;
    let start = Settings::merge(&flags, preset, &config.settings);
    let filter = TagFilter::parse_all(&start.tag)?;
    if cli.metrics && cli.output != OutputFormat::Json {
        anyhow::bail!("--metrics needs --output json: metrics are series, which csv and table do not hold");
    }
    let wanted = match &start.regions {
        Regions::All => None,
        Regions::Named(list) => Some(list.clone()),
    };
    let findings_settings = config.findings.clone();
    let log_path = aws_monitor::logging::init().ok().map(|p| p.display().to_string());
    let choice = account_choice(&cli, &config)?;
    let multi = choice.profiles.len() > 1 || choice.org_role.is_some();
    let settings = AwsSettings {
        profile_flag: choice.profiles.first().cloned(),
        endpoint_url: cli.endpoint_url.clone().filter(|u| !u.is_empty()),
        call_timeout: *cli.call_timeout,
        ..AwsSettings::default()
    };
    let several = match multi {
        true => Some(Fleet::load(&settings, &choice).await?),
        false => None,
    };
    if let Some(fleet) = &several {
        if let Some(Cmd::Whoami) = cli.command {
            return whoami_all(fleet).await;
        }
        if let Some(Cmd::Doctor) = cli.command {
            let mut code = 0;
            let mut out = std::io::stdout().lock();
            for m in fleet.members() {
                writeln!(out, "== account {} {} ({})", m.info.id, m.info.name, m.info.source)?;
                let findings = aws_monitor::doctor::run(&m.aws, wanted.clone()).await;
                out.write_all(aws_monitor::doctor::render(&findings).as_bytes())?;
                code = code.max(findings.code);
            }
            return Ok(ExitCode::from(code));
        }
    }
    let aws = Aws::load(&settings).await?;
    let mut poller_config = PollerConfig {
        interval: start.refresh,
        concurrency: cli.concurrency.into(),
        call_timeout: *cli.call_timeout,
        cost: None,
    };

    if let Some(Cmd::Whoami) = cli.command {
        let identity = identify(&aws).await?;
        let user = aws.user_name(&identity).await;
        let mut out = std::io::stdout().lock();
        writeln!(out, "Account:     {}", identity.account)?;
        writeln!(out, "ARN:         {}", identity.arn)?;
        if let Some(user) = user {
            writeln!(out, "User:        {user}")?;
        }
        writeln!(out, "Credentials: {}", identity.source)?;
        writeln!(out, "Region:      {}", aws.home_region())?;
        return Ok(ExitCode::SUCCESS);
    }

    if let Some(Cmd::Doctor) = cli.command {
        let findings = aws_monitor::doctor::run(&aws, wanted).await;
        std::io::stdout()
            .lock()
            .write_all(aws_monitor::doctor::render(&findings).as_bytes())?;
        return Ok(ExitCode::from(findings.code));
    }

    let (fleet, identity, regions) = if let Some(fleet) = several {
        let first = fleet.first().ok_or_else(|| anyhow::anyhow!("no account to watch"))?;
        let identity = Identity {
            account: first.info.id.to_string(),
            source: first.info.source.clone(),
            ..Identity::default()
        };
        let regions = fleet_regions(&fleet, wanted)?;
        (fleet, identity, regions)
    } else {
        let identity = identify(&aws).await?;
        let regions = resolve_regions(&aws, wanted).await?;
        (Fleet::from(Arc::new(aws)), identity, regions)
    };
    let aws = fleet
        .first()
        .map(|m| m.aws.clone())
        .ok_or_else(|| anyhow::anyhow!("no account to watch"))?;
    // The figures of several accounts are cached apart from one account's.
    let cost_key = match (fleet.is_org(), fleet.len()) {
        (true, _) => format!("{}-org", identity.account),
        (false, 1) => identity.account.clone(),
        (false, _) => fleet
            .infos()
            .iter()
            .map(|a| a.id.to_string())
            .collect::<Vec<_>>()
            .join("+"),
    };
    let cost_settings = CostSettings {
        cache: Some(aws_monitor::cache::CostCache::new(
            aws_monitor::paths::cache_dir(),
            &cost_key,
            settings.endpoint_url.as_deref(),
            *cli.cost_ttl,
        )),
        tag_key: cli.cost_tag.clone(),
    };
    let profile = match &aws.choice {
        CredentialChoice::Profile(p) => p.clone(),
        CredentialChoice::DefaultChain => "default chain".to_string(),
    };
    if cli.once {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        // Cost Explorer does not depend on the inventory: both run at once.
        let (stats, cost) = tokio::join!(
            poller::run_cycle(fleet.clone(), 1, regions.clone(), poller_config.clone(), tx),
            async {
                match cli.cost {
                    true => Some(poller::cost_figures(&fleet, &cost_settings, None).await),
                    false => None,
                }
            }
        );
        let mut fetches = Vec::new();
        while let Ok(event) = rx.try_recv() {
            if let poller::Event::Inventory { fetch, .. } = event {
                fetches.push(fetch);
            }
        }
        let mut report = Report::new(chrono::Utc::now(), profile, identity, regions, fetches, &filter, stats);
        report.accounts = fleet.infos();
        if let Some(poller::Event::Cost { result, calls, cached }) = &cost {
            report.cost = Some(aws_monitor::model::cost::CostReport::new(
                result.as_deref(),
                calls,
                *cached,
            ));
        }
        if cli.metrics {
            let deadline = aws_monitor::aws::job_deadline(poller_config.call_timeout);
            let source = Arc::new(fleet.clone());
            report.add_metrics(poller::metrics::fetch_once(&source, &report.resources, deadline).await);
        }
        if cli.findings || cli.fail_on.is_some() {
            report.add_findings(&findings_settings, chrono::Utc::now());
        }
        let mut out = std::io::stdout().lock();
        match cli.output {
            OutputFormat::Json => report.write_json(&mut out)?,
            OutputFormat::Csv => report.write_csv(&mut out)?,
            OutputFormat::Table => report.write_table(&mut out)?,
        }
        return Ok(ExitCode::from(report.exit_code(cli.fail_on)));
    }
    let all_regions = aws.enabled_regions().await.unwrap_or_else(|_| regions.clone());
    poller_config.cost = Some(cost_settings);
    let setup = aws_monitor::tui::Setup {
        app: aws_monitor::app::Settings {
            profile,
            identity,
            all_regions,
            regions,
            accounts: fleet.infos(),
            cost_plan: fleet.cost_plan(),
            interval: poller_config.interval,
            tag_filter: filter,
            keymap: config.keymap,
            log_path,
        },
        poller: poller_config,
        view: start.view,
        presets: config.presets,
        findings: findings_settings,
    };
    aws_monitor::tui::run(fleet, setup).await?;
    Ok(ExitCode::SUCCESS)
}

/// The accounts asked for: `--accounts-set` from the config, under the
/// flags (`--profile`, `--org-role`, `--accounts`), which win.
fn account_choice(cli: &Cli, config: &aws_monitor::config::Config) -> anyhow::Result<AccountChoice> {
    let set = match &cli.accounts_set {
        Some(name) => config.account_set(name).map_err(anyhow::Error::msg)?.clone(),
        None => Default::default(),
    };
    let profiles = match &cli.profile {
        Some(list) => aws_monitor::cli::split_list(list),
        None => set.profiles,
    };
    let choice = AccountChoice {
        profiles,
        org_role: cli.org_role.clone().or(set.org_role),
        only: match &cli.accounts {
            Some(list) => aws_monitor::cli::split_list(list),
            None => set.accounts,
        },
    };
    if !choice.only.is_empty() && choice.profiles.len() < 2 && choice.org_role.is_none() {
        anyhow::bail!("--accounts keeps a subset of several accounts: name them with --profile a,b or --org-role ROLE");
    }
    Ok(choice)
}

/// `whoami` for several accounts: one line each, with its ARN or its error.
async fn whoami_all(fleet: &Fleet) -> anyhow::Result<ExitCode> {
    let answers = futures::future::join_all(fleet.members().iter().map(|m| m.aws.identity())).await;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Accounts:    {}", fleet.len())?;
    let mut code = ExitCode::SUCCESS;
    for (m, who) in fleet.members().iter().zip(answers) {
        let what = match (m.error(), who) {
            (Some(e), _) | (None, Err(e)) => {
                code = ExitCode::from(2);
                format!("error: {e}")
            }
            (None, Ok(i)) => i.arn,
        };
        writeln!(out, "  {}  {:<20} {:<40} {what}", m.info.id, m.info.name, m.info.source)?;
    }
    Ok(code)
}

/// The cycle's regions over several accounts: `all` is every region
/// enabled in any account; a named list is kept as given (each account
/// polls those of them it has enabled).
fn fleet_regions(fleet: &Fleet, wanted: Option<Vec<String>>) -> anyhow::Result<Vec<String>> {
    if let Some(list) = wanted {
        return Ok(list);
    }
    let mut all: Vec<String> = fleet
        .members()
        .iter()
        .flat_map(|m| m.regions.iter().flatten().cloned())
        .collect();
    all.sort();
    all.dedup();
    if all.is_empty() {
        anyhow::bail!("cannot list the enabled regions of any account; name them with --regions");
    }
    Ok(all)
}

/// Resolves credentials and asks STS who we are; each failure is one
/// actionable line.
async fn identify(aws: &Aws) -> anyhow::Result<Identity> {
    aws.check_credentials().await?;
    aws.identity().await.map_err(|e| aws.rejected(e).into())
}

/// `all` means every enabled region; a named list is checked against it.
async fn resolve_regions(aws: &Aws, wanted: Option<Vec<String>>) -> anyhow::Result<Vec<String>> {
    let enabled = aws.enabled_regions().await;
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
