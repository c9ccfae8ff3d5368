//! Where the tool keeps its files, by the XDG base directories: the config
//! file, the cost cache and the log. Nothing here reads or writes them.

use std::path::PathBuf;

/// The tool's folder under an XDG base directory: `$VAR/aws-monitor`, else
/// `~/<fallback>/aws-monitor`.
pub fn user_dir(var: &str, fallback: &[&str]) -> PathBuf {
    let base = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        fallback.iter().fold(home, |p, part| p.join(part))
    });
    base.join("aws-monitor")
}

/// `$XDG_CONFIG_HOME/aws-monitor/config.toml`, else `~/.config/aws-monitor/config.toml`.
pub fn config_file() -> PathBuf {
    user_dir("XDG_CONFIG_HOME", &[".config"]).join("config.toml")
}

/// `$XDG_CACHE_HOME/aws-monitor`, else `~/.cache/aws-monitor`.
pub fn cache_dir() -> PathBuf {
    user_dir("XDG_CACHE_HOME", &[".cache"])
}

/// `$XDG_STATE_HOME/aws-monitor/aws-monitor.log`, else `~/.local/state/aws-monitor/aws-monitor.log`.
pub fn log_file() -> PathBuf {
    user_dir("XDG_STATE_HOME", &[".local", "state"]).join("aws-monitor.log")
}
