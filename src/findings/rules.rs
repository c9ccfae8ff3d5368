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
fn critical_exposure(entry: &str) -> bool {
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
    let days = (cx.now - created.with_timezone(&Utc)).num_days();
    (days > cx.settings.ami_unused_days).then_some(())?;
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
    let days = (cx.now - since.with_timezone(&Utc)).num_days();
    (days >= cx.settings.stopped_days).then_some(())?;
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

#[cfg(test)]
mod tests {
    use super::super::{Settings, evaluate};
    use super::*;
    use crate::model::{MetricSeries, Resource};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn res(kind: ResourceKind, id: &str, state: &str, details: &[(crate::model::DetailKey, &str)]) -> Resource {
        let mut r = Resource::new(kind, "us-east-1", id);
        r.state = state.into();
        for (k, v) in details {
            r.set(*k, v);
        }
        r
    }

    fn run(resources: &[Resource]) -> Vec<(&'static str, String)> {
        run_with(resources, &Settings::default(), &[])
    }

    fn run_with(resources: &[Resource], s: &Settings, series: &[MetricSeries]) -> Vec<(&'static str, String)> {
        let lookup = |r: &Resource, m: &'static str| {
            series
                .iter()
                .find(|x| x.id == r.id && x.kind == r.kind && x.metric == m)
        };
        evaluate(resources, &lookup, s, now())
            .into_iter()
            .map(|f| (f.rule, f.id))
            .collect()
    }

    fn pairs(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        list.iter().map(|(r, i)| (*r, i.to_string())).collect()
    }

    #[test]
    fn rds_public_unencrypted_and_single_az_fire_and_their_twins_do_not() {
        use rds_instance::{ENCRYPTED, MULTI_AZ, PUBLICLY_ACCESSIBLE};
        let bad = res(
            ResourceKind::RdsInstance,
            "bad-db",
            "available",
            &[(PUBLICLY_ACCESSIBLE, "true"), (ENCRYPTED, "false"), (MULTI_AZ, "false")],
        );
        let good = res(
            ResourceKind::RdsInstance,
            "good-db",
            "available",
            &[(PUBLICLY_ACCESSIBLE, "false"), (ENCRYPTED, "true"), (MULTI_AZ, "true")],
        );
        assert_eq!(
            run(&[bad, good]),
            pairs(&[
                ("rds-public", "bad-db"),
                ("rds-single-az", "bad-db"),
                ("rds-unencrypted", "bad-db")
            ])
        );
    }

    #[test]
    fn an_unattached_volume_costs_its_storage_and_an_attached_one_is_clean() {
        use ebs_volume::{ATTACHED_TO, ENCRYPTED, IOPS, SIZE_GIB, TYPE};
        let loose = res(
            ResourceKind::EbsVolume,
            "vol-loose",
            "available",
            &[(SIZE_GIB, "100"), (TYPE, "io2"), (IOPS, "1000"), (ENCRYPTED, "true")],
        );
        let used = res(
            ResourceKind::EbsVolume,
            "vol-used",
            "in-use",
            &[
                (SIZE_GIB, "100"),
                (TYPE, "gp3"),
                (ATTACHED_TO, "i-1"),
                (ENCRYPTED, "true"),
            ],
        );
        let all = [loose, used];
        assert_eq!(run(&all), pairs(&[("ebs-unattached", "vol-loose")]));
        let lookup = |_: &Resource, _: &'static str| None;
        let f = evaluate(&all, &lookup, &Settings::default(), now());
        assert_eq!(f[0].monthly.map(|m| m.two_dp()).as_deref(), Some("77.50"));
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn unencrypted_volumes_are_info() {
        let v = res(
            ResourceKind::EbsVolume,
            "vol-plain",
            "in-use",
            &[(ebs_volume::ENCRYPTED, "false")],
        );
        assert_eq!(run(&[v]), pairs(&[("ebs-unencrypted", "vol-plain")]));
    }

    #[test]
    fn stopped_long_needs_the_days_and_attached_volumes() {
        use ebs_volume::{ATTACHED_TO, ENCRYPTED, SIZE_GIB, TYPE};
        let old = res(
            ResourceKind::Ec2Instance,
            "i-old",
            "stopped",
            &[(ec2_instance::STOPPED_AT, "2026-10-01T00:00:00Z")],
        );
        let recent = res(
            ResourceKind::Ec2Instance,
            "i-recent",
            "stopped",
            &[(ec2_instance::STOPPED_AT, "2026-11-25T00:00:00Z")],
        );
        let bare = res(
            ResourceKind::Ec2Instance,
            "i-bare",
            "stopped",
            &[(ec2_instance::STOPPED_AT, "2026-10-01T00:00:00Z")],
        );
        let running = res(ResourceKind::Ec2Instance, "i-up", "running", &[]);
        let vol = |id: &str, on: &str| {
            res(
                ResourceKind::EbsVolume,
                id,
                "in-use",
                &[(SIZE_GIB, "50"), (TYPE, "gp2"), (ATTACHED_TO, on), (ENCRYPTED, "true")],
            )
        };
        let all = [
            old,
            recent,
            bare,
            running,
            vol("v1", "i-old"),
            vol("v2", "i-recent"),
            vol("v3", "i-up"),
        ];
        assert_eq!(run(&all), pairs(&[("instance-stopped-long", "i-old")]));
        let lookup = |_: &Resource, _: &'static str| None;
        let f = evaluate(&all, &lookup, &Settings::default(), now());
        assert_eq!(f[0].monthly.map(|m| m.two_dp()).as_deref(), Some("5.00"));
        assert!(f[0].reason.contains("56d"), "{}", f[0].reason);
        let zero = Settings {
            stopped_days: 0,
            ..Settings::default()
        };
        assert_eq!(
            run_with(&all, &zero, &[]).len(),
            2,
            "both stopped instances with volumes"
        );
    }

    fn series(kind: ResourceKind, id: &str, metric: &'static str, values: &[Option<f64>]) -> MetricSeries {
        MetricSeries {
            region: "us-east-1".into(),
            kind,
            id: id.into(),
            metric,
            unit: "Count",
            points: values.iter().enumerate().map(|(i, v)| (i as i64 * 300, *v)).collect(),
        }
    }

    #[test]
    fn emr_idle_needs_idle_for_the_whole_window() {
        let idle = res(ResourceKind::EmrCluster, "j-idle", "WAITING", &[]);
        let busy = res(ResourceKind::EmrCluster, "j-busy", "RUNNING", &[]);
        let gap = res(ResourceKind::EmrCluster, "j-gap", "WAITING", &[]);
        let unwatched = res(ResourceKind::EmrCluster, "j-unwatched", "WAITING", &[]);
        let s = [
            series(ResourceKind::EmrCluster, "j-idle", "IsIdle", &[Some(1.0); 12]),
            series(
                ResourceKind::EmrCluster,
                "j-busy",
                "IsIdle",
                &[Some(1.0), Some(0.0), Some(1.0)],
            ),
            series(
                ResourceKind::EmrCluster,
                "j-gap",
                "IsIdle",
                &[Some(1.0), None, Some(1.0)],
            ),
        ];
        let f = run_with(&[idle, busy, gap, unwatched], &Settings::default(), &s);
        assert_eq!(f, pairs(&[("emr-idle", "j-idle")]));
    }

    #[test]
    fn lambda_errors_or_throttles_fire_and_a_clean_function_does_not() {
        let k = ResourceKind::LambdaFunction;
        let fns = [
            res(k, "f-err", "Active", &[]),
            res(k, "f-thr", "Active", &[]),
            res(k, "f-ok", "Active", &[]),
        ];
        let s = [
            series(k, "f-err", "Errors", &[Some(0.0), Some(3.0)]),
            series(k, "f-thr", "Throttles", &[Some(1.0)]),
            series(k, "f-ok", "Errors", &[Some(0.0), None]),
            series(k, "f-ok", "Throttles", &[Some(0.0)]),
        ];
        let f = run_with(&fns, &Settings::default(), &s);
        assert_eq!(f, pairs(&[("lambda-errors", "f-err"), ("lambda-errors", "f-thr")]));
    }

    #[test]
    fn ignored_rules_ids_and_tags_are_left_out() {
        let mut a = res(
            ResourceKind::EbsVolume,
            "vol-a",
            "available",
            &[(ebs_volume::ENCRYPTED, "false")],
        );
        let b = res(
            ResourceKind::EbsVolume,
            "vol-b",
            "available",
            &[(ebs_volume::ENCRYPTED, "false")],
        );
        a.tags.insert("Owner".into(), "sandbox".into());
        let s = Settings {
            ignore: ["ebs-unencrypted".to_string()].into(),
            ignore_tags: Some(crate::model::TagFilter::parse("Owner=sandbox").unwrap()),
            ..Settings::default()
        };
        assert_eq!(
            run_with(&[a.clone(), b.clone()], &s, &[]),
            pairs(&[("ebs-unattached", "vol-b")])
        );
        let s = Settings {
            ignore_ids: ["vol-b".to_string()].into(),
            ..Settings::default()
        };
        assert_eq!(run_with(&[b], &s, &[]), vec![]);
    }

    #[test]
    fn findings_sort_critical_first_then_by_cost() {
        let lookup = |_: &Resource, _: &'static str| None;
        let v = |id: &str, gib: &str| {
            res(
                ResourceKind::EbsVolume,
                id,
                "available",
                &[
                    (ebs_volume::SIZE_GIB, gib),
                    (ebs_volume::TYPE, "gp3"),
                    (ebs_volume::ENCRYPTED, "false"),
                ],
            )
        };
        let all = [v("small", "10"), v("big", "500")];
        let f = evaluate(&all, &lookup, &Settings::default(), now());
        let order: Vec<(&str, &str)> = f.iter().map(|f| (f.rule, f.id.as_str())).collect();
        assert_eq!(
            order,
            vec![
                ("ebs-unattached", "big"),
                ("ebs-unattached", "small"),
                ("ebs-unencrypted", "big"),
                ("ebs-unencrypted", "small")
            ]
        );
        assert_eq!(super::super::total_waste(&f).two_dp(), "40.80");
    }

    #[test]
    fn alarms_in_alarm_fire_and_ok_ones_do_not() {
        use cloudwatch_alarm::{CONDITION, METRIC};
        let k = ResourceKind::CloudwatchAlarm;
        let firing = res(
            k,
            "cpu-high",
            "ALARM",
            &[(METRIC, "CPUUtilization"), (CONDITION, "> 80")],
        );
        let ok = res(k, "cpu-ok", "OK", &[(METRIC, "CPUUtilization")]);
        let unknown = res(k, "no-data", "INSUFFICIENT_DATA", &[]);
        assert_eq!(run(&[firing, ok, unknown]), pairs(&[("alarm-firing", "cpu-high")]));
    }

    #[test]
    fn impaired_instances_fire_and_healthy_ones_do_not() {
        use ec2_instance::STATUS_CHECKS;
        let k = ResourceKind::Ec2Instance;
        let all = [
            res(k, "i-bad", "running", &[(STATUS_CHECKS, "impaired")]),
            res(k, "i-ok", "running", &[(STATUS_CHECKS, "ok")]),
            res(k, "i-init", "running", &[(STATUS_CHECKS, "initializing")]),
        ];
        assert_eq!(run(&all), pairs(&[("instance-impaired", "i-bad")]));
    }

    #[test]
    fn world_open_ssh_is_critical_other_ports_a_warning_and_private_rules_clean() {
        use security_group::OPEN_TO_WORLD;
        let k = ResourceKind::SecurityGroup;
        let lookup = |_: &Resource, _: &'static str| None;
        let all = [
            res(k, "sg-ssh", "in-use", &[(OPEN_TO_WORLD, "22/tcp")]),
            res(k, "sg-rdp-range", "in-use", &[(OPEN_TO_WORLD, "3000-4000/tcp")]),
            res(k, "sg-all", "in-use", &[(OPEN_TO_WORLD, "all")]),
            res(k, "sg-web", "in-use", &[(OPEN_TO_WORLD, "443/tcp,80/tcp")]),
            // Port 22 open to 10.0.0.0/8 only: nothing open to the world.
            res(k, "sg-private", "in-use", &[]),
        ];
        let f = evaluate(&all, &lookup, &Settings::default(), now());
        let got: Vec<(&str, Severity)> = f.iter().map(|f| (f.id.as_str(), f.severity)).collect();
        assert_eq!(
            got,
            vec![
                ("sg-all", Severity::Critical),
                ("sg-rdp-range", Severity::Critical),
                ("sg-ssh", Severity::Critical),
                ("sg-web", Severity::Warning),
            ]
        );
        assert!(critical_exposure("all/tcp") && !critical_exposure("all/udp") && !critical_exposure("icmp"));
    }

    #[test]
    fn public_and_unused_amis() {
        use ami::{CREATED, INSTANCES, PUBLIC};
        let k = ResourceKind::Ami;
        let old = "2026-01-01T00:00:00Z";
        let all = [
            res(
                k,
                "ami-public",
                "available",
                &[(PUBLIC, "true"), (INSTANCES, "1"), (CREATED, old)],
            ),
            res(
                k,
                "ami-unused",
                "available",
                &[(PUBLIC, "false"), (INSTANCES, "0"), (CREATED, old)],
            ),
            res(
                k,
                "ami-young",
                "available",
                &[(PUBLIC, "false"), (INSTANCES, "0"), (CREATED, "2026-11-20T00:00:00Z")],
            ),
            res(
                k,
                "ami-used",
                "available",
                &[(PUBLIC, "false"), (INSTANCES, "3"), (CREATED, old)],
            ),
            // The instance count is unknown when the instance listing failed.
            res(k, "ami-unknown", "available", &[(PUBLIC, "false"), (CREATED, old)]),
        ];
        assert_eq!(
            run(&all),
            pairs(&[("ami-public", "ami-public"), ("ami-unused", "ami-unused")])
        );
    }

    #[test]
    fn an_unassociated_elastic_ip_costs_its_hours_and_an_associated_one_is_clean() {
        let k = ResourceKind::ElasticIp;
        let all = [
            res(
                k,
                "eipalloc-idle",
                elastic_ip::UNASSOCIATED,
                &[(elastic_ip::PUBLIC_IP, "3.3.3.3")],
            ),
            res(
                k,
                "eipalloc-used",
                elastic_ip::ASSOCIATED,
                &[(elastic_ip::PUBLIC_IP, "4.4.4.4")],
            ),
        ];
        let lookup = |_: &Resource, _: &'static str| None;
        let f = evaluate(&all, &lookup, &Settings::default(), now());
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].rule, f[0].id.as_str()), ("eip-unassociated", "eipalloc-idle"));
        assert_eq!(f[0].monthly.map(|m| m.two_dp()).as_deref(), Some("3.65"));
    }

    #[test]
    fn orphaned_snapshots_need_a_gone_volume_and_no_ami() {
        use ebs_snapshot::{AMI, SIZE_GIB, VOLUME_EXISTS};
        let k = ResourceKind::EbsSnapshot;
        let all = [
            res(
                k,
                "snap-orphan",
                "completed",
                &[(VOLUME_EXISTS, "no"), (AMI, "none"), (SIZE_GIB, "40")],
            ),
            res(
                k,
                "snap-ami",
                "completed",
                &[(VOLUME_EXISTS, "no"), (AMI, "ami-1"), (SIZE_GIB, "8")],
            ),
            res(
                k,
                "snap-live",
                "completed",
                &[(VOLUME_EXISTS, "yes"), (AMI, "none"), (SIZE_GIB, "8")],
            ),
            res(k, "snap-unknown", "completed", &[(SIZE_GIB, "8")]),
        ];
        let lookup = |_: &Resource, _: &'static str| None;
        let f = evaluate(&all, &lookup, &Settings::default(), now());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "snap-orphan");
        assert_eq!(f[0].monthly.map(|m| m.two_dp()).as_deref(), Some("2.00"));
    }

    #[test]
    fn every_rule_id_is_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "{}", r.id);
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.id);
        }
    }
}
