//! Table columns as data: what a column shows and how its text is made.

use chrono::{DateTime, Utc};

use super::ResourceKind;
use crate::model::{DetailKey, Resource};

/// How a column gets its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    State,
    Region,
    /// The account's id (the screen shows its name: `App::cell_text`).
    Account,
    Detail(DetailKey),
    /// Age from an RFC 3339 detail, like `3d` or `5h`.
    Age(DetailKey),
    TagCount,
    /// The kind's noun (`cluster`, `nodegroup`), for views of several kinds.
    KindNoun,
    /// Several details joined by `/` (`desired/min/max`), empty when the
    /// first is.
    Joined(&'static [DetailKey]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    pub field: Field,
    pub width: u16,
    pub numeric: bool,
}

/// A text column.
pub const fn col(title: &'static str, field: Field, width: u16) -> Column {
    Column {
        title,
        field,
        width,
        numeric: false,
    }
}

/// A column that sorts by number.
pub const fn num(title: &'static str, field: Field, width: u16) -> Column {
    Column {
        title,
        field,
        width,
        numeric: true,
    }
}

/// The `ID` column.
pub const fn id(width: u16) -> Column {
    col("ID", Field::Id, width)
}

/// The `NAME` column.
pub const fn name(width: u16) -> Column {
    col("NAME", Field::Name, width)
}

/// The `STATE` column.
pub const fn state(width: u16) -> Column {
    col("STATE", Field::State, width)
}

/// A detail as text, titled by its key.
pub const fn text(key: DetailKey, width: u16) -> Column {
    col(key.title(), Field::Detail(key), width)
}

/// A detail that sorts by number, titled by its key.
pub const fn count(key: DetailKey, width: u16) -> Column {
    num(key.title(), Field::Detail(key), width)
}

/// `AGE`: the age since an RFC 3339 detail, sorting by number.
pub const fn age_of(key: DetailKey, width: u16) -> Column {
    num("AGE", Field::Age(key), width)
}

impl Column {
    /// The column under another title.
    pub const fn titled(self, title: &'static str) -> Column {
        Column { title, ..self }
    }
}

/// The region column, added when several regions show.
pub const REGION: Column = col("REGION", Field::Region, 14);

/// The account column, added when several accounts are watched.
pub const ACCOUNT: Column = col("ACCOUNT", Field::Account, 14);

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
            Field::KindNoun => kind_noun(r.kind).to_string(),
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

fn kind_noun(kind: ResourceKind) -> &'static str {
    kind.def().noun
}

/// `2d`, `5h`, `12m`, `<1m` from an RFC 3339 time; empty when unknown.
/// Coarse: the text changes at most once a minute, so an idle screen stays quiet.
pub fn age(rfc3339: &str, now: DateTime<Utc>) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else {
        return String::new();
    };
    coarse_duration((now - t.with_timezone(&Utc)).num_seconds())
}

/// An age that changes at most once a minute: `<1m`, then as
/// [`short_duration`] (`12m`, `5h`, `2d`).
pub fn coarse_duration(secs: i64) -> String {
    if secs < 60 {
        "<1m".to_string()
    } else {
        short_duration(secs)
    }
}

pub fn short_duration(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_short() {
        let now = DateTime::parse_from_rfc3339("2026-01-10T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(age("2026-01-07T00:00:00Z", now), "3d");
        assert_eq!(age("2026-01-09T19:00:00Z", now), "5h");
        assert_eq!(age("2026-01-09T23:59:30Z", now), "<1m", "no ticking seconds");
        assert_eq!(age("2026-01-09T23:58:59Z", now), "1m");
        assert_eq!(age("", now), "");
    }

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
