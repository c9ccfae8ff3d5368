//! The tag filter language shared by `--tag` and the TUI's tag prompt.
//!
//! Terms are separated by white space and AND together:
//! - `KEY=V1,V2`: the tag KEY equals V1 or V2;
//! - `KEY`: the tag KEY exists;
//! - `!KEY`: the tag KEY is absent.

use std::fmt;

use super::Tags;

/// One term of a tag filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagTerm {
    OneOf { key: String, values: Vec<String> },
    Exists(String),
    Absent(String),
}

impl TagTerm {
    pub fn matches(&self, tags: &Tags) -> bool {
        match self {
            TagTerm::OneOf { key, values } => tags.get(key).is_some_and(|v| values.iter().any(|x| x == v)),
            TagTerm::Exists(key) => tags.contains_key(key),
            TagTerm::Absent(key) => !tags.contains_key(key),
        }
    }
}

impl fmt::Display for TagTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagTerm::OneOf { key, values } => write!(f, "{key}={}", values.join(",")),
            TagTerm::Exists(key) => write!(f, "{key}"),
            TagTerm::Absent(key) => write!(f, "!{key}"),
        }
    }
}

/// A conjunction of [`TagTerm`]s; the empty filter matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagFilter {
    pub terms: Vec<TagTerm>,
}

/// Why a tag filter did not parse; displays as one line for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad tag filter \"{term}\": {reason}")]
pub struct TagFilterError {
    pub term: String,
    pub reason: &'static str,
}

impl TagFilter {
    /// Parses a filter expression such as `Environment=production,staging Team !Temp`.
    pub fn parse(input: &str) -> Result<TagFilter, TagFilterError> {
        let terms = input.split_whitespace().map(parse_term).collect::<Result<_, _>>()?;
        Ok(TagFilter { terms })
    }

    /// Parses several expressions (repeated `--tag` flags) into one filter.
    pub fn parse_all<S: AsRef<str>>(inputs: &[S]) -> Result<TagFilter, TagFilterError> {
        let mut filter = TagFilter::default();
        for input in inputs {
            filter.terms.extend(TagFilter::parse(input.as_ref())?.terms);
        }
        Ok(filter)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, tags: &Tags) -> bool {
        self.terms.iter().all(|t| t.matches(tags))
    }
}

impl fmt::Display for TagFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

fn parse_term(term: &str) -> Result<TagTerm, TagFilterError> {
    let err = |reason| TagFilterError {
        term: term.to_string(),
        reason,
    };
    if let Some(key) = term.strip_prefix('!') {
        if key.is_empty() {
            return Err(err("missing key after !"));
        }
        if key.contains('=') {
            return Err(err("!KEY takes a key alone, without values"));
        }
        if key.starts_with('!') {
            return Err(err("only one ! is allowed"));
        }
        return Ok(TagTerm::Absent(key.to_string()));
    }
    match term.split_once('=') {
        None => Ok(TagTerm::Exists(term.to_string())),
        Some(("", _)) => Err(err("missing key")),
        Some((_, "")) => Err(err("missing value (use KEY alone to test that the tag exists)")),
        Some((key, values)) => {
            let values: Vec<String> = values.split(',').map(str::to_string).collect();
            if values.iter().any(String::is_empty) {
                return Err(err("empty value in the list"));
            }
            if values.iter().any(|v| v.contains('=')) {
                return Err(err("only one = is allowed"));
            }
            Ok(TagTerm::OneOf {
                key: key.to_string(),
                values,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn or_within_a_key_and_across_terms() {
        let f = TagFilter::parse("Environment=production,staging Team !Temp").unwrap();
        assert!(f.matches(&tags(&[("Environment", "staging"), ("Team", "web")])));
        assert!(f.matches(&tags(&[("Environment", "production"), ("Team", "")])));
        assert!(!f.matches(&tags(&[("Environment", "dev"), ("Team", "web")])));
        assert!(!f.matches(&tags(&[("Environment", "production")])));
        assert!(!f.matches(&tags(&[("Environment", "production"), ("Team", "a"), ("Temp", "1")])));
    }

    #[test]
    fn empty_filter_matches_everything() {
        let f = TagFilter::parse("   ").unwrap();
        assert!(f.is_empty());
        assert!(f.matches(&Tags::new()));
    }

    #[test]
    fn errors_name_the_term_and_the_problem() {
        let e = TagFilter::parse("Team =x").unwrap_err();
        assert_eq!(e.to_string(), "bad tag filter \"=x\": missing key");
        assert_eq!(TagFilter::parse("!").unwrap_err().reason, "missing key after !");
        assert!(TagFilter::parse("A=").is_err());
        assert!(TagFilter::parse("A=x,,y").is_err());
        assert!(TagFilter::parse("!A=x").is_err());
        assert!(TagFilter::parse("A=b=c").is_err());
    }

    #[test]
    fn repeated_flags_and_together() {
        let f = TagFilter::parse_all(&["Environment=production", "Team"]).unwrap();
        assert_eq!(f.terms.len(), 2);
        assert_eq!(f.to_string(), "Environment=production Team");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = TagFilter::parse(&s);
        }

        #[test]
        fn round_trips_what_it_accepts(s in "[!=,a-zA-Z0-9 ]{0,30}") {
            let parsed = TagFilter::parse(&s);
            prop_assume!(parsed.is_ok(), "not a filter: {:?}", parsed);
            let f = parsed.unwrap();
            let again = TagFilter::parse(&f.to_string()).unwrap();
            prop_assert_eq!(again, f);
        }
    }
}
