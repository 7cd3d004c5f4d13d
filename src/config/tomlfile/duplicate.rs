//! A key or table written twice. The TOML parser stops at the second writing; the editor also
//! needs to see the first, which the parser does not give, so it is found here by reading the
//! lines before it, table by table.

use std::collections::HashMap;
use std::ops::Range;

/// A name written twice in one table: the name as written, and where each writing stands.
#[derive(Debug, PartialEq, Eq)]
pub struct Twice {
    pub name: String,
    pub first: Range<usize>,
    pub second: Range<usize>,
}

/// Whether the line holding byte `at` of `toml` writes a key (or a table header) that an
/// earlier line of the same table already wrote.
pub fn written_twice(toml: &str, at: usize) -> Option<Twice> {
    let mut table = String::new();
    // Keys by table, and table headers, with the first place each is written.
    let mut keys: HashMap<(String, String), Range<usize>> = HashMap::new();
    let mut headers: HashMap<String, Range<usize>> = HashMap::new();
    // Inside a multi-line string, a line that looks like `key = …` is text.
    let mut in_string: Option<&str> = None;
    let mut offset = 0;
    for line in toml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some(quotes) = in_string {
            if line.matches(quotes).count() % 2 == 1 {
                in_string = None;
            }
            continue;
        }
        let here = at >= start && (at < offset || offset == toml.len());
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(header) = header(trimmed) {
            let range = start + indent..start + indent + header.len();
            let name = header.trim_matches(['[', ']']).trim().to_string();
            if header.starts_with("[[") {
                // Each `[[x]]` starts a new element: its keys are new again.
                keys.retain(|(t, _), _| *t != name);
            } else if let Some(first) = headers.get(&name) {
                if here {
                    return Some(Twice {
                        name: header.to_string(),
                        first: first.clone(),
                        second: range,
                    });
                }
            } else {
                headers.insert(name.clone(), range);
            }
            table = name;
        } else if let Some(key) = key(trimmed) {
            let range = start + indent..start + indent + key.len();
            let name = key.replace(['"', '\''], "");
            match keys.get(&(table.clone(), name.clone())) {
                Some(first) if here => {
                    return Some(Twice {
                        name: key.to_string(),
                        first: first.clone(),
                        second: range,
                    });
                }
                Some(_) => {}
                None => {
                    keys.insert((table.clone(), name), range);
                }
            }
            let value = trimmed[key.len()..].trim_start().trim_start_matches('=');
            for quotes in ["\"\"\"", "'''"] {
                if value.matches(quotes).count() % 2 == 1 {
                    in_string = Some(quotes);
                }
            }
        }
        if here {
            return None;
        }
    }
    None
}

/// `[table]` or `[[array]]` at the start of a line.
fn header(line: &str) -> Option<&str> {
    let end = if line.starts_with("[[") {
        line.find("]]")? + 2
    } else if line.starts_with('[') {
        line.find(']')? + 1
    } else {
        return None;
    };
    Some(&line[..end])
}

/// The key of a `key = value` line, as written (bare, quoted or dotted), without the spaces
/// after it.
fn key(line: &str) -> Option<&str> {
    let eq = line.find('=')?;
    let key = line[..eq].trim_end();
    let plain = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '"' | '\'');
    (!key.is_empty() && key.chars().all(plain)).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn twice(toml: &str, line: usize) -> Option<(String, &str, &str)> {
        let at: usize = toml
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        written_twice(toml, at).map(|t| (t.name, &toml[t.first], &toml[t.second]))
    }

    #[test]
    fn a_key_written_twice_in_one_table_is_found_with_both_places() {
        let toml = "title = \"A\"\ndate = 2024-01-01\ntitle = \"B\"\n";
        assert_eq!(twice(toml, 3), Some(("title".into(), "title", "title")));
        let t = written_twice(toml, toml.rfind("title").unwrap()).unwrap();
        assert_eq!((t.first.start, t.second.start), (0, 30));
    }

    #[test]
    fn the_same_key_in_another_table_is_not_twice() {
        let toml = "title = \"A\"\n[extra]\ntitle = \"B\"\n";
        assert_eq!(twice(toml, 3), None);
        let toml = "[[x]]\na = 1\n[[x]]\na = 2\n";
        assert_eq!(twice(toml, 4), None);
    }

    #[test]
    fn a_table_written_twice_is_found() {
        let toml = "[taxonomies]\nkommun = []\n\n[taxonomies]\nomrade = []\n";
        assert_eq!(
            twice(toml, 4),
            Some(("[taxonomies]".into(), "[taxonomies]", "[taxonomies]"))
        );
    }

    #[test]
    fn text_inside_a_multi_line_string_is_not_a_key() {
        let toml = "body = \"\"\"\ntitle = x\n\"\"\"\ntitle = \"A\"\n";
        assert_eq!(twice(toml, 4), None);
    }

    #[test]
    fn quoted_and_bare_spellings_are_one_key() {
        let toml = "\"title\" = \"A\"\ntitle = \"B\"\n";
        assert_eq!(twice(toml, 2), Some(("title".into(), "\"title\"", "title")));
    }
}
