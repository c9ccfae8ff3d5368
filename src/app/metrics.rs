//! Metrics in the app: the series received, which series are seen (and so
//! watched), the window, the Metrics tab's ranking, and the meter.
//!
//! Seen means:
//! - a table tab: the sparkline metric (CPU for EC2 and RDS, invocations
//!   for Lambda) of the rows on screen, from the cursor's page; never the
//!   rows scrolled past; other tabs have no sparkline and fetch nothing;
//! - the detail pane: every metric of its resource;
//! - the Metrics tab: the chosen metric of every resource of its kind that
//!   passes the region and tag filters (a ranking needs them all);
//! - the overview: nothing (it shows counts, no metrics).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{App, Effect, Mode, Tab};
use crate::findings::{FINDINGS_SERIES, FINDINGS_WINDOW, findings_targets};
use crate::model::meter::Rate;
use crate::model::metrics::{all_metrics, metrics_for, table_metric};
use crate::model::{AwsError, CallCount, MetricSeries, MetricSpec, MetricTarget, RegionMetrics, Resource, Window};
use crate::protocol::Command;

/// What decides the seen set; when it is unchanged the set is too.
#[derive(Debug, Clone, Default, PartialEq)]
struct SeenKey {
    tab: Option<Tab>,
    detail: bool,
    offset: usize,
    page: usize,
    rows: usize,
    first: Option<(String, String)>,
    selected: Option<(String, String)>,
    choice: usize,
    sort: (usize, bool),
    data: u64,
    filter: String,
    regions: Vec<String>,
}

/// The metrics side of the app state.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    pub window: Window,
    /// The Metrics tab's metric, an index into [`all_metrics`].
    pub choice: usize,
    series: HashMap<MetricTarget, MetricSeries>,
    /// What the poller was last asked to watch (sorted).
    watched: Vec<MetricTarget>,
    sent_window: Option<Window>,
    seen_key: SeenKey,
    /// The last failure per region, with when it was seen.
    pub errors: BTreeMap<String, (AwsError, DateTime<Utc>)>,
    /// Every metrics call so far, and the metrics they requested.
    pub calls: CallCount,
    pub metrics_requested: u64,
    /// Bumped on every series received.
    version: u64,
    /// The Metrics tab's top resources, ranked in `update`, and what they
    /// were ranked from.
    ranked: Vec<Arc<Resource>>,
    ranked_key: Option<(SeenKey, u64, Window)>,
    /// The series the findings read over their own window
    /// ([`crate::findings::FINDINGS_WINDOW`]), whatever is on screen.
    findings_series: HashMap<MetricTarget, MetricSeries>,
    /// What the poller was last asked to keep fresh for the findings.
    findings_watched: Vec<MetricTarget>,
    /// The data version the findings' series were last chosen from.
    findings_data: Option<u64>,
}

/// The most rows the Metrics tab ranks (it shows up to 20).
const RANK_MAX: usize = 50;

impl Metrics {
    /// A resource's series of `metric`, when fetched.
    pub fn series(&self, r: &crate::model::Resource, metric: &'static str) -> Option<&MetricSeries> {
        self.series.get(&MetricTarget::of(r, metric))
    }

    pub fn watched(&self) -> &[MetricTarget] {
        &self.watched
    }

    /// A series as the findings read it: over the findings' window when
    /// one was fetched for them, else as on screen.
    pub fn finding_series(&self, r: &crate::model::Resource, metric: &'static str) -> Option<&MetricSeries> {
        let target = MetricTarget::of(r, metric);
        self.findings_series.get(&target).or_else(|| self.series.get(&target))
    }

    /// The series kept fresh for the findings.
    pub fn findings_watched(&self) -> &[MetricTarget] {
        &self.findings_watched
    }

    /// The metric the Metrics tab ranks by.
    pub fn chosen(&self) -> &'static MetricSpec {
        all_metrics()[self.choice % all_metrics().len()]
    }
}

