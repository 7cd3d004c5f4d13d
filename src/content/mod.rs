//! Loading: finds the Markdown files under `content/`, reads their front matter, and makes
//! pages and sections of them. Also reads `data/*.toml`.
//!
//! Takes the site directory and its `Config`; gives the pages and sections (not yet linked:
//! that is `site`'s work), their attachments, the data files, and what could not be loaded.
//! `model.rs` is the data model every later stage reads.

pub mod attachment_text;
mod front_matter;
pub mod history;
pub mod links;
pub mod model;

pub use front_matter::split_front_matter;

use crate::msg;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::de::DeValue;
use walkdir::WalkDir;

use crate::config::Config;
use crate::config::check::parse_size;
use crate::config::time;
use crate::config::time::Date;
use crate::config::tomlfile::TomlSource;
use crate::content::model::{
    Attachment, Page, PageMeta, Rendered, Section, SectionMeta, SourceFile,
};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean, display_path};
use crate::text::decode::decode_text;

pub const CONTENT_DIR: &str = "content";
pub const DATA_DIR: &str = "data";

/// The keys a page's front matter may have (public for the micro-benchmarks).
pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "internal",
    "weight",
    "slug",
    "aliases",
    "template",
    "taxonomies",
    "extra",
];
const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "paginate_by",
    "template",
    "page_template",
    "weight",
    "draft",
    "extra",
];

/// Pages and sections as found on disk, before they are linked into a site.
#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Errors and warnings; with errors, `pages` and `sections` hold what did load.
    pub diagnostics: Diagnostics,
    /// Files under `content/` that exist but could not be loaded (`content_rel`), so that
    /// links to them are not reported a second time as links to missing pages.
    pub unloadable: HashSet<String>,
    /// Drafts and future-dated pages left out of this build (`content_rel`).
    pub left_out: HashSet<String>,
    /// Internal pages (`internal = true`) left out of this build because it is not a preview
    /// (`content_rel`), so that a link to one is reported as such.
    pub internal: HashSet<String>,
    /// When each data file (`kommuner.toml`) was last committed, from the git history.
    pub data_history: HashMap<String, Date>,
}

/// Which pages a build includes besides the published ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Include {
    /// Drafts and pages dated in the future (`--drafts`).
    pub drafts: bool,
    /// Pages marked `internal = true`, such as the editor guide: only the preview has them.
    pub internal: bool,
}

/// The kind of file a path under `content/` is.
enum Kind {
    Page,
    Section,
    BundlePage,
}

struct Found {
    abs: PathBuf,
    content_rel: String,
    kind: Kind,
    lang: String,
    /// Content-relative path with the language suffix removed.
    translation_key: String,
    /// The variant the file is (`lattlast` for `sida.lattlast.md`).
    variant: Option<String>,
}

