//! The optional config file, validated at load: start-up settings, named
//! presets and key rebinding. `aws-monitor config init` writes every
//! setting with its default ([`template`]).
//!
//! ```toml
//! regions = ["us-east-1", "us-west-2"]
//! refresh = "2m"
//!
//! [presets.prod]
//! tag = "Environment=production"
//!
//! [keys]
//! refresh = "F5"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::keymap::Keymap;
use crate::presets::{Preset, Regions};

mod template;
pub use template::{init, template};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    regions: Option<Spanned<toml::Value>>,
    tag: Option<Spanned<toml::Value>>,
    refresh: Option<Spanned<toml::Value>>,
    view: Option<Spanned<toml::Value>>,
    #[serde(default)]
    presets: BTreeMap<String, PresetFile>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    findings: crate::findings::FindingsConfig,
    #[serde(default)]
    prices: crate::findings::PriceOverrides,
    #[serde(default)]
    accounts: BTreeMap<String, AccountSet>,
}

/// `[accounts.NAME]`: a set of accounts, chosen with `--accounts-set NAME`:
/// a list of profiles, or a role assumed in every organization account
/// (from the first profile), optionally kept to some accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSet {
    #[serde(default)]
    pub profiles: Vec<String>,
    pub org_role: Option<String>,
    /// Account ids or names to keep (as `--accounts`).
    #[serde(default)]
    pub accounts: Vec<String>,
}

/// `[presets.NAME]`: the same settings as the top level.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetFile {
    regions: Option<Spanned<toml::Value>>,
    tag: Option<Spanned<toml::Value>>,
    refresh: Option<Spanned<toml::Value>>,
    view: Option<Spanned<toml::Value>>,
}

/// What the config file says.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file read, when there was one.
    pub path: Option<PathBuf>,
    pub keymap: Keymap,
    /// The top-level settings: the defaults for this user.
    pub settings: Preset,
    pub presets: BTreeMap<String, Preset>,
    /// `[findings]` and `[prices]`: thresholds, ignores and prices.
    pub findings: crate::findings::Settings,
    /// `[accounts.NAME]` sets.
    pub accounts: BTreeMap<String, AccountSet>,
}

impl Config {
    /// The account set called `name`; the error names the file and the sets there are.
    pub fn account_set(&self, name: &str) -> Result<&AccountSet, String> {
        self.accounts
            .get(name)
            .ok_or_else(|| self.missing("account set", "sets", "accounts", name, self.accounts.keys()))
    }

    /// The preset called `name`; the error names the file and the presets there are.
    pub fn preset(&self, name: &str) -> Result<&Preset, String> {
        self.presets
            .get(name)
            .ok_or_else(|| self.missing("preset", "presets", "presets", name, self.presets.keys()))
    }

    /// One line for a `[section.NAME]` that is not there: which file was
    /// read (if any) and the names it does have.
    fn missing<'a>(
        &self,
        what: &str,
        plural: &str,
        section: &str,
        name: &str,
        known: impl Iterator<Item = &'a String>,
    ) -> String {
        let known: Vec<&str> = known.map(String::as_str).collect();
        match (&self.path, known.is_empty()) {
            (None, _) => {
                format!("no {what} \"{name}\": there is no config file (`aws-monitor config init` writes one)")
            }
            (Some(file), true) => format!("no {what} \"{name}\": {} has no [{section}.*] sections", file.display()),
            (Some(file), false) => format!(
                "no {what} \"{name}\" in {} ({plural}: {})",
                file.display(),
                known.join(", ")
            ),
        }
    }
}

/// Loads the config from `path` (which must exist), or from the default
/// path when there is a file there. Errors are one line naming the file,
/// the line and the key.
pub fn load(path: Option<&Path>) -> Result<Config, String> {
    match path {
        Some(p) => load_at(p, true),
        None => load_at(&crate::paths::config_file(), false),
    }
}

