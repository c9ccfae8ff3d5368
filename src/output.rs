//! Headless output of one cycle (`--once`): JSON, CSV or an aligned table.

use std::borrow::Cow;
use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::findings::{Finding, Settings, Severity};
use crate::model::cost::CostReport;
use crate::model::{
    AccountId, AccountInfo, CycleStats, Fetch, Identity, MetricSeries, Outcome, RegionMetrics, Resource, TagFilter,
};

/// Everything `--once` prints. Its JSON form is a contract for scripts.
#[derive(Debug, Serialize)]
pub struct Report {
    pub generated_at: String,
    pub profile: String,
    pub identity: Identity,
    /// Every account watched (one for a single profile).
    pub accounts: Vec<AccountInfo>,
    pub regions: Vec<String>,
    pub outcomes: Vec<OutcomeRow>,
    pub resources: Vec<Resource>,
    pub stats: CycleStats,
    /// Cost Explorer figures, with `--cost`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostReport>,
    /// With `--metrics`: the last hour of every metric of every resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<MetricSeries>>,
    /// With `--findings`: what needs attention, critical first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<Finding>>,
    /// With `--changes`: added, removed and state changes since the last run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<crate::model::changes::Change>>,
    /// With `--findings`: the series the findings read over their own
    /// window (a NAT gateway's week of bytes out); not printed.
    #[serde(skip)]
    pub finding_series: Vec<MetricSeries>,
}

/// Every list's items in one `Vec`: the largest list's own buffer, grown
/// once to the total, so that no second buffer as large as all of them
/// holds every row again for a moment (with 100,000 resources, 10 MB).
fn gather<T>(mut lists: Vec<Vec<T>>) -> Vec<T> {
    let total: usize = lists.iter().map(Vec::len).sum();
    let Some(largest) = (0..lists.len()).max_by_key(|&i| lists[i].len()) else {
        return Vec::new();
    };
    let mut all = lists.swap_remove(largest);
    all.reserve_exact(total - all.len());
    for list in lists {
        all.extend(list);
    }
    all
}

/// One (account, region, kind) outcome.
#[derive(Debug, Serialize)]
pub struct OutcomeRow {
    pub account: AccountId,
    pub region: String,
    pub service: String,
    pub kind: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub items: usize,
    pub calls: u32,
    pub duration_ms: u64,
}

impl Report {
    /// Builds the report from a cycle's fetches; resources are filtered by
    /// tag, sorted by kind, region and id. `items` counts what was fetched.
    pub fn new(
        now: DateTime<Utc>,
        profile: String,
        identity: Identity,
        regions: Vec<String>,
        fetches: Vec<Fetch>,
        filter: &TagFilter,
        stats: CycleStats,
    ) -> Report {
        let mut outcomes = Vec::with_capacity(fetches.len());
        let mut lists = Vec::new();
        for f in fetches {
            let (status, error, items) = match f.outcome {
                Outcome::Fresh(items) => {
                    let n = items.len();
                    lists.push(items);
                    ("ok", None, n)
                }
                Outcome::Failed(e) => ("error", Some(e.to_string()), 0),
            };
            outcomes.push(OutcomeRow {
                account: f.account,
                region: f.region,
                service: f.kind.service().to_string(),
                kind: f.kind.to_string(),
                status,
                error,
                items,
                calls: f.calls.calls,
                duration_ms: f.duration.as_millis() as u64,
            });
        }
        outcomes.sort_by(|a, b| (a.account, &a.region, &a.kind).cmp(&(b.account, &b.region, &b.kind)));
        let mut resources = gather(lists);
        resources.retain(|r| filter.matches(&r.tags));
        resources
            .sort_unstable_by(|a, b| (a.kind, a.account, &a.region, &a.id).cmp(&(b.kind, b.account, &b.region, &b.id)));
        Report {
            generated_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            profile,
            accounts: AccountId::parse(&identity.account)
                .map(|id| AccountInfo {
                    id,
                    name: String::new(),
                    source: identity.source.clone(),
                })
                .into_iter()
                .collect(),
            identity,
            regions,
            outcomes,
            resources,
            stats,
            cost: None,
            metrics: None,
            findings: None,
            changes: None,
            finding_series: Vec::new(),
        }
    }

