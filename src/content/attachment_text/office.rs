//! The text of Word (DOCX) and OpenDocument text (ODT) files: ZIP archives whose text is one
//! XML entry, unpacked with zip and read with quick-xml as a stream, so no more of it is
//! unpacked than `MAX_UNPACKED` (a small archive can unpack to gigabytes), and no more than
//! the text that is kept.

use std::io::{BufReader, Cursor, Read};
use std::sync::Arc;

use quick_xml::events::Event;
use zip::result::ZipError;

use super::words::{Problem, Words};

/// Bytes of a document's XML unpacked at most: markup is most of it, so this is hundreds of
/// pages of text.
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;
/// Bytes of an ODT's list of its files read at most.
const MAX_MANIFEST: u64 = 1024 * 1024;
/// How a file in Microsoft's compound format begins, which is how Word saves a document with
/// a password: the ZIP inside it is encrypted.
const COMPOUND: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an element of a document's XML is to its text.
#[derive(Clone, Copy, Default)]
pub(super) struct Role {
    /// The text inside it is the document's.
    holds_text: bool,
    /// It parts the words before and after it: a paragraph, a tab, a line break.
    parts: bool,
    /// Nothing inside it is the document's text, though it holds paragraphs (deleted text,
    /// comments).
    skipped: bool,
}

const OTHER: Role = Role {
    holds_text: false,
    parts: false,
    skipped: false,
};
const RUN: Role = Role {
    holds_text: true,
    ..OTHER
};
const PART: Role = Role {
    parts: true,
    ..OTHER
};
const SKIPPED: Role = Role {
    skipped: true,
    ..OTHER
};

/// One of the formats: where its text is and what its elements are.
pub(super) struct Kind {
    /// The entry of the archive that holds the text.
    entry: &'static str,
    /// An element's role, by its name without prefix.
    role: fn(&str) -> Role,
    /// Whether a file in the compound format is this format with a password.
    compound_is_encrypted: bool,
    /// The entry that lists the archive's files and says which are encrypted.
    manifest: Option<&'static str>,
}

/// Word: the text is in `w:t`, in runs that may split a word; `w:p` is a paragraph. Text
/// elsewhere (`w:instrText` of fields, `w:delText` of deleted text) is not the document's.
pub(super) const DOCX: Kind = Kind {
    entry: "word/document.xml",
    role: |name| match name {
        "t" => RUN,
        "p" | "tab" | "br" | "cr" => PART,
        // A text box is written twice, for new readers and (in `mc:Fallback`) for old ones.
        "Fallback" => SKIPPED,
        _ => OTHER,
    },
    compound_is_encrypted: true,
    manifest: None,
};

/// OpenDocument text: the text is in paragraphs and headings (`text:p`, `text:h`), with what
/// they hold (`text:span`, `text:a`); `text:s` is a space.
pub(super) const ODT: Kind = Kind {
    entry: "content.xml",
    role: |name| match name {
        "p" | "h" => Role {
            holds_text: true,
            parts: true,
            skipped: false,
        },
        "s" | "tab" | "line-break" => PART,
        // Deleted text kept for tracked changes, comments, and a footnote's number, which
        // would join the word before it.
        "tracked-changes" | "annotation" | "note-citation" => SKIPPED,
        _ => OTHER,
    },
    compound_is_encrypted: false,
    manifest: Some("META-INF/manifest.xml"),
};

pub(super) fn extract(bytes: &[u8], kind: Kind) -> Result<Arc<str>, Problem> {
    read(bytes, kind, MAX_UNPACKED)
}

