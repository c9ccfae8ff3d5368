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
            assert!(
                row.contains(&format!("`:{name}`")),
                "docs/tui.md, {k}: `:{name}` is missing"
            );
        }
    }
}

/// docs/headless.md says what `id` is for every kind.
#[test]
fn every_kind_has_its_row_in_the_id_table() {
    let headless = page("headless.md");
    for &k in ResourceKind::all() {
        let head = format!("| `{k}` |");
        assert!(
            headless.lines().any(|l| l.starts_with(&head)),
            "docs/headless.md: no row for {k} in the id table"
        );
    }
}

/// docs/metrics-and-cost.md lists every kind's metrics: a row with its
/// namespace naming each metric.
#[test]
fn every_kind_with_metrics_has_its_row_in_the_metrics_table() {
    let metrics = page("metrics-and-cost.md");
    for &k in ResourceKind::all() {
        let m = k.def().metrics;
        if m.list.is_empty() {
            continue;
        }
        let row = metrics
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("| {} ", m.namespace)))
            .unwrap_or_else(|| panic!("docs/metrics-and-cost.md: no row for {k}'s namespace {}", m.namespace));
        for metric in m.list {
            assert!(
                row.contains(metric.name),
                "docs/metrics-and-cost.md, {k}: {} is missing",
                metric.name
            );
        }
    }
}

/// The README stays a page a user reads: at most 300 lines, and it points
/// to every page under docs/, each of which exists.
#[test]
fn the_readme_is_short_and_points_to_every_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let lines = readme.lines().count();
    assert!(lines <= 300, "README.md has {lines} lines: move detail to docs/");
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let name = entry.expect("a docs/ entry").file_name().to_string_lossy().into_owned();
        assert!(
            readme.contains(&format!("(docs/{name})")),
            "README.md does not point to docs/{name}"
        );
    }
}

/// Every relative link between the pages leads to a file that exists.
#[test]
fn links_between_the_pages_lead_somewhere() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    pages.extend(
        std::fs::read_dir(root.join("docs"))
            .expect("docs/")
            .map(|e| e.expect("a docs/ entry").path()),
    );
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("a page");
        let dir = page.parent().expect("a folder");
        for link in text.split("](").skip(1).filter_map(|l| l.split(')').next()) {
            let target = link.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") {
                continue;
            }
            assert!(
                dir.join(target).exists(),
                "{}: the link {link} leads nowhere",
                page.display()
            );
        }
    }
}
