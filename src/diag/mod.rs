//! Problems found during a run, reported all at once in the style of rustc:
//! the file relative to the site, line and column, the source line with a caret, and a hint.
//!
//! Takes nothing of the other stages (every stage uses it); gives `Diagnostic`, each with a
//! stable `Code` (`code.rs`), `Diagnostics` for a run, their text rendering, and `timing`.

pub mod code;
pub mod render;
pub mod timing;

pub use code::Code;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::msg::{Catalogue, Message};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Whether a problem lies in the site's files (exit 1) or in how spindel was called (exit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Content,
    Usage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem this is; stable across releases, unlike the message.
    pub code: Code,
    pub severity: Severity,
    pub origin: Origin,
    /// What is wrong, in words the catalogue gives in the run's language.
    pub message: Message,
    /// Path relative to the site root, with `/` separators.
    pub file: Option<String>,
    /// 1-based; 0 when the problem concerns a whole file.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// Width of the caret underline, in characters.
    pub width: usize,
    pub source_line: Option<String>,
    /// How to fix it.
    pub hint: Option<Message>,
    /// Programmer detail (a parser's own words, a serde path), shown only with `--verbose`.
    pub detail: Option<String>,
    /// Said under the caret: what this place is to the problem.
    pub label: Option<Message>,
    /// Other places the problem involves: the first file of two that claim one URL, the first
    /// line of a key written twice.
    pub related: Vec<Place>,
}

/// A place in a file other than a diagnostic's own, with what it is to the problem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    /// 1-based; 0 when the file as a whole is meant.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// Width of the underline, in characters.
    pub width: usize,
    pub source_line: Option<String>,
    pub label: Option<Message>,
    /// When the place lies a few lines from the diagnostic's own in the same file: the first
    /// line number and the text of the lines from one to the other, drawn as one snippet.
    pub near: Option<(usize, String)>,
}

/// Lines farther apart than this are drawn as two snippets.
const NEAR_LINES: usize = 8;

/// Line, column and width (in characters) of `len` bytes at byte `offset` of `source`, and the
/// text of that line.
fn locate(source: &str, offset: usize, len: usize) -> (usize, usize, usize, String) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line_text = source[line_start..line_end].trim_end_matches('\r');
    let line = source[..line_start].matches('\n').count() + 1;
    let column = source[line_start..offset].chars().count() + 1;
    let end = floor_char_boundary(source, (offset + len.max(1)).min(line_end));
    let width = source[offset..end].chars().count().max(1);
    (line, column, width, line_text.to_string())
}

impl Diagnostic {
    pub fn error(code: Code, message: Message) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            origin: Origin::Content,
            message,
            file: None,
            line: 0,
            column: 0,
            width: 0,
            source_line: None,
            hint: None,
            detail: None,
            label: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: Code, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn usage(code: Code, message: Message) -> Self {
        Diagnostic {
            origin: Origin::Usage,
            ..Diagnostic::error(code, message)
        }
    }

    /// Names the file without pointing into it.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(display_path(file.as_ref()));
        self
    }

    /// Points at `len` bytes starting at byte `offset` of `source`, the text of `file`.
    pub fn at(mut self, file: impl AsRef<Path>, source: &str, offset: usize, len: usize) -> Self {
        let (line, column, width, text) = locate(source, offset, len);
        self.file = Some(display_path(file.as_ref()));
        (self.line, self.column, self.width) = (line, column, width);
        self.source_line = Some(text);
        self
    }

    /// Says under the caret what the place pointed at is to the problem.
    pub fn label(mut self, label: Message) -> Self {
        self.label = Some(label);
        self
    }

    /// Adds another place the problem involves: `len` bytes at byte `offset` of `source`, the
    /// text of `file`.
    pub fn also_at(
        mut self,
        file: impl AsRef<Path>,
        source: &str,
        offset: usize,
        len: usize,
        label: Message,
    ) -> Self {
        let (line, column, width, text) = locate(source, offset, len);
        let file = display_path(file.as_ref());
        let near = (self.file.as_deref() == Some(file.as_str())
            && self.line > 0
            && self.line.abs_diff(line) <= NEAR_LINES)
            .then(|| {
                let first = self.line.min(line);
                let lines: Vec<&str> = source
                    .lines()
                    .skip(first - 1)
                    .take(self.line.abs_diff(line) + 1)
                    .collect();
                (first, lines.join("\n"))
            });
        self.related.push(Place {
            file,
            line,
            column,
            width,
            source_line: Some(text),
            label: Some(label),
            near,
        });
        self
    }

    /// Adds another file the problem involves, as a whole.
    pub fn also_in(mut self, file: impl AsRef<Path>, label: Message) -> Self {
        self.related.push(Place {
            file: display_path(file.as_ref()),
            line: 0,
            column: 0,
            width: 0,
            source_line: None,
            label: Some(label),
            near: None,
        });
        self
    }

    /// Points at a 1-based line and column when no byte offset is known.
    pub fn at_line(
        mut self,
        file: impl AsRef<Path>,
        source: &str,
        line: usize,
        column: usize,
    ) -> Self {
        let offset = line_col_to_offset(source, line, column);
        self = self.at(file, source, offset, 1);
        self
    }

    pub fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn hint(mut self, hint: Message) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Programmer detail, shown with `--verbose` only.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&str>, usize, usize, Severity, &Message, Code) {
        (
            self.file.as_deref(),
            self.line,
            self.column,
            self.severity,
            &self.message,
            self.code,
        )
    }

    /// The message and its hint as plain text in the catalogue's language.
    pub fn message_text(&self, cat: &Catalogue) -> String {
        cat.text(&self.message)
    }

    pub fn hint_text(&self, cat: &Catalogue) -> Option<String> {
        self.hint.as_ref().map(|h| cat.text(h))
    }
}

