//! Variants of pages (`variants = ["lattlast"]` in spindel.toml): `sida.lattlast.md` beside
//! `sida.md` is published at `…/sida/lattlast/`, the two link to each other, and the variant is
//! in the sitemap and the search index but in no list but A–Ö. Each test builds a copy of the bundled
//! site with the real binary.

mod common;

use common::{Site, assert_contains, assert_lacks};

const PAGE_VARIANT: &str = "+++\ntitle = \"Kollegial granskning\"\ndescription = \"Så granskar kommuner varandras arbete.\"\n+++\n\nKommuner läser varandras planer. De säger vad som är bra.\n";
const SECTION_VARIANT: &str = "+++\ntitle = \"Erfarenheter\"\ndescription = \"Vad kommunerna har lärt sig.\"\n+++\n\nHär kan du läsa vad kommunerna har lärt sig av arbetet.\n";

/// The bundled site with a variant of a page and one of a section, built.
fn built() -> Site {
    let site = Site::bundled();
    site.write(
        "content/metoder/kollegial-granskning.lattlast.md",
        PAGE_VARIANT,
    );
    site.write("content/erfarenheter/_index.lattlast.md", SECTION_VARIANT);
    site.build_ok(&[]);
    site
}

/// The `href`s of the links whose text is `text`.
fn hrefs_of<'h>(html: &'h str, text: &str) -> Vec<&'h str> {
    let close = format!(">{text}</a>");
    html.match_indices(&close)
        .filter_map(|(i, _)| {
            let start = html[..i].rfind("<a ")?;
            let tag = &html[start..i];
            let h = tag.find("href=\"")? + 6;
            Some(&tag[h..h + tag[h..].find('"')?])
        })
        .collect()
}

#[test]
fn a_variant_is_published_under_its_page_and_the_two_link_to_each_other() {
    let site = built();
    let variant = site.output("metoder/kollegial-granskning/lattlast/index.html");
    let page = site.output("metoder/kollegial-granskning/index.html");
    assert_contains(&variant, "<html lang=\"sv\"");
    assert_contains(&variant, "Kommuner läser varandras planer.");
    assert_eq!(
        hrefs_of(&variant, "Till sidan i vanlig version"),
        ["/metoder/kollegial-granskning/"]
    );
    assert_eq!(
        hrefs_of(&page, "Lättläst"),
        ["/metoder/kollegial-granskning/lattlast/"]
    );
    // The two share a title; the browser's tab and search engines tell them apart.
    assert_contains(&variant, "<title>Kollegial granskning (lättläst) – ");
    assert_lacks(&page, "<title>Kollegial granskning (lättläst)");
    // A page without a variant has no such link.
    let other = site.output("metoder/brobyggare/index.html");
    let other_links = hrefs_of(&other, "Lättläst");
    assert!(
        other_links
            .iter()
            .all(|h| *h == "/metoder/brobyggare/lattlast/"),
        "{other_links:?}"
    );
}

#[test]
fn a_sections_variant_is_published_under_the_section() {
    let site = built();
    let variant = site.output("erfarenheter/lattlast/index.html");
    assert_contains(&variant, "Här kan du läsa vad kommunerna har lärt sig");
    assert_eq!(
        hrefs_of(&variant, "Till sidan i vanlig version"),
        ["/erfarenheter/"]
    );
    let section = site.output("erfarenheter/index.html");
    assert_eq!(hrefs_of(&section, "Lättläst"), ["/erfarenheter/lattlast/"]);
}

#[test]
fn a_variant_is_in_the_sitemap_and_the_search_index_and_a_o_but_in_no_other_list() {
    let site = built();
    let sitemap = site.output("sitemap.xml");
    assert_contains(
        &sitemap,
        "<loc>https://romsk-inkludering.netlify.app/metoder/kollegial-granskning/lattlast/</loc>",
    );
    assert_contains(
        &sitemap,
        "<loc>https://romsk-inkludering.netlify.app/erfarenheter/lattlast/</loc>",
    );

    // In the search index with its label, `k`.
    let docs_dir = site.path("public/search/sv/d");
    let mut kinds = Vec::new();
    for entry in std::fs::read_dir(&docs_dir).expect("search/sv/d") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let docs: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
        for d in docs {
            if d["u"].as_str().is_some_and(|u| u.ends_with("/lattlast/")) {
                kinds.push((d["u"].as_str().unwrap_or("").to_string(), d["k"].clone()));
            }
        }
    }
    kinds.sort_by(|a, b| a.0.cmp(&b.0));
    let of = |u: &str| kinds.iter().find(|(x, _)| x == u).map(|(_, k)| k.clone());
    assert_eq!(
        of("/metoder/kollegial-granskning/lattlast/"),
        Some(serde_json::json!("lattlast"))
    );
    assert_eq!(
        of("/erfarenheter/lattlast/"),
        Some(serde_json::json!("lattlast"))
    );

    // The search page tells the client what to call the label.
    assert_contains(
        &site.output("sok/index.html"),
        "data-t-kind-lattlast=\"Lättläst\"",
    );

    // Not in its section's list, the feeds or the method pages' terms; A–Ö lists every page.
    for listing in ["metoder/index.html", "atom.xml"] {
        assert_lacks(
            &site.output(listing),
            "/metoder/kollegial-granskning/lattlast/",
        );
    }
    let a_o = site.output("a-o/index.html");
    assert_contains(&a_o, "/metoder/kollegial-granskning/lattlast/");
    assert_contains(&a_o, "/erfarenheter/lattlast/");
}

