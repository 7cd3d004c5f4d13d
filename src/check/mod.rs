//! `spindel check`: everything `build` validates, without writing anything, plus the content
//! checks of `lint` (which `build` and `serve` run too) and, with `--external`, the links to
//! other websites.
//!
//! Takes `CheckOptions`; gives a `CheckReport` (every finding, sorted), printed by `report` as
//! text, JSON or GitHub annotations. The pipeline runs with no writer: the site is loaded and
//! checked, the templates rendered and dropped.
//!
//! Which findings are errors and which are warnings is listed in README.md ("Checking a site").
//! Messages are `msg::Message`s, shown in the run's language (see `msg`).

pub mod external;
pub mod report;

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::pipeline::{self, BuildOptions};

/// How `spindel check` was called.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub external: bool,
    /// Time limit for each external link.
    pub timeout: Duration,
    /// Where the external links' cache lives; default: `SPINDEL_CACHE_DIR` or the system's
    /// temporary directory.
    pub cache_dir: Option<PathBuf>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            root: PathBuf::from("."),
            drafts: false,
            external: false,
            timeout: Duration::from_secs(10),
            cache_dir: None,
        }
    }
}

/// What a check found, sorted by file and position.
#[derive(Debug)]
pub struct CheckReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Pages and sections checked; `None` when the site could not be loaded whole.
    pub pages: Option<usize>,
    pub sections: Option<usize>,
    /// Distinct external addresses checked (with `--external`).
    pub external_links: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn is_usage(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.is_error() && d.origin == crate::diag::Origin::Usage)
    }
}

/// Runs every check and writes nothing (except the external links' cache, outside the site).
pub fn run(opts: &CheckOptions) -> CheckReport {
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        ..BuildOptions::default()
    };
    let mut diags = Diagnostics::new();
    let mut report = CheckReport {
        diagnostics: Vec::new(),
        pages: None,
        sections: None,
        external_links: 0,
    };
    let site = pipeline::load_config(&build_opts).and_then(|config| {
        // `build` would refuse this output directory: say so here too.
        if let Err(d) = pipeline::output_target(&build_opts, &config) {
            diags.push(d);
        }
        pipeline::load_site_checked(&build_opts, config)
    });
    match site {
        Err(f) => diags.extend(f.diagnostics.sorted()),
        Ok((site, found)) => {
            let clean = !found.has_errors();
            diags.extend(found.sorted());
            // The templates are rendered, batch by batch and dropped, for their errors; only
            // once the pages are right, as the template values are made from them.
            if clean {
                report.pages = Some(site.pages.len());
                report.sections = Some(site.sections.len());
                match pipeline::render_site_streaming(
                    &site,
                    &AtomicUsize::new(0),
                    &Default::default(),
                    &mut |_| Ok(()),
                ) {
                    Ok(streamed) => diags.extend(streamed.warnings),
                    Err(f) => diags.extend(f.diagnostics.sorted()),
                }
            }
            if opts.external && !cfg!(feature = "external") {
                diags.push(
                    Diagnostic::usage(
                        Code::ExternalNotBuilt,
                        crate::msg!("check-external-not-built"),
                    )
                    .hint(crate::msg!("check-external-not-built-hint")),
                );
            } else if opts.external {
                let (found, n) = external::check(
                    &site,
                    &external::Options {
                        timeout: opts.timeout,
                        cache_dir: opts.cache_dir.clone(),
                    },
                );
                diags.extend(found);
                report.external_links = n;
            }
        }
    }
    report.diagnostics = diags.sorted();
    report
}
