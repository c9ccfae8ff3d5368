//! Every AWS operation the code calls, named once: its SDK method, the
//! label its calls are counted under, its IAM action and what it is for.
//! Call sites name these constants (`tally.page(ec2::DESCRIBE_INSTANCES)`,
//! `each_page(pages, tally, eks::LIST_CLUSTERS, ..)`): the counting helpers
//! take an [`Operation`], never a text, so a misspelt operation fails to
//! compile. Nothing here names another module of `aws`: the adapters and
//! the table in [`super::actions`] both build on it.

pub use crate::model::Feature;

/// One SDK operation called somewhere under `src/aws/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The file under `src/aws/` that calls it; `None` for an inventory
    /// adapter's, called from the adapter's own file
    /// (`inventory/<kind>.rs`), which lists it in its `OPERATIONS`.
    pub file: Option<&'static str>,
    /// The SDK client method (`describe_instances`).
    pub call: &'static str,
    /// The label calls are counted under (`ec2:DescribeInstances`).
    pub api: &'static str,
    /// The IAM action it needs (`ec2:DescribeInstances`).
    pub action: &'static str,
    pub feature: Feature,
    /// False for the few calls AWS allows to everyone (STS
    /// GetCallerIdentity works even under an explicit deny): they are
    /// listed for the scan but left out of the policy.
    pub needs_permission: bool,
    /// Called only when the batch call it stands in for (`tag:GetResources`)
    /// is denied: listed for the scan, left out of the minimal policy.
    pub fallback_for: Option<&'static str>,
}

/// An operation called from `file`, whose IAM action is `action`.
const fn op(
    file: &'static str,
    call: &'static str,
    api: &'static str,
    action: &'static str,
    feature: Feature,
) -> Operation {
    Operation {
        file: Some(file),
        call,
        api,
        action,
        feature,
        needs_permission: true,
        fallback_for: None,
    }
}

/// A call that needs no IAM permission.
const fn free(file: &'static str, call: &'static str, api: &'static str, feature: Feature) -> Operation {
    Operation {
        needs_permission: false,
        ..op(file, call, api, api, feature)
    }
}

/// An inventory adapter's operation, whose IAM action is its label.
const fn inventory(call: &'static str, api: &'static str) -> Operation {
    inventory_as(call, api, api)
}

/// An inventory adapter's operation, whose IAM action is named otherwise.
const fn inventory_as(call: &'static str, api: &'static str, action: &'static str) -> Operation {
    Operation {
        file: None,
        call,
        api,
        action,
        feature: Feature::Inventory,
        needs_permission: true,
        fallback_for: None,
    }
}

/// A per-resource call made only when `batch` is denied.
const fn fallback(op: Operation, batch: Operation) -> Operation {
    Operation {
        fallback_for: Some(batch.api),
        ..op
    }
}

/// The operations outside the inventory adapters (each adapter lists its
/// own in its `OPERATIONS`).
pub(crate) const OUTSIDE_INVENTORY: &[Operation] = &[
    sts::GET_CALLER_IDENTITY,
    iam::GET_USER,
    ec2::DESCRIBE_REGIONS,
    cloudwatch::GET_METRIC_DATA,
    ce::GET_COST_AND_USAGE,
    ce::GET_COST_FORECAST,
    organizations::LIST_ACCOUNTS,
    tag::GET_RESOURCES,
    logs::FILTER_LOG_EVENTS,
    logs::DESCRIBE_LOG_GROUPS,
    logs::DESCRIBE_TASK_DEFINITION,
    logs::DESCRIBE_SERVICES,
];

/// Identity: who the caller is. GetCallerIdentity needs no permission.
pub mod sts {
    use super::*;
    pub const GET_CALLER_IDENTITY: Operation = free(
        "identity.rs",
        "get_caller_identity",
        "sts:GetCallerIdentity",
        Feature::Identity,
    );
}

pub mod iam {
    use super::*;
    pub const GET_USER: Operation = op(
        "identity.rs",
        "get_user",
        "iam:GetUser",
        "iam:GetUser",
        Feature::Identity,
    );
}

