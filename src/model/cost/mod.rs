//! Cost Explorer figures: exact decimal money (`money`), the date ranges each
//! figure covers (`dates`; Cost Explorer end dates are exclusive), and the
//! snapshot the Cost tab shows (`report`: as `--once --cost` prints it).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod dates;
mod money;
mod report;
use dates::plus_days;
pub use dates::{DAILY_DAYS, DateRange, Ranges, days_in_month, first_of_month, first_of_next_month};
pub use money::Money;
pub use report::{Amount, CostReport, NamedAmount};

/// Cost Explorer has one endpoint, in us-east-1 (the Cost tab names it).
pub const COST_REGION: &str = "us-east-1";

/// One row of a breakdown: a service, a region or a tag value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostLine {
    pub name: String,
    pub amount: Money,
}

/// Month to date by the values of one tag key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TagCosts {
    /// No tag key chosen, so nothing was asked.
    NotAsked,
    /// Cost Explorer knows the key: one line per value (`(untagged)` for none).
    Active { key: String, lines: Vec<CostLine> },
    /// Every cost came back untagged: the key is not an active cost
    /// allocation tag (Billing console, Cost allocation tags).
    NotActive { key: String },
}

/// Cost Explorer's forecast, completed with this month's actuals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    /// GetCostForecast's total from today to the end of the month.
    pub rest_of_month: Money,
    /// Whole days of the month so far plus the forecast: the month's total.
    pub month: Money,
}

/// The local estimate shown when the forecast is unavailable (and beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Projection {
    pub amount: Money,
    /// Days of the month so far, today included.
    pub elapsed_days: u32,
    pub days_in_month: u32,
}

/// Everything one cost refresh learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostSnapshot {
    /// The UTC day the figures were asked for.
    pub today: NaiveDate,
    pub fetched_at: DateTime<Utc>,
    /// `USD` unless Cost Explorer says otherwise.
    pub unit: String,
    pub month_to_date: Money,
    pub last_month: Money,
    pub yesterday: Money,
    /// The forecast, or why there is none (`unavailable: <code>: <message>`).
    pub forecast: Result<Forecast, String>,
    pub by_service: Vec<CostLine>,
    pub by_region: Vec<CostLine>,
    /// Month to date by account: LINKED_ACCOUNT from the organization's
    /// account, or each listed profile's own total; empty for one account.
    #[serde(default)]
    pub by_account: Vec<CostLine>,
    pub by_tag: TagCosts,
    /// One amount per day of the last 30 whole days, oldest first; days
    /// Cost Explorer did not mention are zero.
    pub daily: Vec<(NaiveDate, Money)>,
}

/// What the Cost Explorer calls returned, before the figures are worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCost {
    pub unit: Option<String>,
    /// Month to date by service and by region: (group key, amount), one entry
    /// per group and period (they are summed by key).
    pub by_service: Vec<(String, Money)>,
    pub by_region: Vec<(String, Money)>,
    /// Month to date by account (empty unless asked).
    pub by_account: Vec<(String, Money)>,
    /// The tag key asked, and its groups (`Team$web`, `Team$` for untagged).
    pub by_tag: Option<(String, Vec<(String, Money)>)>,
    /// Per day of [`Ranges::daily_query`].
    pub daily: Vec<(NaiveDate, Money)>,
    /// The forecast total from today to the end of the month, or why not.
    pub forecast: Result<Money, String>,
}

impl Default for RawCost {
    fn default() -> Self {
        RawCost {
            unit: None,
            by_service: Vec::new(),
            by_region: Vec::new(),
            by_account: Vec::new(),
            by_tag: None,
            daily: Vec::new(),
            forecast: Err("unavailable: not asked".to_string()),
        }
    }
}

