//! Health signals beyond listing errors, and the relations the detail view
//! lists. Both are derived state: counted or gathered in `App::update`,
//! read by rendering.
//!
//! - Per region: CloudWatch alarms in ALARM, EC2 instances whose status
//!   checks say `impaired`, ECS services running fewer tasks than desired,
//!   load-balancer targets not serving and Auto Scaling groups short of
//!   capacity (the header's health cell, unfiltered; the Overview counts
//!   them among what passes the filters).
//! - For the selected resource: a VPC's subnets, a subnet's VPC, an ECS
//!   cluster's services; a load balancer's target groups with their
//!   targets' health, a target group's load balancers; an Auto Scaling
//!   group's instances, the instances launched with a key pair.

use super::{App, Mode};
use crate::kinds::{
    autoscaling_group, cloudwatch_alarm, ec2_instance, ecs_service, load_balancer, subnet, target_group, vpc,
};
use crate::model::{Resource, ResourceKind};

/// What a region's alarms and instances say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals {
    /// CloudWatch alarms in ALARM.
    pub alarms: usize,
    /// EC2 instances whose status checks say `impaired`.
    pub impaired: usize,
    /// ECS services running fewer tasks than desired.
    pub short_services: usize,
    /// Load-balancer targets registered but not serving
    /// ([`target_group::not_serving`]).
    pub unhealthy_targets: usize,
    /// Auto Scaling groups with fewer instances in service than desired.
    pub short: usize,
}

impl Signals {
    /// The signal one resource gives, if any.
    pub fn of(r: &Resource) -> Signals {
        match r.kind {
            ResourceKind::CloudwatchAlarm => Signals {
                alarms: usize::from(r.state == cloudwatch_alarm::ALARM),
                ..Signals::default()
            },
            ResourceKind::Ec2Instance => Signals {
                impaired: usize::from(r.detail_str(ec2_instance::STATUS_CHECKS) == "impaired"),
                ..Signals::default()
            },
            ResourceKind::EcsService => Signals {
                short_services: usize::from(crate::findings::ecs::short_of_desired(r)),
                ..Signals::default()
            },
            ResourceKind::TargetGroup => Signals {
                unhealthy_targets: r.detail_str(target_group::UNHEALTHY).parse().unwrap_or(0),
                ..Signals::default()
            },
            ResourceKind::AutoscalingGroup => Signals {
                short: usize::from(crate::findings::asg_is_short(r)),
                ..Signals::default()
            },
            _ => Signals::default(),
        }
    }

    pub fn add(&mut self, other: Signals) {
        self.alarms += other.alarms;
        self.impaired += other.impaired;
        self.short_services += other.short_services;
        self.unhealthy_targets += other.unhealthy_targets;
        self.short += other.short;
    }

    /// The kinds whose resources give signals.
    pub fn kinds() -> [ResourceKind; 5] {
        [
            ResourceKind::CloudwatchAlarm,
            ResourceKind::Ec2Instance,
            ResourceKind::EcsService,
            ResourceKind::TargetGroup,
            ResourceKind::AutoscalingGroup,
        ]
    }

    /// ` · 2 alarm · 1 impaired · 1 svc short · 3 unhealthy · 1 short`, or
    /// nothing when all is quiet: readable without colour.
    pub fn suffix(self) -> String {
        let mut out = String::new();
        if self.alarms > 0 {
            out.push_str(&format!(" · {} alarm", self.alarms));
        }
        if self.impaired > 0 {
            out.push_str(&format!(" · {} impaired", self.impaired));
        }
        if self.short_services > 0 {
            out.push_str(&format!(" · {} svc short", self.short_services));
        }
        if self.unhealthy_targets > 0 {
            out.push_str(&format!(" · {} unhealthy", self.unhealthy_targets));
        }
        if self.short > 0 {
            out.push_str(&format!(" · {} short", self.short));
        }
        out
    }

    /// How many signals in all.
    pub fn total(self) -> usize {
        self.alarms + self.impaired + self.short_services + self.unhealthy_targets + self.short
    }

    /// [`Signals::suffix`] as one count, ` · 5 issues`, for a health line
    /// too narrow for the words.
    pub fn compact(self) -> String {
        match self.total() {
            0 => String::new(),
            1 => " · 1 issue".to_string(),
            n => format!(" · {n} issues"),
        }
    }
}

