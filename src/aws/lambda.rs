//! Lambda functions. ListFunctions carries no tags, so each function costs
//! one ListTags; those run concurrently.

use aws_config::SdkConfig;
use aws_sdk_lambda::Client;
use aws_sdk_lambda::types::FunctionConfiguration;
use futures::{StreamExt, TryStreamExt};

use super::{Tally, aws_error};
use crate::model::{AwsError, Resource, ResourceKind};

/// How many per-item calls of one job run at once.
pub(super) const FAN_OUT: usize = 16;

pub(super) async fn functions(
    cfg: &SdkConfig,
    region: &str,
    tally: &Tally,
    page_size: i32,
) -> Result<Vec<Resource>, AwsError> {
    let client = Client::new(cfg);
    let mut pages = client.list_functions().max_items(page_size).into_paginator().send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        tally.page("lambda:ListFunctions");
        let page = page.map_err(aws_error)?;
        found.extend(
            page.functions()
                .iter()
                .map(|f| (function(f, region), f.function_arn().map(str::to_string))),
        );
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
    r.detail("runtime", f.runtime().map(|x| x.as_str()).unwrap_or_default());
    r.detail("memory_mb", f.memory_size().map(|m| m.to_string()).unwrap_or_default());
    r.detail("timeout_s", f.timeout().map(|t| t.to_string()).unwrap_or_default());
    r.detail("last_modified", f.last_modified().unwrap_or_default());
    r.detail("handler", f.handler().unwrap_or_default());
    r.detail("code_size", f.code_size());
    r
}
