//! The content checks: what a reader would trip on, what the site's own rules in `[check]`
//! require, and links written as paths. They run on the loaded site in every build, so that
//! `build`, `serve` and `check` report the same errors.

pub mod links;
pub mod messages;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

use self::links::{Dest, UrlMap};
use self::messages::Messages;
use crate::config::SectionCheck;
use crate::config::check::{FieldType, parse_size};
use crate::config::tomlfile::{TomlSource, today_utc};
use crate::content::human_size;
use crate::content::model::{Page, PageMeta, Site, SourceFile, Target};
use crate::diag::{Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::text::contacts::{self, ContactKind};

/// At most this many findings of one kind are shown per file; the rest are counted.
const MAX_PER_KIND: usize = 10;

/// Everything the checks of one run share.
struct Ctx<'a> {
    site: &'a Site,
    msg: Messages<'a>,
    urls: UrlMap,
    limit: u64,
    allowed_contacts: HashSet<String>,
    today: String,
    /// Taxonomy → its allowed terms: the members in the data, or `[check.terms]`.
    terms: HashMap<&'a str, Vec<&'a str>>,
    term_severity: Severity,
}

/// The findings of one run's content checks.
pub struct Lint {
    pub diagnostics: Vec<Diagnostic>,
    /// Where a term outside its taxonomy's data was reported, so that the graph's own
    /// (English, less specific) warning about the same term can give way.
    pub term_locations: HashSet<Location>,
}

/// File, line and column.
pub type Location = (String, usize, usize);

pub fn lint(site: &Site) -> Lint {
    let config = &site.config;
    let mut terms: HashMap<&str, Vec<&str>> = HashMap::new();
    for tax in &config.taxonomies {
        if let Some(path) = &tax.data {
            let stem = path.split('.').next().unwrap_or("");
            if site.unloadable.contains(&format!("data/{stem}.toml")) {
                continue;
            }
            if let Some(t) = site.taxonomies.iter().find(|t| t.name == tax.name) {
                let names = t
                    .terms
                    .iter()
                    .filter(|term| term.data.is_some())
                    .map(|term| term.name.as_str())
                    .collect();
                terms.insert(&tax.name, names);
            }
        } else if let Some(list) = config.check.terms.get(&tax.name) {
            terms.insert(&tax.name, list.iter().map(String::as_str).collect());
        }
    }
    let ctx = Ctx {
        site,
        msg: Messages::new(config),
        urls: UrlMap::new(site),
        limit: parse_size(&config.check.max_file_size).unwrap_or(u64::MAX),
        allowed_contacts: config
            .check
            .allowed_contacts
            .iter()
            .map(|c| contacts::normalize(c))
            .collect(),
        today: today_utc(),
        terms,
        term_severity: if config.check.unknown_term == "error" {
            Severity::Error
        } else {
            Severity::Warning
        },
    };
    let per_file: Vec<(Vec<Diagnostic>, Vec<Location>)> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| ctx.source(&p.source, Target::Page(i), &p.path, Some(p)))
        .chain(
            site.sections
                .par_iter()
                .enumerate()
                .map(|(i, s)| ctx.source(&s.source, Target::Section(i), &s.path, None)),
        )
        .collect();
    let mut diagnostics = Vec::new();
    let mut term_locations = HashSet::new();
    for (ds, replaced) in per_file {
        diagnostics.extend(ds);
        term_locations.extend(replaced);
    }
    diagnostics.extend(ctx.duplicate_titles());
    diagnostics.extend(ctx.attachments());
    diagnostics.extend(ctx.left_out_in_the_future());
    Lint {
        diagnostics,
        term_locations,
    }
}

/// Findings of one file, at most `MAX_PER_KIND` of each kind.
struct Findings<'a> {
    rel: &'a str,
    items: Vec<Diagnostic>,
    counts: BTreeMap<&'static str, (usize, Severity)>,
    /// Findings that stand in for a warning of the site graph at the same place.
    replaces: Vec<Location>,
}

impl<'a> Findings<'a> {
    fn new(rel: &'a str) -> Self {
        Findings {
            rel,
            items: Vec::new(),
            counts: BTreeMap::new(),
            replaces: Vec::new(),
        }
    }

