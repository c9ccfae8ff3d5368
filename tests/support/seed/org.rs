//! An organization with two member accounts, and their assumed credentials.

use aws_config::SdkConfig;
use aws_credential_types::Credentials;

use super::config;

/// The role every test and the demo assume in member accounts (moto
/// accepts any role name).
pub const MEMBER_ROLE: &str = "AwsMonitorReadOnly";

/// An organization in the default account with two member accounts,
/// `dev` and `prod`; in us-east-1 of each member, a security group named
/// `only-in-<name>`, made with the member's own (assumed) credentials so
/// only that account sees it. Returns `(id, name)` of each member.
pub async fn org(endpoint: &str) -> anyhow::Result<Vec<(String, String)>> {
    let cfg = config(endpoint, "us-east-1");
    let orgs = aws_sdk_organizations::Client::new(&cfg);
    orgs.create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await?;
    let mut members = Vec::new();
    for name in ["dev", "prod"] {
        let out = orgs
            .create_account()
            .account_name(name)
            .email(format!("{name}@example.com"))
            .send()
            .await?;
        let id = out
            .create_account_status()
            .and_then(|s| s.account_id())
            .ok_or_else(|| anyhow::anyhow!("moto named no account id"))?
            .to_string();
        let member = member_config(endpoint, &id, "us-east-1").await?;
        aws_sdk_ec2::Client::new(&member)
            .create_security_group()
            .group_name(format!("only-in-{name}"))
            .description("seen only by its own account")
            .send()
            .await?;
        members.push((id, name.to_string()));
    }
    Ok(members)
}

/// An SDK config with the credentials of `MEMBER_ROLE` assumed in `account`.
pub async fn member_config(endpoint: &str, account: &str, region: &str) -> anyhow::Result<SdkConfig> {
    let base = config(endpoint, region);
    let out = aws_sdk_sts::Client::new(&base)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{MEMBER_ROLE}"))
        .role_session_name("seed")
        .send()
        .await?;
    let c = out.credentials().ok_or_else(|| anyhow::anyhow!("no credentials"))?;
    Ok(base
        .to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
            Credentials::new(
                c.access_key_id(),
                c.secret_access_key(),
                Some(c.session_token().to_string()),
                None,
                "member",
            ),
        ))
        .build())
}
