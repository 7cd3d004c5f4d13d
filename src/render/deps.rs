//! What a rendered output showed: the pages and sections its template asked for by function
//! (`get_page`, `get_section`, `get_pages`), so that `serve` knows which outputs to render
//! again when a page changes. Recorded per thread, as each job renders on one thread.

use crate::content::model::Target;

/// A page or section that a rendered output showed: all of it, or only what lists show of it
/// (its summary: title, date, description), as the A–Ö page does for every page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dep {
    pub target: Target,
    pub summary_only: bool,
}

thread_local! {
    /// What the job being rendered on this thread asked for by function.
    static DEPS: std::cell::RefCell<Vec<Dep>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Starts a job's record afresh.
pub(super) fn clear() {
    DEPS.with(|d| d.borrow_mut().clear());
}

/// The job's record, leaving it empty.
pub(super) fn take() -> Vec<Dep> {
    DEPS.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

/// The job showed all of `target`.
pub(super) fn record(target: Target) {
    push(Dep {
        target,
        summary_only: false,
    });
}

/// The job showed only `target`'s summary.
pub(super) fn record_summary(target: Target) {
    push(Dep {
        target,
        summary_only: true,
    });
}

fn push(dep: Dep) {
    DEPS.with(|d| d.borrow_mut().push(dep));
}

/// Adds what a cached partial showed when it was rendered, as the job shows it too.
pub(super) fn replay(deps: &[Dep]) {
    if !deps.is_empty() {
        DEPS.with(|d| d.borrow_mut().extend_from_slice(deps));
    }
}

/// Where the record stands, to take what a partial adds from here (`since`).
pub(super) fn mark() -> usize {
    DEPS.with(|d| d.borrow().len())
}

/// What was recorded since `mark`, kept in the record.
pub(super) fn since(mark: usize) -> Box<[Dep]> {
    DEPS.with(|d| d.borrow()[mark..].into())
}
