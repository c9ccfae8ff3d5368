//! Findings: what needs attention now. Computed from the inventory (and the
//! metric series already fetched) by pure rules, with no AWS call of their
//! own. Each finding has a rule id (a contract: JSON, config, tests), a
//! severity, the resource, a one-line reason, and an estimated monthly
//! cost where the rule is about waste.

mod ec2x;
pub mod ecs;
mod elb;
mod prices;
mod rules;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use ec2x::{FINDINGS_SERIES, FINDINGS_WINDOW, asg_is_short, findings_targets};
pub use prices::{HOURS_PER_MONTH, PRICES_DATE, PriceOverrides, Prices};
pub use rules::RULES;

use crate::model::cost::Money;
use crate::model::{MetricSeries, Resource, ResourceKind, TagFilter};

/// How urgent a finding is. Orders critical first.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::Display,
    strum::EnumString,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

/// One thing that needs attention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub kind: ResourceKind,
    pub account: crate::model::AccountId,
    pub region: String,
    pub id: String,
    pub name: String,
    pub reason: String,
    /// Estimated monthly waste, for rules about waste.
    #[serde(rename = "monthly_usd", serialize_with = "money_or_null")]
    pub monthly: Option<Money>,
}

fn money_or_null<S: serde::Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_str(&m.two_dp()),
        None => s.serialize_none(),
    }
}

/// What the `[findings]` table of the config file sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// An owned AMI older than this that no instance runs is unused.
    pub ami_unused_days: i64,
    /// An instance stopped longer than this with volumes attached is waste.
    pub stopped_days: i64,
    /// Rules turned off.
    pub ignore: HashSet<String>,
    /// Resources never reported, by id.
    pub ignore_ids: HashSet<String>,
    /// Resources never reported, by a tag filter (`Owner=sandbox`).
    pub ignore_tags: Option<TagFilter>,
    pub prices: Prices,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ami_unused_days: 90,
            stopped_days: 14,
            ignore: HashSet::new(),
            ignore_ids: HashSet::new(),
            ignore_tags: None,
            prices: Prices::default(),
        }
    }
}

/// What a rule sees besides the resource: the whole inventory by kind,
/// the metric series fetched so far, the time and the settings.
pub struct Context<'a> {
    pub now: DateTime<Utc>,
    pub settings: &'a Settings,
    by_kind: HashMap<ResourceKind, Vec<&'a Resource>>,
    series: &'a dyn Fn(&Resource, &'static str) -> Option<&'a MetricSeries>,
}

impl<'a> Context<'a> {
    /// Every resource of a kind in the inventory.
    pub fn of(&self, kind: ResourceKind) -> &[&'a Resource] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// A metric series of a resource, if one was fetched.
    pub fn series(&self, r: &Resource, metric: &'static str) -> Option<&'a MetricSeries> {
        (self.series)(r, metric)
    }
}

/// What a rule says about one resource.
pub struct Hit {
    pub severity: Severity,
    pub reason: String,
    pub monthly: Option<Money>,
}

/// One rule: its id, the kind it looks at, and its check.
pub struct Rule {
    pub id: &'static str,
    pub kind: ResourceKind,
    /// The severity it reports at (the highest, for rules whose severity
    /// depends on the resource).
    pub severity: Severity,
    pub check: fn(&Resource, &Context) -> Option<Hit>,
}

/// Every finding in `resources`, critical first, then by estimated cost
/// (highest first), then by rule, region and id.
pub fn evaluate<'a>(
    resources: impl IntoIterator<Item = &'a Resource>,
    series: &'a dyn Fn(&Resource, &'static str) -> Option<&'a MetricSeries>,
    settings: &'a Settings,
    now: DateTime<Utc>,
) -> Vec<Finding> {
    let mut by_kind: HashMap<ResourceKind, Vec<&Resource>> = HashMap::new();
    for r in resources {
        by_kind.entry(r.kind).or_default().push(r);
    }
    let cx = Context {
        now,
        settings,
        by_kind,
        series,
    };
    let mut out = Vec::new();
    for rule in RULES.iter().filter(|r| !settings.ignore.contains(r.id)) {
        for r in cx.of(rule.kind) {
            if settings.ignore_ids.contains(r.id.as_str())
                || settings.ignore_tags.as_ref().is_some_and(|f| f.matches(&r.tags))
            {
                continue;
            }
            if let Some(hit) = (rule.check)(r, &cx) {
                out.push(Finding {
                    rule: rule.id,
                    severity: hit.severity,
                    kind: r.kind,
                    account: r.account,
                    region: r.region.to_string(),
                    id: r.id.to_string(),
                    name: r.name.to_string(),
                    reason: hit.reason,
                    monthly: hit.monthly,
                });
            }
        }
    }
    sort(&mut out);
    out
}

/// Critical first, then the costliest, then by rule, region and id.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| b.monthly.unwrap_or_default().cmp(&a.monthly.unwrap_or_default()))
            .then_with(|| (a.rule, &a.region, &a.id).cmp(&(b.rule, &b.region, &b.id)))
    });
}

/// The estimated monthly waste of some findings.
pub fn total_waste<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Money {
    findings.into_iter().filter_map(|f| f.monthly).sum()
}

/// Whether any finding is at `level` or more severe.
pub fn any_at_or_above(findings: &[Finding], level: Severity) -> bool {
    findings.iter().any(|f| f.severity <= level)
}

/// The config file's `[findings]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingsConfig {
    pub ami_unused_days: Option<i64>,
    pub stopped_days: Option<i64>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub ignore_ids: Vec<String>,
    pub ignore_tags: Option<String>,
}

impl FindingsConfig {
    /// The settings, or a one-line error naming what is wrong.
    pub fn settings(&self, prices: &PriceOverrides) -> Result<Settings, String> {
        let d = Settings::default();
        for id in &self.ignore {
            if !RULES.iter().any(|r| r.id == id) {
                return Err(format!("[findings] ignore: unknown rule '{id}'"));
            }
        }
        for (name, v) in [
            ("ami_unused_days", self.ami_unused_days),
            ("stopped_days", self.stopped_days),
        ] {
            if v.is_some_and(|v| v < 0) {
                return Err(format!("[findings] {name}: must be zero or more"));
            }
        }
        let ignore_tags = match &self.ignore_tags {
            Some(text) => Some(TagFilter::parse(text).map_err(|e| format!("[findings] ignore_tags: {e}"))?),
            None => None,
        };
        Ok(Settings {
            ami_unused_days: self.ami_unused_days.unwrap_or(d.ami_unused_days),
            stopped_days: self.stopped_days.unwrap_or(d.stopped_days),
            ignore: self.ignore.iter().cloned().collect(),
            ignore_ids: self.ignore_ids.iter().cloned().collect(),
            ignore_tags,
            prices: Prices::default().with(prices),
        })
    }
}