/// One related group in the detail view: a title and a line per item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub title: String,
    pub items: Vec<String>,
}

/// Signals of one (region, kind) listing.
pub(super) fn count(resources: &[std::sync::Arc<Resource>]) -> Signals {
    let mut s = Signals::default();
    for r in resources {
        s.add(Signals::of(r));
    }
    s
}

impl App {
    /// The header's signals for a region: every alarm and instance listed
    /// there, whatever the filters (the last good listing when the last
    /// fetch failed).
    pub fn region_signals(&self, region: &str) -> Signals {
        let mut s = Signals::default();
        for ((a, r, _), n) in &self.known.signals {
            if r == region && self.shows_account(*a) {
                s.add(*n);
            }
        }
        s
    }

    /// The Overview's signals for a region: what passes the filters.
    pub fn overview_signals(&self, region: &str) -> Signals {
        self.derived.overview_signals.get(region).copied().unwrap_or_default()
    }

    /// The related resources of the selected one, for the detail view.
    pub fn relations(&self) -> &[Relation] {
        &self.derived.relations
    }

    /// Gathers the selected resource's relations while the detail view is open.
    pub(super) fn relate(&mut self) {
        self.derived.relations = match (self.view.mode, self.selected()) {
            (Mode::Detail, Some(r)) => self.relations_of(r),
            _ => Vec::new(),
        };
    }

    fn relations_of(&self, r: &Resource) -> Vec<Relation> {
        let listed = |kind: ResourceKind| {
            self.cell_in(r.account, &r.region, kind)
                .map(|c| c.listing.resources.as_slice())
                .unwrap_or_default()
        };
        match r.kind {
            ResourceKind::Vpc => {
                let mut items: Vec<String> = listed(ResourceKind::Subnet)
                    .iter()
                    .filter(|s| s.detail_str(subnet::VPC) == r.id)
                    .map(|s| {
                        let public = if s.detail_str(subnet::PUBLIC_IP_ON_LAUNCH) == "true" {
                            "public IP"
                        } else {
                            "no public IP"
                        };
                        join(&[
                            &s.id,
                            &s.name,
                            s.detail_str(subnet::AZ),
                            s.detail_str(subnet::CIDR),
                            &format!("{} free", s.detail_str(subnet::FREE_IPS)),
                            public,
                        ])
                    })
                    .collect();
                items.sort();
                vec![Relation {
                    title: "subnets".into(),
                    items,
                }]
            }
            ResourceKind::Subnet => {
                let id = r.detail_str(subnet::VPC);
                let item = listed(ResourceKind::Vpc)
                    .iter()
                    .find(|v| v.id == id)
                    .map(|v| join(&[&v.id, &v.name, v.detail_str(vpc::CIDR_BLOCKS)]))
                    .unwrap_or_else(|| format!("{id}  (not listed)"));
                vec![Relation {
                    title: "vpc".into(),
                    items: if id.is_empty() { vec![] } else { vec![item] },
                }]
            }
            ResourceKind::EcsCluster => {
                let mut items: Vec<String> = listed(ResourceKind::EcsService)
                    .iter()
                    .filter(|s| s.detail_str(ecs_service::CLUSTER) == r.id)
                    .map(|s| service_line(s))
                    .collect();
                items.sort();
                vec![Relation {
                    title: "services".into(),
                    items,
                }]
            }
            ResourceKind::LoadBalancer => lb_groups(r, listed(ResourceKind::TargetGroup)),
            ResourceKind::TargetGroup => group_lbs(r, listed(ResourceKind::LoadBalancer)),
            ResourceKind::AutoscalingGroup => {
                let instances = listed(ResourceKind::Ec2Instance);
                let mut items: Vec<String> = r
                    .detail_str(autoscaling_group::INSTANCES)
                    .split(',')
                    .filter(|i| !i.is_empty())
                    .map(|id| match instances.iter().find(|i| i.id == id) {
                        Some(i) => instance_line(i),
                        None => format!("{id}  (not listed)"),
                    })
                    .collect();
                items.sort();
                vec![Relation {
                    title: "instances".into(),
                    items,
                }]
            }
            ResourceKind::KeyPair => {
                let mut items: Vec<String> = listed(ResourceKind::Ec2Instance)
                    .iter()
                    .filter(|i| i.detail_str(ec2_instance::KEY_NAME) == r.id && i.state != "terminated")
                    .map(|i| instance_line(i))
                    .collect();
                items.sort();
                vec![Relation {
                    title: "instances".into(),
                    items,
                }]
            }
            _ => Vec::new(),
        }
    }
}

