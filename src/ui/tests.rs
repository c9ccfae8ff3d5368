//! Snapshots of every screen from fixture data, at 80x24 and 120x40.
#![allow(
    unused_must_use,
    reason = "a test feeds messages for the state they make; effects are asserted where they are the point"
)]

mod accounts;
mod detail;
mod ec2x;
mod elb;
mod estate;
mod findings;
mod fixture;
mod grid;
mod screens;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, render};
use crate::app::{App, Msg};

pub(crate) use fixture::fixture;

pub(crate) fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Types `text`, one key a character.
pub(crate) fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub(crate) fn draw(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(app, f, &Theme::plain())).unwrap();
    term.backend().to_string()
}

pub(crate) fn snap_both(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_120x40"), draw(app, 120, 40));
}

/// One snapshot of a screen already drawn, named as `snap_both` names them
/// (the module path and the folder are this file's).
fn snap(name: &str, compact: String) {
    insta::assert_snapshot!(name, compact);
}
