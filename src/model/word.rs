//! A short text that many rows repeat (a region, a state word), stored once
//! and shared: 100,000 rows in ten regions hold ten region texts, not
//! 100,000 allocations of them.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, LazyLock, Mutex};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most distinct words kept for sharing; past that a new word is a
/// copy of its own (still correct, only not shared), so no input can grow
/// the table without bound.
pub const MAX_WORDS: usize = 4096;

/// A shared, immutable text; reads as a `&str`. One pointer (to an `Arc`
/// of a `String`, not the wider `Arc<str>`): 8 bytes in each row.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Word(Arc<String>);

impl Word {
    pub fn new(text: &str) -> Word {
        static WORDS: LazyLock<Mutex<HashSet<Word>>> = LazyLock::new(Mutex::default);
        if text.is_empty() {
            return Word::default();
        }
        let mut words = WORDS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = words.get(text) {
            return w.clone();
        }
        let w = Word(Arc::new(text.to_string()));
        if words.len() < MAX_WORDS {
            words.insert(w.clone());
        }
        w
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Word {
    fn default() -> Word {
        static EMPTY: LazyLock<Arc<String>> = LazyLock::new(Arc::default);
        Word(EMPTY.clone())
    }
}

impl Deref for Word {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Word {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Word {
    fn from(s: &str) -> Word {
        Word::new(s)
    }
}

impl From<&String> for Word {
    fn from(s: &String) -> Word {
        Word::new(s)
    }
}

impl From<String> for Word {
    fn from(s: String) -> Word {
        Word::new(&s)
    }
}

impl From<Word> for String {
    fn from(w: Word) -> String {
        w.0.to_string()
    }
}

impl PartialEq<str> for Word {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Word {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Word> for str {
    fn eq(&self, other: &Word) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Word> for &str {
    fn eq(&self, other: &Word) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Word> for String {
    fn eq(&self, other: &Word) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Word {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Word, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Word::new(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_words_share_one_text() {
        let a = Word::new("us-east-1");
        let b = Word::from("us-east-1".to_string());
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "us-east-1");
        assert_eq!(a.to_string(), "us-east-1");
        assert_eq!(format!("{a:?}"), "\"us-east-1\"");
        assert_eq!(serde_json::to_string(&a).expect("json"), "\"us-east-1\"");
        let back: Word = serde_json::from_str("\"us-east-1\"").expect("read");
        assert!(Arc::ptr_eq(&a.0, &back.0));
        assert!(Word::default().is_empty() && Word::new("").is_empty());
        assert_eq!(size_of::<Word>(), 8);
    }
}
