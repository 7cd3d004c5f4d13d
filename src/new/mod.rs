//! `spindel new TYPE "Titel"`: a new page from the type's archetype (`archetype.rs`), as Hugo
//! makes one: in the type's section, named from the title by the site's slug rules, with
//! today's date in the site's `timezone` and the fields the type needs, commented in the
//! site's language. It never overwrites a file. Without a type, it lists the types.
//!
//! Takes the site directory; gives the file written (or the types), or the diagnostics of why
//! not, which `cli/` shows in the run's language.

pub mod archetype;

use std::io::Write as _;
use std::path::Path;

use crate::config::{Config, time};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::msg;
use crate::text::slug::slugify;
use archetype::Archetype;

/// One type of page, for the list.
#[derive(Debug, Clone)]
pub struct PageType {
    pub name: String,
    pub description: String,
    pub section: String,
}

/// What `spindel new` without a type found: the types that can be used, and what is wrong
/// with the others.
#[derive(Debug, Default)]
pub struct Types {
    pub types: Vec<PageType>,
    pub problems: Vec<Diagnostic>,
}

/// Every type of page of the site, A–Ö.
pub fn list(root: &Path) -> Result<Types, Vec<Diagnostic>> {
    let config = load_config(root)?;
    let found = archetype::find_all(root, &config);
    if found.is_empty() {
        return Err(vec![no_archetypes()]);
    }
    let mut out = Types::default();
    for f in &found {
        match archetype::read(root, f) {
            Ok(a) => out.types.push(PageType {
                name: a.name,
                description: a.description,
                section: a.section,
            }),
            Err(ds) => out.problems.extend(ds),
        }
    }
    Ok(out)
}

/// Writes a new page of type `kind` titled `title`; gives its path relative to the site.
pub fn create(root: &Path, kind: &str, title: Option<&str>) -> Result<String, Vec<Diagnostic>> {
    let config = load_config(root)?;
    let found = archetype::find_all(root, &config);
    let Some(f) = found.iter().find(|f| f.name == kind) else {
        return Err(vec![unknown_type(kind, &found)]);
    };
    let title = title.map(str::trim).unwrap_or_default();
    if title.is_empty() {
        return Err(vec![
            Diagnostic::usage(Code::NewUsage, msg!("new-no-title"))
                .hint(msg!("new-no-title-hint", kind = kind)),
        ]);
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(vec![
            Diagnostic::error(Code::EmptySlug, msg!("new-empty-slug", title = title))
                .hint(msg!("new-empty-slug-hint", kind = kind)),
        ]);
    }
    let a: Archetype = archetype::read(root, f)?;
    let today = time::day_of(
        time::now().unwrap_or_else(|_| jiff::Timestamp::now()),
        &config.zone,
    );
    let page = a.page(title, &today.to_string()).map_err(|d| vec![d])?;
    let rel = format!("{}/{}/{slug}.md", crate::content::CONTENT_DIR, a.section);
    if let Some(d) = address_taken(root, &config, &a.section, &slug, &rel) {
        return Err(vec![d]);
    }
    write_new(&root.join(&rel), &rel, &page)?;
    Ok(rel)
}

/// The page, section or alias that already has the address the new page would get
/// (`/metoder/test-bundle/` of a bundle `metoder/test-bundle/index.md`, or of a page with
/// `slug = "test-bundle"`): two pages cannot share an address, and the new file would break the
/// build. The site's content is loaded (drafts and internal pages too) and linked, without its
/// Markdown; if it cannot be loaded, only the file itself is checked, by `write_new`.
fn address_taken(
    root: &Path,
    config: &Config,
    section: &str,
    slug: &str,
    rel: &str,
) -> Option<Diagnostic> {
    let mut config = config.clone();
    // The dates from git play no part in addresses.
    config.git_dates = false;
    let include = crate::content::Include {
        drafts: true,
        internal: true,
    };
    let loaded = crate::content::load(root, &config, include).ok()?;
    let lang = config.default_language.clone();
    let (site, _) = crate::content::model::Site::assemble(
        root.to_path_buf(),
        config,
        loaded,
        toml::Table::new(),
        true,
    );
    let path = site.page_path(section, &lang, slug);
    let owner = site
        .pages
        .iter()
        .find(|p| p.path == path)
        .map(|p| p.source.rel.clone())
        .or_else(|| {
            site.sections
                .iter()
                .find(|s| s.path == path)
                .map(|s| s.source.rel.clone())
        })
        .or_else(|| {
            site.aliases
                .iter()
                .find(|(a, _)| *a == path)
                .map(|(_, id)| site.pages[*id].source.rel.clone())
        })
        // The file itself: `write_new` says that it exists.
        .filter(|owner| owner != rel)?;
    Some(
        Diagnostic::error(
            Code::NewAddressTaken,
            msg!("new-address-taken", url = &path, page = &owner),
        )
        .in_file(rel)
        .hint(msg!("new-address-taken-hint", page = &owner)),
    )
}

fn load_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    if !root.is_dir() {
        return Err(vec![
            Diagnostic::usage(
                Code::SiteDirMissing,
                msg!("site-dir-missing", dir = root.display().to_string()),
            )
            .hint(msg!("site-dir-missing-hint")),
        ]);
    }
    Config::load(root)
}

/// Writes `text` to a file that must not exist yet: created anew, never replaced, even by
/// another program creating it at the same moment.
fn write_new(path: &Path, rel: &str, text: &str) -> Result<(), Vec<Diagnostic>> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(vec![
                Diagnostic::error(Code::NewFileExists, msg!("new-exists"))
                    .in_file(rel)
                    .hint(msg!("new-exists-hint")),
            ]);
        }
        Err(e) => return Err(vec![write_failed(rel, &e)]),
    };
    if let Err(e) = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        // Nothing half written stays behind.
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(vec![write_failed(rel, &e)]);
    }
    Ok(())
}

fn write_failed(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::WriteFailed, msg!("new-write-failed", reason = e))
        .in_file(rel)
        .detail(e.to_string())
        .hint(msg!("hint-permissions"))
}

fn no_archetypes() -> Diagnostic {
    Diagnostic::error(Code::Archetype, msg!("new-no-archetypes"))
        .hint(msg!("new-no-archetypes-hint"))
}

fn unknown_type(kind: &str, found: &[archetype::Found]) -> Diagnostic {
    if found.is_empty() {
        return no_archetypes();
    }
    let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
    let d = Diagnostic::usage(Code::NewUsage, msg!("new-unknown-type", kind = kind));
    match did_you_mean(kind, names.iter().copied()) {
        Some(near) => d.hint(msg!("did-you-mean", word = near)),
        None => d.hint(msg!("new-the-types-are", list = names.join(", "))),
    }
}
