//! The real binary in tmux against the seeded moto: keys in, screens out.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::estate;
use crate::support::seed::REGIONS;

pub(crate) struct Tmux {
    name: String,
}

impl Tmux {
    pub(crate) fn start(name: &str, script: &Path) -> Tmux {
        let _ = Command::new("tmux").args(["kill-session", "-t", name]).output();
        // Sessions start from several tests at once: when no tmux server
        // runs yet, two that start it together can lose the race (`server
        // exited unexpectedly`); the loser tries again once the winner's
        // server is up.
        let mut last = String::new();
        for _ in 0..3 {
            let out = Command::new("tmux")
                .args(["new-session", "-d", "-s", name, "-x", "120", "-y", "40"])
                .arg(format!("sh {}", script.display()))
                .output()
                .expect("tmux is installed (scripts/test installs it)");
            if out.status.success() {
                return Tmux { name: name.to_string() };
            }
            last = String::from_utf8_lossy(&out.stderr).into_owned();
        }
        panic!("tmux new-session {name}: {last}")
    }

    pub(crate) fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Moves the cursor down `rows` lines with `j`.
    pub(crate) fn down(&self, rows: usize) {
        for _ in 0..rows {
            self.keys(&["j"]);
        }
    }

    /// Moves down from the first of `lines` to the first that contains
    /// `needle` (which must be there).
    pub(crate) fn down_to(&self, lines: &[&str], needle: &str) {
        let at = lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {lines:?}"));
        self.down(at);
    }

    /// The pane with its colours and styles (`-e`), so that a moved
    /// selection shows as a change.
    fn styled(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-e", "-t", &self.name])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn send(&self, args: &[&str]) {
        let status = Command::new("tmux")
            .arg("send-keys")
            .args(["-t", &self.name])
            .args(args)
            .status()
            .expect("send-keys");
        assert!(status.success(), "send-keys {args:?}");
    }

    /// Presses each key in turn, each once the app has acted on the one
    /// before: the pane (styles included) differs from before the key. An
    /// `Escape` read together with the next key would be Alt+key.
    pub(crate) fn keys(&self, keys: &[&str]) {
        for k in keys {
            let before = self.styled();
            self.send(&[k]);
            self.wait_styled(&format!("the screen to change after {k}"), |s| s != before);
        }
    }

    /// Presses `key` and waits until the screen passes `check`.
    pub(crate) fn key_until(&self, key: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        self.send(&[key]);
        self.wait_for(what, check)
    }

    /// Types `text` into the open prompt and waits until the prompt shows
    /// all of it before its cursor.
    pub(crate) fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
        let typed = format!("{text}▏");
        self.wait_for(&format!("{typed:?} in the prompt"), |s| s.contains(&typed));
    }

    pub(crate) fn alternate_screen(&self) -> bool {
        let out = Command::new("tmux")
            .args(["display", "-p", "-t", &self.name, "#{alternate_on}"])
            .output()
            .expect("display");
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// Waits until the screen passes `check`; panics with the screen if not.
    pub(crate) fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        poll(what, || self.screen(), check, || self.screen())
    }

    /// [`Tmux::wait_for`] on the pane with its styles.
    fn wait_styled(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        poll(what, || self.styled(), check, || self.screen())
    }
}

/// Reads `read` until it passes `check`, for up to a minute; panics with
/// `shown` if it never does.
fn poll(what: &str, read: impl Fn() -> String, check: impl Fn(&str) -> bool, shown: impl Fn() -> String) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let got = read();
        if check(&got) {
            return got;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; screen:\n{}",
            shown()
        );
        std::thread::sleep(Duration::from_millis(150));
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
/// its exit code to a file (whole when it appears: written aside, then
/// moved into place). Returns (script, exit file).
pub(crate) fn tui_script(tag: &str, extra: &str) -> (std::path::PathBuf, std::path::PathBuf) {
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
             echo $? > '{exit}.tmp' && mv '{exit}.tmp' '{exit}'\nsleep 30\n",
            estate.profile.config().display(),
            estate.profile.credentials().display(),
            dir.join("state").display(),
            dir.join(format!("cache-{tag}")).display(),
            env!("CARGO_BIN_EXE_aws-monitor"),
            estate.moto.url,
            exit = exit_file.display(),
        ),
    )
    .expect("script");
    (script, exit_file)
}

