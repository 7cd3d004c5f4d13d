//! Successful builds of the `basic` fixture: what the real binary writes and prints.

mod common;

use common::{
    Site, assert_contains, assert_in_order, assert_lacks, assert_same_tree, attr_values, dir_names,
    fixture_dir, run_in, snapshot,
};

/// Builds a fresh copy of the fixture and returns it.
fn built() -> Site {
    let site = Site::basic();
    site.build_ok(&[]);
    site
}

/// Every `.html` file of the output, as (relative path, text).
fn html_files(site: &Site, out: &str) -> Vec<(String, String)> {
    let tree = snapshot(&site.path(out));
    let files: Vec<(String, String)> = tree
        .files()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, c)| (p.to_string(), String::from_utf8_lossy(c).into_owned()))
        .collect();
    assert!(files.len() > 10, "expected the site's HTML files in {out}/");
    files
}

// ---------------------------------------------------------------------------------------------
// The run itself

#[test]
fn build_exits_zero_and_ends_with_a_summary_line() {
    let site = Site::basic();
    let run = site.build_ok(&[]);
    let last = run.last_stdout_line();
    // 9 pages (drafts and the future page left out), 5 sections (sv and en start pages,
    // nyheter, metoder, rapporter), 8 terms (kommun: 3 from data in sv and en; omrade: 2).
    assert!(
        last.starts_with("Built 9 pages, 5 sections, 8 terms: "),
        "unexpected summary line: {last}\n{run:?}"
    );
    assert!(last.ends_with("→ public"), "{last}");
    assert!(last.contains(" files, "), "{last}");
    assert!(site.path("public/index.html").is_file());
    assert!(site.path("public/.spindel-output").is_file());
    assert!(
        !run.stderr.contains("warning"),
        "the fixture builds without warnings\n{run:?}"
    );
}

#[test]
fn root_flag_builds_a_site_in_another_directory() {
    let site = Site::basic();
    let run = run_in(site.tmp(), &["build", "--root", "site"]);
    run.assert_exit(0).assert_no_panic();
    assert!(
        run.last_stdout_line().starts_with("Built 9 pages"),
        "{run:?}"
    );
    assert!(site.path("public/index.html").is_file());
    assert_eq!(
        dir_names(site.tmp()),
        ["site"],
        "nothing is written beside the site"
    );
}

#[test]
fn fixture_directory_is_never_built_in() {
    // The tests copy the fixture; an output directory inside it means something ran there.
    assert!(fixture_dir("basic").join("spindel.toml").is_file());
    assert!(!fixture_dir("basic").join("public").exists());
}

// ---------------------------------------------------------------------------------------------
// URLs

#[test]
fn pages_land_at_section_and_slug() {
    let site = built();
    for file in [
        "index.html",
        "nyheter/index.html",
        "nyheter/forsta/index.html",
        "nyheter/andra/index.html",
        "nyheter/tredje/index.html",
        "metoder/index.html",
        "metoder/brobyggare/index.html",
        "metoder/exempel/index.html",
        "rapporter/index.html",
        "rapporter/delrapport/index.html",
    ] {
        assert!(site.output_exists(file), "missing public/{file}");
    }
}

#[test]
fn swedish_slugs_fold_letters_and_drop_punctuation() {
    let site = built();
    // slug = "Får vi tala?"
    assert!(site.output_exists("metoder/far-vi-tala/index.html"));
    assert_contains(
        &site.output("metoder/far-vi-tala/index.html"),
        "<h1 class=\"page-title\">Får vi tala?</h1>",
    );
    // The file content/metoder/Språkstöd.md
    assert!(site.output_exists("metoder/sprakstod/index.html"));
    // The term Göteborg
    assert!(site.output_exists("kommun/goteborg/index.html"));
    assert!(!site.output_exists("kommun/göteborg"));
}

#[test]
fn english_pages_live_under_en() {
    let site = built();
    assert!(site.output_exists("en/index.html"));
    assert!(site.output_exists("en/metoder/brobyggare/index.html"));
    assert!(!site.output_exists("metoder/brobyggare.en"));
    let en = site.output("en/metoder/brobyggare/index.html");
    assert_contains(&en, "<h1 class=\"page-title\">Bridge builders</h1>");
    assert_contains(
        &en,
        "<p class=\"permalink\">https://example.org/en/metoder/brobyggare/</p>",
    );
}

#[test]
fn canonical_links_use_base_url() {
    let site = built();
    assert_contains(
        &site.output("metoder/brobyggare/index.html"),
        "<link rel=\"canonical\" href=\"https://example.org/metoder/brobyggare/\">",
    );
    assert_contains(
        &site.output("nyheter/sida/2/index.html"),
        "<link rel=\"canonical\" href=\"https://example.org/nyheter/sida/2/\">",
    );
}

