//! S3 buckets: listed once per account, each placed in its own region.

use aws_sdk_s3::Client;
use aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingError;

use super::{Cx, OneKind, each_page, fan_out, probed};
use crate::aws::actions::{Operation, inventory, inventory_as};
use crate::aws::{Aws, Tally, aws_error, rfc3339, tags};
use crate::kinds::s3_bucket::CREATED;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::S3Bucket;
    const OPERATIONS: &[Operation] = &[
        inventory_as("list_buckets", "s3:ListBuckets", "s3:ListAllMyBuckets"),
        inventory("get_bucket_location", "s3:GetBucketLocation"),
        inventory("get_bucket_tagging", "s3:GetBucketTagging"),
    ];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        buckets(cx.aws, cx.selected, tally).await
    }

    /// Probed once, from the home region (`cx.region` is ignored).
    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(
            client(cx.aws, &cx.aws.home_region())
                .list_buckets()
                .max_buckets(1)
                .send()
                .await,
        )
    }
}

pub(crate) fn client(aws: &Aws, region: &str) -> Client {
    let conf = aws_sdk_s3::config::Builder::from(&aws.regional(region))
        // A local emulator has no per-bucket DNS names.
        .force_path_style(aws.endpoint_url.is_some())
        .build();
    Client::from_conf(conf)
}

/// The region a GetBucketLocation constraint stands for.
pub(crate) fn location_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

async fn buckets(aws: &Aws, selected: &[String], tally: &Tally) -> Result<Vec<Resource>, AwsError> {
    let home = client(aws, &aws.home_region());
    let mut found = Vec::new();
    each_page(
        home.list_buckets().into_paginator().send(),
        tally,
        "s3:ListBuckets",
        |page| {
            for b in page.buckets() {
                let created = b.creation_date().map(rfc3339).unwrap_or_default();
                found.push((
                    b.name().unwrap_or_default().to_string(),
                    b.bucket_region().map(str::to_string),
                    created,
                ));
            }
        },
    )
    .await?;
    let placed: Vec<Resource> = fan_out(found, |(name, region, created)| {
        let home = home.clone();
        async move {
            let region = match region {
                Some(r) => r,
                None => {
                    tally.call("s3:GetBucketLocation");
                    let out = home
                        .get_bucket_location()
                        .bucket(&name)
                        .send()
                        .await
                        .map_err(aws_error)?;
                    location_region(out.location_constraint().map(|c| c.as_str()))
                }
            };
            let mut r = Resource::new(ResourceKind::S3Bucket, &region, &name);
            r.name = name;
            r.state = "available".to_string();
            r.set(CREATED, created);
            Ok(r)
        }
    })
    .await?;
    // Tagging must be asked of the bucket's own region: one client each.
    let clients: std::collections::HashMap<&str, Client> =
        selected.iter().map(|r| (r.as_str(), client(aws, r))).collect();
    let clients = &clients;
    fan_out(
        placed.into_iter().filter(|r| selected.contains(&r.region)),
        |mut r| async move {
            let Some(regional) = clients.get(r.region.as_str()) else {
                return Ok(r);
            };
            tally.call("s3:GetBucketTagging");
            match regional.get_bucket_tagging().bucket(&r.id).send().await {
                Ok(out) => r.tags = tags(out.tag_set().iter().map(|t| (Some(t.key()), Some(t.value())))),
                Err(e) if is_no_tag_set(&e) => {}
                Err(e) => return Err(aws_error(e)),
            }
            Ok(r)
        },
    )
    .await
}

fn is_no_tag_set(
    e: &aws_sdk_s3::error::SdkError<GetBucketTaggingError, aws_sdk_s3::config::http::HttpResponse>,
) -> bool {
    use aws_sdk_s3::error::ProvideErrorMetadata;
    e.code() == Some("NoSuchTagSet")
}

#[cfg(test)]
mod tests {
    #[test]
    fn location_constraints_map_to_regions() {
        assert_eq!(super::location_region(None), "us-east-1");
        assert_eq!(super::location_region(Some("")), "us-east-1");
        assert_eq!(super::location_region(Some("EU")), "eu-west-1");
        assert_eq!(super::location_region(Some("ap-south-1")), "ap-south-1");
    }
}
