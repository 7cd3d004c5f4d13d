//! The watcher and the rebuild thread: waits for saves, brings the site up to date through the
//! build context, and tells the open pages (`state.rs`).
//!
//! The site's folders (`content/`, `static/`, …) are watched each on its own, recursively, and
//! the site root alone, for `spindel.toml` and for the folders themselves. A folder that is
//! moved away, deleted, moved back or made again is watched anew as soon as the root says so
//! (inotify forgets a folder that leaves its place), and after an error or lost events of the
//! watcher every folder is, with a full rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::state::{Shared, served, snapshot_of};
use crate::content::links::SITE_DIRS;
use crate::diag::{Code, Diagnostic};
use crate::msg;
use crate::msg::Catalogue;
use crate::pipeline::context::{BuildContext, Outputs, is_source};

/// Quiet time after the last file event before rebuilding: editors save in bursts.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// The longest a burst is gathered before rebuilding anyway.
const MAX_BURST: Duration = Duration::from_millis(500);

pub struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    events: Receiver<notify::Result<notify::Event>>,
    /// Folders that could not be watched again, to be reported.
    problems: Vec<Diagnostic>,
}

fn cannot_watch(e: &notify::Error) -> Diagnostic {
    Diagnostic::error(
        Code::CannotWatch,
        msg!("serve-cannot-watch", reason = e.to_string()),
    )
}

