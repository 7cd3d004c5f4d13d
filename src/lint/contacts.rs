//! Personal contact details: e-mail addresses and phone numbers a page should not publish.

use super::findings::Findings;
use super::run::Ctx;
use crate::content::model::SourceFile;
use crate::diag::{Code, Diagnostic, Severity};
use crate::msg;
use crate::text::contacts::{self, ContactKind};

impl Ctx<'_> {
    /// E-mail addresses and phone numbers not in `allowed_contacts`.
    pub(super) fn contacts(&self, src: &SourceFile, out: &mut Findings) {
        for c in contacts::scan(&src.text) {
            if self.allowed_contacts.contains(&c.normalized) {
                continue;
            }
            let code = match c.kind {
                ContactKind::Email => Code::Email,
                ContactKind::Phone => Code::Phone,
            };
            out.push_with(code, Severity::Error, || {
                let shown = &src.text[c.start..c.end];
                let message = match c.kind {
                    ContactKind::Email => msg!("check-email", contact = shown),
                    ContactKind::Phone => msg!("check-phone", contact = shown),
                };
                Diagnostic::error(code, message)
                    .at(&src.rel, &src.text, c.start, c.end - c.start)
                    .hint(msg!("check-contact-hint"))
            });
        }
    }
}
