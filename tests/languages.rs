//! Languages beyond Swedish and English: any BCP 47 tag the site declares, here `rmy`
//! (kelderash Romani) and `yi` (Yiddish, written right to left), added to a copy of the bundled
//! site with no UI strings of their own. The texts are test data, not content.

mod common;

use common::{Site, assert_contains};

/// The bundled site with two more languages and a start page and one page in each.
fn built() -> Site {
    let site = Site::bundled();
    let mut config = site.read("spindel.toml");
    config.push_str(
        "\n[languages.rmy]\nname = \"Romani čhib\"\n\n[languages.yi]\nname = \"ייִדיש\"\n",
    );
    site.write("spindel.toml", config);
    site.write(
        "content/_index.rmy.md",
        "+++\ntitle = \"Romani čhib: test\"\n+++\n\nTest.\n",
    );
    site.write(
        "content/_index.yi.md",
        "+++\ntitle = \"ייִדיש: טעסט\"\n+++\n\nטעסט.\n",
    );
    site.write(
        "content/om-natverket/historia.rmy.md",
        "+++\ntitle = \"Čhavorenge lil\"\ndescription = \"Test.\"\n+++\n\n## Romani čhib\n\nČhavorenge lil thaj romani čhib.\n",
    );
    site.write(
        "content/om-natverket/historia.yi.md",
        "+++\ntitle = \"ייִדיש בלאַט\"\ndescription = \"טעסט.\"\n+++\n\n## קינדער\n\nקינדער און ייִדיש.\n",
    );
    // A page only in Romani: its links to the other languages lead to their start pages.
    site.write(
        "content/om-natverket/bara-romani.rmy.md",
        "+++\ntitle = \"Numa romanes\"\n+++\n\nTest.\n",
    );
    site.build_ok(&[]);
    site
}

#[test]
fn each_language_has_its_pages_with_lang_and_direction_and_the_default_languages_frame() {
    let site = built();
    let rmy = site.output("rmy/om-natverket/historia/index.html");
    let yi = site.output("yi/om-natverket/historia/index.html");
    // Without UI strings of their own, the frame is the default language's, and says so; what
    // the page says is marked with its language and, for Yiddish, its direction.
    for html in [&rmy, &yi] {
        assert_contains(html, "<html lang=\"sv\">");
        assert_contains(html, "Till innehållet");
    }
    assert_contains(
        &rmy,
        "<main id=\"main\" tabindex=\"-1\" lang=\"rmy\" dir=\"ltr\">",
    );
    assert_contains(
        &yi,
        "<main id=\"main\" tabindex=\"-1\" lang=\"yi\" dir=\"rtl\">",
    );
    assert_contains(&yi, "קינדער און ייִדיש.");
    // A language with every UI string is the page's language throughout.
    assert_contains(
        &site.output("en/om-natverket/historia/index.html"),
        "<html lang=\"en\">",
    );
    assert_contains(
        &site.output("en/om-natverket/historia/index.html"),
        "<main id=\"main\" tabindex=\"-1\">",
    );
}

#[test]
fn the_language_menu_names_each_language_in_itself_and_links_the_translations() {
    let site = built();
    let sv = site.output("om-natverket/historia/index.html");
    assert_contains(
        &sv,
        "href=\"/rmy/om-natverket/historia/\" lang=\"rmy\" hreflang=\"rmy\">Romani čhib</a>",
    );
    assert_contains(
        &sv,
        "href=\"/yi/om-natverket/historia/\" lang=\"yi\" hreflang=\"yi\">ייִדיש</a>",
    );
    assert_contains(
        &sv,
        "<link rel=\"alternate\" hreflang=\"yi\" href=\"https://romsk-inkludering.netlify.app/yi/om-natverket/historia/\">",
    );
    // From a page only in Romani, the Swedish link says it leads to the start page; the
    // Swedish words lack a name for Romani, so the language's own name stands in.
    let only = site.output("rmy/om-natverket/bara-romani/index.html");
    assert_contains(&only, "href=\"/\" lang=\"sv\" hreflang=\"sv\"");
    assert_contains(&only, "Romani čhib");
    let sitemap = site.output("sitemap.xml");
    assert_contains(&sitemap, "/rmy/om-natverket/historia/</loc>");
    assert_contains(&sitemap, "/yi/om-natverket/historia/</loc>");
}

#[test]
fn a_language_without_a_stemmer_is_searched_by_folded_words_and_prefixes() {
    let site = built();
    for lang in ["rmy", "yi"] {
        let manifest: serde_json::Value =
            serde_json::from_str(&site.output(&format!("search/{lang}/manifest.json")))
                .expect("JSON");
        assert_eq!(manifest["lang"], lang);
        assert_eq!(manifest["stem"], "", "no Snowball stemmer for {lang}");
    }
    // Through the real client as the build published it: `chavorenge` finds `Čhavorenge`,
    // `chavo` typed (the last word while it is typed is a prefix) finds it, and Yiddish without its vowel point finds the pointed word.
    let script = r#"
        import { open } from './tests/search/common.mjs';
        const want = [
          ['rmy', 'chavorenge', false, '/rmy/om-natverket/historia/'],
          ['rmy', 'čhavorenge', false, '/rmy/om-natverket/historia/'],
          ['rmy', 'chavo', true, '/rmy/om-natverket/historia/'],
          ['yi', 'קינדער', false, '/yi/om-natverket/historia/'],
          ['yi', 'יידיש', false, '/yi/om-natverket/historia/'],
          ['yi', 'קינד', true, '/yi/om-natverket/historia/'],
        ];
        for (const [lang, q, typing, url] of want) {
          const index = await open(lang);
          const r = await index.search(q, {}, { typing });
          if (!r.some((x) => x.url === url)) {
            console.error(`${lang} ${q}: ${JSON.stringify(r.map((x) => x.url))}`);
            process.exit(1);
          }
        }
    "#;
    common::run_search_script(script, &site.path("public"));
}

#[test]
fn a_direction_other_than_ltr_or_rtl_is_an_error() {
    let site = Site::bundled();
    let mut config = site.read("spindel.toml");
    config.push_str("\n[languages.yi]\nname = \"ייִדיש\"\ndirection = \"höger\"\n");
    site.write("spindel.toml", config);
    site.run(&["check", "--format", "json"])
        .assert_exit(1)
        .assert_json_code("C0006");
}
