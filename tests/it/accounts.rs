//! Many accounts (issue #13): an organization in moto with two member
//! accounts plus the default one, reached through `--org-role` and through
//! role profiles in a `--profile` list; a denied AssumeRole fails only its
//! account's cells.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::{MEMBER_ROLE, org};
use crate::support::{Moto, Profile, binary, cell_count, estate, once, run};

const DEFAULT_ACCOUNT: &str = "123456789012";

/// A fresh moto with the organization seeded; `(moto, [(id, name)])`.
fn org_estate() -> (Moto, Vec<(String, String)>) {
    let _ = estate(); // the environment is set up there
    let moto = Moto::start();
    let url = moto.url.clone();
    let members = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(org(&url))
            .expect("seeding the organization")
    })
    .join()
    .expect("seeder thread");
    (moto, members)
}

fn once_json(profile: &Profile, endpoint: &str, extra: &[&str]) -> (i32, Value, String) {
    let (code, out, err) = run(once(profile, endpoint, "json", "us-east-1").args(extra));
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v, err)
}

/// Every account has its cells, every resource names an account of the
/// run, and each member's own security group is in its account only.
/// Appends `sections` to the profile's AWS config file.
fn add_to_config(profile: &Profile, sections: &str) {
    let mut config = std::fs::read_to_string(profile.config()).unwrap();
    config.push_str(sections);
    std::fs::write(profile.config(), config).unwrap();
}

/// One role profile per member, named like the member, assuming its role
/// from `monitor`'s keys.
fn role_profile_sections(members: &[(String, String)]) -> String {
    members
        .iter()
        .map(|(id, name)| {
            format!(
                "[profile {name}]\nregion = us-east-1\nrole_arn = arn:aws:iam::{id}:role/{MEMBER_ROLE}\nsource_profile = monitor\n"
            )
        })
        .collect()
}

/// AssumeRole into the account `id` is refused (AccessDenied).
fn assume_role_denied(id: &'static str) -> Rule {
    Rule {
        region: "us-east-1",
        service: "sts",
        contains: Some(id),
        fault: Fault::QueryError {
            status: 403,
            code: "AccessDenied",
            message: "not authorized to perform sts:AssumeRole",
        },
    }
}

/// `field` of each object in the report's `list`, as text.
fn field_of_each<'a>(v: &'a Value, list: &str, field: &'a str) -> impl Iterator<Item = &'a str> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(move |o| o[field].as_str().unwrap())
}

