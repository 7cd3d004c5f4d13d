//! `spindel serve` end to end: the real binary on an ephemeral loopback port, a real HTTP client,
//! real file edits. Waits are event-driven (the long-poll answers when a rebuild finishes), with
//! generous upper bounds only so that a broken build cannot hang the suite.

mod common;

use std::time::Duration;

use common::Site;
use common::serve::{Server, generation_of, status_of};

#[test]
fn serves_the_site_from_memory_with_the_reload_script() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let (status, ctype, body) = server.get("/");
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(
        body.contains("<script src=\"/__spindel/livereload.js\" defer></script>"),
        "{body}"
    );
    // External script only: the page itself still has no inline script.
    assert!(!body.contains("<script>"), "{body}");
    let (status, ctype, js) = server.get("/__spindel/livereload.js");
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/javascript; charset=utf-8");
    assert!(
        js.contains("textContent"),
        "overlay must not parse error text as HTML"
    );
    // A folder without its slash is redirected to the canonical URL.
    let (status, _, _) = server.get("/metoder");
    assert_eq!(status, 301);
    // Nothing was written to the publish directory.
    assert!(!site.exists("public"), "serve must not write public/");
}

#[test]
fn the_preview_neither_minifies_nor_fingerprints_so_stylesheets_can_be_swapped() {
    let site = Site::basic();
    site.write(
        "templates/assets.html",
        "<!doctype html>\n<html lang=\"sv\">\n<head>\n  <title>x</title>\n  {% set a = asset(path='style.css') %}<link rel=\"stylesheet\" href=\"{{ a.url }}\"{% if a.integrity %} integrity=\"{{ a.integrity }}\"{% endif %}>\n</head>\n<body><p>x</p></body>\n</html>\n",
    );
    site.write(
        "content/tillgangar.md",
        "+++\ntitle = \"Assets\"\ntemplate = \"assets.html\"\n+++\n",
    );
    let server = Server::start(&site, &[]);
    let (status, _, body) = server.get("/tillgangar/");
    assert_eq!(status, 200, "{body}");
    // The plain address, no integrity (a swapped stylesheet would fail it), not minified.
    assert!(
        body.contains("<link rel=\"stylesheet\" href=\"/style.css\">"),
        "{body}"
    );
    assert!(body.contains("<head>\n  <title>"), "{body}");
    let (_, _, css) = server.get("/style.css");
    assert_eq!(css, site.read("static/style.css"));
    let (status, _, _) = server.get("/assets/style.css");
    assert_eq!(status, 404, "nothing is fingerprinted in the preview");
}

#[test]
fn missing_pages_get_the_sites_404_and_other_methods_405() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let (status, ctype, body) = server.get("/finns/inte/");
    assert_eq!(status, 404);
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(body.contains("site-404"), "the site's own 404 page: {body}");
    let post = server.raw("POST / HTTP/1.1\r\nContent-Length: 0");
    assert_eq!(status_of(&post), "405", "{post}");
    let head = server.raw("HEAD / HTTP/1.1");
    assert_eq!(status_of(&head), "200", "{head}");
    assert!(!head.contains("<html"), "HEAD has no body: {head}");
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = Site::basic();
    // A file beside the site that a traversal would reach.
    std::fs::write(site.tmp().join("secret.txt"), "top secret").unwrap();
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/metoder/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/\\..\\secret.txt",
        "//etc/passwd",
        "/spindel.toml",
        "/content/_index.md",
    ] {
        let raw = server.raw(&format!("GET {path} HTTP/1.1"));
        assert_eq!(status_of(&raw), "404", "{path}: {raw}");
        assert!(
            !raw.contains("top secret") && !raw.contains("root:"),
            "{path}: {raw}"
        );
    }
}

