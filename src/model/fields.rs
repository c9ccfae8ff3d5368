//! A resource's tags and details in little memory: 100,000 resources must
//! fit in tens of megabytes. A `BTreeMap` allocates a node of eleven slots
//! for even one entry (over 500 bytes of (String, String)); these keep their
//! entries sorted in two allocations: an index and one text (of [`Tags`]'
//! keys and values; of [`Details`]' values, its keys being small numbers of
//! static names). Both read and
//! serialize as the maps they replace (sorted by key).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{LazyLock, Mutex, OnceLock};

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Tags by key, sorted by key: keys and values in one text.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Tags {
    /// Each tag's key end and value end in `text` (the key starts where the
    /// tag before ends, the value where its key ends).
    index: Box<[(u32, u32)]>,
    text: Box<str>,
}

impl Tags {
    pub fn new() -> Tags {
        Tags::default()
    }

    fn entry(&self, i: usize) -> (&str, &str) {
        let start = if i == 0 { 0 } else { self.index[i - 1].1 };
        let (key_end, end) = self.index[i];
        (
            &self.text[start as usize..key_end as usize],
            &self.text[key_end as usize..end as usize],
        )
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.index.len());
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
        let mut text = String::with_capacity(all.iter().map(|(k, v)| k.len() + v.len()).sum());
        let index = all
            .iter()
            .map(|(k, v)| {
                text.push_str(k);
                let key_end = text.len() as u32;
                text.push_str(v);
                (key_end, text.len() as u32)
            })
            .collect();
        Tags {
            index,
            text: text.into_boxed_str(),
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn clear(&mut self) {
        *self = Tags::default();
    }

    /// The tags in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        (0..self.index.len()).map(|i| self.entry(i))
    }
}

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
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// Each field's key (its number in [`NAMES`]) and the end of its value
    /// in `text`.
    index: Box<[(u16, u32)]>,
    text: Box<str>,
}

impl Details {
    fn entries(&self) -> impl ExactSizeIterator<Item = (&'static str, &str)> + '_ {
        let mut start = 0;
        self.index.iter().map(move |&(k, end)| {
            let v = &self.text[start as usize..end as usize];
            start = end;
            (name(k), v)
        })
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        let i = self.index.binary_search_by(|(k, _)| name(*k).cmp(key)).ok()?;
        let start = if i == 0 { 0 } else { self.index[i - 1].1 };
        Some(&self.text[start as usize..self.index[i].1 as usize])
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
        *self = Details::from_sorted(&all);
    }

    /// Every field but `key`'s.
    fn without(&self, key: &str) -> Vec<(&'static str, &str)> {
        self.entries().filter(|(k, _)| *k != key).collect()
    }

    /// Drops a field.
    pub fn remove(&mut self, key: &str) {
        if self.contains_key(key) {
            *self = Details::from_sorted(&self.without(key));
        }
    }

    fn from_sorted(all: &[(&'static str, &str)]) -> Details {
        let mut text = String::with_capacity(all.iter().map(|(_, v)| v.len()).sum());
        let index = all
            .iter()
            .filter_map(|(k, v)| {
                text.push_str(v);
                Some((number(k)?.0, text.len() as u32))
            })
            .collect();
        Details {
            index,
            text: text.into_boxed_str(),
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

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
mod tests {
    use super::*;

    #[test]
    fn details_read_and_serialize_as_a_sorted_map() {
        let mut d = Details::default();
        d.insert("type", "t3.micro");
        d.insert("az", "us-east-1a");
        d.insert("vpc", "");
        d.insert("type", "m5.large");
        d.insert("gone", "x");
        d.remove("gone");
        assert_eq!(d.get("type"), Some("m5.large"));
        assert_eq!(d.get("az"), Some("us-east-1a"));
        assert_eq!(d.get("vpc"), Some(""));
        assert_eq!(d.get("other"), None);
        let json = serde_json::to_string(&d).expect("json");
        assert_eq!(json, r#"{"az":"us-east-1a","type":"m5.large","vpc":""}"#);
        let back: Details = serde_json::from_str(r#"{"vpc":"","type":"m5.large","az":"us-east-1a"}"#).expect("read");
        assert_eq!(back, d);
        assert_eq!(
            format!("{d:?}"),
            r#"{"az": "us-east-1a", "type": "m5.large", "vpc": ""}"#
        );
    }

    #[test]
    fn tags_read_and_serialize_as_a_sorted_map() {
        let mut t: Tags = [("Team", "web"), ("Env", "prod")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        t.insert("Team", "data");
        assert_eq!(t.get("Team"), Some("data"));
        assert_eq!(t.iter().collect::<Vec<_>>(), [("Env", "prod"), ("Team", "data")]);
        assert!(t.contains_key("Env") && !t.contains_key("Name"));
        assert_eq!(
            serde_json::to_string(&t).expect("json"),
            r#"{"Env":"prod","Team":"data"}"#
        );
        let back: Tags = serde_json::from_str(r#"{"Team":"data","Env":"prod"}"#).expect("read");
        assert_eq!(back, t);
    }

    #[test]
    fn a_row_of_tags_and_details_stays_small() {
        // The two maps this replaces took over 500 bytes each for one entry.
        assert!(size_of::<Tags>() <= 32 && size_of::<Details>() <= 32);
    }
}
