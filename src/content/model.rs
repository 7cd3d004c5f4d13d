//! The central data model: one plain structure that every stage reads and fills in turn.
//!
//! `content` creates pages and sections from files, `site` links them (sections, URLs,
//! translations, taxonomies), `markdown` fills `Rendered`, `render` turns it all into files.
//! Pages and sections refer to each other by index, so a stage can be re-run for one page
//! (incremental rebuilds in `serve`) without rebuilding the graph.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use crate::config::Config;
use crate::config::time::Date;
use crate::diag::Diagnostic;

/// A page's place in `Site::pages`. A newtype, so that it does not mix with a section's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

/// A section's place in `Site::sections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(pub usize);

macro_rules! id_type {
    ($id:ident, $item:ty) => {
        impl $id {
            pub const fn new(i: usize) -> $id {
                $id(i)
            }

            /// The place, for arrays of per-item data kept beside the site's.
            pub const fn index(self) -> usize {
                self.0
            }

            /// The ids of `0..n`.
            pub fn range(
                n: usize,
            ) -> impl DoubleEndedIterator<Item = $id> + ExactSizeIterator + Clone {
                (0..n).map($id)
            }
        }

        impl std::ops::Index<$id> for Vec<$item> {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }

        impl std::ops::IndexMut<$id> for Vec<$item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.0]
            }
        }
    };
}

id_type!(PageId, Page);
id_type!(SectionId, Section);

/// What an internal link (`@/metoder/brobyggare.md`) can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Page(PageId),
    Section(SectionId),
}

/// A Markdown source file, kept whole so that any later stage can point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Site-relative path shown to editors: `content/metoder/brobyggare.md`.
    pub rel: String,
    /// Path relative to `content/`, the form internal links use: `metoder/brobyggare.md`.
    pub content_rel: String,
    pub abs: PathBuf,
    /// The file's text, BOM removed and line endings normalised to `\n`.
    pub text: String,
    /// Byte offset in `text` where the Markdown body starts (after the front matter).
    pub body_offset: usize,
}

impl SourceFile {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Date,
    Weight,
    Title,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    /// Only the preview shows the page (the editor guide); never listed, searched or fed.
    #[serde(default)]
    pub internal: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub extra: toml::Table,
}

impl PageMeta {
    /// Whether the front matter dates the page (`updated`, else `date`): the pages feeds list.
    pub fn last_changed(&self) -> Option<&Date> {
        self.updated.as_ref().or(self.date.as_ref())
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SectionMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub template: Option<String>,
    /// Template for the pages of this section that name none themselves.
    pub page_template: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: toml::Table,
}

/// What the Markdown stage produces for a page or section.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// Shared, not copied, with the template values.
    pub html: SharedText,
    /// The HTML before `<!-- more -->`, if the marker is present.
    pub summary: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page, for checking `#anchor` links.
    #[serde(skip)]
    pub heading_ids: Vec<String>,
    pub word_count: usize,
    /// Whether the page has a code block, so that templates link the highlighting
    /// stylesheet only where it is used.
    pub has_code: bool,
    /// What the later stages read of the Markdown, made in the same pass as the HTML.
    #[serde(skip)]
    pub facts: MarkdownFacts,
}

/// What the Markdown pass found besides the HTML, so that no later stage parses the page
/// again: the text readers see (the search index), and the headings, links and raw HTML with
/// where they stand in the file (the lints, and the links to other sites).
#[derive(Debug, Clone, Default)]
pub struct MarkdownFacts {
    pub text: PageText,
    pub headings: Vec<HeadingFact>,
    pub links: Vec<LinkFact>,
    /// Raw HTML in the Markdown: byte offset in the file and length, per piece.
    pub raw_html: Vec<(usize, usize)>,
}

/// The page's text as readers see it: what the HTML shows, without tags, whitespace collapsed,
/// blocks separated by a space. `blocks` says where each block of text stands in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageText {
    pub text: SharedText,
    pub blocks: Vec<TextBlock>,
}

/// A page's HTML or text, held in one buffer with that of the pages rendered beside it (see
/// `markdown::Batch`), and cheap to clone.
#[derive(Clone, Default)]
pub struct SharedText {
    buf: Option<std::sync::Arc<String>>,
    start: u32,
    end: u32,
}

