//! Markdown to HTML with pulldown-cmark, plus what a publishing site needs on top: unique
//! heading ids with anchors, a table of contents, a summary, internal `@/` links resolved and
//! checked, quotation marks by language, highlighted code, tables without inline styles, and
//! raw HTML sanitized unless the site trusts it.
//!
//! Takes one page's or section's source, its language, the `Config` and a `LinkResolver` for
//! `@/` links; gives `Rendered` (HTML, summary, table of contents, heading ids, word count and,
//! from the same pass, the facts later stages read: `facts.rs`), the `#anchor` links to check
//! once every page is rendered, and the problems found.

pub mod facts;
pub mod highlight;
mod html;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::config::Config;
use crate::content::model::{Rendered, SharedText, SourceFile, Target, TocEntry};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::msg;
use crate::text::slug::slugify;

pub use html::escape_attr;
use html::{code_block_html, leave_out_controls, sanitizer};

/// Marks the summary's end until the HTML is complete; never reaches the output.
const MORE_SENTINEL: &str = "<!--spindel:more-->";

/// A heading being collected: level, `{#id}`, `{.class}`es, the events inside, its plain text.
type OpenHeading<'a> = (
    HeadingLevel,
    Option<String>,
    Vec<String>,
    Vec<Event<'a>>,
    String,
);

/// Finds what an internal link names; the site graph implements it.
pub trait LinkResolver: Sync {
    /// `content_rel` is the path after `@/`, without the `#anchor`.
    fn resolve_link(&self, content_rel: &str) -> Option<(Target, &str)>;
    /// Known sources, for suggesting the nearest one.
    fn link_candidates(&self) -> Vec<&str>;
    /// A draft or future-dated page, left out of this build.
    fn is_left_out(&self, _content_rel: &str) -> bool {
        false
    }
    /// An internal page (the editor guide), which only the preview has.
    fn is_internal(&self, _content_rel: &str) -> bool {
        false
    }
    /// A source that exists but failed to load: its own error says so already.
    fn is_unloadable(&self, _content_rel: &str) -> bool {
        false
    }
}

/// An `#anchor` to verify once every page's headings are known.
#[derive(Debug, Clone)]
pub struct AnchorCheck {
    pub target: Target,
    pub anchor: String,
    /// Byte offset of the link destination in the source file, and its length.
    pub offset: usize,
    pub len: usize,
}

#[derive(Debug, Default)]
pub struct MarkdownOutput {
    pub rendered: Rendered,
    pub anchors: Vec<AnchorCheck>,
    pub diagnostics: Vec<Diagnostic>,
    /// Broken links past `MAX_LINK_ERRORS`, counted but not pointed at.
    links_not_shown: usize,
}

/// Broken internal links reported one by one per file. Pointing at a link costs a scan of
/// the file up to it, so a hostile file with a million broken links would otherwise take
/// hours to report; no editor reads past the first few hundred anyway.
const MAX_LINK_ERRORS: usize = 200;

/// Where `render_into` puts the HTML and the text of pages rendered one after another, so
/// that they are kept in a few large buffers rather than two allocations per page.
///
/// Both live from the Markdown pass on, and the text is let go after the search index while
/// the HTML stays: allocated page by page, each would sit between sources and HTML of the
/// same size, and what is freed could not be given back whole (see BENCHMARKS.md, "The
/// restructure").
#[derive(Default)]
pub struct Batch {
    html: String,
    text: String,
}

/// Where a page's HTML and text stand in its `Batch`.
#[derive(Default)]
pub struct Placed {
    html: Range<usize>,
    text: Range<usize>,
}

/// A finished `Batch`, its buffers shared by its pages.
pub struct SharedBatch {
    html: std::sync::Arc<String>,
    text: std::sync::Arc<String>,
}

