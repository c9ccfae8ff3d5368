//! The text of a column's cell for a resource: a [`Field`] read from a
//! [`Resource`] (the kind registry says which field a column shows; this
//! layer, which holds the rows, reads it).

use chrono::{DateTime, Utc};

use super::Resource;
use crate::kinds::{Field, age};

impl Field {
    pub fn text(self, r: &Resource, now: DateTime<Utc>) -> String {
        match self {
            Field::Id => r.id.to_string(),
            Field::Name => r.name.to_string(),
            Field::State => r.state.to_string(),
            Field::Region => r.region.to_string(),
            Field::Account => r.account.to_string(),
            Field::Detail(k) => r.detail_str(k).to_string(),
            Field::Age(k) => age(r.detail_str(k), now),
            Field::TagCount => r.tags.len().to_string(),
            Field::KindNoun => r.kind.def().noun.to_string(),
            Field::Joined(keys) => {
                if keys.first().is_none_or(|k| r.detail_str(*k).is_empty()) {
                    String::new()
                } else {
                    keys.iter().map(|k| r.detail_str(*k)).collect::<Vec<_>>().join("/")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::DetailKey;
    use crate::model::ResourceKind;

    #[test]
    fn joined_details_are_empty_without_the_first() {
        const A: DetailKey = DetailKey::new("a");
        const B: DetailKey = DetailKey::new("b");
        let mut r = Resource::new(ResourceKind::EksNodegroup, "x", "c/n");
        assert_eq!(Field::Joined(&[A, B]).text(&r, Utc::now()), "");
        r.set(A, 2);
        r.set(B, 5);
        assert_eq!(Field::Joined(&[A, B]).text(&r, Utc::now()), "2/5");
        assert_eq!(Field::KindNoun.text(&r, Utc::now()), "nodegroup");
    }
}