    /// Adds the findings over the resources shown (and the metric series of
    /// `--metrics`, when fetched).
    pub fn add_findings(&mut self, settings: &Settings, now: DateTime<Utc>) {
        let series = self.metrics.as_deref().unwrap_or_default();
        fn of(s: &MetricSeries, r: &Resource, metric: &str) -> bool {
            s.kind == r.kind && s.account == r.account && s.region == r.region && s.id == r.id && s.metric == metric
        }
        let lookup = |r: &Resource, metric: &'static str| {
            self.finding_series
                .iter()
                .find(|s| of(s, r, metric))
                .or_else(|| series.iter().find(|s| of(s, r, metric)))
        };
        self.findings = Some(crate::findings::evaluate(&self.resources, &lookup, settings, now));
    }

    /// The exit code: 2 when any cell failed; else 3 when a finding is at
    /// or above `fail_on`; else 0.
    pub fn exit_code(&self, fail_on: Option<Severity>) -> u8 {
        if self.failed() {
            return 2;
        }
        match (fail_on, &self.findings) {
            (Some(level), Some(f)) if crate::findings::any_at_or_above(f, level) => 3,
            _ => 0,
        }
    }

    /// Adds the metrics of `--metrics`: series sorted by kind, region, id
    /// and metric; their calls join the stats and a failed region becomes a
    /// failed `cloudwatch` outcome.
    /// Adds the series the findings read ([`Report::finding_series`]):
    /// their calls join the stats, a failed region becomes a failed cell.
    pub fn add_finding_metrics(&mut self, results: Vec<RegionMetrics>) {
        let mut rows = Vec::new();
        for m in results {
            self.count_metrics(&m, "findings-metrics");
            rows.extend(m.series);
        }
        self.finding_series = rows;
    }

    /// Counts one region's metrics calls into the stats; its error becomes
    /// a failed `kind` cell of `cloudwatch`.
    fn count_metrics(&mut self, m: &RegionMetrics, kind: &str) {
        self.stats.calls += m.calls.calls;
        self.stats.pages += m.calls.pages;
        for (api, n) in &m.calls.by_api {
            *self.stats.by_api.entry(api.clone()).or_default() += n;
        }
        if let Some(e) = &m.error {
            self.stats.errors += 1;
            self.outcomes.push(OutcomeRow {
                account: m.account,
                region: m.region.clone(),
                service: "cloudwatch".into(),
                kind: kind.into(),
                status: "error",
                error: Some(e.to_string()),
                items: m.series.len(),
                calls: m.calls.calls,
                duration_ms: 0,
            });
        }
    }

    pub fn add_metrics(&mut self, results: Vec<RegionMetrics>) {
        let mut rows = Vec::new();
        for m in results {
            self.count_metrics(&m, "metrics");
            rows.extend(m.series);
        }
        rows.sort_by(|a, b| {
            (a.kind, a.account, &a.region, &a.id, a.metric).cmp(&(b.kind, b.account, &b.region, &b.id, b.metric))
        });
        self.metrics = Some(rows);
    }

    pub fn failed(&self) -> bool {
        self.outcomes.iter().any(|o| o.status == "error") || self.cost.as_ref().is_some_and(|c| c.error.is_some())
    }

    pub fn write_json(&self, out: &mut impl Write) -> anyhow::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)?;
        Ok(())
    }

    /// One row per resource: `kind,account,region,id,name,state,tags` with tags as
    /// `k=v;k=v`; with findings, one row per finding instead.
    pub fn write_csv(&self, out: &mut impl Write) -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        if let Some(findings) = &self.findings {
            w.write_record([
                "severity",
                "rule",
                "kind",
                "account",
                "region",
                "id",
                "name",
                "reason",
                "monthly_usd",
            ])?;
            for f in findings {
                let money = f.monthly.map(|m| m.two_dp()).unwrap_or_default();
                let (severity, kind, account) = (f.severity.to_string(), f.kind.to_string(), f.account.to_string());
                w.write_record([
                    &severity, f.rule, &kind, &account, &f.region, &f.id, &f.name, &f.reason, &money,
                ])?;
            }
            w.flush()?;
            return Ok(());
        }
        w.write_record(["kind", "account", "region", "id", "name", "state", "tags"])?;
        for r in &self.resources {
            let (kind, account) = (r.kind.to_string(), r.account.to_string());
            w.write_record([
                kind.as_str(),
                &account,
                &r.region,
                &r.id,
                &r.name,
                &r.state,
                &r.tags.joined(),
            ])?;
        }
        w.flush()?;
        Ok(())
    }

    /// A readable listing: resources, then failures, then one summary line.
    pub fn write_table(&self, out: &mut impl Write) -> anyhow::Result<()> {
        // With several accounts, an ACCOUNT column (its name, else its id).
        let several = self.accounts.len() > 1;
        let label = |id: crate::model::AccountId| {
            self.accounts
                .iter()
                .find(|a| a.id == id)
                .map_or_else(|| id.to_string(), AccountInfo::label)
        };
        let header: &[&str] = match several {
            true => &["KIND", "ACCOUNT", "REGION", "ID", "NAME", "STATE", "TAGS"],
            false => &["KIND", "REGION", "ID", "NAME", "STATE", "TAGS"],
        };
        let rows = self.resources.iter().map(|r| {
            let mut row = vec![
                Cow::Owned(r.kind.to_string()),
                Cow::Borrowed(r.region.as_str()),
                Cow::Borrowed(r.id.as_str()),
                Cow::Borrowed(r.name.as_str()),
                Cow::Borrowed(r.state.as_str()),
                Cow::Owned(r.tags.joined()),
            ];
            if several {
                row.insert(1, Cow::Owned(label(r.account)));
            }
            row
        });
        write_aligned(out, header, rows)?;
        for o in self.outcomes.iter().filter(|o| o.status == "error") {
            let account = if several {
                format!("{} ", label(o.account))
            } else {
                String::new()
            };
            writeln!(
                out,
                "FAILED {account}{} {}: {}",
                o.region,
                o.kind,
                o.error.as_deref().unwrap_or_default()
            )?;
        }
        writeln!(
            out,
            "{} resources in {} regions; {} calls, {} pages, {} ms (slowest {} ms)",
            self.resources.len(),
            self.regions.len(),
            self.stats.calls,
            self.stats.pages,
            self.stats.cycle_ms,
            self.stats.slowest_call_ms
        )?;
        if let Some(cost) = &self.cost {
            write_cost(out, cost)?;
        }
        if let Some(findings) = &self.findings {
            write_findings(out, findings)?;
        }
        Ok(())
    }
}

