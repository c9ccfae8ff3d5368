//! `App::update` fed with messages; state and effects asserted.
#![allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]

use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{AwsError, CallCount, CycleStats, Fetch, Outcome, Resource, ResourceKind};
use crate::protocol::{Command, Event};

pub(super) fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
}

pub(super) fn app() -> App {
    let all = vec![
        "eu-west-1".to_string(),
        "us-east-1".to_string(),
        "us-west-2".to_string(),
    ];
    let settings = Settings {
        profile: "monitor".into(),
        all_regions: all.clone(),
        regions: all,
        ..Settings::default()
    };
    App::new(settings, t(0))
}

pub(super) fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// Types `text`, one key a character.
pub(super) fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        a.update(key(KeyCode::Char(c)));
    }
}

pub(super) fn instance(region: &str, id: &str, name: &str, env: &str) -> Resource {
    let mut r = Resource::new(ResourceKind::Ec2Instance, region, id);
    r.name = name.into();
    r.state = "running".into();
    r.tags.insert("Environment", env);
    r
}

/// A region's listing of one kind.
fn fetch_of(region: &str, kind: ResourceKind, outcome: Outcome, at: DateTime<Utc>) -> Fetch {
    Fetch {
        account: Default::default(),
        region: region.into(),
        kind,
        outcome,
        at,
        calls: CallCount::default(),
        duration: Duration::from_millis(5),
    }
}

/// A region's listing of one kind, in cycle 1.
pub(crate) fn listed(region: &str, kind: ResourceKind, outcome: Outcome, at: DateTime<Utc>) -> Msg {
    listed_in(Default::default(), region, kind, outcome, at)
}

/// A listing message moved to another cycle (cycle 0: before any
/// `CycleStarted`, as at start).
pub(crate) fn in_cycle(cycle: u64, msg: Msg) -> Msg {
    let moved = |e| match e {
        Event::Inventory { fetch, .. } => Event::Inventory { cycle, fetch },
        Event::Page {
            account,
            region,
            kind,
            items,
            ..
        } => Event::Page {
            cycle,
            account,
            region,
            kind,
            items,
        },
        other => other,
    };
    match msg {
        Msg::Events(events) => Msg::Events(events.into_iter().map(moved).collect()),
        Msg::Poller(e) => Msg::Poller(moved(e)),
        other => other,
    }
}

/// One account's listing of one kind in a region, in cycle 1.
pub(crate) fn listed_in(
    account: crate::model::AccountId,
    region: &str,
    kind: ResourceKind,
    outcome: Outcome,
    at: DateTime<Utc>,
) -> Msg {
    let fetch = Fetch {
        account,
        ..fetch_of(region, kind, outcome, at)
    };
    Msg::Events(Event::listed(1, fetch))
}

/// A region's listing of EC2 instances, in cycle 1.
pub(super) fn fetch(region: &str, outcome: Outcome, at: DateTime<Utc>) -> Msg {
    fetch_in(1, region, outcome, at)
}

/// The second cycle starts, over the same regions.
pub(super) fn cycle_two(a: &mut App) {
    let regions = a.view.regions.clone();
    let _ = a.update(Msg::Poller(Event::CycleStarted { cycle: 2, regions }));
}

fn stopped(mut r: Resource) -> Resource {
    r.state = "stopped".into();
    r
}

/// An EC2 listing of `region` in a given cycle.
pub(super) fn fetch_in(cycle: u64, region: &str, outcome: Outcome, at: DateTime<Utc>) -> Msg {
    Msg::Events(Event::listed(cycle, ec2_fetch(region, outcome, at)))
}

fn ec2_fetch(region: &str, outcome: Outcome, at: DateTime<Utc>) -> Fetch {
    fetch_of(region, ResourceKind::Ec2Instance, outcome, at)
}

/// Two us-east-1 instances, one `prod` and one `dev`.
fn prod_and_dev(a: &mut App) {
    instances(a, &[("i-1", "a", "prod"), ("i-2", "b", "dev")]);
}

/// us-east-1's instances, each `(id, name, Environment tag)`.
pub(super) fn instances(a: &mut App, rows: &[(&str, &str, &str)]) {
    let items = rows.iter().map(|(id, name, env)| instance("us-east-1", id, name, env));
    a.update(fetch("us-east-1", Outcome::Fresh(items.collect()), t(1)));
}

