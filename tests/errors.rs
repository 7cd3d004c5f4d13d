//! Bad input: each test builds the good fixture, breaks one thing (or several), builds again
//! and checks the exit code, the message, where it points, the hint, and that the previous
//! output is untouched.

mod common;

use common::{Run, Site, assert_contains, assert_same_tree, dir_names, run_in};

/// The good site, built once, so that a failing rebuild has an output to leave alone.
fn built() -> Site {
    let site = Site::basic();
    site.build_ok(&[]);
    assert!(site.output_exists("index.html"));
    site
}

/// Builds `site` (which must already have been built) with `extra` flags, expecting failure
/// with `code`; checks the report's shape and that nothing on disk changed.
#[track_caller]
fn rebuild_fails(site: &Site, extra: &[&str], code: i32) -> Run {
    let public = site.snapshot("public");
    let top = dir_names(site.root());
    let run = site.build(extra);
    run.assert_exit(code).assert_no_panic();
    assert!(
        run.stdout.trim().is_empty(),
        "a failed build prints no summary on stdout\n{run:?}"
    );
    run.assert_stderr_contains("= hint: ");
    let last = run.stderr.trim_end().lines().last().unwrap_or("");
    assert!(
        last.starts_with("build failed with ") && last.ends_with("; nothing was written"),
        "the report ends with a count line\n{run:?}"
    );
    assert_same_tree(
        &public,
        &site.snapshot("public"),
        "public/ after a failed build",
    );
    assert_eq!(
        dir_names(site.root()),
        top,
        "a failed build leaves nothing in the site directory"
    );
    run
}

/// A content error: exit 1, a single error, of the kind `code` (src/diag/code.rs), as the
/// text shows it (`error[T0003]: …`) and as `check --format json` gives it.
#[track_caller]
fn content_error(site: &Site, code: &str) -> Run {
    let run = rebuild_fails(site, &[], 1);
    run.assert_stderr_contains("build failed with 1 error; nothing was written");
    run.assert_stderr_contains(&format!("error[{code}]: "));
    let json = site.run(&["check", "--format", "json"]);
    json.assert_exit(1).assert_no_panic().assert_json_code(code);
    run
}

/// Writes a new page into the built fixture.
fn page(site: &Site, rel: &str, text: &str) {
    site.write(&format!("content/{rel}"), text);
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[test]
fn unknown_front_matter_key_names_the_nearest_field() {
    let site = built();
    site.edit(
        "content/nyheter/forsta.md",
        "title = \"Första nyheten\"",
        "titel = \"Första nyheten\"",
    );
    let run = content_error(&site, "T0003");
    run.assert_stderr_contains("`titel` is not a field")
        .assert_stderr_contains("--> content/nyheter/forsta.md:2:1")
        .assert_stderr_contains("2 | titel = \"Första nyheten\"")
        .assert_stderr_contains("= hint: did you mean `title`?");
}

#[test]
fn yaml_front_matter_is_explained_with_its_toml_form() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "---\ntitle: Första nyheten\ndate: 2020-01-15\n---\n\nText.\n",
    );
    let run = content_error(&site, "F0005");
    run.assert_stderr_contains("not between two lines of ---")
        .assert_stderr_contains("+++")
        .assert_stderr_contains("--> content/nyheter/forsta.md:1:1")
        .assert_stderr_contains("title = \"Första nyheten\"")
        .assert_stderr_contains("date = 2020-01-15");
}

#[test]
fn broken_toml_is_reported_with_its_line() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ndate = 2020-01-15\ntitle = \"unterminated\n+++\n\nText.\n",
    );
    let run = content_error(&site, "T0001");
    run.assert_stderr_contains("the text has a quote at its start but none at its end")
        .assert_stderr_contains("--> content/nyheter/forsta.md:3:")
        .assert_stderr_contains("3 | title = \"unterminated")
        .assert_stderr_contains("= hint: change the line to:")
        .assert_stderr_contains("title = \"unterminated\"\n");
}

#[test]
fn wrong_type_for_draft_points_at_the_value() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\ndraft = \"yes\"\n+++\n\nText.\n",
    );
    let run = content_error(&site, "T0002");
    run.assert_stderr_contains("true (yes) or false (no) goes here, without quotes")
        .assert_stderr_contains("--> content/nyheter/forsta.md:3:9")
        .assert_stderr_contains("= hint: change the line to:")
        .assert_stderr_contains("draft = true\n");
}

