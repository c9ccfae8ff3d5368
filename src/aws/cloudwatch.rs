//! CloudWatch metrics through GetMetricData: every series of one region in
//! as few calls as the API allows (500 queries each), each call paginated
//! on NextToken. GetMetricData is priced per metric requested, so the
//! number of metrics asked for is counted alongside the calls.

use std::collections::HashMap;

use aws_config::SdkConfig;
use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
use aws_smithy_types::DateTime;

use super::{Aws, Tally, aws_error};
use crate::model::metrics::{MAX_QUERIES, MetricSeries, MetricTarget, RegionMetrics, Window};
use crate::model::{AwsError, CallCount};

impl Aws {
    /// Fetches `targets` (all in `region`) over the last full `window`
    /// before `now_unix`.
    pub async fn metric_data(
        &self,
        region: &str,
        targets: &[MetricTarget],
        window: Window,
        now_unix: i64,
    ) -> RegionMetrics {
        let tally = Tally::default();
        let mut out = RegionMetrics {
            account: targets.first().map(|t| t.account).unwrap_or_default(),
            region: region.to_string(),
            window,
            series: Vec::new(),
            error: None,
            calls: CallCount::default(),
            metrics_requested: 0,
        };
        let known: Vec<&MetricTarget> = targets.iter().filter(|t| t.spec().is_some()).collect();
        let cfg = self.regional(region);
        for batch in known.chunks(MAX_QUERIES) {
            match fetch_batch(&cfg, batch, window, now_unix, &tally, &mut out.metrics_requested).await {
                Ok(series) => out.series.extend(series),
                Err(e) => out.error = Some(e),
            }
        }
        out.calls = tally.into_count();
        out
    }
}

/// One batch of at most 500 queries, paginated to the end.
async fn fetch_batch(
    cfg: &SdkConfig,
    batch: &[&MetricTarget],
    window: Window,
    now_unix: i64,
    tally: &Tally,
    requested: &mut u32,
) -> Result<Vec<MetricSeries>, AwsError> {
    let (start, end) = window.range(now_unix);
    let period = window.period().as_secs() as i64;
    let queries: Vec<MetricDataQuery> = batch
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let spec = t.spec()?;
            let metric = Metric::builder()
                .namespace(spec.namespace)
                .metric_name(spec.name)
                .dimensions(Dimension::builder().name(spec.dimension).value(&t.id).build())
                .build();
            let stat = MetricStat::builder()
                .metric(metric)
                .period(period as i32)
                .stat(spec.stat)
                .build();
            Some(
                MetricDataQuery::builder()
                    .id(format!("m{i}"))
                    .metric_stat(stat)
                    .return_data(true)
                    .build(),
            )
        })
        .collect();
    let client = Client::new(cfg);
    let mut points: HashMap<usize, Vec<(i64, f64)>> = HashMap::new();
    let mut token: Option<String> = None;
    loop {
        tally.page(super::ops::cloudwatch::GET_METRIC_DATA);
        *requested += queries.len() as u32;
        let page = client
            .get_metric_data()
            .set_metric_data_queries(Some(queries.clone()))
            .start_time(DateTime::from_secs(start))
            .end_time(DateTime::from_secs(end))
            .scan_by(ScanBy::TimestampAscending)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(aws_error)?;
        for r in page.metric_data_results() {
            let Some(i) = r.id().and_then(|id| id.strip_prefix('m')).and_then(|n| n.parse().ok()) else {
                continue;
            };
            let entry = points.entry(i).or_default();
            entry.extend(r.timestamps().iter().map(|t| t.secs()).zip(r.values().iter().copied()));
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(batch
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let spec = t.spec()?;
            Some(MetricSeries::on_grid(
                t,
                spec.unit,
                start,
                end,
                period,
                points.remove(&i).unwrap_or_default(),
            ))
        })
        .collect())
}