/// Walks `content/` and loads every page and section; reports every problem found, and keeps
/// what loaded so that later stages can report their problems too.
pub fn load(root: &Path, config: &Config, include: Include) -> Result<Loaded, Diagnostics> {
    let content_dir = root.join(CONTENT_DIR);
    let mut diags = Diagnostics::new();
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::usage(
                Code::NoContent,
                msg!(
                    "content-missing",
                    dir = CONTENT_DIR,
                    root = display_path(root)
                ),
            )
            .hint(msg!("content-missing-hint")),
        );
        return Err(diags);
    }
    if let Some(d) = links::outside_error(root, &content_dir) {
        diags.push(d);
        return Err(diags);
    }

    // The git history is read beside the walk and the front matter: another process's work.
    let history = config.git_dates.then(|| {
        let root = root.to_path_buf();
        std::thread::spawn(move || history::read(&root, &[CONTENT_DIR, DATA_DIR]))
    });

    let mut found = Vec::new();
    // Non-Markdown files per directory; they become attachments of the bundle or section there.
    let mut assets: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let walker = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| rel_to(root, p)).unwrap_or_default();
                diags.push(
                    Diagnostic::error(Code::Unreadable, msg!("content-unreadable-part"))
                        .in_file(path)
                        .detail(e.to_string())
                        .hint(msg!("hint-permissions")),
                );
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_symlink() {
            diags.push(links::outside_error(root, entry.path()).unwrap_or_else(|| {
                Diagnostic::warning(Code::Symlink, msg!("content-symlink-skipped"))
                    .in_file(rel_to(root, entry.path()))
                    .hint(msg!("content-symlink-skipped-hint"))
            }));
            continue;
        }
        if !ft.is_file() {
            continue;
        }
        let path = entry.path();
        let content_rel = display_path(path.strip_prefix(&content_dir).unwrap_or(path));
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".md") else {
            if let Some(parent) = path.parent() {
                assets
                    .entry(parent.to_path_buf())
                    .or_default()
                    .push(path.to_path_buf());
            }
            continue;
        };
        let (base, lang) = match split_language(stem, config, &rel_to(root, path)) {
            Ok(x) => x,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let variant = split_variant(base, config).map(|(_, v)| v.to_string());
        let kind = match base {
            "_index" => Kind::Section,
            "index" if path.parent() != Some(content_dir.as_path()) => Kind::BundlePage,
            _ => Kind::Page,
        };
        let dir_rel = content_rel.rsplit_once('/').map_or("", |(d, _)| d);
        let translation_key = if dir_rel.is_empty() {
            format!("{base}.md")
        } else {
            format!("{dir_rel}/{base}.md")
        };
        found.push(Found {
            abs: path.to_path_buf(),
            content_rel,
            kind,
            lang: lang.to_string(),
            translation_key,
            variant,
        });
    }

    let today = time::today(&config.zone);
    let results: Vec<(LoadResult, Vec<Diagnostic>)> = found
        .par_iter()
        .map(|f| {
            let mut warnings = Vec::new();
            let r = load_one(root, config, f, include, today, &mut warnings);
            (r, warnings)
        })
        .collect();

    let mut loaded = Loaded::default();
    let mut draft_dirs = Vec::new();
    for ((r, warnings), f) in results.into_iter().zip(&found) {
        diags.extend(warnings);
        match r {
            Ok(Some(Loadable::Page(p))) => loaded.pages.push(*p),
            Ok(Some(Loadable::Section(s))) => loaded.sections.push(*s),
            Ok(Some(Loadable::DraftSection(dir))) => draft_dirs.push(dir),
            Ok(None) => {
                loaded.left_out.insert(f.content_rel.clone());
            }
            Ok(Some(Loadable::Internal)) => {
                loaded.internal.insert(f.content_rel.clone());
            }
            Err(ds) => {
                loaded.unloadable.insert(f.content_rel.clone());
                diags.extend(ds);
            }
        }
    }
    // A variant goes with its page: left out with it, never published alone.
    let gone = |rel: &String| loaded.left_out.contains(rel) || loaded.internal.contains(rel);
    let (mut out, mut internal) = (Vec::new(), Vec::new());
    loaded.pages.retain(|p| {
        let Some(v) = &p.variant else {
            return true;
        };
        let of = unvariant(&p.source.content_rel, v);
        if loaded.left_out.contains(&of) {
            out.push(p.source.content_rel.clone());
        } else if loaded.internal.contains(&of) {
            internal.push(p.source.content_rel.clone());
        }
        !gone(&of)
    });
    loaded.left_out.extend(out);
    loaded.internal.extend(internal);
    if let Some(h) = history.and_then(|h| h.join().ok()) {
        loaded.data_history = h.data_dates(&config.zone);
        let (pages, sections) = (&mut loaded.pages, &mut loaded.sections);
        diags.extend(h.date(CONTENT_DIR, pages, sections, &config.zone));
    }
    // A draft section hides everything below it.
    if !draft_dirs.is_empty() {
        let under = |key: &str| {
            draft_dirs
                .iter()
                .any(|d: &String| d.is_empty() || key.starts_with(&format!("{d}/")))
        };
        loaded.pages.retain(|p| !under(&p.translation_key));
        loaded
            .sections
            .retain(|s| !draft_dirs.contains(&s.dir) && !under(&s.dir));
    }

    // Folders with an index.md or _index.md own their other files, even when that page is a
    // draft or failed to load: those files are then simply not published.
    let owned: HashSet<PathBuf> = found
        .iter()
        .filter(|f| matches!(f.kind, Kind::Section | Kind::BundlePage))
        .filter_map(|f| f.abs.parent().map(Path::to_path_buf))
        .collect();
    attach_assets(root, &content_dir, &mut loaded, assets, &owned, &mut diags);
    loaded.diagnostics = diags;
    Ok(loaded)
}

