//! Publishing, verified: the bundled site (a copy, with an alias and a `_redirects` of its own
//! added) built by the real binary, then checked by real validators: every page by the Nu Html
//! Checker (vnu.jar, from tests/validators/), the feeds against a RELAX NG schema of Atom and the
//! sitemap against an XML Schema of the Sitemaps protocol (tests/schemas/, with xmllint), and
//! every file against the Content-Security-Policy of netlify.toml. Also: fingerprints and their
//! integrity, minification, redirects, feeds on a fixture, and the messages of `asset()` and
//! `[feeds]`.
//!
//! The tests that run the validators need Java, vnu.jar and xmllint, so plain `cargo test`
//! marks them ignored (with what they need) rather than pass without running; `.ci/run` installs
//! the validators and runs them with `cargo test --test publish -- --ignored`. Run so, a missing
//! validator fails the test.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use base64::Engine as _;
use common::{Site, assert_contains, assert_lacks, assert_same_tree, snapshot};
use sha2::{Digest, Sha384};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The alias added to the copy of the bundled site, and the line of its own `_redirects`.
const ALIAS: &str = "/gamla-metoder/brobyggare/";
const OWN_REDIRECT: &str = "/natverket /om-natverket/ 301";

/// A copy of the bundled site under the target directory, with an alias, a `_redirects` and
/// the editor guide published.
fn bundled_copy(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("remove an old copy");
    }
    common::copy_bundled(&root);
    let page = root.join("content/metoder/brobyggare.md");
    let text = std::fs::read_to_string(&page).expect("read brobyggare.md");
    let text = text.replacen(
        "\ntitle = ",
        &format!("\naliases = [\"{ALIAS}\"]\ntitle = "),
        1,
    );
    std::fs::write(&page, text).expect("add an alias");
    // The editor guide is internal (the preview shows it; no build publishes it). Published
    // here, its code blocks and tables go through minification and the validators too.
    let guide = root.join("content/om-webbplatsen/redaktorsguide.md");
    let text = std::fs::read_to_string(&guide).expect("read redaktorsguide.md");
    assert!(
        text.contains("\ninternal = true\n"),
        "the guide is internal"
    );
    std::fs::write(&guide, text.replacen("\ninternal = true\n", "\n", 1)).expect("publish it");
    std::fs::create_dir_all(root.join("static")).expect("static/");
    std::fs::write(
        root.join("static/_redirects"),
        format!("# The site's own rules\n{OWN_REDIRECT}\n"),
    )
    .expect("write static/_redirects");
    root
}

fn build(root: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let run = common::run_in(root, &[&["build", "--output", out][..], extra].concat());
    run.assert_exit(0).assert_no_panic();
    root.join(out)
}

/// `base_url` of the bundled site, without a trailing slash.
fn base_url() -> String {
    let text = std::fs::read_to_string(repo().join("spindel.toml")).expect("spindel.toml");
    let config: toml::Table = text.parse().expect("spindel.toml is TOML");
    config["base_url"]
        .as_str()
        .expect("base_url")
        .trim_end_matches('/')
        .to_string()
}

/// The bundled copy, built once for every test of this file.
fn built() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = bundled_copy("publish-bundled");
        build(&root, "public", &[])
    })
}

/// Every file of the output as (path with `/`, bytes), sorted.
fn files(out: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot(out)
        .files()
        .map(|(p, c)| (p.to_string(), c.to_vec()))
        .collect()
}

