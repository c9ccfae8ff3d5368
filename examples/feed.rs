//! A synthetic 100,000-resource feed through the TUI's app (as the poller
//! sends the instances: each listing's rows handed over in pages of 250,
//! then its end with the late facts that complete them (each instance's
//! status checks), for two cycles) and one rendered frame, to measure peak
//! memory with `/usr/bin/time -v`:
//!
//! `cargo build --example feed && /usr/bin/time -v target/debug/examples/feed [--whole]`
//!
//! `--whole` sends each listing's rows in one page. `--once json|csv|table`
//! instead runs the output `--once` prints (the report built from one
//! cycle's listings, written to stdout) over the same 100,000 instances.

use aws_monitor::app::{App, Msg, Settings};
use aws_monitor::kinds::ec2_instance::STATUS_CHECKS;
use aws_monitor::model::{Checks, CycleStats, End, Fact, Identity, Late, ResourceKind, TagFilter};
use aws_monitor::output::Report;
use aws_monitor::protocol::Event;
use aws_monitor::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "../benches/support/synthetic.rs"]
mod synthetic;
use synthetic::{REGIONS, fetch, instances, now};

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
            let mut items = instances(ri, region, cycle as usize);
            // The STATUS is what the end of the listing brings.
            let mut checks = Checks::default();
            for r in &mut items {
                r.details.remove(STATUS_CHECKS.as_str());
                checks.push(&r.id, "ok");
            }
            let page = if whole { items.len() } else { 250 };
            while !items.is_empty() {
                let rest = items.split_off(items.len().min(page));
                let _ = app.update(Msg::Poller(Event::page(
                    cycle,
                    Default::default(),
                    region.to_string(),
                    ResourceKind::Ec2Instance,
                    std::mem::replace(&mut items, rest),
                )));
            }
            let status = Late::of([Fact::Checks {
                key: STATUS_CHECKS,
                checks: checks.sorted(),
            }]);
            let _ = app.update(Msg::Poller(Event::Inventory {
                cycle,
                fetch: fetch(region, Vec::new()).with(End::Listed(status)),
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
        app.known.changes.len()
    );
}
