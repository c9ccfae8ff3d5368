//! A resource's tags and details in little memory: 100,000 resources must
//! fit in tens of megabytes. A `BTreeMap` allocates a node of eleven slots
//! for even one entry (over 500 bytes of (String, String)); these keep their
//! entries sorted in one allocation each (an index and a text: of
//! [`Tags`]' keys and values; of [`Details`]' values, its keys being small
//! numbers of static names). Both read and serialize as the maps they
//! replace (sorted by key).
//!
//! A value that many rows repeat (an instance type, a zone, a VPC, a tag
//! key, `Environment`'s values) is kept once for the process and referred
//! to by number: a detail field's values, and a tag key's, are shared
//! while it has shown at most 512 distinct ones, and kept in each row's
//! text past that (an IP address, a time or a `Name` tag stops being
//! shared after its first few hundred values); see `shared.rs`.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{LazyLock, Mutex, OnceLock};

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod shared;

use shared::{Space, Value};

/// An index of fixed-width entries and a text in one allocation (a row
/// pays one allocator header, not two): the count of entries (4 bytes),
/// the entries, then the text. Empty, it allocates nothing.
#[derive(Clone, Default, PartialEq, Eq)]
struct Packed(Box<[u8]>);

impl Packed {
    /// `entries` (each `W` bytes) over `text`.
    fn new<const W: usize>(entries: &[[u8; W]], text: &str) -> Packed {
        if entries.is_empty() {
            return Packed::default();
        }
        let mut buf = Vec::with_capacity(4 + entries.len() * W + text.len());
        buf.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for e in entries {
            buf.extend_from_slice(e);
        }
        buf.extend_from_slice(text.as_bytes());
        Packed(buf.into_boxed_slice())
    }

    fn len(&self) -> usize {
        if self.0.is_empty() {
            0
        } else {
            u32_at(&self.0, 0) as usize
        }
    }

    /// Entry `i`, of width `W`.
    fn entry<const W: usize>(&self, i: usize) -> &[u8] {
        &self.0[4 + i * W..4 + (i + 1) * W]
    }

    /// Text bytes `start..end` (entries of width `W`); built from whole
    /// strings, so always on character boundaries.
    fn text<const W: usize>(&self, start: u32, end: u32) -> &str {
        let base = 4 + self.len() * W;
        std::str::from_utf8(&self.0[base + start as usize..base + end as usize]).unwrap_or_default()
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut n = [0; 4];
    n.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(n)
}

/// A Tags entry: its key and its value, each the end of its text or (with
/// its top bit) a shared value's number (8 bytes).
const TAG: usize = 8;
/// A Details entry: its key's number and its value end in the text, or
/// (with [`SHARED`] in the key) its value's number among the shared ones
/// (6 bytes).
const DETAIL: usize = 6;

/// The key bit of a Details entry whose value is a shared one.
const SHARED: u16 = 0x8000;

/// Tags by key, sorted by key: keys and values in one text, but for those
/// shared (a tag key; a value of a key that has shown at most
/// 512 distinct values, such as `Environment`'s).
#[derive(Clone, Default)]
pub struct Tags {
    /// Each tag's key and value: the end of its text (each starts where
    /// the text of the one before it ends), else a shared value's number.
    packed: Packed,
}

impl Tags {
    pub fn new() -> Tags {
        Tags::default()
    }

    /// Part `p` of the tags (tag `p / 2`'s key, then its value).
    fn part(&self, p: usize) -> Value {
        Value::read(u32_at(self.packed.entry::<TAG>(p / 2), 4 * (p % 2)))
    }

    fn text(&self, p: usize) -> &str {
        shared::text(p, |q| self.part(q), |start, end| self.packed.text::<TAG>(start, end))
    }

