//! spindel: a static site generator for the knowledge site of the Swedish municipal network
//! for Roma inclusion. One folder per stage; each may import only the stages listed above it
//! here, so imports point down the pipeline (ARCHITECTURE.md is the map, and
//! `tests/architecture.rs` holds the order).

// The ground: used by every stage.
pub mod alloc;
pub mod msg;
pub mod diag;
pub mod text;
// The stages, in the order their imports allow.
pub mod config;
pub mod content;
pub mod output;
pub mod markdown;
pub mod site;
pub mod publish;
pub mod render;
pub mod search;
pub mod lint;
pub mod pipeline;
// The commands built on the pipeline.
pub mod check;
pub mod serve;
pub mod new;
