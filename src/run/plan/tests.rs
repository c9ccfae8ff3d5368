use std::collections::BTreeMap;
use std::time::Duration;

use clap::Parser;

use super::*;
use crate::config::AccountSet;
use crate::model::{AccountId, AwsError, ResourceKind};
use crate::presets::Preset;

fn cli(args: &[&str]) -> Cli {
    Cli::try_parse_from(std::iter::once("aws-monitor").chain(args.iter().copied())).expect("flags parse")
}

/// The one line `main` prints for an error.
fn line<T>(result: anyhow::Result<T>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => format!("{e:#}"),
    }
}

fn plan(args: &[&str]) -> anyhow::Result<Plan> {
    Plan::new(&cli(args), Config::default())
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn flag_combinations_clap_cannot_refuse_are_one_line_each() {
    assert_eq!(
        line(plan(&["--once", "--changes"])),
        "--changes needs --output json: changes are a list beside the resources"
    );
    assert_eq!(
        line(plan(&["--once", "--changes", "--output", "json", "--no-cache"])),
        "--changes compares with the inventory cache of the last run; drop --no-cache"
    );
    assert_eq!(
        line(plan(&["--once", "--metrics", "--output", "csv"])),
        "--metrics needs --output json: metrics are series, which csv and table do not hold"
    );
    // The output format is named first when both are wrong.
    assert!(line(plan(&["--once", "--changes", "--no-cache"])).starts_with("--changes needs --output json"));
    for fine in [
        &["--once", "--changes", "--output", "json"][..],
        &["--once", "--metrics", "--output", "json"],
        &["--once", "--no-cache", "--output", "csv"],
        &[],
    ] {
        assert!(plan(fine).is_ok(), "{fine:?}");
    }
}

#[test]
fn bad_values_are_one_line_in_the_order_they_are_checked() {
    assert!(line(plan(&["--regions", "US_EAST"])).starts_with("bad region \"US_EAST\" in --regions"));
    assert_eq!(
        line(plan(&["--regions", " , "])),
        "--regions is empty: name regions like us-east-1,eu-west-1, or `all`"
    );
    assert_eq!(line(plan(&["--tag", "=x"])), "bad tag filter \"=x\": missing key");
    assert_eq!(
        line(plan(&["--preset", "prod"])),
        "no preset \"prod\": there is no config file (`aws-monitor config init` writes one)"
    );
    // The preset, then the regions, then the tag filter, then the combinations.
    assert!(line(plan(&["--preset", "prod", "--regions", "US_EAST"])).starts_with("no preset"));
    assert!(line(plan(&["--regions", "US_EAST", "--tag", "=x"])).starts_with("bad region"));
    assert!(line(plan(&["--once", "--tag", "=x", "--changes"])).starts_with("bad tag filter"));
}

#[test]
fn the_regions_wanted_come_from_flag_over_preset_over_config() {
    let config = Config {
        settings: Preset {
            regions: Some(Regions::Named(strings(&["eu-west-1"]))),
            ..Default::default()
        },
        presets: BTreeMap::from([(
            "prod".to_string(),
            Preset {
                regions: Some(Regions::Named(strings(&["us-east-1"]))),
                refresh: Some(Duration::from_secs(30)),
                tag: Some(strings(&["Team"])),
                ..Default::default()
            },
        )]),
        ..Default::default()
    };
    let with = |args: &[&str]| Plan::new(&cli(args), config.clone()).expect("plan");
    assert_eq!(with(&[]).wanted, Some(strings(&["eu-west-1"])));
    let prod = with(&["--preset", "prod"]);
    assert_eq!(prod.wanted, Some(strings(&["us-east-1"])));
    assert_eq!(prod.start.refresh, Duration::from_secs(30));
    assert_eq!(prod.filter, TagFilter::parse_all(&["Team"]).expect("filter"));
    assert_eq!(
        with(&["--preset", "prod", "--regions", "all"]).wanted,
        None,
        "`all` is every region"
    );
    assert_eq!(
        with(&["--regions", "ap-south-1,ap-south-1"]).wanted,
        Some(strings(&["ap-south-1"]))
    );
    assert_eq!(
        plan(&[]).expect("plan").wanted,
        None,
        "no setting anywhere: every region"
    );
}

fn config_with_sets() -> Config {
    Config {
        accounts: BTreeMap::from([
            (
                "teams".to_string(),
                AccountSet {
                    profiles: strings(&["a", "b", "c"]),
                    org_role: None,
                    accounts: strings(&["b"]),
                },
            ),
            (
                "org".to_string(),
                AccountSet {
                    profiles: strings(&["mgmt"]),
                    org_role: Some("ReadOnly".into()),
                    accounts: Vec::new(),
                },
            ),
        ]),
        ..Default::default()
    }
}

#[test]
fn the_account_choice_takes_the_set_under_the_flags() {
    let config = config_with_sets();
    let choice = |args: &[&str]| account_choice(&cli(args), &config);
    assert_eq!(
        choice(&[]).expect("choice"),
        AccountChoice::default(),
        "no flag, no set: the one profile"
    );
    assert_eq!(
        choice(&["--profile", "prod, dev,"]).expect("choice"),
        AccountChoice {
            profiles: strings(&["prod", "dev"]),
            ..Default::default()
        }
    );
    assert_eq!(
        choice(&["--accounts-set", "teams"]).expect("choice"),
        AccountChoice {
            profiles: strings(&["a", "b", "c"]),
            org_role: None,
            only: strings(&["b"]),
        }
    );
    // Each flag wins over the set's field, the others stay the set's.
    assert_eq!(
        choice(&["--accounts-set", "teams", "--profile", "x,y", "--accounts", "y"]).expect("choice"),
        AccountChoice {
            profiles: strings(&["x", "y"]),
            org_role: None,
            only: strings(&["y"]),
        }
    );
    assert_eq!(
        choice(&["--accounts-set", "org", "--org-role", "Audit"]).expect("choice"),
        AccountChoice {
            profiles: strings(&["mgmt"]),
            org_role: Some("Audit".into()),
            only: Vec::new(),
        }
    );
    assert_eq!(
        choice(&["--org-role", "Audit", "--accounts", "dev"])
            .expect("choice")
            .only,
        strings(&["dev"])
    );
}

#[test]
fn accounts_without_several_accounts_and_an_unknown_set_are_one_line() {
    let config = config_with_sets();
    let subset = "--accounts keeps a subset of several accounts: name them with --profile a,b or --org-role ROLE";
    assert_eq!(line(account_choice(&cli(&["--accounts", "dev"]), &config)), subset);
    assert_eq!(
        line(account_choice(
            &cli(&["--profile", "one", "--accounts", "dev"]),
            &config
        )),
        subset
    );
    assert_eq!(
        line(account_choice(
            &cli(&["--accounts-set", "teams", "--profile", "one"]),
            &config
        )),
        subset,
        "the set's subset with the flag's one profile"
    );
    assert_eq!(
        line(account_choice(&cli(&["--accounts-set", "nope"]), &Config::default())),
        "no account set \"nope\": there is no config file (`aws-monitor config init` writes one)"
    );
}

#[test]
fn several_accounts_are_two_profiles_or_an_organization() {
    let with = |profiles: &[&str], org_role: Option<&str>| {
        several(&AccountChoice {
            profiles: strings(profiles),
            org_role: org_role.map(str::to_string),
            only: Vec::new(),
        })
    };
    assert!(!with(&[], None));
    assert!(!with(&["prod"], None));
    assert!(with(&["prod", "dev"], None));
    assert!(with(&[], Some("ReadOnly")));
}

#[test]
fn aws_settings_take_the_first_profile_and_a_non_empty_endpoint() {
    let flags = cli(&["--endpoint-url", "", "--call-timeout", "7s"]);
    let choice = AccountChoice {
        profiles: strings(&["prod", "dev"]),
        ..Default::default()
    };
    let settings = aws_settings(&flags, &choice);
    assert_eq!(settings.profile_flag.as_deref(), Some("prod"));
    assert_eq!(settings.endpoint_url, None, "an empty endpoint is none");
    assert_eq!(settings.call_timeout, Duration::from_secs(7));
    let flags = cli(&["--endpoint-url", "http://127.0.0.1:5000"]);
    let settings = aws_settings(&flags, &AccountChoice::default());
    assert_eq!(settings.profile_flag, None);
    assert_eq!(settings.endpoint_url.as_deref(), Some("http://127.0.0.1:5000"));
}

#[test]
fn the_profile_is_named_or_the_default_chain() {
    assert_eq!(profile_name(&CredentialChoice::Profile("prod".into())), "prod");
    assert_eq!(profile_name(&CredentialChoice::DefaultChain), "default chain");
}

fn info(id: &str) -> AccountInfo {
    AccountInfo {
        id: AccountId::parse(id).expect("id"),
        name: String::new(),
        source: String::new(),
    }
}

#[test]
fn the_cost_cache_key_keeps_one_account_an_organization_and_several_apart() {
    let one = [info("111111111111")];
    let two = [info("111111111111"), info("222222222222")];
    assert_eq!(cost_key(false, &one, "111111111111"), "111111111111");
    assert_eq!(cost_key(true, &two, "111111111111"), "111111111111-org");
    assert_eq!(cost_key(true, &one, "111111111111"), "111111111111-org");
    assert_eq!(cost_key(false, &two, "111111111111"), "111111111111+222222222222");
}

#[test]
fn a_fleets_regions_are_those_named_else_every_region_any_account_enabled() {
    let enabled = [
        Some(strings(&["us-east-1", "eu-west-1"])),
        None,
        Some(strings(&["eu-west-1", "ap-south-1"])),
    ];
    assert_eq!(
        fleet_regions(&enabled, None).expect("regions"),
        strings(&["ap-south-1", "eu-west-1", "us-east-1"])
    );
    assert_eq!(
        fleet_regions(&enabled, Some(strings(&["sa-east-1"]))).expect("regions"),
        strings(&["sa-east-1"]),
        "a named list is kept as given"
    );
    assert_eq!(
        line(fleet_regions(&[None, Some(Vec::new())], None)),
        "cannot list the enabled regions of any account; name them with --regions"
    );
}

#[test]
fn one_accounts_named_regions_are_checked_against_those_enabled() {
    let enabled = || Ok::<_, AwsError>(strings(&["us-east-1", "eu-west-1"]));
    let failed = || Err::<Vec<String>, _>(AwsError::new("UnauthorizedOperation", "denied"));
    assert_eq!(
        check_regions(None, enabled()).expect("all"),
        strings(&["us-east-1", "eu-west-1"])
    );
    assert_eq!(
        check_regions(Some(strings(&["eu-west-1"])), enabled()).expect("named"),
        strings(&["eu-west-1"])
    );
    assert_eq!(
        line(check_regions(Some(strings(&["eu-west-1", "us-east-9"])), enabled())),
        "region \"us-east-9\" in --regions is not enabled for this account (enabled: us-east-1,eu-west-1)"
    );
    assert_eq!(
        line(check_regions(None, failed())),
        "cannot list the enabled regions (UnauthorizedOperation: denied); name them with --regions"
    );
    assert_eq!(
        check_regions(Some(strings(&["us-east-9"])), failed()).expect("as given"),
        strings(&["us-east-9"]),
        "unchecked when the regions cannot be listed"
    );
}

#[test]
fn the_first_frame_shows_the_regions_named_else_the_cached_ones() {
    let cached = |region: &str| Cached {
        region: region.to_string(),
        kind: ResourceKind::Ec2Instance,
        at: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("time"),
        resources: Vec::new(),
    };
    let on_disk = [
        cached("us-east-1"),
        cached(crate::model::GLOBAL),
        cached("eu-west-1"),
        cached("us-east-1"),
    ];
    assert_eq!(shown_regions(None, &on_disk), strings(&["eu-west-1", "us-east-1"]));
    assert_eq!(
        shown_regions(Some(&strings(&["ap-south-1"])), &on_disk),
        strings(&["ap-south-1"])
    );
    assert!(shown_regions(None, &[cached(crate::model::GLOBAL)]).is_empty());
}
