//! CloudWatch metrics as data: which metrics each kind has, the time windows
//! a user can pick, and the series that come back.

use std::time::Duration;

use super::{AccountId, AwsError, CallCount, ResourceKind};

/// One CloudWatch metric of a resource kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MetricSpec {
    pub kind: ResourceKind,
    pub namespace: &'static str,
    pub name: &'static str,
    /// The dimension that names one resource.
    pub dimension: &'static str,
    /// The statistic asked for (`Average`, `Sum`, `Maximum`).
    pub stat: &'static str,
    /// The unit CloudWatch reports it in.
    pub unit: &'static str,
}

impl MetricSpec {
    pub const fn new(
        kind: ResourceKind,
        namespace: &'static str,
        dimension: &'static str,
        name: &'static str,
        stat: &'static str,
        unit: &'static str,
    ) -> MetricSpec {
        MetricSpec {
            kind,
            namespace,
            name,
            dimension,
            stat,
            unit,
        }
    }
}

/// The most queries one GetMetricData call takes.
pub const MAX_QUERIES: usize = 500;

/// The API name GetMetricData calls are counted under.
pub const GET_METRIC_DATA: &str = "cloudwatch:GetMetricData";

/// Every metric the monitor knows, kind by kind in registry order (each
/// kind's are in its file, headline first).
pub fn all_metrics() -> &'static [&'static MetricSpec] {
    static SPECS: std::sync::LazyLock<Vec<MetricSpec>> = std::sync::LazyLock::new(|| {
        ResourceKind::all()
            .iter()
            .flat_map(|&k| {
                let m = k.def().metrics;
                m.list
                    .iter()
                    .map(move |x| MetricSpec::new(k, m.namespace, m.dimension, x.name, x.stat, x.unit))
            })
            .collect()
    });
    static ALL: std::sync::LazyLock<Vec<&'static MetricSpec>> = std::sync::LazyLock::new(|| SPECS.iter().collect());
    &ALL
}

/// The metrics of a kind, headline first (none for kinds without metrics).
pub fn metrics_for(kind: ResourceKind) -> impl Iterator<Item = &'static MetricSpec> {
    all_metrics().iter().copied().filter(move |m| m.kind == kind)
}

/// The metric a kind's table shows as a sparkline.
pub fn headline(kind: ResourceKind) -> Option<&'static MetricSpec> {
    metrics_for(kind).next()
}

/// The metric a kind's table shows as a sparkline column (the headline of
/// kinds whose definition asks for one; EMR's metrics are in its detail
/// pane only).
pub fn table_metric(kind: ResourceKind) -> Option<&'static MetricSpec> {
    kind.def().sparkline.then(|| headline(kind)).flatten()
}

/// A metric by kind and name.
pub fn spec(kind: ResourceKind, name: &str) -> Option<&'static MetricSpec> {
    metrics_for(kind).find(|m| m.name == name)
}

/// How far back a chart looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, strum::EnumIter)]
pub enum Window {
    #[default]
    H1,
    H3,
    H12,
    H24,
    /// Seven days of hourly points: the window findings read (a NAT
    /// gateway's bytes out), refreshed once an hour; `w` never shows it.
    D7,
}

impl Window {
    pub fn span(self) -> Duration {
        Duration::from_secs(3600 * self.hours())
    }

    pub fn hours(self) -> u64 {
        match self {
            Window::H1 => 1,
            Window::H3 => 3,
            Window::H12 => 12,
            Window::H24 => 24,
            Window::D7 => 24 * 7,
        }
    }

    /// The period of one point. Five minutes is the finest grain of EC2's
    /// basic monitoring, so nothing shorter is ever asked for; longer
    /// windows keep at most 48 points, which fit a chart in 80 columns.
    /// The period is also the refresh cadence: a series is not fetched more
    /// often than it gains a point.
    pub fn period(self) -> Duration {
        Duration::from_secs(match self {
            Window::H1 | Window::H3 => 300,
            Window::H12 => 900,
            Window::H24 => 1800,
            Window::D7 => 3600,
        })
    }

    /// Points in a full window.
    pub fn points(self) -> usize {
        (self.span().as_secs() / self.period().as_secs()) as usize
    }

    /// The next window, for the `w` key.
    pub fn next(self) -> Window {
        match self {
            Window::H1 => Window::H3,
            Window::H3 => Window::H12,
            Window::H12 => Window::H24,
            Window::H24 | Window::D7 => Window::H1,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Window::H1 => "1h",
            Window::H3 => "3h",
            Window::H12 => "12h",
            Window::H24 => "24h",
            Window::D7 => "7d",
        }
    }

    /// The (start, end) in unix seconds of the last full window before
    /// `now`: the end is the start of the period still in progress, whose
    /// values are partial, so it is left out.
    pub fn range(self, now_unix: i64) -> (i64, i64) {
        let p = self.period().as_secs() as i64;
        let end = now_unix.div_euclid(p) * p;
        (end - self.span().as_secs() as i64, end)
    }
}

