//! Minifying a rendered HTML document.

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

pub(super) fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Elements whose content is copied as it is.
pub(super) const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];
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

/// The byte offset of `needle` (ASCII, lowercase) in `hay`, ignoring ASCII case.
pub(super) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let nd = needle.as_bytes();
    if nd.len() > h.len() {
        return None;
    }
    (0..=h.len() - nd.len()).find(|&i| h[i..i + nd.len()].eq_ignore_ascii_case(nd))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
