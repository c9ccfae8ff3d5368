//! EC2 instances. Their listing also reports the EBS volumes, AMIs, EBS
//! snapshots and key pairs (`listed_with`): see `aws/inventory/ec2_instance.rs`.

use super::{KindDef, Metrics, ResourceKind, States, age_of, average, health, id, name, state, sum, text};
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
    /// The key pair it was launched with (empty when none).
    KEY_NAME,
}

pub static KIND: KindDef = KindDef {
    key: Some('2'),
    columns: &[
        name(20),
        id(19),
        text(TYPE, 11),
        state(10),
        health(STATUS_CHECKS, 10).titled("STATUS"),
        text(AZ, 11),
        text(PRIVATE_IP, 15),
        text(PUBLIC_IP, 15),
        age_of(LAUNCH_TIME, 5),
    ],
    states: States {
        good: &["running"],
        warn: &["pending", "stopping", "shutting-down"],
        bad: &["stopped", "terminated"],
    },
    metrics: Metrics {
        namespace: "AWS/EC2",
        dimension: "InstanceId",
        list: &[
            average("CPUUtilization", "Percent"),
            sum("NetworkIn", "Bytes"),
            sum("NetworkOut", "Bytes"),
            sum("DiskReadBytes", "Bytes"),
            sum("DiskWriteBytes", "Bytes"),
        ],
    },
    sparkline: true,
    arn: Some("arn:{p}:ec2:{region}:{account}:instance/{id}"),
    console: "https://{host}/ec2/home?region={region}#InstanceDetails:instanceId={id}",
    late: &[STATUS_CHECKS],
    ..KindDef::new(
        ResourceKind::Ec2Instance,
        "ec2",
        "EC2 instances",
        "EC2",
        "instance",
        &["ec2", "instance", "instances"],
    )
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
