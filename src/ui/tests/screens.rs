//! Every tab, the pickers, prompts, overlays and the status line.

use crossterm::event::KeyCode;

use super::fixture::fixture;
use super::{draw, key, snap_both, typed};
use crate::app::Tab;

#[test]
fn every_tab() {
    for &tab in Tab::all() {
        let mut app = fixture();
        match tab.key() {
            Some(c) => key(&mut app, KeyCode::Char(c)),
            None => {
                key(&mut app, KeyCode::Char(':'));
                typed(&mut app, &tab.name());
                key(&mut app, KeyCode::Enter);
            }
        }
        assert_eq!(app.view.tab, tab);
        snap_both(&format!("tab_{}", tab.to_string().to_lowercase()), &app);
    }
}

#[test]
fn region_picker() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('r'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    snap_both("region_picker", &app);
}

#[test]
fn tag_prompt_with_an_error() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "Team =prod");
    snap_both("tag_prompt_error", &app);
}

#[test]
fn view_prompt_with_suggestions_and_an_error() {
    let mut app = fixture();
    typed(&mut app, ":e");
    snap_both("view_prompt_suggestions", &app);
    typed(&mut app, "ks-x");
    key(&mut app, KeyCode::Enter);
    snap_both("view_prompt_error", &app);
}

/// With more views than fit, the tab bar slides to keep the current one in
/// sight and marks the tabs left out on each side.
#[test]
fn the_tab_bar_slides_on_narrow_terminals() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('0'));
    let screen = draw(&app, 60, 20);
    let bar = screen.lines().nth(3).expect("the tab bar line");
    assert!(bar.contains("[0 Cost]") && bar.contains("‹"), "{bar}");
    key(&mut app, KeyCode::Char('1'));
    let bar = draw(&app, 60, 20).lines().nth(3).expect("tab bar").to_string();
    assert!(
        bar.contains("[1 Overview]") && bar.contains("›") && !bar.contains("‹"),
        "{bar}"
    );
}

#[test]
fn help_overlay() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('?'));
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = draw(&app, w, h);
        assert!(
            screen.contains("log: ~/.local/state/aws-monitor/aws-monitor.log"),
            "{screen}"
        );
        // Every binding shows in the overlay itself (the status bar, the
        // last line, does not count).
        let overlay: String = screen.lines().take(h as usize - 1).collect::<Vec<_>>().join("\n");
        for (keys, help) in app.known.keymap.help_lines() {
            assert!(
                overlay.contains(&format!("{keys}  {help}")),
                "{w}x{h}: \"{keys}  {help}\" missing from\n{screen}"
            );
        }
    }
    snap_both("help", &app);
}

#[test]
fn filtered_and_searched_table() {
    let mut app = fixture();
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "web");
    key(&mut app, KeyCode::Enter);
    snap_both("search_web", &app);
}

#[test]
fn too_small_terminal_says_so_and_recovers() {
    let app = fixture();
    let small = draw(&app, 40, 10);
    assert!(small.contains("terminal too small: 40x10"), "{small}");
    assert!(draw(&app, 80, 24).contains("EC2 · 9 · 3 regions"));
}

#[test]
fn failed_cells_show_code_and_age() {
    let mut app = fixture();
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("us-west-2 ~throttled"), "{screen}");
    assert!(
        screen.contains(
            "us-west-2 ec2-instance: RequestLimitExceeded: Request limit exceeded. (<1m ago, showing last good data)"
        ),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('4'));
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("eu-west-1 rds-instance: AccessDenied"), "{screen}");
}

#[test]
fn copy_says_what_was_copied_and_the_link_shows_in_a_popup() {
    let mut app = fixture();
    let id = app.selected().map(|r| r.id.clone()).unwrap_or_default();
    assert_eq!(id, "i-0a1eu0000000003");
    key(&mut app, KeyCode::Char('y'));
    let screen = draw(&app, 120, 40);
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("copied id i-0a1eu0000000003"), "{status}");
    key(&mut app, KeyCode::Char('o'));
    snap_both("console_link", &app);
    let narrow = draw(&app, 80, 24);
    let joined: String = narrow
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' ' || c == '"'))
        .collect();
    assert!(
        joined.contains("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0a1eu0000000003"),
        "the URL wraps whole at 80 columns:\n{narrow}"
    );
}
