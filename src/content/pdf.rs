//! The text of the PDF files that travel with pages and sections, for the search index: read
//! with lopdf, on a thread of its own with a deadline, from files of a bounded size, the text
//! cut to a bounded length. A file that cannot be read (damaged, encrypted, only images) is a
//! warning that names it, never a failed build. What was read is kept for the life of the
//! process, by path, size and time of change, so the preview reads a file again only when it
//! changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic};
use crate::msg;

use super::model::Attachment;

/// Files larger than this are not read.
const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// Time one file may take.
const DEADLINE: Duration = Duration::from_secs(10);
/// Characters of text kept of one file.
const MAX_TEXT: usize = 100_000;
/// Decompressed content one page may have.
const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;

/// Why a PDF's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a PDF lopdf can read, or it failed inside: the reason.
    Damaged(String),
    Encrypted,
    /// Readable, but without text: most often scanned pages.
    NoText,
    TooLarge,
    TimedOut,
}

/// A file by its path, size and time of change.
type Key = (PathBuf, u64, Option<SystemTime>);
/// What was read of each file.
type Cache = Mutex<HashMap<Key, Result<Arc<str>, Problem>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Whether an attachment is a PDF.
pub fn is_pdf(a: &Attachment) -> bool {
    a.mime == "application/pdf"
        || a.source
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// The text of the PDF at `path`, from the cache when the file is unchanged.
pub fn pdf_text(path: &Path) -> Result<Arc<str>, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| Problem::Damaged(e.to_string()))?;
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    if let Some(known) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return known.clone();
    }
    let read = if meta.len() > MAX_BYTES {
        Err(Problem::TooLarge)
    } else {
        read_with_deadline(path)
    };
    cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, read.clone());
    read
}

/// Reads the file on a thread of its own and waits for it at most `DEADLINE`. A thread past
/// its deadline is left to finish (its work is bounded by the file's size and `MAX_PAGE_CONTENT`);
/// a panic in it is a damaged file.
fn read_with_deadline(path: &Path) -> Result<Arc<str>, Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem::Damaged(e.to_string()))?;
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pdf-text".into())
        .spawn(move || {
            let got = std::panic::catch_unwind(|| extract(&bytes))
                .unwrap_or_else(|_| Err(Problem::Damaged("the PDF reader failed".into())));
            let _ = tx.send(got);
        });
    if let Err(e) = spawned {
        return Err(Problem::Damaged(e.to_string()));
    }
    match rx.recv_timeout(DEADLINE) {
        Ok(got) => got,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Problem::TimedOut),
        Err(_) => Err(Problem::Damaged("the PDF reader failed".into())),
    }
}

fn extract(bytes: &[u8]) -> Result<Arc<str>, Problem> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) => Problem::Encrypted,
        e => Problem::Damaged(e.to_string()),
    })?;
    if doc.is_encrypted() {
        return Err(Problem::Encrypted);
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut text = String::new();
    for chunk in doc.extract_text_chunks_with_limit(&pages, MAX_PAGE_CONTENT) {
        // A page that cannot be read leaves the others.
        let Ok(chunk) = chunk else { continue };
        for word in chunk.split_whitespace() {
            if text.len() >= MAX_TEXT {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        }
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Err(Problem::NoText);
    }
    Ok(text.into())
}

/// Reads the text of every PDF among `attachments` (in parallel), and gives a warning for each
/// that could not be read. `root` is the site's folder, for the file names in the warnings.
pub fn read_attachments<'a>(
    root: &Path,
    attachments: impl Iterator<Item = &'a mut Attachment>,
) -> Vec<Diagnostic> {
    let mut pdfs: Vec<&mut Attachment> = attachments.filter(|a| is_pdf(a)).collect();
    let problems: Vec<Option<Diagnostic>> = pdfs
        .par_iter_mut()
        .map(|a| match pdf_text(&a.source) {
            Ok(text) => {
                a.text = Some(text);
                None
            }
            Err(p) => {
                let file = a.source.strip_prefix(root).unwrap_or(&a.source);
                let reason = match p {
                    Problem::Damaged(why) => msg!("pdf-damaged", reason = why),
                    Problem::Encrypted => msg!("pdf-encrypted"),
                    Problem::NoText => msg!("pdf-no-text"),
                    Problem::TooLarge => msg!("pdf-too-large", mb = MAX_BYTES / (1024 * 1024)),
                    Problem::TimedOut => msg!("pdf-timed-out", seconds = DEADLINE.as_secs()),
                };
                Some(
                    Diagnostic::warning(Code::PdfUnreadable, reason)
                        .in_file(file)
                        .hint(msg!("pdf-unreadable-hint")),
                )
            }
        })
        .collect();
    problems.into_iter().flatten().collect()
}
