//! Minifying JavaScript on top of a tokenizer that tells words, punctuation and literals
//! (strings, template literals, regular expressions) apart; the same tokens give a module's
//! import specifiers. Hand-written rather than a JavaScript minifier crate: see BENCHMARKS.md,
//! "Minifiers".

pub(super) fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

/// A token of JavaScript source, as a byte range of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An identifier, keyword or number.
    Word,
    /// One punctuation character.
    Punct,
    /// A string, template literal or regular expression: kept byte for byte.
    Literal,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    /// What separated it from the token before: 0 nothing, 1 spaces or comments, 2 a line break.
    gap: u8,
}

/// Why a JavaScript file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsError {
    pub message: String,
    /// 1-based line of the problem.
    pub line: usize,
}

const REGEX_AFTER_WORDS: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'\\' | b'#') || b >= 0x80
}

fn js_tokens(src: &str) -> Result<Vec<Token>, JsError> {
    let b = src.as_bytes();
    let n = b.len();
    let mut tokens: Vec<Token> = Vec::new();
    let mut gap = 0u8;
    let mut i = 0;
    let line_at = |at: usize| src[..at.min(n)].matches('\n').count() + 1;
    let fail = |message: &str, at: usize| JsError {
        message: message.to_string(),
        line: line_at(at),
    };
    // A hashbang line is kept as it is.
    if src.starts_with("#!") {
        let end = src.find('\n').unwrap_or(n);
        tokens.push(Token {
            kind: Kind::Literal,
            start: 0,
            end,
            gap: 0,
        });
        i = end;
    }
    while i < n {
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            gap = 2;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            gap = gap.max(1);
            i += 1;
            continue;
        }
        if src[i..].starts_with("\u{2028}") || src[i..].starts_with("\u{2029}") {
            gap = 2;
            i += 3;
            continue;
        }
        if src[i..].starts_with("\u{a0}") || src[i..].starts_with("\u{feff}") {
            gap = gap.max(1);
            i += src[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            i = src[i..].find('\n').map_or(n, |e| i + e);
            gap = gap.max(1);
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = src[i + 2..]
                .find("*/")
                .map(|e| i + 2 + e + 2)
                .ok_or_else(|| fail("a comment that never ends (/* without */)", i))?;
            gap = if src[i..end].contains('\n') {
                2
            } else {
                gap.max(1)
            };
            i = end;
            continue;
        }
        let start = i;
        let kind = if c == b'"' || c == b'\'' {
            i = js_string_end(b, i).ok_or_else(|| fail("a string that never ends", start))?;
            Kind::Literal
        } else if c == b'`' {
            i = template_end(b, i)
                .ok_or_else(|| fail("a template literal that never ends", start))?;
            Kind::Literal
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < n {
                let d = b[i];
                // An exponent's sign belongs to the number (1e-3), but not in hex (0xe-1).
                let exponent_sign = matches!(d, b'+' | b'-')
                    && matches!(b[i - 1], b'e' | b'E')
                    && !src[start..i].starts_with("0x")
                    && !src[start..i].starts_with("0X");
                if d.is_ascii_alphanumeric() || d == b'_' || d == b'.' || exponent_sign {
                    i += 1;
                } else {
                    break;
                }
            }
            Kind::Word
        } else if is_word_byte(c) {
            while i < n && is_word_byte(b[i]) {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += utf8_len(b[i.min(n - 1)]).max(1);
            }
            i = i.min(n);
            Kind::Word
        } else if c == b'/' && regex_allowed(src, tokens.last()) {
            match regex_end(b, i) {
                Some(end) => {
                    i = end;
                    Kind::Literal
                }
                None => {
                    i += 1;
                    Kind::Punct
                }
            }
        } else {
            i += utf8_len(c);
            Kind::Punct
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
            gap,
        });
        gap = 0;
    }
    Ok(tokens)
}

fn regex_allowed(src: &str, prev: Option<&Token>) -> bool {
    match prev {
        None => true,
        Some(t) => match t.kind {
            Kind::Literal => false,
            Kind::Word => REGEX_AFTER_WORDS.contains(&&src[t.start..t.end]),
            Kind::Punct => !matches!(&src[t.start..t.end], ")" | "]" | "}"),
        },
    }
}

fn js_string_end(b: &[u8], start: usize) -> Option<usize> {
    let q = b[start];
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return None,
            x if x == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the template literal at `start` (a backquote), `${…}` included.
fn template_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return Some(i + 1),
            b'$' if b.get(i + 1) == Some(&b'{') => i = code_end(b, i + 2)?,
            _ => i += 1,
        }
    }
    None
}

/// The end of the code of a `${…}` starting at `start`, after its closing brace.
fn code_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => i = js_string_end(b, i)?,
            b'`' => i = template_end(b, i)?,
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i + 1),
            b'}' => {
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The end of the regular expression at `start` with its flags, or none if it is not one.
fn regex_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' | b'\r' => return None,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return Some(i);
            }
            _ => i += 1,
        }
    }
    None
}

