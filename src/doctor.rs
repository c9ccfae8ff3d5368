//! `aws-monitor doctor`: credentials, identity, the region list, then one
//! cheap call per service and region, printed as a table of what works and
//! what is denied, with the missing IAM action named (from
//! [`crate::aws::actions`]).

use crate::aws::actions::{action_for, fallback_actions};
use crate::aws::ops::{ec2, sts};
use crate::aws::{Aws, ProbeResult};
use crate::model::AwsError;

/// One line of the doctor's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub check: String,
    pub region: String,
    pub status: Status,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Denied,
    Failed,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Denied => "DENIED",
            Status::Failed => "FAILED",
        }
    }
}

/// The doctor's findings and the exit code they call for: 0 when all is
/// well, 1 when the credentials or identity fail, 2 when some service fails.
#[derive(Debug)]
pub struct Findings {
    pub rows: Vec<Row>,
    pub hint: Option<String>,
    pub code: u8,
}

/// Whether an AWS error code means a missing permission.
pub fn is_denied(code: &str) -> bool {
    AwsError::new(code, "").is_denied()
}

fn row(check: &str, region: &str, status: Status, detail: impl Into<String>) -> Row {
    Row {
        check: check.to_string(),
        region: region.to_string(),
        status,
        detail: detail.into(),
    }
}

/// The row for a failed call of `api`: denied with the missing action, or
/// failed with the AWS code and message.
fn failure(check: &str, region: &str, api: &str, e: &AwsError) -> Row {
    if is_denied(&e.code) {
        let action = action_for(api).unwrap_or(api);
        let mut detail = format!("missing {action} ({})", e.code);
        let instead = fallback_actions(action);
        if !instead.is_empty() {
            detail.push_str(&format!("; one call per resource instead ({})", instead.join(", ")));
        }
        row(check, region, Status::Denied, detail)
    } else {
        row(check, region, Status::Failed, e.to_string())
    }
}

/// The row for one probe.
pub fn probe_row(p: &ProbeResult) -> Row {
    let check = format!(
        "{} {}",
        p.probe.service(),
        p.probe.api().split(':').nth(1).unwrap_or_default()
    );
    match &p.result {
        Ok(()) => row(&check, &p.region, Status::Ok, ""),
        Err(e) => failure(&check, &p.region, p.probe.api(), e),
    }
}

/// Runs every check. `wanted` is the `--regions` list (`None` for all
/// enabled regions).
pub async fn run(aws: &Aws, wanted: Option<Vec<String>>) -> Findings {
    let mut rows = Vec::new();
    let home = aws.home_region();
    if let Err(e) = aws.check_credentials().await {
        rows.push(row("credentials", "-", Status::Failed, aws.source()));
        return Findings {
            rows,
            hint: Some(e.to_string()),
            code: 1,
        };
    }
    rows.push(row("credentials", "-", Status::Ok, aws.source()));
    match aws.identity().await {
        Ok(id) => rows.push(row("sts GetCallerIdentity", &home, Status::Ok, id.arn)),
        Err(e) => {
            rows.push(failure(
                "sts GetCallerIdentity",
                &home,
                sts::GET_CALLER_IDENTITY.api,
                &e,
            ));
            let hint = aws.rejected(e).to_string();
            return Findings {
                rows,
                hint: Some(hint),
                code: 1,
            };
        }
    }
    let regions = match (aws.enabled_regions().await, wanted) {
        (Ok(all), None) => {
            rows.push(row(
                "ec2 DescribeRegions",
                &home,
                Status::Ok,
                format!("{} regions", all.len()),
            ));
            all
        }
        (Ok(all), Some(list)) => {
            rows.push(row(
                "ec2 DescribeRegions",
                &home,
                Status::Ok,
                format!("{} regions", all.len()),
            ));
            for bad in list.iter().filter(|r| !all.contains(r)) {
                rows.push(row("region", bad, Status::Failed, "not enabled for this account"));
            }
            list.into_iter().filter(|r| all.contains(r)).collect()
        }
        (Err(e), list) => {
            rows.push(failure("ec2 DescribeRegions", &home, ec2::DESCRIBE_REGIONS.api, &e));
            list.unwrap_or_else(|| vec![home.clone()])
        }
    };
    rows.extend(aws.probe_all(&regions).await.iter().map(probe_row));
    let code = if rows.iter().all(|r| r.status == Status::Ok) {
        0
    } else {
        2
    };
    let denied: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == Status::Denied)
        .filter_map(|r| r.detail.strip_prefix("missing ")?.split(' ').next())
        .collect();
    let hint = (!denied.is_empty()).then(|| {
        let mut actions = denied;
        actions.sort_unstable();
        actions.dedup();
        format!(
            "add {} to the policy (`aws-monitor policy` prints the whole minimal policy)",
            actions.join(", ")
        )
    });
    Findings { rows, hint, code }
}