#[test]
fn wrong_type_for_title_points_at_the_value() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = 5\ndate = 2020-01-15\n+++\n\nText.\n",
    );
    let run = content_error(&site, "T0002");
    run.assert_stderr_contains("a text in straight quotes (\") goes here")
        .assert_stderr_contains("--> content/nyheter/forsta.md:2:9")
        .assert_stderr_contains("= hint: change the line to:")
        .assert_stderr_contains("title = \"5\"\n");
}

#[test]
fn missing_title_is_an_error() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ndate = 2020-01-15\n+++\n\nText.\n",
    );
    let run = content_error(&site, "F0004");
    run.assert_stderr_contains("no `title`")
        .assert_stderr_contains("--> content/nyheter/forsta.md:2:1")
        .assert_stderr_contains("title = \"");
}

#[test]
fn missing_title_of_a_section_is_an_error() {
    let site = built();
    site.edit("content/metoder/_index.md", "title = \"Metoder\"\n", "");
    let run = content_error(&site, "F0004");
    run.assert_stderr_contains("no `title`")
        .assert_stderr_contains("--> content/metoder/_index.md:2:1");
}

#[test]
fn empty_file_is_an_error() {
    let site = built();
    page(&site, "nyheter/forsta.md", "");
    let run = content_error(&site, "F0011");
    run.assert_stderr_contains("the file is empty")
        .assert_stderr_contains("--> content/nyheter/forsta.md:1:1")
        .assert_stderr_contains("= hint: start the file with a +++ line")
        .assert_stderr_contains("title = \"");
}

#[test]
fn file_without_front_matter_is_an_error() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "Bara text, ingen front matter.\n",
    );
    let run = content_error(&site, "F0011");
    run.assert_stderr_contains("does not start with front matter")
        .assert_stderr_contains("--> content/nyheter/forsta.md:1:1");
}

#[test]
fn unterminated_front_matter_is_an_error() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\ndate = 2020-01-15\n\nText.\n",
    );
    let run = content_error(&site, "F0006");
    run.assert_stderr_contains("not closed")
        .assert_stderr_contains("--> content/nyheter/forsta.md:1:1")
        .assert_stderr_contains("= hint: add a line with +++");
}

#[test]
fn invalid_utf8_points_at_line_and_column() {
    let site = built();
    let mut bytes = b"+++\ntitle = \"F\xc3\xb6rsta\"\n+++\n\n\xc3\x85ter text.\nD".to_vec();
    bytes.push(0xe5); // 'å' in Latin-1
    bytes.extend_from_slice(b"lig text.\n");
    site.write("content/nyheter/forsta.md", bytes);
    let run = content_error(&site, "F0001");
    run.assert_stderr_contains("not valid UTF-8")
        .assert_stderr_contains("--> content/nyheter/forsta.md:6:2")
        .assert_stderr_contains("= hint: save the file as UTF-8");
}

#[test]
fn bom_and_crlf_line_endings_build_fine() {
    let site = built();
    site.write(
        "content/nyheter/forsta.md",
        "\u{feff}+++\r\ntitle = \"Första nyheten\"\r\ndate = 2020-01-15\r\n+++\r\n\r\n## Rubrik med CRLF\r\n\r\nHon sa \"hej\".\r\n",
    );
    let run = site.build_ok(&[]);
    assert!(
        run.last_stdout_line().starts_with("Built 9 pages"),
        "{run:?}"
    );
    let html = site.output("nyheter/forsta/index.html");
    assert_contains(&html, "<h1 class=\"page-title\">Första nyheten</h1>");
    assert_contains(&html, "<h2 id=\"rubrik-med-crlf\">");
    assert_contains(&html, "Hon sa ”hej”.");
    assert!(!html.contains('\r'), "carriage returns reach the output");
    assert!(!html.contains('\u{feff}'), "the BOM reaches the output");
}

#[test]
fn unknown_taxonomy_in_front_matter_is_an_error() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\n[taxonomies]\nkommuner = [\"Borås\"]\n+++\n\nText.\n",
    );
    let run = content_error(&site, "G0005");
    run.assert_stderr_contains("`kommuner` is not a taxonomy")
        .assert_stderr_contains("--> content/nyheter/forsta.md:4:1")
        .assert_stderr_contains("= hint: did you mean `kommun`?");
}

