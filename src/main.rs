//! `spindel`: reads the arguments (`cli`) and runs the command; all work happens in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command};
use spindel::pipeline::{BuildOptions, build};

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
            cli::report::check(&report, format, deny_warnings)
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
                Ok(report) => cli::report::built(&report),
                Err(failure) => cli::report::failure(failure),
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
                Err(failure) => cli::report::failure(failure),
            }
        }
    }
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
