//! The bundled site's furniture as a reader meets it: the member summary on the start page
//! (counted from data/kommuner.toml, dated), English titles in one case, and the language
//! switch on a page without a translation. Each test builds a copy of the repository's site
//! with the real binary and reads what it wrote. (The map's markers are measured in a browser:
//! tests/browser/site.test.mjs.)

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Site, assert_contains, assert_lacks};

/// What is between `<main` and `</main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    &html[start..end]
}

/// The text of `html` without its tags, with runs of white space made one space.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The inner HTML of every `<tag …>…</tag>` in `html` (not nested in one another).
fn elements<'h>(html: &'h str, tag: &str) -> Vec<&'h str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // `<h1` must not match `<h10`, nor `<a` match `<abbr`.
        if !after.starts_with(['>', ' ', '\n']) {
            rest = after;
            continue;
        }
        let body = &after[after.find('>').expect("end of the start tag") + 1..];
        let end = body.find(&close).expect("end tag");
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

/// The value of `attr="…"` in the start tag that begins `tag` (`<a href="…" …>`).
fn attr<'h>(tag: &'h str, attr: &str) -> Option<&'h str> {
    let head = &tag[..tag.find('>').unwrap_or(tag.len())];
    let needle = format!(" {attr}=\"");
    let i = head.find(&needle)? + needle.len();
    Some(&head[i..i + head[i..].find('"')?])
}

/// Every HTML file of the output, by its path under the output directory.
fn html_files(out: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, base: &Path, files: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("read the output") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, base, files);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(base).expect("under the output");
                let html = std::fs::read_to_string(&path).expect("read a page");
                files.insert(rel.to_string_lossy().replace('\\', "/"), html);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(out, out, &mut files);
    files
}

// ---------------------------------------------------------------------------------------------
// The start page

/// The start page's member summary, as the test expects it from the data file.
fn expected_summary(data: &toml::Table) -> (String, usize) {
    let members = data["medlem"].as_array().expect("[[medlem]]");
    let count = |typ: &str| {
        members
            .iter()
            .filter(|m| m["typ"].as_str() == Some(typ))
            .count()
    };
    // One is written as a word ("en region"), more as a number ("2 regioner").
    let word = |n: usize, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            format!("{n} {many}")
        }
    };
    let parts = [
        word(count("kommun"), "en kommun", "kommuner"),
        word(count("region"), "en region", "regioner"),
        word(count("landsting"), "ett landsting", "landsting"),
    ];
    let year = data["forteckning_ar"].as_integer().expect("forteckning_ar");
    let sentence = format!(
        "År {year} hade nätverket {} medlemmar enligt Länsstyrelsen i Stockholms förteckning: {}, {} och {}.",
        members.len(),
        parts[0],
        parts[1],
        parts[2]
    );
    (sentence, members.len())
}

fn kommuner(site: &Site) -> toml::Table {
    site.read("data/kommuner.toml").parse().expect("TOML")
}

#[test]
fn the_start_page_sums_up_the_members_from_the_data_file_with_their_year() {
    let site = Site::bundled();
    site.build_ok(&[]);
    let home = site.output("index.html");
    let main = main_of(&home);
    let (sentence, n) = expected_summary(&kommuner(&site));
    assert_contains(&text(main), &sentence);
    let roles = |role: &str| {
        kommuner(&site)["medlem"]
            .as_array()
            .expect("members")
            .iter()
            .filter(|m| {
                m["roller"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(role)))
            })
            .count()
    };
    assert_contains(
        &text(main),
        &format!(
            "Av dem var {} pilotkommuner 2012–2015.",
            roles("pilotkommun")
        ),
    );
    assert_contains(
        &text(main),
        &format!(
            "Av dem var {} utvecklingskommuner 2016–2020.",
            roles("utvecklingskommun")
        ),
    );
    assert_contains(
        main,
        &format!("<a href=\"/kommun/\">Alla {n} medlemmar på karta och i tabell</a>"),
    );
    // The table and the map are on the member page, not here.
    assert_lacks(main, "members-table");
    assert_lacks(main, "map-svg");
    assert_contains(&site.output("kommun/index.html"), "members-table");
    let en = site.output("en/index.html");
    assert_contains(
        &text(main_of(&en)),
        &format!("In 2018 the network had {n} members"),
    );

    // Another year and another mix of members in the data: the summary follows.
    site.edit(
        "data/kommuner.toml",
        "forteckning_ar = 2018",
        "forteckning_ar = 2017",
    );
    site.edit(
        "data/kommuner.toml",
        "namn = \"Borås\"\ntyp = \"kommun\"",
        "namn = \"Borås\"\ntyp = \"region\"",
    );
    site.build_ok(&[]);
    let (sentence, _) = expected_summary(&kommuner(&site));
    assert_contains(&sentence, "År 2017");
    assert_contains(&sentence, "2 regioner");
    assert_contains(&text(main_of(&site.output("index.html"))), &sentence);
}

