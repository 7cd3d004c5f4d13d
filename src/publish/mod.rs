//! What a published site needs around its pages: `sitemap.xml` (with the date each page last
//! changed and its translations as `hreflang` alternates), a `robots.txt` that names it,
//! Netlify's `_redirects` and a small HTML page for the aliases, and the pages' attachments.
//! The feeds are in `feeds.rs`, the fingerprinted assets in `assets.rs`; `site_files` gathers
//! them all but the assets, which the pipeline adds once it knows what else was written.

pub mod assets;
pub mod exports;
pub mod feeds;
pub mod minify;

use std::collections::BTreeMap;
use std::path::PathBuf;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::content::model::Site;
use crate::markdown::escape_attr;
use crate::output::{Contents, OutputFile};

/// Every file of the site around its rendered pages but the static files: alias pages,
/// attachments, the sitemap, robots.txt, `_redirects`, the data exports and the feeds (both
/// planned with the renderer, which `get_feed()` and `get_data_exports()` show).
pub fn site_files(
    site: &Site,
    planned: &[feeds::Feed],
    exports: &[exports::Export],
) -> Vec<OutputFile> {
    // The feeds beside the rest: they are most of the work.
    let (mut files, feed_files) = rayon::join(
        || {
            let mut files = alias_pages(site);
            files.extend(attachments(site));
            files.push(sitemap(site));
            files.extend(robots(site));
            files.extend(redirects(site));
            files.extend(exports::files(exports));
            files
        },
        || feeds::files(site, planned),
    );
    files.extend(feed_files);
    files
}

/// One URL of the sitemap: where it is, when it last changed, and its other languages.
struct Entry {
    lastmod: Option<String>,
    alternates: Vec<(String, String)>,
}

/// `sitemap.xml`: every page, section and taxonomy page, sorted by URL.
pub fn sitemap(site: &Site) -> OutputFile {
    let zone = &site.config.zone;
    // The day in the site's zone: what a page dated that day is published on.
    let day = |d: &crate::config::time::Date| d.day_in(zone).to_string();
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let alternates = |lang: &str, path: &str, others: Vec<(&str, &str)>| {
        if others.is_empty() {
            return Vec::new();
        }
        let mut all: Vec<(String, String)> = others
            .into_iter()
            .map(|(l, p)| (l.to_string(), site.permalink(p)))
            .collect();
        all.push((lang.to_string(), site.permalink(path)));
        all.sort();
        all
    };
    for p in site.pages.iter().filter(|p| !p.meta.internal) {
        let others = p
            .translations
            .iter()
            .map(|&t| (site.pages[t].lang.as_str(), site.pages[t].path.as_str()))
            .collect();
        let lastmod = p.last_changed(zone);
        entries.insert(
            p.path.clone(),
            Entry {
                lastmod: lastmod.map(day),
                alternates: alternates(&p.lang, &p.path, others),
            },
        );
    }
    for s in &site.sections {
        let others = s
            .translations
            .iter()
            .map(|&t| {
                (
                    site.sections[t].lang.as_str(),
                    site.sections[t].path.as_str(),
                )
            })
            .collect();
        // A listing changes when its newest page does, or its own text.
        let lastmod = s
            .pages
            .iter()
            .filter_map(|&p| site.pages[p].last_changed(zone))
            .chain(s.history.as_ref())
            .max_by_key(|d| d.timestamp(zone));
        entries.insert(
            s.path.clone(),
            Entry {
                lastmod: lastmod.map(day),
                alternates: alternates(&s.lang, &s.path, others),
            },
        );
    }
    for t in &site.taxonomies {
        let no_date = || Entry {
            lastmod: None,
            alternates: Vec::new(),
        };
        entries.insert(t.path.clone(), no_date());
        for term in &t.terms {
            entries.insert(term.path.clone(), no_date());
        }
    }
    // Indented by two spaces, one element a line.
    let mut x = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail.
    let _ = x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = x.write_event(Event::Start(BytesStart::new("urlset").with_attributes([
        ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
        ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
    ])));
    for (path, e) in &entries {
        let _ = x.create_element("url").write_inner_content(|x| {
            x.create_element("loc")
                .write_text_content(BytesText::new(&site.permalink(path)))?;
            if let Some(day) = &e.lastmod {
                x.create_element("lastmod")
                    .write_text_content(BytesText::new(day))?;
            }
            for (lang, href) in &e.alternates {
                x.create_element("xhtml:link")
                    .with_attributes([("rel", "alternate"), ("hreflang", lang), ("href", href)])
                    .write_empty()?;
            }
            Ok(())
        });
    }
    let _ = x.write_event(Event::End(BytesEnd::new("urlset")));
    let mut xml = x.into_inner();
    xml.push(b'\n');
    OutputFile {
        path: PathBuf::from("sitemap.xml"),
        contents: Contents::Bytes(xml),
    }
}

