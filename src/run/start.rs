//! Start-up: who we are, the accounts and the regions of the cycle, the
//! caches of the account, and the TUI's start (its first frame from the
//! cache, then the resolved start). The decisions are in [`super::plan`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::plan::{self, Plan};
use crate::aws::{Aws, Fleet};
use crate::cli::Cli;
use crate::model::Identity;
use crate::poller::{CostSettings, PollerConfig};
use crate::snapshot::{Cached, InventoryCache};

/// Resolves credentials and asks STS who we are; each failure is one
/// actionable line.
pub async fn identify(aws: &Aws) -> anyhow::Result<Identity> {
    aws.check_credentials().await?;
    aws.identity().await.map_err(|e| aws.rejected(e).into())
}

/// The accounts, the identity shown (the first account's) and the cycle's
/// regions: several accounts' as loaded, else the one profile's after its
/// identity call.
pub async fn resolve_fleet(
    several: Option<Fleet>,
    aws: Arc<Aws>,
    wanted: Option<Vec<String>>,
) -> anyhow::Result<(Fleet, Identity, Vec<String>)> {
    let Some(fleet) = several else {
        let identity = identify(&aws).await?;
        let regions = plan::check_regions(wanted, aws.enabled_regions().await)?;
        return Ok((Fleet::from(aws), identity, regions));
    };
    let first = fleet.first().ok_or_else(|| anyhow::anyhow!("no account to watch"))?;
    let identity = Identity {
        account: first.info.id.to_string(),
        source: first.info.source.clone(),
        ..Identity::default()
    };
    let regions = plan::fleet_regions(fleet.members().iter().map(|m| &m.regions), wanted)?;
    Ok((fleet, identity, regions))
}

/// The caches of a profile and endpoint: cost figures and the inventory,
/// per account.
pub struct Caches {
    base: PathBuf,
    /// The profile, as shown (`plan::profile_name`).
    pub profile: String,
    endpoint: Option<String>,
    /// `--no-cache` reads and writes no inventory.
    inventory: bool,
    cost_ttl: Duration,
    cost_tag: Option<String>,
}

impl Caches {
    pub fn new(cli: &Cli, profile: String, endpoint: Option<String>) -> Caches {
        Caches {
            base: crate::paths::cache_dir(),
            profile,
            endpoint,
            inventory: !cli.no_cache,
            cost_ttl: *cli.cost_ttl,
            cost_tag: cli.cost_tag.clone(),
        }
    }

    /// Cost Explorer's settings for the accounts of `fleet`, `account`
    /// first. Several accounts' cost figures are cached apart from one
    /// account's.
    pub fn cost(&self, fleet: &Fleet, account: &str) -> CostSettings {
        let key = plan::cost_key(fleet.is_org(), &fleet.infos(), account);
        CostSettings {
            cache: Some(crate::cache::CostCache::new(
                self.base.clone(),
                &key,
                self.endpoint.as_deref(),
                self.cost_ttl,
            )),
            tag_key: self.cost_tag.clone(),
        }
    }

    /// The inventory cache of the account (written after each listing; the
    /// account remembered as the last seen for this profile and endpoint).
    pub fn inventory(&self, account: &str) -> Option<InventoryCache> {
        self.inventory.then(|| {
            if let Err(e) = InventoryCache::remember(&self.base, &self.profile, self.endpoint.as_deref(), account) {
                tracing::warn!("inventory cache: {e}");
            }
            InventoryCache::new(self.base.clone(), account, self.endpoint.as_deref())
        })
    }

    /// The account last seen for this profile and endpoint, and its cached
    /// listings of the regions named (else of every region on disk).
    pub fn last_seen(&self, wanted: Option<&[String]>) -> Option<(String, Vec<Cached>)> {
        let endpoint = self.endpoint.as_deref();
        let account = self
            .inventory
            .then(|| InventoryCache::last_account(&self.base, &self.profile, endpoint))
            .flatten()?;
        let cache = InventoryCache::new(self.base.clone(), &account, endpoint);
        let regions = wanted
            .map(<[String]>::to_vec)
            .unwrap_or_else(|| cache.regions_on_disk());
        let listings = cache.load_all(&regions);
        Some((account, listings))
    }
}

/// The TUI: the cached estate of the account last seen for this profile
/// and endpoint is drawn at once; who we are, the accounts and the regions
/// come after, in the start it is given.
pub async fn tui(
    plan: Plan,
    caches: &Caches,
    several: Option<Fleet>,
    aws: Aws,
    mut poller: PollerConfig,
    log_path: Option<String>,
) -> anyhow::Result<()> {
    let cached = caches.last_seen(plan.wanted.as_deref());
    let shown = plan::shown_regions(
        plan.wanted.as_deref(),
        cached.as_ref().map(|(_, c)| c.as_slice()).unwrap_or_default(),
    );
    let aws = Arc::new(aws);
    let wanted = plan.wanted;
    let start = async move {
        let (fleet, identity, regions) = resolve_fleet(several, aws.clone(), wanted).await?;
        let all_regions = match fleet.len() {
            1 => aws.enabled_regions().await.unwrap_or_else(|_| regions.clone()),
            _ => regions.clone(),
        };
        poller.cost = Some(caches.cost(&fleet, &identity.account));
        poller.inventory_cache = caches.inventory(&identity.account);
        // The screen's first rows after one short round trip.
        poller.quick_start = true;
        Ok(crate::tui::Started {
            identity,
            all_regions,
            regions,
            accounts: fleet.infos(),
            cost_plan: fleet.cost_plan(),
            fleet,
            poller,
        })
    };
    let setup = crate::tui::Setup {
        app: crate::app::Settings {
            profile: caches.profile.clone(),
            identity: Identity {
                account: "…".to_string(),
                ..Identity::default()
            },
            all_regions: shown.clone(),
            regions: shown,
            interval: plan.start.refresh,
            tag_filter: plan.filter,
            keymap: plan.config.keymap,
            log_path,
            // The accounts come with the start (`Started`).
            ..Default::default()
        },
        cached,
        view: plan.start.view,
        presets: plan.config.presets,
        findings: plan.config.findings,
    };
    crate::tui::run(setup, start).await
}
