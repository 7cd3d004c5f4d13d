//! Minification of the published HTML, CSS and JavaScript: conservative and dependency-free.
//!
//! Each minifier only removes what cannot change what the browser does:
//!
//! - HTML: comments go; a run of whitespace in text becomes one character (a newline if it had
//!   one, else a space), so inline spacing stays exactly as rendered; whitespace before the
//!   body (where the parser ignores it) goes; whitespace between attributes becomes one space.
//!   `<pre>`, `<textarea>`, `<script>` and `<style>` are copied as they are. Attribute values
//!   and quotes are never touched.
//! - CSS: comments go (`/*! … */` stays); whitespace becomes one space, or none next to
//!   `{ } ; , >` and after `:`; the last `;` of a block goes. Strings and `url()` are kept.
//! - JavaScript: comments go; whitespace between tokens goes where it separates nothing, a
//!   space stays between words and where two tokens would merge (`a + +b`), and line breaks
//!   stay wherever automatic semicolon insertion could depend on them. Strings, template
//!   literals and regular expressions are kept byte for byte. Names are never changed. If the
//!   file cannot be read as JavaScript (an unterminated string or comment), it is left whole.
//!
//! All three are deterministic and idempotent.

/// Minifies the rendered HTML among `files`, in parallel.
pub fn html_files(files: &mut [crate::output::OutputFile]) {
    use rayon::prelude::*;
    files.par_iter_mut().for_each(|f| {
        let is_html = f.path.extension().is_some_and(|e| e == "html");
        if let (true, crate::output::Contents::Bytes(bytes)) = (is_html, &mut f.contents)
            && let Ok(text) = std::str::from_utf8(bytes)
        {
            *bytes = html(text).into_bytes();
        }
    });
}

/// Minifies an HTML document.
pub fn html(input: &str) -> String {
    HtmlMinifier {
        src: input,
        bytes: input.as_bytes(),
        out: String::with_capacity(input.len()),
        pending: None,
        before_body: true,
    }
    .run()
}

fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Elements whose content is copied as it is.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];
/// Elements that may come before `<body>`: whitespace around them is not rendered.
const HEAD_TAGS: &[&str] = &[
    "html", "head", "meta", "link", "title", "base", "script", "style", "noscript", "template",
];

struct HtmlMinifier<'a> {
    src: &'a str,
    bytes: &'a [u8],
    out: String,
    /// Whitespace seen but not yet written: `\n` if the run had a line break.
    pending: Option<char>,
    /// Nothing of the body has been seen yet: whitespace here is never rendered.
    before_body: bool,
}

