//! The content checks: what a reader would trip on, what the site's own rules in `[check]`
//! require, and links written as paths. They run on the loaded site in every build, so that
//! `build`, `serve` and `check` report the same errors.
//!
//! Takes the loaded `Site` and the pipeline's diagnostics; gives them back with the checks'
//! findings added (`lint_site`). `run` holds what one run shares and walks the sources; each
//! other file is one kind of check.

mod contacts;
mod dates;
mod findings;
mod images;
pub mod links;
mod links_check;
pub mod messages;
mod required;
mod run;
mod site_wide;
mod terms;

pub use findings::Location;
pub use run::{Lint, lint, lint_site};
