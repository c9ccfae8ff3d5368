//! CloudWatch Logs: pages of FilterLogEvents for a tail, log group names
//! (DescribeLogGroups, for a group prefix and for `:logs` completion), and
//! an ECS task definition's `awslogs` configuration (DescribeTaskDefinition).
//! Every call is counted. The client makes one attempt a call: a tail
//! backs off on its own when throttled ([`crate::model::logs::Backoff`]),
//! for that tail alone, instead of the SDK retrying behind its back.
//! StartLiveTail is not used (it is billed per minute).

use aws_config::retry::RetryConfig;

use super::{Aws, Tally, aws_error, ops};
use crate::model::logs::{LogEvent, LogSource, LogTarget};
use crate::model::{AwsError, CallCount};

/// The log group `doctor` reads from (it need not exist).
const PROBE_GROUP: &str = "/aws-monitor/doctor";

/// One page of events of one log group.
#[derive(Debug, Clone, Default)]
pub struct LogPage {
    pub events: Vec<LogEvent>,
    /// Where the next page starts, when there is one.
    pub next: Option<String>,
}

/// CloudWatch Logs (and ECS task definitions) in one region, with the
/// calls made so far.
#[derive(Debug)]
pub struct Logs {
    logs: aws_sdk_cloudwatchlogs::Client,
    ecs: aws_sdk_ecs::Client,
    tally: Tally,
    region: String,
}

impl Aws {
    /// CloudWatch Logs in `region`, with these credentials.
    pub fn logs(&self, region: &str) -> Logs {
        let cfg = self.regional(region);
        let logs = aws_sdk_cloudwatchlogs::config::Builder::from(&cfg)
            .retry_config(RetryConfig::disabled())
            .build();
        let ecs = aws_sdk_ecs::config::Builder::from(&cfg)
            .retry_config(RetryConfig::disabled())
            .build();
        Logs {
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(logs),
            ecs: aws_sdk_ecs::Client::from_conf(ecs),
            tally: Tally::default(),
            region: region.to_string(),
        }
    }
}

