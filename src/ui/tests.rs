//! Snapshots of every screen from fixture data, at 80x24 and 120x40.
#![allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, render};
use crate::app::{App, Msg, Settings, Tab};
use crate::model::{AccountId, AccountInfo, AwsError, CycleStats, Identity, Outcome, Resource, ResourceKind};
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
    r.tags
        .insert("Environment", if name.contains("dev") { "dev" } else { "production" });
    r.tags.insert("Team", "platform");
    r
}

fn inventory(region: &str, kind: ResourceKind, outcome: Outcome, at: i64) -> Msg {
    inventory_in(Default::default(), region, kind, outcome, at)
}

fn inventory_in(account: AccountId, region: &str, kind: ResourceKind, outcome: Outcome, at: i64) -> Msg {
    crate::app::tests::listed_in(account, region, kind, outcome, t(at))
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
                ("status_checks", if region == "us-east-1" { "impaired" } else { "ok" }),
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
                ("status_checks", "–"),
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
                ("status_checks", "–"),
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
    let vpcs = vec![
        res(
            Vpc,
            region,
            &format!("vpc-0c3{region:.2}00000001"),
            "app",
            "available",
            &[
                ("cidr_blocks", "10.20.0.0/16"),
                ("default", "false"),
                ("subnet_count", "2"),
            ],
        ),
        res(
            Vpc,
            region,
            &format!("vpc-0c3{region:.2}00000002"),
            "",
            "available",
            &[
                ("cidr_blocks", "172.31.0.0/16"),
                ("default", "true"),
                ("subnet_count", "0"),
            ],
        ),
    ];
    let subnet = |n: u8, name: &str, cidr: &str, free: &str, public: &str| {
        res(
            Subnet,
            region,
            &format!("subnet-0d4{region:.2}0000000{n}"),
            name,
            "available",
            &[
                ("vpc", &format!("vpc-0c3{region:.2}00000001")),
                ("az", &format!("{region}{}", if n == 1 { 'a' } else { 'b' })),
                ("cidr", cidr),
                ("free_ips", free),
                ("public_ip_on_launch", public),
                ("default_for_az", "false"),
            ],
        )
    };
    let subnets = vec![
        subnet(1, "app-public", "10.20.1.0/24", "249", "true"),
        subnet(2, "app-private", "10.20.2.0/24", "187", "false"),
    ];
    let alarm = |name: &str, state: &str, metric: &str, ns: &str, dims: &str, cond: &str, reason: &str| {
        res(
            CloudwatchAlarm,
            region,
            name,
            name,
            state,
            &[
                ("type", "metric"),
                ("metric", metric),
                ("namespace", ns),
                ("dimensions", dims),
                ("condition", cond),
                ("since", "2027-01-15T08:00:00Z"),
                ("state_reason", reason),
            ],
        )
    };
    let alarms = match region {
        "us-east-1" => vec![
            alarm(
                "checkout-latency",
                "OK",
                "Duration",
                "AWS/Lambda",
                "FunctionName=checkout-api",
                "> 1000",
                "Threshold Crossed: no datapoint above 1000",
            ),
            alarm(
                "web-cpu-high",
                "ALARM",
                "CPUUtilization",
                "AWS/EC2",
                "InstanceId=i-0a1us0000000001",
                "> 80",
                "Threshold Crossed: 1 datapoint [93.1] > 80",
            ),
            alarm(
                "orders-db-connections",
                "ALARM",
                "DatabaseConnections",
                "AWS/RDS",
                "DBInstanceIdentifier=orders-db",
                ">= 100",
                "Threshold Crossed: 1 datapoint [131.0] >= 100",
            ),
        ],
        "eu-west-1" => vec![alarm(
            "api-5xx",
            "INSUFFICIENT_DATA",
            "HTTPCode_Target_5XX_Count",
            "AWS/ApplicationELB",
            "LoadBalancer=app/api/1",
            "> 5",
            "Insufficient Data: 1 datapoint was unknown",
        )],
        _ => vec![alarm(
            "web-cpu-high",
            "OK",
            "CPUUtilization",
            "AWS/EC2",
            "InstanceId=i-0a1us0000000001",
            "> 80",
            "Threshold Crossed: no datapoint above 80",
        )],
    };
    vec![
        (Ec2Instance, ec2),
        (EbsVolume, ebs),
        (RdsInstance, rds),
        (LambdaFunction, lambda),
        (EksCluster, eks),
        (EksNodegroup, ngs),
        (EmrCluster, emr),
        (Vpc, vpcs),
        (Subnet, subnets),
        (CloudwatchAlarm, alarms),
    ]
    .into_iter()
    .chain(network_and_images(region))
    .collect()
}

