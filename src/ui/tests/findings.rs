//! Findings at scale: a thousand info findings of one rule and three
//! critical rules. The Overview groups them by rule, so the critical rules
//! are on the first screen at every size; `Enter` on a rule and
//! `:findings` list the findings one a row.

use crossterm::event::KeyCode;

use super::estate::res;
use super::fixture::{inventory, t};
use super::{draw, key, snap_both, typed};
use crate::app::{App, FindingsList, Msg, Settings, Tab};
use crate::model::{CycleStats, Identity, Outcome, ResourceKind};
use crate::protocol::Event;

const REGIONS: [&str; 2] = ["eu-west-1", "us-east-1"];

fn settings() -> Settings {
    let all: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    Settings {
        profile: "monitor".into(),
        identity: Identity {
            account: "123456789012".into(),
            ..Identity::default()
        },
        all_regions: all.clone(),
        regions: all,
        ..Settings::default()
    }
}

/// A cycle of `listings`, finished, on the Overview.
fn overview_of(listings: Vec<(&str, ResourceKind, Vec<crate::model::Resource>)>) -> App {
    let mut app = App::new(settings(), t(0));
    app.update(Msg::Poller(Event::CycleStarted {
        cycle: 1,
        regions: REGIONS.iter().map(|r| r.to_string()).collect(),
    }));
    // Every listing of the cycle ends (empty unless given), so the
    // health cells read ok.
    let mut listings = listings;
    for job in crate::model::jobs_for(&REGIONS.map(String::from)) {
        for &kind in job.kinds() {
            let at = listings.iter().position(|(r, k, _)| *r == job.region && *k == kind);
            let items = at.map(|i| listings.swap_remove(i).2).unwrap_or_default();
            app.update(inventory(&job.region, kind, Outcome::Fresh(items), 2));
        }
    }
    assert!(listings.is_empty(), "a listing no job makes: {listings:?}");
    app.update(Msg::Poller(Event::CycleFinished {
        cycle: 1,
        stats: CycleStats::default(),
    }));
    app.update(Msg::Tick(t(30)));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.view.tab, Tab::Overview);
    app
}

/// 1,000 unencrypted volumes in use (`ebs-unencrypted`, info), listed
/// first, then an alarm in ALARM, an impaired instance and a security
/// group open to the world on SSH: three critical rules.
fn at_scale() -> App {
    use ResourceKind::*;
    let volumes = (0..1000)
        .map(|i| {
            res(
                EbsVolume,
                "us-east-1",
                &format!("vol-{i:017x}"),
                "",
                "in-use",
                &[("size_gib", "20"), ("type", "gp3"), ("encrypted", "false")],
            )
        })
        .collect();
    let alarm = res(
        CloudwatchAlarm,
        "eu-west-1",
        "api-5xx",
        "api-5xx",
        "ALARM",
        &[("metric", "HTTPCode_Target_5XX_Count"), ("condition", "> 10")],
    );
    let instance = res(
        Ec2Instance,
        "us-east-1",
        "i-0abc0000000000001",
        "web-1",
        "running",
        &[("status_checks", "impaired")],
    );
    let group = res(
        SecurityGroup,
        "eu-west-1",
        "sg-0abc0000000000001",
        "ssh-open",
        "available",
        &[("open_to_world", "22/tcp")],
    );
    overview_of(vec![
        ("us-east-1", EbsVolume, volumes),
        ("eu-west-1", CloudwatchAlarm, vec![alarm]),
        ("us-east-1", Ec2Instance, vec![instance]),
        ("eu-west-1", SecurityGroup, vec![group]),
    ])
}

/// The lines of the screen below the findings' header (`SEV`), to the
/// first blank one or the Overview's foot (the cost line).
fn rows(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .skip_while(|l| !l.trim_start_matches('"').starts_with("SEV "))
        .skip(1)
        .take_while(|l| !l.trim_matches(['"', ' ']).is_empty() && !l.contains(" cost: "))
        .collect()
}

