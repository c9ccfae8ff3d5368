//! The optional config file, validated at load. Today it rebinds keys:
//!
//! ```toml
//! [keys]
//! refresh = "F5"
//! quit = "Q"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::keymap::Keymap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    keys: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
}

/// Loads the keymap from `path` (which must exist), or from the default
/// path when there is a file there. Errors are one line naming the file,
/// the line and the key.
pub fn load(path: Option<&Path>) -> Result<Keymap, String> {
    match path {
        Some(p) => load_at(p, true),
        None => load_at(&crate::paths::config_file(), false),
    }
}

/// Loads the keymap from `path`; a missing file is the default keymap
/// unless it is `required`.
fn load_at(path: &Path, required: bool) -> Result<Keymap, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(Keymap::default()),
        Err(e) => Err(format!("cannot read config {}: {e}", path.display())),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub fn parse(text: &str, path: &Path) -> Result<Keymap, String> {
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
    Ok(keymap)
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
        let map = parse("[keys]\nrefresh = \"F5\"\nquit = \"Q\"\n", p()).unwrap();
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
        assert_eq!(default.resolve(Mode::Normal, help), Some(Action::Help));
        let e = load(Some(&missing)).unwrap_err();
        assert!(e.starts_with("cannot read config ") && e.contains("none.toml"), "{e}");
        // A default file that is there is read, and its errors are not skipped.
        let present = dir.path().join("config.toml");
        std::fs::write(&present, "[keys]\nhelp = \"h\"\n").unwrap();
        let h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::NONE);
        assert_eq!(
            load_at(&present, false).unwrap().resolve(Mode::Normal, h),
            Some(Action::Help)
        );
        std::fs::write(&present, "[keys]\nhelp = \"q\"\n").unwrap();
        assert!(
            load_at(&present, false).is_err(),
            "a clash in the default file is an error"
        );
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
            match (parse(&format!("[keys]\nhelp = \"{key}\"\n"), p()), held) {
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
