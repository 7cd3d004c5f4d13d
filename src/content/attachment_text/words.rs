//! What an extractor gives: a document's text, word by word and of a bounded length, or why
//! it has none.

use std::sync::Arc;

/// Bytes of text kept of one file.
const MAX_TEXT: usize = 100_000;

/// Why a document's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a file of its format that can be read, or the reader failed inside: the reason,
    /// for `--verbose`.
    Damaged(String),
    Encrypted,
    /// Readable, but without text: a PDF of scanned pages, an empty document.
    NoText,
    TooLarge,
    /// Its packed text unpacks to more than this many bytes (a ZIP bomb, or a document of
    /// mostly markup).
    UnpackedTooLarge(u64),
    TimedOut,
}

/// The text an extractor gives, word by word: every run of white space (and every `gap`) one
/// space, and a line break (`line`) one `\n`, at most `MAX_TEXT` bytes.
#[derive(Default)]
pub(super) struct Words {
    text: String,
    /// A space is due before the next word.
    gap: bool,
    /// A line break is due before the next word (the search index keeps a document's lines
    /// apart: its title is not the first words of its first sentence).
    line: bool,
    full: bool,
}

impl Words {
    /// Adds text that may go on the word before it: a word split over two runs of a document
    /// stays one word.
    pub(super) fn push(&mut self, s: &str) {
        for c in s.chars() {
            if self.full {
                return;
            }
            if c.is_whitespace() {
                self.gap();
                continue;
            }
            let space = usize::from((self.gap || self.line) && !self.text.is_empty());
            if self.text.len() + space + c.len_utf8() > MAX_TEXT {
                self.full = true;
                return;
            }
            if space == 1 {
                self.text.push(if self.line { '\n' } else { ' ' });
            }
            self.gap = false;
            self.line = false;
            self.text.push(c);
        }
    }

    /// Adds text whose line breaks are kept (`\n`, one for any run of them), its other white
    /// space made one space.
    pub(super) fn push_lines(&mut self, s: &str) {
        for (i, part) in s.split('\n').enumerate() {
            if i > 0 {
                self.line = true;
            }
            self.push(part);
        }
    }

    /// Ends the word: a paragraph, a tab or a line break.
    pub(super) fn gap(&mut self) {
        self.gap = true;
    }

    /// Whether no more text is kept.
    pub(super) fn is_full(&self) -> bool {
        self.full
    }

    pub(super) fn finish(self) -> Result<Arc<str>, Problem> {
        if !self.text.chars().any(char::is_alphanumeric) {
            return Err(Problem::NoText);
        }
        Ok(self.text.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(parts: &[Option<&str>]) -> String {
        let mut w = Words::default();
        for p in parts {
            match p {
                Some(s) => w.push(s),
                None => w.gap(),
            }
        }
        w.text
    }

    #[test]
    fn words_are_joined_across_runs_and_parted_by_white_space_and_gaps() {
        assert_eq!(words(&[Some("Fisk"), Some("odlingen")]), "Fiskodlingen");
        assert_eq!(words(&[Some(" a \n\t b  "), Some("c")]), "a b c");
        assert_eq!(
            words(&[None, Some("a"), None, None, Some("b"), None]),
            "a b"
        );
    }

    #[test]
    fn line_breaks_are_kept_where_asked_for() {
        let mut w = Words::default();
        w.push_lines("Titel\n\nFörsta  raden\nfortsätter");
        w.gap();
        w.push_lines("\nSista");
        assert_eq!(w.text, "Titel\nFörsta raden\nfortsätter\nSista");
    }

    #[test]
    fn text_is_cut_at_the_limit_on_a_character() {
        let mut w = Words::default();
        while !w.is_full() {
            w.push("åäö ");
        }
        assert!(w.text.len() <= MAX_TEXT && w.text.len() > MAX_TEXT - 8);
        assert!(w.text.is_char_boundary(w.text.len()));
    }

    #[test]
    fn text_without_letters_or_digits_is_none() {
        let mut w = Words::default();
        w.push(" … – ");
        assert_eq!(w.finish(), Err(Problem::NoText));
    }
}
