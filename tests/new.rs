//! `spindel new TYPE "Titel"` on a copy of the bundled site: each type's page is placed in
//! its section, named by the slug rules, dated by the pinned clock in the site's zone, and
//! builds and checks clean as it was written; an existing file is never overwritten; without a
//! type the types are listed.

mod common;

use common::{Run, Site, assert_contains, assert_lacks, assert_same_tree, run_in_with};

/// 01:30 on 30 March in Stockholm (summer time), still 29 March in UTC.
const NOW: &str = "2026-03-29T23:30:00Z";

/// The six types of the bundled site and the sections their pages go in.
const TYPES: &[(&str, &str)] = &[
    ("artikel", "artiklar"),
    ("erfarenhet", "erfarenheter"),
    ("metod", "metoder"),
    ("minnesanteckningar", "minnesanteckningar"),
    ("rapport", "rapporter"),
    ("riktlinje", "riktlinjer"),
];

/// `spindel <args>` in the site, with the clock pinned, in the site's own language (Swedish).
fn run(site: &Site, args: &[&str]) -> Run {
    run_in_with(
        site.root(),
        args,
        &[("SPINDEL_LANG", ""), ("SPINDEL_NOW", NOW)],
    )
}

/// The diagnostics of `check --format json` that are about `file`.
fn findings_in(run: &Run, file: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str() == Some(file))
        .map(|d| format!("{} {}", d["code"], d["message"]))
        .collect()
}

#[test]
fn each_type_makes_a_page_in_its_section_that_builds_and_checks_clean() {
    let site = Site::bundled();
    for (kind, section) in TYPES {
        let title = format!("Prov för {kind} i Borås");
        let r = run(&site, &["new", kind, &title]);
        r.assert_exit(0).assert_no_panic();
        let rel = format!("content/{section}/prov-for-{kind}-i-boras.md");
        assert_contains(&r.stdout, &format!("Skapade {rel}."));
        let text = site.read(&rel);
        assert!(text.starts_with("+++\n"), "{rel}:\n{text}");
        assert_contains(&text, &format!("title = \"{title}\"\n"));
        // Today in Stockholm, not in UTC.
        assert_contains(&text, "date = 2026-03-30\n");
        // The archetype's own settings are not part of the page.
        assert_lacks(&text, "section = ");
        // Comments in Swedish on how to fill the fields in.
        assert_contains(&text, "# Sidans rubrik");
    }
    // Every new file is free of errors, published or as a draft preview would check it; the one
    // warning is the reminder to write the description `spindel new` left empty.
    for extra in [&[][..], &["--drafts"][..]] {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        let r = run(&site, &args);
        r.assert_exit(0).assert_no_panic();
        for (kind, section) in TYPES {
            let rel = format!("content/{section}/prov-for-{kind}-i-boras.md");
            let found = findings_in(&r, &rel);
            assert_eq!(
                found,
                ["\"S0009\" \"fältet `description` är tomt\""],
                "{rel}"
            );
        }
    }
    let r = run(&site, &["build"]);
    r.assert_exit(0).assert_no_panic();
    for (kind, section) in TYPES {
        let html = site.output(&format!("{section}/prov-for-{kind}-i-boras/index.html"));
        assert_contains(&html, &format!("<h1>Prov för {kind} i Borås</h1>"));
        assert_contains(&html, "<time datetime=\"2026-03-30\">30 mars 2026</time>");
    }
    // The minutes show their place with the minutes' template.
    let minutes = site.output("minnesanteckningar/prov-for-minnesanteckningar-i-boras/index.html");
    assert_contains(&minutes, "<dl class=\"facts\">");
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let site = Site::bundled();
    run(&site, &["new", "metod", "Läxhjälp i Borås"]).assert_exit(0);
    let rel = "content/metoder/laxhjalp-i-boras.md";
    site.edit(rel, "title = \"Läxhjälp i Borås\"", "title = \"Läxhjälp\"");
    let before = site.snapshot("content");
    let r = run(&site, &["new", "metod", "Läxhjälp i Borås"]);
    r.assert_exit(1).assert_no_panic();
    r.assert_stderr_contains("fel[F0014]: filen finns redan")
        .assert_stderr_contains(&format!("--> {rel}"));
    assert_same_tree(&before, &site.snapshot("content"), "content/");
    // A title that makes the same file name is the same file.
    run(&site, &["new", "metod", "LÄXHJÄLP i Borås!"]).assert_exit(1);
    // The pages of the site are files like any other.
    let r = run(&site, &["new", "metod", "Brobyggare"]);
    r.assert_exit(1).assert_stderr_contains("[F0014]");
    assert_same_tree(&before, &site.snapshot("content"), "content/");
}