/// One series to fetch: a metric of one resource.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricTarget {
    /// Whose credentials fetch it.
    pub account: AccountId,
    pub region: String,
    pub kind: ResourceKind,
    pub id: String,
    /// The metric name (one of the kind's metrics).
    pub metric: &'static str,
}

impl MetricTarget {
    pub fn new(region: &str, kind: ResourceKind, id: &str, metric: &'static str) -> MetricTarget {
        MetricTarget {
            account: AccountId::default(),
            region: region.to_string(),
            kind,
            id: id.to_string(),
            metric,
        }
    }

    /// A metric of a resource, fetched with its account's credentials.
    pub fn of(r: &super::Resource, metric: &'static str) -> MetricTarget {
        MetricTarget::new(&r.region, r.kind, &r.id, metric).in_account(r.account)
    }

    /// The same series, fetched with `account`'s credentials.
    pub fn in_account(self, account: AccountId) -> MetricTarget {
        MetricTarget { account, ..self }
    }

    pub fn spec(&self) -> Option<&'static MetricSpec> {
        spec(self.kind, self.metric)
    }
}

/// One metric of one resource over a window, on the window's period grid:
/// a period with no datapoint is `None`, so a chart shows it as a gap (and
/// `--once --metrics` prints it as `null`; points print as `[unix_ts, value]`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MetricSeries {
    pub account: AccountId,
    pub region: String,
    pub kind: ResourceKind,
    pub id: String,
    pub metric: &'static str,
    pub unit: &'static str,
    /// (unix seconds at the start of the period, value).
    pub points: Vec<(i64, Option<f64>)>,
}

impl MetricSeries {
    /// Puts `(timestamp, value)` datapoints on the grid from `start` to
    /// `end` (exclusive) in steps of `period`; points off the grid are
    /// dropped and the later of two in one period wins.
    pub fn on_grid(
        target: &MetricTarget,
        unit: &'static str,
        start: i64,
        end: i64,
        period: i64,
        datapoints: impl IntoIterator<Item = (i64, f64)>,
    ) -> MetricSeries {
        let n = ((end - start) / period.max(1)).max(0) as usize;
        let mut points: Vec<(i64, Option<f64>)> = (0..n).map(|i| (start + i as i64 * period, None)).collect();
        for (t, v) in datapoints {
            if t >= start
                && v.is_finite()
                && let Some(slot) = points.get_mut(((t - start) / period.max(1)) as usize)
            {
                slot.1 = Some(v);
            }
        }
        MetricSeries {
            account: target.account,
            region: target.region.clone(),
            kind: target.kind,
            id: target.id.clone(),
            metric: target.metric,
            unit,
            points,
        }
    }

    pub fn target(&self) -> MetricTarget {
        MetricTarget::new(&self.region, self.kind, &self.id, self.metric).in_account(self.account)
    }

    fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.points.iter().filter_map(|p| p.1)
    }

    pub fn min(&self) -> Option<f64> {
        self.values().reduce(f64::min)
    }

    pub fn max(&self) -> Option<f64> {
        self.values().reduce(f64::max)
    }

    pub fn avg(&self) -> Option<f64> {
        let (sum, n) = self.values().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        (n > 0).then(|| sum / n as f64)
    }

    pub fn sum(&self) -> Option<f64> {
        self.values().reduce(|a, b| a + b)
    }

    /// The most recent value, skipping trailing gaps.
    pub fn latest(&self) -> Option<f64> {
        self.points.iter().rev().find_map(|p| p.1)
    }

    /// The figure a ranking sorts by: the window's total for a summed
    /// metric (errors, invocations), its average otherwise (CPU).
    pub fn rank_value(&self) -> Option<f64> {
        match spec(self.kind, self.metric).map(|s| s.stat) {
            Some("Sum") => self.sum(),
            _ => self.avg(),
        }
    }
}

/// What one region's metrics fetch produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionMetrics {
    /// The account whose credentials fetched them.
    pub account: AccountId,
    pub region: String,
    pub window: Window,
    /// Series of the targets asked for, on the window's grid; a batch that
    /// failed leaves its targets out and its error in `error`.
    pub series: Vec<MetricSeries>,
    pub error: Option<AwsError>,
    pub calls: CallCount,
    /// GetMetricData metrics requested: the queries of every call, pages
    /// included (a page repeats its batch's queries, so it is counted as
    /// asked again: the estimate errs high, never low).
    pub metrics_requested: u32,
}

/// A value with its unit, short: `35.2%`, `1.9M`, `180ms`, `2.0ms` for
/// seconds below one.
pub fn short_value(v: f64, unit: &str) -> String {
    match unit {
        "Percent" => format!("{v:.1}%"),
        "Seconds" if v.abs() < 1.0 => format!("{:.1}ms", v * 1000.0),
        "Seconds" => format!("{v:.2}s"),
        "Milliseconds" => format!("{v:.0}ms"),
        "Bytes" => bytes(v),
        _ => si(v),
    }
}

