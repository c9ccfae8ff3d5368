//! ECS clusters and services against moto through the real SDK: both kinds
//! in every seeded region with their fields and tags, DescribeClusters and
//! DescribeServices in their largest batches (more than one batch of each),
//! the listings read past one page (through the paging proxy: moto answers
//! in one), the degraded-service finding, and Enter on a cluster listing
//! its services in the real binary.

use std::collections::BTreeSet;
use std::time::Duration;

use aws_monitor::model::{Fetch, Outcome, Resource, ResourceKind};

use crate::support::moto::Moto;
use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::{ECS_SERVICES, REGIONS, config};
use crate::support::{estate, once, run};

fn fresh<'a>(fetches: &'a [Fetch], region: &str, kind: ResourceKind) -> &'a [Resource] {
    let f = fetches
        .iter()
        .find(|f| f.region == region && f.kind == kind)
        .unwrap_or_else(|| panic!("{region} {kind}: no outcome"));
    match &f.outcome {
        Outcome::Fresh(items) => items,
        other => panic!("{region} {kind}: {other:?}"),
    }
}

fn calls(fetches: &[Fetch], region: &str, kind: ResourceKind, api: &str) -> u32 {
    crate::inventory::calls_of(fetches, region, kind)
        .get(api)
        .copied()
        .unwrap_or(0)
}

fn named<'a>(items: &'a [Resource], name: &str) -> &'a Resource {
    items
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} in {items:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn clusters_and_services_in_every_seeded_region_with_fields_and_tags() {
    let estate = estate();
    let regions = REGIONS.iter().map(|r| r.to_string()).collect();
    let (fetches, stats) = crate::inventory::cycle(&estate.moto.url, regions, Duration::from_secs(30)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");
    for region in REGIONS {
        let clusters = fresh(&fetches, region, ResourceKind::EcsCluster);
        let services = fresh(&fetches, region, ResourceKind::EcsService);
        assert_eq!(clusters.len(), estate.summary.count(region, "ecs-cluster"), "{region}");
        assert_eq!(services.len(), estate.summary.count(region, "ecs-service"), "{region}");

        let apps = named(clusters, "apps");
        assert_eq!((apps.id.as_str(), apps.state.as_str()), ("apps", "ACTIVE"));
        assert_eq!(apps.detail_str("capacity_providers"), "FARGATE,FARGATE_SPOT");
        assert_eq!(apps.detail_str("running_tasks"), "0", "moto runs no task");
        assert_eq!(
            apps.detail_str("pending_tasks"),
            "2",
            "moto counts a new service's desired tasks as pending"
        );
        assert_eq!(apps.detail_str("container_instances"), "0");
        // moto never counts a cluster's services (AWS does): only its presence is ours.
        assert!(apps.detail_str("active_services").parse::<u32>().is_ok(), "{apps:?}");
        assert_eq!(apps.tags.get("Team"), Some("web"));
        assert_eq!(apps.tags.get("Environment"), Some("production"));
        let batch = named(clusters, "batch");
        assert_eq!(batch.detail_str("capacity_providers"), "");
        assert_eq!(batch.tags.get("Team"), Some("data"));

        let web = named(services, "web");
        assert_eq!((web.id.as_str(), web.state.as_str()), ("apps/web", "ACTIVE"));
        let details = [
            ("cluster", "apps"),
            ("desired", "2"),
            ("running", "0"),
            ("pending", "2"),
            ("launch_type", "FARGATE"),
            ("task_definition", "web:2"),
            ("rollout", "IN_PROGRESS"),
        ];
        for (key, want) in details {
            assert_eq!(web.detail_str(key), want, "{region} web {key}");
        }
        assert_eq!(
            web.detail_str("task_definition_arn"),
            format!("arn:aws:ecs:{region}:123456789012:task-definition/web:2")
        );
        assert_eq!(web.tags.get("Team"), Some("web"));
        let worker = named(services, "worker");
        assert_eq!(worker.id, "apps/worker");
        assert_eq!(
            (
                worker.detail_str("desired"),
                worker.detail_str("launch_type"),
                worker.detail_str("task_definition"),
                worker.detail_str("rollout"),
            ),
            ("0", "EC2", "worker:1", "COMPLETED")
        );
        assert_eq!(worker.tags.get("Team"), Some("data"));

        // Tags in the describe calls: no tagging call, no call per resource.
        let cluster_calls = crate::inventory::calls_of(&fetches, region, ResourceKind::EcsCluster);
        assert_eq!(
            cluster_calls.keys().map(String::as_str).collect::<Vec<_>>(),
            ["ecs:DescribeClusters", "ecs:ListClusters"],
            "{region}"
        );
        assert_eq!(
            calls(&fetches, region, ResourceKind::EcsCluster, "ecs:DescribeClusters"),
            1
        );
        // One ListServices per cluster; DescribeServices only for a cluster with services.
        assert_eq!(calls(&fetches, region, ResourceKind::EcsService, "ecs:ListServices"), 2);
        assert_eq!(
            calls(&fetches, region, ResourceKind::EcsService, "ecs:DescribeServices"),
            1
        );
    }
    let seeded: BTreeSet<String> = ECS_SERVICES.iter().map(|(c, s, _)| format!("{c}/{s}")).collect();
    let listed: BTreeSet<String> = fresh(&fetches, "eu-west-1", ResourceKind::EcsService)
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(listed, seeded);
}

/// 102 clusters and 12 services in one: DescribeClusters takes 100 a call
/// and DescribeServices 10; the listings are read 5 to a page (the proxy
/// pages them: moto answers in one).
#[tokio::test(flavor = "multi_thread")]
async fn describe_calls_batch_100_clusters_and_10_services_and_listings_page() {
    let _ = estate(); // the test environment
    let moto = Moto::start();
    let region = "eu-west-1";
    let ecs = aws_sdk_ecs::Client::new(&config(&moto.url, region));
    for i in 0..102 {
        ecs.create_cluster()
            .cluster_name(format!("c{i:03}"))
            .send()
            .await
            .expect("cluster");
    }
    ecs.register_task_definition()
        .family("app")
        .container_definitions(
            aws_sdk_ecs::types::ContainerDefinition::builder()
                .name("app")
                .image("app")
                .memory(128)
                .build(),
        )
        .send()
        .await
        .expect("task definition");
    for i in 0..12 {
        ecs.create_service()
            .cluster("c000")
            .service_name(format!("s{i:02}"))
            .task_definition("app")
            .desired_count(1)
            .send()
            .await
            .expect("service");
    }
    let page = |contains: &'static str| Rule {
        region,
        service: "ecs",
        contains: Some(contains),
        fault: Fault::Paginate { size: 5 },
    };
    let proxy = FaultProxy::start(moto.port, vec![page("ListClusters"), page("ListServices")]);
    let (fetches, stats) =
        crate::inventory::cycle_paged(&proxy.url, vec![region.into()], Duration::from_secs(60), Some(5)).await;
    assert_eq!(stats.errors, 0, "{fetches:?}");
    let clusters = fresh(&fetches, region, ResourceKind::EcsCluster);
    let names: BTreeSet<&str> = clusters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!((clusters.len(), names.len()), (102, 102), "each cluster once");
    let services = fresh(&fetches, region, ResourceKind::EcsService);
    let ids: BTreeSet<&str> = services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!((services.len(), ids.len()), (12, 12), "each service once");
    assert!(ids.iter().all(|id| id.starts_with("c000/s")), "{ids:?}");

    let cluster = |api| calls(&fetches, region, ResourceKind::EcsCluster, api);
    let service = |api| calls(&fetches, region, ResourceKind::EcsService, api);
    assert_eq!(cluster("ecs:ListClusters"), 21, "102 clusters, 5 to a page");
    assert_eq!(cluster("ecs:DescribeClusters"), 2, "100, then 2");
    assert_eq!(
        service("ecs:ListServices"),
        102 + 2,
        "a page per cluster, and two more for the 12 services of c000"
    );
    assert_eq!(service("ecs:DescribeServices"), 2, "10, then 2");
    let seen = proxy.seen(region, "ecs", "ListClusters");
    assert_eq!(seen.len(), 21, "every page went through the proxy");
}

#[test]
fn a_service_short_of_its_desired_count_is_a_finding() {
    let estate = estate();
    let (code, out, err) = run(once(&estate.profile, &estate.moto.url, "json", &REGIONS.join(",")).arg("--findings"));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let degraded: BTreeSet<(String, String, String, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "ecs-service-degraded")
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("region"), text("id"), text("severity"), text("reason"))
        })
        .collect();
    // moto runs no task: `web` (2 desired) runs none; `worker` (0 desired) is clean.
    let want: BTreeSet<(String, String, String, String)> = REGIONS
        .iter()
        .map(|r| {
            (
                r.to_string(),
                "apps/web".to_string(),
                "critical".to_string(),
                "0 of 2 tasks running".to_string(),
            )
        })
        .collect();
    assert_eq!(degraded, want);
}

