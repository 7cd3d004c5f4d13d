//! Words: where they are in a text (`for_each_word`), and a hash for counting them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use unicode_normalization::char::is_combining_mark;

use crate::text::swar;

/// A fast hash for the short strings the index counts (the default hasher is built against
/// adversaries, which the site's own words are not).
#[derive(Default)]
pub(super) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut v = [0u8; 8];
            v[..rest.len()].copy_from_slice(rest);
            let v = u64::from_le_bytes(v) ^ ((rest.len() as u64) << 59);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        self.0 = h;
    }

    /// A word packed into a number (see `swar::pack`): two multiplications instead of the byte loop.
    fn write_u128(&mut self, v: u128) {
        let (lo, hi) = (v as u64, (v >> 64) as u64);
        self.0 = (self.0.rotate_left(5) ^ lo.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ hi)
            .wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        // Mix the high bits down: the table picks buckets by the low bits.
        let h = self.0;
        (h ^ (h >> 32)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 29)
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Whether `c` belongs to a word: letters, digits and combining marks. (Latin-1 letters never
/// get here: `word_char_at` knows them from their first byte.)
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Whether the character that starts at byte `i` of `text` belongs to a word, and its length
/// in bytes. Called at the lead bytes of characters beyond ASCII (ASCII is told by
/// `swar::word_masks`): Latin-1 letters (å, ä, ö, é: all of U+00C0–U+00FF but × and ÷) are
/// known from their two bytes, the rest decoded.
#[inline(always)]
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    debug_assert!(
        bytes[i] >= 0xC0,
        "not the lead byte of a character beyond ASCII"
    );
    if bytes[i] == 0xC3 {
        let n = bytes[i + 1];
        return (n != 0x97 && n != 0xB7, 2);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (is_word_char(c), c.len_utf8())
}

/// Calls `f(start, end)` with the byte range of every word of `text` (runs of letters, digits
/// and marks), in order.
///
/// 64 bytes at a time: their letters, digits and lead bytes as bit masks (`swar::word_masks`),
/// the characters beyond ASCII looked at one by one, and the words found as the places where
/// the mask turns on and off. A loop per byte or per word mispredicts a branch at nearly
/// every word, as words are of every length; this one about once per block.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Whether the byte before the block is in a word, and where that word began.
    let mut in_word = false;
    let mut open = 0;
    // Bytes of the next block that belong to a character found in a word in this one.
    let mut spill = 0u64;
    let mut tail = [0u8; 64];
    let mut base = 0;
    while base < n {
        let block: &[u8; 64] = match bytes[base..].first_chunk::<64>() {
            Some(b) => b,
            None => {
                // The last block, padded with NUL bytes (never in a word).
                tail[..n - base].copy_from_slice(&bytes[base..]);
                &tail
            }
        };
        let masks = swar::word_masks(block);
        let mut word = masks.alnum | spill;
        spill = 0;
        let mut leads = masks.leads;
        while leads != 0 {
            let i = leads.trailing_zeros() as usize;
            leads &= leads - 1;
            let (is_word, len) = word_char_at(text, base + i);
            if is_word {
                // The character's bytes, those past the block's end in the next one.
                let bits = (1u64 << len) - 1;
                word |= bits << i;
                spill |= bits.checked_shr(64 - i as u32).unwrap_or(0);
            }
        }
        let before = (word << 1) | u64::from(in_word);
        let mut starts = word & !before;
        let mut ends = !word & before;
        // Starts and ends alternate: the first end closes a word begun in an earlier block.
        if in_word && ends != 0 {
            f(open, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
        }
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = start;
            } else {
                f(start, base + ends.trailing_zeros() as usize);
                ends &= ends - 1;
            }
        }
        in_word = word >> 63 != 0;
        base += 64;
    }
    if in_word {
        f(open, n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_word(text, |start, end| v.push(text[start..end].to_string()));
        v
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            words("Brobyggare i Borås (2016–2020): ESF-projekt, ”Romano Buca”."),
            [
                "Brobyggare",
                "i",
                "Borås",
                "2016",
                "2020",
                "ESF",
                "projekt",
                "Romano",
                "Buca"
            ]
        );
        // A decomposed letter stays one word.
        assert_eq!(words("Go\u{308}teborg stad"), ["Go\u{308}teborg", "stad"]);
        assert!(words(" .,;– ").is_empty());
    }

    /// Words as `for_each_word` finds them, one character at a time.
    fn words_slowly(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (is_word_char(c) && i < text.len(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, text[s..i].to_string()));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn words_are_found_by_block_masks_as_one_by_one() {
        let mut texts: Vec<String> = vec![
            "abcdefgh ijklmnopqrstuvwx yz0123456789".into(),
            "Brobyggarutbildningen×2÷3 Göteborgs-kommun: ÅÄÖåäö éü ß ﬁ ﬀ".into(),
            "@[`{/:09AZaz AZ az 09 ^_\\x7f".into(),
            "Go\u{308}teborg ромa 東京 𝔘nicode\u{2003}x\u{a0}y".into(),
        ];
        // Every byte value at every place among letters (words of one to ten letters).
        for b in 0u8..=127 {
            for at in 0..9 {
                let mut t = "abcdefghij".to_string();
                t.insert(at, char::from(b));
                texts.push(t);
            }
        }
        // Random mixes of every kind of character, long enough to cross several 64-byte blocks
        // and to put characters of two to four bytes across their edges.
        let pieces = [
            "a",
            "Z",
            "9",
            " ",
            "å",
            "Ö",
            "×",
            "÷",
            "–",
            "\u{a0}",
            "\u{2003}",
            "é",
            "o\u{308}",
            "東",
            "𝔘",
            "-",
            ".",
            "ﬁ",
            "\n",
            "abcdefghijklmnopq",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 0..400 {
            let mut t = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            texts.push(t);
        }
        // A word that ends, or a character that starts, at each place around a block's edge.
        for at in 56..=72 {
            for c in ["x", "å", "東", "𝔘", " "] {
                let mut t = "b".repeat(at);
                t.push_str(c);
                texts.push(t.clone());
                t.push_str(" tail");
                texts.push(t);
            }
        }
        texts.push("a".repeat(64));
        texts.push("a".repeat(200));
        for text in &texts {
            let mut fast = Vec::new();
            for_each_word(text, |i, end| fast.push((i, text[i..end].to_string())));
            assert_eq!(fast, words_slowly(text), "{text:?}");
        }
    }
}
