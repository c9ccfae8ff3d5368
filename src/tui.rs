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
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::{Frame, Terminal};
use tokio::signal::unix::{SignalKind, signal};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::{App, Effect, Msg, Resolved, Settings};
use crate::aws::Fleet;
use crate::poller::{self, PollerConfig};
use crate::protocol::{Command, Event};
use crate::snapshot::Cached;
use crate::ui::{self, Theme};

/// What the TUI starts with, before any AWS call.
pub struct Setup {
    pub app: Settings,
    /// The account the cache is of, and its listings: drawn in the first
    /// frame, marked cached, until fresh answers replace them.
    pub cached: Option<(String, Vec<Cached>)>,
    /// The view shown first, by name (`ec2`, `cost`, ...).
    pub view: String,
    /// Named presets, for `Msg::ApplyPreset`.
    pub presets: std::collections::BTreeMap<String, crate::presets::Preset>,
    /// The findings' thresholds, ignores and prices (`[findings]`, `[prices]`).
    pub findings: crate::findings::Settings,
}

/// What the start resolves (identity, regions) before the poller can run.
pub struct Started {
    pub identity: crate::model::Identity,
    pub all_regions: Vec<String>,
    pub regions: Vec<String>,
    /// Every account watched, and how a cost refresh asks over them.
    pub accounts: Vec<crate::model::AccountInfo>,
    pub cost_plan: crate::model::cost::CostPlan,
    pub fleet: Fleet,
    pub poller: PollerConfig,
}

/// What woke the loop.
#[derive(Debug)]
pub enum Input {
    Terminal(TermEvent),
    Poller(Event),
    /// Events that were waiting together.
    Events(Vec<Event>),
    Tick(DateTime<Utc>),
}

/// An event and those already waiting behind it (at most [`BATCH`]): one
/// step, one rebuild of the view and one frame for all of them.
fn waiting(first: Event, events: &mut tokio::sync::mpsc::UnboundedReceiver<Event>) -> Input {
    let mut all = vec![first];
    while all.len() < BATCH
        && let Ok(e) = events.try_recv()
    {
        all.push(e);
    }
    match all.len() {
        1 => Input::Poller(all.remove(0)),
        _ => Input::Events(all),
    }
}

/// The most events taken in one step.
const BATCH: usize = 64;

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
        Input::Events(e) => Msg::Events(e),
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

/// Draws a frame only when it differs from the last one drawn, so an idle
/// screen writes nothing to the terminal (ratatui writes only the changed
/// cells of a frame, but a frame with none still costs its reset and
/// cursor sequences). Returns whether anything was written.
pub fn draw_changed<B: Backend>(
    terminal: &mut Terminal<B>,
    last: &mut Option<Buffer>,
    render: impl FnOnce(&mut Frame),
) -> Result<bool, B::Error> {
    terminal.autoresize()?;
    let mut frame = terminal.get_frame();
    render(&mut frame);
    let drawn = terminal.current_buffer_mut();
    if last.as_ref() == Some(&*drawn) {
        drawn.reset();
        return Ok(false);
    }
    *last = Some(drawn.clone());
    terminal.apply_buffer()?;
    Ok(true)
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

/// Runs the TUI until the user quits or a signal arrives. The first frame
/// (with the cached estate, if any) is drawn before `start` resolves the
/// identity and regions; an error there ends the TUI with that error.
pub async fn run(
    setup: Setup,
    start: impl std::future::Future<Output = anyhow::Result<Started>>,
) -> anyhow::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    let result = event_loop(setup, start).await;
    restore();
    result
}

