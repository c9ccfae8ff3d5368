//! The Cost tab: month to date, last month, yesterday, the forecast (or why
//! not, with a labelled local projection), by service, by region, by tag, and
//! the last 30 days as a sparkline. Also the ask-before-paying popup.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TCell, Clear, Paragraph, Row, Sparkline, Table, Wrap};

use super::{Theme, popup};
use crate::app::App;
use crate::app::sort::coarse_duration;
use crate::model::cost::{COST_REGION, CostLine, CostSnapshot, TagCosts};

pub(super) fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let view = &app.known.cost;
    let source = match &view.snapshot {
        None => String::new(),
        Some(s) => {
            let age = coarse_duration((app.known.now - s.fetched_at).num_seconds());
            let from = if view.cached {
                "from the disk cache"
            } else {
                "from Cost Explorer"
            };
            format!(" · {} · data {age} old, {from}", s.unit)
        }
    };
    let title = format!(" Cost · Cost Explorer ({COST_REGION}){source} ");
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(title)
        .title_bottom(footer(app, theme));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(snapshot) = &view.snapshot else {
        let (msg, style) = match (&view.error, view.loading) {
            (Some((e, _)), _) => (format!(" Cost Explorer failed: {e}"), theme.bad),
            (None, true) => (
                " loading cost figures (disk cache, else Cost Explorer)…".to_string(),
                theme.dim,
            ),
            (None, false) => (" no cost figures yet · c asks Cost Explorer".to_string(), theme.dim),
        };
        frame.render_widget(Paragraph::new(msg).style(style).wrap(Wrap { trim: true }), inner);
        return;
    };
    let chart_height = (inner.height / 3).clamp(3, 10);
    let [summary, tables, chart] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(chart_height),
    ])
    .areas(inner);
    render_summary(snapshot, frame, summary, theme);
    // With several accounts, "by account" takes half of the region's column.
    let [service, region, tag] = Layout::horizontal([Constraint::Ratio(1, 3); 3])
        .spacing(1)
        .areas(tables);
    breakdown(frame, service, theme, "SERVICE", &short_services(&snapshot.by_service));
    if snapshot.by_account.is_empty() {
        breakdown(frame, region, theme, "REGION", &snapshot.by_region);
    } else {
        let [account, region] = Layout::vertical([Constraint::Ratio(1, 2); 2]).areas(region);
        breakdown(frame, account, theme, "ACCOUNT", &snapshot.by_account);
        breakdown(frame, region, theme, "REGION", &snapshot.by_region);
    }
    render_tag(app, snapshot, frame, tag, theme);
    render_daily(snapshot, frame, chart, theme);
}

fn footer(app: &App, theme: &Theme) -> Line<'static> {
    let (n, price) = app.known.cost.refresh_price();
    let key = app.known.cost.tag_key.as_deref().unwrap_or("none");
    let mut spans = vec![Span::raw(format!(
        " c refresh: {n} requests = ${price} · b tag key: {key} "
    ))];
    if app.known.cost.loading {
        spans.push(Span::styled("· refreshing… ", theme.dim));
    }
    if let (Some((e, at)), Some(_)) = (&app.known.cost.error, &app.known.cost.snapshot) {
        let age = coarse_duration((app.known.now - *at).num_seconds());
        spans.push(Span::styled(
            format!("· refresh failed {age} ago: {e} (showing the last good figures) "),
            theme.bad,
        ));
    }
    Line::from(spans)
}

