//! JSON written byte for byte as serde_json writes it, without a value tree: the page files
//! and the term shards are most of the index's bytes.

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
/// and file name, `d` date (`YYYY-MM-DD`, if any), `x`
/// description (if any), `f` facet values by facet (the year left out, if any), `b` the text
/// for snippets, a block a line (see `snippet`). Written as serde_json writes it, without its serializer: the text is
/// most of the index's bytes.
pub(super) fn doc_json(out: &mut Vec<u8>, d: &Doc, body: &str, facets: &[String]) {
    out.extend_from_slice(b"{\"u\":");
    push_json_str(out, &d.path);
    out.extend_from_slice(b",\"t\":");
    push_json_str(out, &d.title);
    if !d.kind.is_empty() {
        out.extend_from_slice(b",\"k\":");
        push_json_str(out, &d.kind);
    }
    if let Some((page, file)) = &d.attached {
        out.extend_from_slice(b",\"p\":");
        push_json_str(out, page);
        out.extend_from_slice(b",\"a\":");
        push_json_str(out, file);
    }
    if let Some(date) = &d.date {
        out.extend_from_slice(b",\"d\":");
        push_json_str(out, date);
    }
    if !d.description.is_empty() {
        out.extend_from_slice(b",\"x\":");
        push_json_str(out, &d.description);
    }
    let mut f: Vec<(&str, &[String])> = facets
        .iter()
        .zip(&d.facets)
        .filter(|(n, v)| *n != "year" && !v.is_empty())
        .map(|(n, v)| (n.as_str(), v.as_slice()))
        .collect();
    if !f.is_empty() {
        // By name, as a map is written.
        f.sort_by(|a, b| a.0.cmp(b.0));
        f.dedup_by(|a, b| a.0 == b.0);
        out.extend_from_slice(b",\"f\":{");
        for (i, (name, values)) in f.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_json_str(out, name);
            out.extend_from_slice(b":[");
            for (j, v) in values.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                push_json_str(out, v);
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b",\"b\":");
    push_json_str(out, body);
    out.push(b'}');
}

/// What a byte becomes in a JSON string: 0 itself, `u` as `\u00XX`, else the letter after `\`.
const JSON_ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
pub(super) fn push_json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run = 0;
    const BLOCK: usize = 64;
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        // Most blocks of text need no escape, which is told without a branch for each byte.
        let clean = block
            .iter()
            .fold(true, |ok, &b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
        if clean {
            continue;
        }
        for (j, &b) in block.iter().enumerate() {
            let e = JSON_ESCAPE[usize::from(b)];
            if e == 0 {
                continue;
            }
            let i = k * BLOCK + j;
            out.extend_from_slice(&bytes[run..i]);
            run = i + 1;
            if e == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            } else {
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_json_strings_are_serde_json_strings() {
        let mut all: String = (0u8..=127).map(char::from).collect();
        all.push_str("åäö ”citat” \u{2028}\u{7f}\u{80}\u{ffff}😀");
        let long = format!(
            "{}\"{}\\{}",
            "x".repeat(100),
            "y".repeat(63),
            "\n".repeat(70)
        );
        for s in [all.as_str(), "", "plain", long.as_str()] {
            let mut out = Vec::new();
            push_json_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn page_files_are_written_as_serde_json_writes_them() {
        let doc = Doc {
            path: "/metoder/a/".into(),
            title: "Brobyggare \"B\"".into(),
            description: String::new(),
            headings: Vec::new(),
            body: "Text\tmed\u{1}tecken".into(),
            text: None,
            blocks: Vec::new(),
            kind: String::new(),
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