impl Batch {
    /// A batch for pages whose Markdown is `source_bytes` long in all.
    pub fn for_sources(source_bytes: usize) -> Batch {
        Batch {
            // As `render_into` finds them: HTML a little longer than the Markdown, the text
            // shorter.
            html: String::with_capacity(source_bytes + source_bytes / 2),
            text: String::with_capacity(source_bytes),
        }
    }

    pub fn share(mut self) -> SharedBatch {
        self.html.shrink_to_fit();
        self.text.shrink_to_fit();
        SharedBatch {
            html: std::sync::Arc::new(self.html),
            text: std::sync::Arc::new(self.text),
        }
    }
}

impl SharedBatch {
    /// Points a page's HTML and text at their place in the batch.
    pub fn attach(&self, rendered: &mut Rendered, placed: Placed) {
        rendered.html = SharedText::new(&self.html, placed.html);
        rendered.facts.text.text = SharedText::new(&self.text, placed.text);
    }
}

/// Renders a page's Markdown, in a batch of its own (see `render_into`).
pub fn render(
    src: &SourceFile,
    lang: &str,
    config: &Config,
    links: &dyn LinkResolver,
) -> MarkdownOutput {
    let mut batch = Batch::for_sources(src.body().len());
    let (mut out, placed) = render_into(src, lang, config, links, &mut batch);
    batch.share().attach(&mut out.rendered, placed);
    out
}

