//! Property tests for the front-matter parser and the Markdown pipeline: on generated input
//! (built from the pieces editors and attackers actually type), nothing panics, every
//! diagnostic points inside its file, and untrusted HTML never keeps a script.
//!
//! The number of cases is proptest's default (256 per property); a long soak run sets
//! `PROPTEST_CASES`, e.g. `PROPTEST_CASES=200000 cargo test --release --test properties`.

use std::path::Path;

use proptest::prelude::*;
use spindel::config::Config;
use spindel::config::tomlfile::TomlSource;
use spindel::content::model::{PageId, PageMeta, SourceFile, Target};
use spindel::content::split_front_matter;
use spindel::diag::Diagnostic;
use spindel::lint::links;
use spindel::markdown::{LinkResolver, render};
use spindel::text::contacts as privacy;
use spindel::text::decode::decode_text;
use spindel::text::percent;

/// Pieces of front matter: markers, keys, values of every type, broken quoting, line ends.
fn front_matter_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++".to_string()),
        Just("---".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("title = ".to_string()),
        Just("date = ".to_string()),
        Just("draft = ".to_string()),
        Just("weight = ".to_string()),
        Just("[taxonomies]".to_string()),
        Just("kommun = ".to_string()),
        Just("[extra]".to_string()),
        Just("[[extra.punkter]]".to_string()),
        Just("\"Borås\"".to_string()),
        Just("\"".to_string()),
        Just("'''".to_string()),
        Just("2018-05-16".to_string()),
        Just("2018-02-30".to_string()),
        Just("[\"Göteborg\", ".to_string()),
        Just("]".to_string()),
        Just("{ a = ".to_string()),
        Just("}".to_string()),
        Just("true".to_string()),
        Just("10".to_string()),
        "[a-zåäö_ =.\"\\[\\]{},#\n-]{0,12}",
        "\\PC{0,6}",
    ]
}