    fn push(&mut self, kind: &'static str, d: Diagnostic) {
        let n = self.counts.entry(kind).or_insert((0, d.severity));
        n.0 += 1;
        if n.0 <= MAX_PER_KIND {
            self.items.push(d);
        }
    }

    /// Like `push`, but builds the diagnostic only if it will be shown: finding a problem is
    /// cheap, pointing at it is not, and a hostile file can hold a million of them.
    fn push_with(
        &mut self,
        kind: &'static str,
        severity: Severity,
        make: impl FnOnce() -> Diagnostic,
    ) {
        let n = self.counts.entry(kind).or_insert((0, severity));
        n.0 += 1;
        if n.0 <= MAX_PER_KIND {
            self.items.push(make());
        }
    }

    fn is_full(&self, kind: &'static str) -> bool {
        self.counts
            .get(kind)
            .is_some_and(|(n, _)| *n >= MAX_PER_KIND)
    }

    fn finish(mut self, msg: &Messages) -> (Vec<Diagnostic>, Vec<Location>) {
        for (_, (n, severity)) in self.counts {
            if n > MAX_PER_KIND {
                let more = (n - MAX_PER_KIND).to_string();
                let mut d = Diagnostic::error(msg.text(
                    "check_more",
                    "{n} more problems of the same kind in this file are not shown",
                    &[("n", &more)],
                ))
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
    fn source(
        &self,
        src: &SourceFile,
        own: Target,
        url_path: &str,
        page: Option<&Page>,
    ) -> (Vec<Diagnostic>, Vec<Location>) {
        let mut out = Findings::new(&src.rel);
        if src.text.len() as u64 > self.limit {
            out.push("size", self.too_large(&src.rel, src.text.len() as u64));
        }
        self.markdown(src, own, url_path, &mut out);
        self.contacts(src, &mut out);
        if let Some(page) = page {
            self.terms(page, &mut out);
            if let Some((dir, rule)) = self.rule_for(&src.content_rel) {
                self.required(page, dir, rule, &mut out);
                if rule.past_dates {
                    self.future_date(src, &page.meta, &mut out);
                }
            }
        }
        out.finish(&self.msg)
    }

    fn too_large(&self, rel: &str, size: u64) -> Diagnostic {
        let m = &self.msg;
        Diagnostic::error(m.text(
            "check_file_too_large",
            "the file is {size}, more than the {limit} a file may be",
            &[
                ("size", &human_size(size)),
                ("limit", &self.site.config.check.max_file_size),
            ],
        ))
        .in_file(rel)
        .hint(m.text(
            "check_file_too_large_hint",
            "make it smaller (compress a PDF, scale down an image) or split it; the limit is max_file_size under [check] in spindel.toml",
            &[],
        ))
    }

    /// Headings, images, link texts and link destinations of the Markdown body.
    fn markdown(&self, src: &SourceFile, own: Target, url_path: &str, out: &mut Findings) {
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

    /// `<img>` tags in raw HTML without an `alt` attribute.
    fn html_images(&self, src: &SourceFile, at: usize, html: &str, out: &mut Findings) {
        let lower = html.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find("<img").map(|i| i + from) {
            from = i + 4;
            let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
            if html_img_alt(&html[i..tag_end.min(html.len())]).is_none() {
                let m = &self.msg;
                out.push_with("alt", Severity::Error, || {
                    Diagnostic::error(m.text(
                        "check_html_image_no_alt",
                        "the <img> has no alt attribute",
                        &[],
                    ))
                    .at(&src.rel, &src.text, at + i, 4)
                    .hint(m.text(
                        "check_html_image_no_alt_hint",
                        "add alt=\"what the image shows\", or alt=\"\" if it is only decoration",
                        &[],
                    ))
                });
            }
        }
    }

    /// E-mail addresses and phone numbers not in `allowed_contacts`.
    fn contacts(&self, src: &SourceFile, out: &mut Findings) {
        let m = &self.msg;
        for c in contacts::scan(&src.text) {
            if self.allowed_contacts.contains(&c.normalized) {
                continue;
            }
            let kind = match c.kind {
                ContactKind::Email => "email",
                ContactKind::Phone => "phone",
            };
            out.push_with(kind, Severity::Error, || {
                let shown = &src.text[c.start..c.end];
                let message = match c.kind {
                    ContactKind::Email => m.text(
                        "check_email",
                        "the e-mail address `{contact}` may be a person's own",
                        &[("contact", shown)],
                    ),
                    ContactKind::Phone => m.text(
                        "check_phone",
                        "the phone number `{contact}` may be a person's own",
                        &[("contact", shown)],
                    ),
                };
                Diagnostic::error(message)
                    .at(&src.rel, &src.text, c.start, c.end - c.start)
                    .hint(m.text(
                        "check_contact_hint",
                        "do not publish personal contact details; give a role address or a switchboard number instead. If this one is such, add it to allowed_contacts under [check] in spindel.toml",
                        &[],
                    ))
            });
        }
    }

    /// Terms outside their taxonomy's data or declared list.
    fn terms(&self, page: &Page, out: &mut Findings) {
        let m = &self.msg;
        let src = &page.source;
        let front = &src.text[..src.body_offset];
        for (tax, names) in &page.meta.taxonomies {
            let Some(allowed) = self.terms.get(tax.as_str()) else {
                continue;
            };
            for name in names {
                if allowed.contains(&name.as_str()) {
                    continue;
                }
                let at = front.find(&format!("\"{name}\"")).map_or(0, |i| i + 1);
                let near = did_you_mean(name, allowed.iter().copied());
                let args = [("term", name.as_str()), ("near", near.unwrap_or(""))];
                let message = match near {
                    Some(_) => m.text_for(
                        "check_unknown_term_near",
                        tax,
                        "`{term}` is not in the data for `{taxonomy}`",
                        &[args[0], args[1], ("taxonomy", tax)],
                    ),
                    None => m.text_for(
                        "check_unknown_term",
                        tax,
                        "`{term}` is not in the data for `{taxonomy}`",
                        &[args[0], ("taxonomy", tax)],
                    ),
                };
                let data_backed = self
                    .site
                    .config
                    .taxonomies
                    .iter()
                    .any(|t| &t.name == tax && t.data.is_some());
                let hint = match near {
                    Some(n) => m.text_for(
                        "check_unknown_term_near_hint",
                        tax,
                        "did you mean `{near}`?",
                        &[("near", n), ("taxonomy", tax)],
                    ),
                    None if data_backed => m.text_for(
                        "check_unknown_term_hint",
                        tax,
                        "the terms of `{taxonomy}` are the entries of its data file; add it there if it is new",
                        &[("taxonomy", tax)],
                    ),
                    None => m.text_for(
                        "check_unknown_term_list_hint",
                        tax,
                        "the terms are: {terms}; a new one is added under [check.terms] in spindel.toml",
                        &[("terms", &allowed.join(", ")), ("taxonomy", tax)],
                    ),
                };
                let mut d = Diagnostic::error(message)
                    .at(&src.rel, &src.text, at, name.len())
                    .hint(hint);
                d.severity = self.term_severity;
                if data_backed {
                    out.replaces.push((src.rel.clone(), d.line, d.column));
                }
                out.push("term", d);
            }
        }
    }

    /// The `[check.sections]` rule for a source under content/, the deepest that applies.
    fn rule_for(&self, content_rel: &str) -> Option<(&str, &SectionCheck)> {
        self.site
            .config
            .check
            .sections
            .iter()
            .filter(|(dir, _)| {
                let dir = dir.trim_matches('/');
                dir.is_empty() || content_rel.starts_with(&format!("{dir}/"))
            })
            .max_by_key(|(dir, _)| dir.len())
            .map(|(d, r)| (d.as_str(), r))
    }

    fn required(&self, page: &Page, dir: &str, rule: &SectionCheck, out: &mut Findings) {
        if let Some(unless) = &rule.unless
            && field(&page.meta, unless).is_present()
        {
            return;
        }
        let m = &self.msg;
        let src = &page.source;
        for (name, ty) in &rule.required {
            let Some(ty) = FieldType::parse(ty) else {
                continue;
            };
            let value = field(&page.meta, name);
            let (table, key) = match name.rsplit_once('.') {
                Some((t, k)) => (t, k),
                None => ("", name.as_str()),
            };
            match value {
                Value::Missing => {
                    let example = if table.is_empty() {
                        ty.example(key)
                    } else {
                        format!("[{table}]\n{}", ty.example(key))
                    };
                    let at = src.text.find('\n').map_or(0, |i| i + 1);
                    out.push(
                        "required",
                        Diagnostic::error(m.text(
                            "check_required_missing",
                            "the field `{field}` is missing: pages in {section}/ must have it",
                            &[("field", name), ("section", dir)],
                        ))
                        .at(&src.rel, &src.text, at, 1)
                        .hint(m.text(
                            "check_required_missing_hint",
                            "add it to the front matter:\n{example}",
                            &[("example", &example)],
                        )),
                    );
                }
                Value::Builtin => {}
                Value::Toml(v) => {
                    if let Some(problem) = ty.check(v) {
                        let at = find_front_matter_key(&src.text, src.body_offset, table, key)
                            .unwrap_or(0);
                        let what = ty.describe(m);
                        let message = match problem {
                            Problem::Empty => m.text(
                                "check_required_empty",
                                "the field `{field}` is empty",
                                &[("field", name)],
                            ),
                            Problem::WrongType => m.text(
                                "check_required_type",
                                "the field `{field}` must be {what}",
                                &[("field", name), ("what", &what)],
                            ),
                        };
                        out.push(
                            "required",
                            Diagnostic::error(message)
                                .at(&src.rel, &src.text, at, key.len())
                                .hint(m.text(
                                    "check_required_type_hint",
                                    "write it like this: {example}",
                                    &[("example", &ty.example(key))],
                                )),
                        );
                    }
                }
            }
        }
    }

    fn future_date(&self, src: &SourceFile, meta: &PageMeta, out: &mut Findings) {
        let Some(date) = &meta.date else { return };
        if date.day() <= self.today.as_str() {
            return;
        }
        let m = &self.msg;
        let at = find_front_matter_key(&src.text, src.body_offset, "", "date").unwrap_or(0);
        out.push(
            "future",
            Diagnostic::warning(m.text(
                "check_future_date",
                "the date {date} is in the future, but these pages record what has already happened",
                &[("date", date.day())],
            ))
            .at(&src.rel, &src.text, at, 4)
            .hint(m.text(
                "check_future_date_hint",
                "check the year; a page dated in the future is not published until that day",
                &[],
            )),
        );
    }

    /// Two pages of one section and language with the same title.
    fn duplicate_titles(&self) -> Vec<Diagnostic> {
        let m = &self.msg;
        let mut groups: BTreeMap<(Option<usize>, &str, String), Vec<&Page>> = BTreeMap::new();
        for p in &self.site.pages {
            let title = p.meta.title.trim().to_lowercase();
            groups
                .entry((p.section, p.lang.as_str(), title))
                .or_default()
                .push(p);
        }
        let mut out = Vec::new();
        for mut pages in groups.into_values().filter(|g| g.len() > 1) {
            pages.sort_by(|a, b| a.source.rel.cmp(&b.source.rel));
            let first = &pages[0].source.rel;
            for p in &pages[1..] {
                let src = &p.source;
                let at =
                    find_front_matter_key(&src.text, src.body_offset, "", "title").unwrap_or(0);
                out.push(
                    Diagnostic::warning(m.text(
                        "check_duplicate_title",
                        "{other} in the same section has the same title",
                        &[("other", first)],
                    ))
                    .at(&src.rel, &src.text, at, 5)
                    .hint(m.text(
                        "check_duplicate_title_hint",
                        "give the pages titles that tell them apart in listings and search results",
                        &[],
                    )),
                );
            }
        }
        out
    }

    /// Attachments larger than the limit, each file once.
    fn attachments(&self) -> Vec<Diagnostic> {
        let mut seen = HashSet::new();
        let all = self
            .site
            .pages
            .iter()
            .flat_map(|p| &p.attachments)
            .chain(self.site.sections.iter().flat_map(|s| &s.attachments));
        let mut out = Vec::new();
        for a in all {
            if a.size > self.limit && seen.insert(&a.source) {
                let rel = crate::diag::relative_to(&a.source, &self.site.root);
                out.push(self.too_large(&crate::diag::display_path(&rel), a.size));
            }
        }
        out
    }

    /// Pages left out of this run for their date, in sections whose pages record the past:
    /// they are not loaded, so their front matter is read here.
    fn left_out_in_the_future(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut left_out: Vec<&String> = self.site.left_out.iter().collect();
        left_out.sort();
        for content_rel in left_out {
            let Some((_, rule)) = self.rule_for(content_rel) else {
                continue;
            };
            if !rule.past_dates {
                continue;
            }
            let rel = format!("{}/{content_rel}", crate::content::CONTENT_DIR);
            let Some(src) = read_source(&self.site.root, &rel, content_rel) else {
                continue;
            };
            let fm = &src.text[..src.body_offset];
            let toml_start = fm.find('\n').map_or(0, |i| i + 1);
            let toml_end = fm.trim_end_matches('\n').rfind('\n').unwrap_or(toml_start);
            let ts = TomlSource {
                file: std::path::Path::new(&rel),
                file_text: &src.text,
                base: toml_start,
                toml: &src.text[toml_start..toml_end.max(toml_start)],
            };
            // A front matter with errors was reported when the site was loaded.
            if let Some(meta) = ts
                .parse()
                .ok()
                .and_then(|t| ts.deserialize::<PageMeta>(t).ok())
            {
                let mut f = Findings::new(&src.rel);
                self.future_date(&src, &meta, &mut f);
                out.extend(f.finish(&self.msg).0);
            }
        }
        out
    }
}

fn read_source(root: &std::path::Path, rel: &str, content_rel: &str) -> Option<SourceFile> {
    let abs = root.join(rel);
    let bytes = std::fs::read(&abs).ok()?;
    let text = crate::text::decode::decode_text(std::path::Path::new(rel), &bytes).ok()?;
    let (_, body_offset) =
        crate::content::split_front_matter(std::path::Path::new(rel), &text).ok()?;
    Some(SourceFile {
        rel: rel.to_string(),
        content_rel: content_rel.to_string(),
        abs,
        text,
        body_offset,
    })
}

/// Text of an HTML fragment without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The `alt` of an `<img …>` tag: `None` if it has none.
fn html_img_alt(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let i = lower.find("<img")?;
    let rest = &lower[i..];
    let mut search = 0;
    while let Some(p) = rest[search..].find("alt").map(|p| p + search) {
        search = p + 3;
        let before = rest[..p].chars().next_back();
        let raw = &rest[p + 3..];
        // `data-alt` and `alternative` are other attributes.
        if !before.is_some_and(char::is_whitespace)
            || raw.starts_with(|c: char| c.is_alphanumeric() || c == '-')
        {
            continue;
        }
        let Some(v) = raw.trim_start().strip_prefix('=') else {
            // A bare `alt` attribute is an empty one.
            return Some(String::new());
        };
        let v = v.trim_start();
        let value = match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v.split([' ', '>', '/']).next().unwrap_or(""),
        };
        return Some(value.to_string());
    }
    None
}

/// Byte offset of `key = …` in the front matter table `table` (`""` for the top level,
/// `extra` for `[extra]`).
fn find_front_matter_key(text: &str, body_offset: usize, table: &str, key: &str) -> Option<usize> {
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

/// A front matter field as a required-field rule sees it.
enum Value<'a> {
    Missing,
    /// A field of the page's own that is present; its type was checked when it was read.
    Builtin,
    Toml(&'a toml::Value),
}

impl Value<'_> {
    fn is_present(&self) -> bool {
        !matches!(self, Value::Missing)
    }
}

fn field<'a>(meta: &'a PageMeta, name: &str) -> Value<'a> {
    let present = |b: bool| if b { Value::Builtin } else { Value::Missing };
    match name {
        "title" => present(!meta.title.trim().is_empty()),
        "description" => present(
            meta.description
                .as_ref()
                .is_some_and(|d| !d.trim().is_empty()),
        ),
        "date" => present(meta.date.is_some()),
        "updated" => present(meta.updated.is_some()),
        "weight" => present(meta.weight.is_some()),
        "slug" => present(meta.slug.is_some()),
        "template" => present(meta.template.is_some()),
        "aliases" => present(!meta.aliases.is_empty()),
        "draft" => Value::Builtin,
        _ => {
            if let Some(tax) = name.strip_prefix("taxonomies.") {
                return present(meta.taxonomies.get(tax).is_some_and(|t| !t.is_empty()));
            }
            let Some(path) = name.strip_prefix("extra.") else {
                return Value::Missing;
            };
            let mut parts = path.split('.');
            let mut value = parts.next().and_then(|p| meta.extra.get(p));
            for p in parts {
                value = value.and_then(|v| v.get(p));
            }
            value.map_or(Value::Missing, Value::Toml)
        }
    }
}

pub(super) enum Problem {
    Empty,
    WrongType,
}

impl FieldType {
    fn check(self, v: &toml::Value) -> Option<Problem> {
        use toml::Value as V;
        let ok = match (self, v) {
            (FieldType::Text, V::String(s)) => {
                return s.trim().is_empty().then_some(Problem::Empty);
            }
            (FieldType::List, V::Array(a)) => return a.is_empty().then_some(Problem::Empty),
            (FieldType::Date, V::Datetime(d)) => d.date.is_some(),
            (FieldType::Date, V::String(s)) => crate::config::tomlfile::Date::parse(s).is_ok(),
            (FieldType::Integer, V::Integer(_)) => true,
            (FieldType::Number, V::Integer(_) | V::Float(_)) => true,
            (FieldType::Boolean, V::Boolean(_)) => true,
            _ => false,
        };
        (!ok).then_some(Problem::WrongType)
    }

