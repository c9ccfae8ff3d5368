//! EC2 instances. Their listing also reports the EBS volumes, AMIs and EBS
//! snapshots (`listed_with`): see `aws/inventory/ec2_instance.rs`.

use super::{KindDef, States, Metrics, ResourceKind, age_of, id, name, state, text};
use chrono::{DateTime, NaiveDateTime, Utc};


detail_keys! {
    TYPE,
    AZ,
    PRIVATE_IP,
    PUBLIC_IP,
    LAUNCH_TIME,
    /// When a stopped instance stopped (RFC 3339), from its state transition reason.
    STOPPED_AT,
    VPC,
    MONITORING,
    STATUS_CHECKS,
}

const K: ResourceKind = ResourceKind::Ec2Instance;
const CW: Metrics = Metrics::new(K, "AWS/EC2", "InstanceId");

pub static KIND: KindDef = KindDef {
    aliases: &["ec2", "instance", "instances"],
    key: Some('2'),
    columns: &[
        name(20),
        id(19),
        text("TYPE", TYPE, 11),
        state(10),
        text("STATUS", STATUS_CHECKS, 10),
        text("AZ", AZ, 11),
        text("PRIVATE IP", PRIVATE_IP, 15),
        text("PUBLIC IP", PUBLIC_IP, 15),
        age_of("AGE", LAUNCH_TIME, 5),
    ],
    states: States {
        good: &["running"],
        warn: &["pending", "stopping", "shutting-down"],
        bad: &["stopped", "terminated"],
    },
    metrics: &[
        CW.of("CPUUtilization", "Average", "Percent"),
        CW.of("NetworkIn", "Sum", "Bytes"),
        CW.of("NetworkOut", "Sum", "Bytes"),
        CW.of("DiskReadBytes", "Sum", "Bytes"),
        CW.of("DiskWriteBytes", "Sum", "Bytes"),
    ],
    sparkline: true,
    arn: Some("arn:{p}:ec2:{region}:{account}:instance/{id}"),
    console: "https://{host}/ec2/home?region={region}#InstanceDetails:instanceId={id}",
    ..KindDef::new(K, "ec2", "EC2 instances", "EC2", "instance")
};

/// When an instance stopped, from its state transition reason
/// (`User initiated (2026-01-01 10:00:00 GMT)`).
pub fn stopped_at(reason: &str) -> Option<DateTime<Utc>> {
    let inside = reason.rsplit_once('(')?.1.split(')').next()?;
    let text = inside.trim_end_matches(" GMT").trim_end_matches(" UTC");
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_transition_reasons_give_the_stop_time() {
        assert_eq!(
            stopped_at("User initiated (2026-01-02 10:00:00 GMT)").map(|t| t.to_rfc3339()),
            Some("2026-01-02T10:00:00+00:00".to_string())
        );
        assert!(stopped_at("User initiated (2026-01-02 10:00:00 UTC)").is_some());
        assert_eq!(stopped_at(""), None);
        assert_eq!(stopped_at("Server.SpotInstanceTermination"), None);
    }

}
