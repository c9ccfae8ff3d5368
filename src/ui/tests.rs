//! Snapshots of every screen from fixture data, at 80x24 and 120x40.
#![allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]

use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, render};
use crate::app::{App, Msg, Tab};
use crate::model::{AwsError, CallCount, CycleStats, Fetch, Identity, Outcome, Resource, ResourceKind};
use crate::protocol::Event;

const REGIONS: [&str; 3] = ["eu-west-1", "us-east-1", "us-west-2"];

fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
}

fn res(
    kind: ResourceKind,
    region: &str,
    id: &str,
    name: &str,
    state: &str,
    details: &[(&'static str, &str)],
) -> Resource {
    let mut r = Resource::new(kind, region, id);
    r.name = name.into();
    r.state = state.into();
    for (k, v) in details {
        r.set(crate::model::DetailKey::new(k), v);
    }
    r.tags.insert(
        "Environment".into(),
        if name.contains("dev") { "dev" } else { "production" }.into(),
    );
    r.tags.insert("Team".into(), "platform".into());
    r
}

fn inventory(region: &str, kind: ResourceKind, outcome: Outcome, at: i64) -> Msg {
    Msg::Poller(Event::Inventory {
        cycle: 1,
        fetch: Fetch {
            region: region.into(),
            kind,
            outcome,
            at: t(at),
            calls: CallCount::default(),
            duration: Duration::from_millis(30),
        },
    })
}

fn estate(region: &str) -> Vec<(ResourceKind, Vec<Resource>)> {
    use ResourceKind::*;
    let launched = "2027-01-10T00:00:00Z";
    let az = format!("{region}a");
    let ec2 = vec![
        res(
            Ec2Instance,
            region,
            &format!("i-0a1{region:.2}0000000001"),
            "web-1",
            "running",
            &[
                ("type", "t3.medium"),
                ("az", &az),
                ("private_ip", "10.0.1.12"),
                ("public_ip", "54.1.2.3"),
                ("launch_time", launched),
            ],
        ),
        res(
            Ec2Instance,
            region,
            &format!("i-0a1{region:.2}0000000002"),
            "worker",
            "stopped",
            &[
                ("type", "c5.xlarge"),
                ("az", &az),
                ("private_ip", "10.0.2.40"),
                ("launch_time", launched),
            ],
        ),
        res(
            Ec2Instance,
            region,
            &format!("i-0a1{region:.2}0000000003"),
            "dev-box",
            "pending",
            &[
                ("type", "t3.micro"),
                ("az", &az),
                ("private_ip", "10.0.3.7"),
                ("launch_time", "2027-01-15T06:00:00Z"),
            ],
        ),
    ];
    let ebs = vec![
        res(
            EbsVolume,
            region,
            &format!("vol-0b2{region:.2}000000001"),
            "web-data",
            "in-use",
            &[
                ("size_gib", "200"),
                ("type", "gp3"),
                ("az", &az),
                ("encrypted", "true"),
                ("attached_to", "i-0a1000000000001"),
            ],
        ),
        res(
            EbsVolume,
            region,
            &format!("vol-0b2{region:.2}000000002"),
            "orphan",
            "available",
            &[("size_gib", "50"), ("type", "gp2"), ("az", &az), ("encrypted", "false")],
        ),
    ];
    let rds = vec![res(
        RdsInstance,
        region,
        "orders-db",
        "orders-db",
        "available",
        &[
            ("engine", "postgres"),
            ("engine_version", "15.4"),
            ("class", "db.r5.large"),
            ("multi_az", "true"),
            ("storage_gib", "100"),
            ("az", &az),
        ],
    )];
    let lambda = vec![
        res(
            LambdaFunction,
            region,
            "checkout-api",
            "checkout-api",
            "Active",
            &[
                ("runtime", "python3.12"),
                ("memory_mb", "512"),
                ("timeout_s", "30"),
                ("last_modified", "2027-01-12T10:00:00.000+0000"),
            ],
        ),
        res(
            LambdaFunction,
            region,
            "nightly-report",
            "nightly-report",
            "Active",
            &[
                ("runtime", "nodejs20.x"),
                ("memory_mb", "1024"),
                ("timeout_s", "300"),
                ("last_modified", "2027-01-02T10:00:00.000+0000"),
            ],
        ),
    ];
    let eks = vec![res(
        EksCluster,
        region,
        "platform",
        "platform",
        "ACTIVE",
        &[("version", "1.29")],
    )];
    let ngs = vec![
        res(
            EksNodegroup,
            region,
            "platform/general",
            "general",
            "ACTIVE",
            &[
                ("cluster", "platform"),
                ("version", "1.29"),
                ("instance_types", "m5.large"),
                ("desired", "3"),
                ("min", "2"),
                ("max", "6"),
            ],
        ),
        res(
            EksNodegroup,
            region,
            "platform/spot",
            "spot",
            "DEGRADED",
            &[
                ("cluster", "platform"),
                ("version", "1.29"),
                ("instance_types", "c5.xlarge"),
                ("desired", "2"),
                ("min", "0"),
                ("max", "10"),
            ],
        ),
    ];
    let emr = if region == "us-east-1" {
        vec![res(
            EmrCluster,
            region,
            "j-2RZTJ2IL3DCG3",
            "etl-nightly",
            "WAITING",
            &[
                ("release", "emr-6.15.0"),
                ("normalized_hours", "96"),
                ("master_dns", "ec2-54-1-2-3.compute-1.amazonaws.com"),
            ],
        )]
    } else {
        vec![]
    };
    vec![
        (Ec2Instance, ec2),
        (EbsVolume, ebs),
        (RdsInstance, rds),
        (LambdaFunction, lambda),
        (EksCluster, eks),
        (EksNodegroup, ngs),
        (EmrCluster, emr),
    ]
}

/// Three regions of data; eu-west-1's RDS denied, us-west-2's EC2 throttled
/// after a good fetch (stale), and the clock a minute past the refresh.
pub(crate) fn fixture() -> App {
    let all: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    let identity = Identity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/ops".into(),
        source: String::new(),
    };
    let mut app = App::new(
        "monitor".into(),
        identity,
        all.clone(),
        all.clone(),
        Duration::from_secs(60),
        t(0),
    );
    app.update(Msg::Poller(Event::CycleStarted { cycle: 1, regions: all }));
    for region in REGIONS {
        for (kind, items) in estate(region) {
            let outcome = if region == "eu-west-1" && kind == ResourceKind::RdsInstance {
                Outcome::Failed(AwsError::new(
                    "AccessDenied",
                    "not authorized to perform rds:DescribeDBInstances",
                ))
            } else {
                Outcome::Fresh(items)
            };
            app.update(inventory(region, kind, outcome, 2));
        }
    }
    let buckets = vec![
        res(
            ResourceKind::S3Bucket,
            "us-east-1",
            "acme-logs",
            "acme-logs",
            "available",
            &[("created", "2026-06-01T00:00:00Z")],
        ),
        res(
            ResourceKind::S3Bucket,
            "eu-west-1",
            "acme-eu-data",
            "acme-eu-data",
            "available",
            &[("created", "2026-09-01T00:00:00Z")],
        ),
        res(
            ResourceKind::S3Bucket,
            "us-west-2",
            "acme-dev-scratch",
            "acme-dev-scratch",
            "available",
            &[("created", "2027-01-01T00:00:00Z")],
        ),
    ];
    app.update(inventory("global", ResourceKind::S3Bucket, Outcome::Fresh(buckets), 2));
    app.update(Msg::Tick(t(5)));
    app.update(Msg::Poller(Event::CycleFinished {
        cycle: 1,
        stats: CycleStats::default(),
    }));
    app.update(inventory(
        "us-west-2",
        ResourceKind::Ec2Instance,
        Outcome::Failed(AwsError::new("RequestLimitExceeded", "Request limit exceeded.")),
        40,
    ));
    app.update(Msg::Tick(t(65)));
    app.log_path = Some("~/.local/state/aws-monitor/aws-monitor.log".into());
    app
}

pub(crate) fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub(crate) fn draw(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(app, f, &Theme::plain())).unwrap();
    term.backend().to_string()
}

