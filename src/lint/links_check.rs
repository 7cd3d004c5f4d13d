//! The Markdown body: its headings, link texts and alt texts, and link destinations that lead
//! nowhere on the published site.

use super::findings::{Findings, PendingAnchor, Then};
use super::links::{self, Dest};
use super::run::Ctx;
use crate::content::model::{HeadingFact, LinkFact, MarkdownFacts, SourceFile, Target};
use crate::diag::{Code, Diagnostic, Severity, did_you_mean};
use crate::msg;
use crate::msg::Message;

/// What a link's destination gives: a finding now, or one that waits for the headings of
/// every page.
enum Finding {
    Now(Diagnostic),
    Pending(PendingAnchor),
}

impl Ctx<'_> {
    /// Headings, images, link texts and link destinations of the Markdown body, as the
    /// Markdown pass found them, in the order they end in the file (so that the first of a
    /// kind shown are the first in the file).
    pub(super) fn markdown(
        &self,
        src: &SourceFile,
        facts: &MarkdownFacts,
        own: Target,
        url_path: &str,
        out: &mut Findings,
    ) {
        enum Item<'f> {
            Heading(&'f HeadingFact),
            Link(&'f LinkFact),
            Html(usize, usize),
        }
        let mut items: Vec<(usize, Item)> = facts
            .headings
            .iter()
            .map(|h| (h.offset, Item::Heading(h)))
            .chain(facts.links.iter().map(|l| (l.end, Item::Link(l))))
            .chain(
                facts
                    .raw_html
                    .iter()
                    .map(|&(at, len)| (at, Item::Html(at, len))),
            )
            .collect();
        items.sort_by_key(|(at, _)| *at);
        let mut previous_level = 1u8;
        for (_, item) in items {
            match item {
                Item::Heading(h) => {
                    self.heading(src, h, previous_level, out);
                    previous_level = h.level;
                }
                Item::Link(l) => self.link(src, own, url_path, l, out),
                Item::Html(at, len) => {
                    let html = src.text.get(at..at + len).unwrap_or("");
                    self.html_images(src, at, html, out);
                }
            }
        }
    }

    fn heading(&self, src: &SourceFile, h: &HeadingFact, previous_level: u8, out: &mut Findings) {
        let (level, at, width) = (h.level, h.offset, h.width);
        // An ATX heading (`#### Rubrik`) is fixed by its number of `#`: the corrected line.
        let line = src
            .text
            .get(at..)
            .and_then(|rest| rest.lines().next())
            .unwrap_or("");
        let text = line.trim_start_matches('#');
        let atx = line.starts_with('#') && text.starts_with(' ');
        let fixed = |to: u8| format!("{}{text}", "#".repeat(usize::from(to)));
        if level == 1 {
            out.push_with(Code::HeadingTopLevel, Severity::Warning, || {
                let hint = if atx {
                    msg!("check-heading-h1-fix", line = fixed(2))
                } else {
                    msg!("check-heading-h1-hint")
                };
                Diagnostic::warning(Code::HeadingTopLevel, msg!("check-heading-h1"))
                    .at(&src.rel, &src.text, at, width)
                    .hint(hint)
            });
        } else if level > previous_level + 1 {
            let (from, to) = (previous_level.to_string(), level.to_string());
            let hashes = "#".repeat(usize::from(previous_level) + 1);
            out.push_with(Code::HeadingSkip, Severity::Warning, || {
                let hint = if atx {
                    msg!("check-heading-skip-fix", line = fixed(previous_level + 1))
                } else {
                    msg!("check-heading-skip-hint", hashes = &hashes)
                };
                Diagnostic::warning(
                    Code::HeadingSkip,
                    msg!("check-heading-skip", from = &from, to = &to),
                )
                .at(&src.rel, &src.text, at, width)
                .hint(hint)
            });
        }
    }

    fn link(
        &self,
        src: &SourceFile,
        own: Target,
        url_path: &str,
        link: &LinkFact,
        out: &mut Findings,
    ) {
        let width = link.width;
        if link.text.trim().is_empty() {
            let code = if link.image {
                Code::ImageNoAlt
            } else {
                Code::LinkNoText
            };
            out.push_with(code, Severity::Error, || {
                if link.image {
                    Diagnostic::error(Code::ImageNoAlt, msg!("check-image-no-alt"))
                        .at(&src.rel, &src.text, link.offset, width)
                        .hint(msg!("check-image-no-alt-hint"))
                } else {
                    Diagnostic::error(Code::LinkNoText, msg!("check-link-no-text"))
                        .at(&src.rel, &src.text, link.offset, width)
                        .hint(msg!("check-link-no-text-hint"))
                }
            });
        }
        let full = out.is_full(Code::PathLink);
        let at = (link.dest_offset, link.dest_len);
        match self.destination(src, own, url_path, &link.dest, at, full) {
            Some(Finding::Now(d)) => out.push(d),
            Some(Finding::Pending(p)) => out.push_pending(Code::AnchorMissing, Severity::Error, p),
            None => {}
        }
    }

    /// An error for a destination that leads nowhere on the published site.
    fn destination(
        &self,
        src: &SourceFile,
        own: Target,
        url_path: &str,
        dest: &str,
        (offset, len): (usize, usize),
        full: bool,
    ) -> Option<Finding> {
        let site = self.site;
        let at = |code: Code, message: Message| {
            Diagnostic::error(code, message).at(&src.rel, &src.text, offset, len)
        };
        // When no more findings of this kind are shown, a problem is only counted.
        let counted = || Some(Diagnostic::error(Code::PathLink, msg!("check-more-hint")));
        let pending = |target: Target, anchor: &str, then: Then| {
            Some(Finding::Pending(PendingAnchor {
                target,
                anchor: anchor.to_string(),
                then,
            }))
        };
        let finding = match links::classify(dest) {
            Dest::Internal | Dest::External(_) | Dest::OtherScheme => None,
            Dest::Empty if full => counted(),
            Dest::Empty => Some(
                at(Code::LinkNoAddress, msg!("check-link-empty"))
                    .hint(msg!("check-link-empty-hint")),
            ),
            Dest::SamePage(anchor) if full => return pending(own, anchor, Then::Count),
            Dest::SamePage(anchor) => {
                let d = at(
                    Code::AnchorMissing,
                    msg!("check-anchor-missing", anchor = anchor),
                );
                return pending(own, anchor, Then::Report(d));
            }
            Dest::Source { path, anchor } => {
                let dir = src.content_rel.rsplit_once('/').map_or("", |(d, _)| d);
                let Some(key) = links::join(dir, &path) else {
                    return if full {
                        counted()
                    } else {
                        Some(self.outside(at, dest))
                    }
                    .map(Finding::Now);
                };
                let with_anchor = match anchor {
                    Some(a) => format!("@/{key}#{a}"),
                    None => format!("@/{key}"),
                };
                if site.unloadable.contains(&key) {
                    return None;
                }
                if full {
                    return counted().map(Finding::Now);
                }
                if site.internal.contains(&key) {
                    return Some(Finding::Now(
                        at(Code::LinkLeftOut, msg!("link-to-internal", dest = dest))
                            .hint(msg!("link-to-internal-hint")),
                    ));
                }
                if site.left_out.contains(&key) {
                    return Some(Finding::Now(
                        at(Code::LinkLeftOut, msg!("check-link-to-draft", dest = dest))
                            .hint(msg!("check-link-to-draft-hint")),
                    ));
                }
                match site.link_index.get(&key) {
                    Some(target) => {
                        let hint = msg!("check-link-source-hint", link = &with_anchor);
                        let d =
                            at(Code::PathLink, msg!("check-link-source", dest = dest)).hint(hint);
                        match anchor {
                            Some(a) => {
                                let there = msg!("check-anchor-missing-there", anchor = a);
                                return pending(*target, a, Then::ExtendHint(d, there));
                            }
                            None => Some(d),
                        }
                    }
                    None => {
                        let candidates = site
                            .link_index
                            .keys()
                            .map(String::as_str)
                            .filter(|k| k.ends_with(".md"));
                        let hint = match did_you_mean(&key, candidates) {
                            Some(near) => msg!("did-you-mean", word = &format!("@/{near}")),
                            None => msg!("check-link-missing-hint"),
                        };
                        Some(at(Code::PathLink, msg!("check-link-missing", dest = dest)).hint(hint))
                    }
                }
            }
            Dest::Url { path, anchor } => {
                let dir = if path.starts_with('/') {
                    ""
                } else {
                    links::url_dir(url_path)
                };
                let Some(joined) = links::join(dir, &path) else {
                    return if full {
                        counted()
                    } else {
                        Some(self.outside(at, dest))
                    }
                    .map(Finding::Now);
                };
                let abs = format!("/{joined}");
                match self.urls.get(&abs) {
                    Some(Some(target)) => {
                        let a = anchor.filter(|a| !a.is_empty())?;
                        if full {
                            return pending(target, a, Then::Count);
                        }
                        let d = at(
                            Code::AnchorMissing,
                            msg!(
                                "check-anchor-missing-at",
                                anchor = a,
                                target = site.target_source(target)
                            ),
                        );
                        return pending(target, a, Then::Report(d));
                    }
                    Some(None) => None,
                    None if full => counted(),
                    None => {
                        let name = path.rsplit('/').next().unwrap_or(&path);
                        let hint = match self.urls.by_name.get(name).and_then(|l| l.first()) {
                            Some(there) => {
                                msg!("check-link-published-at", name = name, there = there)
                            }
                            None => msg!("check-link-nothing-hint"),
                        };
                        Some(
                            at(
                                Code::PathLink,
                                msg!("check-link-nothing", dest = dest, abs = &abs),
                            )
                            .hint(hint),
                        )
                    }
                }
            }
        };
        finding.map(Finding::Now)
    }

    fn outside(&self, at: impl Fn(Code, Message) -> Diagnostic, dest: &str) -> Diagnostic {
        at(Code::PathLink, msg!("check-link-outside", dest = dest))
            .hint(msg!("check-link-outside-hint"))
    }

    /// `None` if `anchor` is a heading of `target`, else the hint for the error.
    pub(super) fn anchor(&self, target: Target, anchor: &str) -> Option<Message> {
        let ids = self.site.target_heading_ids(target);
        if ids.iter().any(|i| i == anchor) {
            return None;
        }
        Some(anchor_hint(anchor, ids))
    }
}

/// The hint for `#anchor`, which is none of `ids`: the nearest heading, or the ones there are.
/// Build (`pipeline::load`, after an edit) and the lints give the same.
pub(crate) fn anchor_hint(anchor: &str, ids: &[String]) -> Message {
    match did_you_mean(anchor, ids.iter().map(String::as_str)) {
        Some(near) => msg!("did-you-mean", word = &format!("#{near}")),
        None if ids.is_empty() => msg!("check-anchor-no-headings"),
        None => msg!(
            "check-anchor-headings",
            ids = ids
                .iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
