//! The terminal side: raw mode and the alternate screen, one `select!` loop
//! over keys, poller events and a tick, and restoring the terminal on quit,
//! on panic and on SIGTERM/SIGHUP. The mouse is never captured.

use std::io::{Write, stdout};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::signal::unix::{SignalKind, signal};

use crate::app::{App, Effect, Msg};
use crate::aws::Aws;
use crate::model::{Identity, TagFilter};
use crate::poller::{self, Command, PollerConfig};
use crate::ui::{self, Theme};

/// What the TUI starts with.
pub struct Setup {
    pub profile: String,
    pub identity: Identity,
    pub all_regions: Vec<String>,
    pub regions: Vec<String>,
    pub filter: TagFilter,
    pub keymap: crate::app::Keymap,
    pub log_path: Option<String>,
    pub poller: PollerConfig,
    /// The view shown first, by name (`ec2`, `cost`, ...).
    pub view: String,
    /// Named presets, for `Msg::ApplyPreset`.
    pub presets: std::collections::BTreeMap<String, crate::presets::Preset>,
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
pub async fn run(aws: Arc<Aws>, setup: Setup) -> anyhow::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    let result = event_loop(aws, setup).await;
    restore();
    result
}

async fn event_loop(aws: Arc<Aws>, setup: Setup) -> anyhow::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let theme = Theme::from_env();
    let (event_tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let (commands, poller_task) = poller::spawn(aws, setup.regions.clone(), setup.poller.clone(), event_tx);
    let mut app = App::new(
        setup.profile,
        setup.identity,
        setup.all_regions,
        setup.regions,
        setup.poller.interval,
        chrono::Utc::now(),
    );
    app.tag_filter = setup.filter;
    app.keymap = setup.keymap;
    app.log_path = setup.log_path;
    app.presets = setup.presets;
    if let Some(tab) = crate::app::view_named(&setup.view) {
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
    let mut dirty = true;
    loop {
        if dirty {
            let size = terminal.size()?;
            app.update(Msg::PageSize(ui::table_rows(size.height)));
            terminal.draw(|f| ui::render(&app, f, &theme))?;
            dirty = false;
        }
        let msg = tokio::select! {
            key = keys.next() => match key {
                Some(Ok(TermEvent::Key(k))) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Some(Ok(TermEvent::Resize(..))) => { dirty = true; continue; }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            event = events.recv() => match event {
                Some(e) => Msg::Poller(e),
                None => break,
            },
            // Ages in the header move once a second; nothing else redraws on a timer.
            _ = tick.tick() => Msg::Tick(chrono::Utc::now()),
            _ = term.recv() => break,
            _ = hup.recv() => break,
        };
        dirty = true;
        let mut quit = false;
        // In order; an effect that fails reports through a message, whose
        // effects follow.
        let mut effects = std::collections::VecDeque::from(app.update(msg));
        while let Some(effect) = effects.pop_front() {
            match effect {
                Effect::Send(cmd) => {
                    let _ = commands.send(cmd);
                }
                Effect::Quit => quit = true,
                Effect::Copy(text) => {
                    let seq = crate::clipboard::copy_sequence(&text, crate::clipboard::in_tmux());
                    let backend = terminal.backend_mut();
                    if let Err(e) = backend.write_all(seq.as_bytes()).and_then(|()| backend.flush()) {
                        effects.extend(app.update(Msg::Status(format!("copy failed: {e}"))));
                    }
                }
                Effect::Export { file, csv, rows } => {
                    let line = match export(&file, &csv) {
                        Ok(path) => format!("exported {rows} rows to {}", path.display()),
                        Err(e) => format!("export to {file} failed: {e}"),
                    };
                    effects.extend(app.update(Msg::Status(line)));
                }
            }
        }
        if quit {
            break;
        }
    }
    let _ = commands.send(Command::Stop);
    poller_task.abort();
    Ok(())
}
