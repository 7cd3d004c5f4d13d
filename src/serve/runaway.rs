//! A template that runs away while `serve` rebuilds (`render::limits`): its thread cannot be
//! stopped, so the rebuild loop it holds is left behind, the preview keeps the last good site
//! and shows the error, and a new loop, rendering on a thread pool of its own, rebuilds the
//! whole site on the next save. The given-up build's pages stop at their next write (see
//! `render::limits`); only a loop that writes nothing keeps its core busy until serve is
//! restarted. A runaway in memory ends serve, as it would end any process.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::diag::Diagnostic;
use crate::msg;
use crate::msg::Catalogue;
use crate::render::limits::Runaway;

/// The rebuild loop that may change what is served.
static CURRENT: AtomicU64 = AtomicU64::new(0);

/// Whether the loop `worker` is still the one that rebuilds.
pub(super) fn is_current(worker: u64) -> bool {
    CURRENT.load(Ordering::SeqCst) == worker
}

/// From now on, a runaway template is shown (`show`, which prints it and puts it before the
/// preview) and its rebuild loop replaced by a new one (`restart`, with the new loop's number).
pub(super) fn recover_by_restarting(
    cat: Catalogue,
    show: impl Fn(Diagnostic) + Send + Sync + 'static,
    restart: impl Fn(u64) + Send + Sync + 'static,
) {
    crate::render::limits::on_runaway(move |runaway: Runaway| {
        if runaway.fatal {
            show(runaway.diagnostic);
            eprintln!("{}", cat.text(&msg!("serve-stopped")));
            std::process::exit(1);
        }
        let worker = CURRENT.fetch_add(1, Ordering::SeqCst) + 1;
        show(runaway.diagnostic);
        restart(worker);
    });
}
