//! The crate-root map's layers, checked: every `crate::` path in a module's
//! code (its tests aside) names a module on a line above its own in the
//! list in `lib.rs` (`## Layers`), and on its own side where a line has two;
//! and no two modules of one parent name each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where a top-level module sits: its line (from 0, bottom up) and its
/// side (`None` on a line of one side).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    line: usize,
    side: Option<usize>,
}

impl Place {
    /// Whether a module here may name one at `other`: below it, and not
    /// across the sides.
    fn may_name(self, other: Place) -> bool {
        other.line < self.line
            && match (self.side, other.side) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// The layers of the crate-root map: the ```text block under `## Layers`,
/// one line a layer (`N. a, b` or `N. a | b, c`), bottom up.
fn layers(lib: &str) -> BTreeMap<String, Place> {
    let doc: Vec<&str> = lib
        .lines()
        .map_while(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect();
    let start = doc
        .iter()
        .position(|l| *l == "## Layers")
        .expect("a `## Layers` section in lib.rs");
    let mut lines = doc[start..]
        .iter()
        .skip_while(|l| **l != "```text")
        .skip(1)
        .take_while(|l| **l != "```");
    let mut out = BTreeMap::new();
    let mut line = 0;
    for text in lines.by_ref() {
        let (_, names) = text.split_once(". ").expect("a layer line: `N. a, b`");
        let sides: Vec<&str> = names.split('|').collect();
        for (i, side) in sides.iter().enumerate() {
            for name in side.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let side = (sides.len() > 1).then_some(i);
                let had = out.insert(name.to_string(), Place { line, side });
                assert!(had.is_none(), "{name} is on two lines of the map");
            }
        }
        line += 1;
    }
    assert!(line >= 5, "the layer list: {out:?}");
    out
}

/// The code of a Rust file without its comments, the contents of its
/// strings and chars, and its `#[cfg(test)]` items.
fn code_of(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        let after_ident = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if !after_ident && rest.starts_with('r') && raw_string(rest).is_some() {
            let hashes = raw_string(rest).unwrap_or(0);
            let end = format!("\"{}", "#".repeat(hashes));
            let open = 1 + hashes + 1;
            i += rest[open..].find(&end).map_or(rest.len(), |e| open + e + end.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && char_literal(rest).is_some() {
            i += char_literal(rest).unwrap_or(1);
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    without_tests(out)
}

/// The number of `#` of a raw string at the start of `s` (`r"`, `r#"`),
/// not a raw identifier (`r#type`).
fn raw_string(s: &str) -> Option<usize> {
    let hashes = s[1..].bytes().take_while(|c| *c == b'#').count();
    (s.as_bytes().get(1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// The length of a char literal at the start of `s` (`'x'`, `'\n'`,
/// `'\''`), not a lifetime.
fn char_literal(s: &str) -> Option<usize> {
    let mut chars = s.char_indices().skip(1);
    let (_, c) = chars.next()?;
    let after = if c == '\\' { chars.nth(1) } else { chars.next() };
    after.filter(|(_, q)| *q == '\'').map(|(at, _)| at + 1)
}

/// `code` without its `#[cfg(test)]` items (a `mod x;` line, or an item to
/// its closing brace).
fn without_tests(mut code: String) -> String {
    const MARK: &str = "#[cfg(test)]";
    while let Some(at) = code.find(MARK) {
        let from = at + MARK.len();
        let Some(stop) = code[from..].find([';', '{']).map(|s| from + s) else {
            code.truncate(at);
            break;
        };
        let end = if code.as_bytes()[stop] == b';' {
            stop + 1
        } else {
            let mut depth = 0usize;
            let mut end = code.len();
            for (i, c) in code[stop..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = stop + i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            end
        };
        code.replace_range(at..end, "");
    }
    code
}

/// The module paths a piece of code names: for each `crate::a::b` (and
/// `$crate::`), `super::x` and `super::{x, y}`, the path from the crate
/// root; `module` is the path of the module the code is in.
fn named_paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let b = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if i > 0 && (ident(b[i - 1]) || b[i - 1] == b':') {
            i += 1;
            continue;
        }
        let rest = &code[i..];
        let (base, skip) = if let Some(r) = rest.strip_prefix("crate::") {
            (Vec::new(), rest.len() - r.len())
        } else if rest.starts_with("super::") {
            let mut r = rest;
            let mut up = 0;
            while let Some(next) = r.strip_prefix("super::") {
                r = next;
                up += 1;
            }
            (module[..module.len().saturating_sub(up)].to_vec(), rest.len() - r.len())
        } else {
            i += 1;
            continue;
        };
        let r = &rest[skip..];
        let tails: Vec<&str> = match r.strip_prefix('{') {
            Some(group) => group[..group.find('}').unwrap_or(group.len())].split(',').collect(),
            None => vec![r],
        };
        for tail in tails {
            let path = path_at(tail.trim_start());
            if !path.is_empty() {
                out.push(base.iter().cloned().chain(path).collect());
            }
        }
        i += skip;
        while i < b.len() && (ident(b[i]) || b[i] == b':') {
            i += 1;
        }
    }
    out
}

/// The path at the start of `s`: `a::b::C` of `a::b::C::new()`, up to
/// the first thing that is not a name followed by `::`.
fn path_at(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        out.push(rest[..len].to_string());
        match rest[len..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    out
}

/// Every module file under `src/` but the crate roots and test-only files
/// (declared `#[cfg(test)] mod x;`), with its module path.
fn modules(src: &Path) -> Vec<(Vec<String>, PathBuf)> {
    fn walk(dir: &Path, module: &[String], out: &mut Vec<(Vec<String>, PathBuf)>) {
        let parent_file = if module.is_empty() {
            dir.join("lib.rs")
        } else {
            dir.join("mod.rs")
        };
        let parent = std::fs::read_to_string(parent_file).unwrap_or_default();
        let test_only = |name: &str| {
            let decl = [
                format!("mod {name};"),
                format!("pub mod {name};"),
                format!("pub(crate) mod {name};"),
            ];
            let lines: Vec<&str> = parent.lines().map(str::trim).collect();
            lines
                .windows(2)
                .any(|w| w[0] == "#[cfg(test)]" && decl.iter().any(|d| d == w[1]))
        };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read src")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let mut inner = module.to_vec();
            if path.is_dir() {
                if !test_only(&name) && path.join("mod.rs").exists() {
                    inner.push(name);
                    walk(&path, &inner, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let root = module.is_empty() && (name == "lib" || name == "main");
                if root || test_only(&name) {
                    continue;
                }
                if name != "mod" {
                    inner.push(name);
                }
                out.push((inner, path));
            }
        }
    }
    let mut out = Vec::new();
    walk(src, &[], &mut out);
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_module_names_one_above_it_or_beside_it() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("read lib.rs");
    let map = layers(&lib);
    let files = modules(&src());
    let tops: BTreeSet<&str> = files.iter().map(|(m, _)| m[0].as_str()).collect();
    let unplaced: Vec<_> = tops.iter().filter(|t| !map.contains_key(**t)).collect();
    assert!(
        unplaced.is_empty(),
        "modules on no line of the map in lib.rs: {unplaced:?}"
    );
    let mut wrong = BTreeSet::new();
    for (module, path) in &files {
        let code = code_of(&std::fs::read_to_string(path).expect("read source"));
        let here = map[&module[0]];
        for named in named_paths(&code, module) {
            let Some(top) = named.first().filter(|t| **t != module[0]) else {
                continue;
            };
            // A name that is no module (a macro's `$crate::`) is not placed.
            if let Some(there) = map.get(top).filter(|_| tops.contains(top.as_str()))
                && !here.may_name(*there)
            {
                wrong.insert(format!("{} names {top}", module.join("::")));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers of lib.rs: {wrong:#?}");
}

#[test]
fn no_two_modules_of_one_parent_name_each_other() {
    let files = modules(&src());
    let known: BTreeSet<&Vec<String>> = files.iter().map(|(m, _)| m).collect();
    let mut edges = BTreeSet::new();
    for (module, path) in &files {
        let code = code_of(&std::fs::read_to_string(path).expect("read source"));
        for named in named_paths(&code, module) {
            let same = module.iter().zip(&named).take_while(|(a, b)| a == b).count();
            if same < module.len() && same < named.len() {
                let (a, b) = (module[..=same].to_vec(), named[..=same].to_vec());
                if known.contains(&b) {
                    edges.insert((a, b));
                }
            }
        }
    }
    let cycles: Vec<String> = edges
        .iter()
        .filter(|(a, b)| a < b && edges.contains(&(b.clone(), a.clone())))
        .map(|(a, b)| format!("{} <-> {}", a.join("::"), b.join("::")))
        .collect();
    assert!(cycles.is_empty(), "modules that name each other: {cycles:?}");
}

#[test]
fn the_reader_sees_code_only() {
    let code = code_of(
        "use crate::a::X; // crate::b\n/* crate::c */ let s = \"crate::d\"; let r = r#\"crate::e\"#;\n\
         let c = '\"'; fn f<'a>() { crate::f::g(); super::{h, i::j}; }\n#[cfg(test)]\nmod tests { use crate::k; }\n",
    );
    let module = vec!["m".to_string(), "n".to_string()];
    let named: Vec<String> = named_paths(&code, &module).iter().map(|p| p.join("::")).collect();
    assert_eq!(named, ["a::X", "f::g", "m::h", "m::i::j"]);
    let lib = "//! ## Layers\n//!\n//! ```text\n//! 1. a, b\n//! 2. c\n//! 3. d | e\n//! 4. f | g\n//! 5. h\n//! ```\n";
    let map = layers(lib);
    assert!(map["c"].may_name(map["a"]) && !map["a"].may_name(map["b"]) && !map["a"].may_name(map["c"]));
    assert!(map["f"].may_name(map["d"]) && !map["f"].may_name(map["e"]) && map["h"].may_name(map["g"]));
}
