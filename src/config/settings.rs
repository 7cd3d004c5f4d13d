//! The settings of `spindel.toml` as the stages read them, with their defaults.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Code, Diagnostic};
use crate::msg;

use serde::Deserialize;

pub const CONFIG_FILE: &str = "spindel.toml";

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub default_language: String,
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// Name of a directory under `themes/`.
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// The zone the site's dates are in (a name of the tz database): "today" for pages dated
    /// in the future, and dates written without an offset.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Whether a page without `updated` in its front matter shows the day of the last commit
    /// that changed its file (`content/history.rs`).
    #[serde(default = "yes")]
    pub git_dates: bool,
    /// `timezone`, looked up when the file is read.
    #[serde(skip, default = "default_zone")]
    pub zone: jiff::tz::TimeZone,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// The URL segment before page numbers of paginated listings: `/metoder/sida/2/`.
    #[serde(default = "default_paginate_path")]
    pub paginate_path: String,
    #[serde(default)]
    pub related: RelatedConfig,
    /// What `spindel check` (and `build`) checks beyond what every site needs; see `check`.
    #[serde(default)]
    pub check: CheckConfig,
    /// `[search]`: build a search index (see `search.rs`); none without the table.
    #[serde(default)]
    pub search: Option<SearchConfig>,
    /// `[feeds]`: Atom feeds (see `feeds.rs`); none without the table.
    #[serde(default)]
    pub feeds: Option<FeedsConfig>,
    /// `[publish]`: what `build` does to the output for publishing (see `assets.rs`).
    #[serde(default)]
    pub publish: PublishConfig,
    /// Versions of a page in another form, named by a suffix of the file: with
    /// `variants = ["lattlast"]`, `sida.lattlast.md` beside `sida.md` is its easy-to-read
    /// version, published at `…/sida/lattlast/` and linked both ways (`site::variants`).
    #[serde(default)]
    pub variants: Vec<String>,
    /// `[[data_exports]]`: lists of `data/` written as CSV or JSON files (see `exports.rs`).
    #[serde(default)]
    pub data_exports: Vec<DataExport>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// `[[data_exports]]`: a list of tables in `data/` published as a CSV or JSON file, so that
/// readers can download what a template shows (the members of the network).
#[derive(Debug, Clone, Deserialize)]
pub struct DataExport {
    /// The list, as a taxonomy's `data` names it: `kommuner.medlem`.
    pub data: String,
    /// The file's address under the site, ending `.csv` or `.json`: `kommun/medlemmar.csv`.
    pub path: String,
    /// The fields, in this order (the columns of a CSV file); default: every key of the
    /// entries, A–Z.
    #[serde(default)]
    pub fields: Vec<String>,
    /// CSV only: the character between fields, `,` by default (`;` for spreadsheets set to
    /// Swedish, where the comma is the decimal sign).
    #[serde(default = "default_delimiter")]
    pub delimiter: String,
    /// CSV only: begin the file with a byte order mark, which spreadsheets need to read
    /// UTF-8 (å, ä, ö) correctly.
    #[serde(default)]
    pub bom: bool,
}

fn default_delimiter() -> String {
    ",".into()
}

/// `[feeds]`: Atom feeds of the dated pages, newest first.
#[derive(Debug, Clone, Deserialize)]
pub struct FeedsConfig {
    /// A feed of every dated page per language: `/atom.xml`, `/en/atom.xml`.
    #[serde(default = "yes")]
    pub site: bool,
    /// Sections (folders under content/) whose pages the site-wide feed leaves out.
    #[serde(default)]
    pub site_exclude: Vec<String>,
    /// Sections (folders under content/) with a feed of their own: `/minnesanteckningar/atom.xml`.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Taxonomies with a feed per term: `/kommun/boras/atom.xml`.
    #[serde(default)]
    pub taxonomies: Vec<String>,
    /// Entries per feed, newest first; 0 for all.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
    /// Each entry carries the whole page, not only its description.
    #[serde(default)]
    pub full_content: bool,
    /// The file name of every feed.
    #[serde(default = "default_feed_filename")]
    pub filename: String,
    /// The author named in the feeds; default: the site's title in the feed's language.
    #[serde(default)]
    pub author: Option<String>,
}

fn default_timezone() -> String {
    crate::config::time::DEFAULT_TIMEZONE.into()
}
fn default_zone() -> jiff::tz::TimeZone {
    crate::config::time::zone(crate::config::time::DEFAULT_TIMEZONE)
        .unwrap_or(jiff::tz::TimeZone::UTC)
}

fn default_feed_limit() -> usize {
    20
}
fn default_feed_filename() -> String {
    "atom.xml".into()
}

/// `[publish]`: what `build` does to the output. `serve` neither minifies nor fingerprints.
#[derive(Debug, Clone, Deserialize)]
pub struct PublishConfig {
    /// Minify HTML, CSS and JavaScript (`build --no-minify` turns it off for one build).
    #[serde(default = "yes")]
    pub minify: bool,
    /// `asset()` gives fingerprinted addresses under /assets/ with their integrity.
    #[serde(default = "yes")]
    pub fingerprint: bool,
    /// Write `_redirects` (Netlify's format) with a 301 for every alias.
    #[serde(default = "yes")]
    pub redirects: bool,
}

impl Default for PublishConfig {
    fn default() -> Self {
        PublishConfig {
            minify: true,
            fingerprint: true,
            redirects: true,
        }
    }
}

