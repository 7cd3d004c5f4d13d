//! The catalogue: each language's messages in Fluent's syntax (`sv.ftl`, `en.ftl`, compiled
//! into the binary), with the wording a site sets in spindel.toml laid over them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

use super::lang::Lang;
use super::message::{Arg, Message};
use super::numbers;

const SV: &str = include_str!("sv.ftl");
const EN: &str = include_str!("en.ftl");

type Bundle = FluentBundle<FluentResource>;

/// The messages of one language, ready to be shown. Cheap to clone.
#[derive(Clone)]
pub struct Catalogue {
    lang: Lang,
    bundle: Arc<Bundle>,
    verbose: bool,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("lang", &self.lang)
            .field("verbose", &self.verbose)
            .finish_non_exhaustive()
    }
}

impl Default for Catalogue {
    fn default() -> Self {
        Catalogue::builtin(Lang::default())
    }
}

/// Why a site's wording of a message was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideError {
    /// No message has this id; `nearest` is the id it most likely meant.
    UnknownId { id: String },
    /// The text is not a Fluent pattern (a `{` without its `}`, say).
    Syntax { id: String },
    /// The text names a value the message does not have.
    UnknownValue { id: String, name: String },
}

impl Catalogue {
    /// The messages as spindel words them.
    pub fn builtin(lang: Lang) -> Catalogue {
        static BUNDLES: [OnceLock<Arc<Bundle>>; 2] = [OnceLock::new(), OnceLock::new()];
        let bundle = BUNDLES[lang as usize]
            .get_or_init(|| Arc::new(bundle(lang, Vec::new())))
            .clone();
        Catalogue {
            lang,
            bundle,
            verbose: false,
        }
    }

    /// The messages with a site's own wording of some of them (id → Fluent pattern). Wording
    /// that cannot be used is left out and returned, so the run can say why.
    pub fn with_overrides(
        lang: Lang,
        overrides: &BTreeMap<String, String>,
    ) -> (Catalogue, Vec<OverrideError>) {
        if overrides.is_empty() {
            return (Catalogue::builtin(lang), Vec::new());
        }
        let base = Catalogue::builtin(lang);
        let mut errors = Vec::new();
        let mut resources = Vec::new();
        for (id, text) in overrides {
            let Some(builtin) = base.pattern(id) else {
                errors.push(OverrideError::UnknownId { id: id.clone() });
                continue;
            };
            let known = variables(builtin);
            // A Fluent message whose text continues on more lines has them indented.
            let source = format!("{id} = {}\n", text.replace('\n', "\n    "));
            let resource = match FluentResource::try_new(source) {
                Ok(r) => r,
                Err(_) => {
                    errors.push(OverrideError::Syntax { id: id.clone() });
                    continue;
                }
            };
            let unknown = resource.entries().find_map(|e| match e {
                ast::Entry::Message(m) => m
                    .value
                    .as_ref()
                    .and_then(|p| variables(p).into_iter().find(|v| !known.contains(v))),
                _ => None,
            });
            if let Some(name) = unknown {
                errors.push(OverrideError::UnknownValue {
                    id: id.clone(),
                    name: name.to_string(),
                });
                continue;
            }
            resources.push(resource);
        }
        let catalogue = Catalogue {
            lang,
            bundle: Arc::new(bundle(lang, resources)),
            verbose: false,
        };
        (catalogue, errors)
    }

    /// Whether `id` is a message of the catalogue.
    pub fn has(&self, id: &str) -> bool {
        self.pattern(id).is_some()
    }

