//! The real binary in tmux against the seeded moto: keys in, screens out.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::estate;

struct Tmux {
    name: String,
}

impl Tmux {
    fn start(name: &str, script: &Path) -> Tmux {
        let _ = Command::new("tmux").args(["kill-session", "-t", name]).output();
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", name, "-x", "120", "-y", "40"])
            .arg(format!("sh {}", script.display()))
            .status()
            .expect("tmux is installed (scripts/test installs it)");
        assert!(status.success());
        Tmux { name: name.to_string() }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .expect("send-keys");
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn type_text(&self, text: &str) {
        Command::new("tmux")
            .args(["send-keys", "-l", "-t", &self.name, text])
            .status()
            .expect("send-keys");
        std::thread::sleep(Duration::from_millis(100));
    }

    fn alternate_screen(&self) -> bool {
        let out = Command::new("tmux")
            .args(["display", "-p", "-t", &self.name, "#{alternate_on}"])
            .output()
            .expect("display");
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Waits until the screen passes `check`; panics with the screen if not.
    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["kill-session", "-t", &self.name]).output();
    }
}

fn enabled_regions(url: &str) -> Vec<String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let settings = aws_monitor::aws::AwsSettings {
            endpoint_url: Some(url.to_string()),
            ..Default::default()
        };
        aws_monitor::aws::Aws::load(&settings)
            .await
            .expect("load")
            .enabled_regions()
            .await
            .expect("regions")
    })
}

/// A shell script that runs the TUI against the shared estate and writes
/// its exit code to a file. Returns (script, exit file).
fn tui_script(tag: &str, extra: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let estate = estate();
    let dir = estate.profile.dir.path();
    let exit_file = dir.join(format!("tui-exit-{tag}"));
    let _ = std::fs::remove_file(&exit_file);
    let script = dir.join(format!("tui-{tag}.sh"));
    std::fs::write(
        &script,
        format!(
            "export AWS_CONFIG_FILE='{}' AWS_SHARED_CREDENTIALS_FILE='{}' AWS_EC2_METADATA_DISABLED=true XDG_STATE_HOME='{}' XDG_CACHE_HOME='{}' TERM=xterm-256color\n\
             unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL\n\
             '{}' --endpoint-url '{}' --regions us-east-1,us-west-2,eu-west-1 {extra}\n\
             echo $? > '{}'\nsleep 30\n",
            estate.profile.config().display(),
            estate.profile.credentials().display(),
            dir.join("state").display(),
            dir.join(format!("cache-{tag}")).display(),
            env!("CARGO_BIN_EXE_aws-monitor"),
            estate.moto.url,
            exit_file.display(),
        ),
    )
    .expect("script");
    (script, exit_file)
}