#[test]
fn without_a_type_the_types_are_listed_with_what_they_are_for() {
    let site = Site::bundled();
    let r = run(&site, &["new"]);
    r.assert_exit(0).assert_no_panic();
    for (kind, section) in TYPES {
        let line = r
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{kind} ")))
            .unwrap_or_else(|| panic!("no line for {kind}\n{r:?}"));
        assert_contains(line, &format!("(i {section}/)"));
        // A description of its own, one line.
        assert!(line.len() > kind.len() + section.len() + 30, "{line}");
    }
    assert_contains(&r.stdout, "Sidtyper som spindel new kan skapa:");
    assert_contains(&r.stdout, "spindel new artikel \"Sidans rubrik\"");
    // In English when asked.
    let r = common::run_in(site.root(), &["new"]);
    assert_contains(&r.stdout, "Types of page spindel new can make:");
    assert_contains(&r.stdout, "(in metoder/)");
}

#[test]
fn the_file_is_named_by_the_sites_slug_rules_and_the_title_kept_as_written() {
    let site = Site::bundled();
    let title = "Får vi tala? \"Brobyggare\" och C:\\ i Göteborg";
    run(&site, &["new", "artikel", title]).assert_exit(0);
    let rel = "content/artiklar/far-vi-tala-brobyggare-och-c-i-goteborg.md";
    assert!(site.exists(rel), "{:?}", site.snapshot("content/artiklar"));
    run(&site, &["build"]).assert_exit(0);
    let html = site.output("artiklar/far-vi-tala-brobyggare-och-c-i-goteborg/index.html");
    assert_contains(
        &html,
        "<h1>Får vi tala? &quot;Brobyggare&quot; och C:\\ i Göteborg</h1>",
    );
}

#[test]
fn a_title_without_letters_or_digits_is_refused_and_nothing_is_written() {
    let site = Site::bundled();
    let before = site.snapshot("content");
    for title in ["???", " – ", ""] {
        let r = run(&site, &["new", "metod", title]);
        r.assert_no_panic();
        if title.is_empty() {
            r.assert_exit(2)
                .assert_stderr_contains("fel[U0005]: sidan behöver en rubrik");
        } else {
            r.assert_exit(1).assert_stderr_contains(&format!(
                "fel[G0002]: rubriken `{}` har inga bokstäver eller siffror",
                title.trim()
            ));
        }
    }
    run(&site, &["new", "metod"]).assert_exit(2);
    assert_same_tree(&before, &site.snapshot("content"), "content/");
}

#[test]
fn an_unknown_type_names_the_nearest() {
    let site = Site::bundled();
    let r = run(&site, &["new", "metd", "Läxhjälp"]);
    r.assert_exit(2).assert_no_panic();
    r.assert_stderr_contains("fel[U0005]: det finns ingen sidtyp `metd`")
        .assert_stderr_contains("menade du `metod`?");
    let r = run(&site, &["new", "blogg", "Läxhjälp"]);
    r.assert_exit(2)
        .assert_stderr_contains("sidtyperna är: artikel, erfarenhet, metod");
}

#[test]
fn the_date_is_today_in_the_sites_timezone() {
    let site = Site::bundled();
    let r = run_in_with(
        site.root(),
        &["new", "artikel", "Nyår"],
        &[("SPINDEL_NOW", "2026-12-31T23:30:00Z")],
    );
    r.assert_exit(0);
    assert_contains(
        &site.read("content/artiklar/nyar.md"),
        "date = 2027-01-01\n",
    );
    site.edit(
        "spindel.toml",
        "paginate_path",
        "timezone = \"America/New_York\"\npaginate_path",
    );
    let r = run_in_with(
        site.root(),
        &["new", "artikel", "Nyårsafton"],
        &[("SPINDEL_NOW", "2026-12-31T23:30:00Z")],
    );
    r.assert_exit(0);
    assert_contains(
        &site.read("content/artiklar/nyarsafton.md"),
        "date = 2026-12-31\n",
    );
}

#[test]
fn the_sites_archetype_wins_over_the_themes_and_the_themes_are_offered() {
    let site = Site::bundled();
    site.write(
        "themes/natverket/archetypes/metod.md",
        "section = \"artiklar\"\ndescription = \"Temats metod\"\n+++\ntitle = {{ title }}\n+++\n",
    );
    site.write(
        "themes/natverket/archetypes/notis.md",
        "section = \"artiklar\"\ndescription = \"En kort notis\"\n+++\ntitle = {{ title }}\ndate = {{ date }}\n+++\n\nText.\n",
    );
    let r = run(&site, &["new"]);
    assert_contains(&r.stdout, "En kort notis (i artiklar/)");
    assert_lacks(&r.stdout, "Temats metod");
    run(&site, &["new", "metod", "Egen"]).assert_exit(0);
    assert!(site.exists("content/metoder/egen.md"));
    run(&site, &["new", "notis", "Kort"]).assert_exit(0);
    assert_eq!(
        site.read("content/artiklar/kort.md"),
        "+++\ntitle = \"Kort\"\ndate = 2026-03-30\n+++\n\nText.\n"
    );
}

