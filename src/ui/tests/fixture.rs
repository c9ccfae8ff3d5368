//! Apps fed the fixture estate: three regions with a denied and a
//! throttled cell, three accounts, and counts in the thousands.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;

use super::estate::{estate, res};
use super::{key, typed};
use crate::app::{App, Msg, Settings, Tab};
use crate::model::{AccountId, AccountInfo, AwsError, CycleStats, Identity, Outcome, ResourceKind};
use crate::protocol::Event;

pub(super) const REGIONS: [&str; 3] = ["eu-west-1", "us-east-1", "us-west-2"];

pub(super) fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
}

pub(super) fn inventory(region: &str, kind: ResourceKind, outcome: Outcome, at: i64) -> Msg {
    inventory_in(Default::default(), region, kind, outcome, at)
}

pub(super) fn inventory_in(account: AccountId, region: &str, kind: ResourceKind, outcome: Outcome, at: i64) -> Msg {
    crate::app::tests::listed_in(account, region, kind, outcome, t(at))
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
pub(super) fn accounts_fixture() -> App {
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

/// Four-digit counts: 1,104 of 1,106 instances running in us-east-1 (the
/// EC2 cell once read `1104/11`), 12,345 volumes, a failed region that had
/// 1,234 instances; `heavy` adds databases and node groups in the thousands.
pub(super) fn thousands_fixture(heavy: bool) -> App {
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