/// A link swapped in for a file the last good build served: the rebuild fails (F0012) and keeps
/// that build, whose static files are read from disk per request; the link must not lead the
/// server out of the site, neither as the file itself nor as a folder above it.
#[test]
fn a_link_swapped_in_after_a_good_build_serves_nothing_outside_the_site() {
    let site = Site::basic();
    let outside = site.tmp().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "top secret").unwrap();
    std::fs::write(outside.join("a.txt"), "top secret in a folder").unwrap();
    site.write("static/note.txt", "a note");
    site.write("static/docs/a.txt", "a document");
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/note.txt").2, "a note");
    assert_eq!(server.get("/docs/a.txt").2, "a document");

    let before = server.generation();
    std::fs::remove_file(site.path("static/note.txt")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), site.path("static/note.txt")).unwrap();
    let state = server.wait_after(before);
    assert!(state.contains("F0012"), "{state}");
    let (status, _, body) = server.get("/note.txt");
    assert!(
        !body.contains("top secret"),
        "a link's target was served: {body}"
    );
    assert_eq!(status, 404);

    let before = server.generation();
    std::fs::remove_dir_all(site.path("static/docs")).unwrap();
    std::os::unix::fs::symlink(&outside, site.path("static/docs")).unwrap();
    server.eventually("the folder link is reported", |s| {
        s.state().contains("static/docs") && s.generation() > before
    });
    let (status, _, body) = server.get("/docs/a.txt");
    assert!(
        !body.contains("top secret"),
        "a linked folder was served: {body}"
    );
    assert_eq!(status, 404);
    // The rest of the last good site is still served.
    assert_eq!(server.get("/style.css").0, 200);
}

#[test]
fn an_edit_is_announced_and_served() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let before = server.generation();
    let page = site.read("content/metoder/samtal.md");
    site.write(
        "content/metoder/samtal.md",
        format!("{page}\n\nEtt helt nytt stycke om samtal.\n"),
    );
    let state = server.wait_after(before);
    assert!(generation_of(&state) > before, "{state}");
    assert!(state.contains("\"errors\":[]"), "{state}");
    let (_, _, body) = server.get("/metoder/far-vi-tala/");
    assert!(body.contains("Ett helt nytt stycke om samtal."), "{body}");
}

#[test]
fn a_broken_edit_shows_errors_and_keeps_the_last_good_page() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let (_, _, good) = server.get("/metoder/far-vi-tala/");
    let before = server.generation();
    let page = site.read("content/metoder/samtal.md");
    site.write(
        "content/metoder/samtal.md",
        page.replacen("title", "titel", 1),
    );
    let state = server.wait_after(before);
    assert!(state.contains("content/metoder/samtal.md"), "{state}");
    assert!(state.contains("`titel` is not a field"), "{state}");
    let (status, _, still) = server.get("/metoder/far-vi-tala/");
    assert_eq!(status, 200);
    assert_eq!(still, good, "the last good page stays served");

    // Markup in an error is escaped in the JSON the overlay reads.
    let broken = server.generation();
    site.write(
        "content/metoder/samtal.md",
        "+++\ntitle = \"x\"\n<img src=x onerror=alert(1)> = 1\n+++\n",
    );
    let state = server.wait_after(broken);
    assert!(!state.contains("<img"), "{state}");
    assert!(state.contains("\\u003cimg"), "{state}");

    // Fixing the file clears the errors.
    let fixed_from = server.generation();
    site.write("content/metoder/samtal.md", page);
    let state = server.wait_after(fixed_from);
    assert!(state.contains("\"errors\":[]"), "{state}");
}

#[test]
fn a_stylesheet_change_is_css_only_and_swap_files_are_ignored() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let before = server.generation();
    // Editor droppings alone must not trigger a rebuild...
    site.write("content/metoder/.samtal.md.swp", "x");
    site.write("content/metoder/samtal.md~", "x");
    // ...but a stylesheet does, and says it is CSS only.
    site.write("static/extra.css", "body { color: #111; }\n");
    let state = server.wait_after(before);
    assert_eq!(
        generation_of(&state),
        before + 1,
        "one rebuild for the burst: {state}"
    );
    assert!(state.contains("\"css_only\":true"), "{state}");
    let (status, ctype, css) = server.get("/extra.css");
    assert_eq!(status, 200);
    assert_eq!(ctype, "text/css; charset=utf-8");
    assert!(css.contains("#111"));
}

