//! The Overview: the dashboard. The health strip per region (and per
//! account), then the findings by rule, one row a rule (critical first,
//! then by estimated cost, then by count; the account of the example when
//! there are several), with the estimated monthly waste, then the cost
//! summary from the Cost view's data. `Enter` on a rule, or `:findings`,
//! lists findings one a row (by account when there are several).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell as TCell, Paragraph, Row, Table, TableState};

use super::{Theme, health_cells, health_line};
use crate::app::{App, FindingsList};
use crate::findings::{Finding, Severity};
use crate::model::thousands;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(title(app, area.width))
        .title_bottom(cost_line(app));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [health, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(health_line(health_cells(app, theme), health.width))),
        health,
    );
    if app.findings().is_empty() {
        let msg = if app.known.cycle_running && app.known.last_full_refresh.is_none() {
            " looking for findings…"
        } else {
            " no findings: nothing broken, exposed or wasting money in the selected regions"
        };
        frame.render_widget(Paragraph::new(msg).style(theme.dim), list);
        return;
    }
    match app.view.findings_list {
        FindingsList::ByRule => render_rules(app, frame, list, theme),
        FindingsList::Rule(rule) if app.listed_findings().len() == 0 => {
            let msg = format!(" no {rule} findings now (Esc: back to the rules)");
            frame.render_widget(Paragraph::new(msg).style(theme.dim), list);
        }
        FindingsList::Rule(_) | FindingsList::All => render_findings(app, frame, list, theme),
    }
}

/// One row a rule: severity, rule, count, the estimates added up (`–` for
/// a rule with none), and its worst or costliest finding as the example.
fn render_rules(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rules = app.finding_rules();
    let findings = app.findings();
    let rule_w = rules.iter().map(|r| r.rule.len()).max().unwrap_or(0).clamp(4, 21) as u16;
    let counts: Vec<String> = rules.iter().map(|r| thousands(r.count)).collect();
    let money: Vec<String> = rules
        .iter()
        .map(|r| r.monthly.map_or_else(|| "–".to_string(), |m| m.two_dp()))
        .collect();
    let count_w = counts.iter().map(|c| c.chars().count()).max().unwrap_or(0).max(5) as u16;
    let money_w = money.iter().map(|m| m.chars().count()).max().unwrap_or(0).max(8) as u16;
    let rows = rules.iter().zip(counts.iter().zip(&money)).map(|(r, (count, money))| {
        let example = &findings[r.example];
        let mut text = vec![resource(example), example.region.clone()];
        if app.multi_account() {
            text.push(app.account_label(example.account));
        }
        text.push(example.reason.clone());
        Row::new([
            TCell::from(severity_word(r.severity)).style(severity_style(r.severity, theme)),
            TCell::from(r.rule),
            TCell::from(format!("{count:>w$}", w = count_w as usize)),
            TCell::from(format!("{money:>w$}", w = money_w as usize)),
            TCell::from(text.join(" · ")),
        ])
    });
    let header = Row::new([
        "SEV".to_string(),
        "RULE".to_string(),
        format!("{:>w$}", "COUNT", w = count_w as usize),
        format!("{:>w$}", "EST.$/MO", w = money_w as usize),
        "EXAMPLE (worst, costliest)".to_string(),
    ])
    .style(theme.header);
    let widths = [
        Constraint::Length(4),
        Constraint::Length(rule_w),
        Constraint::Length(count_w),
        Constraint::Length(money_w),
        Constraint::Fill(1),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme.highlight)
        .column_spacing(1);
    let mut state = TableState::default().with_selected(Some(app.view.rule_cursor));
    frame.render_stateful_widget(table, area, &mut state);
}