impl HtmlMinifier<'_> {
    fn run(mut self) -> String {
        let mut i = 0;
        let n = self.bytes.len();
        while i < n {
            let b = self.bytes[i];
            if is_html_space(b) {
                let start = i;
                while i < n && is_html_space(self.bytes[i]) {
                    i += 1;
                }
                let newline = self.bytes[start..i].contains(&b'\n');
                self.pending = match self.pending {
                    Some('\n') => Some('\n'),
                    _ if newline => Some('\n'),
                    _ => Some(' '),
                };
                continue;
            }
            if b == b'<' {
                if self.src[i..].starts_with("<!--") {
                    match self.src[i + 4..].find("-->") {
                        Some(end) => i += 4 + end + 3,
                        None => {
                            // An unterminated comment: keep the rest as it is.
                            self.flush_space();
                            self.out.push_str(&self.src[i..]);
                            i = n;
                        }
                    }
                    continue;
                }
                if self.src[i..].starts_with("<!") || self.src[i..].starts_with("<?") {
                    // A doctype or another declaration: copied.
                    let end = self.src[i..].find('>').map_or(n, |e| i + e + 1);
                    self.flush_space();
                    self.out.push_str(&self.src[i..end]);
                    i = end;
                    continue;
                }
                let closing = self.bytes.get(i + 1) == Some(&b'/');
                let name_at = if closing { i + 2 } else { i + 1 };
                if self.bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
                    i = self.tag(i, name_at, closing);
                    continue;
                }
            }
            // Text up to the next whitespace or tag.
            let start = i;
            i += 1;
            while i < n && !is_html_space(self.bytes[i]) && self.bytes[i] != b'<' {
                i += 1;
            }
            self.before_body = false;
            self.flush_space();
            self.out.push_str(&self.src[start..i]);
        }
        if let Some(c) = self.pending.take()
            && !self.before_body
        {
            self.out.push(c);
        }
        self.out
    }

    fn flush_space(&mut self) {
        if let Some(c) = self.pending.take()
            && !self.before_body
            && !self.out.is_empty()
        {
            self.out.push(c);
        }
    }

    /// Copies the tag starting at `start` with its attributes' whitespace normalised; returns
    /// where it ends. The content of `VERBATIM` elements is copied as it is.
    fn tag(&mut self, start: usize, name_at: usize, closing: bool) -> usize {
        let n = self.bytes.len();
        let mut i = name_at;
        while i < n && !is_html_space(self.bytes[i]) && !matches!(self.bytes[i], b'>' | b'/') {
            i += 1;
        }
        let name = &self.src[name_at..i];
        let is = |names: &[&str]| names.iter().any(|t| t.eq_ignore_ascii_case(name));
        // Written straight to the output (no copy per tag: pages have hundreds); an
        // unterminated tag is taken back and copied as it was.
        self.flush_space();
        let tag_at = self.out.len();
        self.out.push_str(&self.src[start..i]);
        loop {
            while i < n && is_html_space(self.bytes[i]) {
                i += 1;
            }
            if i >= n {
                self.out.truncate(tag_at);
                self.out.push_str(&self.src[start..]);
                return n;
            }
            match self.bytes[i] {
                b'>' => {
                    self.out.push('>');
                    i += 1;
                    break;
                }
                b'/' if self.bytes.get(i + 1) == Some(&b'>') => {
                    self.out.push_str("/>");
                    i += 2;
                    break;
                }
                _ => {}
            }
            // An attribute: a name, then optionally `=` and a value.
            let name_start = i;
            i += 1;
            while i < n && !is_html_space(self.bytes[i]) && !matches!(self.bytes[i], b'>' | b'=') {
                if self.bytes[i] == b'/' && self.bytes.get(i + 1) == Some(&b'>') {
                    break;
                }
                i += 1;
            }
            self.out.push(' ');
            self.out.push_str(&self.src[name_start..i]);
            let mut j = i;
            while j < n && is_html_space(self.bytes[j]) {
                j += 1;
            }
            if j < n && self.bytes[j] == b'=' {
                j += 1;
                while j < n && is_html_space(self.bytes[j]) {
                    j += 1;
                }
                let value_start = j;
                match self.bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j = match self.src[j + 1..].find(q as char) {
                            Some(e) => j + 1 + e + 1,
                            None => n,
                        };
                    }
                    _ => {
                        while j < n && !is_html_space(self.bytes[j]) && self.bytes[j] != b'>' {
                            j += 1;
                        }
                    }
                }
                self.out.push('=');
                self.out.push_str(&self.src[value_start..j]);
                i = j;
            }
        }
        if !closing && (name.eq_ignore_ascii_case("body") || !is(HEAD_TAGS)) {
            self.before_body = false;
        }
        if !closing && name.eq_ignore_ascii_case("title") {
            // Browsers show a title with its whitespace collapsed and trimmed.
            let end = find_ascii_ci(&self.src[i..], "</title").map_or(n, |e| i + e);
            let mut first = true;
            for word in self.src[i..end]
                .split(|c: char| c.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
            {
                if !first {
                    self.out.push(' ');
                }
                self.out.push_str(word);
                first = false;
            }
            return end;
        }
        if !closing && is(VERBATIM) && !self.out.ends_with("/>") {
            let close = format!("</{}", name.to_ascii_lowercase());
            let end = find_ascii_ci(&self.src[i..], &close).map_or(n, |e| i + e);
            self.out.push_str(&self.src[i..end]);
            return end;
        }
        i
    }
}

