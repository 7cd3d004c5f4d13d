//! A template that runs away while `serve` rebuilds (`render::limits`): its thread cannot be
//! stopped, so the rebuild loop it holds is left behind, the preview keeps the last good site
//! and shows the error, and a new loop, rendering on a thread pool of its own, rebuilds the
//! whole site on the next save. The stuck thread keeps a core busy until serve is restarted
//! (which the error says). A runaway in memory ends serve, as it would end any process.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

use super::{Shared, print_diagnostics, rebuild_loop};
use crate::msg;
use crate::pipeline::BuildOptions;
use crate::pipeline::context::BuildContext;
use crate::render::limits::Runaway;

/// The rebuild loop that may change what is served.
static CURRENT: AtomicU64 = AtomicU64::new(0);

/// Whether the loop `worker` is still the one that rebuilds.
pub(super) fn is_current(worker: u64) -> bool {
    CURRENT.load(Ordering::SeqCst) == worker
}

/// From now on, a runaway template leaves its rebuild loop behind for a new one.
pub(super) fn recover_by_rebuilding(
    shared: Arc<Shared>,
    rx: Arc<Mutex<Receiver<notify::Event>>>,
    build: BuildOptions,
) {
    crate::render::limits::on_runaway(move |runaway: Runaway| {
        let cat = &shared.messages;
        print_diagnostics(cat, std::slice::from_ref(&runaway.diagnostic));
        if runaway.fatal {
            eprintln!("{}", cat.text(&msg!("serve-stopped")));
            std::process::exit(1);
        }
        eprintln!("{}", cat.text(&msg!("serve-rebuild-failed")));
        let worker = CURRENT.fetch_add(1, Ordering::SeqCst) + 1;
        {
            let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            state.generation += 1;
            state.css_only = false;
            state.errors = vec![runaway.diagnostic];
        }
        shared.changed.notify_all();
        let (shared, rx, build) = (shared.clone(), rx.clone(), build.clone());
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new().build().ok();
            rebuild_loop(&rx, BuildContext::new(build), &shared, worker, pool);
        });
    });
}
