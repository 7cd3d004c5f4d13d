//! Collects, during the one Markdown pass, what later stages read of a page besides its HTML:
//! the text a reader sees, block by block (the search index and its snippets), the headings,
//! links and images with where they stand in the file (the lints, `check --external`), and
//! where raw HTML is (the lints' image check).
//!
//! The text is what the rendered HTML shows: tags left out, and with them the content of
//! `script`, `style` and `template` elements and of elements marked `aria-hidden="true"`,
//! entities of raw HTML decoded, a space where a block starts or ends, whitespace collapsed.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::model::{BlockKind, HeadingFact, LinkFact, MarkdownFacts, TextBlock};
use crate::text::swar;

/// A link or image whose end has not been seen yet.
struct OpenLink {
    image: bool,
    dest: String,
    /// Byte range of the whole link in the body.
    range: Range<usize>,
    text: String,
}

/// A block whose end has not been seen yet: its kind, where its text starts, and whether a
/// block inside it already holds its text (a loose list item's paragraphs).
struct OpenBlock {
    kind: BlockKind,
    start: u32,
    has_inner: bool,
    /// Bytes of link text in it so far.
    linked: u32,
}

thread_local! {
    static SCRATCH: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// The largest text buffer a thread keeps for its next page.
const MAX_SCRATCH: usize = 1 << 20;

pub struct Collector<'a> {
    body: &'a str,
    /// Where the body starts in the file.
    base: usize,
    facts: MarkdownFacts,
    /// The page's text so far (`PageText::text` once finished).
    page_text: String,
    links: Vec<OpenLink>,
    blocks: Vec<OpenBlock>,
    /// Inside an image: its words are its alt text, not part of the page's text.
    images: usize,
    /// Raw HTML of the current HTML block, handled whole at its end (a tag may span lines).
    html_block: String,
    /// While inside a hidden raw HTML element: its name and how deep.
    skipping: Option<(String, usize)>,
    /// Footnote label → its number, in order of first mention, as the HTML numbers them.
    footnotes: HashMap<String, usize>,
    /// A table row has begun and its first cell is still to come.
    row_start: bool,
}

