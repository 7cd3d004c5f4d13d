//! Symbolic links in a site. A site's files may be a pull request's: a link to `/etc` under
//! `static/` would publish the build machine's files. So one rule holds at every level (the
//! folders a build reads, the theme's, and everything inside them): nothing whose real path
//! lies outside the site is read or published, and each link that leads there is an error
//! naming the link and where it leads.

use crate::msg;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, display_path, relative_to};

/// The folders of a site whose files a build reads (besides `spindel.toml`); of `themes/`, only
/// the theme the site names.
pub const SITE_DIRS: &[&str] = &["content", "static", "templates", "data", "themes"];

/// The folders a build reads: the theme's whole folder holds its `static/` and `templates/`.
fn read_dirs(root: &Path, theme_dir: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = SITE_DIRS
        .iter()
        .filter(|d| **d != "themes")
        .map(|d| root.join(d))
        .collect();
    dirs.extend(theme_dir.map(Path::to_path_buf));
    dirs
}

/// Where `path` really is, if that lies outside the site at `root`; `None` inside it, or when
/// it does not exist (a dangling link publishes nothing).
pub fn outside_site(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (!real.starts_with(&root)).then_some(real)
}

/// An error for every symbolic link in the folders a build reads, themselves included, that
/// leads outside the site. Inside `content/` the loader, which walks it anyway, reports them.
pub fn check(root: &Path, theme_dir: Option<&Path>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for dir in read_dirs(root, theme_dir) {
        if let Some(real) = outside_site(root, &dir) {
            errors.push(link_error(root, &dir, &real));
            continue;
        }
        if !dir.is_dir() || dir == root.join("content") {
            continue;
        }
        for entry in WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.path_is_symlink()
                && let Some(real) = outside_site(root, entry.path())
            {
                errors.push(link_error(root, entry.path(), &real));
            }
        }
    }
    errors
}

/// The error for `path` if it leads outside the site.
pub fn outside_error(root: &Path, path: &Path) -> Option<Diagnostic> {
    outside_site(root, path).map(|real| link_error(root, path, &real))
}

fn link_error(root: &Path, link: &Path, real: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::LinkOutsideSite,
        msg!(
            "link-outside-site",
            link = display_path(&relative_to(link, root)),
            target = real.display().to_string()
        ),
    )
    .in_file(relative_to(link, root))
    .hint(msg!("link-outside-site-hint"))
}
