//! The Markdown body: its headings, link texts and alt texts, and link destinations that lead
//! nowhere on the published site.

use super::findings::{Findings, PendingAnchor, Then};
use super::links::{self, Dest};
use super::run::Ctx;
use crate::content::model::{HeadingFact, LinkFact, MarkdownFacts, SourceFile, Target};
use crate::diag::{Code, Diagnostic, Severity, did_you_mean};

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
        let m = &self.msg;
        let (level, at, width) = (h.level, h.offset, h.width);
        if level == 1 {
            out.push_with(Code::HeadingTopLevel, Severity::Warning, || {
                Diagnostic::warning(Code::HeadingTopLevel, m.text(
                    "check_heading_h1",
                    "a top-level heading (#) in the text: the page's title is already its top-level heading",
                    &[],
                ))
                .at(&src.rel, &src.text, at, width)
                .hint(m.text(
                    "check_heading_h1_hint",
                    "start the text's headings at level two: ## Rubrik",
                    &[],
                ))
            });
        } else if level > previous_level + 1 {
            let (from, to) = (previous_level.to_string(), level.to_string());
            let hashes = "#".repeat(usize::from(previous_level) + 1);
            out.push_with(Code::HeadingSkip, Severity::Warning, || {
                Diagnostic::warning(
                    Code::HeadingSkip,
                    m.text(
                        "check_heading_skip",
                        "the heading skips from level {from} to level {to}",
                        &[("from", &from), ("to", &to)],
                    ),
                )
                .at(&src.rel, &src.text, at, width)
                .hint(m.text(
                    "check_heading_skip_hint",
                    "screen readers use headings as a table of contents; use {hashes} here",
                    &[("hashes", &hashes)],
                ))
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
        let m = &self.msg;
        let width = link.width;
        if link.text.trim().is_empty() {
            let code = if link.image {
                Code::ImageNoAlt
            } else {
                Code::LinkNoText
            };
            out.push_with(code, Severity::Error, || if link.image {
                Diagnostic::error(Code::ImageNoAlt, m.text(
                    "check_image_no_alt",
                    "the image has no alt text",
                    &[],
                ))
                .at(&src.rel, &src.text, link.offset, width)
                .hint(m.text(
                    "check_image_no_alt_hint",
                    "describe the image between the brackets for readers who cannot see it: ![Karta över medlemskommunerna](karta.png)",
                    &[],
                ))
            } else {
                Diagnostic::error(Code::LinkNoText, m.text(
                    "check_link_no_text",
                    "the link has no text",
                    &[],
                ))
                .at(&src.rel, &src.text, link.offset, width)
                .hint(m.text(
                    "check_link_no_text_hint",
                    "write what the link leads to between the brackets: [Delrapport II](rapport.pdf)",
                    &[],
                ))
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
        let m = &self.msg;
        let site = self.site;
        let at = |code: Code, message: String| {
            Diagnostic::error(code, message).at(&src.rel, &src.text, offset, len)
        };
        // When no more findings of this kind are shown, a problem is only counted.
        let counted = || Some(Diagnostic::error(Code::PathLink, String::new()));
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
                at(
                    Code::LinkNoAddress,
                    m.text("check_link_empty", "the link has no address", &[]),
                )
                .hint(m.text(
                    "check_link_empty_hint",
                    "write the address between the parentheses: [text](@/metoder/brobyggare.md)",
                    &[],
                )),
            ),
            Dest::SamePage(anchor) if full => return pending(own, anchor, Then::Count),
            Dest::SamePage(anchor) => {
                let d = at(
                    Code::AnchorMissing,
                    m.text(
                        "check_anchor_missing",
                        "`#{anchor}` is not a heading on this page",
                        &[("anchor", anchor)],
                    ),
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
                if site.left_out.contains(&key) {
                    return Some(Finding::Now(
                        at(Code::LinkLeftOut, m.text(
                            "check_link_to_draft",
                            "the link `{dest}` points to a draft or a page dated in the future, which is not published",
                            &[("dest", dest)],
                        ))
                        .hint(m.text(
                            "check_link_to_draft_hint",
                            "publish that page first (remove `draft = true` or change its date), or remove the link",
                            &[],
                        )),
                    ));
                }
                match site.link_index.get(&key) {
                    Some(target) => {
                        let hint = m.text(
                            "check_link_source_hint",
                            "write it as {link}",
                            &[("link", &with_anchor)],
                        );
                        let d = at(Code::PathLink, m.text(
                            "check_link_source",
                            "the link `{dest}` names the page's file, which works in the editor but not on the website",
                            &[("dest", dest)],
                        ))
                        .hint(hint);
                        match anchor {
                            Some(a) => {
                                let there = m.text(
                                    "check_anchor_missing_there",
                                    "`#{anchor}` is not a heading there",
                                    &[("anchor", a)],
                                );
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
                            Some(near) => m.text(
                                "check_did_you_mean",
                                "did you mean `{near}`?",
                                &[("near", &format!("@/{near}"))],
                            ),
                            None => m.text(
                                "check_link_missing_hint",
                                "link to pages with the file's path under content/, e.g. @/metoder/brobyggare.md",
                                &[],
                            ),
                        };
                        Some(
                            at(
                                Code::PathLink,
                                m.text(
                                    "check_link_missing",
                                    "the link `{dest}` points to a page that does not exist",
                                    &[("dest", dest)],
                                ),
                            )
                            .hint(hint),
                        )
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
                            m.text(
                                "check_anchor_missing_at",
                                "`#{anchor}` is not a heading of {target}",
                                &[("anchor", a), ("target", site.target_source(target))],
                            ),
                        );
                        return pending(target, a, Then::Report(d));
                    }
                    Some(None) => None,
                    None if full => counted(),
                    None => {
                        let name = path.rsplit('/').next().unwrap_or(&path);
                        let hint = match self.urls.by_name.get(name).and_then(|l| l.first()) {
                            Some(there) => m.text(
                                "check_link_published_at",
                                "a file `{name}` is published at {there}: link to that address",
                                &[("name", name), ("there", there)],
                            ),
                            None => m.text(
                                "check_link_nothing_hint",
                                "check the spelling; a file to link to goes in the page's folder (a page bundle: a folder with index.md), or under static/",
                                &[],
                            ),
                        };
                        Some(
                            at(Code::PathLink, m.text(
                                "check_link_nothing",
                                "the link `{dest}` leads to no page or file of the website ({abs})",
                                &[("dest", dest), ("abs", &abs)],
                            ))
                            .hint(hint),
                        )
                    }
                }
            }
        };
        finding.map(Finding::Now)
    }

    fn outside(&self, at: impl Fn(Code, String) -> Diagnostic, dest: &str) -> Diagnostic {
        let m = &self.msg;
        at(
            Code::PathLink,
            m.text(
                "check_link_outside",
                "the link `{dest}` climbs out of the website with ..",
                &[("dest", dest)],
            ),
        )
        .hint(m.text(
            "check_link_outside_hint",
            "link to pages as @/metoder/brobyggare.md, and to files in the page's own folder",
            &[],
        ))
    }

    /// `None` if `anchor` is a heading of `target`, else the hint for the error.
    pub(super) fn anchor(&self, target: Target, anchor: &str) -> Option<String> {
        let ids = self.site.target_heading_ids(target);
        if ids.iter().any(|i| i == anchor) {
            return None;
        }
        let m = &self.msg;
        Some(match did_you_mean(anchor, ids.iter().map(String::as_str)) {
            Some(near) => m.text(
                "check_did_you_mean",
                "did you mean `{near}`?",
                &[("near", &format!("#{near}"))],
            ),
            None if ids.is_empty() => m.text(
                "check_anchor_no_headings",
                "that page has no headings; link to it without #",
                &[],
            ),
            None => m.text(
                "check_anchor_headings",
                "its headings are: {ids}",
                &[(
                    "ids",
                    &ids.iter()
                        .map(|i| format!("#{i}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                )],
            ),
        })
    }
}
