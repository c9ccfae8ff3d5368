//! The keymap as data: one table drives key handling, the help overlay and
//! the status-bar hints.

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
    OpenTagFilter,
    ClearTagFilter,
    OpenSearch,
    SortNext,
    SortReverse,
    OpenDetail,
    Refresh,
    Help,
    Back,
    Toggle,
    All,
    None,
    Apply,
}

/// One keymap entry: the key as shown, the key code, and what it does.
pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static str,
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

macro_rules! b {
    ($modes:expr, $keys:expr, $code:expr, $action:expr, $help:expr, $hint:expr) => {
        Binding {
            modes: $modes,
            keys: $keys,
            code: $code,
            action: $action,
            help: $help,
            hint: $hint,
        }
    };
}

pub const KEYMAP: &[Binding] = &[
    b!(N, "Tab", KeyCode::Tab, Action::NextTab, "next tab", true),
    b!(N, "S-Tab", KeyCode::BackTab, Action::PrevTab, "previous tab", false),
    b!(
        N,
        "1-8",
        KeyCode::Char('1'),
        Action::GoTab(0),
        "go to tab (1 Overview, 2 EC2 ... 8 EMR)",
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
    b!(ND, "R", KeyCode::Char('R'), Action::Refresh, "refresh now", true),
    b!(ANY_VIEW, "?", KeyCode::Char('?'), Action::Help, "help", true),
    b!(
        &[Mode::Detail, Mode::Help],
        "Esc",
        KeyCode::Esc,
        Action::Back,
        "back",
        true
    ),
    b!(N, "Esc", KeyCode::Esc, Action::Back, "clear search", false),
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
];

/// The action for a key in a mode. Text prompts (tag filter, search) take
/// their keys in `App::update` and are not resolved here.
pub fn resolve(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if mode == Mode::Normal
        && let KeyCode::Char(c @ '1'..='8') = key.code
    {
        return Some(Action::GoTab(c as usize - '1' as usize));
    }
    KEYMAP
        .iter()
        .find(|b| b.modes.contains(&mode) && b.code == key.code)
        .map(|b| b.action)
}

/// `key: help` pairs for the status bar in a mode, without repeats.
pub fn hints(mode: Mode) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for b in KEYMAP.iter().filter(|b| b.hint && b.modes.contains(&mode)) {
        if !out.iter().any(|(k, _)| *k == b.keys) {
            out.push((b.keys, b.help));
        }
    }
    out
}

/// Every distinct binding, for the help overlay.
pub fn help_lines() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for b in KEYMAP {
        if !out.iter().any(|(k, h)| *k == b.keys && *h == b.help) {
            out.push((b.keys, b.help));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn same_key_means_different_things_by_mode() {
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
        let h = hints(Mode::Normal);
        assert!(h.contains(&("r", "regions")));
        assert!(h.contains(&("q", "quit")));
        assert!(!h.iter().any(|(k, _)| *k == "G"));
        assert!(hints(Mode::RegionPicker).contains(&("Space", "toggle")));
    }
}
