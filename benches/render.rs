//! Filter + sort + render of a 100,000-resource table into a 200x60
//! `TestBackend`, and the render alone.

use std::time::Duration;

use aws_monitor::app::{App, Msg, Settings};
use aws_monitor::kinds::ec2_instance;
use aws_monitor::model::{CallCount, Fetch, Outcome, Resource, ResourceKind, TagFilter};
use aws_monitor::protocol::Event;
use aws_monitor::ui::{Theme, render};
use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

/// 100,000 instances over 10 regions, with names, tags and details.
fn big_app() -> App {
    let regions: Vec<String> = REGIONS.iter().map(|r| r.to_string()).collect();
    let settings = Settings {
        profile: "bench".into(),
        all_regions: regions.clone(),
        regions: regions.clone(),
        ..Settings::default()
    };
    let mut app = App::new(settings, now());
    let _ = app.update(Msg::Poller(Event::CycleStarted { cycle: 1, regions }));
    for (ri, region) in REGIONS.iter().enumerate() {
        let items: Vec<Resource> = (0..10_000)
            .map(|i| {
                let mut r = Resource::new(ResourceKind::Ec2Instance, region, format!("i-{ri:02}{i:015x}"));
                r.name = format!("svc-{}-{}", ["web", "api", "worker", "batch", "db"][i % 5], i % 997).into();
                r.state = if i % 7 == 0 { "stopped" } else { "running" }.into();
                r.tags.insert("Environment", ["production", "staging", "dev"][i % 3]);
                r.tags.insert("Team", &format!("team-{}", i % 40));
                r.set(ec2_instance::TYPE, ["t3.medium", "m5.large", "c5.xlarge"][i % 3]);
                r.set(ec2_instance::AZ, format!("{region}{}", ["a", "b", "c"][i % 3]));
                r.set(
                    ec2_instance::PRIVATE_IP,
                    format!("10.{}.{}.{}", ri, (i / 256) % 256, i % 256),
                );
                r.set(ec2_instance::LAUNCH_TIME, "2027-01-01T00:00:00Z");
                r
            })
            .collect();
        let _ = app.update(Msg::Poller(Event::Inventory {
            cycle: 1,
            fetch: Fetch {
                account: Default::default(),
                region: region.to_string(),
                kind: ResourceKind::Ec2Instance,
                outcome: Outcome::Fresh(items),
                at: now(),
                calls: CallCount::default(),
                duration: Duration::from_millis(1),
            },
        }));
    }
    app
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let theme = Theme::plain();
    let mut terminal = match Terminal::new(TestBackend::new(200, 60)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };
    let mut app = big_app();
    // A tag filter that keeps a third of the rows.
    let _ = app.update(key('t'));
    for ch in "Environment=production".chars() {
        let _ = app.update(key(ch));
    }
    let _ = app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(app.rows().len(), 33_340);
    let mut group = c.benchmark_group("table_100k");
    group.bench_function("sort_render_frame", |b| {
        b.iter(|| {
            // `s` sorts by the next column: the filtered rows are sorted again.
            let _ = app.update(key('s'));
            let _ = terminal.draw(|f| render(&app, f, &theme));
        })
    });
    let filters = [
        TagFilter::parse("Environment=staging").ok(),
        TagFilter::parse("Environment=production").ok(),
    ];
    let mut turn = 0;
    group.bench_function("filter_sort_render_frame", |b| {
        b.iter(|| {
            // A new tag filter: all 100,000 are filtered again, a third kept,
            // sorted and drawn. (`x` is unbound: it only makes the app update.)
            turn += 1;
            app.tag_filter = filters[turn % 2].clone().unwrap_or_default();
            let _ = app.update(key('x'));
            let _ = terminal.draw(|f| render(&app, f, &theme));
        })
    });
    group.bench_function("render_frame", |b| {
        b.iter(|| {
            let _ = terminal.draw(|f| render(&app, f, &theme));
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(8));
    targets = bench
}
criterion_main!(benches);
