//! What the user is looking at: the view (tab), the mode, the cursor and
//! the page, the sort and the selection of each view, the filters (regions,
//! accounts, tags, search), and the prompt, picker, popup and status line.
//! Keys change it ([`super::keys`]); rendering reads it.

use std::collections::HashMap;

use super::{App, Column, Mode, Popup, Tab, sort};
use crate::model::{AccountId, AccountInfo, Resource, ResourceKind, TagFilter};

/// The identity of a row, kept across refreshes and re-sorts.
pub(super) type RowKey = (ResourceKind, String, String);

/// What the user is looking at.
#[derive(Debug, Clone)]
pub struct View {
    pub tab: Tab,
    pub mode: Mode,
    /// The regions watched and shown (the region picker's choice).
    pub regions: Vec<String>,
    /// The accounts shown (the account picker's choice; every account is
    /// still polled).
    pub shown_accounts: Vec<AccountId>,
    pub tag_filter: TagFilter,
    pub search: String,
    /// The cursor's row in the table, and the rows a page holds.
    pub cursor: usize,
    pub page: usize,
    /// Sort column index per tab, and whether reversed.
    pub(super) sort: HashMap<Tab, (usize, bool)>,
    /// The row selected in each tab, kept across refreshes and re-sorts.
    pub(super) selected: HashMap<Tab, RowKey>,
    /// The cursor on the Overview's list of findings (a rule's, or all).
    pub finding_cursor: usize,
    /// What the Overview lists: the rules, a rule's findings, or all.
    pub findings_list: super::findings::FindingsList,
    /// The cursor on the Overview's rules, and the rule it is on (kept
    /// across refreshes and the way back from a rule's findings).
    pub rule_cursor: usize,
    pub(super) selected_rule: Option<&'static str>,
    /// The finding the list's cursor is on, kept across refreshes.
    pub(super) selected_finding: Option<super::findings::FindingKey>,
    pub picker: Picker,
    pub prompt: Prompt,
    /// What the last key did, for the status bar (cleared by the next key).
    pub status: Option<String>,
    /// A box any key closes (the console link).
    pub popup: Option<Popup>,
}

impl View {
    /// The first view, on everything: every account shown, no filter.
    pub(super) fn new(tab: Tab, regions: Vec<String>, shown_accounts: Vec<AccountId>, tag_filter: TagFilter) -> View {
        View {
            tab,
            mode: Mode::Normal,
            regions,
            shown_accounts,
            tag_filter,
            search: String::new(),
            cursor: 0,
            page: 10,
            sort: HashMap::new(),
            selected: HashMap::new(),
            finding_cursor: 0,
            findings_list: Default::default(),
            rule_cursor: 0,
            selected_rule: None,
            selected_finding: None,
            picker: Picker::default(),
            prompt: Prompt::default(),
            status: None,
            popup: None,
        }
    }
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

/// How the view shows what is known.
impl App {
    /// The sort column (an index into [`App::columns`]) and whether it is
    /// reversed; at first the kind's own sort column (the alarms view sorts
    /// by state, ALARM first).
    pub fn sort_state(&self) -> (usize, bool) {
        self.view
            .sort
            .get(&self.view.tab)
            .copied()
            .unwrap_or_else(|| (self.default_sort(), false))
    }

    fn default_sort(&self) -> usize {
        let Some(first) = self.view.tab.columns().get(self.view.tab.default_sort()) else {
            return 0;
        };
        self.columns().iter().position(|c| c.field == first.field).unwrap_or(0)
    }

    /// The columns of the current tab, with REGION when several regions
    /// show and ACCOUNT when several accounts are watched.
    pub fn columns(&self) -> Vec<Column> {
        let mut cols = self.view.tab.columns().to_vec();
        if self.view.regions.len() > 1 || self.view.tab.kinds().iter().any(|k| k.is_global()) {
            cols.insert(1.min(cols.len()), sort::REGION);
        }
        if self.multi_account() {
            cols.insert(1.min(cols.len()), sort::ACCOUNT);
        }
        cols
    }

    /// The picker's lines: the regions or the accounts (name and id).
    pub fn picker_items(&self) -> Vec<String> {
        match self.view.picker.of {
            Pick::Regions => self.known.all_regions.clone(),
            Pick::Accounts => self
                .known
                .accounts
                .iter()
                .map(|a| format!("{} {}", a.id, a.name))
                .collect(),
        }
    }

    /// Several accounts are watched: the ACCOUNT column and picker matter.
    pub fn multi_account(&self) -> bool {
        self.known.accounts.len() > 1
    }

    /// Whether the account picker keeps `account` on screen.
    pub fn shows_account(&self, account: AccountId) -> bool {
        !self.multi_account() || self.view.shown_accounts.contains(&account)
    }

    /// A cell's text in the table: a column's text, with the account's name
    /// in place of its id.
    pub fn cell_text(&self, column: &Column, r: &Resource) -> String {
        match column.field {
            sort::Field::Account => self.account_label(r.account),
            field => field.text(r, self.known.now),
        }
    }

    /// An account as shown: its Organizations or profile name, else its id.
    pub fn account_label(&self, account: AccountId) -> String {
        self.known
            .accounts
            .iter()
            .find(|a| a.id == account)
            .map_or_else(|| account.to_string(), AccountInfo::label)
    }
}
