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
use aws_monitor::snapshot::InventoryCache;
use clap::Parser;

fn main() -> ExitCode {
    tune_allocator();
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

/// glibc's allocator, set for a long-lived process that holds many small
/// rows and, for moments, large response pages: at most two arenas (one
/// per thread would each keep its own freed memory), and every block of
/// 64 KiB or more its own mapping, returned to the system when freed (by
/// default that bound rises with each large block freed, and later pages
/// then come from, and stay in, the heap). With 100,000 instances this
/// lowers the peak RSS by about a sixth (scripts/rss).
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called first thing in
    // main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 * 1024);
    }
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
    if cli.changes && cli.output != OutputFormat::Json {
        anyhow::bail!("--changes needs --output json: changes are a list beside the resources");
    }
    if cli.changes && cli.no_cache {
        anyhow::bail!("--changes compares with the inventory cache of the last run; drop --no-cache");
    }
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
        inventory_cache: None,
        quick_start: false,
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

    let profile = match &aws.choice {
        CredentialChoice::Profile(p) => p.clone(),
        CredentialChoice::DefaultChain => "default chain".to_string(),
    };
    let endpoint = settings.endpoint_url.clone();
    let cache_base = aws_monitor::paths::cache_dir();
    let use_cache = !cli.no_cache;
    let cost_settings = |account: &str| CostSettings {
        cache: Some(aws_monitor::cache::CostCache::new(
            cache_base.clone(),
            account,
            endpoint.as_deref(),
            *cli.cost_ttl,
        )),
        tag_key: cli.cost_tag.clone(),
    };
    // The inventory cache of the account (written after each listing; the
    // account remembered as the last seen for this profile and endpoint).
    // Several accounts' cost figures are cached apart from one account's.
    let cost_key = |fleet: &Fleet, account: &str| match (fleet.is_org(), fleet.len()) {
        (true, _) => format!("{account}-org"),
        (false, 1) => account.to_string(),
        (false, _) => fleet
            .infos()
            .iter()
            .map(|a| a.id.to_string())
            .collect::<Vec<_>>()
            .join("+"),
    };
    let inventory_cache = |account: &str| {
        use_cache.then(|| {
            if let Err(e) = InventoryCache::remember(&cache_base, &profile, endpoint.as_deref(), account) {
                tracing::warn!("inventory cache: {e}");
            }
            InventoryCache::new(cache_base.clone(), account, endpoint.as_deref())
        })
    };
    if !cli.once {
        // The TUI draws the cached estate of the account last seen for this
        // profile and endpoint at once; who we are comes after.
        let cached = use_cache
            .then(|| InventoryCache::last_account(&cache_base, &profile, endpoint.as_deref()))
            .flatten()
            .map(|account| {
                let cache = InventoryCache::new(cache_base.clone(), &account, endpoint.as_deref());
                let regions = wanted.clone().unwrap_or_else(|| cache.regions_on_disk());
                (account, cache.load_all(&regions))
            });
        let shown = wanted
            .clone()
            .or_else(|| {
                let mut r: Vec<String> = cached
                    .iter()
                    .flat_map(|(_, c)| c.iter().map(|c| c.region.clone()))
                    .filter(|r| r != aws_monitor::model::GLOBAL)
                    .collect();
                r.sort();
                r.dedup();
                (!r.is_empty()).then_some(r)
            })
            .unwrap_or_default();
        let aws = Arc::new(aws);
        let resolve = {
            let aws = aws.clone();
            async move {
                let (fleet, identity, regions) = resolve_fleet(several, aws.clone(), wanted).await?;
                let all_regions = match fleet.len() {
                    1 => aws.enabled_regions().await.unwrap_or_else(|_| regions.clone()),
                    _ => regions.clone(),
                };
                poller_config.cost = Some(cost_settings(&cost_key(&fleet, &identity.account)));
                poller_config.inventory_cache = inventory_cache(&identity.account);
                // The screen's first rows after one short round trip.
                poller_config.quick_start = true;
                Ok(aws_monitor::tui::Started {
                    identity,
                    all_regions,
                    regions,
                    accounts: fleet.infos(),
                    cost_plan: fleet.cost_plan(),
                    fleet,
                    poller: poller_config,
                })
            }
        };
        let setup = aws_monitor::tui::Setup {
            app: aws_monitor::app::Settings {
                profile: profile.clone(),
                identity: Identity {
                    account: "…".to_string(),
                    ..Identity::default()
                },
                all_regions: shown.clone(),
                regions: shown,
                interval: start.refresh,
                tag_filter: filter,
                keymap: config.keymap,
                log_path,
                // The accounts come with the start (`Started`).
                ..Default::default()
            },
            cached,
            view: start.view,
            presets: config.presets,
            findings: findings_settings,
        };
        aws_monitor::tui::run(setup, resolve).await?;
        return Ok(ExitCode::SUCCESS);
    }

    let (fleet, identity, regions) = resolve_fleet(several, Arc::new(aws), wanted).await?;
    let cost_settings = cost_settings(&cost_key(&fleet, &identity.account));
    // --once never reads the inventory cache for its rows; it writes it, so
    // the next start (and --changes) has the latest.
    poller_config.inventory_cache = inventory_cache(&identity.account);
    // What the last run left, read before this run overwrites it.
    let previous: std::collections::HashMap<_, _> = match (&poller_config.inventory_cache, cli.changes) {
        (Some(cache), true) => fleet
            .members()
            .iter()
            .flat_map(|m| {
                let id = m.info.id;
                cache
                    .of_account(id, fleet.len())
                    .load_all(&regions)
                    .into_iter()
                    .map(move |c| ((id, c.region, c.kind), c.resources))
            })
            .collect(),
        _ => Default::default(),
    };
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
    // The listings made whole from their pages, and cached.
    let fetches = poller::whole::listings(&mut rx, poller_config.inventory_cache.clone(), fleet.len());
    let changes = cli.changes.then(|| {
        fetches
            .iter()
            .filter_map(|f| match &f.outcome {
                aws_monitor::model::Outcome::Fresh(items) => previous
                    .get(&(f.account, f.region.clone(), f.kind))
                    .map(|before| aws_monitor::model::changes::diff(before, items, f.at)),
                _ => None,
            })
            .flatten()
            .collect()
    });
    let mut report = Report::new(chrono::Utc::now(), profile, identity, regions, fetches, &filter, stats);
    report.accounts = fleet.infos();
    report.changes = changes;
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
    Ok(ExitCode::from(report.exit_code(cli.fail_on)))
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

/// The accounts, the identity shown (the first account's) and the cycle's
/// regions: several accounts' as loaded, else the one profile's after its
/// identity call.
async fn resolve_fleet(
    several: Option<Fleet>,
    aws: Arc<Aws>,
    wanted: Option<Vec<String>>,
) -> anyhow::Result<(Fleet, Identity, Vec<String>)> {
    let Some(fleet) = several else {
        let identity = identify(&aws).await?;
        let regions = resolve_regions(&aws, wanted).await?;
        return Ok((Fleet::from(aws), identity, regions));
    };
    let first = fleet.first().ok_or_else(|| anyhow::anyhow!("no account to watch"))?;
    let identity = Identity {
        account: first.info.id.to_string(),
        source: first.info.source.clone(),
        ..Identity::default()
    };
    let regions = fleet_regions(&fleet, wanted)?;
    Ok((fleet, identity, regions))
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
