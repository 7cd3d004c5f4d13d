//! Search: the index the real binary writes, and the real client (themes/natverket/static/
//! search/engine.js) run by Node on it (tests/search/*.test.mjs).

mod common;

use std::path::{Path, PathBuf};

use common::{Site, assert_contains, assert_lacks, copy_dir, node, run_in, snapshot};
use spindel::search::{Analyzer, for_each_word};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The search fixture with the theme's client copied in, built.
fn built_fixture() -> Site {
    let site = Site::from_fixture("search");
    copy_dir(
        &repo().join("themes/natverket/static/search"),
        &site.path("static/search"),
    );
    site.build_ok(&[]);
    site
}

/// Every word of the site's own pages (and a list of hard English words), with the term the
/// index gives it, as JSON for tests/search/stems.test.mjs.
fn stems_json() -> String {
    let mut sv = std::collections::BTreeSet::new();
    let mut en = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.expect("walk content/");
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.ends_with(".md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read a page");
        let set = if name.ends_with(".en.md") {
            &mut en
        } else {
            &mut sv
        };
        for_each_word(&text, |start, end| {
            set.insert(text[start..end].to_string());
        });
    }
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("read README.md");
    for_each_word(&readme, |start, end| {
        en.insert(readme[start..end].to_string());
    });
    const HARD: &str = "generously generation communication communism arsenal arsenic dying lying \
        tying skies skis sky news howe atlas cosmos bias andes gently ugly early only singly idly \
        ties cries hopping hoping agreed feed sized fizzed running happily relational conditional \
        rational valency hesitancy digitizer conformably radically differently vilely analogously \
        vietnamization predication operator feudalism decisiveness hopefulness callousness \
        formality sensitivity sensibility triplicate formative formalize electrical hopeful \
        goodness revival allowance inference airliner gyroscopic adjustable defensible irritant \
        replacement adjustment dependent adoption homologous activate effective bowdlerize \
        probate rate cease controlling rolling yelling saying boyish crying succeeded proceeding \
        inning innings outing canning earring herring exceed proceed succeed Yves yearly \
        eyeing sayings says playing toys ' 'tis cats' ladies caresses ponies tie agreement \
        bled bleed fluffiness hopefully lessli fullness generate generous communal ogling \
        biology geology anthology troubled luxuriating ingly edly eedly bras gas gaps kiss";
    for_each_word(HARD, |start, end| {
        en.insert(HARD[start..end].to_string());
    });
    // Words, not offsets: the cross-check tests nothing if the word list goes wrong.
    assert!(
        sv.contains("brobyggare") && en.contains("generously"),
        "{sv:?}"
    );
    let pairs = |lang: &str, words: &std::collections::BTreeSet<String>| {
        let a = Analyzer::new(lang);
        words
            .iter()
            .map(|w| serde_json::json!([w, a.normalize(w)]))
            .collect::<Vec<_>>()
    };
    serde_json::json!({ "sv": pairs("sv", &sv), "en": pairs("en", &en) }).to_string()
}