#[test]
fn unknown_language_suffix_is_an_error() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.xx.md",
        "+++\ntitle = \"Första nyheten\"\n+++\n\nText.\n",
    );
    let run = content_error(&site, "F0007");
    run.assert_stderr_contains("`xx`")
        .assert_stderr_contains("not a language of this site")
        .assert_stderr_contains("--> content/nyheter/forsta.xx.md")
        .assert_stderr_contains("[languages.xx]");
}

// ---------------------------------------------------------------------------------------------
// spindel.toml

#[test]
fn unknown_config_key_names_the_nearest_one() {
    let site = built();
    site.edit("spindel.toml", "theme = \"test\"", "theem = \"test\"");
    let run = content_error(&site, "T0003");
    run.assert_stderr_contains("`theem` is not a field")
        .assert_stderr_contains("--> spindel.toml:6:1")
        .assert_stderr_contains("= hint: did you mean `theme`?");
}

// ---------------------------------------------------------------------------------------------
// Links and URLs

#[test]
fn broken_internal_link_points_at_the_link() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\n+++\n\nSe [metoden](@/metoder/finns-inte.md) här.\n",
    );
    let run = content_error(&site, "L0001");
    run.assert_stderr_contains("`@/metoder/finns-inte.md`")
        .assert_stderr_contains("does not exist")
        .assert_stderr_contains("--> content/nyheter/forsta.md:5:14")
        .assert_stderr_contains("= hint: ");
}

#[test]
fn misspelt_internal_link_suggests_the_nearest_page() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\n+++\n\nSe [metoden](@/metoder/brobygare.md).\n",
    );
    let run = content_error(&site, "L0001");
    run.assert_stderr_contains("--> content/nyheter/forsta.md:5:14")
        .assert_stderr_contains("did you mean `@/metoder/brobyggare.md`?");
}

#[test]
fn link_to_a_missing_heading_names_the_nearest_one() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\n+++\n\nLäs [mer](@/metoder/brobyggare.md#resultatet).\n",
    );
    let run = content_error(&site, "L0003");
    run.assert_stderr_contains("`#resultatet` is not a heading in content/metoder/brobyggare.md")
        .assert_stderr_contains("--> content/nyheter/forsta.md:5:11")
        .assert_stderr_contains("= hint: did you mean `#resultat`?");
}

#[test]
fn link_to_an_unknown_heading_lists_the_headings() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\n+++\n\nLäs [mer](@/metoder/brobyggare.md#helt-annat).\n",
    );
    let run = content_error(&site, "L0003");
    run.assert_stderr_contains("`#helt-annat` is not a heading")
        .assert_stderr_contains("--> content/nyheter/forsta.md:5:11")
        .assert_stderr_contains("#resultat, #vad-hande-sedan");
}

#[test]
fn two_pages_on_one_url_name_both_files() {
    let site = built();
    page(
        &site,
        "nyheter/a.md",
        "+++\ntitle = \"A\"\nslug = \"andra\"\n+++\n\nA.\n",
    );
    let run = content_error(&site, "G0001");
    run.assert_stderr_contains("/nyheter/andra/")
        .assert_stderr_contains("content/nyheter/a.md")
        .assert_stderr_contains("content/nyheter/andra.md")
        // It points at the slug that makes the clash, and shows the other file beside it.
        .assert_stderr_contains("--> content/nyheter/a.md:3:1")
        .assert_stderr_contains("^^^^ this gives the address /nyheter/andra/")
        .assert_stderr_contains("::: content/nyheter/andra.md (already gives the same address)")
        .assert_stderr_contains("= hint: ");
    let json = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "content/nyheter/a.md", "{report:#}");
    assert_eq!(
        d["related"][0]["file"], "content/nyheter/andra.md",
        "{report:#}"
    );
    assert_eq!(d["related"][0]["label"], "already gives the same address");
}

#[test]
fn a_key_written_twice_shows_both_lines() {
    let site = built();
    page(
        &site,
        "nyheter/a.md",
        "+++\ntitle = \"A\"\ndate = 2020-01-15\ntitle = \"B\"\n+++\n\nA.\n",
    );
    let run = content_error(&site, "T0004");
    run.assert_stderr_contains("`title` is written twice")
        .assert_stderr_contains("--> content/nyheter/a.md:4:1")
        // One snippet, the lines in order, each place underlined and named.
        .assert_stderr_contains(concat!(
            "2 | title = \"A\"\n",
            "  | ----- first time\n",
            "3 | date = 2020-01-15\n",
            "4 | title = \"B\"\n",
            "  | ^^^^^ second time\n",
        ))
        .assert_stderr_contains("= hint: remove one of the lines");
    // Removing one of them is the fix.
    site.edit("content/nyheter/a.md", "title = \"B\"\n", "");
    site.build_ok(&[]);
}

