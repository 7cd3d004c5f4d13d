//! Minifying a stylesheet. Hand-written rather than lightningcss: see BENCHMARKS.md, "Minifiers".

use super::js::utf8_len;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
