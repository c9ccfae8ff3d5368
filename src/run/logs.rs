//! `aws-monitor logs TARGET`: the headless tail. It runs the tail the TUI
//! runs ([`crate::poller::logs::tail`]) and prints each new event as
//! `aws logs tail` does (text), or one JSON object a line. Without
//! `--follow` it stops at the end of what is there; with it, Ctrl-C ends
//! it (exit 0). A target with no logs is one line on stderr and exit 2.
//! The calls it made go to stderr at the end.

use std::io::Write;

use crate::aws::Aws;
use crate::cli::{LogOutput, LogsArgs};
use crate::model::logs::{BACKOFF_CEILING, Backoff, LogEvent, LogTarget, POLL, TailNews, TailSpec, parse_since};
use crate::model::{AccountId, CallCount, Resource, ResourceKind, one_line};

pub async fn run(aws: &Aws, args: &LogsArgs, out: &mut impl Write) -> anyhow::Result<u8> {
    let region = args.region.clone().unwrap_or_else(|| aws.home_region());
    let target = parse_target(&args.target, &region).map_err(anyhow::Error::msg)?;
    let since = parse_since(&args.since, chrono::Utc::now()).map_err(anyhow::Error::msg)?;
    let spec = TailSpec {
        id: 1,
        account: AccountId::default(),
        region,
        target,
        filter: args.filter.clone().filter(|f| !f.trim().is_empty()),
        since_ms: since.timestamp_millis(),
        follow: args.follow,
    };
    let mut calls = CallCount::default();
    let mut ended: Option<String> = None;
    let mut warned: Option<String> = None;
    let tail = crate::poller::logs::tail(aws, &spec, Backoff::new(POLL, BACKOFF_CEILING), |news, made| {
        calls.add(&made);
        match news {
            TailNews::Events(events) => {
                for e in &events {
                    let line = match args.output {
                        LogOutput::Text => e.tail_line(),
                        LogOutput::Json => json_line(e),
                    };
                    if writeln!(out, "{line}").is_err() {
                        return false; // the reader is gone (a closed pipe)
                    }
                }
                out.flush().is_ok()
            }
            TailNews::Failed(e) => {
                let line = one_line(format!("aws-monitor: a poll failed: {}: {}", e.code, e.message));
                if warned.as_deref() != Some(&line) {
                    eprintln!("{line}");
                    warned = Some(line);
                }
                true
            }
            TailNews::Ended(line) => {
                ended = Some(line);
                false
            }
            TailNews::Opened(_) | TailNews::Throttled(_) | TailNews::Done => true,
        }
    });
    tokio::select! {
        () = tail => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    if let Some(line) = ended {
        eprintln!("aws-monitor: {}", crate::model::logs::escape(&line));
        return Ok(2);
    }
    eprintln!("aws-monitor logs: {}", calls_line(&calls));
    Ok(0)
}

/// `3 AWS calls (logs:FilterLogEvents 3)`.
fn calls_line(c: &CallCount) -> String {
    let each: Vec<String> = c.by_api.iter().map(|(api, n)| format!("{api} {n}")).collect();
    format!("{} AWS calls ({})", c.calls, each.join(", "))
}

/// One event as a JSON object (the message as written: JSON escapes it).
fn json_line(e: &LogEvent) -> String {
    serde_json::json!({
        "time": e.time().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "timestamp": e.time_ms,
        "group": e.group,
        "stream": e.stream,
        "message": e.message.trim_end_matches(['\n', '\r']),
        "event_id": e.id,
    })
    .to_string()
}

/// TARGET: `task-definition/X` or a task definition ARN, `KIND/ID` (a
/// kind's name or alias, for a kind that has logs), else a log group name.
fn parse_target(text: &str, region: &str) -> Result<LogTarget, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("no TARGET: give a log group name or KIND/ID (lambda-function/NAME)".into());
    }
    if let Some(td) = text.strip_prefix("task-definition/").filter(|t| !t.is_empty()) {
        return Ok(LogTarget::TaskDefinition(td.to_string()));
    }
    if text.starts_with("arn:") && text.contains(":task-definition/") {
        return Ok(LogTarget::TaskDefinition(text.to_string()));
    }
    if let Some((name, id)) = text.split_once('/')
        && let Some(kind) = kind_named(name)
    {
        if id.is_empty() {
            return Err(format!("no id in \"{text}\": give {kind}/ID"));
        }
        let r = Resource::new(kind, region, id);
        return match (kind.def().logs, LogTarget::of(&r)) {
            (_, Some(t)) => Ok(t),
            // An ECS service, by name: its task definition is asked for.
            (Some(crate::kinds::LogsOf::TaskDefinition(_)), None) => match id.split_once('/') {
                Some((cluster, service)) if !cluster.is_empty() && !service.is_empty() => {
                    Ok(LogTarget::EcsService(id.to_string()))
                }
                _ => Err(format!(
                    "give {kind}/CLUSTER/SERVICE (or task-definition/FAMILY:REVISION)"
                )),
            },
            (_, None) => Err(format!("{kind} has no logs known to aws-monitor")),
        };
    }
    Ok(LogTarget::Group(text.to_string()))
}

/// A kind by its name or one of its `:` aliases.
fn kind_named(name: &str) -> Option<ResourceKind> {
    ResourceKind::all()
        .iter()
        .copied()
        .find(|k| k.to_string() == name || k.def().aliases.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_groups_kinds_or_task_definitions() {
        let t = |s: &str| parse_target(s, "eu-west-1");
        assert_eq!(t("/aws/lambda/x"), Ok(LogTarget::Group("/aws/lambda/x".into())));
        assert_eq!(t("my-app"), Ok(LogTarget::Group("my-app".into())));
        assert_eq!(t("lambda-function/x"), Ok(LogTarget::Group("/aws/lambda/x".into())));
        assert_eq!(t("lambda/x"), Ok(LogTarget::Group("/aws/lambda/x".into())), "an alias");
        assert_eq!(t("eks-cluster/p"), Ok(LogTarget::Group("/aws/eks/p/cluster".into())));
        assert_eq!(
            t("rds-instance/db"),
            Ok(LogTarget::GroupPrefix("/aws/rds/instance/db/".into()))
        );
        assert_eq!(
            t("task-definition/web:3"),
            Ok(LogTarget::TaskDefinition("web:3".into()))
        );
        let arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3";
        assert_eq!(t(arn), Ok(LogTarget::TaskDefinition(arn.into())));
        assert_eq!(t("vpc/vpc-1"), Err("vpc has no logs known to aws-monitor".into()));
        assert_eq!(
            t("ecs-service/apps/web"),
            Ok(LogTarget::EcsService("apps/web".into())),
            "an ECS service by CLUSTER/SERVICE"
        );
        assert_eq!(t("svc/apps/web"), Ok(LogTarget::EcsService("apps/web".into())));
        assert!(t("ecs-service/web").is_err(), "no cluster");
        assert!(t("lambda-function/").is_err() && t(" ").is_err());
    }

    #[test]
    fn json_lines_carry_the_message_as_written() {
        let e = LogEvent {
            time_ms: 1_000,
            group: "g".into(),
            stream: "s".into(),
            message: "a \u{1b}[31m\n".into(),
            id: "7".into(),
        };
        let v: serde_json::Value = serde_json::from_str(&json_line(&e)).unwrap();
        assert_eq!(v["message"], "a \u{1b}[31m");
        assert_eq!(v["time"], "1970-01-01T00:00:01.000Z");
        assert!(json_line(&e).contains("\\u001b"), "escaped by JSON");
    }
}
