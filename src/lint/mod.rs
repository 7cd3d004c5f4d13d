//! The content checks: what a reader would trip on, what the site's own rules in `[check]`
//! require, and links written as paths. They run on the loaded site in every build, so that
//! `build`, `serve` and `check` report the same errors.
//!
//! Takes each page's source and Markdown facts as the Markdown pass gives them (`Linter`), then
//! the whole site and the pipeline's diagnostics (`finish`); gives the diagnostics back with
//! the checks' findings added. `run` holds what one run shares; each other file is one kind of
//! check. Findings that depend on another page's headings wait in `findings` for `finish`.

mod contacts;
mod dates;
mod findings;
mod images;
pub mod links;
mod links_check;
pub(crate) use links_check::anchor_hint;
mod required;
mod run;
mod site_wide;
mod terms;

pub use findings::Location;
pub use run::{Linter, Prepared, SourceLint, finish, prepare};
