//! EC2 instances. Their listing also reports the EBS volumes, AMIs and EBS
//! snapshots (`listed_with`): see `aws/inventory/ec2_instance.rs`.

use super::Tone::{Bad, Good, Warn};
use super::{Field, KindDef, ResourceKind, Scope, col, num};
use chrono::{DateTime, NaiveDateTime, Utc};

use crate::model::{DetailKey, MetricSpec};

pub const TYPE: DetailKey = DetailKey::new("type");
pub const AZ: DetailKey = DetailKey::new("az");
pub const PRIVATE_IP: DetailKey = DetailKey::new("private_ip");
pub const PUBLIC_IP: DetailKey = DetailKey::new("public_ip");
pub const LAUNCH_TIME: DetailKey = DetailKey::new("launch_time");
/// When a stopped instance stopped (RFC 3339), from its state transition reason.
pub const STOPPED_AT: DetailKey = DetailKey::new("stopped_at");
pub const VPC: DetailKey = DetailKey::new("vpc");
pub const MONITORING: DetailKey = DetailKey::new("monitoring");
pub const STATUS_CHECKS: DetailKey = DetailKey::new("status_checks");

const K: ResourceKind = ResourceKind::Ec2Instance;
const fn m(name: &'static str, stat: &'static str, unit: &'static str) -> MetricSpec {
    MetricSpec::new(K, "AWS/EC2", "InstanceId", name, stat, unit)
}

pub static KIND: KindDef = KindDef {
    kind: K,
    service: "ec2",
    scope: Scope::Regional,
    title: "EC2 instances",
    short: "EC2",
    noun: "instance",
    aliases: &["ec2", "instance", "instances"],
    key: Some('2'),
    listed_with: None,
    shown_in: None,
    columns: &[
        col("NAME", Field::Name, 20),
        col("ID", Field::Id, 19),
        col("TYPE", Field::Detail(TYPE), 11),
        col("STATE", Field::State, 10),
        col("STATUS", Field::Detail(STATUS_CHECKS), 10),
        col("AZ", Field::Detail(AZ), 11),
        col("PRIVATE IP", Field::Detail(PRIVATE_IP), 15),
        col("PUBLIC IP", Field::Detail(PUBLIC_IP), 15),
        num("AGE", Field::Age(LAUNCH_TIME), 5),
    ],
    sort: 0,
    states: &[
        ("running", Good),
        ("pending", Warn),
        ("stopping", Warn),
        ("shutting-down", Warn),
        ("stopped", Bad),
        ("terminated", Bad),
    ],
    metrics: &[
        m("CPUUtilization", "Average", "Percent"),
        m("NetworkIn", "Sum", "Bytes"),
        m("NetworkOut", "Sum", "Bytes"),
        m("DiskReadBytes", "Sum", "Bytes"),
        m("DiskWriteBytes", "Sum", "Bytes"),
    ],
    sparkline: true,
    arn: Some("arn:{p}:ec2:{region}:{account}:instance/{id}"),
    console: "https://{host}/ec2/home?region={region}#InstanceDetails:instanceId={id}",
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
