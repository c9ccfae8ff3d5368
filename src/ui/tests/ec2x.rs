//! The Auto Scaling groups, NAT gateways and key pairs views with rows, the
//! header's `short` signal, and Enter on a group and on a key pair: their
//! instances.

use crossterm::event::KeyCode;

use super::estate::{estate, res};
use super::fixture::{fixture, inventory};
use super::{draw, key, snap_both, typed};
use crate::app::{App, Msg};
use crate::model::{Outcome, ResourceKind};

/// The fixture, with a group, a gateway and two key pairs in us-east-1 and
/// eu-west-1; us-east-1's group is short and its instances name a key.
fn with_groups_gateways_and_keys() -> App {
    use ResourceKind::*;
    let mut app = fixture();
    for region in ["us-east-1", "eu-west-1"] {
        let short = region == "us-east-1";
        let id = |n: u8| format!("i-0a1{region:.2}000000000{n}");
        let zones = format!("{region}a,{region}b");
        let members = format!("{},{},{}", id(1), id(3), id(9));
        let group = res(
            AutoscalingGroup,
            region,
            if short { "web-asg" } else { "batch-asg" },
            if short { "web-asg" } else { "batch-asg" },
            "active",
            &[
                ("desired", if short { "3" } else { "2" }),
                ("min", if short { "2" } else { "0" }),
                ("max", if short { "6" } else { "10" }),
                ("in_service", "2"),
                ("pending", if short { "1" } else { "0" }),
                ("launch", if short { "web-lt:7" } else { "batch-lc" }),
                (
                    "instance_types",
                    if short { "t3.medium" } else { "c5.2xlarge,c5.xlarge" },
                ),
                ("zones", &zones),
                ("health_check", "ELB"),
                ("instances", if short { &members } else { "" }),
                ("created", "2026-12-01T00:00:00Z"),
            ],
        );
        app.update(inventory(region, AutoscalingGroup, Outcome::Fresh(vec![group]), 66));
        let nat = res(
            NatGateway,
            region,
            &format!("nat-0c3{region:.2}00000000001"),
            "egress",
            "available",
            &[
                ("connectivity", "public"),
                ("subnet", &format!("subnet-0d4{region:.2}000001")),
                ("vpc", &format!("vpc-0e5{region:.2}0000001")),
                ("public_ip", "52.1.2.3"),
                ("private_ip", "10.20.1.9"),
                ("created", "2026-10-01T00:00:00Z"),
            ],
        );
        app.update(inventory(region, NatGateway, Outcome::Fresh(vec![nat]), 66));
        let key_pair = |name: &str, n: &str| {
            res(
                KeyPair,
                region,
                name,
                name,
                "available",
                &[
                    ("key_pair_id", &format!("key-0f6{region:.2}{name:.4}")),
                    ("type", "ed25519"),
                    ("fingerprint", "SHA256:3h8CnBmsrqB0sn0z9Mn1i2kO8V0/d6AhF0"),
                    ("created", "2026-09-01T00:00:00Z"),
                    ("instances", n),
                ],
            )
        };
        let keys = vec![key_pair("deploy", "2"), key_pair("legacy-admin", "0")];
        app.update(inventory(region, KeyPair, Outcome::Fresh(keys), 66));
        // The instances launched with the deploy key.
        let (_, mut instances) = estate(region)
            .into_iter()
            .find(|(k, _)| *k == Ec2Instance)
            .expect("instances in the fixture");
        for i in &mut instances {
            if i.name != "worker" {
                i.set(crate::kinds::ec2_instance::KEY_NAME, "deploy");
            }
        }
        app.update(inventory(region, Ec2Instance, Outcome::Fresh(instances), 66));
    }
    app.update(Msg::Tick(super::fixture::t(70)));
    app
}

fn go(app: &mut App, name: &str) {
    key(app, KeyCode::Char(':'));
    typed(app, name);
    key(app, KeyCode::Enter);
}

#[test]
fn the_groups_gateways_and_key_pairs_views() {
    for (name, view) in [("asg", "ec2x_asg"), ("nat", "ec2x_nat"), ("kp", "ec2x_keys")] {
        let mut app = with_groups_gateways_and_keys();
        go(&mut app, name);
        snap_both(view, &app);
    }
    let mut app = with_groups_gateways_and_keys();
    go(&mut app, "asg");
    let screen = draw(&app, 120, 40);
    assert!(
        screen.contains("us-east-1 ok · 2 alarm · 1 impaired · 2 svc short · 1 short"),
        "{screen}"
    );
    assert!(screen.contains("3/2/6"), "{screen}");
}

#[test]
fn enter_on_a_group_or_a_key_pair_lists_its_instances() {
    let mut app = with_groups_gateways_and_keys();
    go(&mut app, "asg");
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Enter);
    snap_both("detail_asg", &app);
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("instances (3)"), "{screen}");
    assert!(screen.contains("i-0a1us0000000009  (not listed)"), "{screen}");

    let mut app = with_groups_gateways_and_keys();
    go(&mut app, "key");
    key(&mut app, KeyCode::Enter);
    snap_both("detail_key_pair", &app);
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("instances (2)"), "the two of its own region: {screen}");
}