/// Security groups, Elastic IPs, an AMI and its snapshots.
fn network_and_images(region: &str) -> Vec<(ResourceKind, Vec<Resource>)> {
    use ResourceKind::*;
    let vpc = format!("vpc-0c3{region:.2}00001");
    let sg = vec![
        res(
            SecurityGroup,
            region,
            "sg-0d4000000000001",
            "ssh-open",
            "in-use",
            &[
                ("vpc", &vpc),
                ("description", "SSH from anywhere"),
                ("inbound_rules", "2"),
                ("open_to_world", "22/tcp"),
                ("interfaces", "1"),
                ("inbound", "tcp 22 from 0.0.0.0/0\ntcp 22 from ::/0"),
                ("outbound", "all to 0.0.0.0/0"),
            ],
        ),
        res(
            SecurityGroup,
            region,
            "sg-0d4000000000002",
            "db-private",
            "unused",
            &[
                ("vpc", &vpc),
                ("description", "Postgres from inside the VPC"),
                ("inbound_rules", "1"),
                ("interfaces", "0"),
                ("inbound", "tcp 5432 from 172.31.0.0/16"),
            ],
        ),
    ];
    let eip = vec![
        res(
            ElasticIp,
            region,
            "eipalloc-0e5000000000001",
            "web-ip",
            "associated",
            &[
                ("public_ip", "54.1.2.3"),
                ("associated_with", "i-0a1000000000001"),
                ("private_ip", "10.0.1.12"),
            ],
        ),
        res(
            ElasticIp,
            region,
            "eipalloc-0e5000000000002",
            "spare-ip",
            "unassociated",
            &[("public_ip", "54.1.2.4"), ("associated_with", "none")],
        ),
    ];
    let ami = vec![res(
        Ami,
        region,
        "ami-0f6000000000001",
        "web-golden",
        "available",
        &[
            ("created", "2027-01-05T00:00:00Z"),
            ("public", "false"),
            ("instances", "1"),
            ("snapshots", "snap-0a7000000000001"),
            ("devices", "/dev/xvda snap-0a7000000000001 8 GiB (root)"),
        ],
    )];
    let snaps = vec![
        res(
            EbsSnapshot,
            region,
            "snap-0a7000000000001",
            "",
            "completed",
            &[
                ("volume", "vol-0b2000000000009"),
                ("volume_exists", "no"),
                ("size_gib", "8"),
                ("started", "2027-01-05T00:00:00Z"),
                ("ami", "ami-0f6000000000001"),
                ("description", "Created by CreateImage"),
            ],
        ),
        res(
            EbsSnapshot,
            region,
            "snap-0a7000000000002",
            "web-data-daily",
            "completed",
            &[
                ("volume", "vol-0b2000000000001"),
                ("volume_exists", "yes"),
                ("size_gib", "200"),
                ("started", "2027-01-14T00:00:00Z"),
                ("ami", "none"),
                ("description", "web-data daily"),
            ],
        ),
    ];
    vec![(SecurityGroup, sg), (ElasticIp, eip), (Ami, ami), (EbsSnapshot, snaps)]
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
    let settings = Settings {
        profile: "monitor".into(),
        identity,
        all_regions: all.clone(),
        regions: all.clone(),
        ..Settings::default()
    };
    let mut app = App::new(settings, t(0));
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
    app.known.log_path = Some("~/.local/state/aws-monitor/aws-monitor.log".into());
    app
}