// ---------------------------------------------------------------------------------------------
// Languages

#[test]
fn html_lang_follows_the_page_language() {
    let site = built();
    assert_contains(&site.output("index.html"), "<html lang=\"sv\">");
    assert_contains(
        &site.output("metoder/brobyggare/index.html"),
        "<html lang=\"sv\">",
    );
    assert_contains(&site.output("en/index.html"), "<html lang=\"en\">");
    assert_contains(
        &site.output("en/metoder/brobyggare/index.html"),
        "<html lang=\"en\">",
    );
}

#[test]
fn translations_link_to_each_other_with_hreflang() {
    let site = built();
    let sv = site.output("metoder/brobyggare/index.html");
    assert_contains(
        &sv,
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/metoder/brobyggare/\">",
    );
    assert_contains(
        &sv,
        "<a class=\"translation\" href=\"/en/metoder/brobyggare/\" hreflang=\"en\">English: Bridge builders</a>",
    );
    let en = site.output("en/metoder/brobyggare/index.html");
    assert_contains(
        &en,
        "<link rel=\"alternate\" hreflang=\"sv\" href=\"https://example.org/metoder/brobyggare/\">",
    );
    assert_contains(
        &en,
        "<a class=\"translation\" href=\"/metoder/brobyggare/\" hreflang=\"sv\">Svenska: Brobyggare</a>",
    );
    // A page without a translation links to none.
    let alone = site.output("metoder/exempel/index.html");
    assert_lacks(&alone, "hreflang");
    // Start pages are translations of each other too.
    assert_contains(
        &site.output("index.html"),
        "<a class=\"translation\" href=\"/en/\" hreflang=\"en\">English</a>",
    );
}

#[test]
fn ui_strings_come_from_the_page_language() {
    let site = built();
    let sv = site.output("metoder/brobyggare/index.html");
    assert_contains(&sv, "<h2 class=\"label\">Bilagor</h2>");
    assert_contains(&sv, "Publicerad 2018-05-16");
    let en = site.output("en/metoder/brobyggare/index.html");
    assert_contains(&en, "<h2 class=\"label\">Attachments</h2>");
    assert_contains(&en, "Published 2018-05-16");
    assert_contains(
        &site.output("en/index.html"),
        "<p class=\"label\">Pages</p>",
    );
    assert_contains(&site.output("index.html"), "<p class=\"label\">Sidor</p>");
    // `ui` (the fixture's page.html) is what t() gives: a string the language lacks is the
    // default language's.
    assert_contains(&sv, "<p class=\"fallback\">Bara på svenska</p>");
    assert_contains(&en, "<p class=\"fallback\">Bara på svenska</p>");
}

// ---------------------------------------------------------------------------------------------
// Sorting, pagination, prev/next

#[test]
fn date_sorted_section_lists_newest_first_and_paginates() {
    let site = built();
    let first = site.output("nyheter/index.html");
    // 2022, 2021 on the first pager; 2020 on the second.
    assert_in_order(
        &first,
        &[
            "<a href=\"/nyheter/tredje/\">Tredje nyheten</a>",
            "<a href=\"/nyheter/andra/\">Andra nyheten</a>",
        ],
    );
    assert_lacks(&first, "Första nyheten");
    assert_contains(&first, "data-current=\"1\" data-total=\"2\"");
    assert_contains(&first, "<a rel=\"next\" href=\"/nyheter/sida/2/\">");
    assert_lacks(&first, "rel=\"prev\"");

    let second = site.output("nyheter/sida/2/index.html");
    assert_contains(&second, "<a href=\"/nyheter/forsta/\">Första nyheten</a>");
    assert_lacks(&second, "Tredje nyheten");
    assert_lacks(&second, "Andra nyheten");
    assert_contains(&second, "data-current=\"2\" data-total=\"2\"");
    assert_contains(&second, "<a rel=\"prev\" href=\"/nyheter/\">");
    assert_lacks(&second, "rel=\"next\"");
    assert!(!site.output_exists("nyheter/sida/3"));
    // The first pager is the section itself, not /sida/1/.
    assert!(!site.output_exists("nyheter/sida/1"));
}

#[test]
fn weight_sorted_section_lists_lightest_first() {
    let site = built();
    let html = site.output("metoder/index.html");
    // Weights 5, 10, 20, 30: neither file-name nor title order.
    assert_in_order(
        &html,
        &[
            "<a href=\"/metoder/sprakstod/\">Språkstöd</a>",
            "<a href=\"/metoder/far-vi-tala/\">Får vi tala?</a>",
            "<a href=\"/metoder/brobyggare/\">Brobyggare</a>",
            "<a href=\"/metoder/exempel/\">Markdown-exempel</a>",
        ],
    );
    assert_lacks(&html, "class=\"paginator\"");
}