#[test]
fn the_client_finds_the_expected_pages_in_the_built_index() {
    let site = built_fixture();
    let stems = site.tmp().join("stems.json");
    std::fs::write(&stems, stems_json()).expect("write stems.json");
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/search"))
        .expect("tests/search/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "the Node tests are missing: {files:?}");
    let out = node()
        .arg("--test")
        .args(&files)
        .current_dir(repo())
        .env("SEARCH_SITE", site.path("public"))
        .env("SEARCH_STEMS", &stems)
        .output()
        .expect("run node --test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "node --test tests/search/ failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("# fail 0"), "{stdout}");
}

#[test]
fn the_query_set_finds_the_expected_pages_of_the_bundled_site() {
    // tests/search/site/: realistic queries on content/ with the pages that answer them, and
    // what a reader meets there, run by Node on the real site built by the real binary.
    let tmp = tempfile::tempdir().expect("temporary directory");
    let out = tmp.path().join("out");
    run_in(repo(), &["build", "--output", &out.to_string_lossy()])
        .assert_exit(0)
        .assert_no_panic();
    let dir = repo().join("tests/search/site");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/search/site/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "the query set is missing: {files:?}");
    let run = node()
        .arg("--test")
        .args(&files)
        .current_dir(repo())
        .env("SEARCH_SITE", &out)
        .output()
        .expect("run node --test");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && stdout.contains("# fail 0"),
        "node --test tests/search/site/ failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn each_language_gets_a_small_manifest_shards_facets_and_pages() {
    let site = built_fixture();
    for lang in ["sv", "en"] {
        let manifest: serde_json::Value =
            serde_json::from_str(&site.output(&format!("search/{lang}/manifest.json")))
                .expect("manifest.json is JSON");
        assert_eq!(manifest["v"], 5);
        assert_eq!(manifest["per_file"], 1);
        assert_eq!(manifest["lang"], lang);
        assert_eq!(manifest["stem"], lang);
        let docs = manifest["docs"].as_u64().expect("docs") as usize;
        // One page a file.
        let files = docs;
        for f in 0..files {
            let pages: serde_json::Value =
                serde_json::from_str(&site.output(&format!("search/{lang}/d/{f}.json")))
                    .expect("a page file is JSON");
            assert_eq!(pages.as_array().map(Vec::len), Some(1), "{lang}: file {f}");
            assert!(pages[0]["u"].is_string(), "{lang}: file {f}");
        }
        assert!(!site.output_exists(&format!("search/{lang}/d/{files}.json")));
        let keys = manifest["keys"].as_str().expect("keys");
        // Each key as the count of characters it shares with the one before, then the rest.
        let mut prev = String::new();
        for token in keys.split(' ') {
            let shared: usize = token[..1].parse().expect("a digit");
            let key = format!(
                "{}{}",
                prev.chars().take(shared).collect::<String>(),
                token[1..].trim_end_matches('*')
            );
            prev = key.clone();
            assert!(
                site.output_exists(&format!("search/{lang}/t/{key}.json")),
                "{lang}: shard {key}"
            );
        }
        assert!(site.output_exists(&format!("search/{lang}/facets.json")));
    }
    // 15 pages and sections in Swedish (one left out with search = false, the start page in),
    // and the taxonomy terms.
    let sv: serde_json::Value =
        serde_json::from_str(&site.output("search/sv/manifest.json")).expect("JSON");
    let pages = sv["docs"].as_u64().expect("docs");
    assert!((15..30).contains(&pages), "{pages} Swedish pages indexed");
    // Newest first: page 0 is the newest page.
    let first: serde_json::Value =
        serde_json::from_str(&site.output("search/sv/d/0.json")).expect("JSON");
    assert_eq!(first[0]["u"], "/rapporter/uppfoljning-2021/");
    // The client came with the theme's static files.
    assert!(site.output_exists("search/engine.js"));
    assert!(site.output_exists("search/ui.js"));
}

/// A query with a filter fetches only the chosen value's pages: each value of each facet has a
/// file of its own, named as shards are, with the same pages as `facets.json` gives it.
#[test]
fn each_facet_value_has_a_file_of_its_own_pages() {
    let site = built_fixture();
    let facets: serde_json::Value =
        serde_json::from_str(&site.output("search/sv/facets.json")).expect("JSON");
    let mut files = 0;
    for facet in facets["facets"].as_array().expect("facets") {
        let name = facet["name"].as_str().expect("name");
        let folder = spindel::search::shard_file(name).replace(".json", "");
        let values = facet["values"].as_array().expect("values");
        let docs = facet["docs"].as_array().expect("docs");
        assert_eq!(values.len(), docs.len());
        for (value, ids) in values.iter().zip(docs) {
            let path = format!(
                "search/sv/f/{folder}/{}",
                spindel::search::shard_file(value.as_str().expect("value"))
            );
            let own: serde_json::Value = serde_json::from_str(&site.output(&path)).expect(&path);
            assert_eq!(&own, ids, "{path}");
            files += 1;
        }
    }
    // Borås, written as bytes: its file is named by them.
    assert!(site.output_exists("search/sv/f/kommun/_426f72c3a573.json"));
    assert!(files > 5, "{files} value files");
}

