//! The call-site scan: every AWS operation called under `src/aws/` is a
//! row of the table ([`super::actions::operations`]), every row has a call
//! site, and no file but `ops.rs` spells an operation's label.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::actions::{SDK_MADE, operations};
use super::ops::OUTSIDE_INVENTORY;

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
    "tag_descriptions",
    "tag_list",
    "tag_set",
    "write_str",
];

/// Every `.rs` file under `dir`, recursively, but for test-only modules
/// (declared `#[cfg(test)] mod x;`, like this file).
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let parent = std::fs::read_to_string(dir.join("mod.rs")).unwrap_or_default();
    for entry in std::fs::read_dir(dir).expect("read src/aws").flatten() {
        let path = entry.path();
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !parent.contains(&format!("#[cfg(test)]\nmod {stem};"))
        {
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
    let adapters = super::inventory::LISTINGS.iter().flat_map(|l| {
        let file = format!("inventory/{}.rs", l.kind().to_string().replace('-', "_"));
        l.operations()
            .iter()
            .map(move |o| (o.file.is_none(), file.clone(), o.call))
    });
    let own = OUTSIDE_INVENTORY
        .iter()
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
        "AWS operations called but not in the table (src/aws/ops.rs; read-only tool: only Describe/List/Get): {unlisted:?}"
    );
    let unused: Vec<_> = table.difference(&sites).collect();
    assert!(unused.is_empty(), "rows with no call site: {unused:?}");
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

/// The `"service:Operation"` literals of a file's code (outside its
/// tests).
fn label_literals(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut labels = BTreeSet::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
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
    labels
}

/// An operation is spelt once, in `ops.rs`: every other file names its
/// constant (`ec2::DESCRIBE_INSTANCES`), which the compiler checks.
#[test]
fn labels_are_spelt_only_in_ops() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/aws");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut spelt = Vec::new();
    for path in files.iter().filter(|p| !p.ends_with("ops.rs")) {
        let text = std::fs::read_to_string(path).expect("read source");
        for label in label_literals(&text) {
            let sdk_made = SDK_MADE.iter().any(|(a, _)| *a == label);
            if !sdk_made {
                spelt.push(format!("{}: {label}", path.display()));
            }
        }
    }
    assert!(spelt.is_empty(), "name the constant of aws::ops instead: {spelt:?}");
    let ops = std::fs::read_to_string(root.join("ops.rs")).expect("read ops.rs");
    let in_ops = label_literals(&ops);
    assert!(in_ops.len() >= 25, "{in_ops:?}");
    for label in in_ops {
        let known = operations().iter().any(|o| o.api == label || o.action == label);
        assert!(known, "{label}: an operation of ops.rs in no table row");
    }
}

#[test]
fn label_literals_are_found() {
    let found = label_literals("f(\"ec2:DescribeInstances\", \"lambda:function\");\n// \"s3:ListBuckets\"\n");
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["ec2:DescribeInstances"]);
}
