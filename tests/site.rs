//! The bundled site as a reader meets it: the A–Ö list, the member pages, the members as
//! downloads, the accessibility statement and the privacy page, and who runs the site (one
//! setting, `[extra.owner]`). Each test builds a copy of the repository's site with the real
//! binary and reads what it wrote.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{assert_contains, assert_lacks, snapshot};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the bundled site under the target directory.
fn copy(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("remove an old copy");
    }
    common::copy_bundled(&root);
    root
}

fn build(root: &Path) -> PathBuf {
    let run = common::run_in(root, &["build"]);
    run.assert_exit(0).assert_no_panic();
    root.join("public")
}

/// The bundled copy, built once for the tests that only read it.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| build(&copy("site-bundled")))
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// What is between `<main` and `</main>`.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    &html[start..end]
}

/// Every value of `attr="…"` in `html`, in order.
fn attrs<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect()
}

/// The members of data/kommuner.toml.
fn members() -> Vec<toml::Table> {
    let text = std::fs::read_to_string(repo().join("data/kommuner.toml")).expect("kommuner.toml");
    let data: toml::Table = text.parse().expect("TOML");
    data["medlem"]
        .as_array()
        .expect("[[medlem]]")
        .iter()
        .map(|m| m.as_table().expect("a table").clone())
        .collect()
}

/// The Swedish alphabet's order of a title, as a reader expects it: a–z, then å, ä, ö.
fn swedish_key(title: &str) -> Vec<u32> {
    title
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            'é' | 'è' => 'e' as u32,
            'ü' => 'y' as u32,
            c => c as u32,
        })
        .collect()
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            ' ' => '-',
            c => c,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A–Ö

