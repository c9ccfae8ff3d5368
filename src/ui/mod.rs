//! Rendering: `render(&App, &mut Frame)`. It reads the app and never changes it.

mod chart;
mod cost;
mod grid;
mod header;
mod logs;
mod metrics;
mod overlay;
mod overview;
mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TCell, Paragraph, Row, Table, TableState, Wrap};

use crate::app::sort::{coarse_duration, short_duration};
use crate::app::{App, Mode, Tab};
use crate::model::{ResourceKind, thousands};
use header::{changes_summary, health_cells, health_line, render_header};
use overlay::{popup, render_detail, render_help, render_picker, render_popup, render_prompt};
pub use theme::Theme;

/// The smallest terminal the layout fits.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Rows of the table body for a terminal height (for paging).
pub fn table_rows(height: u16) -> usize {
    height.saturating_sub(3 + 1 + 1 + 3) as usize
}

pub fn render(app: &App, frame: &mut Frame, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "terminal too small: {}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, tabs, body, status] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(app, frame, header, theme);
    render_tabs(app, frame, tabs, theme);
    match app.view.tab {
        Tab::Overview => overview::render(app, frame, body, theme),
        Tab::Grid => grid::render(app, frame, body, theme),
        Tab::Cost => cost::render(app, frame, body, theme),
        Tab::Changes => render_changes(app, frame, body, theme),
        Tab::Metrics => metrics::render_metrics_tab(app, frame, body, theme),
        _ => render_table(app, frame, body, theme),
    }
    render_status(app, frame, status, theme);
    match app.view.mode {
        // Help may cover everything but the status bar: every key must fit at 80x24.
        Mode::Help => render_help(
            app,
            frame,
            Rect {
                height: area.height - 1,
                ..area
            },
            theme,
        ),
        Mode::RegionPicker => render_picker(app, frame, body, theme),
        Mode::Command => render_prompt(app, frame, body, theme, "View (a kind or its alias; Tab completes)"),
        Mode::TagPrompt => render_prompt(
            app,
            frame,
            body,
            theme,
            "Tag filter (KEY=V1,V2  KEY  !KEY; Tab completes)",
        ),
        Mode::Detail => render_detail(app, frame, body, theme),
        Mode::ConfirmCost => cost::render_confirm(app, frame, body, theme),
        Mode::Logs => logs::render(app, frame, body, theme),
        Mode::Normal | Mode::Search => {}
    }
    if let Some(p) = &app.view.popup {
        render_popup(p, frame, body, theme);
    }
}

