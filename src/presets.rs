//! Settings that can come from a flag, a named preset or the config file,
//! and the one rule that merges them: flag over preset over config over the
//! built-in default, field by field. Plain data; the config file is parsed
//! in `config.rs`.

use std::time::Duration;

/// Which regions to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    /// Every region enabled for the account.
    All,
    Named(Vec<String>),
}

impl Regions {
    /// As `--regions` takes them: `all` or a comma-separated list.
    pub fn to_flag(&self) -> String {
        match self {
            Regions::All => "all".to_string(),
            Regions::Named(list) => list.join(","),
        }
    }
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
pub fn looks_like_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && parts.last().is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() == 2
}

/// Some settings: what a preset, the config's top level or the flags set.
/// `None` is "not said here".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preset {
    pub regions: Option<Regions>,
    /// Tag filters, ANDed (as repeated `--tag`).
    pub tag: Option<Vec<String>>,
    pub refresh: Option<Duration>,
    /// The view shown at start, by name (`ec2`, `cost`, ...).
    pub view: Option<String>,
}

/// The built-in defaults.
pub const DEFAULT_REFRESH: Duration = crate::defaults::REFRESH;
pub const DEFAULT_VIEW: &str = "ec2";

/// The settings in force after merging.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub regions: Regions,
    pub tag: Vec<String>,
    pub refresh: Duration,
    pub view: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            regions: Regions::All,
            tag: Vec::new(),
            refresh: DEFAULT_REFRESH,
            view: DEFAULT_VIEW.to_string(),
        }
    }
}

impl Settings {
    /// Field by field: the flags, else the chosen preset, else the config's
    /// top level, else the default.
    pub fn merge(flags: &Preset, preset: Option<&Preset>, config: &Preset) -> Settings {
        let layers = [Some(flags), preset, Some(config)];
        let d = Settings::default();
        Settings {
            regions: first(&layers, |p| p.regions.clone()).unwrap_or(d.regions),
            tag: first(&layers, |p| p.tag.clone()).unwrap_or(d.tag),
            refresh: first(&layers, |p| p.refresh).unwrap_or(d.refresh),
            view: first(&layers, |p| p.view.clone()).unwrap_or(d.view),
        }
    }
}

/// The first layer that says something about a field.
fn first<T>(layers: &[Option<&Preset>], field: impl Fn(&Preset) -> Option<T>) -> Option<T> {
    layers.iter().flatten().find_map(|p| field(p))
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

    fn named(list: &[&str]) -> Regions {
        Regions::Named(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn nothing_said_is_the_default() {
        let s = Settings::merge(&Preset::default(), None, &Preset::default());
        assert_eq!(s, Settings::default());
        assert_eq!(s.regions, Regions::All);
        assert_eq!(s.refresh, Duration::from_secs(60));
        assert_eq!(s.view, "ec2");
    }

    #[test]
    fn flag_over_preset_over_config_over_default() {
        let config = Preset {
            regions: Some(named(&["us-east-1", "us-west-2"])),
            tag: Some(vec!["Team".into()]),
            refresh: Some(Duration::from_secs(120)),
            view: Some("overview".into()),
        };
        let prod = Preset {
            regions: Some(named(&["eu-west-1"])),
            tag: Some(vec!["Environment=production".into()]),
            ..Preset::default()
        };
        let flags = Preset {
            regions: Some(Regions::All),
            ..Preset::default()
        };
        // Config over default.
        let s = Settings::merge(&Preset::default(), None, &config);
        assert_eq!(s.regions, named(&["us-east-1", "us-west-2"]));
        assert_eq!(s.tag, vec!["Team"]);
        assert_eq!(s.refresh, Duration::from_secs(120));
        assert_eq!(s.view, "overview");
        // Preset over config, field by field.
        let s = Settings::merge(&Preset::default(), Some(&prod), &config);
        assert_eq!(s.regions, named(&["eu-west-1"]));
        assert_eq!(s.tag, vec!["Environment=production"]);
        assert_eq!(s.refresh, Duration::from_secs(120), "the preset says nothing: config");
        // Flag over preset.
        let s = Settings::merge(&flags, Some(&prod), &config);
        assert_eq!(s.regions, Regions::All);
        assert_eq!(s.tag, vec!["Environment=production"]);
        // A preset alone over the default.
        let s = Settings::merge(&Preset::default(), Some(&prod), &Preset::default());
        assert_eq!(s.refresh, DEFAULT_REFRESH);
        assert_eq!(s.view, DEFAULT_VIEW);
    }

    #[test]
    fn regions_print_as_the_flag_takes_them() {
        assert_eq!(Regions::All.to_flag(), "all");
        assert_eq!(named(&["us-east-1", "eu-west-1"]).to_flag(), "us-east-1,eu-west-1");
    }
}
