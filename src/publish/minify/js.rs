//! Minifying JavaScript with oxc, and reading a module's imports from its syntax tree.
//!
//! A `.mjs` file is a module; a `.js` file is one if it has `import` or `export`, else a
//! classic script, whose top-level names other scripts may use: oxc keeps those, and renames
//! only names local to a function or a module.

use std::ops::Range;

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::{Parser, ParserReturn};
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;

use super::unreadable::Unreadable;

fn source_type(module: bool) -> SourceType {
    if module {
        SourceType::mjs()
    } else {
        SourceType::unambiguous()
    }
}

/// Each error of oxc's as a place and a reason; one without a place if oxc gave up silently.
fn unreadable(src: &str, diagnostics: &oxc_diagnostics::Diagnostics) -> Vec<Unreadable> {
    let mut problems: Vec<Unreadable> = diagnostics
        .errors()
        .map(|d| {
            let range = d.labels.first().map_or(0..0, |l| {
                let start = (l.offset() as usize).min(src.len());
                start..(start + l.len() as usize).min(src.len())
            });
            Unreadable {
                range,
                reason: d.message.to_string(),
            }
        })
        .collect();
    if problems.is_empty() {
        problems.push(Unreadable {
            range: 0..0,
            reason: "unreadable".into(),
        });
    }
    problems
}

/// The parse, or every place oxc could not read.
fn parse<'a>(
    allocator: &'a Allocator,
    src: &'a str,
    module: bool,
) -> Result<ParserReturn<'a>, Vec<Unreadable>> {
    let ret = Parser::new(allocator, src, source_type(module)).parse();
    if ret.panicked || ret.diagnostics.has_errors() {
        return Err(unreadable(src, &ret.diagnostics));
    }
    Ok(ret)
}

/// Minifies a script (`module`: it is known to be a module, as a `.mjs` file is).
pub fn js(input: &str, module: bool) -> Result<String, Vec<Unreadable>> {
    let allocator = Allocator::default();
    let mut program = parse(&allocator, input, module)?.program;
    // The parser leaves the early errors to this pass (`with` in a module, a name declared
    // twice), which a browser refuses the whole script for.
    let checked = SemanticBuilder::new()
        .with_check_syntax_error(true)
        .build(&program);
    if checked.diagnostics.has_errors() {
        return Err(unreadable(input, &checked.diagnostics));
    }
    let target = super::targets::oxc();
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions {
            target,
            ..CompressOptions::default()
        }),
        mangle_properties: None,
    };
    let ret = Minifier::new(options).minify(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(ret.scoping)
        .build(&program)
        .code;
    Ok(code)
}

/// The module specifiers of `import`/`export … from` and `import("…")` in a script: the byte
/// range of each string literal (quotes included) and its value, in the order they appear.
pub fn js_import_specifiers(
    src: &str,
    module: bool,
) -> Result<Vec<(Range<usize>, String)>, Vec<Unreadable>> {
    let allocator = Allocator::default();
    let ret = parse(&allocator, src, module)?;
    let record = &ret.module_record;
    let mut found: Vec<(Range<usize>, String)> = record
        .requested_modules
        .iter()
        .flat_map(|(name, uses)| uses.iter().map(move |u| (u.span, name.to_string())))
        .chain(record.dynamic_imports.iter().filter_map(|d| {
            let r = d.module_request;
            let text = &src[r.start as usize..r.end as usize];
            // Only a literal names a module this way: a string, or a template without
            // substitutions (what the minifier writes for a string); `import(name)` is left.
            let quoted = text.len() >= 2
                && (text.starts_with(['"', '\''])
                    || (text.starts_with('`') && !text.contains("${")))
                && text.ends_with(&text[..1]);
            quoted.then(|| (r, text[1..text.len() - 1].to_string()))
        }))
        .map(|(span, name)| (span.start as usize..span.end as usize, name))
        .collect();
    found.sort_by_key(|(r, _)| r.start);
    found.dedup_by_key(|(r, _)| r.start);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_module_keeps_exports_strings_and_regexes() {
        let src = "// a comment\nimport { score } from './engine.js';\nexport function rank(items, query) {\n  const pattern = /\\/\\*[\"']/g;\n  const label = `a ${ query }  b`;\n  return items.map((item) => score(item, query) + (pattern.test(label) ? 1 : 0));\n}\n";
        let out = js(src, true).unwrap();
        assert!(out.len() < src.len(), "{out}");
        assert!(out.contains("export"), "{out}");
        assert!(out.contains("rank"), "{out}");
        assert!(out.contains("./engine.js"), "{out}");
        assert!(out.contains("/\\/\\*[\"']/g"), "{out}");
        assert!(!out.contains("a comment"), "{out}");
        assert!(!out.contains("items"), "local names are shortened: {out}");
    }

    #[test]
    fn a_classic_script_keeps_its_global_names() {
        let src = "function setUpMenu(button) {\n  button.addEventListener('click', () => {});\n}\nvar openMenus = 0;\n";
        let out = js(src, false).unwrap();
        assert!(out.contains("setUpMenu"), "{out}");
        assert!(out.contains("openMenus"), "{out}");
    }

    #[test]
    fn what_cannot_be_read_is_named_with_its_place() {
        let src = "const a = 1;\nconst b = 'never closed;\n";
        let problems = js(src, true).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(src[..problems[0].range.start].lines().count(), 2);
        assert!(js_import_specifiers("x\n/* open", true).is_err());
    }

    #[test]
    fn early_errors_count_as_unreadable() {
        let src = "const a = 1;\nwith (a) { b = 1 }\n";
        let problems = js(src, true).unwrap_err();
        assert_eq!(&src[problems[0].range.start..][..4], "with", "{problems:?}");
        // In a classic script `with` is allowed.
        assert!(js(src, false).is_ok());
        assert!(js("let x = 1;\nlet x = 2;\n", true).is_err());
    }

    #[test]
    fn import_specifiers_are_found() {
        let src = "import a from \"./a.js\";\nimport './b.js';\nexport { c } from '../c.js';\nconst m = import('./d.js');\nconst from = 'not-this';\nx.import('nor-this');\nconst n = import(m);";
        let found: Vec<String> = js_import_specifiers(src, true)
            .unwrap()
            .into_iter()
            .map(|(r, v)| {
                assert_eq!(&src[r.start + 1..r.end - 1], v);
                v
            })
            .collect();
        assert_eq!(found, ["./a.js", "./b.js", "../c.js", "./d.js"]);
    }

    #[test]
    fn a_dynamic_import_is_found_after_minifying() {
        let src = "export async function f() {\n  const m = await import('./d.js');\n  const n = await import(`./${m.name}.js`);\n  return m.x + n.y;\n}\n";
        let out = js(src, true).unwrap();
        let found: Vec<String> = js_import_specifiers(&out, true)
            .unwrap()
            .into_iter()
            .map(|(r, v)| {
                assert_eq!(&out[r.start + 1..r.end - 1], v, "{out}");
                v
            })
            .collect();
        assert_eq!(found, ["./d.js"], "{out}");
    }
}