fn assert_every_account_polled(v: &Value, members: &[(String, String)]) {
    let ids: BTreeSet<&str> = field_of_each(v, "accounts", "id").collect();
    let want: BTreeSet<&str> = members
        .iter()
        .map(|(id, _)| id.as_str())
        .chain([DEFAULT_ACCOUNT])
        .collect();
    assert_eq!(ids, want, "{}", v["accounts"]);
    for id in &want {
        let cells = v["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["account"] == *id)
            .count();
        assert_eq!(cells, cell_count(1), "cells of {id}");
    }
    let resources = v["resources"].as_array().unwrap();
    assert!(
        resources
            .iter()
            .all(|r| ids.contains(r["account"].as_str().unwrap_or("none")))
    );
    for (id, name) in members {
        let group = format!("only-in-{name}");
        let owners: Vec<&str> = resources
            .iter()
            .filter(|r| r["kind"] == "security-group" && r["name"] == group.as_str())
            .map(|r| r["account"].as_str().unwrap())
            .collect();
        assert_eq!(owners, [id.as_str()], "{group}");
    }
}

#[test]
fn org_role_watches_every_account_of_the_organization() {
    let (moto, members) = org_estate();
    let profile = Profile::new("testing", "testing");
    let (code, v, err) = once_json(&profile, &moto.url, &["--org-role", MEMBER_ROLE]);
    assert_eq!(code, 0, "{err}");
    assert_every_account_polled(&v, &members);
    // Each account's listings are cached in a folder of its own.
    let folders: Vec<String> = std::fs::read_dir(profile.dir.path().join("cache").join("aws-monitor"))
        .into_iter()
        .flatten()
        .filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("inventory-") && !n.contains("last-account"))
        .collect();
    for id in members.iter().map(|(id, _)| id.as_str()).chain([DEFAULT_ACCOUNT]) {
        assert!(
            folders.iter().any(|f| f.starts_with(&format!("inventory-{id}"))),
            "{id}: {folders:?}"
        );
    }
    let dev = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "dev")
        .unwrap();
    assert!(dev["source"].as_str().unwrap().contains(MEMBER_ROLE), "{dev}");

    // --accounts keeps a subset, by name or id.
    let (code, v, err) = once_json(&profile, &moto.url, &["--org-role", MEMBER_ROLE, "--accounts", "dev"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["accounts"].as_array().unwrap().len(), 1, "{}", v["accounts"]);
    assert_eq!(v["accounts"][0]["id"], members[0].0.as_str());
    let (code, _, err) = run(binary(&profile).args([
        "--once",
        "--org-role",
        MEMBER_ROLE,
        "--accounts",
        "nope",
        "--endpoint-url",
        &moto.url,
    ]));
    assert_eq!(code, 1);
    assert!(err.starts_with("aws-monitor: no account \"nope\""), "{err}");

    // whoami lists each account.
    let (code, out, err) =
        run(binary(&profile).args(["whoami", "--org-role", MEMBER_ROLE, "--endpoint-url", &moto.url]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Accounts:    3"), "{out}");
    for (id, name) in &members {
        let line = out
            .lines()
            .find(|l| l.contains(id.as_str()))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(
            line.contains(name.as_str()) && line.contains(&format!("arn:aws:sts::{id}:assumed-role/")),
            "{line}"
        );
    }
}

#[test]
fn role_profiles_in_a_profile_list_are_one_account_each() {
    let (moto, members) = org_estate();
    let profile = Profile::new("testing", "testing");
    add_to_config(&profile, &role_profile_sections(&members));
    let (code, v, err) = once_json(&profile, &moto.url, &["--profile", "monitor,dev,prod"]);
    assert_eq!(code, 0, "{err}");
    assert_every_account_polled(&v, &members);
    let names: Vec<&str> = field_of_each(&v, "accounts", "name").collect();
    assert_eq!(names, ["monitor", "dev", "prod"]);

    // doctor checks each account in turn.
    let (code, out, err) = run(binary(&profile).args([
        "doctor",
        "--profile",
        "monitor,dev,prod",
        "--regions",
        "us-east-1",
        "--endpoint-url",
        &moto.url,
    ]));
    assert_eq!(code, 0, "{out}{err}");
    for (id, name) in members
        .iter()
        .map(|(i, n)| (i.as_str(), n.as_str()))
        .chain([(DEFAULT_ACCOUNT, "monitor")])
    {
        assert!(out.contains(&format!("== account {id} {name}")), "{out}");
    }
}

#[test]
fn two_profiles_of_one_account_poll_it_once() {
    let (moto, _members) = org_estate();
    let profile = Profile::new("testing", "testing");
    // A second key profile with the same keys: the same (default) account.
    add_to_config(
        &profile,
        "[profile twin]\nregion = us-east-1\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    let (code, v, err) = once_json(&profile, &moto.url, &["--profile", "monitor,twin"]);
    assert_eq!(code, 0, "{err}");
    let accounts = v["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1, "{accounts:?}");
    assert_eq!(
        (accounts[0]["id"].as_str(), accounts[0]["name"].as_str()),
        (Some(DEFAULT_ACCOUNT), Some("monitor"))
    );
    let ids: Vec<&str> = field_of_each(&v, "resources", "id").collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert!(!ids.is_empty());
    assert_eq!(ids.len(), unique.len(), "each resource once: {ids:?}");
}

#[test]
fn a_denied_assume_role_fails_only_that_accounts_cells() {
    let (moto, members) = org_estate();
    let prod: &'static str = Box::leak(members[1].0.clone().into_boxed_str());
    // AssumeRole into prod is refused; every other call goes through.
    let proxy = FaultProxy::start(moto.port, vec![assume_role_denied(prod)]);
    let profile = Profile::new("testing", "testing");
    let (code, v, err) = once_json(&profile, &proxy.url, &["--org-role", MEMBER_ROLE]);
    assert_eq!(code, 2, "a failed cell exits 2: {err}");
    let outcomes = v["outcomes"].as_array().unwrap();
    for o in outcomes {
        if o["account"] == prod {
            assert_eq!(o["status"], "error", "{o}");
            assert!(o["error"].as_str().unwrap().starts_with("AccessDenied"), "{o}");
        } else {
            assert_eq!(o["status"], "ok", "{o}");
        }
    }
    assert_eq!(outcomes.iter().filter(|o| o["account"] == prod).count(), cell_count(1));
    assert!(
        v["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "only-in-dev")
    );
}

#[test]
fn the_tui_shows_the_account_column_and_the_account_picker() {
    let (moto, members) = org_estate();
    let profile = Profile::new("testing", "testing");
    let dir = profile.dir.path();
    let script = dir.join("tui-accounts.sh");
    std::fs::write(
        &script,
        format!(
            "export AWS_CONFIG_FILE='{}' AWS_SHARED_CREDENTIALS_FILE='{}' AWS_EC2_METADATA_DISABLED=true XDG_STATE_HOME='{}' XDG_CACHE_HOME='{}' TERM=xterm-256color\n\
             unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL\n\
             '{}' --endpoint-url '{}' --regions us-east-1 --org-role {MEMBER_ROLE}\nsleep 30\n",
            profile.config().display(),
            profile.credentials().display(),
            dir.join("state").display(),
            dir.join("cache").display(),
            env!("CARGO_BIN_EXE_aws-monitor"),
            moto.url,
        ),
    )
    .unwrap();
    let tmux = crate::tui::Tmux::start("aws-monitor-accounts", &script);
    // The security groups view: one group only each member can see.
    tmux.wait_for("the first cycle", |s| {
        s.contains("3 of 3 accounts") && s.contains("refreshed")
    });
    tmux.keys(&[":"]);
    tmux.type_text("sg");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the ACCOUNT column", |s| {
        s.contains("ACCOUNT") && s.contains("only-in-dev") && s.contains("only-in-prod")
    });
    let dev_row = screen.lines().find(|l| l.contains("only-in-dev")).unwrap();
    assert!(dev_row.contains(" dev "), "the row names its account: {dev_row}");
    // `a` opens the account picker; unticking dev hides its rows.
    tmux.keys(&["a"]);
    let picker = tmux.wait_for("the account picker", |s| s.contains("Accounts · 3 selected"));
    for (id, name) in &members {
        assert!(picker.contains(&format!("[x] {id} {name}")), "{picker}");
    }
    let items: Vec<&str> = picker.lines().filter(|l| l.contains("[x] ")).collect();
    tmux.down_to(&items, " dev ");
    tmux.keys(&["Space"]);
    tmux.wait_for("dev unticked", |s| s.contains("Accounts · 2 selected"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("dev hidden", |s| {
        s.contains("2 of 3 accounts") && !s.contains("only-in-dev")
    });
    assert!(screen.contains("only-in-prod"), "{screen}");
    tmux.keys(&["q"]);
}

/// Queues one month-to-date answer for `account`'s next Cost Explorer query.
fn queue_cost(moto: &Moto, account: &str, groups: &[(&str, &str)]) {
    let today = chrono::Utc::now().date_naive();
    let start = chrono::Datelike::with_day0(&today, 0).unwrap_or(today);
    let period = serde_json::json!({"Start": start.to_string(), "End": today.succ_opt().unwrap().to_string()});
    let groups: Vec<Value> = groups
        .iter()
        .map(|(k, v)| serde_json::json!({"Keys": [k], "Metrics": {"UnblendedCost": {"Amount": v, "Unit": "USD"}}}))
        .collect();
    let result = serde_json::json!({"ResultsByTime": [{"TimePeriod": period, "Total": {}, "Groups": groups, "Estimated": true}]});
    moto.post(
        "/moto-api/static/ce/cost-and-usage-results",
        &serde_json::json!({"results": [result], "account_id": account}).to_string(),
    );
}

fn by_account(v: &Value) -> Vec<(String, String)> {
    v["cost"]["by_account"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", v["cost"]))
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_string(),
                l["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn org_cost_is_asked_once_with_a_by_account_breakdown() {
    let (moto, members) = org_estate();
    // Asked in this order: by service, by region, by linked account.
    queue_cost(&moto, DEFAULT_ACCOUNT, &[("Amazon EC2", "35.00")]);
    queue_cost(&moto, DEFAULT_ACCOUNT, &[("us-east-1", "35.00")]);
    let (dev, prod) = (members[0].0.as_str(), members[1].0.as_str());
    queue_cost(
        &moto,
        DEFAULT_ACCOUNT,
        &[(dev, "10.00"), (prod, "20.00"), (DEFAULT_ACCOUNT, "5.00")],
    );
    let profile = Profile::new("testing", "testing");
    let (code, v, err) = once_json(&profile, &moto.url, &["--org-role", MEMBER_ROLE, "--cost"]);
    assert_eq!(code, 0, "{err}");
    let lines = by_account(&v);
    assert!(lines.contains(&("prod".into(), "20.00".into())), "{lines:?}");
    assert!(lines.contains(&("dev".into(), "10.00".into())), "{lines:?}");
    let asked = v["cost"]["calls"]["ce:GetCostAndUsage"].as_u64().unwrap();
    assert_eq!(asked, 4, "service, region, account, daily: once for the organization");
}

#[test]
fn a_profile_list_asks_cost_explorer_once_per_account_and_adds_up() {
    let (moto, members) = org_estate();
    let profile = Profile::new("testing", "testing");
    add_to_config(&profile, &role_profile_sections(&members));
    for (id, name) in &members {
        queue_cost(
            &moto,
            id,
            &[("Amazon EC2", if name == "dev" { "10.00" } else { "20.00" })],
        );
    }
    queue_cost(&moto, DEFAULT_ACCOUNT, &[("Amazon EC2", "5.00")]);
    let (code, v, err) = once_json(&profile, &moto.url, &["--profile", "monitor,dev,prod", "--cost"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        by_account(&v),
        [("prod", "20.00"), ("dev", "10.00"), ("monitor", "5.00")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(v["cost"]["month_to_date"]["amount"], "35.00");
    let asked = v["cost"]["calls"]["ce:GetCostAndUsage"].as_u64().unwrap();
    assert_eq!(asked, 3 * 3, "service, region, daily: once per account");
}

#[test]
fn policy_adds_the_org_actions_only_for_the_org_feature() {
    let profile = Profile::new("testing", "testing");
    let (code, org, _) = run(binary(&profile).args(["policy", "--feature", "org"]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&org).unwrap();
    assert_eq!(
        v["Statement"][0]["Action"],
        serde_json::json!(["organizations:ListAccounts", "sts:AssumeRole"])
    );
    let (_, default, _) = run(binary(&profile).arg("policy"));
    assert!(
        !default.contains("organizations:") && !default.contains("sts:AssumeRole"),
        "{default}"
    );
}

/// An account whose role was refused is asked again each cycle, and polled
/// as soon as the role works.
#[tokio::test(flavor = "multi_thread")]
async fn a_denied_account_is_polled_once_its_role_works() {
    let (moto, members) = tokio::task::spawn_blocking(org_estate).await.unwrap();
    let prod: &'static str = Box::leak(members[1].0.clone().into_boxed_str());
    let denied = assume_role_denied(prod);
    let proxy = FaultProxy::start(moto.port, vec![denied]);
    let settings = aws_monitor::aws::AwsSettings {
        endpoint_url: Some(proxy.url.clone()),
        ..Default::default()
    };
    let choice = aws_monitor::aws::AccountChoice {
        org_role: Some(MEMBER_ROLE.into()),
        ..Default::default()
    };
    let fleet = aws_monitor::aws::Fleet::load(&settings, &choice).await.expect("fleet");
    let prod_cells = |fleet: aws_monitor::aws::Fleet| async move {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let config = aws_monitor::poller::PollerConfig::default();
        aws_monitor::poller::run_cycle(fleet, 1, vec!["us-east-1".into()], config, tx).await;
        let mut failed = (0, 0);
        while let Ok(event) = rx.try_recv() {
            if let aws_monitor::poller::Event::Inventory { fetch, .. } = event
                && fetch.account.to_string() == prod
            {
                match fetch.outcome {
                    aws_monitor::model::End::Failed(_) => failed.0 += 1,
                    _ => failed.1 += 1,
                }
            }
        }
        failed
    };
    assert_eq!(
        prod_cells(fleet.clone()).await,
        (cell_count(1), 0),
        "denied: every prod cell fails"
    );
    proxy.set(vec![]);
    assert_eq!(
        prod_cells(fleet).await,
        (0, cell_count(1)),
        "the role works again: prod is polled"
    );
}

/// A region the account has not enabled is a failed cell of that account,
/// with no call made; its other regions are listed.
#[tokio::test(flavor = "multi_thread")]
async fn a_region_not_enabled_in_an_account_fails_only_its_cells() {
    let estate = estate();
    let settings = aws_monitor::aws::AwsSettings {
        endpoint_url: Some(estate.moto.url.clone()),
        ..Default::default()
    };
    let aws = std::sync::Arc::new(aws_monitor::aws::Aws::load(&settings).await.expect("load"));
    let info = aws_monitor::model::AccountInfo {
        id: aws_monitor::model::AccountId::parse(DEFAULT_ACCOUNT).unwrap(),
        name: "monitor".into(),
        source: "profile monitor".into(),
    };
    let mut member = aws_monitor::aws::Member::new(info, aws, None);
    member.regions = Some(vec!["us-east-1".into()]);
    let fleet = aws_monitor::aws::Fleet::new(vec![member]);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let regions = vec!["us-east-1".to_string(), "eu-west-1".to_string()];
    let stats = aws_monitor::poller::run_cycle(fleet, 1, regions, Default::default(), tx).await;
    let mut by_region = std::collections::BTreeMap::<String, (usize, usize)>::new();
    while let Ok(event) = rx.try_recv() {
        if let aws_monitor::poller::Event::Inventory { fetch, .. } = event {
            let e = by_region.entry(fetch.region.clone()).or_default();
            match fetch.outcome {
                aws_monitor::model::End::Failed(err) => {
                    assert_eq!(err.code, "RegionNotEnabled", "{}: {err}", fetch.region);
                    e.0 += 1;
                }
                _ => e.1 += 1,
            }
        }
    }
    let regional = cell_count(1) - cell_count(0);
    assert_eq!(by_region["eu-west-1"], (regional, 0), "every eu-west-1 cell fails");
    assert_eq!(by_region["us-east-1"], (0, regional));
    assert_eq!(stats.errors as usize, regional);
}