#[test]
fn a_o_lists_pages_sections_members_and_areas_under_swedish_letters() {
    let html = read(built(), "a-o/index.html");
    let main = main_of(&html);
    // The row of jump links names the letters whose headings follow, in the same order.
    let nav_start = main
        .find("class=\"a-o-letters\"")
        .expect("the row of letters");
    let nav = &main[nav_start..main[nav_start..].find("</nav>").unwrap() + nav_start];
    let jumps: Vec<&str> = attrs(nav, "href");
    let groups: Vec<&str> = main
        .match_indices("<h2 id=\"")
        .map(|(i, _)| {
            let rest = &main[i + 8..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(groups.len() >= 15, "letters: {groups:?}");
    assert_eq!(
        jumps,
        groups
            .iter()
            .map(|g| format!("#{g}"))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    // The letters themselves, Å Ä Ö after Z.
    let letters: Vec<String> = groups
        .iter()
        .map(|id| {
            let at = main.find(&format!("<h2 id=\"{id}\">")).unwrap() + id.len() + 10;
            main[at..at + main[at..].find("</h2>").unwrap()].to_string()
        })
        .collect();
    let mut sorted = letters.clone();
    sorted.sort_by_key(|l| swedish_key(l));
    assert_eq!(letters, sorted, "letters in Swedish order");
    assert_eq!(
        letters.last().map(String::as_str),
        Some("Ö"),
        "Örebro files under Ö, last"
    );
    assert!(letters.contains(&"V".to_string()));

    // Under each letter, entries in Swedish order, each beginning with its letter.
    let mut all_paths = Vec::new();
    for (i, id) in groups.iter().enumerate() {
        let start = main.find(&format!("<h2 id=\"{id}\">")).unwrap();
        let end = groups.get(i + 1).map_or(main.len(), |next| {
            main.find(&format!("<h2 id=\"{next}\">")).unwrap()
        });
        let part = &main[start..end];
        let titles: Vec<String> = part
            .match_indices("<li><a href=\"")
            .map(|(j, _)| {
                let rest = &part[j..];
                let t = &rest[rest.find("\">").unwrap() + 2..rest.find("</a>").unwrap()];
                t.to_string()
            })
            .collect();
        assert!(!titles.is_empty(), "letter {} is empty", letters[i]);
        for t in &titles {
            let first = t.chars().next().unwrap().to_uppercase().to_string();
            assert_eq!(first, letters[i], "`{t}` under {}", letters[i]);
        }
        let mut in_order = titles.clone();
        in_order.sort_by_key(|t| swedish_key(t));
        assert_eq!(titles, in_order, "titles under {}", letters[i]);
        all_paths.extend(part.match_indices("<li><a href=\"").map(|(j, _)| {
            let rest = &part[j + 13..];
            rest[..rest.find('"').unwrap()].to_string()
        }));
    }
    // Every kind of thing a reader can open: pages, sections, the member list and every
    // member, the areas and the content types.
    for path in [
        "/metoder/brobyggare/",
        "/om-natverket/medlemmar/",
        "/metoder/",
        "/minnesanteckningar/",
        "/kommun/",
        "/omrade/halsa/",
        "/typ/metod/",
        "/om-webbplatsen/kakor-och-personuppgifter/",
    ] {
        assert!(all_paths.iter().any(|p| p == path), "{path} in A–Ö");
    }
    for m in members() {
        let path = format!("/kommun/{}/", slug(m["namn"].as_str().unwrap()));
        assert!(all_paths.contains(&path), "member {path} in A–Ö");
    }
    // Not the list itself, and never an internal page.
    for path in ["/a-o/", "/om-webbplatsen/redaktorsguide/"] {
        assert!(!all_paths.iter().any(|p| p == path), "{path} not in A–Ö");
    }
    // Every other Swedish page of the sitemap, the search page and the lättläst pages too.
    let sitemap = read(built(), "sitemap.xml");
    let base = "https://romsk-inkludering.netlify.app";
    let mut lattlast = 0;
    for (i, _) in sitemap.match_indices("<loc>") {
        let loc = &sitemap[i + 5..i + sitemap[i..].find("</loc>").unwrap()];
        let path = loc.strip_prefix(base).expect("an address of the site");
        if path.starts_with("/en/") || path == "/a-o/" {
            continue;
        }
        assert!(all_paths.iter().any(|p| p == path), "{path} in A–Ö");
        lattlast += usize::from(path.ends_with("/lattlast/"));
    }
    assert!(lattlast >= 6, "the lättläst pages: {lattlast}");
    assert!(
        all_paths.iter().any(|p| p == "/sok/"),
        "the search page in A–Ö"
    );
    // A lättläst page comes right after its page, labelled.
    assert_contains(
        main,
        "<li><a href=\"/metoder/brobyggare/lattlast/\">Brobyggare</a> <span class=\"a-o-kind\">Lättläst</span>",
    );
    let page_at = all_paths.iter().position(|p| p == "/metoder/brobyggare/");
    let variant_at = all_paths
        .iter()
        .position(|p| p == "/metoder/brobyggare/lattlast/");
    assert_eq!(
        variant_at,
        page_at.map(|i| i + 1),
        "the variant after its page"
    );
    // Every address listed is published.
    for p in &all_paths {
        let file = format!("{}index.html", p.trim_start_matches('/'));
        assert!(built().join(&file).is_file(), "{p} is published");
    }
}

// ---------------------------------------------------------------------------------------------
// Member pages

#[test]
fn every_member_page_has_its_roles_years_county_website_and_documents() {
    let out = built();
    let list = read(out, "kommun/index.html");
    assert_lacks(main_of(&list), "0 sidor");
    for m in members() {
        let name = m["namn"].as_str().unwrap();
        let rel = format!("kommun/{}/index.html", slug(name));
        let html = read(out, &rel);
        let main = main_of(&html);
        assert_contains(main, &format!("<h1>{name}</h1>"));
        assert_contains(main, m["lan"].as_str().unwrap());
        // The member's own website.
        let web = m["webbplats"].as_str().expect("every member has webbplats");
        assert!(web.starts_with("https://"), "{name}: {web}");
        assert_contains(main, &format!("href=\"{web}\""));
        // Roles with their years.
        if let Some(p) = m.get("pilot") {
            assert_contains(main, &format!("Pilotkommun {}", p.as_str().unwrap()));
        }
        if let Some(u) = m.get("utveckling") {
            assert_contains(main, &format!("Utvecklingskommun {}", u.as_str().unwrap()));
        }
        match m.get("natverk_sedan") {
            Some(y) => assert_contains(main, &format!("sedan {}", y.as_integer().unwrap())),
            None => assert_contains(main, "Året står inte i källorna"),
        }
        // What the documents say, each linking to a published page (and heading).
        let docs = m["dokument"].as_array().expect("dokument");
        assert!(!docs.is_empty(), "{name} has documents");
        assert_contains(main, "Vad nätverkets dokument säger");
        for d in docs {
            let text = d["text"].as_str().unwrap();
            assert_contains(main, text);
            assert!(text.chars().any(|c| c.is_ascii_digit()), "dated: {text}");
        }
        let section = &main[main.find("member-documents").unwrap()..];
        let section = &section[..section.find("</section>").unwrap()];
        for href in attrs(section, "href") {
            let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = read(out, &format!("{}index.html", path.trim_start_matches('/')));
            if !anchor.is_empty() {
                assert_contains(&target, &format!("id=\"{anchor}\""));
            }
        }
        // No dead end: the list of pages only where there are pages.
        assert_lacks(main, "Det finns inga sidor");
        assert_lacks(main, "Inga sidor ännu");
        let has_pages = main.contains("id=\"listing-title\"");
        let tagged = list_count(&list, &format!("/kommun/{}/", slug(name)));
        assert_eq!(has_pages, tagged > 0, "{name}: page list only with pages");
        // The breadcrumb names the member list as the main menu does.
        assert_contains(&html, "<li><a href=\"/kommun/\">Medlemmar</a></li>");
    }
    // Uppsala took part before the 2012 proposal; Nyköping has no page list but its facts.
    let uppsala = read(out, "kommun/uppsala/index.html");
    assert_lacks(&uppsala, "efter ett förslag");
    assert_contains(&uppsala, "från 2012, innan kommunen ställde sig bakom");
    let nykoping = read(out, "kommun/nykoping/index.html");
    assert_lacks(main_of(&nykoping), "listing-title");
    assert_contains(main_of(&nykoping), "https://www.nykoping.se");
}

/// The number of pages the member list shows for a member (0 when it shows none).
fn list_count(list: &str, path: &str) -> usize {
    let Some(at) = list.find(&format!("class=\"member-name\"><a href=\"{path}\"")) else {
        return 0;
    };
    let row = &list[at..at + list[at..].find("</th>").unwrap_or(0)];
    row.find("class=\"count\">")
        .map(|i| {
            row[i + 14..]
                .split_whitespace()
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// The members as downloads

#[test]
fn the_members_are_csv_and_json_downloads_listed_with_type_and_size() {
    let out = built();
    let csv = std::fs::read(out.join("kommun/medlemmar.csv")).expect("medlemmar.csv");
    assert!(
        csv.starts_with("\u{feff}".as_bytes()),
        "a byte order mark for spreadsheets"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&csv[3..]);
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "namn",
            "typ",
            "lan",
            "roller",
            "natverk_sedan",
            "pilot",
            "utveckling",
            "webbplats",
            "lat",
            "lon",
            "beskrivning"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let all = members();
    assert_eq!(rows.len(), all.len());
    for (row, m) in rows.iter().zip(&all) {
        assert_eq!(&row[0], m["namn"].as_str().unwrap());
        assert_eq!(&row[7], m["webbplats"].as_str().unwrap());
    }
    let boras = &rows[0];
    assert_eq!(&boras[3], "natverkskommun, utvecklingskommun");
    assert_eq!(&boras[4], "2013");
    assert_eq!(&boras[5], "");

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("kommun/medlemmar.json")).unwrap())
            .expect("medlemmar.json");
    let list = json.as_array().expect("a list");
    assert_eq!(list.len(), all.len());
    assert_eq!(list[0]["namn"], "Borås");
    assert_eq!(list[0]["natverk_sedan"], 2013);
    assert_eq!(
        list[0]["roller"],
        serde_json::json!(["natverkskommun", "utvecklingskommun"])
    );
    assert!(
        list[0].get("dokument").is_none(),
        "only the fields asked for"
    );

    // Both pages that show the members offer both files, with format and size.
    for page in ["kommun/index.html", "om-natverket/medlemmar/index.html"] {
        let html = read(out, page);
        for (file, format) in [("medlemmar.csv", "CSV"), ("medlemmar.json", "JSON")] {
            assert_contains(&html, &format!("href=\"/kommun/{file}\""));
            assert_contains(&html, &format!("filtyp {format}, {} rader", all.len()));
        }
        assert_contains(&html, "storlek ");
    }
}

// ---------------------------------------------------------------------------------------------
// The accessibility statement and the privacy page

#[test]
fn the_accessibility_statement_has_the_parts_of_diggs_model() {
    let html = read(built(), "om-webbplatsen/tillganglighet/index.html");
    let main = main_of(&html);
    for part in [
        "delvis förenlig",
        "Inget innehåll på romani",
        "axe-core",
        "Chromium",
        "1 280 pixlar",
        "390 pixlar",
        "Nu Html Checker",
        "spindel check",
        "För hand",
        "skrevs den 7 december 2026",
        "granskades senast den 8 december 2026",
        "kriterium 1.3.1",
        "inte taggad",
        "Det är inget krav i WCAG",
        "href=\"/om-webbplatsen/kontakt/\"",
        "href=\"https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet\"",
    ] {
        assert_contains(main, part);
    }
}

#[test]
fn the_privacy_page_says_no_cookies_and_what_the_host_logs_and_every_footer_links_it() {
    let out = built();
    let html = read(out, "om-webbplatsen/kakor-och-personuppgifter/index.html");
    let main = main_of(&html);
    for part in [
        "inga kakor",
        "IP-adress",
        "href=\"https://www.netlify.com/privacy/\"",
    ] {
        assert_contains(main, part);
    }
    for page in [
        "index.html",
        "metoder/brobyggare/index.html",
        "kommun/boras/index.html",
    ] {
        let html = read(out, page);
        let footer = &html[html.find("<footer").expect("footer")..];
        assert_contains(
            footer,
            "href=\"/om-webbplatsen/kakor-och-personuppgifter/\"",
        );
        assert_contains(footer, "href=\"/om-webbplatsen/tillganglighet/\"");
    }
}

// ---------------------------------------------------------------------------------------------
// Who runs the site: one setting

#[test]
fn footer_and_contact_page_show_the_public_routes_until_the_owner_is_set() {
    let out = built();
    for page in [
        "index.html",
        "om-webbplatsen/kontakt/index.html",
        "en/index.html",
    ] {
        let html = read(out, page);
        let footer = &html[html.find("<footer").expect("footer")..];
        assert_contains(footer, "href=\"https://www.lansstyrelsen.se/stockholm\"");
        assert_contains(
            footer,
            "href=\"https://www.minoritet.se/romsk-inkludering\"",
        );
        assert_lacks(&html, "samordnaren för Kommunalt nätverk");
        assert_lacks(&html, "coordinator of the municipal network");
    }
    let contact = read(out, "om-webbplatsen/kontakt/index.html");
    let main = main_of(&contact);
    assert_contains(main, "Vem driver webbplatsen?");
    assert_contains(main, "inte angivet ännu");
    assert_contains(main, "href=\"https://www.lansstyrelsen.se/stockholm\"");
}

#[test]
fn the_owner_set_once_in_spindel_toml_shows_in_footer_contact_box_and_contact_page() {
    let root = copy("site-owner");
    let config = root.join("spindel.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replacen(
        "[extra.owner]\nname = \"\"\nurl = \"\"\nemail = \"\"",
        "[extra.owner]\nname = \"Testkommunen\"\nurl = \"https://www.example.org/natverket\"\nemail = \"natverket@example.org\"",
        1,
    );
    assert!(
        text.contains("Testkommunen"),
        "the owner table is as expected"
    );
    std::fs::write(&config, text).unwrap();
    let out = build(&root);
    for page in [
        "index.html",
        "metoder/brobyggare/index.html",
        "om-webbplatsen/kontakt/index.html",
    ] {
        let html = read(&out, page);
        let footer = &html[html.find("<footer").expect("footer")..];
        assert_contains(
            footer,
            "Webbplatsen drivs av <a href=\"https://www.example.org/natverket\">Testkommunen</a>.",
        );
        assert_contains(footer, "href=\"mailto:natverket@example.org\"");
        assert_lacks(footer, "lansstyrelsen.se/stockholm");
    }
    // The side column's contact box on a page says the same.
    let page = read(&out, "metoder/brobyggare/index.html");
    let aside = &page[page.find("class=\"contact-box\"").expect("contact box")..];
    assert_contains(&aside[..aside.find("</section>").unwrap()], "Testkommunen");
    let contact = read(&out, "om-webbplatsen/kontakt/index.html");
    let main = main_of(&contact);
    assert_contains(main, "Webbplatsen drivs av Testkommunen.");
    assert_contains(main, "href=\"https://www.example.org/natverket\"");
    assert_lacks(main, "inte angivet ännu");
}

// ---------------------------------------------------------------------------------------------
// Honest about time

#[test]
fn a_past_next_meeting_and_a_dated_article_read_as_the_past() {
    let out = built();
    let minutes = read(
        out,
        "minnesanteckningar/2018-05-16-erfarenhetsdag/index.html",
    );
    assert_lacks(&minutes, "Nästa möte med nätverket blir");
    assert_contains(&minutes, "planerades nästa möte");
    let article = read(out, "artiklar/avslutad-utvecklingsverksamhet/index.html");
    let main = main_of(&article);
    assert_contains(main, "Beskriver: hösten 2016 – maj 2020");
    assert_lacks(main, "Publicerad");
    let members = read(out, "om-natverket/medlemmar/index.html");
    assert_contains(main_of(&members), "År 2018 hade nätverket 30 medlemmar");
}

// ---------------------------------------------------------------------------------------------
// Furniture

/// The fingerprinted stylesheet whose name starts with `stem` (as `style.`), minified.
fn asset(out: &Path, stem: &str) -> String {
    let name = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(stem) && n.ends_with(".css"))
        .unwrap_or_else(|| panic!("no {stem}…css"));
    read(out, &format!("assets/{name}"))
}

#[test]
fn the_highlighting_stylesheet_is_linked_only_on_pages_with_code() {
    let root = copy("site-syntax-css");
    let guide = root.join("content/om-webbplatsen/redaktorsguide.md");
    let text = std::fs::read_to_string(&guide).expect("the editors' guide");
    // Published here, so that the one page with code is built.
    std::fs::write(&guide, text.replace("internal = true", "")).expect("write the guide");
    let out = build(&root);
    let with_code = read(&out, "om-webbplatsen/redaktorsguide/index.html");
    assert_contains(&with_code, "<pre");
    assert_contains(&with_code, "/assets/syntax.");
    for rel in [
        "index.html",
        "om-webbplatsen/index.html",
        "a-o/index.html",
        "404.html",
    ] {
        let html = read(&out, rel);
        assert_contains(&html, "/assets/style.");
        assert_lacks(&html, "syntax.");
    }
}

#[test]
fn only_the_minutes_have_a_previous_next_pager() {
    let out = built();
    let minutes = read(
        out,
        "minnesanteckningar/2018-05-16-erfarenhetsdag/index.html",
    );
    assert_contains(&minutes, "class=\"prev-next\"");
    for rel in [
        "a-o/index.html",
        "en/a-z/index.html",
        "metoder/brobyggare/index.html",
        "rapporter/delrapport-ii-2014/index.html",
        "om-webbplatsen/tillganglighet/index.html",
        "erfarenheter/utvecklingskommuner-2016-2020/index.html",
    ] {
        assert_lacks(&read(out, rel), "class=\"prev-next\"");
    }
}

#[test]
fn the_table_of_contents_comes_before_the_text_and_the_wide_grid_puts_it_beside() {
    let out = built();
    for rel in [
        "om-webbplatsen/tillganglighet/index.html",
        "minnesanteckningar/2018-05-16-erfarenhetsdag/index.html",
    ] {
        let html = read(out, rel);
        let toc = html
            .find("<nav class=\"toc\"")
            .expect("a table of contents");
        let main = html.find("<main").expect("<main>");
        let aside = html.find("<aside").expect("<aside>");
        assert!(toc < main && main < aside, "{rel}: contents, text, sidebar");
        assert!(!html[aside..].contains("class=\"toc\""), "{rel}: one toc");
    }
    let css = asset(out, "style.");
    // lightningcss writes `grid-column` and `grid-row` as one `grid-area` (row / column).
    assert_contains(&css, "nav.toc{grid-area:1/2;");
    assert_contains(&css, "main{grid-area:1/1/span 2}");
    assert_contains(&asset(out, "print."), ".layout>.toc,");
}

#[test]
fn the_404_page_offers_a_search_field_a_to_o_and_the_sections_in_each_language() {
    let out = built();
    let html = read(out, "404.html");
    let main = main_of(&html);
    let (sv, en) = main.split_at(main.find("lang=\"en\"").expect("the English part"));
    assert_contains(sv, "role=\"search\" action=\"/sok/\"");
    assert_contains(sv, "<label class=\"search-label\" for=\"nf-q-sv\">");
    assert_contains(sv, "<input id=\"nf-q-sv\" name=\"q\" type=\"search\"");
    assert_contains(sv, "<a href=\"/a-o/\">Alla sidor A–Ö</a>");
    assert_contains(sv, "<a href=\"/metoder/\">Metoder</a>");
    assert_contains(
        sv,
        "<a href=\"/minnesanteckningar/\">Minnesanteckningar</a>",
    );
    assert_contains(en, "role=\"search\" action=\"/en/search/\"");
    assert_contains(en, "<input id=\"nf-q-en\"");
    assert_contains(en, "<a href=\"/en/a-z/\">All pages A–Z</a>");
    assert_contains(en, "<a href=\"/en/minnesanteckningar/\">Minutes</a>");
    let ids = attrs(&html, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
}

#[test]
fn every_page_has_a_description_and_open_graph_title_description_type_url_and_locale() {
    let out = built();
    let tree = snapshot(out);
    let mut seen = 0;
    for (rel, bytes) in tree.files().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        if !html.contains("<link rel=\"canonical\"") {
            continue; // a redirect, not a page
        }
        seen += 1;
        let head = &html[..html.find("</head>").expect("</head>")];
        for name in [
            "name=\"description\"",
            "property=\"og:title\"",
            "property=\"og:description\"",
            "property=\"og:type\"",
            "property=\"og:url\"",
            "property=\"og:locale\"",
        ] {
            assert_eq!(head.matches(name).count(), 1, "{rel}: one {name}");
        }
        for value in attrs(head, "content") {
            assert!(!value.trim().is_empty(), "{rel}: an empty meta content");
        }
        let canonical = attrs(head, "href")
            .into_iter()
            .find(|h| h.starts_with("http"))
            .expect("the canonical address");
        assert_contains(
            head,
            &format!("<meta property=\"og:url\" content=\"{canonical}\">"),
        );
        let locale = if rel.starts_with("en/") {
            "en_GB"
        } else {
            "sv_SE"
        };
        assert_contains(
            head,
            &format!("<meta property=\"og:locale\" content=\"{locale}\">"),
        );
    }
    assert!(seen > 40, "only {seen} pages");
    let page = read(out, "om-webbplatsen/tillganglighet/index.html");
    assert_contains(
        &page,
        "<meta property=\"og:title\" content=\"Tillgänglighetsredogörelse\">",
    );
    assert_contains(&page, "<meta property=\"og:type\" content=\"article\">");
    assert_contains(
        &page,
        "<meta property=\"og:description\" content=\"Hur webbplatsen uppfyller",
    );
    let home = read(out, "en/index.html");
    assert_contains(&home, "<meta property=\"og:type\" content=\"website\">");
    assert_contains(
        &home,
        "<meta property=\"og:description\" content=\"Knowledge bank for Swedish",
    );
}

#[test]
fn a_printout_shows_the_site_the_address_and_when_the_page_was_updated() {
    let root = copy("site-print");
    let statement = root.join("content/om-webbplatsen/tillganglighet.md");
    let text = std::fs::read_to_string(&statement).expect("the statement");
    // The copy has no Git history: the front matter dates the update.
    let text = text.replacen("weight = 10", "weight = 10\nupdated = 2026-05-04", 1);
    std::fs::write(&statement, text).expect("write the statement");
    let out = &build(&root);
    let html = read(out, "om-webbplatsen/tillganglighet/index.html");
    let start = html.find("<div class=\"print-info\">").expect("print-info");
    let info = &html[start..start + html[start..].find("</div>").expect("</div>")];
    assert_contains(
        info,
        "<p class=\"print-site\">Kommunalt nätverk för romsk inkludering</p>",
    );
    assert_contains(
        info,
        "<p>Sidans adress: https://romsk-inkludering.netlify.app/om-webbplatsen/tillganglighet/</p>",
    );
    assert_contains(
        info,
        "<p>Sidan uppdaterad <time datetime=\"2026-05-04\">4 maj 2026</time></p>",
    );
    assert_lacks(&html, "style=");
    let en = read(out, "en/index.html");
    assert_contains(
        &en,
        "<p>Address of this page: https://romsk-inkludering.netlify.app/en/</p>",
    );
    // Hidden on screen, shown on paper, without generated content.
    assert_contains(&asset(out, "style."), ".print-info{display:none}");
    let print = asset(out, "print.");
    let info = &print[print.find(".print-info{").expect("a .print-info rule")..];
    assert_contains(&info[..info.find('}').unwrap()], "display:block!important");
    assert_lacks(&print, "print-info::");
}