/// The findings of `--findings` as a section: one line each, then the
/// estimated monthly waste.
fn write_findings(out: &mut impl Write, findings: &[Finding]) -> anyhow::Result<()> {
    writeln!(out, "findings: {}", findings.len())?;
    for f in findings {
        let money = f
            .monthly
            .map(|m| format!("est. ${}/mo", m.two_dp()))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<8} {:<22} {:<14} {:<24} {} {money}",
            f.severity.to_string().to_uppercase(),
            f.rule,
            f.region,
            f.id,
            f.reason
        )?;
    }
    writeln!(
        out,
        "estimated waste: ${}/month (us-east-1 list prices of {})",
        crate::findings::total_waste(findings).two_dp(),
        crate::findings::PRICES_DATE
    )?;
    Ok(())
}

/// The cost figures of `--cost` in a few lines.
fn write_cost(out: &mut impl Write, cost: &CostReport) -> anyhow::Result<()> {
    if let Some(e) = &cost.error {
        writeln!(out, "FAILED cost: {e}")?;
        return Ok(());
    }
    let Some(v) = &cost.figures else { return Ok(()) };
    let amount = |key: &str| v[key]["amount"].as_str().unwrap_or("?").to_string();
    writeln!(
        out,
        "cost ({}, from {}): month to date {} · last month {} · yesterday {}",
        v["unit"].as_str().unwrap_or("USD"),
        cost.source,
        amount("month_to_date"),
        amount("last_month"),
        amount("yesterday")
    )?;
    let forecast = match v["forecast"]["month"]["amount"].as_str() {
        Some(m) => m.to_string(),
        None => v["forecast"]["error"].as_str().unwrap_or("unavailable").to_string(),
    };
    writeln!(
        out,
        "forecast {forecast} · projection {} (month to date / {} days x {})",
        v["projection"]["amount"].as_str().unwrap_or("?"),
        v["projection"]["elapsed_days"],
        v["projection"]["days_in_month"]
    )?;
    for (title, key) in [
        ("service", "by_service"),
        ("region", "by_region"),
        ("account", "by_account"),
    ] {
        for line in v[key].as_array().into_iter().flatten() {
            writeln!(
                out,
                "  by {title:<8} {:<48} {:>12}",
                line["name"].as_str().unwrap_or_default(),
                line["amount"].as_str().unwrap_or_default()
            )?;
        }
    }
    Ok(())
}

