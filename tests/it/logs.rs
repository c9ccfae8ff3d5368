//! Logs against moto: the tail the TUI and `aws-monitor logs` run (order,
//! the same-millisecond boundary, a filter pattern, a throttled poll
//! through the fault proxy, the ring's bound), an ECS task definition's
//! `awslogs` group, the headless command, and the logs view in tmux.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::model::AccountId;
use aws_monitor::model::logs::{Backoff, LogEvent, LogTarget, Ring, TailNews, TailSpec};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::logs::{FUNCTION_LINES, FUNCTION_STREAM, put_now};
use crate::support::{binary, estate, run};
use crate::tui::{Tmux, tui_script};

const REGION: &str = "eu-west-1";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn aws_at(rt: &tokio::runtime::Runtime, url: &str) -> Aws {
    let settings = AwsSettings {
        endpoint_url: Some(url.to_string()),
        ..AwsSettings::default()
    };
    rt.block_on(Aws::load(&settings)).expect("load")
}

fn spec(target: LogTarget, since_ms: i64, filter: Option<&str>, follow: bool) -> TailSpec {
    TailSpec {
        id: 1,
        account: AccountId::default(),
        region: REGION.to_string(),
        target,
        filter: filter.map(str::to_string),
        since_ms,
        follow,
    }
}

fn group(name: &str) -> LogTarget {
    LogTarget::Group(name.to_string())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A tail that does not follow, to its end: every event it found, in order.
fn read_all(aws: &Aws, spec: &TailSpec) -> Result<Vec<LogEvent>, String> {
    let rt = runtime();
    let mut events = Vec::new();
    let mut ended = None;
    rt.block_on(aws_monitor::poller::logs::tail(
        aws,
        spec,
        Backoff::new(Duration::from_millis(10), Duration::from_millis(100)),
        |news, _| {
            match news {
                TailNews::Events(e) => events.extend(e),
                TailNews::Ended(line) => ended = Some(line),
                _ => {}
            }
            true
        },
    ));
    match ended {
        Some(line) => Err(line),
        None => Ok(events),
    }
}

fn messages(events: &[LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.message.as_str()).collect()
}

#[test]
fn events_put_are_shown_in_order_across_streams() {
    let estate = estate();
    let t = now_ms() - 30_000;
    let g = "/it/logs/order";
    put_now(
        &estate.moto.url,
        REGION,
        g,
        "a",
        vec![(t, "a1".into()), (t + 20, "a3".into())],
    );
    put_now(
        &estate.moto.url,
        REGION,
        g,
        "b",
        vec![(t + 10, "b2".into()), (t + 30, "b4".into())],
    );
    let rt = runtime();
    let aws = aws_at(&rt, &estate.moto.url);
    drop(rt);
    let events = read_all(&aws, &spec(group(g), t, None, false)).expect("events");
    assert_eq!(messages(&events), ["a1", "b2", "a3", "b4"]);
    assert_eq!(
        events.iter().map(|e| e.stream.as_str()).collect::<Vec<_>>(),
        ["a", "b", "a", "b"]
    );
    // From a later start, the earlier ones are not asked for.
    let later = read_all(&aws, &spec(group(g), t + 15, None, false)).expect("events");
    assert_eq!(messages(&later), ["a3", "b4"]);
}

#[test]
fn a_filter_pattern_is_applied_by_the_server() {
    let estate = estate();
    let t = now_ms() - 30_000;
    let g = "/it/logs/filter";
    let lines = [
        "GET /health 200",
        "ERROR payment declined",
        "GET / 200",
        "ERROR timeout talking to db",
    ];
    put_now(
        &estate.moto.url,
        REGION,
        g,
        "s",
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| (t + i as i64, l.to_string()))
            .collect(),
    );
    let rt = runtime();
    let aws = aws_at(&rt, &estate.moto.url);
    drop(rt);
    let events = read_all(&aws, &spec(group(g), t, Some("ERROR"), false)).expect("events");
    assert_eq!(
        messages(&events),
        ["ERROR payment declined", "ERROR timeout talking to db"]
    );
    let events = read_all(&aws, &spec(group(g), t, Some("\"payment declined\""), false)).expect("events");
    assert_eq!(messages(&events), ["ERROR payment declined"]);
}

