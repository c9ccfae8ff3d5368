//! The rules of Auto Scaling groups, NAT gateways and key pairs, and the
//! series the findings read over their own window ([`Window::D7`]), not
//! what is on screen.
//!
//! - `asg-short`: a group with fewer instances in service than desired.
//! - `key-pair-unused`: a key pair that no instance (not terminated) was
//!   launched with; silent when the instances could not be listed.
//! - `nat-gateway-idle`: an available NAT gateway that sent no bytes
//!   (`BytesOutToDestination`) in the last seven days. A gateway with no
//!   datapoint at all in those days counts as idle: CloudWatch writes a
//!   NAT gateway's metrics only while it carries traffic. A gateway younger
//!   than a week is idle when it has carried nothing since it was made (it
//!   is billed from its first hour); the reason says since when. Silent
//!   until its seven-day series is fetched.

use chrono::{DateTime, Utc};

use super::{Context, Hit, Severity};
use crate::kinds::{autoscaling_group, key_pair, nat_gateway};
use crate::model::metrics::Window;
use crate::model::{MetricTarget, Resource, ResourceKind};

/// The series findings read whatever is on screen: (kind, metric), each
/// fetched over [`FINDINGS_WINDOW`] for every resource of the kind.
pub const FINDINGS_SERIES: &[(ResourceKind, &str)] = &[(ResourceKind::NatGateway, nat_gateway::BYTES_OUT)];

/// The window of [`FINDINGS_SERIES`]: seven days, a point an hour,
/// fetched once an hour.
pub const FINDINGS_WINDOW: Window = Window::D7;