/// Two us-east-1 instances, one `prod` and one `dev`, and the tag prompt
/// open on them.
fn tag_prompt() -> App {
    let mut a = app();
    started(&mut a);
    prod_and_dev(&mut a);
    a.update(key(KeyCode::Char('t')));
    a
}

/// Starts the first cycle (its results are kept).
pub(super) fn started(app: &mut App) {
    let regions = app.view.regions.clone();
    app.update(Msg::Poller(Event::CycleStarted { cycle: 1, regions }));
}

#[test]
fn tabs_switch_by_key_number_and_cycle() {
    let mut a = app();
    assert_eq!(a.view.tab, Tab::Kind(ResourceKind::Ec2Instance));
    a.update(key(KeyCode::Char('1')));
    assert_eq!(a.view.tab, Tab::Overview);
    a.update(key(KeyCode::Char('9')));
    assert_eq!(a.view.tab, Tab::Metrics);
    a.update(key(KeyCode::Tab));
    assert_eq!(a.view.tab, Tab::Cost, "Cost is the tenth view");
    // The views past the tenth have no number key; Tab reaches them and wraps.
    for _ in 10..Tab::all().len() {
        a.update(key(KeyCode::Tab));
        assert!(a.view.tab.key().is_none(), "{}", a.view.tab);
    }
    a.update(key(KeyCode::Tab));
    assert_eq!(a.view.tab, Tab::Overview, "Tab wraps around");
    a.update(key(KeyCode::BackTab));
    assert_eq!(a.view.tab, *Tab::all().last().unwrap());
    a.update(key(KeyCode::Char('8')));
    a.update(key(KeyCode::Char('0')));
    assert_eq!(a.view.tab, Tab::Cost, "0 picks the Cost tab");
}

#[test]
fn failed_fetch_keeps_the_last_good_rows_marked_with_the_error() {
    let mut a = app();
    started(&mut a);
    a.update(fetch(
        "us-east-1",
        Outcome::Fresh(vec![instance("us-east-1", "i-1", "web", "prod")]),
        t(1),
    ));
    assert_eq!(a.rows().len(), 1);
    a.update(fetch(
        "us-east-1",
        Outcome::Failed(AwsError::new("ThrottlingException", "slow down")),
        t(70),
    ));
    assert_eq!(a.rows().len(), 1, "last good data stays");
    let cell = a.cell("us-east-1", ResourceKind::Ec2Instance).unwrap();
    assert_eq!(cell.fetched_at, Some(t(1)));
    assert_eq!(
        cell.error.as_ref().map(|(e, _)| e.code.as_str()),
        Some("ThrottlingException")
    );
    assert_eq!(a.region_health("us-east-1"), (1, true, true));
    assert_eq!(a.failures(&[ResourceKind::Ec2Instance]).len(), 1);
}

#[test]
fn selection_stays_on_the_same_resource_across_refresh_and_sort() {
    let mut a = app();
    started(&mut a);
    let rows = vec![
        instance("us-east-1", "i-1", "alpha", "p"),
        instance("us-east-1", "i-2", "beta", "p"),
        instance("us-east-1", "i-3", "gamma", "p"),
    ];
    a.update(fetch("us-east-1", Outcome::Fresh(rows), t(1)));
    a.update(key(KeyCode::Char('j')));
    assert_eq!(a.selected().unwrap().id, "i-2");
    // A refresh brings a new resource that sorts first.
    let rows = vec![
        instance("us-east-1", "i-0", "aaa", "p"),
        instance("us-east-1", "i-2", "beta", "p"),
        instance("us-east-1", "i-3", "gamma", "p"),
    ];
    a.update(fetch("us-east-1", Outcome::Fresh(rows), t(61)));
    assert_eq!(a.selected().unwrap().id, "i-2");
    a.update(key(KeyCode::Char('S')));
    assert_eq!(a.row(0).unwrap().name, "gamma", "reversed by name");
    assert_eq!(a.selected().unwrap().id, "i-2");
}

#[test]
fn sort_moves_to_the_next_column() {
    let mut a = app();
    started(&mut a);
    instances(&mut a, &[("i-9", "a", "p"), ("i-1", "b", "p")]);
    assert_eq!(a.row(0).unwrap().id, "i-9", "by name first");
    a.update(key(KeyCode::Char('s'))); // REGION
    a.update(key(KeyCode::Char('s'))); // ID
    assert_eq!(a.sort_state(), (2, false));
    assert_eq!(a.row(0).unwrap().id, "i-1");
}