impl App {
    /// Stores one region's metrics.
    pub(super) fn on_metrics(&mut self, m: RegionMetrics) {
        let st = &mut self.known.metrics;
        st.version += 1;
        st.calls.add(&m.calls);
        st.metrics_requested += u64::from(m.metrics_requested);
        match m.error {
            Some(e) => {
                st.errors.insert(m.region.clone(), (e, self.known.now));
            }
            None => {
                st.errors.remove(&m.region);
            }
        }
        if m.window == FINDINGS_WINDOW {
            for s in m.series {
                if st.findings_watched.binary_search(&s.target()).is_ok() {
                    st.findings_series.insert(s.target(), s);
                }
            }
            // What the findings read changed: they are derived again.
            self.known.data_version += 1;
            return;
        }
        if m.window != st.window {
            return; // an answer for a window since left
        }
        for s in m.series {
            st.series.insert(s.target(), s);
        }
    }

    /// `w`: the next window; every watched series is fetched again for it.
    pub(super) fn cycle_window(&mut self) {
        self.known.metrics.window = self.known.metrics.window.next();
        self.known.metrics.series.clear();
    }

    /// `m` on the Metrics tab: rank by the next metric.
    pub(super) fn next_metric(&mut self) {
        self.known.metrics.choice = (self.known.metrics.choice + 1) % all_metrics().len();
    }

    /// The first row on screen (the table scrolls to keep the cursor on
    /// its last line).
    pub fn scroll_offset(&self) -> usize {
        self.scroll_offset_for(self.view.page)
    }

    /// The first row on screen when `visible` rows fit: the one rule the
    /// table and the metrics watch both follow.
    pub fn scroll_offset_for(&self, visible: usize) -> usize {
        self.view.cursor.saturating_sub(visible.saturating_sub(1))
    }

    /// After every update: watch what is seen, and rank the Metrics tab
    /// when its inputs changed (so rendering only reads the ranking).
    pub(super) fn after_update(&mut self) -> Vec<Effect> {
        let effect: Vec<Effect> = self.watch_seen().into_iter().chain(self.watch_findings()).collect();
        if self.view.tab == Tab::Metrics {
            let key = (
                self.known.metrics.seen_key.clone(),
                self.known.metrics.version,
                self.known.metrics.window,
            );
            if self.known.metrics.ranked_key.as_ref() != Some(&key) {
                self.known.metrics.ranked = self.rank(RANK_MAX);
                self.known.metrics.ranked_key = Some(key);
            }
        }
        effect
    }

    /// Asks the poller to keep the findings' series fresh (every NAT
    /// gateway's bytes out over seven days, fetched once an hour), when the
    /// set changed; series of resources gone are dropped.
    fn watch_findings(&mut self) -> Option<Effect> {
        if self.known.metrics.findings_data == Some(self.known.data_version) {
            return None;
        }
        self.known.metrics.findings_data = Some(self.known.data_version);
        let kinds: Vec<crate::model::ResourceKind> = FINDINGS_SERIES.iter().map(|(k, _)| *k).collect();
        let targets = findings_targets(
            self.cells_for(&kinds)
                .flat_map(|(_, _, _, c)| c.listing.resources.iter().map(|r| &**r)),
        );
        let st = &mut self.known.metrics;
        if targets == st.findings_watched {
            return None;
        }
        st.findings_series.retain(|t, _| targets.binary_search(t).is_ok());
        st.findings_watched = targets.clone();
        Some(Effect::Send(Command::WatchFindingMetrics { targets }))
    }

    /// Asks the poller to watch what is seen, when that changed.
    fn watch_seen(&mut self) -> Option<Effect> {
        // While a listing of the view is still arriving page by page, the
        // rows on screen are not final: wait for its end rather than fetch
        // series for rows that the whole list will sort away.
        if self.cells_for(self.view.tab.kinds()).any(|(_, _, _, c)| c.filling()) {
            return None;
        }
        let key = SeenKey {
            tab: Some(self.view.tab),
            detail: self.view.mode == Mode::Detail,
            offset: self.scroll_offset(),
            page: self.view.page,
            rows: self.derived.rows.len(),
            first: self
                .row(self.scroll_offset())
                .map(|r| (r.region.to_string(), r.id.to_string())),
            selected: self.selected().map(|r| (r.region.to_string(), r.id.to_string())),
            choice: self.known.metrics.choice,
            sort: self.sort_state(),
            data: self.known.data_version,
            filter: format!("{}\u{0}{}", self.view.tag_filter, self.view.search),
            regions: self.view.regions.clone(),
        };
        if key == self.known.metrics.seen_key && self.known.metrics.sent_window == Some(self.known.metrics.window) {
            return None;
        }
        self.known.metrics.seen_key = key;
        let mut seen = self.seen();
        seen.sort();
        seen.dedup();
        if seen == self.known.metrics.watched && self.known.metrics.sent_window == Some(self.known.metrics.window) {
            return None;
        }
        if seen.is_empty() && self.known.metrics.watched.is_empty() {
            return None; // nothing was watched and nothing is: no news
        }
        self.known.metrics.watched = seen.clone();
        self.known.metrics.sent_window = Some(self.known.metrics.window);
        Some(Effect::Send(Command::WatchMetrics {
            targets: seen,
            window: self.known.metrics.window,
        }))
    }

