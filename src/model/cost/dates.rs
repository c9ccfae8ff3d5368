//! The days each cost figure covers, as pure functions of `today`. Cost
//! Explorer's end dates are exclusive.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Days `[start, end)`: the end is exclusive, as in Cost Explorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    pub fn new(start: NaiveDate, end: NaiveDate) -> DateRange {
        DateRange { start, end }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end
    }

    /// How many days the range covers.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// Every day of the range, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let end = self.end;
        self.start.iter_days().take_while(move |d| *d < end)
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// The first day of `day`'s month.
pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The first day of the month after `day`'s.
pub fn first_of_next_month(day: NaiveDate) -> NaiveDate {
    first_of_month(day).checked_add_months(Months::new(1)).unwrap_or(day)
}

/// Days in `day`'s month (28 to 31).
pub fn days_in_month(day: NaiveDate) -> u32 {
    (first_of_next_month(day) - first_of_month(day)).num_days() as u32
}

fn minus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(day)
}

pub(super) fn plus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

/// Days in the daily chart.
pub const DAILY_DAYS: u64 = 30;

/// Every range a cost refresh asks about, as a pure function of `today`
/// (UTC, which is Cost Explorer's day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranges {
    /// The first of the month to tomorrow: today's partial costs included.
    pub month_to_date: DateRange,
    pub last_month: DateRange,
    pub yesterday: DateRange,
    /// The 30 whole days before today.
    pub last_30_days: DateRange,
    /// This month's whole days before today (actuals behind the forecast).
    pub month_before_today: DateRange,
    /// One DAILY query covering last month, the last 30 days and this month.
    pub daily_query: DateRange,
    /// Today to the end of the month (GetCostForecast starts today at the earliest).
    pub forecast: DateRange,
}

impl Ranges {
    pub fn for_today(today: NaiveDate) -> Ranges {
        let first = first_of_month(today);
        let tomorrow = plus_days(today, 1);
        let last_month = DateRange::new(first_of_month(minus_days(first, 1)), first);
        let last_30_days = DateRange::new(minus_days(today, DAILY_DAYS), today);
        Ranges {
            month_to_date: DateRange::new(first, tomorrow),
            last_month,
            yesterday: DateRange::new(minus_days(today, 1), today),
            last_30_days,
            month_before_today: DateRange::new(first, today),
            daily_query: DateRange::new(last_month.start.min(last_30_days.start), tomorrow),
            forecast: DateRange::new(today, first_of_next_month(today)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn r(a: &str, b: &str) -> DateRange {
        DateRange::new(d(a), d(b))
    }

    #[test]
    fn ranges_mid_month() {
        let x = Ranges::for_today(d("2026-11-25"));
        assert_eq!(x.month_to_date, r("2026-11-01", "2026-11-26"));
        assert_eq!(x.last_month, r("2026-10-01", "2026-11-01"));
        assert_eq!(x.yesterday, r("2026-11-24", "2026-11-25"));
        assert_eq!(x.last_30_days, r("2026-10-26", "2026-11-25"));
        assert_eq!(x.last_30_days.days(), 30);
        assert_eq!(x.daily_query, r("2026-10-01", "2026-11-26"));
        assert_eq!(x.forecast, r("2026-11-25", "2026-12-01"));
        assert_eq!(x.month_before_today, r("2026-11-01", "2026-11-25"));
    }

    #[test]
    fn ranges_on_the_first_of_the_month() {
        let x = Ranges::for_today(d("2026-12-01"));
        assert_eq!(x.month_to_date, r("2026-12-01", "2026-12-02"), "never an empty range");
        assert_eq!(x.last_month, r("2026-11-01", "2026-12-01"));
        assert_eq!(x.yesterday, r("2026-11-30", "2026-12-01"));
        assert_eq!(x.month_before_today.days(), 0);
        assert_eq!(x.forecast, r("2026-12-01", "2027-01-01"));
    }

    #[test]
    fn ranges_on_new_year() {
        let x = Ranges::for_today(d("2027-01-01"));
        assert_eq!(x.month_to_date, r("2027-01-01", "2027-01-02"));
        assert_eq!(x.last_month, r("2026-12-01", "2027-01-01"));
        assert_eq!(x.yesterday, r("2026-12-31", "2027-01-01"));
        assert_eq!(x.last_30_days, r("2026-12-02", "2027-01-01"));
        assert_eq!(x.forecast, r("2027-01-01", "2027-02-01"));
        let x = Ranges::for_today(d("2026-12-31"));
        assert_eq!(
            x.month_to_date,
            r("2026-12-01", "2027-01-01"),
            "the end rolls into the new year"
        );
        assert_eq!(x.forecast, r("2026-12-31", "2027-01-01"), "one day left");
    }

    #[test]
    fn ranges_across_leap_february() {
        let x = Ranges::for_today(d("2028-03-01"));
        assert_eq!(x.yesterday, r("2028-02-29", "2028-03-01"));
        assert_eq!(x.last_month, r("2028-02-01", "2028-03-01"));
        assert_eq!(x.last_month.days(), 29);
        assert_eq!(x.last_30_days, r("2028-01-31", "2028-03-01"));
        let x = Ranges::for_today(d("2027-03-01"));
        assert_eq!(x.last_month.days(), 28);
        assert_eq!(x.daily_query.start, d("2027-01-30"), "30 days reach back past February");
        let x = Ranges::for_today(d("2028-02-29"));
        assert_eq!(x.month_to_date, r("2028-02-01", "2028-03-01"));
        assert_eq!(days_in_month(d("2028-02-10")), 29);
        assert_eq!(days_in_month(d("2100-02-10")), 28);
        assert_eq!(days_in_month(d("2000-02-10")), 29);
        assert_eq!(days_in_month(d("2026-12-31")), 31);
    }
}
