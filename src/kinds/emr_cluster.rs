//! EMR clusters in active states.

use super::{KindDef, States, Metrics, ResourceKind, count, id, name, state, text};

detail_keys! {
    NORMALIZED_HOURS,
    RELEASE,
    MASTER_DNS,
    APPLICATIONS,
}

const K: ResourceKind = ResourceKind::EmrCluster;
const CW: Metrics = Metrics::new(K, "AWS/ElasticMapReduce", "JobFlowId");

pub static KIND: KindDef = KindDef {
    aliases: &["emr"],
    key: Some('8'),
    columns: &[
        id(15),
        name(20),
        state(12),
        text("RELEASE", RELEASE, 10),
        count("HOURS", NORMALIZED_HOURS, 6),
        text("MASTER", MASTER_DNS, 30),
    ],
    states: States {
        good: &["running", "waiting"],
        bad: &["terminated", "terminated_with_errors"],
        ..States::NONE
    },
    metrics: &[
        CW.of("IsIdle", "Average", "Count"),
        CW.of("ContainerPending", "Average", "Count"),
        CW.of("AppsRunning", "Average", "Count"),
    ],
    arn: Some("arn:{p}:elasticmapreduce:{region}:{account}:cluster/{id}"),
    console: "https://{host}/emr/home?region={region}#/clusterDetails/{id}",
    ..KindDef::new(K, "emr", "EMR clusters", "EMR", "cluster")
};
