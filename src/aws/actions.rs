//! The one table of every AWS operation the code can call, with its IAM
//! action. `aws-monitor policy` prints it as a policy document, `doctor`
//! names the missing action from it, and a test proves that the call sites
//! in `src/aws/` and this table are the same set (read-only by construction;
//! the scan is in `call_sites.rs`). The operations themselves are named
//! once, in [`super::ops`].

use serde::Serialize;

pub use super::ops::{Feature, Operation};

/// Actions needed but made by aws-config, not by a call site of ours: its
/// `AssumeRoleProvider` calls sts:AssumeRole for `--org-role` and role
/// profiles (it only obtains the member account's read-only credentials).
pub(crate) const SDK_MADE: &[(&str, Feature)] = &[("sts:AssumeRole", Feature::Org)];

/// Every operation the code calls: those outside the inventory and each
/// inventory adapter's. Nothing else may be called: a test
/// (`call_sites.rs`) scans `src/aws/` and fails on any call site not
/// listed, and on any row with no call site.
pub fn operations() -> &'static [Operation] {
    static ALL: std::sync::LazyLock<Vec<Operation>> = std::sync::LazyLock::new(|| {
        super::ops::OUTSIDE_INVENTORY
            .iter()
            .chain(super::inventory::LISTINGS.iter().flat_map(|l| l.operations()))
            .copied()
            .collect()
    });
    &ALL
}

/// The IAM action for a counted call label (`s3:ListBuckets` ->
/// `s3:ListAllMyBuckets`).
pub fn action_for(api: &str) -> Option<&'static str> {
    operations().iter().find(|o| o.api == api).map(|o| o.action)
}

/// The distinct IAM actions of `features`, sorted.
pub fn actions(features: &[Feature]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = operations()
        .iter()
        .filter(|o| o.needs_permission && o.fallback_for.is_none() && features.contains(&o.feature))
        .map(|o| o.action)
        .chain(SDK_MADE.iter().filter(|(_, f)| features.contains(f)).map(|(a, _)| *a))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The IAM actions of the per-resource calls made when `batch` is denied, sorted.
pub fn fallback_actions(batch: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = operations()
        .iter()
        .filter(|o| o.fallback_for == Some(batch))
        .map(|o| o.action)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An IAM policy document.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policy {
    pub version: &'static str,
    pub statement: Vec<Statement>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    pub sid: &'static str,
    pub effect: &'static str,
    pub action: Vec<&'static str>,
    pub resource: &'static str,
}

/// The minimal policy for `features`: one statement allowing exactly their
/// actions on every resource.
pub fn policy(features: &[Feature]) -> Policy {
    Policy {
        version: "2012-10-17",
        statement: vec![Statement {
            sid: "AwsMonitorReadOnly",
            effect: "Allow",
            action: actions(features),
            resource: "*",
        }],
    }
}

/// The policy as pretty JSON, ending in a newline.
pub fn policy_json(features: &[Feature]) -> String {
    let mut text = serde_json::to_string_pretty(&policy(features)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_org_feature_alone_lists_accounts_and_assumes_roles() {
        let org = actions(&[Feature::Org]);
        assert_eq!(org, ["organizations:ListAccounts", "sts:AssumeRole"]);
        let default = actions(Feature::ALL);
        assert!(default.iter().all(|a| !org.contains(a)), "{default:?}");
    }

    #[test]
    fn the_table_is_read_only() {
        for o in operations() {
            let (service, name) = o.action.split_once(':').expect("service:Action");
            assert!(!service.is_empty());
            // FilterLogEvents reads a log group's events.
            assert!(
                ["Describe", "List", "Get", "Filter"]
                    .iter()
                    .any(|v| name.starts_with(v)),
                "{} is not a read action",
                o.action
            );
            assert!(
                ["describe_", "list_", "get_", "filter_"]
                    .iter()
                    .any(|v| o.call.starts_with(v)),
                "{} is not a read call",
                o.call
            );
        }
    }

    #[test]
    fn counted_labels_map_to_actions() {
        assert_eq!(action_for("s3:ListBuckets"), Some("s3:ListAllMyBuckets"));
        assert_eq!(action_for("emr:ListClusters"), Some("elasticmapreduce:ListClusters"));
        assert_eq!(action_for("ec2:DescribeInstances"), Some("ec2:DescribeInstances"));
    }

    #[test]
    fn the_policy_is_one_sorted_statement() {
        let p: serde_json::Value = serde_json::from_str(&policy_json(Feature::ALL)).expect("json");
        assert_eq!(p["Version"], "2012-10-17");
        let statements = p["Statement"].as_array().expect("statements");
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0]["Effect"], "Allow");
        assert_eq!(statements[0]["Resource"], "*");
        let listed: Vec<&str> = statements[0]["Action"]
            .as_array()
            .expect("actions")
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        let mut sorted = listed.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(listed, sorted);
        assert!(listed.contains(&"ec2:DescribeInstances"));
        assert!(listed.contains(&"s3:ListAllMyBuckets"));
        assert!(!listed.contains(&"sts:GetCallerIdentity"), "allowed to everyone");
        assert!(!listed.iter().any(|a| a.contains('*')));
        assert_eq!(
            actions(&[Feature::Identity]),
            vec!["ec2:DescribeRegions", "iam:GetUser"]
        );
    }

    #[test]
    fn tags_come_from_the_tagging_api_and_per_resource_calls_are_only_its_fallback() {
        let listed = actions(Feature::ALL);
        assert!(listed.contains(&"tag:GetResources"), "{listed:?}");
        let instead = fallback_actions("tag:GetResources");
        assert_eq!(
            instead,
            vec![
                "cloudwatch:ListTagsForResource",
                "elasticloadbalancing:DescribeTags",
                "lambda:ListTags",
                "s3:GetBucketTagging"
            ]
        );
        for a in instead {
            assert!(
                !listed.contains(&a),
                "{a} is only a fallback: not in the minimal policy"
            );
        }
    }
}
