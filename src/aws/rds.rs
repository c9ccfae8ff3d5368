//! RDS DB instances.

use aws_config::SdkConfig;
use aws_sdk_rds::Client;
use aws_sdk_rds::types::DbInstance;

use super::{Tally, aws_error, rfc3339, tags};
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) async fn instances(
    cfg: &SdkConfig,
    region: &str,
    tally: &Tally,
    page_size: i32,
) -> Result<Vec<Resource>, AwsError> {
    let client = Client::new(cfg);
    let mut pages = client
        .describe_db_instances()
        .max_records(page_size)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        tally.page("rds:DescribeDBInstances");
        let page = page.map_err(aws_error)?;
        out.extend(page.db_instances().iter().map(|d| db(d, region)));
    }
    Ok(out)
}

fn db(d: &DbInstance, region: &str) -> Resource {
    let id = d.db_instance_identifier().unwrap_or_default();
    let mut r = Resource::new(ResourceKind::RdsInstance, region, id);
    // DescribeDBInstances carries the tags inline: no ListTagsForResource per DB.
    r.tags = tags(d.tag_list().iter().map(|t| (t.key(), t.value())));
    r.name = r.tags.get("Name").cloned().unwrap_or_else(|| id.to_string());
    r.state = d.db_instance_status().unwrap_or_default().to_string();
    r.detail("class", d.db_instance_class().unwrap_or_default());
    let engine = d.engine().unwrap_or_default();
    r.detail("engine", engine);
    r.detail("engine_version", d.engine_version().unwrap_or_default());
    r.detail("az", d.availability_zone().unwrap_or_default());
    r.detail("multi_az", d.multi_az().unwrap_or(false));
    r.detail(
        "storage_gib",
        d.allocated_storage().map(|s| s.to_string()).unwrap_or_default(),
    );
    r.detail("storage_type", d.storage_type().unwrap_or_default());
    if let Some(e) = d.endpoint() {
        let port = e.port().map(|p| format!(":{p}")).unwrap_or_default();
        r.detail("endpoint", format!("{}{port}", e.address().unwrap_or_default()));
    }
    r.detail("encrypted", d.storage_encrypted().unwrap_or(false));
    r.detail("created", d.instance_create_time().map(rfc3339).unwrap_or_default());
    r
}