#[test]
fn a_table_written_twice_far_apart_shows_both_places() {
    let site = built();
    let between = "# en rad\n".repeat(12);
    page(
        &site,
        "nyheter/a.md",
        &format!("+++\ntitle = \"A\"\n[extra]\na = 1\n{between}[extra]\nb = 2\n+++\n\nA.\n"),
    );
    let run = content_error(&site, "T0004");
    run.assert_stderr_contains("`[extra]` is written twice")
        .assert_stderr_contains("--> content/nyheter/a.md:17:1")
        .assert_stderr_contains("::: content/nyheter/a.md:3:1");
}

#[test]
fn hostile_slug_stays_inside_the_output_directory() {
    let site = built();
    page(
        &site,
        "nyheter/ond.md",
        "+++\ntitle = \"Ond\"\nslug = \"../../etc\"\ndate = 2019-01-01\n+++\n\nText.\n",
    );
    let sources_before = site.snapshot("content");
    let run = site.build_ok(&[]);
    assert!(
        run.last_stdout_line().starts_with("Built 10 pages"),
        "{run:?}"
    );
    assert!(site.output_exists("nyheter/etc/index.html"));
    assert_contains(
        &site.output("nyheter/etc/index.html"),
        "<h1 class=\"page-title\">Ond</h1>",
    );
    assert!(!site.exists("etc"), "written into the site root");
    assert!(!site.exists("public/etc"), "written outside its section");
    assert_eq!(dir_names(site.tmp()), ["site"], "written beside the site");
    assert_same_tree(&sources_before, &site.snapshot("content"), "content/");
}

#[test]
fn link_to_a_draft_says_drafts_are_left_out() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\n+++\n\nSe [utkastet](@/nyheter/utkast.md).\n",
    );
    let run = content_error(&site, "L0002");
    run.assert_stderr_contains("`@/nyheter/utkast.md`")
        .assert_stderr_contains("--> content/nyheter/forsta.md:5:15")
        .assert_stderr_contains("points to a draft or a page dated in the future")
        .assert_stderr_contains("--drafts");
    // With --drafts the page exists and the link resolves.
    site.build_ok(&["--drafts"]);
    assert_contains(
        &site.output("nyheter/forsta/index.html"),
        "<a href=\"/nyheter/utkast/\">utkastet</a>",
    );
}

#[test]
fn alias_on_an_existing_page_names_both_files() {
    let site = built();
    site.edit(
        "content/metoder/brobyggare.md",
        "aliases = [\"/gamla-metoder/brobyggare/\"]",
        "aliases = [\"/nyheter/andra/\"]",
    );
    let run = content_error(&site, "G0001");
    run.assert_stderr_contains("/nyheter/andra/")
        .assert_stderr_contains("content/nyheter/andra.md")
        .assert_stderr_contains("content/metoder/brobyggare.md")
        .assert_stderr_contains("an alias must be an address no page has");
}

#[test]
fn alias_outside_the_site_is_an_error() {
    let site = built();
    site.edit(
        "content/metoder/brobyggare.md",
        "aliases = [\"/gamla-metoder/brobyggare/\"]",
        "aliases = [\"../../etc/passwd\"]",
    );
    let run = content_error(&site, "G0004");
    run.assert_stderr_contains("`../../etc/passwd`")
        .assert_stderr_contains("--> content/metoder/brobyggare.md:6:13");
}

// ---------------------------------------------------------------------------------------------
// Templates

#[test]
fn missing_template_says_where_it_looked() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\ntemplate = \"finns-inte.html\"\n+++\n\nText.\n",
    );
    let run = content_error(&site, "R0001");
    run.assert_stderr_contains("`finns-inte.html` does not exist")
        .assert_stderr_contains("--> content/nyheter/forsta.md:3:")
        .assert_stderr_contains("themes/test/templates/finns-inte.html")
        .assert_stderr_contains("templates/finns-inte.html");
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let site = built();
    site.edit(
        "themes/test/templates/page.html",
        "<h1 class=\"page-title\">{{ page.title }}</h1>",
        "<h1 class=\"page-title\">{{ page.title }</h1>",
    );
    let run = content_error(&site, "R0003");
    run.assert_stderr_contains("template syntax error")
        .assert_stderr_contains("--> themes/test/templates/page.html:11:");
}

