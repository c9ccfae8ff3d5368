//! The one table of every AWS operation the code can call, with its IAM
//! action. `aws-monitor policy` prints it as a policy document, `doctor`
//! names the missing action from it, and a test proves that the call sites
//! in `src/aws/` and this table are the same set (read-only by construction).

use serde::Serialize;

/// What a group of operations is for; `policy` can print a subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum, strum::Display)]
#[strum(serialize_all = "kebab-case")]
pub enum Feature {
    /// Who the caller is, and which regions are enabled.
    Identity,
    /// The resource listings of every cycle.
    Inventory,
    /// CloudWatch metrics (sparklines, detail charts, the Metrics tab and
    /// `--once --metrics`).
    Metrics,
    /// Cost Explorer figures (the Cost tab and `--once --cost`).
    Cost,
    /// Every account of the organization (`--org-role`): list them, and
    /// assume the member-account role in each. Only when asked for.
    Org,
}

impl Feature {
    /// What `policy` prints when no feature is named: everything but `org`,
    /// which only the account that lists the organization needs.
    pub const ALL: &'static [Feature] = &[Feature::Identity, Feature::Inventory, Feature::Metrics, Feature::Cost];
}

/// Actions needed but made by aws-config, not by a call site of ours: its
/// `AssumeRoleProvider` calls sts:AssumeRole for `--org-role` and role
/// profiles (it only obtains the member account's read-only credentials).
const SDK_MADE: &[(&str, Feature)] = &[("sts:AssumeRole", Feature::Org)];

/// One SDK operation called somewhere under `src/aws/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The file under `src/aws/` that calls it; `None` for an inventory
    /// adapter's, called from the adapter's own file
    /// (`inventory/<kind>.rs`).
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

