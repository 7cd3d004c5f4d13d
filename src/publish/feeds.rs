//! Atom feeds (RFC 4287) of the dated pages, newest first, with `[feeds]` in spindel.toml:
//! one per language of every dated page (`/atom.xml`, `/en/atom.xml`, less the sections in
//! `site_exclude`), one per listed section (`/minnesanteckningar/atom.xml`) and one per term of
//! the listed taxonomies (`/kommun/boras/atom.xml`). A feed with no entries is not written.
//!
//! Everything in a feed comes from the pages: an entry's `updated` is the page's `updated`
//! (of its front matter, else its last commit's: `Page::updated`) or `date` (read in the
//! site's zone when written without an offset), and the feed's is its
//! newest entry's, compared as instants, so a rebuild writes the same bytes. Addresses
//! are absolute (from `base_url`); ids are the pages' permalinks. Templates find a feed with
//! `get_feed()` (the language's feed) or `get_feed(path=section.path)`.

use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::config::FeedsConfig;
use crate::content::model::{Page, PageId, Site};
use crate::diag::{Code, Diagnostic};
use crate::output::{Contents, OutputFile};
use crate::text::swar;

/// One feed: where it is, what it belongs to, and its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub lang: String,
    /// `/atom.xml`, `/minnesanteckningar/atom.xml`, `/kommun/boras/atom.xml`.
    pub path: String,
    /// The page the feed belongs to: the language's start page, the section, the term.
    pub home: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// Entries, newest first, at most `limit`.
    pub pages: Vec<PageId>,
}

/// Whether a page can be an entry: its front matter dates it (a page's last commit alone does
/// not make it news), and it does not say `[extra] feed = false`.
fn in_feeds(p: &Page) -> bool {
    p.is_listed()
        && p.meta.last_changed().is_some()
        && p.meta.extra.get("feed").and_then(|v| v.as_bool()) != Some(false)
}