/// The `:changes` view: every change kept, newest first.
fn render_changes(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let header = Row::new(["TIME", "", "KIND", "REGION", "ID", "STATE"].map(TCell::from)).style(theme.header);
    let rows = app.known.changes.iter().rev().take(area.height as usize).map(|c| {
        let state = match c.change {
            crate::model::changes::ChangeKind::Added => format!("added ({})", c.to),
            crate::model::changes::ChangeKind::Removed => format!("removed (was {})", c.from),
            crate::model::changes::ChangeKind::State => format!("{} → {}", c.from, c.to),
        };
        Row::new([
            TCell::from(c.at.format("%H:%M:%S").to_string()),
            TCell::from(c.change.mark()),
            TCell::from(c.kind.to_string()),
            TCell::from(c.region.clone()),
            TCell::from(c.id.clone()),
            TCell::from(state),
        ])
    });
    let widths = [
        Constraint::Length(8),
        Constraint::Length(1),
        Constraint::Length(16),
        Constraint::Length(14),
        Constraint::Length(28),
        Constraint::Fill(1),
    ];
    let title = format!(
        " Changes (UTC) · {} ",
        changes_summary(app).unwrap_or_else(|| "none yet".to_string())
    );
    let block = Block::default().borders(Borders::TOP | Borders::BOTTOM).title(title);
    frame.render_widget(
        Table::new(rows, widths).header(header).block(block).column_spacing(1),
        area,
    );
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let tabs = Tab::all();
    let titles: Vec<String> = tabs.iter().map(|t| tab_title(*t)).collect();
    let selected = tabs.iter().position(|t| *t == app.view.tab).unwrap_or(0);
    let (start, end, pad) = tab_window(&titles, selected, area.width as usize);
    let mut spans = Vec::new();
    if start > 0 {
        spans.push(Span::styled("‹ ", theme.dim));
    }
    for (i, title) in titles.iter().enumerate().take(end).skip(start) {
        if i > start {
            spans.push(Span::raw("│"));
        }
        // The current view is bracketed, so it shows without colour too.
        let (open, close) = if i == selected { ("[", "]") } else { (pad, pad) };
        let style = if i == selected {
            theme.selected_tab
        } else {
            Style::default()
        };
        spans.push(Span::raw(open));
        spans.push(Span::styled(title.clone(), style));
        spans.push(Span::raw(close));
    }
    if end < titles.len() {
        spans.push(Span::styled(" ›", theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A view's tab title: its number key, if any, and its label.
fn tab_title(t: Tab) -> String {
    match t.key() {
        Some(k) => format!("{k} {t}"),
        None => t.to_string(),
    }
}

/// Which tabs fit `width` columns: every tab padded with a space each
/// side when they fit so, else unpadded; when not even that fits, the range
/// `start..end` around `selected`, from the first tab as far as possible,
/// with arrows for the tabs left out. The selected title is bracketed.
fn tab_window(titles: &[String], selected: usize, width: usize) -> (usize, usize, &'static str) {
    let n = titles.len();
    let fits = |a: usize, b: usize, pad: usize| {
        let arrows = if a > 0 { 2 } else { 0 } + if b < n { 2 } else { 0 };
        let text: usize = (a..b)
            .map(|i| titles[i].chars().count() + if i == selected { 2 } else { 2 * pad })
            .sum();
        text + (b - a).saturating_sub(1) + arrows <= width
    };
    if fits(0, n, 1) {
        return (0, n, " ");
    }
    let mut start = 0;
    while start < selected && !fits(start, selected + 1, 0) {
        start += 1;
    }
    let mut end = selected + 1;
    while end < n && fits(start, end + 1, 0) {
        end += 1;
    }
    (start, end, "")
}

fn render_table(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let all_cols = app.columns();
    let (sort_col, reverse) = app.sort_state();
    let rows = app.rows();
    let empty = rows.len() == 0;
    // Only the rows on screen are formatted.
    let visible = table_rows_for(area);
    let offset = app.scroll_offset_for(visible);
    // The sparkline column goes after the state, for kinds that have one.
    let spark = app.view.tab.kinds().first().and_then(|k| metrics::spark_title(app, *k));
    let kinds: Vec<ResourceKind> = app.rows().skip(offset).take(visible).map(|r| r.kind).collect();
    let spark_at = spark.as_ref().map(|_| {
        all_cols
            .iter()
            .position(|c| c.role == crate::kinds::Role::State)
            .map_or(all_cols.len(), |i| i + 1)
    });
    let texts: Vec<Vec<String>> = rows
        .skip(offset)
        .take(visible)
        .map(|r| {
            let mut row: Vec<String> = all_cols.iter().map(|c| app.cell_text(c, r)).collect();
            // Changed in this cycle: a mark readable without colour.
            if let (Some(m), Some(first)) = (app.mark(r), row.first_mut()) {
                *first = format!("{} {first}", m.mark());
            }
            if let Some(at) = spark_at {
                row.insert(at, metrics::spark_text(app, r));
            }
            row
        })
        .collect();
    // (title, width cap, sort index) per shown column.
    let mut shown: Vec<(&str, u16, Option<usize>)> = all_cols
        .iter()
        .enumerate()
        // A number is never cut: numeric columns widen to their widest value.
        .map(|(i, c)| (c.title, if c.numeric() { u16::MAX } else { c.width }, Some(i)))
        .collect();
    if let (Some(at), Some(title)) = (spark_at, spark.as_deref()) {
        shown.insert(at, (title, 16, None));
    }
    // Each column as wide as its content (up to its width); columns that do
    // not fit the terminal are left out, from the right.
    let mut keep: Vec<(usize, u16)> = Vec::new();
    let mut cut: Vec<u16> = Vec::new();
    let mut used = 0u16;
    for (i, &(title, cap, _)) in shown.iter().enumerate() {
        let title = title.chars().count() as u16 + 1;
        let content = texts.iter().map(|row| row[i].chars().count()).max().unwrap_or(0) as u16;
        let width = content.min(cap).max(title);
        if used + width > area.width {
            break;
        }
        used += width + 1;
        keep.push((i, width));
        cut.push(content.saturating_sub(width));
    }
    // Room the row has left goes to the columns cut at their width (a long
    // EMR master address), from the left.
    let mut room = area.width.saturating_sub(used);
    for ((_, width), cut) in keep.iter_mut().zip(cut) {
        let more = cut.min(room);
        *width += more;
        room -= more;
    }
    let header = Row::new(keep.iter().map(|&(i, _)| {
        let mark = if shown[i].2 == Some(sort_col) {
            if reverse { "▼" } else { "▲" }
        } else {
            ""
        };
        TCell::from(format!("{}{mark}", shown[i].0))
    }))
    .style(theme.header);
    let body = texts.into_iter().zip(kinds).map(|(row, kind)| {
        Row::new(keep.iter().map(|&(i, _)| {
            // The tone is the column's to say (its role), not its title's.
            let tone = shown[i].2.and_then(|c| all_cols[c].tone(kind, &row[i]));
            let style = tone.map_or(Style::default(), |t| theme.tone(t));
            TCell::from(row[i].clone()).style(style)
        }))
    });
    let widths: Vec<Constraint> = keep.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    let title = table_title(app);
    let footer = table_footer(app);
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(title)
        .title_bottom(footer);
    let table = Table::new(body, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.highlight)
        .column_spacing(1);
    let mut state = TableState::default().with_selected((!empty).then_some(app.view.cursor - offset));
    frame.render_stateful_widget(table, area, &mut state);
    if empty {
        let [_, inner] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        let msg = if app.pending_regions().len() == app.view.regions.len() && app.known.cycle_running {
            "loading…"
        } else if app.total_for_tab() > 0 {
            "no resources match the filters (T clears the tag filter, Esc the search)"
        } else {
            "no resources in the selected regions"
        };
        frame.render_widget(Paragraph::new(format!(" {msg}")).style(theme.dim), inner);
    }
}

fn table_rows_for(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

fn table_title(app: &App) -> String {
    let shown = app.rows().len();
    let total = app.total_for_tab();
    let n = app.view.regions.len();
    let counts = if shown == total {
        thousands(total)
    } else {
        format!("{} of {}", thousands(shown), thousands(total))
    };
    format!(
        " {} · {counts} · {n} region{} ",
        app.view.tab,
        if n == 1 { "" } else { "s" }
    )
}

fn table_footer(app: &App) -> Line<'static> {
    let mut parts = Vec::new();
    let pending = app.pending_regions();
    if !pending.is_empty() && app.known.cycle_running {
        parts.push(format!("loading: {}", pending.join(",")));
    }
    let cached = app.cached_cells(app.view.tab.kinds());
    if !cached.is_empty() {
        let cells: Vec<String> = cached
            .iter()
            .map(|(r, _, at)| format!("{r} {}", coarse_duration((app.known.now - *at).num_seconds())))
            .collect();
        parts.push(format!("cached: {}", cells.join(", ")));
    }
    for (region, kind, err, at) in app.failures(app.view.tab.kinds()) {
        parts.push(format!(
            "{region} {kind}: {} ({} ago, showing last good data)",
            err,
            coarse_duration((app.known.now - at).num_seconds())
        ));
    }
    Line::from(parts.join(" · "))
}

fn render_status(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let line = if app.view.mode == Mode::Search {
        Line::from(vec![
            Span::styled(" / ", theme.title),
            Span::raw(app.view.prompt.input.clone()),
            Span::raw("▏  Enter keep · Esc clear"),
        ])
    } else {
        let mode = if app.view.mode == Mode::TagPrompt {
            Mode::Normal
        } else {
            app.view.mode
        };
        let mut spans = Vec::new();
        if let Some(status) = &app.view.status {
            spans.push(Span::styled(format!(" {status} "), theme.title));
        }
        for (k, h) in app.known.keymap.hints(mode) {
            spans.push(Span::styled(format!(" {k} "), theme.key));
            spans.push(Span::raw(format!(" {h} ")));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}

#[cfg(test)]
mod style_tests;
#[cfg(test)]
mod tests;