/// Minifies JavaScript (a script or a module); on source it cannot read, returns it whole.
pub fn js(input: &str) -> String {
    match js_tokens(input) {
        Ok(tokens) => js_join(input, &tokens),
        Err(_) => input.to_string(),
    }
}

fn js_join(src: &str, tokens: &[Token]) -> String {
    let mut out = String::with_capacity(src.len());
    let mut prev: Option<&Token> = None;
    for t in tokens {
        let text = &src[t.start..t.end];
        if let Some(p) = prev {
            let ptext = &src[p.start..p.end];
            let mut gap = t.gap;
            if gap == 2 && newline_droppable(p, ptext, text) {
                gap = 1;
            }
            if gap == 2 {
                out.push('\n');
            } else if gap == 1 && space_needed(p, ptext, t, text) {
                out.push(' ');
            }
        }
        out.push_str(text);
        prev = Some(t);
    }
    out
}

/// Whether a line break between two tokens can go without changing how the code parses:
/// after punctuation that cannot end a statement, or before punctuation that cannot start one.
fn newline_droppable(prev: &Token, ptext: &str, next: &str) -> bool {
    if matches!(next, ")" | "]" | "}" | "," | ";") {
        return true;
    }
    prev.kind == Kind::Punct && !matches!(ptext, ")" | "]" | "}" | "+" | "-")
}

/// Whether two tokens that had whitespace between them need a space to stay two tokens.
fn space_needed(prev: &Token, ptext: &str, next: &Token, ntext: &str) -> bool {
    let (p, n) = (ptext.as_bytes(), ntext.as_bytes());
    let (last, first) = (p[p.len() - 1], n[0]);
    if prev.kind == Kind::Word && next.kind == Kind::Word {
        return true;
    }
    // A number before a dot would take it as its decimal point.
    if prev.kind == Kind::Word && p[0].is_ascii_digit() && first == b'.' {
        return true;
    }
    // A regular expression's flags would take a following word.
    if prev.kind == Kind::Literal && p[0] == b'/' && next.kind == Kind::Word {
        return true;
    }
    matches!(
        (last, first),
        (b'+', b'+') | (b'-', b'-') | (b'/', b'/') | (b'/', b'*') | (b'<', b'!') | (b'-', b'>')
    )
}

/// The module specifiers of `import`/`export … from` and `import(…)` in JavaScript source: the
/// byte range of each string literal (quotes included) and its value.
pub fn js_import_specifiers(src: &str) -> Result<Vec<(std::ops::Range<usize>, String)>, JsError> {
    let tokens = js_tokens(src)?;
    let mut found = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        let text = &src[t.start..t.end];
        let is_string =
            t.kind == Kind::Literal && (text.starts_with('"') || text.starts_with('\''));
        if !is_string || k == 0 {
            continue;
        }
        let word = |j: usize| {
            tokens
                .get(j)
                .filter(|t| t.kind != Kind::Literal)
                .map(|t| &src[t.start..t.end])
        };
        let before = word(k - 1);
        let is_specifier = matches!(before, Some("from") | Some("import"))
            || (before == Some("(")
                && k >= 2
                && word(k - 2) == Some("import")
                && (k < 3 || word(k - 3) != Some(".")));
        if is_specifier {
            let value = text[1..text.len() - 1].to_string();
            found.push((t.start..t.end, value));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_keeps_strings_templates_regexes_and_line_breaks_that_matter() {
        let src = "// a comment\nimport { x } from './engine.js';\n\nconst a = 1 + +b, c = d - -e;\nlet r = /\\/\\*[\"']/g.test(s) ? `a ${ { y: 1 }.y }  b` : 'x  // y';\nfunction f() {\n  return\n    a;\n}\nx = y\n++z\nconst n = 1 .toString();\n/* block\n comment */ q = a / b / c;\n";
        let out = js(src);
        assert_eq!(
            out,
            "import{x}from'./engine.js';const a=1+ +b,c=d- -e;let r=/\\/\\*[\"']/g.test(s)?`a ${ { y: 1 }.y }  b`:'x  // y';function f(){return\na;}\nx=y\n++z\nconst n=1 .toString();q=a/b/c;"
        );
        assert_eq!(js(&out), out, "idempotent");
    }

    #[test]
    fn js_that_cannot_be_read_is_left_whole() {
        let src = "const a = 'never closed;\n";
        assert_eq!(js(src), src);
        let err = js_import_specifiers("x\n/* open").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn import_specifiers_are_found() {
        let src = "import a from \"./a.js\";\nimport './b.js';\nexport { c } from '../c.js';\nconst m = import('./d.js');\nconst from = 'not-this';\nx.import('nor-this');";
        let found: Vec<String> = js_import_specifiers(src)
            .unwrap()
            .into_iter()
            .map(|(r, v)| {
                assert_eq!(&src[r.start + 1..r.end - 1], v);
                v
            })
            .collect();
        assert_eq!(found, ["./a.js", "./b.js", "../c.js", "./d.js"]);
    }
}
