//! Percent-encoding (RFC 3986 §2.1), one way for what the site publishes and one for what it
//! reads back, so that a name written by one stage is read the same way by every other.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters: whatever a file name holds (`/`, `?`,
/// `#`, `%`, spaces, å), it stays one path segment and reads the same on every server.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `bilaga med å.pdf` → `bilaga%20med%20%C3%A5.pdf`, for one segment of a URL path.
pub fn encode_segment(name: &str) -> Cow<'_, str> {
    utf8_percent_encode(name, SEGMENT).into()
}

/// `%C3%A5` → `å`. A `%` not followed by two hex digits is kept as written, as browsers do;
/// `+` stays `+` (it means a space only in form data, never in a path). `None` when the
/// decoded bytes are not UTF-8, which no name of the site can be.
pub fn decode(s: &str) -> Option<Cow<'_, str>> {
    percent_decode_str(s).decode_utf8().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_only_unreserved_characters() {
        assert_eq!(encode_segment("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(
            encode_segment("bilaga med å/100%?#.pdf"),
            "bilaga%20med%20%C3%A5%2F100%25%3F%23.pdf"
        );
        assert_eq!(encode_segment("a+b"), "a%2Bb");
    }

    #[test]
    fn decoding_reverses_encoding_and_keeps_what_is_not_a_sequence() {
        let name = "bilaga med å/100%?#+.pdf";
        assert_eq!(decode(&encode_segment(name)).as_deref(), Some(name));
        assert_eq!(decode("%C3%A5%c3%a4").as_deref(), Some("åä"));
        assert_eq!(decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(decode("100%").as_deref(), Some("100%"));
        assert_eq!(decode("a+b").as_deref(), Some("a+b"));
        assert_eq!(decode("%FF"), None);
        assert_eq!(decode("%C3"), None);
    }
}
