//! Elastic Load Balancing (v2) load balancers: application, network and
//! gateway. The id is the name (unique per account and region). Listed
//! with the target groups (`target_group.rs`), whose listing gives each
//! load balancer its late counts of groups and registered targets.

use super::{KindDef, ResourceKind, States, age_of, count, name, state, text};

detail_keys! {
    /// `application`, `network` or `gateway`.
    TYPE,
    /// `internet-facing` or `internal`.
    SCHEME,
    DNS_NAME,
    VPC,
    /// Its availability zones, comma-separated (in the detail: the table
    /// holds at most 11 sort keys, REGION and ACCOUNT among them).
    ZONES,
    /// When it was created (RFC 3339).
    CREATED,
    /// Its ARN (it ends in an id only AWS knows).
    ARN,
    /// Why it is in its state, when AWS says.
    STATE_REASON,
    /// How many target groups route to it (late: from the target groups'
    /// listing; absent when that failed).
    TARGET_GROUPS,
    /// How many targets are registered in those groups (late, likewise).
    TARGETS,
}

pub static KIND: KindDef = KindDef {
    columns: &[
        name(24),
        text(TYPE, 11),
        text(SCHEME, 15),
        state(10),
        count(TARGET_GROUPS, 4).titled("TGS"),
        count(TARGETS, 7),
        age_of(CREATED, 5),
        text(VPC, 21),
        text(DNS_NAME, 40).titled("DNS NAME"),
    ],
    states: States {
        good: &["active"],
        warn: &["provisioning", "active_impaired"],
        bad: &["failed"],
    },
    console: "https://{host}/ec2/home?region={region}#LoadBalancers:search={id}",
    late: &[TARGET_GROUPS, TARGETS],
    ..KindDef::new(
        ResourceKind::LoadBalancer,
        "elbv2",
        "Load balancers",
        "LB",
        "load balancer",
        &["lb", "elb", "alb", "nlb", "lbs", "load-balancers"],
    )
};
