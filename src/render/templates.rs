//! Templates: where they are found, which one each output takes, and how a Tera error is told
//! (the template's file, line and column, with a hint).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::ErrorKind;
use walkdir::WalkDir;

use crate::content::model::{Page, Section, Site};
use crate::diag::{Code, Diagnostic, display_path};
use crate::msg;
use crate::msg::Message;

/// The templates by name, with where each was found (for error messages).
#[derive(Default)]
pub(super) struct TemplateSources {
    pub(super) files: BTreeMap<String, (PathBuf, String)>,
    pub(super) searched: Vec<PathBuf>,
    /// Per minified template: where it was cut (see `minify::template`), to place errors.
    pub(super) cuts: BTreeMap<String, Vec<(usize, usize)>>,
}

/// The templates spindel asks for when nothing else is named.
pub(super) const REQUIRED_PAGE: &str = "page.html";
pub(super) const REQUIRED_SECTION: &str = "section.html";
pub(super) const INDEX: &str = "index.html";
pub(super) const TAXONOMY_LIST: &str = "taxonomy_list.html";
pub(super) const TAXONOMY_TERM: &str = "taxonomy_term.html";
pub(super) const NOT_FOUND: &str = "404.html";

/// Checks that every template a page or section asks for exists, before rendering anything.
pub(super) fn check(site: &Site, sources: &TemplateSources) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let missing = |name: &str, asked_by: Option<(&str, &str)>, errors: &mut Vec<Diagnostic>| {
        if sources.files.contains_key(name) {
            return;
        }
        let looked: Vec<String> = sources
            .searched
            .iter()
            .map(|d| format!("{}/{name}", display_path(d)))
            .collect();
        let d =
            match asked_by {
                Some((rel, text)) => {
                    let at = text.find(name).unwrap_or(0);
                    Diagnostic::error(Code::TemplateMissing, msg!("template-missing", name = name))
                        .at(rel, text, at, name.len())
                }
                None => {
                    Diagnostic::error(Code::TemplateMissing, msg!("template-missing", name = name))
                }
            };
        errors.push(d.hint(msg!("template-looked-for", list = looked.join(", "))));
    };
    for p in &site.pages {
        let (name, by) = page_template(site, p);
        missing(
            name,
            by.then_some((&p.source.rel, &p.source.text)),
            &mut errors,
        );
    }
    for s in &site.sections {
        let name = section_template(s);
        let by = s.meta.template.is_some();
        missing(
            name,
            by.then_some((&s.source.rel, &s.source.text)),
            &mut errors,
        );
    }
    if !site.taxonomies.is_empty() {
        missing(TAXONOMY_LIST, None, &mut errors);
        missing(TAXONOMY_TERM, None, &mut errors);
    }
    errors.sort_by(|a, b| a.file.cmp(&b.file).then(a.message.cmp(&b.message)));
    errors.dedup_by(|a, b| a.file.is_none() && b.file.is_none() && a.message == b.message);
    errors
}

/// The template for a page, and whether the page's own front matter named it.
pub(super) fn page_template<'s>(site: &'s Site, p: &'s Page) -> (&'s str, bool) {
    if let Some(t) = &p.meta.template {
        return (t, true);
    }
    // A variant is a page of its own kind, not one of its section's articles.
    if let Some(t) = p
        .section
        .filter(|_| p.variant.is_none())
        .and_then(|s| site.sections[s].meta.page_template.as_ref())
    {
        return (t, false);
    }
    (REQUIRED_PAGE, false)
}

/// The template for a section: the home page's or any other's, unless it names its own.
pub(super) fn section_template(s: &Section) -> &str {
    match &s.meta.template {
        Some(t) => t,
        None if s.dir.is_empty() => INDEX,
        None => REQUIRED_SECTION,
    }
}

