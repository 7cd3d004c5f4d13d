//! The fields `[check.sections]` requires of a section's pages, and their types.

use super::findings::{Findings, find_front_matter_key};
use super::run::Ctx;
use crate::config::SectionCheck;
use crate::config::check::FieldType;
use crate::content::model::{Page, PageMeta, SourceFile};
use crate::diag::{Code, Diagnostic};
use crate::msg;
use crate::msg::Message;

impl Ctx<'_> {
    /// The `[check.sections]` rule for a source under content/, the deepest that applies.
    pub(super) fn rule_for(&self, content_rel: &str) -> Option<(&str, &SectionCheck)> {
        self.site
            .config
            .check
            .sections
            .iter()
            .filter(|(dir, _)| {
                let dir = dir.trim_matches('/');
                dir.is_empty() || content_rel.starts_with(&format!("{dir}/"))
            })
            .max_by_key(|(dir, _)| dir.len())
            .map(|(d, r)| (d.as_str(), r))
    }

    pub(super) fn required(
        &self,
        src: &SourceFile,
        page: &Page,
        dir: &str,
        rule: &SectionCheck,
        out: &mut Findings,
    ) {
        if let Some(unless) = &rule.unless
            && field(&page.meta, unless).is_present()
        {
            return;
        }
        // Required fields missing are errors; recommended ones, warnings. A field present with
        // the wrong type is an error either way.
        let fields = (rule.required.iter().map(|f| (f, true)))
            .chain(rule.recommended.iter().map(|f| (f, false)));
        for ((name, ty), required) in fields {
            let Some(ty) = FieldType::parse(ty) else {
                continue;
            };
            let value = field(&page.meta, name);
            let (table, key) = match name.rsplit_once('.') {
                Some((t, k)) => (t, k),
                None => ("", name.as_str()),
            };
            match value {
                // Written but empty (`description = ""`, as `spindel new` leaves it): said
                // where it stands.
                Value::Missing
                    if let Some(at) =
                        find_front_matter_key(&src.text, src.body_offset, table, key) =>
                {
                    let d = Diagnostic::error(
                        Code::RequiredField,
                        msg!("check-required-empty", field = name),
                    );
                    out.push(
                        if required { d } else { d.into_warning() }
                            .at(&src.rel, &src.text, at, key.len())
                            .hint(msg!("check-required-type-hint", example = &ty.example(key))),
                    );
                }
                Value::Missing => {
                    let example = if table.is_empty() {
                        ty.example(key)
                    } else {
                        format!("[{table}]\n{}", ty.example(key))
                    };
                    let at = src.text.find('\n').map_or(0, |i| i + 1);
                    let message = match (dir.trim_matches('/'), required) {
                        // `[check.sections."/"]`: the rule of every page.
                        ("", true) => msg!("check-required-missing-all", field = name),
                        ("", false) => msg!("check-recommended-missing-all", field = name),
                        (d, true) => msg!("check-required-missing", field = name, section = d),
                        (d, false) => msg!("check-recommended-missing", field = name, section = d),
                    };
                    let d = Diagnostic::error(Code::RequiredField, message);
                    out.push(
                        if required { d } else { d.into_warning() }
                            .at(&src.rel, &src.text, at, 1)
                            .hint(msg!("check-required-missing-hint", example = &example)),
                    );
                }
                Value::Builtin => {}
                Value::Toml(v) => {
                    if let Some(problem) = ty.check(v) {
                        let at = find_front_matter_key(&src.text, src.body_offset, table, key)
                            .unwrap_or(0);
                        let what = ty.describe();
                        let message = match problem {
                            Problem::Empty => msg!("check-required-empty", field = name),
                            Problem::WrongType => {
                                msg!("check-required-type", field = name, what = &what)
                            }
                        };
                        out.push(
                            Diagnostic::error(Code::RequiredField, message)
                                .at(&src.rel, &src.text, at, key.len())
                                .hint(msg!("check-required-type-hint", example = &ty.example(key))),
                        );
                    }
                }
            }
        }
    }
}

/// A front matter field as a required-field rule sees it.
enum Value<'a> {
    Missing,
    /// A field of the page's own that is present; its type was checked when it was read.
    Builtin,
    Toml(&'a toml::Value),
}

impl Value<'_> {
    fn is_present(&self) -> bool {
        !matches!(self, Value::Missing)
    }
}

fn field<'a>(meta: &'a PageMeta, name: &str) -> Value<'a> {
    let present = |b: bool| if b { Value::Builtin } else { Value::Missing };
    match name {
        "title" => present(!meta.title.trim().is_empty()),
        "description" => present(
            meta.description
                .as_ref()
                .is_some_and(|d| !d.trim().is_empty()),
        ),
        "date" => present(meta.date.is_some()),
        "updated" => present(meta.updated.is_some()),
        "weight" => present(meta.weight.is_some()),
        "slug" => present(meta.slug.is_some()),
        "template" => present(meta.template.is_some()),
        "aliases" => present(!meta.aliases.is_empty()),
        "draft" => Value::Builtin,
        _ => {
            if let Some(tax) = name.strip_prefix("taxonomies.") {
                return present(meta.taxonomies.get(tax).is_some_and(|t| !t.is_empty()));
            }
            let Some(path) = name.strip_prefix("extra.") else {
                return Value::Missing;
            };
            let mut parts = path.split('.');
            let mut value = parts.next().and_then(|p| meta.extra.get(p));
            for p in parts {
                value = value.and_then(|v| v.get(p));
            }
            value.map_or(Value::Missing, Value::Toml)
        }
    }
}

enum Problem {
    Empty,
    WrongType,
}

impl FieldType {
    fn check(self, v: &toml::Value) -> Option<Problem> {
        use toml::Value as V;
        let ok = match (self, v) {
            (FieldType::Text, V::String(s)) => {
                return s.trim().is_empty().then_some(Problem::Empty);
            }
            (FieldType::List, V::Array(a)) => return a.is_empty().then_some(Problem::Empty),
            (FieldType::Date, V::Datetime(d)) => d.date.is_some(),
            (FieldType::Date, V::String(s)) => crate::config::time::Date::parse(s).is_ok(),
            (FieldType::Integer, V::Integer(_)) => true,
            (FieldType::Number, V::Integer(_) | V::Float(_)) => true,
            (FieldType::Boolean, V::Boolean(_)) => true,
            _ => false,
        };
        (!ok).then_some(Problem::WrongType)
    }

    fn describe(self) -> Message {
        match self {
            FieldType::Text => msg!("check-type-text"),
            FieldType::Date => msg!("check-type-date"),
            FieldType::Integer => msg!("check-type-integer"),
            FieldType::Number => msg!("check-type-number"),
            FieldType::Boolean => msg!("check-type-boolean"),
            FieldType::List => msg!("check-type-list"),
        }
    }

    fn example(self, key: &str) -> String {
        let value = match self {
            FieldType::Text => "\"…\"",
            FieldType::Date => "2024-05-16",
            FieldType::Integer => "10",
            FieldType::Number => "1.5",
            FieldType::Boolean => "true",
            FieldType::List => "[\"…\"]",
        };
        format!("{key} = {value}")
    }
}