#[test]
fn a_new_title_shows_everywhere_the_page_is_listed_without_a_full_rebuild() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let (_, _, listing) = server.get("/nyheter/");
    assert!(listing.contains("Andra nyheten"), "{listing}");
    let before = server.generation();
    let page = site.read("content/nyheter/andra.md");
    site.write(
        "content/nyheter/andra.md",
        page.replace(
            "title = \"Andra nyheten\"",
            "title = \"Den omdöpta nyheten\"",
        ),
    );
    let state = server.wait_after(before);
    assert!(state.contains("\"errors\":[]"), "{state}");
    // Only what shows the page was rendered again, not the whole site...
    let line = server.last_save_line();
    assert!(line.contains("re-rendered"), "{line}");
    // ...and every place that shows its title has the new one.
    let (_, _, own) = server.get("/nyheter/andra/");
    assert!(own.contains("Den omdöpta nyheten"), "{own}");
    let (_, _, listing) = server.get("/nyheter/");
    assert!(
        listing.contains("Den omdöpta nyheten") && !listing.contains("Andra nyheten"),
        "{listing}"
    );
    let (_, _, term) = server.get("/kommun/goteborg/");
    assert!(term.contains("Den omdöpta nyheten"), "{term}");
    // The neighbours' previous/next links name it by its new title.
    let neighbours = ["/nyheter/forsta/", "/nyheter/tredje/"];
    let shown = neighbours
        .iter()
        .filter(|p| server.get(p).2.contains("Den omdöpta nyheten"))
        .count();
    assert!(shown >= 1, "no neighbour shows the new title");
}

#[test]
fn a_new_date_moves_the_page_with_a_full_rebuild() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let before = server.generation();
    let page = site.read("content/nyheter/andra.md");
    site.write(
        "content/nyheter/andra.md",
        page.replace("date = 2021-03-01", "date = 2024-01-01"),
    );
    server.wait_after(before);
    let line = server.last_save_line();
    assert!(line.contains("rebuilt the site"), "{line}");
    // Newest first: it now leads the listing.
    let (_, _, listing) = server.get("/nyheter/");
    let first = listing.find("Andra nyheten").expect("listed");
    let other = listing
        .find("Tredje")
        .or_else(|| listing.find("Första"))
        .unwrap_or(usize::MAX);
    assert!(first < other, "{listing}");
}

#[test]
fn a_deleted_page_is_gone_from_the_preview_and_its_listing() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let (status, _, listing) = server.get("/metoder/");
    assert_eq!(status, 200);
    assert!(listing.contains("Får vi tala?"), "{listing}");
    let before = server.generation();
    site.remove("content/metoder/samtal.md");
    let state = server.wait_after(before);
    assert!(state.contains("\"errors\":[]"), "{state}");
    let line = server.last_save_line();
    assert!(line.contains("rebuilt the site"), "{line}");
    let (status, _, _) = server.get("/metoder/far-vi-tala/");
    assert_eq!(status, 404);
    let (_, _, listing) = server.get("/metoder/");
    assert!(!listing.contains("Får vi tala?"), "{listing}");
}

#[test]
fn a_page_made_by_spindel_new_is_served_and_listed() {
    let site = Site::bundled();
    let server = Server::start(&site, &[]);
    let (status, _, _) = server.get("/metoder/laxhjalp-i-boras/");
    assert_eq!(status, 404);
    let before = server.generation();
    common::run_in(site.root(), &["new", "metod", "Läxhjälp i Borås"]).assert_exit(0);
    let state = server.wait_after(before);
    assert!(state.contains("\"errors\":[]"), "{state}");
    let (status, _, page) = server.get("/metoder/laxhjalp-i-boras/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<h1>Läxhjälp i Borås</h1>"), "{page}");
    let (_, _, listing) = server.get("/metoder/");
    assert!(listing.contains("Läxhjälp i Borås"), "{listing}");
}