fn wait_exit(tmux: &Tmux, exit_file: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !exit_file.exists() {
        assert!(
            Instant::now() < deadline,
            "aws-monitor did not exit; screen:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(200));
    std::fs::read_to_string(exit_file)
        .expect("exit code")
        .trim()
        .to_string()
}

/// CPU seconds (user + system) a process has used, from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("proc stat");
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap_or(0.0) + fields[12].parse::<f64>().unwrap_or(0.0);
    ticks / 100.0
}

#[test]
fn browse_filter_pick_regions_and_quit() {
    let estate = estate();
    let (script, exit_file) = tui_script("browse", "");
    let tmux = Tmux::start(&format!("aws-monitor-it-{}", std::process::id()), &script);

    let screen = tmux.wait_for("the EC2 tab with the seeded instances", |s| {
        s.contains("EC2 · 18 · 3 regions") && s.contains("web")
    });
    assert!(screen.contains("monitor@123456789012"), "{screen}");
    assert!(screen.contains("us-east-1 ok"), "{screen}");

    tmux.keys(&["3"]);
    tmux.wait_for("the EBS tab", |s| {
        s.contains("EBS · 21 · 3 regions") && s.contains("orphan")
    });
    tmux.keys(&["1"]);
    tmux.wait_for("the overview", |s| {
        s.contains("Overview · resources per region") && s.contains("TOTAL")
    });
    tmux.keys(&["0"]);
    tmux.wait_for("the Cost tab with the seeded month to date", |s| {
        s.contains("Cost · Cost Explorer (us-east-1)") && s.contains("1127.07")
    });

    tmux.keys(&["2", "t"]);
    tmux.type_text("Environment=staging");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the tag filter applied", |s| {
        s.contains("tags: Environment=staging") && s.contains("EC2 · 3 of 18")
    });
    assert!(screen.contains("worker") && !screen.contains("web "), "{screen}");

    // Pick us-west-2 alone in the region picker.
    let regions = enabled_regions(&estate.moto.url);
    let index = regions
        .iter()
        .position(|r| r == "us-west-2")
        .expect("us-west-2 enabled");
    tmux.keys(&["r"]);
    tmux.wait_for("the region picker", |s| s.contains("Regions · 3 selected"));
    tmux.keys(&["n"]);
    for _ in 0..index {
        tmux.keys(&["j"]);
    }
    tmux.keys(&["Space"]);
    tmux.wait_for("one region checked", |s| {
        s.contains("Regions · 1 selected") && s.contains("[x] us-west-2")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the new region set", |s| {
        s.contains("EC2 · 1 of 6 · 1 region") && s.contains("us-west-2 ok")
    });
    assert!(!screen.contains("eu-west-1 ok"), "{screen}");

    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
    assert!(!tmux.alternate_screen(), "the terminal left the alternate screen");
    assert!(!tmux.screen().contains("Overview │"), "the TUI is gone from the screen");
}

#[test]
fn idles_quietly_and_restores_the_terminal_on_sigterm() {
    let estate = estate();
    let config = estate.profile.dir.path().join("keys.toml");
    std::fs::write(&config, "[keys]\nhelp = \"h\"\n").expect("config");
    let (script, exit_file) = tui_script("term", &format!("--config '{}'", config.display()));
    let tmux = Tmux::start(&format!("aws-monitor-term-{}", std::process::id()), &script);
    tmux.wait_for("the EC2 tab", |s| s.contains("EC2 · 18 · 3 regions"));
    // The rebound key from the config file opens help; the hint shows it.
    tmux.keys(&["h"]);
    tmux.wait_for("help opened by the rebound key", |s| {
        s.contains("Help") && s.contains("aws-monitor.log")
    });
    tmux.keys(&["Escape"]);
    let pane = Command::new("tmux")
        .args(["display", "-p", "-t", &tmux.name, "#{pane_pid}"])
        .output()
        .expect("pane pid");
    let shell = String::from_utf8_lossy(&pane.stdout).trim().to_string();
    let child = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep");
    let pid: u32 = String::from_utf8_lossy(&child.stdout)
        .trim()
        .parse()
        .expect("aws-monitor pid");
    // Idle: no busy loop; a redraw per second for the ages at most.
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu_seconds(pid);
    std::thread::sleep(Duration::from_secs(3));
    let used = cpu_seconds(pid) - before;
    assert!(used < 0.3, "idle for 3 s used {used:.2} s of CPU");
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
    assert!(!tmux.alternate_screen(), "the terminal left the alternate screen");
}

#[test]
fn sparklines_a_detail_chart_and_the_metrics_tab() {
    let _ = estate();
    let (script, exit_file) = tui_script("metrics", "");
    let tmux = Tmux::start(&format!("aws-monitor-metrics-{}", std::process::id()), &script);
    // The seeded instances get a CPU sparkline with a percentage.
    tmux.wait_for("the EC2 tab with CPU sparklines", |s| {
        s.contains("CPU 1h") && s.lines().any(|l| l.starts_with("web ") && l.contains('%'))
    });
    tmux.keys(&["G", "Enter"]); // the last row: a worker, which has datapoints
    let screen = tmux.wait_for("the detail charts", |s| {
        s.contains("metrics over 1h") && s.contains("CPUUtilization (Percent) min ")
    });
    assert!(screen.contains("UTC") && screen.contains("┤"), "axes: {screen}");
    tmux.keys(&["w"]);
    tmux.wait_for("the 3h window", |s| {
        s.contains("metrics over 3h") && s.contains("CPUUtilization (Percent) min ")
    });
    tmux.keys(&["Escape", "9"]);
    tmux.wait_for("the Metrics tab ranking instances by CPU", |s| {
        s.contains("Metrics · top") && s.contains("by CPUUtilization") && s.lines().any(|l| l.starts_with("1 "))
    });
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
}