/// Reads one page again, as `load` would have; `None` if it is now a draft, dated in the
/// future or internal and left out, or if it has a warning to show (which only a whole load
/// reports). For `serve`, which re-reads only what changed.
pub fn reload_page(
    root: &Path,
    config: &Config,
    old: &Page,
    include: Include,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let f = Found {
        abs: old.source.abs.clone(),
        content_rel: old.source.content_rel.clone(),
        kind: if old.bundle_dir.is_some() {
            Kind::BundlePage
        } else {
            Kind::Page
        },
        lang: old.lang.clone(),
        translation_key: old.translation_key.clone(),
        variant: old.variant.clone(),
    };
    let mut warnings = Vec::new();
    let loaded = load_one(
        root,
        config,
        &f,
        include,
        time::today(&config.zone),
        &mut warnings,
    )?;
    if !warnings.is_empty() {
        return Ok(None);
    }
    match loaded {
        // Its file's history is as it was: an edit is not a commit.
        Some(Loadable::Page(p)) => Ok(Some(Page {
            history: old.history.clone(),
            ..*p
        })),
        _ => Ok(None),
    }
}

/// One file loaded, or its errors.
type LoadResult = Result<Option<Loadable>, Vec<Diagnostic>>;

enum Loadable {
    Page(Box<Page>),
    Section(Box<Section>),
    DraftSection(String),
    /// An internal page in a build that leaves such pages out.
    Internal,
}