#[test]
fn region_picker_apply_sends_the_new_set() {
    let mut a = app();
    a.update(key(KeyCode::Char('r')));
    assert_eq!(a.view.mode, Mode::RegionPicker);
    a.update(key(KeyCode::Char('n')));
    assert!(a.update(key(KeyCode::Enter)).is_empty(), "an empty set is not applied");
    a.update(key(KeyCode::Char('j')));
    a.update(key(KeyCode::Char(' ')));
    let effects = a.update(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Send(Command::SetRegions(vec!["us-east-1".into()]))]
    );
    assert_eq!(a.view.mode, Mode::Normal);
    assert_eq!(a.view.regions, vec!["us-east-1".to_string()]);
}

#[test]
fn results_for_deselected_regions_and_old_cycles_are_dropped() {
    let mut a = app();
    a.view.regions = vec!["us-east-1".into()];
    started(&mut a);
    a.update(fetch(
        "eu-west-1",
        Outcome::Fresh(vec![instance("eu-west-1", "i-1", "x", "p")]),
        t(1),
    ));
    assert!(a.cell("eu-west-1", ResourceKind::Ec2Instance).is_none());
    a.update(Msg::Poller(Event::CycleStarted {
        cycle: 2,
        regions: vec!["us-east-1".into()],
    }));
    a.update(fetch(
        "us-east-1",
        Outcome::Fresh(vec![instance("us-east-1", "i-2", "y", "p")]),
        t(2),
    ));
    assert_eq!(a.rows().len(), 0, "an event of cycle 1 arrives after cycle 2 started");
}

#[test]
fn tag_prompt_validates_live_and_applies_on_enter() {
    let mut a = tag_prompt();
    assert_eq!(a.view.mode, Mode::TagPrompt);
    a.update(key(KeyCode::Char('=')));
    assert_eq!(
        a.view.prompt.error.as_deref(),
        Some("bad tag filter \"=\": missing key")
    );
    a.update(key(KeyCode::Enter));
    assert_eq!(a.view.mode, Mode::TagPrompt, "a bad filter is not applied");
    a.update(key(KeyCode::Backspace));
    typed(&mut a, "Env");
    a.update(key(KeyCode::Tab));
    assert_eq!(a.view.prompt.input, "Environment", "completed from the data");
    typed(&mut a, "=dev");
    a.update(key(KeyCode::Enter));
    assert_eq!(a.view.mode, Mode::Normal);
    assert_eq!(a.rows().len(), 1);
    assert_eq!(a.row(0).unwrap().id, "i-2");
    a.update(key(KeyCode::Char('T')));
    assert_eq!(a.rows().len(), 2);
}

#[test]
fn a_tag_filter_message_filters_as_the_prompt_does() {
    let mut a = app();
    started(&mut a);
    prod_and_dev(&mut a);
    assert_eq!(a.rows().len(), 2);
    a.update(Msg::TagFilter(TagFilter::parse("Environment=dev").unwrap()));
    assert_eq!(a.rows().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["i-2"]);
    assert_eq!(a.view.tag_filter.to_string(), "Environment=dev");
    a.update(Msg::TagFilter(TagFilter::default()));
    assert_eq!(a.rows().len(), 2);
}

#[test]
fn refresh_and_quit_are_effects() {
    let mut a = app();
    assert_eq!(
        a.update(key(KeyCode::Char('R'))),
        vec![Effect::Send(Command::RefreshNow)]
    );
    assert_eq!(a.update(key(KeyCode::Char('q'))), vec![Effect::Quit]);
    assert_eq!(
        a.update(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))),
        vec![Effect::Quit]
    );
}

#[test]
fn cycle_finished_records_the_refresh_time() {
    let mut a = app();
    started(&mut a);
    a.update(Msg::Tick(t(30)));
    a.update(Msg::Poller(Event::CycleFinished {
        cycle: 1,
        stats: CycleStats::default(),
    }));
    assert_eq!(a.known.last_full_refresh, Some(t(30)));
    assert!(!a.known.cycle_running);
}

#[test]
fn tag_prompt_offers_keys_and_values_from_the_data() {
    let mut a = tag_prompt();
    assert_eq!(
        a.view.prompt.suggestions,
        vec!["Environment", "Environment=dev", "Environment=prod"]
    );
    typed(&mut a, "Environment=p");
    assert_eq!(a.view.prompt.suggestions, vec!["Environment=prod"]);
}