#[test]
fn prev_and_next_follow_the_section_order() {
    let site = built();
    let middle = site.output("metoder/brobyggare/index.html");
    assert_contains(
        &middle,
        "<a rel=\"prev\" href=\"/metoder/far-vi-tala/\">Får vi tala?</a>",
    );
    assert_contains(
        &middle,
        "<a rel=\"next\" href=\"/metoder/exempel/\">Markdown-exempel</a>",
    );
    let newest = site.output("nyheter/tredje/index.html");
    assert_lacks(&newest, "rel=\"prev\"");
    assert_contains(
        &newest,
        "<a rel=\"next\" href=\"/nyheter/andra/\">Andra nyheten</a>",
    );
    let oldest = site.output("nyheter/forsta/index.html");
    assert_contains(
        &oldest,
        "<a rel=\"prev\" href=\"/nyheter/andra/\">Andra nyheten</a>",
    );
    assert_lacks(&oldest, "rel=\"next\"");
}

// ---------------------------------------------------------------------------------------------
// Taxonomies

#[test]
fn taxonomy_list_names_every_term_in_swedish_order() {
    let site = built();
    let html = site.output("kommun/index.html");
    assert_in_order(
        &html,
        &[
            "<a href=\"/kommun/boras/\">Borås</a> (0)",
            "<a href=\"/kommun/goteborg/\">Göteborg</a> (2)",
            "<a href=\"/kommun/malmo/\">Malmö</a> (0)",
        ],
    );
    let omrade = site.output("omrade/index.html");
    assert_in_order(
        &omrade,
        &[
            "<a href=\"/omrade/kultur/\">Kultur</a> (1)",
            "<a href=\"/omrade/utbildning/\">Utbildning</a> (2)",
        ],
    );
}

#[test]
fn term_page_lists_its_pages_newest_first() {
    let site = built();
    let html = site.output("kommun/goteborg/index.html");
    assert_contains(&html, "<h1>Göteborg</h1>");
    assert_in_order(
        &html,
        &[
            "<a href=\"/nyheter/andra/\">Andra nyheten</a>",
            "<a href=\"/metoder/brobyggare/\">Brobyggare</a>",
        ],
    );
    assert_lacks(&html, "Tredje nyheten");
    // And the page links back to its terms.
    assert_contains(
        &site.output("metoder/brobyggare/index.html"),
        "<a href=\"/kommun/goteborg/\">kommun: Göteborg</a>",
    );
}

#[test]
fn page_items_renders_each_page_once_per_key_and_language() {
    // The fixture's section and term templates print their items with page_items() from one
    // template, with and without the summary (told apart by `key`): each listing gets its own
    // rendering of a page that both show, not whichever was made first.
    let site = built();
    let section = site.output("nyheter/index.html");
    assert_contains(
        &section,
        "<li class=\"item\"><a href=\"/nyheter/andra/\">Andra nyheten</a>",
    );
    let term = site.output("kommun/goteborg/index.html");
    assert_contains(
        &term,
        "<li><a href=\"/nyheter/andra/\">Andra nyheten</a></li>\n<li><a href=\"/metoder/brobyggare/\">",
    );
    assert_lacks(&term, "class=\"item\"");
    assert_lacks(&term, "class=\"summary\"");
}

#[test]
fn data_seeded_term_without_pages_gets_a_page_with_its_data() {
    let site = built();
    let html = site.output("kommun/boras/index.html");
    assert_contains(&html, "<h1>Borås</h1>");
    assert_contains(
        &html,
        "<p class=\"term-data\">Län: Västra Götalands län. Med sedan 2013.</p>",
    );
    assert_lacks(&html, "<li>");
    assert_contains(
        &site.output("kommun/goteborg/index.html"),
        "Län: Västra Götalands län. Med sedan 2012.",
    );
    assert_contains(
        &site.output("kommun/malmo/index.html"),
        "Län: Skåne län. Med sedan 2014.",
    );
}

#[test]
fn taxonomy_without_data_has_only_terms_that_are_used() {
    let site = built();
    let html = site.output("omrade/utbildning/index.html");
    assert_lacks(&html, "term-data");
    assert_contains(&html, "<a href=\"/metoder/brobyggare/\">Brobyggare</a>");
    assert_contains(&html, "<a href=\"/metoder/far-vi-tala/\">Får vi tala?</a>");
    assert!(!site.output_exists("omrade/boras"));
}

