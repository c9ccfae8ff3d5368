//! What identifies a resource outside this tool: its ARN (returned by AWS
//! for some kinds, built here for the rest) and its page in the AWS
//! console, region-correct and per partition. Pure functions of a
//! [`Resource`] and its kind's templates in the registry.

use super::Resource;

/// The partition of a region: `aws`, `aws-cn` or `aws-us-gov`.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The console's host for a region (`us-east-1.console.aws.amazon.com`).
fn console_host(region: &str) -> String {
    match partition(region) {
        "aws-cn" => format!("{region}.console.amazonaws.cn"),
        "aws-us-gov" => format!("{region}.console.amazonaws-us-gov.com"),
        _ => format!("{region}.console.aws.amazon.com"),
    }
}

/// The resource's ARN: the one AWS returned (detail `arn`) when there is
/// one, else built from its kind's template (`KindDef::arn`) with the
/// region, account and id. `None` only for a kind whose ARN cannot be built
/// (an EKS nodegroup's ends in an id only AWS knows) when AWS gave none.
pub fn arn(r: &Resource, account: &str) -> Option<String> {
    let given = r.detail_str("arn");
    if !given.is_empty() {
        return Some(given.to_string());
    }
    let template = r.kind.def().arn?;
    Some(
        template
            .replace("{p}", partition(&r.region))
            .replace("{region}", &r.region)
            .replace("{account}", account)
            .replace("{id}", &r.id),
    )
}

