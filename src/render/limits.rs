//! Limits on what rendering one page may take. Tera has no fuel of its own: a template that
//! loops 100 000 × 100 000 times would render for ever, and one that doubles a string in a
//! loop would take all the memory there is. So:
//!
//! - **work**: `range` (Tera's own, registered again here) counts the numbers it gives each
//!   page; past `RANGE_FUEL` the page fails with an error naming its template (`R0005`);
//! - **size**: a page's HTML is written through `Capped`, which refuses more than
//!   `MAX_PAGE_BYTES` (`R0005`);
//! - **time and memory**, for loops that need neither (nested loops over data, a string
//!   doubled): every page being rendered is listed with its template and when it began, and a
//!   watchdog thread looks at the list ten times a second. A page that renders for longer than
//!   `SPINDEL_RENDER_TIMEOUT` seconds (default 30), or memory that grows by more than
//!   `SPINDEL_RENDER_MEMORY` megabytes (default 2000) while pages render, is a runaway: the
//!   handler the command set (`on_runaway`) is told, with an error naming the template. A
//!   thread cannot be stopped from outside, so the handler of `build` and `check` ends the
//!   process (after removing what the build had begun to write), and `serve` leaves the stuck
//!   thread and rebuilds on a new one. Without a handler there is no watchdog.
//! - **stopping**: a build given up for time is cancelled (`Cancel`): each of its pages stops
//!   at its next write or `range`, and the pages not begun do not start, so that the stuck
//!   threads come free. Only a loop that writes nothing and calls no function cannot be
//!   stopped (Tera has no hook between its instructions): its thread stays busy.
//!
//! Each check costs a thread-local counter per `range` and a length test per write; the list
//! is touched twice per page.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use tera::{Error, Kwargs, State, Tera, TeraResult};

use crate::diag::{Code, Diagnostic, display_path};
use crate::msg;

/// The numbers `range` may give one page, all its loops together.
pub const RANGE_FUEL: u64 = 200_000;
/// The largest page a template may write: 64 MB.
pub const MAX_PAGE_BYTES: usize = 64_000_000;
/// Tera's own limit on one `range`, kept.
const MAX_RANGE_LEN: i128 = 100_000;

/// Which limit a page went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Exceeded {
    Work,
    Size,
    /// The watchdog gave up the build the page belongs to.
    Stopped,
}

/// Set when the watchdog gives up a build (a page of it ran for too long): every page of that
/// build still rendering stops at its next write or `range`, and the ones not begun stop at
/// once, so that a runaway in `serve` does not keep the render threads busy. One per
/// `Renderer`, shared by the pages it renders.
#[derive(Clone, Default)]
pub(super) struct Cancel(Arc<AtomicBool>);

impl Cancel {
    fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

thread_local! {
    /// The `range` numbers given to the page this thread renders, if it renders one.
    static FUEL: Cell<Option<u64>> = const { Cell::new(None) };
    static EXCEEDED: Cell<Option<Exceeded>> = const { Cell::new(None) };
    /// The build of the page this thread renders, to stop it when the watchdog says so.
    static CANCEL: RefCell<Option<Cancel>> = const { RefCell::new(None) };
}

/// Whether the page this thread renders must stop (its build was given up); marks it so.
fn stopped() -> bool {
    let stop = CANCEL.with_borrow(|c| c.as_ref().is_some_and(Cancel::is_set));
    if stop {
        EXCEEDED.set(Some(Exceeded::Stopped));
    }
    stop
}

/// A page being rendered, as the watchdog sees it.
#[derive(Clone)]
struct Entry {
    /// The template file, relative to the site.
    file: PathBuf,
    page: String,
    started: Instant,
    reported: bool,
    cancel: Cancel,
}

static RUNNING: Mutex<Option<HashMap<ThreadId, Entry>>> = Mutex::new(None);

/// A runaway page found by the watchdog: the error to show, and whether the process must end
/// (memory: the thread that is taking it cannot be stopped), or may go on without the stuck
/// thread (time).
pub struct Runaway {
    pub diagnostic: Diagnostic,
    pub fatal: bool,
}

type Handler = Arc<dyn Fn(Runaway) + Send + Sync>;
static HANDLER: RwLock<Option<Handler>> = RwLock::new(None);

/// What to do with a runaway page; replaces the handler set before, and starts the watchdog.
pub fn on_runaway(handler: impl Fn(Runaway) + Send + Sync + 'static) {
    *HANDLER.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(handler));
    static WATCHDOG: OnceLock<()> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let _ = std::thread::Builder::new()
            .name("spindel-watchdog".into())
            .spawn(watch);
    });
}

/// Marks this thread as rendering `page` with the template at `file`, for the build that
/// `cancel` stops, until the guard drops.
pub(super) fn start(file: PathBuf, page: &str, cancel: &Cancel) -> Rendering {
    FUEL.set(Some(0));
    EXCEEDED.set(None);
    CANCEL.set(Some(cancel.clone()));
    let entry = Entry {
        file,
        page: page.to_string(),
        started: Instant::now(),
        reported: false,
        cancel: cancel.clone(),
    };
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(std::thread::current().id(), entry);
    Rendering
}

/// A page being rendered on this thread (see `start`).
pub(super) struct Rendering;

impl Rendering {
    /// The limit the page went past, if its rendering failed for that.
    pub(super) fn exceeded(&self) -> Option<Exceeded> {
        EXCEEDED.get()
    }