/// Minifies an HTML template's own text, so that the pages it renders come out minified
/// without a pass over every page: each run of whitespace becomes one character, as `html`
/// would make it (a newline if the run had one). What the template prints is not touched, nor
/// Tera tags, quoted attribute values, comments or the content of `VERBATIM` elements.
///
/// Returns the template and where it was cut: (offset in the result, bytes removed before
/// it), for [`original_offset`] to map an error's position back to the file.
pub fn template(src: &str) -> (String, Vec<(usize, usize)>) {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n);
    let mut cuts = Vec::new();
    let mut removed = 0;
    // `src[copied..i]` is still to be copied as it is.
    let mut copied = 0;
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b'{' && matches!(b.get(i + 1), Some(b'{' | b'%' | b'#')) {
            i = tera_tag_end(b, i);
            continue;
        }
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if is_html_space(c) {
            let start = i;
            while i < n && is_html_space(b[i]) {
                i += 1;
            }
            let keep = if b[start..i].contains(&b'\n') {
                '\n'
            } else {
                ' '
            };
            if i - start > 1 || c != keep as u8 {
                out.push_str(&src[copied..start]);
                out.push(keep);
                copied = i;
                removed += i - start - 1;
                cuts.push((out.len(), removed));
            }
            continue;
        }
        if in_tag {
            match c {
                b'"' | b'\'' => quote = Some(c),
                b'>' => in_tag = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if c == b'<' {
            if src[i..].starts_with("<!--") {
                i = src[i + 4..].find("-->").map_or(n, |e| i + 4 + e + 3);
                continue;
            }
            let name_at = if b.get(i + 1) == Some(&b'/') {
                i + 2
            } else {
                i + 1
            };
            if b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
                let mut end = name_at;
                while end < n && b[end].is_ascii_alphanumeric() {
                    end += 1;
                }
                let name = &src[name_at..end];
                if name_at == i + 1 && VERBATIM.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                    let close = format!("</{}", name.to_ascii_lowercase());
                    i = find_ascii_ci(&src[end..], &close).map_or(n, |e| end + e);
                    continue;
                }
                in_tag = true;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&src[copied..]);
    (out, cuts)
}

/// Where a Tera tag (`{{ }}`, `{% %}`, `{# #}`) starting at `start` ends; strings in it may
/// hold the closing characters.
fn tera_tag_end(b: &[u8], start: usize) -> usize {
    let close = match b[start + 1] {
        b'{' => b'}',
        b'%' => b'%',
        _ => b'#',
    };
    let mut i = start + 2;
    let mut string: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match string {
            Some(q) if c == q => string = None,
            Some(_) => {}
            None if close != b'#' && matches!(c, b'"' | b'\'' | b'`') => string = Some(c),
            None if c == close && b.get(i + 1) == Some(&b'}') => return i + 2,
            None => {}
        }
        i += 1;
    }
    b.len()
}

/// The offset in the original template of `offset` in the one `template` made of it.
pub fn original_offset(cuts: &[(usize, usize)], offset: usize) -> usize {
    match cuts.partition_point(|&(at, _)| at <= offset) {
        0 => offset,
        k => offset + cuts[k - 1].1,
    }
}

/// The byte offset of `needle` (ASCII, lowercase) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let nd = needle.as_bytes();
    if nd.len() > h.len() {
        return None;
    }
    (0..=h.len() - nd.len()).find(|&i| h[i..i + nd.len()].eq_ignore_ascii_case(nd))
}

// ---------------------------------------------------------------------------------------------
// CSS

/// Minifies a stylesheet.
pub fn css(input: &str) -> String {
    let b = input.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n);
    let mut space = false;
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = input[i + 2..].find("*/").map_or(n, |e| i + 2 + e + 2);
            if b.get(i + 2) == Some(&b'!') {
                css_push(&mut out, &mut space, &input[i..end]);
            } else {
                space = true;
            }
            i = end;
            continue;
        }
        if c.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if c == b'"' || c == b'\'' {
            let end = css_string_end(b, i);
            css_push(&mut out, &mut space, &input[i..end]);
            i = end;
            continue;
        }
        if (c == b'u' || c == b'U')
            && input
                .get(i..i + 4)
                .is_some_and(|s| s.eq_ignore_ascii_case("url("))
            && !out.bytes().last().is_some_and(is_css_name_byte)
        {
            // url(…): an unquoted address is kept whole; a quoted one is a string.
            let mut j = i + 4;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let end = if matches!(b.get(j), Some(b'"' | b'\'')) {
                let s = css_string_end(b, j);
                input[s..].find(')').map_or(n, |e| s + e + 1)
            } else {
                input[j..].find(')').map_or(n, |e| j + e + 1)
            };
            css_push(&mut out, &mut space, &input[i..end]);
            i = end;
            continue;
        }
        let ch_len = utf8_len(c);
        let ch = &input[i..i + ch_len];
        if c == b'}' && out.ends_with(';') {
            out.pop();
        }
        if space {
            let after = out.bytes().last();
            let drop = after.is_none()
                || after.is_some_and(|a| matches!(a, b'{' | b'}' | b';' | b',' | b':' | b'>'))
                || matches!(c, b'{' | b'}' | b';' | b',' | b'>' | b')');
            if !drop {
                out.push(' ');
            }
            space = false;
        }
        out.push_str(ch);
        i += ch_len;
    }
    out
}

fn css_push(out: &mut String, space: &mut bool, s: &str) {
    if *space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':', '>', '(']) {
        out.push(' ');
    }
    *space = false;
    out.push_str(s);
}

