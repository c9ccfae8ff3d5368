//! Many accounts at once: a list of profiles (key, SSO or role profiles),
//! or the organization's ACTIVE accounts reached through a role assumed
//! from the first profile. Each account is a [`Member`] with its own
//! [`Aws`]; the [`Fleet`] is what the poller, doctor and whoami walk.

use std::borrow::Cow;
use std::sync::Arc;

use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::SharedCredentialsProvider;

use super::{Aws, AwsSettings, SetupError, Tally, error_line};
use crate::model::{AccountId, AccountInfo, AwsError};

/// The session name of every role the tool assumes (CloudTrail shows it).
pub const SESSION_NAME: &str = "aws-monitor";

/// Which accounts to watch (flags, or an `[accounts.NAME]` set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountChoice {
    /// Profiles, one account each; empty: the one default choice.
    pub profiles: Vec<String>,
    /// Assume this role in every ACTIVE account of the organization.
    pub org_role: Option<String>,
    /// Keep only these accounts (ids or names); empty keeps all.
    pub only: Vec<String>,
}

/// One account being watched.
#[derive(Debug)]
pub struct Member {
    pub info: AccountInfo,
    pub aws: Arc<Aws>,
    /// The regions enabled in the account, once known.
    pub regions: Option<Vec<String>>,
    /// Why the account cannot be polled (AssumeRole denied, expired SSO):
    /// each of its cells fails with it, the other accounts go on. Asked
    /// again each cycle ([`Member::recheck`]).
    error: std::sync::Mutex<Option<AwsError>>,
}

impl Member {
    pub fn new(info: AccountInfo, aws: Arc<Aws>, error: Option<AwsError>) -> Member {
        Member {
            info,
            aws,
            regions: None,
            error: std::sync::Mutex::new(error),
        }
    }

    /// Why the account cannot be polled, if it cannot.
    pub fn error(&self) -> Option<AwsError> {
        self.error.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// For an account that could not be reached: one identity call (one
    /// AssumeRole behind it) to learn whether it can be now (the role was
    /// fixed, `aws sso login` was run). Returns the error that remains.
    pub async fn recheck(&self) -> Option<AwsError> {
        self.error()?;
        let now = self.aws.identity().await.err().map(|e| match self.role() {
            Some(role) => assume_error(&role_arn(self.info.id, role), e),
            None => e,
        });
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = now.clone();
        now
    }

    /// The role of an organization member (its source is `role NAME from ...`).
    fn role(&self) -> Option<&str> {
        self.info.source.strip_prefix("role ")?.split_whitespace().next()
    }
}

/// Every account watched, first the one whose profile came first. Cheap to
/// clone.
#[derive(Debug, Clone)]
pub struct Fleet {
    members: Arc<[Member]>,
    /// The organization's accounts (`--org-role`): Cost Explorer is asked
    /// once, from the first.
    org: bool,
}

impl Fleet {
    pub fn new(members: Vec<Member>) -> Fleet {
        Fleet {
            members: members.into(),
            org: false,
        }
    }

    pub fn members(&self) -> &[Member] {
        &self.members
    }

    pub fn is_org(&self) -> bool {
        self.org
    }

    /// How [`Fleet::cost`] asks: once with the by-account breakdown for an
    /// organization, else once per reachable account.
    pub fn cost_plan(&self) -> crate::model::cost::CostPlan {
        crate::model::cost::CostPlan {
            sets: match self.org {
                true => 1,
                false => self.members.iter().filter(|m| m.error().is_none()).count().max(1) as u32,
            },
            by_account: self.org,
        }
    }

    /// The first profile's account (Cost Explorer for an organization is
    /// asked from it).
    pub fn first(&self) -> Option<&Member> {
        self.members.first()
    }

    pub fn get(&self, id: AccountId) -> Option<&Member> {
        self.members.iter().find(|m| m.info.id == id)
    }

