//! EBS volumes: listed by the EC2 instances' listing (`ec2_instance.rs`,
//! which says why); this file turns one into a [`Resource`].

use aws_sdk_ec2::types::Volume;

use super::ec2_resource;
use crate::aws::rfc3339;
use crate::kinds::ebs_volume::*;
use crate::model::{Resource, ResourceKind};

pub(super) fn volume(v: &Volume, region: &str) -> Resource {
    let mut r = ec2_resource(ResourceKind::EbsVolume, region, v.volume_id(), v.tags());
    r.state = v.state().map(|s| s.as_str().into()).unwrap_or_default();
    r.set(SIZE_GIB, v.size().map(|s| s.to_string()).unwrap_or_default());
    r.set(TYPE, v.volume_type().map(|t| t.as_str()).unwrap_or_default());
    r.set(IOPS, v.iops().map(|i| i.to_string()).unwrap_or_default());
    r.set(AZ, v.availability_zone().unwrap_or_default());
    r.set(ENCRYPTED, v.encrypted().unwrap_or(false));
    let attached: Vec<&str> = v.attachments().iter().filter_map(|a| a.instance_id()).collect();
    r.set(ATTACHED_TO, attached.join(","));
    r.set(CREATED, v.create_time().map(rfc3339).unwrap_or_default());
    r
}
