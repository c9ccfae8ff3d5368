//! The region grid and the header's health cells: numbers are never cut,
//! quiet regions fold.

use crossterm::event::KeyCode;

use super::estate::res;
use super::fixture::{fixture, inventory, thousands_fixture};
use super::{draw, key, snap, snap_both, typed};
use crate::model::{Outcome, ResourceKind};

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
    snap("grid_thousands_compact_80x24", compact);
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
    // Where the words do not fit, each region's signals become one count:
    // no region is cut off.
    for (w, h, want) in [
        (
            120,
            40,
            "eu-west-1 !1 err  us-east-1 ok · 2 alarm · 1 impaired · 2 svc short  us-west-2 ~throttled",
        ),
        (
            80,
            24,
            "eu-west-1 !1 err  us-east-1 ok · 5 issues  us-west-2 ~throttled",
        ),
    ] {
        let screen = draw(&app, w, h);
        let health = screen.lines().nth(2).unwrap_or_default();
        assert!(health.contains(want), "{w}x{h}: {health}");
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
        health.contains(
            "eu-west-1 !1 err  us-east-1 ok · 2 alarm · 1 impaired · 2 svc short  us-west-2 ~throttled  +5 ok"
        ),
        "{health}"
    );
    let narrow = draw(&app, 80, 24).lines().nth(2).unwrap_or_default().to_string();
    assert!(
        narrow.contains("eu-west-1 !1 err  us-east-1 ok · 5 issues  us-west-2 ~throttled  +5 ok"),
        "folded, then the signals counted: {narrow}"
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
    for title in ["REGION", "EC2", "EMR", "ALARM", "IMPAIRED", "UNHEALTHY"] {
        assert!(header.contains(title), "{title}: {header}");
    }
    let us = screen.lines().find(|l| l.contains("\"us-east-1 ")).unwrap_or_default();
    let cells: Vec<&str> = us.trim_matches('"').split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 3..],
        ["2", "1", "·"],
        "2 alarms in ALARM, 1 impaired, no target unhealthy: {us}"
    );
}
