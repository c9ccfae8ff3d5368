//! Owned AMIs: listed by the EC2 instances' listing (`ec2_instance.rs`,
//! which says why); this file turns one into a [`Resource`].

use aws_sdk_ec2::types::Image;

use super::ec2_resource;
use crate::kinds::ami::*;
use crate::model::{Resource, ResourceKind};

/// `instances`: how many instances of the inventory run it, when known.
pub(super) fn image(i: &Image, region: &str, instances: Option<usize>) -> Resource {
    let mut r = ec2_resource(ResourceKind::Ami, region, i.image_id(), i.tags());
    if let Some(name) = i.name().filter(|n| !n.is_empty()) {
        r.name = name.into();
    }
    r.state = i.state().map(|s| s.as_str().into()).unwrap_or_default();
    r.set(CREATED, i.creation_date().map(to_the_second).unwrap_or_default());
    r.set(PUBLIC, i.public().unwrap_or(false));
    r.set(SNAPSHOTS, snapshot_ids(i).collect::<Vec<_>>().join(","));
    r.set(DEVICES, devices(i).join("\n"));
    if let Some(n) = instances {
        r.set(INSTANCES, n);
    }
    r.set(ARCHITECTURE, i.architecture().map(|a| a.as_str()).unwrap_or_default());
    r.set(DESCRIPTION, i.description().unwrap_or_default());
    r
}

/// The EBS snapshots behind an image, the root device's first.
pub(super) fn snapshot_ids(i: &Image) -> impl Iterator<Item = &str> {
    let root = i.root_device_name();
    let mut maps: Vec<_> = i.block_device_mappings().iter().collect();
    maps.sort_by_key(|m| m.device_name() != root);
    maps.into_iter().filter_map(|m| m.ebs().and_then(|e| e.snapshot_id()))
}

/// One line per block device: `/dev/xvda snap-0abc 8 GiB (root)`.
fn devices(i: &Image) -> Vec<String> {
    let root = i.root_device_name();
    let mut maps: Vec<_> = i.block_device_mappings().iter().collect();
    maps.sort_by_key(|m| m.device_name() != root);
    maps.iter()
        .map(|m| {
            let mut line = m.device_name().unwrap_or("?").to_string();
            match m.ebs() {
                Some(e) => {
                    line.push_str(&format!(" {}", e.snapshot_id().unwrap_or("(no snapshot)")));
                    if let Some(size) = e.volume_size() {
                        line.push_str(&format!(" {size} GiB"));
                    }
                }
                None => line.push_str(&format!(" {}", m.virtual_name().unwrap_or("(no device)"))),
            }
            if m.device_name().is_some() && m.device_name() == root {
                line.push_str(" (root)");
            }
            line
        })
        .collect()
}

/// `2024-05-01T10:00:00.000Z` -> `2024-05-01T10:00:00Z`; other text as it is.
fn to_the_second(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|_| t.to_string())
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{BlockDeviceMapping, EbsBlockDevice, ImageState};

    use super::*;

    #[test]
    fn an_image_lists_its_snapshots_root_first() {
        let map = |dev: &str, snap: &str, gib: i32| {
            BlockDeviceMapping::builder()
                .device_name(dev)
                .ebs(EbsBlockDevice::builder().snapshot_id(snap).volume_size(gib).build())
                .build()
        };
        let i = Image::builder()
            .image_id("ami-1")
            .name("golden")
            .state(ImageState::Available)
            .creation_date("2026-01-02T03:04:05.000Z")
            .public(false)
            .root_device_name("/dev/xvda")
            .block_device_mappings(map("/dev/sdf", "snap-data", 100))
            .block_device_mappings(map("/dev/xvda", "snap-root", 8))
            .block_device_mappings(
                BlockDeviceMapping::builder()
                    .device_name("/dev/sdb")
                    .virtual_name("ephemeral0")
                    .build(),
            )
            .build();
        let r = image(&i, "eu-west-1", Some(2));
        assert_eq!((r.name.as_str(), r.state.as_str()), ("golden", "available"));
        assert_eq!(r.detail_str(SNAPSHOTS), "snap-root,snap-data");
        assert_eq!(
            r.detail_str(DEVICES),
            "/dev/xvda snap-root 8 GiB (root)\n/dev/sdf snap-data 100 GiB\n/dev/sdb ephemeral0"
        );
        assert_eq!(r.detail_str(CREATED), "2026-01-02T03:04:05Z");
        assert_eq!((r.detail_str(PUBLIC), r.detail_str(INSTANCES)), ("false", "2"));
        assert_eq!(image(&i, "eu-west-1", None).detail_str(INSTANCES), "", "unknown, not 0");
    }
}
