//! The rules, each with the clean cases that must not fire.

use chrono::{DateTime, Utc};

use super::rules::critical_exposure;
use super::{RULES, Settings, Severity, evaluate, total_waste};
use crate::kinds::{
    ami, cloudwatch_alarm, ebs_snapshot, ebs_volume, ec2_instance, elastic_ip, rds_instance, security_group,
};
use crate::model::ResourceKind;
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
        account: Default::default(),
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
    a.tags.insert("Owner", "sandbox");
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
    assert_eq!(total_waste(&f).two_dp(), "40.80");
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
