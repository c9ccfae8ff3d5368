//! The views' sort keys (the views themselves are [`crate::views::Tab`]).

use std::borrow::Cow;

use chrono::{DateTime, Utc};

pub use crate::kinds::{ACCOUNT, Column, Field, REGION, age, coarse_duration, short_duration};
use crate::model::Resource;
pub use crate::views::Tab;

/// The most sort keys a row keeps (the widest tab's columns, REGION and
/// ACCOUNT).
pub const KEY_FIELDS: usize = 11;

/// A sort key that borrows nothing: numbers by value, text by its first 16
/// bytes (folded to lower case) and its length. Kept per row when the data
/// arrives, in one flat array, so a sort reads no resource.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Key {
    Num(f64),
    /// The prefix as two halves (high first): a `u128` would align the key
    /// to 16 bytes and make it 32, not 24.
    Text([u64; 2], u32),
    #[default]
    Empty,
}

impl Key {
    pub(super) fn of(column: &Column, r: &Resource) -> Key {
        let text = |t: &str| {
            let folded = t.to_ascii_lowercase();
            Key::Text(halves(prefix(&folded)), folded.len() as u32)
        };
        match column.field {
            // Age ascending is launch time descending.
            Field::Age(k) => DateTime::parse_from_rfc3339(r.detail_str(k))
                .map(|t| Key::Num(-(t.timestamp() as f64)))
                .unwrap_or(Key::Text([0, 0], 0)),
            Field::TagCount => Key::Num(r.tags.len() as f64),
            Field::Detail(k) if column.numeric() => match r.detail_str(k).parse::<f64>() {
                Ok(n) => Key::Num(n),
                Err(_) => text(r.detail_str(k)),
            },
            Field::Id => text(&r.id),
            Field::Name => text(&r.name),
            Field::State => text(&r.state),
            Field::Region => text(&r.region),
            Field::Account => text(&r.account.to_string()),
            Field::Detail(k) => text(r.detail_str(k)),
            Field::KindNoun | Field::Joined(_) => text(&column.field.text(r, DateTime::<Utc>::UNIX_EPOCH)),
        }
    }

    /// The keys of a row for its kind's tab.
    #[cfg(test)]
    pub fn row(r: &Resource) -> [Key; KEY_FIELDS] {
        let mut keys = [Key::Empty; KEY_FIELDS];
        for (slot, column) in keys.iter_mut().zip(Tab::for_kind(r.kind).key_columns()) {
            *slot = Key::of(&column, r);
        }
        keys
    }

    /// The key as one number that sorts like it (class, then value; text by
    /// its first 15 bytes), and the text length. Texts longer than 15 bytes
    /// that pack equal need a full comparison.
    pub fn pack(&self) -> (u128, u32) {
        match *self {
            Key::Empty => (0, 0),
            Key::Num(n) => {
                let bits = n.to_bits();
                let ordered = if bits >> 63 == 1 { !bits } else { bits | 1 << 63 };
                ((1u128 << 120) | u128::from(ordered), 0)
            }
            Key::Text([hi, lo], len) => ((2u128 << 120) | (((u128::from(hi) << 64) | u128::from(lo)) >> 8), len),
        }
    }
}

impl Field {
    /// A key that sorts numbers and ages by value and the rest as text
    /// without regard to case, borrowing from the resource where it can.
    pub fn sort_key(self, r: &Resource, numeric: bool, now: DateTime<Utc>) -> SortKey<'_> {
        match self {
            Field::Age(k) => match DateTime::parse_from_rfc3339(r.detail_str(k)) {
                Ok(t) => SortKey::Num((now - t.with_timezone(&Utc)).num_seconds() as f64),
                Err(_) => SortKey::Text(0, Cow::Borrowed("")),
            },
            Field::TagCount => SortKey::Num(r.tags.len() as f64),
            Field::Id => SortKey::text(&r.id),
            Field::Name => SortKey::text(&r.name),
            Field::State => SortKey::text(&r.state),
            Field::Region => SortKey::text(&r.region),
            Field::Account => {
                let id = r.account.to_string();
                SortKey::Text(prefix(&id), Cow::Owned(id))
            }
            Field::Detail(k) => {
                let text = r.detail_str(k);
                match text.parse::<f64>() {
                    Ok(n) if numeric => SortKey::Num(n),
                    _ => SortKey::text(text),
                }
            }
            Field::KindNoun | Field::Joined(_) => {
                let folded = self.text(r, now).to_ascii_lowercase();
                SortKey::Text(prefix(&folded), Cow::Owned(folded))
            }
        }
    }
}

