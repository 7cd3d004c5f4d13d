//! Addresses no two sources may share: each page's aliases (redirects from old addresses),
//! checked against what spindel writes itself, and every URL claimed by a page, section,
//! taxonomy or alias, reported with both claimants when two meet.

use std::collections::HashMap;

use crate::content::model::{PageId, Site};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::msg;
use crate::msg::Message;

impl Site {
    pub(super) fn collect_aliases(&mut self, diags: &mut Diagnostics) {
        for (id, page) in self.pages.iter().enumerate() {
            for alias in &page.meta.aliases {
                match normalize_alias(alias) {
                    Some(path) if let Some(what) = generated_file(&path) => {
                        let at = page.source.text.find(alias.as_str()).unwrap_or(0);
                        diags.push(
                            Diagnostic::error(
                                Code::BadAlias,
                                msg!("alias-generated", alias = alias, what = what),
                            )
                            .at(&page.source.rel, &page.source.text, at, alias.len())
                            .hint(msg!("alias-generated-hint")),
                        );
                    }
                    Some(path) => self.aliases.push((path, PageId::new(id))),
                    None => {
                        let at = page.source.text.find(alias.as_str()).unwrap_or(0);
                        diags.push(
                            Diagnostic::error(
                                Code::BadAlias,
                                msg!("alias-not-a-path", alias = alias),
                            )
                            .at(&page.source.rel, &page.source.text, at, alias.len())
                            .hint(msg!("alias-not-a-path-hint")),
                        );
                    }
                }
            }
        }
    }

    /// Two sources mapped to one URL would overwrite each other: name both.
    pub(super) fn check_unique_paths(&self, diags: &mut Diagnostics) {
        /// Who claims a URL, and what in its source makes it.
        struct Claim<'a> {
            name: Message,
            source: Option<(&'a str, &'a str, Option<&'a str>)>,
            hint: Message,
        }
        /// The file of a claim, its text, and where in it the key that makes the claim stands.
        type Found<'a> = (&'a str, &'a str, Option<(usize, usize)>);
        fn find<'a>(x: &Claim<'a>) -> Option<Found<'a>> {
            x.source.map(|(rel, text, key)| {
                let found = key.and_then(|k| text.find(k).map(|o| (o, k.len())));
                (rel, text, found)
            })
        }
        let slug_hint = || msg!("url-taken-slug-hint");
        let mut claims: Vec<(&str, Claim)> = Vec::new();
        for s in &self.sections {
            let c = Claim {
                name: msg!("url-claim-file", file = &s.source.rel),
                source: Some((&s.source.rel, &s.source.text, None)),
                hint: msg!("url-taken-folder-hint"),
            };
            claims.push((&s.path, c));
        }
        for p in &self.pages {
            let key = p.meta.slug.is_some().then_some("slug");
            let c = Claim {
                name: msg!("url-claim-file", file = &p.source.rel),
                source: Some((&p.source.rel, &p.source.text, key)),
                hint: slug_hint(),
            };
            claims.push((&p.path, c));
        }
        for t in &self.taxonomies {
            let c = Claim {
                name: msg!("url-claim-taxonomy", name = &t.name),
                source: None,
                hint: msg!("url-taken-taxonomy-hint"),
            };
            claims.push((&t.path, c));
        }
        for (alias, id) in &self.aliases {
            let p = &self.pages[*id];
            let raw = p
                .meta
                .aliases
                .iter()
                .find(|a| normalize_alias(a).as_deref() == Some(alias.as_str()));
            let c = Claim {
                name: msg!("url-claim-alias", file = &p.source.rel),
                source: Some((
                    &p.source.rel,
                    &p.source.text,
                    Some(raw.map_or("aliases", String::as_str)),
                )),
                hint: msg!("url-taken-alias-hint"),
            };
            claims.push((alias, c));
        }
        let mut owners: HashMap<&str, &Claim> = HashMap::new();
        for (path, c) in &claims {
            let Some(first) = owners.get(path).copied() else {
                owners.insert(path, c);
                continue;
            };
            if first.name == c.name {
                continue;
            }
            let message = msg!(
                "url-taken",
                path = *path,
                first = &first.name,
                second = &c.name
            );
            // Point at the front-matter line that makes the clash (a slug or an alias), else
            // at the later file; the other claim is shown beside it.
            let keyed = |x: &Claim| matches!(x.source, Some((_, _, Some(_))));
            let (at, other) = if keyed(c) || !keyed(first) {
                (c, first)
            } else {
                (first, c)
            };
            let d = Diagnostic::error(Code::UrlTaken, message);
            let d = match find(at) {
                Some((rel, text, Some((o, len)))) => d
                    .at(rel, text, o, len)
                    .label(msg!("url-taken-here", path = *path)),
                // No key makes it (a file's name or a bundle's folder): the file's first line.
                Some((rel, text, None)) => d
                    .at(rel, text, 0, first_line_len(text))
                    .label(msg!("url-taken-here", path = *path)),
                None => d,
            };
            let d = match find(other) {
                Some((rel, text, Some((o, len)))) => {
                    d.also_at(rel, text, o, len, msg!("url-taken-first"))
                }
                Some((rel, _, None)) => d.also_in(rel, msg!("url-taken-first")),
                None => d,
            };
            diags.push(d.hint(at.hint.clone()));
        }
    }
}

/// The length of a text's first line (at least 1, so that an empty file is still pointed at).
fn first_line_len(text: &str) -> usize {
    text.lines()
        .next()
        .map_or(1, |l| l.trim_end_matches('\r').len().max(1))
}

/// What spindel itself writes at `path`, an address as `normalize_alias` gives it, if
/// anything: a redirect page there would replace it, or make a folder of its name.
fn generated_file(path: &str) -> Option<Message> {
    let file = path.trim_matches('/');
    match file {
        "sitemap.xml" => Some(msg!("generated-sitemap")),
        "robots.txt" => Some(msg!("generated-robots")),
        "_redirects" => Some(msg!("generated-redirects")),
        "404.html" => Some(msg!("generated-404")),
        _ if file == "atom.xml" || file.ends_with("/atom.xml") => Some(msg!("generated-feed")),
        _ => None,
    }
}

/// An alias as the address it redirects from: `/gamla/sidan/`, `gamla/sidan` and
/// `/gamla/sidan.html` are fine; `..`, `//host` and `?` are not.
fn normalize_alias(alias: &str) -> Option<String> {
    let trimmed = alias.trim();
    if trimmed.is_empty()
        || trimmed.contains("://")
        || trimmed.starts_with("//")
        || trimmed.contains(['?', '#', '\\'])
    {
        return None;
    }
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == ".." || *p == "." || p.chars().any(char::is_control))
    {
        return None;
    }
    let joined = parts.join("/");
    if joined.ends_with(".html") {
        Some(format!("/{joined}"))
    } else {
        Some(format!("/{joined}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_cannot_escape() {
        assert_eq!(
            normalize_alias("gamla/sidan").as_deref(),
            Some("/gamla/sidan/")
        );
        assert_eq!(normalize_alias("/a.html").as_deref(), Some("/a.html"));
        assert_eq!(normalize_alias("/../etc/"), None);
        assert_eq!(normalize_alias("https://evil.example/"), None);
    }
}