#[test]
fn template_syntax_error_in_a_site_override_names_the_site_file() {
    let site = built();
    site.edit(
        "templates/404.html",
        "{{ t(key=\"not_found\") }}",
        "{% if %}",
    );
    let run = content_error(&site, "R0003");
    run.assert_stderr_contains("template syntax error")
        .assert_stderr_contains("--> templates/404.html:4:");
}

#[test]
fn template_render_error_names_the_template_and_line() {
    let site = built();
    site.edit(
        "themes/test/templates/page.html",
        "<p class=\"permalink\">{{ page.permalink }}</p>",
        "<p class=\"permalink\">{{ page.nope.deeper }}</p>",
    );
    let run = rebuild_fails(&site, &[], 1);
    run.assert_stderr_contains("template error")
        .assert_stderr_contains("nope")
        .assert_stderr_contains("--> themes/test/templates/page.html:12:");
}

#[test]
fn a_cached_partial_that_does_not_exist_gets_the_nearest_name() {
    let site = built();
    site.write(
        "themes/test/templates/footer.html",
        "<footer>{{ lang }}</footer>",
    );
    site.edit(
        "themes/test/templates/page.html",
        "</body>",
        "{{ cached_include(name=\"fotter.html\") }}\n</body>",
    );
    let run = rebuild_fails(&site, &[], 1);
    run.assert_stderr_contains("there is no template `fotter.html`; did you mean `footer.html`?")
        .assert_stderr_contains("--> themes/test/templates/page.html:")
        .assert_stderr_contains("hint: templates are looked for in");
}

#[test]
fn an_error_in_a_cached_partial_names_the_partials_line_and_column() {
    let site = built();
    // Indented, so that the minified template's columns differ from the file's.
    site.write(
        "themes/test/templates/footer.html",
        "<footer>\n      <p>{{ lang }}   {{ page.title }}</p>\n</footer>",
    );
    site.edit(
        "themes/test/templates/page.html",
        "</body>",
        "{{ cached_include(name=\"footer.html\") }}\n</body>",
    );
    let run = rebuild_fails(&site, &[], 1);
    run.assert_stderr_contains(
        "in the cached_include partial themes/test/templates/footer.html:2:26: Variable `page` is not defined",
    )
    .assert_stderr_contains("--> themes/test/templates/page.html:")
    .assert_stderr_contains("hint: a cached_include partial sees only");
}

#[test]
fn an_error_in_a_page_items_partial_names_the_partials_line_and_what_it_sees() {
    let site = built();
    site.write(
        "themes/test/templates/item.html",
        "<li>\n  {{ page.title }} {{ section.title }}</li>",
    );
    let run = rebuild_fails(&site, &[], 1);
    run.assert_stderr_contains("in the page_items partial themes/test/templates/item.html:2:")
        .assert_stderr_contains("Variable `section` is not defined")
        .assert_stderr_contains("--> themes/test/templates/section.html:")
        .assert_stderr_contains("hint: a page_items partial sees only `page`");
}

#[test]
fn page_items_of_something_else_than_pages_says_what_it_takes() {
    let site = built();
    site.edit(
        "themes/test/templates/taxonomy_term.html",
        "pages=term.pages",
        "pages=[1, 2]",
    );
    let run = rebuild_fails(&site, &[], 1);
    run.assert_stderr_contains("page_items: `pages` must be a list of pages")
        .assert_stderr_contains("--> themes/test/templates/taxonomy_term.html:");
}

#[test]
fn error_count_matches_the_errors_shown_when_every_page_hits_one_template_error() {
    let site = built();
    site.edit(
        "themes/test/templates/page.html",
        "<p class=\"permalink\">{{ page.permalink }}</p>",
        "<p class=\"permalink\">{{ page.nope.deeper }}</p>",
    );
    let run = rebuild_fails(&site, &[], 1);
    let shown = run.error_count();
    assert!(shown >= 1, "{run:?}");
    run.assert_stderr_contains(&format!(
        "build failed with {shown} error{}; nothing was written",
        if shown == 1 { "" } else { "s" }
    ));
}

