//! Cost Explorer: always us-east-1, whatever regions are watched. One refresh
//! is GetCostAndUsage month to date by SERVICE, by REGION, by LINKED_ACCOUNT
//! (for an organization) and (when a key is chosen) by TAG, one DAILY
//! GetCostAndUsage over last month and the last 30 days, and one
//! GetCostForecast; each paginated on `NextPageToken` and counted. Calls run
//! one after another: cost is rare and each costs $0.01. Several listed
//! profiles: one such set per account, added up ([`RawCost::merge`]).

use aws_sdk_costexplorer::types::{
    DateInterval, Granularity, GroupDefinition, GroupDefinitionType, Metric, MetricValue, ResultByTime,
};
use chrono::{DateTime, NaiveDate, Utc};

use super::ops::ce;
use super::{Aws, Fleet, Tally, aws_error};
use crate::model::cost::{CostSnapshot, DateRange, Money, Ranges, RawCost};
use crate::model::{AwsError, CallCount};

pub use crate::model::cost::COST_REGION;

/// The metric every figure uses, as the Billing console does by default.
const METRIC: &str = "UnblendedCost";

/// More pages than any answer should have: a token that never ends is a bug.
const MAX_PAGES: usize = 100;

/// One cost refresh: the snapshot (or the first failure) and its calls.
#[derive(Debug)]
pub struct CostFetch {
    pub result: Result<CostSnapshot, AwsError>,
    pub calls: CallCount,
}

enum GroupBy<'a> {
    Nothing,
    Dimension(&'a str),
    Tag(&'a str),
}

impl Aws {
    /// Fetches every cost figure as of `now` (its UTC day is "today").
    pub async fn cost(&self, now: DateTime<Utc>, tag_key: Option<&str>) -> CostFetch {
        let tally = Tally::default();
        let result = self
            .raw_cost(now, tag_key, false, &tally)
            .await
            .map(|raw| CostSnapshot::assemble(now.date_naive(), now, raw));
        CostFetch {
            result,
            calls: tally.into_count(),
        }
    }

    /// The answers of one request set; `by_account` adds LINKED_ACCOUNT.
    async fn raw_cost(
        &self,
        now: DateTime<Utc>,
        tag_key: Option<&str>,
        by_account: bool,
        tally: &Tally,
    ) -> Result<RawCost, AwsError> {
        let client = aws_sdk_costexplorer::Client::new(&self.regional(COST_REGION));
        let today = now.date_naive();
        let ranges = Ranges::for_today(today);
        let mut unit = None;
        let mtd = ranges.month_to_date;
        // The order matters to moto, which answers each new query with the
        // next queued result: service, region, tag, then daily.
        let by_service = usage(&client, tally, mtd, Granularity::Monthly, GroupBy::Dimension("SERVICE")).await?;
        let by_region = usage(&client, tally, mtd, Granularity::Monthly, GroupBy::Dimension("REGION")).await?;
        let by_account = match by_account {
            true => {
                usage(
                    &client,
                    tally,
                    mtd,
                    Granularity::Monthly,
                    GroupBy::Dimension("LINKED_ACCOUNT"),
                )
                .await?
            }
            false => Vec::new(),
        };
        let by_tag = match tag_key {
            Some(key) => Some((
                key.to_string(),
                usage(&client, tally, mtd, Granularity::Monthly, GroupBy::Tag(key)).await?,
            )),
            None => None,
        };
        let daily = usage(&client, tally, ranges.daily_query, Granularity::Daily, GroupBy::Nothing).await?;
        let forecast = forecast(&client, tally, ranges.forecast).await;
        let by_service = groups(&by_service, &mut unit)?;
        let by_region = groups(&by_region, &mut unit)?;
        let by_account = groups(&by_account, &mut unit)?;
        let by_tag = match by_tag {
            Some((key, results)) => Some((key, groups(&results, &mut unit)?)),
            None => None,
        };
        let daily = totals(&daily, &mut unit)?;
        Ok(RawCost {
            unit,
            by_service,
            by_region,
            by_account,
            by_tag,
            daily,
            forecast: forecast.map_err(|e| format!("unavailable: {e}")),
        })
    }
}

impl Fleet {
    /// The cost figures of every account: for an organization one request
    /// set from the first account with a LINKED_ACCOUNT breakdown (by
    /// name); for several profiles one set per reachable account, added
    /// up, each account's total in `by_account`.
    pub async fn cost(&self, now: DateTime<Utc>, tag_key: Option<&str>) -> CostFetch {
        let tally = Tally::default();
        let result = self.raw_cost(now, tag_key, &tally).await;
        CostFetch {
            result: result.map(|raw| CostSnapshot::assemble(now.date_naive(), now, raw)),
            calls: tally.into_count(),
        }
    }

    async fn raw_cost(&self, now: DateTime<Utc>, tag_key: Option<&str>, tally: &Tally) -> Result<RawCost, AwsError> {
        let Some(first) = self.first() else {
            return Err(AwsError::new("NoAccount", "no account to ask Cost Explorer"));
        };
        if self.is_org() {
            let mut raw = first.aws.raw_cost(now, tag_key, true, tally).await?;
            for (key, _) in &mut raw.by_account {
                if let Some(m) = crate::model::AccountId::parse(key).and_then(|id| self.get(id)) {
                    *key = m.info.label();
                }
            }
            return Ok(raw);
        }
        if self.len() == 1 {
            return first.aws.raw_cost(now, tag_key, false, tally).await;
        }
        let mut parts = Vec::with_capacity(self.len());
        for m in self.members().iter().filter(|m| m.error().is_none()) {
            parts.push((m.info.label(), m.aws.raw_cost(now, tag_key, false, tally).await?));
        }
        Ok(RawCost::merge(parts))
    }
}

fn interval(range: DateRange) -> Result<DateInterval, AwsError> {
    DateInterval::builder()
        .start(range.start.to_string())
        .end(range.end.to_string())
        .build()
        .map_err(|e| AwsError::new("RequestNotBuilt", e.to_string()))
}

/// GetCostAndUsage over `range`, every page.
async fn usage(
    client: &aws_sdk_costexplorer::Client,
    tally: &Tally,
    range: DateRange,
    granularity: Granularity,
    group_by: GroupBy<'_>,
) -> Result<Vec<ResultByTime>, AwsError> {
    let group = match group_by {
        GroupBy::Nothing => None,
        GroupBy::Dimension(key) => Some(
            GroupDefinition::builder()
                .r#type(GroupDefinitionType::Dimension)
                .key(key)
                .build(),
        ),
        GroupBy::Tag(key) => Some(
            GroupDefinition::builder()
                .r#type(GroupDefinitionType::Tag)
                .key(key)
                .build(),
        ),
    };
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        tally.page(ce::GET_COST_AND_USAGE);
        let page = client
            .get_cost_and_usage()
            .time_period(interval(range)?)
            .granularity(granularity.clone())
            .metrics(METRIC)
            .set_group_by(group.clone().map(|g| vec![g]))
            .set_next_page_token(token.take())
            .send()
            .await
            .map_err(aws_error)?;
        out.extend(page.results_by_time().iter().cloned());
        match page.next_page_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(out),
        }
    }
    Err(AwsError::new(
        "TooManyPages",
        format!("GetCostAndUsage returned more than {MAX_PAGES} pages"),
    ))
}

