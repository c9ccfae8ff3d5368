//! The TUI state and its pure, synchronous `update`.

mod arrival;
mod command;
mod cost;
mod findings;
mod health;
mod metrics;
mod preset;
mod prompt;
mod share;
mod table;
pub mod view;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};

pub use crate::keymap::{Action, Keymap, Mode};
use crate::model::changes::{Change, ChangeKind};
use crate::model::{AccountId, AccountInfo, AwsError, CycleStats, Identity, Resource, ResourceKind, TagFilter};
use crate::protocol::{Command, Event};
use arrival::Arrival;
pub use cost::CostView;
pub use health::{Relation, Signals};
pub use metrics::Metrics;
pub use prompt::tag_lines;
use prompt::{edit, last_word, suggest};
pub use share::Popup;
pub use table::Listing;
use table::{FilterKey, TagIds};
pub use view::{Column, Tab};

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

/// The last known state of one (region, kind).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// The last good listing, with its sort keys and interned tags.
    pub listing: Arc<Listing>,
    /// When the resources were fetched; `None` before the first success.
    pub fetched_at: Option<DateTime<Utc>>,
    /// The last failure, when the last fetch failed.
    pub error: Option<(AwsError, DateTime<Utc>)>,
    /// A cycle is running and this cell has not answered yet.
    pub pending: bool,
    /// The rows come from the disk cache (of `fetched_at`), not yet
    /// replaced by a fresh answer.
    pub cached: bool,
    /// The listing running now, page by page.
    arrival: Arrival,
}

/// The region or account picker's working copy.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub of: Pick,
    pub cursor: usize,
    pub checked: Vec<bool>,
}

/// What the picker picks (`r`: regions, `a`: accounts); both work alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pick {
    #[default]
    Regions,
    Accounts,
}

/// A cell: one (account, region, kind) listing.
type CellKey = (AccountId, String, ResourceKind);

/// A text prompt (tag filter or search).
#[derive(Debug, Clone, Default)]
pub struct Prompt {
    pub input: String,
    pub error: Option<String>,
    /// Tag keys and `key=value` pairs in the data, gathered when the prompt opens.
    pub candidates: Vec<String>,
    /// Candidates that complete the word being typed (a few, shortest first).
    pub suggestions: Vec<String>,
}

/// How many changes the app keeps (the oldest go first).
pub const CHANGES_KEPT: usize = 1000;

/// The identity of a row, kept across refreshes and re-sorts.
type RowKey = (ResourceKind, String, String);

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
        }
    }
}