pub(crate) fn snap_both(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), draw(app, 120, 40));
}

#[test]
fn every_tab() {
    for &tab in Tab::all() {
        let mut app = fixture();
        match tab.key() {
            Some(c) => key(&mut app, KeyCode::Char(c)),
            None => {
                key(&mut app, KeyCode::Char(':'));
                for c in tab.name().chars() {
                    key(&mut app, KeyCode::Char(c));
                }
                key(&mut app, KeyCode::Enter);
            }
        }
        assert_eq!(app.tab, tab);
        snap_both(&format!("tab_{}", tab.to_string().to_lowercase()), &app);
    }
}

#[test]
fn region_picker() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    snap_both("region_picker", &app);
}

#[test]
fn tag_prompt_with_an_error() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('t'));
    for c in "Team =prod".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    snap_both("tag_prompt_error", &app);
}

#[test]
fn help_overlay() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('?'));
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = draw(&app, w, h);
        assert!(
            screen.contains("log: ~/.local/state/aws-monitor/aws-monitor.log"),
            "{screen}"
        );
        // Every binding shows in the overlay itself (the status bar, the
        // last line, does not count).
        let overlay: String = screen.lines().take(h as usize - 1).collect::<Vec<_>>().join("\n");
        for (keys, help) in app.keymap.help_lines() {
            assert!(
                overlay.contains(&format!("{keys}  {help}")),
                "{w}x{h}: \"{keys}  {help}\" missing from\n{screen}"
            );
        }
    }
    snap_both("help", &app);
}

#[test]
fn detail_pane() {
    let mut app = fixture();
    key(&mut app, KeyCode::Enter);
    snap_both("detail", &app);
}

#[test]
fn filtered_and_searched_table() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('/'));
    for c in "web".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    snap_both("search_web", &app);
}

#[test]
fn too_small_terminal_says_so_and_recovers() {
    let app = fixture();
    let small = draw(&app, 40, 10);
    assert!(small.contains("terminal too small: 40x10"), "{small}");
    assert!(draw(&app, 80, 24).contains("EC2 · 9 · 3 regions"));
}

#[test]
fn failed_cells_show_code_and_age() {
    let mut app = fixture();
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("us-west-2 ~throttled"), "{screen}");
    assert!(
        screen.contains(
            "us-west-2 ec2-instance: RequestLimitExceeded: Request limit exceeded. (<1m ago, showing last good data)"
        ),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('4'));
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("eu-west-1 rds-instance: AccessDenied"), "{screen}");
}
