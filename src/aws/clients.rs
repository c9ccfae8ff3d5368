//! One profile -> one base `SdkConfig` -> per-region configs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;

/// The default profile name.
pub const DEFAULT_PROFILE: &str = "monitor";

/// Where the AWS shared config and credentials files are.
#[derive(Debug, Clone)]
pub struct ProfileFiles {
    pub config: PathBuf,
    pub credentials: PathBuf,
}

impl ProfileFiles {
    /// The files the SDK reads: `AWS_CONFIG_FILE` and
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`.
    pub fn from_env() -> ProfileFiles {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        let pick = |var: &str, default: &str| {
            std::env::var_os(var)
                .map(PathBuf::from)
                .unwrap_or_else(|| home.join(".aws").join(default))
        };
        ProfileFiles {
            config: pick("AWS_CONFIG_FILE", "config"),
            credentials: pick("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        }
    }

    /// Whether the profile's section in the config file uses SSO
    /// (`sso_session` or `sso_start_url`).
    pub fn uses_sso(&self, name: &str) -> bool {
        let Ok(text) = std::fs::read_to_string(&self.config) else {
            return false;
        };
        let mut inside = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                let inner = line.trim_start_matches('[').trim_end_matches(']').trim();
                let section = inner.strip_prefix("profile").map(str::trim).unwrap_or(inner);
                inside = section == name;
            } else if inside && line.starts_with("sso_") {
                return true;
            }
        }
        false
    }

    /// Whether either file defines the profile.
    pub fn has_profile(&self, name: &str) -> bool {
        section_exists(&self.config, name, true) || section_exists(&self.credentials, name, false)
    }
}

/// Whether an INI-style AWS file has a section for `name`. In the config file
/// a profile is `[profile NAME]` (or `[default]`); in the credentials file it
/// is `[NAME]`.
fn section_exists(path: &Path, name: &str, config_file: bool) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    text.lines().any(|line| {
        let line = line.trim();
        let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
            return false;
        };
        let inner = inner.trim();
        if config_file {
            let profile = inner
                .strip_prefix("profile")
                .filter(|rest| rest.starts_with(char::is_whitespace));
            match profile {
                Some(rest) => rest.trim() == name,
                None => inner == name && name == "default",
            }
        } else {
            inner == name
        }
    })
}

/// Which credentials the tool uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialChoice {
    /// A named profile from the shared files.
    Profile(String),
    /// The default chain (environment, SSO, web identity, instance role),
    /// because the default `monitor` profile does not exist.
    DefaultChain,
}

/// Picks the credentials: `--profile`, else `$AWS_PROFILE`, else `monitor`;
/// a missing `monitor` falls back to the default chain, a missing profile
/// named explicitly is an error.
pub fn choose_credentials(
    flag: Option<&str>,
    env_profile: Option<&str>,
    files: &ProfileFiles,
) -> Result<CredentialChoice, SetupError> {
    let explicit = flag.or(env_profile.filter(|p| !p.is_empty()));
    match explicit {
        Some(name) if files.has_profile(name) => Ok(CredentialChoice::Profile(name.to_string())),
        Some(name) => Err(SetupError::NoSuchProfile {
            name: name.to_string(),
            config: files.config.clone(),
            credentials: files.credentials.clone(),
        }),
        None if files.has_profile(DEFAULT_PROFILE) => Ok(CredentialChoice::Profile(DEFAULT_PROFILE.to_string())),
        None => Ok(CredentialChoice::DefaultChain),
    }
}

/// Set-up problems, each one actionable line.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("profile \"{name}\" not found in {} or {}; create it with `aws configure --profile {name}`", config.display(), credentials.display())]
    NoSuchProfile {
        name: String,
        config: PathBuf,
        credentials: PathBuf,
    },
    #[error("no AWS credentials found ({detail}); run `aws configure --profile monitor`, or use an instance role")]
    NoCredentials { detail: String },
    #[error(
        "the SSO session for profile \"{profile}\" has expired or is missing; run `aws sso login --profile {profile}`"
    )]
    SsoExpired { profile: String },
    #[error("no account \"{name}\" among the accounts found: {known}")]
    NoSuchAccount { name: String, known: String },
    #[error(
        "cannot list the organization's accounts with {from} ({error}); it needs organizations:ListAccounts in the management or a delegated administrator account"
    )]
    Organization {
        from: String,
        error: crate::model::AwsError,
    },
    #[error("AWS rejected the credentials from {from} ({error}); {fix}")]
    Rejected {
        from: String,
        error: crate::model::AwsError,
        fix: String,
    },
}

/// What to run when AWS rejects the credentials of `profile` with `code`.
pub fn rejection_fix(code: &str, profile: &str, sso: bool) -> String {
    match code {
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" | "TokenRefreshRequired" if sso => {
            format!("the SSO session has expired; run `aws sso login --profile {profile}`")
        }
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" | "TokenRefreshRequired" => format!(
            "the credentials have expired; renew the session token, or store keys with `aws configure --profile {profile}`"
        ),
        "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "UnrecognizedClientException"
        | "AuthFailure"
        | "InvalidAccessKeyId"
        | "IncompleteSignature"
        | "InvalidToken" => {
            if sso {
                format!("run `aws sso login --profile {profile}`")
            } else {
                format!("the keys are not valid; set working ones with `aws configure --profile {profile}`")
            }
        }
        _ => format!("check them with `aws sts get-caller-identity --profile {profile}`"),
    }
}

/// How to reach AWS.
#[derive(Debug, Clone)]
pub struct AwsSettings {
    pub profile_flag: Option<String>,
    pub endpoint_url: Option<String>,
    /// Longest a single call (with its retries) may take.
    pub call_timeout: Duration,
    /// Attempts per call under the standard retry mode.
    pub max_attempts: u32,
    /// Items per list page; `None` for each API's maximum. Small pages are
    /// for tests that prove pagination.
    pub page_size: Option<i32>,
}

impl Default for AwsSettings {
    fn default() -> Self {
        AwsSettings {
            profile_flag: None,
            endpoint_url: None,
            call_timeout: crate::defaults::CALL_TIMEOUT,
            max_attempts: 5,
            page_size: None,
        }
    }
}

/// The shared AWS set-up: one base config from one profile.
#[derive(Debug, Clone)]
pub struct Aws {
    pub(super) base: SdkConfig,
    pub choice: CredentialChoice,
    pub(crate) endpoint_url: Option<String>,
    pub(super) page_size: Option<i32>,
    /// The caller's account id, once known (from [`Aws::identity`]).
    pub(crate) account: std::sync::Arc<tokio::sync::Mutex<Option<String>>>,
}

impl Aws {
    /// Loads the profile (or the default chain) with standard retries and
    /// the per-call timeout. Makes no network call.
    pub async fn load(settings: &AwsSettings) -> Result<Aws, SetupError> {
        let env_profile = std::env::var("AWS_PROFILE").ok();
        let choice = choose_credentials(
            settings.profile_flag.as_deref(),
            env_profile.as_deref(),
            &ProfileFiles::from_env(),
        )?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            // Standard, not adaptive: in aws-smithy-runtime 1.11 the adaptive
            // client rate limiter charges a retry 5 tokens against a capacity
            // floored at 1 after a throttle, so the retry waits for tokens
            // that never come, until the call timeout (smithy-rs #4749).
            // Standard mode retries throttling with jittered exponential
            // backoff, per service and region (its retry partition).
            .retry_config(RetryConfig::standard().with_max_attempts(settings.max_attempts))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5).min(settings.call_timeout))
                    .operation_timeout(settings.call_timeout)
                    .build(),
            );
        if let CredentialChoice::Profile(name) = &choice {
            loader = loader.profile_name(name);
        }
        if let Some(url) = &settings.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let mut base = loader.load().await;
        if base.region().is_none() {
            base = base.to_builder().region(Region::new("us-east-1")).build();
        }
        let aws = Aws {
            base,
            choice,
            endpoint_url: settings.endpoint_url.clone(),
            page_size: settings.page_size,
            account: Default::default(),
        };
        // A role profile against an endpoint: the SDK's own profile chain
        // would ask the real STS, so assume the role from its source
        // profile here, through the endpoint.
        if settings.endpoint_url.is_some()
            && let CredentialChoice::Profile(name) = &aws.choice
            && let Some((arn, Some(source), external_id)) = super::accounts::role_profile(name).await
        {
            let from = Box::pin(Aws::load(&AwsSettings {
                profile_flag: Some(source),
                ..settings.clone()
            }))
            .await?;
            return Ok(aws.with_credentials(from.assumed(&arn, external_id.as_deref()).await));
        }
        Ok(aws)
    }

    /// The page size for an API whose largest page is `max` and smallest `min`.
    pub(crate) fn page(&self, min: i32, max: i32) -> i32 {
        self.page_size.map_or(max, |p| p.clamp(min, max))
    }

    /// The home region (from the profile, else us-east-1).
    pub fn home_region(&self) -> String {
        self.base
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| "us-east-1".to_string())
    }

    /// The base config bound to one region.
    pub(crate) fn regional(&self, region: &str) -> SdkConfig {
        self.base.to_builder().region(Region::new(region.to_string())).build()
    }

    /// Resolves credentials once, to give a clear message before any call.
    pub async fn check_credentials(&self) -> Result<(), SetupError> {
        let Some(provider) = self.base.credentials_provider() else {
            return Err(SetupError::NoCredentials {
                detail: "no credential provider".into(),
            });
        };
        match provider.provide_credentials().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let detail = super::error_line(&e);
                match &self.choice {
                    CredentialChoice::Profile(p)
                        if detail.to_lowercase().contains("sso") || ProfileFiles::from_env().uses_sso(p) =>
                    {
                        Err(SetupError::SsoExpired { profile: p.clone() })
                    }
                    _ => Err(SetupError::NoCredentials { detail }),
                }
            }
        }
    }

    /// The set-up error for credentials AWS rejected, with what to run.
    pub fn rejected(&self, error: crate::model::AwsError) -> SetupError {
        let profile = match &self.choice {
            CredentialChoice::Profile(p) => p.clone(),
            CredentialChoice::DefaultChain => DEFAULT_PROFILE.to_string(),
        };
        let sso = ProfileFiles::from_env().uses_sso(&profile);
        SetupError::Rejected {
            from: self.source(),
            fix: rejection_fix(&error.code, &profile, sso),
            error,
        }
    }

    /// Where the credentials come from, for display. Never the keys.
    pub fn source(&self) -> String {
        match &self.choice {
            CredentialChoice::Profile(p) => format!("profile {p}"),
            CredentialChoice::DefaultChain if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() => {
                format!("environment variables (no profile {DEFAULT_PROFILE:?})")
            }
            CredentialChoice::DefaultChain => {
                format!("default credential chain (no profile {DEFAULT_PROFILE:?}): instance role, SSO or web identity")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(config: &str, credentials: &str) -> (tempfile::TempDir, ProfileFiles) {
        let dir = tempfile::tempdir().unwrap();
        let f = ProfileFiles {
            config: dir.path().join("config"),
            credentials: dir.path().join("credentials"),
        };
        std::fs::write(&f.config, config).unwrap();
        std::fs::write(&f.credentials, credentials).unwrap();
        (dir, f)
    }

    #[test]
    fn monitor_profile_is_the_default() {
        let (_d, f) = files("[profile monitor]\nregion = eu-west-1\n", "");
        assert_eq!(
            choose_credentials(None, None, &f).unwrap(),
            CredentialChoice::Profile("monitor".into())
        );
        let (_d, f) = files("", "[monitor]\naws_access_key_id = x\n");
        assert_eq!(
            choose_credentials(None, None, &f).unwrap(),
            CredentialChoice::Profile("monitor".into())
        );
    }

    #[test]
    fn missing_monitor_falls_back_to_the_default_chain() {
        let (_d, f) = files("[default]\n[profile monitoring]\n", "[other]\n");
        assert_eq!(
            choose_credentials(None, None, &f).unwrap(),
            CredentialChoice::DefaultChain
        );
    }

    #[test]
    fn explicit_profiles_must_exist() {
        let (_d, f) = files("[profile prod]\n", "");
        assert_eq!(
            choose_credentials(Some("prod"), None, &f).unwrap(),
            CredentialChoice::Profile("prod".into())
        );
        assert_eq!(
            choose_credentials(None, Some("prod"), &f).unwrap(),
            CredentialChoice::Profile("prod".into())
        );
        let err = choose_credentials(Some("nope"), Some("prod"), &f)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("profile \"nope\" not found in "), "{err}");
        assert!(err.contains("credentials"), "{err}");
        assert!(choose_credentials(None, Some("gone"), &f).is_err());
    }

    #[test]
    fn rejections_name_what_to_run() {
        let (_d, f) = files(
            "[profile work]\nsso_session = corp\n[profile keys]\nregion = us-east-1\n[sso-session corp]\nsso_region = x\n",
            "",
        );
        assert!(f.uses_sso("work"));
        assert!(!f.uses_sso("keys"));
        assert!(!f.uses_sso("corp"), "an sso-session section is not a profile");
        assert!(rejection_fix("ExpiredToken", "work", true).contains("aws sso login --profile work"));
        assert!(rejection_fix("ExpiredToken", "keys", false).contains("aws configure --profile keys"));
        assert!(rejection_fix("InvalidClientTokenId", "keys", false).contains("aws configure --profile keys"));
        assert!(rejection_fix("Weird", "keys", false).contains("aws sts get-caller-identity --profile keys"));
    }

    #[test]
    fn config_sections_need_the_profile_prefix() {
        let (_d, f) = files("[monitor]\n[profileless]\n", "");
        assert!(!f.has_profile("monitor"));
        let (_d, f) = files("[default]\n[ profile  spaced ]\n", "");
        assert!(f.has_profile("default"));
        assert!(f.has_profile("spaced"));
    }
}