// ---------------------------------------------------------------------------------------------
// Drafts and future pages

#[test]
fn drafts_and_future_pages_are_left_out_by_default() {
    let site = built();
    assert!(!site.output_exists("nyheter/utkast"));
    assert!(!site.output_exists("nyheter/framtid"));
    let listing = format!(
        "{}{}",
        site.output("nyheter/index.html"),
        site.output("nyheter/sida/2/index.html")
    );
    assert_lacks(&listing, "Ett utkast");
    assert_lacks(&listing, "Nyhet från framtiden");
}

#[test]
fn drafts_flag_includes_drafts_and_future_pages() {
    let site = Site::basic();
    let run = site.build_ok(&["--drafts"]);
    assert!(
        run.last_stdout_line().starts_with("Built 11 pages"),
        "{run:?}"
    );
    assert!(site.output_exists("nyheter/utkast/index.html"));
    assert!(site.output_exists("nyheter/framtid/index.html"));
    // Five pages, two per pager: the future page comes first, and there is a third pager.
    assert_in_order(
        &site.output("nyheter/index.html"),
        &["Nyhet från framtiden", "Ett utkast"],
    );
    assert_contains(
        &site.output("nyheter/sida/3/index.html"),
        "<a href=\"/nyheter/forsta/\">Första nyheten</a>",
    );
}

// ---------------------------------------------------------------------------------------------
// Page bundles

#[test]
fn bundle_attachments_are_copied_next_to_the_page_and_listed() {
    let site = built();
    let txt = site.read_bytes("content/rapporter/delrapport/rapport.txt");
    let pdf = site.read_bytes("content/rapporter/delrapport/bilaga.pdf");
    assert_eq!(
        site.read_bytes("public/rapporter/delrapport/rapport.txt"),
        txt
    );
    assert_eq!(
        site.read_bytes("public/rapporter/delrapport/bilaga.pdf"),
        pdf
    );
    let html = site.output("rapporter/delrapport/index.html");
    assert_contains(
        &html,
        &format!(
            "<a href=\"/rapporter/delrapport/rapport.txt\">rapport.txt</a> (Text, {n} byte, {n} bytes)",
            n = txt.len()
        ),
    );
    assert_contains(
        &html,
        &format!(
            "<a href=\"/rapporter/delrapport/bilaga.pdf\">bilaga.pdf</a> (PDF, {n} byte, {n} bytes)",
            n = pdf.len()
        ),
    );
    // The bundle's index.md is the page, not an attachment, and nothing lands in the section.
    assert_lacks(&html, "index.md");
    assert!(!site.output_exists("rapporter/rapport.txt"));
}

// ---------------------------------------------------------------------------------------------
// Markdown

#[test]
fn heading_ids_are_unique_and_anchored() {
    let site = built();
    let html = site.output("metoder/exempel/index.html");
    let ids = attr_values(&html, "id");
    let headings: Vec<&String> = ids.iter().filter(|i| i.starts_with("rubrik")).collect();
    assert_eq!(headings.len(), 3, "three headings: {ids:?}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        ids.len(),
        "duplicate ids in the page: {ids:?}"
    );
    // Each heading carries an anchor to itself, right after the last word (no space where a
    // line could break), so that it never wraps alone onto a line of its own.
    for id in headings {
        assert_contains(
            &html,
            &format!("<a class=\"heading-anchor\" href=\"#{id}\""),
        );
    }
    assert_lacks(&html, " <a class=\"heading-anchor\"");
    // The first plain "Rubrik" keeps the plain id, even after a heading "Rubrik 1".
    assert_contains(&html, "<h2 id=\"rubrik\">Rubrik<a");
    // Swedish letters fold in ids: "Vad hände sedan?"
    assert_contains(
        &site.output("metoder/brobyggare/index.html"),
        "<h2 id=\"vad-hande-sedan\">",
    );
}

#[test]
fn internal_links_resolve_to_urls_with_anchor() {
    let site = built();
    let html = site.output("nyheter/tredje/index.html");
    assert_contains(
        &html,
        "<a href=\"/metoder/brobyggare/#resultat\">brobyggarnas resultat</a>",
    );
    assert_contains(&html, "<a href=\"/metoder/\">metoderna</a>");
    assert_lacks(&html, "@/");
    assert_contains(
        &site.output("metoder/exempel/index.html"),
        "<a href=\"/metoder/brobyggare/\">brobyggare</a>",
    );
}

#[test]
fn quotation_marks_follow_the_language() {
    let site = built();
    let sv = site.output("metoder/exempel/index.html");
    assert_contains(&sv, "Hon sa ”hej” till oss och ’då’ till dem.");
    let en = site.output("en/metoder/brobyggare/index.html");
    assert_contains(&en, "She said “hello”.");
}