/// Renders a page's Markdown, appending its HTML and text to `batch`. The page's HTML and
/// text are left empty, to be pointed at their place once the batch is done.
pub fn render_into(
    src: &SourceFile,
    lang: &str,
    config: &Config,
    links: &dyn LinkResolver,
    batch: &mut Batch,
) -> (MarkdownOutput, Placed) {
    let body = src.body();
    let md = &config.markdown;
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if md.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let quotes = config.quotes(lang);
    // A variant written a sentence a line (lättläst): its line breaks are the page's.
    let file_name = src.rel.rsplit('/').next().unwrap_or("");
    let line_breaks = md
        .line_breaks
        .iter()
        .any(|v| file_name.contains(&format!(".{v}.")));
    let mut out = MarkdownOutput::default();
    let mut events: Vec<Event> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut headings: Vec<(u8, String, String)> = Vec::new();
    let mut has_raw_html = false;
    let mut has_code = false;
    let mut words = 0usize;

    // Open heading: its level, id/classes from `{#id .class}`, the events inside, its text.
    let mut heading: Option<OpenHeading> = None;
    let mut code: Option<(String, String)> = None;
    let mut table_align: Vec<Alignment> = Vec::new();
    let mut in_table_head = false;
    let mut cell_index = 0;

    let mut facts = facts::Collector::new(body, src.body_offset);

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        facts.event(&event, &range);
        let event = match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((
                    level,
                    id.map(|i| i.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    Vec::new(),
                    String::new(),
                ));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, given_id, classes, inner, text)) = heading.take() else {
                    continue;
                };
                let base = given_id
                    .map(|i| slugify(&i))
                    .filter(|i| !i.is_empty())
                    .unwrap_or_else(|| {
                        let s = slugify(&text);
                        if s.is_empty() {
                            "rubrik".to_string()
                        } else {
                            s
                        }
                    });
                let id = unique_id(&mut ids, base);
                facts.heading_id(&id);
                let n = level as u8;
                let class_attr = if classes.is_empty() {
                    String::new()
                } else {
                    format!(
                        " class=\"{}\"",
                        classes
                            .iter()
                            .map(|c| escape_attr(c))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                };
                events.push(Event::Html(
                    format!("<h{n} id=\"{id}\"{class_attr}>").into(),
                ));
                events.extend(inner);
                if md.heading_anchors {
                    // Hidden from assistive technology and the tab order: the heading itself
                    // is the landmark; the anchor is a convenience for copying links. Nothing
                    // between it and the last word (no space, where a line could break), so
                    // that it never wraps alone onto a line of its own; CSS gives the gap.
                    // Nothing invisible either: the heading's text stays what readers see.
                    events.push(Event::Html(
                        format!("<a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>")
                            .into(),
                    ));
                }
                events.push(Event::Html(format!("</h{n}>\n").into()));
                headings.push((n, id, text.trim().to_string()));
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                has_code = true;
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((lang, text)) = code.take() else {
                    continue;
                };
                events.push(Event::Html(
                    code_block_html(&text, &lang, md.highlight_code).into(),
                ));
                continue;
            }
            Event::Text(t) if code.is_some() => {
                facts.text(&t);
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
                continue;
            }
            Event::Text(t) => {
                words += crate::text::words::count_words(&t);
                if let Some(h) = heading.as_mut() {
                    h.4.push_str(&t);
                }
                let t = localize_quotes(t, &quotes);
                facts.text(&t);
                Event::Text(t)
            }
            Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.4.push_str(&t);
                }
                Event::Code(t)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => Event::Start(Tag::Link {
                link_type,
                dest_url: internal_dest(&dest_url, range, body, src, links, &mut out).into(),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => Event::Start(Tag::Image {
                link_type,
                dest_url: internal_dest(&dest_url, range, body, src, links, &mut out).into(),
                title,
                id,
            }),
            Event::SoftBreak if line_breaks && heading.is_none() => Event::HardBreak,
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- more -->" => {
                Event::Html(MORE_SENTINEL.into())
            }
            Event::Html(h) => {
                has_raw_html = true;
                Event::Html(h)
            }
            Event::InlineHtml(h) => {
                has_raw_html = true;
                Event::InlineHtml(h)
            }
            Event::Start(Tag::Table(align)) => {
                table_align = align;
                Event::Html(format!("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\"><table>", table_label(lang)).into())
            }
            Event::End(TagEnd::Table) => Event::Html("</tbody></table></div>\n".into()),
            Event::Start(Tag::TableHead) => {
                in_table_head = true;
                cell_index = 0;
                Event::Html("<thead><tr>".into())
            }
            Event::End(TagEnd::TableHead) => {
                in_table_head = false;
                Event::Html("</tr></thead><tbody>\n".into())
            }
            Event::Start(Tag::TableRow) => {
                cell_index = 0;
                Event::Html("<tr>".into())
            }
            Event::End(TagEnd::TableRow) => Event::Html("</tr>\n".into()),
            Event::Start(Tag::TableCell) => {
                let class = match table_align.get(cell_index) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                cell_index += 1;
                Event::Html(if in_table_head {
                    format!("<th scope=\"col\"{class}>").into()
                } else {
                    format!("<td{class}>").into()
                })
            }
            Event::End(TagEnd::TableCell) => {
                Event::Html(if in_table_head { "</th>" } else { "</td>" }.into())
            }
            other => other,
        };
        match heading.as_mut() {
            Some(h) => h.3.push(event),
            None => events.push(event),
        }
    }

    let html = &mut batch.html;
    let start = html.len();
    pulldown_cmark::html::push_html(html, events.into_iter());
    leave_out_controls(html, start);
    let mut summary = None;
    if let Some(i) = memchr::memmem::find(&html.as_bytes()[start..], MORE_SENTINEL.as_bytes()) {
        summary = Some(html[start..start + i].to_string());
        html.replace_range(start + i..start + i + MORE_SENTINEL.len(), "");
    }
    if has_raw_html && !md.trust_html {
        let clean = sanitizer().clean(&html[start..]).to_string();
        html.truncate(start);
        html.push_str(&clean);
        summary = summary.map(|s| sanitizer().clean(&s).to_string());
    }
    let html_range = start..html.len();
    if out.links_not_shown > 0 {
        out.diagnostics.push(
            Diagnostic::error(
                Code::LinksNotShown,
                msg!("links-not-shown", n = out.links_not_shown),
            )
            .in_file(&src.rel)
            .hint(msg!("check-more-hint")),
        );
    }
    let (found, text_range) = facts.finish(&mut batch.text);
    out.rendered = Rendered {
        html: SharedText::default(),
        summary,
        toc: build_toc(&headings),
        heading_ids: headings.into_iter().map(|(_, id, _)| id).collect(),
        word_count: words,
        has_code,
        facts: found,
    };
    let placed = Placed {
        html: html_range,
        text: text_range,
    };
    (out, placed)
}