    fn entry(&self, i: usize) -> (&str, &str) {
        (self.text(2 * i), self.text(2 * i + 1))
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.entry(mid).0.cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key).ok().map(|i| self.entry(i).1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets a tag.
    pub fn insert(&mut self, key: &str, value: &str) {
        let mut all: Vec<(&str, &str)> = self.iter().filter(|(k, _)| *k != key).collect();
        let at = all.partition_point(|(k, _)| *k < key);
        all.insert(at, (key, value));
        *self = Tags::from_sorted(&all);
    }

    fn from_sorted(all: &[(&str, &str)]) -> Tags {
        let mut text = String::new();
        let index: Vec<[u8; TAG]> = all
            .iter()
            .map(|(k, v)| {
                let key = Value::of(&mut text, Space::TagKeys, k);
                // A key's values share a space of their own; a key not
                // shared keeps its values in the text.
                let value = match key {
                    Value::Shared(n) => Value::of(&mut text, Space::TagValues(n), v),
                    Value::Ends(_) => Value::of(&mut text, Space::Unshared, v),
                };
                let (k, v) = (key.write().to_le_bytes(), value.write().to_le_bytes());
                [k[0], k[1], k[2], k[3], v[0], v[1], v[2], v[3]]
            })
            .collect();
        Tags {
            packed: Packed::new(&index, &text),
        }
    }

    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        *self = Tags::default();
    }

    /// The tags in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        (0..self.len()).map(|i| self.entry(i))
    }

    /// The tags as one text, `key=value` pairs joined by `;` in key order
    /// (the TAGS cell of CSV and table output).
    pub fn joined(&self) -> String {
        self.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// Equal when they hold the same tags, shared or not.
impl PartialEq for Tags {
    fn eq(&self, other: &Tags) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Tags {}

impl<K: AsRef<str>, V: AsRef<str>> Extend<(K, V)> for Tags {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let more: Vec<(K, V)> = iter.into_iter().collect();
        let mut all: Vec<(&str, &str)> = self.iter().collect();
        for (k, v) in &more {
            let (k, v) = (k.as_ref(), v.as_ref());
            match all.binary_search_by(|(have, _)| (*have).cmp(k)) {
                Ok(i) => all[i].1 = v,
                Err(i) => all.insert(i, (k, v)),
            }
        }
        *self = Tags::from_sorted(&all);
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Tags {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Tags {
        let mut tags = Tags::new();
        tags.extend(iter);
        tags
    }
}

impl<'a> IntoIterator for &'a Tags {
    type Item = (&'a str, &'a str);
    type IntoIter = Box<dyn ExactSizeIterator<Item = (&'a str, &'a str)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl fmt::Debug for Tags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Writes sorted (key, value) pairs as a map.
fn write_map<'k, 'v, S: Serializer>(
    entries: impl ExactSizeIterator<Item = (&'k str, &'v str)>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(entries.len()))?;
    for (k, v) in entries {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// Reads a map of strings, in any order.
struct Pairs;

impl<'de> Visitor<'de> for Pairs {
    type Value = Vec<(String, String)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry::<String, String>()? {
            out.push(entry);
        }
        Ok(out)
    }
}

impl Serialize for Tags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_map(self.iter(), s)
    }
}

impl<'de> Deserialize<'de> for Tags {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tags, D::Error> {
        Ok(d.deserialize_map(Pairs)?.into_iter().collect())
    }
}

/// Kind-specific fields by key, sorted by key: the keys are numbers of
/// static names (the registry's `DetailKey`s), the values one text.
#[derive(Clone, Default)]
pub struct Details {
    /// Each field's key (its number in [`NAMES`]) and the end of its value
    /// in the text, or its shared value's number.
    packed: Packed,
}

impl Details {
    /// Field `i`'s key number and value.
    fn at(&self, i: usize) -> (u16, Value) {
        let e = self.packed.entry::<DETAIL>(i);
        let (key, n) = (u16::from_le_bytes([e[0], e[1]]), u32_at(e, 2));
        match key & SHARED {
            0 => (key, Value::Ends(n)),
            _ => (key & !SHARED, Value::Shared(n)),
        }
    }

    fn value(&self, i: usize) -> &str {
        shared::text(i, |j| self.at(j).1, |start, end| self.packed.text::<DETAIL>(start, end))
    }

    fn entries(&self) -> impl ExactSizeIterator<Item = (&'static str, &str)> + '_ {
        (0..self.len()).map(|i| (name(self.at(i).0), self.value(i)))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match name(self.at(mid).0).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.value(mid)),
            }
        }
        None
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets a field (any key: names not in the registry are kept once, for
    /// the life of the process, up to `MAX_NAMES`; past that a new name is
    /// dropped).
    pub fn insert(&mut self, key: &str, value: &str) {
        let Some((_, key)) = number(key) else {
            return;
        };
        let mut all = self.without(key);
        let at = all.partition_point(|(k, _)| *k < key);
        all.insert(at, (key, value));
        let new = Details::from_sorted(&all);
        self.replace(new);
    }

    /// Every field but `key`'s.
    fn without(&self, key: &str) -> Vec<(&'static str, &str)> {
        self.entries().filter(|(k, _)| *k != key).collect()
    }

    /// Drops a field.
    pub fn remove(&mut self, key: &str) {
        if self.contains_key(key) {
            let new = Details::from_sorted(&self.without(key));
            self.replace(new);
        }
    }

    /// Holds `new`'s fields from now on, in the allocation it had when that
    /// can grow in place (a field added to every row at the end of a
    /// listing, as the STATUS of instances is, then leaves no hole behind
    /// each row).
    fn replace(&mut self, new: Details) {
        let mut bytes = std::mem::take(&mut self.packed.0).into_vec();
        bytes.clear();
        bytes.reserve_exact(new.packed.0.len());
        bytes.extend_from_slice(&new.packed.0);
        self.packed = Packed(bytes.into_boxed_slice());
    }

    fn from_sorted(all: &[(&'static str, &str)]) -> Details {
        let mut text = String::new();
        let index: Vec<[u8; DETAIL]> = all
            .iter()
            .filter_map(|(k, v)| {
                let key = number(k)?.0;
                let (key, n) = match Value::of(&mut text, Space::Detail(key), v) {
                    Value::Shared(n) => (key | SHARED, n),
                    Value::Ends(end) => (key, end),
                };
                let (key, n) = (key.to_le_bytes(), n.to_le_bytes());
                Some([key[0], key[1], n[0], n[1], n[2], n[3]])
            })
            .collect();
        Details {
            packed: Packed::new(&index, &text),
        }
    }

    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Equal but for the fields of `skip`.
    pub fn eq_except(&self, other: &Details, skip: &[super::DetailKey]) -> bool {
        let kept = |(k, _): &(&str, &str)| !skip.iter().any(|s| s.as_str() == *k);
        self.entries().filter(kept).eq(other.entries().filter(kept))
    }
}

/// Equal when they hold the same fields: a value may be shared in one and
/// kept in the text in the other.
impl PartialEq for Details {
    fn eq(&self, other: &Details) -> bool {
        self.len() == other.len() && self.entries().eq(other.entries())
    }
}

impl Eq for Details {}

impl<'a> IntoIterator for &'a Details {
    type Item = (&'a str, &'a str);
    type IntoIter = Box<dyn ExactSizeIterator<Item = (&'a str, &'a str)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.entries().map(|(k, v)| -> (&'a str, &'a str) { (k, v) }))
    }
}

impl fmt::Debug for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.entries()).finish()
    }
}

