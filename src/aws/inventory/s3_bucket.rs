//! S3 buckets: listed once per account (ListBuckets, paginated), each placed
//! in its own region: ListBuckets' `BucketRegion`, else one
//! GetBucketLocation for that bucket. Tags come from one GetResources
//! listing per region holding a selected bucket, deduplicated by ARN (moto
//! lists every bucket under every region); when that is denied, from one
//! GetBucketTagging per bucket.

use aws_sdk_s3::Client;
use aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingError;

use super::tagging::{ByArn, tags_by_arn};
use super::{Cx, OneKind, each_page, fan_out, probed};
use crate::aws::ops::{Operation, s3};
use crate::aws::{Aws, Tally, aws_error, rfc3339, tags};
use crate::kinds::s3_bucket::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::S3Bucket;
    const OPERATIONS: &[Operation] = &[s3::LIST_BUCKETS, s3::GET_BUCKET_LOCATION, s3::GET_BUCKET_TAGGING];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        buckets(cx.aws, cx.selected, tally).await
    }

    /// Probed once, from the home region (`cx.region` is ignored).
    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(
            client(cx.aws, &cx.aws.home_region())
                .list_buckets()
                .max_buckets(1)
                .send(),
        )
        .await
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
        home.list_buckets()
            // The largest page, whatever the page size: moto 5.2.5 cuts
            // the list at max-buckets and sends no continuation token.
            .max_buckets(10_000)
            .into_paginator()
            .send(),
        tally,
        s3::LIST_BUCKETS,
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
                    tally.call(s3::GET_BUCKET_LOCATION);
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
            r.name = name.into();
            r.state = "available".into();
            r.set(CREATED, created);
            Ok(r)
        }
    })
    .await?;
    let placed: Vec<Resource> = placed
        .into_iter()
        .filter(|r| selected.iter().any(|s| r.region == *s))
        .collect();
    if let Some(mut by_arn) = tags_in_regions(aws, &placed, tally).await? {
        return Ok(placed
            .into_iter()
            .map(|mut r| {
                r.tags = by_arn.remove(&arn(&r.id)).unwrap_or_default();
                r
            })
            .collect());
    }
    // Tagging must be asked of the bucket's own region: one client each.
    let clients: std::collections::HashMap<&str, Client> =
        selected.iter().map(|r| (r.as_str(), client(aws, r))).collect();
    let clients = &clients;
    fan_out(placed, |mut r| async move {
        let Some(regional) = clients.get(r.region.as_str()) else {
            return Ok(r);
        };
        tally.call(s3::GET_BUCKET_TAGGING);
        match regional.get_bucket_tagging().bucket(r.id.as_str()).send().await {
            Ok(out) => r.tags = tags(out.tag_set().iter().map(|t| (Some(t.key()), Some(t.value())))),
            Err(e) if is_no_tag_set(&e) => {}
            Err(e) => return Err(aws_error(e)),
        }
        Ok(r)
    })
    .await
}

/// A bucket's ARN, as GetResources names it.
fn arn(bucket: &str) -> String {
    format!("arn:aws:s3:::{bucket}")
}

/// The tags of the buckets, by ARN: one GetResources listing in each region
/// that holds one of them, at once, merged (a bucket listed under several
/// regions is kept once). `None` when denied in any of them.
async fn tags_in_regions(aws: &Aws, buckets: &[Resource], tally: &Tally) -> Result<Option<ByArn>, AwsError> {
    let mut regions: Vec<&str> = buckets.iter().map(|r| r.region.as_str()).collect();
    regions.sort_unstable();
    regions.dedup();
    let listings = futures::future::join_all(
        regions
            .iter()
            .map(|region| tags_by_arn(aws, region, "s3", s3::GET_BUCKET_TAGGING, tally)),
    )
    .await;
    let mut all = ByArn::new();
    for listing in listings {
        match listing? {
            Some(by_arn) => all.extend(by_arn),
            None => return Ok(None),
        }
    }
    Ok(Some(all))
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
