//! CloudWatch alarms, metric and composite, from DescribeAlarms (free: no
//! meter price), paginated. DescribeAlarms carries no tags: they come from
//! one GetResources listing per region, read beside it; when that is
//! denied, from one ListTagsForResource per alarm (concurrently, as
//! Lambda's ListTags).

use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::types::{AlarmType, ComparisonOperator, CompositeAlarm, Dimension, MetricAlarm};

use super::tagging::tags_by_arn;
use super::{Cx, OneKind, each_page, fan_out, probed};
use crate::aws::ops::{Operation, cloudwatch};
use crate::aws::{Tally, aws_error, rfc3339, tags};
use crate::kinds::cloudwatch_alarm::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::CloudwatchAlarm;
    const OPERATIONS: &[Operation] = &[cloudwatch::DESCRIBE_ALARMS, cloudwatch::LIST_TAGS_FOR_RESOURCE];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        let client = cx.client(Client::new);
        // Without AlarmTypes, DescribeAlarms lists metric alarms only.
        let pages = client
            .describe_alarms()
            .alarm_types(AlarmType::MetricAlarm)
            .alarm_types(AlarmType::CompositeAlarm)
            .max_records(cx.aws.page(1, 100))
            .into_paginator()
            .send();
        // Kept to the end, when their tags are known, then handed over.
        let mut found = Vec::new();
        let listed = each_page(pages, tally, cloudwatch::DESCRIBE_ALARMS, |page| {
            found.extend(page.metric_alarms().iter().map(|a| metric_alarm(a, cx.region)));
            found.extend(page.composite_alarms().iter().map(|a| composite_alarm(a, cx.region)));
        });
        // Both listings at once: the tags cost no extra round trip.
        let (listed, tagged) = futures::join!(
            listed,
            tags_by_arn(
                cx.aws,
                cx.region,
                "cloudwatch:alarm",
                cloudwatch::LIST_TAGS_FOR_RESOURCE,
                tally
            )
        );
        listed?;
        if let Some(mut by_arn) = tagged? {
            for r in &mut found {
                r.tags = by_arn.remove(r.detail_str(ARN)).unwrap_or_default();
            }
            return Ok(found);
        }
        fan_out(found, |mut r| {
            let client = client.clone();
            async move {
                let arn = r.detail_str(ARN).to_string();
                if !arn.is_empty() {
                    tally.call(cloudwatch::LIST_TAGS_FOR_RESOURCE);
                    let out = client
                        .list_tags_for_resource()
                        .resource_arn(arn)
                        .send()
                        .await
                        .map_err(aws_error)?;
                    r.tags = tags(out.tags().iter().map(|t| (t.key(), t.value())));
                }
                Ok(r)
            }
        })
        .await
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).describe_alarms().max_records(1).send()).await
    }
}

/// [`alarm`] of either alarm type: they share these accessors but no trait.
macro_rules! common {
    ($a:expr, $region:expr) => {
        alarm(
            $region,
            $a.alarm_name(),
            $a.state_value(),
            $a.state_reason(),
            $a.state_updated_timestamp(),
            $a.alarm_arn(),
        )
    };
}

/// What every alarm has: name, state, reason, since when, ARN.
fn alarm(
    region: &str,
    name: Option<&str>,
    state: Option<&aws_sdk_cloudwatch::types::StateValue>,
    reason: Option<&str>,
    since: Option<&aws_smithy_types::DateTime>,
    arn: Option<&str>,
) -> Resource {
    let name = name.unwrap_or_default();
    let mut r = Resource::new(ResourceKind::CloudwatchAlarm, region, name);
    r.name = name.into();
    r.state = state.map(|s| s.as_str().into()).unwrap_or_default();
    r.set(STATE_REASON, reason.unwrap_or_default());
    r.set(SINCE, since.map(rfc3339).unwrap_or_default());
    r.set(ARN, arn.unwrap_or_default());
    r
}

fn metric_alarm(a: &MetricAlarm, region: &str) -> Resource {
    let mut r = common!(a, region);
    r.set(TYPE, "metric");
    // A metric-math alarm names its metrics in its queries.
    let stats: Vec<_> = a
        .metrics()
        .iter()
        .filter_map(|q| q.metric_stat())
        .filter_map(|s| s.metric())
        .collect();
    let (mut metrics, mut namespaces, mut dims) = (Vec::new(), Vec::new(), Vec::new());
    metrics.extend(a.metric_name());
    namespaces.extend(a.namespace());
    dims.extend(a.dimensions().iter().map(dimension));
    for m in stats {
        metrics.extend(m.metric_name());
        namespaces.extend(m.namespace());
        dims.extend(m.dimensions().iter().map(dimension));
    }
    r.set(METRIC, distinct(metrics).join(","));
    r.set(NAMESPACE, distinct(namespaces).join(","));
    r.set(DIMENSIONS, distinct(dims).join(","));
    r.set(
        STATISTIC,
        a.statistic()
            .map(|s| s.as_str())
            .or(a.extended_statistic())
            .unwrap_or_default(),
    );
    r.set(PERIOD_S, a.period().map(|p| p.to_string()).unwrap_or_default());
    let threshold = a.threshold().map(number).unwrap_or_default();
    r.set(THRESHOLD, &threshold);
    if let Some(op) = a.comparison_operator() {
        r.set(COMPARISON, op.as_str());
        r.set(CONDITION, condition(op, &threshold));
    }
    r
}

fn composite_alarm(a: &CompositeAlarm, region: &str) -> Resource {
    let mut r = common!(a, region);
    r.set(TYPE, "composite");
    r.set(RULE, a.alarm_rule().unwrap_or_default());
    r
}

fn dimension(d: &Dimension) -> String {
    format!("{}={}", d.name().unwrap_or_default(), d.value().unwrap_or_default())
}

/// The items in their first order, each once.
fn distinct<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// `80` rather than `80.0`; fractions as they are.
fn number(x: f64) -> String {
    format!("{x}")
}

/// `> 80`, `<= 5`; anomaly-detection bands in words.
fn condition(op: &ComparisonOperator, threshold: &str) -> String {
    let sign = match op {
        ComparisonOperator::GreaterThanThreshold => ">",
        ComparisonOperator::GreaterThanOrEqualToThreshold => ">=",
        ComparisonOperator::LessThanThreshold => "<",
        ComparisonOperator::LessThanOrEqualToThreshold => "<=",
        ComparisonOperator::GreaterThanUpperThreshold => return "above band".into(),
        ComparisonOperator::LessThanLowerThreshold => return "below band".into(),
        ComparisonOperator::LessThanLowerOrGreaterThanUpperThreshold => return "outside band".into(),
        other => return other.as_str().to_string(),
    };
    format!("{sign} {threshold}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_as_comparisons() {
        assert_eq!(condition(&ComparisonOperator::GreaterThanThreshold, "80"), "> 80");
        assert_eq!(
            condition(&ComparisonOperator::LessThanOrEqualToThreshold, "0.5"),
            "<= 0.5"
        );
        assert_eq!(
            condition(&ComparisonOperator::LessThanLowerOrGreaterThanUpperThreshold, ""),
            "outside band"
        );
        assert_eq!(number(80.0), "80");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(distinct(vec!["a", "b", "a"]), vec!["a", "b"]);
    }
}
