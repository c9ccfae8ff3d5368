//! RDS DB instances.

use super::{Field, KindDef, States, Metrics, ResourceKind, col, count, id, text};

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

const K: ResourceKind = ResourceKind::RdsInstance;
const CW: Metrics = Metrics::new(K, "AWS/RDS", "DBInstanceIdentifier");

pub static KIND: KindDef = KindDef {
    aliases: &["rds", "db", "dbs"],
    key: Some('4'),
    columns: &[
        id(20),
        text("ENGINE", ENGINE, 10),
        text("VERSION", ENGINE_VERSION, 8),
        text("CLASS", CLASS, 14),
        col("STATUS", Field::State, 10),
        text("MULTI-AZ", MULTI_AZ, 8),
        count("GIB", STORAGE_GIB, 5),
        text("AZ", AZ, 11),
    ],
    states: States {
        good: &["available"],
        bad: &["stopped", "failed", "deleting"],
        ..States::NONE
    },
    metrics: &[
        CW.of("CPUUtilization", "Average", "Percent"),
        CW.of("DatabaseConnections", "Average", "Count"),
        CW.of("FreeStorageSpace", "Minimum", "Bytes"),
        CW.of("ReadLatency", "Average", "Seconds"),
        CW.of("WriteLatency", "Average", "Seconds"),
    ],
    sparkline: true,
    arn: Some("arn:{p}:rds:{region}:{account}:db:{id}"),
    console: "https://{host}/rds/home?region={region}#database:id={id};is-cluster=false",
    ..KindDef::new(K, "rds", "RDS instances", "RDS", "instance")
};