/// The resource's page in the AWS console, in its own region, from its
/// kind's template (`KindDef::console`).
pub fn console_url(r: &Resource) -> String {
    let region = r.region.as_str();
    let host = console_host(region);
    let global = host.replacen(&format!("{region}."), "", 1);
    let (head, tail) = r.id.split_once('/').unwrap_or((r.id.as_str(), ""));
    r.kind
        .def()
        .console
        .replace("{host}", &host)
        .replace("{global}", &global)
        .replace("{region}", region)
        .replace("{id_head}", head)
        .replace("{id_tail}", tail)
        .replace("{id}", &r.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ResourceKind;
    use strum::IntoEnumIterator;

    const ACCOUNT: &str = "123456789012";

    fn r(kind: ResourceKind, region: &str, id: &str) -> Resource {
        Resource::new(kind, region, id)
    }

    /// One resource of every kind, with its ARN and console URL.
    fn cases() -> Vec<(Resource, Option<&'static str>, &'static str)> {
        use ResourceKind::*;
        vec![
            (
                r(Ec2Instance, "eu-west-1", "i-0abc"),
                Some("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc"),
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0abc",
            ),
            (
                r(EbsVolume, "us-west-2", "vol-9"),
                Some("arn:aws:ec2:us-west-2:123456789012:volume/vol-9"),
                "https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#VolumeDetails:volumeId=vol-9",
            ),
            (
                r(RdsInstance, "us-east-1", "orders-db"),
                Some("arn:aws:rds:us-east-1:123456789012:db:orders-db"),
                "https://us-east-1.console.aws.amazon.com/rds/home?region=us-east-1#database:id=orders-db;is-cluster=false",
            ),
            (
                r(S3Bucket, "eu-west-1", "logs-bucket"),
                Some("arn:aws:s3:::logs-bucket"),
                "https://console.aws.amazon.com/s3/buckets/logs-bucket?region=eu-west-1",
            ),
            (
                r(LambdaFunction, "us-east-1", "checkout-api"),
                Some("arn:aws:lambda:us-east-1:123456789012:function:checkout-api"),
                "https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/checkout-api",
            ),
            (
                r(EksCluster, "us-west-2", "platform"),
                Some("arn:aws:eks:us-west-2:123456789012:cluster/platform"),
                "https://us-west-2.console.aws.amazon.com/eks/home?region=us-west-2#/clusters/platform",
            ),
            (
                r(EksNodegroup, "us-west-2", "platform/general"),
                None,
                "https://us-west-2.console.aws.amazon.com/eks/home?region=us-west-2#/clusters/platform/nodegroups/general",
            ),
            (
                r(EmrCluster, "us-east-1", "j-2AXXXXXXGAPLF"),
                Some("arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-2AXXXXXXGAPLF"),
                "https://us-east-1.console.aws.amazon.com/emr/home?region=us-east-1#/clusterDetails/j-2AXXXXXXGAPLF",
            ),
            (
                r(SecurityGroup, "eu-west-1", "sg-1"),
                Some("arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1"),
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-1",
            ),
            (
                r(Ami, "eu-west-1", "ami-1"),
                Some("arn:aws:ec2:eu-west-1::image/ami-1"),
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#ImageDetails:imageId=ami-1",
            ),
            (
                r(EbsSnapshot, "eu-west-1", "snap-1"),
                Some("arn:aws:ec2:eu-west-1::snapshot/snap-1"),
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SnapshotDetails:snapshotId=snap-1",
            ),
            (
                r(ElasticIp, "eu-west-1", "eipalloc-1"),
                Some("arn:aws:ec2:eu-west-1:123456789012:elastic-ip/eipalloc-1"),
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#ElasticIpDetails:AllocationId=eipalloc-1",
            ),
            (
                r(Vpc, "eu-west-1", "vpc-1"),
                Some("arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1"),
                "https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#VpcDetails:VpcId=vpc-1",
            ),
            (
                r(Subnet, "eu-west-1", "subnet-1"),
                Some("arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1"),
                "https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#SubnetDetails:subnetId=subnet-1",
            ),
            (
                r(CloudwatchAlarm, "eu-west-1", "cpu-high"),
                Some("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu-high"),
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/cpu-high",
            ),
            (
                r(EcsCluster, "eu-west-1", "apps"),
                Some("arn:aws:ecs:eu-west-1:123456789012:cluster/apps"),
                "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/apps/services?region=eu-west-1",
            ),
            (
                r(EcsService, "eu-west-1", "apps/web"),
                Some("arn:aws:ecs:eu-west-1:123456789012:service/apps/web"),
                "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/apps/services/web/health?region=eu-west-1",
            ),
            // Their ARNs end in an id only AWS knows: they come from detail `arn`.
            (
                r(LoadBalancer, "us-east-1", "web"),
                None,
                "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#LoadBalancers:search=web",
            ),
            (
                r(TargetGroup, "us-east-1", "web-tg"),
                None,
                "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#TargetGroups:search=web-tg",
            ),
            (
                r(AutoscalingGroup, "eu-west-1", "web-asg"),
                None,
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#AutoScalingGroupDetails:id=web-asg",
            ),
            (
                r(NatGateway, "eu-west-1", "nat-1"),
                Some("arn:aws:ec2:eu-west-1:123456789012:natgateway/nat-1"),
                "https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#NatGatewayDetails:natGatewayId=nat-1",
            ),
            (
                r(KeyPair, "eu-west-1", "deploy"),
                None,
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#KeyPairs:search=deploy",
            ),
        ]
    }

    #[test]
    fn every_kind_has_an_arn_and_a_console_url() {
        let cases = cases();
        for kind in ResourceKind::iter() {
            assert!(cases.iter().any(|(r, _, _)| r.kind == kind), "no case for {kind}");
        }
        for (res, arn_want, url_want) in cases {
            assert_eq!(arn(&res, ACCOUNT).as_deref(), arn_want, "{}", res.kind);
            assert_eq!(console_url(&res), url_want, "{}", res.kind);
        }
    }

    #[test]
    fn an_arn_from_aws_wins() {
        let mut ng = r(ResourceKind::EksNodegroup, "us-west-2", "platform/general");
        let given =
            "arn:aws:eks:us-west-2:123456789012:nodegroup/platform/general/a1b2c3d4-0000-1111-2222-333344445555";
        ng.set(crate::kinds::eks_nodegroup::ARN, given);
        assert_eq!(arn(&ng, ACCOUNT).as_deref(), Some(given));
    }

    #[test]
    fn other_partitions_have_their_own_arns_and_consoles() {
        let cn = r(ResourceKind::Ec2Instance, "cn-north-1", "i-1");
        assert_eq!(
            arn(&cn, ACCOUNT).as_deref(),
            Some("arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1")
        );
        assert!(console_url(&cn).starts_with("https://cn-north-1.console.amazonaws.cn/ec2/"));
        let gov = r(ResourceKind::S3Bucket, "us-gov-west-1", "b");
        assert_eq!(arn(&gov, ACCOUNT).as_deref(), Some("arn:aws-us-gov:s3:::b"));
        assert_eq!(
            console_url(&gov),
            "https://console.amazonaws-us-gov.com/s3/buckets/b?region=us-gov-west-1"
        );
    }
}