#[test]
fn a_missing_group_ends_the_tail_with_one_line() {
    let estate = estate();
    let rt = runtime();
    let aws = aws_at(&rt, &estate.moto.url);
    drop(rt);
    let why = read_all(&aws, &spec(group("/it/logs/none"), 0, None, true)).unwrap_err();
    assert_eq!(why, format!("no log group /it/logs/none in {REGION}"));
    let why = read_all(
        &aws,
        &spec(LogTarget::GroupPrefix("/it/logs/nothing/".into()), 0, None, true),
    )
    .unwrap_err();
    assert_eq!(why, format!("no log groups /it/logs/nothing/* in {REGION}"));
}

/// What a following tail has said so far, for a test to wait on.
#[derive(Default, Clone)]
struct Heard(Arc<Mutex<Vec<TailNews>>>);

impl Heard {
    fn events(&self) -> Vec<LogEvent> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|n| match n {
                TailNews::Events(e) => Some(e.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// Polls answered so far (each poll's last page says so, even empty).
    fn polls(&self) -> usize {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|n| matches!(n, TailNews::Events(_)))
            .count()
    }

    fn wait(&self, what: &str, check: impl Fn(&Heard) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !check(self) {
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for {what}: {:?}",
                self.0.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Runs a following tail on a thread of its own until the test ends.
fn follow(aws: Aws, spec: TailSpec, backoff: Backoff) -> Heard {
    let heard = Heard::default();
    let sink = heard.clone();
    std::thread::spawn(move || {
        runtime().block_on(aws_monitor::poller::logs::tail(&aws, &spec, backoff, |news, _| {
            sink.0.lock().unwrap().push(news);
            true
        }))
    });
    heard
}

#[test]
fn events_in_the_same_millisecond_are_shown_once_each() {
    let estate = estate();
    let t = now_ms() - 30_000;
    let g = "/it/logs/boundary";
    put_now(
        &estate.moto.url,
        REGION,
        g,
        "s",
        vec![(t, "one".into()), (t, "two".into())],
    );
    let rt = runtime();
    let aws = aws_at(&rt, &estate.moto.url);
    drop(rt);
    let fast = Backoff::new(Duration::from_millis(20), Duration::from_millis(100));
    let heard = follow(aws, spec(group(g), t, None, true), fast);
    heard.wait("the first two", |h| h.events().len() == 2);
    // Written after that poll, in the very same millisecond as the last
    // event shown: the next poll asks from it again and keeps only this one.
    put_now(
        &estate.moto.url,
        REGION,
        g,
        "s",
        vec![(t, "three".into()), (t + 1, "four".into())],
    );
    heard.wait("the later two", |h| h.events().len() >= 4);
    let polls = heard.polls();
    heard.wait("two more polls", |h| h.polls() >= polls + 2);
    assert_eq!(messages(&heard.events()), ["one", "two", "three", "four"], "each once");
}

#[test]
fn a_throttled_poll_backs_off_for_that_tail_and_recovers() {
    let estate = estate();
    let t = now_ms() - 30_000;
    let g = "/it/logs/throttled";
    put_now(&estate.moto.url, REGION, g, "s", vec![(t, "after the throttle".into())]);
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: REGION,
            service: "logs",
            contains: Some("FilterLogEvents"),
            fault: Fault::fail_first(
                3,
                Fault::JsonError {
                    status: 400,
                    code: "ThrottlingException",
                    message: "Rate exceeded",
                },
            ),
        }],
    );
    let rt = runtime();
    let aws = aws_at(&rt, &proxy.url);
    drop(rt);
    let backoff = Backoff::new(Duration::from_millis(10), Duration::from_millis(40));
    let heard = follow(aws, spec(group(g), t, None, true), backoff);
    heard.wait("the line, once the throttling stops", |h| !h.events().is_empty());
    let polls = heard.polls();
    heard.wait("polls at the normal pace again", |h| h.polls() >= polls + 2);
    let waits: Vec<Duration> = heard
        .0
        .lock()
        .unwrap()
        .iter()
        .filter_map(|n| match n {
            TailNews::Throttled(w) => Some(*w),
            _ => None,
        })
        .collect();
    let ms = |n| Duration::from_millis(n);
    assert_eq!(waits, [ms(20), ms(40), ms(40)], "doubled, up to the ceiling");
    assert_eq!(messages(&heard.events()), ["after the throttle"]);
    // One request per poll: the SDK did not retry behind the tail's back.
    let asked = proxy.seen(REGION, "logs", "FilterLogEvents");
    assert_eq!(asked.iter().filter(|s| s.faulted).count(), 3, "{asked:?}");
}

#[test]
fn the_ring_bound_holds_with_50_000_events() {
    let estate = estate();
    let t = now_ms() - 600_000;
    let g = "/it/logs/chatty";
    let events: Vec<(i64, String)> = (0..50_000).map(|i| (t + i / 100, format!("line {i:05}"))).collect();
    put_now(&estate.moto.url, REGION, g, "s", events);
    let rt = runtime();
    let aws = aws_at(&rt, &estate.moto.url);
    let mut ring = Ring::default();
    let mut biggest = 0;
    let mut read = 0;
    rt.block_on(aws_monitor::poller::logs::tail(
        &aws,
        &spec(group(g), t, None, false),
        Backoff::new(Duration::from_millis(10), Duration::from_millis(100)),
        |news, _| {
            if let TailNews::Events(e) = news {
                read += e.len();
                ring.extend(e);
                biggest = biggest.max(ring.len());
            }
            true
        },
    ));
    assert_eq!(read, 50_000, "every page read");
    assert_eq!(biggest, aws_monitor::model::logs::RING_LINES, "never more held");
    assert_eq!(ring.dropped(), 40_000);
    assert!(ring.bytes() <= aws_monitor::model::logs::RING_BYTES);
    let held: Vec<&str> = ring.iter().map(|(_, e)| e.message.as_str()).collect();
    assert_eq!((held[0], held[held.len() - 1]), ("line 40000", "line 49999"));
}

#[test]
fn an_ecs_task_definition_gives_its_awslogs_group_and_stream_prefix() {
    use aws_sdk_ecs::types::{ContainerDefinition, LogConfiguration, LogDriver};
    let estate = estate();
    let rt = runtime();
    let ecs = aws_sdk_ecs::Client::new(&crate::support::seed::config(&estate.moto.url, REGION));
    let container = |name: &str, group: &str| {
        ContainerDefinition::builder()
            .name(name)
            .image("nginx")
            .memory(256)
            .log_configuration(
                LogConfiguration::builder()
                    .log_driver(LogDriver::Awslogs)
                    .options("awslogs-group", group)
                    .options("awslogs-region", REGION)
                    .options("awslogs-stream-prefix", "web")
                    .build()
                    .expect("log configuration"),
            )
            .build()
    };
    let arn = rt.block_on(async {
        ecs.register_task_definition()
            .family("it-web")
            .container_definitions(container("app", "/ecs/it-web"))
            .send()
            .await
            .expect("register")
            .task_definition()
            .and_then(|t| t.task_definition_arn())
            .expect("arn")
            .to_string()
    });
    let quiet = rt.block_on(async {
        ecs.register_task_definition()
            .family("it-quiet")
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image("nginx")
                    .memory(256)
                    .build(),
            )
            .send()
            .await
            .expect("register")
            .task_definition()
            .and_then(|t| t.task_definition_arn())
            .expect("arn")
            .to_string()
    });
    let aws = aws_at(&rt, &estate.moto.url);
    let sources = rt
        .block_on(aws.logs(REGION).task_definition_sources(&arn))
        .expect("described");
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert_eq!(sources[0].group, "/ecs/it-web");
    assert_eq!(sources[0].stream_prefix.as_deref(), Some("web/app/"));
    assert_eq!(sources[0].region, None, "the task's own region");
    // Its lines, through the target a service row gives.
    let t = now_ms() - 30_000;
    put_now(
        &estate.moto.url,
        REGION,
        "/ecs/it-web",
        "web/app/0123abcd",
        vec![(t, "listening on :80".into())],
    );
    drop(rt);
    let target = LogTarget::TaskDefinition(arn);
    let events = read_all(&aws, &spec(target, t, None, false)).expect("events");
    assert_eq!(messages(&events), ["listening on :80"]);
    // A task definition without awslogs: one line, no logs.
    let why = read_all(&aws, &spec(LogTarget::TaskDefinition(quiet.clone()), t, None, true)).unwrap_err();
    assert_eq!(
        why,
        format!("no logs: task definition {quiet} has no container logging through awslogs")
    );
}

