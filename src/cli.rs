//! Command-line flags.

use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// AWS profile [default: $AWS_PROFILE, else `monitor`, else the default credential chain]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Regions to watch, comma separated, or `all` for every enabled region
    #[arg(long, global = true, value_name = "LIST", default_value = "all")]
    pub regions: String,

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

    /// With --once --output json: add what was added, removed or changed state since the last
    /// run (against the inventory cache it left)
    #[arg(long, requires = "once")]
    pub changes: bool,

    /// Output format of --once
    #[arg(long, value_enum, default_value_t = OutputFormat::Table, requires = "once")]
    pub output: OutputFormat,

    /// Time between refreshes
    #[arg(long, value_parser = humantime::parse_duration, default_value = "60s", value_name = "DURATION")]
    pub refresh: Duration,

    /// Most AWS listings in flight at once
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..=512), value_name = "N")]
    pub concurrency: u16,

    /// Longest one AWS call may take, retries included
    #[arg(long, value_parser = humantime::parse_duration, default_value = "20s", value_name = "DURATION")]
    pub call_timeout: Duration,

    /// With --once: add Cost Explorer figures (from the disk cache when fresh; else about 5 requests at $0.01)
    #[arg(long, requires = "once")]
    pub cost: bool,

    /// Tag key for cost by tag [default: the cached figures' key; in the TUI, `b` picks one]
    #[arg(long, global = true, value_name = "KEY")]
    pub cost_tag: Option<String>,

    /// How long cost figures are reused from the disk cache before Cost Explorer is asked again
    #[arg(long, global = true, value_parser = humantime::parse_duration, default_value = "6h", value_name = "DURATION")]
    pub cost_ttl: Duration,

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
        features: Vec<crate::aws::actions::Feature>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Csv,
    Table,
}

/// Parses `--regions`: `None` for all enabled regions, else the names given.
pub fn parse_regions(list: &str) -> Result<Option<Vec<String>>, String> {
    let list = list.trim();
    if list.eq_ignore_ascii_case("all") {
        return Ok(None);
    }
    let mut regions = Vec::new();
    for r in list.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        if !looks_like_region(r) {
            return Err(format!(
                "bad region \"{r}\" in --regions: expected a name like us-east-1, or `all`"
            ));
        }
        if !regions.iter().any(|x| x == r) {
            regions.push(r.to_string());
        }
    }
    if regions.is_empty() {
        return Err("--regions is empty: name regions like us-east-1,eu-west-1, or `all`".into());
    }
    Ok(Some(regions))
}

/// `xx-name-N` or `xx-gov-name-N`, lower case.
fn looks_like_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && parts.last().is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() == 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_all_or_a_list() {
        assert_eq!(parse_regions("all").unwrap(), None);
        assert_eq!(
            parse_regions("us-east-1, eu-west-1,us-east-1").unwrap(),
            Some(vec!["us-east-1".into(), "eu-west-1".into()])
        );
        assert_eq!(
            parse_regions("us-gov-west-1").unwrap(),
            Some(vec!["us-gov-west-1".into()])
        );
        assert!(parse_regions("US-EAST-1").is_err());
        assert!(parse_regions("useast1").is_err());
        assert!(parse_regions(",").is_err());
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
        assert_eq!(cli.refresh, Duration::from_secs(60));
        assert!(
            Cli::try_parse_from(["aws-monitor", "--output", "json"]).is_err(),
            "--output needs --once"
        );
        assert!(Cli::try_parse_from(["aws-monitor", "--refresh", "soon"]).is_err());
        assert_eq!(cli.cost_ttl, Duration::from_secs(6 * 3600));
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
        assert_eq!(cli.cost_ttl, Duration::ZERO);
        assert!(
            Cli::try_parse_from(["aws-monitor", "--cost"]).is_err(),
            "--cost needs --once"
        );
    }
}
