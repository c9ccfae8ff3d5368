//! The keymap as data: one table drives key handling, the help overlay and
//! the status-bar hints.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Detail,
    Help,
    RegionPicker,
    TagPrompt,
    Search,
    /// "Refresh cost data: N requests = $X. y/n".
    ConfirmCost,
    /// The `:` prompt: a view by name.
    Command,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    GoTab(usize),
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    OpenRegions,
    /// The account picker (several accounts).
    OpenAccounts,
    OpenCommand,
    OpenTagFilter,
    ClearTagFilter,
    OpenSearch,
    SortNext,
    SortReverse,
    OpenDetail,
    Refresh,
    CycleWindow,
    NextMetric,
    Help,
    Back,
    Toggle,
    All,
    None,
    Apply,
    /// Ask before refreshing the cost figures (they cost money).
    RefreshCost,
    /// The next tag key for cost by tag.
    CostTagNext,
    /// Copy the selected resource's id, or its ARN (OSC 52).
    CopyId,
    CopyArn,
    /// Show the selected resource's console URL and copy it.
    ConsoleLink,
    /// Write the current view as CSV to the current directory.
    Export,
}

/// One keymap entry: the key as shown, the key code, and what it does.
#[derive(Debug, Clone)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: Cow<'static, str>,
    pub code: KeyCode,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status bar.
    pub hint: bool,
}

const N: &[Mode] = &[Mode::Normal];
const ND: &[Mode] = &[Mode::Normal, Mode::Detail];
const P: &[Mode] = &[Mode::RegionPicker];
const ANY_VIEW: &[Mode] = &[Mode::Normal, Mode::Detail, Mode::Help];
const C: &[Mode] = &[Mode::ConfirmCost];

macro_rules! b {
    ($modes:expr, $keys:expr, $code:expr, $action:expr, $help:expr, $hint:expr) => {
        Binding {
            modes: $modes,
            keys: Cow::Borrowed($keys),
            code: $code,
            action: $action,
            help: $help,
            hint: $hint,
        }
    };
}

/// The default bindings.
pub const DEFAULTS: &[Binding] = &[
    b!(N, "Tab", KeyCode::Tab, Action::NextTab, "next tab", true),
    b!(N, "S-Tab", KeyCode::BackTab, Action::PrevTab, "previous tab", false),
    b!(
        N,
        "1-9,0",
        KeyCode::Char('1'),
        Action::GoTab(0),
        "go to tab N (0: Cost)",
        false
    ),
    // GoTab past the end is the last tab: Cost. One help line with 1-9.
    b!(
        N,
        "1-9,0",
        KeyCode::Char('0'),
        Action::GoTab(usize::MAX),
        "go to tab N (0: Cost)",
        false
    ),
    b!(N, "j/↓", KeyCode::Char('j'), Action::Down, "down", false),
    b!(N, "j/↓", KeyCode::Down, Action::Down, "down", false),
    b!(N, "k/↑", KeyCode::Char('k'), Action::Up, "up", false),
    b!(N, "k/↑", KeyCode::Up, Action::Up, "up", false),
    b!(N, "g", KeyCode::Char('g'), Action::Top, "first row", false),
    b!(N, "G", KeyCode::Char('G'), Action::Bottom, "last row", false),
    b!(N, "PgDn", KeyCode::PageDown, Action::PageDown, "page down", false),
    b!(N, "PgUp", KeyCode::PageUp, Action::PageUp, "page up", false),
    b!(N, "r", KeyCode::Char('r'), Action::OpenRegions, "regions", true),
    b!(N, "a", KeyCode::Char('a'), Action::OpenAccounts, "accounts", false),
    b!(
        N,
        ":",
        KeyCode::Char(':'),
        Action::OpenCommand,
        "view by name, :findings",
        false
    ),
    b!(N, "t", KeyCode::Char('t'), Action::OpenTagFilter, "tag filter", true),
    b!(
        N,
        "T",
        KeyCode::Char('T'),
        Action::ClearTagFilter,
        "clear tag filter",
        false
    ),
    b!(N, "/", KeyCode::Char('/'), Action::OpenSearch, "search", true),
    b!(
        N,
        "s",
        KeyCode::Char('s'),
        Action::SortNext,
        "sort by next column",
        true
    ),
    b!(N, "S", KeyCode::Char('S'), Action::SortReverse, "reverse sort", false),
    b!(N, "Enter", KeyCode::Enter, Action::OpenDetail, "details", true),
    // The same key: one more help line, for the Overview's rules.
    b!(
        N,
        "Enter",
        KeyCode::Enter,
        Action::OpenDetail,
        "on a rule: its findings",
        false
    ),
    b!(ND, "R", KeyCode::Char('R'), Action::Refresh, "refresh now", true),
    b!(ND, "w", KeyCode::Char('w'), Action::CycleWindow, "metrics window", true),
    b!(
        N,
        "m",
        KeyCode::Char('m'),
        Action::NextMetric,
        "metric (Metrics tab)",
        false
    ),
    b!(ANY_VIEW, "?", KeyCode::Char('?'), Action::Help, "help", true),
    b!(
        &[Mode::Detail, Mode::Help],
        "Esc",
        KeyCode::Esc,
        Action::Back,
        "back",
        true
    ),
    b!(
        N,
        "Esc",
        KeyCode::Esc,
        Action::Back,
        "clear search; back to rules",
        false
    ),
    b!(ANY_VIEW, "q", KeyCode::Char('q'), Action::Quit, "quit", true),
    b!(P, "j/k", KeyCode::Char('j'), Action::Down, "move", true),
    b!(P, "j/k", KeyCode::Down, Action::Down, "move", false),
    b!(P, "j/k", KeyCode::Char('k'), Action::Up, "move", false),
    b!(P, "j/k", KeyCode::Up, Action::Up, "move", false),
    b!(P, "Space", KeyCode::Char(' '), Action::Toggle, "toggle", true),
    b!(P, "a", KeyCode::Char('a'), Action::All, "all", true),
    b!(P, "n", KeyCode::Char('n'), Action::None, "none", true),
    b!(P, "Enter", KeyCode::Enter, Action::Apply, "apply", true),
    b!(P, "Esc", KeyCode::Esc, Action::Back, "cancel", true),
    b!(
        N,
        "c",
        KeyCode::Char('c'),
        Action::RefreshCost,
        "refresh cost (asks first)",
        false
    ),
    b!(
        N,
        "b",
        KeyCode::Char('b'),
        Action::CostTagNext,
        "cost by next tag key",
        false
    ),
    b!(ND, "y", KeyCode::Char('y'), Action::CopyId, "copy id", false),
    b!(ND, "Y", KeyCode::Char('Y'), Action::CopyArn, "copy ARN", false),
    b!(ND, "o", KeyCode::Char('o'), Action::ConsoleLink, "console link", false),
    b!(N, "e", KeyCode::Char('e'), Action::Export, "export view as CSV", false),
    b!(C, "y", KeyCode::Char('y'), Action::Apply, "yes, refresh cost", true),
    b!(C, "n", KeyCode::Char('n'), Action::Back, "no", true),
    b!(C, "n", KeyCode::Esc, Action::Back, "no", false),
];