#[test]
fn the_index_is_the_same_byte_for_byte_on_every_build() {
    let site = built_fixture();
    site.build_ok(&["--output", "second"]);
    let a = snapshot(&site.path("public/search"));
    let b = snapshot(&site.path("second/search"));
    assert!(!a.is_empty());
    common::assert_same_tree(&a, &b, "the search index");
}

#[test]
fn the_index_does_not_depend_on_the_number_of_threads() {
    // Pages enough for several chunks of the word count (128 pages each) and several words
    // new in each, so that the numbering of words across chunks and the split of the scoring
    // between tasks are both exercised.
    let site = Site::from_fixture("search");
    for i in 0..300 {
        site.write(
            &format!("content/metoder/sida-{i:03}.md"),
            format!(
                "+++\ntitle = \"Sida {i}\"\ndate = 2020-01-{:02}\n+++\n\nOrd{i} och ordet ord{} \
                 om brobyggare i kommun{}.\n",
                i % 28 + 1,
                i % 17,
                i / 50
            ),
        );
    }
    let build = |threads: &str, out: &str| {
        let run = common::run_in_with(
            site.root(),
            &["build", "--output", out],
            &[("RAYON_NUM_THREADS", threads)],
        );
        run.assert_exit(0);
    };
    build("1", "one");
    build("5", "five");
    let a = snapshot(&site.path("one/search"));
    let b = snapshot(&site.path("five/search"));
    assert!(a.contains("sv/d/150.json"), "{a:?}");
    common::assert_same_tree(&a, &b, "the index built by five threads");
}

#[test]
fn no_index_without_a_search_table() {
    let site = Site::basic();
    site.build_ok(&[]);
    assert!(!site.output_exists("search/sv/manifest.json"));
}

