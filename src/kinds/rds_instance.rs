//! RDS DB instances.

use super::Tone::{Bad, Good};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::{DetailKey, MetricSpec};

pub const CLASS: DetailKey = DetailKey::new("class");
pub const ENGINE: DetailKey = DetailKey::new("engine");
pub const ENGINE_VERSION: DetailKey = DetailKey::new("engine_version");
pub const AZ: DetailKey = DetailKey::new("az");
pub const MULTI_AZ: DetailKey = DetailKey::new("multi_az");
pub const STORAGE_GIB: DetailKey = DetailKey::new("storage_gib");
pub const STORAGE_TYPE: DetailKey = DetailKey::new("storage_type");
pub const ENDPOINT: DetailKey = DetailKey::new("endpoint");
pub const ENCRYPTED: DetailKey = DetailKey::new("encrypted");
pub const PUBLICLY_ACCESSIBLE: DetailKey = DetailKey::new("publicly_accessible");
pub const CREATED: DetailKey = DetailKey::new("created");

const K: ResourceKind = ResourceKind::RdsInstance;
const fn m(name: &'static str, stat: &'static str, unit: &'static str) -> MetricSpec {
    MetricSpec::new(K, "AWS/RDS", "DBInstanceIdentifier", name, stat, unit)
}

pub static KIND: KindDef = KindDef {
    kind: K,
    service: "rds",
    scope: Scope::Regional,
    title: "RDS instances",
    short: "RDS",
    noun: "instance",
    aliases: &["rds", "db", "dbs"],
    key: Some('4'),
    listed_with: None,
    shown_in: None,
    columns: &[
        col("ID", Field::Id, 20),
        col("ENGINE", Field::Detail(ENGINE), 10),
        col("VERSION", Field::Detail(ENGINE_VERSION), 8),
        col("CLASS", Field::Detail(CLASS), 14),
        col("STATUS", Field::State, 10),
        col("MULTI-AZ", Field::Detail(MULTI_AZ), 8),
        num("GIB", Field::Detail(STORAGE_GIB), 5),
        col("AZ", Field::Detail(AZ), 11),
    ],
    sort: 0,
    states: &[
        ("available", Good),
        ("stopped", Bad),
        ("failed", Bad),
        ("deleting", Bad),
    ],
    metrics: &[
        m("CPUUtilization", "Average", "Percent"),
        m("DatabaseConnections", "Average", "Count"),
        m("FreeStorageSpace", "Minimum", "Bytes"),
        m("ReadLatency", "Average", "Seconds"),
        m("WriteLatency", "Average", "Seconds"),
    ],
    sparkline: true,
    arn: Some("arn:{p}:rds:{region}:{account}:db:{id}"),
    console: "https://{host}/rds/home?region={region}#database:id={id};is-cluster=false",
};