#[test]
fn code_is_highlighted_with_classes_and_a_stylesheet_is_generated() {
    let site = built();
    let html = site.output("metoder/exempel/index.html");
    assert_contains(&html, "<code class=\"language-rust\">");
    assert_contains(&html, "<span class=\"hl-");
    assert_contains(&html, "println!");
    let css = site.output("syntax.css");
    assert_contains(&css, ".hl-");
}

#[test]
fn no_inline_style_in_any_output_html() {
    let site = built();
    for (path, html) in html_files(&site, "public") {
        assert!(
            !html.contains("style="),
            "public/{path} has an inline style:\n{html}"
        );
    }
}

#[test]
fn table_alignment_uses_classes() {
    let site = built();
    let html = site.output("metoder/exempel/index.html");
    assert_contains(&html, "<th scope=\"col\" class=\"align-right\">Antal</th>");
    assert_contains(&html, "<td class=\"align-right\">12</td>");
    assert_contains(&html, "<td class=\"align-left\">Borås</td>");
}

#[test]
fn raw_script_and_event_handlers_are_removed() {
    let site = built();
    let html = site.output("metoder/exempel/index.html");
    assert_lacks(&html, "alert(");
    assert_lacks(&html, "onclick");
    // The harmless part of the raw HTML stays.
    assert_contains(&html, "<b>fet</b>");
    for (path, html) in html_files(&site, "public") {
        assert!(
            !html.contains("<script"),
            "public/{path} has a script:\n{html}"
        );
    }
}

#[test]
fn summary_is_cut_at_more() {
    let site = built();
    let listing = site.output("metoder/index.html");
    assert_contains(&listing, "<div class=\"summary\"><p>Inledningen före mer.");
    let summary_start = listing.find("<div class=\"summary\">").unwrap();
    let summary = &listing[summary_start..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    assert_lacks(summary, "Texten efter mer");
    // The page itself has everything, and no trace of the marker.
    let page = site.output("metoder/exempel/index.html");
    assert_in_order(&page, &["Inledningen före mer.", "Texten efter mer."]);
    assert_lacks(&page, "<!--");
    assert_lacks(&page, "spindel:more");
}

// ---------------------------------------------------------------------------------------------
// Static files, templates, aliases

#[test]
fn static_files_are_copied_and_the_site_overrides_the_theme() {
    let site = built();
    assert_eq!(site.output("robots.txt"), site.read("static/robots.txt"));
    // Stylesheets and scripts are published minified.
    assert_eq!(
        site.output("theme.js"),
        spindel::publish::minify::js(&site.read("themes/test/static/theme.js"), false).unwrap()
    );
    assert_eq!(
        site.output("style.css"),
        spindel::publish::minify::css(&site.read("static/style.css")).unwrap()
    );
    // With --no-minify, as they are.
    site.build_ok(&["--no-minify"]);
    assert_eq!(
        site.output("theme.js"),
        site.read("themes/test/static/theme.js")
    );
    assert_eq!(site.output("style.css"), site.read("static/style.css"));
}

#[test]
fn stylesheets_and_scripts_that_cannot_be_read_are_published_as_written_with_a_warning() {
    let site = Site::basic();
    let css = ".a { color: red }\n.b { color: ; }\n.c {{ margin: 0 }\n";
    let js = "export function f() {\n  return 'never closed;\n}\n";
    site.write("static/trasig.css", css);
    site.write("static/trasig.js", js);
    let run = site.build_ok(&["--lang", "sv"]);
    // Each place, with file, line and column, in Swedish, with the code and a hint.
    run.assert_stderr_contains("P0007")
        .assert_stderr_contains(
            "stilmallen `static/trasig.css` har något här som inte är giltig CSS",
        )
        .assert_stderr_contains(
            "skriptet `static/trasig.js` har något här som inte är giltig JavaScript",
        )
        .assert_stderr_contains("rätta det markerade stället");
    let places = run.locations();
    assert!(
        places.contains(&("static/trasig.js".to_string(), 2, 10)),
        "{places:?}\n{run:?}"
    );
    assert!(
        places
            .iter()
            .any(|(f, l, _)| f == "static/trasig.css" && *l >= 2),
        "{places:?}\n{run:?}"
    );
    // Published as written: minifying would drop what a browser would otherwise see.
    assert_eq!(site.output("trasig.css"), css);
    assert_eq!(site.output("trasig.js"), js);
    // The reason in the tool's own words only on request.
    run.assert_stderr_lacks("Unterminated string");
    site.build_ok(&["--lang", "sv", "--verbose"])
        .assert_stderr_contains("Unterminated string");
}

#[test]
fn site_templates_override_the_theme() {
    let site = built();
    let html = site.output("404.html");
    assert_contains(&html, "site-404: Sidan finns inte");
    assert_lacks(&html, "theme-404");
}

#[test]
fn aliases_redirect_to_the_new_address() {
    let site = built();
    let html = site.output("gamla-metoder/brobyggare/index.html");
    assert_contains(
        &html,
        "<meta http-equiv=\"refresh\" content=\"0; url=/metoder/brobyggare/\">",
    );
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"https://example.org/metoder/brobyggare/\">",
    );
    assert_contains(&html, "<a href=\"/metoder/brobyggare/\">Brobyggare</a>");
}