impl Action {
    /// The name a config file uses to rebind the action; `None` for the
    /// keys that are not rebindable (number keys, picker keys, Esc).
    pub fn config_name(self) -> Option<&'static str> {
        Some(match self {
            Action::Quit => "quit",
            Action::NextTab => "next-tab",
            Action::PrevTab => "prev-tab",
            Action::Down => "down",
            Action::Up => "up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageDown => "page-down",
            Action::PageUp => "page-up",
            Action::OpenRegions => "regions",
            Action::OpenAccounts => "accounts",
            Action::OpenTagFilter => "tag-filter",
            Action::ClearTagFilter => "clear-tag-filter",
            Action::OpenSearch => "search",
            Action::SortNext => "sort",
            Action::SortReverse => "sort-reverse",
            Action::OpenDetail => "details",
            Action::Refresh => "refresh",
            Action::CycleWindow => "window",
            Action::NextMetric => "next-metric",
            Action::Help => "help",
            Action::RefreshCost => "refresh-cost",
            Action::CostTagNext => "cost-tag",
            Action::OpenCommand => "command",
            Action::CopyId => "copy-id",
            Action::CopyArn => "copy-arn",
            Action::ConsoleLink => "console-link",
            Action::Export => "export",
            Action::GoTab(_) | Action::Back | Action::Toggle | Action::All | Action::None | Action::Apply => {
                return None;
            }
        })
    }
}

/// Parses a key name: a single character, or Enter, Esc, Tab, Space, Up,
/// Down, Left, Right, PageUp, PageDown, Home, End, Backspace, F1-F12.
pub fn parse_key(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    let code = match name.to_ascii_lowercase().as_str() {
        "enter" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "s-tab" | "shift-tab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "backspace" => KeyCode::Backspace,
        f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?),
        _ => return None,
    };
    Some(code)
}

/// Digits 1-9 go to tabs; their one binding (on `1`) stands for all nine.
fn digit_tab(code: KeyCode) -> Option<usize> {
    match code {
        KeyCode::Char(c @ '1'..='9') => Some(c as usize - '1' as usize),
        _ => None,
    }
}

/// Whether two keys clash: the same key, or two of the digits 1-9.
fn same_key(a: KeyCode, b: KeyCode) -> bool {
    a == b || (digit_tab(a).is_some() && digit_tab(b).is_some())
}

/// The bindings in force: the defaults with any overrides from the config.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: DEFAULTS.to_vec(),
        }
    }
}

