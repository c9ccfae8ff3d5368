//! The commented config file `aws-monitor config init` writes.

use std::path::Path;

use super::view_names;

/// The commented config file `config init` writes: every setting with its
/// default, an example preset and every rebindable key.
pub fn template() -> String {
    let mut out = String::from(TEMPLATE_HEAD);
    out.push_str(&format!(
        "# One of: {}.\n# view = \"{}\"\n",
        view_names().join(", "),
        crate::presets::DEFAULT_VIEW
    ));
    out.push_str(TEMPLATE_PRESETS);
    let mut seen = Vec::new();
    for b in crate::keymap::DEFAULTS {
        if let Some(name) = b.action.config_name()
            && !seen.contains(&name)
        {
            seen.push(name);
            out.push_str(&format!("# {name} = \"{}\"\n", key_name(b.code)));
        }
    }
    out
}

const TEMPLATE_HEAD: &str = r#"# aws-monitor configuration (`aws-monitor config init` wrote it).
# Every setting is shown with its default, commented out: remove the `#` to
# change one. Flags win over a preset, a preset over these settings.

# Regions to watch: "all" (every region enabled for the account) or a list,
# for example ["us-east-1", "us-west-2"].
# regions = "all"

# Tag filter, as --tag takes it (Environment=prod,staging  Team  !Temp);
# a list is ANDed. Empty: no filter.
# tag = []

# Time between refreshes.
# refresh = "60s"

# The view shown at start.
"#;

const TEMPLATE_PRESETS: &str = r#"
# Named presets: `aws-monitor --preset prod`, or `:preset prod` in the TUI.
# A preset sets any of regions, tag, refresh and view; what it leaves out
# comes from the settings above.
# [presets.prod]
# regions = ["us-east-1", "us-west-2"]
# tag = "Environment=production"

# Account sets: `aws-monitor --accounts-set prod`. A set names profiles (one
# account each), or a role to assume in every account of the organization
# (listed from the first profile); `accounts` keeps some (ids or names).
# [accounts.prod]
# profiles = ["prod-eu", "prod-us"]
# [accounts.org]
# org_role = "AwsMonitorReadOnly"
# accounts = ["prod", "111122223333"]

# Key bindings: action = "key" (a character, or Enter, Esc, Tab, S-Tab,
# Space, Up, Down, Left, Right, PageUp, PageDown, Home, End, Backspace,
# F1-F12). A rebound action answers to the new key only.
# [keys]
"#;

/// The name `parse_key` reads back for a key code.
fn key_name(code: crossterm::event::KeyCode) -> String {
    use crossterm::event::KeyCode;
    match code {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    }
}

/// Writes [`template`] to `path`, creating its folder; an existing file is
/// kept unless `force`.
pub fn init(path: &Path, force: bool) -> Result<(), String> {
    if path.exists() && !force {
        return Err(format!(
            "{} exists; `aws-monitor config init --force` overwrites it",
            path.display()
        ));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, template()).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;
    use crate::presets::Preset;

    #[test]
    fn the_templates_account_sets_parse_when_uncommented() {
        let text: String = template()
            .lines()
            .skip_while(|l| !l.starts_with("# [accounts.prod]"))
            .take_while(|l| l.starts_with("# ") && !l.starts_with("# Key"))
            .map(|l| format!("{}\n", &l[2..]))
            .collect();
        let c = parse(&text, Path::new("t.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(c.accounts.len(), 2, "{text}");
    }

    #[test]
    fn init_writes_every_setting_with_its_default_and_keeps_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        init(&path, false).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        // As written (all commented): the defaults.
        let c = parse(&text, &path).unwrap();
        assert_eq!(c.settings, Preset::default());
        assert!(c.presets.is_empty());
        // Every line uncommented: still valid, and the settings are the defaults.
        let open: String = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with('[') || rest.split_once(" = ").is_some_and(|(k, _)| !k.contains(' ')) =>
                {
                    rest
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let c = parse(&open, &path).unwrap();
        let merged = crate::presets::Settings::merge(&Preset::default(), None, &c.settings);
        assert_eq!(merged, crate::presets::Settings::default());
        for key in ["regions", "tag", "refresh", "view"] {
            assert!(
                open.lines().any(|l| l.starts_with(&format!("{key} = "))),
                "{key} is in the template"
            );
        }
        assert!(c.presets.contains_key("prod"));
        for b in crate::keymap::DEFAULTS {
            if let Some(name) = b.action.config_name() {
                assert!(
                    open.lines().any(|l| l.starts_with(&format!("{name} = "))),
                    "{name} is in the template"
                );
            }
        }
        // Kept unless --force.
        std::fs::write(&path, "refresh = \"5m\"\n").unwrap();
        let e = init(&path, false).unwrap_err();
        assert!(
            e.ends_with("exists; `aws-monitor config init --force` overwrites it"),
            "{e}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "refresh = \"5m\"\n");
        init(&path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), template());
    }
}
