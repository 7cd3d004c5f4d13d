//! A diagnostic as text, drawn by annotate-snippets (the renderer rustc uses): the message with
//! its code, each place with its source line underlined and labelled, then the hint and, with
//! `--verbose`, the programmer detail. Everything shown from the site (file names, source
//! lines, words of a message) passes `visible` first, so that no byte of it can steer the
//! terminal.

use std::borrow::Cow;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{Diagnostic, Place, Severity};
use crate::msg::Catalogue;

/// The diagnostic's own line, with the lines of the places a few lines from it in the same
/// file: one snippet, so that both underlines are seen together.
struct Block {
    first: usize,
    text: String,
    /// Byte range in `text`, and label, of each underline after the diagnostic's own.
    others: Vec<(std::ops::Range<usize>, Option<String>)>,
    own: std::ops::Range<usize>,
}

/// Whether a related place is drawn in its diagnostic's own snippet: near it, with lines short
/// enough to be shown whole.
fn fits(p: &Place) -> bool {
    p.near.is_some() && p.source_line.as_deref().is_some_and(short)
}

fn short(line: &str) -> bool {
    line.chars().count() <= MAX_SHOWN
}

impl Block {
    fn new(
        (line, column, width): (usize, usize, usize),
        source_line: &str,
        near: &[&Place],
        cat: &Catalogue,
    ) -> Block {
        if near.is_empty() {
            let (text, own) = shown_line(source_line, column, width);
            return Block {
                first: line,
                text,
                others: Vec::new(),
                own,
            };
        }
        // Every block holds the diagnostic's own line, so together they are one run of lines.
        let mut lines = std::collections::BTreeMap::new();
        for (first, text) in near.iter().filter_map(|p| p.near.as_ref()) {
            for (i, l) in text.lines().enumerate() {
                // Only the lines between are cut: the underlined ones are short.
                let l: String = if short(l) {
                    l.to_string()
                } else {
                    l.chars().take(MAX_SHOWN).chain(['…']).collect()
                };
                lines.insert(first + i, visible_source(&l).into_owned());
            }
        }
        let first = lines.keys().next().copied().unwrap_or(line);
        let mut starts = std::collections::HashMap::new();
        let mut text = String::new();
        for (n, l) in &lines {
            if !text.is_empty() {
                text.push('\n');
            }
            starts.insert(*n, text.len());
            text.push_str(l);
        }
        let span = |line: usize, column: usize, width: usize| {
            let start = starts.get(&line).copied().unwrap_or(0);
            let shown = lines.get(&line).map_or("", String::as_str);
            let (_, within) = span_in(shown, column, width);
            start + within.start..start + within.end
        };
        Block {
            first,
            own: span(line, column, width),
            others: near
                .iter()
                .map(|p| {
                    let label = p.label.as_ref().map(|m| visible(&cat.text(m)).into_owned());
                    (span(p.line, p.column, p.width), label)
                })
                .collect(),
            text,
        }
    }

    fn snippet<'a>(&'a self, file: &str, label: Option<&'a str>) -> Snippet<'a, Annotation<'a>> {
        Snippet::source(self.text.as_str())
            .line_start(self.first)
            .path(file.to_string())
            .annotation(AnnotationKind::Primary.span(self.own.clone()).label(label))
            .annotations(self.others.iter().map(|(span, label)| {
                AnnotationKind::Context
                    .span(span.clone())
                    .label(label.as_deref())
            }))
    }
}

impl Diagnostic {
    /// rustc-style text in the catalogue's language; `color` adds ANSI colours for a terminal.
    pub fn render(&self, cat: &Catalogue, color: bool) -> String {
        render(self, cat, color)
    }
}

