//! Cost Explorer answers, queued in moto in the order the Cost view asks.

use chrono::Datelike;

/// The month to date that every grouped answer below adds up to: $1,127.07.
const MONTH_TO_DATE_CENTS: i64 = 112_707;

/// Queues Cost Explorer answers for the month so far: by service, by region
/// and by the Team tag (moto answers each distinct query with the next one,
/// so they come in the order the Cost view asks: service, region, tag and
/// then the daily series, [`cost_daily`]).
pub fn cost(endpoint: &str) -> anyhow::Result<()> {
    cost_with(endpoint, &[])
}

/// [`cost`], with a LINKED_ACCOUNT answer (the organization's by-account
/// query) between the region and the tag answers when `linked` is not empty.
pub fn cost_with(endpoint: &str, linked: &[(&str, &str)]) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    let start = today.with_day0(0).unwrap_or(today);
    let end = today.succ_opt().unwrap_or(today);
    let period = serde_json::json!({"Start": start.to_string(), "End": end.to_string()});
    let grouped = |groups: &[(&str, &str)]| {
        let groups: Vec<_> = groups
            .iter()
            .map(|(k, v)| serde_json::json!({"Keys": [k], "Metrics": {"UnblendedCost": {"Amount": v, "Unit": "USD"}}}))
            .collect();
        serde_json::json!({"ResultsByTime": [{"TimePeriod": period, "Total": {}, "Groups": groups, "Estimated": true}]})
    };
    let mut results = vec![
        grouped(&[
            ("Amazon Elastic Compute Cloud - Compute", "612.40"),
            ("Amazon Relational Database Service", "301.17"),
            ("Amazon Simple Storage Service", "48.90"),
            ("AWS Lambda", "12.03"),
            ("Amazon Elastic Kubernetes Service", "146.00"),
            ("Amazon Elastic MapReduce", "6.57"),
        ]),
        grouped(&[
            ("us-east-1", "598.21"),
            ("us-west-2", "301.44"),
            ("eu-west-1", "227.42"),
        ]),
    ];
    if !linked.is_empty() {
        results.push(grouped(linked));
    }
    results.push(grouped(&[
        ("Team$web", "402.10"),
        ("Team$platform", "388.75"),
        ("Team$data", "301.22"),
        ("Team$", "35.00"),
    ]));
    let body = serde_json::json!({ "results": results });
    ureq::post(&format!("{endpoint}/moto-api/static/ce/cost-and-usage-results")).send_json(body)?;
    Ok(())
}

/// Queues the ungrouped DAILY answer the Cost view asks for last: one
/// period a day over the daily query's range (last month through today),
/// each with its `Total`, as AWS answers. Weekdays cost more than weekends;
/// this month's days (today a partial day) add up to the month to date the
/// grouped answers give, and last month comes to about $1,250.
pub fn cost_daily(endpoint: &str, today: chrono::NaiveDate) -> anyhow::Result<()> {
    use chrono::Weekday;
    let ranges = aws_monitor::model::cost::Ranges::for_today(today);
    let shape = |d: chrono::NaiveDate| {
        let base = if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            0.82
        } else {
            1.0
        };
        base + (f64::from(d.ordinal()) * 0.7).sin() * 0.05
    };
    let this_month = ranges.month_to_date;
    let weight = |d| if d == today { shape(d) * 0.4 } else { shape(d) };
    let month_weight: f64 = this_month.each_day().map(weight).sum();
    let mut days: Vec<(chrono::NaiveDate, i64)> = ranges
        .daily_query
        .each_day()
        .map(|d| {
            let cents = if this_month.contains(d) {
                MONTH_TO_DATE_CENTS as f64 * weight(d) / month_weight
            } else {
                4_130.0 * shape(d)
            };
            (d, cents.round() as i64)
        })
        .collect();
    // Rounding left over goes to today, so the month adds up to the cent.
    let month: i64 = days
        .iter()
        .filter(|(d, _)| this_month.contains(*d))
        .map(|(_, c)| c)
        .sum();
    if let Some(last) = days.last_mut() {
        last.1 += MONTH_TO_DATE_CENTS - month;
    }
    let results: Vec<_> = days
        .iter()
        .map(|(d, cents)| {
            let next = d.succ_opt().unwrap_or(*d);
            serde_json::json!({
                "TimePeriod": {"Start": d.to_string(), "End": next.to_string()},
                "Total": {"UnblendedCost": {"Amount": format!("{}.{:02}", cents / 100, cents % 100), "Unit": "USD"}},
                "Groups": [],
                "Estimated": this_month.contains(*d),
            })
        })
        .collect();
    let body = serde_json::json!({"results": [{"ResultsByTime": results}]});
    ureq::post(&format!("{endpoint}/moto-api/static/ce/cost-and-usage-results")).send_json(body)?;
    Ok(())
}
