//! Plain data shared by every layer: no tokio, no AWS SDK, no ratatui.

mod cell;
pub mod changes;
pub mod cost;
mod feature;
mod fields;
mod late;
pub mod links;
pub mod logs;
pub mod meter;
pub mod metrics;
mod tagfilter;
mod word;

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use serde::Serialize;

pub use feature::Feature;
pub use metrics::{MetricSeries, MetricSpec, MetricTarget, RegionMetrics, Window};
pub use tagfilter::{TagFilter, TagFilterError, TagTerm};
pub use word::Word;

/// Resource tags and kind-specific fields, sorted by key so output is
/// stable, and compact.
pub use fields::{Details, Tags};
pub use late::{Checks, Fact, Late, NOT_RUNNING};

/// The pseudo-region S3 is listed under: buckets are listed once per account.
pub const GLOBAL: &str = "global";

pub use crate::kinds::{DetailKey, ResourceKind};

/// One unit of work for the poller: one listing in one region (or once
/// globally, for kinds of global scope). It reports its kind and the kinds
/// listed with it (EKS nodegroups come with the clusters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Job {
    pub region: String,
    /// The kind whose listing this is.
    pub kind: ResourceKind,
}

impl Job {
    /// The kinds this job reports an outcome for.
    pub fn kinds(&self) -> &'static [ResourceKind] {
        self.kind.listing_members()
    }
}

/// Every job of one cycle over `regions`: each regional listing once per
/// region, each global one once. Derived from the kind registry.
pub fn jobs_for(regions: &[String]) -> Vec<Job> {
    if regions.is_empty() {
        return Vec::new();
    }
    let own: Vec<ResourceKind> = ResourceKind::all()
        .iter()
        .copied()
        .filter(|k| k.has_own_listing())
        .collect();
    let mut jobs: Vec<Job> = regions
        .iter()
        .flat_map(|r| {
            own.iter().filter(|k| !k.is_global()).map(move |&kind| Job {
                region: r.clone(),
                kind,
            })
        })
        .collect();
    jobs.extend(own.iter().filter(|k| k.is_global()).map(|&kind| Job {
        region: GLOBAL.to_string(),
        kind,
    }));
    jobs
}

/// A 12-digit AWS account id, held as a 40-bit number in five bytes
/// (big-endian, so they sort as the number does): `Copy`, and small enough
/// to share the padding beside a resource's kind, so every row carries its
/// account without a string or a byte more. Shown and serialised with its
/// leading zeros. `AccountId::default()` (all zeros) stands for an account
/// not yet known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId([u8; 5]);

impl AccountId {
    /// Twelve ASCII digits, else `None`.
    pub fn parse(text: &str) -> Option<AccountId> {
        let text = text.trim();
        if text.len() != 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u64 = text.parse().ok()?;
        let [_, _, _, a, b, c, d, e] = n.to_be_bytes();
        Some(AccountId([a, b, c, d, e]))
    }

    fn number(self) -> u64 {
        let [a, b, c, d, e] = self.0;
        u64::from_be_bytes([0, 0, 0, a, b, c, d, e])
    }

    pub fn is_known(self) -> bool {
        self.0 != [0; 5]
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012}", self.number())
    }
}

impl Serialize for AccountId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One account being watched: its id, its name (from Organizations, else
/// the profile's), and where its credentials come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountInfo {
    pub id: AccountId,
    pub name: String,
    /// `profile prod`, `org role ReadOnly from profile mgmt`, ...
    pub source: String,
}

impl AccountInfo {
    /// The name to show: the Organizations or profile name, else the id.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.id.to_string()
        } else {
            self.name.clone()
        }
    }
}

/// One AWS resource, as every view and output format sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub kind: ResourceKind,
    /// The account it lives in (set by the poller for the job's account).
    pub account: AccountId,
    /// Shared by the rows of a region (one text per region, not per row).
    pub region: Word,
    /// Instance/volume/DB id, bucket name, function name, EKS cluster name,
    /// `cluster/nodegroup`, EMR cluster id, security group id, image id,
    /// snapshot id, or an Elastic IP's allocation id (else its public IP).
    /// Inline up to 24 bytes (ids and most names), like `name`.
    pub id: CompactString,
    /// The Name tag, or the natural name.
    pub name: CompactString,
    /// A state word, shared by the rows in that state.
    pub state: Word,
    pub tags: Tags,
    /// Kind-specific fields, by a stable snake_case key.
    pub details: Details,
}

impl Resource {
    pub fn new(kind: ResourceKind, region: &str, id: impl Into<String>) -> Self {
        Resource {
            kind,
            account: AccountId::default(),
            region: Word::new(region),
            id: CompactString::from(id.into()),
            name: CompactString::default(),
            state: Word::default(),
            tags: Tags::new(),
            details: Details::default(),
        }
    }

