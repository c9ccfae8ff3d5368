use clap::Parser;

use super::*;
use crate::model::AccountId;

fn cli(args: &[&str]) -> Cli {
    Cli::try_parse_from(std::iter::once("aws-monitor").chain(args.iter().copied())).expect("flags parse")
}

/// What `offline` prints and returns for these flags.
fn offline_run(args: &[&str]) -> (Option<u8>, String) {
    let mut out = Vec::new();
    let code = offline(&cli(args), &mut out).expect("offline");
    (code, String::from_utf8(out).expect("utf-8"))
}

#[test]
fn policy_prints_the_features_named_else_every_default_one() {
    assert_eq!(offline_run(&["policy"]), (Some(0), policy_json(Feature::ALL)));
    let (code, cost) = offline_run(&["policy", "--feature", "cost"]);
    assert_eq!((code, cost.as_str()), (Some(0), policy_json(&[Feature::Cost]).as_str()));
    assert_ne!(cost, policy_json(Feature::ALL), "a feature named is a subset");
    assert_eq!(
        offline_run(&["policy", "--feature", "org", "--feature", "identity"]).1,
        policy_json(&[Feature::Org, Feature::Identity])
    );
}

#[test]
fn completions_and_man_print_without_aws() {
    let (code, bash) = offline_run(&["completions", "bash"]);
    assert_eq!(code, Some(0));
    assert!(bash.contains("aws-monitor") && bash.contains("--regions"), "{bash}");
    let (code, man) = offline_run(&["man"]);
    assert_eq!(code, Some(0));
    assert!(man.contains(".TH aws-monitor"), "{man}");
    assert!(
        man.contains(".SH \"AWS\\-MONITOR WHOAMI\""),
        "a section per subcommand: {man}"
    );
}

#[test]
fn config_init_writes_the_template_where_config_says_and_keeps_a_file_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub/config.toml");
    let path_text = path.display().to_string();
    let (code, out) = offline_run(&["--config", &path_text, "config", "init"]);
    assert_eq!((code, out), (Some(0), format!("wrote {path_text}\n")));
    assert_eq!(
        std::fs::read_to_string(&path).expect("written"),
        crate::config::template()
    );
    std::fs::write(&path, "# mine\n").expect("write");
    let err = offline(&cli(&["--config", &path_text, "config", "init"]), &mut Vec::new()).expect_err("exists");
    assert_eq!(
        err.to_string(),
        format!("{path_text} exists; `aws-monitor config init --force` overwrites it")
    );
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "# mine\n");
    let (code, _) = offline_run(&["--config", &path_text, "config", "init", "--force"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        std::fs::read_to_string(&path).expect("overwritten"),
        crate::config::template()
    );
}

#[test]
fn the_other_commands_are_not_offline_and_print_nothing() {
    for args in [&["whoami"][..], &["doctor"], &[], &["--once"]] {
        assert_eq!(offline_run(args), (None, String::new()), "{args:?}");
    }
}

#[test]
fn whoami_prints_the_user_only_for_a_user() {
    let identity = Identity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/ada".into(),
        source: "profile monitor".into(),
    };
    assert_eq!(
        whoami_text(&identity, Some("ada"), "eu-west-1"),
        "Account:     123456789012\n\
         ARN:         arn:aws:iam::123456789012:user/ada\n\
         User:        ada\n\
         Credentials: profile monitor\n\
         Region:      eu-west-1\n"
    );
    assert!(!whoami_text(&identity, None, "eu-west-1").contains("User:"));
}

fn info(id: &str, name: &str, source: &str) -> AccountInfo {
    AccountInfo {
        id: AccountId::parse(id).expect("id"),
        name: name.into(),
        source: source.into(),
    }
}

#[test]
fn whoami_over_several_accounts_is_a_line_each_and_2_when_one_fails() {
    let prod = info("111111111111", "prod", "profile prod");
    let dev = info("222222222222", "dev", "profile dev");
    let rows = [
        (&prod, Ok("arn:aws:iam::111111111111:user/ada".to_string())),
        (&dev, Err(AwsError::new("ExpiredToken", "run aws sso login"))),
    ];
    let (text, code) = whoami_all_text(rows.into_iter());
    assert_eq!(code, 2);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Accounts:    2");
    assert_eq!(
        lines[1],
        format!(
            "  111111111111  {:<20} {:<40} arn:aws:iam::111111111111:user/ada",
            "prod", "profile prod"
        )
    );
    assert!(
        lines[2].ends_with(" error: ExpiredToken: run aws sso login"),
        "{}",
        lines[2]
    );
    assert_eq!(lines.len(), 3);
    let (_, code) = whoami_all_text([(&prod, Ok("arn".to_string()))].into_iter());
    assert_eq!(code, 0, "every account answered");
}

#[test]
fn doctor_names_each_account_above_its_findings() {
    assert_eq!(
        doctor_heading(&info("111111111111", "prod", "profile prod")),
        "== account 111111111111 prod (profile prod)\n"
    );
}