#[test]
fn unknown_translation_key_names_the_template() {
    let site = built();
    site.edit(
        "themes/test/templates/page.html",
        "{{ t(key=\"published\") }}",
        "{{ t(key=\"publicerad\") }}",
    );
    let run = rebuild_fails(&site, &[], 1);
    run.assert_stderr_contains("publicerad")
        .assert_stderr_contains("--> themes/test/templates/page.html:");
}

#[test]
fn unknown_ui_string_names_the_template_and_the_nearest_key() {
    let site = built();
    site.edit(
        "themes/test/templates/page.html",
        "{{ ui.attachments }}",
        "{{ ui.atachments }}",
    );
    let run = rebuild_fails(&site, &[], 1);
    run.assert_stderr_contains("atachments")
        .assert_stderr_contains("--> themes/test/templates/page.html:")
        .assert_stderr_contains("did you mean `attachments`?");
}

// ---------------------------------------------------------------------------------------------
// Several problems at once

#[test]
fn several_errors_are_all_reported_sorted_by_file_with_a_count() {
    let site = built();
    site.edit(
        "content/nyheter/forsta.md",
        "title = \"Första nyheten\"",
        "titel = \"Första nyheten\"",
    );
    page(
        &site,
        "metoder/samtal.md",
        "---\ntitle: Får vi tala?\n---\n",
    );
    site.edit(
        "content/rapporter/_index.md",
        "title = \"Rapporter\"",
        "title = \"Rapporter",
    );
    page(
        &site,
        "nyheter/andra.xx.md",
        "+++\ntitle = \"Andra\"\n+++\n\nText.\n",
    );
    site.edit(
        "data/kommuner.toml",
        "natverk_sedan = 2014",
        "natverk_sedan = \"2014",
    );
    let run = rebuild_fails(&site, &[], 1);
    let located = run.locations();
    let mut sorted = located.clone();
    sorted.sort();
    assert_eq!(located, sorted, "problems are sorted by file\n{run:?}");
    let expected = [
        "content/metoder/samtal.md",
        "content/nyheter/andra.xx.md",
        "content/nyheter/forsta.md",
        "content/rapporter/_index.md",
        "data/kommuner.toml",
    ];
    for file in expected {
        assert!(
            located.iter().any(|(f, _, _)| f == file),
            "no problem reported in {file}\n{run:?}"
        );
    }
    run.assert_stderr_contains("--> content/nyheter/forsta.md:2:1")
        .assert_stderr_contains("--> content/metoder/samtal.md:1:1")
        .assert_stderr_contains("--> content/rapporter/_index.md:2:")
        .assert_stderr_contains("--> data/kommuner.toml:14:");
    let shown = run.error_count();
    assert!(shown >= expected.len(), "{run:?}");
    run.assert_stderr_contains(&format!(
        "build failed with {shown} errors; nothing was written"
    ));
    // The same problems by kind, as a tool reads them.
    let json = site.run(&["check", "--format", "json"]);
    json.assert_exit(1).assert_no_panic();
    let mut codes = json.json_codes();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes,
        ["F0005", "F0007", "T0001", "T0003"],
        "the YAML front matter, the unknown language, the broken TOML (page and data) and the misspelt field\n{json:?}"
    );
}

#[test]
fn broken_bundle_page_does_not_orphan_its_attachments() {
    let site = built();
    site.edit(
        "content/rapporter/delrapport/index.md",
        "title = \"Delrapport II\"",
        "title = \"Delrapport II",
    );
    let run = content_error(&site, "T0001");
    run.assert_stderr_contains("--> content/rapporter/delrapport/index.md:2:");
    // The attachments belong to the page that failed to load; calling them orphans
    // sends the editor to the wrong fix.
    run.assert_stderr_lacks("belongs to no page");
    assert_eq!(run.locations().len(), 1, "{run:?}");
}

#[test]
fn broken_data_file_is_reported_without_follow_on_errors() {
    let site = built();
    site.edit(
        "data/kommuner.toml",
        "natverk_sedan = 2014",
        "natverk_sedan = \"2014",
    );
    let run = content_error(&site, "T0001");
    run.assert_stderr_contains("the text has a quote at its start but none at its end")
        .assert_stderr_contains("--> data/kommuner.toml:14:");
    // spindel.toml is fine: the list it names is in the file that could not be read.
    assert_eq!(
        run.locations(),
        [("data/kommuner.toml".to_string(), 14, 22)],
        "one problem, in the data file\n{run:?}"
    );
}