    /// Sets a detail field when it has a value; empty values are left out.
    pub fn set(&mut self, key: DetailKey, value: impl ToString) {
        let value = value.to_string();
        if !value.is_empty() {
            self.details.insert(key.as_str(), &value);
        }
    }

    /// A detail field's text, empty when absent.
    pub fn detail_str(&self, key: impl AsRef<str>) -> &str {
        self.details.get(key.as_ref()).unwrap_or("")
    }

    /// Equal but for the `late` details ([`Late`]): a row just listed, its
    /// late facts not known yet, against the same row of the last listing.
    pub fn same_except(&self, other: &Resource, late: &[DetailKey]) -> bool {
        // Every field named: a new one cannot be left out of the comparison.
        let Resource {
            kind,
            account,
            region,
            id,
            name,
            state,
            tags,
            details,
        } = self;
        *kind == other.kind
            && *account == other.account
            && *region == other.region
            && *id == other.id
            && *name == other.name
            && *state == other.state
            && *tags == other.tags
            && details.eq_except(&other.details, late)
    }
}

/// An AWS failure, reduced to what a user needs to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwsError {
    /// The AWS error code (`AccessDenied`, `ThrottlingException`, ...) or one
    /// of ours for transport failures (`Timeout`, `EndpointUnreachable`).
    pub code: String,
    pub message: String,
}

impl AwsError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        AwsError {
            code: code.into(),
            message: message.into(),
        }
    }

    /// Whether the code means a missing permission.
    pub fn is_denied(&self) -> bool {
        matches!(
            self.code.as_str(),
            "AccessDenied"
                | "AccessDeniedException"
                | "UnauthorizedOperation"
                | "UnauthorizedAccess"
                | "AuthorizationError"
                | "Forbidden"
        )
    }

    pub fn is_throttle(&self) -> bool {
        matches!(
            self.code.as_str(),
            "Throttling" | "ThrottlingException" | "RequestLimitExceeded" | "TooManyRequestsException" | "SlowDown"
        )
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

impl std::error::Error for AwsError {}

/// How many AWS operations a piece of work made, and how many list pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallCount {
    pub calls: u32,
    pub pages: u32,
    /// Calls by `service:Operation`.
    pub by_api: BTreeMap<String, u32>,
}

impl CallCount {
    pub fn add(&mut self, other: &CallCount) {
        self.calls += other.calls;
        self.pages += other.pages;
        for (api, n) in &other.by_api {
            *self.by_api.entry(api.clone()).or_default() += n;
        }
    }
}

/// A (region, kind) listing made whole, as `--once` reports it: every row,
/// completed by its late facts; or its error.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Fresh(Vec<Resource>),
    Failed(AwsError),
}

/// How a (region, kind) listing ended, as the poller sends it: its rows
/// came before, as pages (`Event::Page`), and this is what completes them;
/// or its error (the pages that came are dropped).
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// Listed to the last page; these late facts complete its rows.
    Listed(Late),
    Failed(AwsError),
}

/// One (account, region, kind) listing's result with its bookkeeping: as
/// it ends (`Fetch<End>`, the poller's `Event::Inventory`), or made whole
/// (`Fetch`, with its rows: `--once`, a cached listing).
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch<O = Outcome> {
    pub account: AccountId,
    pub region: String,
    pub kind: ResourceKind,
    pub outcome: O,
    pub at: DateTime<Utc>,
    /// Calls of the job that produced it (shared by both EKS kinds).
    pub calls: CallCount,
    pub duration: Duration,
}

impl<O> Fetch<O> {
    /// The same listing with another outcome.
    pub fn with<P>(self, outcome: P) -> Fetch<P> {
        Fetch {
            account: self.account,
            region: self.region,
            kind: self.kind,
            outcome,
            at: self.at,
            calls: self.calls,
            duration: self.duration,
        }
    }
}

/// Figures for one whole poll cycle.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CycleStats {
    pub cycle_ms: u64,
    pub slowest_call_ms: u64,
    /// The job whose call was the slowest, as `region/kind`.
    pub slowest: String,
    pub calls: u32,
    pub pages: u32,
    pub errors: u32,
    pub by_api: BTreeMap<String, u32>,
    /// Calls by account id.
    pub by_account: BTreeMap<String, u32>,
}

/// Caller identity, from STS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    /// Where the credentials came from, for display (never the keys).
    #[serde(skip)]
    pub source: String,
}