// ---------------------------------------------------------------------------------------------
// Options

#[test]
fn output_flag_writes_to_another_directory() {
    let site = Site::basic();
    let run = site.build_ok(&["--output", "dist"]);
    assert!(run.last_stdout_line().ends_with("→ dist"), "{run:?}");
    assert!(site.path("dist/index.html").is_file());
    assert!(site.path("dist/metoder/brobyggare/index.html").is_file());
    assert!(!site.exists("public"), "--output replaces output_dir");
}

#[test]
fn output_flag_accepts_an_absolute_path_outside_the_site() {
    let site = Site::basic();
    let out = site.tmp().join("utanfor");
    site.build_ok(&["--output", out.to_str().unwrap()]);
    assert!(out.join("index.html").is_file());
    assert!(!site.exists("public"));
    // Rebuilding into it works: spindel made it.
    site.build_ok(&["--output", out.to_str().unwrap()]);
    assert!(out.join("index.html").is_file());
}

#[test]
fn base_url_flag_changes_canonical_and_permalinks() {
    let site = Site::basic();
    site.build_ok(&["--base-url", "https://preview.example.net/"]);
    let html = site.output("metoder/brobyggare/index.html");
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"https://preview.example.net/metoder/brobyggare/\">",
    );
    assert_contains(
        &html,
        "<p class=\"permalink\">https://preview.example.net/metoder/brobyggare/</p>",
    );
    assert_contains(
        &html,
        "hreflang=\"en\" href=\"https://preview.example.net/en/metoder/brobyggare/\"",
    );
    for (path, html) in html_files(&site, "public") {
        assert!(
            !html.contains("example.org"),
            "public/{path} still uses the configured base_url:\n{html}"
        );
    }
}

#[test]
fn builds_are_deterministic() {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("{config}\n[feeds]\nsections = [\"nyheter\"]\ntaxonomies = [\"kommun\"]\n"),
    );
    site.build_ok(&["--output", "ut1"]);
    site.build_ok(&["--output", "ut2"]);
    let a = site.snapshot("ut1");
    let b = site.snapshot("ut2");
    // Pages, feeds, redirects, minified and fingerprinted assets: all of it, byte for byte.
    for must in [
        "index.html",
        "syntax.css",
        "atom.xml",
        "nyheter/atom.xml",
        "kommun/goteborg/atom.xml",
        "_redirects",
        "assets",
    ] {
        assert!(a.contains(must), "{must} is missing from the output");
    }
    assert_same_tree(&a, &b, "the second build's output");
}

#[test]
fn rebuild_replaces_the_output_and_leaves_no_temporary_directories() {
    let site = built();
    assert!(site.output_exists("nyheter/forsta/index.html"));
    site.write("public/stale.html", "left from an old build");
    site.remove("content/nyheter/forsta.md");
    let run = site.build_ok(&[]);
    assert!(
        run.last_stdout_line().starts_with("Built 8 pages"),
        "{run:?}"
    );
    assert!(!site.output_exists("nyheter/forsta"));
    assert!(!site.output_exists("stale.html"));
    assert!(
        !site.output_exists("nyheter/sida/2"),
        "two pages fit one pager"
    );
    assert_eq!(
        dir_names(site.root()),
        [
            "content",
            "data",
            "public",
            "spindel.toml",
            "static",
            "templates",
            "themes"
        ],
        "no staging or retired output directories are left behind"
    );
}

