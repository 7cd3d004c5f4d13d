//! Images written as raw HTML: an `<img>` needs an `alt` attribute.

use super::findings::Findings;
use super::run::Ctx;
use crate::content::model::SourceFile;
use crate::diag::{Code, Diagnostic, Severity};
use crate::markdown::facts::html_img_alt;
use crate::msg;

impl Ctx<'_> {
    /// `<img>` tags in raw HTML without an `alt` attribute.
    pub(super) fn html_images(&self, src: &SourceFile, at: usize, html: &str, out: &mut Findings) {
        let lower = html.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find("<img").map(|i| i + from) {
            from = i + 4;
            let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
            if html_img_alt(&html[i..tag_end.min(html.len())]).is_none() {
                out.push_with(Code::ImageNoAlt, Severity::Error, || {
                    Diagnostic::error(Code::ImageNoAlt, msg!("check-html-image-no-alt"))
                        .at(&src.rel, &src.text, at + i, 4)
                        .hint(msg!("check-html-image-no-alt-hint"))
                });
            }
        }
    }
}
