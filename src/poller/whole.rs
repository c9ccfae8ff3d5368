//! Listings made whole without a screen (`--once`): the owner of the rows
//! when no app holds them. It gathers each listing's pages as the app
//! does, completes them at the listing's end with its late facts
//! ([`Late::apply`], the app's function too), and writes the finished
//! listing with the one cache writer ([`InventoryCache::write_listing`],
//! which the app's `Command::Store` reaches too).
//!
//! [`Late::apply`]: crate::model::Late::apply

use std::collections::HashMap;

use tokio::sync::mpsc;

use crate::model::{AccountId, End, Fetch, Outcome, Resource, ResourceKind};
use crate::protocol::Event;
use crate::snapshot::InventoryCache;

/// The listings of a cycle as they arrive, page by page.
#[derive(Debug, Default)]
pub struct Whole {
    /// Each running listing's rows so far.
    pages: HashMap<(AccountId, String, ResourceKind), Vec<Resource>>,
    /// Where each finished listing is written, of how many accounts.
    cache: Option<(InventoryCache, usize)>,
}

impl Whole {
    /// Listings of `accounts` accounts, each written to `cache` as it ends
    /// (`None`: not cached).
    pub fn new(cache: Option<InventoryCache>, accounts: usize) -> Whole {
        Whole {
            pages: HashMap::new(),
            cache: cache.map(|c| (c, accounts)),
        }
    }

    /// Takes one event: a page's rows are kept; a listing's end gives the
    /// listing whole (its rows completed, and cached) or its error. Any
    /// other event gives nothing.
    pub fn take(&mut self, event: Event) -> Option<Fetch> {
        match event {
            Event::Page {
                account,
                region,
                kind,
                items,
                ..
            } => {
                self.pages.entry((account, region, kind)).or_default().extend(items);
                None
            }
            Event::Inventory { fetch, .. } => {
                let key = (fetch.account, fetch.region.clone(), fetch.kind);
                let mut rows = self.pages.remove(&key).unwrap_or_default();
                let outcome = match &fetch.outcome {
                    End::Listed(late) => {
                        rows.iter_mut().for_each(|r| late.apply(r));
                        if let Some((cache, accounts)) = &self.cache {
                            cache.write_listing(*accounts, key.0, &key.1, key.2, fetch.at, &rows);
                        }
                        Outcome::Fresh(rows)
                    }
                    End::Failed(e) => Outcome::Failed(e.clone()),
                };
                Some(fetch.with(outcome))
            }
            _ => None,
        }
    }
}

/// Every listing whose end is waiting in `events`, made whole, in the
/// order they ended (what `--once` reports).
pub fn listings(
    events: &mut mpsc::UnboundedReceiver<Event>,
    cache: Option<InventoryCache>,
    accounts: usize,
) -> Vec<Fetch> {
    let mut whole = Whole::new(cache, accounts);
    let mut out = Vec::new();
    while let Ok(event) = events.try_recv() {
        out.extend(whole.take(event));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AwsError, Fact, Late};

    const COUNT: crate::model::DetailKey = crate::model::DetailKey::new("subnet_count");

    fn page(id: &str) -> Event {
        let row = Resource::new(ResourceKind::Vpc, "eu-west-1", id);
        Event::page(
            1,
            AccountId::default(),
            "eu-west-1".into(),
            ResourceKind::Vpc,
            vec![row],
        )
    }

    fn end(outcome: End) -> Event {
        Event::Inventory {
            cycle: 1,
            fetch: Fetch {
                account: AccountId::default(),
                region: "eu-west-1".into(),
                kind: ResourceKind::Vpc,
                outcome,
                at: chrono::DateTime::UNIX_EPOCH,
                calls: Default::default(),
                duration: Default::default(),
            },
        }
    }

    #[test]
    fn pages_are_made_whole_at_the_end_and_written_once() {
        let dir = tempfile::tempdir().expect("dir");
        let cache = InventoryCache::new(dir.path().to_path_buf(), "123456789012", None);
        let mut whole = Whole::new(Some(cache.clone()), 1);
        assert_eq!(whole.take(page("vpc-a")), None);
        assert_eq!(whole.take(page("vpc-b")), None);
        assert!(
            cache.load("eu-west-1", ResourceKind::Vpc).is_none(),
            "nothing written before the end"
        );
        let late = Late::of([Fact::Count {
            key: COUNT,
            by_id: [("vpc-a".into(), 2)].into(),
        }]);
        let fetch = whole.take(end(End::Listed(late))).expect("the listing");
        let Outcome::Fresh(rows) = &fetch.outcome else {
            panic!("{fetch:?}")
        };
        let counts: Vec<&str> = rows.iter().map(|r| r.detail_str(COUNT)).collect();
        assert_eq!(counts, ["2", "0"], "completed by its late facts");
        let written = cache.load("eu-west-1", ResourceKind::Vpc).expect("written");
        assert_eq!(&written.resources, rows);

        // A failed listing drops its pages and writes nothing.
        let failed = InventoryCache::new(dir.path().to_path_buf(), "210987654321", None);
        let mut whole = Whole::new(Some(failed.clone()), 1);
        whole.take(page("vpc-c"));
        let err = AwsError::new("Timeout", "no answer");
        let fetch = whole.take(end(End::Failed(err.clone()))).expect("the end");
        assert_eq!(fetch.outcome, Outcome::Failed(err));
        assert!(failed.load("eu-west-1", ResourceKind::Vpc).is_none());
        assert!(whole.pages.is_empty());
    }
}
