//! The terminal side: raw mode and the alternate screen, one `select!` loop
//! over keys, poller events and a tick, and restoring the terminal on quit,
//! on panic and on SIGTERM/SIGHUP. The mouse is never captured.
//!
//! Each turn of the loop is one [`step`] (testable without a terminal), and
//! every effect of every update goes through [`dispatch`].

use std::io::{Write, stdout};
use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::signal::unix::{SignalKind, signal};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::{App, Effect, Msg, Settings};
use crate::aws::Fleet;
use crate::poller::{self, PollerConfig};
use crate::protocol::{Command, Event};
use crate::ui::{self, Theme};

/// What the TUI starts with.
pub struct Setup {
    pub app: Settings,
    pub poller: PollerConfig,
    /// The view shown first, by name (`ec2`, `cost`, ...).
    pub view: String,
    /// Named presets, for `Msg::ApplyPreset`.
    pub presets: std::collections::BTreeMap<String, crate::presets::Preset>,
    /// The findings' thresholds, ignores and prices (`[findings]`, `[prices]`).
    pub findings: crate::findings::Settings,
}

/// What woke the loop.
#[derive(Debug)]
pub enum Input {
    Terminal(TermEvent),
    Poller(Event),
    Tick(DateTime<Utc>),
}

/// What the loop does after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue { redraw: bool },
    Quit,
}

/// One step of the loop, without a terminal: turns what woke it into a
/// message (a resize into the new page size), updates the app and dispatches
/// every effect.
pub fn step(app: &mut App, input: Input, commands: &UnboundedSender<Command>, out: &mut impl Write) -> Flow {
    let msg = match input {
        Input::Terminal(TermEvent::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
        Input::Terminal(TermEvent::Resize(_, height)) => Msg::PageSize(ui::table_rows(height)),
        Input::Terminal(_) => return Flow::Continue { redraw: false },
        Input::Poller(e) => Msg::Poller(e),
        Input::Tick(now) => Msg::Tick(now),
    };
    let effects = app.update(msg);
    match dispatch(app, effects, commands, out) {
        true => Flow::Quit,
        false => Flow::Continue { redraw: true },
    }
}

/// The one place effects are carried out, in order: commands go to the
/// poller, copies to the terminal (`out`) as OSC 52, exports to a file. An
/// effect that fails reports through a status message, whose effects follow.
/// Returns whether the app asked to quit.
pub fn dispatch(
    app: &mut App,
    effects: Vec<Effect>,
    commands: &UnboundedSender<Command>,
    out: &mut impl Write,
) -> bool {
    let mut quit = false;
    let mut queue = std::collections::VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        match effect {
            // The poller gone means the loop is ending anyway.
            Effect::Send(cmd) => {
                let _ = commands.send(cmd);
            }
            Effect::Quit => quit = true,
            Effect::Copy(text) => {
                let seq = crate::clipboard::copy_sequence(&text, crate::clipboard::in_tmux());
                if let Err(e) = out.write_all(seq.as_bytes()).and_then(|()| out.flush()) {
                    queue.extend(app.update(Msg::Status(format!("copy failed: {e}"))));
                }
            }
            Effect::Export { file, csv, rows } => {
                let line = match export(&file, &csv) {
                    Ok(path) => format!("exported {rows} rows to {}", path.display()),
                    Err(e) => format!("export to {file} failed: {e}"),
                };
                queue.extend(app.update(Msg::Status(line)));
            }
        }
    }
    quit
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen, crossterm::cursor::Show);
}

/// Writes an export to a new file in the current directory; its full path.
fn export(file: &str, csv: &str) -> std::io::Result<std::path::PathBuf> {
    let path = std::env::current_dir()?.join(file);
    let mut out = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
    out.write_all(csv.as_bytes())?;
    Ok(path)
}

/// Runs the TUI until the user quits or a signal arrives.
pub async fn run(fleet: Fleet, setup: Setup) -> anyhow::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    let result = event_loop(fleet, setup).await;
    restore();
    result
}