/// `api  ACTIVE  3/4 running  1 pending  FARGATE  api:7  IN_PROGRESS`: an
/// ECS service as its cluster lists it.
fn service_line(s: &Resource) -> String {
    use ecs_service::{DESIRED, LAUNCH_TYPE, PENDING, ROLLOUT, RUNNING, TASK_DEFINITION};
    let running = format!("{}/{} running", s.detail_str(RUNNING), s.detail_str(DESIRED));
    let pending = match s.detail_str(PENDING) {
        "" | "0" => String::new(),
        n => format!("{n} pending"),
    };
    join(&[
        &s.name,
        &s.state,
        &running,
        &pending,
        s.detail_str(LAUNCH_TYPE),
        s.detail_str(TASK_DEFINITION),
        s.detail_str(ROLLOUT),
    ])
}

/// A load balancer's target groups (those that name it), each with its
/// targets' health, one line a target; `target groups (0)` when none.
fn lb_groups(r: &Resource, groups: &[std::sync::Arc<Resource>]) -> Vec<Relation> {
    let mut mine: Vec<&Resource> = groups
        .iter()
        .map(|g| g.as_ref())
        .filter(|g| {
            g.detail_str(target_group::LOAD_BALANCERS)
                .split(',')
                .any(|name| name == r.id)
        })
        .collect();
    if mine.is_empty() {
        return vec![Relation {
            title: "target groups".into(),
            items: Vec::new(),
        }];
    }
    mine.sort_by(|a, b| a.id.cmp(&b.id));
    mine.iter()
        .map(|g| Relation {
            title: format!(
                "target group {}",
                join(&[&g.id, g.detail_str(target_group::PROTOCOL_PORT), &g.state])
            ),
            items: g
                .detail_str(target_group::TARGETS)
                .lines()
                .map(str::to_string)
                .collect(),
        })
        .collect()
}

/// The load balancers a target group names, with their type, scheme and
/// state (a name not listed says so).
fn group_lbs(r: &Resource, lbs: &[std::sync::Arc<Resource>]) -> Vec<Relation> {
    let mut items: Vec<String> = r
        .detail_str(target_group::LOAD_BALANCERS)
        .split(',')
        .filter(|name| !name.is_empty())
        .map(|name| match lbs.iter().find(|l| l.id == name) {
            Some(l) => join(&[
                &l.id,
                l.detail_str(load_balancer::TYPE),
                l.detail_str(load_balancer::SCHEME),
                &l.state,
            ]),
            None => format!("{name}  (not listed)"),
        })
        .collect();
    items.sort();
    vec![Relation {
        title: "load balancers".into(),
        items,
    }]
}

/// An instance in a relation: id, name, type, state, zone, status checks.
fn instance_line(i: &Resource) -> String {
    join(&[
        &i.id,
        &i.name,
        i.detail_str(ec2_instance::TYPE),
        &i.state,
        i.detail_str(ec2_instance::AZ),
        i.detail_str(ec2_instance::STATUS_CHECKS),
    ])
}

/// The non-empty parts, two spaces apart.
fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("  ")
}

#[cfg(test)]
mod tests {
    #![allow(unused_must_use, reason = "the tests feed messages for the state they make")]

    use crossterm::event::KeyCode;

    use super::super::tests::{instance, key, t, typed};
    use super::*;
    use crate::app::{Msg, Tab};
    use crate::model::{AwsError, DetailKey, Outcome};

    /// A region's listing of one kind, in the first cycle.
    fn listed(region: &str, kind: ResourceKind, outcome: Outcome) -> Msg {
        super::super::tests::listed(region, kind, outcome, t(1))
    }

    /// Opens the selected row's detail: the row opened and the relations shown.
    fn open(a: &mut App) -> (Option<&str>, &[Relation]) {
        a.update(key(KeyCode::Enter));
        (a.selected().map(|r| r.id.as_str()), a.relations())
    }