#[test]
fn long_names_that_share_a_prefix_sort_in_full() {
    let mut a = app();
    started(&mut a);
    let names = [
        "service-with-a-long-name-9",
        "Service-with-a-long-name-10",
        "service-with-a-long-name-2",
        "svc",
    ];
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, n)| instance("us-east-1", &format!("i-{i}"), n, "p"))
        .collect();
    a.update(fetch("us-east-1", Outcome::Fresh(rows), t(1)));
    let sorted: Vec<&str> = a.rows().map(|r| r.name.as_str()).collect();
    assert_eq!(
        sorted,
        vec![
            "Service-with-a-long-name-10",
            "service-with-a-long-name-2",
            "service-with-a-long-name-9",
            "svc"
        ]
    );
}

#[test]
fn each_account_keeps_its_own_cells_and_the_picker_chooses_what_shows() {
    let ids = ["111111111111", "222222222222"].map(|i| crate::model::AccountId::parse(i).unwrap());
    let mut a = app();
    assert!(
        !a.columns().iter().any(|c| c.title == "ACCOUNT"),
        "one account: no column"
    );
    a.update(key(KeyCode::Char('a')));
    assert_eq!(a.view.mode, Mode::Normal, "nothing to pick with one account");
    a.known.accounts = ids
        .iter()
        .map(|&id| crate::model::AccountInfo {
            id,
            name: format!("acct-{id}"),
            source: String::new(),
        })
        .collect();
    a.view.shown_accounts = ids.to_vec();
    started(&mut a);
    for (n, id) in ids.into_iter().enumerate() {
        let r = instance("us-east-1", &format!("i-{n}"), "x", "p");
        a.update(listed_in(
            id,
            "us-east-1",
            ResourceKind::Ec2Instance,
            Outcome::Fresh(vec![r]),
            t(1),
        ));
    }
    assert_eq!(a.rows().len(), 2, "the same (region, kind) in two accounts: both kept");
    assert!(a.columns().iter().any(|c| c.title == "ACCOUNT"));
    let acct = a.columns().into_iter().find(|c| c.title == "ACCOUNT").unwrap();
    assert_eq!(a.cell_text(&acct, a.row(0).unwrap()), "acct-111111111111");
    // `a` opens the account picker; unticking the first shows only the second.
    a.update(key(KeyCode::Char('a')));
    assert_eq!((a.view.mode, a.view.picker.of), (Mode::RegionPicker, Pick::Accounts));
    a.update(key(KeyCode::Char(' ')));
    let effects = a.update(key(KeyCode::Enter));
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Send(Command::SetRegions(_)))),
        "every account is still polled: {effects:?}"
    );
    assert_eq!(a.view.shown_accounts, [ids[1]]);
    assert_eq!(a.rows().map(|r| r.account).collect::<Vec<_>>(), [ids[1]]);
}

#[test]
fn the_cost_refresh_price_counts_every_accounts_requests() {
    let settings = Settings {
        cost_plan: crate::model::cost::CostPlan {
            sets: 3,
            by_account: false,
        },
        ..Settings::default()
    };
    let a = App::new(settings, t(0));
    assert_eq!(
        a.known.cost.confirm_text(),
        "Refresh cost data: 12 Cost Explorer requests = $0.12. y/n"
    );
}

fn page(region: &str, cycle: u64, items: Vec<Resource>) -> Msg {
    Msg::Poller(Event::Page {
        cycle,
        account: Default::default(),
        region: region.into(),
        kind: ResourceKind::Ec2Instance,
        items,
    })
}

/// The end of us-east-1's EC2 listing in `cycle`, its rows come as pages.
fn ended(cycle: u64, at: DateTime<Utc>) -> Msg {
    let end = crate::model::End::Listed(crate::model::Late::none());
    let fetch = ec2_fetch("us-east-1", Outcome::Fresh(Vec::new()), at).with(end);
    Msg::Poller(Event::Inventory { cycle, fetch })
}

fn ids(a: &App) -> Vec<String> {
    let mut out: Vec<String> = a.rows().map(|r| r.id.to_string()).collect();
    out.sort();
    out
}

