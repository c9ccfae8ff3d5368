//! Detail keys: the names of a kind's detail fields.

/// A kind-specific detail field's key (`launch_time`), declared once in the
/// kind's file and used by its adapter and its columns alike. It carries the
/// words a column titles it with (`LAUNCH TIME`); keys are equal by key.
#[derive(Debug, Clone, Copy)]
pub struct DetailKey {
    key: &'static str,
    title: &'static str,
}

impl DetailKey {
    /// A key titled by itself.
    pub const fn new(key: &'static str) -> DetailKey {
        DetailKey { key, title: key }
    }

    pub const fn titled(key: &'static str, title: &'static str) -> DetailKey {
        DetailKey { key, title }
    }

    pub const fn as_str(self) -> &'static str {
        self.key
    }

    /// What a column of it is titled, unless the column says otherwise.
    pub const fn title(self) -> &'static str {
        self.title
    }
}

impl PartialEq for DetailKey {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for DetailKey {}

impl std::hash::Hash for DetailKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl AsRef<str> for DetailKey {
    fn as_ref(&self) -> &str {
        self.key
    }
}