#[test]
fn broken_links_in_several_pages_are_all_reported() {
    let site = built();
    page(
        &site,
        "nyheter/forsta.md",
        "+++\ntitle = \"Första nyheten\"\n+++\n\n[a](@/finns-inte.md)\n",
    );
    page(
        &site,
        "metoder/samtal.md",
        "+++\ntitle = \"Får vi tala?\"\n+++\n\nText.\n\n[b](@/metoder/brobyggare.md#saknas)\n",
    );
    let run = rebuild_fails(&site, &[], 1);
    let locations = run.locations();
    assert_eq!(
        locations,
        [
            ("content/metoder/samtal.md".to_string(), 7, 5),
            ("content/nyheter/forsta.md".to_string(), 5, 5),
        ],
        "{run:?}"
    );
    run.assert_stderr_contains("build failed with 2 errors; nothing was written");
}

#[test]
fn term_missing_from_the_data_is_a_warning_naming_the_nearest_member() {
    let site = built();
    page(
        &site,
        "nyheter/ond.md",
        "+++\ntitle = \"Ond\"\n[taxonomies]\nkommun = [\"Götebrg\"]\n+++\n\nText.\n",
    );
    let run = site.build_ok(&[]);
    assert!(run.last_stdout_line().ends_with(", one warning"), "{run:?}");
    run.assert_stderr_contains("warning[S0008]: `Götebrg` is not among the values of kommun")
        .assert_stderr_contains("did you mean `Göteborg`?")
        .assert_stderr_contains("--> content/nyheter/ond.md:4:12")
        .assert_stderr_contains("= hint: write the name exactly as in the list: `Göteborg`")
        // The graph's own warning about the term (G0003) gives way to the check's (S0008).
        .assert_stderr_lacks("[G0003]");
    // The caret underlines the whole name, 7 letters, one of them non-ASCII.
    run.assert_stderr_contains(&format!("  | {}{}\n", " ".repeat(11), "^".repeat(7)));
    assert!(site.output_exists("kommun/gotebrg/index.html"));
}

// ---------------------------------------------------------------------------------------------
// The output directory

/// `build --output <dir>` must be refused with exit 2, and change nothing in the site.
#[track_caller]
fn refused_output(site: &Site, dir: &str, why: &str) -> Run {
    let before = common::snapshot(site.tmp());
    let run = site.build(&["--output", dir]);
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_contains(&format!(
        "error[O0001]: refusing to write the site to `{dir}`"
    ))
    .assert_stderr_contains(why)
    .assert_stderr_contains("= hint: ");
    assert_same_tree(
        &before,
        &common::snapshot(site.tmp()),
        "the temporary directory holding the site",
    );
    run
}

#[test]
fn output_refused_when_it_is_the_site_root() {
    let site = built();
    refused_output(&site, ".", "the site's own directory");
}

#[test]
fn output_refused_when_it_is_the_content_directory() {
    let site = built();
    refused_output(&site, "content", "source directory content/");
}

#[test]
fn output_refused_when_it_is_inside_the_content_directory() {
    let site = built();
    refused_output(&site, "content/sub", "source directory content/");
    assert!(!site.exists("content/sub"));
}

#[test]
fn output_refused_when_it_is_inside_the_theme() {
    let site = built();
    refused_output(&site, "themes/test/ut", "source directory themes/");
}

#[test]
fn output_refused_when_it_contains_the_site() {
    let site = built();
    refused_output(&site, "..", "contains the site's sources");
}

#[test]
fn output_refused_when_it_is_a_foreign_non_empty_directory() {
    let site = built();
    site.write("mina-filer/anteckningar.txt", "viktigt");
    refused_output(&site, "mina-filer", "not made by spindel");
    assert_eq!(site.read("mina-filer/anteckningar.txt"), "viktigt");
}

#[test]
fn output_refused_when_it_is_a_file() {
    let site = built();
    site.write("anteckningar.txt", "viktigt");
    refused_output(&site, "anteckningar.txt", "a file");
    assert_eq!(site.read("anteckningar.txt"), "viktigt");
}

#[test]
fn output_into_an_empty_directory_is_allowed() {
    let site = built();
    std::fs::create_dir(site.path("tom")).unwrap();
    site.build_ok(&["--output", "tom"]);
    assert!(site.path("tom/index.html").is_file());
}