/// Reads the theme's templates and then the site's own, which override them file by file.
pub(super) fn find_templates(site: &Site) -> Result<TemplateSources, Vec<Diagnostic>> {
    let mut dirs = Vec::new();
    if let Some(theme) = site.config.theme_dir(&site.root) {
        if !theme.is_dir() {
            let name = site.config.theme.clone().unwrap_or_default();
            let available: Vec<String> = std::fs::read_dir(site.root.join("themes"))
                .map(|rd| {
                    rd.flatten()
                        .map(|e| e.file_name().to_string_lossy().to_string())
                        .collect()
                })
                .unwrap_or_default();
            let d = Diagnostic::error(Code::ThemeMissing, msg!("theme-missing", name = &name))
                .in_file("spindel.toml");
            let d = match crate::diag::did_you_mean(&name, available.iter().map(String::as_str)) {
                Some(n) => d.hint(msg!("theme-missing-near", near = n)),
                None => d.hint(msg!(
                    "template-looked-for",
                    list = display_path(&rel(site, &theme))
                )),
            };
            return Err(vec![d]);
        }
        dirs.push(theme.join("templates"));
    }
    dirs.push(site.root.join("templates"));
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for dir in &dirs {
        // A folder that is a link out of the site is an error of its own (`content::links`).
        if !dir.is_dir() || crate::content::links::outside_site(&site.root, dir).is_some() {
            continue;
        }
        for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || crate::content::is_ignored(&name) {
                continue;
            }
            let path = entry.path();
            let tname = display_path(path.strip_prefix(dir).unwrap_or(path));
            let r = rel(site, path);
            match std::fs::read(path) {
                Ok(bytes) => match crate::text::decode::decode_text(&r, &bytes) {
                    Ok(text) => {
                        files.insert(tname, (r, text));
                    }
                    Err(d) => errors.push(d),
                },
                Err(e) => errors.push(
                    Diagnostic::error(
                        Code::TemplateUnreadable,
                        msg!("file-unreadable", reason = &e),
                    )
                    .in_file(&r)
                    .hint(msg!("file-unreadable-hint")),
                ),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(TemplateSources {
        files,
        searched: dirs.iter().map(|d| rel(site, d)).collect(),
        cuts: BTreeMap::new(),
    })
}

fn rel(site: &Site, path: &Path) -> PathBuf {
    path.strip_prefix(&site.root).unwrap_or(path).to_path_buf()
}

/// Turns a Tera error into a diagnostic that points at the template file and line.
pub(super) fn template_diagnostic(e: &tera::Error, sources: &TemplateSources) -> Diagnostic {
    let file_of = |name: &str| sources.files.get(name).map(|(p, t)| (p.clone(), t.clone()));
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let message = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                msg!("template-syntax-error", tera = r.message())
            } else {
                msg!("template-error", tera = r.message())
            };
            match file_of(r.filename()) {
                Some((path, text)) => {
                    let span = r.span();
                    let (start, end) = match sources.cuts.get(r.filename()) {
                        Some(cuts) => (
                            crate::publish::minify::original_offset(cuts, span.range.start),
                            crate::publish::minify::original_offset(cuts, span.range.end),
                        ),
                        None => (span.range.start, span.range.end),
                    };
                    let offset = start.min(text.len());
                    let len = end.saturating_sub(start).max(1);
                    Diagnostic::error(Code::Template, message)
                        .at(&path, &text, offset, len)
                        .hint(template_hint(r.message()))
                }
                None => Diagnostic::error(
                    Code::Template,
                    msg!("template-error-in", error = message, name = r.filename()),
                ),
            }
        }
        ErrorKind::TemplateNotFound(name) => {
            let looked: Vec<String> = sources
                .searched
                .iter()
                .map(|d| format!("{}/{name}", display_path(d)))
                .collect();
            Diagnostic::error(Code::TemplateMissing, msg!("template-missing", name = name))
                .hint(msg!("template-looked-for", list = looked.join(", ")))
        }
        ErrorKind::MissingParent { current, parent } => {
            let d = Diagnostic::error(
                Code::TemplateMissing,
                msg!(
                    "template-parent-missing",
                    current = current,
                    parent = parent
                ),
            );
            match file_of(current) {
                Some((path, text)) => {
                    let at = text.find(parent.as_str()).unwrap_or(0);
                    d.at(&path, &text, at, parent.len())
                }
                None => d,
            }
            .hint(msg!("template-parent-missing-hint"))
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Diagnostic::error(
            Code::TemplateLoop,
            msg!(
                "template-extend-loop",
                chain = format!("{} → {tpl}", inheritance_chain.join(" → "))
            ),
        )
        .hint(msg!("template-extend-loop-hint")),
        ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::error(
            Code::TemplateLoop,
            msg!(
                "template-include-loop",
                chain = format!("{} → {tpl}", include_chain.join(" → "))
            ),
        )
        .hint(msg!("template-include-loop-hint")),
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(Code::Template, msg!("template-error", tera = message))
        }
    }
}

/// A hint for a template error: the nearest field for a misspelt one, what a partial sees.
fn template_hint(message: &str) -> Message {
    // "Field `titel` is not defined. Available fields: a, b, title"
    if let (Some(name), Some((_, fields))) = (
        message.split('`').nth(1),
        message.split_once("Available fields: "),
    ) {
        let fields: Vec<&str> = fields.split(", ").map(str::trim).collect();
        if let Some(near) = crate::diag::did_you_mean(name, fields.iter().copied()) {
            return msg!("did-you-mean", word = near);
        }
    }
    if message.contains(&partial_prefix("cached_include")) {
        return msg!("template-hint-cached-include");
    }
    if message.contains(&partial_prefix("page_items")) {
        return msg!("template-hint-page-items");
    }
    if message.contains("cached_include: there is no template")
        || message.contains("page_items: there is no template")
    {
        return msg!("template-hint-where");
    }
    if message.contains("not defined")
        || message.contains("not found")
        || message.contains("undefined")
    {
        msg!("template-hint-undefined")
    } else {
        msg!("template-hint-readme")
    }
}

/// The text Tera gave for an error, as `template_diagnostic` keeps it in the message.
pub(super) fn tera_text(m: &Message) -> String {
    m.args
        .iter()
        .find_map(|(name, arg)| match (name, arg) {
            (&"tera", crate::msg::Arg::Text(t)) => Some(t.clone()),
            (_, crate::msg::Arg::Msg(inner)) => Some(tera_text(inner)),
            _ => None,
        })
        .unwrap_or_default()
}

/// How an error in a partial of `function` begins (`template_hint` knows it by this).
pub(super) fn partial_prefix(function: &str) -> String {
    format!("in the {function} partial")
}
