//! Owned EBS snapshots: listed by the EC2 instances' listing
//! (`ec2_instance.rs`, which says why, and how only the caller's account's
//! are kept); this file turns one into a [`Resource`].

use aws_sdk_ec2::types::Snapshot;

use super::ec2_resource;
use crate::aws::rfc3339;
use crate::kinds::ebs_snapshot::*;
use crate::model::{Resource, ResourceKind};

/// A snapshot's row, without what it borrows from other listings (whether
/// its volume exists, the AMIs that use it): the listing's late facts.
pub(super) fn snapshot(s: &Snapshot, region: &str) -> Resource {
    let mut r = ec2_resource(ResourceKind::EbsSnapshot, region, s.snapshot_id(), s.tags());
    r.state = s.state().map(|st| st.as_str().into()).unwrap_or_default();
    r.set(VOLUME, s.volume_id().unwrap_or_default());
    r.set(SIZE_GIB, s.volume_size().map(|n| n.to_string()).unwrap_or_default());
    r.set(STARTED, s.start_time().map(rfc3339).unwrap_or_default());
    r.set(ENCRYPTED, s.encrypted().unwrap_or(false));
    r.set(DESCRIPTION, s.description().unwrap_or_default());
    r.set(PROGRESS, s.progress().unwrap_or_default());
    r
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::SnapshotState;

    use super::*;

    #[test]
    fn what_others_know_is_left_out() {
        let s = Snapshot::builder()
            .snapshot_id("snap-1")
            .volume_id("vol-gone")
            .state(SnapshotState::Completed)
            .volume_size(8)
            .encrypted(true)
            .build();
        let r = snapshot(&s, "eu-west-1");
        assert_eq!((r.detail_str(VOLUME), r.detail_str(SIZE_GIB)), ("vol-gone", "8"));
        assert!(!r.details.contains_key("volume_exists") && !r.details.contains_key("ami"));
    }
}