#[test]
fn a_variant_without_its_page_is_an_error_that_names_the_page() {
    let site = Site::bundled();
    site.write(
        "content/metoder/finns-inte.lattlast.md",
        "+++\ntitle = \"Finns inte\"\n+++\n\nText.\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    run.assert_exit(1).assert_json_code("G0007");
    let text = site.run(&["check"]);
    text.assert_stderr_contains("content/metoder/finns-inte.lattlast.md");
    text.assert_stderr_contains("content/metoder/finns-inte.md");
    // Nothing is written by a build that fails.
    site.build(&[]).assert_exit(1);
    assert!(!site.exists("public/metoder/finns-inte"));
}

#[test]
fn a_variant_with_a_misspelt_name_is_told_the_name_of_the_page_it_is_nearest() {
    let site = Site::bundled();
    site.write(
        "content/metoder/kolegial-granskning.lattlast.md",
        "+++\ntitle = \"Kollegial granskning\"\n+++\n\nText.\n",
    );
    let run = site.run(&["check"]);
    run.assert_exit(1);
    run.assert_stderr_contains("content/metoder/kollegial-granskning.lattlast.md");
}

#[test]
fn a_page_that_fails_to_load_is_the_only_error_not_its_variant_too() {
    let site = Site::bundled();
    site.write(
        "content/metoder/kollegial-granskning.lattlast.md",
        PAGE_VARIANT,
    );
    site.edit(
        "content/metoder/kollegial-granskning.md",
        "weight = 40",
        "weight = \"fyrtio\"",
    );
    let run = site.run(&["check", "--format", "json"]);
    run.assert_exit(1);
    let codes = run.json_codes();
    assert!(
        !codes.is_empty() && !codes.contains(&"G0007".to_string()),
        "{codes:?}"
    );
}

#[test]
fn the_variant_of_a_draft_is_left_out_with_it() {
    let site = Site::bundled();
    site.write(
        "content/metoder/utkast.md",
        "+++\ntitle = \"Utkast\"\ndescription = \"Ett utkast.\"\ndraft = true\n+++\n\nText.\n",
    );
    site.write(
        "content/metoder/utkast.lattlast.md",
        "+++\ntitle = \"Utkast\"\n+++\n\nText.\n",
    );
    site.build_ok(&[]);
    assert!(!site.output_exists("metoder/utkast/index.html"));
    assert!(!site.output_exists("metoder/utkast/lattlast/index.html"));
    // With drafts, both are there.
    site.build_ok(&["--drafts"]);
    assert!(site.output_exists("metoder/utkast/lattlast/index.html"));
}

#[test]
fn a_variant_needs_not_repeat_the_sections_required_fields() {
    // Minutes require a date and a place (`[check.sections]` of the bundled site); a variant
    // shows its page's, so it is asked for none of them.
    let site = Site::bundled();
    site.write(
        "content/minnesanteckningar/2018-05-16-erfarenhetsdag.lattlast.md",
        "+++\ntitle = \"Erfarenhetsdagen 2018\"\n+++\n\nText.\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    run.assert_exit(0);
    assert_lacks(&run.stdout, "erfarenhetsdag.lattlast");
    assert!(site.run(&["build"]).code == Some(0));
    assert!(site.output_exists("minnesanteckningar/2018-05-16-erfarenhetsdag/lattlast/index.html"));
}

#[test]
fn a_variant_name_must_make_an_address_and_not_read_as_a_language() {
    for bad in ["Lätt läst", "en", "a.b"] {
        let site = Site::bundled();
        site.edit(
            "spindel.toml",
            "variants = [\"lattlast\"]",
            &format!("variants = [\"{bad}\"]"),
        );
        let run = site.run(&["check", "--format", "json"]);
        run.assert_exit(1).assert_json_code("C0006");
    }
}

#[test]
fn a_line_break_in_a_lattlast_variant_is_a_line_break_on_the_page_but_not_in_its_page() {
    let site = Site::bundled();
    let text = "Kommuner läser varandras planer.\nDe säger vad som är bra.\n\nSedan skriver de en rapport.\n";
    site.write(
        "content/metoder/granskning.md",
        format!("+++\ntitle = \"Granskning\"\ndescription = \"Om granskning.\"\n+++\n\n{text}"),
    );
    site.write(
        "content/metoder/granskning.lattlast.md",
        format!("+++\ntitle = \"Granskning\"\ndescription = \"Om granskning.\"\n+++\n\n{text}"),
    );
    site.build_ok(&[]);
    let variant = site.output("metoder/granskning/lattlast/index.html");
    let page = site.output("metoder/granskning/index.html");
    assert_contains(
        &variant,
        "<p>Kommuner läser varandras planer.<br />\nDe säger vad som är bra.</p>",
    );
    assert_contains(
        &page,
        "<p>Kommuner läser varandras planer.\nDe säger vad som är bra.</p>",
    );
    // The search index reads the same text either way.
    let mut texts = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(site.path("public/search/sv/d")).expect("search/sv/d") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        let docs: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
        for d in docs {
            let u = d["u"].as_str().unwrap_or("").to_string();
            if u.starts_with("/metoder/granskning/") {
                texts.insert(u, d["b"].as_str().unwrap_or("").to_string());
            }
        }
    }
    let body = &texts["/metoder/granskning/"];
    assert!(
        body.contains("Kommuner läser varandras planer."),
        "{texts:?}"
    );
    assert_eq!(
        texts.get("/metoder/granskning/lattlast/"),
        Some(body),
        "{texts:?}"
    );
}

#[test]
fn line_breaks_must_name_a_variant() {
    let site = Site::bundled();
    site.edit(
        "spindel.toml",
        "line_breaks = [\"lattlast\"]",
        "line_breaks = [\"latlast\"]",
    );
    site.run(&["check"])
        .assert_exit(1)
        .assert_stderr_contains("`line_breaks` names `latlast`, which is not in `variants`");
}