pub(crate) fn wait_exit(tmux: &Tmux, exit_file: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !exit_file.exists() {
        assert!(
            Instant::now() < deadline,
            "aws-monitor did not exit; screen:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
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

    let seeded = |kind: &str| -> usize { REGIONS.iter().map(|r| estate.summary.count(r, kind)).sum() };
    let (instances, volumes) = (seeded("ec2-instance"), seeded("ebs-volume"));
    // Rows arrive page by page; the region's health cell reads ok once
    // its listings have ended.
    let screen = tmux.wait_for("the EC2 tab with the seeded instances", |s| {
        s.contains(&format!("EC2 · {instances} · 3 regions")) && s.contains("web") && s.contains("us-east-1 ok")
    });
    assert!(screen.contains("monitor@123456789012"), "{screen}");

    tmux.keys(&["3"]);
    tmux.wait_for("the EBS tab", |s| {
        s.contains(&format!("EBS · {volumes} · 3 regions")) && s.contains("orphan")
    });
    tmux.keys(&["1"]);
    // Seeded: two alarms in ALARM in us-east-1, one in eu-west-1 (the
    // alarms may arrive after the instances: the screen fills as they do).
    // The header says them in words while they fit, else as one count a
    // region (`us-east-1 ok · 4 issues`): a region with signals shows them
    // either way.
    tmux.wait_for("the overview with the regions' signals", |s| {
        s.contains("Overview · ")
            && s.contains("findings (")
            && (s.contains("us-east-1 ok · 2 alarm") || s.contains("us-east-1 ok · 5 issues"))
            // (`…` while a refresh is under way: the signals stay.)
            && (s.contains("eu-west-1 ok · 1 alarm") || s.contains("eu-west-1 … · 1 alarm"))
    });
    // The kind x region counts, with alarms and impaired instances: the Grid.
    tmux.keys(&[":"]);
    tmux.type_text("grid");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the grid with alarm and impaired counts", |s| {
        s.contains("Grid · resources per region")
            && s.contains("ALARM")
            && s.contains("IMPAIRED")
            && s.contains("TOTAL")
    });

    // Views without a number key, by name: the alarms, ALARM first.
    tmux.keys(&[":"]);
    tmux.type_text("alarms");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the alarms view", |s| s.contains("Alarms · 9 · 3 regions"));
    let states: Vec<&str> = screen
        .lines()
        .filter_map(|l| {
            ["ALARM", "INSUFFICIENT_DATA", "OK"]
                .into_iter()
                .find(|w| l.contains(&format!(" {w} ")))
        })
        .collect();
    assert_eq!(states.len(), 9, "{screen}");
    assert!(
        states.is_sorted_by_key(|w| *w != "ALARM"),
        "ALARM first: {states:?}\n{screen}"
    );
    tmux.keys(&[":"]);
    tmux.type_text("vpc");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the VPC view", |s| s.contains("VPC · ") && s.contains("10.20.0.0/16"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("a VPC's subnets in its detail", |s| s.contains("subnets ("));
    tmux.key_until("Escape", "the detail closed", |s| !s.contains("subnets ("));
    tmux.keys(&["0"]);
    tmux.wait_for("the Cost tab with the seeded month to date", |s| {
        s.contains("Cost · Cost Explorer (us-east-1)") && s.contains("1127.07")
    });

    tmux.keys(&["2", "t"]);
    tmux.type_text("Environment=staging");
    tmux.keys(&["Enter"]);
    // The prompt gone too: a screen caught mid-redraw still shows old rows.
    let screen = tmux.wait_for("the tag filter applied", |s| {
        s.contains("tags: Environment=staging")
            && s.contains(&format!("EC2 · 3 of {instances}"))
            && !s.contains("Tag filter (")
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
    tmux.down(index);
    tmux.keys(&["Space"]);
    tmux.wait_for("one region checked", |s| {
        s.contains("Regions · 1 selected") && s.contains("[x] us-west-2")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the new region set", |s| {
        s.contains(&format!(
            "EC2 · 1 of {} · 1 region",
            estate.summary.count("us-west-2", "ec2-instance")
        )) && s.contains("us-west-2 ok")
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
    let instances: usize = REGIONS.iter().map(|r| estate.summary.count(r, "ec2-instance")).sum();
    tmux.wait_for("the EC2 tab", |s| s.contains(&format!("EC2 · {instances} · 3 regions")));
    // The rebound key from the config file opens help; the hint shows it.
    tmux.keys(&["h"]);
    tmux.wait_for("help opened by the rebound key", |s| {
        s.contains("Help") && s.contains("aws-monitor.log")
    });
    tmux.key_until("Escape", "help closed", |s| !s.contains("aws-monitor.log"));
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
    // Idle once the first cycle is over: nothing left to fetch or draw.
    tmux.wait_for("the first cycle over", |s| {
        s.contains("refreshed <1m ago") && !s.contains("refreshing…")
    });
    // No busy loop; a redraw per second for the ages at most. Idleness is
    // a rate, so it is watched over a span (a measurement, not a wait for
    // anything), failing as soon as the span's budget is spent.
    let (start, before) = (Instant::now(), cpu_seconds(pid));
    while start.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(250));
        let used = cpu_seconds(pid) - before;
        assert!(used < 0.3, "idle for {:?} used {used:.2} s of CPU", start.elapsed());
    }
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
    // Every listing in, so that the last row stays the last.
    tmux.wait_for("the EC2 tab with CPU sparklines", |s| {
        s.contains("CPU 1h")
            && s.lines().any(|l| l.starts_with("web ") && l.contains('%'))
            && !s.contains("refreshing…")
    });
    tmux.keys(&["G", "Enter"]); // the last row: a worker, which has datapoints
    tmux.wait_for("the detail charts with their axes", |s| {
        s.contains("metrics over 1h")
            && s.contains("CPUUtilization (Percent) min ")
            && s.contains("UTC")
            && s.contains("┤")
    });
    tmux.keys(&["w"]);
    tmux.wait_for("the 3h window", |s| {
        s.contains("metrics over 3h") && s.contains("CPUUtilization (Percent) min ")
    });
    tmux.key_until("Escape", "the detail closed", |s| !s.contains("metrics over 3h"));
    tmux.keys(&["9"]);
    tmux.wait_for("the Metrics tab ranking instances by CPU", |s| {
        s.contains("Metrics · top") && s.contains("by CPUUtilization") && s.lines().any(|l| l.starts_with("1 "))
    });
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
}

#[test]
fn the_colon_command_reaches_views_by_name() {
    let _ = estate();
    let (script, exit_file) = tui_script("colon", "");
    let tmux = Tmux::start(&format!("aws-monitor-colon-{}", std::process::id()), &script);
    tmux.wait_for("the EC2 tab", |s| s.contains(&view_title("EC2", "ec2-instance")));
    let go = |name: &str| {
        tmux.keys(&[":"]);
        tmux.wait_for("the view prompt", |s| s.contains("View (a kind or its alias"));
        tmux.type_text(name);
        tmux.keys(&["Enter"]);
    };
    go("ebs-volume");
    tmux.wait_for(":ebs-volume shows the EBS view", |s| {
        s.contains(&view_title("EBS", "ebs-volume")) && s.contains("[3 EBS]")
    });
    go("eks-nodegroup");
    tmux.wait_for(":eks-nodegroup shows the EKS view with nodegroups", |s| {
        s.contains("[7 EKS]") && s.contains("nodegroup")
    });
    go("cost");
    tmux.wait_for(":cost shows the Cost view", |s| {
        s.contains("Cost · Cost Explorer (us-east-1)")
    });
    go("ec2");
    tmux.wait_for(":ec2 shows the EC2 view", |s| {
        s.contains(&view_title("EC2", "ec2-instance"))
    });
    // An unknown name: a one-line error, and the view stays.
    go("nope");
    let screen = tmux.wait_for("the error", |s| s.contains("no view named 'nope'"));
    assert!(screen.contains("[2 EC2]"), "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("the prompt closed", |s| !s.contains("View (a kind or its alias"));
    assert!(screen.contains(&view_title("EC2", "ec2-instance")), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
}

/// The Overview lists one row a rule; `Enter` on a rule lists its
/// findings, `Esc` goes back with the rule still selected, `Enter` on a
/// finding opens its resource, and `:findings` lists every finding.
#[test]
fn enter_on_a_rule_lists_its_findings_and_enter_on_one_opens_its_resource() {
    let _ = estate();
    let (script, exit_file) = tui_script("finding", "");
    let tmux = Tmux::start(&format!("aws-monitor-finding-{}", std::process::id()), &script);
    tmux.wait_for("the EC2 tab", |s| s.contains(&view_title("EC2", "ec2-instance")));
    tmux.keys(&["1"]);
    // The whole cycle in: the list no longer changes under the cursor.
    let screen = tmux.wait_for("the Overview with every rule", |s| {
        s.contains("Overview · ") && s.contains("ebs-unattached") && !s.contains("refreshing…")
    });
    // One row a rule: the unattached volumes of three regions are one row.
    let rows: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.starts_with("SEV "))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        rows.iter().filter(|l| l.contains("ebs-unattached")).count(),
        1,
        "{screen}"
    );
    tmux.down_to(&rows, "ebs-unattached");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the rule's findings", |s| s.contains("Findings · ebs-unattached · "));
    let listed: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.starts_with("SEV "))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert!(listed.len() > 1, "every unattached volume, one a row: {screen}");
    assert!(listed.iter().all(|l| l.contains("ebs-unattached")), "{screen}");
    // Esc: back to the rules, the same rule selected (Enter lists it again).
    tmux.key_until("Escape", "the rules again", |s| s.contains("Overview · "));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the same rule's findings", |s| {
        s.contains("Findings · ebs-unattached · ")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the volume's detail in the EBS view", |s| {
        s.contains("[3 EBS]") && s.contains("kind      ebs-volume")
    });
    assert!(screen.contains("state     available"), "{screen}");
    tmux.key_until("Escape", "the detail closed", |s| !s.contains("kind      ebs-volume"));
    // Every finding, one a row.
    tmux.keys(&[":"]);
    tmux.type_text("findings");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("every finding", |s| s.contains("Findings · all "));
    assert!(screen.contains("[1 Overview]"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
}

#[test]
fn y_copies_the_id_through_osc52_and_o_shows_the_console_link() {
    let estate = estate();
    let (script, exit_file) = tui_script("copy", "");
    let tmux = Tmux::start(&format!("aws-monitor-copy-{}", std::process::id()), &script);
    tmux.wait_for("the EC2 tab", |s| s.contains(&view_title("EC2", "ec2-instance")));
    // Everything the program writes to the terminal, raw.
    let raw = estate.profile.dir.path().join("copy-pane.raw");
    let _ = std::fs::remove_file(&raw);
    let piped = Command::new("tmux")
        .args(["pipe-pane", "-o", "-t", &tmux.name])
        .arg(format!("cat >> '{}'", raw.display()))
        .status()
        .expect("pipe-pane");
    assert!(piped.success());
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("the status line naming the copied id", |s| s.contains("copied id i-"));
    let id = screen
        .split("copied id ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("an id")
        .to_string();
    let sequence = aws_monitor::clipboard::osc52(&id);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let bytes = std::fs::read(&raw).unwrap_or_default();
        if String::from_utf8_lossy(&bytes).contains(&sequence) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no OSC 52 sequence for {id} ({sequence:?}) in what the pane got: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The row's region, from the resource itself.
    let region = screen
        .lines()
        .find(|l| l.contains(&id) && !l.contains("copied id"))
        .and_then(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("us-") || w.starts_with("eu-"))
        })
        .expect("the selected row shows its region")
        .to_string();
    tmux.keys(&["o"]);
    let url =
        format!("https://{region}.console.aws.amazon.com/ec2/home?region={region}#InstanceDetails:instanceId={id}");
    tmux.wait_for("the console link popup", |s| {
        s.contains("Console link") && s.contains(&url)
    });
    tmux.key_until("Escape", "the popup closed", |s| !s.contains("Console link"));
    tmux.keys(&["q"]);
    assert_eq!(wait_exit(&tmux, &exit_file), "0");
}

/// A view's title over the seeded estate's three regions: `EC2 · 19 · 3 regions`.
pub(crate) fn view_title(short: &str, kind: &str) -> String {
    let n: usize = crate::support::seed::REGIONS
        .iter()
        .map(|r| estate().summary.count(r, kind))
        .sum();
    format!("{short} · {n} · 3 regions")
}

/// A start with a cache from a previous run draws the cached instances,
/// marked cached with their age, while the endpoint does not answer at all
/// (not even STS).
#[test]
fn a_second_start_draws_the_cached_estate_before_aws_answers() {
    use crate::support::proxy::{Fault, FaultProxy, Rule};
    let estate = estate();
    let profile = crate::support::Profile::new("testing", "testing");
    let proxy = FaultProxy::start(estate.moto.port, vec![]);
    // The previous run: one cycle, written to the cache.
    let (code, out, err) = crate::support::run(&mut crate::support::once(&profile, &proxy.url, "json", "us-east-1"));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let ids: Vec<String> = v["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter(|r| r["kind"] == "ec2-instance")
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), estate.summary.count("us-east-1", "ec2-instance"), "{out}");
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
    std::fs::write(
        &script,
        format!(
            "export AWS_CONFIG_FILE='{}' AWS_SHARED_CREDENTIALS_FILE='{}' AWS_EC2_METADATA_DISABLED=true XDG_STATE_HOME='{}' XDG_CACHE_HOME='{}' TERM=xterm-256color\n\
             unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL\n\
             exec '{}' --endpoint-url '{}' --regions us-east-1\n",
            profile.config().display(),
            profile.credentials().display(),
            profile.dir.path().join("state").display(),
            profile.dir.path().join("cache").display(),
            env!("CARGO_BIN_EXE_aws-monitor"),
            proxy.url,
        ),
    )
    .expect("script");
    let tmux = Tmux::start("aws-monitor-cached", &script);
    // How soon they show is measured by scripts/startup ("from the cache"),
    // not here: this test is about what shows while AWS does not answer.
    tmux.wait_for("the cached instances", |s| ids.iter().any(|id| s.contains(id.as_str())));
    let screen = tmux.wait_for("the whole first frame", |s| s.contains("cached: us-east-1"));
    assert!(
        screen.contains("showing cached data from <1m ago · waiting for AWS"),
        "header: {screen}"
    );
    assert!(screen.contains("us-east-1 cached <1m"), "region cell: {screen}");
    assert!(screen.contains("cached: us-east-1 <1m"), "table footer: {screen}");
    let shown = ids.iter().filter(|id| screen.contains(id.as_str())).count();
    assert_eq!(shown, ids.len(), "every cached instance:\n{screen}");
    assert_eq!(
        std::fs::read_dir(&cache).expect("cache").count(),
        2,
        "the folder and the pointer"
    );
    // No answer ever came, so it still says cached; `q` still quits.
    tmux.keys(&["q"]);
}

