//! Owned EBS snapshots: listed by the EC2 instances' listing
//! (`ec2_instance.rs`, which says why, and how only the caller's account's
//! are kept); this file turns one into a [`Resource`].

use aws_sdk_ec2::types::Snapshot;

use super::ec2_resource;
use crate::aws::rfc3339;
use crate::kinds::ebs_snapshot::*;
use crate::model::{DetailKey, Resource, ResourceKind};

/// `volume_exists` and `amis` are left out when unknown (their listing failed).
pub(super) fn snapshot(s: &Snapshot, region: &str, volume_exists: Option<bool>, amis: Option<&[&str]>) -> Resource {
    let mut r = ec2_resource(ResourceKind::EbsSnapshot, region, s.snapshot_id(), s.tags());
    r.state = s.state().map(|st| st.as_str().into()).unwrap_or_default();
    r.set(VOLUME, s.volume_id().unwrap_or_default());
    r.set(SIZE_GIB, s.volume_size().map(|n| n.to_string()).unwrap_or_default());
    r.set(STARTED, s.start_time().map(rfc3339).unwrap_or_default());
    r.set(ENCRYPTED, s.encrypted().unwrap_or(false));
    r.set(DESCRIPTION, s.description().unwrap_or_default());
    r.set(PROGRESS, s.progress().unwrap_or_default());
    for (key, value) in linked(volume_exists, amis) {
        r.set(key, value);
    }
    r
}

/// A snapshot's facts borrowed from other listings, those that are known:
/// whether its volume still exists, and which owned AMIs use it (`none`
/// when none does).
pub(super) fn linked(volume_exists: Option<bool>, amis: Option<&[&str]>) -> Vec<(DetailKey, String)> {
    let mut late = Vec::new();
    if let Some(exists) = volume_exists {
        late.push((VOLUME_EXISTS, if exists { "yes" } else { "no" }.to_string()));
    }
    if let Some(amis) = amis {
        late.push((
            AMI,
            if amis.is_empty() {
                "none".to_string()
            } else {
                amis.join(",")
            },
        ));
    }
    late
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::SnapshotState;

    use super::*;

    #[test]
    fn what_is_unknown_is_left_out() {
        let s = Snapshot::builder()
            .snapshot_id("snap-1")
            .volume_id("vol-gone")
            .state(SnapshotState::Completed)
            .volume_size(8)
            .encrypted(true)
            .build();
        let r = snapshot(&s, "eu-west-1", Some(false), Some(&["ami-1"]));
        assert_eq!(
            (r.detail_str(VOLUME_EXISTS), r.detail_str(AMI), r.detail_str(SIZE_GIB)),
            ("no", "ami-1", "8")
        );
        assert_eq!(snapshot(&s, "eu-west-1", Some(true), Some(&[])).detail_str(AMI), "none");
        let unknown = snapshot(&s, "eu-west-1", None, None);
        assert!(!unknown.details.contains_key("volume_exists") && !unknown.details.contains_key("ami"));
    }
}