fn table_label(lang: &str) -> &'static str {
    match lang {
        "sv" => "Tabell",
        _ => "Table",
    }
}

/// The URL for an `@/` destination found in the event spanning `range` of the body.
fn internal_dest(
    dest: &str,
    range: std::ops::Range<usize>,
    body: &str,
    src: &SourceFile,
    links: &dyn LinkResolver,
    out: &mut MarkdownOutput,
) -> String {
    let at = body[range.clone()].find("@/").unwrap_or(0);
    resolve_internal(dest, src, src.body_offset + range.start + at, links, out)
}

/// Resolves `@/path.md#anchor` to its URL; records the anchor for a later check.
fn resolve_internal(
    dest: &str,
    src: &SourceFile,
    file_offset: usize,
    links: &dyn LinkResolver,
    out: &mut MarkdownOutput,
) -> String {
    let raw = &dest[2..];
    let (path, anchor) = match raw.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (raw, None),
    };
    match links.resolve_link(path) {
        Some((target, url)) => {
            if let Some(a) = anchor {
                out.anchors.push(AnchorCheck {
                    target,
                    anchor: a.to_string(),
                    offset: file_offset,
                    len: dest.len(),
                });
                format!("{url}#{a}")
            } else {
                url.to_string()
            }
        }
        None if links.is_unloadable(path) => "#".to_string(),
        None if out.diagnostics.len() >= MAX_LINK_ERRORS => {
            out.links_not_shown += 1;
            "#".to_string()
        }
        None if links.is_internal(path) => {
            out.diagnostics.push(
                Diagnostic::error(Code::LinkLeftOut, msg!("link-to-internal", dest = dest))
                    .at(&src.rel, &src.text, file_offset, dest.len())
                    .hint(msg!("link-to-internal-hint")),
            );
            "#".to_string()
        }
        None if links.is_left_out(path) => {
            out.diagnostics.push(
                Diagnostic::error(Code::LinkLeftOut, msg!("check-link-to-draft", dest = dest))
                    .at(&src.rel, &src.text, file_offset, dest.len())
                    .hint(msg!("link-to-draft-build-hint")),
            );
            "#".to_string()
        }
        None => {
            let candidates = links.link_candidates();
            let d = Diagnostic::error(Code::LinkMissing, msg!("check-link-missing", dest = dest))
                .at(&src.rel, &src.text, file_offset, dest.len());
            let d = match did_you_mean(path, candidates.iter().copied()) {
                Some(near) => d.hint(msg!("did-you-mean", word = format!("@/{near}"))),
                None => d.hint(msg!("check-link-missing-hint")),
            };
            out.diagnostics.push(d);
            "#".to_string()
        }
    }
}

fn unique_id(ids: &mut HashMap<String, usize>, base: String) -> String {
    let n = ids.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        return base;
    }
    let mut candidate = format!("{base}-{}", *n - 1);
    while ids.contains_key(&candidate) {
        *ids.get_mut(&base).unwrap_or(&mut 0) += 1;
        candidate = format!("{base}-{}", ids[&base] - 1);
    }
    ids.insert(candidate.clone(), 1);
    candidate
}

