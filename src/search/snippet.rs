//! The text a page's snippets are cut from: its blocks (paragraphs, headings, list items,
//! table rows) from the Markdown pass, one a line, each led by a mark of its kind, without
//! code, without lists of links (navigation such as "Läs mer") and without headings left with
//! nothing under them. A table row is one line, its cells apart (` · `), so that a snippet
//! never runs the cells of two rows together. The client picks the best sentence or two from
//! it; the index counts the same text.

use crate::content::model::{BlockKind, TextBlock};

/// The mark that leads each line: what kind of block it is. None is a letter or a digit, so
/// the words of the text are the same with the marks as without.
fn mark(kind: BlockKind) -> Option<char> {
    match kind {
        BlockKind::Paragraph => Some('.'),
        BlockKind::Heading(_) => Some('#'),
        BlockKind::ListItem => Some('-'),
        BlockKind::TableCell { .. } => Some('|'),
        BlockKind::Code => None,
    }
}

/// Whether a block (or a row of cells) is a link and little else: at least this share of its
/// text is link text.
fn is_navigation(len: u32, linked: u32, heading: bool) -> bool {
    !heading && len > 0 && u64::from(linked) * 10 >= u64::from(len) * 6
}

/// Between the cells of a row.
const CELL_GAP: &str = " · ";

/// One line of the snippet text: its mark, its parts (a row's cells, else one), whether it
/// is a heading, and how much of it is link text.
struct Line<'t> {
    mark: char,
    parts: Vec<&'t str>,
    heading: bool,
    len: u32,
    linked: u32,
}

/// The page's text as snippet lines; `text` whole as one paragraph when it has no blocks
/// (a page of raw HTML).
pub(super) fn snippet_text(text: &str, blocks: &[TextBlock]) -> String {
    if blocks.is_empty() {
        let t = text.trim();
        return if t.is_empty() {
            String::new()
        } else {
            format!(".{}", t.replace('\n', " "))
        };
    }
    let mut lines: Vec<Line> = Vec::new();
    for b in blocks {
        let Some(m) = mark(b.kind) else { continue };
        let Some(s) = text.get(b.start as usize..b.end as usize).map(str::trim) else {
            continue;
        };
        let len = b.end.saturating_sub(b.start);
        // A cell after the first of its row goes on its row's line.
        if let (BlockKind::TableCell { first: false }, Some(row)) = (b.kind, lines.last_mut())
            && row.mark == '|'
        {
            if !s.is_empty() {
                row.parts.push(s);
            }
            row.len += len;
            row.linked += b.linked;
            continue;
        }
        lines.push(Line {
            mark: m,
            parts: if s.is_empty() { Vec::new() } else { vec![s] },
            heading: matches!(b.kind, BlockKind::Heading(_)),
            len,
            linked: b.linked,
        });
    }
    let kept: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.parts.is_empty() && !is_navigation(l.len, l.linked, l.heading))
        .collect();
    let mut out = String::with_capacity(text.len() + kept.len() * 2);
    for (i, line) in kept.iter().enumerate() {
        // A heading with nothing of its own under it ("Läs mer" above a list of links).
        if line.heading && kept.get(i + 1).is_none_or(|next| next.heading) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push(line.mark);
        for (k, cell) in line.parts.iter().enumerate() {
            if k > 0 {
                out.push_str(CELL_GAP);
            }
            for (j, part) in cell.split('\n').enumerate() {
                if j > 0 {
                    out.push(' ');
                }
                out.push_str(part);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: BlockKind, text: &str, all: &str, linked: u32) -> TextBlock {
        let start = all.find(text).expect("in the text") as u32;
        TextBlock {
            kind,
            start,
            end: start + text.len() as u32,
            linked,
        }
    }

    #[test]
    fn blocks_become_lines_without_navigation_code_or_empty_headings() {
        let all = "Om brobyggare Brobyggare arbetar. Se mer här. Läs mer Enskilt stöd i Borås let x = 1; Tabell Medlem Län Eskilstuna Södermanlands län";
        let blocks = [
            block(BlockKind::Heading(2), "Om brobyggare", all, 0),
            block(
                BlockKind::Paragraph,
                "Brobyggare arbetar. Se mer här.",
                all,
                3,
            ),
            block(BlockKind::Heading(2), "Läs mer", all, 0),
            block(BlockKind::ListItem, "Enskilt stöd i Borås", all, 21),
            block(BlockKind::Code, "let x = 1;", all, 0),
            block(BlockKind::Heading(2), "Tabell", all, 0),
            block(BlockKind::TableCell { first: true }, "Medlem", all, 0),
            block(BlockKind::TableCell { first: false }, "Län", all, 0),
            block(BlockKind::TableCell { first: true }, "Eskilstuna", all, 10),
            block(
                BlockKind::TableCell { first: false },
                "Södermanlands län",
                all,
                0,
            ),
        ];
        // Each row one line, its cells apart; a row whose first cell is a link is kept.
        assert_eq!(
            snippet_text(all, &blocks),
            "#Om brobyggare\n.Brobyggare arbetar. Se mer här.\n#Tabell\n|Medlem · Län\n|Eskilstuna · Södermanlands län"
        );
        assert_eq!(snippet_text(" Bara text\nhär ", &[]), ".Bara text här");
        assert_eq!(snippet_text("  ", &[]), "");
    }
}