/// The section folder of a page is `dir` or lies below it.
fn under(site: &Site, p: &Page, dir: &str) -> bool {
    p.section.is_some_and(|s| {
        let d = &site.sections[s].dir;
        d == dir
            || d.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Which feeds the site has. A section named in `[feeds]` that does not exist is an error.
pub fn plan(site: &Site) -> Result<Vec<Feed>, Vec<Diagnostic>> {
    let Some(fc) = &site.config.feeds else {
        return Ok(Vec::new());
    };
    let mut errors = Vec::new();
    let dirs: Vec<&str> = site.sections.iter().map(|s| s.dir.as_str()).collect();
    for (key, list) in [
        ("sections", &fc.sections),
        ("site_exclude", &fc.site_exclude),
    ] {
        for name in list {
            let dir = name.trim_matches('/');
            if dirs.contains(&dir) && !dir.is_empty() {
                continue;
            }
            let mut d = Diagnostic::error(
                Code::FeedSection,
                crate::msg!("feed-not-a-section", key = key, name = name),
            );
            if let Ok(text) = std::fs::read_to_string(site.root.join(crate::config::CONFIG_FILE)) {
                let at = crate::config::find_key(&text, &format!("\"{name}\""));
                d = d.at(crate::config::CONFIG_FILE, &text, at, name.len() + 2);
            } else {
                d = d.in_file(crate::config::CONFIG_FILE);
            }
            d = match crate::diag::did_you_mean(dir, dirs.iter().copied().filter(|d| !d.is_empty()))
            {
                Some(near) => d.hint(crate::msg!("did-you-mean", word = near)),
                None => d.hint(crate::msg!("feed-not-a-section-hint")),
            };
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let zone = &site.config.zone;
    let changed = site.last_changed();
    let dates: Vec<Option<jiff::Timestamp>> = site
        .pages
        .iter()
        .map(|p| p.meta.date.as_ref().map(|d| d.timestamp(zone)))
        .collect();
    let newest_first = |mut ids: Vec<PageId>| {
        ids.sort_by(|&a, &b| {
            let (pa, pb) = (&site.pages[a], &site.pages[b]);
            changed[b.index()]
                .cmp(&changed[a.index()])
                .then_with(|| dates[b.index()].cmp(&dates[a.index()]))
                .then_with(|| pa.meta.title.cmp(&pb.meta.title))
                .then(a.cmp(&b))
        });
        if fc.limit > 0 {
            ids.truncate(fc.limit);
        }
        ids
    };
    let config = &site.config;
    let site_title = |lang: &str| {
        config
            .languages
            .get(lang)
            .and_then(|l| l.title.clone())
            .unwrap_or_else(|| config.title.clone())
    };
    let mut feeds = Vec::new();
    if fc.site {
        for lang in config.language_codes() {
            let ids: Vec<PageId> = site
                .page_ids()
                .filter(|&i| {
                    let p = &site.pages[i];
                    p.lang == lang
                        && in_feeds(p)
                        && !fc
                            .site_exclude
                            .iter()
                            .any(|d| under(site, p, d.trim_matches('/')))
                })
                .collect();
            if ids.is_empty() {
                continue;
            }
            let home = config.language_prefix(lang);
            let description = config
                .languages
                .get(lang)
                .and_then(|l| l.description.clone())
                .unwrap_or_else(|| config.description.clone());
            feeds.push(Feed {
                lang: lang.to_string(),
                path: format!("{home}{}", fc.filename),
                home,
                title: site_title(lang),
                subtitle: (!description.is_empty()).then_some(description),
                pages: newest_first(ids),
            });
        }
    }
    for s in &site.sections {
        if !fc.sections.iter().any(|d| d.trim_matches('/') == s.dir) {
            continue;
        }
        let ids: Vec<PageId> = site
            .page_ids()
            .filter(|&i| {
                let p = &site.pages[i];
                p.lang == s.lang && in_feeds(p) && under(site, p, &s.dir)
            })
            .collect();
        if ids.is_empty() {
            continue;
        }
        feeds.push(Feed {
            lang: s.lang.clone(),
            path: format!("{}{}", s.path, fc.filename),
            home: s.path.clone(),
            title: format!("{} – {}", s.meta.title, site_title(&s.lang)),
            subtitle: s.meta.description.clone(),
            pages: newest_first(ids),
        });
    }
    for t in &site.taxonomies {
        if !fc.taxonomies.contains(&t.name) {
            continue;
        }
        for term in &t.terms {
            let ids: Vec<PageId> = term
                .pages
                .iter()
                .copied()
                .filter(|&i| in_feeds(&site.pages[i]))
                .collect();
            if ids.is_empty() {
                continue;
            }
            feeds.push(Feed {
                lang: t.lang.clone(),
                path: format!("{}{}", term.path, fc.filename),
                home: term.path.clone(),
                title: format!("{} – {}", term.name, site_title(&t.lang)),
                subtitle: None,
                pages: newest_first(ids),
            });
        }
    }
    Ok(feeds)
}

/// The feed files.
pub fn files(site: &Site, feeds: &[Feed]) -> Vec<OutputFile> {
    let Some(fc) = &site.config.feeds else {
        return Vec::new();
    };
    // In parallel: a feed escapes the full HTML of each of its entries.
    feeds
        .par_iter()
        .map(|f| OutputFile {
            path: PathBuf::from(f.path.trim_start_matches('/')),
            contents: Contents::Bytes(render(site, fc, f).into_bytes()),
        })
        .collect()
}

/// Text for XML: escaped, without the control characters XML 1.0 does not allow. Feeds hold
/// the full HTML of their entries, so the text between the bytes to change is copied whole,
/// found eight bytes at a time. (Not pulldown-cmark's `escape_html`: it does not drop the
/// characters XML forbids, and it writes `'` as `&#39;`, which would change every feed.)
fn xml_text(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if i + 8 <= bytes.len() {
            let x = swar::load(bytes, i);
            let found = swar::equal(x, b'&')
                | swar::equal(x, b'<')
                | swar::equal(x, b'>')
                | swar::equal(x, b'"')
                | swar::in_range(x, 0, 0x1f)
                // The lead byte of U+FFFE and U+FFFF.
                | swar::equal(x, 0xEF);
            if found == 0 {
                i += 8;
                continue;
            }
            i += (found.trailing_zeros() / 8) as usize;
        }
        let replacement = match bytes[i] {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'"' => Some("&quot;"),
            b'\t' | b'\n' | b'\r' => None,
            0..=0x1f => Some(""),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => Some(""),
            _ => None,
        };
        match replacement {
            Some(r) => {
                out.push_str(&s[run..i]);
                out.push_str(r);
                // Every byte changed here is a whole character: one byte, or U+FFFE/U+FFFF.
                i += if bytes[i] == 0xEF { 3 } else { 1 };
                run = i;
            }
            None => i += 1,
        }
    }
    out.push_str(&s[run..]);
    out
}

/// A page's HTML with its root-relative and `#` addresses made absolute, for feed readers.
fn absolute_urls(html: &str, base: &str, page_url: &str) -> String {
    const HREF: &str = " href=\"";
    const SRC: &str = " src=\"";
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    // The next place of each attribute, each looked for again only once passed: pages have
    // many links and few images, and a search for the next image went to the end each time.
    let find = |what: &str, from: usize| {
        memchr::memmem::find(&bytes[from..], what.as_bytes()).map(|i| from + i + what.len())
    };
    let mut next_href = find(HREF, 0);
    let mut next_src = find(SRC, 0);
    let mut done = 0;
    loop {
        let at = match (next_href, next_src) {
            (Some(h), Some(s)) => h.min(s),
            (Some(h), None) => h,
            (None, Some(s)) => s,
            (None, None) => break,
        };
        out.push_str(&html[done..at]);
        done = at;
        let rest = &html[at..];
        if rest.starts_with('/') && !rest.starts_with("//") {
            out.push_str(base);
        } else if rest.starts_with('#') {
            out.push_str(page_url);
        }
        if next_href == Some(at) {
            next_href = find(HREF, at);
        }
        if next_src == Some(at) {
            next_src = find(SRC, at);
        }
    }
    out.push_str(&html[done..]);
    out
}

fn render(site: &Site, fc: &FeedsConfig, feed: &Feed) -> String {
    let config = &site.config;
    let author = fc.author.clone().unwrap_or_else(|| {
        config
            .languages
            .get(&feed.lang)
            .and_then(|l| l.title.clone())
            .unwrap_or_else(|| config.title.clone())
    });
    let self_url = site.permalink(&feed.path);
    let zone = &config.zone;
    let updated = feed
        .pages
        .iter()
        .filter_map(|&p| site.pages[p].last_changed(zone))
        .max_by_key(|d| d.timestamp(zone))
        .map(|d| d.rfc3339(zone))
        .unwrap_or_default();
    let mut x = String::with_capacity(4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_text(&feed.lang)
    );
    let _ = writeln!(x, "<title>{}</title>", xml_text(&feed.title));
    if let Some(s) = &feed.subtitle {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", xml_text(s));
    }
    let _ = writeln!(
        x,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_text(&self_url)
    );
    let _ = writeln!(
        x,
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_text(&site.permalink(&feed.home))
    );
    let _ = writeln!(x, "<id>{}</id>", xml_text(&self_url));
    let _ = writeln!(x, "<updated>{updated}</updated>");
    let author = format!("<author><name>{}</name></author>", xml_text(&author));
    let _ = writeln!(x, "{author}");
    x.push_str("<generator>spindel</generator>\n");
    for &id in &feed.pages {
        let p = &site.pages[id];
        let url = site.permalink(&p.path);
        x.push_str("<entry>\n");
        let _ = writeln!(x, "<title>{}</title>", xml_text(&p.meta.title));
        let _ = writeln!(
            x,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_text(&url)
        );
        let _ = writeln!(x, "<id>{}</id>", xml_text(&url));
        if let Some(d) = &p.meta.date {
            let _ = writeln!(x, "<published>{}</published>", d.rfc3339(zone));
        }
        if let Some(d) = p.last_changed(zone) {
            let _ = writeln!(x, "<updated>{}</updated>", d.rfc3339(zone));
        }
        let _ = writeln!(x, "{author}");
        for t in site.taxonomies.iter().filter(|t| t.lang == p.lang) {
            let Some(names) = p.meta.taxonomies.get(&t.name) else {
                continue;
            };
            // The page's own terms first (a few), then whether the term lists it: not a scan
            // of every term's pages for every entry.
            let slugs: Vec<String> = names
                .iter()
                .map(|n| crate::text::slug::slugify(n))
                .collect();
            for term in t.terms.iter().filter(|k| slugs.contains(&k.slug)) {
                if term.pages.contains(&id) {
                    let _ = writeln!(
                        x,
                        "<category term=\"{}\" label=\"{}\" scheme=\"{}\"/>",
                        xml_text(&term.slug),
                        xml_text(&term.name),
                        xml_text(&site.permalink(&t.path))
                    );
                }
            }
        }
        match (&p.meta.description, &p.rendered.summary) {
            (Some(d), _) => {
                let _ = writeln!(x, "<summary type=\"text\">{}</summary>", xml_text(d));
            }
            (None, Some(s)) => {
                let html = absolute_urls(s, &config.base_url, &url);
                let _ = writeln!(x, "<summary type=\"html\">{}</summary>", xml_text(&html));
            }
            (None, None) => {}
        }
        if fc.full_content {
            let html = absolute_urls(&p.rendered.html, &config.base_url, &url);
            let _ = writeln!(x, "<content type=\"html\">{}</content>", xml_text(&html));
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// Registers `get_feed(path=…, lang=…)`: `{title, path, permalink}` of the feed of the page at
/// `path` (a section or a term), or without `path` of the language's feed; none if there is
/// no such feed.
pub fn register(tera: &mut Tera, site: &Site, feeds: Arc<Vec<Feed>>) {
    let default_language = site.config.default_language.clone();
    let prefixes: Vec<(String, String)> = site
        .config
        .language_codes()
        .iter()
        .map(|l| (l.to_string(), site.config.language_prefix(l)))
        .collect();
    // Each feed's value made once, by the address of its page: term and section pages ask for
    // theirs on every pager. Reversed, so that of two feeds for one page the first is kept,
    // as a search from the front would find it.
    let values: std::collections::HashMap<String, Value> = feeds
        .iter()
        .rev()
        .map(|f| {
            let mut m = tera::Map::new();
            m.insert("title".into(), f.title.as_str().into());
            m.insert("path".into(), f.path.as_str().into());
            m.insert(
                "permalink".into(),
                format!("{}{}", site.config.base_url, f.path).into(),
            );
            (f.home.clone(), Value::from(m))
        })
        .collect();
    tera.register_function(
        "get_feed",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let path: Option<&str> = kwargs.get("path")?;
            let home = match path {
                Some(p) => p,
                None => {
                    let lang: String = match kwargs.get::<&str>("lang")? {
                        Some(l) => l.to_string(),
                        None => state
                            .get::<String>("lang")?
                            .unwrap_or_else(|| default_language.clone()),
                    };
                    match prefixes.iter().find(|(l, _)| *l == lang) {
                        Some((_, prefix)) => prefix.as_str(),
                        None => {
                            return Err(tera::Error::message(format!(
                                "get_feed: `{lang}` is not a language of the site"
                            )));
                        }
                    }
                }
            };
            Ok(values.get(home).cloned().unwrap_or_else(Value::none))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_content_become_absolute() {
        assert_eq!(
            absolute_urls(
                "<a href=\"/metoder/\">m</a> <a href=\"#rubrik\">r</a> <img src=\"/bild.png\" alt=\"\"> <a href=\"//x.se/\">x</a> <a href=\"https://a.se/\">a</a>",
                "https://ex.se",
                "https://ex.se/sida/"
            ),
            "<a href=\"https://ex.se/metoder/\">m</a> <a href=\"https://ex.se/sida/#rubrik\">r</a> <img src=\"https://ex.se/bild.png\" alt=\"\"> <a href=\"//x.se/\">x</a> <a href=\"https://a.se/\">a</a>"
        );
    }

    #[test]
    fn xml_text_drops_what_xml_cannot_hold() {
        assert_eq!(xml_text("a\u{0}b\u{8}c\td & <e>"), "abc\td &amp; &lt;e&gt;");
        // Each kind of byte at every place of an eight-byte block, as one character at a
        // time would do it.
        let slowly = |s: &str| -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\t' | '\n' | '\r' => out.push(c),
                    c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
                    c => out.push(c),
                }
            }
            out
        };
        for piece in [
            "&", "<", ">", "\"", "\t", "\n", "\r", "\u{1}", "\u{1f}", "\u{fffe}", "\u{ffff}",
            "\u{fffd}", "ï", "å", "'",
        ] {
            for at in 0..12 {
                let mut text = "abcdefghijklmnop".to_string();
                text.insert_str(at, piece);
                text.push_str(piece);
                assert_eq!(xml_text(&text), slowly(&text), "{text:?}");
            }
        }
    }
}
