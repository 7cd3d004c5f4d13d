//! What one file's checks found, at most `MAX_PER_KIND` of each kind, and where in the front
//! matter a finding points. A kind is a group of codes an editor fixes the same way
//! (`cap_group`).

use crate::msg;
use std::collections::BTreeMap;

use crate::content::model::Target;
use crate::diag::{Code, Diagnostic, Severity};
use crate::msg::Message;

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

/// An `#anchor` of another page that can only be checked once every page's Markdown has been
/// rendered: the finding is made now, with its place, and kept or dropped then.
pub(super) struct PendingAnchor {
    pub(super) target: Target,
    pub(super) anchor: String,
    pub(super) then: Then,
}

/// What a pending anchor becomes if it is not a heading of its target.
pub(super) enum Then {
    /// This finding, with the anchor's hint (did you mean …) as its hint.
    Report(Diagnostic),
    /// This finding either way; its hint tells about the anchor too when it is missing.
    ExtendHint(Diagnostic, Message),
    /// Past the limit of shown findings: only counted.
    Count,
}

enum Entry {
    Shown(Diagnostic),
    Counted,
    Pending(PendingAnchor),
}

/// Findings of one file, at most `MAX_PER_KIND` of each kind, in the order they were found.
pub(super) struct Findings {
    rel: String,
    items: Vec<(Code, Severity, Entry)>,
    /// Findings of each kind that are certain (not pending), to build no more than are shown.
    certain: BTreeMap<Code, usize>,
    /// Findings that stand in for a warning of the site graph at the same place.
    pub(super) replaces: Vec<Location>,
}

impl Findings {
    pub(super) fn new(rel: &str) -> Self {
        Findings {
            rel: rel.to_string(),
            items: Vec::new(),
            certain: BTreeMap::new(),
            replaces: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        let (kind, severity) = (cap_group(d.code), d.severity);
        let entry = if self.is_full(kind) {
            Entry::Counted
        } else {
            Entry::Shown(d)
        };
        *self.certain.entry(kind).or_default() += 1;
        self.items.push((kind, severity, entry));
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
        let kind = cap_group(code);
        let entry = if self.is_full(kind) {
            Entry::Counted
        } else {
            Entry::Shown(make())
        };
        *self.certain.entry(kind).or_default() += 1;
        self.items.push((kind, severity, entry));
    }

    /// A finding that depends on another page's headings (see `PendingAnchor`).
    pub(super) fn push_pending(&mut self, code: Code, severity: Severity, pending: PendingAnchor) {
        self.items
            .push((cap_group(code), severity, Entry::Pending(pending)));
    }

    /// Whether findings of `kind` found from now on can no longer be shown. Pending ones are
    /// not counted: if they turn out to be findings, they only push later ones out of view.
    pub(super) fn is_full(&self, code: Code) -> bool {
        self.certain
            .get(&cap_group(code))
            .is_some_and(|n| *n >= MAX_PER_KIND)
    }

    /// Decides the pending findings with `resolve` (the hint for an anchor that is not a
    /// heading of its target, `None` if it is one), then keeps the first `MAX_PER_KIND` of
    /// each kind and counts the rest.
    pub(super) fn finish(
        self,
        resolve: impl Fn(Target, &str) -> Option<Message>,
    ) -> (Vec<Diagnostic>, Vec<Location>) {
        let mut shown: BTreeMap<Code, (usize, Severity)> = BTreeMap::new();
        let mut out = Vec::new();
        for (kind, severity, entry) in self.items {
            let d = match entry {
                Entry::Shown(d) => Some(d),
                Entry::Counted => None,
                Entry::Pending(p) => match (resolve(p.target, &p.anchor), p.then) {
                    (None, Then::ExtendHint(d, _)) => Some(d),
                    (None, _) => continue,
                    (Some(hint), Then::Report(d)) => Some(d.hint(hint)),
                    (Some(hint), Then::ExtendHint(d, there)) => {
                        let joined = match d.hint.clone() {
                            Some(base) => {
                                msg!("hint-and-more", first = base, there = there, hint = hint)
                            }
                            None => msg!("hint-there", there = there, hint = hint),
                        };
                        Some(d.hint(joined))
                    }
                    (Some(_), Then::Count) => None,
                },
            };
            let n = shown.entry(kind).or_insert((0, severity));
            n.0 += 1;
            if n.0 <= MAX_PER_KIND
                && let Some(d) = d
            {
                out.push(d);
            }
        }
        for (_, (n, severity)) in shown {
            if n > MAX_PER_KIND {
                let more = (n - MAX_PER_KIND).to_string();
                let mut d = Diagnostic::error(Code::MoreNotShown, msg!("check-more", n = &more))
                    .in_file(&self.rel)
                    .hint(msg!("check-more-hint"));
                d.severity = severity;
                out.push(d);
            }
        }
        (out, self.replaces)
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
