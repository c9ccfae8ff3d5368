//! EC2 key pairs, listed with the EC2 instances (`listed_with`): the
//! instances' adapter calls DescribeKeyPairs (one call a region: the API
//! has no pages) beside its own listings, and counts each key's instances
//! from the instances it lists (a late fact), so no instance is listed
//! twice. This file only converts.

use aws_sdk_ec2::types::KeyPairInfo;

use super::ec2_resource;
use crate::aws::rfc3339;
use crate::kinds::key_pair::*;
use crate::model::{Resource, ResourceKind};

/// A key pair's row, without its instance count (a late fact).
pub(super) fn key_pair(k: &KeyPairInfo, region: &str) -> Resource {
    let name = k.key_name().unwrap_or_default();
    let mut r = ec2_resource(ResourceKind::KeyPair, region, Some(name), k.tags());
    if r.name.is_empty() {
        r.name = name.into();
    }
    r.state = AVAILABLE.into();
    r.set(KEY_PAIR_ID, k.key_pair_id().unwrap_or_default());
    r.set(TYPE, k.key_type().map(|t| t.as_str()).unwrap_or_default());
    r.set(FINGERPRINT, k.key_fingerprint().unwrap_or_default());
    r.set(CREATED, k.create_time().map(rfc3339).unwrap_or_default());
    r
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{KeyType, Tag};

    use super::*;

    #[test]
    fn a_key_pair_is_named_by_its_key_name() {
        let k = KeyPairInfo::builder()
            .key_name("deploy")
            .key_pair_id("key-0123")
            .key_type(KeyType::Ed25519)
            .key_fingerprint("ab:cd")
            .tags(Tag::builder().key("Team").value("ops").build())
            .build();
        let r = key_pair(&k, "eu-west-1");
        assert_eq!(
            (r.id.as_str(), r.name.as_str(), r.state.as_str()),
            ("deploy", "deploy", AVAILABLE)
        );
        assert_eq!((r.detail_str(KEY_PAIR_ID), r.detail_str(TYPE)), ("key-0123", "ed25519"));
        assert_eq!(r.detail_str(FINGERPRINT), "ab:cd");
        assert_eq!(r.tags.get("Team"), Some("ops"));
        assert_eq!(r.detail_str(INSTANCES), "", "known only at the listing's end");
    }
}