/// A start with a cache from a previous run draws the cached instances in
/// its first frame, marked cached with their age, while the endpoint does
/// not answer at all (not even STS).
#[test]
fn a_second_start_draws_the_cached_estate_before_aws_answers() {
    use crate::support::proxy::{Fault, FaultProxy, Rule};
    let estate = estate();
    let profile = crate::support::Profile::new("testing", "testing");
    let proxy = FaultProxy::start(estate.moto.port, vec![]);
    // The previous run: one cycle, written to the cache.
    let (code, out, err) = crate::support::run(crate::support::binary(&profile).args([
        "--once",
        "--output",
        "json",
        "--regions",
        "us-east-1",
        "--endpoint-url",
        &proxy.url,
    ]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let ids: Vec<String> = v["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["kind"] == "ec2-instance")
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.len() >= 5, "{out}");
    let cache = profile.dir.path().join("cache/aws-monitor");
    // Now nothing answers: every request hangs.
    let services = [
        "sts",
        "ec2",
        "iam",
        "rds",
        "s3",
        "lambda",
        "eks",
        "elasticmapreduce",
        "monitoring",
        "tagging",
        "ce",
    ];
    proxy.set(
        services
            .iter()
            .map(|s| Rule {
                region: "us-east-1",
                service: s,
                contains: None,
                fault: Fault::Hang,
            })
            .collect(),
    );
    let script = profile.dir.path().join("second-start.sh");
    let exec_at = profile.dir.path().join("exec-at");
    std::fs::write(
        &script,
        format!(
            "export AWS_CONFIG_FILE='{}' AWS_SHARED_CREDENTIALS_FILE='{}' AWS_EC2_METADATA_DISABLED=true XDG_STATE_HOME='{}' XDG_CACHE_HOME='{}' TERM=xterm-256color\n\
             unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL\n\
             date +%s%N > '{}'\n\
             exec '{}' --endpoint-url '{}' --regions us-east-1\n",
            profile.config().display(),
            profile.credentials().display(),
            profile.dir.path().join("state").display(),
            profile.dir.path().join("cache").display(),
            exec_at.display(),
            env!("CARGO_BIN_EXE_aws-monitor"),
            proxy.url,
        ),
    )
    .expect("script");
    let started = Instant::now();
    let tmux = Tmux::start("aws-monitor-cached", &script);
    // From the moment the shell starts the binary (tmux and sh take their
    // own time before that, which is not ours).
    let unix_ns = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_nanos()
    };
    let (screen, took) = loop {
        let screen = tmux.screen();
        if ids.iter().any(|id| screen.contains(id.as_str())) {
            let seen = unix_ns();
            let exec: u128 = std::fs::read_to_string(&exec_at)
                .expect("start time")
                .trim()
                .parse()
                .expect("ns");
            break (screen, Duration::from_nanos((seen - exec) as u64));
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no cached rows; screen:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    eprintln!("measured: cached instance ids on screen {took:?} after start");
    assert!(
        took < Duration::from_millis(300),
        "first frame with cached data after {took:?}\n{screen}"
    );
    let screen = tmux.wait_for("the whole first frame", |s| s.contains("cached: us-east-1"));
    assert!(
        screen.contains("showing cached data from <1m ago · waiting for AWS"),
        "header: {screen}"
    );
    assert!(screen.contains("us-east-1 cached <1m"), "region cell: {screen}");
    assert!(screen.contains("cached: us-east-1 <1m"), "table footer: {screen}");
    let shown = ids.iter().filter(|id| screen.contains(id.as_str())).count();
    assert!(shown >= 5.min(ids.len()), "{shown} of {} ids:\n{screen}", ids.len());
    assert!(
        std::fs::read_dir(&cache).expect("cache").count() >= 2,
        "the folder and the pointer"
    );
    // No answer ever came, so it still says cached; `q` still quits.
    tmux.keys(&["q"]);
}
