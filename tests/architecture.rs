//! The shape of `src/`, as ARCHITECTURE.md describes it: the stages are listed in `src/lib.rs`
//! in the order their imports allow, each stage imports only stages listed before it, and no
//! two modules import each other, directly or round a circle. Read from the source text, so
//! that a wrong import fails here with its file and line rather than in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module of the library: its path from the crate root (`render::values`) and its source.
struct Module {
    path: Vec<String>,
    file: PathBuf,
    text: String,
}

fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "mod.rs" | "lib.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_string()),
    }
    parts
}

fn library(src: &Path) -> Vec<Module> {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable src") {
            let path = entry.expect("entry").path();
            // `cli/` belongs to the binary, with `main.rs`: it sees the library only as
            // `spindel::`, as any user of it would.
            if path.is_dir() && path.ends_with("cli") && path.parent() == Some(src) {
                continue;
            } else if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("main.rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|file| Module {
            path: module_path(src, &file),
            text: std::fs::read_to_string(&file).expect("readable"),
            file,
        })
        .collect()
}

/// The source without comments, string literals and the `#[cfg(test)]` module at the end,
/// with line breaks kept so that offsets still give line numbers.
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'"' && !(i > 0 && b[i - 1] == b'\'') {
            // A string, up to its unescaped closing quote (raw strings hold no `crate::`).
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if i < b.len() && b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            let ch = text[i..].chars().next().expect("a char");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn ident_at(s: &str, i: usize) -> Option<&str> {
    let rest = &s[i..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The paths a use tree names from position `i` on (`a::b::{c, d::e}` → `a::b::c`,
/// `a::b::d::e`), each with the offset where it starts.
fn use_tree(s: &str, mut i: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix.to_vec();
    loop {
        let skip = s[i..].len() - s[i..].trim_start().len();
        i += skip;
        if s[i..].starts_with('{') {
            i += 1;
            loop {
                i = use_tree(s, i, &path, out);
                let skip = s[i..].len() - s[i..].trim_start().len();
                i += skip;
                match s[i..].chars().next() {
                    Some(',') => i += 1,
                    Some('}') => return i + 1,
                    _ => return i,
                }
                let skip = s[i..].len() - s[i..].trim_start().len();
                if s[i + skip..].starts_with('}') {
                    return i + skip + 1;
                }
            }
        }
        let Some(id) = ident_at(s, i) else {
            out.push(path);
            return i;
        };
        path.push(id.to_string());
        i += id.len();
        if s[i..].starts_with("::") {
            i += 2;
        } else {
            out.push(path);
            return i;
        }
    }
}

/// Every module path a file refers to, with its line: `crate::…`, `super::…`, `self::…`, and
/// `child::…` for a module the file declares.
fn references(m: &Module) -> Vec<(Vec<String>, usize)> {
    let code = code_only(&m.text);
    let children: Vec<String> = code
        .lines()
        .filter_map(|l| {
            let l = l
                .trim()
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ");
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(|n| n.trim().to_string())
        })
        .collect();
    let is_dir_module = m.file.ends_with("mod.rs") || m.file.ends_with("lib.rs");
    let parent: Vec<String> = m.path[..m.path.len().saturating_sub(1)].to_vec();
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let boundary = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':');
        if !boundary {
            i += 1;
            continue;
        }
        let Some(id) = ident_at(&code, i) else {
            i += code[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let after = i + id.len();
        if !code[after..].starts_with("::") {
            i = after;
            continue;
        }
        let base: Option<Vec<String>> = match id {
            "crate" => Some(Vec::new()),
            "self" if is_dir_module => Some(m.path.clone()),
            "self" => Some(m.path.clone()),
            "super" if is_dir_module => Some(parent.clone()),
            "super" => Some(parent.clone()),
            child if children.iter().any(|c| c == child) => {
                let mut p = m.path.clone();
                p.push(child.to_string());
                Some(p)
            }
            _ => None,
        };
        if let Some(base) = base {
            let line = code[..i].matches('\n').count() + 1;
            let mut paths = Vec::new();
            let end = use_tree(&code, after + 2, &base, &mut paths);
            found.extend(paths.into_iter().map(|p| (p, line)));
            i = end.max(after + 2);
        } else {
            i = after;
        }
    }
    found
}

/// The module a path lands in: its longest prefix that is a module of the library.
fn resolve<'m>(path: &[String], modules: &'m BTreeMap<Vec<String>, usize>) -> Option<&'m usize> {
    (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// The stages in the order `src/lib.rs` declares them.
fn stage_order(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// Imports that point up (to a stage declared later in lib.rs) and circles of modules.
fn problems(modules: &[Module]) -> Vec<String> {
    let lib = modules
        .iter()
        .find(|m| m.path.is_empty())
        .expect("src/lib.rs");
    let order = stage_order(&lib.text);
    let rank = |name: &str| order.iter().position(|s| s == name);
    let index: BTreeMap<Vec<String>, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.path.clone(), i))
        .collect();
    let mut problems = Vec::new();
    let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); modules.len()];
    for (from, m) in modules.iter().enumerate() {
        let Some(own) = m.path.first() else { continue };
        let Some(own_rank) = rank(own) else {
            problems.push(format!(
                "{}: stage `{own}` is not declared in src/lib.rs",
                m.file.display()
            ));
            continue;
        };
        for (path, line) in references(m) {
            if let Some(stage) = path.first()
                && stage != own
                && let Some(r) = rank(stage)
                && r > own_rank
            {
                problems.push(format!(
                    "{}:{line}: `{own}` imports `{}`, a stage declared after it in src/lib.rs",
                    m.file.display(),
                    path.join("::")
                ));
            }
            if let Some(&to) = resolve(&path, &index)
                && to != from
                && !modules[to].path.is_empty()
            {
                edges[from].insert(to);
            }
        }
    }
    for circle in circles(&edges) {
        let names: Vec<String> = circle
            .iter()
            .map(|&i| modules[i].file.display().to_string())
            .collect();
        problems.push(format!(
            "these modules import each other in a circle: {}",
            names.join(" → ")
        ));
    }
    problems
}

/// Strongly connected components of more than one node (Tarjan's algorithm).
fn circles(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        edges: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        found: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in s.edges[v].iter() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn imports_point_down_the_stages_and_never_round_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = library(&src);
    assert!(modules.len() > 20, "read {} modules", modules.len());
    let problems = problems(&modules);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn fake(files: &[(&str, &str)]) -> Vec<Module> {
    let src = Path::new("/src");
    files
        .iter()
        .map(|(f, text)| {
            let file = src.join(f);
            Module {
                path: module_path(src, &file),
                file,
                text: text.to_string(),
            }
        })
        .collect()
}

#[test]
fn an_import_up_the_stages_is_found_with_its_line() {
    let modules = fake(&[
        ("lib.rs", "pub mod low;\npub mod high;\n"),
        (
            "low/mod.rs",
            "// crate::high in a comment is not an import\nuse crate::{high::{Thing, other::More}};\n",
        ),
        ("high/mod.rs", "use crate::low::Base;\n"),
    ]);
    let found = problems(&modules);
    assert!(
        found
            .iter()
            .any(|p| p.contains("low/mod.rs:2") && p.contains("`high::Thing`")),
        "{found:?}"
    );
    assert!(found.iter().any(|p| p.contains("circle")), "{found:?}");
}

#[test]
fn a_circle_inside_a_stage_is_found() {
    let modules = fake(&[
        ("lib.rs", "pub mod stage;\n"),
        ("stage/mod.rs", "mod a;\nmod b;\npub use a::A;\n"),
        (
            "stage/a.rs",
            "use super::b::B;\nlet s = \"crate::nothing\";\n",
        ),
        ("stage/b.rs", "pub fn f() { crate::stage::a::A::new(); }\n"),
    ]);
    let found = problems(&modules);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("stage/a.rs") && found[0].contains("stage/b.rs"),
        "{found:?}"
    );
    assert!(!found[0].contains("mod.rs"), "{found:?}");
}
