//! Tabs and their columns, as data.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::model::{Resource, ResourceKind};

/// The tab bar, in order; number keys 1-9 pick them, and 0 the Cost tab (last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::Display)]
pub enum Tab {
    Overview,
    #[strum(to_string = "EC2")]
    Ec2,
    #[strum(to_string = "EBS")]
    Ebs,
    #[strum(to_string = "RDS")]
    Rds,
    S3,
    Lambda,
    #[strum(to_string = "EKS")]
    Eks,
    #[strum(to_string = "EMR")]
    Emr,
    /// The top resources by a chosen metric.
    Metrics,
    /// Cost Explorer figures; always the last tab, key `0`.
    Cost,
}

impl Tab {
    pub fn kinds(self) -> &'static [ResourceKind] {
        match self {
            Tab::Overview => &[],
            Tab::Ec2 => &[ResourceKind::Ec2Instance],
            Tab::Ebs => &[ResourceKind::EbsVolume],
            Tab::Rds => &[ResourceKind::RdsInstance],
            Tab::S3 => &[ResourceKind::S3Bucket],
            Tab::Lambda => &[ResourceKind::LambdaFunction],
            Tab::Eks => &[ResourceKind::EksCluster, ResourceKind::EksNodegroup],
            Tab::Emr => &[ResourceKind::EmrCluster],
            Tab::Metrics => &[],
            Tab::Cost => &[],
        }
    }

    pub fn all() -> Vec<Tab> {
        use strum::IntoEnumIterator;
        Tab::iter().collect()
    }

    /// The number key that picks the tab: its place from 1, and 0 for Cost.
    pub fn key(self) -> char {
        if self == Tab::Cost {
            return '0';
        }
        let i = Tab::all().iter().position(|t| *t == self).unwrap_or(0);
        char::from_digit((i as u32 + 1) % 10, 10).unwrap_or('?')
    }

    /// The tab's table columns (the Region column is added when several
    /// regions are shown).
    pub fn columns(self) -> &'static [Column] {
        match self {
            Tab::Overview => &[],
            Tab::Ec2 => EC2,
            Tab::Ebs => EBS,
            Tab::Rds => RDS,
            Tab::S3 => S3,
            Tab::Lambda => LAMBDA,
            Tab::Eks => EKS,
            Tab::Emr => EMR,
            Tab::Metrics => &[],
            Tab::Cost => &[],
        }
    }
}

impl Tab {
    /// The tab that shows a kind.
    pub fn for_kind(kind: ResourceKind) -> Tab {
        Tab::all()
            .into_iter()
            .find(|t| t.kinds().contains(&kind))
            .unwrap_or(Tab::Overview)
    }

    /// The columns whose sort keys are kept per row: the tab's columns and REGION.
    pub fn key_columns(self) -> Vec<Column> {
        let mut cols = self.columns().to_vec();
        cols.push(REGION);
        cols
    }
}

/// The most sort keys a row keeps (the widest tab's columns and REGION).
pub const KEY_FIELDS: usize = 10;

/// A sort key that borrows nothing: numbers by value, text by its first 16
/// bytes (folded to lower case) and its length. Kept per row when the data
/// arrives, in one flat array, so a sort reads no resource.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Key {
    Num(f64),
    Text(u128, u32),
    #[default]
    Empty,
}

impl Key {
    fn of(column: &Column, r: &Resource) -> Key {
        let text = |t: &str| {
            let folded = t.to_ascii_lowercase();
            Key::Text(prefix(&folded), folded.len() as u32)
        };
        match column.field {
            // Age ascending is launch time descending.
            Field::Age(k) => DateTime::parse_from_rfc3339(r.detail_str(k))
                .map(|t| Key::Num(-(t.timestamp() as f64)))
                .unwrap_or(Key::Text(0, 0)),
            Field::TagCount => Key::Num(r.tags.len() as f64),
            Field::Detail(k) if column.numeric => match r.detail_str(k).parse::<f64>() {
                Ok(n) => Key::Num(n),
                Err(_) => text(r.detail_str(k)),
            },
            Field::Id => text(&r.id),
            Field::Name => text(&r.name),
            Field::State => text(&r.state),
            Field::Region => text(&r.region),
            Field::Detail(k) => text(r.detail_str(k)),
            Field::KindShort | Field::Scaling => text(&column.field.text(r, DateTime::<Utc>::UNIX_EPOCH)),
        }
    }

    /// The keys of a row for its kind's tab.
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
            Key::Text(prefix, len) => ((2u128 << 120) | (prefix >> 8), len),
        }
    }
}

