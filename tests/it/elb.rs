//! Load balancers and target groups against moto through the real SDK:
//! both kinds in every seeded region with their fields, tags and targets'
//! health; the calls one region makes (one DescribeTargetHealth per
//! group); DescribeTags where GetResources is denied; their findings; and
//! the real binary in tmux, from `:lb` to a load balancer's targets.

use std::time::Duration;

use aws_monitor::findings::{Settings, Severity, evaluate};
use aws_monitor::model::ResourceKind;

use crate::inventory::{calls_of, cycle, find, items, regions};
use crate::support::estate;
use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::REGIONS;
use crate::tui::{Tmux, tui_script, view_title, wait_exit};

#[tokio::test(flavor = "multi_thread")]
async fn load_balancers_and_target_groups_in_every_region_with_fields_tags_and_health() {
    let estate = estate();
    let (fetches, _) = cycle(&estate.moto.url, regions(), Duration::from_secs(30)).await;
    let all = items(&fetches);
    for region in REGIONS {
        let instance = |name: &str, state: &str| {
            all.iter()
                .filter(|r| r.kind == ResourceKind::Ec2Instance && r.region == region)
                .filter(|r| r.name == name && r.state == state)
                .map(|r| r.id.to_string())
                .min()
                .unwrap_or_else(|| panic!("a {state} {name} in {region}"))
        };
        let alb = find(&all, ResourceKind::LoadBalancer, region, "web-alb");
        assert_eq!((alb.id.as_str(), alb.state.as_str()), ("web-alb", "active"));
        let detail = |r: &aws_monitor::model::Resource, k: &str| r.detail_str(k).to_string();
        assert_eq!(
            ["type", "scheme", "target_groups", "targets"].map(|k| detail(alb, k)),
            ["application", "internet-facing", "1", "2"]
        );
        assert!(alb.detail_str("dns_name").contains(".elb."), "{alb:?}");
        assert!(alb.detail_str("vpc").starts_with("vpc-"), "{alb:?}");
        assert_eq!(
            alb.detail_str("zones"),
            format!("{region}a,{region}b"),
            "two zones, sorted"
        );
        assert!(alb.detail_str("created").ends_with('Z'), "{alb:?}");
        assert!(alb.detail_str("arn").contains(":loadbalancer/app/web-alb/"), "{alb:?}");
        assert_eq!(alb.tags.get("Team"), Some("web"));
        assert_eq!(alb.tags.get("Environment"), Some("production"));

        let nlb = find(&all, ResourceKind::LoadBalancer, region, "spare-nlb");
        assert_eq!(
            ["type", "scheme", "target_groups", "targets"].map(|k| detail(nlb, k)),
            ["network", "internal", "0", "0"]
        );
        assert_eq!(nlb.tags.get("Team"), Some("platform"));

        let tg = find(&all, ResourceKind::TargetGroup, region, "web-tg");
        assert_eq!(tg.state, "degraded", "one target serving, one not");
        assert_eq!(
            [
                "protocol_port",
                "target_type",
                "load_balancers",
                "healthy",
                "unhealthy",
                "other"
            ]
            .map(|k| detail(tg, k)),
            ["HTTP:80", "instance", "web-alb", "1", "1", "0"]
        );
        assert_eq!(tg.detail_str("vpc"), alb.detail_str("vpc"));
        let mut want = vec![
            format!("{}:80 healthy", instance("web", "running")),
            format!("{}:80 unused (Target.InvalidState)", instance("worker", "stopped")),
        ];
        want.sort();
        assert_eq!(
            tg.detail_str("targets"),
            want.join("\n"),
            "each target's id, port, state and reason"
        );
        assert_eq!(tg.tags.get("Team"), Some("web"));

        // One listing of each, one GetResources for both, and one
        // DescribeTargetHealth per group: the only call per resource.
        let lb_calls = calls_of(&fetches, region, ResourceKind::LoadBalancer);
        assert_eq!(lb_calls.get("elbv2:DescribeLoadBalancers"), Some(&1), "{lb_calls:?}");
        assert_eq!(lb_calls.get("tag:GetResources"), Some(&1), "{lb_calls:?}");
        let tg_calls = calls_of(&fetches, region, ResourceKind::TargetGroup);
        assert_eq!(tg_calls.get("elbv2:DescribeTargetGroups"), Some(&1), "{tg_calls:?}");
        assert_eq!(tg_calls.get("elbv2:DescribeTargetHealth"), Some(&1), "{tg_calls:?}");
        assert_eq!(tg_calls.get("elbv2:DescribeTags"), None, "no fallback: {tg_calls:?}");
    }

    // The findings: the group with a stopped target, and the idle NLB at its
    // hourly price; the ALB routing to targets is clean.
    let settings = Settings::default();
    let found = evaluate(all.iter().copied(), &|_, _| None, &settings, chrono::Utc::now());
    let of = |rule: &str| -> Vec<_> { found.iter().filter(|f| f.rule == rule).collect() };
    let unhealthy = of("target-unhealthy");
    assert_eq!(unhealthy.len(), REGIONS.len(), "{unhealthy:?}");
    for f in &unhealthy {
        assert_eq!((f.id.as_str(), f.severity), ("web-tg", Severity::Warning), "{f:?}");
        assert!(f.reason.starts_with("1 target(s) not serving (i-"), "{}", f.reason);
        assert!(f.reason.ends_with("1 healthy"), "{}", f.reason);
    }
    let idle = of("lb-idle");
    assert_eq!(idle.len(), REGIONS.len(), "{idle:?}");
    for f in &idle {
        assert_eq!((f.id.as_str(), f.severity), ("spare-nlb", Severity::Info), "{f:?}");
        assert_eq!(f.monthly.map(|m| m.two_dp()).as_deref(), Some("16.43"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_get_resources_takes_elb_tags_from_describe_tags_twenty_at_a_time() {
    let estate = estate();
    let denied = |region: &'static str| Rule {
        region,
        service: "tagging",
        contains: None,
        fault: Fault::JsonError {
            status: 400,
            code: "AccessDeniedException",
            message: "not authorized to perform: tag:GetResources",
        },
    };
    let proxy = FaultProxy::start(estate.moto.port, REGIONS.iter().map(|r| denied(r)).collect());
    let (fetches, _) = cycle(&proxy.url, regions(), Duration::from_secs(30)).await;
    let all = items(&fetches);
    for region in REGIONS {
        // Two load balancers in one call, one group in another.
        let lb_calls = calls_of(&fetches, region, ResourceKind::LoadBalancer);
        assert_eq!(lb_calls.get("elbv2:DescribeTags"), Some(&1), "{region}: {lb_calls:?}");
        let tg_calls = calls_of(&fetches, region, ResourceKind::TargetGroup);
        assert_eq!(tg_calls.get("elbv2:DescribeTags"), Some(&1), "{region}: {tg_calls:?}");
        assert_eq!(
            find(&all, ResourceKind::LoadBalancer, region, "spare-nlb")
                .tags
                .get("Team"),
            Some("platform")
        );
        assert_eq!(
            find(&all, ResourceKind::TargetGroup, region, "web-tg")
                .tags
                .get("Environment"),
            Some("production")
        );
    }
}

#[test]
fn enter_on_a_load_balancer_shows_its_targets_health() {
    let _ = estate();
    let (script, exit_file) = tui_script("elb", "");
    let tmux = Tmux::start(&format!("aws-monitor-elb-{}", std::process::id()), &script);
    tmux.wait_for("the EC2 tab", |s| s.contains(&view_title("EC2", "ec2-instance")));
    tmux.keys(&[":"]);
    tmux.wait_for("the view prompt", |s| s.contains("View (a kind or its alias"));
    tmux.type_text("lb");
    tmux.keys(&["Enter"]);
    // Every region's load balancers in, each with its target-group count.
    let screen = tmux.wait_for("the load balancers", |s| {
        s.contains(&view_title("LB", "load-balancer")) && s.matches("web-alb").count() == REGIONS.len()
    });
    let rows: Vec<&str> = screen.lines().skip_while(|l| !l.contains("NAME")).skip(1).collect();
    tmux.down_to(&rows, "web-alb");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the load balancer's targets with their health", |s| {
        s.contains("kind      load-balancer") && s.contains("target group web-tg  HTTP:80  degraded (2)")
    });
    assert!(screen.contains(":80 healthy"), "{screen}");
    assert!(screen.contains(":80 unused (Target.InvalidState)"), "{screen}");
    tmux.key_until("Escape", "the detail closed", |s| {
        !s.contains("kind      load-balancer")
    });
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
}

/// `groups` target groups (each tagged, none with a target) and `lbs`
/// load balancers in us-east-1 of a moto of its own.
async fn many(url: &str, groups: usize, lbs: usize) -> anyhow::Result<()> {
    use aws_sdk_ec2::types::Filter;
    use aws_sdk_elasticloadbalancingv2::types::{ProtocolEnum, Tag};
    let cfg = crate::support::seed::config(url, "us-east-1");
    let ec2 = aws_sdk_ec2::Client::new(&cfg);
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&cfg);
    let subnets: Vec<String> = ec2
        .describe_subnets()
        .filters(Filter::builder().name("default-for-az").values("true").build())
        .send()
        .await?
        .subnets()
        .iter()
        .filter_map(|s| s.subnet_id().map(str::to_string))
        .take(2)
        .collect();
    let vpc = ec2
        .describe_vpcs()
        .send()
        .await?
        .vpcs()
        .first()
        .and_then(|v| v.vpc_id())
        .unwrap_or_default()
        .to_string();
    for i in 0..groups {
        elb.create_target_group()
            .name(format!("tg-{i:02}"))
            .protocol(ProtocolEnum::Http)
            .port(8000 + i as i32)
            .vpc_id(&vpc)
            .tags(Tag::builder().key("Team").value(format!("t{i}")).build())
            .send()
            .await?;
    }
    for i in 0..lbs {
        elb.create_load_balancer()
            .name(format!("lb-{i}"))
            .set_subnets(Some(subnets.clone()))
            .tags(Tag::builder().key("Team").value(format!("l{i}")).build())
            .send()
            .await?;
    }
    Ok(())
}

