//! Load balancers and target groups in the fixture estate, and the detail
//! of a load balancer: its target groups, each with its targets' health.

use crossterm::event::KeyCode;

use super::fixture::fixture;
use super::{draw, key, snap_both, typed};
use crate::app::Tab;
use crate::model::{DetailKey, Resource, ResourceKind};

fn row(kind: ResourceKind, region: &str, id: &str, state: &str, details: &[(&'static str, &str)]) -> Resource {
    let mut r = Resource::new(kind, region, id);
    r.name = id.into();
    r.state = state.into();
    for (k, v) in details {
        r.set(DetailKey::new(k), v);
    }
    r.tags.insert("Environment", "production");
    r.tags.insert("Team", "web");
    r
}

/// A region's load balancers (an ALB with a group of two healthy
/// instances, an idle NLB) and that target group. The tests here make
/// one region's group degraded ([`degraded`]); the shared fixture stays
/// quiet, so that other screens' health cells read as before.
pub(super) fn load_balancers(region: &str) -> Vec<(ResourceKind, Vec<Resource>)> {
    use ResourceKind::*;
    let vpc = format!("vpc-0c3{region:.2}00001");
    let lb = |id: &str, kind: &str, scheme: &str, groups: &str, targets: &str| {
        row(
            LoadBalancer,
            region,
            id,
            "active",
            &[
                ("type", kind),
                ("scheme", scheme),
                ("dns_name", &format!("{id}-1234567890.{region}.elb.amazonaws.com")),
                ("vpc", &vpc),
                ("zones", &format!("{region}a,{region}b")),
                ("created", "2027-01-02T00:00:00Z"),
                ("target_groups", groups),
                ("targets", targets),
            ],
        )
    };
    let lbs = vec![
        lb("web-alb", "application", "internet-facing", "1", "2"),
        lb("spare-nlb", "network", "internal", "0", "0"),
    ];
    let tgs = vec![web_tg(
        region,
        "serving",
        "i-0a1000000000001:80 healthy\ni-0a1000000000002:80 healthy",
    )];
    vec![(LoadBalancer, lbs), (TargetGroup, tgs)]
}

/// `web-tg` in `region` with `state` and these target lines.
fn web_tg(region: &str, state: &str, targets: &str) -> Resource {
    let (healthy, failing) = (
        targets.matches(" healthy").count().to_string(),
        targets.matches("(Target.InvalidState)").count().to_string(),
    );
    row(
        ResourceKind::TargetGroup,
        region,
        "web-tg",
        state,
        &[
            ("protocol_port", "HTTP:80"),
            ("target_type", "instance"),
            ("load_balancers", "web-alb"),
            ("vpc", &format!("vpc-0c3{region:.2}00001")),
            ("healthy", &healthy),
            ("unhealthy", &failing),
            ("other", "0"),
            ("targets", targets),
        ],
    )
}

/// The fixture with us-east-1's `web-tg` degraded: its second instance
/// stopped (`unused`, `Target.InvalidState`).
fn degraded() -> crate::app::App {
    let mut app = fixture();
    let tg = web_tg(
        "us-east-1",
        "degraded",
        "i-0a1000000000001:80 healthy\ni-0a1000000000002:80 unused (Target.InvalidState)",
    );
    app.update(super::fixture::inventory(
        "us-east-1",
        ResourceKind::TargetGroup,
        crate::model::Outcome::Fresh(vec![tg]),
        60,
    ));
    app
}

#[test]
fn a_load_balancers_detail_lists_its_target_groups_and_their_targets_health() {
    let mut app = degraded();
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, "lb");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view.tab, Tab::Kind(ResourceKind::LoadBalancer));
    // us-east-1's web-alb, found by search.
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "web-alb");
    key(&mut app, KeyCode::Enter);
    let at = app
        .rows()
        .position(|r| r.region == "us-east-1")
        .expect("us-east-1's web-alb");
    for _ in 0..at {
        key(&mut app, KeyCode::Char('j'));
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.selected().map(|r| (r.region.as_str(), r.id.as_str())),
        Some(("us-east-1", "web-alb"))
    );
    let screen = draw(&app, 120, 40);
    assert!(
        screen.contains("target group web-tg  HTTP:80  degraded (2)"),
        "{screen}"
    );
    assert!(
        screen.contains("i-0a1000000000002:80 unused (Target.InvalidState)"),
        "{screen}"
    );
    snap_both("detail_load_balancer", &app);
}

#[test]
fn a_target_groups_detail_lists_its_targets_and_load_balancers() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, "tg");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("i-0a1000000000001:80 healthy"), "{screen}");
    assert!(screen.contains("load balancers (1)"), "{screen}");
    assert!(
        screen.contains("web-alb  application  internet-facing  active"),
        "{screen}"
    );
    snap_both("detail_target_group", &app);
}

#[test]
fn the_header_counts_targets_not_serving() {
    let quiet = draw(&fixture(), 120, 40);
    assert!(!quiet.contains("unhealthy"), "{quiet}");
    let screen = draw(&degraded(), 120, 40);
    let health = screen.lines().nth(2).unwrap_or_default();
    assert!(
        health.contains("us-east-1 ok · 2 alarm · 1 impaired · 2 svc short · 1 unhealthy"),
        "{health}"
    );
    // The Grid's UNHEALTHY column says the same, last.
    let mut app = degraded();
    typed(&mut app, ":grid");
    key(&mut app, KeyCode::Enter);
    let grid = draw(&app, 80, 24);
    let us = grid.lines().find(|l| l.contains("\"us-east-1 ")).unwrap_or_default();
    assert!(grid.contains("IMPAIRED UNHEALTHY"), "{grid}");
    assert_eq!(us.trim_matches('"').split_whitespace().last(), Some("1"), "{us}");
}