/// Three accounts over two regions: `mgmt` and `dev` listed (the same
/// fixture estate, each row in its own account), `prod`'s role denied.
fn accounts_fixture() -> App {
    let regions: Vec<String> = ["eu-west-1", "us-east-1"].map(String::from).to_vec();
    let accounts: Vec<AccountInfo> = [
        ("111111111111", "mgmt"),
        ("222222222222", "dev"),
        ("333333333333", "prod"),
    ]
    .map(|(id, name)| AccountInfo {
        id: AccountId::parse(id).unwrap(),
        name: name.into(),
        source: "role AwsMonitorReadOnly from profile monitor".into(),
    })
    .to_vec();
    let settings = Settings {
        profile: "monitor".into(),
        identity: Identity {
            account: "111111111111".into(),
            ..Identity::default()
        },
        all_regions: regions.clone(),
        regions: regions.clone(),
        accounts: accounts.clone(),
        ..Settings::default()
    };
    let mut app = App::new(settings, t(0));
    app.update(Msg::Poller(Event::CycleStarted {
        cycle: 1,
        regions: regions.clone(),
    }));
    let denied = AwsError::new(
        "AccessDenied",
        "cannot assume arn:aws:iam::333333333333:role/AwsMonitorReadOnly",
    );
    for account in &accounts {
        for region in &regions {
            for (kind, mut items) in estate(region) {
                for r in &mut items {
                    r.account = account.id;
                }
                let outcome = match account.name.as_str() {
                    "prod" => Outcome::Failed(denied.clone()),
                    _ => Outcome::Fresh(items),
                };
                app.update(inventory_in(account.id, region, kind, outcome, 2));
            }
        }
        let outcome = match account.name.as_str() {
            "prod" => Outcome::Failed(denied.clone()),
            _ => Outcome::Fresh(Vec::new()),
        };
        app.update(inventory_in(account.id, "global", ResourceKind::S3Bucket, outcome, 2));
    }
    app.update(Msg::Poller(Event::CycleFinished {
        cycle: 1,
        stats: CycleStats::default(),
    }));
    app.update(Msg::Tick(t(65)));
    app
}

#[test]
fn several_accounts_show_an_account_column_and_a_health_cell_each() {
    let mut app = accounts_fixture();
    let text = draw(&app, 120, 40);
    assert!(text.contains("ACCOUNT"), "{text}");
    assert!(text.contains("3 of 3 accounts"), "{text}");
    assert!(text.contains("prod !"), "prod's cells failed: {text}");
    snap_both("accounts_ec2", &app);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    snap_both("account_picker", &app);
    key(&mut app, KeyCode::Enter);
    let text = draw(&app, 120, 40);
    assert!(text.contains("2 of 3 accounts"), "{text}");
    assert!(!text.contains(" dev "), "dev is not shown: {text}");
    key(&mut app, KeyCode::Char(Tab::Overview.key().unwrap()));
    assert_eq!(app.view.tab, Tab::Overview);
    snap_both("accounts_overview", &app);
}

pub(crate) fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Types `text`, one key a character.
pub(crate) fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
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
                typed(&mut app, &tab.name());
                key(&mut app, KeyCode::Enter);
            }
        }
        assert_eq!(app.view.tab, tab);
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
    typed(&mut app, "Team =prod");
    snap_both("tag_prompt_error", &app);
}

#[test]
fn view_prompt_with_suggestions_and_an_error() {
    let mut app = fixture();
    typed(&mut app, ":e");
    snap_both("view_prompt_suggestions", &app);
    typed(&mut app, "ks-x");
    key(&mut app, KeyCode::Enter);
    snap_both("view_prompt_error", &app);
}

