//! How a build was asked for, and what it gives back.

use std::path::PathBuf;
use std::time::Duration;

use crate::diag::{Diagnostic, Diagnostics};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` of spindel.toml; relative to the working directory.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url`, for deploy previews.
    pub base_url: Option<String>,
    /// Show progress on a terminal.
    pub progress: bool,
    /// Write HTML, CSS and JavaScript as they are (`build --no-minify`).
    pub no_minify: bool,
    /// A preview (`serve`): nothing minified or fingerprinted, so stylesheets can be swapped.
    pub preview: bool,
}

impl BuildOptions {
    /// The pages besides the published ones: drafts when asked for, internal pages (the
    /// editor guide) in the preview only.
    pub fn include(&self) -> crate::content::Include {
        crate::content::Include {
            drafts: self.drafts,
            internal: self.preview,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub terms: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// A failed run: every problem found, warnings included.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Diagnostics,
}

impl From<Diagnostics> for BuildFailure {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildFailure { diagnostics }
    }
}

impl From<Vec<Diagnostic>> for BuildFailure {
    fn from(d: Vec<Diagnostic>) -> Self {
        BuildFailure {
            diagnostics: d.into(),
        }
    }
}

impl From<Diagnostic> for BuildFailure {
    fn from(d: Diagnostic) -> Self {
        BuildFailure {
            diagnostics: d.into(),
        }
    }
}

/// Every problem, as `spindel build` prints them without colour.
impl std::fmt::Display for BuildFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in self.diagnostics.clone().sorted() {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildFailure {}