#[test]
fn the_search_index_follows_an_edit() {
    let site = Site::from_fixture("search");
    let server = Server::start(&site, &[]);
    let word = "zqxylofonen";
    let (status, _, shard) = server.get("/search/sv/t/zq.json");
    assert!(status == 404 || !shard.contains("zqxylofon"), "{shard}");
    let before = server.generation();
    let page = site.read("content/metoder/kurser.md");
    site.write(
        "content/metoder/kurser.md",
        format!("{page}\n\nOm {word} i skolan.\n"),
    );
    server.wait_after(before);
    // The index is rebuilt right after the reload is announced; give it a moment.
    let mut found = false;
    for _ in 0..100 {
        let (status, _, shard) = server.get("/search/sv/t/zq.json");
        let (_, _, manifest) = server.get("/search/sv/manifest.json");
        if status == 200 && shard.contains("zqxylofon") && manifest.contains("zq") {
            found = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(found, "the new word never reached the served search index");
}

#[test]
fn a_page_shown_in_a_cached_partial_is_renamed_on_every_page() {
    let site = Site::basic();
    // A footer rendered once per language (cached_include) that names a page.
    site.write(
        "themes/test/templates/footer.html",
        "<footer>{% set p = get_page(path=\"nyheter/andra.md\") %}Läs: {{ p.title }}</footer>",
    );
    let page_html = site.read("themes/test/templates/page.html");
    site.write(
        "themes/test/templates/page.html",
        page_html.replace(
            "</body>",
            "{{ cached_include(name=\"footer.html\") }}\n</body>",
        ),
    );
    let server = Server::start(&site, &[]);
    let (_, _, first) = server.get("/nyheter/forsta/");
    assert!(
        first.contains("<footer>Läs: Andra nyheten</footer>"),
        "{first}"
    );
    let before = server.generation();
    let page = site.read("content/nyheter/andra.md");
    site.write(
        "content/nyheter/andra.md",
        page.replace("title = \"Andra nyheten\"", "title = \"Omdöpt\""),
    );
    let state = server.wait_after(before);
    assert!(state.contains("\"errors\":[]"), "{state}");
    // Pages other than the renamed one and its neighbours show it only in the footer: they
    // depend on it through the cached partial and must have been rendered again.
    for path in [
        "/nyheter/andra/",
        "/metoder/brobyggare/",
        "/metoder/exempel/",
    ] {
        let (status, _, html) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains("<footer>Läs: Omdöpt</footer>"),
            "{path}: {html}"
        );
    }
}

#[test]
fn a_list_of_every_page_follows_titles_but_not_text_edits() {
    let site = Site::basic();
    site.write(
        "themes/test/templates/alla.html",
        "<ul>{% for p in get_pages() %}<li>{{ p.title }}</li>{% endfor %}</ul>",
    );
    site.write(
        "content/alla.md",
        "+++\ntitle = \"Alla sidor\"\ntemplate = \"alla.html\"\n+++\n",
    );
    let server = Server::start(&site, &[]);
    let (_, _, list) = server.get("/alla/");
    assert!(list.contains("<li>Andra nyheten</li>"), "{list}");

    // New text: the page alone is rendered again, not the list of every page.
    let before = server.generation();
    let page = site.read("content/nyheter/andra.md");
    site.write("content/nyheter/andra.md", format!("{page}\n\nMer text.\n"));
    let state = server.wait_after(before);
    assert!(state.contains("\"errors\":[]"), "{state}");
    let line = server.last_save_line();
    assert!(line.contains("re-rendered one file"), "{line}");

    // A new title: the list shows it.
    let before = server.generation();
    let page = site.read("content/nyheter/andra.md");
    site.write(
        "content/nyheter/andra.md",
        page.replace("title = \"Andra nyheten\"", "title = \"Omdöpt nyhet\""),
    );
    let state = server.wait_after(before);
    assert!(state.contains("\"errors\":[]"), "{state}");
    let (_, _, list) = server.get("/alla/");
    assert!(list.contains("<li>Omdöpt nyhet</li>"), "{list}");
}

#[test]
fn the_feed_follows_a_text_edit_of_one_of_its_entries() {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("{config}\n[feeds]\nfull_content = true\n"),
    );
    let server = Server::start(&site, &[]);
    let (status, _, feed) = server.get("/atom.xml");
    assert_eq!(status, 200, "{feed}");
    assert!(feed.contains("Andra nyheten"), "{feed}");
    let before = server.generation();
    let page = site.read("content/nyheter/andra.md");
    site.write(
        "content/nyheter/andra.md",
        format!("{page}\n\nEn mening som flödet ska visa.\n"),
    );
    let state = server.wait_after(before);
    assert!(state.contains("\"errors\":[]"), "{state}");
    let (_, _, feed) = server.get("/atom.xml");
    assert!(feed.contains("En mening som flödet ska visa."), "{feed}");
}

