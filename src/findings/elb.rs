//! The load-balancer rules: a target group whose registered targets are
//! not all serving, and a load balancer that routes to no target.

use super::{Context, Hit, Severity};
use crate::kinds::{load_balancer as lb, target_group as tg};
use crate::model::Resource;

/// A group with registered targets, some of them not serving
/// ([`tg::not_serving`]: `unhealthy`, `unavailable`, or `unused` for
/// `Target.InvalidState`); `draining` does not count. Critical when none
/// is healthy. Silent for a group whose health is not known.
pub(super) fn target_unhealthy(r: &Resource, _: &Context) -> Option<Hit> {
    let count = |k| r.detail_str(k).parse::<u64>().ok();
    let (healthy, failing) = (count(tg::HEALTHY)?, count(tg::UNHEALTHY)?);
    (failing > 0).then_some(())?;
    let reasons: Vec<&str> = r
        .detail_str(tg::TARGETS)
        .lines()
        .filter(|l| {
            let (state, reason) = tg::state_and_reason(l);
            tg::not_serving(state, reason)
        })
        .filter_map(|l| l.split(' ').next())
        .collect();
    let (severity, how) = match healthy {
        0 => (Severity::Critical, "none healthy".to_string()),
        n => (Severity::Warning, format!("{n} healthy")),
    };
    let shown: Vec<&str> = reasons.iter().take(3).copied().collect();
    let more = reasons.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(Hit {
        severity,
        reason: format!("{failing} target(s) not serving ({}{more}), {how}", shown.join(", ")),
        monthly: None,
    })
}