pub mod ec2 {
    use super::*;
    /// The enabled regions.
    pub const DESCRIBE_REGIONS: Operation = op(
        "identity.rs",
        "describe_regions",
        "ec2:DescribeRegions",
        "ec2:DescribeRegions",
        Feature::Identity,
    );
    pub const DESCRIBE_INSTANCES: Operation = inventory("describe_instances", "ec2:DescribeInstances");
    pub const DESCRIBE_INSTANCE_STATUS: Operation = inventory("describe_instance_status", "ec2:DescribeInstanceStatus");
    pub const DESCRIBE_VOLUMES: Operation = inventory("describe_volumes", "ec2:DescribeVolumes");
    pub const DESCRIBE_IMAGES: Operation = inventory("describe_images", "ec2:DescribeImages");
    pub const DESCRIBE_SNAPSHOTS: Operation = inventory("describe_snapshots", "ec2:DescribeSnapshots");
    pub const DESCRIBE_ADDRESSES: Operation = inventory("describe_addresses", "ec2:DescribeAddresses");
    pub const DESCRIBE_SECURITY_GROUPS: Operation = inventory("describe_security_groups", "ec2:DescribeSecurityGroups");
    pub const DESCRIBE_NETWORK_INTERFACES: Operation =
        inventory("describe_network_interfaces", "ec2:DescribeNetworkInterfaces");
    pub const DESCRIBE_VPCS: Operation = inventory("describe_vpcs", "ec2:DescribeVpcs");
    pub const DESCRIBE_SUBNETS: Operation = inventory("describe_subnets", "ec2:DescribeSubnets");
    pub const DESCRIBE_NAT_GATEWAYS: Operation = inventory("describe_nat_gateways", "ec2:DescribeNatGateways");
    pub const DESCRIBE_KEY_PAIRS: Operation = inventory("describe_key_pairs", "ec2:DescribeKeyPairs");
}

/// CloudWatch: metrics (500 queries a call) and alarms.
pub mod cloudwatch {
    use super::*;
    pub const GET_METRIC_DATA: Operation = op(
        "cloudwatch.rs",
        "get_metric_data",
        crate::model::metrics::GET_METRIC_DATA,
        crate::model::metrics::GET_METRIC_DATA,
        Feature::Metrics,
    );
    pub const DESCRIBE_ALARMS: Operation = inventory("describe_alarms", "cloudwatch:DescribeAlarms");
    pub const LIST_TAGS_FOR_RESOURCE: Operation = fallback(
        inventory("list_tags_for_resource", "cloudwatch:ListTagsForResource"),
        super::tag::GET_RESOURCES,
    );
}

/// Cost Explorer, from us-east-1 only.
pub mod ce {
    use super::*;
    pub const GET_COST_AND_USAGE: Operation = op(
        "cost.rs",
        "get_cost_and_usage",
        "ce:GetCostAndUsage",
        "ce:GetCostAndUsage",
        Feature::Cost,
    );
    pub const GET_COST_FORECAST: Operation = op(
        "cost.rs",
        "get_cost_forecast",
        "ce:GetCostForecast",
        "ce:GetCostForecast",
        Feature::Cost,
    );
}

/// The organization's accounts, for `--org-role`.
pub mod organizations {
    use super::*;
    pub const LIST_ACCOUNTS: Operation = op(
        "accounts.rs",
        "list_accounts",
        "organizations:ListAccounts",
        "organizations:ListAccounts",
        Feature::Org,
    );
}

/// The Resource Groups Tagging API: tags of many resources in one listing.
pub mod tag {
    use super::*;
    pub const GET_RESOURCES: Operation = op(
        "inventory/tagging.rs",
        "get_resources",
        "tag:GetResources",
        "tag:GetResources",
        Feature::Inventory,
    );
}

pub mod rds {
    use super::*;
    pub const DESCRIBE_DB_INSTANCES: Operation = inventory("describe_db_instances", "rds:DescribeDBInstances");
}

pub mod s3 {
    use super::*;
    pub const LIST_BUCKETS: Operation = inventory_as("list_buckets", "s3:ListBuckets", "s3:ListAllMyBuckets");
    pub const GET_BUCKET_LOCATION: Operation = inventory("get_bucket_location", "s3:GetBucketLocation");
    pub const GET_BUCKET_TAGGING: Operation = fallback(
        inventory("get_bucket_tagging", "s3:GetBucketTagging"),
        super::tag::GET_RESOURCES,
    );
}

pub mod lambda {
    use super::*;
    pub const LIST_FUNCTIONS: Operation = inventory("list_functions", "lambda:ListFunctions");
    pub const LIST_TAGS: Operation = fallback(inventory("list_tags", "lambda:ListTags"), super::tag::GET_RESOURCES);
}