impl<'a> Collector<'a> {
    pub fn new(body: &'a str, base: usize) -> Collector<'a> {
        // The text is collected in a buffer of the thread's own that outlives the page, and
        // copied to where it is kept once whole: no allocation per page.
        let mut text = SCRATCH.take();
        text.clear();
        Collector {
            body,
            base,
            facts: MarkdownFacts::default(),
            page_text: text,
            links: Vec::new(),
            blocks: Vec::new(),
            images: 0,
            html_block: String::new(),
            skipping: None,
            footnotes: HashMap::new(),
            row_start: false,
        }
    }

    /// Takes an event as the parser gave it, before the HTML stage changes it. Text comes
    /// through `text` instead, as the page shows it (its quotation marks localised).
    pub fn event(&mut self, event: &Event, range: &Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(*tag),
            Event::Code(t) => self.text(t),
            Event::SoftBreak => self.text("\n"),
            Event::HardBreak | Event::Rule => self.separate(),
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(label);
                self.text(&n.to_string());
            }
            Event::Html(h) => {
                self.html_block.push_str(h);
                self.raw_html(range);
            }
            Event::InlineHtml(h) => {
                self.link_text_of_html(h);
                self.raw_html(range);
                self.html(h);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag, range: &Range<usize>) {
        match tag {
            Tag::Paragraph => self.open(BlockKind::Paragraph),
            Tag::Heading { level, .. } => {
                let level = *level as u8;
                self.facts.headings.push(HeadingFact {
                    level,
                    id: String::new(),
                    offset: self.base + range.start,
                    width: first_line_len(&self.body[range.clone()]),
                });
                self.open(BlockKind::Heading(level));
            }
            Tag::Item => self.open(BlockKind::ListItem),
            Tag::TableCell => {
                let first = std::mem::take(&mut self.row_start);
                self.open(BlockKind::TableCell { first });
            }
            Tag::CodeBlock(_) => self.open(BlockKind::Code),
            Tag::TableHead | Tag::TableRow => {
                self.row_start = true;
                self.separate();
            }
            Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_) | Tag::HtmlBlock => self.separate(),
            Tag::FootnoteDefinition(label) => {
                self.separate();
                let n = self.footnote_number(label);
                self.text(&n.to_string());
            }
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                let image = matches!(tag, Tag::Image { .. });
                if image {
                    self.separate();
                    self.images += 1;
                }
                self.links.push(OpenLink {
                    image,
                    dest: dest_url.to_string(),
                    range: range.clone(),
                    text: String::new(),
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock => self.close(),
            TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::FootnoteDefinition => self.separate(),
            TagEnd::HtmlBlock => {
                let html = std::mem::take(&mut self.html_block);
                self.link_text_of_html(&html);
                self.html(&html);
                self.separate();
            }
            TagEnd::Link | TagEnd::Image => {
                let Some(link) = self.links.pop() else { return };
                if link.image {
                    self.images = self.images.saturating_sub(1);
                    self.separate();
                }
                // An image's alt text is also the text of a link around it.
                if let Some(outer) = self.links.last_mut() {
                    outer.text.push_str(&link.text);
                }
                let slice = &self.body[link.range.clone()];
                let (dest_offset, dest_len) = match (!link.dest.is_empty())
                    .then(|| slice.rfind(link.dest.as_str()))
                    .flatten()
                {
                    // The last occurrence: the link's text comes first.
                    Some(p) => (link.range.start + p, link.dest.len()),
                    // A reference link: its first line.
                    None => (link.range.start, first_line_len(slice)),
                };
                self.facts.links.push(LinkFact {
                    image: link.image,
                    dest: link.dest,
                    text: link.text,
                    offset: self.base + link.range.start,
                    width: first_line_len(slice),
                    end: self.base + link.range.end,
                    dest_offset: self.base + dest_offset,
                    dest_len,
                });
            }
            _ => {}
        }
    }

    /// Text as the page shows it.
    pub fn text(&mut self, t: &str) {
        if let Some(link) = self.links.last_mut() {
            link.text.push_str(t);
        }
        if self.images == 0 && self.skipping.is_none() {
            let before = self.page_text.len();
            push_collapsed(&mut self.page_text, t);
            if self.links.last().is_some_and(|l| !l.image)
                && let Some(b) = self.blocks.last_mut()
            {
                b.linked += (self.page_text.len() - before) as u32;
            }
        }
    }

    /// The id the HTML stage gave the heading that just ended.
    pub fn heading_id(&mut self, id: &str) {
        if let Some(h) = self.facts.headings.last_mut() {
            h.id = id.to_string();
        }
    }

    /// The facts found, with the page's text appended to `texts` at the range returned
    /// (`PageText::text` is left empty for the caller to point at it).
    pub fn finish(mut self, texts: &mut String) -> (MarkdownFacts, Range<usize>) {
        let text = &mut self.page_text;
        text.truncate(text.trim_end().len());
        let len = text.len() as u32;
        let facts = &mut self.facts;
        for b in &mut facts.text.blocks {
            b.end = b.end.min(len);
            b.start = b.start.min(b.end);
        }
        facts.text.blocks.retain(|b| b.start < b.end);
        let start = texts.len();
        texts.push_str(text);
        let range = start..texts.len();
        // A hostile page's buffer is not kept for the pages after it.
        if text.capacity() <= MAX_SCRATCH {
            SCRATCH.set(std::mem::take(text));
        }
        // Every page's facts are held until the search index is written: no spare room.
        facts.text.blocks.shrink_to_fit();
        facts.headings.shrink_to_fit();
        facts.links.shrink_to_fit();
        facts.raw_html.shrink_to_fit();
        (self.facts, range)
    }

    fn raw_html(&mut self, range: &Range<usize>) {
        self.facts
            .raw_html
            .push((self.base + range.start, range.len()));
    }

    /// A link's text takes the words of raw HTML inside it, and an image with alt text counts
    /// as words too.
    fn link_text_of_html(&mut self, html: &str) {
        if let Some(link) = self.links.last_mut() {
            let words = strip_tags(html);
            if !words.trim().is_empty() {
                link.text.push_str(&words);
            }
            if html_img_alt(html).is_some_and(|alt| !alt.trim().is_empty()) {
                link.text.push_str("img");
            }
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// A space between blocks, unless there is one already (or no text yet).
    fn separate(&mut self) {
        let text = &mut self.page_text;
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    }

    fn open(&mut self, kind: BlockKind) {
        self.separate();
        if let Some(parent) = self.blocks.last_mut() {
            parent.has_inner = true;
        }
        self.blocks.push(OpenBlock {
            kind,
            start: self.page_text.len() as u32,
            has_inner: false,
            linked: 0,
        });
    }

    fn close(&mut self) {
        if let Some(b) = self.blocks.pop() {
            let text = &self.page_text;
            let end = text.trim_end().len() as u32;
            if !b.has_inner && end > b.start {
                self.facts.text.blocks.push(TextBlock {
                    kind: b.kind,
                    start: b.start,
                    end,
                    linked: b.linked,
                });
            }
        }
        self.separate();
    }

    /// The text of raw HTML: tags left out, hidden elements skipped, entities decoded.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.html_text(rest);
                return;
            };
            self.html_text(&rest[..lt]);
            rest = &rest[lt..];
            if let Some(comment) = rest.strip_prefix("<!--") {
                rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
                continue;
            }
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = rest[1..end].trim_end_matches('>');
            rest = &rest[end..];
            self.html_tag(tag);
        }
    }

    fn html_text(&mut self, raw: &str) {
        if self.skipping.is_some() || self.images > 0 || raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        push_collapsed(&mut self.page_text, &decoded);
    }

    fn html_tag(&mut self, tag: &str) {
        if tag.starts_with('!') || tag.starts_with('?') {
            return;
        }
        let closing = tag.starts_with('/');
        let bare = tag.trim_start_matches('/');
        let name_len = bare
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bare.len());
        let name = bare[..name_len].to_ascii_lowercase();
        let self_closing = tag.ends_with('/');
        if let Some((skip_name, depth)) = &mut self.skipping {
            if *skip_name == name {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skipping = None;
                    }
                } else if !self_closing {
                    *depth += 1;
                }
            }
            return;
        }
        let hidden = matches!(name.as_str(), "script" | "style" | "template")
            || tag.contains("aria-hidden=\"true\"");
        if !closing && hidden && !self_closing && !is_void(&name) {
            self.skipping = Some((name, 1));
            return;
        }
        if is_block(&name) {
            self.separate();
        }
    }
}