#[test]
fn a_build_removes_what_a_killed_build_left_but_nothing_else() {
    let site = built();
    // What `kill -9` during a build leaves: a staging folder and a retired output, named for a
    // process that no longer runs, marked as spindel's own.
    let dead = 999_999_999u32;
    for kind in ["new", "old"] {
        site.write(
            &format!(".public.spindel-{kind}-{dead}/.spindel-output"),
            "spindel\n",
        );
        site.write(
            &format!(".public.spindel-{kind}-{dead}/index.html"),
            "<p>old</p>",
        );
    }
    // Not spindel's: no marker, a name that only looks alike, another output's.
    site.write(
        &format!(".public.spindel-new-{}/notes.txt", dead - 1),
        "mine",
    );
    site.write(".public.spindel-new-x/.spindel-output", "spindel\n");
    site.write(
        &format!(".other.spindel-new-{dead}/.spindel-output"),
        "spindel\n",
    );
    site.build_ok(&[]);
    let left: Vec<String> = dir_names(site.root())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(
        left,
        [
            format!(".other.spindel-new-{dead}"),
            format!(".public.spindel-new-{}", dead - 1),
            ".public.spindel-new-x".to_string(),
        ]
    );
}

#[test]
fn sitemap_lists_every_published_page_with_its_date_and_translations() {
    let site = built();
    let xml = site.output("sitemap.xml");
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{xml}"
    );
    let base = "https://example.org";
    // A page with its date, and its English translation as an alternate both ways.
    let entry = |path: &str| {
        let loc = format!("<loc>{base}{path}</loc>");
        let start = xml
            .find(&loc)
            .unwrap_or_else(|| panic!("{path} missing from\n{xml}"));
        let end = start + xml[start..].find("</url>").unwrap();
        xml[start..end].to_string()
    };
    let sv = entry("/metoder/brobyggare/");
    assert_contains(&sv, "<lastmod>2018-05-16</lastmod>");
    assert_contains(
        &sv,
        &format!("hreflang=\"en\" href=\"{base}/en/metoder/brobyggare/\""),
    );
    assert_contains(
        &sv,
        &format!("hreflang=\"sv\" href=\"{base}/metoder/brobyggare/\""),
    );
    let en = entry("/en/metoder/brobyggare/");
    assert_contains(
        &en,
        &format!("hreflang=\"sv\" href=\"{base}/metoder/brobyggare/\""),
    );
    // Sections and taxonomy pages are there; drafts and future pages are not.
    entry("/nyheter/");
    entry("/kommun/goteborg/");
    assert_lacks(&xml, "/nyheter/utkast/");
    assert_lacks(&xml, "/nyheter/framtid/");
    // Sorted by URL, so that rebuilds are identical.
    let locs: Vec<&str> = xml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<loc>"))
        .collect();
    let mut sorted = locs.clone();
    sorted.sort();
    assert_eq!(locs, sorted);
}

#[test]
fn robots_txt_names_the_sitemap_unless_the_site_has_its_own() {
    let site = built();
    // The fixture ships a robots.txt of its own: it wins.
    assert_eq!(site.output("robots.txt"), site.read("static/robots.txt"));
    site.remove("static/robots.txt");
    site.build_ok(&[]);
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

#[test]
fn get_pages_lists_a_languages_pages_in_swedish_order() {
    let site = Site::basic();
    site.write(
        "templates/alla.html",
        "{% for p in get_pages() %}[{{ p.title }}]{% endfor %}",
    );
    site.write(
        "content/alla.md",
        "+++\ntitle = \"Översikt\"\ntemplate = \"alla.html\"\n+++\n",
    );
    site.build_ok(&[]);
    let list = site.output("alla/index.html");
    // Swedish order: a–z, then å, ä, ö; the English translation is not in the Swedish list.
    assert_in_order(
        &list,
        &[
            "[Andra nyheten]",
            "[Brobyggare]",
            "[Första nyheten]",
            "[Översikt]",
        ],
    );
    assert_lacks(&list, "[Bridge builders]");
    // Drafts are not published, so not listed either.
    assert_lacks(&list, "[Ett utkast]");
}

/// A page for editors only, as the bundled site's editor guide is.
const INTERNAL_PAGE: &str = "+++\ntitle = \"Intern vägledning\"\ninternal = true\n\
    [taxonomies]\nomrade = [\"Utbildning\"]\n+++\n\nOrdet zqxinternt finns bara här.\n";

#[test]
fn internal_pages_are_never_published_listed_or_searchable() {
    let site = Site::basic();
    site.write("content/metoder/intern.md", INTERNAL_PAGE);
    site.build_ok(&[]);
    assert!(!site.output_exists("metoder/intern/index.html"));
    // Neither the page nor any trace of it: section lists, A–Ö, taxonomy pages, sitemap,
    // feeds and the search index are all built from what was published.
    let tree = site.snapshot("public");
    let mut files = 0;
    for (path, bytes) in tree.files() {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("zqxinternt") && !text.contains("Intern vägledning"),
            "{path} mentions the internal page"
        );
        assert!(
            !text.contains("metoder/intern/"),
            "{path} links the internal page"
        );
        files += 1;
    }
    assert!(files > 10, "the site was built");
}