/// Loads the config from `path`; a missing file is the default config
/// unless it is `required`.
fn load_at(path: &Path, required: bool) -> Result<Config, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(format!("cannot read config {}: {e}", path.display())),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        format!("{}: line {line}: {}", path.display(), e.message().trim())
    })?;
    let mut keymap = Keymap::default();
    for (action, key) in &file.keys {
        keymap.rebind(action.get_ref(), key.get_ref()).map_err(|msg| {
            format!(
                "{}: line {}, [keys] {}: {msg}",
                path.display(),
                line_of(text, key.span().start),
                action.get_ref()
            )
        })?;
    }
    let at = |section: &str, key: &str, span: std::ops::Range<usize>, msg: String| {
        format!(
            "{}: line {}, {section}{key}: {msg}",
            path.display(),
            line_of(text, span.start)
        )
    };
    let top = settings("", [&file.regions, &file.tag, &file.refresh, &file.view], &at)?;
    let mut presets = BTreeMap::new();
    for (name, p) in &file.presets {
        let section = format!("[presets.{name}] ");
        presets.insert(
            name.clone(),
            settings(&section, [&p.regions, &p.tag, &p.refresh, &p.view], &at)?,
        );
    }
    let findings = file.findings.settings(&file.prices).map_err(|msg| {
        // The line of the section the error is in.
        let section = if msg.starts_with("[prices]") {
            "[prices]"
        } else {
            "[findings]"
        };
        let line = text.find(section).map_or(1, |at| line_of(text, at));
        format!("{}: line {line}, {msg}", path.display())
    })?;
    if let Some((name, _)) = file
        .accounts
        .iter()
        .find(|(_, a)| a.profiles.is_empty() && a.org_role.is_none())
    {
        let line = text
            .find(&format!("[accounts.{name}]"))
            .map_or(1, |at| line_of(text, at));
        return Err(format!(
            "{}: line {line}, [accounts.{name}]: name `profiles = [...]` or `org_role = \"ROLE\"`",
            path.display()
        ));
    }
    Ok(Config {
        path: Some(path.to_path_buf()),
        keymap,
        settings: top,
        presets,
        findings,
        accounts: file.accounts,
    })
}

type Value = Option<Spanned<toml::Value>>;
type At<'a> = dyn Fn(&str, &str, std::ops::Range<usize>, String) -> String + 'a;

/// regions, tag, refresh and view, checked; errors through `at`.
fn settings(section: &str, [regions, tag, refresh, view]: [&Value; 4], at: &At) -> Result<Preset, String> {
    let tag_list = |v: &toml::Value| {
        let list = strings(v, "a filter like \"Environment=production\", or a list of them")?;
        crate::model::TagFilter::parse_all(&list).map_err(|e| e.to_string())?;
        Ok(list)
    };
    Ok(Preset {
        regions: field(regions, section, "regions", at, region_list)?,
        tag: field(tag, section, "tag", at, tag_list)?,
        refresh: field(refresh, section, "refresh", at, duration)?,
        view: field(view, section, "view", at, view_name)?,
    })
}

/// One setting converted, or a one-line error at its line.
fn field<T>(
    v: &Value,
    section: &str,
    key: &str,
    at: &At,
    convert: impl Fn(&toml::Value) -> Result<T, String>,
) -> Result<Option<T>, String> {
    v.as_ref()
        .map(|s| convert(s.get_ref()).map_err(|m| at(section, key, s.span(), m)))
        .transpose()
}

/// `"all"`, `"us-east-1,eu-west-1"` or `["us-east-1", "eu-west-1"]`.
fn region_list(v: &toml::Value) -> Result<Regions, String> {
    let list = strings(v, "\"all\" or a list like [\"us-east-1\", \"eu-west-1\"]")?;
    match crate::presets::parse_regions(&list.join(",")) {
        Ok(None) => Ok(Regions::All),
        Ok(Some(named)) => Ok(Regions::Named(named)),
        Err(e) => Err(e.replace(" in --regions", "")),
    }
}

/// A string or a list of strings.
fn strings(v: &toml::Value, expected: &str) -> Result<Vec<String>, String> {
    let bad = || format!("expected {expected}");
    match v {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string).ok_or_else(bad))
            .collect(),
        _ => Err(bad()),
    }
}

fn duration(v: &toml::Value) -> Result<Duration, String> {
    let text = v.as_str().ok_or("expected a duration like \"60s\" or \"5m\"")?;
    let d = humantime::parse_duration(text).map_err(|e| format!("bad duration \"{text}\": {e}"))?;
    if d.is_zero() {
        return Err("the refresh interval must be more than 0s".into());
    }
    Ok(d)
}

fn view_name(v: &toml::Value) -> Result<String, String> {
    match v.as_str() {
        Some(name) if crate::views::Tab::resolve(name).is_some() => Ok(name.to_string()),
        _ => Err(format!("expected a view name: one of {}", view_names().join(", "))),
    }
}

