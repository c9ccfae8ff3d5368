//! Cost figures for the poller: a first load from the disk cache (or one
//! fetch), then a fetch only on `Command::RefreshCost`.

use tokio::sync::mpsc;

use crate::aws::Fleet;
use crate::cache::CostCache;
use crate::model::CallCount;
use crate::model::cost::CostSnapshot;
use crate::protocol::Event;

/// How the poller gets cost figures.
#[derive(Debug, Clone)]
pub struct CostSettings {
    /// The disk cache; `None` always asks Cost Explorer.
    pub cache: Option<CostCache>,
    /// The tag key asked at start (`--cost-tag`): cached figures for another
    /// key are not used. Without one, the cached figures' key is kept.
    pub tag_key: Option<String>,
}

/// Cost Explorer for every account ([`Fleet::cost`]).
pub(super) async fn load_cost(
    fleet: Fleet,
    settings: CostSettings,
    refresh: Option<Option<String>>,
    events: mpsc::UnboundedSender<Event>,
) {
    let _ = events.send(cost_figures(&fleet, &settings, refresh).await);
}

/// An `Event::Cost`: from a fresh cache when `refresh` is `None` (a first
/// load) and the cache holds the tag key asked for (if any), else from Cost
/// Explorer by the tag key given, stored in the cache.
pub async fn cost_figures(fleet: &Fleet, settings: &CostSettings, refresh: Option<Option<String>>) -> Event {
    let now = chrono::Utc::now();
    let cached = settings.cache.as_ref().and_then(|c| c.load_any());
    let tag_key = match refresh {
        Some(key) => key,
        None => {
            let usable = |s: &&CostSnapshot| {
                settings.cache.as_ref().is_some_and(|c| c.is_fresh(s, now))
                    && settings.tag_key.as_deref().is_none_or(|k| s.tag_key() == Some(k))
            };
            if let Some(s) = cached.as_ref().filter(usable) {
                return Event::Cost {
                    result: Ok(Box::new(s.clone())),
                    calls: CallCount::default(),
                    cached: true,
                };
            }
            settings
                .tag_key
                .clone()
                .or_else(|| cached.as_ref().and_then(|s| s.tag_key().map(str::to_string)))
        }
    };
    let fetch = fleet.cost(now, tag_key.as_deref()).await;
    if let (Ok(snapshot), Some(cache)) = (&fetch.result, &settings.cache)
        && let Err(e) = cache.store(snapshot)
    {
        tracing::warn!("cannot write the cost cache {}: {e}", cache.path().display());
    }
    Event::Cost {
        result: fetch.result.map(Box::new),
        calls: fetch.calls,
        cached: false,
    }
}
