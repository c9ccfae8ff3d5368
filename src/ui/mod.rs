//! Rendering: `render(&App, &mut Frame)`. It reads the app and never changes it.

mod chart;
mod cost;
mod grid;
mod metrics;
mod overview;
mod theme;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TCell, Clear, Paragraph, Row, Table, TableState, Wrap};

use crate::app::view::{coarse_duration, short_duration};
use crate::app::{App, Mode, Tab};
use crate::model::{ResourceKind, thousands};
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
    match app.tab {
        Tab::Overview => overview::render(app, frame, body, theme),
        Tab::Grid => grid::render(app, frame, body, theme),
        Tab::Cost => cost::render(app, frame, body, theme),
        Tab::Changes => render_changes(app, frame, body, theme),
        Tab::Metrics => metrics::render_metrics_tab(app, frame, body, theme),
        _ => render_table(app, frame, body, theme),
    }
    render_status(app, frame, status, theme);
    match app.mode {
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
        Mode::Normal | Mode::Search => {}
    }
    if let Some(p) = &app.popup {
        render_popup(p, frame, body, theme);
    }
}

/// A text box over the body, as wide as the text needs (wrapped when the
/// terminal is narrower); any key closes it.
fn render_popup(p: &crate::app::Popup, frame: &mut Frame, area: Rect, theme: &Theme) {
    let inner_width = area.width.saturating_sub(2).max(1);
    let text_width = p.text.chars().count().max(p.title.chars().count()) as u16;
    let lines = text_width.div_ceil(inner_width).max(1);
    let area = popup(area, text_width.saturating_add(2), lines + 3);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(p.text.clone()),
            Line::styled("any key closes", theme.dim),
        ])
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(p.title.clone())),
        area,
    );
}

fn ago(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    at.map_or_else(
        || "never".to_string(),
        |t| format!("{} ago", coarse_duration((now - t).num_seconds())),
    )
}

fn render_header(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let [line1, line2, line3] = Layout::vertical([Constraint::Length(1); 3]).areas(area);
    let regions = if app.regions.len() == app.all_regions.len() && app.regions.len() > 1 {
        format!("all {} regions", app.regions.len())
    } else if app.regions.len() <= 3 {
        app.regions.join(",")
    } else {
        format!("{} regions", app.regions.len())
    };
    let refresh = match app.cached_since() {
        // Rows from the disk cache are on show: say so, with their age.
        Some(at) => format!(
            "showing cached data from {} · {}",
            ago(Some(at), app.now),
            if app.cycle_running {
                "refreshing…"
            } else {
                "waiting for AWS"
            }
        ),
        None if app.cycle_running => "refreshed refreshing…".to_string(),
        None => format!("refreshed {}", ago(app.last_full_refresh, app.now)),
    };
    let who = if app.multi_account() {
        format!("{} of {} accounts", app.shown_accounts.len(), app.accounts.len())
    } else {
        format!("{}@{}", app.profile, app.identity.account)
    };
    let l1 = Line::from(vec![
        Span::styled(" aws-monitor ", theme.title),
        Span::raw(format!(
            " {who} · {regions} · every {}s · {refresh}",
            app.interval.as_secs()
        )),
    ]);
    frame.render_widget(Paragraph::new(l1), line1);
    let filter = if app.tag_filter.is_empty() {
        "none".to_string()
    } else {
        app.tag_filter.to_string()
    };
    let search = if app.search.is_empty() {
        String::new()
    } else {
        format!(" · search \"{}\"", app.search)
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!(" tags: {filter}{search}")),
            metrics::meter_span(app, theme),
            Span::raw(changes_summary(app).map(|c| format!(" · {c}")).unwrap_or_default()),
        ])),
        line2,
    );
    frame.render_widget(
        Paragraph::new(Line::from(health_line(health_cells(app, theme), area.width))),
        line3,
    );
}

