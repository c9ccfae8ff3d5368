//! Auto Scaling groups. The id is the group's name; its instances are EC2
//! instances, listed there (Enter on a group lists them).

use super::{DetailKey, Field, KindDef, ResourceKind, States, age_of, col, count, id, state, text};

detail_keys! {
    DESIRED,
    MIN,
    MAX,
    /// Instances in service: lifecycle `InService` and healthy (one marked
    /// unhealthy serves nothing until it is replaced).
    IN_SERVICE,
    /// Instances on their way in (`Pending`, `Pending:Wait`, `Pending:Proceed`).
    PENDING,
    /// The launch template (`name:version`), the launch configuration, or
    /// the mixed instances policy's template.
    LAUNCH,
    /// The instance types of its instances (else of its overrides), comma-separated.
    INSTANCE_TYPES,
    /// Its availability zones, comma-separated.
    ZONES,
    /// `EC2` or `ELB` (or both, comma-separated).
    HEALTH_CHECK,
    /// The ids of its instances, comma-separated.
    INSTANCES,
    CREATED,
    /// Its ARN ends in an id only AWS knows (`y`/`Y` copy it).
    ARN,
}

/// `desired/min/max`.
pub const SCALING: &[DetailKey] = &[DESIRED, MIN, MAX];

/// A group in use.
pub const ACTIVE: &str = "active";
/// A group being deleted (its `Status` says so).
pub const DELETING: &str = "deleting";

pub static KIND: KindDef = KindDef {
    columns: &[
        id(24),
        state(8),
        col("DESIRED/MIN/MAX", Field::Joined(SCALING), 15),
        count(IN_SERVICE, 10),
        count(PENDING, 7),
        text(LAUNCH, 24),
        text(INSTANCE_TYPES, 14).titled("TYPES"),
        text(ZONES, 22),
        age_of(CREATED, 5),
    ],
    states: States {
        good: &[ACTIVE],
        bad: &[DELETING],
        ..States::NONE
    },
    console: "https://{host}/ec2/home?region={region}#AutoScalingGroupDetails:id={id}",
    ..KindDef::new(
        ResourceKind::AutoscalingGroup,
        "autoscaling",
        "Auto Scaling groups",
        "ASG",
        "group",
        &["asg", "asgs", "autoscaling"],
    )
};
