//! The rules, one function each. A rule looks at one resource (and, through
//! the context, at the rest of the inventory) and says whether it fires.

use chrono::{DateTime, Utc};

use super::{Context, Hit, Rule, Severity};
use crate::kinds::{
    ami, cloudwatch_alarm, ebs_snapshot, ebs_volume, ec2_instance, elastic_ip, rds_instance, security_group,
};
use crate::model::cost::Money;
use crate::model::{Resource, ResourceKind};

/// Every rule, in no particular order (findings are sorted afterwards).
pub static RULES: &[Rule] = &[
    Rule {
        id: "alarm-firing",
        kind: ResourceKind::CloudwatchAlarm,
        severity: Severity::Critical,
        check: alarm_firing,
    },
    Rule {
        id: "instance-impaired",
        kind: ResourceKind::Ec2Instance,
        severity: Severity::Critical,
        check: instance_impaired,
    },
    Rule {
        id: "sg-world-open",
        kind: ResourceKind::SecurityGroup,
        severity: Severity::Critical,
        check: sg_world_open,
    },
    Rule {
        id: "ami-public",
        kind: ResourceKind::Ami,
        severity: Severity::Critical,
        check: ami_public,
    },
    Rule {
        id: "eip-unassociated",
        kind: ResourceKind::ElasticIp,
        severity: Severity::Warning,
        check: eip_unassociated,
    },
    Rule {
        id: "snapshot-orphaned",
        kind: ResourceKind::EbsSnapshot,
        severity: Severity::Info,
        check: snapshot_orphaned,
    },
    Rule {
        id: "ami-unused",
        kind: ResourceKind::Ami,
        severity: Severity::Info,
        check: ami_unused,
    },
    Rule {
        id: "rds-public",
        kind: ResourceKind::RdsInstance,
        severity: Severity::Warning,
        check: rds_public,
    },
    Rule {
        id: "ebs-unattached",
        kind: ResourceKind::EbsVolume,
        severity: Severity::Warning,
        check: ebs_unattached,
    },
    Rule {
        id: "instance-stopped-long",
        kind: ResourceKind::Ec2Instance,
        severity: Severity::Info,
        check: instance_stopped_long,
    },
    Rule {
        id: "ebs-unencrypted",
        kind: ResourceKind::EbsVolume,
        severity: Severity::Info,
        check: ebs_unencrypted,
    },
    Rule {
        id: "rds-unencrypted",
        kind: ResourceKind::RdsInstance,
        severity: Severity::Info,
        check: rds_unencrypted,
    },
    Rule {
        id: "rds-single-az",
        kind: ResourceKind::RdsInstance,
        severity: Severity::Info,
        check: rds_single_az,
    },
    Rule {
        id: "emr-idle",
        kind: ResourceKind::EmrCluster,
        severity: Severity::Warning,
        check: emr_idle,
    },
    Rule {
        id: "lambda-errors",
        kind: ResourceKind::LambdaFunction,
        severity: Severity::Warning,
        check: lambda_errors,
    },
    Rule {
        id: "ecs-service-degraded",
        kind: ResourceKind::EcsService,
        severity: Severity::Critical,
        check: super::ecs::ecs_service_degraded,
    },
    Rule {
        id: "target-unhealthy",
        kind: ResourceKind::TargetGroup,
        severity: Severity::Critical,
        check: super::elb::target_unhealthy,
    },
    Rule {
        id: "lb-idle",
        kind: ResourceKind::LoadBalancer,
        severity: Severity::Info,
        check: super::elb::lb_idle,
    },
    Rule {
        id: "asg-short",
        kind: ResourceKind::AutoscalingGroup,
        severity: Severity::Warning,
        check: super::ec2x::asg_short,
    },
    Rule {
        id: "key-pair-unused",
        kind: ResourceKind::KeyPair,
        severity: Severity::Info,
        check: super::ec2x::key_pair_unused,
    },
    Rule {
        id: "nat-gateway-idle",
        kind: ResourceKind::NatGateway,
        severity: Severity::Info,
        check: super::ec2x::nat_gateway_idle,
    },
];

