//! Who the caller is, and which regions are enabled.

use aws_sdk_iam::error::ProvideErrorMetadata;

use super::{Aws, Tally, aws_error};
use crate::model::{AwsError, Identity};

impl Aws {
    /// STS GetCallerIdentity: works for users and roles and needs no permission.
    pub async fn identity(&self) -> Result<Identity, AwsError> {
        let cfg = self.regional(&self.home_region());
        let out = aws_sdk_sts::Client::new(&cfg)
            .get_caller_identity()
            .send()
            .await
            .map_err(aws_error)?;
        let account = out.account().unwrap_or_default().to_string();
        // (When `account` below holds the lock, it stores the answer itself.)
        if let (false, Ok(mut known)) = (account.is_empty(), self.account.try_lock()) {
            *known = Some(account.clone());
        }
        Ok(Identity {
            account,
            arn: out.arn().unwrap_or_default().to_string(),
            source: self.source(),
        })
    }

    /// The caller's account id: the one [`Aws::identity`] already learned
    /// (the binary asks it at start), else one GetCallerIdentity, counted in
    /// `tally`, made once however many listings ask at the same time.
    pub(crate) async fn account(&self, tally: &Tally) -> Result<String, AwsError> {
        let mut known = self.account.lock().await;
        if let Some(account) = known.as_ref() {
            return Ok(account.clone());
        }
        tally.call(super::ops::sts::GET_CALLER_IDENTITY);
        let account = self.identity().await?.account;
        if account.is_empty() {
            return Err(AwsError::new("NoAccount", "STS named no account for the caller"));
        }
        *known = Some(account.clone());
        Ok(account)
    }

    /// The IAM user name, only when the caller is an IAM user. Roles have
    /// none, and a denied GetUser is not worth an error.
    pub async fn user_name(&self, identity: &Identity) -> Option<String> {
        if !identity.arn.contains(":user/") {
            return None;
        }
        let cfg = self.regional(&self.home_region());
        match aws_sdk_iam::Client::new(&cfg).get_user().send().await {
            Ok(out) => out.user().map(|u| u.user_name().to_string()),
            Err(e) => {
                tracing::debug!(code = e.code(), "GetUser failed; leaving the user name out");
                None
            }
        }
    }

    /// The regions enabled for the account (EC2 DescribeRegions).
    pub async fn enabled_regions(&self) -> Result<Vec<String>, AwsError> {
        let cfg = self.regional(&self.home_region());
        let out = aws_sdk_ec2::Client::new(&cfg)
            .describe_regions()
            .send()
            .await
            .map_err(aws_error)?;
        let mut regions: Vec<String> = out
            .regions()
            .iter()
            .filter_map(|r| r.region_name().map(str::to_string))
            .collect();
        regions.sort();
        Ok(regions)
    }
}
