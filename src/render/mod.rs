//! Rendering: Tera templates turn the site graph into HTML files, in parallel.
//!
//! Takes the linked site, its Markdown rendered; gives one HTML file per job (a page, a pager
//! of a section or term, a taxonomy list, the 404 page), with the pages and sections each job
//! showed, so that `serve` can render again only what a change touches. The files around the
//! pages (sitemap, feeds, aliases, attachments, static files) are the publish stage's.
//!
//! Templates come from the theme (`themes/<name>/templates/`) and the site's own
//! `templates/`, which overrides the theme file by file. Every value a template sees is built
//! once per build and shared (tera values are reference-counted), so a listing of a thousand
//! pages costs a thousand pointer copies, not a thousand serializations.
//!
//! - `renderer`: the `Renderer` and the parts it keeps between builds; renders a job.
//! - `jobs`: the outputs of a site; `paginate`: the pagers of a listing.
//! - `templates`: finding the templates, choosing one per output, telling their errors.
//! - `values` and `convert`: the template values, and how each thing of the site becomes one.
//! - `functions`, `dates`, `partials`: what templates can call (`get_page`, `date`,
//!   `cached_include`, `page_items`...).
//! - `deps`: what each job showed, recorded as it renders.
//! - `limits`: the work, size, time and memory one page may take.

mod convert;
mod dates;
mod deps;
mod functions;
mod jobs;
pub mod limits;
mod paginate;
mod partials;
mod renderer;
mod templates;
mod values;

pub use convert::toml_to_value;
pub use deps::Dep;
pub use jobs::{Job, JobOutput, job_count};
pub use renderer::{Renderer, RendererParts};
