//! What one file's checks found, at most `MAX_PER_KIND` of each kind, and where in the front
//! matter a finding points. A kind is a group of codes an editor fixes the same way
//! (`cap_group`).

use std::collections::BTreeMap;

use super::messages::Messages;
use crate::diag::{Code, Diagnostic, Severity};

/// At most this many findings of one kind are shown per file; the rest are counted.
const MAX_PER_KIND: usize = 10;

/// The kind whose cap a finding counts against, named by one of its codes: the headings
/// share one cap, and so do the destinations of links; every other code is a kind of its own
/// (an image without alt text has one code, in Markdown or as an `<img>`).
pub(super) fn cap_group(code: Code) -> Code {
    match code {
        Code::HeadingSkip => Code::HeadingTopLevel,
        Code::LinkNoAddress | Code::AnchorMissing | Code::LinkLeftOut => Code::PathLink,
        other => other,
    }
}

/// File, line and column.
pub type Location = (String, usize, usize);

/// Findings of one file, at most `MAX_PER_KIND` of each kind.
pub(super) struct Findings<'a> {
    rel: &'a str,
    items: Vec<Diagnostic>,
    counts: BTreeMap<Code, (usize, Severity)>,
    /// Findings that stand in for a warning of the site graph at the same place.
    pub(super) replaces: Vec<Location>,
}

impl<'a> Findings<'a> {
    pub(super) fn new(rel: &'a str) -> Self {
        Findings {
            rel,
            items: Vec::new(),
            counts: BTreeMap::new(),
            replaces: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        let n = self
            .counts
            .entry(cap_group(d.code))
            .or_insert((0, d.severity));
        n.0 += 1;
        if n.0 <= MAX_PER_KIND {
            self.items.push(d);
        }
    }

    /// Like `push`, but builds the diagnostic only if it will be shown: finding a problem is
    /// cheap, pointing at it is not, and a hostile file can hold a million of them. `code` is
    /// the code of the diagnostic `make` builds.
    pub(super) fn push_with(
        &mut self,
        code: Code,
        severity: Severity,
        make: impl FnOnce() -> Diagnostic,
    ) {
        let n = self.counts.entry(cap_group(code)).or_insert((0, severity));
        n.0 += 1;
        if n.0 <= MAX_PER_KIND {
            let d = make();
            debug_assert_eq!(cap_group(d.code), cap_group(code));
            self.items.push(d);
        }
    }

    /// Whether the kind of `code` has as many findings as are shown.
    pub(super) fn is_full(&self, code: Code) -> bool {
        self.counts
            .get(&cap_group(code))
            .is_some_and(|(n, _)| *n >= MAX_PER_KIND)
    }

    pub(super) fn finish(mut self, msg: &Messages) -> (Vec<Diagnostic>, Vec<Location>) {
        for (_, (n, severity)) in self.counts {
            if n > MAX_PER_KIND {
                let more = (n - MAX_PER_KIND).to_string();
                let mut d = Diagnostic::error(
                    Code::MoreNotShown,
                    msg.text(
                        "check_more",
                        "{n} more problems of the same kind in this file are not shown",
                        &[("n", &more)],
                    ),
                )
                .in_file(self.rel)
                .hint(msg.text(
                    "check_more_hint",
                    "fix the ones shown and run the check again",
                    &[],
                ));
                d.severity = severity;
                self.items.push(d);
            }
        }
        (self.items, self.replaces)
    }
}

/// Byte offset of `key = …` in the front matter table `table` (`""` for the top level,
/// `extra` for `[extra]`).
pub(super) fn find_front_matter_key(
    text: &str,
    body_offset: usize,
    table: &str,
    key: &str,
) -> Option<usize> {
    let mut header = String::new();
    let mut offset = 0;
    for line in text[..body_offset.min(text.len())].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            header = trimmed.trim_matches(['[', ']']).trim().to_string();
        } else if header == table
            && let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_keys_are_found_in_their_table() {
        let text = "+++\ntitle = \"x\"\nplats = 1\n[extra]\n  plats = \"Borås\"\n+++\nbody";
        let body = text.find("body").unwrap();
        assert_eq!(
            find_front_matter_key(text, body, "extra", "plats"),
            Some(text.find("  plats").unwrap() + 2)
        );
        assert_eq!(
            find_front_matter_key(text, body, "", "plats"),
            Some(text.find("plats").unwrap())
        );
        assert_eq!(find_front_matter_key(text, body, "", "datum"), None);
    }
}