    pub fn infos(&self) -> Vec<AccountInfo> {
        self.members.iter().map(|m| m.info.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The accounts of `choice`: each profile's, or the organization's
    /// through `org_role`. Each account's identity and regions are asked at
    /// once; an account that fails keeps its error for its cells. Only the
    /// first profile must work (it is the one set-up errors name).
    pub async fn load(settings: &AwsSettings, choice: &AccountChoice) -> Result<Fleet, SetupError> {
        let profiles: Vec<Option<String>> = match choice.profiles.as_slice() {
            [] => vec![settings.profile_flag.clone()],
            list => list.iter().cloned().map(Some).collect(),
        };
        let mut loaded = Vec::with_capacity(profiles.len());
        for p in &profiles {
            let s = AwsSettings {
                profile_flag: p.clone(),
                ..settings.clone()
            };
            loaded.push(Arc::new(Aws::load(&s).await?));
        }
        let mut members = match &choice.org_role {
            Some(role) => {
                let first = loaded.first().cloned().ok_or_else(|| SetupError::NoCredentials {
                    detail: "no profile to list the organization from".into(),
                })?;
                org_members(first, role).await?
            }
            None => {
                let answers = futures::future::join_all(loaded.iter().map(|a| a.identity())).await;
                let members: Vec<Member> = loaded
                    .into_iter()
                    .zip(answers)
                    .zip(&profiles)
                    .map(|((aws, who), profile)| {
                        let info = AccountInfo {
                            id: who
                                .as_ref()
                                .ok()
                                .and_then(|i| AccountId::parse(&i.account))
                                .unwrap_or_default(),
                            name: profile.clone().unwrap_or_default(),
                            source: aws.source(),
                        };
                        Member::new(info, aws, who.err())
                    })
                    .collect();
                once_each(members)
            }
        };
        if !choice.only.is_empty() {
            members = keep_only(members, &choice.only)?;
        }
        let regions = futures::future::join_all(members.iter().map(|m| async {
            match m.error() {
                None => m.aws.enabled_regions().await.ok(),
                Some(_) => None,
            }
        }))
        .await;
        for (m, r) in members.iter_mut().zip(regions) {
            m.regions = r;
        }
        Ok(Fleet {
            members: members.into(),
            org: choice.org_role.is_some(),
        })
    }
}

impl From<Arc<Aws>> for Fleet {
    /// One account: the profile's (its id once [`Aws::identity`] learned it).
    fn from(aws: Arc<Aws>) -> Fleet {
        let id = aws
            .account
            .try_lock()
            .ok()
            .and_then(|a| a.as_deref().and_then(AccountId::parse))
            .unwrap_or_default();
        let name = match &aws.choice {
            super::CredentialChoice::Profile(p) => p.clone(),
            super::CredentialChoice::DefaultChain => String::new(),
        };
        let info = AccountInfo {
            id,
            name,
            source: aws.source(),
        };
        Fleet::new(vec![Member::new(info, aws, None)])
    }
}

impl From<Aws> for Fleet {
    fn from(aws: Aws) -> Fleet {
        Fleet::from(Arc::new(aws))
    }
}

/// `--accounts`: the members named by id or name, in the fleet's order.
/// Two profiles of one account (an admin and a read-only profile, say)
/// would list every resource twice: the account is polled once, through
/// the first profile that names it.
fn once_each(members: Vec<Member>) -> Vec<Member> {
    let mut kept: Vec<Member> = Vec::with_capacity(members.len());
    for m in members {
        match kept.iter().find(|k| m.info.id.is_known() && k.info.id == m.info.id) {
            Some(first) => tracing::warn!(
                account = %m.info.id,
                "profiles {} and {} are the same account; polling it once, through {}",
                first.info.name,
                m.info.name,
                first.info.name
            ),
            None => kept.push(m),
        }
    }
    kept
}

fn keep_only(members: Vec<Member>, only: &[String]) -> Result<Vec<Member>, SetupError> {
    let hit = |m: &Member, w: &str| m.info.id.to_string() == w || m.info.name == w;
    if let Some(missing) = only.iter().find(|w| !members.iter().any(|m| hit(m, w))) {
        let known: Vec<String> = members
            .iter()
            .map(|m| format!("{} ({})", m.info.id, m.info.name))
            .collect();
        return Err(SetupError::NoSuchAccount {
            name: missing.clone(),
            known: known.join(", "),
        });
    }
    Ok(members.into_iter().filter(|m| only.iter().any(|w| hit(m, w))).collect())
}

/// The organization's ACTIVE accounts: the first profile's own (it must
/// work) and every other one through `role`.
async fn org_members(first: Arc<Aws>, role: &str) -> Result<Vec<Member>, SetupError> {
    first.check_credentials().await?;
    let me = first.identity().await.map_err(|e| first.rejected(e))?;
    let own = AccountId::parse(&me.account).unwrap_or_default();
    let listed = first.org_accounts().await.map_err(|e| SetupError::Organization {
        from: first.source(),
        error: e,
    })?;
    let name_of = |id: AccountId| listed.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone());
    let own_info = AccountInfo {
        id: own,
        name: name_of(own).unwrap_or_default(),
        source: first.source(),
    };
    let mut members = vec![Member::new(own_info, first.clone(), None)];
    let others: Vec<(AccountId, String)> = listed.iter().filter(|(id, _)| *id != own).cloned().collect();
    let mut assumed = Vec::with_capacity(others.len());
    for (id, _) in &others {
        assumed.push(Arc::new(first.assume(&role_arn(*id, role), None).await));
    }
    // One AssumeRole per account, all at once, to learn which are denied.
    let checks = futures::future::join_all(assumed.iter().map(|a| a.identity())).await;
    for (((id, name), aws), check) in others.into_iter().zip(assumed).zip(checks) {
        let info = AccountInfo {
            id,
            name,
            source: format!("role {role} from {}", first.source()),
        };
        members.push(Member::new(
            info,
            aws,
            check.err().map(|e| assume_error(&role_arn(id, role), e)),
        ));
    }
    Ok(members)
}

/// The default shared files (`AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE` honoured by the loader).
#[allow(
    deprecated,
    reason = "aws-config re-exports aws-runtime's type under this name; its new path is not a dependency of ours"
)]
fn profile_files() -> aws_config::profile::profile_file::ProfileFiles {
    Default::default()
}