fn text_files(out: &Path, ext: &str) -> Vec<(String, String)> {
    files(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(ext))
        .map(|(p, c)| (p, String::from_utf8(c).expect("UTF-8 output")))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The validators: found, or a loud skip (a failure in CI)

/// Fails, saying how to install it, if `tool` cannot run.
fn require(tool: &str, probe: &mut Command, install: &str) {
    assert!(
        probe.output().is_ok_and(|o| o.status.success()),
        "{tool} is not available, so this validator test cannot run. Install it: {install}"
    );
}

fn vnu_jar() -> PathBuf {
    let jar = repo().join("tests/validators/node_modules/vnu-jar/build/dist/vnu.jar");
    require(
        "Java",
        Command::new("java").arg("-version"),
        "apt-get install default-jre-headless",
    );
    require(
        "vnu.jar (the Nu Html Checker)",
        Command::new("test").arg("-f").arg(&jar),
        "cd tests/validators && npm ci --ignore-scripts",
    );
    jar
}

fn xmllint() {
    require(
        "xmllint",
        Command::new("xmllint").arg("--version"),
        "apt-get install libxml2-utils",
    );
}

// ---------------------------------------------------------------------------------------------
// HTML

#[test]
#[ignore = "needs Java and vnu.jar (cd tests/validators && npm ci --ignore-scripts); .ci/run runs it"]
fn every_page_passes_the_nu_html_checker() {
    let out = built();
    let jar = vnu_jar();
    let pages = text_files(out, ".html");
    assert!(pages.len() > 50, "the bundled site has its pages");
    // One run over the whole output: the checker is slow to start.
    let run = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(out)
        .output()
        .expect("run vnu.jar");
    let report: serde_json::Value = serde_json::from_slice(&run.stderr)
        .or_else(|_| serde_json::from_slice(&run.stdout))
        .unwrap_or_else(|e| {
            panic!(
                "vnu.jar printed no JSON ({e}):\n{}\n{}",
                String::from_utf8_lossy(&run.stdout),
                String::from_utf8_lossy(&run.stderr)
            )
        });
    let messages = report["messages"].as_array().expect("messages");
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let file = m["url"].as_str().unwrap_or("?");
            let file = file
                .rsplit_once("/publish-bundled/")
                .map_or(file, |(_, f)| f);
            format!(
                "{file}:{}: {} {}",
                m["lastLine"],
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("").trim()
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu Html Checker found {} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn every_site_page_has_a_404_at_the_root_and_alias_pages() {
    let out = built();
    let not_found = std::fs::read_to_string(out.join("404.html")).expect("404.html at the root");
    assert_contains(&not_found, "<html lang=\"sv\">");
    let alias = std::fs::read_to_string(out.join("gamla-metoder/brobyggare/index.html"))
        .expect("the alias's HTML fallback page");
    assert_contains(
        &alias,
        "<meta http-equiv=\"refresh\" content=\"0; url=/metoder/brobyggare/\">",
    );
}

// ---------------------------------------------------------------------------------------------
// Feeds and sitemap

/// The text of the first `<name …>…</name>` in `xml`, without its tags.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{name}"))?;
    let open_end = start + xml[start..].find('>')? + 1;
    let close = open_end + xml[open_end..].find(&format!("</{name}>"))?;
    Some(&xml[open_end..close])
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

#[test]
fn feeds_follow_the_rules_of_atom_a_schema_cannot_say() {
    let out = built();
    let feeds = text_files(out, "atom.xml");
    let names: Vec<&str> = feeds.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "atom.xml",
        "minnesanteckningar/atom.xml",
        "en/minnesanteckningar/atom.xml",
        "kommun/boras/atom.xml",
    ] {
        assert!(names.contains(&expected), "no {expected} among {names:?}");
    }
    // Only dated pages are entries: the English site has no dated article, so no feed.
    assert!(!names.contains(&"en/atom.xml"), "{names:?}");

    let base = base_url();
    let mut ids = BTreeSet::new();
    for (path, xml) in &feeds {
        // RFC 4287's rules a grammar cannot say, and spindel's own.
        let head = &xml[..xml.find("<entry>").unwrap_or(xml.len())];
        assert_contains(head, "<author><name>");
        let self_link =
            format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/{path}\"/>");
        assert_contains(head, &self_link);
        let entries: Vec<&str> = xml.split("<entry>").skip(1).collect();
        assert!(!entries.is_empty(), "{path} has no entries");
        let mut newest = String::new();
        let mut previous: Option<String> = None;
        for e in &entries {
            let id = element(e, "id").expect("an entry id");
            assert!(id.starts_with(&base), "{path}: id {id} is not absolute");
            assert!(
                ids.insert((path.clone(), id.to_string())),
                "{path}: {id} twice"
            );
            assert_contains(
                e,
                &format!("<link rel=\"alternate\" type=\"text/html\" href=\"{id}\"/>"),
            );
            let updated = element(e, "updated").expect("updated").to_string();
            if let Some(p) = &previous {
                assert!(*p >= updated, "{path}: entries are not newest first");
            }
            newest = newest.max(updated.clone());
            previous = Some(updated);
            // Content is escaped HTML with absolute addresses.
            if let Some(content) = element(e, "content") {
                assert_lacks(content, "<");
                assert_lacks(content, "href=&quot;/");
                assert_lacks(content, "src=&quot;/");
            }
        }
        assert_eq!(
            element(head, "updated"),
            Some(newest.as_str()),
            "{path}: the feed's updated is its newest entry's"
        );
    }
}

#[test]
#[ignore = "needs xmllint (apt-get install libxml2-utils); .ci/run runs it"]
fn feeds_pass_the_atom_schema() {
    let out = built();
    let feeds = text_files(out, "atom.xml");
    assert!(feeds.len() > 3, "the bundled site has its feeds");
    xmllint();
    let schema = repo().join("tests/schemas/atom.rng");
    let run = Command::new("xmllint")
        .args(["--noout", "--relaxng"])
        .arg(&schema)
        .args(feeds.iter().map(|(p, _)| out.join(p)))
        .output()
        .expect("run xmllint");
    assert!(
        run.status.success(),
        "the feeds are not valid Atom:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
#[ignore = "needs xmllint (apt-get install libxml2-utils); .ci/run runs it"]
fn the_atom_schema_rejects_what_atom_forbids() {
    xmllint();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("atom-schema");
    std::fs::create_dir_all(&dir).expect("create a folder");
    let feed = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>https://a.se/</id>{body}</feed>"
        )
    };
    let cases = [
        (
            "good",
            feed(
                "<updated>2024-01-01T00:00:00Z</updated><entry><title>e</title><id>https://a.se/e/</id><updated>2024-01-01T00:00:00+01:00</updated></entry>",
            ),
            true,
        ),
        ("no-updated", feed(""), false),
        (
            "no-zone",
            feed("<updated>2024-01-01T00:00:00</updated>"),
            false,
        ),
        ("day-only", feed("<updated>2024-01-01</updated>"), false),
        (
            "entry-no-id",
            feed(
                "<updated>2024-01-01T00:00:00Z</updated><entry><title>e</title><updated>2024-01-01T00:00:00Z</updated></entry>",
            ),
            false,
        ),
        (
            "bad-content-type",
            feed(
                "<updated>2024-01-01T00:00:00Z</updated><entry><title>e</title><id>x</id><updated>2024-01-01T00:00:00Z</updated><content type=\"nonsense\">x</content></entry>",
            ),
            false,
        ),
    ];
    for (name, xml, valid) in cases {
        let file = dir.join(format!("{name}.xml"));
        std::fs::write(&file, xml).expect("write a case");
        let ok = Command::new("xmllint")
            .args(["--noout", "--relaxng"])
            .arg(repo().join("tests/schemas/atom.rng"))
            .arg(&file)
            .output()
            .expect("run xmllint")
            .status
            .success();
        assert_eq!(ok, valid, "the schema judges `{name}` wrongly");
    }
}

#[test]
fn the_sitemap_names_every_page_and_its_translations() {
    let out = built();
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    let locs = xml.matches("<loc>").count();
    assert!(locs > 50 && locs <= 50_000, "{locs} addresses");
    // Alternates name every language of a translated page, itself included.
    for block in xml.split("<url>").skip(1) {
        let langs: Vec<&str> = block
            .match_indices("<xhtml:link ")
            .map(|(i, _)| attr(&block[i..], "hreflang").expect("hreflang"))
            .collect();
        if !langs.is_empty() {
            assert!(langs.contains(&"sv") && langs.len() >= 2, "{block}");
        }
    }
}

#[test]
#[ignore = "needs xmllint (apt-get install libxml2-utils); .ci/run runs it"]
fn the_sitemap_passes_the_sitemaps_schema() {
    let out = built();
    xmllint();
    let run = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(repo().join("tests/schemas/sitemap.xsd"))
        .arg(out.join("sitemap.xml"))
        .output()
        .expect("run xmllint");
    assert!(
        run.status.success(),
        "sitemap.xml is not valid:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn pages_link_their_feeds() {
    let out = built();
    let read = |p: &str| std::fs::read_to_string(out.join(p)).expect(p);
    let base = base_url();
    let site_feed = format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Kommunalt nätverk för romsk inkludering\" href=\"{base}/atom.xml\">"
    );
    for (path, html) in text_files(out, "index.html") {
        if path.starts_with("en/") || path.starts_with("gamla-metoder/") {
            continue;
        }
        let head = &html[..html.find("</head>").expect("a head")];
        assert_contains(head, &site_feed);
        assert_contains(
            &html,
            "<a href=\"/atom.xml\" type=\"application/atom+xml\">Prenumerera på artiklar</a>",
        );
    }
    let minutes = read("minnesanteckningar/index.html");
    assert_contains(
        &minutes,
        &format!("href=\"{base}/minnesanteckningar/atom.xml\""),
    );
    assert_contains(&minutes, ">Prenumerera på minnesanteckningar</a>");
    let boras = read("kommun/boras/index.html");
    assert_contains(&boras, &format!("href=\"{base}/kommun/boras/atom.xml\""));
    assert_contains(&boras, ">Prenumerera på sidor om Borås</a>");
    let en_minutes = read("en/minnesanteckningar/index.html");
    assert_contains(&en_minutes, ">Subscribe to minutes</a>");
    // No English feed of articles, so no link to one.
    assert_lacks(&read("en/index.html"), "/atom.xml\" type=");
}

// ---------------------------------------------------------------------------------------------
// netlify.toml and the Content-Security-Policy

fn netlify() -> toml::Table {
    let text = std::fs::read_to_string(repo().join("netlify.toml")).expect("netlify.toml");
    text.parse().expect("netlify.toml is TOML")
}

/// The header values netlify.toml sets for the rule `for`.
fn headers_for(config: &toml::Table, path: &str) -> BTreeMap<String, String> {
    config["headers"]
        .as_array()
        .expect("[[headers]]")
        .iter()
        .filter(|h| h["for"].as_str() == Some(path))
        .flat_map(|h| h["values"].as_table().expect("values").clone())
        .map(|(k, v)| (k, v.as_str().expect("a header value").to_string()))
        .collect()
}

#[test]
fn netlify_toml_builds_checks_previews_and_hardens_the_headers() {
    let n = netlify();
    let build = n["build"].as_table().expect("[build]");
    assert_eq!(build["publish"].as_str(), Some("public"));
    assert!(build["command"].as_str().unwrap().contains("-- build"));
    let preview = n["context"]["deploy-preview"]["command"]
        .as_str()
        .expect("preview command");
    assert!(preview.contains("-- check"), "{preview}");
    assert!(preview.contains("build --drafts"), "{preview}");
    assert!(preview.contains("$DEPLOY_PRIME_URL"), "{preview}");
    // Netlify's clone is shallow: both fetch the whole history before spindel reads the
    // dates of the pages' last commits, and go on if that fails.
    for command in [build["command"].as_str().unwrap(), preview] {
        assert!(
            command.starts_with("(git fetch --unshallow --quiet || true) && "),
            "{command}"
        );
        // Every deploy compiles the same features (one cache), without `check --external`.
        assert!(command.contains("cargo run --release --locked --no-default-features -- "));
        assert_eq!(
            command.matches("cargo run").count(),
            command
                .matches("cargo run --release --locked --no-default-features -- ")
                .count(),
            "{command}"
        );
    }

    let all = headers_for(&n, "/*");
    assert_eq!(all["X-Content-Type-Options"], "nosniff");
    assert!(all.contains_key("Referrer-Policy"));
    assert!(all.contains_key("Permissions-Policy"));
    let csp = csp(&n);
    assert_eq!(csp["default-src"], ["'self'"]);
    assert_eq!(csp["frame-ancestors"], ["'none'"]);
    assert_eq!(csp["object-src"], ["'none'"]);
    for (directive, sources) in &csp {
        for s in sources {
            assert!(
                !matches!(
                    s.as_str(),
                    "'unsafe-inline'" | "'unsafe-eval'" | "*" | "http:" | "https:"
                ),
                "{directive} allows {s}"
            );
        }
    }
    // Fingerprinted files are cached for a year; nothing else sets Cache-Control, because
    // Netlify joins the values of every matching rule (HTML keeps its default max-age=0).
    assert_eq!(
        headers_for(&n, "/assets/*")["Cache-Control"],
        "public, max-age=31536000, immutable"
    );
    for h in n["headers"].as_array().unwrap() {
        if h["for"].as_str() != Some("/assets/*") {
            assert!(
                !h["values"]
                    .as_table()
                    .unwrap()
                    .contains_key("Cache-Control"),
                "Cache-Control for {}",
                h["for"]
            );
        }
    }
    // The toolchain Netlify builds with is pinned.
    let toolchain =
        std::fs::read_to_string(repo().join("rust-toolchain.toml")).expect("rust-toolchain.toml");
    assert_contains(&toolchain, "channel = \"");
}

/// The policy of netlify.toml for every path: directive → sources.
fn csp(n: &toml::Table) -> BTreeMap<String, Vec<String>> {
    headers_for(n, "/*")["Content-Security-Policy"]
        .split(';')
        .filter_map(|d| {
            let mut parts = d.split_whitespace();
            let name = parts.next()?.to_ascii_lowercase();
            Some((name, parts.map(str::to_string).collect()))
        })
        .collect()
}

/// A start tag: its lowercase name, attributes, and for `<script>` its content.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    inner: String,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of an HTML document (comments skipped).
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i += html[i..].find("-->").map_or(html.len() - i, |e| e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = i + html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(html.len() - i);
        let name = html[i..name_end].to_ascii_lowercase();
        let mut j = name_end;
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let k = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let key = html[k..j].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                if let Some(&q) = b.get(j).filter(|q| **q == b'"' || **q == b'\'') {
                    let end = j + 1 + html[j + 1..].find(q as char).unwrap_or(0);
                    value = html[j + 1..end].to_string();
                    j = end + 1;
                } else {
                    let v = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[v..j].to_string();
                }
            }
            attrs.push((key, value));
        }
        let mut inner = String::new();
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let start = (j + 1).min(html.len());
            let end = start + html[start..].find(&close).unwrap_or(0);
            inner = html[start..end].to_string();
        }
        out.push(Tag { name, attrs, inner });
        i = j;
    }
    out
}