    /// Every message id, for suggestions.
    pub fn ids() -> Vec<&'static str> {
        static IDS: OnceLock<Vec<&'static str>> = OnceLock::new();
        IDS.get_or_init(|| {
            let resource = FluentResource::try_new(SV.to_string()).unwrap_or_else(|(r, _)| r);
            let ids: BTreeSet<String> = resource
                .entries()
                .filter_map(|e| match e {
                    ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect();
            ids.into_iter()
                .map(|s| &*Box::leak(s.into_boxed_str()))
                .collect()
        })
        .clone()
    }

    /// Shows programmer detail (the system's own error text, a serde path) after messages.
    pub fn verbose(mut self, on: bool) -> Catalogue {
        self.verbose = on;
        self
    }

    pub fn is_verbose(&self) -> bool {
        self.verbose
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message as text in this catalogue's language.
    pub fn text(&self, m: &Message) -> String {
        let Some(pattern) = self.pattern(m.id) else {
            // Every id in the source is in both catalogues (a test reads them); this is a
            // last resort that still says something.
            return format!("{} {:?}", m.id, m.args);
        };
        let mut args = FluentArgs::new();
        let mut detail = None;
        for (name, arg) in &m.args {
            if let ("detail", Arg::Text(t)) = (*name, arg) {
                detail = Some(t.clone());
            }
            args.set(*name, self.value(arg));
        }
        let mut errors = Vec::new();
        let mut text = self
            .bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned();
        if let Some(detail) = detail.filter(|_| self.verbose)
            && !variables(pattern).contains("detail")
        {
            text.push_str(" [");
            text.push_str(&detail);
            text.push(']');
        }
        text
    }

    /// A count as this language writes it: `10 000` or `10,000`.
    pub fn count(&self, n: u64) -> String {
        numbers::integer(n, self.lang)
    }

    /// A size in bytes: `2,3 MB` or `2.3 MB`.
    pub fn size(&self, bytes: u64) -> String {
        numbers::size(bytes, self.lang)
    }

    fn value(&self, arg: &Arg) -> FluentValue<'static> {
        match arg {
            Arg::Text(s) => FluentValue::from(s.clone()),
            Arg::Count(n) => FluentValue::from(*n),
            Arg::Size(b) => FluentValue::from(numbers::size(*b, self.lang)),
            Arg::Millis(ms) => {
                FluentValue::from(numbers::decimal(*ms as f64 / 1000.0, 2, self.lang))
            }
            Arg::Msg(m) => FluentValue::from(self.text(m)),
        }
    }

    fn pattern(&self, id: &str) -> Option<&ast::Pattern<&str>> {
        self.bundle.get_message(id).and_then(|m| m.value())
    }
}

fn bundle(lang: Lang, overrides: Vec<FluentResource>) -> Bundle {
    let tag = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Isolation marks are for right-to-left text in a user interface; in a terminal they
    // are invisible characters that break copying a file name.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::Sv => numbers::fluent_sv,
        Lang::En => numbers::fluent_en,
    }));
    let source = match lang {
        Lang::Sv => SV,
        Lang::En => EN,
    };
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    // The catalogues are tested to parse and to hold no id twice.
    let _ = bundle.add_resource(resource);
    for r in overrides {
        bundle.add_resource_overriding(r);
    }
    bundle
}