fn hit(severity: Severity, reason: impl Into<String>, monthly: Option<Money>) -> Option<Hit> {
    Some(Hit {
        severity,
        reason: reason.into(),
        monthly,
    })
}

fn is_true(r: &Resource, key: impl AsRef<str>) -> bool {
    r.detail_str(key) == "true"
}

fn is_false(r: &Resource, key: impl AsRef<str>) -> bool {
    r.detail_str(key) == "false"
}

fn number(r: &Resource, key: impl AsRef<str>) -> u64 {
    r.detail_str(key).parse().unwrap_or(0)
}

fn alarm_firing(r: &Resource, _: &Context) -> Option<Hit> {
    (r.state == "ALARM").then_some(())?;
    let reason = r.detail_str(cloudwatch_alarm::STATE_REASON);
    let metric = r.detail_str(cloudwatch_alarm::METRIC);
    let text = match (metric.is_empty(), reason.is_empty()) {
        (false, _) => format!("in ALARM: {metric} {}", r.detail_str(cloudwatch_alarm::CONDITION)),
        (true, false) => format!("in ALARM: {reason}"),
        (true, true) => "in ALARM".to_string(),
    };
    hit(Severity::Critical, text.trim_end(), None)
}

fn instance_impaired(r: &Resource, _: &Context) -> Option<Hit> {
    (r.detail_str(ec2_instance::STATUS_CHECKS) == "impaired").then_some(())?;
    hit(Severity::Critical, "status checks impaired", None)
}

/// Ports whose exposure to the world is critical: SSH, RDP, everything.
pub(super) fn critical_exposure(entry: &str) -> bool {
    let (ports, proto) = entry.split_once('/').unwrap_or((entry, ""));
    let covers = |port: u32| match ports.split_once('-') {
        Some((a, b)) => a.parse::<u32>().is_ok_and(|a| a <= port) && b.parse::<u32>().is_ok_and(|b| port <= b),
        None => ports.parse::<u32>() == Ok(port),
    };
    entry == "all" || (ports == "all" && proto == "tcp") || covers(22) || covers(3389)
}

fn sg_world_open(r: &Resource, _: &Context) -> Option<Hit> {
    let open = r.detail_str(security_group::OPEN_TO_WORLD);
    (!open.is_empty()).then_some(())?;
    let entries: Vec<&str> = open.split(',').collect();
    let severity = if entries.iter().any(|e| critical_exposure(e)) {
        Severity::Critical
    } else {
        Severity::Warning
    };
    hit(severity, format!("{open} open to 0.0.0.0/0 or ::/0"), None)
}

fn ami_public(r: &Resource, _: &Context) -> Option<Hit> {
    is_true(r, ami::PUBLIC).then_some(())?;
    hit(Severity::Critical, "owned image is public: anyone can launch it", None)
}

fn eip_unassociated(r: &Resource, cx: &Context) -> Option<Hit> {
    (r.state == elastic_ip::UNASSOCIATED).then_some(())?;
    hit(
        Severity::Warning,
        format!("{} is associated with nothing", r.detail_str(elastic_ip::PUBLIC_IP)),
        Some(cx.settings.prices.ipv4_month()),
    )
}

fn snapshot_orphaned(r: &Resource, cx: &Context) -> Option<Hit> {
    // Both facts must be known: a failed volume or image listing leaves them out.
    (r.detail_str(ebs_snapshot::VOLUME_EXISTS) == "no").then_some(())?;
    (r.detail_str(ebs_snapshot::AMI) == "none").then_some(())?;
    let gib = number(r, ebs_snapshot::SIZE_GIB);
    hit(
        Severity::Info,
        format!("{gib} GiB, its volume is gone and no owned AMI uses it"),
        Some(cx.settings.prices.snapshot_month(gib)),
    )
}

fn ami_unused(r: &Resource, cx: &Context) -> Option<Hit> {
    (r.detail_str(ami::INSTANCES) == "0").then_some(())?;
    let created = DateTime::parse_from_rfc3339(r.detail_str(ami::CREATED)).ok()?;
    let age = cx.now - created.with_timezone(&Utc);
    (age > chrono::Duration::days(cx.settings.ami_unused_days)).then_some(())?;
    let days = age.num_days();
    hit(Severity::Info, format!("{days}d old and no instance runs it"), None)
}

