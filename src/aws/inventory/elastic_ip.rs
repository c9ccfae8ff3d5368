//! Elastic IP addresses: DescribeAddresses answers every address of the
//! region in one call (the API has no pages), so this listing is one call
//! per region; the association is in the answer, no other listing is needed.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::Address;

use super::{Cx, OneKind, ec2_resource, probed};
use crate::aws::ops::{Operation, ec2};
use crate::aws::{Tally, aws_error};
use crate::kinds::elastic_ip::*;
use crate::model::{AwsError, Resource, ResourceKind};

pub(super) struct Adapter;

impl OneKind for Adapter {
    const KIND: ResourceKind = ResourceKind::ElasticIp;
    const OPERATIONS: &[Operation] = &[ec2::DESCRIBE_ADDRESSES];

    async fn list(cx: Cx<'_>, tally: &Tally) -> Result<Vec<Resource>, AwsError> {
        // The whole region in one answer: counted as a page.
        tally.page(ec2::DESCRIBE_ADDRESSES);
        let out = cx
            .client(Client::new)
            .describe_addresses()
            .send()
            .await
            .map_err(aws_error)?;
        Ok(out.addresses().iter().map(|a| address(a, cx.region)).collect())
    }

    async fn probe(cx: Cx<'_>) -> Result<(), AwsError> {
        probed(cx.client(Client::new).describe_addresses().send()).await
    }
}

fn address(a: &Address, region: &str) -> Resource {
    let public_ip = a.public_ip().unwrap_or_default();
    let id = a.allocation_id().unwrap_or(public_ip);
    let mut r = ec2_resource(ResourceKind::ElasticIp, region, Some(id), a.tags());
    let instance = a.instance_id().filter(|i| !i.is_empty());
    let interface = a.network_interface_id().filter(|i| !i.is_empty());
    let associated = a.association_id().is_some_and(|i| !i.is_empty()) || instance.is_some() || interface.is_some();
    r.state = if associated { ASSOCIATED } else { UNASSOCIATED }.into();
    r.set(PUBLIC_IP, public_ip);
    r.set(ASSOCIATED_WITH, instance.or(interface).unwrap_or("none"));
    r.set(INSTANCE, instance.unwrap_or_default());
    r.set(NETWORK_INTERFACE, interface.unwrap_or_default());
    r.set(PRIVATE_IP, a.private_ip_address().unwrap_or_default());
    r.set(ASSOCIATION_ID, a.association_id().unwrap_or_default());
    r.set(DOMAIN, a.domain().map(|d| d.as_str()).unwrap_or_default());
    r
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{DomainType, Tag};

    use super::*;

    #[test]
    fn an_address_names_what_it_is_associated_with() {
        let idle = Address::builder()
            .allocation_id("eipalloc-1")
            .public_ip("203.0.113.7")
            .domain(DomainType::Vpc)
            .tags(Tag::builder().key("Name").value("spare").build())
            .build();
        let r = address(&idle, "eu-west-1");
        assert_eq!(
            (r.id.as_str(), r.name.as_str(), r.state.as_str()),
            ("eipalloc-1", "spare", "unassociated")
        );
        assert_eq!(r.detail_str(ASSOCIATED_WITH), "none");
        assert_eq!(r.detail_str(PUBLIC_IP), "203.0.113.7");
        let eni = Address::builder()
            .allocation_id("eipalloc-2")
            .public_ip("203.0.113.8")
            .association_id("eipassoc-2")
            .network_interface_id("eni-2")
            .private_ip_address("10.0.0.8")
            .build();
        let r = address(&eni, "eu-west-1");
        assert_eq!(
            (r.state.as_str(), r.detail_str(ASSOCIATED_WITH)),
            ("associated", "eni-2")
        );
        let classic = Address::builder().public_ip("198.51.100.1").instance_id("i-1").build();
        let r = address(&classic, "eu-west-1");
        assert_eq!((r.id.as_str(), r.detail_str(ASSOCIATED_WITH)), ("198.51.100.1", "i-1"));
    }
}
