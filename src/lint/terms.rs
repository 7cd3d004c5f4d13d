//! Taxonomy terms outside their taxonomy's data or the list in `[check.terms]`.

use super::findings::Findings;
use super::run::Ctx;
use crate::content::model::{Page, SourceFile};
use crate::diag::{Code, Diagnostic, did_you_mean};

impl Ctx<'_> {
    /// Terms outside their taxonomy's data or declared list.
    pub(super) fn terms(&self, src: &SourceFile, page: &Page, out: &mut Findings) {
        let m = &self.msg;
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
                let near = did_you_mean(name, allowed.iter().copied());
                let args = [("term", name.as_str()), ("near", near.unwrap_or(""))];
                let message = match near {
                    Some(_) => m.text_for(
                        "check_unknown_term_near",
                        tax,
                        "`{term}` is not in the data for `{taxonomy}`",
                        &[args[0], args[1], ("taxonomy", tax)],
                    ),
                    None => m.text_for(
                        "check_unknown_term",
                        tax,
                        "`{term}` is not in the data for `{taxonomy}`",
                        &[args[0], ("taxonomy", tax)],
                    ),
                };
                let data_backed = self
                    .site
                    .config
                    .taxonomies
                    .iter()
                    .any(|t| &t.name == tax && t.data.is_some());
                let hint = match near {
                    Some(n) => m.text_for(
                        "check_unknown_term_near_hint",
                        tax,
                        "did you mean `{near}`?",
                        &[("near", n), ("taxonomy", tax)],
                    ),
                    None if data_backed => m.text_for(
                        "check_unknown_term_hint",
                        tax,
                        "the terms of `{taxonomy}` are the entries of its data file; add it there if it is new",
                        &[("taxonomy", tax)],
                    ),
                    None => m.text_for(
                        "check_unknown_term_list_hint",
                        tax,
                        "the terms are: {terms}; a new one is added under [check.terms] in spindel.toml",
                        &[("terms", &allowed.join(", ")), ("taxonomy", tax)],
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
