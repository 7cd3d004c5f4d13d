//! What the commands print: diagnostics, the summary line of `check` and of a failed build,
//! and the exit code that goes with them.

use std::io::IsTerminal;
use std::process::ExitCode;

use spindel::diag::Diagnostic;
use spindel::pipeline::{BuildFailure, BuildReport};

use super::Format;

/// A build that succeeded: its warnings, and one line saying what was written where.
pub fn built(report: &BuildReport) -> ExitCode {
    print_diagnostics(&report.warnings);
    let warn = if report.warnings.is_empty() {
        String::new()
    } else {
        format!(", {} warning(s)", report.warnings.len())
    };
    println!(
        "Built {} pages, {} sections, {} terms: {} files, {} in {:.2} s → {}{warn}",
        report.pages,
        report.sections,
        report.terms,
        report.files,
        spindel::content::human_size(report.bytes),
        report.elapsed.as_secs_f64(),
        report.output.display(),
    );
    ExitCode::SUCCESS
}

pub fn print_diagnostics(ds: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in ds {
        eprintln!("{}", d.render(color));
    }
}

pub fn check(
    report: &spindel::check::CheckReport,
    format: Format,
    deny_warnings: bool,
) -> ExitCode {
    let (errors, warnings) = (report.errors(), report.warnings());
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match format {
        Format::Json => println!("{}", spindel::check::report::json(report)),
        Format::Github => print!("{}", spindel::check::report::github(report)),
        Format::Text => print_diagnostics(&report.diagnostics),
    }
    if format != Format::Json {
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let found = if errors + warnings == 0 {
            "no problems found".to_string()
        } else {
            format!(
                "{}, {}",
                count(errors, "error", "errors"),
                count(warnings, "warning", "warnings")
            )
        };
        let what = match (report.pages, report.sections) {
            (Some(p), Some(s)) => format!(
                "Checked {} and {}",
                count(p, "page", "pages"),
                count(s, "section", "sections")
            ),
            _ => "Checked the site".to_string(),
        };
        let external = if report.external_links > 0 {
            format!(
                " ({} checked)",
                count(report.external_links, "external link", "external links")
            )
        } else {
            String::new()
        };
        let mut line = format!("{what}{external}: {found}");
        if report.pages.is_none() && errors > 0 {
            line.push_str("; the templates are checked once these are fixed");
        }
        if deny_warnings && errors == 0 && warnings > 0 {
            line.push_str(" (--deny-warnings: warnings fail the check)");
        }
        if failed {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
    if report.is_usage() {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn failure(failure: BuildFailure) -> ExitCode {
    let usage = failure.diagnostics.is_usage();
    // The same template error on every page is shown, and counted, once.
    let ds = failure.diagnostics.sorted();
    let errors = ds.iter().filter(|d| d.is_error()).count();
    print_diagnostics(&ds);
    let plural = if errors == 1 { "" } else { "s" };
    eprintln!("build failed with {errors} error{plural}; nothing was written");
    ExitCode::from(if usage { 2 } else { 1 })
}
