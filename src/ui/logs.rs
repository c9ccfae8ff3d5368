//! The logs view over the body: a title with what is tailed and how the
//! tail is doing, the lines (time, stream shortened, message escaped),
//! newest at the bottom, and a footer with the count and the "older lines
//! dropped" mark. Log text is untrusted: it is drawn only through
//! [`escape`], never raw.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use super::overlay::popup;
use crate::app::App;
use crate::app::logs::{LogPromptKind, LogsView, TailState};
use crate::model::logs::{LogEvent, RING_LINES, escape, short_stream};
use crate::model::thousands;

pub(super) fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(v) = app.view.logs.as_deref() else {
        return;
    };
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(Span::styled(title(v), theme.header))
        .title_bottom(footer(v));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let prompt_rows = u16::from(v.prompt.is_some());
    let lines_area = Rect {
        height: inner.height.saturating_sub(prompt_rows),
        ..inner
    };
    frame.render_widget(Paragraph::new(body(v, lines_area, theme)), lines_area);
    if let Some(p) = &v.prompt {
        let (label, help) = match p.kind {
            LogPromptKind::Search => (" / ", "  Enter keep · Esc clear"),
            LogPromptKind::Filter => (" filter pattern: ", "  Enter applies (empty clears) · Esc cancels"),
        };
        let line = Line::from(vec![
            Span::styled(label, theme.title),
            Span::raw(format!("{}▏", p.input)),
            Span::styled(help, theme.dim),
        ]);
        let at = Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(line), at);
    }
    if let Some(text) = &v.pretty {
        render_pretty(text, frame, area, theme);
    }
}

/// What is tailed, where, over what, and how it goes.
fn title(v: &LogsView) -> String {
    let mut parts = vec![format!("Logs · {}", v.spec.target.label())];
    if v.sources.len() > 1 {
        parts.push(format!("{} groups", v.sources.len()));
    }
    parts.push(v.spec.region.clone());
    parts.push(format!("last {}", v.range.label()));
    if let Some(f) = &v.spec.filter {
        parts.push(format!("filter {}", escape(f)));
    }
    if !v.search.is_empty() {
        parts.push(format!("search {}", escape(&v.search)));
    }
    parts.push(match &v.state {
        TailState::Opening => "opening…".to_string(),
        TailState::Live | TailState::Done if v.following() => "following".to_string(),
        TailState::Live | TailState::Done => match v.new_below {
            0 => "paused (G follows)".to_string(),
            n => format!("paused, {} new (G follows)", thousands(n as usize)),
        },
        TailState::Throttled(wait) => format!("throttled: next poll in {}s", wait.as_secs()),
        TailState::Failed(e) => format!("error: {e}"),
    });
    parts.push(if v.local_time { "local time" } else { "UTC" }.to_string());
    format!(" {} ", parts.join(" · "))
}

fn footer(v: &LogsView) -> Line<'static> {
    let mut text = format!(" {} lines", thousands(v.ring.len()));
    if v.ring.dropped() > 0 {
        text.push_str(&format!(
            " · {} older lines dropped (the view holds the newest {})",
            thousands(v.ring.dropped() as usize),
            thousands(RING_LINES)
        ));
    }
    text.push(' ');
    Line::from(text)
}

