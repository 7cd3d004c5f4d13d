//! What the CSS and JavaScript minifiers give for a file they cannot read.

/// A place lightningcss or oxc could not read, and why (in the crate's own words, English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Byte range in the file; empty where the crate names only a point.
    pub range: std::ops::Range<usize>,
    pub reason: String,
}
