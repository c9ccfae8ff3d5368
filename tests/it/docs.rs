//! The user's docs follow the kind registry: a new kind, or a new `:` name,
//! that the docs do not show fails here.

use std::path::Path;

use aws_monitor::model::ResourceKind;

fn page(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// docs/tui.md has a row for every kind, with its number key and every
/// name `:` takes for it.
#[test]
fn every_kind_has_its_row_in_the_views_table() {
    let tui = page("tui.md");
    for &k in ResourceKind::all() {
        let d = k.def();
        let head = format!("| `{k}` |");
        let row = tui
            .lines()
            .find(|l| l.starts_with(&head))
            .unwrap_or_else(|| panic!("docs/tui.md: no row for {k} in the kinds table"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let key = d.key.map(|c| format!("`{c}`")).unwrap_or_default();
        assert_eq!(cells.get(3).copied(), Some(key.as_str()), "docs/tui.md, {k}: its key");
        for name in std::iter::once(k.to_string()).chain(d.aliases.iter().map(|a| a.to_string())) {
            assert!(row.contains(&format!("`:{name}`")), "docs/tui.md, {k}: `:{name}` is missing");
        }
    }
}