/// The table, aligned, with a closing summary line.
pub fn render(f: &Findings) -> String {
    let header = ["CHECK", "REGION", "RESULT", "DETAIL"];
    let rows: Vec<[String; 4]> = f
        .rows
        .iter()
        .map(|r| {
            [
                r.check.clone(),
                r.region.clone(),
                r.status.label().to_string(),
                r.detail.clone(),
            ]
        })
        .collect();
    let mut out = crate::output::aligned(&header, &rows);
    let (ok, denied, failed) = f.rows.iter().fold((0, 0, 0), |(o, d, x), r| match r.status {
        Status::Ok => (o + 1, d, x),
        Status::Denied => (o, d + 1, x),
        Status::Failed => (o, d, x + 1),
    });
    out.push_str(&format!("{ok} ok, {denied} denied, {failed} failed\n"));
    if let Some(h) = &f.hint {
        out.push_str(h);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::Probe;

    #[test]
    fn a_denied_probe_names_the_missing_action() {
        let p = ProbeResult {
            region: "eu-west-1".into(),
            probe: Probe::Listing(crate::model::ResourceKind::S3Bucket),
            result: Err(AwsError::new("AccessDenied", "Access Denied")),
        };
        let r = probe_row(&p);
        assert_eq!(r.status, Status::Denied);
        assert_eq!(r.detail, "missing s3:ListAllMyBuckets (AccessDenied)");
        assert_eq!(r.check, "s3 ListBuckets");
        let p = ProbeResult {
            region: "eu-west-1".into(),
            probe: Probe::Listing(crate::model::ResourceKind::EmrCluster),
            result: Err(AwsError::new("ThrottlingException", "Rate exceeded")),
        };
        let r = probe_row(&p);
        assert_eq!(
            (r.status, r.detail.as_str()),
            (Status::Failed, "ThrottlingException: Rate exceeded")
        );
    }

    #[test]
    fn a_denied_tagging_probe_names_the_action_and_the_fallback() {
        let p = ProbeResult {
            region: "eu-west-1".into(),
            probe: Probe::Tagging,
            result: Err(AwsError::new("AccessDeniedException", "no")),
        };
        let r = probe_row(&p);
        assert_eq!(r.check, "tag GetResources");
        assert_eq!(r.status, Status::Denied);
        assert_eq!(
            r.detail,
            "missing tag:GetResources (AccessDeniedException); one call per resource instead \
             (cloudwatch:ListTagsForResource, elasticloadbalancing:DescribeTags, lambda:ListTags, \
             s3:GetBucketTagging)"
        );
    }

    #[test]
    fn the_table_is_aligned_and_summed() {
        let f = Findings {
            rows: vec![
                row("credentials", "-", Status::Ok, "profile monitor"),
                row(
                    "rds DescribeDBInstances",
                    "us-east-1",
                    Status::Denied,
                    "missing rds:DescribeDBInstances (AccessDenied)",
                ),
            ],
            hint: Some("add rds:DescribeDBInstances to the policy".into()),
            code: 2,
        };
        assert_eq!(
            render(&f),
            "\
CHECK                    REGION     RESULT  DETAIL
credentials              -          ok      profile monitor
rds DescribeDBInstances  us-east-1  DENIED  missing rds:DescribeDBInstances (AccessDenied)
1 ok, 1 denied, 0 failed
add rds:DescribeDBInstances to the policy
"
        );
    }
}
