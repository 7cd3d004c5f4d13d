//! Any bytes as a page file: decoding, splitting off the front matter, parsing it as TOML and
//! reading it as a page's fields must report problems as diagnostics, never panic, and every
//! diagnostic must point inside the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use spindel::config::tomlfile::TomlSource;
use spindel::content::model::PageMeta;
use spindel::content::split_front_matter;
use spindel::diag::Diagnostic;
use spindel::text::decode::decode_text;

fn points_inside(d: &Diagnostic, text: &str) {
    if d.line > 0 {
        let line = text.split('\n').nth(d.line - 1).expect("the line exists");
        assert!(d.column <= line.chars().count() + 1, "{d:?}");
    }
}

fuzz_target!(|bytes: &[u8]| {
    let rel = Path::new("content/fuzz.md");
    let text = match decode_text(rel, bytes) {
        Ok(t) => t,
        Err(d) => {
            assert!(d.line >= 1);
            return;
        }
    };
    let (fm, body) = match split_front_matter(rel, &text) {
        Ok(x) => x,
        Err(d) => return points_inside(&d, &text),
    };
    assert!(fm.end <= body && body <= text.len());
    let src = TomlSource {
        file: rel,
        file_text: &text,
        base: fm.start,
        toml: &text[fm],
    };
    match src.parse() {
        Err(ds) => ds.iter().for_each(|d| points_inside(d, &text)),
        Ok(table) => {
            if let Err(d) = src.deserialize::<PageMeta>(table) {
                points_inside(&d, &text);
            }
        }
    }
});