#[test]
fn a_thousand_info_findings_leave_the_three_critical_rules_on_the_first_screen() {
    let app = at_scale();
    assert_eq!(app.findings().len(), 1003);
    for (w, h) in [(80, 24), (120, 40), (60, 12)] {
        let screen = draw(&app, w, h);
        let rows = rows(&screen);
        for rule in ["alarm-firing", "instance-impaired", "sg-world-open"] {
            assert!(
                rows.iter().any(|r| r.contains("CRIT") && r.contains(rule)),
                "{w}x{h}: {rule} not on the first screen:\n{screen}"
            );
        }
        assert!(rows.len() <= 4, "{w}x{h}: one row a rule:\n{screen}");
    }
    let screen = draw(&app, 120, 40);
    let info = rows(&screen)
        .into_iter()
        .find(|r| r.contains("ebs-unencrypted"))
        .unwrap();
    assert!(info.contains("info") && info.contains("1,000"), "{info}");
    assert!(info.contains('–'), "no estimate: a dash, not $0.00: {info}");
    snap_both("findings_at_scale", &app);
}

#[test]
fn enter_on_a_rule_lists_its_findings_and_colon_findings_lists_all() {
    let mut app = at_scale();
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view.findings_list, FindingsList::Rule("ebs-unencrypted"));
    let screen = draw(&app, 120, 40);
    assert!(
        screen.contains("Findings · ebs-unencrypted · 1,000 of 1,003"),
        "{screen}"
    );
    assert!(rows(&screen).iter().all(|r| r.contains("ebs-unencrypted")), "{screen}");
    snap_both("findings_of_a_rule", &app);
    let tiny = draw(&app, 60, 12);
    assert!(
        tiny.contains("Findings · ebs-unencrypted") && rows(&tiny).len() == 3,
        "the list fits the smallest terminal:\n{tiny}"
    );
    // The cursor at the end of a thousand: the window follows it.
    key(&mut app, KeyCode::Char('G'));
    let screen = draw(&app, 80, 24);
    assert!(
        rows(&screen)
            .last()
            .is_some_and(|r| r.contains("vol-000000000000003e7")),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Esc);
    typed(&mut app, ":findings");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view.findings_list, FindingsList::All);
    let screen = draw(&app, 120, 40);
    let all = rows(&screen);
    assert!(
        all[0].contains("CRIT") && all[3].contains("ebs-unencrypted"),
        "{screen}"
    );
    snap_both("findings_all", &app);
}

#[test]
fn one_rule_and_no_findings() {
    let volume = |id: &str| {
        res(
            ResourceKind::EbsVolume,
            "us-east-1",
            id,
            "orphan",
            "available",
            &[("size_gib", "50"), ("type", "gp2"), ("encrypted", "true")],
        )
    };
    let app = overview_of(vec![(
        "us-east-1",
        ResourceKind::EbsVolume,
        vec![volume("vol-1"), volume("vol-2")],
    )]);
    let screen = draw(&app, 80, 24);
    let one = rows(&screen);
    assert_eq!(one.len(), 1, "{screen}");
    assert!(one[0].contains("WARN") && one[0].contains("ebs-unattached"), "{screen}");
    assert!(one[0].contains("10.00"), "the two estimates added up: {screen}");
    snap_both("findings_one_rule", &app);
    let app = overview_of(vec![]);
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("no findings: nothing broken"), "{screen}");
    assert!(rows(&screen).is_empty(), "{screen}");
}

/// Without colour (`NO_COLOR`: the plain theme) nothing on the Overview is
/// told by colour: every cell has the terminal's own colours, and the
/// severity is a word.
#[test]
fn without_colour_the_severity_reads_as_a_word() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;

    let app = at_scale();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| crate::ui::render(&app, f, &crate::ui::Theme::plain()))
        .unwrap();
    let buf = term.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "a colour without NO_COLOR's consent"
    );
    let screen = draw(&app, 80, 24);
    assert_eq!(rows(&screen).iter().filter(|r| r.starts_with("\"CRIT ")).count(), 3);
}
