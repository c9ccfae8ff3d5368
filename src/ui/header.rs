//! The header: who and where, the refresh and its age, the tag filter and
//! search, the meter, the changes, and a health cell per account and region.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, metrics};
use crate::app::sort::coarse_duration;
use crate::app::{App, Signals};
use crate::model::ResourceKind;

pub(super) fn ago(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    at.map_or_else(
        || "never".to_string(),
        |t| format!("{} ago", coarse_duration((now - t).num_seconds())),
    )
}

pub(super) fn render_header(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let [line1, line2, line3] = Layout::vertical([Constraint::Length(1); 3]).areas(area);
    let regions = if app.view.regions.len() == app.known.all_regions.len() && app.view.regions.len() > 1 {
        format!("all {} regions", app.view.regions.len())
    } else if app.view.regions.len() <= 3 {
        app.view.regions.join(",")
    } else {
        format!("{} regions", app.view.regions.len())
    };
    let refresh = match app.cached_since() {
        // Rows from the disk cache are on show: say so, with their age.
        Some(at) => format!(
            "showing cached data from {} · {}",
            ago(Some(at), app.known.now),
            if app.known.cycle_running {
                "refreshing…"
            } else {
                "waiting for AWS"
            }
        ),
        None if app.known.cycle_running => "refreshed refreshing…".to_string(),
        None => format!("refreshed {}", ago(app.known.last_full_refresh, app.known.now)),
    };
    let who = if app.multi_account() {
        format!(
            "{} of {} accounts",
            app.view.shown_accounts.len(),
            app.known.accounts.len()
        )
    } else {
        format!("{}@{}", app.known.profile, app.known.identity.account)
    };
    let l1 = Line::from(vec![
        Span::styled(" aws-monitor ", theme.title),
        Span::raw(format!(
            " {who} · {regions} · every {}s · {refresh}",
            app.known.interval.as_secs()
        )),
    ]);
    frame.render_widget(Paragraph::new(l1), line1);
    let filter = if app.view.tag_filter.is_empty() {
        "none".to_string()
    } else {
        app.view.tag_filter.to_string()
    };
    let search = if app.view.search.is_empty() {
        String::new()
    } else {
        format!(" · search \"{}\"", app.view.search)
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
pub(super) fn health_cells(app: &App, theme: &Theme) -> Vec<HealthCell> {
    let mut cells: Vec<HealthCell> = Vec::new();
    let shown = app
        .known
        .accounts
        .iter()
        .filter(|a| app.multi_account() && app.shows_account(a.id));
    for account in shown {
        let pending = app
            .cell_in(
                account.id,
                app.view.regions.first().map_or("", String::as_str),
                ResourceKind::Ec2Instance,
            )
            .is_some_and(|c| c.pending);
        let (text, style) = health_text(&account.label(), app.account_health(account.id), None, pending, theme);
        let quiet = text.ends_with(" ok");
        let spans = vec![Span::styled(text, style)];
        cells.push(HealthCell {
            short: spans.clone(),
            spans,
            quiet,
        });
    }
    for region in &app.view.regions {
        let pending = app.cell(region, ResourceKind::Ec2Instance).is_some_and(|c| c.pending);
        let cached = app
            .region_cached(region)
            .map(|at| coarse_duration((app.known.now - at).num_seconds()));
        let (text, style) = health_text(region, app.region_health(region), cached, pending, theme);
        let signals = app.region_signals(region);
        let quiet = text.ends_with(" ok") && signals == Signals::default();
        cells.push(HealthCell {
            spans: vec![
                Span::styled(text.clone(), style),
                Span::styled(signals.suffix(), theme.bad),
            ],
            short: vec![Span::styled(text, style), Span::styled(signals.compact(), theme.bad)],
            quiet,
        });
    }
    cells
}

/// One health cell: its text, its shorter form (a region's signals as one
/// count) for when the cells do not fit, and whether it is quiet.
pub(super) struct HealthCell {
    spans: Vec<Span<'static>>,
    short: Vec<Span<'static>>,
    quiet: bool,
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
/// so that the regions that need a look stay on screen; then the widest
/// cells count their signals as one number until the line fits.
pub(super) fn health_line(cells: Vec<HealthCell>, width: u16) -> Vec<Span<'static>> {
    let span_width = |spans: &[Span]| spans.iter().map(|s| s.width()).sum::<usize>() + 2;
    let text_width = |short: bool, fold: bool| -> usize {
        cells
            .iter()
            .filter(|c| !(fold && c.quiet))
            .map(|c| span_width(if short { &c.short } else { &c.spans }))
            .sum::<usize>()
            + 1
    };
    let fits = text_width(false, false) <= width as usize;
    let folded = if fits {
        0
    } else {
        cells.iter().filter(|c| c.quiet).count()
    };
    // Still too wide once the quiet cells fold: the cells that save the
    // most say their signals as one count, one at a time, until the line
    // fits (so the others keep their words).
    let tail = if folded > 0 { format!("+{folded} ok").len() } else { 0 };
    let shown = |c: &HealthCell| !(folded > 0 && c.quiet);
    let mut compact = vec![false; cells.len()];
    let mut total = text_width(false, folded > 0) + tail;
    while total > width as usize {
        let best = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| shown(c) && !compact[*i])
            .map(|(i, c)| (i, span_width(&c.spans).saturating_sub(span_width(&c.short))))
            .filter(|(_, saved)| *saved > 0)
            .max_by_key(|(i, saved)| (*saved, std::cmp::Reverse(*i)));
        let Some((i, saved)) = best else { break };
        compact[i] = true;
        total -= saved;
    }
    let mut spans = vec![Span::raw(" ")];
    for (cell, compact) in cells.into_iter().zip(compact) {
        if folded > 0 && cell.quiet {
            continue;
        }
        spans.extend(if compact { cell.short } else { cell.spans });
        spans.push(Span::raw("  "));
    }
    if folded > 0 {
        spans.push(Span::raw(format!("+{folded} ok")));
    }
    spans
}

/// `+3 −1 ~2 since 09:12 UTC`, when anything changed.
pub(super) fn changes_summary(app: &App) -> Option<String> {
    let (added, removed, state) = app.change_counts();
    if added + removed + state == 0 {
        return None;
    }
    let since = app
        .known
        .changes_since
        .map(|t| format!(" since {} UTC", t.format("%H:%M")))
        .unwrap_or_default();
    Some(format!("+{added} −{removed} ~{state}{since}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(words: &str, count: &str, quiet: bool) -> HealthCell {
        HealthCell {
            spans: vec![Span::raw(words.to_string())],
            short: vec![Span::raw(count.to_string())],
            quiet,
        }
    }

    fn line(cells: Vec<HealthCell>, width: u16) -> String {
        health_line(cells, width)
            .iter()
            .map(|s| s.content.to_string())
            .collect()
    }

    fn cells() -> Vec<HealthCell> {
        vec![
            cell("a ok · 2 alarm · 1 impaired · 1 unhealthy", "a ok · 4 issues", false),
            cell("b ok · 1 alarm · 1 impaired", "b ok · 2 issues", false),
            cell("c ok", "c ok", true),
        ]
    }

    #[test]
    fn only_the_cells_that_must_count_their_signals_do() {
        let wide = line(cells(), 200);
        assert_eq!(
            wide.trim(),
            "a ok · 2 alarm · 1 impaired · 1 unhealthy  b ok · 1 alarm · 1 impaired  c ok"
        );
        // Too narrow for every word: the quiet region folds, then the widest
        // cell counts; the other keeps its words.
        let mid = line(cells(), 60);
        assert_eq!(mid.trim(), "a ok · 4 issues  b ok · 1 alarm · 1 impaired  +1 ok");
        // Narrower still: both count.
        let narrow = line(cells(), 45);
        assert_eq!(narrow.trim(), "a ok · 4 issues  b ok · 2 issues  +1 ok");
    }
}
