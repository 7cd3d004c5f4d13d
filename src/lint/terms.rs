//! Taxonomy terms outside their taxonomy's data or the list in `[check.terms]`.

use super::findings::Findings;
use super::run::Ctx;
use crate::content::model::{Page, SourceFile};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::msg;

impl Ctx<'_> {
    /// Terms outside their taxonomy's data or declared list.
    pub(super) fn terms(&self, src: &SourceFile, page: &Page, out: &mut Findings) {
        let front = &src.text[..src.body_offset];
        for (tax, names) in &page.meta.taxonomies {
            let Some(allowed) = self.terms.get(tax.as_str()) else {
                continue;
            };
            for name in names {
                if allowed.contains(&name.as_str()) {
                    continue;
                }
                let at = front.find(&format!("\"{name}\"")).map_or(0, |i| i + 1);
                // `Uppsala kommun`, `uppsala`, `Region Västerbotten`, `Göteborgs stad`: the
                // name is there, written as one says it; the fix is certain.
                let same = same_member(name, allowed.iter().copied());
                let near = same.or_else(|| did_you_mean(name, allowed.iter().copied()));
                let message = match near {
                    Some(n) => msg!(
                        "check-unknown-term-near",
                        term = name,
                        near = n,
                        taxonomy = tax
                    ),
                    None => msg!("check-unknown-term", term = name, taxonomy = tax),
                };
                let data_backed = self
                    .site
                    .config
                    .taxonomies
                    .iter()
                    .any(|t| &t.name == tax && t.data.is_some());
                let line = line_at(front, at);
                let hint = match near {
                    Some(n) if same.is_some() && !line.is_empty() => msg!(
                        "toml-fix-line",
                        line = line.replacen(&format!("\"{name}\""), &format!("\"{n}\""), 1)
                    ),
                    Some(n) => msg!("check-unknown-term-near-hint", near = n, taxonomy = tax),
                    None if data_backed => msg!("check-unknown-term-hint", taxonomy = tax),
                    None => msg!(
                        "check-unknown-term-list-hint",
                        terms = allowed.join(", "),
                        taxonomy = tax
                    ),
                };
                let mut d = Diagnostic::error(Code::UnknownTerm, message)
                    .at(&src.rel, &src.text, at, name.len())
                    .hint(hint);
                d.severity = self.term_severity;
                if data_backed {
                    out.replaces.push((src.rel.clone(), d.line, d.column));
                }
                out.push(d);
            }
        }
    }
}

/// A name as it is compared with the data: lower case, without the words that say what kind of
/// place it is (`kommun`, `stad`, `region`, `län`).
fn plain_name(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.len() > 1
        && matches!(
            words.last(),
            Some(&("kommun" | "kommuns" | "stad" | "län" | "municipality"))
        )
    {
        words.pop();
    }
    while words.len() > 1 && matches!(words.first(), Some(&("region" | "regionen"))) {
        words.remove(0);
    }
    words.join(" ")
}

/// The member `name` means, written as people write official names: in another case, with the
/// kind of place (`Uppsala kommun`, `Region Västerbotten`), or in the genitive that goes with it
/// (`Göteborgs stad`, `Lunds kommun`: `göteborgs` is Göteborg's). The genitive `s` is dropped
/// only when no member is named with it and the name without it is a member, so `Borås` stays
/// Borås.
fn same_member<'a>(name: &str, allowed: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
    let plain = plain_name(name);
    allowed
        .clone()
        .find(|a| plain_name(a) == plain)
        .or_else(|| {
            let bare = plain.strip_suffix('s')?;
            allowed.clone().find(|a| plain_name(a) == bare)
        })
}

/// The line of `text` holding byte `at`, without its line break.
fn line_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[start..end].trim_end_matches('\r').trim()
}

#[cfg(test)]
mod tests {
    use super::{plain_name, same_member};

    #[test]
    fn names_as_people_say_them_match_the_data() {
        assert_eq!(plain_name("Uppsala kommun"), plain_name("Uppsala"));
        assert_eq!(plain_name("uppsala"), plain_name("Uppsala"));
        assert_eq!(
            plain_name("Region Västerbotten"),
            plain_name("Västerbotten")
        );
        assert_ne!(plain_name("Borås"), plain_name("Uppsala"));
    }

    #[test]
    fn official_names_in_the_genitive_match_their_member() {
        let members = [
            "Borås",
            "Göteborg",
            "Lund",
            "Stockholm",
            "Stockholms läns landsting",
            "Region Västerbotten",
        ];
        let member = |name| same_member(name, members.iter().copied());
        for (name, want) in [
            ("Göteborgs stad", "Göteborg"),
            ("Göteborgs Stad", "Göteborg"),
            ("Göteborgs kommun", "Göteborg"),
            ("Stockholms stad", "Stockholm"),
            ("Lunds kommun", "Lund"),
            ("Region Västerbottens", "Region Västerbotten"),
            ("Borås stad", "Borås"),
            ("borås", "Borås"),
            ("Stockholms läns landsting", "Stockholms läns landsting"),
        ] {
            assert_eq!(member(name), Some(want), "{name}");
        }
        // Not a member with or without an `s`.
        assert_eq!(member("Malmös stad"), None);
        assert_eq!(member("Borå"), None);
    }
}
