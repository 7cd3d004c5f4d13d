//! Plain text of a page's HTML, for the index and for the snippets shown with results.

use crate::text::swar;

/// Characters of plain text kept per page for snippets.
const MAX_TEXT: usize = 20_000;

/// Plain text of rendered HTML: tags removed (the content of `script`, `style` and elements
/// hidden with `aria-hidden="true"` too), entities decoded, block elements separated by a
/// space, whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    // Never longer than the HTML (a tag becomes a space at most, an entity one character):
    // one allocation instead of one per doubling.
    let mut text = String::with_capacity(html.len());
    let out = &mut text;
    // While skipping an element: its name and how deep we are in elements of that name.
    let mut skipping: Option<(String, usize)> = None;
    let skip = &mut skipping;
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            if skip.is_none() {
                push_text(out, &html[text_start..i]);
            }
            let end = match swar::find_byte(bytes, i, b'>') {
                Some(e) => e + 1,
                None => bytes.len(),
            };
            let tag = &html[i + 1..end.saturating_sub(1).max(i + 1)];
            i = end;
            text_start = end;
            if tag.starts_with('!') || tag.starts_with('?') {
                if tag.starts_with("!--") && !tag.ends_with("--") {
                    // A comment with `>` inside: skip to its real end.
                    if let Some(e) = html[i..].find("-->") {
                        i += e + 3;
                        text_start = i;
                    }
                }
                continue;
            }
            let closing = tag.starts_with('/');
            let bare = tag.trim_start_matches('/');
            let name_len = bare
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bare.len());
            let name = &bare[..name_len];
            if let Some((skip_name, depth)) = skip {
                if skip_name.eq_ignore_ascii_case(name) {
                    if closing {
                        *depth -= 1;
                        if *depth == 0 {
                            *skip = None;
                        }
                    } else if !tag.ends_with('/') {
                        *depth += 1;
                    }
                }
                continue;
            }
            let name: std::borrow::Cow<str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                name.to_ascii_lowercase().into()
            } else {
                name.into()
            };
            if !closing
                && (name == "script" || name == "style" || name == "template" || hidden(tag))
                && !tag.ends_with('/')
                && !is_void(&name)
            {
                *skip = Some((name.into_owned(), 1));
                continue;
            }
            if is_block(&name) && !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            // On to the next tag.
            i = swar::find_byte(bytes, i, b'<').unwrap_or(bytes.len());
        }
    }
    if skip.is_none() {
        push_text(out, &html[text_start..]);
    }
    // The text, trailing whitespace removed.
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text
}

/// A page's text for the index and its snippets: `html_to_text`, cut to the length kept.
pub(super) fn page_text(html: &str) -> String {
    cap_text(html_to_text(html), MAX_TEXT)
}

/// Whether a tag has `aria-hidden="true"`.
fn hidden(tag: &str) -> bool {
    static ATTR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("aria-hidden=\"true\""));
    tag.len() >= ATTR.needle().len() && ATTR.find(tag.as_bytes()).is_some()
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "input" | "meta" | "link" | "wbr" | "source" | "col" | "area"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "img"
    )
}

/// Appends text between tags, decoding entities and collapsing whitespace.
fn push_text(out: &mut String, raw: &str) {
    let bytes = raw.as_bytes();
    let mut run = 0;
    // A space at the start counts as a second one after a space (or at the very start).
    let mut i = swar::next_special(bytes, 0, out.is_empty() || out.ends_with(' '));
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b == b'&' {
            decode_entity(&raw[i..])
        } else if !swar::SPECIAL[usize::from(b)] {
            // Marked only because `swar::text_masks` takes in more than `swar::SPECIAL`.
            i = swar::next_special(bytes, i + 1, false);
            continue;
        } else {
            let c = raw[i..].chars().next().unwrap_or(' ');
            if !c.is_whitespace() {
                i = swar::next_special(bytes, i + c.len_utf8(), false);
                continue;
            }
            (c, c.len_utf8())
        };
        out.push_str(&raw[run..i]);
        i += len;
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            // Spaces right after it are part of the same gap.
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
        } else {
            out.push(c);
        }
        run = i;
        i = swar::next_special(bytes, i, false);
    }
    out.push_str(&raw[run..]);
}

/// The character of an entity at the start of `s` and its length; `&` alone if unknown.
fn decode_entity(s: &str) -> (char, usize) {
    let Some(end) = s.bytes().take(12).position(|b| b == b';') else {
        return ('&', 1);
    };
    let name = &s[1..end];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "shy" => Some('\u{ad}'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match c {
        Some('\u{ad}') => ('\u{200b}', end + 1),
        Some(c) => (c, end + 1),
        None => ('&', 1),
    }
}

/// Cuts `text` to at most `max` characters, at a word boundary.
fn cap_text(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    if let Some((cut, _)) = text.char_indices().nth(max) {
        let at = text[..cut].rfind(' ').unwrap_or(cut);
        text.truncate(at);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        let html = "<h2 id=\"a\">Vad är det? <a class=\"heading-anchor\" href=\"#a\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n<p>Bro<em>byggare</em> &amp; skola&nbsp;i <a href=\"/x/\">Borås</a>.</p><script>var x = 1;</script><ul><li>ett</li><li>två</li></ul><!-- a > b -->slut";
        assert_eq!(
            html_to_text(html),
            "Vad är det? Brobyggare & skola i Borås. ett två slut"
        );
        assert_eq!(html_to_text("a &#229; &#xE4; &bogus; &"), "a å ä &bogus; &");
        assert_eq!(html_to_text("&quot;En fråga&quot;"), "\"En fråga\"");
    }

    /// `push_text` as it was first written: one byte at a time.
    fn push_text_slowly(out: &mut String, raw: &str) {
        let bytes = raw.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Only `&`, ASCII whitespace and the lead bytes of Unicode spaces need a look.
            if !swar::SPECIAL[usize::from(b)] {
                i += 1;
                continue;
            }
            // A single space between two words stays as it is: no copy for each word.
            if b == b' '
                && i > run
                && !swar::SPECIAL[usize::from(bytes[i - 1])]
                && bytes
                    .get(i + 1)
                    .is_some_and(|&n| !swar::SPECIAL[usize::from(n)])
            {
                i += 1;
                continue;
            }
            let (c, len) = if b == b'&' {
                decode_entity(&raw[i..])
            } else {
                let c = raw[i..].chars().next().unwrap_or(' ');
                if !c.is_whitespace() {
                    i += c.len_utf8();
                    continue;
                }
                (c, c.len_utf8())
            };
            out.push_str(&raw[run..i]);
            i += len;
            run = i;
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        out.push_str(&raw[run..]);
    }

    #[test]
    fn text_is_collapsed_sixteen_bytes_at_a_time_as_one_by_one() {
        let pieces = [
            "a", "bc", " ", "  ", "\n", "\t", "\r", "\x0b", "\x0c", "&amp;", "&nbsp;", "&#xE4;",
            "&bogus", "&", "å", "ä", "\u{a0}", "\u{85}", "\u{2003}", "\u{3000}", "\u{1680}", "–",
            "”", "§", "\u{e000}", "東", ";", "x y", "ordet",
        ];
        // A deterministic walk through many mixes of the pieces, at every offset of a block.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = 1 + next(14);
            let raw: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            for before in ["", "x", "x "] {
                let mut fast = before.to_string();
                let mut slow = before.to_string();
                push_text(&mut fast, &raw);
                push_text_slowly(&mut slow, &raw);
                assert_eq!(fast, slow, "{before:?} + {raw:?}");
            }
        }
    }
}