pub mod eks {
    use super::*;
    pub const LIST_CLUSTERS: Operation = inventory("list_clusters", "eks:ListClusters");
    pub const DESCRIBE_CLUSTER: Operation = inventory("describe_cluster", "eks:DescribeCluster");
    pub const LIST_NODEGROUPS: Operation = inventory("list_nodegroups", "eks:ListNodegroups");
    pub const DESCRIBE_NODEGROUP: Operation = inventory("describe_nodegroup", "eks:DescribeNodegroup");
}

/// EMR: labelled `emr:`, its IAM actions are `elasticmapreduce:`.
pub mod emr {
    use super::*;
    pub const LIST_CLUSTERS: Operation =
        inventory_as("list_clusters", "emr:ListClusters", "elasticmapreduce:ListClusters");
    pub const DESCRIBE_CLUSTER: Operation = inventory_as(
        "describe_cluster",
        "emr:DescribeCluster",
        "elasticmapreduce:DescribeCluster",
    );
}

/// CloudWatch Logs, for the logs view and `aws-monitor logs`; and the one
/// ECS call that finds a service's log group (its task definition's
/// `awslogs` options).
pub mod logs {
    use super::*;
    pub const FILTER_LOG_EVENTS: Operation = op(
        "logs.rs",
        "filter_log_events",
        crate::model::logs::FILTER_LOG_EVENTS,
        crate::model::logs::FILTER_LOG_EVENTS,
        Feature::Logs,
    );
    pub const DESCRIBE_LOG_GROUPS: Operation = op(
        "logs.rs",
        "describe_log_groups",
        "logs:DescribeLogGroups",
        "logs:DescribeLogGroups",
        Feature::Logs,
    );
    pub const DESCRIBE_TASK_DEFINITION: Operation = op(
        "logs.rs",
        "describe_task_definition",
        "ecs:DescribeTaskDefinition",
        "ecs:DescribeTaskDefinition",
        Feature::Logs,
    );
    /// `aws-monitor logs ecs-service/CLUSTER/SERVICE`: the service's task
    /// definition (the TUI reads it from the service's row).
    pub const DESCRIBE_SERVICES: Operation = op(
        "logs.rs",
        "describe_services",
        "ecs:DescribeServices",
        "ecs:DescribeServices",
        Feature::Logs,
    );
}

/// ECS: clusters (DescribeClusters takes 100 a call) and their services
/// (DescribeServices takes 10 a call, within one cluster); tags come in
/// the same calls (`include=TAGS`).
pub mod ecs {
    use super::*;
    pub const LIST_CLUSTERS: Operation = inventory("list_clusters", "ecs:ListClusters");
    pub const DESCRIBE_CLUSTERS: Operation = inventory("describe_clusters", "ecs:DescribeClusters");
    pub const LIST_SERVICES: Operation = inventory("list_services", "ecs:ListServices");
    pub const DESCRIBE_SERVICES: Operation = inventory("describe_services", "ecs:DescribeServices");
}

/// Elastic Load Balancing v2: load balancers and target groups, labelled
/// `elbv2:`, their IAM actions `elasticloadbalancing:`. DescribeTargetHealth
/// is one call per target group (the inventory's only per-resource call);
/// DescribeTags, up to 20 ARNs a call, only where `tag:GetResources` is denied.
pub mod elbv2 {
    use super::*;
    pub const DESCRIBE_LOAD_BALANCERS: Operation = inventory_as(
        "describe_load_balancers",
        "elbv2:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancers",
    );
    pub const DESCRIBE_TARGET_GROUPS: Operation = inventory_as(
        "describe_target_groups",
        "elbv2:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroups",
    );
    pub const DESCRIBE_TARGET_HEALTH: Operation = inventory_as(
        "describe_target_health",
        "elbv2:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTargetHealth",
    );
    pub const DESCRIBE_TAGS: Operation = fallback(
        inventory_as(
            "describe_tags",
            "elbv2:DescribeTags",
            "elasticloadbalancing:DescribeTags",
        ),
        super::tag::GET_RESOURCES,
    );
}

/// Auto Scaling: the groups, with their instances and tags in one listing.
pub mod autoscaling {
    use super::*;
    pub const DESCRIBE_AUTO_SCALING_GROUPS: Operation =
        inventory("describe_auto_scaling_groups", "autoscaling:DescribeAutoScalingGroups");
}
