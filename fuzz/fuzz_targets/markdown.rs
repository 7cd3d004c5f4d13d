//! Any text as a page body: the Markdown stage (internal links, headings, quotes, code,
//! sanitizing) and the content checks' scanners must never panic, and untrusted HTML must
//! never come out with a script in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spindel::config::Config;
use spindel::content::model::{PageId, SourceFile, Target};
use spindel::lint::links;
use spindel::markdown::{LinkResolver, render};
use spindel::text::contacts as privacy;

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

fuzz_target!(|body: &str| {
    let config = Config::parse("title = \"t\"\nbase_url = \"https://a.se\"\n").expect("config");
    let head = "+++\ntitle = \"x\"\n+++\n";
    let src = SourceFile {
        rel: "content/fuzz.md".into(),
        content_rel: "fuzz.md".into(),
        abs: "fuzz.md".into(),
        body_offset: head.len(),
        text: format!("{head}{body}"),
    };
    let out = render(&src, "sv", &config, &Links);
    assert!(!out.rendered.html.to_ascii_lowercase().contains("<script"));
    let mut ids = out.rendered.heading_ids.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        out.rendered.heading_ids.len(),
        "heading ids are unique"
    );
    for c in privacy::scan(&src.text) {
        assert!(src.text.is_char_boundary(c.start) && src.text.is_char_boundary(c.end));
    }
    let _ = links::classify(body);
    if let Some(joined) = links::join("metoder", body) {
        assert!(!joined.split('/').any(|p| p == ".."));
    }
});