/// GetCostForecast's total over `range`. The forecast is optional (the tab
/// falls back to a local projection), so it gets two attempts, not five.
async fn forecast(client: &aws_sdk_costexplorer::Client, tally: &Tally, range: DateRange) -> Result<Money, AwsError> {
    tally.call(ce::GET_COST_FORECAST);
    let retry = aws_sdk_costexplorer::config::Builder::default()
        .retry_config(aws_sdk_costexplorer::config::retry::RetryConfig::standard().with_max_attempts(2));
    let out = client
        .get_cost_forecast()
        .time_period(interval(range)?)
        .metric(Metric::UnblendedCost)
        .granularity(Granularity::Monthly)
        .customize()
        .config_override(retry)
        .send()
        .await
        .map_err(aws_error)?;
    let total = out
        .total()
        .ok_or_else(|| AwsError::new("MalformedResponse", "GetCostForecast returned no Total"))?;
    amount(total, &mut None)
}

fn amount(value: &MetricValue, unit: &mut Option<String>) -> Result<Money, AwsError> {
    if unit.is_none() {
        *unit = value.unit().map(str::to_string);
    }
    Money::parse(value.amount().unwrap_or("0")).map_err(|e| AwsError::new("MalformedResponse", e))
}

/// Every group of every period as (group key, amount).
fn groups(results: &[ResultByTime], unit: &mut Option<String>) -> Result<Vec<(String, Money)>, AwsError> {
    let mut out = Vec::new();
    for result in results {
        for group in result.groups() {
            let key = group.keys().join("/");
            if let Some(value) = group.metrics().and_then(|m| m.get(METRIC)) {
                out.push((key, amount(value, unit)?));
            }
        }
    }
    Ok(out)
}

/// Each period's total as (its start day, amount).
fn totals(results: &[ResultByTime], unit: &mut Option<String>) -> Result<Vec<(NaiveDate, Money)>, AwsError> {
    let mut out = Vec::new();
    for result in results {
        let Some(start) = result.time_period().and_then(|p| p.start().parse::<NaiveDate>().ok()) else {
            continue;
        };
        if let Some(value) = result.total().and_then(|t| t.get(METRIC)) {
            out.push((start, amount(value, unit)?));
        }
    }
    Ok(out)
}
