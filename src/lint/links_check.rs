//! The Markdown body: its headings, link texts and alt texts, and link destinations that lead
//! nowhere on the published site.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::findings::Findings;
use super::images::{html_img_alt, strip_tags};
use super::links::{self, Dest};
use super::run::Ctx;
use crate::content::model::{SourceFile, Target};
use crate::diag::{Diagnostic, Severity, did_you_mean};

fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A link or image being read: its destination, where it stands, and its text so far.
struct OpenLink {
    image: bool,
    dest: String,
    /// Byte range of the whole link in the file.
    start: usize,
    end: usize,
    text: String,
}

/// Calls `f(dest, offset, len)` for every link and image destination of a Markdown body,
/// with the destination's byte position in the whole file.
pub fn for_each_destination(src: &SourceFile, mut f: impl FnMut(&str, usize, usize)) {
    let body = src.body();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            let (offset, len) = dest_position(body, &range, &dest_url);
            f(&dest_url, src.body_offset + offset, len);
        }
    }
}

/// Where a destination is written within the link spanning `range` of `body`: the last
/// occurrence, since the text comes first; the link's first line for reference links.
fn dest_position(body: &str, range: &std::ops::Range<usize>, dest: &str) -> (usize, usize) {
    let slice = &body[range.clone()];
    match (!dest.is_empty()).then(|| slice.rfind(dest)).flatten() {
        Some(p) => (range.start + p, dest.len()),
        None => (range.start, first_line_len(slice)),
    }
}

fn first_line_len(s: &str) -> usize {
    s.find('\n').unwrap_or(s.len()).max(1)
}

