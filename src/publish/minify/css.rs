//! Minifying a stylesheet with lightningcss, for the browsers in `targets`.

use std::sync::{Arc, RwLock};

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};

use super::unreadable::Unreadable;

/// Minifies a stylesheet. A stylesheet with anything lightningcss cannot read gives every such
/// place instead: dropping what it could not read would publish something other than what a
/// browser makes of the file, so the caller publishes it as written.
pub fn css(input: &str) -> Result<String, Vec<Unreadable>> {
    let warnings = Arc::new(RwLock::new(Vec::new()));
    let options = ParserOptions {
        error_recovery: true,
        warnings: Some(warnings.clone()),
        ..ParserOptions::default()
    };
    let problem = |loc: Option<lightningcss::error::ErrorLocation>, reason: String| {
        let at = loc.map_or(0, |l| offset_of(input, l.line as usize, l.column as usize));
        Unreadable {
            range: at..at,
            reason,
        }
    };
    let mut sheet = match StyleSheet::parse(input, options) {
        Ok(sheet) => sheet,
        Err(e) => return Err(vec![problem(e.loc, e.kind.to_string())]),
    };
    let found: Vec<Unreadable> = warnings
        .read()
        .map(|w| {
            w.iter()
                .map(|e| problem(e.loc.clone(), e.kind.to_string()))
                .collect()
        })
        .unwrap_or_default();
    if !found.is_empty() {
        return Err(found);
    }
    let targets = super::targets::lightningcss();
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| vec![problem(e.loc, e.kind.to_string())])?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| vec![problem(e.loc, e.kind.to_string())])?;
    Ok(printed.code)
}

/// The byte offset of lightningcss's place: a 0-based line and a 1-based column counted in
/// UTF-16 code units (as the CSS parser counts).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 1;
    for (i, c) in text[start.min(text.len())..].char_indices() {
        if units >= column || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_and_lowers_for_the_targets() {
        let src = "/* theme */\n.a ,\n.b > .c {\n  color : #ff0000;\n  margin: 0 auto ;\n}\n@media (min-width: 40em) {\n  a:hover { width: calc(100% - 2px); }\n}\n.d::before { content: \"  {;}  \"; background: url(\"a b.png\") }\n.e { inset: 0 }\n";
        let out = css(src).unwrap();
        assert_eq!(
            out,
            ".a,.b>.c{color:red;margin:0 auto}@media (min-width:40em){a:hover{width:calc(100% - 2px)}}.d:before{content:\"  {;}  \";background:url(\"a b.png\")}.e{top:0;bottom:0;left:0;right:0}"
        );
        // `inset` is newer than Safari 14 of the targets: written out in longhands.
        assert_eq!(css(&out).unwrap(), out, "idempotent");
    }

    #[test]
    fn what_cannot_be_read_is_named_with_its_place() {
        let src = ".a { color: red }\n.ö { color: blue }\n.b { color: red; ;; }\n}}\n@media screen and ( { .c { x: y } }\n";
        let problems = css(src).unwrap_err();
        assert!(!problems.is_empty());
        for p in &problems {
            assert!(src.is_char_boundary(p.range.start), "{p:?}");
            assert!(!p.reason.is_empty());
        }
    }

    #[test]
    fn utf16_columns_become_byte_offsets() {
        let text = "a\nåä😀x\n";
        assert_eq!(offset_of(text, 0, 1), 0);
        assert_eq!(offset_of(text, 1, 1), 2);
        assert_eq!(offset_of(text, 1, 3), 6);
        assert_eq!(&text[offset_of(text, 1, 5)..], "x\n");
    }
}
