//! The Overview's findings by rule: one row a rule, with its severity (the
//! worst of its findings), how many, their estimates added up, and its
//! worst or costliest finding as the example. Pure; built in `update`
//! (`App::rebuild`) when the findings change, never while drawing.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::findings::{Finding, Severity};
use crate::model::cost::Money;

/// One row of the Overview: a rule and its findings.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    pub rule: &'static str,
    /// The worst severity among the rule's findings.
    pub severity: Severity,
    pub count: usize,
    /// The sum of the rule's estimates; `None` when none of its findings
    /// has one (a rule about risk, not waste).
    pub monthly: Option<Money>,
    /// The worst finding, and of those the costliest: an index into the
    /// findings grouped.
    pub example: usize,
}

/// Whether `a` makes a better example than `b`: more severe, then costlier.
/// Equal ones keep the first in the list (already in a stable order).
fn worse(a: &Finding, b: &Finding) -> bool {
    a.severity
        .cmp(&b.severity)
        .then_with(|| b.monthly.unwrap_or_default().cmp(&a.monthly.unwrap_or_default()))
        == Ordering::Less
}

/// The order of the rows: critical first, then the costliest (a rule with
/// no estimate counts as nothing), then the most findings, then by rule id.
fn order(a: &RuleRow, b: &RuleRow) -> Ordering {
    a.severity
        .cmp(&b.severity)
        .then_with(|| b.monthly.unwrap_or_default().cmp(&a.monthly.unwrap_or_default()))
        .then_with(|| b.count.cmp(&a.count))
        .then_with(|| a.rule.cmp(b.rule))
}

/// How many findings of each severity, and their estimates added up.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    pub critical: usize,
    pub warning: usize,
    pub info: usize,
    pub monthly: Money,
}

/// The totals of some findings, counted once when they change (the
/// Overview's title reads them on every frame).
pub fn totals<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Totals {
    let mut t = Totals::default();
    for f in findings {
        match f.severity {
            Severity::Critical => t.critical += 1,
            Severity::Warning => t.warning += 1,
            Severity::Info => t.info += 1,
        }
        t.monthly += f.monthly.unwrap_or_default();
    }
    t
}