impl Ctx<'_> {
    /// Headings, images, link texts and link destinations of the Markdown body.
    pub(super) fn markdown(
        &self,
        src: &SourceFile,
        own: Target,
        url_path: &str,
        out: &mut Findings,
    ) {
        let m = &self.msg;
        let body = src.body();
        let base = src.body_offset;
        let mut previous_level = 1u8;
        let mut open: Vec<OpenLink> = Vec::new();
        for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let level = level as u8;
                    let at = base + range.start;
                    let width = first_line_len(&body[range.clone()]);
                    if level == 1 {
                        out.push_with("heading", Severity::Warning, || {
                            Diagnostic::warning(m.text(
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
                        out.push_with("heading", Severity::Warning, || {
                            Diagnostic::warning(m.text(
                                "check_heading_skip",
                                "the heading skips from level {from} to level {to}",
                                &[("from", &from), ("to", &to)],
                            ))
                            .at(&src.rel, &src.text, at, width)
                            .hint(m.text(
                                "check_heading_skip_hint",
                                "screen readers use headings as a table of contents; use {hashes} here",
                                &[("hashes", &hashes)],
                            ))
                        });
                    }
                    previous_level = level;
                }
                Event::Start(Tag::Link { dest_url, .. }) => open.push(OpenLink {
                    image: false,
                    dest: dest_url.to_string(),
                    start: range.start,
                    end: range.end,
                    text: String::new(),
                }),
                Event::Start(Tag::Image { dest_url, .. }) => open.push(OpenLink {
                    image: true,
                    dest: dest_url.to_string(),
                    start: range.start,
                    end: range.end,
                    text: String::new(),
                }),
                Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                    let Some(link) = open.pop() else { continue };
                    // Text inside an image is its alt text, which is also the text of a link
                    // around it.
                    if let Some(outer) = open.last_mut() {
                        outer.text.push_str(&link.text);
                    }
                    self.link(src, own, url_path, body, link, out);
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(o) = open.last_mut() {
                        o.text.push_str(&t);
                    }
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    if let Some(o) = open.last_mut()
                        && !strip_tags(&h).trim().is_empty()
                    {
                        o.text.push_str(&strip_tags(&h));
                    }
                    if let Some(o) = open.last_mut()
                        && html_img_alt(&h).is_some_and(|alt| !alt.trim().is_empty())
                    {
                        o.text.push_str("img");
                    }
                    self.html_images(src, base + range.start, &body[range.clone()], out);
                }
                _ => {}
            }
        }
    }

    fn link(
        &self,
        src: &SourceFile,
        own: Target,
        url_path: &str,
        body: &str,
        link: OpenLink,
        out: &mut Findings,
    ) {
        let m = &self.msg;
        let base = src.body_offset;
        let range = link.start..link.end;
        let width = first_line_len(&body[range.clone()]);
        if link.text.trim().is_empty() {
            let kind = if link.image { "alt" } else { "link-text" };
            out.push_with(kind, Severity::Error, || if link.image {
                Diagnostic::error(m.text(
                    "check_image_no_alt",
                    "the image has no alt text",
                    &[],
                ))
                .at(&src.rel, &src.text, base + link.start, width)
                .hint(m.text(
                    "check_image_no_alt_hint",
                    "describe the image between the brackets for readers who cannot see it: ![Karta över medlemskommunerna](karta.png)",
                    &[],
                ))
            } else {
                Diagnostic::error(m.text(
                    "check_link_no_text",
                    "the link has no text",
                    &[],
                ))
                .at(&src.rel, &src.text, base + link.start, width)
                .hint(m.text(
                    "check_link_no_text_hint",
                    "write what the link leads to between the brackets: [Delrapport II](rapport.pdf)",
                    &[],
                ))
            });
        }
        let (offset, len) = dest_position(body, &range, &link.dest);
        let full = out.is_full("link");
        if let Some(d) =
            self.destination(src, own, url_path, &link.dest, (base + offset, len), full)
        {
            out.push("link", d);
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
    ) -> Option<Diagnostic> {
        let m = &self.msg;
        let site = self.site;
        let at = |message: String| Diagnostic::error(message).at(&src.rel, &src.text, offset, len);
        // When no more findings of this kind are shown, a problem is only counted.
        let counted = || Some(Diagnostic::error(String::new()));
        match links::classify(dest) {
            Dest::Internal | Dest::External(_) | Dest::OtherScheme => None,
            Dest::Empty if full => counted(),
            Dest::Empty => Some(
                at(m.text("check_link_empty", "the link has no address", &[])).hint(m.text(
                    "check_link_empty_hint",
                    "write the address between the parentheses: [text](@/metoder/brobyggare.md)",
                    &[],
                )),
            ),
            Dest::SamePage(anchor) if full => {
                (!site.target_heading_ids(own).iter().any(|i| i == anchor))
                    .then(|| Diagnostic::error(String::new()))
            }
            Dest::SamePage(anchor) => self.anchor(own, anchor).map(|hint| {
                at(m.text(
                    "check_anchor_missing",
                    "`#{anchor}` is not a heading on this page",
                    &[("anchor", anchor)],
                ))
                .hint(hint)
            }),
            Dest::Source { path, anchor } => {
                let dir = src.content_rel.rsplit_once('/').map_or("", |(d, _)| d);
                let Some(key) = links::join(dir, &path) else {
                    return if full {
                        counted()
                    } else {
                        Some(self.outside(at, dest))
                    };
                };
                let with_anchor = match anchor {
                    Some(a) => format!("@/{key}#{a}"),
                    None => format!("@/{key}"),
                };
                if site.unloadable.contains(&key) {
                    return None;
                }
                if full {
                    return counted();
                }
                if site.left_out.contains(&key) {
                    return Some(
                        at(m.text(
                            "check_link_to_draft",
                            "the link `{dest}` points to a draft or a page dated in the future, which is not published",
                            &[("dest", dest)],
                        ))
                        .hint(m.text(
                            "check_link_to_draft_hint",
                            "publish that page first (remove `draft = true` or change its date), or remove the link",
                            &[],
                        )),
                    );
                }
                match site.link_index.get(&key) {
                    Some(target) => {
                        let mut hint = m.text(
                            "check_link_source_hint",
                            "write it as {link}",
                            &[("link", &with_anchor)],
                        );
                        if let Some(a) = anchor
                            && let Some(h) = self.anchor(*target, a)
                        {
                            hint.push_str(&format!(
                                "; {}: {h}",
                                m.text(
                                    "check_anchor_missing_there",
                                    "`#{anchor}` is not a heading there",
                                    &[("anchor", a)]
                                )
                            ));
                        }
                        Some(
                            at(m.text(
                                "check_link_source",
                                "the link `{dest}` names the page's file, which works in the editor but not on the website",
                                &[("dest", dest)],
                            ))
                            .hint(hint),
                        )
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
                            at(m.text(
                                "check_link_missing",
                                "the link `{dest}` points to a page that does not exist",
                                &[("dest", dest)],
                            ))
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
                    };
                };
                let abs = format!("/{joined}");
                match self.urls.get(&abs) {
                    Some(Some(target)) => {
                        let a = anchor.filter(|a| !a.is_empty())?;
                        if full {
                            return (!site.target_heading_ids(target).iter().any(|i| i == a))
                                .then(|| Diagnostic::error(String::new()));
                        }
                        let hint = self.anchor(target, a)?;
                        Some(
                            at(m.text(
                                "check_anchor_missing_at",
                                "`#{anchor}` is not a heading of {target}",
                                &[("anchor", a), ("target", site.target_source(target))],
                            ))
                            .hint(hint),
                        )
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
                            at(m.text(
                                "check_link_nothing",
                                "the link `{dest}` leads to no page or file of the website ({abs})",
                                &[("dest", dest), ("abs", &abs)],
                            ))
                            .hint(hint),
                        )
                    }
                }
            }
        }
    }

    fn outside(&self, at: impl Fn(String) -> Diagnostic, dest: &str) -> Diagnostic {
        let m = &self.msg;
        at(m.text(
            "check_link_outside",
            "the link `{dest}` climbs out of the website with ..",
            &[("dest", dest)],
        ))
        .hint(m.text(
            "check_link_outside_hint",
            "link to pages as @/metoder/brobyggare.md, and to files in the page's own folder",
            &[],
        ))
    }

    /// `None` if `anchor` is a heading of `target`, else the hint for the error.
    fn anchor(&self, target: Target, anchor: &str) -> Option<String> {
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