    /// A fresh app in its first cycle.
    fn app() -> App {
        let mut a = super::super::tests::app();
        super::super::tests::started(&mut a);
        a
    }

    fn alarm(region: &str, name: &str, state: &str, team: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::CloudwatchAlarm, region, name);
        r.name = name.into();
        r.state = state.into();
        r.tags.insert("Team", team);
        r
    }

    fn impaired(region: &str, id: &str, status: &str) -> Resource {
        let mut r = instance(region, id, id, "prod");
        r.set(ec2_instance::STATUS_CHECKS, status);
        r
    }

    fn with(kind: ResourceKind, region: &str, id: &str, details: &[(DetailKey, &str)]) -> Resource {
        let mut r = Resource::new(kind, region, id);
        r.name = format!("{id}-name").into();
        r.state = "available".into();
        for (k, v) in details {
            r.set(*k, v);
        }
        r
    }

    fn go(a: &mut App, name: &str) {
        a.update(key(KeyCode::Char(':')));
        typed(a, name);
        a.update(key(KeyCode::Enter));
    }

    #[test]
    fn the_alarms_view_sorts_alarm_first() {
        let mut a = app();
        for (region, states) in [
            ("us-east-1", ["OK", "INSUFFICIENT_DATA", "ALARM"]),
            ("eu-west-1", ["INSUFFICIENT_DATA", "ALARM", "OK"]),
        ] {
            let alarms = states
                .iter()
                .enumerate()
                .map(|(i, s)| alarm(region, &format!("a{i}-{region}"), s, "web"))
                .collect();
            a.update(listed(region, ResourceKind::CloudwatchAlarm, Outcome::Fresh(alarms)));
        }
        go(&mut a, "alarms");
        assert_eq!(a.view.tab, Tab::Kind(ResourceKind::CloudwatchAlarm));
        let states: Vec<&str> = a.rows().map(|r| r.state.as_str()).collect();
        assert_eq!(
            states,
            ["ALARM", "ALARM", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "OK", "OK"],
            "by state, ALARM first, by default"
        );
        assert_eq!(
            a.columns()[a.sort_state().0].title,
            "STATE",
            "REGION shows, yet STATE sorts"
        );
        // Other views still sort by their first column.
        a.update(key(KeyCode::Char('2')));
        assert_eq!(a.sort_state(), (0, false));
        for name in [
            "cloudwatch-alarm",
            "alarm",
            "cw",
            "vpc",
            "vpcs",
            "subnet",
            "subnets",
            "sn",
        ] {
            assert!(Tab::resolve(name).is_some(), "{name}");
        }
    }

    #[test]
    fn alarms_in_alarm_and_impaired_instances_count_per_region() {
        let mut a = app();
        a.update(listed(
            "us-east-1",
            ResourceKind::CloudwatchAlarm,
            Outcome::Fresh(vec![
                alarm("us-east-1", "cpu", "ALARM", "web"),
                alarm("us-east-1", "disk", "ALARM", "data"),
                alarm("us-east-1", "mem", "OK", "web"),
                alarm("us-east-1", "lag", "INSUFFICIENT_DATA", "web"),
            ]),
        ));
        a.update(listed(
            "us-east-1",
            ResourceKind::Ec2Instance,
            Outcome::Fresh(vec![
                impaired("us-east-1", "i-1", "impaired"),
                impaired("us-east-1", "i-2", "ok"),
                impaired("us-east-1", "i-3", "initializing"),
                instance("us-east-1", "i-4", "no-checks", "prod"),
            ]),
        ));
        let both = Signals {
            alarms: 2,
            impaired: 1,
            ..Signals::default()
        };
        assert_eq!(a.region_signals("us-east-1"), both);
        assert_eq!(a.region_signals("us-east-1").suffix(), " · 2 alarm · 1 impaired");
        assert_eq!(a.region_signals("eu-west-1"), Signals::default());
        assert_eq!(Signals::default().suffix(), "");

        // A failed refresh keeps the last good counts (the cell shows its error).
        a.update(listed(
            "us-east-1",
            ResourceKind::CloudwatchAlarm,
            Outcome::Failed(AwsError::new("Throttling", "slow down")),
        ));
        assert_eq!(a.region_signals("us-east-1"), both);

        // The Grid counts what passes the filters; the header all of it.
        typed(&mut a, ":grid");
        a.update(key(KeyCode::Enter));
        assert_eq!(a.overview_signals("us-east-1"), both);
        a.update(key(KeyCode::Char('t')));
        typed(&mut a, "Team=data");
        a.update(key(KeyCode::Enter));
        assert_eq!(
            a.overview_signals("us-east-1"),
            Signals {
                alarms: 1,
                ..Signals::default()
            }
        );
        assert_eq!(a.region_signals("us-east-1"), both, "the header is unfiltered");

        // A new listing replaces the count.
        a.update(listed(
            "us-east-1",
            ResourceKind::CloudwatchAlarm,
            Outcome::Fresh(vec![alarm("us-east-1", "cpu", "OK", "web")]),
        ));
        assert_eq!(
            a.region_signals("us-east-1"),
            Signals {
                impaired: 1,
                ..Signals::default()
            }
        );
    }

    #[test]
    fn the_detail_view_lists_a_vpcs_subnets_and_a_subnets_vpc() {
        let mut a = app();
        let r = "us-east-1";
        a.update(listed(
            r,
            ResourceKind::Vpc,
            Outcome::Fresh(vec![
                with(ResourceKind::Vpc, r, "vpc-1", &[(vpc::CIDR_BLOCKS, "10.0.0.0/16")]),
                with(ResourceKind::Vpc, r, "vpc-2", &[(vpc::CIDR_BLOCKS, "10.9.0.0/16")]),
            ]),
        ));
        let sn = |id: &str, vpc_id: &str, cidr: &str, public: &str| {
            with(
                ResourceKind::Subnet,
                r,
                id,
                &[
                    (subnet::VPC, vpc_id),
                    (subnet::AZ, "us-east-1a"),
                    (subnet::CIDR, cidr),
                    (subnet::FREE_IPS, "250"),
                    (subnet::PUBLIC_IP_ON_LAUNCH, public),
                ],
            )
        };
        a.update(listed(
            r,
            ResourceKind::Subnet,
            Outcome::Fresh(vec![
                sn("subnet-b", "vpc-1", "10.0.2.0/24", "false"),
                sn("subnet-a", "vpc-1", "10.0.1.0/24", "true"),
                sn("subnet-c", "vpc-2", "10.9.1.0/24", "false"),
            ]),
        ));
        go(&mut a, "vpc");
        assert!(a.relations().is_empty(), "gathered only while the detail is open");
        let subnets = Relation {
            title: "subnets".into(),
            items: vec![
                "subnet-a  subnet-a-name  us-east-1a  10.0.1.0/24  250 free  public IP".into(),
                "subnet-b  subnet-b-name  us-east-1a  10.0.2.0/24  250 free  no public IP".into(),
            ],
        };
        assert_eq!(open(&mut a), (Some("vpc-1"), &[subnets][..]));
        a.update(key(KeyCode::Esc));
        assert!(a.relations().is_empty());
        go(&mut a, "sn");
        a.update(key(KeyCode::Char('G')));
        let vpc = Relation {
            title: "vpc".into(),
            items: vec!["vpc-2  vpc-2-name  10.9.0.0/16".into()],
        };
        assert_eq!(open(&mut a), (Some("subnet-c"), &[vpc][..]));
    }
    fn ecs_service(cluster: &str, name: &str, (desired, running, pending): (&str, &str, &str), team: &str) -> Resource {
        use ecs_service::{CLUSTER, DESIRED, LAUNCH_TYPE, PENDING, ROLLOUT, RUNNING, TASK_DEFINITION};
        let mut r = with(
            ResourceKind::EcsService,
            "us-east-1",
            &format!("{cluster}/{name}"),
            &[
                (CLUSTER, cluster),
                (DESIRED, desired),
                (RUNNING, running),
                (PENDING, pending),
                (LAUNCH_TYPE, "FARGATE"),
                (TASK_DEFINITION, &format!("{name}:7")),
                (ROLLOUT, "COMPLETED"),
            ],
        );
        r.name = name.into();
        r.state = "ACTIVE".into();
        r.tags.insert("Team", team);
        r
    }

    /// A target group listed with its targets' health.
    fn group(region: &str, id: &str, lbs: &str, targets: &[&str]) -> Resource {
        let ((healthy, failing, other), word) =
            target_group::health(targets.iter().map(|l| target_group::state_and_reason(l)));
        let mut r = with(
            ResourceKind::TargetGroup,
            region,
            id,
            &[
                (target_group::PROTOCOL_PORT, "HTTP:80"),
                (target_group::LOAD_BALANCERS, lbs),
                (target_group::HEALTHY, &healthy.to_string()),
                (target_group::UNHEALTHY, &failing.to_string()),
                (target_group::OTHER, &other.to_string()),
                (target_group::TARGETS, &targets.join("\n")),
            ],
        );
        r.state = word.into();
        r
    }

    #[test]
    fn services_short_of_desired_count_per_region() {
        let mut a = app();
        a.update(listed(
            "us-east-1",
            ResourceKind::EcsService,
            Outcome::Fresh(vec![
                ecs_service("web", "api", ("4", "3", "1"), "web"),
                ecs_service("web", "worker", ("2", "0", "2"), "data"),
                ecs_service("web", "cron", ("1", "1", "0"), "web"),
                ecs_service("web", "idle", ("0", "0", "0"), "web"),
            ]),
        ));
        let two = Signals {
            short_services: 2,
            ..Signals::default()
        };
        assert_eq!(a.region_signals("us-east-1"), two);
        assert_eq!(a.region_signals("us-east-1").suffix(), " · 2 svc short");
        assert_eq!(a.region_signals("eu-west-1"), Signals::default());
        typed(&mut a, ":grid");
        a.update(key(KeyCode::Enter));
        assert_eq!(a.overview_signals("us-east-1"), two);
        a.update(key(KeyCode::Char('t')));
        typed(&mut a, "Team=data");
        a.update(key(KeyCode::Enter));
        assert_eq!(
            a.overview_signals("us-east-1"),
            Signals {
                short_services: 1,
                ..Signals::default()
            }
        );
        assert_eq!(a.region_signals("us-east-1"), two, "the header is unfiltered");
        let mut all = two;
        all.add(Signals {
            alarms: 1,
            impaired: 3,
            short_services: 1,
            ..Signals::default()
        });
        assert_eq!(all.suffix(), " · 1 alarm · 3 impaired · 3 svc short");
        assert_eq!(all.compact(), " · 7 issues");
        assert_eq!(two.compact(), " · 2 issues");
        assert_eq!(Signals::default().compact(), "");
    }

    #[test]
    fn the_detail_view_lists_an_ecs_clusters_services() {
        let mut a = app();
        let r = "us-east-1";
        let cluster = |name: &str| {
            let mut c = with(ResourceKind::EcsCluster, r, name, &[]);
            c.name = name.into();
            c.state = "ACTIVE".into();
            c
        };
        a.update(listed(
            r,
            ResourceKind::EcsCluster,
            Outcome::Fresh(vec![cluster("web"), cluster("batch")]),
        ));
        a.update(listed(
            r,
            ResourceKind::EcsService,
            Outcome::Fresh(vec![
                ecs_service("web", "worker", ("2", "0", "2"), "data"),
                ecs_service("batch", "nightly", ("1", "1", "0"), "data"),
                ecs_service("web", "api", ("4", "4", "0"), "web"),
            ]),
        ));
        go(&mut a, "ecs");
        assert_eq!(a.view.tab, Tab::Kind(ResourceKind::EcsCluster));
        let batch = Relation {
            title: "services".into(),
            items: vec!["nightly  ACTIVE  1/1 running  FARGATE  nightly:7  COMPLETED".into()],
        };
        assert_eq!(open(&mut a), (Some("batch"), &[batch][..]));
        a.update(key(KeyCode::Esc));
        a.update(key(KeyCode::Char('j')));
        let web = Relation {
            title: "services".into(),
            items: vec![
                "api  ACTIVE  4/4 running  FARGATE  api:7  COMPLETED".into(),
                "worker  ACTIVE  0/2 running  2 pending  FARGATE  worker:7  COMPLETED".into(),
            ],
        };
        assert_eq!(open(&mut a), (Some("web"), &[web][..]));
        a.update(key(KeyCode::Esc));
        for name in ["ecs", "ecs-cluster", "svc", "ecs-service", "services"] {
            assert!(Tab::resolve(name).is_some(), "{name}");
        }
        go(&mut a, "svc");
        assert_eq!(a.view.tab, Tab::Kind(ResourceKind::EcsService));
        assert_eq!(a.rows().len(), 3);
    }

    #[test]
    fn targets_not_serving_count_in_the_health_signals() {
        let mut a = app();
        a.update(listed(
            "us-east-1",
            ResourceKind::TargetGroup,
            Outcome::Fresh(vec![
                group(
                    "us-east-1",
                    "web-tg",
                    "web",
                    &["i-1:80 healthy", "i-2:80 unused (Target.InvalidState)"],
                ),
                group(
                    "us-east-1",
                    "api-tg",
                    "web",
                    &["i-3:80 unhealthy (x)", "i-4:80 unavailable (y)"],
                ),
                group("us-east-1", "quiet-tg", "", &["i-5:80 draining (z)"]),
            ]),
        ));
        let three = Signals {
            unhealthy_targets: 3,
            ..Signals::default()
        };
        assert_eq!(a.region_signals("us-east-1"), three);
        assert_eq!(a.region_signals("us-east-1").suffix(), " · 3 unhealthy");
        let all = Signals {
            alarms: 1,
            impaired: 2,
            unhealthy_targets: 3,
            ..Signals::default()
        };
        assert_eq!(all.suffix(), " · 1 alarm · 2 impaired · 3 unhealthy");
        typed(&mut a, ":grid");
        a.update(key(KeyCode::Enter));
        assert_eq!(a.overview_signals("us-east-1"), three, "the Overview counts them too");
        // All serving again: the signal goes.
        a.update(listed(
            "us-east-1",
            ResourceKind::TargetGroup,
            Outcome::Fresh(vec![group("us-east-1", "web-tg", "web", &["i-1:80 healthy"])]),
        ));
        assert_eq!(a.region_signals("us-east-1"), Signals::default());
    }

    fn asg(region: &str, id: &str, desired: &str, in_service: &str, instances: &str) -> Resource {
        use autoscaling_group::{DESIRED, IN_SERVICE, INSTANCES};
        with(
            ResourceKind::AutoscalingGroup,
            region,
            id,
            &[(DESIRED, desired), (IN_SERVICE, in_service), (INSTANCES, instances)],
        )
    }

    #[test]
    fn groups_short_of_capacity_count_in_the_health_cell() {
        let mut a = app();
        a.update(listed(
            "us-east-1",
            ResourceKind::AutoscalingGroup,
            Outcome::Fresh(vec![
                asg("us-east-1", "web", "3", "1", ""),
                asg("us-east-1", "batch", "2", "2", ""),
                asg("us-east-1", "idle", "0", "0", ""),
            ]),
        ));
        let short = Signals {
            short: 1,
            ..Signals::default()
        };
        assert_eq!(a.region_signals("us-east-1"), short);
        assert_eq!(short.suffix(), " · 1 short");
        let all = Signals {
            alarms: 1,
            impaired: 2,
            short: 3,
            ..Signals::default()
        };
        assert_eq!(all.suffix(), " · 1 alarm · 2 impaired · 3 short");
        typed(&mut a, ":grid");
        a.update(key(KeyCode::Enter));
        assert_eq!(a.overview_signals("us-east-1"), short, "the Overview counts it too");
        // Back in capacity: the count goes.
        a.update(listed(
            "us-east-1",
            ResourceKind::AutoscalingGroup,
            Outcome::Fresh(vec![asg("us-east-1", "web", "3", "3", "")]),
        ));
        assert_eq!(a.region_signals("us-east-1"), Signals::default());
    }

    #[test]
    fn the_detail_view_lists_a_load_balancers_groups_with_their_targets_and_a_groups_load_balancers() {
        let mut a = app();
        let r = "us-east-1";
        let lb = |id: &str, kind: &str| {
            with(
                ResourceKind::LoadBalancer,
                r,
                id,
                &[(load_balancer::TYPE, kind), (load_balancer::SCHEME, "internet-facing")],
            )
        };
        a.update(listed(
            r,
            ResourceKind::LoadBalancer,
            Outcome::Fresh(vec![lb("idle", "network"), lb("web", "application")]),
        ));
        a.update(listed(
            r,
            ResourceKind::TargetGroup,
            Outcome::Fresh(vec![
                group(
                    r,
                    "web-tg",
                    "web",
                    &["i-1:80 healthy", "i-2:80 unused (Target.InvalidState)"],
                ),
                group(r, "api-tg", "web,gone", &["i-3:80 healthy"]),
                group(r, "other-tg", "elsewhere", &[]),
            ]),
        ));
        go(&mut a, "lb");
        assert_eq!(
            open(&mut a),
            (
                Some("idle"),
                &[Relation {
                    title: "target groups".into(),
                    items: vec![],
                }][..]
            ),
            "a load balancer no group names"
        );
        a.update(key(KeyCode::Esc));
        a.update(key(KeyCode::Char('j')));
        let groups = [
            Relation {
                title: "target group api-tg  HTTP:80  serving".into(),
                items: vec!["i-3:80 healthy".into()],
            },
            Relation {
                title: "target group web-tg  HTTP:80  degraded".into(),
                items: vec!["i-1:80 healthy".into(), "i-2:80 unused (Target.InvalidState)".into()],
            },
        ];
        assert_eq!(open(&mut a), (Some("web"), &groups[..]));
        a.update(key(KeyCode::Esc));
        go(&mut a, "tg");
        a.update(key(KeyCode::Char('g')));
        let lbs = Relation {
            title: "load balancers".into(),
            items: vec![
                "gone  (not listed)".into(),
                "web  application  internet-facing  available".into(),
            ],
        };
        assert_eq!(open(&mut a), (Some("api-tg"), &[lbs][..]));
    }

    #[test]
    fn the_detail_view_lists_a_groups_instances_and_a_key_pairs_instances() {
        use crate::kinds::key_pair;
        let mut a = app();
        let r = "us-east-1";
        let vm = |id: &str, key: &str, state: &str| {
            let mut i = instance(r, id, &format!("{id}-name"), "prod");
            i.state = state.into();
            i.set(ec2_instance::TYPE, "t3.micro");
            i.set(ec2_instance::AZ, "us-east-1a");
            i.set(ec2_instance::KEY_NAME, key);
            i
        };
        a.update(listed(
            r,
            ResourceKind::Ec2Instance,
            Outcome::Fresh(vec![
                vm("i-2", "deploy", "running"),
                vm("i-1", "deploy", "running"),
                vm("i-3", "", "running"),
                vm("i-4", "deploy", "terminated"),
            ]),
        ));
        a.update(listed(
            r,
            ResourceKind::AutoscalingGroup,
            Outcome::Fresh(vec![asg(r, "web", "3", "2", "i-2,i-3,i-9")]),
        ));
        go(&mut a, "asg");
        let instances = Relation {
            title: "instances".into(),
            items: vec![
                "i-2  i-2-name  t3.micro  running  us-east-1a".into(),
                "i-3  i-3-name  t3.micro  running  us-east-1a".into(),
                "i-9  (not listed)".into(),
            ],
        };
        assert_eq!(open(&mut a), (Some("web"), &[instances][..]));
        a.update(key(KeyCode::Esc));
        let keys = vec![
            with(ResourceKind::KeyPair, r, "deploy", &[(key_pair::INSTANCES, "2")]),
            with(ResourceKind::KeyPair, r, "spare", &[(key_pair::INSTANCES, "0")]),
        ];
        a.update(listed(r, ResourceKind::KeyPair, Outcome::Fresh(keys)));
        go(&mut a, "kp");
        let used = Relation {
            title: "instances".into(),
            items: vec![
                "i-1  i-1-name  t3.micro  running  us-east-1a".into(),
                "i-2  i-2-name  t3.micro  running  us-east-1a".into(),
            ],
        };
        assert_eq!(
            open(&mut a),
            (Some("deploy"), &[used][..]),
            "a terminated instance is gone"
        );
        a.update(key(KeyCode::Esc));
        a.update(key(KeyCode::Char('G')));
        let unused = Relation {
            title: "instances".into(),
            items: vec![],
        };
        assert_eq!(open(&mut a), (Some("spare"), &[unused][..]));
    }
}
