//! The command line; all work happens in the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use spindel::diag::Diagnostic;
use spindel::pipeline::{BuildFailure, BuildOptions, build};

#[derive(Parser)]
#[command(
    name = "spindel",
    version,
    about = "A static site generator for the knowledge site of the municipal network for Roma inclusion"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (public/ by default).
    Build {
        /// The site directory, holding spindel.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; overrides output_dir in spindel.toml.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Override base_url, e.g. for a deploy preview.
        #[arg(long)]
        base_url: Option<String>,
        /// Write HTML, CSS and JavaScript without minifying them.
        #[arg(long)]
        no_minify: bool,
    },
    /// Check the site without writing anything: everything build checks, plus links, terms,
    /// required fields, accessibility and privacy. Exits with 1 if anything must be fixed.
    Check {
        /// The site directory, holding spindel.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Also fetch the links to other websites (and report broken ones and redirects).
        #[arg(long)]
        external: bool,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print the findings: text for people, json for tools, github for CI annotations.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Seconds to wait for each external link.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Build the site into memory, serve it, and rebuild and reload the browser on every save.
    Serve {
        /// The site directory, holding spindel.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Anything but loopback makes the preview public.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            root,
            drafts,
            external,
            deny_warnings,
            format,
            timeout,
        } => {
            let opts = spindel::check::CheckOptions {
                root,
                drafts,
                external,
                timeout: std::time::Duration::from_secs(timeout.max(1)),
                cache_dir: None,
            };
            let report = spindel::check::run(&opts);
            report_check(&report, format, deny_warnings)
        }
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            no_minify,
        } => {
            let opts = BuildOptions {
                root,
                output,
                drafts,
                base_url,
                progress: true,
                no_minify,
                preview: false,
            };
            match build(&opts) {
                Ok(report) => {
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
                Err(failure) => report_failure(failure),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
        } => {
            let build = BuildOptions {
                root,
                drafts,
                preview: true,
                ..BuildOptions::default()
            };
            let opts = spindel::serve::ServeOptions {
                build,
                bind,
                port,
                open,
            };
            match spindel::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => report_failure(failure),
            }
        }
    }
}

fn print_diagnostics(ds: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in ds {
        eprintln!("{}", d.render(color));
    }
}

fn report_check(
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

fn report_failure(failure: BuildFailure) -> ExitCode {
    let usage = failure.diagnostics.is_usage();
    // The same template error on every page is shown, and counted, once.
    let ds = failure.diagnostics.sorted();
    let errors = ds.iter().filter(|d| d.is_error()).count();
    print_diagnostics(&ds);
    let plural = if errors == 1 { "" } else { "s" };
    eprintln!("build failed with {errors} error{plural}; nothing was written");
    ExitCode::from(if usage { 2 } else { 1 })
}

/// `spindel check --format json | head` closes the pipe early: end quietly, as other command
/// line programs do, instead of panicking on the next write. Rust ignores SIGPIPE by default,
/// so that a write fails with an error; here its default action (ending the process) is back.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
