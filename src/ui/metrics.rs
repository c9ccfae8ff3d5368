//! Metrics on screen: the sparkline column of the EC2, RDS and Lambda
//! tables, the charts of the detail pane, the Metrics tab, and the meter of
//! the monitor's own AWS bill.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell as TCell, Paragraph, Row, Table};

use super::chart::{Chart, min_avg_max, spark_cell, sparkline};
use super::theme::Theme;
use crate::app::App;
use crate::model::meter::dollars;
use crate::model::metrics::{metrics_for, short_value, table_metric};
use crate::model::{Resource, ResourceKind, thousands};

/// Blocks in a table's sparkline.
const SPARK: usize = 8;

/// The sparkline column of a kind's table: title and width, for kinds
/// whose tab shows one (EC2 and RDS CPU, Lambda invocations).
pub fn spark_title(app: &App, kind: ResourceKind) -> Option<String> {
    let spec = table_metric(kind)?;
    let short = match spec.name {
        "CPUUtilization" => "CPU",
        "Invocations" => "INVOKES",
        other => other,
    };
    Some(format!("{short} {}", app.known.metrics.window.label()))
}

/// A row's sparkline cell: blocks and the latest value, or `…` while its
/// series has not come yet.
pub fn spark_text(app: &App, r: &Resource) -> String {
    let Some(spec) = table_metric(r.kind) else {
        return String::new();
    };
    match app.known.metrics.series(r, spec.name) {
        Some(s) => spark_cell(s, SPARK),
        None if app.known.metrics.errors.contains_key(r.region.as_str()) => "!err".to_string(),
        None => "…".to_string(),
    }
}

/// The detail pane's right side: one chart per metric of the resource. When
/// the height does not fit every chart, the last metrics get one line each.
pub fn render_charts(app: &App, frame: &mut Frame, area: Rect, theme: &Theme, r: &Resource) {
    let specs: Vec<_> = metrics_for(r.kind).collect();
    let n = specs.len() as u16;
    if n == 0 || area.height == 0 {
        return;
    }
    // Full charts need 4 rows; the rest take one line each.
    let full = if area.height >= 4 * n {
        n
    } else {
        (area.height.saturating_sub(n) / 3).min(n)
    };
    let mut constraints: Vec<Constraint> = (0..full).map(|_| Constraint::Fill(1)).collect();
    constraints.extend((full..n).map(|_| Constraint::Length(1)));
    let areas = Layout::vertical(constraints).split(area);
    for (i, (spec, slot)) in specs.iter().zip(areas.iter()).enumerate() {
        let series = app.known.metrics.series(r, spec.name);
        if (i as u16) < full {
            match series {
                Some(s) => frame.render_widget(
                    Chart {
                        series: s,
                        title: format!("{} ({}) {}", spec.name, spec.unit, min_avg_max(s)),
                        style: theme.good,
                        axis: theme.dim,
                    },
                    *slot,
                ),
                None => frame.render_widget(
                    Paragraph::new(vec![
                        Line::styled(format!("{} ({})", spec.name, spec.unit), theme.good),
                        Line::styled(waiting(app, &r.region), theme.dim),
                    ]),
                    *slot,
                ),
            }
        } else {
            let text = match series {
                Some(s) => format!("{:<20} {} {}", spec.name, sparkline(s, 12), min_avg_max(s)),
                None => format!("{:<20} {}", spec.name, waiting(app, &r.region)),
            };
            frame.render_widget(Paragraph::new(text), *slot);
        }
    }
}

fn waiting(app: &App, region: &str) -> String {
    match app.known.metrics.errors.get(region) {
        Some((e, _)) => format!("  unavailable: {e}"),
        None => "  waiting for CloudWatch…".to_string(),
    }
}

