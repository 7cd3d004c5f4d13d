//! The forms a check's findings are printed in: rustc-style text for people (see
//! `Diagnostic::render`), JSON for tools, and GitHub Actions workflow commands, which show
//! up as annotations on the changed lines of a pull request.

use serde::Serialize;

use super::CheckReport;
use crate::diag::{Diagnostic, Severity};

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    pages: Option<usize>,
    sections: Option<usize>,
    diagnostics: &'a [Diagnostic],
}

/// One JSON object: counts and every diagnostic with all its fields.
pub fn json(report: &CheckReport) -> String {
    let value = JsonReport {
        errors: report.errors(),
        warnings: report.warnings(),
        pages: report.pages,
        sections: report.sections,
        diagnostics: &report.diagnostics,
    };
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One `::error file=…,line=…,col=…,title=spindel S0004::message` line per diagnostic.
pub fn github(report: &CheckReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!("file={}", escape_property(file)));
            if d.line > 0 {
                props.push(format!("line={}", d.line));
                props.push(format!("col={}", d.column));
                props.push(format!("endColumn={}", d.column + d.width.max(1)));
            }
        }
        props.push(format!("title=spindel {}", d.code));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str("\nhint: ");
            message.push_str(hint);
        }
        out.push_str(&format!(
            "::{level} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// The escaping GitHub's runner undoes in a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// In a property value `:` and `,` separate properties, so they are escaped too.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn github_commands_escape_what_would_break_them() {
        let d = Diagnostic::error(Code::Email, "100% fel, igen")
            .at("content/a,b.md", "x\nyz\n", 3, 1)
            .hint("rad ett\nrad två");
        let report = CheckReport {
            diagnostics: vec![
                d,
                Diagnostic::warning(Code::HeadingSkip, "bara ett meddelande"),
            ],
            pages: None,
            sections: None,
            external_links: 0,
        };
        let text = github(&report);
        assert_eq!(
            text,
            "::error file=content/a%2Cb.md,line=2,col=2,endColumn=3,title=spindel S0007::100%25 fel, igen%0Ahint: rad ett%0Arad två\n\
             ::warning title=spindel S0003::bara ett meddelande\n"
        );
        let json: serde_json::Value = serde_json::from_str(&super::json(&report)).unwrap();
        assert_eq!(json["errors"], 1);
        assert_eq!(json["diagnostics"][0]["line"], 2);
        assert_eq!(json["diagnostics"][0]["code"], "S0007");
        assert_eq!(json["diagnostics"][1]["severity"], "warning");
        assert_eq!(json["diagnostics"][1]["code"], "S0003");
    }
}
