//! Dates and time through the real binary: which pages a build publishes at a given moment
//! (`SPINDEL_NOW` pins it), in the site's `timezone`, around midnight and the changes to and
//! from summer time (the last Sundays of March and October in Europe/Stockholm), and the
//! dates of feeds and the sitemap compared as instants.

mod common;

use common::{Run, Site, assert_contains, assert_in_order, run_in_with};

/// `spindel <args>` in the site with "now" pinned.
fn run_at(site: &Site, now: &str, args: &[&str]) -> Run {
    let run = run_in_with(site.root(), args, &[("SPINDEL_NOW", now)]);
    run.assert_no_panic();
    run
}

/// A build at `now` that must succeed.
fn build_at(site: &Site, now: &str) -> Run {
    let run = run_at(site, now, &["build"]);
    run.assert_exit(0);
    run
}

/// A news page (`content/nyheter/<slug>.md`) with the front matter lines given.
fn news(site: &Site, slug: &str, front_matter: &str) {
    site.write(
        &format!("content/nyheter/{slug}.md"),
        format!("+++\ntitle = \"Nyhet {slug}\"\n{front_matter}\n+++\n\nText.\n"),
    );
}

/// The fixture with a feed of its news, and `top` (settings) at the top of spindel.toml.
fn with_feed(top: &str) -> Site {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("{top}{config}\n[feeds]\nsections = [\"nyheter\"]\nlimit = 0\n"),
    );
    site
}

/// Builds at each moment and checks which of `slugs` are published then.
fn published_at(site: &Site, cases: &[(&str, &[bool])], slugs: &[&str]) {
    for (now, expected) in cases {
        build_at(site, now);
        let got: Vec<bool> = slugs
            .iter()
            .map(|s| site.output_exists(&format!("nyheter/{s}/index.html")))
            .collect();
        assert_eq!(&got, expected, "published at {now}: {slugs:?}");
    }
}

#[test]
fn a_page_dated_today_is_published_from_midnight_in_the_sites_zone() {
    let site = Site::basic();
    news(&site, "idag", "date = 2026-01-15");
    // Midnight in Stockholm is 23:00 UTC the day before: from then on, not from 01:00.
    published_at(
        &site,
        &[
            ("2026-01-14T23:59:59+01:00", &[false]),
            ("2026-01-15T00:00:00+01:00", &[true]),
            ("2026-01-15T00:59:59+01:00", &[true]),
            ("2026-01-15T23:59:59+01:00", &[true]),
        ],
        &["idag"],
    );
}

#[test]
fn the_cutoff_follows_the_change_to_summer_time() {
    let site = Site::basic();
    // 2026-03-29 is the last Sunday of March: at 02:00 the clocks go forward to 03:00.
    news(&site, "bytet", "date = 2026-03-29");
    news(&site, "dagen-efter", "date = 2026-03-30");
    published_at(
        &site,
        &[
            ("2026-03-28T23:59:59+01:00", &[false, false]),
            ("2026-03-29T00:00:00+01:00", &[true, false]),
            ("2026-03-29T01:30:00+01:00", &[true, false]),
            ("2026-03-29T03:00:00+02:00", &[true, false]),
            ("2026-03-29T23:59:59+02:00", &[true, false]),
            // 22:00 UTC on the 29th: the next day in Stockholm.
            ("2026-03-30T00:00:00+02:00", &[true, true]),
        ],
        &["bytet", "dagen-efter"],
    );
}

#[test]
fn the_cutoff_follows_the_change_back_to_winter_time() {
    let site = Site::basic();
    // 2026-10-25 is the last Sunday of October: at 03:00 the clocks go back to 02:00.
    news(&site, "bytet", "date = 2026-10-25");
    news(&site, "dagen-efter", "date = 2026-10-26");
    published_at(
        &site,
        &[
            ("2026-10-24T23:59:59+02:00", &[false, false]),
            // 22:00 UTC on the 24th.
            ("2026-10-25T00:00:00+02:00", &[true, false]),
            // The second 02:30 of the night.
            ("2026-10-25T02:30:00+01:00", &[true, false]),
            ("2026-10-25T23:59:59+01:00", &[true, false]),
            ("2026-10-26T00:00:00+01:00", &[true, true]),
        ],
        &["bytet", "dagen-efter"],
    );
}

