//! Minifying a Tera template's own text, and mapping offsets in the result back to the file.

use super::html::{VERBATIM, find_ascii_ci, is_html_space};

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
}
