//! RDS DB instances.

use super::{KindDef, LogsOf, Metrics, ResourceKind, States, average, count, id, minimum, state, text};

detail_keys! {
    CLASS,
    ENGINE,
    ENGINE_VERSION,
    AZ,
    MULTI_AZ,
    STORAGE_GIB,
    STORAGE_TYPE,
    ENDPOINT,
    ENCRYPTED,
    PUBLICLY_ACCESSIBLE,
    CREATED,
}

pub static KIND: KindDef = KindDef {
    key: Some('4'),
    columns: &[
        id(20),
        text(ENGINE, 10),
        text(ENGINE_VERSION, 8).titled("VERSION"),
        text(CLASS, 14),
        state(10).titled("STATUS"),
        text(MULTI_AZ, 8).titled("MULTI-AZ"),
        count(STORAGE_GIB, 5).titled("GIB"),
        text(AZ, 11),
    ],
    states: States {
        good: &["available"],
        bad: &["stopped", "failed", "deleting"],
        ..States::NONE
    },
    metrics: Metrics {
        namespace: "AWS/RDS",
        dimension: "DBInstanceIdentifier",
        list: &[
            average("CPUUtilization", "Percent"),
            average("DatabaseConnections", "Count"),
            minimum("FreeStorageSpace", "Bytes"),
            average("ReadLatency", "Seconds"),
            average("WriteLatency", "Seconds"),
        ],
    },
    sparkline: true,
    arn: Some("arn:{p}:rds:{region}:{account}:db:{id}"),
    console: "https://{host}/rds/home?region={region}#database:id={id};is-cluster=false",
    logs: Some(LogsOf::GroupPrefix("/aws/rds/instance/{id}/")),
    ..KindDef::new(
        ResourceKind::RdsInstance,
        "rds",
        "RDS instances",
        "RDS",
        "instance",
        &["rds", "db", "dbs"],
    )
};
