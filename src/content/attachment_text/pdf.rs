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
    // Why a page could not be read: with no text read either, the file is damaged, not a
    // PDF of scanned pages.
    let mut failed = None;
    for chunk in doc.extract_text_chunks_with_limit(&pages, MAX_PAGE_CONTENT) {
        // A page that cannot be read leaves the others.
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                failed.get_or_insert_with(|| e.to_string());
                continue;
            }
        };
        // Its lines apart (`T*`, `ET`): a title is not the start of the text's first sentence.
        words.push_lines(&chunk);
        // Chunks are whole runs of text.
        words.gap();
        if words.is_full() {
            break;
        }
    }
    match words.finish() {
        Err(Problem::NoText) => match failed.or_else(|| cut_short(bytes, &doc)) {
            Some(why) => Err(Problem::Damaged(why)),
            None => Err(Problem::NoText),
        },
        read => read,
    }
}

/// Why a PDF that gave no text looks cut short, if it does: lopdf reads what it can of a
/// damaged file, so a file cut in half loads, with pages whose content is missing. A PDF
/// ends with `%%EOF` (readers look for it in the last kilobyte), and its pages' content is
/// in it.
fn cut_short(bytes: &[u8], doc: &lopdf::Document) -> Option<String> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Some("no %%EOF at its end: the file is cut short".into());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Some("no pages".into());
    }
    pages.values().find_map(|&page| {
        doc.get_page_contents(page)
            .into_iter()
            .find(|&id| doc.get_object(id).is_err())
            .map(|id| {
                format!(
                    "the content of a page (object {} {}) is missing",
                    id.0, id.1
                )
            })
    })
}