impl RawCost {
    /// Several accounts' answers as one: every group and day added up (the
    /// figures sum them by name and day), the forecast the sum of theirs
    /// (unavailable when any is), and each account's month to date, by its
    /// name, in `by_account`.
    pub fn merge(parts: Vec<(String, RawCost)>) -> RawCost {
        let mut out = RawCost {
            forecast: Ok(Money::default()),
            ..RawCost::default()
        };
        for (name, part) in parts {
            out.unit = out.unit.or(part.unit);
            let total: Money = part.by_service.iter().map(|(_, m)| *m).sum();
            out.by_account.push((name, total));
            out.by_service.extend(part.by_service);
            out.by_region.extend(part.by_region);
            out.daily.extend(part.daily);
            out.by_tag = match (out.by_tag.take(), part.by_tag) {
                (Some((key, mut groups)), Some((_, more))) => {
                    groups.extend(more);
                    Some((key, groups))
                }
                (a, b) => a.or(b),
            };
            out.forecast = match (out.forecast, part.forecast) {
                (Ok(a), Ok(b)) => Ok(a + b),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
        }
        out
    }
}

/// Sums amounts by name, largest first (ties by name).
fn lines(groups: &[(String, Money)], name: impl Fn(&str) -> String) -> Vec<CostLine> {
    let mut sums: std::collections::BTreeMap<String, Money> = std::collections::BTreeMap::new();
    for (key, amount) in groups {
        *sums.entry(name(key)).or_default() += *amount;
    }
    let mut out: Vec<CostLine> = sums
        .into_iter()
        .map(|(name, amount)| CostLine { name, amount })
        .collect();
    out.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The label for an untagged share of cost.
pub const UNTAGGED: &str = "(untagged)";

impl CostSnapshot {
    /// Works the figures out of the raw answers for `today`.
    pub fn assemble(today: NaiveDate, fetched_at: DateTime<Utc>, raw: RawCost) -> CostSnapshot {
        let ranges = Ranges::for_today(today);
        let sum_in = |range: DateRange| -> Money {
            raw.daily
                .iter()
                .filter(|(d, _)| range.contains(*d))
                .map(|(_, m)| *m)
                .sum()
        };
        let by_service = lines(&raw.by_service, str::to_string);
        let by_region = lines(&raw.by_region, |k| {
            if k.is_empty() {
                "(no region)".to_string()
            } else {
                k.to_string()
            }
        });
        let by_account = lines(&raw.by_account, str::to_string);
        let by_tag = match &raw.by_tag {
            None => TagCosts::NotAsked,
            Some((key, groups)) => {
                let value = |k: &str| {
                    let v = k.split_once('$').map_or(k, |(_, v)| v);
                    if v.is_empty() {
                        UNTAGGED.to_string()
                    } else {
                        v.to_string()
                    }
                };
                let lines = lines(groups, value);
                if lines.iter().all(|l| l.name == UNTAGGED) {
                    TagCosts::NotActive { key: key.clone() }
                } else {
                    TagCosts::Active {
                        key: key.clone(),
                        lines,
                    }
                }
            }
        };
        let daily = ranges
            .last_30_days
            .each_day()
            .map(|d| (d, sum_in(DateRange::new(d, plus_days(d, 1)))))
            .collect();
        let forecast = raw.forecast.as_ref().map_err(Clone::clone).map(|rest| Forecast {
            rest_of_month: *rest,
            month: sum_in(ranges.month_before_today) + *rest,
        });
        CostSnapshot {
            today,
            fetched_at,
            unit: raw.unit.clone().unwrap_or_else(|| "USD".to_string()),
            month_to_date: by_service.iter().map(|l| l.amount).sum(),
            last_month: sum_in(ranges.last_month),
            yesterday: sum_in(ranges.yesterday),
            forecast,
            by_service,
            by_region,
            by_account,
            by_tag,
            daily,
        }
    }

    /// Month to date / days so far (today included) x days in the month.
    pub fn projection(&self) -> Projection {
        let elapsed = self.today.day();
        let days = days_in_month(self.today);
        let amount = Money(self.month_to_date.0 / Decimal::from(elapsed.max(1)) * Decimal::from(days));
        Projection {
            amount,
            elapsed_days: elapsed,
            days_in_month: days,
        }
    }

    /// The tag key the by-tag figures are for.
    pub fn tag_key(&self) -> Option<&str> {
        match &self.by_tag {
            TagCosts::NotAsked => None,
            TagCosts::Active { key, .. } | TagCosts::NotActive { key } => Some(key),
        }
    }
}

/// Cost Explorer's price per request, in US dollars.
pub fn request_price() -> Money {
    Money(Decimal::new(1, 2))
}

/// Requests one refresh makes when nothing pages: by service, by region,
/// daily, the forecast, and by tag when a key is chosen.
pub fn requests_per_refresh(tag_key: bool) -> u32 {
    4 + u32::from(tag_key)
}

/// How a refresh asks Cost Explorer over the accounts watched: how many
/// request sets (one per listed profile), and whether a set adds the
/// organization's LINKED_ACCOUNT breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostPlan {
    pub sets: u32,
    pub by_account: bool,
}

impl Default for CostPlan {
    fn default() -> Self {
        CostPlan {
            sets: 1,
            by_account: false,
        }
    }
}

impl CostPlan {
    /// Requests one refresh makes when nothing pages.
    pub fn requests(self, tag_key: bool) -> u32 {
        self.sets * (requests_per_refresh(tag_key) + u32::from(self.by_account))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    pub(super) fn raw() -> RawCost {
        let g = |k: &str, v: &str| (k.to_string(), m(v));
        RawCost {
            unit: Some("USD".into()),
            by_service: vec![
                g("Amazon EC2", "600.10"),
                g("AWS Lambda", "0.0049"),
                g("Amazon EC2", "12.30"),
            ],
            by_region: vec![g("us-east-1", "400"), g("", "212.4049")],
            by_account: Vec::new(),
            by_tag: Some(("Team".into(), vec![g("Team$web", "500"), g("Team$", "112.4049")])),
            daily: vec![
                (d("2026-10-31"), m("10.00")), // last month, before the 30 days
                (d("2026-10-01"), m("5.005")), // first day of last month
                (d("2026-11-01"), m("7.00")),  // this month
                (d("2026-11-24"), m("3.333")), // yesterday
                (d("2026-11-25"), m("99")),    // today: in no whole-day figure
            ],
            forecast: Ok(m("150.50")),
        }
    }

    #[test]
    fn several_accounts_add_up_and_each_has_its_total() {
        let mut other = raw();
        other.forecast = Ok(m("49.50"));
        let merged = RawCost::merge(vec![("dev".into(), raw()), ("prod".into(), other)]);
        let s = CostSnapshot::assemble(d("2026-11-25"), DateTime::UNIX_EPOCH, merged);
        let one = CostSnapshot::assemble(d("2026-11-25"), DateTime::UNIX_EPOCH, raw());
        assert_eq!(s.month_to_date, one.month_to_date + one.month_to_date);
        assert_eq!(s.yesterday, one.yesterday + one.yesterday);
        assert_eq!(
            s.by_service[0].amount,
            one.by_service[0].amount + one.by_service[0].amount
        );
        assert_eq!(s.forecast.as_ref().unwrap().rest_of_month, m("200.00"));
        let names: Vec<&str> = s.by_account.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["dev", "prod"]);
        assert_eq!(s.by_account[0].amount, one.month_to_date);
        assert!(one.by_account.is_empty(), "one account: no breakdown");
        let mut denied = raw();
        denied.forecast = Err("unavailable: AccessDenied".into());
        let merged = RawCost::merge(vec![("a".into(), raw()), ("b".into(), denied)]);
        assert!(merged.forecast.is_err());
    }

