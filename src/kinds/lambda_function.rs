//! Lambda functions.

use super::{KindDef, States, Metrics, ResourceKind, count, name, state, text};

detail_keys! {
    RUNTIME,
    MEMORY_MB,
    TIMEOUT_S,
    LAST_MODIFIED,
    HANDLER,
    CODE_SIZE,
}

const K: ResourceKind = ResourceKind::LambdaFunction;
const CW: Metrics = Metrics::new(K, "AWS/Lambda", "FunctionName");

pub static KIND: KindDef = KindDef {
    aliases: &["lambda", "fn", "functions"],
    key: Some('6'),
    columns: &[
        name(28),
        text("RUNTIME", RUNTIME, 12),
        count("MEM MB", MEMORY_MB, 6),
        count("TIMEOUT", TIMEOUT_S, 7),
        state(8),
        text("MODIFIED", LAST_MODIFIED, 24),
    ],
    states: States {
        good: &["active"],
        bad: &["failed"],
        ..States::NONE
    },
    metrics: &[
        CW.of("Invocations", "Sum", "Count"),
        CW.of("Errors", "Sum", "Count"),
        CW.of("Duration", "Average", "Milliseconds"),
        CW.of("Throttles", "Sum", "Count"),
    ],
    sparkline: true,
    arn: Some("arn:{p}:lambda:{region}:{account}:function:{id}"),
    console: "https://{host}/lambda/home?region={region}#/functions/{id}",
    ..KindDef::new(K, "lambda", "Lambda functions", "Lambda", "function")
};
