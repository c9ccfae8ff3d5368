//! Command-line flags.

use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use crate::defaults;

const EXAMPLES: &str = "\
Examples:
  aws-monitor                                  watch every enabled region (profile `monitor`)
  aws-monitor --profile prod --regions us-east-1,eu-west-1
  aws-monitor --once --output json --tag Environment=production
  aws-monitor --once --output csv --tag 'Team !Temp' > inventory.csv
  aws-monitor --once --cost --cost-tag Team --output json   adds Cost Explorer figures ($0.01 a request)
  aws-monitor whoami                           who am I, and where do the credentials come from
  aws-monitor policy > aws-monitor-policy.json the minimal IAM policy to attach
  aws-monitor doctor --regions us-east-1       what works, what is denied and the missing action
  aws-monitor --endpoint-url http://127.0.0.1:5000 whoami   against a local emulator";

/// A terminal dashboard that watches a whole AWS estate across every region at once. Read-only.
#[derive(Debug, Parser)]
#[command(name = "aws-monitor", version, after_help = EXAMPLES)]
pub struct Cli {
    /// AWS profile, or several comma separated (one account each: key, SSO or role profiles)
    /// [default: $AWS_PROFILE, else `monitor`, else the default credential chain]
    #[arg(long, global = true, value_name = "NAME[,NAME...]")]
    pub profile: Option<String>,

    /// Watch every ACTIVE account of the organization: list them from the first profile
    /// (organizations:ListAccounts) and assume this role in each (sts:AssumeRole)
    #[arg(long, global = true, value_name = "ROLE")]
    pub org_role: Option<String>,

    /// Keep only these accounts (12-digit ids or account names, comma separated)
    #[arg(long, global = true, value_name = "LIST")]
    pub accounts: Option<String>,

    /// Watch the accounts of a config set (`[accounts.NAME]`: profiles or org_role); flags win
    #[arg(long, global = true, value_name = "NAME")]
    pub accounts_set: Option<String>,

    /// Regions to watch, comma separated, or `all` for every enabled region [default: the
    /// preset's, else the config's, else all]
    #[arg(long, global = true, value_name = "LIST")]
    pub regions: Option<String>,

    /// Start with the settings of a preset from the config file (`[presets.NAME]`); flags win
    #[arg(long, global = true, value_name = "NAME")]
    pub preset: Option<String>,

    /// Send every AWS call to this endpoint (a local emulator)
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Keep resources whose tags match, e.g. `Environment=prod,staging`, `Team`, `!Temp`; repeat to AND
    #[arg(long = "tag", value_name = "FILTER")]
    pub tags: Vec<String>,

    /// Run one cycle, print it and exit (2 when any region/service failed)
    #[arg(long)]
    pub once: bool,

    /// With --once --output json: add the last hour of CloudWatch metrics of every resource shown
    /// (GetMetricData, $0.01 per 1,000 metrics)
    #[arg(long, requires = "once")]
    pub metrics: bool,

    /// With --once: add findings (what is broken, exposed or wasting money; no extra AWS calls)
    #[arg(long, requires = "once")]
    pub findings: bool,

    /// With --once: exit 3 when a finding at or above this severity is present (implies
    /// --findings; exit 2 for a failed cell wins)
    #[arg(long, value_enum, value_name = "SEVERITY", requires = "once")]
    pub fail_on: Option<crate::findings::Severity>,

    /// With --once --output json: add what was added, removed or changed state since the last
    /// run (against the inventory cache it left)
    #[arg(long, requires = "once")]
    pub changes: bool,

    /// Output format of --once
    #[arg(long, value_enum, default_value_t = OutputFormat::Table, requires = "once")]
    pub output: OutputFormat,

    /// Time between refreshes [default: the preset's, else the config's, else 60s]
    #[arg(long, value_parser = parse_interval, value_name = "DURATION")]
    pub refresh: Option<Duration>,

    /// Most AWS listings in flight at once
    #[arg(long, default_value_t = defaults::CONCURRENCY, value_parser = clap::value_parser!(u16).range(1..=512), value_name = "N")]
    pub concurrency: u16,

    /// Longest one AWS call may take, retries included
    #[arg(long, default_value_t = defaults::CALL_TIMEOUT.into(), value_name = "DURATION")]
    pub call_timeout: humantime::Duration,

    /// With --once: add Cost Explorer figures (from the disk cache when fresh; else about 5 requests at $0.01)
    #[arg(long, requires = "once")]
    pub cost: bool,

    /// Tag key for cost by tag [default: the cached figures' key; in the TUI, `b` picks one]
    #[arg(long, global = true, value_name = "KEY")]
    pub cost_tag: Option<String>,

    /// How long cost figures are reused from the disk cache before Cost Explorer is asked again
    #[arg(long, global = true, default_value_t = defaults::COST_TTL.into(), value_name = "DURATION")]
    pub cost_ttl: humantime::Duration,

