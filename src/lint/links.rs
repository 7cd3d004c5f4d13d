//! Where a link leads: what kind of destination it is, and the paths it resolves to, the way a
//! reader's browser follows it on the published site.

use std::collections::HashMap;

use crate::content::model::{PageId, SectionId, Site, Target};

/// What a link's destination is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest<'a> {
    /// `@/metoder/brobyggare.md#x`: resolved and checked by the Markdown stage itself.
    Internal,
    /// `https://…` or `//host/…`.
    External(&'a str),
    /// `mailto:`, `tel:` and other schemes.
    OtherScheme,
    /// `#rubrik`: a heading on the same page.
    SamePage(&'a str),
    /// A path to a source file: `../metoder/brobyggare.md#rubrik`.
    Source {
        path: String,
        anchor: Option<&'a str>,
    },
    /// A path on the website, relative (`bilaga.pdf`) or absolute (`/static/karta.png`).
    Url {
        path: String,
        anchor: Option<&'a str>,
    },
    /// `[text]()`.
    Empty,
}

pub fn classify(dest: &str) -> Dest<'_> {
    let dest = dest.trim();
    if dest.is_empty() {
        return Dest::Empty;
    }
    if dest.starts_with("@/") {
        return Dest::Internal;
    }
    if let Some(scheme) = scheme(dest) {
        return if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            Dest::External(dest)
        } else {
            Dest::OtherScheme
        };
    }
    if dest.starts_with("//") {
        return Dest::External(dest);
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return match anchor {
            Some(a) if !a.is_empty() => Dest::SamePage(a),
            _ => Dest::OtherScheme,
        };
    }
    // A name that is not UTF-8 once decoded is kept as written, and reported as not found.
    let path = crate::text::percent::decode(path).map_or_else(|| path.to_string(), String::from);
    if path.to_ascii_lowercase().ends_with(".md") {
        Dest::Source { path, anchor }
    } else {
        Dest::Url { path, anchor }
    }
}

/// `https` of `https://…`; `None` for paths, including `C:`-less relative ones.
fn scheme(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let s = &dest[..colon];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && s.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)))
    .then_some(s)
}