fn render_summary(s: &CostSnapshot, frame: &mut Frame, area: Rect, theme: &Theme) {
    let label = |t: &str| Span::styled(format!(" {t:<14}"), theme.header);
    let projection = s.projection();
    let forecast = match &s.forecast {
        Ok(f) => Line::from(vec![
            label("Forecast"),
            Span::raw(format!(
                "{} for the month ({} forecast for the rest)",
                f.month, f.rest_of_month
            )),
        ]),
        Err(why) => Line::from(vec![label("Forecast"), Span::styled(why.clone(), theme.warn)]),
    };
    let lines = vec![
        Line::from(vec![
            label("Month to date"),
            Span::raw(format!("{:<12}", s.month_to_date.to_string())),
            Span::styled("Last month ", theme.header),
            Span::raw(format!("{:<12}", s.last_month.to_string())),
            Span::styled("Yesterday ", theme.header),
            Span::raw(s.yesterday.to_string()),
        ]),
        forecast,
        Line::from(vec![
            label("Projection"),
            Span::raw(format!(
                "{} (local estimate: month to date / {} days x {})",
                projection.amount, projection.elapsed_days, projection.days_in_month
            )),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// Cost Explorer's service names, short enough for a third of 80 columns
/// (`Amazon Elastic Compute Cloud - Compute` is `EC2 - Compute`).
fn short_service(name: &str) -> String {
    const KNOWN: [(&str, &str); 12] = [
        ("Amazon Elastic Compute Cloud - Compute", "EC2 - Compute"),
        ("Amazon Relational Database Service", "RDS"),
        ("Amazon Simple Storage Service", "S3"),
        ("Amazon Elastic Kubernetes Service", "EKS"),
        ("Amazon Elastic MapReduce", "EMR"),
        ("Amazon Elastic Block Store", "EBS"),
        ("Amazon Elastic Load Balancing", "ELB"),
        ("Elastic Load Balancing", "ELB"),
        ("Amazon Virtual Private Cloud", "VPC"),
        ("Amazon Simple Queue Service", "SQS"),
        ("Amazon Simple Notification Service", "SNS"),
        ("AmazonCloudWatch", "CloudWatch"),
    ];
    if let Some((_, short)) = KNOWN.iter().find(|(long, _)| *long == name) {
        return short.to_string();
    }
    name.strip_prefix("Amazon ")
        .or_else(|| name.strip_prefix("AWS "))
        .unwrap_or(name)
        .to_string()
}

fn short_services(lines: &[CostLine]) -> Vec<CostLine> {
    lines
        .iter()
        .map(|l| CostLine {
            name: short_service(&l.name),
            amount: l.amount,
        })
        .collect()
}

fn breakdown(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, lines: &[CostLine]) {
    let rows = lines.iter().map(|l| {
        Row::new(vec![
            TCell::from(l.name.clone()),
            TCell::from(Line::from(l.amount.to_string()).alignment(Alignment::Right)),
        ])
    });
    let header = Row::new(vec![
        TCell::from(title.to_string()),
        TCell::from(Line::from("MTD").alignment(Alignment::Right)),
    ])
    .style(theme.header);
    let table = Table::new(rows, [Constraint::Min(6), Constraint::Length(10)])
        .header(header)
        .column_spacing(1);
    if lines.is_empty() {
        let [head, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        frame.render_widget(table, head);
        frame.render_widget(Paragraph::new("nothing reported").style(theme.dim), rest);
    } else {
        frame.render_widget(table, area);
    }
}

fn render_tag(app: &App, s: &CostSnapshot, frame: &mut Frame, area: Rect, theme: &Theme) {
    let chosen = app.known.cost.tag_key.as_deref();
    let note = |text: String, style: Style| Paragraph::new(text).style(style).wrap(Wrap { trim: true });
    match (&s.by_tag, chosen) {
        (_, None) => frame.render_widget(
            note("By tag: no tag key yet; b picks one from the inventory's tags".into(), theme.dim),
            area,
        ),
        (_, Some(key)) if app.known.cost.tag_differs() => frame.render_widget(
            note(
                format!("By tag {key}: not fetched yet; c fetches it"),
                theme.dim,
            ),
            area,
        ),
        (TagCosts::NotActive { key }, _) => frame.render_widget(
            note(
                format!(
                    "By tag {key}: cost allocation tags not active; every cost came back untagged. Activate {key} in Billing > Cost allocation tags (it applies from then on)."
                ),
                theme.warn,
            ),
            area,
        ),
        (TagCosts::Active { key, lines }, _) => breakdown(frame, area, theme, &format!("TAG {key}"), lines),
        (TagCosts::NotAsked, Some(key)) => {
            frame.render_widget(note(format!("By tag {key}: not fetched yet; c fetches it"), theme.dim), area)
        }
    }
}

fn render_daily(s: &CostSnapshot, frame: &mut Frame, area: Rect, theme: &Theme) {
    let max = s.daily.iter().map(|(_, m)| *m).max().unwrap_or_default();
    let span = match (s.daily.first(), s.daily.last()) {
        (Some((a, _)), Some((b, _))) => format!("{} to {}", a.format("%b %d"), b.format("%b %d")),
        _ => String::new(),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" Daily, last {} days ({span}) · max {max} ", s.daily.len()))
        .border_style(theme.dim);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Each day as wide as fits, up to three columns.
    let repeat = (inner.width as usize / s.daily.len().max(1)).clamp(1, 3);
    let data: Vec<u64> = s
        .daily
        .iter()
        .flat_map(|(_, m)| std::iter::repeat_n(m.cents(), repeat))
        .collect();
    frame.render_widget(Sparkline::default().data(data), inner);
}

/// "Refresh cost data: 5 Cost Explorer requests = $0.05. y/n".
pub(super) fn render_confirm(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = app.known.cost.confirm_text();
    let area = popup(area, text.chars().count() as u16 + 4, 3);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme.warn)).block(Block::bordered().title(" Cost Explorer ")),
        area,
    );
}

#[cfg(test)]
#[allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::super::tests::{draw, fixture, snap_both};
    use crate::app::{App, Msg, Tab};
    use crate::model::CallCount;
    use crate::model::cost::{CostSnapshot, Money, RawCost};
    use crate::protocol::Event;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    /// The seeder's month-to-date figures with 30 days of history, on 2027-01-15.
    pub(crate) fn raw(forecast: Result<&str, &str>) -> RawCost {
        let g = |k: &str, v: &str| (k.to_string(), m(v));
        let today: chrono::NaiveDate = "2027-01-15".parse().unwrap();
        let daily = (1..=45)
            .map(|i| {
                let day = today - chrono::Days::new(i);
                let cents = 2500 + (i * 937 % 2300) as i64;
                (day, Money(rust_decimal::Decimal::new(cents, 2)))
            })
            .collect();
        RawCost {
            unit: Some("USD".into()),
            by_service: vec![
                g("Amazon Elastic Compute Cloud - Compute", "612.40"),
                g("Amazon Relational Database Service", "301.17"),
                g("Amazon Simple Storage Service", "48.90"),
                g("AWS Lambda", "12.03"),
                g("Amazon Elastic Kubernetes Service", "146.00"),
                g("Amazon Elastic MapReduce", "6.57"),
            ],
            by_region: vec![
                g("us-east-1", "598.21"),
                g("us-west-2", "301.44"),
                g("eu-west-1", "227.42"),
            ],
            by_account: Vec::new(),
            by_tag: Some((
                "Team".into(),
                vec![
                    g("Team$web", "402.10"),
                    g("Team$platform", "388.75"),
                    g("Team$data", "301.22"),
                    g("Team$", "35.00"),
                ],
            )),
            daily,
            forecast: forecast.map(m).map_err(str::to_string),
        }
    }

    fn with_cost(forecast: Result<&str, &str>, cached: bool) -> App {
        let mut app = fixture();
        let fetched = app.known.now - chrono::TimeDelta::minutes(47);
        let snapshot = CostSnapshot::assemble("2027-01-15".parse().unwrap(), fetched, raw(forecast));
        app.update(Msg::Poller(Event::Cost {
            result: Ok(Box::new(snapshot)),
            calls: CallCount::default(),
            cached,
        }));
        app.update(Msg::Key(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::NONE)));
        assert_eq!(app.view.tab, Tab::Cost);
        app
    }

    #[test]
    fn cost_tab_with_the_forecast_unavailable() {
        let app = with_cost(
            Err("unavailable: UnknownOperationException: GetCostForecast is not implemented"),
            true,
        );
        let screen = draw(&app, 120, 40);
        for want in [
            "1127.07",
            "unavailable: UnknownOperationException",
            "local estimate: month to date / 15 days x 31",
            "2329.28",
            "data 47m old, from the disk cache",
            "c refresh: 5 requests = $0.05",
            "(untagged)",
        ] {
            assert!(screen.contains(want), "{want:?} missing:\n{screen}");
        }
        snap_both("cost_forecast_unavailable", &app);
    }

    #[test]
    fn cost_tab_with_a_forecast() {
        let app = with_cost(Ok("702.1234"), false);
        let screen = draw(&app, 120, 40);
        assert!(
            screen.contains("for the month (702.12 forecast for the rest)"),
            "{screen}"
        );
        snap_both("cost_forecast", &app);
    }

    #[test]
    fn cost_tab_before_any_figures_and_the_confirmation() {
        let mut app = fixture();
        app.update(Msg::Key(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::NONE)));
        assert!(draw(&app, 80, 24).contains("no cost figures yet · c asks Cost Explorer"));
        app.update(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)));
        let screen = draw(&app, 80, 24);
        assert!(
            screen.contains("Refresh cost data: 4 Cost Explorer requests = $0.04. y/n"),
            "{screen}"
        );
        snap_both("cost_confirm", &app);
    }
}
