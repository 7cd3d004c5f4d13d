//! The words spindel says to people. Every message an editor can see — diagnostics, their
//! hints, the summary lines of `build`, `check` and `serve`, the preview's overlay — is a
//! `Message`: an id in the catalogue (`sv.ftl`, `en.ftl`, in Fluent's syntax) and its
//! arguments. It becomes text only when it is shown, in the language chosen for the run: the
//! site's default language, or the one asked for (`--lang`, `SPINDEL_LANG`).
//!
//! Takes nothing of the other stages (it is the ground under `diag`); gives `Message`, `Arg`,
//! the `msg!` macro, `Lang` and `Catalogue` (`catalogue.rs`), which a site may reword through
//! `[languages.sv.messages]` in spindel.toml.

mod catalogue;
mod lang;
pub mod message;
mod numbers;

pub use catalogue::{Catalogue, OverrideError};
pub use lang::Lang;
pub use message::{Arg, Message};