/// In Swedish, spindel's default language, without colour.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&Catalogue::default(), false))
    }
}

impl std::error::Error for Diagnostic {}

/// All the problems of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_usage(&self) -> bool {
        self.items
            .iter()
            .any(|d| d.is_error() && d.origin == Origin::Usage)
    }

    /// Sorted by file, then position, so that reports are stable and easy to follow.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// Whether diagnostics written to stderr get colours: only on a terminal, and not when the
/// user asked for none (`NO_COLOR`, <https://no-color.org>).
pub fn color_on_stderr() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A site-relative path as shown to editors: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offset of a 1-based line and (character) column.
pub fn line_col_to_offset(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + col_bytes;
        }
        offset += l.len();
    }
    source.len()
}

/// The candidate nearest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            let limit = (c.chars().count().max(word.chars().count()) / 3).max(1);
            *d <= limit
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::{Catalogue, Lang};

    fn sv() -> Catalogue {
        Catalogue::builtin(Lang::Sv)
    }

    /// `text` without its ANSI colour sequences (`ESC [ … m`).
    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('\x1b') {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            rest = after.find('m').map_or("", |m| &after[m + 1..]);
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let src = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error(Code::ImageNoAlt, crate::msg!("check-image-no-alt"))
            .at("a.md", &src, 5000, 1);
        let text = d.render(&sv(), false);
        let shown = text.lines().find(|l| l.contains('X')).unwrap();
        assert!(shown.chars().count() < 140, "{shown}");
        let caret = text.lines().find(|l| l.contains('^')).unwrap();
        let x_col = shown.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^').unwrap(), x_col);
    }

    #[test]
    fn control_characters_from_sources_and_file_names_are_shown_not_obeyed() {
        let src = "title = \"\x1b[2J\u{202E}\0x\" X\n";
        let at = src.find('X').unwrap();
        let d = Diagnostic::error(
            Code::ImageNoAlt,
            crate::msg!("check-email", contact = "a \x1b[31mred\x07 message"),
        )
        .at("con\ntent/a\x1b]0;x\x07.md", src, at, 1)
        .hint(crate::msg!("toml-fix-line", line = "second \x1b[1m line"));
        let text = d.render(&sv(), false);
        // Only the line breaks the rendering makes itself: six lines and the hint's second.
        assert!(
            text.chars().all(|c| c == '\n' || !c.is_control()),
            "{text:?}"
        );
        assert!(!text.contains('\u{202E}'), "{text:?}");
        assert_eq!(text.lines().count(), 8, "{text}");
        assert!(
            text.contains("con\u{240A}tent/a\u{241B}]0;x\u{2407}.md:1:"),
            "{text}"
        );
        // The caret still stands under the X.
        let shown = text.lines().find(|l| l.contains('X')).unwrap();
        let caret = text.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret.chars().position(|c| c == '^'),
            shown.chars().position(|c| c == 'X')
        );
    }

    #[test]
    fn the_code_is_shown_as_rustc_shows_its_own() {
        let d = Diagnostic::error(Code::ImageNoAlt, crate::msg!("check-image-no-alt"));
        let en = Catalogue::builtin(Lang::En);
        let text = d.render(&en, false);
        assert!(
            text.starts_with("error[S0004]: the image has no alt text\n"),
            "{text}"
        );
        // Colour when asked for (on a terminal), the same words under it.
        let coloured = d.render(&en, true);
        assert!(coloured.starts_with('\x1b'), "{coloured:?}");
        assert_eq!(strip_ansi(&coloured), text);
        let text = d.render(&sv(), false);
        assert!(
            text.starts_with("fel[S0004]: bilden saknar alternativtext\n"),
            "{text}"
        );
        let w = Diagnostic::warning(Code::HeadingSkip, crate::msg!("check-link-no-text"))
            .render(&sv(), false);
        assert!(w.starts_with("varning[S0003]: länken saknar text\n"), "{w}");
    }

    #[test]
    fn underlines_stand_under_wide_characters_by_display_width() {
        // å, ä, ö take one column each; CJK characters two; the caret follows.
        let src = "kommun = [\"Växjö\", \"日本語\", \"x\"]\n";
        let at = src.find("\"x\"").unwrap();
        let d = Diagnostic::error(Code::UnknownTerm, crate::msg!("check-image-no-alt"))
            .at("a.md", src, at, 3);
        assert_eq!((d.line, d.column, d.width), (1, 27, 3));
        let text = d.render(&sv(), false);
        let shown = text.lines().find(|l| l.contains("Växjö")).unwrap();
        let caret = text.lines().find(|l| l.contains('^')).unwrap();
        let before = &shown[..shown.find("\"x\"").unwrap()];
        let columns = before.chars().count() + before.chars().filter(|c| *c > '\u{2E80}').count();
        assert_eq!(caret.find('^'), Some(columns), "{text}");
        assert!(caret.ends_with("^^^"), "{text}");
    }

    #[test]
    fn a_problem_in_two_files_shows_both_with_their_labels() {
        let a = "+++\ntitle = \"A\"\nslug = \"b\"\n+++\n";
        let b = "+++\ntitle = \"B\"\n+++\n";
        let d = Diagnostic::error(Code::UrlTaken, crate::msg!("check-image-no-alt"))
            .at("content/a.md", a, a.find("slug").unwrap(), 4)
            .label(crate::msg!("url-taken-here", path = "/b/"))
            .also_at(
                "content/b.md",
                b,
                b.find("title").unwrap(),
                5,
                crate::msg!("url-taken-first"),
            )
            .also_in("content/c.md", crate::msg!("url-taken-first"));
        let text = d.render(&Catalogue::builtin(Lang::En), false);
        let lines: Vec<&str> = text.lines().collect();
        let at = |needle: &str| {
            lines
                .iter()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{needle:?} not in\n{text}"))
        };
        assert!(at("--> content/a.md:3:1") < at("^^^^ this gives the address /b/"));
        assert!(at("^^^^ this gives") < at("::: content/b.md:2:1"));
        assert!(at("::: content/b.md:2:1") < at("----- already gives the same address"));
        assert!(at("::: content/c.md (already gives the same address)") > at("-----"));
    }

    #[test]
    fn near_places_in_one_file_are_one_snippet_far_ones_two() {
        let src = "a = 1\nb = 2\na = 3\n";
        let d = Diagnostic::error(Code::TomlDuplicate, crate::msg!("check-image-no-alt"))
            .at("f.toml", src, 12, 1)
            .also_at("f.toml", src, 0, 1, crate::msg!("toml-duplicate-first"));
        let text = d.render(&sv(), false);
        assert!(!text.contains(":::"), "{text}");
        let numbered: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with(char::is_numeric))
            .collect();
        assert_eq!(numbered, ["1 | a = 1", "2 | b = 2", "3 | a = 3"], "{text}");
        let far = format!("a = 1\n{}a = 3\n", "x = 0\n".repeat(20));
        let d = Diagnostic::error(Code::TomlDuplicate, crate::msg!("check-image-no-alt"))
            .at("f.toml", &far, far.rfind('a').unwrap(), 1)
            .also_at("f.toml", &far, 0, 1, crate::msg!("toml-duplicate-first"));
        let text = d.render(&sv(), false);
        assert!(text.contains("::: f.toml:1:1"), "{text}");
        assert!(!text.contains("x = 0"), "{text}");
    }

    #[test]
    fn suggests_nearest_field() {
        assert_eq!(
            did_you_mean("titel", ["title", "date", "draft"]),
            Some("title")
        );
        assert_eq!(did_you_mean("xyzzy", ["title", "date"]), None);
    }

    #[test]
    fn points_at_line_and_column_in_characters() {
        let src = "first\nå = bad\n";
        let d = Diagnostic::error(Code::ImageNoAlt, crate::msg!("check-image-no-alt")).at(
            "a.md",
            src,
            src.find('=').unwrap(),
            1,
        );
        assert_eq!((d.line, d.column), (2, 3));
        let text = d.render(&sv(), false);
        assert!(text.contains("--> a.md:2:3"), "{text}");
        assert!(text.contains("2 | å = bad"), "{text}");
        assert!(text.contains("  |   ^"), "{text}");
    }
}