/// The variables a pattern names, in its text and in its selectors.
fn variables<'a>(pattern: &'a ast::Pattern<&'a str>) -> BTreeSet<&'a str> {
    fn inline<'a>(e: &'a ast::InlineExpression<&'a str>, out: &mut BTreeSet<&'a str>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name);
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
            }
            _ => {}
        }
    }
    fn expr<'a>(e: &'a ast::Expression<&'a str>, out: &mut BTreeSet<&'a str>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern_into(&v.value, out);
                }
            }
        }
    }
    fn pattern_into<'a>(p: &'a ast::Pattern<&'a str>, out: &mut BTreeSet<&'a str>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expr(expression, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    pattern_into(pattern, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_and_variables(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("the catalogue does not parse: {errors:?}"),
        };
        let mut out = BTreeMap::new();
        for e in resource.entries() {
            if let ast::Entry::Message(m) = e {
                let vars = m
                    .value
                    .as_ref()
                    .map(|p| variables(p).into_iter().map(str::to_string).collect())
                    .unwrap_or_default();
                assert!(
                    out.insert(m.id.name.to_string(), vars).is_none(),
                    "`{}` is in the catalogue twice",
                    m.id.name
                );
            }
        }
        out
    }

    #[test]
    fn both_languages_have_the_same_messages_with_the_same_values() {
        let sv = ids_and_variables(SV);
        let en = ids_and_variables(EN);
        let only_sv: Vec<_> = sv.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<_> = en.keys().filter(|k| !sv.contains_key(*k)).collect();
        assert!(only_sv.is_empty(), "only in sv.ftl: {only_sv:?}");
        assert!(only_en.is_empty(), "only in en.ftl: {only_en:?}");
        for (id, vars) in &sv {
            assert_eq!(
                vars, &en[id],
                "`{id}` names other values in sv.ftl and en.ftl"
            );
        }
    }

    #[test]
    fn every_message_the_source_uses_is_in_the_catalogue_with_its_values() {
        let sv = ids_and_variables(SV);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut files = vec![root];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                for e in std::fs::read_dir(&path).unwrap() {
                    files.push(e.unwrap().path());
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("msg!(\"") {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                if text[line_start..at].trim_start().starts_with("//") {
                    continue;
                }
                let rest = &text[at + 6..];
                let id = &rest[..rest.find('"').unwrap()];
                let (call, named) = call_arguments(&rest[id.len() + 1..]);
                match sv.get(id) {
                    None => missing.push(format!("{}: `{id}`", path.display())),
                    Some(vars) => {
                        for v in vars {
                            if !named.contains(v) && !call.contains(".with(") {
                                missing.push(format!(
                                    "{}: `{id}` needs `{v}`, the call names {named:?}",
                                    path.display()
                                ));
                            }
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// The text of a `msg!(` call up to its closing parenthesis, and the names of its
    /// arguments (`name = value` at the call's top level).
    fn call_arguments(rest: &str) -> (&str, BTreeSet<String>) {
        let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
        let mut parts = vec![String::new()];
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(String::new());
                    continue;
                }
                _ => {}
            }
            if let Some(p) = parts.last_mut() {
                p.push(c);
            }
        }
        let named = parts
            .iter()
            .skip(1)
            .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_string()))
            .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .collect();
        (&rest[..end], named)
    }

    #[test]
    fn values_are_formatted_for_the_language() {
        let sv = Catalogue::builtin(Lang::Sv);
        let en = Catalogue::builtin(Lang::En);
        assert_eq!(sv.count(10_000), "10\u{a0}000");
        assert_eq!(en.count(10_000), "10,000");
        assert_eq!(sv.size(2_345_678), "2,3 MB");
        assert_eq!(en.size(2_345_678), "2.3 MB");
    }

    #[test]
    fn a_site_can_reword_a_message_but_not_invent_one() {
        let mut o = BTreeMap::new();
        o.insert("io-not-found".to_string(), "finns inte alls".to_string());
        o.insert("no-such-message".to_string(), "x".to_string());
        o.insert("io-other".to_string(), "{ $nothing }".to_string());
        o.insert("io-timed-out".to_string(), "{ oops".to_string());
        let (cat, errors) = Catalogue::with_overrides(Lang::Sv, &o);
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(cat.text(&Message::io(&e)), "finns inte alls");
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors.contains(&OverrideError::UnknownId {
            id: "no-such-message".into()
        }));
        assert!(errors.contains(&OverrideError::UnknownValue {
            id: "io-other".into(),
            name: "nothing".into()
        }));
        assert!(errors.contains(&OverrideError::Syntax {
            id: "io-timed-out".into()
        }));
        // The builtin wording of a rejected override stays.
        let other = std::io::Error::other("boom");
        assert_eq!(
            cat.text(&Message::io(&other)),
            Catalogue::builtin(Lang::Sv).text(&Message::io(&other))
        );
    }
}
