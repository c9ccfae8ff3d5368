//! The Grid view: resources per kind and region (running/total where not
//! all run), with alarms in ALARM, impaired instances and load-balancer
//! targets not serving; a number is never
//! cut (exact, else abbreviated, else totals alone).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell as TCell, Row, Table};

use super::Theme;
use crate::app::App;
use crate::model::{ResourceKind, abbreviate, thousands};

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    // The kinds with a number key (the others are reached through their
    // views), then alarms in ALARM, impaired instances and targets not
    // serving.
    let kinds: Vec<ResourceKind> = ResourceKind::all()
        .iter()
        .copied()
        .filter(|k| k.def().key.is_some())
        .collect();
    let titles: Vec<String> = kinds
        .iter()
        .map(|k| short_kind(*k))
        .chain(["ALARM".to_string(), "IMPAIRED".to_string(), "UNHEALTHY".to_string()])
        .collect();
    let mut header = vec![TCell::from("REGION")];
    header.extend(titles.iter().map(|t| TCell::from(t.clone())));
    // (count, up, failed) per region and column.
    let counts: Vec<Vec<(usize, usize, bool)>> = app
        .view
        .regions
        .iter()
        .map(|region| {
            let signals = app.overview_signals(region);
            let alarms_failed = app
                .cell(region, ResourceKind::CloudwatchAlarm)
                .is_some_and(|c| c.error.is_some());
            kinds
                .iter()
                .map(|k| {
                    let (n, running) = app.overview_count(region, *k);
                    let cell_key = if k.is_global() {
                        crate::model::GLOBAL
                    } else {
                        region.as_str()
                    };
                    (n, running, app.cell(cell_key, *k).is_some_and(|c| c.error.is_some()))
                })
                .chain([
                    (signals.alarms, signals.alarms, alarms_failed),
                    (signals.impaired, signals.impaired, false),
                    (signals.unhealthy_targets, signals.unhealthy_targets, false),
                ])
                .collect()
        })
        .collect();
    let totals: Vec<usize> = (0..titles.len())
        .map(|i| counts.iter().map(|row| row[i].0).sum())
        .collect();
    // A number is never cut: exact when every column fits, else abbreviated.
    let (fit, widths) = [Fit::Exact, Fit::Short, Fit::Compact]
        .into_iter()
        .map(|fit| {
            // Columns are at least 6 wide, or as tight as their header allows.
            let widths: Vec<u16> = (0..titles.len())
                .map(|i| {
                    let header = titles[i].chars().count();
                    let least = match fit {
                        Fit::Compact => header,
                        Fit::Exact | Fit::Short => header.max(6),
                    };
                    let cells = counts.iter().map(|row| count_text(fit, row[i]));
                    let widest = cells.chain([total_text(fit, totals[i])]).map(|t| t.chars().count());
                    widest.max().unwrap_or(0).max(least) as u16
                })
                .collect();
            (fit, widths)
        })
        .find(|(fit, w)| *fit == Fit::Compact || 15 + w.iter().sum::<u16>() + w.len() as u16 <= area.width)
        .unwrap_or((Fit::Compact, vec![6; titles.len()]));
    let mut rows: Vec<Row> = app
        .view
        .regions
        .iter()
        .zip(&counts)
        .map(|(region, row)| {
            let cells = row.iter().enumerate().map(|(i, &(n, running, failed))| {
                // Alarms firing and impaired instances stand out when present.
                let signal = i >= kinds.len() && n > 0;
                TCell::from(count_text(fit, (n, running, failed))).style(if failed || signal {
                    theme.bad
                } else {
                    Style::default()
                })
            });
            Row::new(std::iter::once(TCell::from(region.clone())).chain(cells))
        })
        .collect();
    let mut total_row = vec![TCell::from("TOTAL")];
    total_row.extend(totals.iter().map(|n| TCell::from(total_text(fit, *n))));
    rows.push(Row::new(total_row).style(Style::default().add_modifier(Modifier::BOLD)));
    // The region column keeps its width; the kinds share the rest (with
    // many kinds at 80 columns, each gets what is left rather than pushing
    // the regions off the screen).
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(15))
        .chain(widths.into_iter().map(Constraint::Min))
        .collect();
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(match fit {
            Fit::Compact => " Grid · resources per region (totals; wider for running/total) ",
            _ => " Grid · resources per region (running/total where not all run) ",
        })
        .title_bottom(table_footer_all(app));
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme.header))
            .block(block),
        area,
    );
}

/// How the Grid writes its counts: exact, abbreviated (`1.1k/1.1k`), or
/// abbreviated totals alone when even those do not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Exact,
    Short,
    Compact,
}

/// One Grid cell: (count, up, failed).
fn count_text(fit: Fit, (n, running, failed): (usize, usize, bool)) -> String {
    let num = |n: usize| match fit {
        Fit::Exact => n.to_string(),
        Fit::Short | Fit::Compact => abbreviate(n),
    };
    match (failed, n) {
        (true, _) if fit == Fit::Compact => format!("{}!", num(n)),
        (true, _) => format!("{} !err", num(n)),
        (false, 0) => "·".to_string(),
        (false, _) if running == n || fit == Fit::Compact => num(n),
        (false, _) => format!("{}/{}", num(running), num(n)),
    }
}

fn total_text(fit: Fit, n: usize) -> String {
    match fit {
        Fit::Exact => thousands(n),
        Fit::Short | Fit::Compact => abbreviate(n),
    }
}

fn table_footer_all(app: &App) -> Line<'static> {
    use strum::IntoEnumIterator;
    let all: Vec<ResourceKind> = ResourceKind::iter().collect();
    let n = app.failures(&all).len();
    if n == 0 {
        Line::from("")
    } else {
        Line::from(format!("{n} failed region/service cells"))
    }
}

/// A kind's column title on the Grid.
fn short_kind(k: ResourceKind) -> String {
    k.def().short.to_uppercase()
}