impl Watch {
    /// Watches the site at `root`.
    pub fn start(root: &Path) -> Result<Watch, Diagnostic> {
        let root = crate::output::absolute(root);
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })
        .map_err(|e| cannot_watch(&e))?;
        // spindel.toml is watched through its directory: editors replace the file on save.
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| cannot_watch(&e))?;
        let mut watch = Watch {
            watcher,
            root,
            events,
            problems: Vec::new(),
        };
        for dir in SITE_DIRS {
            watch.arm(dir).map_err(|e| cannot_watch(&e).in_file(*dir))?;
        }
        Ok(watch)
    }

    /// Watches the folder `dir` of the site afresh, if it is there.
    fn arm(&mut self, dir: &str) -> notify::Result<()> {
        let path = self.root.join(dir);
        let _ = self.watcher.unwatch(&path);
        if path.is_dir() {
            self.watcher.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// The site folder an event's path is, if it is one itself (`<root>/content`).
    fn site_dir(&self, path: &Path) -> Option<&'static str> {
        if path.parent() != Some(self.root.as_path()) {
            return None;
        }
        let name = path.file_name()?.to_str()?;
        SITE_DIRS.iter().copied().find(|d| *d == name)
    }

    /// Waits for the next burst of changes: the sources that changed, with the site folders
    /// watched anew where needed. `None` when the watcher is gone.
    fn next_burst(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let first = self.events.recv().ok()?;
            let mut changed: Vec<PathBuf> = Vec::new();
            let mut rearm: Vec<&'static str> = Vec::new();
            let mut everything = false;
            let mut collect = |event: notify::Result<notify::Event>| match event {
                Ok(e) if matches!(e.kind, notify::EventKind::Access(_)) => {}
                Ok(e) => {
                    everything |= e.need_rescan();
                    for path in e.paths {
                        if let Some(dir) = self.site_dir(&path)
                            && !rearm.contains(&dir)
                        {
                            rearm.push(dir);
                        }
                        if is_source(&self.root, &path) {
                            changed.push(path);
                        }
                    }
                }
                // Lost events or a watch gone wrong: look at everything again.
                Err(_) => everything = true,
            };
            collect(first);
            // Coalesce a burst of events (write temp, rename, touch) into one rebuild.
            let started = Instant::now();
            while started.elapsed() < MAX_BURST {
                match self.events.recv_timeout(DEBOUNCE) {
                    Ok(e) => collect(e),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            if everything {
                rearm = SITE_DIRS.to_vec();
                // A path no page has: the context then builds everything.
                changed.push(self.root.join("content"));
            }
            // Watch first, then build: whatever changes after this is seen, whatever changed
            // before it is read by the build.
            for dir in rearm {
                if let Err(e) = self.arm(dir) {
                    self.problems.push(cannot_watch(&e).in_file(dir));
                }
            }
            if !changed.is_empty() {
                return Some(changed);
            }
        }
    }
}

pub fn print_diagnostics(cat: &Catalogue, ds: &[Diagnostic]) {
    for d in ds {
        eprintln!("{}", d.render(cat, crate::diag::color_on_stderr()));
    }
}

/// Waits for saves, brings the site up to date through the build context, and tells the
/// open pages. Runs as long as the watcher does.
/// A runaway template's error, over the last good site (`runaway`).
pub fn show_runaway(shared: &Shared, d: Diagnostic) {
    print_diagnostics(&shared.messages, std::slice::from_ref(&d));
    eprintln!("{}", shared.messages.text(&msg!("serve-rebuild-failed")));
    let mut state = shared.lock();
    state.generation += 1;
    state.css_only = false;
    state.errors = vec![d];
    drop(state);
    shared.changed.notify_all();
}

/// Rebuilds on every burst of saves. `worker` counts the loops started (`runaway`): a loop
/// that a runaway template left behind never touches the state again; a loop started after
/// one renders on a `pool` of its own.
pub fn rebuild_loop(
    watch: &Mutex<Watch>,
    mut context: BuildContext,
    shared: &Arc<Shared>,
    worker: u64,
    pool: Option<rayon::ThreadPool>,
) {
    loop {
        let (changed, problems) = {
            let mut watch = watch.lock().unwrap_or_else(|e| e.into_inner());
            let Some(changed) = watch.next_burst() else {
                return;
            };
            (changed, std::mem::take(&mut watch.problems))
        };
        print_diagnostics(&shared.messages, &problems);
        let css_only = changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
        let started = Instant::now();
        // The pages keep the last good site while this runs.
        let result = match &pool {
            Some(pool) => pool.install(|| context.update(&changed)),
            None => context.update(&changed),
        };
        if !super::runaway::is_current(worker) {
            return;
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut state = shared.lock();
        state.generation += 1;
        let mut search_stale = false;
        match result {
            Ok(rebuilt) => {
                print_diagnostics(&shared.messages, &rebuilt.warnings);
                let ms = crate::msg::Arg::Millis(ms as u64);
                let (snapshot, what) = match rebuilt.outputs {
                    Outputs::All(files) => (
                        snapshot_of(files, &shared.inject),
                        msg!("serve-rebuilt", ms = ms),
                    ),
                    Outputs::Changed(files) => {
                        let mut snapshot = (*state.snapshot).clone();
                        let n = files.len();
                        snapshot.files.extend(
                            files
                                .into_iter()
                                .map(|f| served(&f.path, f.contents, &shared.inject)),
                        );
                        (snapshot, msg!("serve-rerendered", n = n, ms = ms))
                    }
                };
                println!("{}", shared.messages.text(&what));
                search_stale = rebuilt.search_stale;
                state.snapshot = Arc::new(snapshot);
                state.css_only = css_only;
                state.errors.clear();
                state.internal = context.internal_pages();
            }
            Err(failure) => {
                let ds = failure.diagnostics.sorted();
                print_diagnostics(&shared.messages, &ds);
                eprintln!("{}", shared.messages.text(&msg!("serve-rebuild-failed")));
                state.css_only = false;
                state.errors = ds.into_iter().filter(Diagnostic::is_error).collect();
            }
        }
        drop(state);
        shared.changed.notify_all();
        // The search index is made again after the reload is announced, so that a save shows
        // at once and search catches up a moment later (a full build makes it anew anyway).
        if search_stale {
            let files: Vec<_> = context
                .search_index()
                .into_iter()
                .map(|f| served(&f.path, f.contents, &shared.inject))
                .collect();
            let mut state = shared.lock();
            let mut snapshot = (*state.snapshot).clone();
            snapshot.files.extend(files);
            state.snapshot = Arc::new(snapshot);
        }
    }
}
