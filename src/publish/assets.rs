//! Static files for publishing: stylesheets and scripts minified (unless `[publish] minify =
//! false` or `build --no-minify`), and a fingerprinted copy of each under `/assets/`, with a
//! hash of its content in its name (`/assets/style.3f2a9c1b0d.css`), so that it can be cached
//! for a year and never go stale. Templates ask for one with `asset(path="style.css")`, which
//! gives its address and its Subresource Integrity (`sha384-…`).
//!
//! A fingerprinted module's relative imports (`import … from './engine.js'`) are rewritten to
//! the fingerprinted addresses of the modules they name, so a module's hash covers what it
//! imports. A stylesheet's relative `url()` and `@import` become root-relative, since the copy
//! lives in another folder. The plain files stay where they were, for anything that names them
//! directly. `serve` fingerprints nothing: `asset()` gives the plain address and no integrity,
//! so that a changed stylesheet can be swapped in without a reload.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;
use sha2::{Digest, Sha384};
use tera::{Kwargs, State, Tera, Value};

use crate::content::model::Site;
use crate::diag::{Code, Diagnostic, display_path, relative_to};
use crate::output::{Contents, OutputFile};

/// The folder of the fingerprinted files; netlify.toml caches it as immutable.
pub const ASSETS_DIR: &str = "assets";

/// What `asset()` gives for a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// `/assets/style.3f2a9c1b0d.css`, or `/style.css` when not fingerprinting.
    pub url: String,
    /// `sha384-…` of the fingerprinted file; none when not fingerprinting.
    pub integrity: Option<String>,
}

/// The site's static files as published, and the fingerprinted copies of its CSS and JS.
#[derive(Default)]
pub struct Assets {
    /// Path under static/ (`search/ui.js`) → its asset, or why it has none.
    entries: BTreeMap<String, Result<Asset, String>>,
    /// Every static file (CSS and JS minified), the generated `syntax.css`, and the copies.
    files: Vec<OutputFile>,
    /// Where static files were looked for, for messages.
    searched: Vec<String>,
    /// Stylesheets and scripts that could not be minified, and where.
    warnings: Vec<Diagnostic>,
}

fn is_asset(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()? {
        "css" => Some("css"),
        "js" | "mjs" => Some("js"),
        _ => None,
    }
}