#[test]
fn the_timezone_setting_moves_the_cutoff_and_the_feeds_offsets() {
    let site = with_feed("timezone = \"America/New_York\"\n");
    news(&site, "ny", "date = 2026-03-29");
    published_at(
        &site,
        &[
            // 23:00 on the 28th in New York, though the 29th in Stockholm and UTC.
            ("2026-03-29T03:59:59Z", &[false]),
            ("2026-03-29T04:00:00Z", &[true]),
        ],
        &["ny"],
    );
    let feed = site.output("nyheter/atom.xml");
    assert_contains(&feed, "<published>2026-03-29T00:00:00-04:00</published>");
    // UTC writes Z, as every feed did before the setting.
    let site = with_feed("timezone = \"UTC\"\n");
    news(&site, "utc", "date = 2024-02-27");
    build_at(&site, "2026-01-01T00:00:00Z");
    let feed = site.output("nyheter/atom.xml");
    assert_contains(&feed, "<published>2024-02-27T00:00:00Z</published>");
}

#[test]
fn feed_dates_without_an_offset_are_in_the_sites_zone() {
    let site = with_feed("");
    news(&site, "vinter", "date = 2024-02-27\nupdated = 2024-07-01");
    news(&site, "klocka", "date = 2024-02-27T10:30");
    // Skipped by the change to summer time: read as in winter, 03:30 summer time.
    news(&site, "glappet", "date = 2026-03-29T02:30");
    news(&site, "offset", "date = \"2024-02-27T10:30:05.250-05:00\"");
    build_at(&site, "2026-06-01T12:00:00+02:00");
    let feed = site.output("nyheter/atom.xml");
    for line in [
        // A day is its midnight in Stockholm, in winter and in summer time.
        "<published>2024-02-27T00:00:00+01:00</published>",
        "<updated>2024-07-01T00:00:00+02:00</updated>",
        "<published>2024-02-27T10:30:00+01:00</published>",
        "<published>2026-03-29T03:30:00+02:00</published>",
        // Written with an offset: as written.
        "<published>2024-02-27T10:30:05.250-05:00</published>",
        // The feed's `updated` is its newest entry's.
        "<updated>2026-03-29T03:30:00+02:00</updated>\n<author>",
    ] {
        assert_contains(&feed, line);
    }
    // The page shows its date as written.
    assert_contains(
        &site.output("nyheter/klocka/index.html"),
        "Publicerad 2024-02-27T10:30<",
    );
}

#[test]
fn feeds_and_the_sitemap_compare_instants_not_text() {
    let site = with_feed("");
    // As text `…T10:00:00+02:00` is the larger, but it is 08:00 UTC against 09:00.
    news(&site, "tidig", "date = 2024-05-16T10:00:00+02:00");
    news(&site, "sen", "date = 2024-05-16T09:00:00Z");
    build_at(&site, "2026-01-01T00:00:00+01:00");
    let feed = site.output("nyheter/atom.xml");
    let head = &feed[..feed.find("<entry>").expect("entries")];
    assert_contains(head, "<updated>2024-05-16T09:00:00Z</updated>");
    assert_in_order(&feed, &["Nyhet sen", "Nyhet tidig"]);

    // The 17th at +05:00 is 22:00 on the 16th in Stockholm, an hour before the other.
    let site = with_feed("");
    news(&site, "ost", "date = 2024-05-17T01:00:00+05:00");
    news(&site, "utc", "date = 2024-05-16T21:00:00Z");
    build_at(&site, "2026-01-01T00:00:00+01:00");
    let sitemap = site.output("sitemap.xml");
    let lastmod = |path: &str| {
        let at = sitemap
            .find(&format!("<loc>https://example.org{path}</loc>"))
            .unwrap_or_else(|| panic!("{path} is not in the sitemap"));
        let entry = &sitemap[at..at + sitemap[at..].find("</url>").unwrap()];
        let start = entry.find("<lastmod>").expect("a lastmod") + "<lastmod>".len();
        entry[start..start + 10].to_string()
    };
    assert_eq!(lastmod("/nyheter/"), "2024-05-16");
    assert_eq!(lastmod("/nyheter/ost/"), "2024-05-16");
    assert_eq!(lastmod("/nyheter/utc/"), "2024-05-16");
    assert_in_order(
        &site.output("nyheter/index.html"),
        &["Nyhet utc", "Nyhet ost"],
    );
}

