//! The detail pane: rules, devices, subnets and long addresses.

use crossterm::event::KeyCode;

use super::fixture::fixture;
use super::{draw, key, snap_both, typed};
use crate::app::Tab;
use crate::model::ResourceKind;

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
fn ecs_cluster_detail_lists_its_services() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char(':'));
    typed(&mut app, "ecs");
    key(&mut app, KeyCode::Enter);
    // apps in eu-west-1, then in us-east-1, where two services are short.
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    snap_both("detail_ecs_cluster", &app);
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("services (3)"), "{screen}");
    assert!(
        screen.contains("worker  ACTIVE  0/2 running  2 pending  EC2  worker:12  IN_PROGRESS"),
        "{screen}"
    );
}
