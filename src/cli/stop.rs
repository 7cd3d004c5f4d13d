//! Ending a run that is asked to stop (SIGINT from Ctrl-C, SIGTERM from `timeout` or a CI
//! runner): what a build had begun to write beside the output is removed first, so that the
//! previous output stays as it was and nothing is left behind.

use spindel::msg;
use spindel::msg::Catalogue;

/// Watches for SIGINT and SIGTERM on a thread of its own (through signal-hook, so that the
/// handler itself only records the signal); on one, abandons the build's staging folders,
/// says so if there were any, and exits with 128 + the signal's number, as a shell reports it.
#[cfg(unix)]
pub fn on_signals(cat: Catalogue) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            if spindel::output::abandon() {
                eprintln!("{}", cat.text(&msg!("build-interrupted")));
            }
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
pub fn on_signals(_cat: Catalogue) {}

/// A page whose template runs away (`render::limits`) cannot be stopped on its thread: the
/// run ends here, with the error naming the template, after removing what a build had begun
/// to write; `check --format json|github` reports it as it reports any problem. `serve`
/// sets a handler of its own once the site is first built.
pub fn on_runaway(cat: Catalogue, check_format: Option<super::Format>) {
    spindel::render::limits::on_runaway(move |runaway| {
        spindel::output::abandon();
        match check_format.filter(|f| *f != super::Format::Text) {
            Some(format) => {
                let report = spindel::check::CheckReport {
                    diagnostics: vec![runaway.diagnostic],
                    pages: None,
                    sections: None,
                    external_links: 0,
                };
                let _ = super::report::check(&report, format, false, &cat);
            }
            None => {
                let _ = super::report::failure(runaway.diagnostic.into(), &cat);
            }
        }
        std::process::exit(1);
    });
}
