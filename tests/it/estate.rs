//! The seeded test estate holds every kind: a kind with no resource in it
//! would pass every listing test with nothing to list. A new kind is covered
//! by iterating the registry, so adding one without seeding it fails here.

use std::collections::BTreeMap;

use aws_monitor::model::ResourceKind;

use crate::support::once_output;
use crate::support::seed::REGIONS;

/// Kinds moto cannot hold, each with the reason. Empty today: every kind is
/// seeded. Add a kind here only when moto honestly cannot seed it, and say
/// why in a comment beside it.
const NOT_SEEDABLE: &[ResourceKind] = &[];

#[test]
fn every_kind_has_a_resource_in_the_test_estate() {
    let out = once_output("json", &REGIONS.join(","));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    for r in v["resources"].as_array().expect("resources") {
        *per_kind
            .entry(r["kind"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    let missing: Vec<ResourceKind> = ResourceKind::all()
        .iter()
        .copied()
        .filter(|k| !NOT_SEEDABLE.contains(k))
        .filter(|k| per_kind.get(&k.to_string()).copied().unwrap_or(0) == 0)
        .collect();
    assert!(
        missing.is_empty(),
        "no resource of {missing:?} in the seeded estate: seed one (tests/support/seed), \
         or name the kind in NOT_SEEDABLE with the reason moto cannot hold it"
    );
    for k in NOT_SEEDABLE {
        assert_eq!(
            per_kind.get(&k.to_string()),
            None,
            "{k} is seeded now: take it off NOT_SEEDABLE"
        );
    }
}