    /// The series on screen now (see the module doc).
    pub fn seen(&self) -> Vec<MetricTarget> {
        let mut out = Vec::new();
        match self.view.tab {
            Tab::Overview | Tab::Grid | Tab::Changes => {}
            Tab::Metrics => {
                let spec = self.known.metrics.chosen();
                out.extend(self.ranked_resources(spec).map(|r| MetricTarget::of(r, spec.name)));
            }
            _ => {
                let start = self.scroll_offset();
                for i in start..(start + self.view.page).min(self.derived.rows.len()) {
                    if let Some(r) = self.row(i)
                        && let Some(spec) = table_metric(r.kind)
                    {
                        out.push(MetricTarget::of(r, spec.name));
                    }
                }
            }
        }
        if self.view.mode == Mode::Detail
            && let Some(r) = self.selected()
        {
            out.extend(metrics_for(r.kind).map(|m| MetricTarget::of(r, m.name)));
        }
        out
    }

    /// Resources of the chosen metric's kind in the selected regions that
    /// pass the tag filter and the search.
    fn ranked_resources<'a>(&'a self, spec: &'static MetricSpec) -> impl Iterator<Item = &'a Arc<Resource>> + 'a {
        let kinds = std::slice::from_ref(&spec.kind);
        self.cells_for(kinds)
            .flat_map(|(_, _, _, c)| c.listing.resources.iter())
            .filter(move |r| self.view.regions.iter().any(|x| r.region == *x) && self.view.tag_filter.matches(&r.tags))
            .filter(move |r| {
                self.view.search.is_empty() || {
                    let needle = self.view.search.to_lowercase();
                    r.id.to_lowercase().contains(&needle) || r.name.to_lowercase().contains(&needle)
                }
            })
    }

    /// The Metrics tab: the top `n` resources (at most 50) by the chosen
    /// metric, as ranked in the last update, with their series.
    pub fn ranking(&self, n: usize) -> Vec<(&Resource, Option<&MetricSeries>)> {
        let name = self.known.metrics.chosen().name;
        self.known
            .metrics
            .ranked
            .iter()
            .take(n)
            .map(|r| (&**r, self.known.metrics.series(r, name)))
            .collect()
    }

    /// The top `n` by the chosen metric (its window total for summed
    /// metrics, else its average), highest first; no data yet comes last.
    fn rank(&self, n: usize) -> Vec<Arc<Resource>> {
        let spec = self.known.metrics.chosen();
        let value = |r: &Resource| {
            self.known
                .metrics
                .series(r, spec.name)
                .and_then(MetricSeries::rank_value)
        };
        let mut all: Vec<(Option<f64>, &Arc<Resource>)> = self.ranked_resources(spec).map(|r| (value(r), r)).collect();
        all.sort_by(|a, b| {
            match (a.0, b.0) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| (&a.1.region, &a.1.id).cmp(&(&b.1.region, &b.1.id)))
        });
        all.into_iter().take(n).map(|(_, r)| Arc::clone(r)).collect()
    }

    /// Calls and metrics per day at the current settings: the inventory
    /// cycle's calls every interval, and the watched series every period
    /// (one GetMetricData call per 500 series per region).
    pub fn rate(&self) -> Rate {
        let mut rate = Rate::default();
        if let Some(stats) = &self.known.last_stats {
            rate.add_every(&stats.by_api, 0, self.known.interval);
        }
        let metrics = &self.known.metrics;
        series_rate(
            &mut rate,
            metrics.watched.iter().map(|t| t.region.as_str()),
            metrics.window.period(),
        );
        self.logs_rate(&mut rate);
        // The findings' series: one call per 500 per (account, region),
        // once per their window's period (an hour).
        series_rate(
            &mut rate,
            metrics.findings_watched.iter().map(|t| (t.account, t.region.as_str())),
            FINDINGS_WINDOW.period(),
        );
        rate
    }
}