/// Whether an address loads from the site itself under a source list of the policy.
fn allowed(url: &str, sources: &[String]) -> bool {
    let same_origin = (url.starts_with('/') && !url.starts_with("//"))
        || !url.contains(':') && !url.starts_with("//");
    (same_origin && sources.iter().any(|s| s == "'self'"))
        || (url.starts_with("data:") && sources.iter().any(|s| s == "data:"))
}

#[test]
fn every_file_satisfies_the_content_security_policy_of_netlify_toml() {
    let out = built();
    let policy = csp(&netlify());
    let sources = |directive: &str| -> Vec<String> {
        policy
            .get(directive)
            .or_else(|| policy.get("default-src"))
            .cloned()
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, html) in text_files(out, ".html") {
        checked += 1;
        for tag in tags(&html) {
            let mut problem = |what: String| problems.push(format!("{path}: {what}"));
            for (k, v) in &tag.attrs {
                if k.starts_with("on") {
                    problem(format!("an event handler {k}= on <{}>", tag.name));
                }
                if k == "style" {
                    problem(format!("a style attribute on <{}>", tag.name));
                }
                if v.trim().to_ascii_lowercase().starts_with("javascript:") {
                    problem(format!("a javascript: address in {k}= on <{}>", tag.name));
                }
            }
            let rel = tag.get("rel").unwrap_or("");
            let (directive, url) = match tag.name.as_str() {
                "style" => {
                    problem("a <style> element".into());
                    continue;
                }
                "script" => {
                    if !tag.inner.trim().is_empty() {
                        problem(format!("an inline script: {}", tag.inner.trim()));
                    }
                    match tag.get("src") {
                        Some(src) => ("script-src", src),
                        None => {
                            problem("a <script> without src".into());
                            continue;
                        }
                    }
                }
                "link" if rel.split_whitespace().any(|r| r == "stylesheet") => {
                    ("style-src", tag.get("href").unwrap_or(""))
                }
                "link" if rel == "modulepreload" => ("script-src", tag.get("href").unwrap_or("")),
                "link" if rel == "preload" => ("connect-src", tag.get("href").unwrap_or("")),
                "link" if rel.contains("icon") => ("img-src", tag.get("href").unwrap_or("")),
                "img" | "source" | "input" if tag.get("src").is_some() => {
                    ("img-src", tag.get("src").unwrap_or(""))
                }
                "form" => ("form-action", tag.get("action").unwrap_or("")),
                "iframe" | "frame" => ("frame-src", tag.get("src").unwrap_or("")),
                "object" | "embed" | "applet" => {
                    problem(format!("an <{}>, which object-src 'none' blocks", tag.name));
                    continue;
                }
                "base" => ("base-uri", tag.get("href").unwrap_or("")),
                _ => continue,
            };
            if !allowed(url, &sources(directive)) {
                problem(format!(
                    "<{}> loads {url}, which {directive} does not allow",
                    tag.name
                ));
            }
            // Subresource Integrity: what the page expects is what the file is.
            if let Some(integrity) = tag.get("integrity") {
                let file = out.join(url.trim_start_matches('/'));
                let bytes = std::fs::read(&file).unwrap_or_default();
                let actual = format!(
                    "sha384-{}",
                    base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))
                );
                if integrity != actual {
                    problem(format!(
                        "{url} has integrity {actual}, the page expects {integrity}"
                    ));
                }
            }
        }
    }
    // Stylesheets load their images and fonts under img-src and font-src.
    for (path, css) in text_files(out, ".css") {
        for (i, _) in css.match_indices("url(") {
            let rest = &css[i + 4..];
            let url = rest[..rest.find(')').unwrap_or(0)]
                .trim()
                .trim_matches(['"', '\'']);
            if !allowed(url, &sources("img-src")) || !allowed(url, &sources("font-src")) {
                problems.push(format!("{path}: url({url}) is not allowed by the policy"));
            }
        }
    }
    // Scripts must not need what the policy forbids (eval, inline styles).
    for (path, js) in text_files(out, ".js") {
        for bad in [
            "eval(",
            "new Function(",
            "setAttribute('style'",
            "setAttribute(\"style\"",
            "cssText",
        ] {
            if js.contains(bad) {
                problems.push(format!("{path}: uses {bad}, which the policy blocks"));
            }
        }
    }
    assert!(checked > 50, "checked {checked} pages");
    assert!(
        problems.is_empty(),
        "{} problems with the policy:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Fingerprints, minification, redirects, determinism

#[test]
fn stylesheets_and_scripts_are_fingerprinted_with_integrity() {
    let out = built();
    let page = std::fs::read_to_string(out.join("sok/index.html")).expect("the search page");
    let tags = tags(&page);
    let find = |name: &str, attr: &str, prefix: &str| {
        tags.iter()
            .find(|t| t.name == name && t.get(attr).is_some_and(|v| v.starts_with(prefix)))
            .unwrap_or_else(|| panic!("no <{name} {attr}=\"{prefix}…\"> in the search page"))
    };
    let style = find("link", "href", "/assets/style.");
    assert!(style.get("integrity").unwrap().starts_with("sha384-"));
    let ui = find("script", "src", "/assets/search/ui.");
    assert_eq!(ui.get("type"), Some("module"));
    let engine = find("link", "href", "/assets/search/engine.");
    assert_eq!(engine.get("rel"), Some("modulepreload"));
    // The fingerprinted interface imports the fingerprinted engine (preloaded with integrity).
    let ui_js = std::fs::read_to_string(out.join(ui.get("src").unwrap().trim_start_matches('/')))
        .expect("the fingerprinted ui.js");
    assert_contains(&ui_js, &format!("from\"{}\"", engine.get("href").unwrap()));
    // The name's hash is the content's: 10 hex digits.
    let name = style.get("href").unwrap().rsplit('/').next().unwrap();
    let hash = name.split('.').nth(1).unwrap();
    assert!(
        hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}"
    );
    // The plain files stay, minified, for anything that names them.
    assert!(out.join("style.css").is_file() && out.join("search/engine.js").is_file());
}