// ---------------------------------------------------------------------------------------------
// The map

#[test]
fn the_map_markers_hit_areas_never_overlap_and_a_moved_marker_has_a_line_home() {
    let site = Site::bundled();
    site.build_ok(&[]);
    let html = site.output("kommun/index.html");
    // Each marker: its place (translate) and the size of its hit area (the rect's width), in
    // map units; the browser tests measure the same in CSS pixels.
    let mut markers = Vec::new();
    for (i, _) in html.match_indices("<a class=\"map-marker") {
        let a = &html[i..i + html[i..].find("</a>").expect("end of the marker")];
        let t = &a[a.find("translate(").expect("translate") + "translate(".len()..];
        let t = &t[..t.find(')').expect(")")];
        let xy: Vec<f64> = t.split(' ').map(|v| v.parse().expect("a number")).collect();
        let rect = &a[a.find("<rect class=\"map-hit\"").expect("a hit area")..];
        let w: f64 = attr(rect, "width")
            .expect("width")
            .parse()
            .expect("a number");
        markers.push((xy[0], xy[1], w));
    }
    let members = kommuner(&site)["medlem"].as_array().expect("members").len();
    assert_eq!(markers.len(), members, "a marker for every member");
    let mut overlaps = Vec::new();
    for (i, a) in markers.iter().enumerate() {
        for b in &markers[i + 1..] {
            // Two squares of side w overlap when their centres are closer than w on both axes.
            let w = (a.2 + b.2) / 2.0;
            if (a.0 - b.0).abs() < w && (a.1 - b.1).abs() < w {
                overlaps.push(format!("{a:?} {b:?}"));
            }
        }
    }
    assert!(
        overlaps.is_empty(),
        "overlapping markers:\n{}",
        overlaps.join("\n")
    );
    // The crowded places of today's members move some markers, each with a line to its
    // true place that ends at the marker.
    let lines: Vec<(f64, f64)> = html
        .match_indices("<line class=\"map-leader\"")
        .map(|(i, _)| {
            let l = &html[i..];
            let n = |k| attr(l, k).expect("x2/y2").parse::<f64>().expect("a number");
            (n("x2"), n("y2"))
        })
        .collect();
    assert!(!lines.is_empty(), "some markers were moved");
    for (x, y) in lines {
        assert!(
            markers.iter().any(|m| m.0 == x && m.1 == y),
            "a line ends at a marker: {x} {y}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// English titles

/// The titles an English page shows: the site's name in the header, the menu, the
/// breadcrumbs, the headings and the document title (its parts around " – ").
fn english_titles(html: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let header = &html[..html.find("</header>").unwrap_or(0)];
    for a in elements(header, "a") {
        titles.push(text(a));
    }
    if let Some(i) = html.find("class=\"breadcrumbs") {
        let nav = &html[i..];
        for li in elements(&nav[..nav.find("</nav>").expect("end of nav")], "li") {
            titles.push(text(li));
        }
    }
    for h in ["h1", "h2", "h3"] {
        titles.extend(elements(main_of(html), h).into_iter().map(text));
    }
    for t in elements(&html[..html.find("</head>").expect("</head>")], "title") {
        titles.extend(text(t).split(" – ").map(str::to_string));
    }
    titles.retain(|t| !t.is_empty());
    titles
}

/// Words the site writes with a capital inside a sentence (names): the running text of the
/// English pages.
fn names_in_running_text(pages: &[&String]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for html in pages {
        for p in elements(main_of(html), "p") {
            let t = text(p);
            let words: Vec<&str> = t.split_whitespace().collect();
            for pair in words.windows(2) {
                let after_stop = pair[0].ends_with(['.', '!', '?', ':']);
                if !after_stop && pair[1].starts_with(char::is_uppercase) {
                    names.insert(
                        pair[1]
                            .trim_matches(|c: char| !c.is_alphanumeric())
                            .to_string(),
                    );
                }
            }
        }
    }
    names
}

#[test]
fn english_titles_menus_and_headings_are_in_sentence_case_and_agree() {
    let site = Site::bundled();
    site.build_ok(&[]);
    let files = html_files(&site.path("public"));
    let english: Vec<&String> = files
        .iter()
        .filter(|(path, _)| path.starts_with("en/"))
        .map(|(_, html)| html)
        .collect();
    assert!(english.len() > 5, "the English pages were found");
    let mut names = names_in_running_text(&english);
    // And the members' names, which the data file gives (Region Västerbotten).
    for m in kommuner(&site)["medlem"].as_array().expect("members") {
        let name = m["namn"].as_str().expect("namn");
        names.extend(name.split_whitespace().skip(1).map(str::to_string));
    }
    // One spelling per title, whether in the header, the menu or a heading.
    let mut spelling: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, html) in files.iter().filter(|(p, _)| p.starts_with("en/")) {
        for title in english_titles(html) {
            let first = spelling
                .entry(title.to_lowercase())
                .or_insert(title.clone());
            if *first != title {
                problems.push(format!("{path}: `{title}` and `{first}`"));
            }
            // Sentence case: after the first word, a capital only for a name the running
            // text writes with one too, or an abbreviation (FRA, A–Z).
            for word in title.split_whitespace().skip(1) {
                let w = word.trim_matches(|c: char| !c.is_alphanumeric());
                let capital = w.starts_with(char::is_uppercase);
                let abbreviation = !w.chars().any(char::is_lowercase);
                if capital && !abbreviation && !names.contains(w) {
                    problems.push(format!("{path}: `{w}` in `{title}`"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "English titles not in one sentence case:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The language switch

#[test]
fn the_language_switch_says_when_it_leads_to_the_start_page_and_why() {
    let site = Site::bundled();
    site.build_ok(&[]);
    let files = html_files(&site.path("public"));
    let homes = BTreeMap::from([("sv", "/"), ("en", "/en/")]);
    let names = BTreeMap::from([("sv", "Svenska"), ("en", "English")]);
    let (mut translated, mut untranslated) = (0, 0);
    for (path, html) in &files {
        let Some(i) = html.find("<nav class=\"lang-switch\"") else {
            continue;
        };
        // The 404 page serves every language and has no page to translate.
        if path == "404.html" {
            continue;
        }
        let nav = &html[i..i + html[i..].find("</nav>").expect("end of nav")];
        let head = &html[..html.find("</head>").expect("</head>")];
        for li in elements(nav, "li") {
            let a = &li[li.find("<a").expect("a link")..];
            let lang = attr(a, "lang").expect("lang on the link");
            assert_eq!(attr(a, "hreflang"), Some(lang), "{path}: hreflang");
            let href = attr(a, "href").expect("href");
            let label = text(elements(li, "a")[0]);
            let twin = head
                .match_indices("<link rel=\"alternate\" hreflang=\"")
                .map(|(j, _)| &head[j..])
                .find(|l| attr(l, "hreflang") == Some(lang))
                .and_then(|l| attr(l, "href"));
            match twin {
                Some(permalink) => {
                    translated += 1;
                    assert!(permalink.ends_with(href), "{path}: {href} for {permalink}");
                    assert_eq!(label, names[lang], "{path}");
                }
                None => {
                    untranslated += 1;
                    assert_eq!(href, homes[lang], "{path}: the start page of {lang}");
                    let start_page = if lang == "en" {
                        "start page"
                    } else {
                        "startsida"
                    };
                    assert_eq!(label, format!("{} ({start_page})", names[lang]), "{path}");
                    let id = attr(a, "aria-describedby").expect("a description");
                    let note = &li[li.find(&format!("id=\"{id}\"")).expect("the note")..];
                    let note_tag = &li[li[..li.len() - note.len()].rfind('<').expect("tag")..];
                    assert_eq!(
                        attr(note_tag, "lang"),
                        Some(lang),
                        "{path}: the note's lang"
                    );
                    // Shown, not only read out: a sighted reader is told too.
                    assert_eq!(
                        attr(note_tag, "class"),
                        Some("lang-note"),
                        "{path}: the note is visible"
                    );
                    let only = if lang == "en" {
                        "This page is only in Swedish."
                    } else {
                        "Sidan finns bara på engelska."
                    };
                    assert_contains(&text(note), only);
                }
            }
        }
    }
    assert!(translated > 5, "pages with a translation were checked");
    assert!(untranslated > 5, "pages without a translation were checked");
}
