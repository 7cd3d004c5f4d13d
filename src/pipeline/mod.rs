//! The pipeline, stage by stage: config → content → site graph → Markdown → lints → templates
//! and the search index → published files → output. It takes `BuildOptions` and gives a
//! written site (`build`), a site in memory that can be brought up to date after an edit
//! (`context::BuildContext`, for `serve`), or every problem found without writing anything
//! (`check`). Only `build` writes, and only through `output::Staging`.

pub mod build;
pub mod context;
pub mod load;
pub mod options;
pub mod templates;

pub use build::{build, output_target};
pub use load::{load_config, load_site, load_site_checked};
pub use options::{BuildFailure, BuildOptions, BuildReport};
pub use templates::{RenderedSite, Streamed, render_site_jobs, render_site_streaming};
