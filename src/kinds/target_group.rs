//! Elastic Load Balancing (v2) target groups, listed with the load
//! balancers. The id is the name (unique per account and region). Each
//! group's targets and their health come from one DescribeTargetHealth per
//! group: the only call per resource of the inventory, bounded.

use super::{KindDef, ResourceKind, States, count, name, state, text};

detail_keys! {
    /// `HTTP:80`; empty for a Lambda target group, which has neither.
    PROTOCOL_PORT,
    /// `instance`, `ip`, `lambda` or `alb`.
    TARGET_TYPE,
    /// The names of the load balancers that route to it, comma-separated.
    LOAD_BALANCERS,
    VPC,
    /// Its ARN (it ends in an id only AWS knows).
    ARN,
    /// Targets in state `healthy`.
    HEALTHY,
    /// Targets registered but not serving ([`not_serving`]).
    UNHEALTHY,
    /// The other registered targets: starting, draining, not in use.
    OTHER,
    /// One line per target: its id (with `:port` when it has one), its
    /// state and, in brackets, the reason AWS gives ([`target_line`]).
    TARGETS,
}

/// A group with registered targets, all of them serving.
pub const SERVING: &str = "serving";
/// Some registered targets are not serving, some are.
pub const DEGRADED: &str = "degraded";
/// Registered targets, none of them healthy, some not serving.
pub const DOWN: &str = "down";
/// No target registered.
pub const EMPTY: &str = "empty";
/// Registered targets, none healthy, none failing: starting or draining.
pub const PENDING: &str = "pending";

pub static KIND: KindDef = KindDef {
    listed_with: Some(ResourceKind::LoadBalancer),
    columns: &[
        name(24),
        state(9).titled("HEALTH"),
        text(PROTOCOL_PORT, 11).titled("PROTOCOL"),
        text(TARGET_TYPE, 8).titled("TYPE"),
        count(HEALTHY, 7),
        count(UNHEALTHY, 9),
        count(OTHER, 5),
        text(LOAD_BALANCERS, 24),
        text(VPC, 21),
    ],
    states: States {
        good: &[SERVING],
        warn: &[DEGRADED, EMPTY, PENDING],
        bad: &[DOWN],
    },
    console: "https://{host}/ec2/home?region={region}#TargetGroups:search={id}",
    ..KindDef::new(
        ResourceKind::TargetGroup,
        "elbv2",
        "Target groups",
        "TG",
        "target group",
        &["tg", "tgs", "target-groups"],
    )
};

/// Whether a registered target in `state` for `reason` is failing to
/// serve: `unhealthy`, `unavailable` (its health cannot be checked), or
/// `unused` because the target itself cannot serve (`Target.InvalidState`:
/// a stopped instance). `draining`, `initial`, an `unused` target of a
/// group no load balancer uses, and an `unavailable` one only because its
/// group's health checks are turned off (`Target.HealthCheckDisabled`, as
/// Lambda groups often are: it still takes traffic) are not failing.
pub fn not_serving(state: &str, reason: &str) -> bool {
    match state {
        "unhealthy" => true,
        "unavailable" => reason != "Target.HealthCheckDisabled",
        "unused" => reason == "Target.InvalidState",
        _ => false,
    }
}

/// A target's line in [`TARGETS`]: `i-0abc:80 healthy`, or
/// `i-0def:80 unused (Target.InvalidState)`.
pub fn target_line(id: &str, port: Option<i32>, state: &str, reason: &str) -> String {
    let mut line = match port {
        Some(p) => format!("{id}:{p} {state}"),
        None => format!("{id} {state}"),
    };
    if !reason.is_empty() {
        line.push_str(&format!(" ({reason})"));
    }
    line
}

/// A [`TARGETS`] line's state and reason (empty when it has none).
pub fn state_and_reason(line: &str) -> (&str, &str) {
    let mut parts = line.splitn(3, ' ');
    let _target = parts.next();
    let state = parts.next().unwrap_or_default();
    let reason = parts
        .next()
        .map(|r| r.trim_start_matches('(').trim_end_matches(')'))
        .unwrap_or_default();
    (state, reason)
}

/// A group's counts of (healthy, not serving, other) targets and its
/// health word, from its targets' states and reasons.
pub fn health<'a>(targets: impl IntoIterator<Item = (&'a str, &'a str)>) -> ((usize, usize, usize), &'static str) {
    let (mut healthy, mut failing, mut other) = (0, 0, 0);
    for (state, reason) in targets {
        if state == "healthy" {
            healthy += 1;
        } else if not_serving(state, reason) {
            failing += 1;
        } else {
            other += 1;
        }
    }
    let word = match (healthy, failing, other) {
        (0, 0, 0) => EMPTY,
        (0, 0, _) => PENDING,
        (0, _, _) => DOWN,
        (_, 0, _) => SERVING,
        _ => DEGRADED,
    };
    ((healthy, failing, other), word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_instance_is_not_serving_and_a_draining_one_is_not_failing() {
        assert!(not_serving("unhealthy", "Target.FailedHealthChecks"));
        assert!(not_serving("unavailable", "Elb.InternalError"));
        assert!(not_serving("unused", "Target.InvalidState"));
        assert!(
            !not_serving("unused", "Target.NotInUse"),
            "no load balancer uses the group"
        );
        assert!(!not_serving("draining", "Target.DeregistrationInProgress"));
        assert!(!not_serving("initial", "Elb.RegistrationInProgress"));
        assert!(!not_serving("healthy", ""));
        assert!(
            !not_serving("unavailable", "Target.HealthCheckDisabled"),
            "health checks off: it still serves"
        );
    }

    #[test]
    fn target_lines_read_back_and_counts_give_the_health_word() {
        let lines = [
            target_line("i-1", Some(80), "healthy", ""),
            target_line("i-2", Some(8080), "unused", "Target.InvalidState"),
            target_line("arn:aws:lambda:us-east-1:1:function:f", None, "draining", "x"),
        ];
        assert_eq!(lines[0], "i-1:80 healthy");
        assert_eq!(lines[1], "i-2:8080 unused (Target.InvalidState)");
        assert_eq!(state_and_reason(&lines[1]), ("unused", "Target.InvalidState"));
        assert_eq!(state_and_reason(&lines[2]), ("draining", "x"));
        assert_eq!(state_and_reason(&lines[0]), ("healthy", ""));
        let of = |ls: &[String]| health(ls.iter().map(|l| state_and_reason(l)));
        assert_eq!(of(&lines), ((1, 1, 1), DEGRADED));
        assert_eq!(of(&lines[..1]), ((1, 0, 0), SERVING));
        assert_eq!(of(&lines[1..2]), ((0, 1, 0), DOWN));
        assert_eq!(of(&lines[2..]), ((0, 0, 1), PENDING));
        assert_eq!(of(&[]), ((0, 0, 0), EMPTY));
    }
}
