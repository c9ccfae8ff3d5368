//! The values rows share: each kept once for the process, numbered, and
//! read without a lock. A space (a detail field, the tag keys, one tag
//! key's values) shares its values while it has shown at most
//! [`SHARED_PER_NAME`] distinct ones (tag keys: [`SHARED_TAG_KEYS`]); past
//! that its new values are kept in each row's text.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

/// The most distinct values a field (or a tag key) shares; its values
/// past that are kept in each row's text.
pub const SHARED_PER_NAME: u16 = 512;

/// The most tag keys shared (past that a key is kept in each row).
const SHARED_TAG_KEYS: u16 = 4096;

/// The most shared values in all (a bound on memory that no input can
/// raise), and the longest value shared.
const MAX_SHARED: usize = 1 << 15;
const MAX_SHARED_LEN: usize = 64;

/// The bit of a stored part that makes it a shared value's number.
const SHARED_BIT: u32 = 1 << 31;

/// Shared values by number: written once each, read without a lock.
static VALUES: [OnceLock<&'static str>; MAX_SHARED] = [const { OnceLock::new() }; MAX_SHARED];

/// Where a value's distinct values are counted.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Space {
    /// A detail field, by its name's number.
    Detail(u16),
    TagKeys,
    /// The values of one shared tag key, by the key's number.
    TagValues(u32),
    /// Never shared (the values of a tag key that is not).
    Unshared,
}

/// A stored value: the end of its text in the row, or a shared value's
/// number.
#[derive(Clone, Copy)]
pub(super) enum Value {
    Ends(u32),
    Shared(u32),
}

impl Value {
    /// `v` as shared in `space` if it can be, else appended to `text`.
    pub(super) fn of(text: &mut String, space: Space, v: &str) -> Value {
        match share(space, v) {
            Some(n) => Value::Shared(n),
            None => {
                text.push_str(v);
                Value::Ends(text.len() as u32)
            }
        }
    }

    /// From 32 bits with [`SHARED_BIT`] telling which (a text end is far
    /// below it).
    pub(super) fn read(n: u32) -> Value {
        match n & SHARED_BIT {
            0 => Value::Ends(n),
            _ => Value::Shared(n & !SHARED_BIT),
        }
    }

    /// As [`Value::read`] reads it.
    pub(super) fn write(self) -> u32 {
        match self {
            Value::Ends(end) => end,
            Value::Shared(n) => n | SHARED_BIT,
        }
    }
}

/// The text of value `at` of a row whose values, in text order, are
/// `value(0..)`: a shared one's, or its span of the row's text, which
/// starts where the last value before it kept in the text ends.
pub(super) fn text<'a>(at: usize, value: impl Fn(usize) -> Value, span: impl Fn(u32, u32) -> &'a str) -> &'a str {
    match value(at) {
        Value::Shared(n) => VALUES
            .get(n as usize)
            .and_then(OnceLock::get)
            .copied()
            .unwrap_or_default(),
        Value::Ends(end) => {
            let start = (0..at)
                .rev()
                .find_map(|q| match value(q) {
                    Value::Ends(end) => Some(end),
                    Value::Shared(_) => None,
                })
                .unwrap_or(0);
            span(start, end)
        }
    }
}

/// The number of `value` among the shared values, made on first sight, if
/// its space still shares its values.
fn share(space: Space, value: &str) -> Option<u32> {
    #[derive(Default)]
    struct Shared {
        by_value: HashMap<&'static str, u32>,
        /// Distinct values each space has shared.
        per_space: HashMap<Space, u16>,
    }
    static SHARED_VALUES: LazyLock<Mutex<Shared>> = LazyLock::new(Mutex::default);
    if value.len() > MAX_SHARED_LEN || space == Space::Unshared {
        return None;
    }
    let mut shared = SHARED_VALUES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = shared.by_value.get(value) {
        return Some(*n);
    }
    let n = shared.by_value.len();
    let most = match space {
        Space::TagKeys => SHARED_TAG_KEYS,
        _ => SHARED_PER_NAME,
    };
    let seen = shared.per_space.entry(space).or_default();
    if n >= MAX_SHARED || *seen >= most {
        return None;
    }
    *seen += 1;
    let v: &'static str = Box::leak(value.to_string().into_boxed_str());
    let _ = VALUES[n].set(v);
    shared.by_value.insert(v, n as u32);
    Some(n as u32)
}