async fn event_loop(fleet: Fleet, setup: Setup) -> anyhow::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let theme = Theme::from_env();
    let (event_tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let (commands, poller_task) = poller::spawn(fleet, setup.app.regions.clone(), setup.poller.clone(), event_tx);
    let mut app = App::new(setup.app, chrono::Utc::now());
    app.presets = setup.presets;
    app.findings_settings = setup.findings;
    if let Some(tab) = crate::views::Tab::resolve(&setup.view) {
        app.tab = tab;
    }
    // The poller loads cost once at start (cache, else one fetch).
    app.cost.loading = setup.poller.cost.is_some();
    app.cost.tag_key = setup.poller.cost.as_ref().and_then(|c| c.tag_key.clone());
    let mut keys = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    // The first page size, as a resize to the size the terminal has now.
    let size = terminal.size()?;
    let mut flow = step(
        &mut app,
        Input::Terminal(TermEvent::Resize(size.width, size.height)),
        &commands,
        terminal.backend_mut(),
    );
    while let Flow::Continue { redraw } = flow {
        if redraw {
            terminal.draw(|f| ui::render(&app, f, &theme))?;
        }
        let input = tokio::select! {
            key = keys.next() => match key {
                Some(Ok(e)) => Input::Terminal(e),
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            event = events.recv() => match event {
                Some(e) => Input::Poller(e),
                None => break,
            },
            // Ages in the header move once a second; nothing else redraws on a timer.
            _ = tick.tick() => Input::Tick(chrono::Utc::now()),
            _ = term.recv() => break,
            _ = hup.recv() => break,
        };
        flow = step(&mut app, input, &commands, terminal.backend_mut());
    }
    let _ = commands.send(Command::Stop);
    poller_task.abort();
    Ok(())
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tokio::sync::mpsc;

    use super::*;
    use crate::model::{CallCount, Fetch, Outcome, Resource, ResourceKind};

    /// One region with 60 instances, its listing already in.
    fn app() -> App {
        let regions = vec!["us-east-1".to_string()];
        let settings = Settings {
            all_regions: regions.clone(),
            regions,
            ..Settings::default()
        };
        let mut app = App::new(settings, DateTime::UNIX_EPOCH);
        let items = (0..60)
            .map(|i| Resource::new(ResourceKind::Ec2Instance, "us-east-1", format!("i-{i:02}")))
            .collect();
        let _ = app.update(Msg::Poller(Event::Inventory {
            cycle: 0,
            fetch: Fetch {
                account: Default::default(),
                region: "us-east-1".into(),
                kind: ResourceKind::Ec2Instance,
                outcome: Outcome::Fresh(items),
                at: DateTime::UNIX_EPOCH,
                calls: CallCount::default(),
                duration: Duration::ZERO,
            },
        }));
        app
    }

    /// The ids of every `WatchMetrics` sent so far, one list per command.
    fn watched(rx: &mut mpsc::UnboundedReceiver<Command>) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        while let Ok(cmd) = rx.try_recv() {
            if let Command::WatchMetrics { targets, .. } = cmd {
                out.push(targets.into_iter().map(|t| t.id).collect());
            }
        }
        out
    }

    #[test]
    fn a_resize_sends_the_rows_that_came_into_view() {
        let mut app = app();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let resize = |h| Input::Terminal(TermEvent::Resize(80, h));
        assert_eq!(
            step(&mut app, resize(24), &tx, &mut std::io::sink()),
            Flow::Continue { redraw: true }
        );
        let first = watched(&mut rx);
        assert_eq!(first.last().map(Vec::len), Some(ui::table_rows(24)), "{first:?}");
        assert_eq!(
            step(&mut app, resize(40), &tx, &mut std::io::sink()),
            Flow::Continue { redraw: true }
        );
        let taller = watched(&mut rx);
        assert_eq!(
            taller.last().map(Vec::len),
            Some(ui::table_rows(40)),
            "the rows a taller terminal shows are watched: {taller:?}"
        );
        step(&mut app, resize(20), &tx, &mut std::io::sink());
        let shorter = watched(&mut rx);
        assert_eq!(
            shorter.last().map(Vec::len),
            Some(ui::table_rows(20)),
            "rows that left the screen are no longer fetched: {shorter:?}"
        );
    }

    #[test]
    fn keys_are_dispatched_and_quit_ends_the_loop() {
        let mut app = app();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let key = |c| Input::Terminal(TermEvent::Key(KeyEvent::new(c, KeyModifiers::NONE)));
        step(&mut app, key(KeyCode::Char('R')), &tx, &mut std::io::sink());
        assert_eq!(rx.try_recv().ok(), Some(Command::RefreshNow));
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(
            step(
                &mut app,
                Input::Terminal(TermEvent::Key(release)),
                &tx,
                &mut std::io::sink()
            ),
            Flow::Continue { redraw: false },
            "a key release is not a key press"
        );
        assert_eq!(
            step(&mut app, key(KeyCode::Char('q')), &tx, &mut std::io::sink()),
            Flow::Quit
        );
    }
}