/// The findings grouped by rule, one row each, in display order.
pub fn by_rule(findings: &[Finding]) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = Vec::new();
    let mut at: HashMap<&'static str, usize> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(&j) = at.get(f.rule) else {
            at.insert(f.rule, rows.len());
            rows.push(RuleRow {
                rule: f.rule,
                severity: f.severity,
                count: 1,
                monthly: f.monthly,
                example: i,
            });
            continue;
        };
        let row = &mut rows[j];
        row.count += 1;
        row.severity = row.severity.min(f.severity);
        row.monthly = match (row.monthly, f.monthly) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        if worse(f, &findings[row.example]) {
            row.example = i;
        }
    }
    rows.sort_by(order);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResourceKind;

    fn finding(rule: &'static str, severity: Severity, id: &str, monthly: Option<&str>) -> Finding {
        Finding {
            rule,
            severity,
            kind: ResourceKind::EbsVolume,
            account: Default::default(),
            region: "us-east-1".into(),
            id: id.into(),
            name: String::new(),
            reason: format!("{rule} on {id}"),
            monthly: monthly.map(|m| Money::parse(m).unwrap()),
        }
    }

    fn rules(rows: &[RuleRow]) -> Vec<&str> {
        rows.iter().map(|r| r.rule).collect()
    }

    #[test]
    fn no_findings_make_no_rows() {
        assert!(by_rule(&[]).is_empty());
    }

    #[test]
    fn one_rule_is_one_row_with_its_count_total_and_costliest_example() {
        let found = vec![
            finding("ebs-unattached", Severity::Warning, "vol-a", Some("5.00")),
            finding("ebs-unattached", Severity::Warning, "vol-b", Some("12.50")),
            finding("ebs-unattached", Severity::Warning, "vol-c", Some("0.80")),
        ];
        let rows = by_rule(&found);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(
            (row.rule, row.severity, row.count),
            ("ebs-unattached", Severity::Warning, 3)
        );
        assert_eq!(row.monthly.map(|m| m.two_dp()).as_deref(), Some("18.30"));
        assert_eq!(found[row.example].id, "vol-b", "the costliest is the example");
    }

    #[test]
    fn a_rule_without_estimates_has_no_total_and_one_with_some_adds_only_those() {
        let found = vec![
            finding("alarm-firing", Severity::Critical, "a", None),
            finding("alarm-firing", Severity::Critical, "b", None),
            finding("instance-stopped-long", Severity::Info, "i-1", None),
            finding("instance-stopped-long", Severity::Info, "i-2", Some("4.00")),
        ];
        let rows = by_rule(&found);
        assert_eq!(rows[0].monthly, None, "no estimate: blank, not $0.00");
        assert_eq!(rows[1].monthly.map(|m| m.two_dp()).as_deref(), Some("4.00"));
        assert_eq!(found[rows[1].example].id, "i-2");
    }

    /// A rule whose severity depends on the resource shows its worst, and
    /// its example is the worst one even when a milder one costs more.
    #[test]
    fn a_rule_takes_its_worst_severity_and_its_example_is_the_worst_finding() {
        let found = vec![
            finding("sg-world-open", Severity::Warning, "sg-web", Some("9.00")),
            finding("sg-world-open", Severity::Critical, "sg-ssh", None),
            finding("sg-world-open", Severity::Warning, "sg-db", None),
        ];
        let rows = by_rule(&found);
        assert_eq!((rows[0].severity, rows[0].count), (Severity::Critical, 3));
        assert_eq!(found[rows[0].example].id, "sg-ssh");
    }

    #[test]
    fn rows_sort_critical_first_then_by_dollars_then_by_count() {
        let mut found = Vec::new();
        // A thousand info findings with no cost, and one costly info rule.
        for i in 0..1000 {
            found.push(finding("ebs-unencrypted", Severity::Info, &format!("vol-{i}"), None));
        }
        found.push(finding("snapshot-orphaned", Severity::Info, "snap-1", Some("2.00")));
        // Warnings: few and costly beats many and cheap; equal dollars go by count.
        found.push(finding("eip-unassociated", Severity::Warning, "eip-1", Some("3.65")));
        found.push(finding("ebs-unattached", Severity::Warning, "vol-x", Some("40.00")));
        found.push(finding("rds-public", Severity::Warning, "db-1", None));
        found.push(finding("lambda-errors", Severity::Warning, "fn-1", None));
        found.push(finding("lambda-errors", Severity::Warning, "fn-2", None));
        // Three critical rules, listed last.
        found.push(finding("sg-world-open", Severity::Critical, "sg-1", None));
        found.push(finding("alarm-firing", Severity::Critical, "cpu", None));
        found.push(finding("alarm-firing", Severity::Critical, "mem", None));
        found.push(finding("instance-impaired", Severity::Critical, "i-1", None));
        let rows = by_rule(&found);
        assert_eq!(
            rules(&rows),
            vec![
                "alarm-firing",
                "instance-impaired",
                "sg-world-open",
                "ebs-unattached",
                "eip-unassociated",
                "lambda-errors",
                "rds-public",
                "snapshot-orphaned",
                "ebs-unencrypted",
            ]
        );
        let total: usize = rows.iter().map(|r| r.count).sum();
        assert_eq!(total, found.len(), "every finding is counted once");
        assert_eq!(rows.last().map(|r| r.count), Some(1000));
    }

    #[test]
    fn totals_count_each_severity_and_add_the_estimates() {
        let found = vec![
            finding("ami-public", Severity::Critical, "ami-1", None),
            finding("ebs-unattached", Severity::Warning, "vol-1", Some("5.00")),
            finding("ebs-unattached", Severity::Warning, "vol-2", Some("2.50")),
            finding("snapshot-orphaned", Severity::Info, "snap-1", Some("0.25")),
        ];
        let t = totals(&found);
        assert_eq!((t.critical, t.warning, t.info), (1, 2, 1));
        assert_eq!(t.monthly.two_dp(), "7.75");
        assert_eq!(totals(&[]), Totals::default());
    }

    #[test]
    fn critical_beats_any_amount_of_money() {
        let found = vec![
            finding("ebs-unattached", Severity::Warning, "vol-big", Some("9999.00")),
            finding("ami-public", Severity::Critical, "ami-1", None),
        ];
        assert_eq!(rules(&by_rule(&found)), vec!["ami-public", "ebs-unattached"]);
    }
}
