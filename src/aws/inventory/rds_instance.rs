//! RDS DB instances. DescribeDBInstances carries the tags inline: no
//! ListTagsForResource per DB.

use aws_sdk_rds::Client;
use aws_sdk_rds::types::DbInstance;

use super::{Cx, OneKind, probed};
use crate::aws::ops::{Operation, rds};
use crate::aws::{Tally, rfc3339, tags};
use crate::kinds::rds_instance::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::RdsInstance;
    const OPERATIONS: &[Operation] = &[rds::DESCRIBE_DB_INSTANCES];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        let pages = cx
            .client(Client::new)
            .describe_db_instances()
            .max_records(cx.aws.page(20, 100))
            .into_paginator()
            .send();
        // Each page handed over as it arrives: nothing is left to return.
        cx.resources(
            Self::KIND,
            pages,
            tally,
            rds::DESCRIBE_DB_INSTANCES,
            |p| p.db_instances(),
            db,
        )
        .await
        .map(|()| Vec::new())
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).describe_db_instances().max_records(20).send()).await
    }
}

fn db(d: &DbInstance, region: &str) -> Resource {
    let mut r = Resource::new(
        ResourceKind::RdsInstance,
        region,
        d.db_instance_identifier().unwrap_or_default(),
    );
    r.tags = tags(d.tag_list().iter().map(|t| (t.key(), t.value())));
    r.name = r.tags.get("Name").map_or_else(|| r.id.clone(), Into::into);
    r.state = d.db_instance_status().unwrap_or_default().into();
    r.set(CLASS, d.db_instance_class().unwrap_or_default());
    r.set(ENGINE, d.engine().unwrap_or_default());
    r.set(ENGINE_VERSION, d.engine_version().unwrap_or_default());
    r.set(AZ, d.availability_zone().unwrap_or_default());
    r.set(MULTI_AZ, d.multi_az().unwrap_or(false));
    r.set(
        STORAGE_GIB,
        d.allocated_storage().map(|s| s.to_string()).unwrap_or_default(),
    );
    r.set(STORAGE_TYPE, d.storage_type().unwrap_or_default());
    if let Some(e) = d.endpoint() {
        let port = e.port().map(|p| format!(":{p}")).unwrap_or_default();
        r.set(ENDPOINT, format!("{}{port}", e.address().unwrap_or_default()));
    }
    r.set(ENCRYPTED, d.storage_encrypted().unwrap_or(false));
    r.set(PUBLICLY_ACCESSIBLE, d.publicly_accessible().unwrap_or(false));
    r.set(CREATED, d.instance_create_time().map(rfc3339).unwrap_or_default());
    r
}