fn render(d: &Diagnostic, cat: &Catalogue, color: bool) -> String {
    let (name, level) = match d.severity {
        Severity::Error => (cat.text(&crate::msg!("diag-error")), Level::ERROR),
        Severity::Warning => (cat.text(&crate::msg!("diag-warning")), Level::WARNING),
    };
    let message = cat.text(&d.message);
    let title = level
        .with_name(name.as_str())
        .primary_title(visible(&message))
        .id(d.code.as_str());
    let mut related: Vec<&Place> = d.related.iter().collect();
    let own_file = d.file.as_deref().map(visible);
    let own_label = d.label.as_ref().map(|m| visible(&cat.text(m)).into_owned());
    let block = own_file
        .as_ref()
        .and(d.source_line.as_ref())
        .filter(|_| d.line > 0)
        .map(|line| {
            let near: Vec<&Place> = if short(line) {
                related.iter().copied().filter(|p| fits(p)).collect()
            } else {
                Vec::new()
            };
            related.retain(|p| !near.contains(p));
            Block::new((d.line, d.column, d.width), line, &near, cat)
        });
    let mut group = Group::with_title(title);
    if let Some(file) = &own_file {
        group = match &block {
            Some(block) => group.element(block.snippet(file, own_label.as_deref())),
            None => group.element(Origin::path(file.as_ref())),
        };
    }
    for place in related {
        let file = visible(&place.file).into_owned();
        let label = place
            .label
            .as_ref()
            .map(|m| visible(&cat.text(m)).into_owned());
        group = match (&place.source_line, place.line) {
            (Some(line), 1..) => {
                let (text, span) = shown_line(line, place.column, place.width);
                group.element(
                    Snippet::source(text)
                        .line_start(place.line)
                        .path(file)
                        .annotation(AnnotationKind::Context.span(span).label(label)),
                )
            }
            // A whole file has no line to write its label under: it follows the name.
            _ => group.element(Origin::path(match label {
                Some(label) => format!("{file} ({label})"),
                None => file,
            })),
        };
    }
    let hint_name = cat.text(&crate::msg!("diag-hint"));
    let hint = d.hint.as_ref().map(|h| visible_lines(&cat.text(h)));
    if let Some(hint) = &hint {
        group = group.element(
            Level::HELP
                .with_name(hint_name.as_str())
                .message(hint.as_str()),
        );
    }
    let detail_name = cat.text(&crate::msg!("diag-detail"));
    let detail = d
        .detail
        .as_deref()
        .filter(|_| cat.is_verbose())
        .map(visible_lines);
    if let Some(detail) = &detail {
        group = group.element(
            Level::NOTE
                .with_name(detail_name.as_str())
                .message(detail.as_str()),
        );
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// The source line as shown (clipped around the column, made visible) and the byte range of
/// the underline within it.
fn shown_line(line: &str, column: usize, width: usize) -> (String, std::ops::Range<usize>) {
    let (text, column) = clip_line(line, column);
    span_in(&visible_source(&text), column, width)
}

/// `text`, and the byte range in it of `width` characters from the 1-based `column`.
fn span_in(text: &str, column: usize, width: usize) -> (String, std::ops::Range<usize>) {
    let byte_at = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    };
    let start = byte_at(column.saturating_sub(1));
    let end = byte_at(column.saturating_sub(1) + width.max(1)).max(start);
    (text.to_string(), start..end)
}

/// Each line of a hint or detail made visible; its own line breaks stay line breaks.
fn visible_lines(text: &str) -> String {
    text.split('\n').map(visible).collect::<Vec<_>>().join("\n")
}

/// At most `MAX_SHOWN` characters of a line around a 1-based column, marked with `…` where cut;
/// returns the text and the column within it.
fn clip_line(line: &str, column: usize) -> (Cow<'_, str>, usize) {
    if line.len() <= MAX_SHOWN {
        return (Cow::Borrowed(line), column);
    }
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX_SHOWN {
        return (Cow::Borrowed(line), column);
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(MAX_SHOWN / 2);
    let end = (start + MAX_SHOWN).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let mut col = at - start + 1;
    if start > 0 {
        text.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        text.push('…');
    }
    (Cow::Owned(text), col)
}

/// The most characters of a source line shown; longer lines are cut around the column.
const MAX_SHOWN: usize = 120;

/// Characters that would move the terminal's cursor, change its colours or reorder the text
/// around them.
fn hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character as its visible picture (`␛` for ESC, `␊` for a line
/// feed), one character for one so that underlines stay aligned.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    text.chars().map(picture).collect()
}

/// A source line as `visible` shows it, but with its tabs kept: the renderer widens them
/// itself, underline included.
fn visible_source(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\t' && hidden(c)) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if c == '\t' { c } else { picture(c) })
        .collect()
}

fn picture(c: char) -> char {
    match c {
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\x7f' => '\u{2421}',
        c if hidden(c) => '\u{FFFD}',
        c => c,
    }
}