/// With more views than fit, the tab bar slides to keep the current one in
/// sight and marks the tabs left out on each side.
#[test]
fn the_tab_bar_slides_on_narrow_terminals() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('0'));
    let screen = draw(&app, 60, 20);
    let bar = screen.lines().nth(3).expect("the tab bar line");
    assert!(bar.contains("[0 Cost]") && bar.contains("‹"), "{bar}");
    key(&mut app, KeyCode::Char('1'));
    let bar = draw(&app, 60, 20).lines().nth(3).expect("tab bar").to_string();
    assert!(
        bar.contains("[1 Overview]") && bar.contains("›") && !bar.contains("‹"),
        "{bar}"
    );
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
        for (keys, help) in app.known.keymap.help_lines() {
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
fn detail_lists_rules_and_devices_one_a_line() {
    let mut app = fixture();
    typed(&mut app, ":sg");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view.tab, Tab::Kind(ResourceKind::SecurityGroup));
    // The world-open group, found by search.
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "ssh-open");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app, 80, 24);
    let line = |text: &str| {
        screen
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} in\n{screen}"))
            .to_string()
    };
    assert!(line("tcp 22 from 0.0.0.0/0").contains("inbound "), "{screen}");
    let second = line("tcp 22 from ::/0");
    assert!(
        !second.contains("inbound"),
        "the second rule is on a line of its own: {second}"
    );
    assert!(line("all to 0.0.0.0/0").contains("outbound "));
    snap_both("detail_security_group", &app);
}

#[test]
fn filtered_and_searched_table() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "web");
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

/// Four-digit counts: 1,104 of 1,106 instances running in us-east-1 (the
/// EC2 cell once read `1104/11`), 12,345 volumes, a failed region that had
/// 1,234 instances; `heavy` adds databases and node groups in the thousands.
fn thousands_fixture(heavy: bool) -> App {
    use crate::kinds::Tone;
    use ResourceKind::*;
    let all: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    let settings = Settings {
        profile: "monitor".into(),
        identity: Identity {
            account: "123456789012".into(),
            ..Identity::default()
        },
        all_regions: all.clone(),
        regions: all.clone(),
        ..Settings::default()
    };
    let mut app = App::new(settings, t(0));
    app.update(Msg::Poller(Event::CycleStarted { cycle: 1, regions: all }));
    let mut counts = vec![
        ("us-east-1", Ec2Instance, 1_106, 1_104),
        ("eu-west-1", Ec2Instance, 9_999, 9_999),
        ("us-west-2", Ec2Instance, 1_234, 1_234),
        ("us-east-1", EbsVolume, 12_400, 12_345),
        ("us-west-2", LambdaFunction, 1_500, 1_500),
        ("eu-west-1", EksNodegroup, 1_201, 1_200),
    ];
    if heavy {
        counts.extend([
            ("us-east-1", RdsInstance, 1_002, 1_000),
            ("us-east-1", EksCluster, 1_010, 1_009),
            ("us-east-1", EmrCluster, 1_003, 1_001),
        ]);
    }
    for (region, kind, n, up) in counts {
        // A state word this kind counts as up, and one it does not.
        let word = |up: bool| {
            kind.def()
                .states
                .iter()
                .find(|(_, t)| (*t == Tone::Good) == up)
                .map_or("", |(w, _)| w)
        };
        let items = (0..n)
            .map(|i| res(kind, region, &format!("r-{i:05}"), "r", word(i < up), &[]))
            .collect();
        app.update(inventory(region, kind, Outcome::Fresh(items), 2));
    }
    app.update(Msg::Poller(Event::CycleFinished {
        cycle: 1,
        stats: CycleStats::default(),
    }));
    app.update(inventory(
        "us-west-2",
        Ec2Instance,
        Outcome::Failed(AwsError::new("RequestLimitExceeded", "Request limit exceeded.")),
        3,
    ));
    app.update(Msg::Tick(t(10)));
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, "grid");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view.tab, Tab::Grid);
    app
}

#[test]
fn the_grid_never_cuts_a_number() {
    let app = thousands_fixture(false);
    // 120 columns hold every count exactly; 80 abbreviate them (with the
    // alarm and impaired columns, to totals alone), never cut.
    snap_both("grid_thousands", &app);
    let narrow = draw(&app, 80, 24);
    assert!(narrow.contains("1.1k") && !narrow.contains("1104/11"), "{narrow}");
    let middle = draw(&app, 96, 30);
    assert!(middle.contains("1.1k/1.1k") || middle.contains("1104/1106"), "{middle}");
    assert!(draw(&app, 120, 40).contains("1104/1106"));
    // More thousands than even abbreviated pairs fit in 80: totals alone.
    let compact = draw(&thousands_fixture(true), 80, 24);
    assert!(compact.contains("(totals; wider for running/total)"), "{compact}");
    insta::assert_snapshot!("grid_thousands_compact_80x24", compact);
}

