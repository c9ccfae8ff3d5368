//! Snapshots that see colour: each cell's foreground, drawn with the real
//! theme (`Theme::colour`), not the plain one the text snapshots use.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::tests::{fixture, key};
use super::{Theme, render};
use crate::app::App;

fn buffer(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| render(app, f, &Theme::colour())).expect("draw");
    term.backend().buffer().clone()
}

/// One letter per cell for its foreground: `g` green, `y` yellow, `r` red,
/// `c` cyan, `d` dark grey, `.` the default, `?` any other.
fn colour_letter(c: Color) -> char {
    match c {
        Color::Green => 'g',
        Color::Yellow => 'y',
        Color::Red => 'r',
        Color::Cyan => 'c',
        Color::DarkGray => 'd',
        Color::Reset => '.',
        _ => '?',
    }
}

/// Each line of the screen, then under it its colours, cell by cell.
fn with_colours(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let (mut text, mut colours) = (String::new(), String::new());
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            colours.push(colour_letter(cell.fg));
        }
        out.push_str(text.trim_end());
        out.push('\n');
        out.push_str(colours.trim_end_matches('.'));
        out.push('\n');
    }
    out
}

/// The words under the header `title` with the style of their first cell.
fn column(buf: &Buffer, title: &str) -> Vec<(String, ratatui::style::Style)> {
    let area = buf.area;
    let line = |y: u16| -> String { (area.left()..area.right()).map(|x| buf[(x, y)].symbol()).collect() };
    let (header, at) = (area.top()..area.bottom())
        .find_map(|y| {
            let text = line(y);
            text.split(' ')
                .any(|w| w.trim_end_matches(['▲', '▼']) == title)
                .then(|| {
                    let byte = text.find(&format!(" {title}")).map_or(0, |i| i + 1);
                    (y, text[..byte].chars().count() as u16)
                })
        })
        .expect("a header with the title");
    ((header + 1)..area.bottom())
        .map(|y| {
            let word: String = (at..area.right())
                .map(|x| buf[(x, y)].symbol())
                .take_while(|s| *s != " ")
                .collect();
            (word, buf[(at, y)].style())
        })
        .filter(|(w, _)| !w.is_empty())
        .collect()
}

fn ec2_view() -> App {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('2'));
    app
}

/// EC2's status checks are a health column: `ok` is good, `impaired` bad,
/// whatever the column is titled (STATUS, beside STATE).
#[test]
fn ec2_status_checks_are_drawn_in_their_health_tone() {
    let theme = Theme::colour();
    let buf = buffer(&ec2_view(), 160, 20);
    let cells = column(&buf, "STATUS");
    let ok: Vec<_> = cells.iter().filter(|(w, _)| w == "ok").collect();
    let impaired: Vec<_> = cells.iter().filter(|(w, _)| w == "impaired").collect();
    assert!(!ok.is_empty() && !impaired.is_empty(), "{cells:?}");
    for (_, style) in ok {
        assert_eq!(style.fg, theme.good.fg, "ok in the good tone");
    }
    for (_, style) in impaired {
        assert_eq!(style.fg, theme.bad.fg, "impaired in the bad tone");
        assert!(style.add_modifier.contains(Modifier::BOLD));
    }
    // The state words keep the kind's own tones.
    let states = column(&buf, "STATE");
    let running = states.iter().find(|(w, _)| w == "running").expect("a running instance");
    assert_eq!(running.1.fg, theme.good.fg);
    let stopped = states.iter().find(|(w, _)| w == "stopped").expect("a stopped instance");
    assert_eq!(stopped.1.fg, theme.bad.fg);
}

#[test]
fn ec2_view_in_colour() {
    insta::assert_snapshot!("ec2_view_in_colour", with_colours(&buffer(&ec2_view(), 120, 14)));
}