/// The rows on screen, newest at the bottom: up to the newest line while
/// the cursor's line (the newest when following) shows with it; scrolled
/// further up, the cursor's line is the top row.
fn body(v: &LogsView, area: Rect, theme: &Theme) -> Vec<Line<'static>> {
    let height = area.height as usize;
    let width = area.width as usize;
    if height == 0 || width == 0 {
        return Vec::new();
    }
    let shown = v.shown();
    let Some(at) = v.cursor_index(&shown) else {
        let why = match (&v.state, v.search.is_empty()) {
            (TailState::Opening, _) => "reading…".to_string(),
            (_, false) => "no loaded line matches the search (Esc in / clears it)".to_string(),
            _ => format!(
                "no events in the last {} yet: new ones show as they come",
                v.range.label()
            ),
        };
        return vec![Line::styled(format!(" {why}"), theme.dim)];
    };
    let stream_width = if width >= 110 { 24 } else { 14 };
    let rows_of = |seq: u64| {
        v.ring.get(seq).map_or(0, |e| {
            event_rows(e, v, width, stream_width, theme, Style::default()).len()
        })
    };
    let last = shown.len() - 1;
    let mut used = 0;
    let mut end = last;
    let mut cursor_shows = false;
    for i in (at..=last).rev() {
        used += rows_of(shown[i]);
        if used > height {
            break;
        }
        cursor_shows = i == at;
    }
    if !cursor_shows {
        (end, used) = (at, 0);
        for (i, &seq) in shown.iter().enumerate().skip(at) {
            used += rows_of(seq);
            if used > height {
                break;
            }
            end = i;
        }
    }
    let mut rows: Vec<Line<'static>> = Vec::new();
    for &seq in shown[..=end].iter().rev() {
        let Some(e) = v.ring.get(seq) else { continue };
        let style = if !v.following() && seq == shown[at] {
            theme.highlight
        } else {
            Style::default()
        };
        let mut lines = event_rows(e, v, width, stream_width, theme, style);
        // Newest at the bottom: the rows of an event go on top of those after it.
        while let Some(line) = lines.pop() {
            rows.push(line);
            if rows.len() == height {
                break;
            }
        }
        if rows.len() == height {
            break;
        }
    }
    rows.reverse();
    rows
}

/// One event's rows: the first with its time and stream, then (wrapped)
/// the rest of its message under the message column.
fn event_rows(
    e: &LogEvent,
    v: &LogsView,
    width: usize,
    stream_width: usize,
    theme: &Theme,
    style: Style,
) -> Vec<Line<'static>> {
    let time = if v.local_time {
        e.time()
            .with_timezone(&chrono::Local)
            .format("%H:%M:%S%.3f")
            .to_string()
    } else {
        e.time().format("%H:%M:%S%.3f").to_string()
    };
    let stream = format!("{:<stream_width$}", short_stream(&escape(&e.stream), stream_width));
    let indent = time.chars().count() + 1 + stream_width + 1;
    let message: Vec<char> = escape(&e.message).chars().collect();
    let room = width.saturating_sub(indent).max(1);
    let first_len = message.len().min(room);
    let mut out = vec![Line::from(vec![
        Span::styled(time, theme.dim.patch(style)),
        Span::styled(" ", style),
        Span::styled(stream, theme.dim.patch(style)),
        Span::styled(" ", style),
        Span::styled(message[..first_len].iter().collect::<String>(), style),
    ])];
    if v.wrap {
        for chunk in message[first_len..].chunks(room) {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(chunk.iter().collect::<String>(), style),
            ]));
        }
    }
    out
}

/// A JSON line, pretty-printed, in a box any key closes.
fn render_pretty(text: &str, frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines: Vec<Line> = text
        .lines()
        .map(|l| Line::from(escape(l).into_owned()))
        .chain([Line::styled("any key closes", theme.dim)])
        .collect();
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 2;
    let at = popup(area, width.max(30), lines.len() as u16 + 2);
    frame.render_widget(Clear, at);
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(" JSON ")), at);
}

/// The meter's line for logs: the calls made so far this session.
pub(super) fn meter_line(app: &App) -> Line<'static> {
    let c = &app.known.logs.calls;
    Line::from(format!(
        "   so far: {} logs calls (FilterLogEvents has no per-call price)",
        thousands(c.calls as usize)
    ))
}

#[cfg(test)]
#[allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]
mod tests {
    use crossterm::event::KeyCode;

    use super::super::tests::{draw, fixture, key, snap_both};
    use crate::app::{App, Msg};
    use crate::model::CallCount;
    use crate::model::logs::{LogEvent, LogSource, TailNews};
    use crate::protocol::Event;