impl Assets {
    /// Reads the static files of the site and its theme, adds the highlighting stylesheet,
    /// minifies and fingerprints as `[publish]` says.
    pub fn prepare(site: &Site) -> Result<Assets, Vec<Diagnostic>> {
        let config = &site.config;
        let theme = config.theme_dir(&site.root);
        let mut statics = crate::output::static_files(&site.root, theme.as_deref());
        if config.publish.fingerprint {
            reserved(site, &statics)?;
        }
        let has_syntax_css = statics.iter().any(|f| f.path == Path::new("syntax.css"));
        if config.markdown.highlight_code && !has_syntax_css {
            let name = &config.markdown.highlight_theme;
            match crate::markdown::highlight::stylesheet(name) {
                Some(css) => statics.push(OutputFile {
                    path: PathBuf::from("syntax.css"),
                    contents: Contents::Bytes(css.into_bytes()),
                }),
                None => {
                    let names = crate::markdown::highlight::theme_names();
                    return Err(vec![
                        Diagnostic::error(
                            Code::HighlightTheme,
                            crate::msg!("highlight-theme-invalid", name = name),
                        )
                        .in_file("spindel.toml")
                        .hint(crate::msg!("highlight-themes-are", list = names.join(", "))),
                    ]);
                }
            }
        }
        let mut searched: Vec<String> = theme
            .iter()
            .map(|t| {
                display_path(
                    t.strip_prefix(&site.root)
                        .unwrap_or(t)
                        .join("static")
                        .as_path(),
                )
            })
            .collect();
        searched.insert(0, "static".into());

        // The text of every stylesheet and script, minified.
        let mut texts: BTreeMap<String, (&'static str, String)> = BTreeMap::new();
        let mut entries: BTreeMap<String, Result<Asset, String>> = BTreeMap::new();
        let mut files = Vec::with_capacity(statics.len());
        let mut warnings = Vec::new();
        for f in statics {
            let key = display_path(&f.path);
            let Some(kind) = is_asset(&f.path) else {
                files.push(f);
                continue;
            };
            let bytes = match &f.contents {
                Contents::Bytes(b) => Ok(b.clone()),
                Contents::Copy(src) => std::fs::read(src),
            };
            let text = match bytes.map(String::from_utf8) {
                Ok(Ok(t)) => t,
                Ok(Err(_)) => {
                    entries.insert(key, Err("the file is not UTF-8 text".into()));
                    files.push(f);
                    continue;
                }
                Err(e) => {
                    return Err(vec![
                        Diagnostic::error(
                            Code::StaticUnreadable,
                            crate::msg!("static-unreadable", path = &key, reason = &e),
                        )
                        .hint(crate::msg!("file-unreadable-hint")),
                    ]);
                }
            };
            let text = if config.publish.minify {
                let file = match &f.contents {
                    Contents::Copy(src) => display_path(&relative_to(src, &site.root)),
                    Contents::Bytes(_) => key.clone(),
                };
                minified(&text, kind, &file, &mut warnings).unwrap_or(text)
            } else {
                text
            };
            let contents = match (&f.contents, config.publish.minify) {
                // Unchanged files are copied (and `serve` reads them fresh from disk).
                (Contents::Copy(src), false) => Contents::Copy(src.clone()),
                _ => Contents::Bytes(text.clone().into_bytes()),
            };
            files.push(OutputFile {
                path: f.path.clone(),
                contents,
            });
            texts.insert(key, (kind, text));
        }

        let mut made = Fingerprints {
            texts: &texts,
            done: BTreeMap::new(),
            files: Vec::new(),
        };
        for (key, (kind, _)) in &texts {
            let entry = if config.publish.fingerprint {
                match *kind {
                    "js" => made.js(key, &mut Vec::new()),
                    _ => Ok(made.css(key)),
                }
            } else {
                Ok(Asset {
                    url: format!("/{key}"),
                    integrity: None,
                })
            };
            entries.insert(key.clone(), entry);
        }
        files.extend(made.files);
        Ok(Assets {
            entries,
            files,
            searched,
            warnings,
        })
    }

    /// The asset of a static file (`style.css`, `search/ui.js`).
    pub fn get(&self, path: &str) -> Result<&Asset, String> {
        let key = path.trim_start_matches('/');
        match self.entries.get(key) {
            Some(Ok(a)) => Ok(a),
            Some(Err(why)) => Err(format!("asset: `{key}` cannot be fingerprinted: {why}")),
            None if is_asset(Path::new(key)).is_none() => Err(format!(
                "asset: `{key}` is not a stylesheet or a script (.css, .js, .mjs); use get_url for other files"
            )),
            None => {
                let mut msg = format!("asset: no file `{key}` in {}", self.searched.join(" or "));
                if let Some(near) =
                    crate::diag::did_you_mean(key, self.entries.keys().map(String::as_str))
                {
                    msg.push_str(&format!("; did you mean `{near}`?"));
                }
                Err(msg)
            }
        }
    }

    /// Every static file as published, and the fingerprinted copies.
    pub fn files(&self) -> &[OutputFile] {
        &self.files
    }

    /// Stylesheets and scripts published as written because they could not be read.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

/// A stylesheet or script minified, or none with a warning for each place that could not be
/// read (`file`, as the editor knows it, names it).
fn minified(text: &str, kind: &str, file: &str, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    let css = kind == "css";
    let result = if css {
        crate::publish::minify::css(text)
    } else {
        crate::publish::minify::js(text, is_module(file))
    };
    let problems = match result {
        Ok(small) => return Some(small),
        Err(problems) => problems,
    };
    let (message, hint) = if css {
        (
            crate::msg!("css-unreadable", path = file),
            crate::msg!("css-unreadable-hint"),
        )
    } else {
        (
            crate::msg!("js-unreadable", path = file),
            crate::msg!("js-unreadable-hint"),
        )
    };
    for p in problems {
        warnings.push(
            Diagnostic::warning(Code::MinifyUnreadable, message.clone())
                .at(file, text, p.range.start, p.range.len().max(1))
                .hint(hint.clone())
                .detail(p.reason),
        );
    }
    None
}

/// A `.mjs` file is always a module; a `.js` file is one if it has `import` or `export`.
fn is_module(path: &str) -> bool {
    path.ends_with(".mjs")
}

/// `/assets/` holds the fingerprinted files alone: it is cached for a year (netlify.toml), so a
/// page or a plain static file there would never be seen to change.
fn reserved(site: &Site, statics: &[OutputFile]) -> Result<(), Vec<Diagnostic>> {
    let prefix = format!("/{ASSETS_DIR}/");
    let hint = crate::msg!("assets-reserved-hint", dir = ASSETS_DIR);
    let mut errors = Vec::new();
    let sources = site
        .pages
        .iter()
        .map(|p| (&p.path, &p.source.rel))
        .chain(site.sections.iter().map(|s| (&s.path, &s.source.rel)));
    for (path, rel) in sources {
        if path.starts_with(&prefix) {
            errors.push(
                Diagnostic::error(
                    Code::AssetsReserved,
                    crate::msg!("assets-reserved-page", path = path, dir = ASSETS_DIR),
                )
                .in_file(rel)
                .hint(hint.clone()),
            );
        }
    }
    for f in statics {
        if f.path.starts_with(ASSETS_DIR) {
            errors.push(
                Diagnostic::error(
                    Code::AssetsReserved,
                    crate::msg!(
                        "assets-reserved-static",
                        path = display_path(&f.path),
                        dir = ASSETS_DIR
                    ),
                )
                .hint(hint.clone()),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Fingerprinted copies, made in the order modules import each other.
struct Fingerprints<'a> {
    texts: &'a BTreeMap<String, (&'static str, String)>,
    done: BTreeMap<String, Result<Asset, String>>,
    files: Vec<OutputFile>,
}

impl Fingerprints<'_> {
    fn css(&mut self, key: &str) -> Asset {
        let text = rewrite_css_urls(&self.texts[key].1, parent_dir(key));
        self.write(key, text.into_bytes())
    }

    /// A module's copy, after the copies of the modules it imports; `stack` is the chain of
    /// imports that led here, to report a cycle.
    fn js(&mut self, key: &str, stack: &mut Vec<String>) -> Result<Asset, String> {
        if let Some(done) = self.done.get(key) {
            return done.clone();
        }
        if let Some(at) = stack.iter().position(|k| k == key) {
            let mut chain = stack[at..].to_vec();
            chain.push(key.to_string());
            return Err(format!(
                "the modules import each other in a loop ({}), and a fingerprint covers what a module imports; break the loop, or set fingerprint = false under [publish]",
                chain.join(" → ")
            ));
        }
        let text = self.texts[key].1.clone();
        let specifiers = crate::publish::minify::js_import_specifiers(&text, is_module(key))
            .map_err(|problems| {
                let first = &problems[0];
                let line = text[..first.range.start.min(text.len())]
                    .matches('\n')
                    .count()
                    + 1;
                format!(
                    "its imports cannot be read: {} (line {line} as published)",
                    first.reason
                )
            })?;
        stack.push(key.to_string());
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let mut result = Ok(());
        for (range, spec) in specifiers {
            // Bare module names (`lodash`) are not paths; only ./, ../ and / are.
            let is_path =
                spec.starts_with("./") || spec.starts_with("../") || spec.starts_with('/');
            let Some(target) = resolve(parent_dir(key), &spec).filter(|_| is_path) else {
                continue;
            };
            let replacement = match self.texts.get(&target) {
                Some(("js", _)) => match self.js(&target, stack) {
                    Ok(a) => a.url,
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                },
                // Not a module of the site: its plain address, which works from any folder.
                _ => format!("/{target}"),
            };
            let quote = &text[range.start..range.start + 1];
            out.push_str(&text[last..range.start]);
            out.push_str(quote);
            out.push_str(&replacement);
            out.push_str(quote);
            last = range.end;
        }
        stack.pop();
        let made = result.map(|()| {
            out.push_str(&text[last..]);
            self.write(key, out.into_bytes())
        });
        self.done.insert(key.to_string(), made.clone());
        made
    }

    fn write(&mut self, key: &str, bytes: Vec<u8>) -> Asset {
        let digest = Sha384::digest(&bytes);
        let integrity = format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
        let path = Path::new(key);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("asset");
        let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("");
        let dir = parent_dir(key);
        let rel = if dir.is_empty() {
            format!("{ASSETS_DIR}/{stem}.{hash}.{ext}")
        } else {
            format!("{ASSETS_DIR}/{dir}/{stem}.{hash}.{ext}")
        };
        self.files.push(OutputFile {
            path: PathBuf::from(&rel),
            contents: Contents::Bytes(bytes),
        });
        Asset {
            url: format!("/{rel}"),
            integrity: Some(integrity),
        }
    }
}

/// `search` for `search/ui.js`, `` for `style.css`.
fn parent_dir(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Whether a reference names something by a path relative to the file it is in.
fn is_relative(reference: &str) -> bool {
    let scheme = reference.split_once(':').is_some_and(|(s, _)| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !(reference.is_empty() || reference.starts_with(['/', '#', '?']) || scheme)
}

/// The path under the site's root that a reference from a file in `dir` names: `./engine.js`
/// from `search` is `search/engine.js`; a root-relative one is taken as it is. None for
/// addresses elsewhere, bare module names and paths that climb out of the site.
fn resolve(dir: &str, reference: &str) -> Option<String> {
    let (path, rest) = match reference.find(['?', '#']) {
        Some(i) => (&reference[..i], &reference[i..]),
        None => (reference, ""),
    };
    if let Some(abs) = path.strip_prefix('/') {
        return (!abs.starts_with('/')).then(|| format!("{abs}{rest}"));
    }
    if !is_relative(path) {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(format!("{}{rest}", parts.join("/")))
}

/// A stylesheet's relative `url(…)` and `@import "…"` made root-relative, for its copy under
/// `/assets/`.
fn rewrite_css_urls(css: &str, dir: &str) -> String {
    let b = css.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n + 64);
    let mut i = 0;
    let fix = |reference: &str| -> Option<String> {
        if !is_relative(reference) || reference.starts_with("data:") {
            return None;
        }
        resolve(dir, reference).map(|p| format!("/{p}"))
    };
    while i < n {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = css[i + 2..].find("*/").map_or(n, |e| i + 2 + e + 2);
            out.push_str(&css[i..end]);
            i = end;
            continue;
        }
        let at_import = css[i..].starts_with("@import");
        let at_url = (c == b'u' || c == b'U')
            && css
                .get(i..i + 4)
                .is_some_and(|s| s.eq_ignore_ascii_case("url("))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-'));
        if at_import || at_url {
            let head = if at_import { 7 } else { 4 };
            out.push_str(&css[i..i + head]);
            i += head;
            while i < n && b[i].is_ascii_whitespace() {
                out.push(b[i] as char);
                i += 1;
            }
            if i < n && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let end = css[i + 1..].find(q as char).map_or(n, |e| i + 1 + e);
                let value = &css[i + 1..end];
                out.push(q as char);
                out.push_str(&fix(value).unwrap_or_else(|| value.to_string()));
                if end < n {
                    out.push(q as char);
                }
                i = (end + 1).min(n);
            } else if at_url {
                let end = css[i..].find(')').map_or(n, |e| i + e);
                let value = css[i..end].trim_end();
                out.push_str(&fix(value).unwrap_or_else(|| value.to_string()));
                out.push_str(&css[i + value.len()..end]);
                i = end;
            }
            continue;
        }
        if c == b'"' || c == b'\'' {
            let end = css[i + 1..].find(c as char).map_or(n, |e| i + 1 + e + 1);
            out.push_str(&css[i..end]);
            i = end;
            continue;
        }
        let len = css[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&css[i..i + len]);
        i += len;
    }
    out
}

/// Registers `asset(path)`: `{url, integrity, path}` of a static stylesheet or script.
pub fn register(tera: &mut Tera, assets: Arc<Assets>) {
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let a = assets.get(path).map_err(tera::Error::message)?;
            let mut m = tera::Map::new();
            m.insert("url".into(), a.url.as_str().into());
            m.insert(
                "integrity".into(),
                a.integrity.as_deref().map_or(Value::none(), Value::from),
            );
            m.insert("path".into(), path.trim_start_matches('/').into());
            Ok(Value::from(m))
        },
    );
}

/// The static files of `assets` that no generated file replaces, and the paths of those
/// that one does (but `_redirects`, whose lines the generated one takes in on purpose).
pub fn files_except(
    assets: &Assets,
    generated: &HashSet<PathBuf>,
) -> (Vec<OutputFile>, Vec<PathBuf>) {
    let (left_out, kept): (Vec<&OutputFile>, Vec<&OutputFile>) = assets
        .files()
        .iter()
        .partition(|f| generated.contains(&f.path));
    let left_out = left_out
        .into_iter()
        .map(|f| f.path.clone())
        .filter(|p| p != Path::new("_redirects"))
        .collect();
    (kept.into_iter().cloned().collect(), left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_against_the_folder() {
        assert_eq!(
            resolve("search", "./engine.js").as_deref(),
            Some("search/engine.js")
        );
        assert_eq!(resolve("search", "../x.js").as_deref(), Some("x.js"));
        assert_eq!(resolve("", "../x.js"), None);
        assert_eq!(resolve("a", "/b/c.js").as_deref(), Some("b/c.js"));
        assert_eq!(resolve("a", "https://x.se/c.js"), None);
        assert_eq!(resolve("a", "//x.se/c.js"), None);
        assert_eq!(
            resolve("a", "img/p.png?v=1").as_deref(),
            Some("a/img/p.png?v=1")
        );
    }

    #[test]
    fn css_urls_become_root_relative() {
        let css = "@import \"print.css\";a{background:url(img/a.png)}b{background:url( 'x y.png' )}c{background:url(/abs.png),url(data:image/png;base64,AA==),url(#f)}/* url(no.png) */";
        assert_eq!(
            rewrite_css_urls(css, "theme"),
            "@import \"/theme/print.css\";a{background:url(/theme/img/a.png)}b{background:url( '/theme/x y.png' )}c{background:url(/abs.png),url(data:image/png;base64,AA==),url(#f)}/* url(no.png) */"
        );
    }
}
