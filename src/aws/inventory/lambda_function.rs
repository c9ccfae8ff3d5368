//! Lambda functions. ListFunctions carries no tags: they come from one
//! GetResources listing per region, read beside it; when that is denied,
//! from one ListTags per function (concurrently).

use aws_sdk_lambda::Client;
use aws_sdk_lambda::types::FunctionConfiguration;

use super::tagging::tags_by_arn;
use super::{Cx, OneKind, all_pages, fan_out, probed};
use crate::aws::ops::{Operation, lambda};
use crate::aws::{Tally, aws_error};
use crate::kinds::lambda_function::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::LambdaFunction;
    const OPERATIONS: &[Operation] = &[lambda::LIST_FUNCTIONS, lambda::LIST_TAGS];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        let client = cx.client(Client::new);
        let pages = client
            .list_functions()
            .max_items(cx.aws.page(1, 50))
            .into_paginator()
            .send();
        let listed = all_pages(
            pages,
            tally,
            lambda::LIST_FUNCTIONS,
            |p| p.functions(),
            |f| (function(f, cx.region), f.function_arn().map(str::to_string)),
        );
        // Both listings at once: the tags cost no extra round trip.
        let (found, tagged) = futures::join!(
            listed,
            tags_by_arn(cx.aws, cx.region, "lambda:function", lambda::LIST_TAGS, tally)
        );
        let found = found?;
        if let Some(mut by_arn) = tagged? {
            return Ok(found
                .into_iter()
                .map(|(mut r, arn)| {
                    r.tags = arn.and_then(|a| by_arn.remove(&a)).unwrap_or_default();
                    r
                })
                .collect());
        }
        fan_out(found, |(mut r, arn)| {
            let client = client.clone();
            async move {
                if let Some(arn) = arn {
                    tally.call(lambda::LIST_TAGS);
                    let out = client.list_tags().resource(arn).send().await.map_err(aws_error)?;
                    r.tags = out
                        .tags()
                        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                        .unwrap_or_default();
                }
                Ok(r)
            }
        })
        .await
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).list_functions().max_items(1).send()).await
    }
}

fn function(f: &FunctionConfiguration, region: &str) -> Resource {
    let name = f.function_name().unwrap_or_default();
    let mut r = Resource::new(ResourceKind::LambdaFunction, region, name);
    r.name = name.into();
    r.state = f.state().map(|s| s.as_str().into()).unwrap_or_else(|| "Active".into());
    r.set(RUNTIME, f.runtime().map(|x| x.as_str()).unwrap_or_default());
    r.set(MEMORY_MB, f.memory_size().map(|m| m.to_string()).unwrap_or_default());
    r.set(TIMEOUT_S, f.timeout().map(|t| t.to_string()).unwrap_or_default());
    r.set(LAST_MODIFIED, f.last_modified().unwrap_or_default());
    r.set(HANDLER, f.handler().unwrap_or_default());
    r.set(CODE_SIZE, f.code_size());
    r
}