    /// Neither read nor write the inventory cache (the TUI starts empty, as --once always does)
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Config file [default: ~/.config/aws-monitor/config.toml when present]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<std::path::PathBuf>,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Print the account, ARN and credential source, after an identity call
    Whoami,
    /// Check credentials, identity and each service in each region; name what is denied
    Doctor,
    /// Print the minimal IAM policy (JSON) for the features named, or all of them
    Policy {
        /// Only these features; repeat for more
        #[arg(long = "feature", value_enum, value_name = "FEATURE")]
        features: Vec<crate::model::Feature>,
    },
    /// Print the shell completion script, e.g. `aws-monitor completions bash > /etc/bash_completion.d/aws-monitor`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `aws-monitor man | man -l -`
    Man,
    /// The config file
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Print what a log group or a resource wrote to CloudWatch Logs, as `aws logs tail` does
    /// (time, stream, message); `--follow` keeps printing new lines until Ctrl-C. Exit 2 when
    /// there are no such logs
    Logs(LogsArgs),
}

/// `aws-monitor logs`.
#[derive(Debug, clap::Args)]
pub struct LogsArgs {
    /// A log group name, or KIND/ID: `lambda-function/NAME`, `eks-cluster/NAME`,
    /// `rds-instance/ID`, `task-definition/FAMILY[:REVISION]` (or a task definition ARN)
    pub target: String,
    /// From when: a duration back (`10m`, `1h`, `2d`) or a time (`2026-12-07T10:00:00Z`;
    /// without an offset, UTC)
    #[arg(long, default_value = "10m", value_name = "WHEN")]
    pub since: String,
    /// Keep polling for new lines (every 3s, slower while throttled) until Ctrl-C
    #[arg(long)]
    pub follow: bool,
    /// A CloudWatch Logs filter pattern, applied by AWS (`ERROR`, `"exact phrase"`, `{ $.level = "error" }`)
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,
    /// The region of the logs [default: the profile's]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// text: time, stream and message a line; json: one object a line
    #[arg(long, value_enum, default_value_t = LogOutput::Text)]
    pub output: LogOutput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogOutput {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Write a commented config file with every setting and its default (to --config, else the default path)
    Init {
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
    },
}

/// `--refresh`: a duration above zero.
fn parse_interval(text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(d) if d.is_zero() => Err("the refresh interval must be more than 0s".into()),
        Ok(d) => Ok(d),
        Err(e) => Err(e.to_string()),
    }
}

impl Cli {
    /// The settings the flags give (`None` where a flag is absent), for
    /// merging over a preset and the config.
    pub fn settings(&self) -> Result<crate::presets::Preset, String> {
        use crate::presets::{Regions, parse_regions};
        let regions = match &self.regions {
            Some(list) => Some(match parse_regions(list)? {
                None => Regions::All,
                Some(named) => Regions::Named(named),
            }),
            None => None,
        };
        Ok(crate::presets::Preset {
            regions,
            tag: (!self.tags.is_empty()).then(|| self.tags.clone()),
            refresh: self.refresh,
            view: None,
        })
    }
}

/// A comma-separated list, blanks dropped.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut cmd, "aws-monitor", out);
}

