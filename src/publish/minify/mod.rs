//! Minification of the published HTML, CSS and JavaScript: conservative and dependency-free.
//!
//! Each minifier only removes what cannot change what the browser does:
//!
//! - HTML: comments go; a run of whitespace in text becomes one character (a newline if it had
//!   one, else a space), so inline spacing stays exactly as rendered; whitespace before the
//!   body (where the parser ignores it) goes; whitespace between attributes becomes one space.
//!   `<pre>`, `<textarea>`, `<script>` and `<style>` are copied as they are. Attribute values
//!   and quotes are never touched.
//! - CSS: comments go (`/*! … */` stays); whitespace becomes one space, or none next to
//!   `{ } ; , >` and after `:`; the last `;` of a block goes. Strings and `url()` are kept.
//! - JavaScript: comments go; whitespace between tokens goes where it separates nothing, a
//!   space stays between words and where two tokens would merge (`a + +b`), and line breaks
//!   stay wherever automatic semicolon insertion could depend on them. Strings, template
//!   literals and regular expressions are kept byte for byte. Names are never changed. If the
//!   file cannot be read as JavaScript (an unterminated string or comment), it is left whole.
//!
//! All three are deterministic and idempotent.
//!
//! `template` minifies the theme's HTML templates once, when they are loaded, so that the
//! pages they render come out minified; `html_files` minifies the rest of the rendered HTML.

mod css;
mod html;
mod js;
mod template;

pub use css::css;
pub use html::{html, html_files};
pub use js::{JsError, js, js_import_specifiers};
pub use template::{original_offset, template};
