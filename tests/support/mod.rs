//! Shared test support: moto, the seeded estate, a test AWS profile, and
//! running the real binary.

#![allow(dead_code, reason = "each test module uses a different part")]

pub mod moto;
pub mod proxy;
pub mod seed;

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

pub use moto::Moto;

/// A directory holding an AWS config with `[profile monitor]` and its keys.
pub struct Profile {
    pub dir: tempfile::TempDir,
}

impl Profile {
    pub fn new(access_key: &str, secret: &str) -> Profile {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config"), "[profile monitor]\nregion = us-east-1\n").expect("config");
        std::fs::write(
            dir.path().join("credentials"),
            format!("[monitor]\naws_access_key_id = {access_key}\naws_secret_access_key = {secret}\n"),
        )
        .expect("credentials");
        Profile { dir }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn credentials(&self) -> PathBuf {
        self.dir.path().join("credentials")
    }
}

/// The seeded estate every read-only test shares: one moto per test run.
pub struct Estate {
    pub moto: Moto,
    pub profile: Profile,
    pub summary: seed::Summary,
}

static ESTATE: OnceLock<Estate> = OnceLock::new();

/// AWS settings from the developer's shell that must not leak into tests.
const AMBIENT_AWS_VARS: [&str; 7] = [
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
];
static ENV: OnceLock<()> = OnceLock::new();

/// Points the process's AWS environment at the test profile (once).
fn set_env(profile: &Profile) {
    ENV.get_or_init(|| {
        // SAFETY: set once, before any test reads the environment through the SDK.
        unsafe {
            std::env::set_var("AWS_CONFIG_FILE", profile.config());
            std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", profile.credentials());
            std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
            for var in AMBIENT_AWS_VARS {
                std::env::remove_var(var);
            }
        }
    });
}

/// moto with the standard estate seeded into it, shared by the whole run.
pub fn estate() -> &'static Estate {
    ESTATE.get_or_init(|| {
        let moto = Moto::start();
        let profile = Profile::new("testing", "testing");
        set_env(&profile);
        let summary = seed_on_own_runtime(&moto, 0);
        Estate { moto, profile, summary }
    })
}

/// A fresh moto seeded with `scale`, for tests that need their own.
pub fn fresh_estate(scale: u32) -> (Moto, seed::Summary) {
    let _ = estate(); // the environment is set up there
    let moto = Moto::start();
    let summary = seed_on_own_runtime(&moto, scale);
    (moto, summary)
}

/// Seeds on a runtime of its own: SDK clients must not outlive the runtime
/// they were made on, and each test has its own.
fn seed_on_own_runtime(moto: &Moto, scale: u32) -> seed::Summary {
    let url = moto.url.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(seed::seed(&url, scale)).expect("seeding moto")
    })
    .join()
    .expect("seeder thread")
}

/// The real `aws-monitor` binary with a clean AWS environment.
pub fn binary(profile: &Profile) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aws-monitor"));
    for var in AMBIENT_AWS_VARS {
        cmd.env_remove(var);
    }
    let state = profile.dir.path().join("state");
    cmd.env("AWS_CONFIG_FILE", profile.config())
        .env("AWS_SHARED_CREDENTIALS_FILE", profile.credentials())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("XDG_STATE_HOME", &state)
        .env("XDG_CACHE_HOME", profile.dir.path().join("cache"))
        .env("HOME", profile.dir.path());
    cmd
}

/// How many (region, kind) outcomes a cycle over `regions` regions reports:
/// each regional kind once per region, each global kind once.
pub fn cell_count(regions: usize) -> usize {
    let kinds = aws_monitor::model::ResourceKind::all();
    let global = kinds.iter().filter(|k| k.is_global()).count();
    regions * (kinds.len() - global) + global
}

/// The binary as `--once --output FORMAT` over `regions` (comma
/// separated) against `endpoint`, for more flags to be added.
pub fn once(profile: &Profile, endpoint: &str, format: &str, regions: &str) -> Command {
    let mut cmd = binary(profile);
    cmd.args([
        "--once",
        "--output",
        format,
        "--endpoint-url",
        endpoint,
        "--regions",
        regions,
    ]);
    cmd
}

/// [`once`] against the shared estate; it must exit 0. Its standard output.
pub fn once_output(format: &str, regions: &str) -> String {
    let estate = estate();
    let (code, out, err) = run(&mut once(&estate.profile, &estate.moto.url, format, regions));
    assert_eq!(code, 0, "{err}");
    out
}

pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output { status, stdout, stderr } = cmd.output().expect("run aws-monitor");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}
