//! EC2 instances.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::Instance;
use futures::future::BoxFuture;

use super::{Cx, Listing, one, probed};
use crate::aws::actions::{Feature::Inventory, Operation, op};
use crate::aws::{Aws, KindResult, Tally, aws_error, rfc3339, tags};
use crate::kinds::ec2_instance::{AZ, LAUNCH_TIME, MONITORING, PRIVATE_IP, PUBLIC_IP, TYPE, VPC};
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

const F: &str = "inventory/ec2_instance.rs";
#[rustfmt::skip]
const OPERATIONS: &[Operation] = &[
    op(F, "describe_instances", "ec2:DescribeInstances", "ec2:DescribeInstances", Inventory),
];

impl Listing for Adapter {
    fn kind(&self) -> ResourceKind {
        ResourceKind::Ec2Instance
    }

    fn operations(&self) -> &'static [Operation] {
        OPERATIONS
    }

    fn list<'a>(&'a self, cx: Cx<'a>) -> BoxFuture<'a, Vec<KindResult>> {
        Box::pin(async move {
            let tally = Tally::default();
            let client = Client::new(&cx.aws.regional(cx.region));
            let mut out = Vec::new();
            // The first page small when nothing is on screen yet (rows after
            // one short round trip), then the largest pages (fewest calls).
            let mut size = if cx.quick_start { 5 } else { cx.aws.page(5, 1000) };
            let mut token: Option<String> = None;
            let r = loop {
                tally.page("ec2:DescribeInstances");
                let page = match client
                    .describe_instances()
                    .max_results(size)
                    .set_next_token(token.take())
                    .send()
                    .await
                {
                    Ok(page) => page,
                    Err(e) => break Err(aws_error(e)),
                };
                let from = out.len();
                for reservation in page.reservations() {
                    out.extend(reservation.instances().iter().map(|i| instance(i, cx.region)));
                }
                cx.page(self.kind(), &out[from..]);
                token = page.next_token().filter(|t| !t.is_empty()).map(str::to_string);
                if token.is_none() {
                    break Ok(());
                }
                size = cx.aws.page(5, 1000);
            };
            one(self.kind(), tally, r.map(|()| out))
        })
    }

    fn probe<'a>(&'a self, aws: &'a Aws, region: &'a str) -> BoxFuture<'a, Result<(), AwsError>> {
        Box::pin(async move {
            probed(
                Client::new(&aws.regional(region))
                    .describe_instances()
                    .max_results(5)
                    .send()
                    .await,
            )
        })
    }
}

fn instance(i: &Instance, region: &str) -> Resource {
    let mut r = Resource::new(ResourceKind::Ec2Instance, region, i.instance_id().unwrap_or_default());
    r.tags = tags(i.tags().iter().map(|t| (t.key(), t.value())));
    r.name = r.tags.get("Name").cloned().unwrap_or_default();
    r.state = i
        .state()
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_string())
        .unwrap_or_default();
    r.set(TYPE, i.instance_type().map(|t| t.as_str()).unwrap_or_default());
    r.set(
        AZ,
        i.placement().and_then(|p| p.availability_zone()).unwrap_or_default(),
    );
    r.set(PRIVATE_IP, i.private_ip_address().unwrap_or_default());
    r.set(PUBLIC_IP, i.public_ip_address().unwrap_or_default());
    r.set(LAUNCH_TIME, i.launch_time().map(rfc3339).unwrap_or_default());
    r.set(VPC, i.vpc_id().unwrap_or_default());
    r.set(
        MONITORING,
        i.monitoring()
            .and_then(|m| m.state())
            .map(|s| s.as_str())
            .unwrap_or_default(),
    );
    r
}