#[test]
fn an_unknown_facet_is_an_error_with_its_place() {
    let site = Site::from_fixture("search");
    site.edit(
        "spindel.toml",
        "[search]\n",
        "[search]\nfacets = [\"typ\", \"komun\"]\n",
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("[search] facets names `komun`, which is not a taxonomy");
    run.assert_stderr_contains("spindel.toml:");
    let site = Site::from_fixture("search");
    site.edit(
        "spindel.toml",
        "[search]\n",
        "[search]\nfacet = [\"typ\"]\n",
    );
    site.build(&[]).assert_exit(1).assert_no_panic();
}

#[test]
fn the_real_site_has_a_search_page_in_both_languages_and_a_field_in_the_header() {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let out = tmp.path().join("out");
    let run = run_in(repo(), &["build", "--output", &out.to_string_lossy()]);
    run.assert_exit(0).assert_no_panic();
    let read = |rel: &str| common::read_text(&out.join(rel));
    let sok = read("sok/index.html");
    assert_contains(&sok, "<html lang=\"sv\">");
    assert_contains(&sok, "<label class=\"search-label\" for=\"search-q\">");
    assert_contains(&sok, "id=\"search-q\" name=\"q\" type=\"search\"");
    assert_contains(&sok, "role=\"status\"");
    // The fingerprinted copy of the client, with its integrity (see assets.rs).
    assert_contains(&sok, "<script type=\"module\" src=\"/assets/search/ui.");
    assert_contains(&sok, ".js\" integrity=\"sha384-");
    assert_contains(&sok, "<noscript>");
    assert_contains(&sok, "Sökningen behöver JavaScript");
    // Strict CSP: no inline script or style.
    for html in [
        &sok,
        &read("en/search/index.html"),
        &read("metoder/brobyggare/index.html"),
    ] {
        assert_lacks(html, " style=\"");
        assert_lacks(html, "<style");
        let scripts = html.matches("<script").count();
        let external = html.matches("<script type=\"module\" src=").count();
        assert_eq!(scripts, external, "an inline script");
    }
    // The search page has no second search field in its header; other pages have one that
    // goes to the search page of their language.
    assert_lacks(&sok, "class=\"header-search\"");
    assert_contains(
        &read("metoder/brobyggare/index.html"),
        "<form class=\"header-search\" role=\"search\" action=\"/sok/\" method=\"get\">",
    );
    let en = read("en/search/index.html");
    assert_contains(&en, "<html lang=\"en\">");
    assert_contains(&en, "Search needs JavaScript");
    assert_contains(
        &read("en/index.html"),
        "<form class=\"header-search\" role=\"search\" action=\"/en/search/\" method=\"get\">",
    );
    // The search pages themselves are not in the index.
    let docs = std::fs::read_dir(out.join("search/sv/d")).expect("search/sv/d");
    for d in docs {
        let text = std::fs::read_to_string(d.expect("entry").path()).expect("read");
        assert!(
            !text.contains("\"u\":\"/sok/\""),
            "the search page is indexed"
        );
    }
}

/// A small PDF with `text` on one page, written by hand: the objects, then the table of where
/// each starts.
fn pdf_with_text(text: &str) -> Vec<u8> {
    pdf_with_content(&format!("BT /F1 12 Tf 72 712 Td ({text}) Tj ET"))
}

/// A small PDF whose one page draws `stream`.
fn pdf_with_content(stream: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn the_text_of_pdf_attachments_is_found_and_a_damaged_one_is_a_warning() {
    let site = Site::from_fixture("search");
    copy_dir(
        &repo().join("themes/natverket/static/search"),
        &site.path("static/search"),
    );
    site.write(
        "content/rapporter/delrapport/index.md",
        "+++\ntitle = \"Delrapport om samråd\"\ndate = 2022-03-01\n\n[taxonomies]\ntyp = [\"Rapport\"]\n+++\n\nRapporten finns som bilaga.\n",
    );
    site.write(
        "content/rapporter/delrapport/delrapport.pdf",
        pdf_with_text("Fiskodlingen i Ronneby gav arbete till tolv personer."),
    );
    let whole = pdf_with_text("Protokollet beskriver mötet.");
    site.write(
        "content/rapporter/delrapport/trasig.pdf",
        &whole[..whole.len() / 2],
    );
    site.write("content/rapporter/delrapport/tom.pdf", b"not a pdf at all");
    // A page with a picture and no text: a scanned page, as far as search can tell.
    site.write(
        "content/rapporter/delrapport/bild.pdf",
        pdf_with_content("q 0 0 1 rg 72 72 200 200 re f Q"),
    );
    let run = site.build(&[]);
    run.assert_exit(0).assert_no_panic();
    // A warning for each file that cannot be read, with its code and name; never a failure.
    run.assert_stderr_contains("P0006");
    run.assert_stderr_contains("trasig.pdf");
    run.assert_stderr_contains("tom.pdf");
    // Each says why: a file cut off half-way is damaged, not a PDF of scanned pages; a PDF
    // that is whole but draws no text is that.
    let check = site.run(&["check", "--format", "json"]);
    check.assert_no_panic();
    let json: serde_json::Value = serde_json::from_str(&check.stdout).expect("JSON");
    let why = |name: &str| {
        json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["file"].as_str().is_some_and(|f| f.ends_with(name)))
            .and_then(|d| d["message_id"].as_str())
            .unwrap_or_else(|| panic!("no warning for {name}: {json}"))
            .to_string()
    };
    assert_eq!(why("trasig.pdf"), "attachment-text-damaged");
    assert_eq!(why("tom.pdf"), "attachment-text-damaged");
    assert_eq!(why("bild.pdf"), "pdf-no-text");
    // The text is in the index, as a result of its own that names the page and the file.
    let script = r#"
        import { open } from './tests/search/common.mjs';
        const sv = await open('sv');
        const r = await sv.search('fiskodlingen ronneby');
        const hit = r[0];
        if (!hit || hit.url !== '/rapporter/delrapport/' || hit.kind !== 'attachment'
            || hit.attachment.name !== 'delrapport.pdf'
            || hit.attachment.url !== '/rapporter/delrapport/delrapport.pdf'
            || !hit.snippet.includes('Fiskodlingen')) {
          console.error(JSON.stringify(r));
          process.exit(1);
        }
    "#;
    common::run_search_script(script, &site.path("public"));
    // The same build again gives the same index (the text is read once and kept).
    site.build_ok(&["--output", "second"]);
    common::assert_same_tree(
        &snapshot(&site.path("public/search")),
        &snapshot(&site.path("second/search")),
        "the index with attachments",
    );
}

/// A ZIP archive of `entries` (name, content), deflated, as Word and LibreOffice write them.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        zip.start_file(*name, options).expect("start an entry");
        zip.write_all(content.as_bytes()).expect("write an entry");
    }
    zip.finish().expect("finish the archive").into_inner()
}