/// With several accounts, one cell per account shown first (its listing
/// health over the selected regions); then one cell per region: its
/// listing health, then what its alarms and instances say (counted in
/// `App::update`); and whether each is quiet.
fn health_cells(app: &App, theme: &Theme) -> Vec<(Vec<Span<'static>>, bool)> {
    let mut cells: Vec<(Vec<Span>, bool)> = Vec::new();
    let shown = app
        .accounts
        .iter()
        .filter(|a| app.multi_account() && app.shows_account(a.id));
    for account in shown {
        let pending = app
            .cell_in(
                account.id,
                app.regions.first().map_or("", String::as_str),
                ResourceKind::Ec2Instance,
            )
            .is_some_and(|c| c.pending);
        let (text, style) = health_text(&account.label(), app.account_health(account.id), None, pending, theme);
        let quiet = text.ends_with(" ok");
        cells.push((vec![Span::styled(text, style)], quiet));
    }
    for region in &app.regions {
        let pending = app.cell(region, ResourceKind::Ec2Instance).is_some_and(|c| c.pending);
        let cached = app
            .region_cached(region)
            .map(|at| coarse_duration((app.now - at).num_seconds()));
        let (text, style) = health_text(region, app.region_health(region), cached, pending, theme);
        let signals = app.region_signals(region).suffix();
        let quiet = text.ends_with(" ok") && signals.is_empty();
        cells.push((vec![Span::styled(text, style), Span::styled(signals, theme.bad)], quiet));
    }
    cells
}

/// `us-east-1 ok`, `prod !3 err`, `dev ~throttled`, `eu-west-1 cached 2h`,
/// `eu-west-1 …`.
fn health_text(
    what: &str,
    (errors, throttled, stale): (usize, bool, bool),
    cached: Option<String>,
    pending: bool,
    theme: &Theme,
) -> (String, Style) {
    if throttled {
        (format!("{what} ~throttled"), theme.warn)
    } else if errors > 0 && stale {
        (format!("{what} !{errors} err stale"), theme.bad)
    } else if errors > 0 {
        (format!("{what} !{errors} err"), theme.bad)
    } else if let Some(age) = cached {
        (format!("{what} cached {age}"), theme.dim)
    } else if pending {
        (format!("{what} …"), theme.dim)
    } else {
        (format!("{what} ok"), theme.good)
    }
}