/// The TUI is handed every listing's rows page by page (the poller keeps
/// no copy), so it is the app that has each whole listing cached: with
/// every row, its late facts included (an instance's STATUS, a VPC's
/// subnet count), in a private file.
#[test]
fn the_tui_caches_the_listings_it_was_handed_page_by_page() {
    let estate = estate();
    let (script, _exit) = tui_script("caches", "");
    let tmux = Tmux::start("aws-monitor-caches", &script);
    let cache = estate.profile.dir.path().join("cache-caches/aws-monitor");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut waited = Vec::new();
    for region in REGIONS {
        for kind in ["ec2-instance", "ebs-volume", "ami", "ebs-snapshot", "vpc"] {
            let want = estate.summary.count(region, kind);
            let file = loop {
                let found = std::fs::read_dir(&cache).into_iter().flatten().flatten().find_map(|d| {
                    let f = d.path().join(format!("{region}.{kind}.json"));
                    f.exists().then_some(f)
                });
                if let Some(f) = found {
                    break f;
                }
                assert!(
                    Instant::now() < deadline,
                    "{region} {kind} not cached; screen:\n{}",
                    tmux.screen()
                );
                std::thread::sleep(Duration::from_millis(200));
            };
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
            let rows = v["resources"].as_array().expect("resources");
            assert_eq!(rows.len(), want, "{region} {kind}: every row");
            let late = match kind {
                "ec2-instance" => Some("status_checks"),
                "vpc" => Some("subnet_count"),
                _ => None,
            };
            for r in rows.iter().filter(|_| late.is_some()) {
                let value = r["details"][late.unwrap_or_default()].as_str().unwrap_or_default();
                assert!(!value.is_empty(), "{region} {kind}: its late fact in {r}");
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&file).expect("metadata").permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{}", file.display());
            }
            waited.push(format!("{region} {kind}"));
        }
    }
    assert_eq!(waited.len(), REGIONS.len() * 5);
    tmux.keys(&["q"]);
}
