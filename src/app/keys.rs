//! Keys: a key in a prompt edits it; any other is resolved through the
//! keymap (`Mode` and key to `Action`) and acted on: the cost, overview
//! and picker actions first, then moving, switching views, sorting and
//! opening the prompts. The `:` prompt is in [`super::command`], sharing
//! in [`super::share`].

use crossterm::event::{KeyCode, KeyEvent};

use super::prompt::{edit, last_word, suggest};
use super::view::{Pick, Picker, Prompt};
use super::{Action, App, Effect, Mode, Tab};
use crate::model::{AccountId, ResourceKind, TagFilter};
use crate::protocol::Command;

impl App {
    /// A key press: it clears the status line; with a popup open it only
    /// closes the popup.
    pub(super) fn on_key_press(&mut self, key: KeyEvent) -> Vec<Effect> {
        self.view.status = None;
        if self.view.popup.take().is_some() {
            return vec![]; // any key closes the popup
        }
        let effects = self.on_key(key);
        self.rebuild();
        effects
    }

    /// By mode: a prompt takes its own keys; any other key is looked up in
    /// the keymap and its action done.
    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.view.mode {
            Mode::TagPrompt => return self.on_tag_prompt(key),
            Mode::Command => return self.on_command(key),
            Mode::Search => return self.on_search(key),
            Mode::ConfirmCost => return self.on_confirm_cost(key),
            Mode::Logs => return self.on_logs_key(key),
            _ => {}
        }
        let Some(action) = self.known.keymap.resolve(self.view.mode, key) else {
            return vec![];
        };
        if self.view.mode == Mode::RegionPicker {
            return self.on_picker(action);
        }
        if let Some(effects) = self.on_cost_action(action) {
            return effects;
        }
        if let Some(effects) = self.on_overview_action(action) {
            return effects;
        }
        let n = self.derived.rows.len();
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::NextTab => self.set_tab((self.tab_index() + 1) % Tab::all().len()),
            Action::PrevTab => self.set_tab((self.tab_index() + Tab::all().len() - 1) % Tab::all().len()),
            Action::GoTab(i) => self.go_to_key(i),
            Action::Down => self.move_to(self.view.cursor.saturating_add(1)),
            Action::Up => self.move_to(self.view.cursor.saturating_sub(1)),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(n.saturating_sub(1)),
            Action::PageDown => self.move_to(self.view.cursor.saturating_add(self.view.page)),
            Action::PageUp => self.move_to(self.view.cursor.saturating_sub(self.view.page)),
            Action::OpenRegions => {
                self.view.picker = Picker {
                    of: Pick::Regions,
                    cursor: 0,
                    checked: self
                        .known
                        .all_regions
                        .iter()
                        .map(|r| self.view.regions.contains(r))
                        .collect(),
                };
                self.view.mode = Mode::RegionPicker;
            }
            Action::OpenAccounts if self.multi_account() => {
                self.view.picker = Picker {
                    of: Pick::Accounts,
                    cursor: 0,
                    checked: self
                        .known
                        .accounts
                        .iter()
                        .map(|a| self.view.shown_accounts.contains(&a.id))
                        .collect(),
                };
                self.view.mode = Mode::RegionPicker;
            }
            Action::OpenAccounts => self.view.status = Some("one account is watched: nothing to pick".into()),
            Action::OpenCommand => self.open_command(),
            Action::OpenTagFilter => {
                self.view.prompt = Prompt {
                    input: self.view.tag_filter.to_string(),
                    candidates: self.tag_keys_and_values(),
                    ..Prompt::default()
                };
                self.validate_prompt();
                self.view.mode = Mode::TagPrompt;
            }
            Action::ClearTagFilter => self.view.tag_filter = TagFilter::default(),
            Action::OpenSearch => {
                self.view.prompt = Prompt {
                    input: self.view.search.clone(),
                    ..Prompt::default()
                };
                self.view.mode = Mode::Search;
            }
            Action::SortNext => {
                let cols = self.columns().len().max(1);
                let (c, rev) = self.sort_state();
                self.view.sort.insert(self.view.tab, ((c + 1) % cols, rev));
            }
            Action::SortReverse => {
                let (c, rev) = self.sort_state();
                self.view.sort.insert(self.view.tab, (c, !rev));
            }
            Action::OpenDetail if self.selected().is_some() => self.view.mode = Mode::Detail,
            Action::Refresh => return vec![Effect::Send(Command::RefreshNow)],
            Action::CopyId => return self.copy_id(),
            Action::CopyArn => return self.copy_arn(),
            Action::ConsoleLink => return self.console_link(),
            Action::Export => return self.export(),
            Action::OpenLogs => return self.open_logs(),
            Action::CycleWindow => self.cycle_window(),
            Action::NextMetric if self.view.tab == Tab::Metrics => self.next_metric(),
            Action::Help => {
                self.view.mode = if self.view.mode == Mode::Help {
                    Mode::Normal
                } else {
                    Mode::Help
                }
            }
            Action::Back => {
                if self.view.mode == Mode::Normal {
                    self.view.search.clear();
                }
                self.view.mode = Mode::Normal;
            }
            _ => {}
        }
        vec![]
    }

    fn on_picker(&mut self, action: Action) -> Vec<Effect> {
        let n = self.view.picker.checked.len();
        match action {
            Action::Down if n > 0 => self.view.picker.cursor = (self.view.picker.cursor + 1).min(n - 1),
            Action::Up => self.view.picker.cursor = self.view.picker.cursor.saturating_sub(1),
            Action::Toggle => {
                if let Some(c) = self.view.picker.checked.get_mut(self.view.picker.cursor) {
                    *c = !*c;
                }
            }
            Action::All => self.view.picker.checked.iter_mut().for_each(|c| *c = true),
            Action::None => self.view.picker.checked.iter_mut().for_each(|c| *c = false),
            Action::Back => self.view.mode = Mode::Normal,
            Action::Apply if self.view.picker.of == Pick::Accounts => {
                let chosen: Vec<AccountId> = self
                    .known
                    .accounts
                    .iter()
                    .zip(&self.view.picker.checked)
                    .filter(|(_, c)| **c)
                    .map(|(a, _)| a.id)
                    .collect();
                if chosen.is_empty() {
                    return vec![]; // nothing to show: keep the picker open
                }
                self.view.mode = Mode::Normal;
                // Every account is still polled; the picker chooses what shows.
                if chosen != self.view.shown_accounts {
                    self.view.shown_accounts = chosen;
                    self.known.data_version += 1;
                }
            }
            Action::Apply => {
                let chosen: Vec<String> = self
                    .known
                    .all_regions
                    .iter()
                    .zip(&self.view.picker.checked)
                    .filter(|(_, c)| **c)
                    .map(|(r, _)| r.clone())
                    .collect();
                if chosen.is_empty() {
                    return vec![]; // nothing to watch: keep the picker open
                }
                self.view.mode = Mode::Normal;
                if chosen != self.view.regions {
                    self.view.regions = chosen.clone();
                    self.known.cells.retain(|(_, r, k), _| {
                        self.view.regions.contains(r) || (k.is_global() && r == crate::model::GLOBAL)
                    });
                    return vec![Effect::Send(Command::SetRegions(chosen))];
                }
            }
            _ => {}
        }
        vec![]
    }

    fn on_tag_prompt(&mut self, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => self.view.mode = Mode::Normal,
            KeyCode::Enter => match TagFilter::parse(&self.view.prompt.input) {
                Ok(f) => {
                    self.view.tag_filter = f;
                    self.view.mode = Mode::Normal;
                }
                Err(e) => self.view.prompt.error = Some(e.to_string()),
            },
            KeyCode::Tab => {
                self.view.prompt.complete_word();
                self.validate_prompt();
            }
            _ => {
                if edit(&mut self.view.prompt.input, key) {
                    self.validate_prompt();
                }
            }
        }
        vec![]
    }

    fn validate_prompt(&mut self) {
        self.view.prompt.error = TagFilter::parse(&self.view.prompt.input).err().map(|e| e.to_string());
        self.view.prompt.suggestions = suggest(last_word(&self.view.prompt.input), &self.view.prompt.candidates);
    }

    fn on_search(&mut self, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => {
                self.view.search.clear();
                self.view.mode = Mode::Normal;
            }
            KeyCode::Enter => self.view.mode = Mode::Normal,
            _ => {
                if edit(&mut self.view.prompt.input, key) {
                    self.view.search = self.view.prompt.input.clone();
                }
            }
        }
        vec![]
    }

    /// Tag keys and `key=value` pairs present in the data, for completion.
    pub fn tag_keys_and_values(&self) -> Vec<String> {
        let mut pairs: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
        for (_, _, _, c) in self.cells_for(ResourceKind::all()) {
            for r in &c.listing.resources {
                pairs.extend(r.tags.iter());
            }
        }
        let mut out: Vec<String> = pairs.iter().map(|(k, _)| k.to_string()).collect();
        out.dedup();
        out.extend(pairs.iter().map(|(k, v)| format!("{k}={v}")));
        out.sort();
        out
    }

    fn tab_index(&self) -> usize {
        Tab::all().iter().position(|t| *t == self.view.tab).unwrap_or(0)
    }

    /// Picks tab `i` of the tab bar.
    fn set_tab(&mut self, i: usize) {
        if let Some(t) = Tab::all().get(i) {
            self.view.tab = *t;
        }
    }

    /// Number key `i + 1` (and `0` for any `i` from 9 on): the view with that key.
    fn go_to_key(&mut self, i: usize) {
        let key = char::from_digit((i.min(9) as u32 + 1) % 10, 10);
        if let Some(t) = Tab::all().iter().find(|t| t.key() == key) {
            self.view.tab = *t;
        }
    }

    fn move_to(&mut self, i: usize) {
        self.view.cursor = i.min(self.derived.rows.len().saturating_sub(1));
        if let Some(r) = self.row(self.view.cursor) {
            let key = (r.kind, r.region.to_string(), r.id.to_string());
            self.view.selected.insert(self.view.tab, key);
        }
    }
}
