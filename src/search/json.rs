//! The index's JSON, written by serde_json from borrowed structs, without a value tree: the
//! page files and the term shards are most of the index's bytes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::output::{Contents, OutputFile};

use super::docs::Doc;

pub(super) fn json_file(path: PathBuf, value: &impl Serialize) -> OutputFile {
    let bytes = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    OutputFile {
        path,
        contents: Contents::Bytes(bytes),
    }
}

/// A page's object in its file (`d/N.json`): `u` address, `t` title, `k` what it is if not a
/// page (`section`, `attachment`, or a term's taxonomy), `p` and `a` an attachment's page
/// and file name, `d` date (`YYYY-MM-DD`, if any), `x` description (if any), `f` facet values
/// by facet (the year left out, if any), `b` the text for snippets, a block a line (see
/// `snippet`). Borrowed from the document: the text is most of the index's bytes.
#[derive(Serialize)]
struct DocJson<'a> {
    u: &'a str,
    t: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    k: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    x: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    f: BTreeMap<&'a str, &'a [Cow<'a, str>]>,
    b: &'a str,
}

/// Appends a page's object (see `DocJson`) to its file.
pub(super) fn doc_json(out: &mut Vec<u8>, d: &Doc, body: &str, facets: &[String]) {
    let mut f = BTreeMap::new();
    for (name, values) in facets.iter().zip(&d.facets) {
        if name != "year" && !values.is_empty() {
            // The first of two facets of one name, as before.
            f.entry(name.as_str()).or_insert(values.as_slice());
        }
    }
    let json = DocJson {
        u: &d.path,
        t: &d.title,
        k: &d.kind,
        p: d.attached.as_ref().map(|(page, _)| page.as_str()),
        a: d.attached.as_ref().map(|(_, file)| file.as_str()),
        d: d.date.as_deref(),
        x: &d.description,
        f,
        b: body,
    };
    // Writing to a Vec cannot fail, and every key is a string.
    let _ = serde_json::to_writer(out, &json);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_are_written_as_serde_json_writes_them() {
        let doc = Doc {
            path: "/metoder/a/".into(),
            title: "Brobyggare \"B\"".into(),
            description: "".into(),
            headings: Vec::new(),
            body: "Text\tmed\u{1}tecken".into(),
            text: None,
            blocks: Vec::new(),
            kind: "".into(),
            listing: String::new(),
            attached: None,
            of: None,
            date: Some("2024-01-02".into()),
            recency: None,
            facets: vec![
                vec!["Malmö".into(), "Borås".into()],
                vec![],
                vec!["2024".into()],
            ],
            prior: 1.0,
        };
        let facets: Vec<String> = ["kommun", "typ", "year"].map(String::from).to_vec();
        let want = serde_json::json!({
            "u": "/metoder/a/", "t": "Brobyggare \"B\"", "d": "2024-01-02",
            "f": { "kommun": ["Malmö", "Borås"] }, "b": "Text\tmed\u{1}tecken"
        });
        let mut got = Vec::new();
        doc_json(&mut got, &doc, &doc.body, &facets);
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&got).unwrap(),
            want
        );
        assert_eq!(
            String::from_utf8(got).unwrap(),
            r#"{"u":"/metoder/a/","t":"Brobyggare \"B\"","d":"2024-01-02","f":{"kommun":["Malmö","Borås"]},"b":"Text\tmed\u0001tecken"}"#
        );
        let bare = Doc {
            date: None,
            description: "Om".into(),
            facets: vec![vec![], vec![], vec![]],
            ..doc
        };
        assert_eq!(
            String::from_utf8({
                let mut out = Vec::new();
                doc_json(&mut out, &bare, &bare.body, &facets);
                out
            })
            .unwrap(),
            r#"{"u":"/metoder/a/","t":"Brobyggare \"B\"","x":"Om","b":"Text\tmed\u0001tecken"}"#
        );
    }
}
