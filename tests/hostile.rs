//! Hostile or careless input through the real binary, where the corpus of `tests/bad_inputs`
//! (which reads the report of `check`) cannot show it: what `build` writes and prints, and
//! every command whose reader goes away.

mod common;

use std::os::unix::process::ExitStatusExt;

use common::{Site, with_reader_gone};

#[test]
fn control_characters_in_a_page_are_left_out_of_its_html() {
    let site = Site::basic();
    site.write(
        "content/nyheter/kontroll.md",
        "+++\ntitle = \"Kontroll\"\ndate = 2020-01-01\n+++\n\n\
         Text \u{0} med \u{7} och \u{1b}[31m röd \u{8}\u{7f}.\n\n```\nkod \u{1b}[0m\n```\n",
    );
    site.build_ok(&[]);
    let html = site.output("nyheter/kontroll/index.html");
    assert!(html.contains("röd"), "the page is there\n{html}");
    let controls: Vec<char> = html
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .collect();
    assert!(controls.is_empty(), "{controls:?} in the HTML");
}

#[test]
fn control_characters_in_front_matter_are_reported_and_left_out_of_every_page() {
    let site = Site::basic();
    site.write(
        "templates/kontroll.html",
        "<!doctype html>\n<html>\n<head><title>{{ page.title }}</title></head>\n<body>\
         <p>{{ page.description }}</p><p>{{ page.extra.farg }}</p><p>{{ page.extra.lista | first }}</p>\
         {% for name, terms in page.taxonomies %}{% for t in terms %}<a href=\"{{ t.path }}\">{{ t.name }}</a>{% endfor %}{% endfor %}\
         </body>\n</html>\n",
    );
    // TOML escapes, the only way TOML lets a control character into a text.
    site.write(
        "content/nyheter/kontroll.md",
        "+++\ntitle = \"T\\u0000I\\u001b[31mT\\u0007L\"\ndate = 2020-01-01\n\
         description = \"Be\\u0008skrivning\"\ntemplate = \"kontroll.html\"\n\
         [taxonomies]\nomrade = [\"Sk\\u001bola\"]\n\
         [extra]\nfarg = \"r\\u0000\\u007fod\"\nlista = [\"a\\u0001b\"]\n+++\n\nText.\n",
    );
    let run = site.build(&["--lang", "sv"]);
    run.assert_exit(0)
        .assert_no_panic()
        .assert_stderr_contains("varning[F0016]")
        .assert_stderr_contains("content/nyheter/kontroll.md:2:9")
        .assert_stderr_contains("content/nyheter/kontroll.md:4:15")
        .assert_stderr_contains("content/nyheter/kontroll.md:7:11")
        .assert_stderr_contains("content/nyheter/kontroll.md:9:8")
        .assert_stderr_contains("content/nyheter/kontroll.md:10:10")
        .assert_stderr_contains("styrtecken");
    let html = site.output("nyheter/kontroll/index.html");
    for shown in [
        "<title>TI[31mTL</title>",
        "Beskrivning",
        "rod",
        "ab",
        "Skola",
    ] {
        assert!(html.contains(shown), "{shown} in\n{html}");
    }
    for file in [
        "nyheter/kontroll/index.html",
        "nyheter/index.html",
        "omrade/skola/index.html",
        "omrade/index.html",
    ] {
        let text = site.output(file);
        let controls: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            .collect();
        assert!(controls.is_empty(), "{controls:?} in {file}");
    }
}

#[test]
fn a_slug_that_climbs_out_is_reported_by_build_as_by_check() {
    let site = Site::basic();
    site.write(
        "content/nyheter/ond.md",
        "+++\ntitle = \"Ond\"\nslug = \"../../x\"\ndate = 2020-01-01\n+++\n\nText.\n",
    );
    for command in ["build", "check"] {
        site.run(&[command])
            .assert_exit(0)
            .assert_no_panic()
            .assert_stderr_contains("warning[G0006]")
            .assert_stderr_contains("content/nyheter/ond.md");
    }
}

#[test]
fn every_command_exits_quietly_when_its_reader_goes_away() {
    let site = Site::basic();
    let commands: [&[&str]; 6] = [
        &["build"],
        &["check"],
        &["check", "--format", "json"],
        &["new"],
        &["--help"],
        &["--version"],
    ];
    for args in commands {
        let (status, stderr) = with_reader_gone(&site, args, false);
        assert_ne!(status.code(), Some(101), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // A report of errors, written to stderr, whose reader is gone too.
    site.write(
        "content/nyheter/trasig.md",
        "+++\ntitle = \"Trasig\"\n+++\n\n[x](@/finns-inte.md)\n",
    );
    for args in [&["build"][..], &["check"]] {
        // Ended by SIGPIPE or exit 1; never a panic, never success.
        let (status, _) = with_reader_gone(&site, args, true);
        assert!(
            status.signal() == Some(libc::SIGPIPE) || status.code() == Some(1),
            "{args:?}: {status:?}"
        );
    }
}

#[test]
fn a_static_file_at_the_path_of_a_search_file_loses_with_a_warning() {
    let site = Site::bundled();
    site.write("static/search/sv/manifest.json", "{}");
    site.build(&[])
        .assert_exit(0)
        .assert_no_panic()
        .assert_stderr_contains("[P0004]")
        .assert_stderr_contains("search/sv/manifest.json");
    let manifest = site.output("search/sv/manifest.json");
    assert!(manifest.contains("\"docs\""), "the index's own: {manifest}");
}
