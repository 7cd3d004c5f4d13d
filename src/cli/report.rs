//! What the commands print: diagnostics, the summary line of `check` and of a build, and the
//! exit code that goes with them, in the words of the run's catalogue.

use std::process::ExitCode;

use spindel::diag::Diagnostic;
use spindel::msg;
use spindel::msg::{Arg, Catalogue};
use spindel::pipeline::{BuildFailure, BuildReport};

use super::Format;

/// A build that succeeded: its warnings, and one line saying what was written where.
pub fn built(report: &BuildReport, cat: &Catalogue) -> ExitCode {
    print_diagnostics(&report.warnings, cat);
    let line = msg!(
        "build-done",
        pages = report.pages,
        sections = report.sections,
        terms = report.terms,
        files = report.files,
        size = Arg::Size(report.bytes),
        seconds = Arg::Millis(report.elapsed.as_millis() as u64),
        output = report.output.display().to_string(),
        warnings = report.warnings.len()
    );
    println!("{}", cat.text(&line));
    ExitCode::SUCCESS
}

pub fn print_diagnostics(ds: &[Diagnostic], cat: &Catalogue) {
    let color = spindel::diag::color_on_stderr();
    for d in ds {
        eprintln!("{}", d.render(cat, color));
    }
}

pub fn check(
    report: &spindel::check::CheckReport,
    format: Format,
    deny_warnings: bool,
    cat: &Catalogue,
) -> ExitCode {
    let (errors, warnings) = (report.errors(), report.warnings());
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match format {
        Format::Json => println!("{}", spindel::check::report::json(report, cat)),
        Format::Github => print!("{}", spindel::check::report::github(report, cat)),
        Format::Text => print_diagnostics(&report.diagnostics, cat),
    }
    if format != Format::Json {
        let found = if errors + warnings == 0 {
            msg!("check-found-none")
        } else {
            msg!("check-found", errors = errors, warnings = warnings)
        };
        let what = match (report.pages, report.sections) {
            (Some(p), Some(s)) => msg!("check-checked", pages = p, sections = s),
            _ => msg!("check-checked-site"),
        };
        let mut line = cat.text(&msg!(
            "check-summary",
            what = what,
            external = report.external_links,
            found = found
        ));
        if report.pages.is_none() && errors > 0 {
            line.push_str(&cat.text(&msg!("check-templates-later")));
        }
        if deny_warnings && errors == 0 && warnings > 0 {
            line.push_str(&cat.text(&msg!("check-deny-warnings")));
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

pub fn failure(failure: BuildFailure, cat: &Catalogue) -> ExitCode {
    let usage = failure.diagnostics.is_usage();
    // The same template error on every page is shown, and counted, once.
    let ds = failure.diagnostics.sorted();
    let errors = ds.iter().filter(|d| d.is_error()).count();
    print_diagnostics(&ds, cat);
    eprintln!("{}", cat.text(&msg!("build-failed", errors = errors)));
    ExitCode::from(if usage { 2 } else { 1 })
}

/// `spindel new` without a type: the types, one a line, and how to use one.
pub fn page_types(
    found: Result<spindel::new::Types, Vec<Diagnostic>>,
    cat: &Catalogue,
) -> ExitCode {
    let found = match found {
        Ok(f) => f,
        Err(ds) => return problems(&ds, cat),
    };
    print_diagnostics(&found.problems, cat);
    if !found.types.is_empty() {
        println!("{}", cat.text(&msg!("new-types")));
        let width = found
            .types
            .iter()
            .map(|t| t.name.chars().count())
            .max()
            .unwrap_or(0);
        for t in &found.types {
            let name = format!("{:width$}", t.name);
            let line = msg!(
                "new-type-line",
                name = name,
                description = &t.description,
                section = &t.section
            );
            println!("  {}", cat.text(&line));
        }
        let example = &found.types[0].name;
        println!("{}", cat.text(&msg!("new-types-usage", kind = example)));
    }
    if found.problems.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `spindel new TYPE "Titel"`: the file written and what to do next, or why nothing was.
pub fn created(result: Result<String, Vec<Diagnostic>>, cat: &Catalogue) -> ExitCode {
    match result {
        Ok(rel) => {
            println!("{}", cat.text(&msg!("new-created", file = rel)));
            println!("{}", cat.text(&msg!("new-created-next")));
            ExitCode::SUCCESS
        }
        Err(ds) => problems(&ds, cat),
    }
}

/// Diagnostics that stopped a command that is not a build: exit 2 if the command was called
/// wrongly, else 1.
fn problems(ds: &[Diagnostic], cat: &Catalogue) -> ExitCode {
    print_diagnostics(ds, cat);
    let usage = ds.iter().any(|d| d.origin == spindel::diag::Origin::Usage);
    ExitCode::from(if usage { 2 } else { 1 })
}