fn is_css_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80
}

/// The end (exclusive) of the CSS string starting with a quote at `start`.
fn css_string_end(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            x if x == q => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

// ---------------------------------------------------------------------------------------------
// JavaScript

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
    fn templates_lose_their_whitespace_but_not_what_they_print() {
        let src = "<ul>\n    {%- for x in xs %}\n    <li   class=\"a  b\">{{ x | join(sep=\",  \") }}</li>\n  {% endfor %}\n</ul>\n<pre>\n  keep\n</pre>  <!-- a  b -->  x";
        let (out, cuts) = template(src);
        assert_eq!(
            out,
            "<ul>\n{%- for x in xs %}\n<li class=\"a  b\">{{ x | join(sep=\",  \") }}</li>\n{% endfor %}\n</ul>\n<pre>\n  keep\n</pre> <!-- a  b --> x"
        );
        // Every byte that is left maps back to the same byte of the original.
        for (k, ch) in out.char_indices() {
            let o = original_offset(&cuts, k);
            assert_eq!(src[o..].chars().next(), Some(ch), "offset {k} → {o}");
        }
        // Idempotent, and a template without runs of whitespace is left as it is.
        assert_eq!(template(&out).0, out);
        assert!(template("<p>{{ a }} b</p>").1.is_empty());
    }

    #[test]
    fn html_collapses_whitespace_and_keeps_inline_spacing() {
        let src = "<!doctype html>\n<html lang=\"sv\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>  Rubrik\n  </title>\n</head>\n<body>\n  <p>En <a   href=\"/a/\"\n     class=\"x\">länk</a> och   <b>fet</b>.</p>\n  <!-- a comment -->\n  <ul>\n    <li>ett</li>\n    <li>två</li>\n  </ul>\n</body>\n</html>\n";
        let out = html(src);
        assert_eq!(
            out,
            "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Rubrik</title></head><body>\n<p>En <a href=\"/a/\" class=\"x\">länk</a> och <b>fet</b>.</p>\n<ul>\n<li>ett</li>\n<li>två</li>\n</ul>\n</body>\n</html>\n"
        );
        assert_eq!(html(&out), out, "idempotent");
    }

    #[test]
    fn html_keeps_pre_textarea_script_style_and_attribute_values() {
        let src = "<body><pre><code>a\n    b  <span>c</span>\n</code></pre>\n\n<textarea>  x\n y</textarea><script type=\"module\" src=\"/a.js\"></script><style>a  { }</style><p title=\"  two  spaces \n and > arrow\">x</p><PRE>  keep </PRE></body>";
        let out = html(src);
        assert!(
            out.contains(
                "<pre><code>a\n    b  <span>c</span>\n</code></pre>\n<textarea>  x\n y</textarea>"
            ),
            "{out}"
        );
        assert!(out.contains("<style>a  { }</style>"), "{out}");
        assert!(
            out.contains("title=\"  two  spaces \n and > arrow\""),
            "{out}"
        );
        assert!(out.contains("<PRE>  keep </PRE>"), "{out}");
    }

    #[test]
    fn html_leaves_text_with_a_lone_less_than_and_broken_markup_alone() {
        assert_eq!(html("<p>a < b  c</p>"), "<p>a < b c</p>");
        assert_eq!(html("<p>x <!-- never closed"), "<p>x <!-- never closed");
        assert_eq!(html("<p>x <a href=\"y"), "<p>x <a href=\"y");
        assert_eq!(
            html("<br />  <img src=x alt=''  >"),
            "<br/> <img src=x alt=''>"
        );
        assert_eq!(html("a&nbsp; \u{a0} b"), "a&nbsp; \u{a0} b");
    }

    #[test]
    fn css_drops_comments_and_spaces_that_separate_nothing() {
        let src = "/* theme */\n.a ,\n.b > .c {\n  color : red;\n  margin: 0 auto ;\n}\n@media (min-width: 40em) and (max-width: 60em) {\n  a :hover { width: calc(100% - 2px); }\n}\n/*! license */\n.d::before { content: \"  {;}  \"; background: url( a b.png ) }\n";
        let out = css(src);
        assert_eq!(
            out,
            ".a,.b>.c{color :red;margin:0 auto}@media (min-width:40em) and (max-width:60em){a :hover{width:calc(100% - 2px)}}/*! license */ .d::before{content:\"  {;}  \";background:url( a b.png )}"
        );
        assert_eq!(css(&out), out, "idempotent");
    }

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