/// Numeric columns widen to their values instead of cutting them.
#[test]
fn numbers_in_tables_are_never_cut() {
    let mut app = fixture();
    let mut big = res(
        ResourceKind::EbsVolume,
        "us-east-1",
        "vol-huge",
        "huge",
        "in-use",
        &[("size_gib", "1234567")],
    );
    big.tags.clear();
    app.update(inventory(
        "us-east-1",
        ResourceKind::EbsVolume,
        Outcome::Fresh(vec![big]),
        5,
    ));
    key(&mut app, KeyCode::Char('3'));
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("1234567"), "{screen}");
}

#[test]
fn the_header_counts_alarms_and_impaired_instances_per_region() {
    let app = fixture();
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = draw(&app, w, h);
        let health = screen.lines().nth(2).unwrap_or_default();
        assert!(
            health.contains("eu-west-1 !1 err  us-east-1 ok · 2 alarm · 1 impaired  us-west-2 ~throttled"),
            "{w}x{h}: {health}"
        );
    }
}

#[test]
fn quiet_regions_fold_when_the_health_cells_do_not_fit() {
    let mut app = fixture();
    let many: Vec<String> = [
        "ap-northeast-1",
        "ap-south-1",
        "ca-central-1",
        "eu-central-1",
        "eu-west-1",
        "sa-east-1",
        "us-east-1",
        "us-west-2",
    ]
    .iter()
    .map(|r| r.to_string())
    .collect();
    app.view.regions = many;
    let health = draw(&app, 100, 24).lines().nth(2).unwrap_or_default().to_string();
    assert!(
        health.contains("eu-west-1 !1 err  us-east-1 ok · 2 alarm · 1 impaired  us-west-2 ~throttled  +5 ok"),
        "{health}"
    );
    let wide = draw(&app, 200, 24).lines().nth(2).unwrap_or_default().to_string();
    assert!(
        wide.contains(" ap-northeast-1 ok  ap-south-1 ok"),
        "everything fits: {wide}"
    );
    assert!(!wide.contains("+5 ok"), "{wide}");
}

#[test]
fn the_grid_fits_80_columns_with_alarm_and_impaired_counts() {
    let mut app = fixture();
    typed(&mut app, ":grid");
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app, 80, 24);
    let header = screen.lines().nth(5).unwrap_or_default();
    for title in ["REGION", "EC2", "EMR", "ALARM", "IMPAIRED"] {
        assert!(header.contains(title), "{title}: {header}");
    }
    let us = screen.lines().find(|l| l.contains("\"us-east-1 ")).unwrap_or_default();
    let cells: Vec<&str> = us.trim_matches('"').split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 2..],
        ["2", "1"],
        "2 alarms in ALARM, 1 impaired: {us}"
    );
}

#[test]
fn vpc_detail_lists_its_subnets() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, "vpc");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    snap_both("detail_vpc", &app);
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("subnets (2)"), "{screen}");
    assert!(screen.contains("10.20.1.0/24  249 free  public IP"), "{screen}");
}

#[test]
fn the_emr_master_address_is_whole_when_the_row_has_room() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('8'));
    assert_eq!(app.view.tab, Tab::Kind(crate::model::ResourceKind::EmrCluster));
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("ec2-54-1-2-3.compute-1.amazonaws.com"), "{screen}");
}

#[test]
fn copy_says_what_was_copied_and_the_link_shows_in_a_popup() {
    let mut app = fixture();
    let id = app.selected().map(|r| r.id.clone()).unwrap_or_default();
    assert_eq!(id, "i-0a1eu0000000003");
    key(&mut app, KeyCode::Char('y'));
    let screen = draw(&app, 120, 40);
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("copied id i-0a1eu0000000003"), "{status}");
    key(&mut app, KeyCode::Char('o'));
    snap_both("console_link", &app);
    let narrow = draw(&app, 80, 24);
    let joined: String = narrow
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ' || c == '"'))
        .collect();
    assert!(
        joined.contains("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0a1eu0000000003"),
        "the URL wraps whole at 80 columns:\n{narrow}"
    );
}