/// The findings' series of `resources` (sorted, each once).
pub fn findings_targets<'a>(resources: impl IntoIterator<Item = &'a Resource>) -> Vec<MetricTarget> {
    let mut out: Vec<MetricTarget> = resources
        .into_iter()
        .flat_map(|r| {
            FINDINGS_SERIES
                .iter()
                .filter(move |(k, _)| *k == r.kind)
                .map(move |(_, m)| MetricTarget::of(r, m))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn hit(severity: Severity, reason: impl Into<String>, monthly: Option<crate::model::cost::Money>) -> Option<Hit> {
    Some(Hit {
        severity,
        reason: reason.into(),
        monthly,
    })
}

/// Whether a group has fewer instances in service than it wants (its
/// counts unknown, it is not known to be short).
pub fn asg_is_short(r: &Resource) -> bool {
    let n = |k| r.detail_str(k).parse::<u64>().ok();
    matches!(
        (n(autoscaling_group::IN_SERVICE), n(autoscaling_group::DESIRED)),
        (Some(i), Some(d)) if i < d
    )
}

pub(super) fn asg_short(r: &Resource, _: &Context) -> Option<Hit> {
    asg_is_short(r).then_some(())?;
    let (in_service, desired) = (
        r.detail_str(autoscaling_group::IN_SERVICE),
        r.detail_str(autoscaling_group::DESIRED),
    );
    let pending = r.detail_str(autoscaling_group::PENDING);
    let pending = match pending {
        "" | "0" => String::new(),
        n => format!(", {n} pending"),
    };
    hit(
        Severity::Warning,
        format!("{in_service} of {desired} desired in service{pending}"),
        None,
    )
}

pub(super) fn key_pair_unused(r: &Resource, _: &Context) -> Option<Hit> {
    // Absent when the instances could not be listed: no guess.
    (r.detail_str(key_pair::INSTANCES) == "0").then_some(())?;
    hit(Severity::Info, "no instance uses it", None)
}

pub(super) fn nat_gateway_idle(r: &Resource, cx: &Context) -> Option<Hit> {
    (r.state == "available").then_some(())?;
    let week = chrono::Duration::from_std(FINDINGS_WINDOW.span()).ok()?;
    let age = DateTime::parse_from_rfc3339(r.detail_str(nat_gateway::CREATED))
        .ok()
        .map(|created| cx.now - created.with_timezone(&Utc))
        .filter(|age| *age < week);
    let series = cx.series(r, nat_gateway::BYTES_OUT)?;
    // Only a series of the whole week says it was idle all week.
    let step = match series.points.as_slice() {
        [a, b, ..] => b.0 - a.0,
        _ => return None,
    };
    (series.points.len() as i64 * step >= week.num_seconds()).then_some(())?;
    let values: Vec<f64> = series.points.iter().filter_map(|(_, v)| *v).collect();
    values.iter().all(|v| *v <= 0.0).then_some(())?;
    let reason = match (age, values.is_empty()) {
        (Some(age), _) => format!(
            "no bytes out since it was made {} ago",
            crate::kinds::coarse_duration(age.num_seconds())
        ),
        (None, true) => "no traffic in 7 days (no datapoints)".to_string(),
        (None, false) => "0 bytes out in 7 days".to_string(),
    };
    hit(Severity::Info, reason, Some(cx.settings.prices.nat_gateway_month()))
}

#[cfg(test)]
mod tests {
    use super::super::{Settings, evaluate};
    use super::*;
    use crate::model::{DetailKey, MetricSeries};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn res(kind: ResourceKind, id: &str, state: &str, details: &[(DetailKey, &str)]) -> Resource {
        let mut r = Resource::new(kind, "us-east-1", id);
        r.state = state.into();
        for (k, v) in details {
            r.set(*k, v);
        }
        r
    }

    /// (rule, id, reason, monthly) of every finding.
    fn run(resources: &[Resource], series: &[MetricSeries]) -> Vec<(&'static str, String, String, Option<String>)> {
        let lookup = |r: &Resource, m: &'static str| {
            series
                .iter()
                .find(|x| x.id == r.id && x.kind == r.kind && x.metric == m)
        };
        evaluate(resources, &lookup, &Settings::default(), now())
            .into_iter()
            .map(|f| (f.rule, f.id, f.reason, f.monthly.map(|m| m.two_dp())))
            .collect()
    }

    fn group(id: &str, desired: &str, in_service: &str, pending: &str) -> Resource {
        use autoscaling_group::*;
        res(
            ResourceKind::AutoscalingGroup,
            id,
            ACTIVE,
            &[(DESIRED, desired), (IN_SERVICE, in_service), (PENDING, pending)],
        )
    }

    #[test]
    fn a_group_short_of_capacity_fires_and_its_twins_do_not() {
        let got = run(
            &[
                group("short", "3", "1", "1"),
                group("shorter", "2", "0", "0"),
                group("full", "3", "3", "0"),
                group("over", "1", "2", "0"),
                group("empty", "0", "0", "0"),
                res(ResourceKind::AutoscalingGroup, "unknown", "active", &[]),
            ],
            &[],
        );
        let got: Vec<(&str, &str, &str)> = got
            .iter()
            .map(|(r, i, why, _)| (*r, i.as_str(), why.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("asg-short", "short", "1 of 3 desired in service, 1 pending"),
                ("asg-short", "shorter", "0 of 2 desired in service"),
            ]
        );
        assert!(asg_is_short(&group("g", "2", "1", "0")));
        assert!(!asg_is_short(&group("g", "2", "2", "0")));
    }

    #[test]
    fn an_unused_key_pair_fires_and_a_used_or_unknown_one_does_not() {
        let key = |id: &str, n: Option<&str>| {
            let details: Vec<(DetailKey, &str)> = n.map(|n| (key_pair::INSTANCES, n)).into_iter().collect();
            res(ResourceKind::KeyPair, id, key_pair::AVAILABLE, &details)
        };
        let got = run(
            &[key("spare", Some("0")), key("deploy", Some("2")), key("unknown", None)],
            &[],
        );
        assert_eq!(
            got,
            [(
                "key-pair-unused",
                "spare".to_string(),
                "no instance uses it".to_string(),
                None
            )]
        );
    }

    fn gateway(id: &str, state: &str, created: &str) -> Resource {
        res(ResourceKind::NatGateway, id, state, &[(nat_gateway::CREATED, created)])
    }

    /// A week of hourly points ending now, each `value` (None: no datapoint).
    fn week(id: &str, value: impl Fn(usize) -> Option<f64>) -> MetricSeries {
        let t = MetricTarget::new("us-east-1", ResourceKind::NatGateway, id, nat_gateway::BYTES_OUT);
        let (start, end) = FINDINGS_WINDOW.range(now().timestamp());
        let points = (0..168).filter_map(|i| value(i).map(|v| (start + i as i64 * 3600, v)));
        MetricSeries::on_grid(&t, "Bytes", start, end, 3600, points)
    }

    #[test]
    fn a_nat_gateway_with_no_bytes_out_for_a_week_is_idle_and_priced() {
        let old = "2026-10-01T00:00:00Z";
        let resources = [
            gateway("nat-silent", "available", old),
            gateway("nat-zero", "available", old),
            gateway("nat-busy", "available", old),
            gateway("nat-new", "available", "2026-11-24T00:00:00Z"),
            gateway("nat-gone", "deleted", old),
            gateway("nat-unfetched", "available", old),
            gateway("nat-short", "available", old),
        ];
        let series = [
            week("nat-silent", |_| None),
            week("nat-zero", |i| (i % 2 == 0).then_some(0.0)),
            week("nat-busy", |i| Some(if i == 100 { 1024.0 } else { 0.0 })),
            week("nat-new", |_| None),
            week("nat-gone", |_| None),
            // A day of series (a chart's window) says nothing of the week.
            {
                let t = MetricTarget::new(
                    "us-east-1",
                    ResourceKind::NatGateway,
                    "nat-short",
                    nat_gateway::BYTES_OUT,
                );
                MetricSeries::on_grid(&t, "Bytes", 0, 86_400, 1800, [])
            },
        ];
        let got = run(&resources, &series);
        let price = Some("32.85".to_string());
        let idle = |id: &str, why: &str| ("nat-gateway-idle", id.to_string(), why.to_string(), price.clone());
        assert_eq!(
            got,
            [
                idle("nat-new", "no bytes out since it was made 2d ago"),
                idle("nat-silent", "no traffic in 7 days (no datapoints)"),
                idle("nat-zero", "0 bytes out in 7 days"),
            ]
        );
    }

    #[test]
    fn the_findings_watch_every_nat_gateway_once() {
        let a = gateway("nat-a", "available", "");
        let b = gateway("nat-b", "available", "");
        let other = res(ResourceKind::AutoscalingGroup, "g", "active", &[]);
        let targets = findings_targets([&b, &a, &other, &a]);
        let ids: Vec<(&str, &str)> = targets.iter().map(|t| (t.id.as_str(), t.metric)).collect();
        assert_eq!(
            ids,
            [("nat-a", "BytesOutToDestination"), ("nat-b", "BytesOutToDestination")]
        );
    }
}