#[test]
fn only_names_of_this_machine_are_answered_against_dns_rebinding() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let port = server.base.rsplit(':').next().expect("a port").to_string();
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "localhost.evil.example",
    ] {
        for path in ["/", "/__spindel/wait", "/__spindel/livereload.js"] {
            let raw = server.raw_as(&format!("GET {path} HTTP/1.1"), host);
            assert_eq!(status_of(&raw), "421", "{host} {path}: {raw}");
            assert!(!raw.contains("<html"), "{raw}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let raw = server.raw_as("GET / HTTP/1.1", &host);
        assert_eq!(status_of(&raw), "200", "{host}: {raw}");
    }
}

#[test]
fn internal_pages_are_served_and_named_but_listed_nowhere() {
    let site = Site::basic();
    site.write(
        "content/metoder/intern.md",
        "+++\ntitle = \"Intern vägledning\"\ninternal = true\n+++\n\nOrdet zqxinternt.\n",
    );
    let server = Server::start(&site, &[]);
    let (status, _, body) = server.get("/metoder/intern/");
    assert_eq!(status, 200, "the preview serves the internal page");
    assert!(body.contains("zqxinternt"), "{body}");
    // Nothing links to it, so serve names it after its address.
    let mut named = false;
    for _ in 0..100 {
        named = server.log.lock().unwrap().iter().any(|l| {
            l.contains("Intern vägledning (in the preview only)") && l.contains("/metoder/intern/")
        });
        if named {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(named, "serve printed no address for the internal page");
    for listing in ["/metoder/", "/sitemap.xml", "/"] {
        let (status, _, body) = server.get(listing);
        assert_eq!(status, 200, "{listing}");
        assert!(
            !body.contains("/metoder/intern/"),
            "{listing} lists the internal page"
        );
    }
}

#[test]
fn a_deleted_page_folder_is_gone_with_its_attachments() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let (status, _, _) = server.get("/rapporter/delrapport/");
    assert_eq!(status, 200);
    let (status, _, _) = server.get("/rapporter/delrapport/bilaga.pdf");
    assert_eq!(status, 200);
    site.remove("content/rapporter/delrapport");
    server.eventually("the deleted page folder 404s", |s| {
        s.get("/rapporter/delrapport/").0 == 404
    });
    let state = server.state();
    assert!(state.contains("\"errors\":[]"), "{state}");
    let (status, _, _) = server.get("/rapporter/delrapport/bilaga.pdf");
    assert_eq!(status, 404);
}

#[test]
fn a_page_deleted_by_moving_it_out_of_the_site_is_gone() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    // What a file manager's "move to trash" does: a rename out of the watched folders.
    std::fs::rename(
        site.path("content/metoder/samtal.md"),
        site.tmp().join("samtal.md"),
    )
    .unwrap();
    server.eventually("the page moved away 404s", |s| {
        s.get("/metoder/far-vi-tala/").0 == 404
    });
    let state = server.state();
    assert!(state.contains("\"errors\":[]"), "{state}");
}

/// Edits a page and waits until the preview shows the edit.
fn edit_is_served(site: &Site, server: &Server, marker: &str) {
    let page = site.read("content/metoder/samtal.md");
    site.write("content/metoder/samtal.md", format!("{page}\n\n{marker}\n"));
    server.eventually("the edit is served", |s| {
        s.get("/metoder/far-vi-tala/").2.contains(marker)
    });
}

#[test]
fn the_watcher_follows_content_moved_away_and_back() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let away = site.path("content-undan");
    let before = server.generation();
    std::fs::rename(site.path("content"), &away).unwrap();
    server.wait_after(before);
    std::fs::rename(&away, site.path("content")).unwrap();
    server.eventually("the site is back", |s| {
        s.get("/metoder/far-vi-tala/").0 == 200 && s.state().contains("\"errors\":[]")
    });
    edit_is_served(&site, &server, "Tillbaka på sin plats.");
}