pub(crate) const fn op(
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

/// An inventory adapter's operation, whose IAM action is its label.
pub(crate) const fn inventory(call: &'static str, api: &'static str) -> Operation {
    inventory_as(call, api, api)
}

/// An inventory adapter's operation, whose IAM action is named otherwise.
pub(crate) const fn inventory_as(call: &'static str, api: &'static str, action: &'static str) -> Operation {
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

impl Operation {
    /// The operation as a per-resource call made only when the batch call
    /// `batch` is denied.
    pub(crate) const fn fallback_for(self, batch: &'static str) -> Operation {
        Operation {
            fallback_for: Some(batch),
            ..self
        }
    }
}

/// A call that needs no IAM permission.
const fn free(file: &'static str, call: &'static str, api: &'static str, feature: Feature) -> Operation {
    Operation {
        needs_permission: false,
        ..op(file, call, api, api, feature)
    }
}

use Feature::{Cost, Identity, Metrics, Org};

/// The operations outside the inventory adapters.
#[rustfmt::skip]
const OPERATIONS: &[Operation] = &[
    // Identity and the region list. GetCallerIdentity needs no permission.
    free("identity.rs", "get_caller_identity", "sts:GetCallerIdentity", Identity),
    op("identity.rs", "get_user",              "iam:GetUser",             "iam:GetUser",             Identity),
    op("identity.rs", "describe_regions",      "ec2:DescribeRegions",     "ec2:DescribeRegions",     Identity),
    // The inventory's operations are declared by each adapter in
    // `inventory/`, beside the calls: see [`operations`].
    // CloudWatch metrics, 500 queries a call.
    op("cloudwatch.rs", "get_metric_data",   "cloudwatch:GetMetricData", "cloudwatch:GetMetricData",        Metrics),
    // Cost Explorer, from us-east-1 only.
    op("cost.rs",   "get_cost_and_usage",    "ce:GetCostAndUsage",      "ce:GetCostAndUsage",               Cost),
    op("cost.rs",   "get_cost_forecast",     "ce:GetCostForecast",      "ce:GetCostForecast",               Cost),
    // The organization's accounts, for --org-role.
    op("accounts.rs", "list_accounts",       "organizations:ListAccounts", "organizations:ListAccounts",    Org),
];

/// Every operation the code calls: the rows above and each inventory
/// adapter's. Nothing else may be called: a test in this module scans
/// `src/aws/` and fails on any call site not listed, and on any row with no
/// call site.
pub fn operations() -> &'static [Operation] {
    static ALL: std::sync::LazyLock<Vec<Operation>> = std::sync::LazyLock::new(|| {
        OPERATIONS
            .iter()
            .chain(super::tagging::OPERATIONS)
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
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::*;

    /// Verbs of AWS operations that change something. A method call starting
    /// with one of these (`.terminate_instances(`) is flagged even when it is
    /// not followed by `.send()`.
    const WRITE_VERBS: &[&str] = &[
        "accept",
        "add",
        "allocate",
        "apply",
        "associate",
        "attach",
        "authorize",
        "batch",
        "cancel",
        "complete",
        "copy",
        "create",
        "deactivate",
        "delete",
        "deregister",
        "detach",
        "disable",
        "disassociate",
        "enable",
        "execute",
        "import",
        "invoke",
        "modify",
        "publish",
        "purge",
        "put",
        "reboot",
        "register",
        "reject",
        "release",
        "remove",
        "replace",
        "reset",
        "restore",
        "revoke",
        "run",
        "send",
        "start",
        "stop",
        "tag",
        "terminate",
        "untag",
        "update",
        "upload",
        "write",
    ];

    /// Methods that are not AWS operations though they start with a write
    /// verb: getters of SDK output types, builders of SDK input types
    /// (`DateInterval::start`, `start_time` of GetMetricData), `remove` of
    /// std maps, `fmt::Write::write_str`, and our own `Late::apply`.
    const NOT_OPERATIONS: &[&str] = &[
        "apply",
        "create_time",
        "release_label",
        "remove",
        "start",
        "start_time",
        "tag_list",
        "tag_set",
        "write_str",
    ];

    /// Every `.rs` file under `dir`, recursively.
    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src/aws").flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The code of a file without comments, string contents, or test
    /// modules (`#[cfg(test)]` to the end of the file), with all whitespace
    /// removed so a chain split over lines reads as one.
    fn code_only(text: &str) -> String {
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '/' if chars.peek() == Some(&'/') => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                '"' => {
                    out.push('"');
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                chars.next();
                            }
                            '"' => break,
                            _ => {}
                        }
                    }
                    out.push('"');
                }
                // A char literal holding a quote or an escape.
                '\'' if matches!(chars.peek(), Some(&('"' | '\\'))) => {
                    for c in chars.by_ref() {
                        if c == '\'' {
                            break;
                        }
                    }
                }
                c if c.is_whitespace() => {}
                c => out.push(c),
            }
        }
        out
    }

    fn is_ident(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'_'
    }

    /// The SDK operations called in `code` (from [`code_only`]): for every
    /// `.send()` or `.into_paginator()`, the first method of its chain,
    /// which is the operation called on the client
    /// (`client.describe_instances().max_results(5).into_paginator().send()`).
    fn sent_operations(code: &str) -> BTreeSet<String> {
        let b = code.as_bytes();
        let mut found = BTreeSet::new();
        for end_marker in [".send()", ".into_paginator()"] {
            let mut from = 0;
            while let Some(pos) = code[from..].find(end_marker) {
                let dot = from + pos;
                from = dot + end_marker.len();
                // Walk back over `.method(args)` segments.
                let mut at = dot;
                let mut first = None;
                while at > 0 && b[at - 1] == b')' {
                    let mut depth = 0i32;
                    let mut open = at - 1;
                    loop {
                        match b[open] {
                            b')' => depth += 1,
                            b'(' => depth -= 1,
                            _ => {}
                        }
                        if depth == 0 || open == 0 {
                            break;
                        }
                        open -= 1;
                    }
                    let mut start = open;
                    while start > 0 && is_ident(b[start - 1]) {
                        start -= 1;
                    }
                    if start == 0 || b[start - 1] != b'.' || start == open {
                        break; // a function call such as `Client::new(cfg)`: the receiver
                    }
                    if &code[start..open] == "client" {
                        break; // `cx.client(Client::new)`: the receiver too
                    }
                    first = Some(code[start..open].to_string());
                    at = start - 1;
                }
                if let Some(name) = first.filter(|n| n != "into_paginator") {
                    found.insert(name);
                }
            }
        }
        found
    }

    /// Method calls that look like operations: `.describe_x(`, `.list_x(`,
    /// `.get_x(`, and any write verb (`.delete_x(`, `.invoke(`).
    fn operation_like_calls(code: &str) -> BTreeSet<String> {
        let b = code.as_bytes();
        let mut found = BTreeSet::new();
        for (i, _) in code.match_indices('.') {
            let start = i + 1;
            let mut end = start;
            while end < b.len() && is_ident(b[end]) {
                end += 1;
            }
            if end >= b.len() || b[end] != b'(' {
                continue;
            }
            let name = &code[start..end];
            let verb = name.split('_').next().unwrap_or_default();
            let reads = ["describe", "list", "get"].contains(&verb) && name.contains('_');
            let writes = WRITE_VERBS.contains(&verb) && !NOT_OPERATIONS.contains(&name);
            // `.send()` ends every chain; it is the request, not an operation.
            if (reads || writes) && name != "send" {
                found.insert(name.to_string());
            }
        }
        found
    }

    /// (file, operation) for every call site under `src/aws/`.
    fn call_sites() -> BTreeSet<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/aws");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        assert!(files.len() >= 8, "the scan found the aws module: {files:?}");
        let mut sites = BTreeSet::new();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("read source");
            let code = code_only(&text);
            let file = path
                .strip_prefix(&root)
                .expect("under src/aws")
                .to_string_lossy()
                .replace('\\', "/");
            for name in sent_operations(&code).into_iter().chain(operation_like_calls(&code)) {
                sites.insert((file.clone(), name));
            }
        }
        sites
    }

    #[test]
    fn every_call_site_is_in_the_table_and_every_row_has_one() {
        let sites = call_sites();
        let adapters = super::super::inventory::LISTINGS.iter().flat_map(|l| {
            let file = format!("inventory/{}.rs", l.kind().to_string().replace('-', "_"));
            l.operations()
                .iter()
                .map(move |o| (o.file.is_none(), file.clone(), o.call))
        });
        let own = OPERATIONS
            .iter()
            .chain(super::super::tagging::OPERATIONS)
            .map(|o| (o.file.is_some(), o.file.unwrap_or_default().to_string(), o.call));
        let table: BTreeSet<(String, String)> = own
            .chain(adapters)
            .map(|(placed, file, call)| {
                assert!(placed, "{call}: an adapter's rows name no file, the others name theirs");
                (file, call.to_string())
            })
            .collect();
        let unlisted: Vec<_> = sites.difference(&table).collect();
        assert!(
            unlisted.is_empty(),
            "AWS operations called but not in src/aws/actions.rs (read-only tool: only Describe/List/Get): {unlisted:?}"
        );
        let unused: Vec<_> = table.difference(&sites).collect();
        assert!(unused.is_empty(), "rows with no call site: {unused:?}");
    }

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
            assert!(
                ["Describe", "List", "Get"].iter().any(|v| name.starts_with(v)),
                "{} is not a read action",
                o.action
            );
            assert!(
                ["describe_", "list_", "get_"].iter().any(|v| o.call.starts_with(v)),
                "{} is not a read call",
                o.call
            );
        }
    }

    #[test]
    fn counted_labels_map_to_actions() {
        // Every label the code counts calls under is a row of the table.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/aws");
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        let mut labels = BTreeSet::new();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("read source");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            // Labels are the `"service:Operation"` literals outside the
            // operation rows (which also name IAM actions).
            let row = |l: &str| {
                ["op(", "inventory(", "inventory_as("]
                    .iter()
                    .any(|r| l.trim_start().starts_with(r))
            };
            for line in code.lines().filter(|l| !row(l)) {
                for (i, part) in line.split('"').enumerate() {
                    let label = i % 2 == 1
                        && part.split_once(':').is_some_and(|(svc, op)| {
                            !svc.is_empty()
                                && svc.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                                && op.starts_with(|c: char| c.is_ascii_uppercase())
                                && op.chars().all(|c| c.is_ascii_alphanumeric())
                        });
                    if label {
                        labels.insert(part.to_string());
                    }
                }
            }
        }
        assert!(labels.len() >= 10, "{labels:?}");
        for label in labels {
            let sdk_made = SDK_MADE.iter().any(|(a, _)| *a == label);
            assert!(action_for(&label).is_some() || sdk_made, "{label} is not in the table");
        }
        assert_eq!(action_for("s3:ListBuckets"), Some("s3:ListAllMyBuckets"));
        assert_eq!(action_for("emr:ListClusters"), Some("elasticmapreduce:ListClusters"));
    }

    #[test]
    fn the_scanner_finds_writes_wherever_they_hide() {
        let code = code_only(
            r#"
            async fn f(client: Client) {
                client.describe_instances().max_results(5).into_paginator().send();
                aws_sdk_sts::Client::new(&cfg)
                    .get_caller_identity()
                    .send()
                    .await;
                let req = client.terminate_instances().instance_ids("i-1");
                req.send().await;
                client.invoke().function_name("f").send().await;
                cx.client(Client::new).list_functions().max_items(1).send().await;
                let t = v.create_time(); // a getter
                // client.delete_bucket().send() in a comment is not code
                let s = "client.put_object().send()";
            }
            #[cfg(test)]
            mod tests { fn g() { client.delete_volume().send(); } }
            "#,
        );
        let sent = sent_operations(&code);
        assert_eq!(
            sent.into_iter().collect::<Vec<_>>(),
            vec!["describe_instances", "get_caller_identity", "invoke", "list_functions"]
        );
        let looks = operation_like_calls(&code);
        assert!(looks.contains("terminate_instances"), "{looks:?}");
        assert!(looks.contains("invoke"), "{looks:?}");
        assert!(!looks.contains("create_time"), "{looks:?}");
        assert!(!looks.contains("delete_bucket") && !looks.contains("put_object") && !looks.contains("delete_volume"));
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
