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

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::config::FeedsConfig;
use crate::content::model::{Page, PageId, Site};
use crate::diag::{Code, Diagnostic};
use crate::output::{Contents, OutputFile};

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
            contents: Contents::Bytes(render(site, fc, f)),
        })
        .collect()
}

/// Text without the characters XML 1.0 does not allow (control characters but tab and line
/// breaks, U+FFFE and U+FFFF), which a page's text may hold and quick-xml writes as they are.
/// Borrowed when there are none, as nearly always.
fn xml_chars(s: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    };
    // The lead byte of U+FFFE and U+FFFF is 0xEF: a byte test finds every candidate, told a
    // block at a time without a branch for each byte (feeds hold their entries' full HTML).
    let candidate = |b: u8| (b == 0xEF) | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'));
    let any_candidate = s
        .as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, &b| found | candidate(b)));
    if !any_candidate || !s.chars().any(forbidden) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !forbidden(c)).collect())
}

type Xml = quick_xml::Writer<Vec<u8>>;

/// An element on a line of its own, with its attributes and, unless empty, its text; quick-xml
/// escapes both, after the characters XML forbids are dropped.
fn line(x: &mut Xml, name: &str, attrs: &[(&str, &str)], text: Option<&str>) {
    let attrs: Vec<(&str, Cow<'_, str>)> = attrs.iter().map(|&(k, v)| (k, xml_chars(v))).collect();
    let element = x
        .create_element(name)
        .with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_ref())));
    // Writing to a Vec cannot fail.
    let _ = match text {
        Some(t) => element.write_text_content(BytesText::new(&xml_chars(t))),
        None => element.write_empty(),
    };
    x.get_mut().push(b'\n');
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

fn render(site: &Site, fc: &FeedsConfig, feed: &Feed) -> Vec<u8> {
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
    let mut x = Xml::new(Vec::with_capacity(4096));
    let _ = x.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    x.get_mut().push(b'\n');
    let lang = xml_chars(&feed.lang);
    let _ = x.write_event(Event::Start(BytesStart::new("feed").with_attributes([
        ("xmlns", "http://www.w3.org/2005/Atom"),
        ("xml:lang", &*lang),
    ])));
    x.get_mut().push(b'\n');
    line(&mut x, "title", &[], Some(&feed.title));
    if let Some(s) = &feed.subtitle {
        line(&mut x, "subtitle", &[], Some(s));
    }
    let link = |x: &mut Xml, rel: &str, kind: &str, href: &str| {
        line(
            x,
            "link",
            &[("rel", rel), ("type", kind), ("href", href)],
            None,
        );
    };
    link(&mut x, "self", "application/atom+xml", &self_url);
    link(
        &mut x,
        "alternate",
        "text/html",
        &site.permalink(&feed.home),
    );
    line(&mut x, "id", &[], Some(&self_url));
    line(&mut x, "updated", &[], Some(&updated));
    // The same author for the feed and every entry, on one line.
    let author = {
        let mut a = Xml::new(Vec::new());
        let _ = a.create_element("author").write_inner_content(|a| {
            a.create_element("name")
                .write_text_content(BytesText::new(&xml_chars(&author)))
                .map(|_| ())
        });
        a.into_inner()
    };
    x.get_mut().extend_from_slice(&author);
    x.get_mut().push(b'\n');
    line(&mut x, "generator", &[], Some("spindel"));
    for &id in &feed.pages {
        let p = &site.pages[id];
        let url = site.permalink(&p.path);
        let _ = x.write_event(Event::Start(BytesStart::new("entry")));
        x.get_mut().push(b'\n');
        line(&mut x, "title", &[], Some(&p.meta.title));
        link(&mut x, "alternate", "text/html", &url);
        line(&mut x, "id", &[], Some(&url));
        if let Some(d) = &p.meta.date {
            line(&mut x, "published", &[], Some(&d.rfc3339(zone)));
        }
        if let Some(d) = p.last_changed(zone) {
            line(&mut x, "updated", &[], Some(&d.rfc3339(zone)));
        }
        x.get_mut().extend_from_slice(&author);
        x.get_mut().push(b'\n');
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
                    let scheme = site.permalink(&t.path);
                    let attrs = [
                        ("term", &*term.slug),
                        ("label", &*term.name),
                        ("scheme", &*scheme),
                    ];
                    line(&mut x, "category", &attrs, None);
                }
            }
        }
        match (&p.meta.description, &p.rendered.summary) {
            (Some(d), _) => line(&mut x, "summary", &[("type", "text")], Some(d)),
            (None, Some(s)) => {
                let html = absolute_urls(s, &config.base_url, &url);
                line(&mut x, "summary", &[("type", "html")], Some(&html));
            }
            (None, None) => {}
        }
        if fc.full_content {
            let html = absolute_urls(&p.rendered.html, &config.base_url, &url);
            line(&mut x, "content", &[("type", "html")], Some(&html));
        }
        let _ = x.write_event(Event::End(BytesEnd::new("entry")));
        x.get_mut().push(b'\n');
    }
    let _ = x.write_event(Event::End(BytesEnd::new("feed")));
    x.get_mut().push(b'\n');
    x.into_inner()
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
    fn text_and_attributes_drop_what_xml_cannot_hold_and_read_back() {
        let mut x = Xml::new(Vec::new());
        line(&mut x, "t", &[], Some("a\u{0}b\u{8}c\td & <e> \"q\""));
        line(&mut x, "l", &[("href", "/x?a=1&b=\"2\"\u{1}")], None);
        let out = String::from_utf8(x.into_inner()).unwrap();
        assert_eq!(
            out,
            "<t>abc\td &amp; &lt;e&gt; &quot;q&quot;</t>\n<l href=\"/x?a=1&amp;b=&quot;2&quot;\"/>\n"
        );
        // Each forbidden character, at every place around the others, is dropped and
        // nothing else: what a reader gets back is the text without it.
        for piece in [
            "&", "<", ">", "\"", "\t", "\n", "\u{1}", "\u{1f}", "\u{fffe}", "\u{ffff}", "\u{fffd}",
            "\u{f000}", "ï", "å", "'",
        ] {
            for at in 0..12 {
                let mut text = "abcdefghijklmnop".to_string();
                text.insert_str(at, piece);
                text.push_str(piece);
                let mut x = Xml::new(Vec::new());
                line(&mut x, "t", &[], Some(&text));
                let xml = String::from_utf8(x.into_inner()).unwrap();
                let mut reader = quick_xml::Reader::from_str(&xml);
                let mut read = String::new();
                loop {
                    match reader.read_event().unwrap() {
                        Event::Text(t) => read.push_str(&t),
                        Event::GeneralRef(r) => {
                            let name: &str = &r;
                            let c = quick_xml::escape::resolve_predefined_entity(name).unwrap();
                            read.push_str(c);
                        }
                        Event::Eof => break,
                        _ => {}
                    }
                }
                let expected: String = text
                    .chars()
                    .filter(|c| !matches!(c, '\u{1}' | '\u{1f}' | '\u{fffe}' | '\u{ffff}'))
                    .collect();
                assert_eq!(read, format!("{expected}\n"), "{text:?} as {xml:?}");
            }
        }
    }
}