async fn event_loop(
    setup: Setup,
    start: impl std::future::Future<Output = anyhow::Result<Started>>,
) -> anyhow::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let theme = Theme::from_env();
    let (event_tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let cached_account = setup.cached.as_ref().map(|(a, _)| a.clone());
    let mut settings = Settings {
        view: crate::views::Tab::resolve(&setup.view),
        presets: setup.presets,
        findings: setup.findings,
        ..setup.app
    };
    if let Some(account) = &cached_account {
        settings.identity.account = account.clone();
    }
    let mut app = App::new(settings, chrono::Utc::now());
    let cached_id = cached_account
        .as_deref()
        .and_then(crate::model::AccountId::parse)
        .unwrap_or_default();
    for c in setup.cached.map(|(_, c)| c).unwrap_or_default() {
        let cached = Event::cached(cached_id, c.region, c.kind, c.at, c.resources);
        let _ = app.update(Msg::Poller(cached));
    }
    // Commands made before the poller runs wait here, then go to it.
    let (early_tx, mut early_rx) = tokio::sync::mpsc::unbounded_channel();
    let mut keys = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut term = signal(SignalKind::terminate())?;
    let mut hup = signal(SignalKind::hangup())?;
    // The first page size, as a resize to the size the terminal has now.
    let size = terminal.size()?;
    step(
        &mut app,
        Input::Terminal(TermEvent::Resize(size.width, size.height)),
        &early_tx,
        terminal.backend_mut(),
    );
    let mut last_frame = None;
    draw_changed(&mut terminal, &mut last_frame, |f| ui::render(&app, f, &theme))?;
    // The first frame is up: now who we are and which regions.
    tokio::pin!(start);
    let started = loop {
        let input = tokio::select! {
            started = &mut start => break started?,
            key = keys.next() => match key {
                Some(Ok(e)) => Input::Terminal(e),
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            _ = tick.tick() => Input::Tick(chrono::Utc::now()),
            _ = term.recv() => return Ok(()),
            _ = hup.recv() => return Ok(()),
        };
        if step(&mut app, input, &early_tx, terminal.backend_mut()) == Flow::Quit {
            return Ok(());
        }
        draw_changed(&mut terminal, &mut last_frame, |f| ui::render(&app, f, &theme))?;
    };
    let Started {
        identity,
        all_regions,
        regions,
        accounts,
        cost_plan,
        fleet,
        poller,
    } = started;
    // Rows cached for another account go; effects wait for the poller.
    let resolved = Resolved {
        identity,
        all_regions,
        regions: regions.clone(),
        accounts,
        cost_plan,
        cost_loading: poller.cost.is_some(),
        cost_tag_key: poller.cost.as_ref().and_then(|c| c.tag_key.clone()),
    };
    let effects = app.update(Msg::Started(Box::new(resolved)));
    if dispatch(&mut app, effects, &early_tx, terminal.backend_mut()) {
        return Ok(());
    }
    let (commands, poller_task) = poller::spawn(fleet, regions, poller, event_tx);
    while let Ok(cmd) = early_rx.try_recv() {
        let _ = commands.send(cmd);
    }
    let mut flow = Flow::Continue { redraw: true };
    while let Flow::Continue { redraw } = flow {
        if redraw {
            draw_changed(&mut terminal, &mut last_frame, |f| ui::render(&app, f, &theme))?;
        }
        let input = tokio::select! {
            key = keys.next() => match key {
                Some(Ok(e)) => Input::Terminal(e),
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            event = events.recv() => match event {
                Some(e) => waiting(e, &mut events),
                None => break,
            },
            // The clock, once a second; a frame is written only when its text changed.
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
    use crate::model::{Outcome, Resource, ResourceKind};

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
        let _ = app.update(crate::app::tests::in_cycle(
            0,
            crate::app::tests::listed(
                "us-east-1",
                ResourceKind::Ec2Instance,
                Outcome::Fresh(items),
                DateTime::UNIX_EPOCH,
            ),
        ));
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

    /// Counts the bytes written to it.
    #[derive(Clone, Default)]
    struct Counting(std::sync::Arc<std::sync::atomic::AtomicUsize>);

    impl std::io::Write for Counting {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Counting {
        fn len(&self) -> usize {
            self.0.load(std::sync::atomic::Ordering::Relaxed)
        }
    }

    /// A 120x40 terminal whose output is only counted.
    fn memory_terminal() -> (Terminal<CrosstermBackend<Counting>>, Counting) {
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40));
        let out = Counting::default();
        let term = Terminal::with_options(
            CrosstermBackend::new(out.clone()),
            ratatui::TerminalOptions { viewport },
        )
        .expect("terminal");
        (term, out)
    }

    #[test]
    fn an_idle_screen_writes_nothing_between_changes() {
        let mut app = app();
        // The first cycle ended at launch: the header shows its age.
        let finished = Event::CycleFinished {
            cycle: 0,
            stats: Default::default(),
        };
        let _ = app.update(Msg::Poller(finished));
        let (tx, _rx) = mpsc::unbounded_channel();
        let theme = Theme::plain();
        let (mut term, out) = memory_terminal();
        let mut last = None;
        let launched = DateTime::UNIX_EPOCH + chrono::Duration::seconds(30);
        let mut written = Vec::new();
        // A minute of ticks, one a second, with nothing else happening.
        for s in 0..120 {
            step(
                &mut app,
                Input::Tick(launched + chrono::Duration::seconds(s)),
                &tx,
                &mut std::io::sink(),
            );
            let before = out.len();
            draw_changed(&mut term, &mut last, |f| ui::render(&app, f, &theme)).expect("draw");
            written.push(out.len() - before);
        }
        assert!(written[0] > 1000, "the first frame is drawn: {}", written[0]);
        let idle: usize = written[1..].iter().sum();
        let frames = written[1..].iter().filter(|n| **n > 0).count();
        assert!(
            frames <= 2 && idle < 2048,
            "two minutes of ticks: {frames} frames, {idle} bytes written ({written:?})"
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
