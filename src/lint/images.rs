//! Images written as raw HTML: an `<img>` needs an `alt` attribute.

use super::findings::Findings;
use super::run::Ctx;
use crate::content::model::SourceFile;
use crate::diag::{Diagnostic, Severity};

impl Ctx<'_> {
    /// `<img>` tags in raw HTML without an `alt` attribute.
    pub(super) fn html_images(&self, src: &SourceFile, at: usize, html: &str, out: &mut Findings) {
        let lower = html.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find("<img").map(|i| i + from) {
            from = i + 4;
            let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
            if html_img_alt(&html[i..tag_end.min(html.len())]).is_none() {
                let m = &self.msg;
                out.push_with("alt", Severity::Error, || {
                    Diagnostic::error(m.text(
                        "check_html_image_no_alt",
                        "the <img> has no alt attribute",
                        &[],
                    ))
                    .at(&src.rel, &src.text, at + i, 4)
                    .hint(m.text(
                        "check_html_image_no_alt_hint",
                        "add alt=\"what the image shows\", or alt=\"\" if it is only decoration",
                        &[],
                    ))
                });
            }
        }
    }
}

/// Text of an HTML fragment without its tags.
pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The `alt` of an `<img …>` tag: `None` if it has none.
pub(super) fn html_img_alt(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let i = lower.find("<img")?;
    let rest = &lower[i..];
    let mut search = 0;
    while let Some(p) = rest[search..].find("alt").map(|p| p + search) {
        search = p + 3;
        let before = rest[..p].chars().next_back();
        let raw = &rest[p + 3..];
        // `data-alt` and `alternative` are other attributes.
        if !before.is_some_and(char::is_whitespace)
            || raw.starts_with(|c: char| c.is_alphanumeric() || c == '-')
        {
            continue;
        }
        let Some(v) = raw.trim_start().strip_prefix('=') else {
            // A bare `alt` attribute is an empty one.
            return Some(String::new());
        };
        let v = v.trim_start();
        let value = match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v.split([' ', '>', '/']).next().unwrap_or(""),
        };
        return Some(value.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn img_alt_is_read_from_html() {
        assert_eq!(html_img_alt("<img src=\"a.png\">"), None);
        assert_eq!(
            html_img_alt("<IMG ALT=\"Karta\" src=a.png>").as_deref(),
            Some("karta")
        );
        assert_eq!(html_img_alt("<img alt src=a.png>").as_deref(), Some(""));
        assert_eq!(html_img_alt("<img data-alt=\"x\" src=a.png>"), None);
    }
}