/// GetMetricData for watched series, every `period`: one call per 500
/// series in each group (a region, or an account's region).
fn series_rate<K: Ord>(rate: &mut Rate, groups: impl Iterator<Item = K>, period: std::time::Duration) {
    let mut per_group: BTreeMap<K, u32> = BTreeMap::new();
    for k in groups {
        *per_group.entry(k).or_default() += 1;
    }
    let series: u32 = per_group.values().sum();
    let calls: u32 = per_group
        .values()
        .map(|n| n.div_ceil(crate::model::metrics::MAX_QUERIES as u32))
        .sum();
    if calls > 0 {
        let by_api = BTreeMap::from([(crate::model::metrics::GET_METRIC_DATA.to_string(), calls)]);
        rate.add_every(&by_api, u64::from(series), period);
    }
}

#[cfg(test)]
#[allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]
mod tests {

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::app::Msg;
    use crate::model::{CycleStats, Outcome, ResourceKind, TagFilter};
    use crate::protocol::Event;

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    /// One region with 30 instances `i-00`..`i-29` (sorted by name), half
    /// tagged `Team=web`, on a 10-row page.
    fn app() -> App {
        let regions = vec!["us-east-1".to_string()];
        let settings = crate::app::Settings {
            all_regions: regions.clone(),
            regions,
            ..Default::default()
        };
        let mut a = App::new(settings, t(0));
        a.update(Msg::PageSize(10));
        let items = (0..30)
            .map(|i| {
                let mut r = Resource::new(ResourceKind::Ec2Instance, "us-east-1", format!("i-{i:02}"));
                r.name = format!("host-{i:02}").into();
                r.state = "running".into();
                r.tags.insert("Team", if i % 2 == 0 { "web" } else { "data" });
                r
            })
            .collect();
        let effects = a.update(crate::app::tests::in_cycle(
            0,
            crate::app::tests::listed("us-east-1", ResourceKind::Ec2Instance, Outcome::Fresh(items), t(1)),
        ));
        assert_eq!(
            watched_ids(&effects).len(),
            10,
            "the first page is asked for when it arrives"
        );
        a
    }