/// A load balancer with no target group, or none with a registered target:
/// it bills its hours for nothing. Silent when the target groups' listing
/// failed (the counts are then absent). Priced for application and network
/// load balancers.
pub(super) fn lb_idle(r: &Resource, cx: &Context) -> Option<Hit> {
    let groups: u64 = r.detail_str(lb::TARGET_GROUPS).parse().ok()?;
    let targets: u64 = r.detail_str(lb::TARGETS).parse().ok()?;
    let reason = match (groups, targets) {
        (0, _) => "no target group routes from it".to_string(),
        (n, 0) => format!("{n} target group(s), no target registered"),
        _ => return None,
    };
    let monthly = match r.detail_str(lb::TYPE) {
        "application" | "network" => Some(cx.settings.prices.lb_month()),
        _ => None,
    };
    Some(Hit {
        severity: Severity::Info,
        reason,
        monthly,
    })
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::super::{Settings, Severity, evaluate};
    use crate::kinds::{load_balancer as lb, target_group as tg};
    use crate::model::{DetailKey, Resource, ResourceKind};

    fn row(kind: ResourceKind, id: &str, details: &[(DetailKey, &str)]) -> Resource {
        let mut r = Resource::new(kind, "us-east-1", id);
        r.name = id.into();
        for (k, v) in details {
            r.set(*k, v);
        }
        r
    }

    /// A target group with its counts and target lines.
    fn group(id: &str, targets: &[&str]) -> Resource {
        let ((healthy, failing, other), word) = tg::health(targets.iter().map(|l| tg::state_and_reason(l)));
        let mut r = row(
            ResourceKind::TargetGroup,
            id,
            &[
                (tg::HEALTHY, &healthy.to_string()),
                (tg::UNHEALTHY, &failing.to_string()),
                (tg::OTHER, &other.to_string()),
                (tg::TARGETS, &targets.join("\n")),
            ],
        );
        r.state = word.into();
        r
    }

    /// (rule, id, severity, reason, monthly) of every finding.
    fn found(rows: &[Resource], settings: &Settings) -> Vec<(&'static str, String, Severity, String, Option<String>)> {
        evaluate(rows, &|_, _| None, settings, Utc::now())
            .into_iter()
            .map(|f| (f.rule, f.id, f.severity, f.reason, f.monthly.map(|m| m.two_dp())))
            .collect()
    }

    #[test]
    fn a_group_with_targets_not_serving_is_found_and_its_clean_twins_are_not() {
        let rows = [
            group(
                "half",
                &[
                    "i-1:80 healthy",
                    "i-2:80 unused (Target.InvalidState)",
                    "i-3:80 draining (x)",
                ],
            ),
            group(
                "none",
                &[
                    "i-4:80 unhealthy (Target.FailedHealthChecks)",
                    "i-5:80 unavailable (Elb.InternalError)",
                ],
            ),
            // Clean twins: all healthy; draining; not in use by any load
            // balancer; no target at all; health not known (listing failed).
            group("ok", &["i-6:80 healthy", "i-7:80 healthy"]),
            group(
                "draining",
                &["i-8:80 healthy", "i-9:80 draining (Target.DeregistrationInProgress)"],
            ),
            group("unattached", &["i-10:80 unused (Target.NotInUse)"]),
            group("empty", &[]),
            row(ResourceKind::TargetGroup, "unknown", &[]),
        ];
        assert_eq!(
            found(&rows, &Settings::default()),
            [
                (
                    "target-unhealthy",
                    "none".to_string(),
                    Severity::Critical,
                    "2 target(s) not serving (i-4:80, i-5:80), none healthy".to_string(),
                    None
                ),
                (
                    "target-unhealthy",
                    "half".to_string(),
                    Severity::Warning,
                    "1 target(s) not serving (i-2:80), 1 healthy".to_string(),
                    None
                ),
            ]
        );
    }

    #[test]
    fn many_targets_not_serving_are_named_three_and_counted() {
        let lines: Vec<String> = (1..=5).map(|i| format!("i-{i}:80 unhealthy (x)")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let reason = &found(&[group("big", &lines)], &Settings::default())[0].3;
        assert_eq!(
            reason,
            "5 target(s) not serving (i-1:80, i-2:80, i-3:80 and 2 more), none healthy"
        );
    }

    #[test]
    fn an_idle_load_balancer_costs_its_hours_and_its_clean_twins_are_not_found() {
        let lbs = [
            row(
                ResourceKind::LoadBalancer,
                "no-groups",
                &[(lb::TYPE, "application"), (lb::TARGET_GROUPS, "0"), (lb::TARGETS, "0")],
            ),
            row(
                ResourceKind::LoadBalancer,
                "empty-groups",
                &[(lb::TYPE, "network"), (lb::TARGET_GROUPS, "2"), (lb::TARGETS, "0")],
            ),
            row(
                ResourceKind::LoadBalancer,
                "gateway",
                &[(lb::TYPE, "gateway"), (lb::TARGET_GROUPS, "0"), (lb::TARGETS, "0")],
            ),
            // Clean twins: routing to targets; counts unknown (the target
            // groups' listing failed).
            row(
                ResourceKind::LoadBalancer,
                "busy",
                &[(lb::TYPE, "application"), (lb::TARGET_GROUPS, "1"), (lb::TARGETS, "2")],
            ),
            row(ResourceKind::LoadBalancer, "unknown", &[(lb::TYPE, "application")]),
        ];
        let hit = |id: &str, reason: &str, monthly: Option<&str>| {
            (
                "lb-idle",
                id.to_string(),
                Severity::Info,
                reason.to_string(),
                monthly.map(str::to_string),
            )
        };
        assert_eq!(
            found(&lbs, &Settings::default()),
            [
                hit("empty-groups", "2 target group(s), no target registered", Some("16.43")),
                hit("no-groups", "no target group routes from it", Some("16.43")),
                hit("gateway", "no target group routes from it", None),
            ]
        );
        // The price is the config's when it sets one.
        let mut settings = Settings::default();
        settings.prices.lb_hour = crate::model::cost::Money(rust_decimal::Decimal::new(3, 2));
        assert_eq!(found(&lbs[..1], &settings)[0].4.as_deref(), Some("21.90"));
    }
}