/// The text of the archive `bytes`, unpacking at most `max_unpacked` bytes of its XML.
fn read(bytes: &[u8], kind: Kind, max_unpacked: u64) -> Result<Arc<str>, Problem> {
    if kind.compound_is_encrypted && bytes.starts_with(&COMPOUND) {
        return Err(Problem::Encrypted);
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if let Some(manifest) = kind.manifest
        && lists_encrypted(&mut archive, manifest)
    {
        return Err(Problem::Encrypted);
    }
    let entry = match archive.by_name(kind.entry) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => {
            return Err(Problem::Damaged(format!("{} is missing", kind.entry)));
        }
        Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)) => {
            return Err(Problem::Encrypted);
        }
        Err(e) => return Err(damaged(e)),
    };
    // Read through `take`: zip stops at the size the archive gives for the entry, which a
    // bomb sets as large as it likes.
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry.take(max_unpacked + 1)));
    let over =
        |xml: &quick_xml::Reader<BufReader<std::io::Take<_>>>| xml.get_ref().get_ref().limit() == 0;
    let mut words = Words::default();
    // How many elements that hold text, and that are skipped, are open.
    let (mut holding, mut skipping) = (0usize, 0usize);
    let mut buf = Vec::new();
    while !words.is_full() {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            // Cut off at the limit, the XML ends in the middle.
            Err(_) if over(&xml) => return Err(Problem::UnpackedTooLarge(max_unpacked)),
            Err(e) => return Err(Problem::Damaged(e.to_string())),
        };
        let kept = holding > 0 && skipping == 0;
        match event {
            Event::Start(e) => {
                let role = (kind.role)(e.local_name().into_inner());
                holding += usize::from(role.holds_text);
                skipping += usize::from(role.skipped);
                if role.parts {
                    words.gap();
                }
            }
            Event::Empty(e) if (kind.role)(e.local_name().into_inner()).parts => words.gap(),
            Event::End(e) => {
                let role = (kind.role)(e.local_name().into_inner());
                holding = holding.saturating_sub(usize::from(role.holds_text));
                skipping = skipping.saturating_sub(usize::from(role.skipped));
                if role.parts {
                    words.gap();
                }
            }
            Event::Text(t) if kept => words.push(&t),
            Event::CData(t) if kept => words.push(&t),
            Event::GeneralRef(r) if kept => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    words.push(c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    words.push(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if over(&xml) && !words.is_full() {
        return Err(Problem::UnpackedTooLarge(max_unpacked));
    }
    words.finish()
}

fn damaged(e: ZipError) -> Problem {
    Problem::Damaged(e.to_string())
}

/// Whether the archive's manifest gives a file of it a key: an ODT saved with a password,
/// whose entries are encrypted inside a plain ZIP.
fn lists_encrypted(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, manifest: &str) -> bool {
    let Ok(entry) = archive.by_name(manifest) else {
        return false;
    };
    let mut text = Vec::new();
    if entry.take(MAX_MANIFEST).read_to_end(&mut text).is_err() {
        return false;
    }
    memchr::memmem::find(&text, b"encryption-data").is_some()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    /// A ZIP archive of `entries` (name, content), deflated as Word and LibreOffice write them.
    fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
             xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{body}</w:body></w:document>"
        );
        archive(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", xml.as_bytes()),
        ])
    }

    fn odt(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
             <office:body><office:text>{body}</office:text></office:body>\
             </office:document-content>"
        );
        archive(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", xml.as_bytes()),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ])
    }

    #[test]
    fn the_text_of_a_word_document_is_its_runs_by_paragraph() {
        let body = "<w:p><w:pPr><w:pStyle w:val=\"Rubrik1\"/></w:pPr>\
            <w:r><w:t>Fisk</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>odlingen</w:t></w:r>\n\
            <w:r><w:t xml:space=\"preserve\"> i Ronneby</w:t></w:r></w:p>\
            <w:p><w:r><w:t>gav</w:t><w:tab/><w:t>arbete</w:t><w:br/><w:t>åt tolv &amp; fler</w:t></w:r></w:p>\
            <w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>struket</w:delText></w:r></w:del>\
            <w:r><w:t>personer.</w:t></w:r></w:p>\
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:p><w:r><w:t>Ruta</w:t></w:r></w:p></mc:Choice>\
            <mc:Fallback><w:p><w:r><w:t>Ruta</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:r></w:p>";
        assert_eq!(
            extract(&docx(body), DOCX).as_deref(),
            Ok("Fiskodlingen i Ronneby gav arbete åt tolv & fler personer. Ruta")
        );
    }

    #[test]
    fn the_text_of_an_opendocument_is_its_paragraphs_and_headings() {
        let body = "<text:sequence-decls/><text:h text:outline-level=\"1\">Protokoll</text:h>\
            <text:p>Mötet <text:span text:style-name=\"T1\">besl</text:span>utade<text:s/>att\
            <text:tab/>bygga<text:line-break/>en brygga<text:note><text:note-citation>1\
            </text:note-citation><text:note-body><text:p>Av trä.</text:p></text:note-body>\
            </text:note>.</text:p><text:tracked-changes><text:changed-region><text:deletion>\
            <text:p>struket</text:p></text:deletion></text:changed-region></text:tracked-changes>";
        assert_eq!(
            extract(&odt(body), ODT).as_deref(),
            Ok("Protokoll Mötet beslutade att bygga en brygga Av trä. .")
        );
    }

    #[test]
    fn a_damaged_archive_or_one_without_its_text_is_damaged() {
        let whole = docx("<w:p><w:r><w:t>Hej</w:t></w:r></w:p>");
        for bytes in [&whole[..whole.len() / 2], b"not a zip at all", b""] {
            assert!(
                matches!(extract(bytes, DOCX), Err(Problem::Damaged(_))),
                "{bytes:?}"
            );
        }
        let other = archive(&[("word/other.xml", b"<w:t>Hej</w:t>")]);
        assert_eq!(
            extract(&other, DOCX),
            Err(Problem::Damaged("word/document.xml is missing".into()))
        );
        assert_eq!(
            extract(&other, ODT),
            Err(Problem::Damaged("content.xml is missing".into()))
        );
        // XML that is not well formed.
        assert!(matches!(
            extract(&docx("<w:p><w:t>Hej</w:p>"), DOCX),
            Err(Problem::Damaged(_))
        ));
    }

    #[test]
    fn a_document_without_text_has_none() {
        assert_eq!(extract(&docx("<w:p/>"), DOCX), Err(Problem::NoText));
        assert_eq!(
            extract(&odt("<text:p> </text:p>"), ODT),
            Err(Problem::NoText)
        );
    }

    #[test]
    fn an_encrypted_document_is_known() {
        let mut compound = COMPOUND.to_vec();
        compound.extend_from_slice(&[0; 504]);
        assert_eq!(extract(&compound, DOCX), Err(Problem::Encrypted));
        let locked = archive(&[
            ("content.xml", b"\x8f\x12 not xml"),
            (
                "META-INF/manifest.xml",
                b"<manifest:file-entry manifest:full-path=\"content.xml\">\
                  <manifest:encryption-data/></manifest:file-entry>",
            ),
        ]);
        assert_eq!(extract(&locked, ODT), Err(Problem::Encrypted));
    }

    #[test]
    fn an_entry_that_unpacks_past_the_limit_is_too_large() {
        // A paragraph of spaces that packs to a small fraction of what it unpacks to.
        let limit = 64 * 1024;
        let mut xml = b"<w:document><w:body><w:p><w:r><w:t>Hej".to_vec();
        xml.resize(xml.len() + 16 * limit as usize, b' ');
        xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
        let bomb = archive(&[("word/document.xml", &xml)]);
        assert!(bomb.len() < xml.len() / 100, "{} bytes packed", bomb.len());
        assert_eq!(
            read(&bomb, DOCX, limit),
            Err(Problem::UnpackedTooLarge(limit))
        );
        assert_eq!(read(&bomb, DOCX, xml.len() as u64).as_deref(), Ok("Hej"));
        // The same with headers that say it unpacks to little: zip stops at the size they
        // say (and reading through `take` would stop it past the limit all the same).
        let mut lying = bomb.clone();
        let small = 100u32.to_le_bytes();
        for (signature, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let header = memchr::memmem::find(&lying, signature).unwrap();
            lying[header + at..header + at + 4].copy_from_slice(&small);
        }
        assert!(matches!(
            read(&lying, DOCX, limit),
            Err(Problem::Damaged(_) | Problem::UnpackedTooLarge(_))
        ));
    }
}