/// Every view's name, as `:` takes them.
pub(super) fn view_names() -> Vec<String> {
    crate::views::Tab::all().iter().map(|t| t.name().into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::{Action, Mode};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn p() -> &'static Path {
        Path::new("config.toml")
    }

    #[test]
    fn keys_are_rebound() {
        let map = parse("[keys]\nrefresh = \"F5\"\nquit = \"Q\"\n", p()).unwrap().keymap;
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        assert_eq!(map.resolve(Mode::Normal, key(KeyCode::F(5))), Some(Action::Refresh));
        assert_eq!(map.resolve(Mode::Normal, key(KeyCode::Char('Q'))), Some(Action::Quit));
        assert_eq!(map.resolve(Mode::Normal, key(KeyCode::Char('q'))), None);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        assert_eq!(
            parse("[keys]\n\nrefresh = \"F99\"\n", p()).unwrap_err(),
            "config.toml: line 3, [keys] refresh: unknown key \"F99\" for refresh"
        );
        assert_eq!(
            parse("[keys]\nfly = \"x\"\n", p()).unwrap_err(),
            "config.toml: line 2, [keys] fly: unknown action \"fly\""
        );
        let e = parse("[keys]\nrefresh = F5\n", p()).unwrap_err();
        assert!(e.starts_with("config.toml: line 2: "), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
        let e = parse("colour = true\n", p()).unwrap_err();
        assert!(e.starts_with("config.toml: line 1: unknown field `colour`"), "{e}");
    }

    #[test]
    fn a_missing_default_file_is_fine_but_a_named_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        let help = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE);
        let default = load_at(&missing, false).expect("no default file: the default keys");
        assert_eq!(default.keymap.resolve(Mode::Normal, help), Some(Action::Help));
        let e = load(Some(&missing)).unwrap_err();
        assert!(e.starts_with("cannot read config ") && e.contains("none.toml"), "{e}");
        // A default file that is there is read, and its errors are not skipped.
        let present = dir.path().join("config.toml");
        std::fs::write(&present, "[keys]\nhelp = \"h\"\n").unwrap();
        let h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::NONE);
        assert_eq!(
            load_at(&present, false).unwrap().keymap.resolve(Mode::Normal, h),
            Some(Action::Help)
        );
        std::fs::write(&present, "[keys]\nhelp = \"q\"\n").unwrap();
        assert!(
            load_at(&present, false).is_err(),
            "a clash in the default file is an error"
        );
    }

    fn named(list: &[&str]) -> Regions {
        Regions::Named(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn findings_and_prices_are_read_and_bad_ones_named() {
        let text = "[findings]\nstopped_days = 3\nignore = [\"rds-single-az\"]\nignore_tags = \"findings=off\"\n\n[prices]\nipv4_hour = 0.01\nebs_gb_month = { gp3 = 0.09 }\n";
        let c = parse(text, p()).expect("valid");
        assert_eq!(c.findings.stopped_days, 3);
        assert_eq!(c.findings.ami_unused_days, 90, "the default stays");
        assert!(c.findings.ignore.contains("rds-single-az"));
        assert!(c.findings.ignore_tags.is_some());
        assert_eq!(c.findings.prices.ipv4_month().two_dp(), "7.30");
        assert_eq!(c.findings.prices.volume_month("gp3", 10, 0).two_dp(), "0.90");
        let e = parse("keys = {}\n\n[findings]\nignore = [\"nope\"]\n", p()).unwrap_err();
        assert_eq!(e, "config.toml: line 3, [findings] ignore: unknown rule 'nope'");
        let e = parse("[findings]\nstale_days = 3\n", p()).unwrap_err();
        assert!(e.starts_with("config.toml: line 2") && e.contains("stale_days"), "{e}");
    }

    #[test]
    fn account_sets_are_read_and_must_name_their_accounts() {
        let text = "[accounts.prod]\nprofiles = [\"a\", \"b\"]\n[accounts.org]\norg_role = \"ReadOnly\"\naccounts = [\"111122223333\"]\n";
        let c = parse(text, Path::new("config.toml")).unwrap();
        assert_eq!(c.account_set("prod").unwrap().profiles, ["a", "b"]);
        let org = c.account_set("org").unwrap();
        assert_eq!(org.org_role.as_deref(), Some("ReadOnly"));
        assert_eq!(org.accounts, ["111122223333"]);
        assert_eq!(
            c.account_set("dev").unwrap_err(),
            "no account set \"dev\" in config.toml (sets: org, prod)"
        );
        assert_eq!(
            parse("regions = \"all\"\n", Path::new("c.toml"))
                .unwrap()
                .account_set("dev")
                .unwrap_err(),
            "no account set \"dev\": c.toml has no [accounts.*] sections"
        );
        let err = parse("[accounts.none]\naccounts = []\n", Path::new("c.toml")).unwrap_err();
        assert!(err.contains("line 1, [accounts.none]"), "{err}");
    }

    #[test]
    fn settings_and_presets_are_read() {
        let text = "regions = [\"us-east-1\", \"us-west-2\"]\nrefresh = \"2m\"\nview = \"cost\"\n\
                    [presets.prod]\nregions = \"all\"\ntag = \"Environment=production\"\n\
                    [presets.eu]\nregions = \"eu-west-1,eu-central-1\"\ntag = [\"Team\", \"!Temp\"]\n";
        let c = parse(text, p()).unwrap();
        assert_eq!(c.settings.regions, Some(named(&["us-east-1", "us-west-2"])));
        assert_eq!(c.settings.refresh, Some(Duration::from_secs(120)));
        assert_eq!(c.settings.view.as_deref(), Some("cost"));
        assert_eq!(c.settings.tag, None);
        let prod = c.preset("prod").unwrap();
        assert_eq!(prod.regions, Some(Regions::All));
        assert_eq!(prod.tag, Some(vec!["Environment=production".to_string()]));
        assert_eq!(prod.refresh, None);
        let eu = c.preset("eu").unwrap();
        assert_eq!(eu.regions, Some(named(&["eu-west-1", "eu-central-1"])));
        assert_eq!(eu.tag, Some(vec!["Team".to_string(), "!Temp".to_string()]));
        assert_eq!(
            c.preset("staging").unwrap_err(),
            "no preset \"staging\" in config.toml (presets: eu, prod)"
        );
        assert_eq!(
            Config::default().preset("prod").unwrap_err(),
            "no preset \"prod\": there is no config file (`aws-monitor config init` writes one)"
        );
    }

    #[test]
    fn bad_settings_name_file_line_and_key() {
        let err = |text: &str| parse(text, p()).unwrap_err();
        assert_eq!(
            err("\nregions = [\"us-east-1\", \"Mars\"]\n"),
            "config.toml: line 2, regions: bad region \"Mars\": expected a name like us-east-1, or `all`"
        );
        assert_eq!(
            err("refresh = \"soon\"\n"),
            "config.toml: line 1, refresh: bad duration \"soon\": expected number at 0"
        );
        assert_eq!(
            err("refresh = 60\n"),
            "config.toml: line 1, refresh: expected a duration like \"60s\" or \"5m\""
        );
        assert!(
            err("view = \"pods\"\n")
                .starts_with("config.toml: line 1, view: expected a view name: one of overview, ec2-instance,"),
        );
        assert_eq!(
            err("[presets.prod]\n\ntag = \"=x\"\n"),
            format!(
                "config.toml: line 3, [presets.prod] tag: {}",
                crate::model::TagFilter::parse("=x").unwrap_err()
            )
        );
        let e = err("[presets.prod]\nregion = \"us-east-1\"\n");
        assert!(e.starts_with("config.toml: line 2: unknown field `region`"), "{e}");
        assert_eq!(e.lines().count(), 1);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,60}") {
            let _ = parse(&s, p());
        }

        /// A key is taken for help exactly when no other action holds it
        /// where help is read; then it opens help in each of those modes.
        #[test]
        fn accepts_what_it_rebinds(key in "[a-zA-Z0-9]") {
            let c = key.chars().next().unwrap();
            let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            let modes = [Mode::Normal, Mode::Detail, Mode::Help];
            let defaults = Keymap::default();
            let held = modes
                .iter()
                .filter_map(|&m| defaults.resolve(m, event))
                .find(|a| *a != Action::Help);
            match (parse(&format!("[keys]\nhelp = \"{key}\"\n"), p()).map(|c| c.keymap), held) {
                (Ok(map), None) => {
                    for m in modes {
                        proptest::prop_assert_eq!(map.resolve(m, event), Some(Action::Help), "{:?}", m);
                    }
                    let old = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE);
                    proptest::prop_assert_eq!(map.resolve(Mode::Normal, old), None, "? is free again");
                }
                (Err(e), Some(_)) => proptest::prop_assert!(e.contains("is already bound to"), "{}", e),
                (got, held) => proptest::prop_assert!(false, "{:?} is held by {:?}, yet parse gave {:?}", c, held, got),
            }
        }
    }
}
