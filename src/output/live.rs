//! What a run has half-written and must take away if it is stopped: the staging folders and
//! retired outputs of `Staging`. A run stopped by SIGINT or SIGTERM, or by a template that
//! runs away (`render::limits`), calls `abandon` before it exits, so that nothing it began
//! is left beside the output. (`kill -9` gives no such chance: the next build removes what it
//! left, see `remove_leftovers`.)
//!
//! Every file written into a staging folder, and the swap of the output, holds the gate open
//! for reading; `abandon` closes it, so that no write is under way while the folders go, and
//! none begins after.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard};

static GATE: RwLock<()> = RwLock::new(());
static STOPPING: AtomicBool = AtomicBool::new(false);
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A folder to remove if the run is stopped.
pub(super) fn register(dir: &Path) {
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(dir.to_path_buf());
}

/// The folder is gone, or has become the output: nothing to remove any more.
pub(super) fn unregister(dir: &Path) {
    LIVE.lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|d| d != dir);
}

/// Leave to write (while the guard lives), unless the run is being stopped.
pub(super) fn writing() -> Option<RwLockReadGuard<'static, ()>> {
    let guard = GATE.read().unwrap_or_else(|e| e.into_inner());
    (!STOPPING.load(Ordering::SeqCst)).then_some(guard)
}

/// Stops every write and removes the folders the run was filling, leaving the output as it
/// was. Returns whether there were any (a build was under way). For the last moments of a
/// process: nothing is written through `Staging` afterwards.
pub fn abandon() -> bool {
    let _closed = GATE.write().unwrap_or_else(|e| e.into_inner());
    STOPPING.store(true, Ordering::SeqCst);
    let dirs = std::mem::take(&mut *LIVE.lock().unwrap_or_else(|e| e.into_inner()));
    for dir in &dirs {
        super::remove::remove_tree(dir);
    }
    !dirs.is_empty()
}
