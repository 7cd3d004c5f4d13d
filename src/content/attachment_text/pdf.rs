//! The text of a PDF, read with lopdf.

use std::sync::Arc;

use super::words::{Problem, Words};

/// Decompressed content one page may have.
const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;

pub(super) fn extract(bytes: &[u8]) -> Result<Arc<str>, Problem> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) => Problem::Encrypted,
        e => Problem::Damaged(e.to_string()),
    })?;
    if doc.is_encrypted() {
        return Err(Problem::Encrypted);
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut words = Words::default();
    for chunk in doc.extract_text_chunks_with_limit(&pages, MAX_PAGE_CONTENT) {
        // A page that cannot be read leaves the others.
        let Ok(chunk) = chunk else { continue };
        // Its lines apart (`T*`, `ET`): a title is not the start of the text's first sentence.
        words.push_lines(&chunk);
        // Chunks are whole runs of text.
        words.gap();
        if words.is_full() {
            break;
        }
    }
    words.finish()
}
