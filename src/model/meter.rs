//! The monitor's own AWS bill: what each API costs, what the calls made so
//! far cost, and what the current settings cost per day.
//!
//! Prices are kept in micro-dollars (integers), so counted costs are exact.
//! Only two kinds of call are paid: GetMetricData ($0.01 per 1,000 metrics
//! requested) and Cost Explorer requests ($0.01 each). Describe/List calls
//! are free.

use std::collections::BTreeMap;
use std::time::Duration;

/// Micro-dollars per metric requested through GetMetricData.
pub const MICROS_PER_METRIC: u64 = 10;
/// Micro-dollars per Cost Explorer request.
pub const MICROS_PER_CE_REQUEST: u64 = 10_000;

const DAY: f64 = 86_400.0;

/// Micro-dollars per call of an API (`service:Operation`). GetMetricData is
/// priced per metric, not per call: see [`cost_micros`].
pub fn micros_per_call(api: &str) -> u64 {
    if api.starts_with("ce:") {
        MICROS_PER_CE_REQUEST
    } else {
        0
    }
}

/// Whether an API is paid at all.
pub fn is_paid(api: &str) -> bool {
    api.starts_with("ce:") || api == "cloudwatch:GetMetricData"
}

/// The exact cost of counted calls: any `by_api` map (inventory, metrics,
/// Cost Explorer) and the GetMetricData metrics requested.
pub fn cost_micros(by_api: &BTreeMap<String, u32>, metrics_requested: u64) -> u64 {
    let calls: u64 = by_api.iter().map(|(api, n)| micros_per_call(api) * u64::from(*n)).sum();
    calls + metrics_requested * MICROS_PER_METRIC
}

/// `$0.0123`, or `$1.23` from a dollar figure.
pub fn dollars(d: f64) -> String {
    if d < 1.0 {
        format!("${d:.4}")
    } else {
        format!("${d:.2}")
    }
}

/// Calls and metrics per day at the current settings: the sum of work that
/// recurs at a fixed cadence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rate {
    /// Calls per day by `service:Operation`.
    pub calls_per_day: BTreeMap<String, f64>,
    /// GetMetricData metrics requested per day.
    pub metrics_per_day: f64,
}

impl Rate {
    /// Adds work that happens once every `every`: `by_api` calls and
    /// `metrics` GetMetricData metrics each time.
    pub fn add_every(&mut self, by_api: &BTreeMap<String, u32>, metrics: u64, every: Duration) {
        let per_day = DAY / every.as_secs_f64().max(1.0);
        for (api, n) in by_api {
            *self.calls_per_day.entry(api.clone()).or_default() += f64::from(*n) * per_day;
        }
        self.metrics_per_day += metrics as f64 * per_day;
    }

    pub fn calls_per_minute(&self) -> f64 {
        // Folded from +0.0: an empty f64 sum is -0.0, which prints as "-0".
        self.calls_per_day.values().fold(0.0, |a, b| a + b) / (DAY / 60.0)
    }

    pub fn dollars_per_day(&self) -> f64 {
        self.breakdown().iter().fold(0.0, |a, l| a + l.dollars_per_day)
    }

    /// One line per API, paid ones first, then by calls.
    pub fn breakdown(&self) -> Vec<RateLine> {
        let mut out: Vec<RateLine> = self
            .calls_per_day
            .iter()
            .map(|(api, calls)| {
                let micros = if api == "cloudwatch:GetMetricData" {
                    self.metrics_per_day * MICROS_PER_METRIC as f64
                } else {
                    calls * micros_per_call(api) as f64
                };
                RateLine {
                    api: api.clone(),
                    calls_per_day: *calls,
                    dollars_per_day: micros / 1e6,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.dollars_per_day
                .total_cmp(&a.dollars_per_day)
                .then(b.calls_per_day.total_cmp(&a.calls_per_day))
                .then(a.api.cmp(&b.api))
        });
        out
    }
}

/// One API's share of the daily bill.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLine {
    pub api: String,
    pub calls_per_day: f64,
    pub dollars_per_day: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apis(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn only_metrics_and_cost_explorer_are_paid() {
        let calls = apis(&[
            ("ec2:DescribeInstances", 1_000),
            ("cloudwatch:GetMetricData", 3),
            ("ce:GetCostAndUsage", 4),
            ("ce:GetCostForecast", 1),
        ]);
        // 5 CE requests at 1 cent, 1,200 metrics at $0.01 per 1,000.
        assert_eq!(cost_micros(&calls, 1_200), 5 * 10_000 + 12_000);
        assert_eq!(cost_micros(&apis(&[("ec2:DescribeInstances", 99)]), 0), 0);
        assert!(is_paid("ce:GetCostAndUsage") && is_paid("cloudwatch:GetMetricData"));
        assert!(!is_paid("lambda:ListFunctions"));
    }

    #[test]
    fn daily_rate_from_cadences() {
        let mut r = Rate::default();
        // Inventory: 13 calls every 60 s -> 18,720 calls a day, free.
        r.add_every(&apis(&[("ec2:DescribeInstances", 13)]), 0, Duration::from_secs(60));
        // Metrics: one call of 40 metrics every 5 min -> 288 calls, 11,520 metrics.
        r.add_every(&apis(&[("cloudwatch:GetMetricData", 1)]), 40, Duration::from_secs(300));
        assert_eq!(r.calls_per_day["ec2:DescribeInstances"], 18_720.0);
        assert_eq!(r.metrics_per_day, 11_520.0);
        assert!((r.dollars_per_day() - 0.1152).abs() < 1e-9, "{}", r.dollars_per_day());
        assert!((r.calls_per_minute() - (18_720.0 + 288.0) / 1440.0).abs() < 1e-9);
        let lines = r.breakdown();
        assert_eq!(lines[0].api, "cloudwatch:GetMetricData", "paid first");
        assert_eq!(lines[1].dollars_per_day, 0.0);
        // A Cost Explorer refresh every 6 hours: 4 requests a day, 4 cents.
        r.add_every(&apis(&[("ce:GetCostAndUsage", 1)]), 0, Duration::from_secs(6 * 3600));
        assert!((r.dollars_per_day() - 0.1552).abs() < 1e-9);
    }

    #[test]
    fn nothing_watched_costs_a_plain_zero() {
        let r = Rate::default();
        assert_eq!(
            format!("{:.1} {}", r.calls_per_minute(), dollars(r.dollars_per_day())),
            "0.0 $0.0000"
        );
    }

    #[test]
    fn dollars_print_with_enough_digits() {
        assert_eq!(dollars(0.1152), "$0.1152");
        assert_eq!(dollars(12.5), "$12.50");
    }
}