/// Pieces of Markdown: block and inline syntax, links of every kind, raw HTML.
fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("## ".to_string()),
        Just("#### ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("    ".to_string()),
        Just("```".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("![".to_string()),
        Just("@/metoder/brobyggare.md".to_string()),
        Just("@/finns-inte.md".to_string()),
        Just("#resultat".to_string()),
        Just("../metoder/".to_string()),
        Just("https://example.org/".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<SCRIPT src=x>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<!-- more -->".to_string()),
        Just("{#id .klass}".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("070-123 45 67".to_string()),
        Just("anna@boras.se".to_string()),
        Just("[^1]".to_string()),
        "\\PC{0,8}",
    ]
}

fn joined(pieces: impl Strategy<Value = String>, n: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(pieces, 0..n).prop_map(|v| v.concat())
}

fn points_inside(d: &Diagnostic, text: &str) -> Result<(), TestCaseError> {
    if d.line > 0 {
        let line = text.split('\n').nth(d.line - 1);
        prop_assert!(line.is_some(), "line {} of {:?}", d.line, text);
        let chars = line.unwrap_or("").chars().count();
        prop_assert!(d.column >= 1 && d.column <= chars + 1, "{d:?} in {text:?}");
    }
    Ok(())
}

/// Everything the front matter of a page goes through, as `content::load` does it.
fn read_page(bytes: &[u8]) -> Result<(), TestCaseError> {
    let rel = Path::new("content/a.md");
    let text = match decode_text(rel, bytes) {
        Ok(t) => t,
        Err(d) => {
            prop_assert!(d.line >= 1);
            return Ok(());
        }
    };
    prop_assert!(!text.contains("\r\n"), "CRLF is normalised");
    // One BOM is dropped. (A second one, from a tool that added its own, stays: the file then
    // "does not start with front matter", pointing at line 1.)
    if !bytes.starts_with("\u{feff}\u{feff}".as_bytes()) {
        prop_assert!(!text.starts_with('\u{feff}'), "the BOM is dropped");
    }
    let (fm, body) = match split_front_matter(rel, &text) {
        Ok(x) => x,
        Err(d) => return points_inside(&d, &text),
    };
    prop_assert!(fm.start <= fm.end && fm.end <= body && body <= text.len());
    let src = TomlSource {
        file: rel,
        file_text: &text,
        base: fm.start,
        toml: &text[fm],
    };
    match src.parse() {
        Err(ds) => {
            prop_assert!(!ds.is_empty());
            for d in &ds {
                points_inside(d, &text)?;
            }
        }
        Ok(table) => {
            if let Err(d) = src.deserialize::<PageMeta>(table) {
                points_inside(&d, &text)?;
            }
        }
    }
    Ok(())
}

struct Links;

impl LinkResolver for Links {
    fn resolve_link(&self, p: &str) -> Option<(Target, &str)> {
        (p == "metoder/brobyggare.md")
            .then_some((Target::Page(PageId::new(0)), "/metoder/brobyggare/"))
    }
    fn link_candidates(&self) -> Vec<&str> {
        vec!["metoder/brobyggare.md"]
    }
}

/// The text a reader sees in HTML without raw HTML of its own: tags left out (and the heading
/// anchors, hidden from readers), a space where a block starts or ends, the escapes pulldown
/// writes decoded, whitespace collapsed. The oracle for the Markdown pass's text.
fn visible_text(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "blockquote",
        "pre",
        "img",
    ];
    let mut raw = String::new();
    let mut rest = html;
    let mut hidden = 0usize;
    while let Some(lt) = rest.find('<') {
        if hidden == 0 {
            raw.push_str(&rest[..lt]);
        }
        let end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt + 1..end - 1];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if tag.contains("aria-hidden=\"true\"") {
            hidden += 1;
        } else if hidden > 0 && tag.starts_with('/') && name == "a" {
            hidden -= 1;
        } else if hidden == 0 && BLOCKS.contains(&name.as_str()) {
            raw.push(' ');
        }
        rest = &rest[end..];
    }
    raw.push_str(rest);
    let decoded = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    decoded
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page of front matter `head` and Markdown `body`, as `content` makes it.
fn page_source(body: &str) -> (&'static str, SourceFile) {
    let head = "+++\ntitle = \"x\"\n+++\n";
    let src = SourceFile {
        rel: "content/a.md".into(),
        content_rel: "a.md".into(),
        abs: "a.md".into(),
        body_offset: head.len(),
        text: format!("{head}{body}"),
    };
    (head, src)
}

fn config() -> Config {
    Config::parse("title = \"t\"\nbase_url = \"https://a.se\"\n").expect("config")
}

proptest! {
    #[test]
    fn front_matter_never_panics_and_points_inside(text in joined(front_matter_piece(), 40)) {
        read_page(text.as_bytes())?;
        read_page(format!("+++\n{text}\n+++\nText.\n").as_bytes())?;
    }

    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        read_page(&bytes)?;
        let mut framed = b"+++\ntitle = \"".to_vec();
        framed.extend_from_slice(&bytes);
        framed.extend_from_slice(b"\"\n+++\n");
        read_page(&framed)?;
    }

    #[test]
    fn markdown_never_panics_and_never_keeps_a_script(body in joined(markdown_piece(), 60)) {
        let (_, src) = page_source(&body);
        let out = render(&src, "sv", &config(), &Links);
        let html = out.rendered.html.to_ascii_lowercase();
        prop_assert!(!html.contains("<script"), "{html}");
        // Text may mention onerror (escaped); a tag may not carry it.
        for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
            // Attribute values (in quotes) may hold any text; attribute names may not.
            let names: String = tag.split('"').step_by(2).collect();
            prop_assert!(!names.contains("onerror"), "{html}");
        }
        let mut ids = out.rendered.heading_ids.clone();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), out.rendered.heading_ids.len(), "heading ids are unique");
        for d in &out.diagnostics {
            points_inside(d, &src.text)?;
        }
        for a in &out.anchors {
            prop_assert!(a.offset + a.len <= src.text.len());
        }
    }

    #[test]
    fn the_markdown_pass_gives_the_text_readers_see_and_places_inside_the_file(
        body in joined(markdown_piece(), 60)
    ) {
        let (head, src) = page_source(&body);
        let out = render(&src, "sv", &config(), &Links);
        let facts = &out.rendered.facts;
        let text = facts.text.text.as_str();
        prop_assert!(!text.contains("  ") && text.trim() == text, "{text:?}");
        let mut last = 0;
        for b in &facts.text.blocks {
            let (start, end) = (b.start as usize, b.end as usize);
            prop_assert!(last <= start && start < end && end <= text.len(), "{b:?} in {text:?}");
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            last = end;
        }
        for h in &facts.headings {
            prop_assert!(h.offset >= head.len() && h.offset + h.width <= src.text.len());
        }
        for l in &facts.links {
            prop_assert!(l.offset >= head.len() && l.offset <= l.dest_offset.max(l.offset));
            prop_assert!(l.dest_offset + l.dest_len <= src.text.len() && l.end <= src.text.len());
        }
        for &(at, len) in &facts.raw_html {
            prop_assert!(at >= head.len() && at + len <= src.text.len());
        }
        // Without raw HTML, the text is what the HTML shows.
        if !body.contains('<') && !body.contains('&') {
            let visible = visible_text(&out.rendered.html);
            prop_assert_eq!(text, visible.as_str(), "{}", body);
        }
    }

    #[test]
    fn contact_scanner_finds_whole_characters_in_order(text in joined(markdown_piece(), 40)) {
        let found = privacy::scan(&text);
        let mut last = 0;
        for c in &found {
            prop_assert!(c.start < c.end && c.end <= text.len());
            prop_assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            prop_assert!(c.start >= last, "overlapping findings in {text:?}");
            last = c.end;
        }
    }

    #[test]
    fn joined_paths_never_climb(base in "[a-z/.]{0,12}", rel in "[a-z/.]{0,16}") {
        if let Some(p) = links::join(&base, &rel) {
            prop_assert!(!p.split('/').any(|s| s == ".." || s == "."), "{base} + {rel} = {p}");
        }
        let _ = links::classify(&rel);
        let _ = percent::decode(&rel);
    }

    #[test]
    fn percent_encoded_names_decode_to_themselves(name in "\\PC{0,12}") {
        let encoded = percent::encode_segment(&name);
        prop_assert!(!encoded.contains(['/', '?', '#', ' ']), "{encoded}");
        let decoded = percent::decode(&encoded);
        prop_assert_eq!(decoded.as_deref(), Some(name.as_str()));
    }
}
