//! The only module that names the AWS SDK crates. It turns one profile into
//! per-region SDK configs, makes every AWS call, paginates to the end, counts
//! each call, and converts SDK types into [`crate::model`] types.

mod accounts;
pub mod actions;
#[cfg(test)]
mod call_sites;
mod clients;
mod cloudwatch;
mod cost;
mod doctor;
mod identity;
pub mod inventory;
pub mod logs;
pub mod ops;
#[cfg(test)]
mod profiles;

use std::sync::Mutex;
use std::time::Duration;

use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_types::error::display::DisplayErrorContext;

use crate::model::{AwsError, CallCount, ResourceKind};

pub use accounts::{AccountChoice, Fleet, Member, SESSION_NAME, role_arn};
pub use clients::{Aws, AwsSettings, CredentialChoice, ProfileFiles, SetupError, choose_credentials};
pub use cost::{COST_REGION, CostFetch};
pub use doctor::{Probe, ProbeResult};

/// How one job ended for one of its kinds: its rows went on as pages
/// ([`inventory::Cx::hand`]); this is what completes them, or its error.
#[derive(Debug)]
pub struct KindResult {
    pub kind: ResourceKind,
    pub result: Result<crate::model::Late, AwsError>,
    pub calls: CallCount,
}

/// Counts the AWS calls of one job. Every call is counted before its result
/// is looked at, so failed calls count too.
#[derive(Debug, Default)]
pub(crate) struct Tally(Mutex<CallCount>);

impl Tally {
    /// One call that is not a list page, counted under the operation's label.
    pub(crate) fn call(&self, op: ops::Operation) {
        self.record(op.api, false);
    }

    /// One page of a paginated listing (also one call).
    pub(crate) fn page(&self, op: ops::Operation) {
        self.record(op.api, true);
    }

    fn record(&self, api: &str, page: bool) {
        let mut c = self.0.lock().unwrap_or_else(|e| e.into_inner());
        c.calls += 1;
        if page {
            c.pages += 1;
        }
        *c.by_api.entry(api.to_string()).or_default() += 1;
    }

    pub(crate) fn into_count(self) -> CallCount {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// Reduces any SDK error to an AWS error code and a one-line message.
pub(crate) fn aws_error<E>(err: SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::TimeoutError(_) => AwsError::new("Timeout", "no answer within the per-call timeout"),
        SdkError::DispatchFailure(d) if d.is_timeout() => AwsError::new("Timeout", error_line(&err)),
        SdkError::DispatchFailure(d) if d.is_io() => AwsError::new("EndpointUnreachable", error_line(&err)),
        SdkError::DispatchFailure(_) => AwsError::new("DispatchFailure", error_line(&err)),
        SdkError::ResponseError(r) => AwsError::new(
            "MalformedResponse",
            format!("HTTP {}: {}", r.raw().status().as_u16(), error_line(&err)),
        ),
        SdkError::ServiceError(s) => {
            let status = s.raw().status().as_u16();
            match err.code() {
                Some(code) => AwsError::new(code, err.message().unwrap_or_default()),
                // A refusal whose body names no code (moto answers some
                // denied awsJson calls with an XML body): call it what HTTP says.
                None if status == 401 || status == 403 => {
                    AwsError::new("AccessDenied", format!("HTTP {status} with no readable AWS error code"))
                }
                // A success status whose body could not be read as an answer.
                None if (200..300).contains(&status) => AwsError::new(
                    "MalformedResponse",
                    format!("HTTP {status} with a body that is not a valid answer"),
                ),
                None => AwsError::new(format!("HTTP{status}"), format!("HTTP {status} with no AWS error code")),
            }
        }
        SdkError::ConstructionFailure(_) => AwsError::new("RequestNotBuilt", error_line(&err)),
        _ => AwsError::new("Unknown", error_line(&err)),
    }
}

/// An error with its whole source chain on one line.
pub(crate) fn error_line(err: &dyn std::error::Error) -> String {
    crate::model::one_line(DisplayErrorContext(err))
}

/// RFC 3339 text for an SDK timestamp, to the second.
pub(crate) fn rfc3339(t: &aws_smithy_types::DateTime) -> String {
    chrono::DateTime::from_timestamp(t.secs(), 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// Tags from any SDK's key/value pairs, dropping pairs with no key.
pub(crate) fn tags<'a, I>(pairs: I) -> crate::model::Tags
where
    I: IntoIterator<Item = (Option<&'a str>, Option<&'a str>)>,
{
    pairs
        .into_iter()
        .filter_map(|(k, v)| k.map(|k| (k.to_string(), v.unwrap_or_default().to_string())))
        .collect()
}

/// The longest a job may run: its calls each have the per-call timeout, and
/// jobs that fan out (S3, Lambda, EKS, EMR) make a few rounds of calls.
pub fn job_deadline(call_timeout: Duration) -> Duration {
    call_timeout * 4
}