impl SharedText {
    /// The text at `range` of `buf` (a page's text is far shorter than 4 GB).
    pub fn new(buf: &std::sync::Arc<String>, range: std::ops::Range<usize>) -> SharedText {
        debug_assert!(buf.get(range.clone()).is_some());
        SharedText {
            buf: Some(buf.clone()),
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// A text that is the only one in its buffer.
    pub fn alone(mut text: String) -> SharedText {
        text.shrink_to_fit();
        let end = text.len();
        SharedText::new(&std::sync::Arc::new(text), 0..end)
    }

    pub fn as_str(&self) -> &str {
        match &self.buf {
            Some(buf) => &buf[self.start as usize..self.end as usize],
            None => "",
        }
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText::alone(text.to_string())
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedText {}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl std::fmt::Display for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// One block of a page's text: a paragraph, a heading, a list item, a table cell, or code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextBlock {
    pub kind: BlockKind,
    /// Byte range in `PageText::text` (a page's text is far shorter than 4 GB).
    pub start: u32,
    pub end: u32,
    /// Bytes of the block's text that are the text of links: a list item that is all link
    /// is navigation ("Läs mer"), not something the page says.
    pub linked: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    /// A cell of a table; `first` when it begins its row, so that a row can be kept whole.
    TableCell {
        first: bool,
    },
    Code,
}

/// A heading of the Markdown: its level, id, and where it starts in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingFact {
    pub level: u8,
    pub id: String,
    /// Byte offset in the file, and the length of its first line.
    pub offset: usize,
    pub width: usize,
}

/// A link or image of the Markdown, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFact {
    pub image: bool,
    /// The destination as written (`@/metoder/brobyggare.md#resultat`, `https://…`).
    pub dest: String,
    /// The text a reader sees: the link's words, or an image's alt text.
    pub text: String,
    /// Byte offset in the file of the whole link, the length of its first line, and where
    /// it ends.
    pub offset: usize,
    pub width: usize,
    pub end: usize,
    /// Byte offset in the file of the destination, and its length.
    pub dest_offset: usize,
    pub dest_len: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A file that travels with a page bundle or section, copied next to its HTML.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub name: String,
    /// URL path of the copy.
    pub path: String,
    pub size: u64,
    /// Human-readable size in the Swedish style: `1,2 MB`.
    pub size_text: String,
    /// Short type name for readers: `PDF`, `Word`, `PNG`.
    pub kind: String,
    pub mime: String,
    #[serde(skip)]
    pub source: PathBuf,
    /// The text of a document (PDF, Word, OpenDocument text), for the search index
    /// (`content::attachment_text`), when it is one and it could be read.
    #[serde(skip)]
    pub text: Option<std::sync::Arc<str>>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourceFile,
    pub lang: String,
    pub meta: PageMeta,
    /// Identifies the page across languages: `metoder/brobyggare.md` for `brobyggare.en.md` too.
    pub translation_key: String,
    pub slug: String,
    /// URL path, with leading and trailing slash: `/metoder/brobyggare/`.
    pub path: String,
    /// Set for a page bundle (`dir/index.md`): its directory.
    pub bundle_dir: Option<PathBuf>,
    pub attachments: Vec<Attachment>,
    pub section: Option<SectionId>,
    /// When the last commit that changed the page's file was made, in the site's zone
    /// (`content/history.rs`); none outside git, for a file git does not know, or with
    /// `git_dates = false`.
    pub history: Option<Date>,
    pub rendered: Rendered,
    /// Neighbours in the section's order.
    pub prev: Option<PageId>,
    pub next: Option<PageId>,
    /// The same page in other languages.
    pub translations: Vec<PageId>,
    /// Pages that share the most terms with this one (see `[related]` in spindel.toml).
    pub related: Vec<PageId>,
    /// The variant this page is (`lattlast` for `sida.lattlast.md`), one of `variants` of
    /// spindel.toml.
    pub variant: Option<String>,
    /// The page or section this page is a variant of (`site::variants`).
    pub variant_of: Option<Target>,
    /// The variants of this page, in the order of `variants` of spindel.toml.
    pub variants: Vec<PageId>,
}

impl Page {
    /// Whether the page appears in lists: section pages, taxonomies, `get_pages()`, A–Ö,
    /// feeds and related pages. An internal page is listed nowhere, and a variant is reached
    /// from its page; both still have their own address.
    pub fn is_listed(&self) -> bool {
        !self.meta.internal && self.variant.is_none()
    }

    /// When the page was last updated, as readers are told: `updated` of its front matter,
    /// else the day of the last commit that changed its file, when that is a later day than
    /// its `date` (a page committed on the day it is dated was not updated since).
    pub fn updated(&self, zone: &jiff::tz::TimeZone) -> Option<&Date> {
        if let Some(u) = &self.meta.updated {
            return Some(u);
        }
        let h = self.history.as_ref()?;
        match &self.meta.date {
            Some(d) if h.day_in(zone) <= d.day_in(zone) => None,
            _ => Some(h),
        }
    }

