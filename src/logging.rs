//! Logs go to a file (never to the terminal), created mode 0600.

use std::fs::OpenOptions;
use std::path::PathBuf;

/// Starts logging to [`crate::paths::log_file`]. The level comes from `AWS_MONITOR_LOG`
/// (default `info` for this crate, `warn` for the rest). SDK wire logs are
/// kept at `warn` so no signed header is ever written.
pub fn init() -> anyhow::Result<PathBuf> {
    let path = crate::paths::log_file();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(&path)?;
    // A log file made by an older version or by hand is made private too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_env("AWS_MONITOR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,aws_monitor=info"))
        .add_directive("aws_smithy_runtime=warn".parse()?)
        .add_directive("aws_sigv4=off".parse()?);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(Redacting(file)))
        .try_init();
    Ok(path)
}

/// A writer that scrubs credentials from every log line before it reaches
/// the file: whatever a dependency logs at whatever level (the SDK's config
/// loader prints access key IDs at `info`), the file never holds an access
/// key ID, a secret, a session token or a signed header.
struct Redacting<W>(W);

impl<W: std::io::Write> std::io::Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let clean = redact(&String::from_utf8_lossy(buf));
        self.0.write_all(clean.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Field names whose values are secret, in Debug (`name: "v"`), header
/// (`name: v`) or query (`name=v`) form.
const SECRET_FIELDS: [&str; 8] = [
    "access_key_id",
    "secret_access_key",
    "session_token",
    "aws_secret_access_key",
    "authorization",
    "x-amz-security-token",
    "x-amz-signature",
    "signature",
];

/// `text` with every secret value replaced by `**`.
pub fn redact(text: &str) -> String {
    let mut out = mask_key_ids(text);
    for field in SECRET_FIELDS {
        out = mask_after(&out, field);
    }
    out
}

/// Masks AWS access key IDs: `AKIA`/`ASIA` and 16 more upper-case letters or digits.
fn mask_key_ids(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let candidate = (b[i..].starts_with(b"AKIA") || b[i..].starts_with(b"ASIA"))
            && b.len() >= i + 20
            && b[i..i + 20]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if candidate {
            out.push_str("AKIA**");
            i += 20;
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Masks the value after each case-insensitive `field` followed by `:` or
/// `=` (and an optional quote), up to the closing quote, `,`, `&`, or the
/// end of the line.
fn mask_after(text: &str, field: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(pos) = lower[at..].find(field) {
        let start = at + pos + field.len();
        out.push_str(&text[at..start]);
        let rest = &text[start..];
        let sep = rest.len() - rest.trim_start_matches([':', '=', ' ']).len();
        if sep == 0 {
            at = start;
            continue;
        }
        out.push_str(&rest[..sep]);
        let value = &rest[sep..];
        let (quoted, value) = match value.strip_prefix('"') {
            Some(v) => (true, v),
            None => (false, value),
        };
        let end = if quoted {
            value.find('"').unwrap_or(value.len())
        } else {
            value.find([',', '&', '\n', ' ', ')', '}']).unwrap_or(value.len())
        };
        let already = value[..end].starts_with("**");
        if quoted {
            out.push('"');
        }
        out.push_str(if already { &value[..end] } else { "**" });
        at = start + sep + usize::from(quoted) + end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn credentials_never_reach_the_log() {
        let line = r#"chain=ProfileChain { base: AccessKey(Credentials { provider_name: "ProfileFile", access_key_id: "AKIAKNOWNTESTKEY0042", secret_access_key: "** redacted **", expires_after: "never" }) }"#;
        let clean = redact(line);
        assert!(!clean.contains("AKIAKNOWNTESTKEY0042"), "{clean}");
        assert!(clean.contains(r#"access_key_id: "**""#), "{clean}");
        assert!(clean.contains("provider_name: \"ProfileFile\""), "{clean}");
        let headers = "authorization: AWS4-HMAC-SHA256 Credential=ASIAABCDEFGHIJKLMNOP/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=abc123\nx-amz-security-token: FQoGZXIvYXdzEJr\n";
        let clean = redact(headers);
        assert!(
            !clean.contains("ASIAABCDEFGHIJKLMNOP") && !clean.contains("abc123") && !clean.contains("FQoG"),
            "{clean}"
        );
        assert!(clean.contains("authorization: **"), "{clean}");
        let query = "GET /?X-Amz-Credential=AKIAXXXXXXXXXXXXXXXX%2F&X-Amz-Signature=deadbeef&x-id=ListBuckets";
        let clean = redact(query);
        assert!(
            !clean.contains("deadbeef") && !clean.contains("AKIAXXXXXXXXXXXXXXXX"),
            "{clean}"
        );
        assert!(clean.contains("x-id=ListBuckets"), "{clean}");
        assert_eq!(redact("a plain line, nothing secret"), "a plain line, nothing secret");
        assert_eq!(redact("résumé ✓ AKIA short"), "résumé ✓ AKIA short");
    }
}
