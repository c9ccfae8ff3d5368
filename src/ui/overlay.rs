//! What opens over the body: the help, the pickers, the prompts, the
//! detail view and a popup.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, metrics};
use crate::app::App;

/// A text box over the body, as wide as the text needs (wrapped when the
/// terminal is narrower); any key closes it.
pub(super) fn render_popup(p: &crate::app::Popup, frame: &mut Frame, area: Rect, theme: &Theme) {
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

pub(super) fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(super) fn render_help(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    const COL: usize = 38;
    let entries = app.known.keymap.help_lines();
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
    let log = format!(" log: {}", app.known.log_path.as_deref().unwrap_or("off"));
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

pub(super) fn render_picker(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
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
    let offset = app.view.picker.cursor.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = items
        .iter()
        .zip(&app.view.picker.checked)
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, (r, c))| {
            let text = format!("[{}] {r}", if *c { "x" } else { " " });
            if i == app.view.picker.cursor {
                Line::styled(text, theme.highlight)
            } else {
                Line::from(text)
            }
        })
        .collect();
    let n = app.view.picker.checked.iter().filter(|c| **c).count();
    let what = match app.view.picker.of {
        crate::app::Pick::Regions => "Regions",
        crate::app::Pick::Accounts => "Accounts",
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {what} · {n} selected "))),
        area,
    );
}

pub(super) fn render_prompt(app: &App, frame: &mut Frame, area: Rect, theme: &Theme, title: &str) {
    let area = popup(area, 76, 4 + u16::from(!app.view.prompt.suggestions.is_empty()));
    let mut lines = vec![Line::from(format!("{}▏", app.view.prompt.input))];
    lines.push(match &app.view.prompt.error {
        Some(e) => Line::styled(e.clone(), theme.bad),
        None => Line::styled("ok · Enter applies · Esc cancels", theme.dim),
    });
    if !app.view.prompt.suggestions.is_empty() {
        lines.push(Line::styled(
            format!("Tab: {}", app.view.prompt.suggestions.join("  ")),
            theme.dim,
        ));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))),
        area,
    );
}

pub(super) fn render_detail(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
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
                Span::styled(format!("{key:<15} "), theme.header),
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
        app.known.metrics.window.label()
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [left, right] =
        Layout::horizontal([Constraint::Length((inner.width / 3).clamp(30, 44)), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), left);
    metrics::render_charts(app, frame, right, theme, r);
}