#[test]
fn rows_show_page_by_page_and_stale_rows_go_only_when_the_listing_ends() {
    let mut a = app();
    started(&mut a);
    assert_eq!(a.total_for_tab(), 0);
    // The first listing: its first page shows before the listing ends.
    a.update(page("us-east-1", 1, vec![instance("us-east-1", "i-1", "a", "prod")]));
    assert_eq!(ids(&a), ["i-1"]);
    assert!(
        a.cell("us-east-1", ResourceKind::Ec2Instance)
            .is_some_and(|c| c.pending),
        "still loading"
    );
    a.update(page("us-east-1", 1, vec![instance("us-east-1", "i-2", "b", "dev")]));
    assert_eq!(ids(&a), ["i-1", "i-2"]);
    a.update(ended(1, t(1)));
    assert!(
        a.cell("us-east-1", ResourceKind::Ec2Instance)
            .is_some_and(|c| !c.pending)
    );
    // The next cycle: the fresh rows stay whole while its pages arrive
    // (their borrowed facts are not known until the end), then change.
    cycle_two(&mut a);
    let renamed = stopped(instance("us-east-1", "i-1", "a2", "prod"));
    let next = vec![renamed, instance("us-east-1", "i-3", "c", "prod")];
    a.update(page("us-east-1", 2, next));
    assert_eq!(ids(&a), ["i-1", "i-2"], "a fresh listing takes no pages");
    a.update(ended(2, t(70)));
    assert_eq!(ids(&a), ["i-1", "i-3"], "the listing ended: i-2 is gone");
}

#[test]
fn pages_replace_cached_rows_and_stale_ones_go_only_when_the_listing_ends() {
    let mut a = app();
    let cached = vec![
        instance("us-east-1", "i-1", "a", "prod"),
        instance("us-east-1", "i-2", "b", "dev"),
    ];
    a.update(Msg::Poller(Event::Cached {
        fetch: ec2_fetch("us-east-1", Outcome::Fresh(cached), t(0)),
    }));
    started(&mut a);
    // i-2 is gone and i-3 is new. While pages arrive, i-2 stays (the
    // listing may not have reached it); at the end it goes.
    let renamed = stopped(instance("us-east-1", "i-1", "a2", "prod"));
    let next = vec![renamed, instance("us-east-1", "i-3", "c", "prod")];
    a.update(page("us-east-1", 1, next));
    assert_eq!(ids(&a), ["i-1", "i-2", "i-3"], "each row once, stale ones kept for now");
    let shown = a.rows().find(|r| r.id == "i-1").map(|r| r.state.clone());
    assert_eq!(
        shown.as_deref(),
        Some("stopped"),
        "the page's row replaces the cached one"
    );
    // A page from a dropped cycle is ignored.
    a.update(page("us-east-1", 0, vec![instance("us-east-1", "i-9", "z", "prod")]));
    assert_eq!(ids(&a), ["i-1", "i-2", "i-3"]);
    a.update(ended(1, t(70)));
    assert_eq!(ids(&a), ["i-1", "i-3"], "the listing ended: i-2 is gone");
}

#[test]
fn changes_are_counted_marked_for_one_cycle_and_listed() {
    let mut a = app();
    started(&mut a);
    prod_and_dev(&mut a);
    assert!(a.known.changes.is_empty(), "the first listing is the baseline");
    assert_eq!(a.known.changes_since, Some(t(1)));
    cycle_two(&mut a);
    let stopped = stopped(instance("us-east-1", "i-1", "a", "prod"));
    a.update(fetch_in(
        2,
        "us-east-1",
        Outcome::Fresh(vec![stopped, instance("us-east-1", "i-3", "c", "prod")]),
        t(61),
    ));
    assert_eq!(a.change_counts(), (1, 1, 1), "i-3 added, i-2 removed, i-1 stopped");
    let marks: Vec<(String, Option<&str>)> = a
        .rows()
        .map(|r| (r.id.to_string(), a.mark(r).map(|m| m.mark())))
        .collect();
    assert!(marks.contains(&("i-3".into(), Some("+"))), "{marks:?}");
    assert!(marks.contains(&("i-1".into(), Some("~"))), "{marks:?}");
    let regions = a.view.regions.clone();
    a.update(Msg::Poller(Event::CycleStarted { cycle: 3, regions }));
    assert!(a.rows().all(|r| a.mark(r).is_none()), "marks last one cycle");
    assert_eq!(a.change_counts(), (1, 1, 1), "the count stays");
    a.update(key(KeyCode::Char(':')));
    for c in "changes".chars() {
        a.update(key(KeyCode::Char(c)));
    }
    a.update(key(KeyCode::Enter));
    assert_eq!(a.view.tab, Tab::Changes);
}