#[test]
fn a_published_link_to_an_internal_page_is_an_error() {
    let site = Site::basic();
    site.write("content/metoder/intern.md", INTERNAL_PAGE);
    site.edit(
        "content/metoder/samtal.md",
        "+++\n\n",
        "+++\n\nSe [vägledningen](@/metoder/intern.md).\n\n",
    );
    let before = site.snapshot("public");
    let run = site.build(&[]);
    run.assert_exit(1)
        .assert_stderr_contains("error[L0002]")
        .assert_stderr_contains("internal page")
        .assert_stderr_contains("content/metoder/samtal.md");
    assert_same_tree(
        &before,
        &site.snapshot("public"),
        "public/ after the failed build",
    );
}

// ---------------------------------------------------------------------------------------------
// Data exports: [[data_exports]]

/// The fixture with two data exports of its members and a page that lists them.
fn with_exports() -> Site {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!(
            "{config}\n[[data_exports]]\ndata = \"kommuner.medlem\"\npath = \"data/medlemmar.csv\"\n\n\
             [[data_exports]]\ndata = \"kommuner.medlem\"\npath = \"/data/medlemmar.json\"\nfields = [\"natverk_sedan\", \"namn\", \"saknas\"]\n"
        ),
    );
    site.write(
        "themes/test/templates/exports.html",
        "<ul>{% for f in get_data_exports() %}<li class=\"export\">{{ f.path }}|{{ f.format }}|{{ f.mime }}|{{ f.rows }}|{{ f.size }}|{{ f.data }}</li>{% endfor %}</ul>\
         <p class=\"none\">{{ get_data_exports(data=\"kommuner.annat\") | length }}</p>",
    );
    site.write(
        "content/filer.md",
        "+++\ntitle = \"Filer\"\ntemplate = \"exports.html\"\n+++\n",
    );
    site
}

#[test]
fn data_exports_write_a_data_list_as_csv_and_json() {
    let site = with_exports();
    site.build_ok(&[]);
    // CSV: every key A–Z, the entries in the data's order, RFC 4180 (CRLF line ends).
    assert_eq!(
        site.output("data/medlemmar.csv"),
        "lan,namn,natverk_sedan\r\n\
         Västra Götalands län,Göteborg,2012\r\n\
         Västra Götalands län,Borås,2013\r\n\
         Skåne län,Malmö,2014\r\n"
    );
    // JSON: the fields asked for, a missing one left out, numbers as numbers.
    let json: serde_json::Value =
        serde_json::from_str(&site.output("data/medlemmar.json")).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!([
            {"namn": "Göteborg", "natverk_sedan": 2012},
            {"namn": "Borås", "natverk_sedan": 2013},
            {"namn": "Malmö", "natverk_sedan": 2014},
        ])
    );
    // Templates see each file's address, format, type, rows and size in bytes.
    let page = site.output("filer/index.html");
    for (path, format, mime) in [
        ("data/medlemmar.csv", "CSV", "text/csv"),
        ("data/medlemmar.json", "JSON", "application/json"),
    ] {
        let size = site.read_bytes(&format!("public/{path}")).len();
        assert_contains(
            &page,
            &format!("<li class=\"export\">/{path}|{format}|{mime}|3|{size}|kommuner.medlem</li>"),
        );
    }
    assert_contains(&page, "<p class=\"none\">0</p>");
    // The same data gives the same bytes.
    site.build_ok(&["--output", "public2"]);
    for f in ["data/medlemmar.csv", "data/medlemmar.json"] {
        assert_eq!(
            site.read_bytes(&format!("public/{f}")),
            site.read_bytes(&format!("public2/{f}")),
            "{f}"
        );
    }
}

#[test]
fn a_data_export_of_no_list_or_to_a_bad_path_is_an_error_in_spindel_toml() {
    let site = with_exports();
    site.edit(
        "spindel.toml",
        "path = \"data/medlemmar.csv\"",
        "path = \"data/medlemmar.txt\"",
    );
    site.edit(
        "spindel.toml",
        "path = \"/data/medlemmar.json\"",
        "path = \"../medlemmar.json\"",
    );
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("{config}\n[[data_exports]]\ndata = \"kommuner.saknas\"\npath = \"x.json\"\n"),
    );
    let run = site.run(&["check", "--format", "json"]);
    run.assert_exit(1).assert_no_panic();
    assert_eq!(run.json_codes(), ["P0005", "P0005", "P0005"]);
    site.build(&[]).assert_exit(1);
    assert!(!site.output_exists("index.html"), "nothing written");
}