impl Serialize for Details {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_map(self.entries(), s)
    }
}

impl<'de> Deserialize<'de> for Details {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Details, D::Error> {
        let mut pairs: Vec<(&'static str, String)> = d
            .deserialize_map(Pairs)?
            .into_iter()
            .filter_map(|(k, v)| Some((number(&k)?.1, v)))
            .collect();
        pairs.sort_by_key(|(k, _)| *k);
        pairs.dedup_by_key(|(k, _)| *k);
        let all: Vec<(&'static str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Ok(Details::from_sorted(&all))
    }
}

/// The most distinct detail names a process keeps (the registry has a
/// few dozen).
pub const MAX_NAMES: usize = 1024;

/// Detail names by number: written once each, read without a lock.
static NAMES: [OnceLock<&'static str>; MAX_NAMES] = [const { OnceLock::new() }; MAX_NAMES];

/// A detail key's name from its number.
fn name(n: u16) -> &'static str {
    NAMES[n as usize].get().copied().unwrap_or_default()
}

/// A detail key's number and its one static copy, made on first sight;
/// `None` once [`MAX_NAMES`] are taken.
fn number(key: &str) -> Option<(u16, &'static str)> {
    static BY_NAME: LazyLock<Mutex<BTreeMap<&'static str, u16>>> = LazyLock::new(Mutex::default);
    let mut by_name = BY_NAME.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, n)) = by_name.get_key_value(key) {
        return Some((*n, *k));
    }
    let n = by_name.len();
    if n >= MAX_NAMES {
        return None;
    }
    let k: &'static str = Box::leak(key.to_string().into_boxed_str());
    let _ = NAMES[n].set(k);
    by_name.insert(k, n as u16);
    Some((n as u16, k))
}

#[cfg(test)]
mod tests;
