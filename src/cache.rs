//! The disk cache of cost snapshots: one JSON file per (account, endpoint)
//! under `$XDG_CACHE_HOME/aws-monitor/` (else `~/.cache/aws-monitor/`),
//! created mode 0600. It holds figures only, never a credential.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::cost::CostSnapshot;

/// Where one account's cost figures are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostCache {
    pub dir: PathBuf,
    pub account: String,
    /// The endpoint override (an emulator), so its figures never mix with AWS's.
    pub endpoint: Option<String>,
    pub ttl: Duration,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    account: String,
    endpoint: Option<String>,
    snapshot: CostSnapshot,
}

const VERSION: u32 = 1;

/// FNV-1a: a stable short name for an endpoint (std's hasher is not stable).
pub(crate) fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl CostCache {
    pub fn new(dir: PathBuf, account: &str, endpoint: Option<&str>, ttl: Duration) -> CostCache {
        CostCache {
            dir,
            account: account.to_string(),
            endpoint: endpoint.map(str::to_string),
            ttl,
        }
    }

    /// `cost-<account>.json`, or `cost-<account>-<endpoint hash>.json`.
    pub fn path(&self) -> PathBuf {
        let account: String = self.account.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let name = match &self.endpoint {
            None => format!("cost-{account}.json"),
            Some(e) => format!("cost-{account}-{:016x}.json", fnv(e)),
        };
        self.dir.join(name)
    }

    /// The cached snapshot for this account and endpoint, however old.
    pub fn load_any(&self) -> Option<CostSnapshot> {
        let text = std::fs::read_to_string(self.path()).ok()?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| tracing::warn!("ignoring the unreadable cost cache {}: {e}", self.path().display()))
            .ok()?;
        (file.version == VERSION && file.account == self.account && file.endpoint == self.endpoint)
            .then_some(file.snapshot)
    }

    /// The cached snapshot when it is younger than the TTL at `now`.
    pub fn load_fresh(&self, now: DateTime<Utc>) -> Option<CostSnapshot> {
        self.load_any().filter(|s| self.is_fresh(s, now))
    }

    pub fn is_fresh(&self, snapshot: &CostSnapshot, now: DateTime<Utc>) -> bool {
        let age = now - snapshot.fetched_at;
        age >= chrono::TimeDelta::zero() && age.to_std().is_ok_and(|a| a < self.ttl)
    }

    /// Writes the snapshot: a temporary file created mode 0600, then renamed
    /// over the old one, so a reader never sees half a file.
    pub fn store(&self, snapshot: &CostSnapshot) -> std::io::Result<()> {
        create_private_dir(&self.dir)?;
        let file = File {
            version: VERSION,
            account: self.account.clone(),
            endpoint: self.endpoint.clone(),
            snapshot: snapshot.clone(),
        };
        let text = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        write_private(&self.path(), &text)
    }
}

/// Writes a private file (0600) atomically: a temporary file beside it,
/// synced, then renamed over it.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_private_with(path, |f| f.write_all(bytes))
}

/// [`write_private`] of what `write` writes, through a buffer; when `write`
/// fails, the temporary file is removed and nothing is renamed.
pub(crate) fn write_private_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = std::io::BufWriter::new(opts.open(&tmp)?);
    let written = write(&mut f)
        .and_then(|()| f.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all());
    match written {
        Ok(()) => std::fs::rename(&tmp, path),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defaults::COST_TTL;
    use crate::model::cost::{Money, RawCost};

    fn snapshot(at: DateTime<Utc>) -> CostSnapshot {
        let raw = RawCost {
            by_service: vec![("AWS Lambda".into(), Money::parse("0.0101516483").unwrap())],
            forecast: Err("unavailable: X".into()),
            ..RawCost::default()
        };
        CostSnapshot::assemble(at.date_naive(), at, raw)
    }

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn stores_exactly_with_mode_0600_and_honours_the_ttl() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CostCache::new(dir.path().join("aws-monitor"), "123456789012", None, COST_TTL);
        assert_eq!(cache.load_any(), None);
        let s = snapshot(at(0));
        cache.store(&s).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(cache.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(cache.path().file_name().unwrap(), "cost-123456789012.json");
        assert_eq!(cache.load_fresh(at(6 * 3600 - 1)), Some(s.clone()));
        assert_eq!(cache.load_fresh(at(6 * 3600)), None, "stale at the TTL");
        assert_eq!(cache.load_fresh(at(-10)), None, "from the future: not trusted");
        assert_eq!(cache.load_any(), Some(s));
        let text = std::fs::read_to_string(cache.path()).unwrap();
        assert!(text.contains("\"0.0101516483\""), "every digit kept: {text}");
        assert!(!text.to_lowercase().contains("secret") && !text.contains("testing"));
    }

    #[test]
    fn accounts_and_endpoints_do_not_mix() {
        let dir = tempfile::tempdir().unwrap();
        let a = CostCache::new(dir.path().into(), "111111111111", None, COST_TTL);
        let b = CostCache::new(dir.path().into(), "222222222222", None, COST_TTL);
        let moto = CostCache::new(
            dir.path().into(),
            "111111111111",
            Some("http://127.0.0.1:5000"),
            COST_TTL,
        );
        a.store(&snapshot(at(0))).unwrap();
        assert_eq!(b.load_any(), None);
        assert_eq!(moto.load_any(), None);
        assert_ne!(a.path(), moto.path());
        std::fs::write(a.path(), "{not json").unwrap();
        assert_eq!(a.load_any(), None, "a damaged file is ignored, not fatal");
        a.store(&snapshot(at(0))).unwrap();
        assert!(a.load_any().is_some(), "and replaced by the next store");
    }
}
