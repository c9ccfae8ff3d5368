//! What changed between two listings of one (region, kind): resources
//! added, removed, and whose state changed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Resource, ResourceKind};

/// What happened to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    State,
}

impl ChangeKind {
    /// The mark shown beside a resource, readable without colour.
    pub fn mark(self) -> &'static str {
        match self {
            ChangeKind::Added => "+",
            ChangeKind::Removed => "−",
            ChangeKind::State => "~",
        }
    }
}

/// One change, as `--once --changes` prints it and the `:changes` view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub change: ChangeKind,
    pub kind: ResourceKind,
    pub region: String,
    pub id: String,
    /// The state before (empty when added).
    pub from: String,
    /// The state after (empty when removed).
    pub to: String,
    /// When the listing that showed it arrived.
    #[serde(skip)]
    pub at: DateTime<Utc>,
}

/// The changes from `before` to `after` (one listing each), in the order
/// of `after`, then the removed in the order of `before`.
pub fn diff(before: &[impl AsRef<Resource>], after: &[impl AsRef<Resource>], at: DateTime<Utc>) -> Vec<Change> {
    let old: HashMap<(&str, &str), &Resource> = before
        .iter()
        .map(|r| r.as_ref())
        .map(|r| ((r.region.as_str(), r.id.as_str()), r))
        .collect();
    let new: HashMap<(&str, &str), &Resource> = after
        .iter()
        .map(|r| r.as_ref())
        .map(|r| ((r.region.as_str(), r.id.as_str()), r))
        .collect();
    let change = |change, r: &Resource, from: &str, to: &str| Change {
        change,
        kind: r.kind,
        region: r.region.clone(),
        id: r.id.clone(),
        from: from.to_string(),
        to: to.to_string(),
        at,
    };
    let mut out = Vec::new();
    for r in after.iter().map(|r| r.as_ref()) {
        match old.get(&(r.region.as_str(), r.id.as_str())) {
            None => out.push(change(ChangeKind::Added, r, "", &r.state)),
            Some(o) if o.state != r.state => out.push(change(ChangeKind::State, r, &o.state, &r.state)),
            Some(_) => {}
        }
    }
    for r in before.iter().map(|r| r.as_ref()) {
        if !new.contains_key(&(r.region.as_str(), r.id.as_str())) {
            out.push(change(ChangeKind::Removed, r, &r.state, ""));
        }
    }
    out
}

impl AsRef<Resource> for Resource {
    fn as_ref(&self) -> &Resource {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str, state: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::Ec2Instance, "eu-west-1", id);
        r.state = state.into();
        r
    }

    #[test]
    fn added_removed_and_state_changes_are_found_and_nothing_else() {
        let at = DateTime::UNIX_EPOCH;
        let before = vec![r("i-1", "running"), r("i-2", "running"), r("i-3", "stopped")];
        let mut renamed = r("i-3", "stopped");
        renamed.name = "renamed".into();
        let after = vec![r("i-1", "stopped"), renamed, r("i-4", "pending")];
        let got: Vec<String> = diff(&before, &after, at)
            .iter()
            .map(|c| format!("{} {} {}>{}", c.change.mark(), c.id, c.from, c.to))
            .collect();
        assert_eq!(got, vec!["~ i-1 running>stopped", "+ i-4 >pending", "− i-2 running>"]);
        assert!(diff(&after, &after, at).is_empty(), "no change, no entry");
        let json = serde_json::to_value(&diff(&before[..1], &after[..1], at)[0]).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"change": "state", "kind": "ec2-instance", "region": "eu-west-1",
                               "id": "i-1", "from": "running", "to": "stopped"})
        );
    }
}
