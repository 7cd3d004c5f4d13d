//! The text of the documents that travel with pages and sections (PDF, Word, OpenDocument
//! text), for the search index. What every format shares is here: the file read only when it
//! is small enough, its text read on a thread of its own with a deadline, cut to a bounded
//! length, and kept for the life of the process by path, size and time of change, so the
//! preview reads a file again only when it changed. A file that cannot be read (damaged,
//! encrypted, without text) is a warning that names it, never a failed build. Each format is
//! only its extractor, `pdf.rs` (lopdf) and `office.rs` (ZIP archives of XML), which gives its
//! text through `words.rs`.

mod office;
mod pdf;
mod words;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic};
use crate::msg;

use super::model::Attachment;
pub use words::Problem;

/// Files larger than this are not read.
const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// Time one file may take.
const DEADLINE: Duration = Duration::from_secs(10);

/// A kind of document whose text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    /// Word (Office Open XML): `word/document.xml` in a ZIP archive.
    Docx,
    /// OpenDocument text: `content.xml` in a ZIP archive.
    Odt,
}

impl Format {
    /// The format of an attachment whose text is read, by its name (and, for a PDF, its type).
    pub fn of(a: &Attachment) -> Option<Format> {
        let ext = a.source.extension().and_then(|e| e.to_str()).unwrap_or("");
        if a.mime == "application/pdf" || ext.eq_ignore_ascii_case("pdf") {
            Some(Format::Pdf)
        } else if ext.eq_ignore_ascii_case("docx") {
            Some(Format::Docx)
        } else if ext.eq_ignore_ascii_case("odt") {
            Some(Format::Odt)
        } else {
            None
        }
    }

    fn extract(self, bytes: &[u8]) -> Result<Arc<str>, Problem> {
        match self {
            Format::Pdf => pdf::extract(bytes),
            Format::Docx => office::extract(bytes, office::DOCX),
            Format::Odt => office::extract(bytes, office::ODT),
        }
    }
}

/// A file by its path, size and time of change.
type Key = (PathBuf, u64, Option<SystemTime>);
/// What was read of each file.
type Cache = Mutex<HashMap<Key, Result<Arc<str>, Problem>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The text of the document at `path`, from the cache when the file is unchanged.
pub fn text(path: &Path, format: Format) -> Result<Arc<str>, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| Problem::Damaged(e.to_string()))?;
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    if let Some(known) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return known.clone();
    }
    let read = if meta.len() > MAX_BYTES {
        Err(Problem::TooLarge)
    } else {
        read_with_deadline(path, format)
    };
    cache()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, read.clone());
    read
}

/// Reads the file on a thread of its own and waits for it at most `DEADLINE`. A thread past
/// its deadline is left to finish (each extractor bounds its work by the file's size and what
/// it unpacks); a panic in it is a damaged file.
fn read_with_deadline(path: &Path, format: Format) -> Result<Arc<str>, Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem::Damaged(e.to_string()))?;
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("attachment-text".into())
        .spawn(move || {
            let got = std::panic::catch_unwind(|| format.extract(&bytes))
                .unwrap_or_else(|_| Err(Problem::Damaged("the reader failed".into())));
            let _ = tx.send(got);
        });
    if let Err(e) = spawned {
        return Err(Problem::Damaged(e.to_string()));
    }
    match rx.recv_timeout(DEADLINE) {
        Ok(got) => got,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Problem::TimedOut),
        Err(_) => Err(Problem::Damaged("the reader failed".into())),
    }
}

/// Reads the text of every document among `attachments` whose format is known (in parallel),
/// and gives a warning for each that could not be read. `root` is the site's folder, for the
/// file names in the warnings.
pub fn read_attachments<'a>(
    root: &Path,
    attachments: impl Iterator<Item = &'a mut Attachment>,
) -> Vec<Diagnostic> {
    let mut documents: Vec<(Format, &mut Attachment)> = attachments
        .filter_map(|a| Some((Format::of(a)?, a)))
        .collect();
    let problems: Vec<Option<Diagnostic>> = documents
        .par_iter_mut()
        .map(|(format, a)| match text(&a.source, *format) {
            Ok(text) => {
                a.text = Some(text);
                None
            }
            Err(p) => {
                let file = a.source.strip_prefix(root).unwrap_or(&a.source);
                Some(warning(*format, p).in_file(file))
            }
        })
        .collect();
    problems.into_iter().flatten().collect()
}

/// The warning for a document whose text could not be read.
fn warning(format: Format, problem: Problem) -> Diagnostic {
    let mut detail = None;
    let reason = match problem {
        Problem::Damaged(why) => {
            detail = Some(why);
            msg!("attachment-text-damaged")
        }
        Problem::Encrypted => msg!("attachment-text-encrypted"),
        Problem::NoText if format == Format::Pdf => msg!("pdf-no-text"),
        Problem::NoText => msg!("document-no-text"),
        Problem::TooLarge => msg!("attachment-text-too-large", mb = MAX_BYTES / (1024 * 1024)),
        Problem::UnpackedTooLarge(bytes) => {
            msg!(
                "attachment-text-unpacked-too-large",
                mb = bytes / (1024 * 1024)
            )
        }
        Problem::TimedOut => msg!("attachment-text-timed-out", seconds = DEADLINE.as_secs()),
    };
    let hint = match format {
        Format::Pdf => msg!("pdf-unreadable-hint"),
        Format::Docx | Format::Odt => msg!("document-unreadable-hint"),
    };
    let warning = Diagnostic::warning(Code::AttachmentUnreadable, reason).hint(hint);
    match detail {
        Some(why) => warning.detail(why),
        None => warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_known_by_the_name() {
        let a = |name: &str, mime: &str| Attachment {
            name: name.into(),
            path: String::new(),
            size: 0,
            size_text: String::new(),
            kind: String::new(),
            mime: mime.into(),
            source: PathBuf::from(name),
            text: None,
        };
        assert_eq!(Format::of(&a("a.PDF", "")), Some(Format::Pdf));
        assert_eq!(Format::of(&a("a.Docx", "")), Some(Format::Docx));
        assert_eq!(Format::of(&a("a.odt", "")), Some(Format::Odt));
        // An old Word file has another format, though its type is given as Word's.
        let doc = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        assert_eq!(Format::of(&a("a.doc", doc)), None);
        assert_eq!(Format::of(&a("a.png", "image/png")), None);
    }
}
