//! The TUI state and its pure, synchronous `update`.
//!
//! [`App`] is in three parts: what is [`Known`] (`known.rs`: settings,
//! identity, the cells and all the poller said), what the user is looking
//! at, the [`View`] (`view.rs`: tab, mode, cursor, filters, prompts), and
//! what is [`Derived`] from both (`derived.rs`, built in `table.rs`: the
//! filtered, sorted rows, the Grid's counts, the findings). Keys are in
//! `keys.rs`. Rendering reads all three and changes none.

mod arrival;
mod command;
mod cost;
mod derived;
mod findings;
mod health;
mod keys;
mod known;
mod metrics;
mod preset;
mod prompt;
mod share;
pub mod sort;
mod start;
mod table;
mod view;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

pub use crate::keymap::{Action, Keymap, Mode};
use crate::model::{AccountId, AccountInfo, Identity, ResourceKind, TagFilter};
use crate::protocol::{Command, Event};
use arrival::Arrival;
pub use cost::CostView;
pub use derived::Derived;
pub use findings::{FINDINGS_COMMAND, FindingsList, RuleRow, Totals};
pub use health::{Relation, Signals};
use known::CellKey;
pub use known::{CHANGES_KEPT, Cell, Known};
pub use metrics::Metrics;
pub use prompt::tag_lines;
pub use share::Popup;
pub use sort::{Column, Tab};
pub use start::Resolved;
pub use table::Listing;
pub use view::{Pick, Picker, Prompt, View};

/// Everything that can happen to the app.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Poller(Event),
    /// Events that were waiting together, the view rebuilt once after them
    /// (a large listing's pages come faster than the screen needs them).
    Events(Vec<Event>),
    /// The clock, from the loop; ages are computed against it.
    Tick(DateTime<Utc>),
    /// Rows the table can show at once, from the last layout.
    PageSize(usize),
    /// Apply a named preset from the config (`:preset NAME`).
    ApplyPreset(String),
    /// A line for the status bar, from the loop (an effect that failed).
    Status(String),
    /// Start-up resolved who and where (after the first frame, drawn from
    /// the cache): the poller is about to run.
    Started(Box<Resolved>),
    /// Show only what passes this tag filter (as `t` does, once its text
    /// parses).
    TagFilter(TagFilter),
}

/// What the loop must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Send(Command),
    Quit,
    /// Put this text on the user's clipboard (OSC 52 to the terminal).
    Copy(String),
    /// Write `csv` (`rows` rows) to `file` in the current directory.
    Export {
        file: String,
        csv: String,
        rows: usize,
    },
}

/// What the app starts with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The credentials' name, shown in the header.
    pub profile: String,
    pub identity: Identity,
    /// Every enabled region: the region picker's list.
    pub all_regions: Vec<String>,
    /// The regions watched at start.
    pub regions: Vec<String>,
    /// Every account watched (empty or one: the single-account screen).
    pub accounts: Vec<AccountInfo>,
    /// How a cost refresh asks over those accounts (for its price).
    pub cost_plan: crate::model::cost::CostPlan,
    /// Time between refreshes, shown in the header.
    pub interval: Duration,
    pub tag_filter: TagFilter,
    pub keymap: Keymap,
    /// Where the log goes, for the help overlay.
    pub log_path: Option<String>,
    /// The view shown first (else EC2 instances).
    pub view: Option<Tab>,
    /// Named presets, for `Msg::ApplyPreset`.
    pub presets: BTreeMap<String, crate::presets::Preset>,
    /// The findings' thresholds, ignores and prices (`[findings]`, `[prices]`).
    pub findings: crate::findings::Settings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            profile: String::new(),
            identity: Identity::default(),
            all_regions: Vec::new(),
            regions: Vec::new(),
            accounts: Vec::new(),
            cost_plan: Default::default(),
            interval: crate::defaults::REFRESH,
            tag_filter: TagFilter::default(),
            keymap: Keymap::default(),
            log_path: None,
            view: None,
            presets: BTreeMap::new(),
            findings: crate::findings::Settings::default(),
        }
    }
}

/// The TUI state: what is known, what the user is looking at, and what
/// is derived from both.
#[derive(Debug, Clone)]
pub struct App {
    pub known: Known,
    pub view: View,
    pub derived: Derived,
}