/// The Metrics tab: the top resources across the selected regions by the
/// chosen metric, honouring the tag filter.
pub fn render_metrics_tab(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let spec = app.known.metrics.chosen();
    let window = app.known.metrics.window;
    let rows_fit = area.height.saturating_sub(3) as usize;
    let top = app.ranking(rows_fit.min(20));
    let how = if spec.stat == "Sum" { "total" } else { "avg" };
    let title = format!(
        " Metrics · top {} {} by {} ({how} over {}) · m: next metric · w: window ",
        top.len(),
        kind_label(spec.kind),
        spec.name,
        window.label(),
    );
    let header = Row::new(["#", "REGION", "ID", "NAME", how, "LATEST", "TREND"].map(TCell::from)).style(theme.header);
    let rows = top.iter().enumerate().map(|(i, (r, s))| {
        let (value, latest, trend) = match s {
            Some(s) => (
                s.rank_value().map_or_else(|| "–".into(), |v| short_value(v, s.unit)),
                s.latest().map_or_else(|| "–".into(), |v| short_value(v, s.unit)),
                sparkline(s, 24),
            ),
            None => ("…".into(), String::new(), String::new()),
        };
        Row::new([
            TCell::from(format!("{}", i + 1)),
            TCell::from(r.region.as_str()),
            TCell::from(r.id.as_str()),
            TCell::from(r.name.as_str()),
            TCell::from(value),
            TCell::from(latest),
            TCell::from(trend).style(theme.good),
        ])
    });
    // Rank, region, id, name, value, latest; the trend takes the rest.
    let mut widths = Constraint::from_lengths([3, 12, 19, 14, 8, 8]);
    widths.push(Constraint::Fill(1));
    let footer = match app.known.metrics.errors.iter().next() {
        Some((region, (e, _))) => Line::styled(format!("{region} metrics: {e}"), theme.bad),
        None if top.is_empty() => Line::from(format!("no {} in the selected regions", kind_label(spec.kind))),
        None => Line::from(""),
    };
    let block = Block::default()
        .borders(Borders::TOP | Borders::BOTTOM)
        .title(title)
        .title_bottom(footer);
    frame.render_widget(
        Table::new(rows, widths).header(header).block(block).column_spacing(1),
        area,
    );
}

fn kind_label(kind: ResourceKind) -> &'static str {
    kind.def().title
}

/// The header's meter: calls per minute and the estimated daily cost at
/// the current settings.
pub fn meter_span(app: &App, theme: &Theme) -> Span<'static> {
    let rate = app.rate();
    Span::styled(
        format!(
            " · AWS {} calls/min · ~{}/day",
            per_minute(rate.calls_per_minute()),
            dollars(rate.dollars_per_day())
        ),
        theme.dim,
    )
}

fn per_minute(n: f64) -> String {
    if n < 10.0 { format!("{n:.1}") } else { format!("{n:.0}") }
}

/// The breakdown for the help overlay: paid APIs first.
pub fn meter_lines(app: &App) -> Vec<Line<'static>> {
    let rate = app.rate();
    let mut lines = vec![Line::from(format!(
        " This monitor's AWS bill: ~{}/day · {} calls/min · {} series every {}",
        dollars(rate.dollars_per_day()),
        per_minute(rate.calls_per_minute()),
        thousands(app.known.metrics.watched().len()),
        super::short_duration(app.known.metrics.window.period().as_secs() as i64),
    ))];
    for l in rate.breakdown().iter().take(6) {
        lines.push(Line::from(format!(
            "   {:<32} {:>9} calls/day  {}/day",
            l.api,
            thousands(l.calls_per_day.round() as usize),
            dollars(l.dollars_per_day)
        )));
    }
    lines.push(Line::from(format!(
        "   so far: {} metric calls, {} metrics requested",
        thousands(app.known.metrics.calls.calls as usize),
        thousands(app.known.metrics.metrics_requested as usize)
    )));
    // Cost Explorer is asked only on a key press, so it adds nothing per
    // day; what it has cost this session is shown on its own.
    lines.push(super::logs::meter_line(app));
    let ce = &app.known.cost.session_calls;
    lines.push(Line::from(format!(
        "   so far: {} Cost Explorer requests = {} (made only on request)",
        ce.calls,
        dollars(crate::model::meter::cost_micros(&ce.by_api, 0) as f64 / 1e6),
    )));
    lines
}

#[cfg(test)]
#[allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]
mod tests {
    use crossterm::event::KeyCode;

    use super::super::tests::{draw, fixture, key, snap_both};
    use crate::app::{App, Msg, Tab};
    use crate::model::metrics::metrics_for;
    use crate::model::{AwsError, CallCount, MetricSeries, MetricTarget, RegionMetrics, Window};
    use crate::protocol::Event;