/// `arn:aws:iam::<id>:role/<role>`.
pub fn role_arn(id: AccountId, role: &str) -> String {
    format!("arn:aws:iam::{id}:role/{role}")
}

/// A failed AssumeRole surfaces as a credentials error on the first call;
/// name the role and keep AWS's code when the message carries one.
fn assume_error(arn: &str, e: AwsError) -> AwsError {
    let text = e.to_string();
    let code = [
        "AccessDenied",
        "ExpiredToken",
        "RegionDisabledException",
        "InvalidClientTokenId",
    ]
    .into_iter()
    .find(|c| text.contains(c))
    .unwrap_or(e.code.as_str())
    .to_string();
    AwsError::new(code, format!("cannot assume {arn}: {text}"))
}

impl Aws {
    /// The same set-up, with the credentials of `role_arn` assumed from
    /// this one's (STS at the same endpoint).
    pub async fn assume(&self, role_arn: &str, external_id: Option<&str>) -> Aws {
        self.with_credentials(self.assumed(role_arn, external_id).await)
    }

    /// aws-config's `AssumeRoleProvider` for `role_arn`, from this set-up's
    /// credentials. Behind a config's identity cache its credentials are
    /// kept and refreshed before they expire.
    pub(super) async fn assumed(&self, role_arn: &str, external_id: Option<&str>) -> SharedCredentialsProvider {
        let provider = AssumeRoleProvider::builder(role_arn)
            .session_name(SESSION_NAME)
            .configure(&self.base);
        let provider = match external_id {
            Some(x) => provider.external_id(x),
            None => provider,
        };
        SharedCredentialsProvider::new(provider.build().await)
    }

    /// The same set-up with other credentials (and its account unknown).
    pub(super) fn with_credentials(&self, provider: SharedCredentialsProvider) -> Aws {
        Aws {
            base: self.base.to_builder().credentials_provider(provider).build(),
            choice: self.choice.clone(),
            endpoint_url: self.endpoint_url.clone(),
            page_size: self.page_size,
            account: Default::default(),
        }
    }

    /// organizations:ListAccounts to the end: the ACTIVE accounts, by id
    /// and name.
    pub async fn org_accounts(&self) -> Result<Vec<(AccountId, String)>, AwsError> {
        let client = aws_sdk_organizations::Client::new(&self.regional(super::cost::COST_REGION));
        let tally = Tally::default();
        let mut out = Vec::new();
        super::inventory::each_page(
            client.list_accounts().into_paginator().send(),
            &tally,
            super::ops::organizations::LIST_ACCOUNTS,
            |page| {
                for a in page.accounts() {
                    let active = a.status().is_none_or(|s| s.as_str() == "ACTIVE");
                    if let (true, Some(id)) = (active, a.id().and_then(AccountId::parse)) {
                        out.push((id, a.name().unwrap_or_default().to_string()));
                    }
                }
            },
        )
        .await?;
        Ok(out)
    }
}

/// A role profile (`role_arn` with `source_profile` or `credential_source`)
/// read with aws-config's own profile parser: `(role_arn, source_profile,
/// external_id)`. `None` for any other profile.
pub(super) async fn role_profile(name: &str) -> Option<(String, Option<String>, Option<String>)> {
    let set = aws_config::profile::load(
        &aws_types::os_shim_internal::Fs::real(),
        &aws_types::os_shim_internal::Env::real(),
        &profile_files(),
        Some(Cow::Owned(name.to_string())),
    )
    .await
    .map_err(|e| tracing::debug!(error = error_line(&e), "cannot read the profile files"))
    .ok()?;
    // The set's selected profile is `name` (the override above).
    let arn = set.get("role_arn")?.to_string();
    Some((
        arn,
        set.get("source_profile").map(str::to_string),
        set.get("external_id").map(str::to_string),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_name_the_account_and_role() {
        let id = AccountId::parse("111122223333").unwrap();
        assert_eq!(role_arn(id, "ReadOnly"), "arn:aws:iam::111122223333:role/ReadOnly");
    }

    #[test]
    fn assume_errors_keep_aws_code_and_name_the_role() {
        let e = assume_error(
            "arn:aws:iam::1:role/R",
            AwsError::new(
                "DispatchFailure",
                "failed to load credentials: AccessDenied: not allowed",
            ),
        );
        assert_eq!(e.code, "AccessDenied");
        assert!(e.message.starts_with("cannot assume arn:aws:iam::1:role/R"), "{e}");
    }
}
