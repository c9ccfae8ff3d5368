//! ECS rules: a service running fewer tasks than it should.

use super::{Context, Hit, Severity};
use crate::kinds::ecs_service::{DESIRED, RUNNING};
use crate::model::Resource;

/// How many tasks a service should run and runs, when both are known.
pub(crate) fn tasks(r: &Resource) -> Option<(u64, u64)> {
    let desired = r.detail_str(DESIRED).parse().ok()?;
    let running = r.detail_str(RUNNING).parse().ok()?;
    Some((desired, running))
}

/// Whether a service runs fewer tasks than it should (the health cell
/// counts these).
pub(crate) fn short_of_desired(r: &Resource) -> bool {
    tasks(r).is_some_and(|(desired, running)| running < desired)
}

/// `ecs-service-degraded`: running < desired; critical when none runs.
pub(super) fn ecs_service_degraded(r: &Resource, _: &Context) -> Option<Hit> {
    let (desired, running) = tasks(r).filter(|(d, run)| run < d)?;
    let severity = match running {
        0 => Severity::Critical,
        _ => Severity::Warning,
    };
    Some(Hit {
        severity,
        reason: format!("{running} of {desired} tasks running"),
        monthly: None,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::findings::{Settings, evaluate};
    use crate::model::ResourceKind;

    fn service(id: &str, desired: &str, running: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::EcsService, "us-east-1", id);
        r.state = "ACTIVE".into();
        r.set(DESIRED, desired);
        r.set(RUNNING, running);
        r
    }

    fn findings(resources: &[Resource]) -> Vec<(&'static str, String, Severity, String)> {
        let none = |_: &Resource, _: &'static str| None;
        let now = DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        evaluate(resources, &none, &Settings::default(), now)
            .into_iter()
            .map(|f| (f.rule, f.id, f.severity, f.reason))
            .collect()
    }

    #[test]
    fn a_service_short_of_desired_is_degraded_and_critical_when_none_runs() {
        let all = [
            service("web/api", "4", "3"),
            service("web/worker", "2", "0"),
            // Clean twins: all running, more than asked (a rollout), none asked.
            service("web/api-twin", "4", "4"),
            service("web/surge", "2", "3"),
            service("web/idle", "0", "0"),
            // Counts not known: no finding rather than a guess.
            service("web/unknown", "", ""),
        ];
        let rule = "ecs-service-degraded";
        assert_eq!(
            findings(&all),
            vec![
                (
                    rule,
                    "web/worker".to_string(),
                    Severity::Critical,
                    "0 of 2 tasks running".to_string()
                ),
                (
                    rule,
                    "web/api".to_string(),
                    Severity::Warning,
                    "3 of 4 tasks running".to_string()
                ),
            ]
        );
        let short: Vec<&str> = all
            .iter()
            .filter(|r| short_of_desired(r))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(short, ["web/api", "web/worker"]);
    }
}
