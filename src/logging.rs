//! Logs go to a file (never to the terminal), created mode 0600.

use std::fs::OpenOptions;
use std::path::PathBuf;

/// `$XDG_STATE_HOME/aws-monitor/aws-monitor.log`, else `~/.local/state/...`.
pub fn log_path() -> PathBuf {
    crate::config::user_dir("XDG_STATE_HOME", &[".local", "state"]).join("aws-monitor.log")
}

/// Starts logging to [`log_path`]. The level comes from `AWS_MONITOR_LOG`
/// (default `info` for this crate, `warn` for the rest). SDK wire logs are
/// kept at `warn` so no signed header is ever written.
pub fn init() -> anyhow::Result<PathBuf> {
    let path = log_path();
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
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
    Ok(path)
}
