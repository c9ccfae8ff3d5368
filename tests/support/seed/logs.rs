//! Log lines for the estate's Lambda functions and EKS clusters, written
//! with PutLogEvents a few minutes before seeding ends, as they would
//! write them: `/aws/lambda/NAME` (a START, a JSON line, a line with a
//! terminal escape sequence in it, END and REPORT),
//! `/aws/eks/platform/cluster` and an RDS instance's error log.

use aws_config::SdkConfig;
use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;

/// The functions that log (the scaled `fn-NNNN` ones stay quiet).
pub const LOGGING_FUNCTIONS: [&str; 2] = ["checkout-api", "nightly-report"];

/// The stream each function writes to.
pub const FUNCTION_STREAM: &str = "2026/12/07/[$LATEST]5f1c2e9a7b3d4c60a1e2f3b4c5d6e7f8";

/// What each function wrote, oldest first (`{fn}` is its name). The third
/// line holds an ESC sequence, which must never reach the terminal raw.
pub const FUNCTION_LINES: [&str; 5] = [
    "START RequestId: 6f1c0b2e-1 Version: $LATEST",
    "{\"level\":\"info\",\"msg\":\"order placed\",\"function\":\"{fn}\",\"items\":3}",
    "client sent \u{1b}[31mred\u{1b}[0m text",
    "END RequestId: 6f1c0b2e-1",
    "REPORT RequestId: 6f1c0b2e-1 Duration: 12.34 ms Billed Duration: 13 ms",
];

/// The EKS control plane's stream and lines.
pub const EKS_STREAM: &str = "kube-apiserver-audit-0a1b2c3d";
pub const EKS_LINES: [&str; 2] = [
    "I1207 10:00:00.000000 1 healthz.go:255] healthz check passed",
    "W1207 10:00:01.000000 1 dispatcher.go:180] Failed calling webhook, failing open",
];

/// The RDS instance that exports its logs, and what its error log says.
pub const RDS_GROUP: &str = "/aws/rds/instance/orders-db/error";
pub const RDS_LINES: [&str; 2] = [
    "2026-12-07 10:00:00 UTC::@:[101]:LOG:  checkpoint starting: time",
    "2026-12-07 10:00:02 UTC::@:[101]:ERROR:  deadlock detected",
];

/// Writes the estate's log lines in one region, ending a minute ago.
pub(super) async fn logs(cfg: &SdkConfig) -> anyhow::Result<()> {
    let c = Client::new(cfg);
    let end = chrono::Utc::now().timestamp_millis() - 60_000;
    for f in LOGGING_FUNCTIONS {
        let lines: Vec<String> = FUNCTION_LINES.iter().map(|l| l.replace("{fn}", f)).collect();
        let group = format!("/aws/lambda/{f}");
        put(&c, &group, FUNCTION_STREAM, &timed(end, &lines)).await?;
    }
    let lines: Vec<String> = EKS_LINES.iter().map(|l| l.to_string()).collect();
    put(&c, "/aws/eks/platform/cluster", EKS_STREAM, &timed(end, &lines)).await?;
    let lines: Vec<String> = RDS_LINES.iter().map(|l| l.to_string()).collect();
    put(&c, RDS_GROUP, "orders-db", &timed(end, &lines)).await?;
    Ok(())
}

/// `lines`, a second apart, the last at `end` (Unix milliseconds).
pub fn timed(end: i64, lines: &[String]) -> Vec<(i64, String)> {
    let n = lines.len() as i64;
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| (end - (n - 1 - i as i64) * 1_000, l.clone()))
        .collect()
}

/// Puts events (Unix milliseconds, message) into a stream, making the group
/// and stream when they are new.
pub async fn put(c: &Client, group: &str, stream: &str, events: &[(i64, String)]) -> anyhow::Result<()> {
    let _ = c.create_log_group().log_group_name(group).send().await;
    let _ = c
        .create_log_stream()
        .log_group_name(group)
        .log_stream_name(stream)
        .send()
        .await;
    // PutLogEvents takes at most 10,000 events a call.
    for chunk in events.chunks(10_000) {
        let events: Vec<InputLogEvent> = chunk
            .iter()
            .map(|(t, m)| InputLogEvent::builder().timestamp(*t).message(m).build())
            .collect::<Result<_, _>>()?;
        c.put_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .set_log_events(Some(events))
            .send()
            .await?;
    }
    Ok(())
}

/// [`put`] against an endpoint, on a runtime of its own (for tests that
/// write lines while the binary runs).
pub fn put_now(endpoint: &str, region: &str, group: &str, stream: &str, events: Vec<(i64, String)>) {
    let (endpoint, region, group, stream) = (
        endpoint.to_string(),
        region.to_string(),
        group.to_string(),
        stream.to_string(),
    );
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let c = Client::new(&super::config(&endpoint, &region));
            put(&c, &group, &stream, &events).await.expect("put log events");
        })
    })
    .join()
    .expect("put thread");
}