    /// When the page last changed: `updated` as above, else `date` (the sitemap, feeds, the
    /// search index's recency).
    pub fn last_changed(&self, zone: &jiff::tz::TimeZone) -> Option<&Date> {
        self.updated(zone).or(self.meta.date.as_ref())
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub source: SourceFile,
    pub lang: String,
    pub meta: SectionMeta,
    pub translation_key: String,
    /// Directory relative to `content/`, `""` for the root section.
    pub dir: String,
    pub path: String,
    pub parent: Option<SectionId>,
    /// Pages in the section's sort order.
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
    pub attachments: Vec<Attachment>,
    /// When the last commit that changed its `_index.md` was made (see `Page::history`).
    pub history: Option<Date>,
    pub rendered: Rendered,
    pub translations: Vec<SectionId>,
    /// Variants of the section's page (`_index.lattlast.md`), which are pages.
    pub variants: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub lang: String,
    pub path: String,
    pub paginate_by: Option<usize>,
    /// Sorted by name in Swedish order.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    /// Display name as written: `Göteborg`.
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Newest first.
    pub pages: Vec<PageId>,
    /// The data entry the term came from, if the taxonomy is backed by a data file.
    pub data: Option<toml::Value>,
}

/// The whole site, as every stage after loading sees it.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    /// `data/*.toml`, keyed by file stem.
    pub data: toml::Table,
    /// When each data file (`kommuner.toml`) was last committed (`content/history.rs`).
    pub data_history: HashMap<String, crate::config::time::Date>,
    /// Whether drafts and future-dated pages are included.
    pub drafts: bool,
    /// Old URL paths (`aliases` in front matter) that redirect to a page.
    pub aliases: Vec<(String, PageId)>,
    /// Source path under `content/` → page or section, for internal links.
    pub link_index: HashMap<String, Target>,
    /// Sources that exist but failed to load (`metoder/x.md`, `data/kommuner.toml`), so that
    /// what depends on them is not reported a second time.
    pub unloadable: std::collections::HashSet<String>,
    /// Drafts and future-dated pages that exist but are left out of this build.
    pub left_out: std::collections::HashSet<String>,
    /// Internal pages (`internal = true`) left out because this build is not a preview.
    pub internal: std::collections::HashSet<String>,
    /// Internal links with an `#anchor`, kept so that anchors can be checked again when only
    /// one page changes.
    pub anchor_links: Vec<AnchorLink>,
}

/// `[text](@/metoder/brobyggare.md#resultat)` in `from`, pointing at a heading of `to`.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub from: Target,
    pub to: Target,
    pub anchor: String,
    /// Pointing at the destination in the source of `from`, its message still to be written:
    /// made while the source was at hand, as `build` lets sources go after the Markdown pass.
    pub at: Diagnostic,
}

/// Newest first by the date of last change, undated last, then by address: the order of
/// the search index's documents. No two pages share an
/// address (`site::check_unique_paths`), so the order never depends on chance.
pub fn newest_first<T: Ord>(
    (date_a, path_a): (Option<T>, &str),
    (date_b, path_b): (Option<T>, &str),
) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (date_a, date_b) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| path_a.cmp(path_b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => path_a.cmp(path_b),
    }
}

impl Site {
    /// Frees the Markdown sources once they are rendered and checked (`spindel build` needs
    /// them no more), and the internal links with anchors, checked too. A page whose front
    /// matter names a template keeps its source: a missing template is reported at that line.
    pub fn release_sources(&mut self) {
        self.anchor_links = Vec::new();
        for p in &mut self.pages {
            if p.meta.template.is_none() {
                p.source.text = String::new();
            }
        }
        for s in &mut self.sections {
            if s.meta.template.is_none() {
                s.source.text = String::new();
            }
        }
    }

    /// Frees what the Markdown pass found besides the HTML once the lints have read it and the
    /// search index has taken the text (`spindel build` needs it no more).
    pub fn release_markdown_facts(&mut self) {
        for p in &mut self.pages {
            p.rendered.facts = MarkdownFacts::default();
        }
        for s in &mut self.sections {
            s.rendered.facts = MarkdownFacts::default();
        }
    }

    /// When each page last changed (`Page::last_changed`) as an instant in the site's
    /// zone, by page id: sort keys, made once rather than in every comparison.
    pub fn last_changed(&self) -> Vec<Option<jiff::Timestamp>> {
        let zone = &self.config.zone;
        self.pages
            .iter()
            .map(|p| p.last_changed(zone).map(|d| d.timestamp(zone)))
            .collect()
    }

    /// Every page's id, language by language (in the order of `Config::language_codes`),
    /// each language newest first (`newest_first`): the order in which the search index
    /// reads the pages' text, which the Markdown pass follows so that the text of the pages
    /// it keeps together is let go together.
    pub fn pages_newest_first(&self) -> Vec<PageId> {
        let langs = self.config.language_codes();
        let rank = |lang: &str| langs.iter().position(|l| *l == lang).unwrap_or(langs.len());
        let changed = self.last_changed();
        let mut ids: Vec<PageId> = self.page_ids().collect();
        ids.sort_by(|&a, &b| {
            let (pa, pb) = (&self.pages[a], &self.pages[b]);
            rank(&pa.lang).cmp(&rank(&pb.lang)).then_with(|| {
                newest_first(
                    (changed[a.index()], &pa.path),
                    (changed[b.index()], &pb.path),
                )
            })
        });
        ids
    }

    /// Every page's id, in order.
    pub fn page_ids(
        &self,
    ) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator + Clone + use<> {
        PageId::range(self.pages.len())
    }

    /// Every section's id, in order.
    pub fn section_ids(
        &self,
    ) -> impl DoubleEndedIterator<Item = SectionId> + ExactSizeIterator + Clone + use<> {
        SectionId::range(self.sections.len())
    }

    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url, path)
    }
}