/// How a column gets its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Name,
    State,
    Region,
    Detail(&'static str),
    /// Age from an RFC 3339 detail, like `3d` or `5h`.
    Age(&'static str),
    TagCount,
    /// `cluster` or `nodegroup` for EKS.
    KindShort,
    /// `desired/min/max` for EKS nodegroups.
    Scaling,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    pub field: Field,
    pub width: u16,
    pub numeric: bool,
}

const fn col(title: &'static str, field: Field, width: u16) -> Column {
    Column {
        title,
        field,
        width,
        numeric: false,
    }
}

const fn num(title: &'static str, field: Field, width: u16) -> Column {
    Column {
        title,
        field,
        width,
        numeric: true,
    }
}

pub const REGION: Column = col("REGION", Field::Region, 14);

const EC2: &[Column] = &[
    col("NAME", Field::Name, 20),
    col("ID", Field::Id, 19),
    col("TYPE", Field::Detail("type"), 11),
    col("STATE", Field::State, 10),
    col("AZ", Field::Detail("az"), 11),
    col("PRIVATE IP", Field::Detail("private_ip"), 15),
    col("PUBLIC IP", Field::Detail("public_ip"), 15),
    num("AGE", Field::Age("launch_time"), 5),
];
const EBS: &[Column] = &[
    col("ID", Field::Id, 21),
    col("NAME", Field::Name, 16),
    num("GIB", Field::Detail("size_gib"), 5),
    col("TYPE", Field::Detail("type"), 5),
    col("STATE", Field::State, 9),
    col("AZ", Field::Detail("az"), 11),
    col("ENCRYPTED", Field::Detail("encrypted"), 9),
    col("ATTACHED TO", Field::Detail("attached_to"), 19),
];
const RDS: &[Column] = &[
    col("ID", Field::Id, 20),
    col("ENGINE", Field::Detail("engine"), 10),
    col("VERSION", Field::Detail("engine_version"), 8),
    col("CLASS", Field::Detail("class"), 14),
    col("STATUS", Field::State, 10),
    col("MULTI-AZ", Field::Detail("multi_az"), 8),
    num("GIB", Field::Detail("storage_gib"), 5),
    col("AZ", Field::Detail("az"), 11),
];
const S3: &[Column] = &[
    col("NAME", Field::Name, 34),
    num("TAGS", Field::TagCount, 4),
    num("AGE", Field::Age("created"), 5),
];
const LAMBDA: &[Column] = &[
    col("NAME", Field::Name, 28),
    col("RUNTIME", Field::Detail("runtime"), 12),
    num("MEM MB", Field::Detail("memory_mb"), 6),
    num("TIMEOUT", Field::Detail("timeout_s"), 7),
    col("STATE", Field::State, 8),
    col("MODIFIED", Field::Detail("last_modified"), 24),
];
const EKS: &[Column] = &[
    col("NAME", Field::Name, 20),
    col("KIND", Field::KindShort, 9),
    col("CLUSTER", Field::Detail("cluster"), 16),
    col("VERSION", Field::Detail("version"), 7),
    col("STATUS", Field::State, 10),
    col("INSTANCE TYPES", Field::Detail("instance_types"), 16),
    col("D/MIN/MAX", Field::Scaling, 9),
];
const EMR: &[Column] = &[
    col("ID", Field::Id, 15),
    col("NAME", Field::Name, 20),
    col("STATE", Field::State, 12),
    col("RELEASE", Field::Detail("release"), 10),
    num("HOURS", Field::Detail("normalized_hours"), 6),
    col("MASTER", Field::Detail("master_dns"), 30),
];

impl Field {
    pub fn text(self, r: &Resource, now: DateTime<Utc>) -> String {
        match self {
            Field::Id => r.id.clone(),
            Field::Name => r.name.clone(),
            Field::State => r.state.clone(),
            Field::Region => r.region.clone(),
            Field::Detail(k) => r.detail_str(k).to_string(),
            Field::Age(k) => age(r.detail_str(k), now),
            Field::TagCount => r.tags.len().to_string(),
            Field::KindShort => match r.kind {
                ResourceKind::EksNodegroup => "nodegroup".into(),
                _ => "cluster".into(),
            },
            Field::Scaling => {
                let (d, mi, ma) = (r.detail_str("desired"), r.detail_str("min"), r.detail_str("max"));
                if d.is_empty() {
                    String::new()
                } else {
                    format!("{d}/{mi}/{ma}")
                }
            }
        }
    }

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
            Field::Detail(k) => {
                let text = r.detail_str(k);
                match text.parse::<f64>() {
                    Ok(n) if numeric => SortKey::Num(n),
                    _ => SortKey::text(text),
                }
            }
            Field::KindShort | Field::Scaling => {
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

/// `2d`, `5h`, `12m`, `40s` from an RFC 3339 time; empty when unknown.
pub fn age(rfc3339: &str, now: DateTime<Utc>) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else {
        return String::new();
    };
    short_duration((now - t.with_timezone(&Utc)).num_seconds())
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
        assert_eq!(age("2026-01-09T23:59:30Z", now), "30s");
        assert_eq!(age("", now), "");
    }

    #[test]
    fn row_keys_fit_every_tab() {
        for tab in Tab::all() {
            assert!(tab.key_columns().len() <= KEY_FIELDS, "{tab}");
        }
        let mut r = Resource::new(ResourceKind::Ec2Instance, "eu-west-1", "i-1");
        r.name = "Web".into();
        r.detail("launch_time", "2026-01-01T00:00:00Z");
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
        assert!(
            matches!(keys[7], Key::Num(n) if n < 0.0),
            "age sorts by launch time, newest first"
        );
        let long = |s: &str| {
            Key::of(
                &Column {
                    title: "",
                    field: Field::Id,
                    width: 1,
                    numeric: false,
                },
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