    /// Whether the page's build was given up before the page began.
    pub(super) fn stopped(&self) -> bool {
        stopped()
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        FUEL.set(None);
        EXCEEDED.set(None);
        CANCEL.set(None);
        if let Some(running) = RUNNING.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            running.remove(&std::thread::current().id());
        }
    }
}

/// The error for a page that went past `limit`, in place of Tera's (whose place in the
/// template it keeps).
/// The same on every page that uses the template, so that it is shown once.
pub(super) fn diagnostic(mut d: Diagnostic, limit: Exceeded, file: &str) -> Diagnostic {
    d.code = Code::TemplateLimit;
    let (message, hint) = match limit {
        Exceeded::Work => (
            msg!(
                "template-too-much-work",
                template = file,
                limit = RANGE_FUEL
            ),
            msg!("template-too-much-work-hint"),
        ),
        Exceeded::Size => (
            msg!(
                "template-page-too-large",
                template = file,
                size = crate::msg::Arg::Size(MAX_PAGE_BYTES as u64)
            ),
            msg!("template-too-much-work-hint"),
        ),
        Exceeded::Stopped => (
            msg!("template-stopped", template = file),
            msg!("template-too-much-work-hint"),
        ),
    };
    d.message = message;
    d.hint = Some(hint);
    d
}

/// Registers `range` again, as Tera's with the page's fuel counted.
pub(super) fn register(tera: &mut Tera) {
    tera.register_function("range", range);
}

fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(Error::message(
            "Function `range` was called with a `step_by` argument of 0",
        ));
    }
    if start > end && step > 0 {
        return Err(Error::message(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    let span = if step > 0 {
        end.checked_sub(start)
    } else {
        start.checked_sub(end)
    };
    let overflow =
        || Error::message("Function `range` was called with arguments that overflow i128");
    let span = span.ok_or_else(overflow)?.max(0);
    let step_size = step.checked_abs().ok_or_else(overflow)?;
    let len = span.checked_add(step_size - 1).ok_or_else(overflow)? / step_size;
    if len > MAX_RANGE_LEN {
        return Err(Error::message(format!(
            "Function `range` would produce {len} elements, which exceeds the limit of {MAX_RANGE_LEN}"
        )));
    }
    if stopped() {
        return Err(Error::message("the page's build was given up"));
    }
    if let Some(used) = FUEL.get() {
        let used = used + len as u64;
        FUEL.set(Some(used));
        if used > RANGE_FUEL {
            EXCEEDED.set(Some(Exceeded::Work));
            return Err(Error::message(format!(
                "the page's loops went past {RANGE_FUEL} numbers of `range`"
            )));
        }
    }
    Ok((0..len).map(|i| start + i * step).collect())
}

/// A page's HTML, refused past `MAX_PAGE_BYTES`.
pub(super) struct Capped<'a>(pub &'a mut Vec<u8>);

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if stopped() {
            return Err(std::io::Error::other("the page's build was given up"));
        }
        if self.0.len() + buf.len() > MAX_PAGE_BYTES {
            EXCEEDED.set(Some(Exceeded::Size));
            return Err(std::io::Error::other("the page is too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn limit_from_env(var: &str, default: f64) -> f64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| *v > 0.0)
        .unwrap_or(default)
}

/// The watchdog: a page rendering for too long, or memory growing too much while pages
/// render, is handed to the handler once.
fn watch() {
    let timeout = Duration::from_secs_f64(limit_from_env("SPINDEL_RENDER_TIMEOUT", 30.0));
    let memory = (limit_from_env("SPINDEL_RENDER_MEMORY", 2000.0) * 1e6) as u64;
    let mut baseline = resident_bytes();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let found = {
            let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
            // A page already reported (stuck in `serve`) no longer counts.
            let active = |r: &&mut HashMap<ThreadId, Entry>| r.values().any(|e| !e.reported);
            let Some(running) = running.as_mut().filter(active) else {
                baseline = resident_bytes();
                continue;
            };
            let grown = match (resident_bytes(), baseline) {
                (Some(now), Some(base)) => now.saturating_sub(base) > memory,
                _ => false,
            };
            let oldest = running
                .values_mut()
                .filter(|e| !e.reported)
                .min_by_key(|e| e.started);
            match oldest {
                Some(e) if grown || e.started.elapsed() > timeout => {
                    let found = e.clone();
                    // The build they belong to is given up: the pages rendering beside this
                    // one are not reported again, and stop where they can (not for memory:
                    // the process ends).
                    for e in running.values_mut() {
                        e.reported = true;
                        if !grown {
                            e.cancel.0.store(true, Ordering::Relaxed);
                        }
                    }
                    Some((found, grown))
                }
                _ => None,
            }
        };
        let Some((entry, fatal)) = found else {
            continue;
        };
        let file = display_path(&entry.file);
        let message = if fatal {
            msg!(
                "template-too-much-memory",
                template = &file,
                page = &entry.page,
                size = crate::msg::Arg::Size(memory)
            )
        } else {
            msg!(
                "template-too-slow",
                template = &file,
                page = &entry.page,
                seconds = timeout.as_secs()
            )
        };
        let diagnostic = Diagnostic::error(Code::TemplateLimit, message)
            .in_file(&entry.file)
            .hint(msg!("template-too-much-work-hint"));
        let handler = HANDLER.read().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(handler) = handler {
            handler(Runaway { diagnostic, fatal });
        }
        if fatal {
            return;
        }
    }
}

/// The process's resident memory, where the system says it (Linux).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
