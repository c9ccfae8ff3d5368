//! Table columns as data: what a column shows and how its text is made.

use chrono::{DateTime, Utc};

use super::{DetailKey, ResourceKind, States, Tone};

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

/// What a column shows. Its cells' tone comes from it (never from the
/// column's title), and whether it sorts as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The row's state word, toned by its kind's [`States`].
    State,
    /// The result of a health check (`ok`, `impaired`), toned by [`HEALTH`].
    Health,
    /// A number: sorts as one and is never cut.
    Count,
    /// A time since: sorts as a number.
    Age,
    /// Text, in no tone.
    Text,
}

/// The words of a health check (EC2 status checks): `ok` is good,
/// `impaired` bad, a check still running or without data in between. Any
/// other text (`–` for an instance that is not running) has no tone.
pub const HEALTH: States = States {
    good: &["ok"],
    warn: &["initializing", "insufficient-data"],
    bad: &["impaired"],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    pub field: Field,
    pub width: u16,
    pub role: Role,
}

/// A text column.
pub const fn col(title: &'static str, field: Field, width: u16) -> Column {
    Column {
        title,
        field,
        width,
        role: Role::Text,
    }
}

/// A column that sorts by number.
pub const fn num(title: &'static str, field: Field, width: u16) -> Column {
    Column {
        role: Role::Count,
        ..col(title, field, width)
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

/// The `STATE` column: the state word, in its tone.
pub const fn state(width: u16) -> Column {
    Column {
        role: Role::State,
        ..col("STATE", Field::State, width)
    }
}

/// A detail as text, titled by its key.
pub const fn text(key: DetailKey, width: u16) -> Column {
    col(key.title(), Field::Detail(key), width)
}

/// A detail that sorts by number, titled by its key.
pub const fn count(key: DetailKey, width: u16) -> Column {
    num(key.title(), Field::Detail(key), width)
}

/// A detail holding a health check's result, in its [`HEALTH`] tone.
pub const fn health(key: DetailKey, width: u16) -> Column {
    Column {
        role: Role::Health,
        ..text(key, width)
    }
}

/// `AGE`: the age since an RFC 3339 detail, sorting by number.
pub const fn age_of(key: DetailKey, width: u16) -> Column {
    Column {
        role: Role::Age,
        ..col("AGE", Field::Age(key), width)
    }
}

impl Column {
    /// The column under another title.
    pub const fn titled(self, title: &'static str) -> Column {
        Column { title, ..self }
    }

    /// Whether it sorts by number (and is never cut).
    pub const fn numeric(&self) -> bool {
        matches!(self.role, Role::Count | Role::Age)
    }

    /// The tone of a cell of this column in a row of `kind` showing `text`:
    /// a state word by the kind's states (unknown words in between), a
    /// health check by [`HEALTH`]; `None` for a cell in no tone.
    pub fn tone(&self, kind: ResourceKind, text: &str) -> Option<Tone> {
        match self.role {
            Role::State => Some(kind.def().tone(text)),
            Role::Health => HEALTH.tone_of(text),
            Role::Count | Role::Age | Role::Text => None,
        }
    }
}

/// The region column, added when several regions show.
pub const REGION: Column = col("REGION", Field::Region, 14);

/// The account column, added when several accounts are watched.
pub const ACCOUNT: Column = col("ACCOUNT", Field::Account, 14);

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
    fn tone_comes_from_the_role_not_the_title() {
        use crate::kinds::ec2_instance::STATUS_CHECKS;
        let ec2 = ResourceKind::Ec2Instance;
        let checks = health(STATUS_CHECKS, 10).titled("STATUS");
        assert_eq!(checks.tone(ec2, "ok"), Some(Tone::Good));
        assert_eq!(checks.tone(ec2, "impaired"), Some(Tone::Bad));
        assert_eq!(checks.tone(ec2, "initializing"), Some(Tone::Warn));
        assert_eq!(checks.tone(ec2, "insufficient-data"), Some(Tone::Warn));
        assert_eq!(checks.tone(ec2, "–"), None, "not running: no check, no tone");
        let status = state(10).titled("STATUS");
        assert_eq!(status.tone(ec2, "running"), Some(Tone::Good));
        assert_eq!(status.tone(ec2, "ok"), Some(Tone::Warn), "not a state word of EC2");
        assert_eq!(text(STATUS_CHECKS, 10).titled("STATE").tone(ec2, "running"), None);
        assert!(age_of(STATUS_CHECKS, 5).numeric() && count(STATUS_CHECKS, 5).numeric());
        assert!(!checks.numeric() && !state(5).numeric());
    }
}
