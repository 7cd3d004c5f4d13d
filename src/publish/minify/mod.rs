//! Minification of the published HTML, CSS and JavaScript.
//!
//! - HTML (hand-written: no crate minifies Tera templates, and minifying the templates once is
//!   what keeps it cheap): comments go; a run of whitespace in text becomes one character (a
//!   newline if it had one, else a space), so inline spacing stays exactly as rendered;
//!   whitespace before the body (where the parser ignores it) goes; whitespace between
//!   attributes becomes one space. `<pre>`, `<textarea>`, `<script>` and `<style>` are copied as
//!   they are. Attribute values and quotes are never touched.
//! - CSS with lightningcss, JavaScript with oxc, both for the browsers in `targets`. A file
//!   either cannot read gives the places it could not, and is published as written.
//!
//! All are deterministic.
//!
//! `template` minifies the theme's HTML templates once, when they are loaded, so that the
//! pages they render come out minified; `html_files` minifies the rest of the rendered HTML.

mod css;
mod html;
mod js;
mod targets;
mod template;
mod unreadable;

pub use css::css;
pub use html::{html, html_files};
pub use js::{js, js_import_specifiers};
pub use template::{original_offset, template};
pub use unreadable::Unreadable;
