//! Archetypes: the model of a new page of each type, `archetypes/<type>.md` of the site, else
//! of its theme (`themes/<theme>/archetypes/`).
//!
//! An archetype is the page as `spindel new` writes it, after a few lines of its own settings:
//!
//! ```text
//! section = "metoder"                      # the folder under content/ the page goes in
//! description = "Ett arbetssätt som …"     # one line, shown by `spindel new` without a type
//! +++
//! title = {{ title }}                      # the title given, as a TOML string
//! date = {{ date }}                        # today in the site's timezone: 2024-05-16
//! …
//! +++
//! ```
//!
//! Everything from the first line that is `+++` on is the page; the settings before it are
//! not written.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::config::tomlfile::TomlSource;
use crate::diag::{Code, Diagnostic, display_path};
use crate::msg;
use crate::text::decode::decode_text;

pub const ARCHETYPE_DIR: &str = "archetypes";
const HEADER_KEYS: &[&str] = &["section", "description"];

/// A type of page `spindel new` can make, found but not yet read.
#[derive(Debug, Clone)]
pub struct Found {
    /// The file's stem: `metod`.
    pub name: String,
    pub path: PathBuf,
}

/// An archetype, read and checked.
#[derive(Debug, Clone)]
pub struct Archetype {
    pub name: String,
    /// Relative to the site, for messages: `archetypes/metod.md`.
    pub rel: String,
    pub text: String,
    /// Where the page begins in `text` (its first `+++`).
    pub page_start: usize,
    pub section: String,
    /// Byte offset and length of the value of `section`, for pointing at it.
    pub section_at: (usize, usize),
    pub description: String,
}

#[derive(serde::Deserialize)]
struct Header {
    section: Option<String>,
    #[serde(default)]
    description: String,
}

/// Every archetype of the site and its theme, by name (A–Ö); the site's own where both have
/// one of a name.
pub fn find_all(root: &Path, config: &Config) -> Vec<Found> {
    let mut dirs = vec![root.join(ARCHETYPE_DIR)];
    if let Some(theme) = config.theme_dir(root) {
        dirs.push(theme.join(ARCHETYPE_DIR));
    }
    let mut found: Vec<Found> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut here: Vec<Found> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let name = e.file_name().to_str()?.strip_suffix(".md")?.to_string();
                (!name.is_empty() && !name.starts_with('.')).then(|| Found {
                    name,
                    path: e.path(),
                })
            })
            .filter(|f| !found.iter().any(|g| g.name == f.name))
            .collect();
        found.append(&mut here);
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// Reads and checks one archetype: its settings, and the section it names.
pub fn read(root: &Path, found: &Found) -> Result<Archetype, Vec<Diagnostic>> {
    let rel = display_path(found.path.strip_prefix(root).unwrap_or(&found.path));
    let bytes = std::fs::read(&found.path).map_err(|e| {
        vec![
            Diagnostic::error(Code::Archetype, msg!("file-unreadable", reason = &e))
                .in_file(&rel)
                .hint(msg!("file-unreadable-hint")),
        ]
    })?;
    let text = decode_text(Path::new(&rel), &bytes).map_err(|d| vec![d])?;
    let page_start = page_start(&text).ok_or_else(|| {
        vec![
            Diagnostic::error(Code::Archetype, msg!("new-archetype-no-page"))
                .in_file(&rel)
                .hint(msg!("new-archetype-no-page-hint")),
        ]
    })?;
    let header_text = &text[..page_start];
    let src = TomlSource {
        file: Path::new(&rel),
        file_text: &text,
        base: 0,
        toml: header_text,
    };
    let parsed = src.parse()?;
    let errors = src.unknown_keys(parsed.get_ref(), HEADER_KEYS, msg!("what-archetype"));
    if !errors.is_empty() {
        return Err(errors);
    }
    let header: Header = src.deserialize_all(parsed)?;
    let Some(section) = header
        .section
        .map(|s| s.trim().trim_matches('/').to_string())
    else {
        return Err(vec![
            Diagnostic::error(Code::Archetype, msg!("new-archetype-no-section"))
                .at(&rel, &text, 0, 1)
                .hint(msg!("new-archetype-no-section-hint", name = &found.name)),
        ]);
    };
    let key = crate::config::tomlfile::find_key(header_text, "section");
    let value = header_text[key..]
        .find(['"', '\''])
        .map_or(key, |i| key + i);
    let value_len = header_text[value..].find('\n').unwrap_or(1);
    let archetype = Archetype {
        name: found.name.clone(),
        rel,
        page_start,
        section,
        section_at: (value, value_len),
        description: header.description.trim().to_string(),
        text,
    };
    let index = root
        .join(crate::content::CONTENT_DIR)
        .join(&archetype.section)
        .join("_index.md");
    if archetype.section.is_empty()
        || archetype.section.split('/').any(|p| p == ".." || p == ".")
        || !index.is_file()
    {
        let (at, len) = archetype.section_at;
        return Err(vec![
            Diagnostic::error(
                Code::Archetype,
                msg!(
                    "new-archetype-no-such-section",
                    section = &archetype.section
                ),
            )
            .at(&archetype.rel, &archetype.text, at, len)
            .hint(msg!("new-archetype-no-such-section-hint")),
        ]);
    }
    Ok(archetype)
}

/// The offset of the first line that is `+++`.
fn page_start(text: &str) -> Option<usize> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some(at);
        }
        at += line.len();
    }
    None
}

impl Archetype {
    /// The page, with `{{ title }}` and `{{ date }}` filled in. `Err` with a diagnostic if its
    /// front matter is not TOML once they are.
    pub fn page(&self, title: &str, date: &str) -> Result<String, Diagnostic> {
        let title_toml = toml::Value::String(title.to_string()).to_string();
        let page = self.text[self.page_start..]
            .replace("{{ title }}", &title_toml)
            .replace("{{title}}", &title_toml)
            .replace("{{ date }}", date)
            .replace("{{date}}", date);
        let fm = page
            .strip_prefix("+++")
            .and_then(|rest| rest.find("\n+++").map(|end| &rest[..end]));
        let problem = match fm {
            None => Some("no closing +++".to_string()),
            Some(fm) => toml::from_str::<toml::Table>(fm)
                .err()
                .map(|e| e.message().to_string()),
        };
        match problem {
            None => Ok(page),
            Some(detail) => Err(
                Diagnostic::error(Code::Archetype, msg!("new-archetype-bad-page"))
                    .at(&self.rel, &self.text, self.page_start, 3)
                    .hint(msg!("new-archetype-bad-page-hint"))
                    .detail(detail),
            ),
        }
    }
}
