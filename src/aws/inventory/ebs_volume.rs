//! EBS volumes.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::Volume;
use futures::future::BoxFuture;

use super::{Cx, Listing, each_page, one, probed};
use crate::aws::actions::{Feature::Inventory, Operation, op};
use crate::aws::{Aws, KindResult, Tally, rfc3339, tags};
use crate::kinds::ebs_volume::{ATTACHED_TO, AZ, CREATED, ENCRYPTED, SIZE_GIB, TYPE};
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

const F: &str = "inventory/ebs_volume.rs";
#[rustfmt::skip]
const OPERATIONS: &[Operation] = &[
    op(F, "describe_volumes", "ec2:DescribeVolumes", "ec2:DescribeVolumes", Inventory),
];

impl Listing for Adapter {
    fn kind(&self) -> ResourceKind {
        ResourceKind::EbsVolume
    }

    fn operations(&self) -> &'static [Operation] {
        OPERATIONS
    }

    fn list<'a>(&'a self, cx: Cx<'a>) -> BoxFuture<'a, Vec<KindResult>> {
        Box::pin(async move {
            let tally = Tally::default();
            let client = Client::new(&cx.aws.regional(cx.region));
            let pages = client
                .describe_volumes()
                .max_results(cx.aws.page(5, 500))
                .into_paginator()
                .send();
            let mut out = Vec::new();
            let r = each_page(pages, &tally, "ec2:DescribeVolumes", |page| {
                let from = out.len();
                out.extend(page.volumes().iter().map(|v| volume(v, cx.region)));
                cx.page(ResourceKind::EbsVolume, &out[from..]);
            })
            .await;
            one(self.kind(), tally, r.map(|()| out))
        })
    }

    fn probe<'a>(&'a self, aws: &'a Aws, region: &'a str) -> BoxFuture<'a, Result<(), AwsError>> {
        Box::pin(async move {
            probed(
                Client::new(&aws.regional(region))
                    .describe_volumes()
                    .max_results(5)
                    .send()
                    .await,
            )
        })
    }
}

fn volume(v: &Volume, region: &str) -> Resource {
    let mut r = Resource::new(ResourceKind::EbsVolume, region, v.volume_id().unwrap_or_default());
    r.tags = tags(v.tags().iter().map(|t| (t.key(), t.value())));
    r.name = r.tags.get("Name").cloned().unwrap_or_default();
    r.state = v.state().map(|s| s.as_str().to_string()).unwrap_or_default();
    r.set(SIZE_GIB, v.size().map(|s| s.to_string()).unwrap_or_default());
    r.set(TYPE, v.volume_type().map(|t| t.as_str()).unwrap_or_default());
    r.set(AZ, v.availability_zone().unwrap_or_default());
    r.set(ENCRYPTED, v.encrypted().unwrap_or(false));
    let attached: Vec<&str> = v.attachments().iter().filter_map(|a| a.instance_id()).collect();
    r.set(ATTACHED_TO, attached.join(","));
    r.set(CREATED, v.create_time().map(rfc3339).unwrap_or_default());
    r
}
