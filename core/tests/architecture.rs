//! The shape of `core/src` (ARCHITECTURE.md): the top-level modules form layers, and no
//! module imports one above it, so there is no import cycle; no file holds more than 600
//! lines outside its tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, bottom up: the kernel, pure maths, the domains, then the events,
/// the fold over them and the journal. A module may import only modules listed before it.
const LAYERS: &[&str] = &[
    // kernel
    "persist", "error", "text", "collections", "ids", "decimal", "timestamp", "wire", "money", "calendar", "period", "scope",
    // pure maths
    "evm",
    // domains (a later domain may read an earlier one's types)
    "lifecycle", "cost", "labour", "funds", "schedule", "governance",
    // events, the fold, the journal
    "event", "portfolio", "journal",
    // the journal on disk (feature `store`)
    "store",
];

const MAX_LINES: usize = 600;

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its `#[cfg(test)]` module and without comments.
fn code_outside_tests(text: &str) -> String {
    let mut kept = String::new();
    let mut skipping = false;
    let mut depth = 0i64;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if !skipping && line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|next| next.trim_start().starts_with("mod ")) {
            skipping = true;
            depth = 0;
            continue;
        }
        if skipping {
            depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
            if depth <= 0 && line.contains('}') {
                skipping = false;
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or_default();
        kept.push_str(code);
        kept.push('\n');
    }
    kept
}

/// The first path segment of every `crate::…` path in the code, `crate::{a, b::c}` included.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group.char_indices().find(|(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            });
            let inner = &group[..end.map_or(group.len(), |(i, _)| i)];
            let mut depth = 0;
            let mut item = String::new();
            for c in inner.chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let head: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        if !head.is_empty() {
                            found.insert(head);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            let head: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.insert(head);
        }
    }
    found
}

/// Names the crate root re-exports, and the module each comes from (`pub use money::{Money}`).
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in lib.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else { continue };
        let (module, items) = path.split_once("::").unwrap();
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            names.insert(item.trim().to_owned(), module.to_owned());
        }
    }
    names
}

/// The top-level module a file belongs to (`cost/ledger.rs` → `cost`).
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_owned()
}

#[test]
fn no_module_imports_one_above_it() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut broken = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("lib.rs")) {
        let module = module_of(file);
        let Some(level) = LAYERS.iter().position(|m| *m == module) else {
            broken.push(format!("{} is in no layer: add `{module}` to LAYERS and ARCHITECTURE.md", file.display()));
            continue;
        };
        let code = code_outside_tests(&std::fs::read_to_string(file).unwrap());
        for name in crate_paths(&code) {
            let target = match reexports.get(&name) {
                Some(module) => module.clone(),
                None => name.clone(),
            };
            // `crate::Result` and `crate::Decimal` are the root's own alias and a re-exported crate.
            let Some(target_level) = LAYERS.iter().position(|m| *m == target) else { continue };
            if target_level > level {
                broken.push(format!("{} ({module}) imports crate::{name} from {target}, a layer above it", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_layer_is_a_module_of_the_crate() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    for module in LAYERS {
        assert!(lib.contains(&format!("mod {module};")), "lib.rs declares no module {module}");
    }
}

#[test]
fn no_file_is_over_600_lines_outside_its_tests() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, code_outside_tests(&std::fs::read_to_string(f).unwrap()).lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .map(|(f, lines)| format!("{}: {lines} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "split these files (at most {MAX_LINES} lines outside tests): {long:?}");
}

#[test]
fn the_checker_sees_imports_in_every_form() {
    let code = "use crate::{ActorId, cost::{CostLine, CostEvent}, Result};\nlet x = crate::labour::aggregate(); // crate::journal";
    let found = crate_paths(&code_outside_tests(code));
    assert_eq!(found, ["ActorId", "Result", "cost", "labour"].map(str::to_owned).into_iter().collect());
}