    fn key(a: &mut App, c: KeyCode) -> Vec<Effect> {
        a.update(Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)))
    }

    /// (id, metric) of a WatchMetrics effect; empty when there is none.
    fn watched_ids(effects: &[Effect]) -> Vec<(String, &'static str)> {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::Send(Command::WatchMetrics { targets, .. }) => {
                    Some(targets.iter().map(|t| (t.id.clone(), t.metric)).collect())
                }
                _ => None,
            })
            .unwrap_or_default()
    }

    fn ids(range: std::ops::Range<usize>) -> Vec<(String, &'static str)> {
        range.map(|i| (format!("i-{i:02}"), "CPUUtilization")).collect()
    }

    #[test]
    fn scrolling_asks_for_the_new_rows_not_all() {
        let mut a = app();
        for _ in 0..9 {
            assert_eq!(key(&mut a, KeyCode::Char('j')), vec![], "within the page: nothing new");
        }
        assert_eq!(
            watched_ids(&key(&mut a, KeyCode::Char('j'))),
            ids(1..11),
            "one row scrolled in"
        );
        assert_eq!(watched_ids(&key(&mut a, KeyCode::PageDown)), ids(11..21));
        assert_eq!(a.known.metrics.watched().len(), 10, "never all 30");
        assert_eq!(a.update(Msg::Tick(t(9))), vec![], "the clock alone asks for nothing");
        // Reversing the sort keeps the selected row, and so the same page.
        key(&mut a, KeyCode::Char('g'));
        assert_eq!(key(&mut a, KeyCode::Char('S')), vec![]);
        assert_eq!(
            watched_ids(&key(&mut a, KeyCode::Char('g'))),
            ids(20..30),
            "the other end"
        );
    }

    #[test]
    fn the_detail_pane_watches_every_metric_of_its_resource() {
        let mut a = app();
        let got = watched_ids(&key(&mut a, KeyCode::Enter));
        assert_eq!(got.len(), 10 + 4, "the page's CPU plus four more metrics of i-00");
        assert!(got.contains(&("i-00".into(), "DiskWriteBytes")));
        assert_eq!(
            watched_ids(&key(&mut a, KeyCode::Esc)),
            ids(0..10),
            "closing it drops them"
        );
    }

    #[test]
    fn w_cycles_the_window_and_asks_again() {
        let mut a = app();
        key(&mut a, KeyCode::Enter);
        let effects = key(&mut a, KeyCode::Char('w'));
        assert_eq!(a.known.metrics.window, Window::H3);
        assert!(
            matches!(&effects[..], [Effect::Send(Command::WatchMetrics { window: Window::H3, targets })] if targets.len() == 14),
            "{effects:?}"
        );
        for _ in 0..3 {
            key(&mut a, KeyCode::Char('w'));
        }
        assert_eq!(a.known.metrics.window, Window::H1, "1h, 3h, 12h, 24h, then 1h again");
    }

    #[test]
    fn the_overview_needs_no_metrics() {
        let mut a = app();
        let effects = key(&mut a, KeyCode::Char('1'));
        assert!(
            matches!(&effects[..], [Effect::Send(Command::WatchMetrics { targets, .. })] if targets.is_empty()),
            "{effects:?}"
        );
    }

    fn cpu_series(id: &str, values: &[f64]) -> MetricSeries {
        let target = MetricTarget::new("us-east-1", ResourceKind::Ec2Instance, id, "CPUUtilization");
        let points = values.iter().enumerate().map(|(i, v)| (i as i64 * 300, *v));
        MetricSeries::on_grid(&target, "Percent", 0, values.len() as i64 * 300, 300, points)
    }

    #[test]
    fn the_metrics_tab_ranks_every_filtered_resource() {
        let mut a = app();
        let got = watched_ids(&key(&mut a, KeyCode::Char('9')));
        assert_eq!(a.view.tab, Tab::Metrics);
        assert_eq!(got, ids(0..30), "a ranking needs every resource");
        a.update(Msg::Poller(Event::Metrics(RegionMetrics {
            account: Default::default(),
            region: "us-east-1".into(),
            window: Window::H1,
            series: vec![
                cpu_series("i-03", &[10.0, 20.0]),
                cpu_series("i-04", &[90.0, 80.0]),
                cpu_series("i-05", &[50.0, 50.0]),
            ],
            error: None,
            calls: CallCount {
                calls: 1,
                pages: 1,
                by_api: BTreeMap::from([("cloudwatch:GetMetricData".to_string(), 1)]),
            },
            metrics_requested: 30,
        })));
        let top: Vec<&str> = a.ranking(4).iter().map(|(r, _)| r.id.as_str()).collect();
        assert_eq!(top, ["i-04", "i-05", "i-03", "i-00"], "busiest first, no data last");
        assert_eq!(a.known.metrics.metrics_requested, 30);
        a.view.tag_filter = TagFilter::parse("Team=data").unwrap_or_default();
        a.update(Msg::Tick(t(2)));
        let top: Vec<&str> = a.ranking(2).iter().map(|(r, _)| r.id.as_str()).collect();
        assert_eq!(top, ["i-05", "i-03"], "the tag filter holds");
        key(&mut a, KeyCode::Char('m'));
        assert_eq!(a.known.metrics.chosen().name, "NetworkIn");
    }

    #[test]
    fn answers_for_an_old_window_are_dropped() {
        let mut a = app();
        key(&mut a, KeyCode::Char('w'));
        a.update(Msg::Poller(Event::Metrics(RegionMetrics {
            account: Default::default(),
            region: "us-east-1".into(),
            window: Window::H1,
            series: vec![cpu_series("i-00", &[1.0])],
            error: None,
            calls: CallCount::default(),
            metrics_requested: 1,
        })));
        assert!(
            a.known
                .metrics
                .series(
                    &Resource::new(ResourceKind::Ec2Instance, "us-east-1", "i-00"),
                    "CPUUtilization"
                )
                .is_none()
        );
    }

    #[test]
    fn the_rate_prices_the_watched_set() {
        let mut a = app();
        a.known.last_stats = Some(CycleStats {
            by_api: BTreeMap::from([("ec2:DescribeInstances".to_string(), 2)]),
            ..CycleStats::default()
        });
        let r = a.rate();
        // 10 series every 5 minutes: 288 calls and 2,880 metrics a day.
        assert_eq!(r.calls_per_day["cloudwatch:GetMetricData"], 288.0);
        assert_eq!(r.metrics_per_day, 2880.0);
        assert!((r.dollars_per_day() - 0.0288).abs() < 1e-9);
        assert_eq!(r.calls_per_day["ec2:DescribeInstances"], 2880.0);
    }

    fn gateway(region: &str, id: &str) -> Resource {
        let mut r = Resource::new(ResourceKind::NatGateway, region, id);
        r.state = "available".into();
        r
    }

    /// (id, metric) of a WatchFindingMetrics effect, if there is one.
    fn finding_targets(effects: &[Effect]) -> Option<Vec<(String, &'static str)>> {
        effects.iter().find_map(|e| match e {
            Effect::Send(Command::WatchFindingMetrics { targets }) => {
                Some(targets.iter().map(|t| (t.id.clone(), t.metric)).collect())
            }
            _ => None,
        })
    }

    #[test]
    fn every_nat_gateways_week_is_watched_for_the_findings_and_priced() {
        let mut a = app();
        let listed = |region: &str, ids: &[&str]| {
            crate::app::tests::in_cycle(
                0,
                crate::app::tests::listed(
                    region,
                    ResourceKind::NatGateway,
                    Outcome::Fresh(ids.iter().map(|id| gateway(region, id)).collect()),
                    t(2),
                ),
            )
        };
        let effects = a.update(listed("us-east-1", &["nat-2", "nat-1"]));
        assert_eq!(
            finding_targets(&effects),
            Some(vec![
                ("nat-1".to_string(), "BytesOutToDestination"),
                ("nat-2".to_string(), "BytesOutToDestination")
            ]),
            "whatever the view shows"
        );
        assert_eq!(finding_targets(&a.update(Msg::Tick(t(3)))), None, "asked once");
        assert_eq!(
            finding_targets(&a.update(listed("us-east-1", &["nat-1", "nat-2"]))),
            None,
            "the same gateways listed again: nothing new to ask"
        );
        // The meter: one call an hour for the region, two metrics.
        let r = a.rate();
        assert_eq!(r.metrics_per_day, 2880.0 + 48.0, "the page's CPU, then two a hour");
        assert_eq!(r.calls_per_day["cloudwatch:GetMetricData"], 288.0 + 24.0);

        // A week with no bytes out: the Overview finds the gateway idle.
        let (start, end) = FINDINGS_WINDOW.range(t(3).timestamp());
        let week = |id: &str| {
            let target = MetricTarget::new("us-east-1", ResourceKind::NatGateway, id, "BytesOutToDestination");
            let points: Vec<(i64, f64)> = match id {
                "nat-2" => vec![(start + 3600, 512.0)],
                _ => vec![],
            };
            MetricSeries::on_grid(&target, "Bytes", start, end, 3600, points)
        };
        a.update(Msg::Poller(Event::Metrics(RegionMetrics {
            account: Default::default(),
            region: "us-east-1".into(),
            window: FINDINGS_WINDOW,
            series: vec![week("nat-1"), week("nat-2")],
            error: None,
            calls: CallCount::default(),
            metrics_requested: 2,
        })));
        key(&mut a, KeyCode::Char('1'));
        let idle: Vec<&str> = a
            .findings()
            .iter()
            .filter(|f| f.rule == "nat-gateway-idle")
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(idle, ["nat-1"], "the busy twin is not idle");
        // A gateway gone: it is no longer watched.
        let effects = a.update(listed("us-east-1", &["nat-2"]));
        assert_eq!(
            finding_targets(&effects),
            Some(vec![("nat-2".to_string(), "BytesOutToDestination")])
        );
    }
}