#[test]
fn a_broken_archetype_is_reported_at_its_line_and_nothing_is_written() {
    let site = Site::bundled();
    site.write(
        "archetypes/notis.md",
        "description = \"En notis\"\nsection = \"nyheter\"\n+++\ntitle = {{ title }}\n+++\n",
    );
    let before = site.snapshot("content");
    let r = run(&site, &["new", "notis", "Kort"]);
    r.assert_exit(1).assert_no_panic();
    r.assert_stderr_contains("fel[F0015]: avsnittet `nyheter` finns inte")
        .assert_stderr_contains("--> archetypes/notis.md:2:11");
    // The list shows the problem, and the types that work.
    let r = run(&site, &["new"]);
    r.assert_exit(1).assert_stderr_contains("[F0015]");
    assert_contains(&r.stdout, "metod ");
    site.write(
        "archetypes/notis.md",
        "section = \"artiklar\"\n+++\ntitle = \"{{ title }}\"\n+++\n",
    );
    let r = run(&site, &["new", "notis", "Kort"]);
    r.assert_exit(1).assert_stderr_contains("fel[F0015]");
    assert_same_tree(&before, &site.snapshot("content"), "content/");
}

/// The new page's address is taken by a page whose file has another name: a bundle
/// (`metoder/test-bundle/index.md`), a page with `slug = …`, or an alias. `new` refuses, names
/// the page, and writes nothing; had it written, the build would fail with G0001.
#[test]
fn an_address_already_taken_is_refused_naming_the_page() {
    let site = Site::bundled();
    let bundle = "+++\ntitle = \"Test bundle\"\ndescription = \"En samlad sida.\"\n\n[taxonomies]\ntyp = [\"Metod\"]\n+++\n\nText.\n";
    site.write("content/metoder/test-bundle/index.md", bundle);
    // The bundle as it is builds; the clash is only what new would make.
    let before = site.snapshot("content");
    let r = run(&site, &["new", "metod", "Test bundle"]);
    r.assert_exit(1).assert_no_panic();
    r.assert_stderr_contains(
        "fel[G0008]: sidan skulle få adressen /metoder/test-bundle/, men den har redan content/metoder/test-bundle/index.md; spindel new skapade ingen fil",
    )
    .assert_stderr_contains("--> content/metoder/test-bundle.md")
    .assert_stderr_contains("ge den nya sidan en annan rubrik, eller öppna content/metoder/test-bundle/index.md");
    assert_same_tree(&before, &site.snapshot("content"), "content/");

    // Another page's slug.
    site.edit(
        "content/metoder/brobyggare.md",
        "title = \"Brobyggare\"",
        "title = \"Brobyggare\"\nslug = \"laxhjalp\"",
    );
    let before = site.snapshot("content");
    let r = run(&site, &["new", "metod", "Läxhjälp"]);
    r.assert_exit(1);
    r.assert_stderr_contains("fel[G0008]")
        .assert_stderr_contains("content/metoder/brobyggare.md");
    assert_same_tree(&before, &site.snapshot("content"), "content/");
    // A free address is still fine.
    run(&site, &["new", "metod", "Läxhjälp i Gävle"]).assert_exit(0);
}

/// Two files with one address, neither by a key in the front matter (a page beside a bundle of
/// its name): G0001 still points at a line, the first of the later file.
#[test]
fn a_page_beside_a_bundle_of_its_name_is_said_with_a_place() {
    let site = Site::bundled();
    let page = "+++\ntitle = \"Test bundle\"\ndescription = \"En sida.\"\n\n[taxonomies]\ntyp = [\"Metod\"]\n+++\n\nText.\n";
    site.write("content/metoder/test-bundle/index.md", page);
    site.write(
        "content/metoder/test-bundle.md",
        page.replace("Test bundle", "Test bundle 2"),
    );
    let r = run(&site, &["check"]);
    r.assert_exit(1);
    r.assert_stderr_contains("fel[G0001]")
        .assert_stderr_contains("--> content/metoder/test-bundle")
        .assert_stderr_contains(".md:1:1");
}
