//! Small metric drawings: a one-line sparkline of unicode blocks, and a bar
//! chart with a value axis, a time axis, the unit and min/avg/max. A period
//! with no datapoint is drawn as a blank column: a gap, never a zero.

use chrono::DateTime;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::model::MetricSeries;
use crate::model::metrics::short_value;

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The top of the value axis: 100 for percentages, else the series' max.
fn ceiling(s: &MetricSeries) -> f64 {
    let max = s.max().unwrap_or(0.0);
    if s.unit == "Percent" { 100.0f64.max(max) } else { max }
}

/// The last `width` points as blocks scaled from zero to the ceiling; a gap
/// is a space. Empty when the series has no point.
pub fn sparkline(s: &MetricSeries, width: usize) -> String {
    let top = ceiling(s);
    let start = s.points.len().saturating_sub(width);
    s.points[start..]
        .iter()
        .map(|(_, v)| match v {
            None => ' ',
            Some(v) if top > 0.0 => BLOCKS[((v / top) * 7.0).round().clamp(0.0, 7.0) as usize],
            Some(_) => BLOCKS[0],
        })
        .collect()
}

/// A sparkline with the latest value: `▂▃▅▇▆ 35.2%`.
pub fn spark_cell(s: &MetricSeries, width: usize) -> String {
    let latest = s.latest().map_or_else(|| "–".to_string(), |v| short_value(v, s.unit));
    format!("{} {latest}", sparkline(s, width))
}

/// `min 1.0% avg 2.0% max 3.0%`, or `no data` for an empty window.
pub fn min_avg_max(s: &MetricSeries) -> String {
    match (s.min(), s.avg(), s.max()) {
        (Some(lo), Some(avg), Some(hi)) => format!(
            "min {} avg {} max {}",
            short_value(lo, s.unit),
            short_value(avg, s.unit),
            short_value(hi, s.unit)
        ),
        _ => "no data in the window".to_string(),
    }
}

/// A bar chart of one series: a title line (metric, unit, min/avg/max),
/// the bars under a value axis, and a time axis (UTC).
pub struct Chart<'a> {
    pub series: &'a MetricSeries,
    pub title: String,
    pub style: Style,
    pub axis: Style,
}

/// Width of the value labels left of the axis.
const LABEL: u16 = 9;

impl Widget for Chart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 4 || area.width < LABEL + 10 {
            return;
        }
        let s = self.series;
        buf.set_stringn(area.x, area.y, &self.title, area.width as usize, self.style);
        let plot_h = area.height - 2;
        let plot_w = area.width - LABEL - 1;
        let top = ceiling(s);
        let (x0, y0) = (area.x + LABEL + 1, area.y + 1);
        // Value axis: the ceiling at the top, zero at the bottom.
        let label = |v: f64| format!("{:>w$}", short_value(v, s.unit), w = LABEL as usize);
        buf.set_stringn(area.x, y0, label(top), LABEL as usize, self.axis);
        buf.set_stringn(area.x, y0 + plot_h - 1, label(0.0), LABEL as usize, self.axis);
        for row in 0..plot_h {
            let ch = if row == 0 || row == plot_h - 1 { "┤" } else { "│" };
            buf.set_string(area.x + LABEL, y0 + row, ch, self.axis);
        }
        // One or more columns per point; the newest points when narrow.
        let n = s.points.len().max(1);
        let per = (plot_w as usize / n).max(1);
        let shown = (plot_w as usize / per).min(s.points.len());
        let points = &s.points[s.points.len() - shown..];
        for (i, (_, v)) in points.iter().enumerate() {
            let Some(v) = v else { continue };
            let eighths = if top > 0.0 {
                ((v / top) * f64::from(plot_h) * 8.0).round().max(1.0) as u32
            } else {
                1
            };
            for row in 0..plot_h {
                let filled = eighths.saturating_sub(u32::from(row) * 8).min(8);
                if filled == 0 {
                    break;
                }
                let ch = BLOCKS[filled as usize - 1].to_string();
                for c in 0..per {
                    let x = x0 + (i * per + c) as u16;
                    buf.set_string(x, y0 + plot_h - 1 - row, &ch, self.style);
                }
            }
        }
        // Time axis: the first and last period shown.
        let y = area.y + area.height - 1;
        let hhmm = |t: i64| DateTime::from_timestamp(t, 0).map_or_else(String::new, |d| d.format("%H:%M").to_string());
        if let (Some(first), Some(last)) = (points.first(), points.last()) {
            buf.set_string(area.x + LABEL, y, "└", self.axis);
            buf.set_string(x0, y, hhmm(first.0), self.axis);
            let end = x0 + (shown * per) as u16;
            // The last time at the end of the bars, with its zone when it fits.
            for right in [format!("{} UTC", hhmm(last.0)), hhmm(last.0)] {
                let w = right.chars().count() as u16;
                if shown > 1 && end >= x0 + 6 + w {
                    buf.set_string(end - w, y, right, self.axis);
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MetricTarget, ResourceKind};

    fn cpu(values: &[Option<f64>]) -> MetricSeries {
        let t = MetricTarget::new("us-east-1", ResourceKind::Ec2Instance, "i-1", "CPUUtilization");
        let points = values.iter().enumerate().map(|(i, v)| (i as i64 * 300, *v));
        let mut s = MetricSeries::on_grid(&t, "Percent", 0, values.len() as i64 * 300, 300, []);
        for (slot, p) in s.points.iter_mut().zip(points) {
            *slot = p;
        }
        s
    }

    #[test]
    fn sparklines_scale_percent_to_100_and_leave_gaps_blank() {
        let s = cpu(&[Some(0.0), Some(50.0), None, Some(100.0)]);
        assert_eq!(sparkline(&s, 10), "▁▅ █");
        assert_eq!(sparkline(&s, 2), " █", "the newest points when narrow");
        assert_eq!(spark_cell(&s, 4), "▁▅ █ 100.0%");
        assert_eq!(spark_cell(&cpu(&[None, None]), 2), "   –");
    }

    #[test]
    fn a_chart_has_axes_and_a_gap() {
        let s = cpu(&[Some(100.0), None, Some(50.0)]);
        let chart = Chart {
            series: &s,
            title: "CPU".into(),
            style: Style::default(),
            axis: Style::default(),
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 22, 5));
        chart.render(buf.area, &mut buf);
        assert_eq!(
            buf,
            Buffer::with_lines([
                "CPU                   ",
                "   100.0%┤████        ",
                "         │████    ▄▄▄▄",
                "     0.0%┤████    ████",
                "         └00:00  00:10",
            ])
        );
    }
}
