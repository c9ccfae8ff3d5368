//! The subcommands: `policy`, `completions`, `man` and `config init` (no
//! AWS), `whoami` and `doctor` (one account or several). Each writes to
//! the `out` it is given and returns its exit code; what they print is
//! made by pure functions, tested here.

use std::io::Write;

use crate::aws::actions::{Feature, policy_json};
use crate::aws::{Aws, Fleet};
use crate::cli::{Cli, Cmd, ConfigCmd};
use crate::model::{AccountInfo, AwsError, Identity};

/// The subcommands that need neither the config nor AWS. `None` when the
/// command is another (or none).
pub fn offline(cli: &Cli, out: &mut impl Write) -> anyhow::Result<Option<u8>> {
    match &cli.command {
        Some(Cmd::Policy { features }) => {
            out.write_all(policy_json(policy_features(features)).as_bytes())?;
        }
        Some(Cmd::Completions { shell }) => crate::cli::completions(*shell, out),
        Some(Cmd::Man) => crate::cli::man_page(out)?,
        Some(Cmd::Config(ConfigCmd::Init { force })) => {
            let path = cli.config.clone().unwrap_or_else(crate::paths::config_file);
            crate::config::init(&path, *force).map_err(anyhow::Error::msg)?;
            writeln!(out, "wrote {}", path.display())?;
        }
        _ => return Ok(None),
    }
    Ok(Some(0))
}

/// `policy`: the features named, or every one.
fn policy_features(named: &[Feature]) -> &[Feature] {
    match named.is_empty() {
        true => Feature::ALL,
        false => named,
    }
}

/// `whoami` for one account, after its identity call.
pub async fn whoami(aws: &Aws, out: &mut impl Write) -> anyhow::Result<u8> {
    let identity = super::start::identify(aws).await?;
    let user = aws.user_name(&identity).await;
    out.write_all(whoami_text(&identity, user.as_deref(), &aws.home_region()).as_bytes())?;
    Ok(0)
}

fn whoami_text(identity: &Identity, user: Option<&str>, region: &str) -> String {
    let mut text = format!("Account:     {}\nARN:         {}\n", identity.account, identity.arn);
    if let Some(user) = user {
        text += &format!("User:        {user}\n");
    }
    text + &format!("Credentials: {}\nRegion:      {region}\n", identity.source)
}

/// `whoami` for several accounts: one line each, with its ARN or its error.
pub async fn whoami_all(fleet: &Fleet, out: &mut impl Write) -> anyhow::Result<u8> {
    let answers = futures::future::join_all(fleet.members().iter().map(|m| m.aws.identity())).await;
    let rows = fleet.members().iter().zip(answers).map(|(m, who)| {
        let arn = match m.error() {
            Some(e) => Err(e),
            None => who.map(|i| i.arn),
        };
        (&m.info, arn)
    });
    let (text, code) = whoami_all_text(rows);
    out.write_all(text.as_bytes())?;
    Ok(code)
}

/// The lines of `whoami` over several accounts, and its exit code: 2 when
/// any account cannot say who it is.
fn whoami_all_text<'a>(
    rows: impl ExactSizeIterator<Item = (&'a AccountInfo, Result<String, AwsError>)>,
) -> (String, u8) {
    let mut text = format!("Accounts:    {}\n", rows.len());
    let mut code = 0;
    for (info, arn) in rows {
        let what = match arn {
            Ok(arn) => arn,
            Err(e) => {
                code = 2;
                format!("error: {e}")
            }
        };
        text += &format!("  {}  {:<20} {:<40} {what}\n", info.id, info.name, info.source);
    }
    (text, code)
}

/// `doctor` for one account.
pub async fn doctor(aws: &Aws, wanted: Option<Vec<String>>, out: &mut impl Write) -> anyhow::Result<u8> {
    let findings = crate::doctor::run(aws, wanted).await;
    out.write_all(crate::doctor::render(&findings).as_bytes())?;
    Ok(findings.code)
}

/// `doctor` for several accounts, each under its heading as it is done;
/// the exit code is the worst.
pub async fn doctor_all(fleet: &Fleet, wanted: Option<Vec<String>>, out: &mut impl Write) -> anyhow::Result<u8> {
    let mut code = 0;
    for m in fleet.members() {
        out.write_all(doctor_heading(&m.info).as_bytes())?;
        code = code.max(doctor(&m.aws, wanted.clone(), out).await?);
    }
    Ok(code)
}

fn doctor_heading(info: &AccountInfo) -> String {
    format!("== account {} {} ({})\n", info.id, info.name, info.source)
}

#[cfg(test)]
mod tests;