/// Joins `rel` onto the directory `base` (both with `/`), resolving `.` and `..`.
/// `None` when the path climbs above the root.
pub fn join(base_dir: &str, rel: &str) -> Option<String> {
    let base = if rel.starts_with('/') { "" } else { base_dir };
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(rel.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The directory part of a URL path: `/metoder/brobyggare/` for itself, `/` for `/404.html`.
pub fn url_dir(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    }
}

/// Every path of the published site that a link can lead to, decoded, with what is there.
pub struct UrlMap {
    /// Path → the page or section at it, or `None` for a file.
    pub paths: HashMap<String, Option<Target>>,
    /// File name → the paths it is published at, for hints.
    pub by_name: HashMap<String, Vec<String>>,
}

impl UrlMap {
    pub fn new(site: &Site) -> UrlMap {
        let mut paths: HashMap<String, Option<Target>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        let segment = &site.config.paginate_path;
        let pagers = |base: &str, items: usize, by: Option<usize>, paths: &mut HashMap<_, _>| {
            if let Some(by) = by.filter(|b| *b > 0) {
                for n in 2..=items.div_ceil(by) {
                    paths.insert(format!("{base}{segment}/{n}/"), None);
                }
            }
        };
        for (i, s) in site.sections.iter().enumerate() {
            paths.insert(s.path.clone(), Some(Target::Section(SectionId::new(i))));
            pagers(&s.path, s.pages.len(), s.meta.paginate_by, &mut paths);
        }
        for (i, p) in site.pages.iter().enumerate() {
            paths.insert(p.path.clone(), Some(Target::Page(PageId::new(i))));
        }
        let attachments = site
            .pages
            .iter()
            .flat_map(|p| p.attachments.iter().map(move |a| (&p.path, a)))
            .chain(
                site.sections
                    .iter()
                    .flat_map(|s| s.attachments.iter().map(move |a| (&s.path, a))),
            );
        for (base, a) in attachments {
            let path = format!("{base}{}", a.name);
            by_name
                .entry(a.name.clone())
                .or_default()
                .push(path.clone());
            paths.insert(path, None);
        }
        for t in &site.taxonomies {
            paths.insert(t.path.clone(), None);
            for term in &t.terms {
                paths.insert(term.path.clone(), None);
                pagers(&term.path, term.pages.len(), t.paginate_by, &mut paths);
            }
        }
        for (alias, _) in &site.aliases {
            paths.insert(alias.clone(), None);
        }
        let theme = site.config.theme_dir(&site.root);
        for f in crate::output::static_files(&site.root, theme.as_deref()) {
            let rel = crate::diag::display_path(&f.path);
            let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
            let path = format!("/{rel}");
            by_name.entry(name).or_default().push(path.clone());
            paths.insert(path, None);
        }
        for generated in ["/404.html", "/syntax.css", "/sitemap.xml", "/robots.txt"] {
            paths.insert(generated.to_string(), None);
        }
        // The feeds: an editor may link to /minnesanteckningar/atom.xml.
        for feed in crate::publish::feeds::plan(site).unwrap_or_default() {
            paths.insert(feed.path, None);
        }
        for list in by_name.values_mut() {
            list.sort();
            list.dedup();
        }
        UrlMap { paths, by_name }
    }

    /// What is at `path`, accepting `/metoder` for `/metoder/` and `/metoder/index.html`.
    pub fn get(&self, path: &str) -> Option<Option<Target>> {
        if let Some(t) = self.paths.get(path) {
            return Some(*t);
        }
        let dir = path.strip_suffix("index.html").unwrap_or(path);
        if let Some(t) = self.paths.get(dir) {
            return Some(*t);
        }
        if !path.ends_with('/') {
            return self.paths.get(&format!("{path}/")).copied();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_classified() {
        assert_eq!(classify("@/a.md"), Dest::Internal);
        assert_eq!(
            classify("https://example.org/x"),
            Dest::External("https://example.org/x")
        );
        assert_eq!(classify("mailto:a@b.se"), Dest::OtherScheme);
        assert_eq!(classify("#rubrik"), Dest::SamePage("rubrik"));
        assert_eq!(
            classify("../metoder/brobyggare.md#resultat"),
            Dest::Source {
                path: "../metoder/brobyggare.md".into(),
                anchor: Some("resultat")
            }
        );
        assert_eq!(
            classify("bilaga%20med%20mellanslag.pdf?x=1"),
            Dest::Url {
                path: "bilaga med mellanslag.pdf".into(),
                anchor: None
            }
        );
        assert_eq!(classify("  "), Dest::Empty);
        // Kept as written when decoding gives no name: a lone `%`, bytes that are not UTF-8.
        for kept in ["100%.pdf", "%FF.pdf", "a+b%zz.pdf"] {
            assert_eq!(
                classify(kept),
                Dest::Url {
                    path: kept.into(),
                    anchor: None
                }
            );
        }
        assert_eq!(
            classify("%C3%A5tg%C3%A4rder.md#x"),
            Dest::Source {
                path: "åtgärder.md".into(),
                anchor: Some("x")
            }
        );
    }

    #[test]
    fn paths_join_and_cannot_climb_out() {
        assert_eq!(join("metoder", "../om/x.md").as_deref(), Some("om/x.md"));
        assert_eq!(join("metoder", "x.md").as_deref(), Some("metoder/x.md"));
        assert_eq!(join("/metoder/a/", "../").as_deref(), Some("metoder/"));
        assert_eq!(join("", "../x.md"), None);
        assert_eq!(join("a/b", "/c.md").as_deref(), Some("c.md"));
        assert_eq!(url_dir("/404.html"), "/");
    }
}