impl Logs {
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The calls made since the last time this was asked.
    pub fn take_calls(&self) -> CallCount {
        let mut c = self.tally.0.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *c)
    }

    /// The log groups a target reads. A group is taken as named (a
    /// missing one fails its first poll); a prefix lists the groups
    /// under it (none is an empty list); a task definition gives its
    /// containers' `awslogs` groups (none configured is an empty list).
    pub async fn resolve(&self, target: &LogTarget) -> Result<Vec<LogSource>, AwsError> {
        match target {
            LogTarget::Group(g) => Ok(vec![LogSource::group(g)]),
            LogTarget::GroupPrefix(p) => Ok(self
                .group_names(p, 50)
                .await?
                .into_iter()
                .map(LogSource::group)
                .collect()),
            LogTarget::TaskDefinition(arn) => self.task_definition_sources(arn).await,
            LogTarget::EcsService(id) => self.service_sources(id).await,
        }
    }

    /// An ECS service's (`CLUSTER/SERVICE`) task definition's `awslogs`
    /// sources; a service not found is `ServiceNotFoundException`.
    pub async fn service_sources(&self, id: &str) -> Result<Vec<LogSource>, AwsError> {
        let (cluster, service) = id.split_once('/').unwrap_or(("default", id));
        self.tally.call(ops::logs::DESCRIBE_SERVICES);
        let answer = self
            .ecs
            .describe_services()
            .cluster(cluster)
            .services(service)
            .send()
            .await
            .map_err(aws_error)?;
        let task_definition = answer
            .services()
            .iter()
            .find(|s| s.status() != Some("INACTIVE"))
            .and_then(|s| s.task_definition())
            .map(str::to_string);
        match task_definition {
            Some(td) => self.task_definition_sources(&td).await,
            None => Err(AwsError::new(
                "ServiceNotFoundException",
                format!("no ECS service {service} in cluster {cluster}"),
            )),
        }
    }

    /// One page of a group's events from `start_ms` (inclusive), matching
    /// `filter` (a CloudWatch filter pattern) when given.
    #[allow(
        deprecated,
        reason = "AWS ignores `interleaved` and always interleaves the streams by time; moto groups them by stream unless asked"
    )]
    pub async fn page(
        &self,
        source: &LogSource,
        start_ms: i64,
        filter: Option<&str>,
        token: Option<String>,
    ) -> Result<LogPage, AwsError> {
        self.tally.page(ops::logs::FILTER_LOG_EVENTS);
        let answer = self
            .logs
            .filter_log_events()
            .log_group_name(&source.group)
            .start_time(start_ms)
            .interleaved(true)
            .set_log_stream_name_prefix(source.stream_prefix.clone())
            .set_filter_pattern(filter.filter(|f| !f.trim().is_empty()).map(str::to_string))
            .set_next_token(token)
            .send()
            .await
            .map_err(aws_error)?;
        let events = answer
            .events()
            .iter()
            .map(|e| LogEvent {
                time_ms: e.timestamp().unwrap_or_default(),
                group: source.group.clone(),
                stream: e.log_stream_name().unwrap_or_default().to_string(),
                message: e.message().unwrap_or_default().to_string(),
                id: e.event_id().unwrap_or_default().to_string(),
            })
            .collect();
        let next = answer.next_token().filter(|t| !t.is_empty()).map(str::to_string);
        Ok(LogPage { events, next })
    }

    /// `doctor`'s probe: one FilterLogEvents call on a group that need not
    /// exist, from now (no events). IAM answers before the group is
    /// looked up, so "not found" means allowed.
    pub async fn probe(&self) -> Result<(), AwsError> {
        let source = LogSource::group(PROBE_GROUP);
        let now = chrono::Utc::now().timestamp_millis();
        match self.page(&source, now, None, None).await {
            Ok(_) => Ok(()),
            Err(e) if e.code == "ResourceNotFoundException" => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The names of up to `max` log groups starting with `prefix` (all
    /// groups for an empty prefix), in name order.
    pub async fn group_names(&self, prefix: &str, max: usize) -> Result<Vec<String>, AwsError> {
        let mut names = Vec::new();
        let mut token = None;
        loop {
            self.tally.page(ops::logs::DESCRIBE_LOG_GROUPS);
            let left = (max - names.len()).clamp(1, 50) as i32;
            let answer = self
                .logs
                .describe_log_groups()
                .set_log_group_name_prefix((!prefix.is_empty()).then(|| prefix.to_string()))
                .limit(left)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(aws_error)?;
            names.extend(
                answer
                    .log_groups()
                    .iter()
                    .filter_map(|g| g.log_group_name())
                    .filter(|n| n.starts_with(prefix))
                    .map(str::to_string),
            );
            match answer.next_token() {
                Some(t) if !t.is_empty() && names.len() < max => token = Some(t.to_string()),
                _ => break,
            }
        }
        names.truncate(max);
        Ok(names)
    }

    /// A task definition's containers that log through the `awslogs`
    /// driver: each one's group (in its `awslogs-region`, when another) and
    /// stream prefix (`PREFIX/CONTAINER/`, as the driver names streams
    /// `PREFIX/CONTAINER/TASK-ID`). Several containers writing to one
    /// group share a source with the common `PREFIX/`.
    pub async fn task_definition_sources(&self, task_definition: &str) -> Result<Vec<LogSource>, AwsError> {
        self.tally.call(ops::logs::DESCRIBE_TASK_DEFINITION);
        let answer = self
            .ecs
            .describe_task_definition()
            .task_definition(task_definition)
            .send()
            .await
            .map_err(aws_error)?;
        let mut found: Vec<(String, Option<String>, Option<String>, String)> = Vec::new();
        for c in answer
            .task_definition()
            .map(|t| t.container_definitions())
            .unwrap_or_default()
        {
            let Some(conf) = c.log_configuration() else { continue };
            if conf.log_driver().as_str() != "awslogs" {
                continue;
            }
            let options = conf.options();
            let opt = |k: &str| options.and_then(|o| o.get(k)).filter(|v| !v.is_empty()).cloned();
            let Some(group) = opt("awslogs-group") else { continue };
            let region = opt("awslogs-region").filter(|r| *r != self.region);
            found.push((
                group,
                region,
                opt("awslogs-stream-prefix"),
                c.name().unwrap_or_default().to_string(),
            ));
        }
        Ok(awslogs_sources(found))
    }
}

/// One source per (group, region): one container's `PREFIX/CONTAINER/`,
/// or the shared `PREFIX/` of several (no prefix: the whole group).
fn awslogs_sources(found: Vec<(String, Option<String>, Option<String>, String)>) -> Vec<LogSource> {
    let mut out: Vec<(LogSource, usize)> = Vec::new();
    for (group, region, prefix, container) in found {
        let stream_prefix = prefix.as_ref().map(|p| format!("{p}/{container}/"));
        match out.iter_mut().find(|(s, _)| s.group == group && s.region == region) {
            Some((s, n)) => {
                *n += 1;
                s.stream_prefix = match (&s.stream_prefix, &prefix) {
                    (Some(old), Some(p)) if old.starts_with(&format!("{p}/")) => Some(format!("{p}/")),
                    _ => None,
                };
            }
            None => out.push((
                LogSource {
                    group,
                    stream_prefix,
                    region,
                },
                1,
            )),
        }
    }
    out.into_iter().map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(group: &str, prefix: Option<&str>, container: &str) -> (String, Option<String>, Option<String>, String) {
        (group.into(), None, prefix.map(str::to_string), container.into())
    }

    #[test]
    fn awslogs_containers_become_sources() {
        let one = awslogs_sources(vec![found("/ecs/web", Some("web"), "app")]);
        assert_eq!(one[0].stream_prefix.as_deref(), Some("web/app/"));
        let shared = awslogs_sources(vec![
            found("/ecs/web", Some("web"), "app"),
            found("/ecs/web", Some("web"), "proxy"),
        ]);
        assert_eq!(shared.len(), 1);
        assert_eq!(shared[0].stream_prefix.as_deref(), Some("web/"));
        let two = awslogs_sources(vec![found("/ecs/a", None, "app"), found("/ecs/b", Some("b"), "app")]);
        assert_eq!(
            two.iter().map(|s| s.group.as_str()).collect::<Vec<_>>(),
            ["/ecs/a", "/ecs/b"]
        );
        assert_eq!(two[0].stream_prefix, None);
    }
}