    /// The fixture with an hour of metrics for every EC2, RDS and Lambda
    /// resource in eu-west-1 and us-east-1 (a wave, one resource with a
    /// gap), and us-west-2's metrics denied.
    fn with_metrics() -> App {
        let mut app = fixture();
        let (start, end) = Window::H1.range(app.known.now.timestamp());
        let mut by_region: std::collections::BTreeMap<String, Vec<MetricSeries>> = Default::default();
        for tab in [
            crate::model::ResourceKind::Ec2Instance,
            crate::model::ResourceKind::RdsInstance,
            crate::model::ResourceKind::LambdaFunction,
        ]
        .map(Tab::Kind)
        {
            for kind in tab.kinds() {
                for (_, region, _, cell) in app.cells_for(std::slice::from_ref(kind)) {
                    for (n, r) in cell.listing.resources.iter().enumerate() {
                        for (mi, spec) in metrics_for(r.kind).enumerate() {
                            let target = MetricTarget::of(r, spec.name);
                            let base = match spec.unit {
                                "Percent" => 40.0,
                                "Bytes" => 2.0e6,
                                "Seconds" => 0.003,
                                "Milliseconds" => 180.0,
                                _ => 50.0,
                            };
                            let points = (0..12).filter_map(|i| {
                                let gap = n == 1 && (5..7).contains(&i);
                                let wave = 1.0 + 0.8 * (((i + n * 3 + mi) as f64) / 2.0).sin();
                                (!gap).then_some((start + i as i64 * 300, base * wave))
                            });
                            by_region
                                .entry(region.to_string())
                                .or_default()
                                .push(MetricSeries::on_grid(&target, spec.unit, start, end, 300, points));
                        }
                    }
                }
            }
        }
        for (region, series) in by_region {
            let denied = region == "us-west-2";
            app.update(Msg::Poller(Event::Metrics(RegionMetrics {
                account: Default::default(),
                region,
                window: Window::H1,
                series: if denied { vec![] } else { series },
                error: denied
                    .then(|| AwsError::new("AccessDenied", "not authorized to perform cloudwatch:GetMetricData")),
                calls: CallCount::default(),
                metrics_requested: 0,
            })));
        }
        app
    }

    #[test]
    fn sparkline_columns() {
        for (k, name) in [('2', "spark_ec2"), ('4', "spark_rds"), ('6', "spark_lambda")] {
            let mut app = with_metrics();
            key(&mut app, KeyCode::Char(k));
            snap_both(name, &app);
        }
        let mut app = with_metrics();
        let screen = draw(&app, 120, 40);
        assert!(screen.contains("CPU 1h"), "{screen}");
        assert!(screen.contains("!err"), "a denied region says so: {screen}");
        key(&mut app, KeyCode::Char('5'));
        assert!(!draw(&app, 120, 40).contains("CPU 1h"), "S3 has no sparkline");
    }

    #[test]
    fn detail_charts() {
        let mut app = with_metrics();
        for _ in 0..6 {
            key(&mut app, KeyCode::Char('j'));
        }
        assert_eq!(
            app.selected().map(|r| r.name.as_str()),
            Some("worker"),
            "a resource with a gap"
        );
        key(&mut app, KeyCode::Enter);
        snap_both("detail_charts", &app);
        let screen = draw(&app, 120, 40);
        assert!(screen.contains("metrics over 1h"), "{screen}");
        for metric in [
            "CPUUtilization (Percent)",
            "NetworkIn (Bytes)",
            "DiskWriteBytes (Bytes)",
        ] {
            assert!(screen.contains(metric), "{metric}: {screen}");
        }
        assert!(screen.contains("min ") && screen.contains(" avg ") && screen.contains(" max "));
        // A window with no data yet says it is waiting.
        key(&mut app, KeyCode::Char('w'));
        let screen = draw(&app, 120, 40);
        assert!(screen.contains("metrics over 3h"), "{screen}");
        assert!(screen.contains("waiting for CloudWatch"), "{screen}");
    }

    #[test]
    fn metrics_tab() {
        let mut app = with_metrics();
        key(&mut app, KeyCode::Char('9'));
        snap_both("metrics_tab", &app);
        // EC2 x5, then RDS x5, then Lambda: Errors is the 12th metric.
        for _ in 0..11 {
            key(&mut app, KeyCode::Char('m'));
        }
        assert_eq!(app.known.metrics.chosen().name, "Errors");
        snap_both("metrics_tab_lambda_errors", &app);
    }
}
