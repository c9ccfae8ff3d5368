//! A synthetic 100,000-resource feed through the TUI's app (as the poller
//! sends it: each listing in pages, then whole, for two cycles) and one
//! rendered frame, to measure peak memory with `/usr/bin/time -v`:
//!
//! `cargo build --example feed && /usr/bin/time -v target/debug/examples/feed [--whole]`
//!
//! `--whole` sends each listing whole, without pages. `--once json|csv|table`
//! instead runs the output `--once` prints (the report built from one
//! cycle's listings, written to stdout) over the same 100,000 instances.

use std::time::Duration;

use aws_monitor::app::{App, Msg, Settings};
use aws_monitor::kinds::ec2_instance;
use aws_monitor::model::{CallCount, CycleStats, Fetch, Identity, Outcome, Resource, ResourceKind, TagFilter};
use aws_monitor::output::Report;
use aws_monitor::protocol::Event;
use aws_monitor::ui::{Theme, render};
use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const REGIONS: [&str; 10] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "ap-south-1",
    "ap-northeast-1",
    "sa-east-1",
];

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
}

/// 10,000 instances of one region, with names, tags and details.
fn instances(ri: usize, region: &str, cycle: usize) -> Vec<Resource> {
    (0..10_000)
        .map(|i| {
            let mut r = Resource::new(ResourceKind::Ec2Instance, region, format!("i-{ri:02}{i:015x}"));
            r.name = format!("svc-{}-{}", ["web", "api", "worker", "batch", "db"][i % 5], i % 997).into();
            r.state = if (i + cycle).is_multiple_of(7) {
                "stopped"
            } else {
                "running"
            }
            .into();
            r.tags.insert("Environment", ["production", "staging", "dev"][i % 3]);
            r.tags.insert("Team", &format!("team-{}", i % 40));
            r.set(ec2_instance::TYPE, ["t3.medium", "m5.large", "c5.xlarge"][i % 3]);
            r.set(ec2_instance::AZ, format!("{region}{}", ["a", "b", "c"][i % 3]));
            r.set(
                ec2_instance::PRIVATE_IP,
                format!("10.{}.{}.{}", ri, (i / 256) % 256, i % 256),
            );
            r.set(ec2_instance::LAUNCH_TIME, "2027-01-01T00:00:00Z");
            r.set(ec2_instance::VPC, format!("vpc-{ri:02}{:015x}", i % 4));
            r.set(ec2_instance::MONITORING, "disabled");
            r.set(ec2_instance::STATUS_CHECKS, "ok");
            r
        })
        .collect()
}

/// One listing's outcome, as the poller reports it.
fn fetch(region: &str, items: Vec<Resource>) -> Fetch {
    Fetch {
        account: Default::default(),
        region: region.to_string(),
        kind: ResourceKind::Ec2Instance,
        outcome: Outcome::Fresh(items),
        at: now(),
        calls: CallCount::default(),
        duration: Duration::from_millis(1),
    }
}

/// `--once`'s output over one cycle's listings, in `format`.
fn once(format: &str, regions: Vec<String>) -> anyhow::Result<()> {
    let fetches = REGIONS
        .iter()
        .enumerate()
        .map(|(ri, region)| fetch(region, instances(ri, region, 1)))
        .collect();
    let report = Report::new(
        now(),
        "feed".into(),
        Identity::default(),
        regions,
        fetches,
        &TagFilter::default(),
        CycleStats::default(),
    );
    let mut out = std::io::stdout().lock();
    match format {
        "json" => report.write_json(&mut out),
        "csv" => report.write_csv(&mut out),
        "table" => report.write_table(&mut out),
        other => anyhow::bail!("--once takes json, csv or table, not {other:?}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let whole = args.iter().any(|a| a == "--whole");
    let regions: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    if let Some(i) = args.iter().position(|a| a == "--once") {
        if let Err(e) = once(args.get(i + 1).map_or("json", String::as_str), regions) {
            eprintln!("feed: {e}");
            std::process::exit(2);
        }
        return;
    }
    let settings = Settings {
        profile: "feed".into(),
        all_regions: regions.clone(),
        regions: regions.clone(),
        ..Settings::default()
    };
    let mut app = App::new(settings, now());
    for cycle in 1..=2u64 {
        let _ = app.update(Msg::Poller(Event::CycleStarted {
            cycle,
            regions: regions.clone(),
        }));
        for (ri, region) in REGIONS.iter().enumerate() {
            let items = instances(ri, region, cycle as usize);
            if !whole {
                for page in items.chunks(1000) {
                    let _ = app.update(Msg::Poller(Event::Page {
                        account: Default::default(),
                        cycle,
                        region: region.to_string(),
                        kind: ResourceKind::Ec2Instance,
                        items: page.to_vec(),
                    }));
                }
            }
            let _ = app.update(Msg::Poller(Event::Inventory {
                cycle,
                fetch: fetch(region, items),
            }));
        }
    }
    let mut term = match Terminal::new(TestBackend::new(120, 40)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("feed: {e}");
            return;
        }
    };
    let theme = Theme::plain();
    let _ = term.draw(|f| render(&app, f, &theme));
    let (added, removed, state) = app.change_counts();
    println!(
        "{} rows shown, {} changes (+{added} -{removed} ~{state})",
        app.rows().len(),
        app.changes.len()
    );
}
