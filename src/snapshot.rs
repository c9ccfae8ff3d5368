//! The inventory on disk, so a start draws the last known estate at once:
//! after each listing, its resources per (region, kind), one JSON file each,
//! in a folder per account and endpoint under
//! `$XDG_CACHE_HOME/aws-monitor/` (else `~/.cache/aws-monitor/`). Files and
//! folders are private (0600/0700), written atomically (a temporary file
//! renamed over the old one), at most [`MAX_FILE_BYTES`] each. They hold
//! what the listings return (ids, names, states, tags, details), never a
//! credential. A file that is corrupt, truncated, of another format or
//! version, or of another account, endpoint, region or kind is ignored with
//! a log line.

use std::borrow::{Borrow, Cow};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cache::{create_private_dir, fnv, write_private, write_private_with};
use crate::model::{AccountId, Details, Resource, ResourceKind, Tags, jobs_for};

/// The largest file written or read: about 60,000 resources.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

const FORMAT: &str = "aws-monitor-inventory";
const VERSION: u32 = 1;

/// Where one account's inventory is kept, for one endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryCache {
    pub base: PathBuf,
    pub account: String,
    /// The endpoint override (an emulator), so its data never mixes with AWS's.
    pub endpoint: Option<String>,
}

/// One (region, kind) listing read back from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub region: String,
    pub kind: ResourceKind,
    pub at: DateTime<Utc>,
    pub resources: Vec<Resource>,
}

/// A cache file: its resources are written from a listing as [`Rows`]
/// (streamed, never gathered), and read back as a `Vec<Row>`.
#[derive(Debug, Serialize, Deserialize)]
struct File<R> {
    format: String,
    version: u32,
    account: String,
    endpoint: Option<String>,
    region: String,
    kind: String,
    fetched_at: DateTime<Utc>,
    resources: R,
}

/// A listing's resources, written one [`Row`] at a time.
struct Rows<'a, R> {
    items: &'a [R],
    region: &'a str,
}

impl<R: Borrow<Resource>> Serialize for Rows<'_, R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.items.iter().map(Borrow::borrow).map(|r: &Resource| Row {
            id: Cow::Borrowed(&r.id),
            region: (r.region != self.region).then_some(Cow::Borrowed(&r.region)),
            name: Cow::Borrowed(&r.name),
            state: Cow::Borrowed(&r.state),
            tags: Cow::Borrowed(&r.tags),
            details: Cow::Borrowed(&r.details),
        }))
    }
}

/// A resource without its kind, and without its region when that is the
/// file's (a global listing's resources each live in their own). Written
/// from borrowed fields (a listing is not copied to be cached), read owned.
#[derive(Debug, Serialize, Deserialize)]
struct Row<'a> {
    id: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<Cow<'a, str>>,
    #[serde(default)]
    name: Cow<'a, str>,
    #[serde(default)]
    state: Cow<'a, str>,
    #[serde(default)]
    tags: Cow<'a, Tags>,
    #[serde(default)]
    details: Cow<'a, Details>,
}

/// A writer that fails once more than `left` bytes are written through it.
struct Bounded<W> {
    out: W,
    left: u64,
}

impl<W: std::io::Write> std::io::Write for Bounded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "over the cache's {MAX_FILE_BYTES}-byte bound; not cached"
            )));
        }
        let n = self.out.write(buf)?;
        self.left -= n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Only letters, digits and `-`: safe in a file name.
