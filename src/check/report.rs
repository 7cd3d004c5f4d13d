//! The forms a check's findings are printed in: rustc-style text for people (see
//! `Diagnostic::render`), JSON for tools, and GitHub Actions workflow commands, which show
//! up as annotations on the changed lines of a pull request.

use serde::Serialize;

use super::CheckReport;
use crate::diag::{Code, Diagnostic, Origin, Severity};
use crate::msg::Catalogue;

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    pages: Option<usize>,
    sections: Option<usize>,
    /// The language of `message` and `hint`.
    language: &'static str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: Code,
    severity: Severity,
    origin: Origin,
    message: String,
    /// The message's id in spindel's catalogue: stable for tools, as `code` is.
    message_id: &'static str,
    file: Option<&'a str>,
    line: usize,
    column: usize,
    width: usize,
    source_line: Option<&'a str>,
    hint: Option<String>,
    detail: Option<&'a str>,
    /// The other places the problem involves (the first of two files that claim one URL).
    related: Vec<JsonPlace<'a>>,
}

#[derive(Serialize)]
struct JsonPlace<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    width: usize,
    source_line: Option<&'a str>,
    label: Option<String>,
}

/// One JSON object: counts and every diagnostic with all its fields, its words in the
/// catalogue's language.
pub fn json(report: &CheckReport, cat: &Catalogue) -> String {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| JsonDiagnostic {
            code: d.code,
            severity: d.severity,
            origin: d.origin,
            message: d.message_text(cat),
            message_id: d.message.id,
            file: d.file.as_deref(),
            line: d.line,
            column: d.column,
            width: d.width,
            source_line: d.source_line.as_deref(),
            hint: d.hint_text(cat),
            detail: d.detail.as_deref(),
            related: d
                .related
                .iter()
                .map(|p| JsonPlace {
                    file: &p.file,
                    line: p.line,
                    column: p.column,
                    width: p.width,
                    source_line: p.source_line.as_deref(),
                    label: p.label.as_ref().map(|l| cat.text(l)),
                })
                .collect(),
        })
        .collect();
    let value = JsonReport {
        errors: report.errors(),
        warnings: report.warnings(),
        pages: report.pages,
        sections: report.sections,
        language: cat.lang().code(),
        diagnostics,
    };
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One `::error file=…,line=…,col=…,title=spindel S0004::message` line per diagnostic.
pub fn github(report: &CheckReport, cat: &Catalogue) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let props = match &d.file {
            Some(file) => place_properties(file, d.line, d.column, d.width, d.code),
            None => format!("title=spindel {}", d.code),
        };
        let mut message = d.message_text(cat);
        if let Some(hint) = d.hint_text(cat) {
            message.push('\n');
            message.push_str(&cat.text(&crate::msg!("diag-hint")));
            message.push_str(": ");
            message.push_str(&hint);
        }
        out.push_str(&format!("::{level} {props}::{}\n", escape_data(&message)));
        // The other places of the problem, as notes on their own lines, so that a pull
        // request shows both files of a URL clash.
        for p in &d.related {
            let props = place_properties(&p.file, p.line, p.column, p.width, d.code);
            let label = p.label.as_ref().map(|l| cat.text(l)).unwrap_or_default();
            let note = format!("{}: {label}", d.message_text(cat));
            out.push_str(&format!("::notice {props}::{}\n", escape_data(&note)));
        }
    }
    out
}

/// A workflow command's properties for a place in a file: the file, and the line and columns
/// when the place is not the whole file; then the code as the title.
fn place_properties(file: &str, line: usize, column: usize, width: usize, code: Code) -> String {
    let mut props = format!("file={}", escape_property(file));
    if line > 0 {
        let end = column + width.max(1);
        props.push_str(&format!(",line={line},col={column},endColumn={end}"));
    }
    props.push_str(&format!(",title=spindel {code}"));
    props
}

/// The escaping GitHub's runner undoes in a workflow command's message; its line breaks stay
/// line breaks, every other control character (an escape sequence in a file name or in the
/// text quoted) is shown as its picture (`␛`), as in the text report: the runner would pass
/// it raw to the log.
fn escape_data(s: &str) -> String {
    let lines: Vec<_> = s.split('\n').map(crate::diag::render::visible).collect();
    lines.join("\n").replace('%', "%25").replace('\n', "%0A")
}

/// In a property value `:` and `,` separate properties, so they are escaped too; a line break
/// in a file name is shown as its picture (`␊`), as every other control character.
fn escape_property(s: &str) -> String {
    crate::diag::render::visible(s)
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_escape_what_would_break_them() {
        let d = Diagnostic::error(
            Code::Email,
            crate::msg!("check-email", contact = "100% fel, igen"),
        )
        .at("content/a,b.md", "x\nyz\n", 3, 1)
        .hint(crate::msg!("fm-not-closed-hint"));
        let report = CheckReport {
            diagnostics: vec![
                d,
                Diagnostic::warning(Code::HeadingSkip, crate::msg!("check-link-no-text")),
            ],
            pages: None,
            sections: None,
            external_links: 0,
        };
        let cat = Catalogue::builtin(crate::msg::Lang::Sv);
        let text = github(&report, &cat);
        assert_eq!(
            text,
            "::error file=content/a%2Cb.md,line=2,col=2,endColumn=3,title=spindel S0007::e-postadressen `100%25 fel, igen` kan vara en persons egen%0Agör så här: lägg till en rad med +++ efter sidhuvudets sista fält\n\
             ::warning title=spindel S0003::länken saknar text\n"
        );
        // Control characters in a file name or a quoted text reach the log as pictures; a line
        // break splits no command.
        let d = Diagnostic::error(
            Code::Email,
            crate::msg!("check-email", contact = "a\u{1b}[31m\rb\u{7}"),
        )
        .at("content/INJECT\u{1b}[31m\n::error ::x.md", "x\n", 0, 1);
        let injected = CheckReport {
            diagnostics: vec![d],
            pages: None,
            sections: None,
            external_links: 0,
        };
        let text = github(&injected, &cat);
        assert!(
            text.starts_with(
                "::error file=content/INJECT␛[31m␊%3A%3Aerror %3A%3Ax.md,line=1,col=1,endColumn=2,\
                 title=spindel S0007::e-postadressen `a␛[31m␍b␇`"
            ),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        let json: serde_json::Value = serde_json::from_str(&super::json(&report, &cat)).unwrap();
        assert_eq!(json["errors"], 1);
        assert_eq!(json["diagnostics"][0]["line"], 2);
        assert_eq!(json["diagnostics"][0]["code"], "S0007");
        assert_eq!(json["diagnostics"][1]["severity"], "warning");
        assert_eq!(json["diagnostics"][1]["code"], "S0003");
    }
}