/// The regions' health cells two spaces apart. When they do not fit, the
/// quiet ones (ok, no alarm, nothing impaired) fold into `+N ok` at the end,
/// so that the regions that need a look stay on screen.
fn health_line(cells: Vec<(Vec<Span<'static>>, bool)>, width: u16) -> Vec<Span<'static>> {
    let text_width = |cells: &[(Vec<Span>, bool)]| -> usize {
        cells
            .iter()
            .map(|(spans, _)| spans.iter().map(|s| s.width()).sum::<usize>() + 2)
            .sum::<usize>()
            + 1
    };
    let fits = text_width(&cells) <= width as usize;
    let folded = if fits {
        0
    } else {
        cells.iter().filter(|(_, q)| *q).count()
    };
    let mut spans = vec![Span::raw(" ")];
    for (cell, quiet) in cells {
        if folded > 0 && quiet {
            continue;
        }
        spans.extend(cell);
        spans.push(Span::raw("  "));
    }
    if folded > 0 {
        spans.push(Span::raw(format!("+{folded} ok")));
    }
    spans
}

/// `+3 −1 ~2 since 09:12 UTC`, when anything changed.
fn changes_summary(app: &App) -> Option<String> {
    let (added, removed, state) = app.change_counts();
    if added + removed + state == 0 {
        return None;
    }
    let since = app
        .changes_since
        .map(|t| format!(" since {} UTC", t.format("%H:%M")))
        .unwrap_or_default();
    Some(format!("+{added} −{removed} ~{state}{since}"))
}

/// The `:changes` view: every change kept, newest first.
fn render_changes(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let header = Row::new(["TIME", "", "KIND", "REGION", "ID", "STATE"].map(TCell::from)).style(theme.header);
    let rows = app.changes.iter().rev().take(area.height as usize).map(|c| {
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
    let selected = tabs.iter().position(|t| *t == app.tab).unwrap_or(0);
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
    let spark = app.tab.kinds().first().and_then(|k| metrics::spark_title(app, *k));
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
    let mut state = TableState::default().with_selected((!empty).then_some(app.cursor - offset));
    frame.render_stateful_widget(table, area, &mut state);
    if empty {
        let [_, inner] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        let msg = if app.pending_regions().len() == app.regions.len() && app.cycle_running {
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
    let n = app.regions.len();
    let counts = if shown == total {
        thousands(total)
    } else {
        format!("{} of {}", thousands(shown), thousands(total))
    };
    format!(" {} · {counts} · {n} region{} ", app.tab, if n == 1 { "" } else { "s" })
}

fn table_footer(app: &App) -> Line<'static> {
    let mut parts = Vec::new();
    let pending = app.pending_regions();
    if !pending.is_empty() && app.cycle_running {
        parts.push(format!("loading: {}", pending.join(",")));
    }
    let cached = app.cached_cells(app.tab.kinds());
    if !cached.is_empty() {
        let cells: Vec<String> = cached
            .iter()
            .map(|(r, _, at)| format!("{r} {}", coarse_duration((app.now - *at).num_seconds())))
            .collect();
        parts.push(format!("cached: {}", cells.join(", ")));
    }
    for (region, kind, err, at) in app.failures(app.tab.kinds()) {
        parts.push(format!(
            "{region} {kind}: {} ({} ago, showing last good data)",
            err,
            coarse_duration((app.now - at).num_seconds())
        ));
    }
    Line::from(parts.join(" · "))
}

fn render_status(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let line = if app.mode == Mode::Search {
        Line::from(vec![
            Span::styled(" / ", theme.title),
            Span::raw(app.prompt.input.clone()),
            Span::raw("▏  Enter keep · Esc clear"),
        ])
    } else {
        let mode = if app.mode == Mode::TagPrompt {
            Mode::Normal
        } else {
            app.mode
        };
        let mut spans = Vec::new();
        if let Some(status) = &app.status {
            spans.push(Span::styled(format!(" {status} "), theme.title));
        }
        for (k, h) in app.keymap.hints(mode) {
            spans.push(Span::styled(format!(" {k} "), theme.key));
            spans.push(Span::raw(format!(" {h} ")));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn render_help(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    const COL: usize = 38;
    let entries = app.keymap.help_lines();
    // As many columns as the height needs (borders, a blank line and the
    // log line take 4 rows), so every key shows at 80x24; the bill's
    // breakdown gets the rows left over.
    let per_col = (area.height.saturating_sub(4) as usize).max(1);
    let ncols = entries.len().div_ceil(per_col).max(1);
    let rows = entries.len().div_ceil(ncols);
    let mut lines: Vec<Line> = (0..rows)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..ncols {
                if let Some((k, h)) = entries.get(c * rows + r) {
                    spans.push(Span::styled(format!("{k:>7} "), theme.key));
                    spans.push(Span::raw(format!(" {h:<width$}", width = COL - 9)));
                }
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::from(""));
    let log = format!(" log: {}", app.log_path.as_deref().unwrap_or("off"));
    let mut width = (ncols * COL).max(log.chars().count() + 1) + 2;
    lines.push(Line::from(log));
    // The bill's breakdown, as much as fits.
    let room = (area.height as usize).saturating_sub(lines.len() + 2);
    for line in metrics::meter_lines(app).into_iter().take(room) {
        width = width.max(line.width() + 2);
        lines.push(line);
    }
    let area = popup(area, width as u16, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(" Help ")), area);
}

fn render_picker(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let items = app.picker_items();
    let height = (items.len() as u16 + 2).min(area.height);
    let width = items
        .iter()
        .map(|i| i.chars().count() as u16 + 8)
        .max()
        .unwrap_or(0)
        .max(34);
    let area = popup(area, width, height);
    let visible = area.height.saturating_sub(2) as usize;
    let offset = app.picker.cursor.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = items
        .iter()
        .zip(&app.picker.checked)
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, (r, c))| {
            let text = format!("[{}] {r}", if *c { "x" } else { " " });
            if i == app.picker.cursor {
                Line::styled(text, theme.highlight)
            } else {
                Line::from(text)
            }
        })
        .collect();
    let n = app.picker.checked.iter().filter(|c| **c).count();
    let what = match app.picker.of {
        crate::app::Pick::Regions => "Regions",
        crate::app::Pick::Accounts => "Accounts",
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {what} · {n} selected "))),
        area,
    );
}

fn render_prompt(app: &App, frame: &mut Frame, area: Rect, theme: &Theme, title: &str) {
    let area = popup(area, 76, 4 + u16::from(!app.prompt.suggestions.is_empty()));
    let mut lines = vec![Line::from(format!("{}▏", app.prompt.input))];
    lines.push(match &app.prompt.error {
        Some(e) => Line::styled(e.clone(), theme.bad),
        None => Line::styled("ok · Enter applies · Esc cancels", theme.dim),
    });
    if !app.prompt.suggestions.is_empty() {
        lines.push(Line::styled(
            format!("Tab: {}", app.prompt.suggestions.join("  ")),
            theme.dim,
        ));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))),
        area,
    );
}

fn render_detail(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(r) = app.selected() else { return };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("kind      ", theme.header),
            Span::raw(r.kind.to_string()),
        ]),
        Line::from(vec![Span::styled("id        ", theme.header), Span::raw(r.id.clone())]),
        Line::from(vec![
            Span::styled("name      ", theme.header),
            Span::raw(r.name.clone()),
        ]),
        Line::from(vec![
            Span::styled("region    ", theme.header),
            Span::raw(r.region.as_str()),
        ]),
        Line::from(vec![
            Span::styled("state     ", theme.header),
            Span::styled(r.state.as_str(), theme.state(r.kind, &r.state)),
        ]),
    ];
    // A list detail (rules, devices) holds one item a line: the first
    // beside its key, the rest under it.
    for (k, v) in &r.details {
        for (i, item) in v.lines().enumerate() {
            let key = if i == 0 { k } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{key:<16}"), theme.header),
                Span::raw(item.to_string()),
            ]));
        }
    }
    for rel in app.relations() {
        lines.push(Line::styled(
            format!("{} ({})", rel.title, rel.items.len()),
            theme.header,
        ));
        lines.extend(rel.items.iter().map(|t| Line::from(format!("  {t}"))));
    }
    lines.push(Line::styled(format!("tags ({})", r.tags.len()), theme.header));
    lines.extend(
        crate::app::tag_lines(&r.tags)
            .into_iter()
            .map(|t| Line::from(format!("  {t}"))),
    );
    if crate::model::metrics::headline(r.kind).is_none() {
        let area = popup(area, 90, lines.len() as u16 + 2);
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(format!(" {} ", r.id))),
            area,
        );
        return;
    }
    // With metrics: the fields on the left, a chart per metric on the right.
    frame.render_widget(Clear, area);
    let block = Block::bordered().title(format!(
        " {} · metrics over {} (w: window) ",
        r.id,
        app.metrics.window.label()
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [left, right] =
        Layout::horizontal([Constraint::Length((inner.width / 3).clamp(30, 44)), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), left);
    metrics::render_charts(app, frame, right, theme, r);
}

#[cfg(test)]
mod style_tests;
#[cfg(test)]
mod tests;