/// Appends `t` with every run of whitespace as one space, and none at the start of the text
/// or after a space. Every byte of every page passes here, so the bytes that need a look
/// (whitespace, and the lead bytes of Unicode spaces) are found sixteen at a time.
fn push_collapsed(out: &mut String, t: &str) {
    let bytes = t.as_bytes();
    let mut run = 0;
    // A space at the start counts as a second one after a space (or at the very start).
    let mut i = swar::next_special(bytes, 0, out.is_empty() || out.ends_with(' '));
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'&' || !swar::SPECIAL[usize::from(b)] {
            // `&` is text here; other bytes are marked only because the kernel's test is
            // wider than `SPECIAL`.
            i = swar::next_special(bytes, i + 1, false);
            continue;
        }
        let c = t[i..].chars().next().unwrap_or(' ');
        if !c.is_whitespace() {
            i = swar::next_special(bytes, i + c.len_utf8(), false);
            continue;
        }
        out.push_str(&t[run..i]);
        i += c.len_utf8();
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        // Spaces right after it are part of the same gap.
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        run = i;
        i = swar::next_special(bytes, i, false);
    }
    out.push_str(&t[run..]);
}

/// Entities of raw HTML as characters; an unknown one is left as written.
fn decode_entities(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('&') {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (c, len) = decode_entity(rest);
        out.push(c);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out.into()
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
        // A soft hyphen marks where a word may break: no break in the text.
        "shy" => Some('\u{200b}'),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match c {
        Some(c) => (c, end + 1),
        None => ('&', 1),
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "input" | "meta" | "link" | "wbr" | "source" | "col" | "area"
    )
}

/// Elements that start a new block of text (and `img`, which stands apart from the words).
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

fn first_line_len(s: &str) -> usize {
    s.find('\n').unwrap_or(s.len()).max(1)
}

/// The words of raw HTML: what is outside its tags.
pub fn strip_tags(html: &str) -> String {
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
pub fn html_img_alt(tag: &str) -> Option<String> {
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

    /// The plain definition, a character at a time.
    fn collapsed_slowly(before: &str, t: &str) -> String {
        let mut out = before.to_string();
        for c in t.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    }

    #[test]
    fn whitespace_collapses_as_one_space_a_character_at_a_time_would() {
        let pieces = [
            "ord",
            " ",
            "  ",
            "\n",
            "\t",
            "\r",
            "&",
            "å",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{1680}",
            "x y",
            "abcdefghijklmnopqrstuvwxyz",
        ];
        // Every sequence of up to four pieces, long enough to cross the kernel's blocks.
        let mut cases = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for c in &cases {
                for p in pieces {
                    next.push(format!("{c}{p}"));
                }
            }
            cases.extend(next);
        }
        for before in ["", "ett", "ett "] {
            for t in &cases {
                let mut out = before.to_string();
                push_collapsed(&mut out, t);
                assert_eq!(out, collapsed_slowly(before, t), "{before:?} + {t:?}");
            }
        }
    }
}