#[test]
fn enter_on_a_cluster_lists_its_services_in_the_real_binary() {
    let (script, _) = crate::tui::tui_script("ecs", "");
    let tmux = crate::tui::Tmux::start(&format!("aws-monitor-ecs-{}", std::process::id()), &script);
    tmux.wait_for("the first listings", |s| s.contains("us-east-1 ok"));
    tmux.keys(&[":"]);
    tmux.type_text("ecs");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the ECS clusters view", |s| {
        s.contains("ECS · 6 · 3 regions") && s.contains("FARGATE,FARGATE_SPOT")
    });
    // Sorted by name: `apps` first.
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the cluster's services in its detail", |s| s.contains("services ("));
    assert!(
        screen.contains("web  ACTIVE  0/2 running  2 pending  FARGATE  web:2  IN_PROGRESS"),
        "{screen}"
    );
    assert!(
        screen.contains("worker  ACTIVE  0/0 running  EC2  worker:1  COMPLETED"),
        "{screen}"
    );
    tmux.key_until("Escape", "the detail closed", |s| !s.contains("services ("));
    tmux.keys(&[":"]);
    tmux.type_text("svc");
    tmux.keys(&["Enter"]);
    tmux.wait_for(
        "the ECS services view, with the health cell counting the short one",
        |s| s.contains("Svc · 6 · 3 regions") && s.contains("apps") && s.contains("svc short"),
    );
}
