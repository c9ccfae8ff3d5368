//! Lambda functions.

use super::{KindDef, LogsOf, Metrics, ResourceKind, States, average, count, name, state, sum, text};

detail_keys! {
    RUNTIME,
    MEMORY_MB,
    TIMEOUT_S,
    LAST_MODIFIED,
    HANDLER,
    CODE_SIZE,
}

pub static KIND: KindDef = KindDef {
    key: Some('6'),
    columns: &[
        name(28),
        text(RUNTIME, 12),
        count(MEMORY_MB, 6).titled("MEM MB"),
        count(TIMEOUT_S, 7).titled("TIMEOUT"),
        state(8),
        text(LAST_MODIFIED, 24).titled("MODIFIED"),
    ],
    states: States {
        good: &["active"],
        bad: &["failed"],
        ..States::NONE
    },
    metrics: Metrics {
        namespace: "AWS/Lambda",
        dimension: "FunctionName",
        list: &[
            sum("Invocations", "Count"),
            sum("Errors", "Count"),
            average("Duration", "Milliseconds"),
            sum("Throttles", "Count"),
        ],
    },
    sparkline: true,
    arn: Some("arn:{p}:lambda:{region}:{account}:function:{id}"),
    console: "https://{host}/lambda/home?region={region}#/functions/{id}",
    logs: Some(LogsOf::Group("/aws/lambda/{id}")),
    ..KindDef::new(
        ResourceKind::LambdaFunction,
        "lambda",
        "Lambda functions",
        "Lambda",
        "function",
        &["lambda", "fn", "functions"],
    )
};