/// One DescribeTargetHealth per group and nothing more per resource, four
/// at a time; load balancers paged; where GetResources is denied,
/// DescribeTags takes the groups 20 at a time.
#[tokio::test(flavor = "multi_thread")]
async fn one_health_call_per_group_four_at_a_time_paged_load_balancers_and_tags_twenty_a_call() {
    let _ = estate(); // the test profile, in the environment
    let moto = crate::support::moto::Moto::start();
    many(&moto.url, 25, 3).await.expect("seed");
    let us = vec!["us-east-1".to_string()];
    let (fetches, _) = crate::inventory::cycle_paged(&moto.url, us.clone(), Duration::from_secs(30), Some(2)).await;
    let all = items(&fetches);
    let groups: Vec<_> = all.iter().filter(|r| r.kind == ResourceKind::TargetGroup).collect();
    assert_eq!(groups.len(), 25);
    assert!(
        groups
            .iter()
            .all(|g| g.state == "empty" && g.detail_str("healthy") == "0")
    );
    assert_eq!(
        find(&all, ResourceKind::TargetGroup, "us-east-1", "tg-07")
            .tags
            .get("Team"),
        Some("t7")
    );
    let lbs: Vec<_> = all.iter().filter(|r| r.kind == ResourceKind::LoadBalancer).collect();
    assert_eq!(lbs.len(), 3);
    assert!(lbs.iter().all(|l| l.detail_str("target_groups") == "0"), "{lbs:?}");
    let tg_calls = calls_of(&fetches, "us-east-1", ResourceKind::TargetGroup);
    assert_eq!(tg_calls.get("elbv2:DescribeTargetHealth"), Some(&25), "{tg_calls:?}");
    let lb_calls = calls_of(&fetches, "us-east-1", ResourceKind::LoadBalancer);
    assert_eq!(
        lb_calls.get("elbv2:DescribeLoadBalancers"),
        Some(&2),
        "3 at 2 a page: {lb_calls:?}"
    );

    let denied = Rule {
        region: "us-east-1",
        service: "tagging",
        contains: None,
        fault: Fault::JsonError {
            status: 400,
            code: "AccessDeniedException",
            message: "not authorized to perform: tag:GetResources",
        },
    };
    let proxy = FaultProxy::start(moto.port, vec![denied]);
    let (fetches, _) = cycle(&proxy.url, us, Duration::from_secs(30)).await;
    let tg_calls = calls_of(&fetches, "us-east-1", ResourceKind::TargetGroup);
    assert_eq!(
        tg_calls.get("elbv2:DescribeTags"),
        Some(&2),
        "25 groups, 20 a call: {tg_calls:?}"
    );
    let all = items(&fetches);
    assert_eq!(
        find(&all, ResourceKind::TargetGroup, "us-east-1", "tg-24")
            .tags
            .get("Team"),
        Some("t24")
    );
    assert_eq!(
        find(&all, ResourceKind::LoadBalancer, "us-east-1", "lb-2")
            .tags
            .get("Team"),
        Some("l2")
    );

    // Bounded: with every DescribeTargetHealth left unanswered, four are
    // asked (HEALTH_AT_ONCE), and the group listing fails with the timeout.
    let hang = Rule {
        region: "us-east-1",
        service: "elasticloadbalancing",
        contains: Some("Action=DescribeTargetHealth"),
        fault: Fault::Hang,
    };
    let proxy = FaultProxy::start(moto.port, vec![hang]);
    let (fetches, _) = cycle(&proxy.url, vec!["us-east-1".to_string()], Duration::from_secs(3)).await;
    let asked = proxy.seen("us-east-1", "elasticloadbalancing", "Action=DescribeTargetHealth");
    assert_eq!(asked.len(), 4, "{asked:?}");
    let outcome = |kind| &fetches.iter().find(|f| f.kind == kind).expect("a cell").outcome;
    assert!(
        matches!(outcome(ResourceKind::TargetGroup), aws_monitor::model::Outcome::Failed(e) if e.code == "Timeout"),
        "{:?}",
        outcome(ResourceKind::TargetGroup)
    );
    assert!(
        matches!(outcome(ResourceKind::LoadBalancer), aws_monitor::model::Outcome::Fresh(l) if l.len() == 3),
        "the load balancers do not wait for their groups' health"
    );
}
