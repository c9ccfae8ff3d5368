//! Lambda functions. ListFunctions carries no tags: they come from one
//! GetResources listing per region, read beside it; when that is denied,
//! from one ListTags per function (concurrently).

use aws_sdk_lambda::Client;
use aws_sdk_lambda::types::FunctionConfiguration;
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};

use super::{Cx, FAN_OUT, Listing, each_page, one, probed};
use crate::aws::actions::{Feature::Inventory, Operation, fallback, op};
use crate::aws::tagging::{GET_RESOURCES, tags_by_arn};
use crate::aws::{Aws, KindResult, Tally, aws_error};
use crate::kinds::lambda_function::{CODE_SIZE, HANDLER, LAST_MODIFIED, MEMORY_MB, RUNTIME, TIMEOUT_S};
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

const F: &str = "inventory/lambda_function.rs";
#[rustfmt::skip]
const OPERATIONS: &[Operation] = &[
    op(F, "list_functions", "lambda:ListFunctions", "lambda:ListFunctions", Inventory),
    fallback(F, "list_tags", "lambda:ListTags",     "lambda:ListTags",      Inventory, GET_RESOURCES),
];

impl Listing for Adapter {
    fn kind(&self) -> ResourceKind {
        ResourceKind::LambdaFunction
    }

    fn operations(&self) -> &'static [Operation] {
        OPERATIONS
    }

    fn list<'a>(&'a self, cx: Cx<'a>) -> BoxFuture<'a, Vec<KindResult>> {
        Box::pin(async move {
            let tally = Tally::default();
            let r = functions(cx, &tally).await;
            one(self.kind(), tally, r)
        })
    }

    fn probe<'a>(&'a self, aws: &'a Aws, region: &'a str) -> BoxFuture<'a, Result<(), AwsError>> {
        Box::pin(async move {
            probed(
                Client::new(&aws.regional(region))
                    .list_functions()
                    .max_items(1)
                    .send()
                    .await,
            )
        })
    }
}

async fn functions(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
    let client = Client::new(&cx.aws.regional(cx.region));
    let pages = client
        .list_functions()
        .max_items(cx.aws.page(1, 50))
        .into_paginator()
        .send();
    let mut found = Vec::new();
    let listed = each_page(pages, tally, "lambda:ListFunctions", |page| {
        found.extend(
            page.functions()
                .iter()
                .map(|f| (function(f, cx.region), f.function_arn().map(str::to_string))),
        );
    });
    // Both listings at once: the tags cost no extra round trip.
    let (listed, tagged) = futures::join!(
        listed,
        tags_by_arn(cx.aws, cx.region, "lambda:function", "lambda:ListTags", tally)
    );
    listed?;
    if let Some(mut by_arn) = tagged? {
        return Ok(found
            .into_iter()
            .map(|(mut r, arn)| {
                r.tags = arn.and_then(|a| by_arn.remove(&a)).unwrap_or_default();
                r
            })
            .collect());
    }
    futures::stream::iter(found)
        .map(|(mut r, arn)| {
            let client = client.clone();
            async move {
                if let Some(arn) = arn {
                    tally.call("lambda:ListTags");
                    let out = client.list_tags().resource(arn).send().await.map_err(aws_error)?;
                    r.tags = out
                        .tags()
                        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                        .unwrap_or_default();
                }
                Ok::<_, AwsError>(r)
            }
        })
        .buffered(FAN_OUT)
        .try_collect()
        .await
}

fn function(f: &FunctionConfiguration, region: &str) -> Resource {
    let name = f.function_name().unwrap_or_default();
    let mut r = Resource::new(ResourceKind::LambdaFunction, region, name);
    r.name = name.to_string();
    r.state = f
        .state()
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|| "Active".to_string());
    r.set(RUNTIME, f.runtime().map(|x| x.as_str()).unwrap_or_default());
    r.set(MEMORY_MB, f.memory_size().map(|m| m.to_string()).unwrap_or_default());
    r.set(TIMEOUT_S, f.timeout().map(|t| t.to_string()).unwrap_or_default());
    r.set(LAST_MODIFIED, f.last_modified().unwrap_or_default());
    r.set(HANDLER, f.handler().unwrap_or_default());
    r.set(CODE_SIZE, f.code_size());
    r
}