/// Every `<pre …>…</pre>` of a page.
fn pre_blocks(html: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = html;
    while let Some(s) = rest.find("<pre") {
        let e = s + rest[s..].find("</pre>").expect("a closed pre") + 6;
        blocks.push(&rest[s..e]);
        rest = &rest[e..];
    }
    blocks
}

#[test]
fn minified_output_keeps_what_whitespace_means_and_no_minify_keeps_it_all() {
    let out = built();
    let root = out.parent().unwrap();
    let plain = build(root, "public-plain", &["--no-minify"]);
    let (mut small, mut large) = (0, 0);
    for (path, html) in text_files(out, ".html") {
        let unminified = std::fs::read_to_string(plain.join(&path)).expect(&path);
        assert_eq!(
            pre_blocks(&html),
            pre_blocks(&unminified),
            "{path}: <pre> changed"
        );
        assert!(html.len() <= unminified.len(), "{path} grew");
        let outside_pre = pre_blocks(&html)
            .iter()
            .fold(html.clone(), |h, pre| h.replacen(pre, "", 1));
        assert!(!outside_pre.contains("\n  "), "{path} keeps indentation");
        small += html.len();
        large += unminified.len();
    }
    // The templates trim most of their whitespace already; the map's SVG is most of the rest.
    assert!(
        small * 100 < large * 98,
        "minifying saved little: {small} of {large} bytes"
    );
    let code_pages = text_files(out, ".html")
        .into_iter()
        .filter(|(_, h)| h.contains("<pre"))
        .count();
    assert!(code_pages > 0, "a page with code blocks is compared");
    // The minified scripts still parse as JavaScript (Node.js, which `cargo test` needs for
    // the search tests as well).
    let scripts = text_files(out, ".js");
    assert!(!scripts.is_empty(), "the site has scripts");
    for (path, _) in scripts {
        let run = Command::new("node")
            .arg("--check")
            .arg(out.join(&path))
            .output()
            .expect("node --check: `cargo test` needs Node.js 18 or newer");
        assert!(
            run.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

#[test]
fn redirects_put_the_sites_own_rules_first_then_every_alias() {
    let out = built();
    let text = std::fs::read_to_string(out.join("_redirects")).expect("_redirects");
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        [
            OWN_REDIRECT,
            &format!("{ALIAS} /metoder/brobyggare/ 301!")[..]
        ],
        "{text}"
    );
}

#[test]
fn the_bundled_site_builds_byte_identical_twice() {
    let out = built();
    let again = build(out.parent().unwrap(), "public-again", &[]);
    let (a, b) = (snapshot(out), snapshot(&again));
    for must in [
        "atom.xml",
        "_redirects",
        "sitemap.xml",
        "assets",
        "404.html",
    ] {
        assert!(a.contains(must), "{must} is compared");
    }
    assert_same_tree(&a, &b, "the second build");
}

// ---------------------------------------------------------------------------------------------
// The fixture: feeds, asset() and its messages

fn fixture_with_feeds() -> Site {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!(
            "{config}\n[feeds]\nsections = [\"nyheter\"]\ntaxonomies = [\"kommun\"]\nlimit = 2\nfull_content = true\n"
        ),
    );
    site
}

#[test]
fn fixture_feeds_are_newest_first_limited_and_absolute() {
    let site = fixture_with_feeds();
    site.build_ok(&[]);
    let news = site.output("nyheter/atom.xml");
    // Three published news pages, the newest two kept; drafts and future pages never.
    assert_eq!(news.matches("<entry>").count(), 2, "{news}");
    common::assert_in_order(&news, &["Tredje nyheten", "Andra nyheten"]);
    assert_lacks(&news, "Första nyheten");
    assert_lacks(&news, "utkast");
    assert_contains(&news, "<updated>2022-");
    assert_contains(
        &news,
        "href=&quot;https://example.org/metoder/brobyggare/#resultat&quot;",
    );
    assert!(site.output_exists("kommun/goteborg/atom.xml"));
    assert!(
        !site.output_exists("kommun/boras/atom.xml"),
        "a term without pages has no feed"
    );
}

#[test]
fn feeds_config_mistakes_are_errors_in_spindel_toml() {
    let site = Site::basic();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("{config}\n[feeds]\nsektions = [\"nyheter\"]\n\n[publish]\nminfy = false\n"),
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("`sektions` is not a field");
    run.assert_stderr_contains("did you mean `sections`?");
    run.assert_stderr_contains("did you mean `minify`?");

    site.write(
        "spindel.toml",
        format!("{config}\n[feeds]\nsections = [\"nyheterna\"]\ntaxonomies = [\"kommuner\"]\n"),
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("[feeds] taxonomies names `kommuner`, which is not a taxonomy");

    site.write(
        "spindel.toml",
        format!("{config}\n[feeds]\nsections = [\"nyheterna\"]\n"),
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("[feeds] sections names `nyheterna`, which is not a section");
    run.assert_stderr_contains("did you mean `nyheter`?");
    run.assert_stderr_contains("spindel.toml:");
}

#[test]
fn asset_fingerprints_modules_after_what_they_import() {
    let site = Site::basic();
    site.write(
        "static/js/a.js",
        "import { b } from './b.js';\nimport x from '/js/lib/c.js';\nexport const a = b + x;\nexport const later = () => import('./d.js');\n",
    );
    site.write("static/js/b.js", "export const b = 1;\n");
    site.write("static/js/d.js", "export const d = 4;\n");
    site.write("static/js/lib/c.js", "export default 2;\n");
    site.write(
        "templates/assets.html",
        "{% set a = asset(path='js/a.js') %}{% set b = asset(path='/js/b.js') %}[{{ a.url }}|{{ a.integrity }}|{{ b.url }}]",
    );
    site.write(
        "content/tillgangar.md",
        "+++\ntitle = \"Assets\"\ntemplate = \"assets.html\"\n+++\n",
    );
    site.build_ok(&[]);
    let page = site.output("tillgangar/index.html");
    let inner = &page[page.find('[').unwrap() + 1..page.find(']').unwrap()];
    let parts: Vec<&str> = inner.split('|').collect();
    assert!(
        parts[0].starts_with("/assets/js/a.") && parts[0].ends_with(".js"),
        "{inner}"
    );
    assert!(parts[1].starts_with("sha384-"), "{inner}");
    let a_text = site.output(parts[0].trim_start_matches('/'));
    assert_contains(&a_text, &format!("from\"{}\"", parts[2]));
    assert_contains(&a_text, "from\"/assets/js/lib/c.");
    // A dynamic import too (the minifier writes its string as a template literal).
    assert_contains(&a_text, "import(`/assets/js/d.");
    // Without fingerprints (as in serve), the plain address and no integrity.
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        format!("{config}\n[publish]\nfingerprint = false\n"),
    );
    site.build_ok(&[]);
    assert_contains(
        &site.output("tillgangar/index.html"),
        "[/js/a.js||/js/b.js]",
    );
    assert!(!site.output_exists("assets/js"));
}

#[test]
fn assets_is_kept_for_fingerprinted_files() {
    let site = Site::basic();
    site.write("content/assets/_index.md", "+++\ntitle = \"Assets\"\n+++\n");
    site.write(
        "static/assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("the page's address /assets/ lies under /assets/");
    run.assert_stderr_contains("the static file assets/logo.svg lies under /assets/");
    run.assert_stderr_contains("kept for fingerprinted files");
}

#[test]
fn asset_mistakes_are_template_errors_with_a_hint() {
    let site = Site::basic();
    site.write(
        "templates/assets.html",
        "{% set a = asset(path='stlye.css') %}{{ a.url }}",
    );
    site.write(
        "content/tillgangar.md",
        "+++\ntitle = \"Assets\"\ntemplate = \"assets.html\"\n+++\n",
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("asset: no file `stlye.css` in static or themes/test/static");
    run.assert_stderr_contains("did you mean `style.css`?");
    run.assert_stderr_contains("templates/assets.html:1:");

    site.write("static/js/a.js", "import './b.js';\n");
    site.write("static/js/b.js", "import './a.js';\n");
    site.write(
        "templates/assets.html",
        "{% set a = asset(path='js/a.js') %}{{ a.url }}",
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("js/a.js → js/b.js → js/a.js");
}

/// Every stylesheet, script, icon and image a page of the bundled site loads from the site
/// itself is in the output (the link checker follows links between pages, not these).
#[test]
fn what_the_bundled_pages_load_is_in_the_output() {
    let out = built();
    let mut pages = 0;
    let mut loaded = std::collections::BTreeSet::new();
    for (path, bytes) in files(out) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).expect("pages are UTF-8");
        for tag in html.split('<').skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let attr = if tag.starts_with("link ") {
                "href"
            } else if tag.starts_with("script ") || tag.starts_with("img ") {
                "src"
            } else {
                continue;
            };
            for url in common::attr_values(&format!(" {tag}"), attr) {
                if url.starts_with('/') && !url.starts_with("//") {
                    loaded.insert((url, path.clone()));
                }
            }
        }
    }
    assert!(pages > 30, "{pages} pages");
    let urls: std::collections::BTreeSet<&str> = loaded.iter().map(|(u, _)| u.as_str()).collect();
    assert!(
        urls.contains("/favicon.svg"),
        "no page loads the icon: {urls:?}"
    );
    assert!(urls.iter().any(|u| u.ends_with(".css")), "{urls:?}");
    assert!(urls.iter().any(|u| u.ends_with(".js")), "{urls:?}");
    for (url, page) in &loaded {
        let file = url.split(['?', '#']).next().unwrap_or(url);
        assert!(
            out.join(file.trim_start_matches('/')).is_file(),
            "{page} loads {url}, which is not in the output"
        );
    }
}