#[test]
fn the_text_of_word_and_opendocument_attachments_is_found_and_a_damaged_one_is_a_warning() {
    let site = Site::from_fixture("search");
    copy_dir(
        &repo().join("themes/natverket/static/search"),
        &site.path("static/search"),
    );
    site.write(
        "content/rapporter/vattenradet/index.md",
        "+++\ntitle = \"Vattenrådets möte\"\ndate = 2022-04-01\n\n[taxonomies]\ntyp = [\"Rapport\"]\n+++\n\nProtokollet finns som bilaga.\n",
    );
    // A word split over two runs, as Word writes a word that was corrected.
    let docx = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        (
            "word/document.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
             xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
             <w:p><w:r><w:t>Laxtrappan vid Mörrums</w:t></w:r><w:r><w:t>ån byggs om</w:t></w:r></w:p>\
             <w:p><w:r><w:t>under hösten.</w:t></w:r></w:p></w:body></w:document>",
        ),
    ]);
    site.write("content/rapporter/vattenradet/protokoll.docx", &docx);
    let odt = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        (
            "content.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>\
             <office:text><text:h>Budget</text:h><text:p>Kalkningen av sjöarna kostar \
             <text:span>fyrtio</text:span>tusen kronor.</text:p></office:text></office:body>\
             </office:document-content>",
        ),
    ]);
    site.write("content/rapporter/vattenradet/budget.odt", &odt);
    site.write(
        "content/rapporter/vattenradet/trasig.docx",
        &docx[..docx.len() / 2],
    );
    let run = site.build(&[]);
    run.assert_exit(0).assert_no_panic();
    // A warning for the file that cannot be read, with its code and name; never a failure.
    run.assert_stderr_contains("P0006");
    run.assert_stderr_contains("trasig.docx");
    run.assert_stderr_lacks("protokoll.docx");
    run.assert_stderr_lacks("budget.odt");
    // Each text is in the index, as a result of its own that names the page and the file.
    let script = r#"
        import { open } from './tests/search/common.mjs';
        const sv = await open('sv');
        // Each with a word its file writes in two parts, which the snippet shows whole.
        for (const [query, name, word] of [
          ['laxtrappan mörrumsån', 'protokoll.docx', 'Mörrumsån'],
          ['kalkningen fyrtiotusen', 'budget.odt', 'fyrtiotusen'],
        ]) {
          const r = await sv.search(query);
          const hit = r[0];
          if (!hit || hit.url !== '/rapporter/vattenradet/' || hit.kind !== 'attachment'
              || hit.attachment.name !== name
              || hit.attachment.url !== `/rapporter/vattenradet/${name}`
              || !hit.snippet.includes(word)) {
            console.error(query, JSON.stringify(r));
            process.exit(1);
          }
        }
    "#;
    common::run_search_script(script, &site.path("public"));
}