fn safe(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

impl InventoryCache {
    pub fn new(base: PathBuf, account: &str, endpoint: Option<&str>) -> InventoryCache {
        InventoryCache {
            base,
            account: account.to_string(),
            endpoint: endpoint.map(str::to_string),
        }
    }

    /// Where `account`'s listings are kept when `accounts` are watched:
    /// here when it is the only one, else in a folder of its own. The one
    /// place an account's cache folder is chosen.
    pub fn of_account(&self, account: AccountId, accounts: usize) -> InventoryCache {
        match accounts {
            1 => self.clone(),
            _ => InventoryCache {
                account: account.to_string(),
                ..self.clone()
            },
        }
    }

    /// Writes one finished listing of `account` (of `accounts` watched) to
    /// its folder: the one writer of listings, for the TUI's
    /// `Command::Store` and for `--once`. A failure is logged: the listing
    /// is shown all the same.
    pub fn write_listing<R: Borrow<Resource>>(
        &self,
        accounts: usize,
        account: AccountId,
        region: &str,
        kind: ResourceKind,
        at: DateTime<Utc>,
        rows: &[R],
    ) {
        if let Err(e) = self.of_account(account, accounts).store(region, kind, at, rows) {
            tracing::warn!("inventory cache not written: {e}");
        }
    }

    /// `inventory-<account>/`, or `inventory-<account>-<endpoint hash>/`.
    pub fn folder(&self) -> PathBuf {
        let account = safe(&self.account);
        let name = match &self.endpoint {
            None => format!("inventory-{account}"),
            Some(e) => format!("inventory-{account}-{:016x}", fnv(e)),
        };
        self.base.join(name)
    }

    /// `<region>.<kind>.json` in the folder.
    pub fn path(&self, region: &str, kind: ResourceKind) -> PathBuf {
        self.folder().join(format!("{}.{kind}.json", safe(region)))
    }

    /// Writes one listing: a temporary file created mode 0600, then renamed
    /// over the old one. A listing larger than [`MAX_FILE_BYTES`] is not
    /// written (and the old file removed, so it never stands for it).
    pub fn store<R: Borrow<Resource>>(
        &self,
        region: &str,
        kind: ResourceKind,
        at: DateTime<Utc>,
        items: &[R],
    ) -> std::io::Result<()> {
        let file = File {
            format: FORMAT.to_string(),
            version: VERSION,
            account: self.account.clone(),
            endpoint: self.endpoint.clone(),
            region: region.to_string(),
            kind: kind.to_string(),
            fetched_at: at,
            resources: Rows { items, region },
        };
        let path = self.path(region, kind);
        create_private_dir(&self.base)?;
        create_private_dir(&self.folder())?;
        // Written as it is made (a large listing is never a second time in
        // memory as text), and given up past the bound.
        let written = write_private_with(&path, |out| {
            let mut bounded = Bounded {
                out,
                left: MAX_FILE_BYTES,
            };
            serde_json::to_writer(&mut bounded, &file).map_err(std::io::Error::other)
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(&path);
            return Err(std::io::Error::other(format!("{region} {kind}: {e}")));
        }
        Ok(())
    }

    /// One listing, when its file is there and sound; a file that is not is
    /// ignored with a log line saying why.
    pub fn load(&self, region: &str, kind: ResourceKind) -> Option<Cached> {
        let path = self.path(region, kind);
        match self.read(&path, region, kind) {
            Ok(found) => found,
            Err(why) => {
                tracing::warn!("ignoring the inventory cache file {}: {why}", path.display());
                None
            }
        }
    }

    fn read(&self, path: &Path, region: &str, kind: ResourceKind) -> Result<Option<Cached>, String> {
        let f = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        // Read whole (parsing a slice is fast), into a buffer of the file's
        // size, not one grown by doubling.
        let size = f.metadata().map(|m| m.len()).unwrap_or(0).min(MAX_FILE_BYTES + 1);
        let mut text = Vec::with_capacity(size as usize + 1);
        f.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut text)
            .map_err(|e| e.to_string())?;
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(format!("larger than {MAX_FILE_BYTES} bytes"));
        }
        let file: File<Vec<Row<'static>>> =
            serde_json::from_slice(&text).map_err(|e| format!("not a whole cache file ({e})"))?;
        if file.format != FORMAT {
            return Err(format!("not an inventory cache (format {:?})", file.format));
        }
        if file.version != VERSION {
            return Err(format!(
                "format version {} (this version reads {VERSION})",
                file.version
            ));
        }
        if file.account != self.account || file.endpoint != self.endpoint {
            return Err("written for another account or endpoint".to_string());
        }
        if file.region != region || file.kind != kind.to_string() {
            return Err(format!("holds {} {}, not {region} {kind}", file.region, file.kind));
        }
        if file.resources.iter().any(|r| r.id.is_empty()) {
            return Err("a resource without an id".to_string());
        }
        let resources = file
            .resources
            .into_iter()
            .map(|row| {
                let mut r = Resource::new(kind, row.region.as_deref().unwrap_or(region), row.id);
                r.name = row.name.as_ref().into();
                r.state = row.state.as_ref().into();
                r.tags = row.tags.into_owned();
                r.details = row.details.into_owned();
                r
            })
            .collect();
        Ok(Some(Cached {
            region: region.to_string(),
            kind,
            at: file.fetched_at,
            resources,
        }))
    }

    /// Every sound listing of a cycle over `regions` that is on disk.
    pub fn load_all(&self, regions: &[String]) -> Vec<Cached> {
        jobs_for(regions)
            .iter()
            .flat_map(|job| job.kinds().iter().map(move |&k| (job.region.clone(), k)))
            .filter_map(|(region, kind)| self.load(&region, kind))
            .collect()
    }

    /// The regions with a listing on disk (not `global`), sorted.
    pub fn regions_on_disk(&self) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(self.folder())
            .map(|d| {
                d.flatten()
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let region = name.strip_suffix(".json")?.split('.').next()?.to_string();
                        (region != crate::model::GLOBAL).then_some(region)
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out.dedup();
        out
    }

    /// The pointer to the account last seen for a profile and endpoint, so
    /// a start can draw that account's cache before any AWS call.
    fn pointer(base: &Path, profile: &str, endpoint: Option<&str>) -> PathBuf {
        let key = format!("{profile}\u{0}{}", endpoint.unwrap_or(""));
        base.join(format!("inventory-last-account-{:016x}", fnv(&key)))
    }

    /// Remembers the account of a profile and endpoint (a 12-digit id, never a credential).
    pub fn remember(base: &Path, profile: &str, endpoint: Option<&str>, account: &str) -> std::io::Result<()> {
        create_private_dir(base)?;
        write_private(
            &InventoryCache::pointer(base, profile, endpoint),
            safe(account).as_bytes(),
        )
    }

    /// The account last seen for a profile and endpoint.
    pub fn last_account(base: &Path, profile: &str, endpoint: Option<&str>) -> Option<String> {
        let text = std::fs::read_to_string(InventoryCache::pointer(base, profile, endpoint)).ok()?;
        let account = text.trim();
        (!account.is_empty() && account.len() <= 32 && account.chars().all(|c| c.is_ascii_digit()))
            .then(|| account.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(dir: &Path) -> InventoryCache {
        InventoryCache::new(dir.to_path_buf(), "123456789012", Some("http://127.0.0.1:5000"))
    }

    fn instances() -> Vec<Resource> {
        (0..3)
            .map(|i| {
                let mut r = Resource::new(ResourceKind::Ec2Instance, "eu-west-1", format!("i-{i}"));
                r.name = format!("web-{i}").into();
                r.state = "running".into();
                r.tags.insert("Team", "web");
                r.details.insert("type", "t3.micro");
                r
            })
            .collect()
    }

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).expect("time")
    }

    #[test]
    fn a_listing_comes_back_as_written_from_a_private_file() {
        let dir = tempfile::tempdir().expect("dir");
        let c = cache(dir.path());
        c.store("eu-west-1", ResourceKind::Ec2Instance, at(), &instances())
            .expect("store");
        let back = c.load("eu-west-1", ResourceKind::Ec2Instance).expect("cached");
        assert_eq!(back.resources, instances());
        assert_eq!(back.at, at());
        assert_eq!(c.load_all(&["eu-west-1".to_string()]), vec![back]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&c.path("eu-west-1", ResourceKind::Ec2Instance)), 0o600);
            assert_eq!(mode(&c.folder()), 0o700);
        }
        let leftovers: Vec<_> = std::fs::read_dir(c.folder())
            .expect("folder")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
            .collect();
        assert!(leftovers.is_empty(), "the temporary file was renamed");
        // Another endpoint or account reads nothing of it.
        let aws = InventoryCache::new(dir.path().to_path_buf(), "123456789012", None);
        assert_eq!(aws.load("eu-west-1", ResourceKind::Ec2Instance), None);
        // A global listing keeps each resource's own region.
        let mut bucket = Resource::new(ResourceKind::S3Bucket, "ap-south-1", "logs");
        bucket.name = "logs".into();
        c.store("global", ResourceKind::S3Bucket, at(), std::slice::from_ref(&bucket))
            .expect("store");
        let back = c.load("global", ResourceKind::S3Bucket).expect("cached");
        assert_eq!(back.resources, vec![bucket]);
    }

    #[test]
    fn corrupt_truncated_foreign_and_old_files_are_ignored() {
        let dir = tempfile::tempdir().expect("dir");
        let c = cache(dir.path());
        let kind = ResourceKind::Ec2Instance;
        c.store("eu-west-1", kind, at(), &instances()).expect("store");
        let path = c.path("eu-west-1", kind);
        let good = std::fs::read_to_string(&path).expect("read");
        let bad: Vec<(&str, String)> = vec![
            ("corrupt", "{not json at all".to_string()),
            ("truncated", good[..good.len() / 2].to_string()),
            ("empty", String::new()),
            ("old format", good.replace("\"version\":1", "\"version\":0")),
            ("another format", good.replace(FORMAT, "something-else")),
            ("another account", good.replace("123456789012", "999999999999")),
            (
                "another kind",
                good.replace("\"kind\":\"ec2-instance\"", "\"kind\":\"ebs-volume\""),
            ),
            (
                "another region",
                good.replace("\"region\":\"eu-west-1\"", "\"region\":\"us-east-1\""),
            ),
            ("a row without an id", good.replace("\"id\":\"i-1\"", "\"id\":\"\"")),
            (
                "a cost cache",
                "{\"version\":1,\"account\":\"123456789012\",\"snapshot\":{}}".to_string(),
            ),
        ];
        for (what, text) in bad {
            std::fs::write(&path, text).expect("write");
            assert_eq!(c.load("eu-west-1", kind), None, "{what} is ignored");
        }
        std::fs::write(&path, vec![b' '; MAX_FILE_BYTES as usize + 1]).expect("write");
        assert_eq!(c.load("eu-west-1", kind), None, "an oversized file is ignored");
        std::fs::write(&path, &good).expect("write");
        assert!(c.load("eu-west-1", kind).is_some(), "and a sound one is read again");
    }

    #[test]
    fn a_listing_over_the_bound_is_not_written_and_leaves_no_stale_file() {
        let dir = tempfile::tempdir().expect("dir");
        let c = cache(dir.path());
        let kind = ResourceKind::Ec2Instance;
        c.store("eu-west-1", kind, at(), &instances()).expect("store");
        let mut huge = Resource::new(kind, "eu-west-1", "i-huge");
        huge.name = "x".repeat(MAX_FILE_BYTES as usize).into();
        let err = c.store("eu-west-1", kind, at(), &[huge]).expect_err("over the bound");
        assert!(err.to_string().contains("bound; not cached"), "{err}");
        assert_eq!(
            c.load("eu-west-1", kind),
            None,
            "the older listing no longer stands for it"
        );
        let left: Vec<_> = std::fs::read_dir(c.folder()).expect("folder").flatten().collect();
        assert!(left.is_empty(), "no file and no temporary file is left: {left:?}");
    }

    #[test]
    fn one_account_keeps_the_folder_and_each_of_several_has_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let c = cache(dir.path());
        let other = AccountId::parse("210987654321").unwrap();
        assert_eq!(c.of_account(other, 1), c, "the one account watched");
        let theirs = c.of_account(other, 2);
        assert_eq!(theirs.account, "210987654321");
        theirs.write_listing(1, other, "eu-west-1", ResourceKind::Ec2Instance, at(), &instances());
        assert_eq!(
            theirs
                .load("eu-west-1", ResourceKind::Ec2Instance)
                .unwrap()
                .resources
                .len(),
            3
        );
        assert!(
            c.load("eu-west-1", ResourceKind::Ec2Instance).is_none(),
            "not in the first's folder"
        );
    }

    #[test]
    fn the_last_account_of_a_profile_and_endpoint_is_remembered() {
        let dir = tempfile::tempdir().expect("dir");
        let base = dir.path();
        assert_eq!(InventoryCache::last_account(base, "monitor", None), None);
        InventoryCache::remember(base, "monitor", None, "123456789012").expect("remember");
        assert_eq!(
            InventoryCache::last_account(base, "monitor", None).as_deref(),
            Some("123456789012")
        );
        assert_eq!(InventoryCache::last_account(base, "monitor", Some("http://x")), None);
        assert_eq!(InventoryCache::last_account(base, "other", None), None);
    }
}
