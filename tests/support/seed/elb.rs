//! Load balancers and target groups: in each region an internet-facing
//! ALB (`web-alb`) whose listener forwards to `web-tg`, which holds a
//! running `web` instance (healthy) and the stopped `worker` (moto says
//! `unused` with `Target.InvalidState`: a target not serving), and an
//! internal NLB (`spare-nlb`) with no target group at all (idle). Runs
//! after `ec2`, whose instances it registers.

use aws_config::SdkConfig;
use aws_sdk_ec2::types::Filter;
use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, LoadBalancerSchemeEnum, LoadBalancerTypeEnum, ProtocolEnum, Tag, TargetDescription,
    TargetTypeEnum,
};

use super::Summary;

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build()
}

/// The first instance named `name` in a state, by id.
async fn instance(c: &aws_sdk_ec2::Client, name: &str, state: &str) -> anyhow::Result<String> {
    let out = c
        .describe_instances()
        .filters(Filter::builder().name("tag:Name").values(name).build())
        .filters(Filter::builder().name("instance-state-name").values(state).build())
        .send()
        .await?;
    let mut ids: Vec<String> = out
        .reservations()
        .iter()
        .flat_map(|r| r.instances())
        .filter_map(|i| i.instance_id().map(str::to_string))
        .collect();
    ids.sort();
    ids.into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no {state} instance named {name}"))
}

pub(super) async fn elb(cfg: &SdkConfig, region: &str, s: &mut Summary) -> anyhow::Result<()> {
    let ec2 = aws_sdk_ec2::Client::new(cfg);
    let c = aws_sdk_elasticloadbalancingv2::Client::new(cfg);
    let vpc = ec2
        .describe_vpcs()
        .filters(Filter::builder().name("is-default").values("true").build())
        .send()
        .await?
        .vpcs()
        .first()
        .and_then(|v| v.vpc_id())
        .unwrap_or_default()
        .to_string();
    let mut subnets: Vec<(String, String)> = ec2
        .describe_subnets()
        .filters(Filter::builder().name("vpc-id").values(&vpc).build())
        .filters(Filter::builder().name("default-for-az").values("true").build())
        .send()
        .await?
        .subnets()
        .iter()
        .filter_map(|x| Some((x.availability_zone()?.to_string(), x.subnet_id()?.to_string())))
        .collect();
    subnets.sort();
    let subnets: Vec<String> = subnets.into_iter().take(2).map(|(_, id)| id).collect();

    let alb = c
        .create_load_balancer()
        .name("web-alb")
        .r#type(LoadBalancerTypeEnum::Application)
        .scheme(LoadBalancerSchemeEnum::InternetFacing)
        .set_subnets(Some(subnets.clone()))
        .tags(tag("Environment", "production"))
        .tags(tag("Team", "web"))
        .send()
        .await?;
    let alb_arn = alb
        .load_balancers()
        .first()
        .and_then(|l| l.load_balancer_arn())
        .unwrap_or_default()
        .to_string();
    c.create_load_balancer()
        .name("spare-nlb")
        .r#type(LoadBalancerTypeEnum::Network)
        .scheme(LoadBalancerSchemeEnum::Internal)
        .set_subnets(Some(subnets))
        .tags(tag("Environment", "production"))
        .tags(tag("Team", "platform"))
        .send()
        .await?;
    let tg = c
        .create_target_group()
        .name("web-tg")
        .protocol(ProtocolEnum::Http)
        .port(80)
        .vpc_id(&vpc)
        .target_type(TargetTypeEnum::Instance)
        .tags(tag("Environment", "production"))
        .tags(tag("Team", "web"))
        .send()
        .await?;
    let tg_arn = tg
        .target_groups()
        .first()
        .and_then(|t| t.target_group_arn())
        .unwrap_or_default()
        .to_string();
    // Only a running instance can be registered: the worker runs for a
    // moment, is registered, and is stopped again.
    let web = instance(&ec2, "web", "running").await?;
    let worker = instance(&ec2, "worker", "stopped").await?;
    ec2.start_instances().instance_ids(&worker).send().await?;
    c.register_targets()
        .target_group_arn(&tg_arn)
        .targets(TargetDescription::builder().id(&web).port(80).build())
        .targets(TargetDescription::builder().id(&worker).port(80).build())
        .send()
        .await?;
    ec2.stop_instances().instance_ids(&worker).send().await?;
    c.create_listener()
        .load_balancer_arn(&alb_arn)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(
            Action::builder()
                .r#type(ActionTypeEnum::Forward)
                .target_group_arn(&tg_arn)
                .build(),
        )
        .send()
        .await?;
    s.add(region, "load-balancer", 2);
    s.add(region, "target-group", 1);
    Ok(())
}
