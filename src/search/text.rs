//! The text of a page as the index keeps it: the Markdown pass's text, cut to a length.

/// Characters of plain text kept per page for snippets.
pub(super) const MAX_TEXT: usize = 20_000;

/// `text` cut to at most `max` characters, at a word boundary.
pub(super) fn cap_text(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    match text.char_indices().nth(max) {
        Some((cut, _)) => &text[..text[..cut].rfind(' ').unwrap_or(cut)],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_at_a_word_boundary() {
        assert_eq!(cap_text("en två tre", 20), "en två tre");
        assert_eq!(cap_text("en två tre", 8), "en två");
        assert_eq!(cap_text("åäöåäö", 3), "åäö");
        assert_eq!(cap_text("en två", 6), "en två");
    }
}
