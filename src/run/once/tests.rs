use std::time::Duration;

use clap::Parser;

use super::*;
use crate::model::changes::ChangeKind;
use crate::model::{AwsError, CycleStats, Identity, TagFilter};

fn cli(args: &[&str]) -> Cli {
    Cli::try_parse_from(std::iter::once("aws-monitor").chain(args.iter().copied())).expect("flags parse")
}

fn account() -> AccountId {
    AccountId::parse("123456789012").expect("id")
}

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).expect("time")
}

fn resource(kind: ResourceKind, id: &str, state: &str) -> Resource {
    let mut r = Resource::new(kind, "eu-west-1", id);
    r.account = account();
    r.state = state.into();
    r
}

fn fetch(kind: ResourceKind, outcome: Outcome) -> Fetch {
    Fetch {
        account: account(),
        region: "eu-west-1".into(),
        kind,
        outcome,
        at: at(),
        calls: Default::default(),
        duration: Duration::ZERO,
    }
}

/// A report of these listings, as `--once` makes it.
fn report(fetches: Vec<Fetch>) -> Report {
    Report::new(
        at(),
        "monitor".into(),
        Identity {
            account: account().to_string(),
            ..Identity::default()
        },
        vec!["eu-west-1".into()],
        fetches,
        &TagFilter::default(),
        CycleStats::default(),
    )
}

/// An alarm in ALARM (a critical finding) and an unassociated address (a
/// warning).
fn estate() -> Vec<Fetch> {
    vec![
        fetch(
            ResourceKind::CloudwatchAlarm,
            Outcome::Fresh(vec![resource(ResourceKind::CloudwatchAlarm, "cpu-high", "ALARM")]),
        ),
        fetch(
            ResourceKind::ElasticIp,
            Outcome::Fresh(vec![resource(
                ResourceKind::ElasticIp,
                "eipalloc-1",
                crate::kinds::elastic_ip::UNASSOCIATED,
            )]),
        ),
    ]
}

/// The exit code of `--once` with these flags over these listings, and the
/// findings its report holds.
fn exit(args: &[&str], fetches: Vec<Fetch>) -> (u8, Option<Vec<&'static str>>) {
    let mut report = report(fetches);
    let code = finish(&mut report, &Options::new(&cli(args)), &Default::default(), at());
    (code, report.findings.map(|f| f.iter().map(|f| f.rule).collect()))
}

#[test]
fn fail_on_implies_findings_and_the_other_flags_are_carried() {
    let plain = Options::new(&cli(&["--once"]));
    assert_eq!((plain.findings, plain.fail_on), (false, None));
    let fail = Options::new(&cli(&["--once", "--fail-on", "warning"]));
    assert_eq!((fail.findings, fail.fail_on), (true, Some(Severity::Warning)));
    let findings = Options::new(&cli(&["--once", "--findings"]));
    assert_eq!((findings.findings, findings.fail_on), (true, None));
    let all = Options::new(&cli(&[
        "--once",
        "--output",
        "json",
        "--cost",
        "--metrics",
        "--changes",
    ]));
    assert_eq!(
        all,
        Options {
            output: OutputFormat::Json,
            cost: true,
            metrics: true,
            findings: false,
            fail_on: None,
            changes: true,
        }
    );
}

#[test]
fn fail_on_exits_3_for_a_finding_at_or_above_its_level_and_0_below() {
    let mut rules = vec!["alarm-firing", "eip-unassociated"];
    rules.sort_unstable();
    let sorted = |(code, found): (u8, Option<Vec<&'static str>>)| {
        let mut found = found.expect("findings added");
        found.sort_unstable();
        (code, found)
    };
    assert_eq!(
        sorted(exit(&["--once", "--fail-on", "critical"], estate())),
        (3, rules.clone())
    );
    assert_eq!(
        sorted(exit(&["--once", "--fail-on", "info"], estate())),
        (3, rules.clone())
    );
    assert_eq!(sorted(exit(&["--once", "--findings"], estate())), (0, rules));
    // Only the warning: below critical, at warning.
    let warning = || estate().split_off(1);
    assert_eq!(exit(&["--once", "--fail-on", "critical"], warning()).0, 0);
    assert_eq!(exit(&["--once", "--fail-on", "warning"], warning()).0, 3);
    assert_eq!(exit(&["--once"], estate()), (0, None), "no findings unless asked for");
}

#[test]
fn a_failed_cell_exits_2_before_any_finding() {
    let mut fetches = estate();
    fetches.push(fetch(
        ResourceKind::Ec2Instance,
        Outcome::Failed(AwsError::new("UnauthorizedOperation", "denied")),
    ));
    assert_eq!(exit(&["--once", "--fail-on", "critical"], fetches.clone()).0, 2);
    assert_eq!(exit(&["--once"], fetches).0, 2);
}

#[test]
fn changes_compare_each_fresh_listing_with_the_one_the_last_run_left() {
    let ec2 = ResourceKind::Ec2Instance;
    let previous = Previous::from([(
        (account(), "eu-west-1".to_string(), ec2),
        vec![resource(ec2, "i-1", "running"), resource(ec2, "i-gone", "running")],
    )]);
    let fetches = [
        fetch(
            ec2,
            Outcome::Fresh(vec![resource(ec2, "i-1", "stopped"), resource(ec2, "i-new", "pending")]),
        ),
        // Not cached by the last run: nothing to compare.
        fetch(
            ResourceKind::Vpc,
            Outcome::Fresh(vec![resource(ResourceKind::Vpc, "vpc-1", "available")]),
        ),
        fetch(ec2, Outcome::Failed(AwsError::new("Throttling", "slow down"))),
    ];
    let change = |change, id: &str, from: &str, to: &str| Change {
        change,
        kind: ec2,
        region: "eu-west-1".into(),
        id: id.into(),
        from: from.into(),
        to: to.into(),
        at: at(),
    };
    assert_eq!(
        changes(&fetches, &previous),
        vec![
            change(ChangeKind::State, "i-1", "running", "stopped"),
            change(ChangeKind::Added, "i-new", "", "pending"),
            change(ChangeKind::Removed, "i-gone", "running", ""),
        ]
    );
    assert!(changes(&fetches, &Previous::default()).is_empty());
}

#[test]
fn the_report_is_written_in_the_format_asked_for() {
    let text = |format| {
        let mut out = Vec::new();
        write(&report(estate()), format, &mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    };
    let json: serde_json::Value = serde_json::from_str(&text(OutputFormat::Json)).expect("json");
    assert_eq!(json["resources"].as_array().map(Vec::len), Some(2));
    assert!(text(OutputFormat::Csv).starts_with("kind,account,region,id,name,state,tags\n"));
    assert!(text(OutputFormat::Table).starts_with("KIND"));
}
