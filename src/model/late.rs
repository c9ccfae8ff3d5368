//! Facts of a row known only when its whole listing has ended: an
//! instance's STATUS (from the status checks, listed beside the
//! instances), an AMI's instance count, a snapshot's volume and AMIs.
//!
//! A listing that hands its rows on page by page keeps no copy of them, so
//! it cannot set those facts itself: its end sends a [`Fill`] instead, and
//! whoever holds the rows (the app) applies it. A listing that keeps its
//! rows applies the same `Fill` to them itself: one join either way.

use std::fmt;
use std::sync::Arc;

use super::{DetailKey, Resource};

/// A row's late details, as a function of the row: each of its kind's
/// late keys ([`crate::kinds::KindDef::late`]) with its value, or left out
/// when the listing that gives it failed.
type Late = dyn Fn(&Resource) -> Vec<(DetailKey, String)> + Send + Sync;

/// What completes each row of one listing with its late details.
#[derive(Clone)]
pub struct Fill(Arc<Late>);

impl Fill {
    pub fn new(late: impl Fn(&Resource) -> Vec<(DetailKey, String)> + Send + Sync + 'static) -> Fill {
        Fill(Arc::new(late))
    }

    /// Nothing late: the rows are whole as listed.
    pub fn none() -> Fill {
        Fill::new(|_| Vec::new())
    }

    /// Sets the row's late details.
    pub fn apply(&self, r: &mut Resource) {
        for (key, value) in (self.0)(r) {
            r.set(key, value);
        }
    }

    /// Whether the row already says what this fill says of each `late`
    /// key (absent, when it gives none): a row of the last listing,
    /// otherwise unchanged, is then kept as it is.
    pub fn holds(&self, r: &Resource, late: &[DetailKey]) -> bool {
        let values = (self.0)(r);
        late.iter().all(|k| {
            let want = values.iter().find(|(key, _)| key == k).map_or("", |(_, v)| v.as_str());
            r.detail_str(k) == want
        })
    }

    /// A copy of the row with its `late` details as this fill says (an
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

impl fmt::Debug for Fill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Fill")
    }
}

/// The same fill (events compare equal when they carry the same one).
impl PartialEq for Fill {
    fn eq(&self, other: &Fill) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::ec2_instance::{STATUS_CHECKS, TYPE};
    use crate::model::ResourceKind;

    fn row(id: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::Ec2Instance, "us-east-1", id);
        r.state = "running".into();
        r.set(TYPE, "t3.micro");
        r
    }

    /// STATUS `ok` for `i-1`, none for any other.
    fn fill() -> Fill {
        Fill::new(|r| match r.id.as_str() {
            "i-1" => vec![(STATUS_CHECKS, "ok".to_string())],
            _ => vec![],
        })
    }

    #[test]
    fn a_fill_sets_what_it_knows_and_says_whether_a_row_holds_it() {
        let (mut one, mut two) = (row("i-1"), row("i-2"));
        fill().apply(&mut one);
        fill().apply(&mut two);
        assert_eq!(one.detail_str(STATUS_CHECKS), "ok");
        assert!(!two.details.contains_key(STATUS_CHECKS.as_str()));
        assert!(fill().holds(&one, &[STATUS_CHECKS]) && fill().holds(&two, &[STATUS_CHECKS]));
        assert!(!fill().holds(&row("i-1"), &[STATUS_CHECKS]), "no STATUS yet");

        let mut stale = row("i-2");
        stale.set(STATUS_CHECKS, "impaired");
        assert!(!fill().holds(&stale, &[STATUS_CHECKS]), "the fill knows none for i-2");
        let renewed = fill().refilled(&stale, &[STATUS_CHECKS]);
        assert_eq!(renewed, row("i-2"), "a late detail the fill does not give is dropped");
        let mut old = row("i-1");
        old.set(STATUS_CHECKS, "impaired");
        assert_eq!(fill().refilled(&old, &[STATUS_CHECKS]).detail_str(STATUS_CHECKS), "ok");
    }

    #[test]
    fn fills_are_equal_only_to_themselves() {
        let f = fill();
        assert_eq!(f, f.clone());
        assert_ne!(f, fill());
    }
}
