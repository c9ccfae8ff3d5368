//! Filter + sort + render of a 100,000-resource table into a 200x60
//! `TestBackend`, and the render alone.

use std::time::Duration;

use aws_monitor::app::{App, Msg, Settings};
use aws_monitor::model::TagFilter;
use aws_monitor::protocol::Event;
use aws_monitor::ui::{Theme, render};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::{REGIONS, fetch, instances, now};

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
        let _ = app.update(Msg::Events(Event::listed(1, fetch(region, instances(ri, region, 0)))));
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
            // sorted and drawn.
            turn += 1;
            let _ = app.update(Msg::TagFilter(filters[turn % 2].clone().unwrap_or_default()));
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