    #[test]
    fn the_snapshot_sums_each_figure_over_its_own_days() {
        let s = CostSnapshot::assemble(d("2026-11-25"), DateTime::UNIX_EPOCH, raw());
        assert_eq!(s.month_to_date.to_string(), "612.40");
        assert_eq!(
            s.by_service[0],
            CostLine {
                name: "Amazon EC2".into(),
                amount: m("612.40")
            }
        );
        assert_eq!(s.by_region[1].name, "(no region)");
        assert_eq!(s.last_month, m("15.005"));
        assert_eq!(s.last_month.to_string(), "15.01");
        assert_eq!(s.yesterday, m("3.333"));
        assert_eq!(s.daily.len(), 30);
        assert_eq!(s.daily[0], (d("2026-10-26"), Money::ZERO));
        assert_eq!(s.daily[5], (d("2026-10-31"), m("10.00")));
        assert_eq!(s.daily[29], (d("2026-11-24"), m("3.333")));
        let f = s.forecast.clone().unwrap();
        assert_eq!(f.month, m("160.833"), "days before today (7 + 3.333) plus the forecast");
        match &s.by_tag {
            TagCosts::Active { key, lines } => {
                assert_eq!(key, "Team");
                assert_eq!(lines[1].name, UNTAGGED);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_projection_is_labelled_with_its_days() {
        let mut x = raw();
        x.forecast = Err("unavailable: UnknownOperation".into());
        let s = CostSnapshot::assemble(d("2026-11-25"), DateTime::UNIX_EPOCH, x.clone());
        let p = s.projection();
        assert_eq!((p.elapsed_days, p.days_in_month), (25, 30));
        assert_eq!(p.amount.to_string(), "734.89", "612.4049 / 25 * 30");
        let s = CostSnapshot::assemble(d("2028-02-01"), DateTime::UNIX_EPOCH, x);
        let p = s.projection();
        assert_eq!((p.elapsed_days, p.days_in_month), (1, 29));
        assert_eq!(p.amount.to_string(), "17759.74", "612.4049 / 1 * 29");
    }

    #[test]
    fn an_all_untagged_answer_means_the_tag_is_not_active() {
        let mut x = raw();
        x.by_tag = Some(("CostCenter".into(), vec![("CostCenter$".into(), m("612.40"))]));
        let s = CostSnapshot::assemble(d("2026-11-25"), DateTime::UNIX_EPOCH, x);
        assert_eq!(
            s.by_tag,
            TagCosts::NotActive {
                key: "CostCenter".into()
            }
        );
        assert_eq!(s.tag_key(), Some("CostCenter"));
    }

    #[test]
    fn a_refresh_costs_a_cent_per_request() {
        assert_eq!(requests_per_refresh(true), 5);
        assert_eq!(requests_per_refresh(false), 4);
        let org = CostPlan {
            sets: 1,
            by_account: true,
        };
        assert_eq!(org.requests(true), 6, "the organization adds LINKED_ACCOUNT");
        let three = CostPlan {
            sets: 3,
            by_account: false,
        };
        assert_eq!(three.requests(false), 12, "one set per listed profile");
        let total: Money = std::iter::repeat_n(request_price(), 5).sum();
        assert_eq!(total.to_string(), "0.05");
    }
}
