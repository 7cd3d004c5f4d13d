//! Dates in the future in sections whose pages record what has already happened, including
//! pages left out of the run for their date.

use super::findings::{Findings, find_front_matter_key};
use super::run::Ctx;
use crate::config::tomlfile::TomlSource;
use crate::content::model::{PageMeta, SourceFile};
use crate::diag::{Code, Diagnostic};
use crate::msg;

impl Ctx<'_> {
    pub(super) fn future_date(&self, src: &SourceFile, meta: &PageMeta, out: &mut Findings) {
        let Some(date) = &meta.date else { return };
        if date.day_in(&self.site.config.zone) <= self.today {
            return;
        }
        let at = find_front_matter_key(&src.text, src.body_offset, "", "date").unwrap_or(0);
        out.push(
            Diagnostic::warning(
                Code::FutureDate,
                msg!("check-future-date", date = date.day()),
            )
            .at(&src.rel, &src.text, at, 4)
            .hint(msg!("check-future-date-hint")),
        );
    }

    /// Fields that name something still to come (`upcoming`, a minutes page's next meeting)
    /// and open with a day before today. A field that opens any other way is not judged: free
    /// text cannot be read reliably.
    pub(super) fn passed_upcoming(
        &self,
        src: &SourceFile,
        meta: &PageMeta,
        fields: &[String],
        out: &mut Findings,
    ) {
        for name in fields {
            let Some(path) = name.strip_prefix("extra.") else {
                continue;
            };
            let mut parts = path.split('.');
            let mut value = parts.next().and_then(|p| meta.extra.get(p));
            for p in parts {
                value = value.and_then(|v| v.get(p));
            }
            let Some(day) = value
                .and_then(toml::Value::as_str)
                .and_then(crate::config::time::leading_date)
            else {
                continue;
            };
            if day >= self.today {
                continue;
            }
            let (table, key) = name.rsplit_once('.').unwrap_or(("", name));
            let at = find_front_matter_key(&src.text, src.body_offset, table, key).unwrap_or(0);
            out.push(
                Diagnostic::warning(
                    Code::PassedUpcoming,
                    msg!("check-passed-upcoming", field = key, date = day.to_string()),
                )
                .at(&src.rel, &src.text, at, key.len())
                .hint(msg!("check-passed-upcoming-hint", date = day.to_string())),
            );
        }
    }

    /// Pages left out of this run for their date, in sections whose pages record the past:
    /// they are not loaded, so their front matter is read here.
    pub(super) fn left_out_in_the_future(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut left_out: Vec<&String> = self.site.left_out.iter().collect();
        left_out.sort();
        for content_rel in left_out {
            let Some((_, rule)) = self.rule_for(content_rel) else {
                continue;
            };
            if !rule.past_dates {
                continue;
            }
            let rel = format!("{}/{content_rel}", crate::content::CONTENT_DIR);
            let Some(src) = read_source(&self.site.root, &rel, content_rel) else {
                continue;
            };
            let fm = &src.text[..src.body_offset];
            let toml_start = fm.find('\n').map_or(0, |i| i + 1);
            let toml_end = fm.trim_end_matches('\n').rfind('\n').unwrap_or(toml_start);
            let ts = TomlSource {
                file: std::path::Path::new(&rel),
                file_text: &src.text,
                base: toml_start,
                toml: &src.text[toml_start..toml_end.max(toml_start)],
            };
            // A front matter with errors was reported when the site was loaded.
            if let Some(meta) = ts
                .parse()
                .ok()
                .and_then(|t| ts.deserialize::<PageMeta>(t).ok())
            {
                let mut f = Findings::new(&src.rel);
                self.future_date(&src, &meta, &mut f);
                out.extend(f.finish(|_, _| None).0);
            }
        }
        out
    }
}

fn read_source(root: &std::path::Path, rel: &str, content_rel: &str) -> Option<SourceFile> {
    let abs = root.join(rel);
    let bytes = std::fs::read(&abs).ok()?;
    let text = crate::text::decode::decode_text(std::path::Path::new(rel), &bytes).ok()?;
    let (_, body_offset) =
        crate::content::split_front_matter(std::path::Path::new(rel), &text).ok()?;
    Some(SourceFile {
        rel: rel.to_string(),
        content_rel: content_rel.to_string(),
        abs,
        text,
        body_offset,
    })
}