fn rds_public(r: &Resource, _: &Context) -> Option<Hit> {
    is_true(r, rds_instance::PUBLICLY_ACCESSIBLE).then_some(())?;
    hit(Severity::Warning, "publicly accessible from the internet", None)
}

/// A volume's monthly storage at list price.
fn volume_month(v: &Resource, cx: &Context) -> Money {
    cx.settings.prices.volume_month(
        v.detail_str(ebs_volume::TYPE),
        number(v, ebs_volume::SIZE_GIB),
        number(v, ebs_volume::IOPS),
    )
}

fn ebs_unattached(r: &Resource, cx: &Context) -> Option<Hit> {
    (r.state == "available").then_some(())?;
    let size = r.detail_str(ebs_volume::SIZE_GIB);
    let kind = r.detail_str(ebs_volume::TYPE);
    hit(
        Severity::Warning,
        format!("{size} GiB {kind}, unattached"),
        Some(volume_month(r, cx)),
    )
}

fn instance_stopped_long(r: &Resource, cx: &Context) -> Option<Hit> {
    (r.state == "stopped").then_some(())?;
    let since = DateTime::parse_from_rfc3339(r.detail_str(ec2_instance::STOPPED_AT)).ok()?;
    let stopped = cx.now - since.with_timezone(&Utc);
    (stopped > chrono::Duration::days(cx.settings.stopped_days)).then_some(())?;
    let days = stopped.num_days();
    let volumes: Vec<&Resource> = cx
        .of(ResourceKind::EbsVolume)
        .iter()
        .copied()
        .filter(|v| v.region == r.region && v.detail_str(ebs_volume::ATTACHED_TO).split(',').any(|i| i == r.id))
        .collect();
    (!volumes.is_empty()).then_some(())?;
    let gib: u64 = volumes.iter().map(|v| number(v, ebs_volume::SIZE_GIB)).sum();
    hit(
        Severity::Info,
        format!("stopped {days}d with {gib} GiB of volumes attached"),
        Some(volumes.iter().map(|v| volume_month(v, cx)).sum()),
    )
}

fn ebs_unencrypted(r: &Resource, _: &Context) -> Option<Hit> {
    is_false(r, ebs_volume::ENCRYPTED).then_some(())?;
    hit(Severity::Info, "volume not encrypted", None)
}

fn rds_unencrypted(r: &Resource, _: &Context) -> Option<Hit> {
    is_false(r, rds_instance::ENCRYPTED).then_some(())?;
    hit(Severity::Info, "storage not encrypted", None)
}

fn rds_single_az(r: &Resource, _: &Context) -> Option<Hit> {
    is_false(r, rds_instance::MULTI_AZ).then_some(())?;
    hit(Severity::Info, "not Multi-AZ: one AZ failure stops it", None)
}

fn emr_idle(r: &Resource, cx: &Context) -> Option<Hit> {
    let series = cx.series(r, "IsIdle")?;
    let values: Vec<f64> = series.points.iter().filter_map(|(_, v)| *v).collect();
    let whole = !values.is_empty() && values.len() == series.points.len() && values.iter().all(|v| *v >= 1.0);
    whole.then_some(())?;
    let hours = series.points.len() as i64 * series_step(series) / 3600;
    hit(
        Severity::Warning,
        format!("idle for the whole watched window ({hours}h)"),
        None,
    )
}

/// Seconds between two points of a series (300 when it has one point).
fn series_step(s: &crate::model::MetricSeries) -> i64 {
    match s.points.as_slice() {
        [a, b, ..] => b.0 - a.0,
        _ => 300,
    }
}

fn lambda_errors(r: &Resource, cx: &Context) -> Option<Hit> {
    let sum = |m| {
        cx.series(r, m)
            .map_or(0.0, |s| s.points.iter().filter_map(|(_, v)| *v).sum::<f64>())
    };
    let (errors, throttles) = (sum("Errors"), sum("Throttles"));
    (errors > 0.0 || throttles > 0.0).then_some(())?;
    hit(
        Severity::Warning,
        format!("{errors:.0} errors, {throttles:.0} throttles in the watched window"),
        None,
    )
}
