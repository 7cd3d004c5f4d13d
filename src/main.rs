//! `spindel`: reads the arguments (`cli`) and runs the command; all work happens in the library.

mod cli;

use std::process::ExitCode;

use cli::{Cli, Command};
use spindel::pipeline::{BuildOptions, build};

/// jemalloc instead of the system's allocator: a build allocates many small template values
/// on every thread (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    spindel::alloc::set_give_back(purge_jemalloc);
    let cli = match Cli::read() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let cat = cli.messages(cli.command.root());
    cli::stop::on_signals(cat.clone());
    let check_format = match &cli.command {
        Command::Check { format, .. } => Some(*format),
        _ => None,
    };
    cli::stop::on_runaway(cat.clone(), check_format);
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
            cli::report::check(&report, format, deny_warnings, &cat)
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
                Ok(report) => cli::report::built(&report, &cat),
                Err(failure) => cli::report::failure(failure, &cat),
            }
        }
        Command::New { kind, title, root } => match kind {
            None => cli::report::page_types(spindel::new::list(&root), &cat),
            Some(kind) => {
                cli::report::created(spindel::new::create(&root, &kind, title.as_deref()), &cat)
            }
        },
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
                messages: cat.clone(),
            };
            match spindel::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => cli::report::failure(failure, &cat),
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

/// Hands jemalloc's freed pages back to the operating system now. `arena.<i>.purge` takes no
/// value, which `tikv-jemalloc-ctl` has no call for (its writes always pass one, and jemalloc
/// refuses those), so it is called here directly.
fn purge_jemalloc() {
    // `arena.<i>.purge` with i = MALLCTL_ARENAS_ALL (4096 in jemalloc 5): every arena.
    let name = c"arena.4096.purge";
    // SAFETY: a NUL-terminated control name and no value to read or write, which is how
    // jemalloc's manual says `arena.<i>.purge` is called. A failure only leaves the memory
    // to the decay, so the result is not needed.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    fn resident_kb() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn freed_memory_is_given_back_at_once() {
        spindel::alloc::set_give_back(super::purge_jemalloc);
        // Many blocks of a source's size, touched so that they are resident.
        let blocks: Vec<Vec<u8>> = (0..40_000).map(|i| vec![i as u8 | 1; 6500]).collect();
        let held = resident_kb();
        drop(blocks);
        spindel::alloc::give_back_freed_memory();
        let after = resident_kb();
        // Nearly all of what was freed must come back: more than jemalloc gives back at once
        // without being asked, as it keeps part for later (decay).
        assert!(
            held.saturating_sub(after) > 230_000,
            "resident {held} KB before, {after} KB after"
        );
    }
}