/// Writes the man page: one page with every flag, a section per
/// subcommand (with its own flags), and the examples.
pub fn man_page(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    fn commands(cmd: &clap::Command, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
            // Each subcommand is a section: its synopsis, what it does, its flags.
            // The global flags are described once, at the top.
            let globals: Vec<clap::Id> = sub
                .get_arguments()
                .filter(|a| a.is_global_set())
                .map(|a| a.get_id().clone())
                .collect();
            let own = globals
                .into_iter()
                .fold(sub.clone(), |c, id| c.mut_arg(id, |a| a.hide(true)));
            let mut buf = Vec::new();
            let man = clap_mangen::Man::new(own.clone());
            man.render_synopsis_section(&mut buf)?;
            man.render_description_section(&mut buf)?;
            if own
                .get_arguments()
                .any(|a| !a.is_hide_set() && a.get_long().is_some_and(|l| l != "help"))
            {
                man.render_options_section(&mut buf)?;
            }
            let text = String::from_utf8_lossy(&buf)
                .replace(".SH SYNOPSIS\n", "")
                .replace(".SH DESCRIPTION\n", ".PP\n")
                .replace(".SH OPTIONS\n", ".SS Options\n");
            writeln!(out, ".SH \"{}\"", name.to_uppercase().replace('-', "\\-"))?;
            out.write_all(text.as_bytes())?;
            commands(sub, out)?;
        }
        Ok(())
    }
    commands(&cmd, out)?;
    man.render_extra_section(out)?;
    man.render_version_section(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Csv,
    Table,
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn flags_give_only_what_they_say() {
        let cli = Cli::try_parse_from(["aws-monitor", "--preset", "prod"]).unwrap();
        assert_eq!(cli.preset.as_deref(), Some("prod"));
        assert_eq!(cli.settings().unwrap(), crate::presets::Preset::default());
        let cli = Cli::try_parse_from(["aws-monitor", "--regions", "all", "--tag", "Team", "--refresh", "5m"]).unwrap();
        let s = cli.settings().unwrap();
        assert_eq!(s.regions, Some(crate::presets::Regions::All));
        assert_eq!(s.tag, Some(vec!["Team".to_string()]));
        assert_eq!(s.refresh, Some(Duration::from_secs(300)));
        let cli = Cli::try_parse_from(["aws-monitor", "--regions", "Mars"]).unwrap();
        assert!(cli.settings().unwrap_err().starts_with("bad region \"Mars\""));
    }

    /// Every subcommand (nested too) and every long flag of the CLI.
    fn names() -> (Vec<String>, Vec<String>) {
        fn walk(cmd: &clap::Command, subs: &mut Vec<String>, flags: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                if let Some(long) = a.get_long() {
                    flags.push(format!("--{long}"));
                }
            }
            for s in cmd.get_subcommands() {
                subs.push(s.get_name().to_string());
                walk(s, subs, flags);
            }
        }
        let (mut subs, mut flags) = (Vec::new(), Vec::new());
        walk(&<Cli as clap::CommandFactory>::command(), &mut subs, &mut flags);
        subs.sort();
        subs.dedup();
        flags.sort();
        flags.dedup();
        (subs, flags)
    }

    #[test]
    fn completions_name_every_subcommand_and_flag() {
        use clap::ValueEnum;
        let (subs, flags) = names();
        for wanted in ["completions", "man", "config", "init", "whoami", "doctor", "policy"] {
            assert!(subs.iter().any(|s| s == wanted), "{wanted} in {subs:?}");
        }
        for wanted in ["--preset", "--regions", "--force", "--feature", "--once"] {
            assert!(flags.iter().any(|f| f == wanted), "{wanted} in {flags:?}");
        }
        for shell in clap_complete::Shell::value_variants() {
            let mut out = Vec::new();
            completions(*shell, &mut out);
            let text = String::from_utf8(out).unwrap();
            assert!(!text.is_empty(), "{shell}");
            for name in &subs {
                assert!(text.contains(name.as_str()), "{shell} completions lack {name}");
            }
            for flag in &flags {
                // fish spells `--call-timeout` as `-l call-timeout`.
                let fish = format!("-l {}", flag.trim_start_matches('-'));
                assert!(
                    text.contains(flag.as_str()) || (*shell == clap_complete::Shell::Fish && text.contains(&fish)),
                    "{shell} completions lack {flag}"
                );
            }
        }
    }

    #[test]
    fn the_man_page_names_every_subcommand_and_flag() {
        let mut out = Vec::new();
        man_page(&mut out).unwrap();
        // roff escapes hyphens: `\-\-preset`.
        let text = String::from_utf8(out).unwrap().replace("\\-", "-");
        assert!(
            text.starts_with(".ie \\n(.g .ds Aq") || text.contains(".TH aws-monitor"),
            "{text}"
        );
        let (subs, flags) = names();
        for name in subs.iter().chain(&flags) {
            assert!(text.contains(name.as_str()), "the man page lacks {name}");
        }
    }

    #[test]
    fn flags_parse() {
        let cli = Cli::try_parse_from([
            "aws-monitor",
            "--once",
            "--output",
            "json",
            "--tag",
            "A=b",
            "--tag",
            "!C",
        ])
        .unwrap();
        assert!(cli.once);
        assert_eq!(cli.output, OutputFormat::Json);
        assert_eq!(cli.tags, vec!["A=b", "!C"]);
        assert_eq!(cli.refresh, None, "the default comes from merging");
        assert!(
            Cli::try_parse_from(["aws-monitor", "--output", "json"]).is_err(),
            "--output needs --once"
        );
        assert!(Cli::try_parse_from(["aws-monitor", "--refresh", "soon"]).is_err());
        assert!(Cli::try_parse_from(["aws-monitor", "--refresh", "0s"]).is_err());
        assert_eq!(*cli.cost_ttl, Duration::from_secs(6 * 3600));
        assert_eq!(*cli.call_timeout, Duration::from_secs(20));
        assert_eq!(cli.concurrency, 32);
        assert!(!cli.cost);
        let cli = Cli::try_parse_from([
            "aws-monitor",
            "--once",
            "--cost",
            "--cost-tag",
            "Team",
            "--cost-ttl",
            "0s",
        ])
        .unwrap();
        assert!(cli.cost);
        assert_eq!(cli.cost_tag.as_deref(), Some("Team"));
        assert_eq!(*cli.cost_ttl, Duration::ZERO);
        assert!(
            Cli::try_parse_from(["aws-monitor", "--cost"]).is_err(),
            "--cost needs --once"
        );
    }
}
