//! spindel: a static site generator for the knowledge site of the Swedish municipal network
//! for Roma inclusion. One module per stage of the data's path:
//! `config → content → site (graph) → markdown → render → output`, driven by `build`.

pub mod alloc;
pub mod assets;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod minify;
pub mod model;
pub mod output;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod swar;
pub mod tomlfile;