/// A header and rows in columns two spaces apart, each as wide as its
/// widest cell (the last one as it is), one line each (`doctor`).
pub fn aligned<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail.
    let _ = write_aligned(&mut out, header, rows.iter().map(AsRef::as_ref));
    String::from_utf8_lossy(&out).into_owned()
}

/// [`aligned`], written as it goes: the rows are made twice (once for the
/// widths, once to write), never all kept, so the `--once` table of 100,000
/// resources costs a line, not the whole text.
pub fn write_aligned<C: AsRef<str>, R: AsRef<[C]>>(
    out: &mut impl Write,
    header: &[&str],
    rows: impl Iterator<Item = R> + Clone,
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows.clone() {
        for (w, cell) in widths.iter_mut().zip(row.as_ref()) {
            *w = (*w).max(cell.as_ref().chars().count());
        }
    }
    let mut line = String::new();
    let mut write = |row: &mut dyn Iterator<Item = &str>, n: usize| {
        line.clear();
        for (i, (cell, w)) in row.zip(&widths).enumerate() {
            if i + 1 == n {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  "));
            }
        }
        writeln!(out, "{}", line.trim_end())
    };
    write(&mut header.iter().copied(), header.len())?;
    for row in rows {
        let row = row.as_ref();
        write(&mut row.iter().map(AsRef::as_ref), row.len())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::{AwsError, CallCount, ResourceKind};

    #[test]
    fn lists_are_gathered_into_the_largest_one_grown_once_to_the_total() {
        let small = vec![1, 2];
        let large: Vec<u32> = (10..1000).collect();
        let at = large.as_ptr() as usize;
        let all = gather(vec![small, large, Vec::new(), vec![3]]);
        assert_eq!(all.len(), 993);
        assert_eq!(all.capacity(), 993, "no slack: grown once, exactly");
        let mut sorted = all.clone();
        sorted.sort_unstable();
        assert_eq!(&sorted[..3], &[1, 2, 3]);
        // Grown in place or moved, but from the largest list's buffer: its
        // items lead.
        assert_eq!(all[0], 10, "the largest list's buffer (was at {at:#x})");
        assert!(gather::<u32>(Vec::new()).is_empty());
    }

    fn sample() -> Report {
        let acct = AccountId::parse("123456789012").unwrap();
        let mut web = Resource::new(ResourceKind::Ec2Instance, "us-east-1", "i-1");
        web.account = acct;
        web.name = "web, \"one\"".into();
        web.state = "running".into();
        web.tags.insert("Environment", "production");
        web.tags.insert("Team", "web");
        let mut bare = Resource::new(ResourceKind::Ec2Instance, "us-east-1", "i-2");
        bare.account = acct;
        bare.state = "stopped".into();
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let fetches = vec![
            Fetch {
                account: acct,
                region: "us-east-1".into(),
                kind: ResourceKind::Ec2Instance,
                outcome: Outcome::Fresh(vec![web, bare]),
                at,
                calls: CallCount {
                    calls: 1,
                    pages: 1,
                    ..Default::default()
                },
                duration: Duration::from_millis(41),
            },
            Fetch {
                account: acct,
                region: "us-east-1".into(),
                kind: ResourceKind::EbsVolume,
                outcome: Outcome::Failed(AwsError::new("UnauthorizedOperation", "denied")),
                at,
                calls: CallCount {
                    calls: 1,
                    pages: 1,
                    ..Default::default()
                },
                duration: Duration::from_millis(5),
            },
        ];
        let filter = TagFilter::parse("Environment").unwrap();
        Report::new(
            at,
            "monitor".into(),
            Identity {
                account: acct.to_string(),
                source: "profile monitor".into(),
                ..Identity::default()
            },
            vec!["us-east-1".into()],
            fetches,
            &filter,
            CycleStats::default(),
        )
    }

    #[test]
    fn json_follows_the_contract() {
        let mut buf = Vec::new();
        sample().write_json(&mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["generated_at"], "2023-11-14T22:13:20Z");
        assert_eq!(v["outcomes"][0]["kind"], "ebs-volume");
        assert_eq!(v["outcomes"][0]["service"], "ec2");
        assert_eq!(v["outcomes"][0]["status"], "error");
        assert_eq!(v["outcomes"][0]["error"], "UnauthorizedOperation: denied");
        assert_eq!(
            v["outcomes"][1]["items"], 2,
            "items counts what was fetched, before the tag filter"
        );
        assert!(v["outcomes"][1].get("error").is_none());
        assert_eq!(v["resources"].as_array().unwrap().len(), 1);
        assert_eq!(v["resources"][0]["kind"], "ec2-instance");
        assert_eq!(v["resources"][0]["tags"]["Team"], "web");
        assert_eq!(v["resources"][0]["account"], "123456789012");
        assert_eq!(v["outcomes"][0]["account"], "123456789012");
        assert_eq!(
            v["accounts"],
            serde_json::json!([{"id": "123456789012", "name": "", "source": "profile monitor"}]),
            "a single-account run lists its account too"
        );
        for key in ["cycle_ms", "slowest_call_ms", "calls", "pages"] {
            assert!(v["stats"].get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn csv_quotes_and_joins_tags() {
        let mut buf = Vec::new();
        sample().write_csv(&mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text,
            "kind,account,region,id,name,state,tags\nec2-instance,123456789012,us-east-1,i-1,\"web, \"\"one\"\"\",running,Environment=production;Team=web\n"
        );
    }

    #[test]
    fn a_table_of_several_accounts_names_each_rows_account() {
        let mut report = sample();
        let mut text = Vec::new();
        report.write_table(&mut text).unwrap();
        assert!(
            !String::from_utf8(text).unwrap().contains("ACCOUNT"),
            "one account: no column"
        );
        report.accounts.push(AccountInfo {
            id: AccountId::parse("210987654321").unwrap(),
            name: "dev".into(),
            source: String::new(),
        });
        report.accounts[0].name = "prod".into();
        let mut text = Vec::new();
        report.write_table(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("KIND          ACCOUNT  REGION"), "{}", lines[0]);
        assert!(lines[1].starts_with("ec2-instance  prod     us-east-1"), "{}", lines[1]);
        assert!(text.contains("FAILED prod us-east-1 ebs-volume: "), "{text}");
    }

    #[test]
    fn table_aligns_and_lists_failures() {
        let mut buf = Vec::new();
        let report = sample();
        assert!(report.failed());
        report.write_table(&mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("KIND          REGION     ID   NAME"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("ec2-instance  us-east-1  i-1  web"),
            "{}",
            lines[1]
        );
        assert_eq!(lines[2], "FAILED us-east-1 ebs-volume: UnauthorizedOperation: denied");
    }
}