impl App {
    pub fn new(settings: Settings, now: DateTime<Utc>) -> App {
        let Settings {
            profile,
            identity,
            all_regions,
            regions,
            accounts,
            cost_plan,
            interval,
            tag_filter,
            keymap,
            log_path,
            view,
            presets,
            findings,
        } = settings;
        let tab = view.unwrap_or(Tab::Kind(ResourceKind::Ec2Instance));
        let shown: Vec<AccountId> = accounts.iter().map(|a| a.id).collect();
        App {
            known: Known {
                profile,
                identity,
                all_regions,
                accounts,
                interval,
                now,
                keymap,
                log_path,
                presets,
                findings_settings: findings,
                cells: HashMap::new(),
                data_version: 0,
                tag_ids: Default::default(),
                signals: HashMap::new(),
                cycle: 0,
                cycle_running: false,
                last_full_refresh: None,
                last_stats: None,
                changes: Vec::new(),
                changes_since: None,
                marks: HashMap::new(),
                cost: CostView {
                    plan: cost_plan,
                    ..CostView::default()
                },
                metrics: Metrics::default(),
            },
            view: View::new(tab, regions, shown, tag_filter),
            derived: Derived::default(),
        }
    }

    /// Every effect returned must be carried out (`tui::dispatch`): a
    /// dropped `WatchMetrics` leaves the metrics watcher on the old rows.
    #[must_use = "the effects must be dispatched (tui::dispatch)"]
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = self.update_state(msg);
        effects.extend(self.after_update());
        self.relate();
        effects
    }

    fn update_state(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Tick(now) => {
                self.known.now = now;
                vec![]
            }
            Msg::PageSize(n) => {
                self.view.page = n.max(1);
                vec![]
            }
            Msg::Poller(event) => {
                let effects = self.on_event(event);
                self.show_pages();
                self.rebuild();
                effects
            }
            Msg::Events(events) => {
                let effects = events.into_iter().flat_map(|e| self.on_event(e)).collect();
                self.show_pages();
                self.rebuild();
                effects
            }
            Msg::Key(key) => self.on_key_press(key),
            Msg::ApplyPreset(name) => {
                let effects = self.apply_preset(&name);
                self.rebuild();
                effects
            }
            Msg::Status(line) => {
                self.view.status = Some(line);
                vec![]
            }
            Msg::Started(resolved) => {
                self.start(*resolved);
                vec![]
            }
            Msg::TagFilter(filter) => {
                self.view.tag_filter = filter;
                self.rebuild();
                vec![]
            }
        }
    }

    fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::CycleStarted { cycle, regions } => {
                self.known.cycle = cycle;
                self.known.cycle_running = true;
                self.known.marks.clear();
                let accounts: Vec<AccountId> = match self.known.accounts.is_empty() {
                    true => vec![AccountId::default()],
                    false => self.known.accounts.iter().map(|a| a.id).collect(),
                };
                // Pages of a cycle dropped (for a region no longer polled too).
                for cell in self.known.cells.values_mut() {
                    cell.arrival = Arrival::default();
                }
                for job in crate::model::jobs_for(&regions) {
                    for &kind in job.kinds() {
                        for &account in &accounts {
                            let cell = self.known.cells.entry((account, job.region.clone(), kind)).or_default();
                            cell.pending = true;
                        }
                    }
                }
            }
            Event::Page {
                cycle,
                account,
                region,
                kind,
                items,
            } => {
                if cycle == self.known.cycle && self.shows_region(&region, kind) {
                    self.store_page((account, region, kind), items);
                }
            }
            Event::Cached { fetch } => {
                if !self.shows_region(&fetch.region, fetch.kind) {
                    return vec![];
                }
                let key = (fetch.account, fetch.region.clone(), fetch.kind);
                if self.known.cells.get(&key).is_some_and(|c| c.fetched_at.is_some()) {
                    return vec![]; // a fresh answer came first
                }
                let effects = self.store_whole(fetch);
                if let Some(cell) = self.known.cells.get_mut(&key) {
                    cell.cached = true;
                    cell.pending = self.known.cycle_running;
                }
                return effects;
            }
            Event::Inventory { cycle, fetch } => {
                if cycle != self.known.cycle || !self.shows_region(&fetch.region, fetch.kind) {
                    return vec![]; // a dropped cycle, or a region since deselected
                }
                return self.store(fetch);
            }
            Event::CycleFinished { cycle, stats } => {
                if cycle == self.known.cycle {
                    self.known.cycle_running = false;
                    self.known.last_full_refresh = Some(self.known.now);
                    self.known.last_stats = Some(stats);
                }
            }
            Event::Cost { result, calls, cached } => self.known.cost.on_event(result, calls, cached, self.known.now),
            Event::Metrics(m) => self.on_metrics(m),
        }
        vec![]
    }
}

#[cfg(test)]
pub(crate) mod tests;