fn headless(args: &[&str]) -> (i32, String, String) {
    let estate = estate();
    let mut cmd = binary(&estate.profile);
    cmd.args(["--endpoint-url", &estate.moto.url, "logs"]).args(args);
    run(&mut cmd)
}

#[test]
fn headless_logs_prints_exactly_the_lines_since_and_filtered() {
    let estate = estate();
    let g = "/it/logs/headless";
    let now = now_ms();
    let at = |mins_ago: i64| now - mins_ago * 60_000;
    put_now(
        &estate.moto.url,
        REGION,
        g,
        "web-1",
        vec![
            (at(90), "ERROR too old to show".into()),
            (at(20), "GET /health 200".into()),
            (at(19), "ERROR payment declined \u{1b}[31m".into()),
            (at(2), "ERROR timeout".into()),
        ],
    );
    let line = |t: i64, msg: &str| {
        let time = chrono::DateTime::from_timestamp_millis(t).unwrap();
        format!("{} web-1 {msg}", time.format("%Y-%m-%dT%H:%M:%S%.6f+00:00"))
    };
    let (code, out, err) = headless(&[g, "--region", REGION, "--since", "1h", "--filter", "ERROR"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "{}\n{}\n",
            line(at(19), "ERROR payment declined \\x1b[31m"),
            line(at(2), "ERROR timeout")
        ),
        "the escape sequence is shown, not sent"
    );
    assert!(err.contains("AWS calls (logs:FilterLogEvents 1)"), "{err}");
    // A time, and JSON: one object a line.
    let since = chrono::DateTime::from_timestamp_millis(at(3)).unwrap().to_rfc3339();
    let (code, out, err) = headless(&[g, "--region", REGION, "--since", &since, "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert_eq!(lines[0]["message"], "ERROR timeout");
    assert_eq!(lines[0]["stream"], "web-1");
    assert_eq!(lines[0]["group"], g);
}

#[test]
fn headless_logs_of_a_missing_group_is_one_line_and_exit_2() {
    let (code, out, err) = headless(&["/it/logs/never", "--region", REGION]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert_eq!(err, format!("aws-monitor: no log group /it/logs/never in {REGION}\n"));
    let (code, _, err) = headless(&["/it/logs/never", "--since", "last tuesday"]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("bad --since"), "{err}");
}

#[test]
fn headless_logs_of_a_seeded_function_by_kind() {
    let (code, out, err) = headless(&["lambda-function/checkout-api", "--region", "us-east-1", "--since", "1h"]);
    assert_eq!(code, 0, "{err}");
    let got: Vec<&str> = out
        .lines()
        .map(|l| l.splitn(3, ' ').nth(2).unwrap_or_default())
        .collect();
    assert_eq!(got[0], FUNCTION_LINES[0]);
    assert_eq!(got[2], "client sent \\x1b[31mred\\x1b[0m text");
    assert_eq!(got.len(), FUNCTION_LINES.len(), "{out}");
    assert!(out.contains(FUNCTION_STREAM), "{out}");
}

#[test]
fn headless_logs_of_an_rds_instance_read_its_exported_groups() {
    use crate::support::seed::logs::RDS_LINES;
    let (code, out, err) = headless(&["rds-instance/orders-db", "--region", "us-east-1", "--since", "1h"]);
    assert_eq!(code, 0, "{err}");
    let got: Vec<&str> = out
        .lines()
        .map(|l| l.splitn(3, ' ').nth(2).unwrap_or_default())
        .collect();
    assert_eq!(got, RDS_LINES, "{out}");
    assert!(
        err.contains("logs:DescribeLogGroups 1"),
        "the prefix listed once: {err}"
    );
    let (code, _, err) = headless(&["eks-cluster/platform", "--region", "us-east-1", "--since", "1h"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn headless_follow_prints_new_lines_and_ctrl_c_ends_it_with_exit_0() {
    use std::io::{BufRead, BufReader};
    let estate = estate();
    let g = "/it/logs/follow";
    put_now(
        &estate.moto.url,
        REGION,
        g,
        "s",
        vec![(now_ms() - 5_000, "before".into())],
    );
    let mut child = binary(&estate.profile)
        .args([
            "--endpoint-url",
            &estate.moto.url,
            "logs",
            g,
            "--region",
            REGION,
            "--follow",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("text");
    assert!(first.ends_with(" s before"), "{first}");
    put_now(&estate.moto.url, REGION, g, "s", vec![(now_ms(), "after".into())]);
    let second = lines.next().expect("a line").expect("text");
    assert!(second.ends_with(" s after"), "{second}");
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let out = child.wait_with_output().expect("exit");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(lines.next().is_none(), "nothing after Ctrl-C");
}

/// The region in the logs view's title (`Logs · GROUP · REGION · ...`).
fn title_region(screen: &str, group: &str) -> String {
    let prefix = format!("Logs · {group} · ");
    let at = screen.find(&prefix).expect("the title") + prefix.len();
    screen[at..].split(' ').next().unwrap_or_default().to_string()
}

#[test]
fn l_on_a_function_tails_its_lines_and_new_ones_appear() {
    let estate = estate();
    let (script, _exit) = tui_script("logs-l", "");
    let tmux = Tmux::start(&format!("aws-monitor-logs-{}", std::process::id()), &script);
    tmux.wait_for("the EC2 tab", |s| s.contains("EC2 · ") && s.contains("us-east-1 ok"));
    tmux.keys(&["6"]);
    tmux.wait_for("the functions", |s| s.contains("checkout-api"));
    let screen = tmux.key_until("l", "the function's log lines", |s| {
        s.contains("Logs · /aws/lambda/") && s.contains("REPORT RequestId") && s.contains("following")
    });
    // Sorted by name, the first row is a checkout-api.
    let group = "/aws/lambda/checkout-api";
    assert!(screen.contains(group), "{screen}");
    assert!(
        screen.contains("client sent \\x1b[31mred\\x1b[0m text"),
        "escaped: {screen}"
    );
    assert!(screen.contains("order placed"), "{screen}");
    let region = title_region(&screen, group);
    // A line written while the view is open shows at the next poll.
    let fresh = format!("it fresh line {}", std::process::id());
    put_now(
        &estate.moto.url,
        &region,
        group,
        FUNCTION_STREAM,
        vec![(now_ms(), fresh.clone())],
    );
    let screen = tmux.wait_for("the new line", |s| s.contains(&fresh));
    let at = |needle: &str| screen.lines().position(|l| l.contains(needle));
    assert!(at(&fresh) > at("REPORT RequestId"), "newest at the bottom: {screen}");
    // Esc closes it: the functions again.
    tmux.key_until("Escape", "the table again", |s| {
        !s.contains("Logs · ") && s.contains("Lambda · ")
    });
    tmux.keys(&["q"]);
}

#[test]
fn colon_logs_with_a_missing_group_is_one_line_that_changes_nothing() {
    let (script, _exit) = tui_script("logs-missing", "");
    let tmux = Tmux::start(&format!("aws-monitor-logs-missing-{}", std::process::id()), &script);
    tmux.wait_for("the EC2 tab", |s| s.contains("EC2 · ") && s.contains("us-east-1 ok"));
    tmux.keys(&[":"]);
    tmux.type_text("logs /no/such/group");
    let screen = tmux.key_until("Enter", "the one-line error", |s| {
        s.contains("no log group /no/such/group in ")
    });
    assert!(screen.contains("EC2 · "), "the view as it was: {screen}");
    assert!(!screen.contains("Logs · "), "{screen}");
    assert_eq!(screen.matches("no log group").count(), 1, "{screen}");
    tmux.keys(&["q"]);
}

#[test]
fn doctor_probes_the_logs_and_names_the_missing_action() {
    let estate = estate();
    let proxy = FaultProxy::start(
        estate.moto.port,
        vec![Rule {
            region: "eu-west-1",
            service: "logs",
            contains: Some("FilterLogEvents"),
            fault: Fault::JsonError {
                status: 400,
                code: "AccessDeniedException",
                message: "not authorized to perform logs:FilterLogEvents",
            },
        }],
    );
    let (code, out, err) = run(binary(&estate.profile).args([
        "doctor",
        "--regions",
        "us-east-1,eu-west-1",
        "--endpoint-url",
        &proxy.url,
    ]));
    assert_eq!(code, 2, "{out}{err}");
    let line = |region: &str| {
        out.lines()
            .find(|l| l.starts_with("logs FilterLogEvents") && l.contains(&format!(" {region} ")))
            .unwrap_or_else(|| panic!("logs FilterLogEvents {region} in:\n{out}"))
            .to_string()
    };
    assert!(line("us-east-1").contains(" ok"), "{out}");
    let denied = line("eu-west-1");
    assert!(
        denied.contains("missing logs:FilterLogEvents (AccessDeniedException)"),
        "{denied}"
    );
    assert!(out.contains("add logs:FilterLogEvents to the policy"), "{out}");
}

#[test]
fn an_ecs_service_by_name_reads_its_task_definitions_groups() {
    use aws_sdk_ecs::types::{ContainerDefinition, LogConfiguration, LogDriver};
    let estate = estate(); // the test profile and environment
    // A moto of its own: this cluster must not join the shared estate's counts.
    let moto = crate::support::Moto::start();
    let rt = runtime();
    let ecs = aws_sdk_ecs::Client::new(&crate::support::seed::config(&moto.url, REGION));
    rt.block_on(async {
        let logging = LogConfiguration::builder()
            .log_driver(LogDriver::Awslogs)
            .options("awslogs-group", "/ecs/it-svc")
            .options("awslogs-region", REGION)
            .options("awslogs-stream-prefix", "web")
            .build()
            .expect("log configuration");
        let container = ContainerDefinition::builder()
            .name("app")
            .image("nginx")
            .memory(256)
            .log_configuration(logging)
            .build();
        let arn = ecs
            .register_task_definition()
            .family("it-svc")
            .container_definitions(container)
            .send()
            .await
            .expect("register")
            .task_definition()
            .and_then(|t| t.task_definition_arn())
            .expect("arn")
            .to_string();
        ecs.create_cluster()
            .cluster_name("it-logs")
            .send()
            .await
            .expect("cluster");
        ecs.create_service()
            .cluster("it-logs")
            .service_name("web")
            .task_definition(&arn)
            .desired_count(1)
            .send()
            .await
            .expect("service");
    });
    let t = now_ms() - 30_000;
    put_now(
        &moto.url,
        REGION,
        "/ecs/it-svc",
        "web/app/0123abcd",
        vec![(t, "listening on :80".into())],
    );
    let aws = aws_at(&rt, &moto.url);
    drop(rt);
    let by_service = LogTarget::EcsService("it-logs/web".into());
    let events = read_all(&aws, &spec(by_service, t, None, false)).expect("events");
    assert_eq!(messages(&events), ["listening on :80"]);
    let missing = read_all(&aws, &spec(LogTarget::EcsService("it-logs/nope".into()), t, None, true)).unwrap_err();
    assert!(
        missing.contains("not found") && missing.contains("it-logs/nope"),
        "{missing}"
    );
    let mut cmd = binary(&estate.profile);
    cmd.args(["--endpoint-url", &moto.url, "logs", "ecs-service/it-logs/web"])
        .args(["--region", REGION, "--since", "1h"]);
    let (code, out, err) = run(&mut cmd);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("listening on :80"), "{out}");
    assert!(err.contains("ecs:DescribeServices"), "the call is counted: {err}");
}
