//! Facts of a row known only when its whole listing has ended: an
//! instance's STATUS (from the status checks, listed beside the
//! instances), an AMI's instance count, a snapshot's volume and AMIs, a
//! VPC's subnet count.
//!
//! Every listing hands its rows on page by page and keeps none, so it
//! cannot set those facts itself: its end brings them as [`Late`], plain
//! data keyed by row id, and whoever holds the rows (the app, or the
//! `--once` collector) applies them with [`Late::apply`]. A listing with
//! nothing late ends with [`Late::none`].

mod checks;

use std::collections::{BTreeMap, BTreeSet};

use compact_str::CompactString;

pub use checks::{Checks, NOT_RUNNING};

use super::{DetailKey, Resource};

/// One late fact of a listing's rows: the detail `key` it sets on each row,
/// and the data, by row id, that says its value.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// Each instance's STATUS from its status checks ([`Checks::status`]).
    Checks { key: DetailKey, checks: Checks },
    /// The count for the row's id, 0 when it is not named: the instances
    /// running an AMI, the subnets of a VPC.
    Count {
        key: DetailKey,
        by_id: BTreeMap<CompactString, u32>,
    },
    /// `yes` when the row's `of` detail names one of `ids`, else `no`:
    /// whether a snapshot's volume still exists.
    Exists {
        key: DetailKey,
        of: DetailKey,
        ids: BTreeSet<CompactString>,
    },
    /// The ids named for the row's id, joined by commas, `none` when none:
    /// the AMIs that use a snapshot.
    Named {
        key: DetailKey,
        by_id: BTreeMap<CompactString, Vec<CompactString>>,
    },
}

impl Fact {
    /// The detail this fact sets on `r`, with its value.
    fn value(&self, r: &Resource) -> (DetailKey, String) {
        let id = r.id.as_str();
        match self {
            Fact::Checks { key, checks } => (*key, checks.status(id, &r.state).to_string()),
            Fact::Count { key, by_id } => (*key, by_id.get(id).copied().unwrap_or(0).to_string()),
            Fact::Exists { key, of, ids } => {
                let named = r.detail_str(of);
                let yes = !named.is_empty() && ids.contains(named);
                (*key, if yes { "yes" } else { "no" }.to_string())
            }
            Fact::Named { key, by_id } => match by_id.get(id).filter(|ids| !ids.is_empty()) {
                Some(ids) => (*key, ids.join(",")),
                None => (*key, "none".to_string()),
            },
        }
    }
}

/// What completes each row of one listing: its late facts, each left out
/// when the listing that gives it failed (none, for a listing with nothing
/// late). Plain data: a test prints and compares it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Late(Vec<Fact>);

impl Late {
    /// Nothing late: the rows are whole as listed.
    pub fn none() -> Late {
        Late::default()
    }

    /// These facts, in the order they are set.
    pub fn of(facts: impl IntoIterator<Item = Fact>) -> Late {
        Late(facts.into_iter().collect())
    }

    pub fn facts(&self) -> &[Fact] {
        &self.0
    }

    /// The late details of `r`, each with its value.
    fn values(&self, r: &Resource) -> Vec<(DetailKey, String)> {
        self.0.iter().map(|f| f.value(r)).collect()
    }

    /// Sets the row's late details.
    pub fn apply(&self, r: &mut Resource) {
        for (key, value) in self.values(r) {
            r.set(key, value);
        }
    }

    /// Whether the row already says what these facts say of each `late`
    /// key (absent, when they give none): a row of the last listing,
    /// otherwise unchanged, is then kept as it is.
    pub fn holds(&self, r: &Resource, late: &[DetailKey]) -> bool {
        let values = self.values(r);
        late.iter().all(|k| {
            let want = values.iter().find(|(key, _)| key == k).map_or("", |(_, v)| v.as_str());
            r.detail_str(k) == want
        })
    }

    /// A copy of the row with its `late` details as these facts say (an
    /// old row whose late facts changed).
    pub fn refilled(&self, r: &Resource, late: &[DetailKey]) -> Resource {
        let mut new = r.clone();
        for k in late {
            new.details.remove(k.as_str());
        }
        self.apply(&mut new);
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResourceKind;

    const STATUS: DetailKey = DetailKey::new("status_checks");
    const TYPE: DetailKey = DetailKey::new("type");

    fn row(id: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::Ec2Instance, "us-east-1", id);
        r.state = "running".into();
        r.set(TYPE, "t3.micro");
        r
    }

    /// STATUS `ok` for `i-1`, none known for any other.
    fn late() -> Late {
        let mut checks = Checks::default();
        checks.push("i-1", "ok");
        Late::of([Fact::Checks {
            key: STATUS,
            checks: checks.sorted(),
        }])
    }

    #[test]
    fn late_facts_set_what_they_know_and_say_whether_a_row_holds_it() {
        let (mut one, mut two) = (row("i-1"), row("i-2"));
        late().apply(&mut one);
        late().apply(&mut two);
        assert_eq!(one.detail_str(STATUS), "ok");
        assert_eq!(two.detail_str(STATUS), "insufficient-data");
        assert!(late().holds(&one, &[STATUS]) && late().holds(&two, &[STATUS]));
        assert!(!late().holds(&row("i-1"), &[STATUS]), "no STATUS yet");
        assert!(Late::none().holds(&row("i-1"), &[STATUS]), "nothing late, none set");

        let mut old = row("i-1");
        old.set(STATUS, "impaired");
        assert!(!late().holds(&old, &[STATUS]));
        assert_eq!(late().refilled(&old, &[STATUS]).detail_str(STATUS), "ok");
        assert_eq!(
            Late::none().refilled(&old, &[STATUS]),
            row("i-1"),
            "a late detail not given is dropped"
        );
    }

    #[test]
    fn counts_links_and_names_by_row_id() {
        let (count, volume, exists, amis) = (
            DetailKey::new("instances"),
            DetailKey::new("volume"),
            DetailKey::new("volume_exists"),
            DetailKey::new("ami"),
        );
        let late = Late::of([
            Fact::Count {
                key: count,
                by_id: BTreeMap::from([("snap-1".into(), 2)]),
            },
            Fact::Exists {
                key: exists,
                of: volume,
                ids: BTreeSet::from(["vol-1".into()]),
            },
            Fact::Named {
                key: amis,
                by_id: BTreeMap::from([("snap-1".into(), vec!["ami-1".into(), "ami-2".into()])]),
            },
        ]);
        let snapshot = |id: &str, vol: &str| {
            let mut r = Resource::new(ResourceKind::EbsSnapshot, "us-east-1", id);
            r.set(volume, vol);
            late.apply(&mut r);
            [count, exists, amis].map(|k| r.detail_str(k).to_string())
        };
        assert_eq!(snapshot("snap-1", "vol-1"), ["2", "yes", "ami-1,ami-2"]);
        assert_eq!(snapshot("snap-2", "vol-2"), ["0", "no", "none"]);
        assert_eq!(
            snapshot("snap-3", ""),
            ["0", "no", "none"],
            "no volume: it does not exist"
        );
    }

    #[test]
    fn late_facts_print_and_compare_as_data() {
        assert_eq!(late(), late(), "equal by what they say");
        assert_ne!(late(), Late::none());
        assert!(format!("{:?}", late()).contains(r#"{"i-1": "ok"}"#), "{:?}", late());
    }
}