fn load_one(
    root: &Path,
    config: &Config,
    f: &Found,
    include: Include,
    today: jiff::civil::Date,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Loadable>, Vec<Diagnostic>> {
    let rel = rel_to(root, &f.abs);
    // A file over the size limit is turned away by its size, before it is read: a 50 MB page
    // would otherwise be decoded and parsed in full only to be refused.
    let limit = parse_size(&config.check.max_file_size).unwrap_or(u64::MAX);
    if let Ok(meta) = std::fs::metadata(&f.abs)
        && meta.len() > limit
    {
        return Err(vec![
            Diagnostic::error(
                Code::TooLarge,
                msg!(
                    "check-file-too-large",
                    size = &human_size(meta.len()),
                    limit = &config.check.max_file_size
                ),
            )
            .in_file(&rel)
            .hint(msg!("check-file-too-large-hint")),
        ]);
    }
    let bytes = std::fs::read(&f.abs).map_err(|e| {
        vec![
            Diagnostic::error(Code::Unreadable, msg!("file-unreadable", reason = &e))
                .in_file(&rel)
                .hint(msg!("file-unreadable-hint")),
        ]
    })?;
    let text = decode_text(&rel, &bytes).map_err(|d| vec![d])?;
    let (fm_range, body_offset) = split_front_matter(&rel, &text).map_err(|d| vec![d])?;
    let fm = &text[fm_range.clone()];
    let src = TomlSource {
        file: &rel,
        file_text: &text,
        base: fm_range.start,
        toml: fm,
    };
    let mut parsed = src.parse()?;
    warnings.extend(front_matter::leave_out_controls(parsed.get_mut(), &src));
    let table = parsed.get_ref();
    let is_section = matches!(f.kind, Kind::Section);
    let (keys, what) = if is_section {
        (SECTION_KEYS, msg!("what-section"))
    } else {
        (PAGE_KEYS, msg!("what-page"))
    };
    // A taxonomy written above `[taxonomies]` is said as that, not as an unknown field.
    let taxonomy_names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let mut allowed = keys.to_vec();
    allowed.extend(taxonomy_names.iter().filter(|n| !keys.contains(n)));
    let mut errors = src.unknown_keys(table, &allowed, what);
    let misplaced: Vec<&str> = taxonomy_names
        .iter()
        .copied()
        .filter(|n| !keys.contains(n))
        .collect();
    errors.extend(src.misplaced_keys(table, &misplaced, "taxonomies"));
    if let Some(DeValue::Table(taxes)) = table.get("taxonomies").map(|v| v.get_ref()) {
        let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
        for (k, _) in taxes.iter() {
            let name: &str = k.get_ref();
            if !names.contains(&name) {
                let d =
                    Diagnostic::error(Code::PageTaxonomy, msg!("fm-not-a-taxonomy", name = name))
                        .at(&rel, &text, fm_range.start + k.span().start, name.len());
                errors.push(match did_you_mean(name, names.iter().copied()) {
                    Some(n) => d.hint(msg!("did-you-mean", word = n)),
                    None if names.is_empty() => d.hint(msg!("fm-no-taxonomies")),
                    None => d.hint(msg!("fm-the-taxonomies-are", list = names.join(", "))),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let title_at = |message: crate::msg::Message| {
        let offset = fm
            .find("title")
            .map_or(fm_range.start, |i| fm_range.start + i);
        Diagnostic::error(Code::NoTitle, message)
            .at(&rel, &text, offset, 5)
            .hint(msg!("fm-title-empty-hint"))
    };
    let source = SourceFile {
        rel: display_path(&rel),
        content_rel: f.content_rel.clone(),
        abs: f.abs.clone(),
        text: String::new(),
        body_offset,
    };
    let dir = f
        .content_rel
        .rsplit_once('/')
        .map_or("", |(d, _)| d)
        .to_string();

    if is_section {
        if table.get("title").is_none() {
            return Err(vec![missing_title(&rel, &text, fm_range.start)]);
        }
        let meta: SectionMeta = src.deserialize_all(parsed)?;
        if meta.title.trim().is_empty() {
            return Err(vec![title_at(msg!("fm-title-empty"))]);
        }
        if meta.draft && !include.drafts {
            return Ok(Some(Loadable::DraftSection(dir)));
        }
        return Ok(Some(Loadable::Section(Box::new(Section {
            source: SourceFile { text, ..source },
            lang: f.lang.clone(),
            meta,
            translation_key: f.translation_key.clone(),
            dir,
            path: String::new(),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            attachments: Vec::new(),
            history: None,
            rendered: Rendered::default(),
            translations: Vec::new(),
            variants: Vec::new(),
        }))));
    }

    if table.get("title").is_none() {
        return Err(vec![missing_title(&rel, &text, fm_range.start)]);
    }
    let meta: PageMeta = src.deserialize_all(parsed)?;
    if meta.title.trim().is_empty() {
        return Err(vec![title_at(msg!("fm-title-empty"))]);
    }
    if meta.internal && !include.internal {
        return Ok(Some(Loadable::Internal));
    }
    if !include.drafts
        && (meta.draft
            || meta
                .date
                .as_ref()
                .is_some_and(|d| d.day_in(&config.zone) > today))
    {
        return Ok(None);
    }
    let bundle_dir =
        matches!(f.kind, Kind::BundlePage).then(|| f.abs.parent().unwrap_or(root).to_path_buf());
    Ok(Some(Loadable::Page(Box::new(Page {
        source: SourceFile { text, ..source },
        lang: f.lang.clone(),
        meta,
        translation_key: f.translation_key.clone(),
        slug: String::new(),
        path: String::new(),
        bundle_dir,
        attachments: Vec::new(),
        section: None,
        history: None,
        rendered: Rendered::default(),
        prev: None,
        next: None,
        translations: Vec::new(),
        related: Vec::new(),
        variant: f.variant.clone(),
        variant_of: None,
        variants: Vec::new(),
    }))))
}

fn missing_title(rel: &Path, text: &str, at: usize) -> Diagnostic {
    Diagnostic::error(Code::NoTitle, msg!("fm-no-title"))
        .at(rel, text, at, 1)
        .hint(msg!("fm-no-title-hint"))
}

/// `brobyggare.en` → (`brobyggare`, `en`); `brobyggare` → (`brobyggare`, default language).
/// An unknown code that looks like a language is an error that names `rel`, the file, so
/// typos do not publish silently.
fn split_language<'a>(
    stem: &'a str,
    config: &'a Config,
    rel: &Path,
) -> Result<(&'a str, &'a str), Diagnostic> {
    if let Some((base, code)) = stem.rsplit_once('.') {
        if config.is_language(code) {
            return Ok((base, code));
        }
        let looks_like_lang =
            (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
        if looks_like_lang {
            return Err(
                Diagnostic::error(Code::FileLanguage, msg!("file-language", code = code))
                    .in_file(rel)
                    .hint(msg!("file-language-hint", code = code)),
            );
        }
    }
    Ok((stem, &config.default_language))
}

/// `brobyggare.lattlast` → (`brobyggare`, `lattlast`) when `lattlast` is one of the site's
/// `variants`; the language suffix is taken off before (`brobyggare.lattlast.en`).
fn split_variant<'a>(base: &'a str, config: &'a Config) -> Option<(&'a str, &'a str)> {
    let (page, suffix) = base.rsplit_once('.')?;
    let v = config.variants.iter().find(|v| *v == suffix)?;
    (!page.is_empty()).then_some((page, v.as_str()))
}

/// The path of the page a variant's file belongs to, as a `content_rel` or a translation key:
/// `metoder/x.lattlast.en.md` → `metoder/x.en.md`, `metoder/x.lattlast.md` → `metoder/x.md`.
pub fn unvariant(file: &str, variant: &str) -> String {
    let suffix = format!(".{variant}.");
    match file.rfind(&suffix) {
        Some(i) => format!("{}.{}", &file[..i], &file[i + suffix.len()..]),
        None => file.to_string(),
    }
}

/// Editor swap and backup files, and hidden files, are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn attach_assets(
    root: &Path,
    content_dir: &Path,
    loaded: &mut Loaded,
    assets: BTreeMap<PathBuf, Vec<PathBuf>>,
    owned: &HashSet<PathBuf>,
    diags: &mut Diagnostics,
) {
    for (dir, files) in assets {
        let attachments: Vec<Attachment> = files.iter().filter_map(|f| attachment(f)).collect();
        let mut used = false;
        for page in loaded.pages.iter_mut() {
            if page.bundle_dir.as_deref() == Some(dir.as_path()) {
                page.attachments = attachments.clone();
                used = true;
            }
        }
        let dir_rel = display_path(dir.strip_prefix(content_dir).unwrap_or(&dir));
        for section in loaded.sections.iter_mut() {
            if section.dir == dir_rel {
                section.attachments = attachments.clone();
                used = true;
            }
        }
        if !used && !owned.contains(&dir) {
            for f in files {
                diags.push(
                    Diagnostic::warning(Code::Orphan, msg!("orphan-file"))
                        .in_file(rel_to(root, &f))
                        .hint(msg!("orphan-file-hint")),
                );
            }
        }
    }
}

fn attachment(path: &Path) -> Option<Attachment> {
    let meta = std::fs::metadata(path).ok()?;
    let name = path.file_name()?.to_string_lossy().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (kind, mime) = file_kind(&ext);
    Some(Attachment {
        name,
        path: String::new(),
        size: meta.len(),
        size_text: human_size(meta.len()),
        kind: kind.to_string(),
        mime: mime.to_string(),
        source: path.to_path_buf(),
        text: None,
    })
}

pub fn file_kind(ext: &str) -> (&'static str, &'static str) {
    match ext {
        "pdf" => ("PDF", "application/pdf"),
        "doc" | "docx" => (
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "ppt" | "pptx" => (
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        "xls" | "xlsx" => (
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "odt" => (
            "OpenDocument-text",
            "application/vnd.oasis.opendocument.text",
        ),
        "png" => ("PNG", "image/png"),
        "jpg" | "jpeg" => ("JPEG", "image/jpeg"),
        "gif" => ("GIF", "image/gif"),
        "svg" => ("SVG", "image/svg+xml"),
        "webp" => ("WebP", "image/webp"),
        "txt" => ("Text", "text/plain"),
        "csv" => ("CSV", "text/csv"),
        "mp3" => ("MP3", "audio/mpeg"),
        "mp4" => ("MP4", "video/mp4"),
        "zip" => ("ZIP", "application/zip"),
        _ => ("Fil", "application/octet-stream"),
    }
}

/// `1,2 MB`: Swedish decimal comma, base-1000 units as most people read them.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} byte");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let text = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    format!("{} {}", text.replace('.', ","), UNITS[unit])
}

/// `data/*.toml`, keyed by file stem, with the problems found and the files that failed.
#[derive(Debug, Default)]
pub struct DataFiles {
    pub table: toml::Table,
    pub diagnostics: Vec<Diagnostic>,
    /// Stems of data files that exist but could not be read, so that what depends on them is
    /// not reported as missing a second time.
    pub failed: HashSet<String>,
}

/// Reads every `data/*.toml` into one table keyed by file stem.
pub fn load_data(root: &Path) -> DataFiles {
    let dir = root.join(DATA_DIR);
    let mut data = DataFiles::default();
    // A folder that is a link out of the site is an error of its own (`links`).
    if !dir.is_dir() || links::outside_site(root, &dir).is_some() {
        return data;
    }
    for entry in WalkDir::new(&dir)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if !entry.file_type().is_file() || is_ignored(&name) {
            continue;
        }
        let rel = rel_to(root, path);
        let Some(stem) = name.strip_suffix(".toml") else {
            data.diagnostics.push(
                Diagnostic::warning(Code::DataNotToml, msg!("data-not-toml"))
                    .in_file(&rel)
                    .hint(msg!("data-not-toml-hint")),
            );
            continue;
        };
        match read_data_file(path, &rel) {
            Ok(t) => {
                data.table.insert(stem.to_string(), toml::Value::Table(t));
            }
            Err(ds) => {
                data.failed.insert(stem.to_string());
                data.diagnostics.extend(ds);
            }
        }
    }
    data
}

fn read_data_file(path: &Path, rel: &Path) -> Result<toml::Table, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![
            Diagnostic::error(Code::Unreadable, msg!("file-unreadable", reason = &e))
                .in_file(rel)
                .hint(msg!("file-unreadable-hint")),
        ]
    })?;
    let text = decode_text(rel, &bytes).map_err(|d| vec![d])?;
    let src = TomlSource::whole_file(rel, &text);
    let parsed = src.parse()?;
    src.deserialize::<toml::Table>(parsed).map_err(|d| vec![d])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split() {
        let text = "+++\ntitle = \"a\"\n+++\nbody\n";
        let (fm, body) = split_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(&text[fm], "title = \"a\"\n");
        assert_eq!(&text[body..], "body\n");
    }

    #[test]
    fn yaml_front_matter_gets_toml_form() {
        let text = "---\ntitle: Brobyggare\ndate: 2018-05-16\ndraft: true\ntaxonomies:\n  kommun:\n    - Borås\n    - Uppsala\n  typ: [Metod]\n---\nText\n";
        let err = split_front_matter(Path::new("a.md"), text).unwrap_err();
        let hint = crate::msg::Catalogue::default().text(&err.hint.unwrap());
        let toml_block = hint
            .split_once("+++\n")
            .and_then(|(_, rest)| rest.rsplit_once("\n+++"))
            .map(|(t, _)| t)
            .expect("the hint holds a +++ block");
        let table: toml::Table = toml_block.parse().expect("the hint is valid TOML");
        assert_eq!(table["title"].as_str(), Some("Brobyggare"));
        assert_eq!(table["date"].to_string(), "2018-05-16");
        assert_eq!(table["draft"].as_bool(), Some(true));
        assert_eq!(
            table["taxonomies"]["kommun"].as_array().map(Vec::len),
            Some(2),
            "{hint}"
        );
    }

    #[test]
    fn byte_order_marks_are_dropped() {
        let text = decode_text(Path::new("a.md"), b"\xEF\xBB\xBF\xEF\xBB\xBF+++\r\n").unwrap();
        assert_eq!(text, "+++\n");
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let err = decode_text(Path::new("a.md"), b"ok\nbad \xff here").unwrap_err();
        assert_eq!((err.line, err.column), (2, 5));
    }

    #[test]
    fn sizes_read_like_swedish() {
        assert_eq!(human_size(999), "999 byte");
        assert_eq!(human_size(1_234_567), "1,2 MB");
        assert_eq!(human_size(45_000), "45 kB");
    }
}
