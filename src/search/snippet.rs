//! The text a page's snippets are cut from: its blocks (paragraphs, headings, list items,
//! table cells) from the Markdown pass, one a line, each led by a mark of its kind, without
//! code, without lists of links (navigation such as "Läs mer") and without headings left with
//! nothing under them. The client picks the best sentence or two from it; the index counts
//! the same text.

use crate::content::model::{BlockKind, TextBlock};

/// The mark that leads each line: what kind of block it is. None is a letter or a digit, so
/// the words of the text are the same with the marks as without.
fn mark(kind: BlockKind) -> Option<char> {
    match kind {
        BlockKind::Paragraph => Some('.'),
        BlockKind::Heading(_) => Some('#'),
        BlockKind::ListItem => Some('-'),
        BlockKind::TableCell => Some('|'),
        BlockKind::Code => None,
    }
}

/// Whether a block is a link and little else: at least this share of its text is link text.
fn is_navigation(b: &TextBlock) -> bool {
    let len = b.end.saturating_sub(b.start);
    !matches!(b.kind, BlockKind::Heading(_))
        && len > 0
        && u64::from(b.linked) * 10 >= u64::from(len) * 6
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
    let kept: Vec<(char, &str, bool)> = blocks
        .iter()
        .filter(|b| !is_navigation(b))
        .filter_map(|b| {
            let m = mark(b.kind)?;
            let s = text.get(b.start as usize..b.end as usize)?.trim();
            (!s.is_empty()).then_some((m, s, matches!(b.kind, BlockKind::Heading(_))))
        })
        .collect();
    let mut out = String::with_capacity(text.len() + kept.len() * 2);
    for (i, (m, s, heading)) in kept.iter().enumerate() {
        // A heading with nothing of its own under it ("Läs mer" above a list of links).
        if *heading && kept.get(i + 1).is_none_or(|next| next.2) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push(*m);
        for (j, part) in s.split('\n').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.push_str(part);
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
        let all = "Om brobyggare Brobyggare arbetar. Se mer här. Läs mer Enskilt stöd i Borås let x = 1; Tabell Medlem Borås";
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
            block(BlockKind::TableCell, "Medlem", all, 0),
            block(BlockKind::TableCell, "Borås", all, 0),
        ];
        assert_eq!(
            snippet_text(all, &blocks),
            "#Om brobyggare\n.Brobyggare arbetar. Se mer här.\n#Tabell\n|Medlem\n|Borås"
        );
        assert_eq!(snippet_text(" Bara text\nhär ", &[]), ".Bara text här");
        assert_eq!(snippet_text("  ", &[]), "");
    }
}
