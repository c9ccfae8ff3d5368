//! Several accounts: an account column, a health cell each, the picker.

use crossterm::event::KeyCode;

use super::fixture::accounts_fixture;
use super::{draw, key, snap_both};
use crate::app::Tab;

#[test]
fn several_accounts_show_an_account_column_and_a_health_cell_each() {
    let mut app = accounts_fixture();
    let text = draw(&app, 120, 40);
    assert!(text.contains("ACCOUNT"), "{text}");
    assert!(text.contains("3 of 3 accounts"), "{text}");
    assert!(text.contains("prod !"), "prod's cells failed: {text}");
    snap_both("accounts_ec2", &app);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    snap_both("account_picker", &app);
    key(&mut app, KeyCode::Enter);
    let text = draw(&app, 120, 40);
    assert!(text.contains("2 of 3 accounts"), "{text}");
    assert!(!text.contains(" dev "), "dev is not shown: {text}");
    key(&mut app, KeyCode::Char(Tab::Overview.key().unwrap()));
    assert_eq!(app.view.tab, Tab::Overview);
    snap_both("accounts_overview", &app);
}