    fn news(app: &mut App, news: TailNews) {
        let tail = app.view.logs.as_ref().expect("the logs view").spec.id;
        app.update(Msg::Poller(Event::Logs {
            tail,
            news,
            calls: CallCount::default(),
        }));
    }

    fn line(app: &App, secs_ago: i64, n: u32, stream: &str, message: &str) -> LogEvent {
        LogEvent {
            time_ms: app.known.now.timestamp_millis() - secs_ago * 1_000 + i64::from(n % 1_000),
            group: "/aws/lambda/checkout".into(),
            stream: stream.into(),
            message: message.into(),
            id: n.to_string(),
        }
    }

    /// The fixture's Lambda view, `l` on its first function, and what a
    /// function writes: its START/END lines, a JSON line, a long line,
    /// and one with terminal escape sequences in it.
    fn with_logs() -> App {
        let mut app = fixture();
        key(&mut app, KeyCode::Char('6'));
        key(&mut app, KeyCode::Char('l'));
        let group = app.view.logs.as_ref().expect("opened").spec.target.label();
        news(&mut app, TailNews::Opened(vec![LogSource::group(group)]));
        let stream = "2026/12/07/[$LATEST]5f1c2e9a7b3d4c60a1e2f3b4c5d6e7f8";
        let lines = [
            "START RequestId: 6f1c0b2e-1 Version: $LATEST",
            "{\"level\":\"info\",\"msg\":\"order placed\",\"items\":3}",
            "client sent \u{1b}[31mred\u{1b}[0m and \u{1b}]52;c;Zm9v\u{7} text",
            "a long line: payment provider answered 502 Bad Gateway after 3 retries; the order stays pending and is retried by the sweeper in 5 minutes",
            "END RequestId: 6f1c0b2e-1",
            "REPORT RequestId: 6f1c0b2e-1 Duration: 12.34 ms Billed Duration: 13 ms",
        ];
        let events = lines
            .iter()
            .enumerate()
            .map(|(i, m)| line(&app, 60 - i as i64, i as u32, stream, m))
            .collect();
        news(&mut app, TailNews::Events(events));
        app
    }

    #[test]
    fn logs_view() {
        snap_both("logs_view", &with_logs());
    }

    #[test]
    fn logs_view_paused_wrapped_throttled_with_older_lines_dropped() {
        let mut app = with_logs();
        let mut many: Vec<LogEvent> = (0..10_010)
            .map(|i| line(&app, 30, 100 + i, "web-1", &format!("GET /item/{i} 200")))
            .collect();
        let long = "POST /checkout 502 upstream payment provider answered Bad Gateway after 3 retries; the order stays pending";
        many.push(line(&app, 20, 10_200, "web-1", long));
        many.push(line(&app, 20, 10_201, "web-1", "GET /health 200"));
        news(&mut app, TailNews::Events(many));
        key(&mut app, KeyCode::Char('k'));
        key(&mut app, KeyCode::Char('w'));
        let late = line(&app, 1, 20_000, "web-1", "while paused");
        news(&mut app, TailNews::Events(vec![late]));
        news(&mut app, TailNews::Throttled(std::time::Duration::from_secs(12)));
        snap_both("logs_view_paused", &app);
    }

    #[test]
    fn logs_json_line_pretty_printed() {
        let mut app = with_logs();
        for _ in 0..4 {
            key(&mut app, KeyCode::Char('k'));
        }
        key(&mut app, KeyCode::Enter);
        snap_both("logs_json", &app);
    }

    #[test]
    fn log_text_never_reaches_the_terminal_raw() {
        let app = with_logs();
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = draw(&app, w, h);
            assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'), "{screen}");
        }
        assert!(draw(&app, 120, 40).contains("client sent \\x1b[31mred\\x1b[0m and \\x1b]52;c;Zm9v\\x07 text"));
    }
}
