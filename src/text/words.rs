//! Counting words as `str::split_whitespace` does, eight bytes at a time (for the reading time
//! and word counts of every page).

use super::swar;

/// The number of words of `text` as `split_whitespace` counts them, eight bytes at a time:
/// only the lead bytes of Unicode spaces (0xC2, 0xE1 to 0xE3) need a character decoded.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        if i + 8 <= bytes.len() {
            let x = swar::load(bytes, i);
            if swar::space_leads(x) == 0 {
                let spaces = swar::equal(x, b' ') | swar::in_range(x, b'\t', b'\r');
                let before = (spaces << 8) | if after_space { 0x80 } else { 0 };
                let starts = (!spaces & before & swar::HIGH_BITS) >> 7;
                // Ones in some of the eight bytes, summed by a multiplication into the top one.
                words += (starts.wrapping_mul(swar::each(1)) >> 56) as usize;
                after_space = spaces >> 63 != 0;
                i += 8;
                continue;
            }
        }
        let (space, len) = match bytes[i] {
            b'\t'..=b'\r' | b' ' => (true, 1),
            0xC2 | 0xE1..=0xE3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        words += usize::from(!space && after_space);
        after_space = space;
        i += len;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let pieces = [
            "ord", " ", "  ", "\n", "\t", "\x0b", "\x0c", "\r", "å", "\u{a0}", "\u{85}",
            "\u{1680}", "\u{2003}", "\u{2028}", "\u{202f}", "\u{205f}", "\u{3000}", "–", "”",
            "\u{e000}", "¶", "x",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let text: String = (0..(state % 12) as usize)
                .map(|k| pieces[((state >> (5 * k)) % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