/// Straight quotes became “…” with smart punctuation; here they take the language's form.
fn localize_quotes<'a>(text: CowStr<'a>, q: &[String; 4]) -> CowStr<'a> {
    // “ ” ‘ ’ are E2 80 9C, 9D, 98 and 99 in UTF-8: found from their first two bytes, not by
    // decoding every character of every text.
    let has_quotes = memchr::memmem::find_iter(text.as_bytes(), b"\xE2\x80")
        .any(|i| matches!(text.as_bytes().get(i + 2), Some(0x98 | 0x99 | 0x9C | 0x9D)));
    if !has_quotes {
        return text;
    }
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '“' => s.push_str(&q[0]),
            '”' => s.push_str(&q[1]),
            '‘' => s.push_str(&q[2]),
            '’' => s.push_str(&q[3]),
            c => s.push(c),
        }
    }
    s.into()
}

fn build_toc(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in headings {
        insert(
            &mut toc,
            TocEntry {
                level: *level,
                id: id.clone(),
                title: title.clone(),
                children: Vec::new(),
            },
        );
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::{BlockKind, PageId};

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve_link(&self, p: &str) -> Option<(Target, &str)> {
            (p == "metoder/brobyggare.md")
                .then_some((Target::Page(PageId::new(0)), "/metoder/brobyggare/"))
        }
        fn link_candidates(&self) -> Vec<&str> {
            vec!["metoder/brobyggare.md"]
        }
    }

    fn source(body: &str) -> SourceFile {
        SourceFile {
            rel: "content/a.md".into(),
            content_rel: "a.md".into(),
            abs: "a.md".into(),
            body_offset: 20,
            text: format!("+++\ntitle = \"x\"\n+++\n{body}"),
        }
    }

    fn config() -> Config {
        Config::parse("title = \"t\"\nbase_url = \"https://a.se\"\n").unwrap()
    }

    fn md(body: &str) -> MarkdownOutput {
        render(&source(body), "sv", &config(), &NoLinks)
    }

    #[test]
    fn pages_rendered_in_one_batch_get_what_each_gets_alone() {
        let bodies = [
            "## Första\n\nText med <b>rå</b> HTML.\n\n<!-- more -->\n\nMer.\n",
            "",
            "- en\n- två\n\n<script>x()</script>\n",
        ];
        let config = config();
        let mut batch = Batch::for_sources(1);
        let mut outs: Vec<(MarkdownOutput, Placed)> = bodies
            .iter()
            .map(|b| render_into(&source(b), "sv", &config, &NoLinks, &mut batch))
            .collect();
        let shared = batch.share();
        for ((out, placed), body) in outs.iter_mut().zip(bodies) {
            shared.attach(&mut out.rendered, std::mem::take(placed));
            let alone = md(body);
            assert_eq!(out.rendered.html, alone.rendered.html);
            assert_eq!(out.rendered.summary, alone.rendered.summary);
            assert_eq!(out.rendered.facts.text, alone.rendered.facts.text);
        }
        assert!(outs[0].0.rendered.html.contains("<h2"));
        assert!(outs[2].0.rendered.facts.text.text.starts_with("en två"));
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let out = md("## Får vi tala?\n\n## Får vi tala?\n\n### Under\n");
        let html = &out.rendered.html;
        assert!(html.contains("<h2 id=\"far-vi-tala\">"), "{html}");
        assert!(html.contains("<h2 id=\"far-vi-tala-1\">"), "{html}");
        assert_eq!(out.rendered.toc.len(), 2);
        assert_eq!(out.rendered.toc[1].children[0].id, "under");
    }

    #[test]
    fn swedish_quotes() {
        let out = md("Han sa \"hej\" och 'då'.\n");
        assert!(out.rendered.html.contains("”hej”"), "{}", out.rendered.html);
        assert!(out.rendered.html.contains("’då’"), "{}", out.rendered.html);
    }

    #[test]
    fn internal_links_resolve_and_missing_ones_point_at_the_line() {
        let out = md(
            "Se [brobyggare](@/metoder/brobyggare.md#resultat).\n\nOch [x](@/metoder/brobygare.md).\n",
        );
        assert!(
            out.rendered
                .html
                .contains("href=\"/metoder/brobyggare/#resultat\"")
        );
        assert_eq!(out.anchors.len(), 1);
        let d = &out.diagnostics[0];
        assert_eq!((d.line, d.column), (6, 9));
        assert!(
            d.hint_text(&crate::msg::Catalogue::default())
                .unwrap()
                .contains("@/metoder/brobyggare.md")
        );
    }

    #[test]
    fn scripts_are_removed_and_tables_have_no_styles() {
        let out = md(
            "<script>alert(1)</script>\n\n<b onclick=\"x()\">fet</b>\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n",
        );
        let html = &out.rendered.html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
    }

    #[test]
    fn summary_is_cut_at_more() {
        let out = md("Inledning.\n\n<!-- more -->\n\nResten.\n");
        assert_eq!(out.rendered.summary.as_deref(), Some("<p>Inledning.</p>\n"));
        assert!(!out.rendered.html.contains("more"));
    }

    fn blocks(out: &MarkdownOutput) -> Vec<(BlockKind, &str)> {
        let t = &out.rendered.facts.text;
        t.blocks
            .iter()
            .map(|b| (b.kind, &t.text[b.start as usize..b.end as usize]))
            .collect()
    }

    #[test]
    fn the_text_is_kept_block_by_block() {
        let out = md(
            "## Resultat\n\nFörsta  stycket\nfortsätter.\n\n- ett\n- två\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nkod  här\n```\n",
        );
        let facts = &out.rendered.facts;
        assert_eq!(
            facts.text.text,
            "Resultat Första stycket fortsätter. ett två a b 1 2 kod här"
        );
        assert_eq!(
            blocks(&out),
            vec![
                (BlockKind::Heading(2), "Resultat"),
                (BlockKind::Paragraph, "Första stycket fortsätter."),
                (BlockKind::ListItem, "ett"),
                (BlockKind::ListItem, "två"),
                (BlockKind::TableCell { first: true }, "a"),
                (BlockKind::TableCell { first: false }, "b"),
                (BlockKind::TableCell { first: true }, "1"),
                (BlockKind::TableCell { first: false }, "2"),
                (BlockKind::Code, "kod här"),
            ]
        );
    }

    #[test]
    fn the_text_leaves_out_what_readers_do_not_see() {
        let out = md(
            "Text<span aria-hidden=\"true\">dold</span> och ![bild](a.png) <script>x()</script>&amp; mer.\n\n<div>\n<p>I &quot;block&quot;</p>\n</div>\n\nFotnot[^1].\n\n[^1]: Noten.\n",
        );
        assert_eq!(
            out.rendered.facts.text.text,
            "Text och & mer. I \"block\" Fotnot1. 1 Noten."
        );
    }

    #[test]
    fn headings_and_links_are_found_with_their_places() {
        let body = "## Rubrik {#egen}\n\nSe [sidan](@/metoder/brobyggare.md#resultat) och [![Karta](karta.png)](https://a.se/x).\n";
        let out = md(body);
        let facts = &out.rendered.facts;
        let text = format!("+++\ntitle = \"x\"\n+++\n{body}");
        assert_eq!(facts.headings.len(), 1);
        assert_eq!(
            (facts.headings[0].level, facts.headings[0].id.as_str()),
            (2, "egen")
        );
        assert_eq!(&text[facts.headings[0].offset..][..9], "## Rubrik");
        let dests: Vec<(&str, &str, &str)> = facts
            .links
            .iter()
            .map(|l| {
                let at = &text[l.dest_offset..l.dest_offset + l.dest_len];
                (l.dest.as_str(), l.text.as_str(), at)
            })
            .collect();
        assert_eq!(
            dests,
            vec![
                (
                    "@/metoder/brobyggare.md#resultat",
                    "sidan",
                    "@/metoder/brobyggare.md#resultat"
                ),
                ("karta.png", "Karta", "karta.png"),
                ("https://a.se/x", "Karta", "https://a.se/x"),
            ]
        );
        assert!(facts.links[1].image && !facts.links[2].image);
    }
}