#[test]
fn output_refused_when_it_is_inside_the_sources_given_from_outside_the_site() {
    let site = built();
    let before = common::snapshot(site.tmp());
    let run = run_in(
        site.tmp(),
        &["build", "--root", "site", "--output", "site/content"],
    );
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_contains("refusing to write the site to `site/content`")
        .assert_stderr_contains("= hint: ");
    let run = run_in(site.tmp(), &["build", "--root", "site", "--output", "site"]);
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_contains("the site's own directory");
    assert_same_tree(
        &before,
        &common::snapshot(site.tmp()),
        "the temporary directory",
    );
}

#[test]
fn output_flag_is_relative_to_the_working_directory() {
    let site = Site::basic();
    let run = run_in(site.tmp(), &["build", "--root", "site", "--output", "ut"]);
    run.assert_exit(0).assert_no_panic();
    assert!(run.last_stdout_line().ends_with("→ ut"), "{run:?}");
    assert!(site.tmp().join("ut/index.html").is_file());
    assert!(!site.exists("ut"));
    assert!(!site.exists("public"));
}

#[test]
fn failed_first_build_creates_no_output_directory() {
    let site = Site::basic();
    site.edit(
        "content/nyheter/forsta.md",
        "title = \"Första nyheten\"",
        "titel = \"Första nyheten\"",
    );
    let before = common::snapshot(site.tmp());
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("`titel` is not a field");
    assert!(!site.exists("public"));
    assert_same_tree(
        &before,
        &common::snapshot(site.tmp()),
        "the temporary directory",
    );
}

// ---------------------------------------------------------------------------------------------
// How spindel is called

#[test]
fn missing_spindel_toml_is_a_usage_error_with_a_hint_about_root() {
    let site = built();
    site.remove("spindel.toml");
    let run = rebuild_fails(&site, &[], 2);
    run.assert_stderr_contains("error[C0001]: cannot read spindel.toml")
        .assert_stderr_contains("--root");
}

#[test]
fn building_outside_a_site_is_a_usage_error() {
    let site = Site::basic();
    // The temporary directory around the site has no spindel.toml.
    let run = run_in(site.tmp(), &["build"]);
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_contains("spindel.toml")
        .assert_stderr_contains("= hint: ")
        .assert_stderr_contains("--root");
    assert_eq!(dir_names(site.tmp()), ["site"]);
}

#[test]
fn missing_root_directory_is_a_usage_error() {
    let site = Site::basic();
    let run = site.build(&["--root", "finns-inte"]);
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_contains("error[U0001]: the site directory `finns-inte` does not exist")
        .assert_stderr_contains("= hint: ");
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let site = built();
    let before = site.snapshot("public");
    let run = site.build(&["--frobnicate"]);
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_contains("--frobnicate");
    assert_same_tree(&before, &site.snapshot("public"), "public/");
}

#[test]
fn bad_base_url_flag_is_a_usage_error() {
    let site = built();
    let run = site.build(&["--base-url", "example.org"]);
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_contains("error[U0002]: --base-url `example.org`");
}

/// Colours only on a terminal: a pseudo-terminal (util-linux `script`) gets them, a pipe and
/// `NO_COLOR` do not, and the words are the same either way.
#[test]
fn diagnostics_are_coloured_on_a_terminal_only() {
    let site = built();
    site.edit(
        "content/nyheter/forsta.md",
        "title = \"Första nyheten\"",
        "titel = \"Första nyheten\"",
    );
    let on_tty = |no_color: Option<&str>| {
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &format!("{} build", common::BIN), "/dev/null"])
            .current_dir(site.root())
            .env("SPINDEL_LANG", "en")
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd.output().expect("run util-linux script");
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
    };
    let coloured = on_tty(None);
    assert!(coloured.contains("error[T0003]"), "{coloured}");
    assert!(
        coloured.contains('\x1b'),
        "no colour on a terminal: {coloured:?}"
    );
    let plain = on_tty(Some("1"));
    assert!(plain.contains("error[T0003]"), "{plain}");
    assert!(
        !plain.contains('\x1b'),
        "colour despite NO_COLOR: {plain:?}"
    );
    let piped = std::process::Command::new(common::BIN)
        .arg("build")
        .current_dir(site.root())
        .env("SPINDEL_LANG", "en")
        .env_remove("NO_COLOR")
        .output()
        .expect("run the spindel binary");
    let piped = String::from_utf8_lossy(&piped.stderr);
    assert!(piped.contains("error[T0003]"), "{piped}");
    assert!(!piped.contains('\x1b'), "colour in a pipe: {piped:?}");
}
