//! S3 buckets: listed once per account, each placed in its own region.

use super::Tone::Good;
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use crate::model::DetailKey;

pub const CREATED: DetailKey = DetailKey::new("created");

pub static KIND: KindDef = KindDef {
    kind: ResourceKind::S3Bucket,
    service: "s3",
    scope: Scope::Global,
    title: "S3 buckets",
    short: "S3",
    noun: "bucket",
    aliases: &["s3", "bucket", "buckets"],
    key: Some('5'),
    listed_with: None,
    shown_in: None,
    columns: &[
        col("NAME", Field::Name, 34),
        num("TAGS", Field::TagCount, 4),
        num("AGE", Field::Age(CREATED), 5),
    ],
    sort: 0,
    states: &[("available", Good)],
    metrics: &[],
    sparkline: false,
    arn: Some("arn:{p}:s3:::{id}"),
    console: "https://{global}/s3/buckets/{id}?region={region}",
};
