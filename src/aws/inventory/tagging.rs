//! Tags of many resources in one listing: the Resource Groups Tagging API's
//! GetResources, one paginated listing per region and resource type, 100
//! resources a page, instead of one tag call per resource. Adapters ask
//! `tags_by_arn`; when it is denied they fall back to their per-resource
//! calls, and the log says so once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use aws_sdk_resourcegroupstagging::Client;

use super::each_page;
use crate::aws::ops::{Operation, tag};
use crate::aws::{Aws, Tally};
use crate::model::{AwsError, Tags};

/// Tags by resource ARN. A resource missing from the map has no tags
/// (GetResources lists only resources that have or had tags).
pub(crate) type ByArn = HashMap<String, Tags>;

/// Whether the fallback has been logged (once per process).
static FALLBACK_LOGGED: AtomicBool = AtomicBool::new(false);

/// The tags of every resource of `resource_type` (`lambda:function`, `s3`)
/// that GetResources lists in `region`, read to the last page. `Ok(None)`
/// when the call is denied: the caller falls back to its per-resource call
/// (`fallback`, named in the log line, once per process).
pub(crate) async fn tags_by_arn(
    aws: &Aws,
    region: &str,
    resource_type: &str,
    fallback: Operation,
    tally: &Tally,
) -> Result<Option<ByArn>, AwsError> {
    let pages = Client::new(&aws.regional(region))
        .get_resources()
        .resource_type_filters(resource_type)
        .resources_per_page(aws.page(1, 100))
        .into_paginator()
        .send();
    let mut found = ByArn::new();
    let listed = each_page(pages, tally, tag::GET_RESOURCES, |page| {
        for m in page.resource_tag_mapping_list() {
            if let Some(arn) = m.resource_arn() {
                let tags = m.tags().iter().map(|t| (t.key().to_string(), t.value().to_string()));
                found.entry(arn.to_string()).or_default().extend(tags);
            }
        }
    })
    .await;
    match listed {
        Ok(()) => Ok(Some(found)),
        Err(e) if e.is_denied() => {
            if !FALLBACK_LOGGED.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    "{} is denied ({}); tags come from one call per resource ({}) \
                     until the policy allows it",
                    tag::GET_RESOURCES.api,
                    e.code,
                    fallback.api
                );
            }
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

impl Aws {
    /// `doctor`'s probe of GetResources: one resource in `region`.
    pub(crate) async fn probe_tagging(&self, region: &str) -> Result<(), AwsError> {
        super::probed(
            Client::new(&self.regional(region))
                .get_resources()
                .resources_per_page(1)
                .send(),
        )
        .await
    }
}
