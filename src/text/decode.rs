//! Source files as text: every file an editor writes is read through here.

use std::path::Path;

use crate::diag::{Code, Diagnostic};

/// Turns raw bytes into text: rejects invalid UTF-8 with its position, drops a BOM,
/// and normalises CRLF line endings.
pub fn decode_text(rel: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    // Some editors add a byte-order mark, and some tools add another in front of it.
    let marks = bytes
        .chunks(3)
        .take_while(|c| *c == b"\xEF\xBB\xBF")
        .count();
    let bytes = &bytes[marks * 3..];
    // Checked with SIMD (a site's sources are read on every build; Swedish text has a
    // character outside ASCII every few words, where the standard check slows down).
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) if text.contains('\r') => Ok(text.replace("\r\n", "\n")),
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let good = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes);
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            Err(Diagnostic::error(Code::NotUtf8, crate::msg!("not-utf8"))
                .at(rel, &lossy, prefix.len(), 1)
                .hint(crate::msg!("not-utf8-hint")))
        }
    }
}
