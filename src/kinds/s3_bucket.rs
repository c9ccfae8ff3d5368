//! S3 buckets: listed once per account, each placed in its own region.

use super::{Field, KindDef, ResourceKind, Scope, States, age_of, name, num};

detail_keys! {
    CREATED,
}

pub static KIND: KindDef = KindDef {
    scope: Scope::Global,
    key: Some('5'),
    columns: &[name(34), num("TAGS", Field::TagCount, 4), age_of(CREATED, 5)],
    states: States {
        good: &["available"],
        ..States::NONE
    },
    arn: Some("arn:{p}:s3:::{id}"),
    console: "https://{global}/s3/buckets/{id}?region={region}",
    ..KindDef::new(
        ResourceKind::S3Bucket,
        "s3",
        "S3 buckets",
        "S3",
        "bucket",
        &["s3", "bucket", "buckets"],
    )
};