/// `[search]`: the search index of every language, under `/search/`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchConfig {
    /// Taxonomies offered as filters, and `year`; default: every taxonomy and the year.
    #[serde(default)]
    pub facets: Option<Vec<String>>,
}

/// `[check]`: the site's own rules for its content.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckConfig {
    /// Largest file allowed under content/, e.g. "10 MB".
    #[serde(default = "default_max_file_size")]
    pub max_file_size: String,
    /// E-mail addresses and phone numbers that may be published: role addresses and
    /// switchboards, never a person's own.
    #[serde(default)]
    pub allowed_contacts: Vec<String>,
    /// How a taxonomy term outside its declared list is reported: "warning" or "error".
    #[serde(default = "default_unknown_term")]
    pub unknown_term: String,
    /// Allowed terms per taxonomy, for taxonomies not backed by a data file.
    #[serde(default)]
    pub terms: BTreeMap<String, Vec<String>>,
    /// Rules per section, keyed by the section's folder under content/.
    #[serde(default)]
    pub sections: BTreeMap<String, SectionCheck>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            max_file_size: default_max_file_size(),
            allowed_contacts: Vec::new(),
            unknown_term: default_unknown_term(),
            terms: BTreeMap::new(),
            sections: BTreeMap::new(),
        }
    }
}

/// `[check.sections.minnesanteckningar]`: rules for the pages of one section (and below).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SectionCheck {
    /// Field → type: `date = "date"`, `"extra.plats" = "text"`.
    #[serde(default)]
    pub required: BTreeMap<String, String>,
    /// Field → type, like `required`, but a page without it is only warned about.
    #[serde(default)]
    pub recommended: BTreeMap<String, String>,
    /// A field whose presence lifts the requirements (e.g. a summary's `extra.period`).
    pub unless: Option<String>,
    /// The pages record what has happened: a date in the future is reported.
    #[serde(default)]
    pub past_dates: bool,
    /// Fields that name something still to come (`"extra.nasta_mote"`): one that opens with a
    /// day that has passed is reported (`config::time::leading_date` says what a day is).
    #[serde(default)]
    pub upcoming: Vec<String>,
}

fn default_max_file_size() -> String {
    "10 MB".into()
}
fn default_unknown_term() -> String {
    "warning".into()
}

/// Which taxonomies make pages related (for "Relaterade sidor"), and how many to list.
#[derive(Debug, Clone, Deserialize)]
pub struct RelatedConfig {
    /// Empty means every taxonomy.
    #[serde(default)]
    pub taxonomies: Vec<String>,
    #[serde(default = "default_related_limit")]
    pub limit: usize,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        RelatedConfig {
            taxonomies: Vec::new(),
            limit: default_related_limit(),
        }
    }
}

fn default_related_limit() -> usize {
    5
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LanguageConfig {
    /// The language's name in itself, for the language switcher ("Svenska", "English").
    #[serde(default)]
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Opening and closing double quote, then opening and closing single quote.
    pub quotes: Option<[String; 4]>,
    /// `ltr` or `rtl`, the direction of the language's script; by default `rtl` for the
    /// languages written in Hebrew, Arabic or Thaana script (`Config::direction`).
    pub direction: Option<String>,
    /// UI strings for templates, read with `t(key="...")`.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// The site's own wording of spindel's messages in this language: id → Fluent pattern
    /// (see `msg`).
    #[serde(default)]
    pub messages: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaxonomyConfig {
    /// ASCII name used in front matter and URLs (`kommun`, `omrade`, `typ`).
    pub name: String,
    pub paginate_by: Option<usize>,
    /// A data array whose entries are the taxonomy's terms, e.g. `kommuner.medlem`, so every
    /// member gets a page even before any page is tagged with it.
    pub data: Option<String>,
    /// The key in each data entry that holds the term's display name.
    pub data_key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MarkdownConfig {
    #[serde(default = "yes")]
    pub highlight_code: bool,
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// Pass raw HTML in Markdown through unsanitized. Off by default.
    #[serde(default)]
    pub trust_html: bool,
    #[serde(default = "yes")]
    pub heading_anchors: bool,
    /// Variants (of `variants`) written a sentence a line, whose line breaks in the source are
    /// line breaks on the page: `line_breaks = ["lattlast"]`.
    #[serde(default)]
    pub line_breaks: Vec<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            highlight_theme: default_highlight_theme(),
            smart_punctuation: true,
            trust_html: false,
            heading_anchors: true,
            line_breaks: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}
fn default_language() -> String {
    "sv".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_paginate_path() -> String {
    "page".into()
}
fn default_highlight_theme() -> String {
    "InspiredGitHub".into()
}

/// The error for a `spindel.toml` that is a link out of the site: it is not read, so that no
/// line of a file elsewhere on the machine shows up in an error (the rule of `content::links`,
/// which this stage comes before).
pub(crate) fn outside_root(root: &Path, path: &Path) -> Option<Diagnostic> {
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (!real.starts_with(&real_root)).then(|| {
        Diagnostic::error(
            Code::LinkOutsideSite,
            msg!(
                "link-outside-site",
                link = CONFIG_FILE,
                target = real.display().to_string()
            ),
        )
        .in_file(CONFIG_FILE)
        .hint(msg!("link-outside-site-hint"))
    })
}