impl Keymap {
    /// Rebinds an action (by its config name) to one key. Errors are one
    /// line for the user.
    pub fn rebind(&mut self, action_name: &str, key: &str) -> Result<(), String> {
        let action = DEFAULTS
            .iter()
            .map(|b| b.action)
            .find(|a| a.config_name() == Some(action_name))
            .ok_or_else(|| format!("unknown action \"{action_name}\""))?;
        let code = parse_key(key).ok_or_else(|| format!("unknown key \"{key}\" for {action_name}"))?;
        let first = self
            .bindings
            .iter()
            .position(|b| b.action == action)
            .ok_or("unbound action")?;
        let template = self.bindings[first].clone();
        if let Some(clash) = self.bindings.iter().find(|b| {
            same_key(b.code, code) && b.action != action && b.modes.iter().any(|m| template.modes.contains(m))
        }) {
            return Err(format!(
                "key \"{key}\" for {action_name} is already bound to {}",
                clash.help
            ));
        }
        self.bindings.retain(|b| b.action != action);
        let at = first.min(self.bindings.len());
        self.bindings.insert(
            at,
            Binding {
                keys: Cow::Owned(key.to_string()),
                code,
                ..template
            },
        );
        Ok(())
    }

    /// The action for a key in a mode. Text prompts (tag filter, search)
    /// take their keys in `App::update` and are not resolved here.
    pub fn resolve(&self, mode: Mode, key: KeyEvent) -> Option<Action> {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        if let Some(b) = self
            .bindings
            .iter()
            .find(|b| b.modes.contains(&mode) && b.code == key.code)
        {
            return Some(b.action);
        }
        match digit_tab(key.code) {
            Some(n) if mode == Mode::Normal => Some(Action::GoTab(n)),
            _ => None,
        }
    }

    /// `key: help` pairs for the status bar in a mode, without repeats.
    pub fn hints(&self, mode: Mode) -> Vec<(&str, &'static str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.hint && b.modes.contains(&mode)) {
            if !out.iter().any(|(k, _)| *k == b.keys) {
                out.push((&b.keys, b.help));
            }
        }
        out
    }

    /// Every distinct binding, for the help overlay (the cost confirmation's
    /// y/n show in its own status bar instead).
    pub fn help_lines(&self) -> Vec<(&str, &'static str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.modes != [Mode::ConfirmCost]) {
            if !out.iter().any(|(k, h)| *k == b.keys && *h == b.help) {
                out.push((&b.keys, b.help));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn same_key_means_different_things_by_mode() {
        let map = Keymap::default();
        let resolve = |m, k| map.resolve(m, k);
        assert_eq!(resolve(Mode::Normal, key(KeyCode::Enter)), Some(Action::OpenDetail));
        assert_eq!(resolve(Mode::RegionPicker, key(KeyCode::Enter)), Some(Action::Apply));
        assert_eq!(resolve(Mode::Normal, key(KeyCode::Char('3'))), Some(Action::GoTab(2)));
        assert_eq!(resolve(Mode::RegionPicker, key(KeyCode::Char('q'))), None);
        assert_eq!(
            resolve(Mode::Help, KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn hints_come_from_the_table() {
        let map = Keymap::default();
        let h = map.hints(Mode::Normal);
        assert!(h.contains(&("r", "regions")));
        assert!(h.contains(&("q", "quit")));
        assert!(!h.iter().any(|(k, _)| *k == "G"));
        assert!(map.hints(Mode::RegionPicker).contains(&("Space", "toggle")));
    }

    #[test]
    fn rebinding_moves_the_action_and_its_hint() {
        let mut map = Keymap::default();
        map.rebind("refresh", "F5").unwrap();
        assert_eq!(map.resolve(Mode::Normal, key(KeyCode::F(5))), Some(Action::Refresh));
        assert_eq!(map.resolve(Mode::Normal, key(KeyCode::Char('R'))), None);
        assert!(map.hints(Mode::Normal).contains(&("F5", "refresh now")));
        map.rebind("down", "n").unwrap();
        assert_eq!(map.resolve(Mode::Normal, key(KeyCode::Char('n'))), Some(Action::Down));
        assert_eq!(
            map.resolve(Mode::RegionPicker, key(KeyCode::Char('n'))),
            Some(Action::None),
            "picker keys stay"
        );
    }

    #[test]
    fn bad_rebinds_are_refused() {
        let mut map = Keymap::default();
        assert_eq!(map.rebind("fly", "x").unwrap_err(), "unknown action \"fly\"");
        assert_eq!(map.rebind("quit", "F13").unwrap_err(), "unknown key \"F13\" for quit");
        assert_eq!(
            map.rebind("quit", "r").unwrap_err(),
            "key \"r\" for quit is already bound to regions"
        );
        assert_eq!(
            map.rebind("help", "5").unwrap_err(),
            "key \"5\" for help is already bound to go to tab N (0: Cost)",
            "a digit would hide its tab"
        );
        assert_eq!(parse_key("PgDn"), Some(KeyCode::PageDown));
        assert_eq!(parse_key("space"), Some(KeyCode::Char(' ')));
    }
}