/// `robots.txt` naming the sitemap, unless the site or its theme has a `robots.txt` of its own.
pub fn robots(site: &Site) -> Option<OutputFile> {
    let own = std::iter::once(site.root.join("static"))
        .chain(site.config.theme_dir(&site.root).map(|t| t.join("static")))
        .any(|dir| dir.join("robots.txt").is_file());
    if own {
        return None;
    }
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.permalink("/sitemap.xml")
    );
    Some(OutputFile {
        path: PathBuf::from("robots.txt"),
        contents: Contents::Bytes(text.into_bytes()),
    })
}

/// `_redirects` for Netlify: a forced `301!` from every alias to its page, sorted, after the
/// lines of a `_redirects` of the site's or the theme's `static/`. Forced, because the alias's
/// HTML fallback page exists at the old address, and Netlify serves an existing file rather
/// than redirect unless told to.
pub fn redirects(site: &Site) -> Option<OutputFile> {
    if !site.config.publish.redirects {
        return None;
    }
    let own = std::iter::once(site.root.join("static"))
        .chain(site.config.theme_dir(&site.root).map(|t| t.join("static")))
        .map(|dir| dir.join("_redirects"))
        .find(|f| f.is_file())
        .and_then(|f| std::fs::read_to_string(f).ok());
    let encode = |path: &str| {
        path.split('/')
            .map(crate::text::percent::encode_segment)
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut lines: Vec<String> = site
        .aliases
        .iter()
        .map(|(alias, id)| format!("{} {} 301!", encode(alias), encode(&site.pages[*id].path)))
        .collect();
    lines.sort();
    lines.dedup();
    if lines.is_empty() && own.is_none() {
        return None;
    }
    let mut text = own.unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !lines.is_empty() {
        text.push_str("# Old addresses (aliases in front matter), written by spindel\n");
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
    }
    Some(OutputFile {
        path: PathBuf::from("_redirects"),
        contents: Contents::Bytes(text.into_bytes()),
    })
}

/// A small HTML page per alias that sends readers on to the page's new address.
pub fn alias_pages(site: &Site) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|(alias, id)| {
            let p = &site.pages[*id];
            let target = escape_attr(&p.path);
            let title = escape_attr(&p.meta.title);
            let moved = site.config.translate(&p.lang, "moved").unwrap_or("Sidan har flyttat till");
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
                 <link rel=\"canonical\" href=\"{canon}\">\n<meta name=\"robots\" content=\"noindex\">\n\
                 <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
                 <p>{moved} <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = escape_attr(&p.lang),
                canon = escape_attr(&site.permalink(&p.path)),
                moved = escape_attr(moved),
            );
            OutputFile {
                path: crate::site::output_file_for(alias),
                contents: Contents::Bytes(html.into_bytes()),
            }
        })
        .collect()
}

/// The files attached to pages and sections (in their folders), copied beside them.
pub fn attachments(site: &Site) -> Vec<OutputFile> {
    let pages = site
        .pages
        .iter()
        .flat_map(|p| p.attachments.iter().map(move |a| (&p.path, a)));
    let sections = site
        .sections
        .iter()
        .flat_map(|s| s.attachments.iter().map(move |a| (&s.path, a)));
    pages
        .chain(sections)
        .map(|(dir, a)| OutputFile {
            path: PathBuf::from(dir.trim_start_matches('/')).join(&a.name),
            contents: Contents::Copy(a.source.clone()),
        })
        .collect()
}