/// Numbers before text; numbers by value, text folded to lower case (a
/// copy is made only for text that has upper case in it). The first 16
/// bytes of text are kept inline, so most comparisons touch no heap.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey<'a> {
    Num(f64),
    Text(u128, Cow<'a, str>),
}

/// The first 16 bytes of a string as a number that sorts like the bytes.
fn halves(p: u128) -> [u64; 2] {
    [(p >> 64) as u64, p as u64]
}

fn prefix(s: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = s.len().min(16);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

impl<'a> SortKey<'a> {
    pub fn text(t: &'a str) -> SortKey<'a> {
        let folded = if t.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(t.to_ascii_lowercase())
        } else {
            Cow::Borrowed(t)
        };
        SortKey::Text(prefix(&folded), folded)
    }

    pub fn compare(&self, other: &SortKey<'_>) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self, other) {
            (SortKey::Num(a), SortKey::Num(b)) => a.total_cmp(b),
            (SortKey::Num(_), SortKey::Text(..)) => Ordering::Less,
            (SortKey::Text(..), SortKey::Num(_)) => Ordering::Greater,
            (SortKey::Text(pa, a), SortKey::Text(pb, b)) => pa.cmp(pb).then_with(|| {
                // Up to 16 bytes the prefix is the whole text: no need to
                // reach the heap to tell equal strings apart.
                if a.len() <= 16 && b.len() <= 16 {
                    a.len().cmp(&b.len())
                } else {
                    a.as_ref().cmp(b.as_ref())
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResourceKind;

    /// A listing keeps one key per row for each column it was sorted by.
    #[test]
    fn a_key_is_24_bytes() {
        assert_eq!(size_of::<Key>(), 24);
    }

    #[test]
    fn row_keys_fit_every_tab() {
        for tab in Tab::all() {
            assert!(tab.key_columns().len() <= KEY_FIELDS, "{tab}");
        }
        let mut r = Resource::new(ResourceKind::Ec2Instance, "eu-west-1", "i-1");
        r.name = "Web".into();
        r.set(crate::kinds::ec2_instance::LAUNCH_TIME, "2026-01-01T00:00:00Z");
        let keys = Key::row(&r);
        let lower = Resource {
            name: "web".into(),
            ..r.clone()
        };
        assert_eq!(
            keys[0].pack(),
            Key::row(&lower)[0].pack(),
            "text sorts without regard to case"
        );
        let age = Tab::Kind(ResourceKind::Ec2Instance)
            .columns()
            .iter()
            .position(|c| c.title == "AGE")
            .expect("an AGE column");
        assert!(
            matches!(keys[age], Key::Num(n) if n < 0.0),
            "age sorts by launch time, newest first"
        );
        let long = |s: &str| {
            Key::of(
                &crate::kinds::col("", Field::Id, 1),
                &Resource::new(ResourceKind::Ec2Instance, "x", s),
            )
        };
        let (a, b) = (
            long("a-very-long-shared-prefix-1").pack(),
            long("a-very-long-shared-prefix-2").pack(),
        );
        assert_eq!(a.0, b.0, "long texts pack equal: the table compares them in full");
        assert!(a.1 > 15 && b.1 > 15);
        assert!(long("ab").pack() < long("abc").pack());
        let n = |x: f64| Key::Num(x).pack().0;
        assert!(n(-2.5) < n(-1.0) && n(-1.0) < n(0.0) && n(0.0) < n(3.0) && n(3.0) < n(1e12));
        assert!(n(1e300) < long("a").pack().0, "numbers before text");
        assert!(long("abc").pack() < long("abd").pack());
    }

    #[test]
    fn numbers_sort_by_value_and_text_ignores_case() {
        use std::cmp::Ordering::*;
        assert_eq!(SortKey::Num(9.0).compare(&SortKey::Num(10.0)), Less);
        assert_eq!(SortKey::Num(1e9).compare(&SortKey::text("a")), Less);
        assert_eq!(SortKey::text("Beta").compare(&SortKey::text("alpha")), Greater);
        assert_eq!(SortKey::text("web").compare(&SortKey::text("WEB")), Equal);
        assert_eq!(
            SortKey::text("a-very-long-shared-prefix-2").compare(&SortKey::text("a-very-long-shared-prefix-10")),
            Greater
        );
        assert_eq!(SortKey::text("ab").compare(&SortKey::text("abc")), Less);
    }
}
