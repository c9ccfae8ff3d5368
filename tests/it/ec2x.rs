//! Auto Scaling groups, NAT gateways and key pairs against moto: each kind
//! in every seeded region with its fields and tags, the facts the relations
//! join (a group's instances, a key's instances), one call a region each,
//! and their findings through the real binary, each with its clean twin.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_monitor::model::{Resource, ResourceKind};

use crate::inventory::{calls_of, cycle, find, items, regions};
use crate::support::seed::{GROUP, GROUP_SIZE, REGIONS, SHORT_AND_BUSY, UNUSED_KEY, USED_KEY};
use crate::support::{estate, once, run};

fn of<'a>(all: &[&'a Resource], kind: ResourceKind, region: &str) -> Vec<&'a Resource> {
    all.iter()
        .copied()
        .filter(|r| r.kind == kind && r.region == region)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn groups_gateways_and_key_pairs_in_every_seeded_region_with_fields_and_tags() {
    let estate = estate();
    let (fetches, _) = cycle(&estate.moto.url, regions(), Duration::from_secs(30)).await;
    let all = items(&fetches);
    for region in REGIONS {
        // The group: its capacity, launch template, zone and its instances.
        let g = find(&all, ResourceKind::AutoscalingGroup, region, GROUP);
        assert_eq!((g.id.as_str(), g.state.as_str()), (GROUP, "active"));
        let d = |k: &str| g.detail_str(k).to_string();
        assert_eq!((d("desired"), d("min"), d("max")), ("2".into(), "1".into(), "4".into()));
        let in_service = if region == SHORT_AND_BUSY { "1" } else { "2" };
        assert_eq!(
            d("in_service"),
            in_service,
            "{region}: one unhealthy in {SHORT_AND_BUSY}"
        );
        assert_eq!(d("pending"), "0");
        assert_eq!(d("launch"), "web-lt:$Latest");
        assert_eq!(d("instance_types"), "t3.micro");
        assert_eq!(d("zones"), format!("{region}a"));
        assert_eq!(d("health_check"), "EC2");
        assert!(
            d("arn").ends_with(&format!("autoScalingGroupName/{GROUP}")),
            "{}",
            d("arn")
        );
        assert!(d("created").ends_with('Z'));
        assert_eq!(g.tags.get("Team"), Some("web"));
        assert_eq!(g.tags.get("Environment"), Some("production"));
        // Its instances are EC2 rows of the region, launched with the used key.
        let instances = of(&all, ResourceKind::Ec2Instance, region);
        let members = d("instances");
        let members: Vec<&str> = members.split(',').collect();
        assert_eq!(members.len(), GROUP_SIZE as usize, "{region}");
        for id in &members {
            let i = instances
                .iter()
                .find(|i| i.id == *id)
                .unwrap_or_else(|| panic!("{region}: {id} of the group is not an EC2 row"));
            assert_eq!(i.detail_str("key_name"), USED_KEY);
        }

        // The key pairs: the used one counts the group's instances.
        let keys = of(&all, ResourceKind::KeyPair, region);
        assert_eq!(keys.len(), 2, "{region}");
        let used = find(&all, ResourceKind::KeyPair, region, USED_KEY);
        let keyed = instances
            .iter()
            .filter(|i| i.detail_str("key_name") == USED_KEY)
            .count();
        assert_eq!(used.detail_str("instances"), keyed.to_string());
        assert_eq!(keyed, GROUP_SIZE as usize);
        assert_eq!(used.tags.get("Team"), Some("web"));
        let unused = find(&all, ResourceKind::KeyPair, region, UNUSED_KEY);
        assert_eq!(unused.detail_str("instances"), "0");
        for k in [used, unused] {
            assert_eq!(k.id, k.name);
            assert!(k.detail_str("key_pair_id").starts_with("key-"), "{k:?}");
            assert_eq!(k.detail_str("type"), "ed25519");
            assert!(!k.detail_str("fingerprint").is_empty());
        }

        // The NAT gateway: in the app VPC's public subnet, with its address.
        let nat = find(&all, ResourceKind::NatGateway, region, "egress");
        assert!(nat.id.starts_with("nat-"), "{}", nat.id);
        assert_eq!(nat.state, "available");
        assert_eq!(nat.detail_str("connectivity"), "public");
        let subnet = find(&all, ResourceKind::Subnet, region, "app-public");
        let vpc = find(&all, ResourceKind::Vpc, region, "app");
        assert_eq!(nat.detail_str("subnet"), subnet.id);
        assert_eq!(nat.detail_str("vpc"), vpc.id);
        let ip = find(&all, ResourceKind::ElasticIp, region, "nat-ip");
        assert_eq!(nat.detail_str("public_ip"), ip.detail_str("public_ip"));
        assert_eq!(ip.state, "associated", "the gateway's address is in use");
        assert!(nat.detail_str("created").ends_with('Z'));
        assert_eq!(nat.tags.get("Team"), Some("platform"));

        // One listing call a region each; the key pairs ride on the instances' listing.
        let calls = |kind| calls_of(&fetches, region, kind);
        assert_eq!(
            calls(ResourceKind::AutoscalingGroup),
            BTreeMap::from([("autoscaling:DescribeAutoScalingGroups".to_string(), 1)])
        );
        assert_eq!(
            calls(ResourceKind::NatGateway),
            BTreeMap::from([("ec2:DescribeNatGateways".to_string(), 1)])
        );
        assert_eq!(
            calls(ResourceKind::KeyPair),
            BTreeMap::from([("ec2:DescribeKeyPairs".to_string(), 1)])
        );
    }
}

#[test]
fn the_findings_of_groups_gateways_and_key_pairs_each_spare_their_twin() {
    let estate = estate();
    let regions = REGIONS.join(",");
    let (code, out, err) = run(once(&estate.profile, &estate.moto.url, "json", &regions).arg("--findings"));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let mine = ["asg-short", "key-pair-unused", "nat-gateway-idle"];
    let mut got: Vec<(String, String, String, String, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| mine.contains(&f["rule"].as_str().unwrap_or_default()))
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("null").to_string();
            (s("rule"), s("region"), s("id"), s("severity"), s("monthly_usd"))
        })
        .collect();
    got.sort();
    let nat_ids: BTreeMap<String, String> = v["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["kind"] == "nat-gateway")
        .map(|r| {
            (
                r["region"].as_str().unwrap_or_default().to_string(),
                r["id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let row = |rule: &str, region: &str, id: &str, severity: &str, usd: &str| {
        (rule.into(), region.into(), id.into(), severity.into(), usd.into())
    };
    let mut want = vec![row("asg-short", SHORT_AND_BUSY, GROUP, "warning", "null")];
    for region in REGIONS {
        want.push(row("key-pair-unused", region, UNUSED_KEY, "info", "null"));
        if region != SHORT_AND_BUSY {
            want.push(row("nat-gateway-idle", region, &nat_ids[region], "info", "32.85"));
        }
    }
    want.sort();
    assert_eq!(
        got, want,
        "the full group, the used key and the busy gateway are clean twins"
    );
    // The gateways' week of bytes out: one GetMetricData a region, counted.
    assert_eq!(
        v["stats"]["by_api"]["cloudwatch:GetMetricData"],
        REGIONS.len(),
        "{}",
        v["stats"]
    );
}