    fn describe(self, m: &Messages) -> String {
        match self {
            FieldType::Text => m.text("check_type_text", "text in double quotes", &[]),
            FieldType::Date => m.text("check_type_date", "a date such as 2024-05-16", &[]),
            FieldType::Integer => m.text("check_type_integer", "a whole number", &[]),
            FieldType::Number => m.text("check_type_number", "a number", &[]),
            FieldType::Boolean => m.text("check_type_boolean", "true or false", &[]),
            FieldType::List => m.text("check_type_list", "a list in brackets", &[]),
        }
    }

    fn example(self, key: &str) -> String {
        let value = match self {
            FieldType::Text => "\"…\"",
            FieldType::Date => "2024-05-16",
            FieldType::Integer => "10",
            FieldType::Number => "1.5",
            FieldType::Boolean => "true",
            FieldType::List => "[\"…\"]",
        };
        format!("{key} = {value}")
    }
}

/// Called by `pipeline::load_site`: adds the content checks' findings to the pipeline's.
/// A term outside a taxonomy's data is reported once, in the site's words, instead of also
/// by the graph's own generic warning at the same place.
pub fn lint_site(site: &Site, diags: Diagnostics) -> Diagnostics {
    let started = Instant::now();
    let lint = lint(site);
    let mut items: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| {
            let replaced = d.severity == Severity::Warning
                && d.message.contains("is not in the data for")
                && d.file
                    .as_ref()
                    .is_some_and(|f| lint.term_locations.contains(&(f.clone(), d.line, d.column)));
            !replaced
        })
        .cloned()
        .collect();
    items.extend(lint.diagnostics);
    if std::env::var_os("SPINDEL_TIMINGS").is_some_and(|v| v != "0") {
        eprintln!(
            "timing: check {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    items.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn img_alt_is_read_from_html() {
        assert_eq!(html_img_alt("<img src=\"a.png\">"), None);
        assert_eq!(
            html_img_alt("<IMG ALT=\"Karta\" src=a.png>").as_deref(),
            Some("karta")
        );
        assert_eq!(html_img_alt("<img alt src=a.png>").as_deref(), Some(""));
        assert_eq!(html_img_alt("<img data-alt=\"x\" src=a.png>"), None);
    }

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
