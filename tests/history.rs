//! "Sidan uppdaterad" from the site's git history: a copy of the bundled site made a git
//! repository with commits at pinned dates, built by the real binary. The front matter's
//! `updated` wins; outside git, for untracked files and with `git_dates = false` nothing is
//! shown; the sitemap and the feeds use the same dates; a shallow clone invents nothing.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Run, Site, assert_contains, assert_lacks, assert_same_tree, run_in_with};

/// 09:00 in Stockholm, winter time.
const FIRST: &str = "2024-01-10T09:00:00+01:00";
/// 23:30 UTC on 5 March: already 6 March in Stockholm.
const SECOND: &str = "2024-03-05T23:30:00Z";

/// Runs git in `dir` with a fixed identity and date, and none of the machine's settings.
fn git_at(dir: &Path, date: &str, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Redaktör")
        .env("GIT_AUTHOR_EMAIL", "redaktor@example.org")
        .env("GIT_COMMITTER_NAME", "Redaktör")
        .env("GIT_COMMITTER_EMAIL", "redaktor@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) {
    git_at(dir, FIRST, args);
}

/// The bundled site, committed at `FIRST` (with a page dated that day), then
/// brobyggare.md changed and committed at `SECOND`.
fn site_with_history() -> Site {
    let site = Site::bundled();
    site.write(
        "content/artiklar/samma-dag.md",
        "+++\ntitle = \"Skriven och publicerad samma dag\"\ndate = 2024-01-10\n+++\n\nText.\n",
    );
    let root = site.root();
    git(root, &["init", "--quiet"]);
    git(root, &["add", "--all"]);
    git(root, &["commit", "--quiet", "-m", "Webbplatsen"]);
    let page = site.read("content/metoder/brobyggare.md");
    site.write(
        "content/metoder/brobyggare.md",
        format!("{page}\nEtt nytt stycke.\n"),
    );
    git_at(root, SECOND, &["commit", "--quiet", "-am", "Brobyggare"]);
    site
}

/// `spindel build` that must succeed, with git unable to look above the temporary folder.
fn build(site: &Site) -> Run {
    let r = run_in_with(
        site.root(),
        &["build"],
        &[("GIT_CEILING_DIRECTORIES", &site.tmp().display().to_string())],
    );
    r.assert_exit(0).assert_no_panic();
    r
}

/// The "Sidan uppdaterad" line of a published page, if any.
fn updated_line(site: &Site, page: &str) -> Option<String> {
    let html = site.output(&format!("{page}index.html"));
    let start = html.find("<p class=\"updated\">")?;
    let end = start + html[start..].find("</p>")?;
    Some(html[start..end + 4].to_string())
}

/// The `<lastmod>` of a URL path in the sitemap.
fn lastmod(site: &Site, path: &str) -> Option<String> {
    let xml = site.output("sitemap.xml");
    let loc = format!("<loc>https://romsk-inkludering.netlify.app{path}</loc>");
    let url = &xml[xml
        .find(&loc)
        .unwrap_or_else(|| panic!("{path} not in the sitemap"))..];
    let url = &url[..url.find("</url>").unwrap()];
    let at = url.find("<lastmod>")? + "<lastmod>".len();
    Some(url[at..at + url[at..].find('<').unwrap()].to_string())
}

#[test]
fn pages_show_the_day_of_their_last_commit_in_their_language() {
    let site = site_with_history();
    build(&site);
    assert_eq!(
        updated_line(&site, "metoder/brobyggare/").as_deref(),
        Some(
            "<p class=\"updated\">Sidan uppdaterad <time datetime=\"2024-03-06T00:30:00+01:00\">6 mars 2024</time></p>"
        )
    );
    assert_eq!(
        updated_line(&site, "metoder/kollegial-granskning/").as_deref(),
        Some(
            "<p class=\"updated\">Sidan uppdaterad <time datetime=\"2024-01-10T09:00:00+01:00\">10 januari 2024</time></p>"
        )
    );
    assert_contains(
        &updated_line(&site, "en/om-natverket/historia/").unwrap(),
        ">10 January 2024</time>",
    );
    // Minutes dated 2018 and committed in 2024: published then, updated now.
    let minutes = site.output("minnesanteckningar/2018-05-16-erfarenhetsdag/index.html");
    assert_contains(&minutes, "<time datetime=\"2018-05-16\">16 maj 2018</time>");
    assert_contains(
        &minutes,
        "Sidan uppdaterad <time datetime=\"2024-01-10T09:00:00+01:00\">10 januari 2024</time>",
    );
    // A page committed on the day it is dated was not updated since.
    assert_eq!(updated_line(&site, "artiklar/samma-dag/"), None);
    // A section with a text of its own shows when its text changed.
    assert_contains(
        &updated_line(&site, "om-natverket/").unwrap(),
        ">10 januari 2024</time>",
    );
}

#[test]
fn updated_in_the_front_matter_wins_over_the_history() {
    let site = site_with_history();
    // The page says updated = 2024-02-27, and its last commit is later.
    site.edit(
        "content/metoder/brobyggare.md",
        "title = \"Brobyggare\"\n",
        "title = \"Brobyggare\"\nupdated = 2024-02-27\n",
    );
    build(&site);
    assert_eq!(
        updated_line(&site, "metoder/brobyggare/").as_deref(),
        Some(
            "<p class=\"updated\">Sidan uppdaterad <time datetime=\"2024-02-27\">27 februari 2024</time></p>"
        )
    );
    assert_eq!(
        lastmod(&site, "/metoder/brobyggare/").as_deref(),
        Some("2024-02-27")
    );
}

#[test]
fn the_sitemap_and_the_feeds_use_the_same_dates() {
    let site = site_with_history();
    build(&site);
    assert_eq!(
        lastmod(&site, "/metoder/brobyggare/").as_deref(),
        Some("2024-03-06")
    );
    assert_eq!(
        lastmod(&site, "/metoder/kollegial-granskning/").as_deref(),
        Some("2024-01-10")
    );
    // A listing changes when its newest page does.
    assert_eq!(lastmod(&site, "/metoder/").as_deref(), Some("2024-03-06"));
    let feed = site.output("minnesanteckningar/atom.xml");
    assert_contains(&feed, "<published>2018-05-16T00:00:00+02:00</published>");
    assert_contains(&feed, "<updated>2024-01-10T09:00:00+01:00</updated>");
}

#[test]
fn untracked_files_have_no_date_and_uncommitted_edits_keep_the_last_commits() {
    let site = site_with_history();
    site.write(
        "content/metoder/ny-metod.md",
        "+++\ntitle = \"Ny metod\"\n+++\n\nText.\n",
    );
    let page = site.read("content/metoder/kollegial-granskning.md");
    site.write(
        "content/metoder/kollegial-granskning.md",
        format!("{page}\nInte incheckat.\n"),
    );
    build(&site);
    assert_eq!(updated_line(&site, "metoder/ny-metod/"), None);
    assert_eq!(lastmod(&site, "/metoder/ny-metod/"), None);
    assert_contains(
        &updated_line(&site, "metoder/kollegial-granskning/").unwrap(),
        ">10 januari 2024</time>",
    );
}

#[test]
fn a_moved_file_keeps_its_date_and_a_moved_and_changed_one_gets_the_moves() {
    let site = site_with_history();
    let root = site.root();
    let text: String = (1..=20)
        .map(|i| format!("Stycke {i} om arbetet i kommunen, med några ord till.\n\n"))
        .collect();
    for name in ["flyttad", "flyttad-och-andrad"] {
        site.write(
            &format!("content/artiklar/{name}.md"),
            format!("+++\ntitle = \"{name}\"\n+++\n\n{text}"),
        );
    }
    git(root, &["add", "--all"]);
    git_at(
        root,
        "2024-03-10T10:00:00+01:00",
        &["commit", "--quiet", "-m", "Två sidor"],
    );
    git(
        root,
        &[
            "mv",
            "content/artiklar/flyttad.md",
            "content/metoder/flyttad.md",
        ],
    );
    git(
        root,
        &[
            "mv",
            "content/artiklar/flyttad-och-andrad.md",
            "content/metoder/andrad.md",
        ],
    );
    let page = site.read("content/metoder/andrad.md");
    site.write(
        "content/metoder/andrad.md",
        page.replace("Stycke 20", "Det sista stycket"),
    );
    git_at(
        root,
        "2024-04-02T10:00:00+02:00",
        &["commit", "--quiet", "-am", "Flytt"],
    );
    build(&site);
    assert_contains(
        &updated_line(&site, "metoder/flyttad/").unwrap(),
        ">10 mars 2024</time>",
    );
    assert_contains(
        &updated_line(&site, "metoder/andrad/").unwrap(),
        ">2 april 2024</time>",
    );
}

#[test]
fn outside_git_or_with_git_dates_off_nothing_is_invented() {
    let site = Site::bundled();
    site.edit(
        "content/metoder/kollegial-granskning.md",
        "\ndescription = ",
        "\nupdated = 2024-02-27\ndescription = ",
    );
    let r = build(&site);
    assert_lacks(&r.stderr, "F0013");
    assert_eq!(updated_line(&site, "metoder/brobyggare/"), None);
    assert_eq!(lastmod(&site, "/metoder/brobyggare/"), None);
    // The front matter's date is still shown.
    assert!(updated_line(&site, "metoder/kollegial-granskning/").is_some());

    let site = site_with_history();
    site.edit(
        "spindel.toml",
        "paginate_path",
        "git_dates = false\npaginate_path",
    );
    build(&site);
    assert_eq!(updated_line(&site, "metoder/brobyggare/"), None);
    assert_eq!(lastmod(&site, "/metoder/brobyggare/"), None);
}

#[test]
fn the_same_history_builds_the_same_bytes() {
    let site = site_with_history();
    build(&site);
    let first = site.snapshot("public");
    build(&site);
    assert_same_tree(&first, &site.snapshot("public"), "public/");
}

#[test]
fn a_shallow_clone_invents_nothing_and_says_so_until_it_is_unshallowed() {
    let site = site_with_history();
    let clone = site.tmp().join("clone");
    let url = format!("file://{}", site.root().display());
    git(
        site.tmp(),
        &[
            "clone",
            "--quiet",
            "--depth",
            "1",
            &url,
            &clone.display().to_string(),
        ],
    );
    let r = run_in_with(
        &clone,
        &["build", "--output", "../clone-public"],
        &[("GIT_CEILING_DIRECTORIES", &site.tmp().display().to_string())],
    );
    r.assert_exit(0).assert_no_panic();
    r.assert_stderr_contains("warning[F0013]");
    let page = |rel: &str| common::read_text(&site.tmp().join("clone-public").join(rel));
    // The one commit the clone has seems to add every file: no page gets its date.
    assert_lacks(
        &page("metoder/kollegial-granskning/index.html"),
        "class=\"updated\"",
    );
    assert_lacks(&page("metoder/brobyggare/index.html"), "class=\"updated\"");

    // What netlify.toml does before building.
    git(&clone, &["fetch", "--unshallow", "--quiet"]);
    let r = run_in_with(
        &clone,
        &["build", "--output", "../clone-public"],
        &[("GIT_CEILING_DIRECTORIES", &site.tmp().display().to_string())],
    );
    r.assert_exit(0).assert_stderr_lacks("F0013");
    assert_contains(
        &page("metoder/kollegial-granskning/index.html"),
        ">10 januari 2024</time>",
    );
    assert_contains(
        &page("metoder/brobyggare/index.html"),
        ">6 mars 2024</time>",
    );
}

/// The "Sidan uppdaterad" of the print block (shown on paper), if any: its `datetime`.
fn print_updated(site: &Site, page: &str) -> Option<String> {
    let html = site.output(&format!("{page}index.html"));
    let block = &html[html.find("<div class=\"print-info\">")?..];
    let block = &block[..block.find("</div>")?];
    let at = block.find("<time datetime=\"")? + "<time datetime=\"".len();
    Some(block[at..at + block[at..].find('"')?].to_string())
}

/// Member, area and type pages and their lists have no file of their own: on paper they are
/// dated by the newest of what they list, or, for the members, by the last commit of
/// data/kommuner.toml they are made from, if later. Outside git they are not dated.
#[test]
fn lists_and_member_pages_are_dated_by_what_they_list_and_the_data_file() {
    let site = site_with_history();
    let data = site.read("data/kommuner.toml");
    site.write("data/kommuner.toml", format!("{data}\n# Granskad.\n"));
    git_at(
        site.root(),
        "2024-04-02T10:00:00+02:00",
        &["commit", "--quiet", "-am", "Medlemmarna"],
    );
    build(&site);
    let data_day = Some("2024-04-02T10:00:00+02:00".to_string());
    // Borås: brobyggare (6 March) is among its pages, but the data changed later.
    assert_eq!(print_updated(&site, "kommun/boras/"), data_day);
    assert_eq!(print_updated(&site, "kommun/"), data_day);
    assert_eq!(print_updated(&site, "en/kommun/boras/"), data_day);
    // An area and a type: the newest of their pages, brobyggare's last commit.
    let brobyggare = Some("2024-03-06T00:30:00+01:00".to_string());
    assert_eq!(print_updated(&site, "omrade/arbete/"), brobyggare);
    assert_eq!(print_updated(&site, "typ/metod/"), brobyggare);
    assert_eq!(print_updated(&site, "omrade/"), brobyggare);
    // Every member page is dated.
    let members = std::fs::read_dir(site.path("public/kommun")).expect("kommun/");
    for m in members {
        let m = m.expect("entry").file_name().to_string_lossy().to_string();
        if site
            .path(&format!("public/kommun/{m}/index.html"))
            .is_file()
        {
            assert!(
                print_updated(&site, &format!("kommun/{m}/")).is_some(),
                "{m} is dated"
            );
        }
    }

    // Outside git nothing is dated that has no date of its own: an area's pages have theirs.
    let plain = Site::bundled();
    build(&plain);
    assert!(
        print_updated(&plain, "omrade/arbete/").is_some(),
        "an area is dated by its pages' dates"
    );
    // Lund has no pages: made of the data file alone, which git does not date here.
    assert_contains(&plain.output("kommun/lund/index.html"), "print-info");
    assert_eq!(print_updated(&plain, "kommun/lund/"), None);
    assert_eq!(print_updated(&site, "kommun/lund/"), data_day);
}
