//! EMR clusters in active states.

use super::{KindDef, Metrics, ResourceKind, States, average, count, id, name, state, text};

detail_keys! {
    NORMALIZED_HOURS,
    RELEASE,
    MASTER_DNS,
    APPLICATIONS,
}

pub static KIND: KindDef = KindDef {
    key: Some('8'),
    columns: &[
        id(15),
        name(20),
        state(12),
        text(RELEASE, 10),
        count(NORMALIZED_HOURS, 6).titled("HOURS"),
        text(MASTER_DNS, 30).titled("MASTER"),
    ],
    states: States {
        good: &["running", "waiting"],
        bad: &["terminated", "terminated_with_errors"],
        ..States::NONE
    },
    metrics: Metrics {
        namespace: "AWS/ElasticMapReduce",
        dimension: "JobFlowId",
        list: &[
            average("IsIdle", "Count"),
            average("ContainerPending", "Count"),
            average("AppsRunning", "Count"),
        ],
    },
    arn: Some("arn:{p}:elasticmapreduce:{region}:{account}:cluster/{id}"),
    console: "https://{host}/emr/home?region={region}#/clusterDetails/{id}",
    ..KindDef::new(
        ResourceKind::EmrCluster,
        "emr",
        "EMR clusters",
        "EMR",
        "cluster",
        &["emr"],
    )
};
