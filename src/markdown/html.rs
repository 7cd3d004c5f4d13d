//! The HTML the Markdown pass writes besides pulldown-cmark's own: code blocks (highlighted
//! or escaped), attribute escaping, the sanitiser's allowlist, and control characters left out.

use std::sync::OnceLock;

use super::highlight;

/// Removes from `html[start..]` the control characters HTML does not allow (NUL, escape
/// sequences, C1 codes; tabs, line breaks and form feeds stay): pasted into a page by mistake,
/// no reader can see them, and a validator rejects the page.
pub(super) fn leave_out_controls(html: &mut String, start: usize) {
    let allowed = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}');
    // Bytes that can start one: ASCII controls, DEL, and the lead byte of U+0080–U+00BF.
    let maybe = |b: &u8| {
        (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || *b == 0x7f || *b == 0xC2
    };
    if !html.as_bytes()[start..].iter().any(maybe) || html[start..].chars().all(allowed) {
        return;
    }
    let kept: String = html[start..].chars().filter(|&c| allowed(c)).collect();
    html.truncate(start);
    html.push_str(&kept);
}

pub(super) fn code_block_html(code: &str, lang: &str, highlight_code: bool) -> String {
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_attr(lang))
    };
    let inner = if highlight_code {
        highlight::highlight(code, lang)
    } else {
        None
    };
    // tabindex: a block wider than the column scrolls, and keyboard users must reach it to
    // scroll it (WCAG 2.1.1; axe's scrollable-region-focusable).
    let mut html = format!(
        "<pre{} tabindex=\"0\"><code{class}>",
        if inner.is_some() {
            " class=\"highlight\""
        } else {
            ""
        }
    );
    match inner {
        Some(h) => html.push_str(&h),
        None => {
            let _ = pulldown_cmark_escape::escape_html(&mut html, code);
        }
    }
    html.push_str("</code></pre>\n");
    html
}

/// Escapes text for HTML content and attribute values (`"`, `&`, `'`, `<`, `>`), with the escaper
/// pulldown-cmark writes its own HTML with.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// An allowlist that keeps what Markdown and this renderer produce, and drops scripts,
/// event handlers, styles and foreign embeds.
pub(super) fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes([
            "id",
            "class",
            "lang",
            "dir",
            "title",
            "aria-hidden",
            "aria-label",
            "role",
            "tabindex",
        ])
        .add_tags([
            "input",
            "figure",
            "figcaption",
            "section",
            "details",
            "summary",
            "abbr",
            "mark",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["scope"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .link_rel(None);
        b
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn attributes_escape_quotes_ampersands_and_angle_brackets() {
        assert_eq!(
            super::escape_attr("a\"b&c<d>e'f å"),
            "a&quot;b&amp;c&lt;d&gt;e&#39;f å"
        );
    }
}