#[test]
fn the_watcher_follows_content_deleted_and_made_again() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let copy = site.tmp().join("content-kopia");
    common::copy_dir(&site.path("content"), &copy);
    let before = server.generation();
    site.remove("content");
    server.wait_after(before);
    common::copy_dir(&copy, &site.path("content"));
    server.eventually("the site is back", |s| {
        s.get("/metoder/far-vi-tala/").0 == 200 && s.state().contains("\"errors\":[]")
    });
    edit_is_served(&site, &server, "Som ny igen.");
}

#[test]
fn a_taken_port_says_so_in_the_sites_language_and_that_the_preview_did_not_start() {
    let site = Site::basic();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = taken.local_addr().unwrap().port().to_string();
    let root = site.root().to_str().unwrap().to_string();
    let args = ["serve", "--root", &root, "--port", &port];
    let sv = common::run_in_with(site.root(), &args, &[("SPINDEL_LANG", "sv")]);
    sv.assert_exit(2);
    sv.assert_stderr_contains("fel[U0003]")
        .assert_stderr_contains(&format!(
            "spindel kan inte ta emot anslutningar på 127.0.0.1:{port}: ett annat program använder redan porten"
        ))
        .assert_stderr_contains("Förhandsgranskningen startade inte.");
    // No system error text in the editor's words, and no "build failed, nothing was written".
    assert!(!sv.stderr.contains("os error"), "{}", sv.stderr);
    assert!(
        !sv.stderr.contains("Address already in use"),
        "{}",
        sv.stderr
    );
    assert!(!sv.stderr.contains("Bygget misslyckades"), "{}", sv.stderr);
    let en = common::run_in(site.root(), &args);
    en.assert_exit(2);
    en.assert_stderr_contains(&format!(
        "spindel cannot listen on 127.0.0.1:{port}: another program already uses the port"
    ))
    .assert_stderr_contains("The preview did not start.");
    drop(taken);
}

/// The editor guide is internal: not in the build, but reachable from every page of the
/// preview, through a link serve adds to the preview's own page, which lists it.
#[test]
fn every_preview_page_links_to_the_internal_pages() {
    let site = Site::bundled();
    let server = Server::start(&site, &[]);
    let (status, _, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        home.contains(
            "<p id=\"spindel-preview-link\"><a href=\"/__spindel/\">Preview: the editor guide and other internal pages</a></p></body>"
        ),
        "{home}"
    );
    let (status, ctype, page) = server.get("/__spindel/");
    assert_eq!(status, 200, "{page}");
    assert_eq!(ctype, "text/html; charset=utf-8");
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    let guide = "<a href=\"/om-webbplatsen/redaktorsguide/\">";
    assert!(page.contains(guide), "{page}");
    let (status, _, guide_page) = server.get("/om-webbplatsen/redaktorsguide/");
    assert_eq!(status, 200);
    assert!(guide_page.contains("spindel-preview-link"), "{guide_page}");
    // The count of pages says the internal one, which the build leaves out.
    let built_line = server
        .log
        .lock()
        .unwrap()
        .iter()
        .find(|l| l.starts_with("Built "))
        .cloned()
        .expect("serve's summary line");
    // Only the preview adds it: the build has neither the link nor the guide.
    let out = tempfile::tempdir().unwrap();
    let built = common::run_in(
        site.root(),
        &[
            "build",
            "--output",
            out.path().join("public").to_str().unwrap(),
        ],
    );
    built.assert_exit(0);
    let index = std::fs::read_to_string(out.path().join("public/index.html")).unwrap();
    assert!(!index.contains("__spindel"), "{index}");
    assert!(
        !out.path()
            .join("public/om-webbplatsen/redaktorsguide")
            .exists()
    );
    let pages: usize = built
        .last_stdout_line()
        .strip_prefix("Built ")
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("build's summary: {built:?}"));
    assert!(
        built_line.starts_with(&format!("Built {} pages (1 of them internal), ", pages + 1)),
        "serve: {built_line:?}; build: {pages} pages"
    );
}