#[derive(Debug, Clone)]
pub struct App {
    pub profile: String,
    pub identity: Identity,
    pub all_regions: Vec<String>,
    pub regions: Vec<String>,
    /// Every account watched, and those shown (the account picker's choice).
    pub accounts: Vec<AccountInfo>,
    pub shown_accounts: Vec<AccountId>,
    pub interval: Duration,
    pub now: DateTime<Utc>,
    pub tab: Tab,
    pub mode: Mode,
    cells: HashMap<CellKey, Cell>,
    pub cycle: u64,
    pub cycle_running: bool,
    pub last_full_refresh: Option<DateTime<Utc>>,
    pub last_stats: Option<CycleStats>,
    pub tag_filter: TagFilter,
    pub search: String,
    pub picker: Picker,
    pub prompt: Prompt,
    /// Sort column index per tab, and whether reversed.
    sort: HashMap<Tab, (usize, bool)>,
    selected: HashMap<Tab, RowKey>,
    /// The rows of the current tab after filters and sort (derived state,
    /// rebuilt on change so rendering stays cheap).
    /// Indices into `filtered`, in display order.
    rows: Vec<u32>,
    /// Resources of the current tab in the selected regions, before filters.
    total: usize,
    /// The listings of the current tab, in (region, kind) order.
    listings: Vec<Arc<Listing>>,
    /// The filtered rows before sorting, as (listing, row) indices, and what
    /// they were filtered by.
    filtered: Vec<(u32, u32)>,
    filter_key: FilterKey,
    /// Every tag key and value seen, interned for fast filtering.
    tag_ids: TagIds,
    /// Overview counts by (region, kind): (passing the filters, up).
    overview: HashMap<(String, ResourceKind), (usize, usize)>,
    /// Overview signals by region (alarms in ALARM, impaired instances),
    /// of what passes the filters.
    overview_signals: HashMap<String, Signals>,
    /// Header signals by (region, kind), unfiltered: counted as each
    /// listing arrives.
    signals: HashMap<CellKey, Signals>,
    /// The selected resource's relations, while the detail view is open.
    relations: Vec<Relation>,
    /// Bumped on every change to the cells.
    data_version: u64,
    pub cursor: usize,
    pub page: usize,
    pub keymap: Keymap,
    /// Where the log goes, for the help overlay.
    pub log_path: Option<String>,
    /// Resources added, removed and changed state, newest last (the last
    /// [`CHANGES_KEPT`]), since `changes_since`.
    pub changes: Vec<Change>,
    /// When the first listing to compare against arrived (or was cached).
    pub changes_since: Option<DateTime<Utc>>,
    /// The changes of the running cycle, marked beside their rows until the next.
    marks: HashMap<(ResourceKind, String, String), ChangeKind>,
    /// The Cost tab.
    pub cost: CostView,
    /// Thresholds, ignores and prices of the findings.
    pub findings_settings: crate::findings::Settings,
    /// The Overview's findings (derived in `update`) and the cursor on them.
    findings: Vec<crate::findings::Finding>,
    pub finding_cursor: usize,
    /// Series, the window, the watched set and the meter's counts.
    pub metrics: Metrics,
    /// What the last key did, for the status bar (cleared by the next key).
    pub status: Option<String>,
    /// A box any key closes (the console link).
    pub popup: Option<Popup>,
    /// Named presets from the config file.
    pub presets: std::collections::BTreeMap<String, crate::presets::Preset>,
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
        } = settings;
        App {
            profile,
            identity,
            all_regions,
            regions,
            shown_accounts: accounts.iter().map(|a| a.id).collect(),
            accounts,
            interval,
            now,
            tab: Tab::Kind(ResourceKind::Ec2Instance),
            mode: Mode::Normal,
            cells: HashMap::new(),
            cycle: 0,
            cycle_running: false,
            last_full_refresh: None,
            last_stats: None,
            tag_filter,
            search: String::new(),
            picker: Picker::default(),
            prompt: Prompt::default(),
            sort: HashMap::new(),
            selected: HashMap::new(),
            rows: Vec::new(),
            total: 0,
            listings: Vec::new(),
            filtered: Vec::new(),
            filter_key: FilterKey::default(),
            tag_ids: TagIds::default(),
            overview: HashMap::new(),
            overview_signals: HashMap::new(),
            signals: HashMap::new(),
            relations: Vec::new(),
            data_version: 0,
            cursor: 0,
            page: 10,
            keymap,
            log_path,
            changes: Vec::new(),
            changes_since: None,
            marks: HashMap::new(),
            cost: CostView {
                plan: cost_plan,
                ..CostView::default()
            },
            findings_settings: crate::findings::Settings::default(),
            findings: Vec::new(),
            finding_cursor: 0,
            metrics: Metrics::default(),
            status: None,
            popup: None,
            presets: Default::default(),
        }
    }

    /// The change mark of a row in this cycle, if it changed.
    pub fn mark(&self, r: &Resource) -> Option<ChangeKind> {
        self.marks
            .get(&(r.kind, r.region.to_string(), r.id.to_string()))
            .copied()
    }

    /// (added, removed, state changed) since [`App::changes_since`].
    pub fn change_counts(&self) -> (usize, usize, usize) {
        self.changes.iter().fold((0, 0, 0), |(a, r, s), c| match c.change {
            ChangeKind::Added => (a + 1, r, s),
            ChangeKind::Removed => (a, r + 1, s),
            ChangeKind::State => (a, r, s + 1),
        })
    }

    /// The rows of the current tab, filtered and sorted.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &Resource> + '_ {
        self.rows.iter().map(|&i| self.resource(i as usize))
    }

    /// Row `i` of the current tab.
    pub fn row(&self, i: usize) -> Option<&Resource> {
        self.rows.get(i).map(|&j| self.resource(j as usize))
    }

    pub fn selected(&self) -> Option<&Resource> {
        self.row(self.cursor)
    }

    /// The sort column (an index into [`App::columns`]) and whether it is
    /// reversed; at first the kind's own sort column (the alarms view sorts
    /// by state, ALARM first).
    pub fn sort_state(&self) -> (usize, bool) {
        self.sort
            .get(&self.tab)
            .copied()
            .unwrap_or_else(|| (self.default_sort(), false))
    }

    fn default_sort(&self) -> usize {
        let Some(first) = self.tab.columns().get(self.tab.default_sort()) else {
            return 0;
        };
        self.columns().iter().position(|c| c.field == first.field).unwrap_or(0)
    }

    /// The cell of (region, kind) over the accounts shown: a failed one
    /// first, else a pending one, else any.
    pub fn cell(&self, region: &str, kind: ResourceKind) -> Option<&Cell> {
        let mut cells = self
            .cells
            .iter()
            .filter(|((a, r, k), _)| *k == kind && r == region && self.shows_account(*a))
            .map(|(_, c)| c);
        let first = cells.next()?;
        Some(cells.fold(first, |best, c| {
            let rank = |c: &Cell| (c.error.is_some(), c.pending);
            if rank(c) > rank(best) { c } else { best }
        }))
    }

    /// One account's cell of (region, kind).
    pub fn cell_in(&self, account: AccountId, region: &str, kind: ResourceKind) -> Option<&Cell> {
        self.cells.get(&(account, region.to_string(), kind))
    }

    /// The picker's lines: the regions or the accounts (name and id).
    pub fn picker_items(&self) -> Vec<String> {
        match self.picker.of {
            Pick::Regions => self.all_regions.clone(),
            Pick::Accounts => self.accounts.iter().map(|a| format!("{} {}", a.id, a.name)).collect(),
        }
    }

    /// Several accounts are watched: the ACCOUNT column and picker matter.
    pub fn multi_account(&self) -> bool {
        self.accounts.len() > 1
    }

    /// Whether the account picker keeps `account` on screen.
    pub fn shows_account(&self, account: AccountId) -> bool {
        !self.multi_account() || self.shown_accounts.contains(&account)
    }

    /// A cell's text in the table: a column's text, with the account's name
    /// in place of its id.
    pub fn cell_text(&self, column: &Column, r: &Resource) -> String {
        match column.field {
            view::Field::Account => self.account_label(r.account),
            field => field.text(r, self.now),
        }
    }

    /// An account as shown: its Organizations or profile name, else its id.
    pub fn account_label(&self, account: AccountId) -> String {
        self.accounts
            .iter()
            .find(|a| a.id == account)
            .map_or_else(|| account.to_string(), AccountInfo::label)
    }

    /// The columns of the current tab, with REGION when several regions
    /// show and ACCOUNT when several accounts are watched.
    pub fn columns(&self) -> Vec<Column> {
        let mut cols = self.tab.columns().to_vec();
        if self.regions.len() > 1 || self.tab.kinds().iter().any(|k| k.is_global()) {
            cols.insert(1.min(cols.len()), view::REGION);
        }
        if self.multi_account() {
            cols.insert(1.min(cols.len()), view::ACCOUNT);
        }
        cols
    }

    /// Cells of the selected regions and accounts for some kinds (S3 cells
    /// live under each bucket's region but are fetched under `global`).
    pub fn cells_for<'a>(
        &'a self,
        kinds: &'a [ResourceKind],
    ) -> impl Iterator<Item = (AccountId, &'a str, ResourceKind, &'a Cell)> {
        self.cells
            .iter()
            .filter(move |((account, region, kind), _)| {
                kinds.contains(kind) && self.shows_region(region, *kind) && self.shows_account(*account)
            })
            .map(|((a, r, k), c)| (*a, r.as_str(), *k, c))
    }

    fn shows_region(&self, region: &str, kind: ResourceKind) -> bool {
        (kind.is_global() && region == crate::model::GLOBAL) || self.regions.iter().any(|r| r == region)
    }

    /// For the overview: (resources that pass the filters, of which up) of a
    /// kind in a region. Counted in `update`, when the data or filters change.
    pub fn overview_count(&self, region: &str, kind: ResourceKind) -> (usize, usize) {
        self.overview
            .get(&(region.to_string(), kind))
            .copied()
            .unwrap_or((0, 0))
    }

    /// Total fetched for the current tab, before filters.
    pub fn total_for_tab(&self) -> usize {
        self.total
    }

    /// Regions of the current tab still waiting for an answer.
    pub fn pending_regions(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .cells_for(self.tab.kinds())
            .filter(|(_, _, _, c)| c.pending)
            .map(|(_, r, _, _)| r.to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The cells of some kinds still showing cached rows, as (region, kind,
    /// when they were fetched), sorted.
    pub fn cached_cells(&self, kinds: &[ResourceKind]) -> Vec<(String, ResourceKind, DateTime<Utc>)> {
        let mut out: Vec<_> = self
            .cells_for(kinds)
            .filter(|(_, _, _, c)| c.cached)
            .filter_map(|(_, r, k, c)| c.fetched_at.map(|at| (r.to_string(), k, at)))
            .collect();
        out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        out
    }

    /// When the oldest cached rows on show were fetched, if any are on show.
    pub fn cached_since(&self) -> Option<DateTime<Utc>> {
        self.cells
            .iter()
            .filter(|((a, r, k), c)| c.cached && self.shows_region(r, *k) && self.shows_account(*a))
            .filter_map(|(_, c)| c.fetched_at)
            .min()
    }

    /// Whether a region shows cached rows in any kind.
    pub fn region_cached(&self, region: &str) -> Option<DateTime<Utc>> {
        self.cells
            .iter()
            .filter(|((a, r, _), c)| r == region && c.cached && self.shows_account(*a))
            .filter_map(|(_, c)| c.fetched_at)
            .min()
    }

    /// Failures of the current tab as (region, kind, error, age).
    pub fn failures(&self, kinds: &[ResourceKind]) -> Vec<(String, ResourceKind, AwsError, DateTime<Utc>)> {
        let mut out: Vec<_> = self
            .cells_for(kinds)
            .filter_map(|(_, r, k, c)| c.error.as_ref().map(|(e, at)| (r.to_string(), k, e.clone(), *at)))
            .collect();
        out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        out
    }

    /// Per selected region: (errors, throttled, stale).
    pub fn region_health(&self, region: &str) -> (usize, bool, bool) {
        self.health(|a, r| r == region && self.shows_account(a))
    }

    /// Per account: (errors, throttled, stale) over the selected regions.
    pub fn account_health(&self, account: AccountId) -> (usize, bool, bool) {
        self.health(|a, r| a == account && self.shows_region(r, ResourceKind::S3Bucket))
    }

    fn health(&self, wanted: impl Fn(AccountId, &str) -> bool) -> (usize, bool, bool) {
        let mut errors = 0;
        let mut throttled = false;
        let mut stale = false;
        for ((a, r, _), c) in &self.cells {
            if !wanted(*a, r) {
                continue;
            }
            if let Some((e, _)) = &c.error {
                errors += 1;
                throttled |= e.is_throttle();
                stale |= c.fetched_at.is_some();
            }
        }
        (errors, throttled, stale)
    }

    /// The regions resolved at start (they may differ from those shown
    /// from the cache): cells of other regions go.
    pub fn set_regions(&mut self, regions: Vec<String>) {
        if regions != self.regions {
            self.regions = regions;
            self.cells
                .retain(|(_, r, k), _| self.regions.contains(r) || (k.is_global() && r == crate::model::GLOBAL));
            self.data_version += 1;
            self.rebuild();
        }
    }

    /// Drops every cached row: the cache was of another account.
    pub fn forget_cached(&mut self) {
        self.cells.retain(|_, c| !c.cached);
        let cells = &self.cells;
        self.signals.retain(|key, _| cells.contains_key(key));
        self.data_version += 1;
        self.rebuild();
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
                self.now = now;
                vec![]
            }
            Msg::PageSize(n) => {
                self.page = n.max(1);
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
            Msg::Key(key) => {
                self.status = None;
                if self.popup.take().is_some() {
                    return vec![]; // any key closes the popup
                }
                let effects = self.on_key(key);
                self.rebuild();
                effects
            }
            Msg::ApplyPreset(name) => {
                let effects = self.apply_preset(&name);
                self.rebuild();
                effects
            }
            Msg::Status(line) => {
                self.status = Some(line);
                vec![]
            }
        }
    }

    fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::CycleStarted { cycle, regions } => {
                self.cycle = cycle;
                self.cycle_running = true;
                self.marks.clear();
                let accounts: Vec<AccountId> = match self.accounts.is_empty() {
                    true => vec![AccountId::default()],
                    false => self.accounts.iter().map(|a| a.id).collect(),
                };
                // Pages of a cycle dropped (for a region no longer polled too).
                for cell in self.cells.values_mut() {
                    cell.arrival = Arrival::default();
                }
                for job in crate::model::jobs_for(&regions) {
                    for &kind in job.kinds() {
                        for &account in &accounts {
                            let cell = self.cells.entry((account, job.region.clone(), kind)).or_default();
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
                if cycle == self.cycle && self.shows_region(&region, kind) {
                    self.store_page((account, region, kind), items);
                }
            }
            Event::Cached { fetch } => {
                if !self.shows_region(&fetch.region, fetch.kind) {
                    return vec![];
                }
                let key = (fetch.account, fetch.region.clone(), fetch.kind);
                if self.cells.get(&key).is_some_and(|c| c.fetched_at.is_some()) {
                    return vec![]; // a fresh answer came first
                }
                let effects = self.store_whole(fetch);
                if let Some(cell) = self.cells.get_mut(&key) {
                    cell.cached = true;
                    cell.pending = self.cycle_running;
                }
                return effects;
            }
            Event::Inventory { cycle, fetch } => {
                if cycle != self.cycle || !self.shows_region(&fetch.region, fetch.kind) {
                    return vec![]; // a dropped cycle, or a region since deselected
                }
                return self.store(fetch);
            }
            Event::CycleFinished { cycle, stats } => {
                if cycle == self.cycle {
                    self.cycle_running = false;
                    self.last_full_refresh = Some(self.now);
                    self.last_stats = Some(stats);
                }
            }
            Event::Cost { result, calls, cached } => self.cost.on_event(result, calls, cached, self.now),
            Event::Metrics(m) => self.on_metrics(m),
        }
        vec![]
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.mode {
            Mode::TagPrompt => return self.on_tag_prompt(key),
            Mode::Command => return self.on_command(key),
            Mode::Search => return self.on_search(key),
            Mode::ConfirmCost => return self.on_confirm_cost(key),
            _ => {}
        }
        let Some(action) = self.keymap.resolve(self.mode, key) else {
            return vec![];
        };
        if self.mode == Mode::RegionPicker {
            return self.on_picker(action);
        }
        if let Some(effects) = self.on_cost_action(action) {
            return effects;
        }
        if let Some(effects) = self.on_overview_action(action) {
            return effects;
        }
        let n = self.rows.len();
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::NextTab => self.set_tab((self.tab_index() + 1) % Tab::all().len()),
            Action::PrevTab => self.set_tab((self.tab_index() + Tab::all().len() - 1) % Tab::all().len()),
            Action::GoTab(i) => self.go_to_key(i),
            Action::Down => self.move_to(self.cursor.saturating_add(1)),
            Action::Up => self.move_to(self.cursor.saturating_sub(1)),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(n.saturating_sub(1)),
            Action::PageDown => self.move_to(self.cursor.saturating_add(self.page)),
            Action::PageUp => self.move_to(self.cursor.saturating_sub(self.page)),
            Action::OpenRegions => {
                self.picker = Picker {
                    of: Pick::Regions,
                    cursor: 0,
                    checked: self.all_regions.iter().map(|r| self.regions.contains(r)).collect(),
                };
                self.mode = Mode::RegionPicker;
            }
            Action::OpenAccounts if self.multi_account() => {
                self.picker = Picker {
                    of: Pick::Accounts,
                    cursor: 0,
                    checked: self
                        .accounts
                        .iter()
                        .map(|a| self.shown_accounts.contains(&a.id))
                        .collect(),
                };
                self.mode = Mode::RegionPicker;
            }
            Action::OpenAccounts => self.status = Some("one account is watched: nothing to pick".into()),
            Action::OpenCommand => self.open_command(),
            Action::OpenTagFilter => {
                self.prompt = Prompt {
                    input: self.tag_filter.to_string(),
                    candidates: self.tag_keys_and_values(),
                    ..Prompt::default()
                };
                self.validate_prompt();
                self.mode = Mode::TagPrompt;
            }
            Action::ClearTagFilter => self.tag_filter = TagFilter::default(),
            Action::OpenSearch => {
                self.prompt = Prompt {
                    input: self.search.clone(),
                    ..Prompt::default()
                };
                self.mode = Mode::Search;
            }
            Action::SortNext => {
                let cols = self.columns().len().max(1);
                let (c, rev) = self.sort_state();
                self.sort.insert(self.tab, ((c + 1) % cols, rev));
            }
            Action::SortReverse => {
                let (c, rev) = self.sort_state();
                self.sort.insert(self.tab, (c, !rev));
            }
            Action::OpenDetail if self.selected().is_some() => self.mode = Mode::Detail,
            Action::Refresh => return vec![Effect::Send(Command::RefreshNow)],
            Action::CopyId => return self.copy_id(),
            Action::CopyArn => return self.copy_arn(),
            Action::ConsoleLink => return self.console_link(),
            Action::Export => return self.export(),
            Action::CycleWindow => self.cycle_window(),
            Action::NextMetric if self.tab == Tab::Metrics => self.next_metric(),
            Action::Help => {
                self.mode = if self.mode == Mode::Help {
                    Mode::Normal
                } else {
                    Mode::Help
                }
            }
            Action::Back => {
                if self.mode == Mode::Normal {
                    self.search.clear();
                }
                self.mode = Mode::Normal;
            }
            _ => {}
        }
        vec![]
    }

    fn on_picker(&mut self, action: Action) -> Vec<Effect> {
        let n = self.picker.checked.len();
        match action {
            Action::Down if n > 0 => self.picker.cursor = (self.picker.cursor + 1).min(n - 1),
            Action::Up => self.picker.cursor = self.picker.cursor.saturating_sub(1),
            Action::Toggle => {
                if let Some(c) = self.picker.checked.get_mut(self.picker.cursor) {
                    *c = !*c;
                }
            }
            Action::All => self.picker.checked.iter_mut().for_each(|c| *c = true),
            Action::None => self.picker.checked.iter_mut().for_each(|c| *c = false),
            Action::Back => self.mode = Mode::Normal,
            Action::Apply if self.picker.of == Pick::Accounts => {
                let chosen: Vec<AccountId> = self
                    .accounts
                    .iter()
                    .zip(&self.picker.checked)
                    .filter(|(_, c)| **c)
                    .map(|(a, _)| a.id)
                    .collect();
                if chosen.is_empty() {
                    return vec![]; // nothing to show: keep the picker open
                }
                self.mode = Mode::Normal;
                // Every account is still polled; the picker chooses what shows.
                if chosen != self.shown_accounts {
                    self.shown_accounts = chosen;
                    self.data_version += 1;
                }
            }
            Action::Apply => {
                let chosen: Vec<String> = self
                    .all_regions
                    .iter()
                    .zip(&self.picker.checked)
                    .filter(|(_, c)| **c)
                    .map(|(r, _)| r.clone())
                    .collect();
                if chosen.is_empty() {
                    return vec![]; // nothing to watch: keep the picker open
                }
                self.mode = Mode::Normal;
                if chosen != self.regions {
                    self.regions = chosen.clone();
                    self.cells.retain(|(_, r, k), _| {
                        self.regions.contains(r) || (k.is_global() && r == crate::model::GLOBAL)
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
            KeyCode::Esc => self.mode = Mode::Normal,
            KeyCode::Enter => match TagFilter::parse(&self.prompt.input) {
                Ok(f) => {
                    self.tag_filter = f;
                    self.mode = Mode::Normal;
                }
                Err(e) => self.prompt.error = Some(e.to_string()),
            },
            KeyCode::Tab => {
                self.prompt.complete_word();
                self.validate_prompt();
            }
            _ => {
                if edit(&mut self.prompt.input, key) {
                    self.validate_prompt();
                }
            }
        }
        vec![]
    }

    fn validate_prompt(&mut self) {
        self.prompt.error = TagFilter::parse(&self.prompt.input).err().map(|e| e.to_string());
        self.prompt.suggestions = suggest(last_word(&self.prompt.input), &self.prompt.candidates);
    }

    fn on_search(&mut self, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => {
                self.search.clear();
                self.mode = Mode::Normal;
            }
            KeyCode::Enter => self.mode = Mode::Normal,
            _ => {
                if edit(&mut self.prompt.input, key) {
                    self.search = self.prompt.input.clone();
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
        Tab::all().iter().position(|t| *t == self.tab).unwrap_or(0)
    }

    /// Picks tab `i` of the tab bar.
    fn set_tab(&mut self, i: usize) {
        if let Some(t) = Tab::all().get(i) {
            self.tab = *t;
        }
    }

    /// Number key `i + 1` (and `0` for any `i` from 9 on): the view with that key.
    fn go_to_key(&mut self, i: usize) {
        let key = char::from_digit((i.min(9) as u32 + 1) % 10, 10);
        if let Some(t) = Tab::all().iter().find(|t| t.key() == key) {
            self.tab = *t;
        }
    }

    fn move_to(&mut self, i: usize) {
        self.cursor = i.min(self.rows.len().saturating_sub(1));
        if let Some(r) = self.row(self.cursor) {
            let key = (r.kind, r.region.to_string(), r.id.to_string());
            self.selected.insert(self.tab, key);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