fn bytes(v: f64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut x = v;
    let mut i = 0;
    while x.abs() >= 1024.0 && i + 1 < UNITS.len() {
        x /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{x:.0}B")
    } else {
        format!("{x:.1}{}", UNITS[i])
    }
}

fn si(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.1}G", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_with_metrics_has_its_table() {
        assert_eq!(metrics_for(ResourceKind::Ec2Instance).count(), 5);
        assert_eq!(metrics_for(ResourceKind::RdsInstance).count(), 5);
        assert_eq!(metrics_for(ResourceKind::LambdaFunction).count(), 4);
        assert_eq!(metrics_for(ResourceKind::EmrCluster).count(), 3);
        assert_eq!(metrics_for(ResourceKind::S3Bucket).count(), 0);
        // EKS clusters through Container Insights, named by ClusterName.
        let eks: Vec<_> = metrics_for(ResourceKind::EksCluster).collect();
        assert_eq!(eks.len(), 4);
        assert!(
            eks.iter()
                .all(|m| m.namespace == "ContainerInsights" && m.dimension == "ClusterName")
        );
        assert_eq!(
            headline(ResourceKind::EksCluster).map(|m| m.name),
            Some("node_cpu_utilization")
        );
        assert_eq!(metrics_for(ResourceKind::EksNodegroup).count(), 0);
        assert_eq!(
            headline(ResourceKind::Ec2Instance).map(|m| m.name),
            Some("CPUUtilization")
        );
        assert_eq!(
            headline(ResourceKind::LambdaFunction).map(|m| m.name),
            Some("Invocations")
        );
        assert_eq!(
            spec(ResourceKind::RdsInstance, "ReadLatency").map(|m| m.unit),
            Some("Seconds")
        );
        assert_eq!(
            table_metric(ResourceKind::RdsInstance).map(|m| m.name),
            Some("CPUUtilization")
        );
        assert!(
            table_metric(ResourceKind::EmrCluster).is_none(),
            "EMR has no sparkline column"
        );
    }

    #[test]
    fn windows_keep_charts_small_and_periods_coarse() {
        use strum::IntoEnumIterator;
        for w in Window::iter() {
            assert!(w.period() >= Duration::from_secs(300), "{w:?}");
            assert_eq!(w.span().as_secs() % w.period().as_secs(), 0);
            if w != Window::D7 {
                assert!(w.points() <= 48, "{w:?} has {} points", w.points());
            }
        }
        // The findings' window is never charted: a point an hour, fetched
        // once an hour, 168 points (84,000 for 500 series: one call).
        assert_eq!((Window::D7.points(), Window::D7.period().as_secs()), (168, 3600));
        assert_eq!(Window::D7.next(), Window::H1);
        assert_eq!(Window::H1.points(), 12);
        assert_eq!(Window::H24.next(), Window::H1);
        assert_eq!(Window::H1.next().label(), "3h");
        // 10:07:30 -> the last full 5-minute period ends at 10:05.
        let now = 36_000 + 7 * 60 + 30;
        assert_eq!(Window::H1.range(now), (36_300 - 3600, 36_300));
    }

    #[test]
    fn series_sit_on_a_grid_with_gaps() {
        let t = MetricTarget::new("eu-west-1", ResourceKind::Ec2Instance, "i-1", "CPUUtilization");
        let s = MetricSeries::on_grid(
            &t,
            "Percent",
            0,
            1500,
            300,
            [(0, 10.0), (600, 30.0), (1200, 20.0), (9999, 1.0)],
        );
        assert_eq!(
            s.points,
            vec![
                (0, Some(10.0)),
                (300, None),
                (600, Some(30.0)),
                (900, None),
                (1200, Some(20.0))
            ]
        );
        assert_eq!(s.min(), Some(10.0));
        assert_eq!(s.max(), Some(30.0));
        assert_eq!(s.avg(), Some(20.0));
        assert_eq!(s.latest(), Some(20.0));
        assert_eq!(s.rank_value(), Some(20.0), "CPU ranks by its average");
        let empty = MetricSeries::on_grid(&t, "Percent", 0, 600, 300, []);
        assert_eq!((empty.min(), empty.avg(), empty.latest()), (None, None, None));
        let errors = MetricTarget::new("eu-west-1", ResourceKind::LambdaFunction, "f", "Errors");
        let e = MetricSeries::on_grid(&errors, "Count", 0, 900, 300, [(0, 1.0), (300, 4.0)]);
        assert_eq!(e.rank_value(), Some(5.0), "errors rank by their total");
    }

    #[test]
    fn values_print_short_with_units() {
        assert_eq!(short_value(35.24, "Percent"), "35.2%");
        assert_eq!(short_value(0.002, "Seconds"), "2.0ms");
        assert_eq!(short_value(2.0e6, "Bytes"), "1.9MiB");
        assert_eq!(short_value(180.0, "Milliseconds"), "180ms");
        assert_eq!(short_value(120.0, "Count"), "120");
        assert_eq!(short_value(0.5, "Count"), "0.50");
        assert_eq!(short_value(12_345.0, "Count"), "12.3k");
    }
}