/// Text (an error and its causes, say) on one line: every run of white
/// space, line breaks included, becomes one space.
pub fn one_line(text: impl std::fmt::Display) -> String {
    text.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `1234567` -> `1,234,567`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count in four characters at most (below ten billion), rounded: `999`,
/// `1.1k`, `12k`, `999k`, `1.2M`, `12M`, `999M`, `1.0G`.
pub fn abbreviate(n: usize) -> String {
    let tenths = |unit: usize| {
        let t = (n + unit / 20) / (unit / 10);
        format!("{}.{}", t / 10, t % 10)
    };
    match n {
        0..1_000 => n.to_string(),
        1_000..9_950 => format!("{}k", tenths(1_000)),
        9_950..999_500 => format!("{}k", (n + 500) / 1_000),
        999_500..9_950_000 => format!("{}M", tenths(1_000_000)),
        9_950_000..999_500_000 => format!("{}M", (n + 500_000) / 1_000_000),
        _ => format!("{}G", tenths(1_000_000_000)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 100,000 rows must fit in tens of megabytes: a row is its struct, its
    /// strings, one tag vector and one details index and text (see
    /// `fields/`). A field that grows this fails here first.
    #[test]
    fn a_resource_stays_small() {
        assert!(size_of::<Resource>() <= 104, "{}", size_of::<Resource>());
    }

    /// Ids and names up to 24 bytes are kept in the row itself.
    #[test]
    fn short_ids_and_names_allocate_nothing() {
        let mut r = Resource::new(ResourceKind::Ec2Instance, "us-east-1", "i-0123456789abcdef0");
        r.name = "svc-worker-123-blue-green".into();
        assert!(!r.id.is_heap_allocated());
        assert!(r.name.is_heap_allocated(), "25 bytes");
        r.name = "svc-worker-123-blue-gree".into();
        assert!(!r.name.is_heap_allocated());
    }

    #[test]
    fn jobs_cover_every_kind_once_per_region_and_global_kinds_once() {
        let regions = ["us-east-1".to_string(), "eu-west-1".to_string()];
        let jobs = jobs_for(&regions);
        let global = ResourceKind::all().iter().filter(|k| k.is_global()).count();
        let regional = ResourceKind::all().len() - global;
        assert_eq!(jobs.iter().filter(|j| j.kind == ResourceKind::S3Bucket).count(), 1);
        assert!(
            jobs.iter().all(|j| j.kind != ResourceKind::EksNodegroup),
            "listed with the clusters"
        );
        // Every kind is reported once per region (global ones once).
        for &k in ResourceKind::all() {
            let n = jobs.iter().filter(|j| j.kinds().contains(&k)).count();
            assert_eq!(n, if k.is_global() { 1 } else { 2 }, "{k}");
        }
        let kinds: usize = jobs.iter().map(|j| j.kinds().len()).sum();
        assert_eq!(kinds, 2 * regional + global);
        assert!(jobs_for(&[]).is_empty());
    }

    #[test]
    fn account_ids_are_twelve_digits_kept_with_their_zeros() {
        let id = AccountId::parse("012345678901").unwrap();
        assert_eq!(id.to_string(), "012345678901");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"012345678901\"");
        assert!(id.is_known());
        assert!(!AccountId::default().is_known());
        for bad in ["12345678901", "1234567890123", "12345678901a", "", "+12345678901"] {
            assert_eq!(AccountId::parse(bad), None, "{bad}");
        }
        assert_eq!(std::mem::size_of::<AccountId>(), 5);
        let max = AccountId::parse("999999999999").unwrap();
        assert_eq!(max.to_string(), "999999999999", "twelve nines fit in 40 bits");
        assert!(AccountId::parse("000000000002").unwrap() < AccountId::parse("000000000010").unwrap());
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn abbreviate_keeps_counts_to_four_characters() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1.0k"),
            (1_104, "1.1k"),
            (1_950, "2.0k"),
            (9_949, "9.9k"),
            (9_950, "10k"),
            (12_345, "12k"),
            (999_499, "999k"),
            (999_500, "1.0M"),
            (1_234_567, "1.2M"),
            (9_950_000, "10M"),
            (999_499_999, "999M"),
            (999_500_000, "1.0G"),
        ];
        for (n, text) in cases {
            assert_eq!(abbreviate(n), text, "{n}");
        }
        for n in (0..2_000_000_000).step_by(999_983) {
            assert!(abbreviate(n).len() <= 4, "{n}: {}", abbreviate(n));
        }
    }

    #[test]
    fn one_line_folds_white_space() {
        assert_eq!(one_line("a\n  b\tc \n"), "a b c");
        assert_eq!(one_line(format_args!("{}: {}", "x", "y\nz")), "x: y z");
    }

    #[test]
    fn error_display_is_code_colon_message() {
        assert_eq!(AwsError::new("AccessDenied", "no").to_string(), "AccessDenied: no");
        assert_eq!(AwsError::new("Timeout", "").to_string(), "Timeout");
        assert!(AwsError::new("RequestLimitExceeded", "").is_throttle());
    }
}