#[test]
fn the_future_date_lint_takes_today_in_the_sites_zone() {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("{config}\n[check.sections.nyheter]\npast_dates = true\n"),
    );
    news(&site, "mote", "date = 2026-03-30");
    // Half past midnight in Stockholm, still the 29th in UTC: today, not the future.
    let run = run_at(&site, "2026-03-30T00:30:00+02:00", &["check"]);
    run.assert_exit(0);
    // (The fixture's page dated 2999 is reported in both runs.)
    run.assert_stderr_lacks("content/nyheter/mote.md");
    let run = run_at(&site, "2026-03-29T23:30:00+02:00", &["check"]);
    run.assert_exit(0);
    run.assert_stderr_contains("warning[S0010]: the date 2026-03-30 is in the future")
        .assert_stderr_contains("--> content/nyheter/mote.md:3:1");
}

#[test]
fn an_unknown_timezone_is_an_error_at_its_value() {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("timezone = \"Europe/Stokholm\"\n{config}"),
    );
    let run = site.run(&["check", "--format", "json"]);
    run.assert_exit(1).assert_json_code("C0010");
    let run = site.build(&[]);
    run.assert_exit(1)
        .assert_stderr_contains("error[C0010]: timezone `Europe/Stokholm` is not a time zone")
        .assert_stderr_contains("--> spindel.toml:1:12")
        .assert_stderr_contains("did you mean `Europe/Stockholm`?");
    assert!(!site.output_exists("index.html"));
}

#[test]
fn a_bad_spindel_now_is_a_usage_error() {
    let site = Site::basic();
    for bad in ["2026-03-29T01:30:00", "i morgon"] {
        let run = run_at(&site, bad, &["build"]);
        run.assert_exit(2)
            .assert_stderr_contains("error[U0004]")
            .assert_stderr_contains("SPINDEL_NOW");
        assert!(!site.output_exists("index.html"));
    }
}

/// A minutes page whose next meeting opens with its day: `check` warns once that day has
/// passed in the site's zone, at the field, and the page then says the meeting "was planned";
/// a next meeting written as a sentence is not judged.
#[test]
fn a_next_meeting_that_has_passed_is_reported_and_shown_as_planned() {
    let site = Site::bundled();
    let page = "content/minnesanteckningar/2030-01-10-natverksmote.md";
    site.write(
        page,
        "+++\ntitle = \"Nätverksmöte 10 januari 2030\"\ndescription = \"Ett möte.\"\ndate = 2030-01-10\ntemplate = \"minutes.html\"\n\n[extra]\nplats = \"Stockholm\"\nnasta_mote = \"5 februari 2030 i Stockholm\"\n+++\n\nText.\n",
    );
    let sentence = "content/minnesanteckningar/2030-01-11-samrad.md";
    site.write(
        sentence,
        "+++\ntitle = \"Samråd 11 januari 2030\"\ndescription = \"Ett samråd.\"\ndate = 2030-01-11\ntemplate = \"minutes.html\"\n\n[extra]\nplats = \"Stockholm\"\nnasta_mote = \"Vid mötet planerades nästa möte till 2030-02-01.\"\n+++\n\nText.\n",
    );
    let html = || site.output("minnesanteckningar/2030-01-10-natverksmote/index.html");
    // The day itself is not past.
    let run = run_at(
        &site,
        "2030-02-05T23:30:00+01:00",
        &["check", "--lang", "sv"],
    );
    run.assert_exit(0).assert_stderr_lacks("S0015");
    build_at(&site, "2030-02-05T23:30:00+01:00");
    assert_contains(&html(), "<p>5 februari 2030 i Stockholm</p>");
    // Half past midnight on the 6th in Stockholm, still the 5th in UTC: passed.
    let run = run_at(
        &site,
        "2030-02-06T00:30:00+01:00",
        &["check", "--lang", "sv"],
    );
    run.assert_exit(0)
        .assert_stderr_contains(
            "varning[S0015]: `nasta_mote` anger 2030-02-05, en dag som redan har varit",
        )
        .assert_stderr_contains(&format!("--> {page}:9:1"))
        .assert_stderr_contains("Nästa möte var planerat till 2030-02-05.")
        .assert_stderr_lacks(sentence);
    let json = run_at(
        &site,
        "2030-02-06T00:30:00+01:00",
        &["check", "--format", "json"],
    );
    let passed = json
        .json_codes()
        .into_iter()
        .filter(|c| c == "S0015")
        .count();
    assert_eq!(passed, 1, "one next meeting has passed\n{json:?}");
    build_at(&site, "2030-02-06T00:30:00+01:00");
    assert_contains(
        &html(),
        "<p>Nästa möte var planerat till 5 februari 2030 i Stockholm</p>",
    );
}