/// One row a finding: a rule's (after `Enter` on it) or every one
/// (`:findings`), as they are ordered in the findings. Only the rows on
/// screen are made: a list may hold a hundred thousand.
fn render_findings(app: &App, frame: &mut Frame, list: Rect, theme: &Theme) {
    let visible = list.height.saturating_sub(1).max(1) as usize;
    let offset = app.view.finding_cursor.saturating_sub(visible - 1);
    let findings: Vec<&Finding> = app.listed_findings().skip(offset).take(visible).collect();
    // The reason takes what is left; with one region and a narrow terminal
    // the region column is left out. The rule and region widths come from
    // the (few) rules and regions, so they hold while scrolling.
    let rule_w = match app.view.findings_list {
        FindingsList::Rule(rule) => rule.len(),
        _ => app.finding_rules().iter().map(|r| r.rule.len()).max().unwrap_or(0),
    }
    .min(21) as u16;
    let res_w = findings
        .iter()
        .map(|f| resource(f).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 22) as u16;
    let region_w = app.view.regions.iter().map(|r| r.len()).max().unwrap_or(0).clamp(6, 14) as u16;
    let fixed = 4 + rule_w + res_w + 9 + 4;
    let with_region = app.view.regions.len() > 1 || list.width >= fixed + region_w + 1 + 40;
    let mut header = vec!["SEV", "RULE"];
    let mut widths = vec![Constraint::Length(4), Constraint::Length(rule_w)];
    if app.multi_account() {
        header.insert(0, "ACCOUNT");
        let account_w = app
            .known
            .accounts
            .iter()
            .map(|a| a.label().chars().count())
            .max()
            .unwrap_or(0)
            .clamp(7, 16);
        widths.insert(0, Constraint::Length(account_w as u16));
    }
    if with_region {
        header.push("REGION");
        widths.push(Constraint::Length(region_w));
    }
    header.extend(["RESOURCE", "EST.$/MO", "REASON"]);
    widths.extend([Constraint::Length(res_w), Constraint::Length(9), Constraint::Fill(1)]);
    let rows = findings.iter().map(|f| {
        let mut cells = vec![
            TCell::from(severity_word(f.severity)).style(severity_style(f.severity, theme)),
            TCell::from(f.rule),
        ];
        if app.multi_account() {
            cells.insert(0, TCell::from(app.account_label(f.account)));
        }
        if with_region {
            cells.push(TCell::from(f.region.clone()));
        }
        let money = f.monthly.map(|m| format!("{:>9}", m.two_dp())).unwrap_or_default();
        cells.extend([
            TCell::from(truncate(&resource(f), res_w as usize)),
            TCell::from(money),
            TCell::from(f.reason.clone()),
        ]);
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header))
        .row_highlight_style(theme.highlight)
        .column_spacing(1);
    let mut state = TableState::default().with_selected(Some(app.view.finding_cursor - offset));
    frame.render_stateful_widget(table, list, &mut state);
}

/// On the rules: `Overview · N findings (C critical, W warning, I info) in
/// R rules · est. waste $X/month` (shorter when that does not fit); on a
/// list, what it lists and the way back.
fn title(app: &App, width: u16) -> String {
    let t = app.findings_totals();
    let (crit, warn, info) = (thousands(t.critical), thousands(t.warning), thousands(t.info));
    let (n, waste) = (thousands(app.findings().len()), t.monthly.two_dp());
    let long = match app.view.findings_list {
        FindingsList::ByRule => format!(
            " Overview · {n} findings ({crit} critical, {warn} warning, {info} info) in {} rules · est. waste ${waste}/month ",
            thousands(app.finding_rules().len()),
        ),
        FindingsList::Rule(rule) => format!(
            " Findings · {rule} · {} of {n} · est. waste ${}/month · Esc: all rules ",
            thousands(app.listed_findings().len()),
            app.finding_rules()
                .iter()
                .find(|r| r.rule == rule)
                .and_then(|r| r.monthly)
                .unwrap_or_default()
                .two_dp()
        ),
        FindingsList::All => {
            format!(
                " Findings · all {n} ({crit} critical, {warn} warning, {info} info) · est. waste ${waste}/month · Esc: by rule "
            )
        }
    };
    if long.chars().count() <= width as usize {
        return long;
    }
    match app.view.findings_list {
        FindingsList::ByRule => {
            format!(" Overview · {n} findings ({crit} crit, {warn} warn, {info} info) · ${waste}/mo ")
        }
        FindingsList::Rule(rule) => format!(
            " Findings · {rule} · {} of {n} · Esc: back ",
            thousands(app.listed_findings().len())
        ),
        FindingsList::All => format!(" Findings · all {n} ({crit} crit, {warn} warn, {info} info) · Esc: back "),
    }
}

/// The severity as a word, so it reads without colour.
fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRIT",
        Severity::Warning => "WARN",
        Severity::Info => "info",
    }
}

fn severity_style(s: Severity, theme: &Theme) -> Style {
    match s {
        Severity::Critical => theme.bad,
        Severity::Warning => theme.warn,
        Severity::Info => Style::default(),
    }
}

/// The resource as shown: its name when it has one, else its id.
fn resource(f: &Finding) -> String {
    if f.name.is_empty() || f.name == f.id {
        f.id.clone()
    } else {
        f.name.clone()
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The cost summary from the Cost view's data, when there is some.
fn cost_line(app: &App) -> Line<'static> {
    let Some(s) = &app.known.cost.snapshot else {
        return Line::from(" cost: no figures yet (0: the Cost view) ");
    };
    let outlook = match &s.forecast {
        Ok(f) => format!("forecast {}", f.month.two_dp()),
        Err(_) => format!("projection {} (local)", s.projection().amount.two_dp()),
    };
    Line::from(format!(
        " cost: month to date {} · {outlook} {} ",
        s.month_to_date.two_dp(),
        s.unit
    ))
}
