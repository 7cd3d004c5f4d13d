//! Tests on many bytes at once, for the loops that look at every byte of every page: the one
//! place for such kernels, so that the code built on them reads as plain loops.
//!
//! Eight bytes in a `u64` ("SIMD within a register"): each test sets the high bit of the
//! bytes it holds for. Exact: no byte is reported that does not match, so the lowest set bit
//! is the first match. Sixteen or 64 bytes as bit masks, one bit per byte (`word_masks`,
//! `text_masks`, `find_byte`): with SSE2 on x86-64, which every such processor has, and from
//! the eight-byte tests elsewhere; both are tested against each other for every byte value.
//! Built on them: `next_special` (the next byte a text collector must look at) and `pack_at`
//! (a word of up to sixteen bytes as one number, for hashing and comparing).
//!
//! Each kernel has a test against a plain byte-by-byte version of itself: one byte at a time
//! is easy to get right, the kernels are not, and they must give the same answers.

pub const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `b` in each of the eight bytes.
pub const fn each(b: u8) -> u64 {
    (b as u64) * 0x0101_0101_0101_0101
}

/// Eight bytes of `bytes` from `i` on, the first in the lowest byte.
#[inline(always)]
pub fn load(bytes: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&bytes[i..i + 8]);
    u64::from_le_bytes(a)
}

/// The bytes of `x` that are `b`.
#[inline(always)]
pub fn equal(x: u64, b: u8) -> u64 {
    let t = x ^ each(b);
    // A byte's high bit after adding 0x7f to its low bits says whether they are all zero;
    // with its own high bit, whether the whole byte is.
    !(((t & !HIGH_BITS) + !HIGH_BITS) | t) & HIGH_BITS
}

/// The bytes of `x` from `lo` to `hi` (both ASCII, `lo <= hi`).
#[inline(always)]
pub fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    // With the high bits cleared, adding to a byte never carries into the next one: the sum's
    // high bit tells whether the byte is at least `lo` (or more than `hi`).
    let low = x & !HIGH_BITS;
    let at_least = low + each(0x80 - lo);
    let more_than = low + each(0x7f - hi);
    at_least & !more_than & !x & HIGH_BITS
}

/// The bytes of `x` that may start a Unicode space: 0xC2 (U+0085, U+00A0) and 0xE1 to 0xE3
/// (U+1680, U+2000 to U+205F, U+3000), in one test with 0xE0 (which the caller looks at too:
/// it decodes the character at a marked byte anyway).
#[inline(always)]
pub fn space_leads(x: u64) -> u64 {
    equal(x, 0xC2) | equal(x & each(0xFC), 0xE0)
}

/// What `word_masks` tells of a block of 64 bytes: one bit per byte, the first byte in the
/// lowest bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordMasks {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Bytes that start a character beyond ASCII (0xC0 and up).
    pub leads: u64,
}

/// ASCII letters and digits, and the lead bytes of other characters, of 64 bytes: what a
/// word scanner needs to find its words by bit operations instead of a branch per byte.
#[inline(always)]
pub fn word_masks(block: &[u8; 64]) -> WordMasks {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64 itself: every processor this code can run on has it.
    unsafe {
        word_masks_sse2(block)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        word_masks_portable(block)
    }
}

/// Sixteen bytes at a time with SSE2, which every x86-64 processor has.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn word_masks_sse2(block: &[u8; 64]) -> WordMasks {
    use sse2::*;
    let mut alnum = 0u64;
    let mut leads = 0u64;
    for k in 0..4 {
        let x = load16(block, 16 * k);
        // `| 0x20` makes capitals small and moves no other byte into a–z.
        let letter = in_range(or(x, splat(0x20)), b'a', b'z');
        let word = or(letter, in_range(x, b'0', b'9'));
        alnum |= u64::from(bits(word)) << (16 * k);
        leads |= u64::from(bits(in_range(x, 0xC0, 0xFF))) << (16 * k);
    }
    WordMasks { alnum, leads }
}

/// The SSE2 steps the masks are made of, each on sixteen bytes.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// `bytes[i..i + 16]` (two eight-byte reads, which the compiler makes one).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn load16(bytes: &[u8], i: usize) -> __m128i {
        _mm_set_epi64x(
            super::load(bytes, i + 8) as i64,
            super::load(bytes, i) as i64,
        )
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn splat(b: u8) -> __m128i {
        _mm_set1_epi8(b as i8)
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn or(a: __m128i, b: __m128i) -> __m128i {
        _mm_or_si128(a, b)
    }

    /// The bytes of `x` that are `b`.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn equal(x: __m128i, b: u8) -> __m128i {
        _mm_cmpeq_epi8(x, splat(b))
    }

    /// The bytes of `x` from `lo` to `hi` (unsigned, `hi - lo` below 0x7f): shifted so that `lo`
    /// becomes -128, one signed compare.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn in_range(x: __m128i, lo: u8, hi: u8) -> __m128i {
        debug_assert!(lo <= hi && hi - lo < 0x7f);
        let shifted = _mm_add_epi8(x, splat(0x80u8.wrapping_sub(lo)));
        _mm_cmplt_epi8(shifted, splat(0x80 + (hi - lo) + 1))
    }

    /// One bit per byte of `m`, the first byte's lowest.
    #[target_feature(enable = "sse2")]
    #[inline]
    pub fn bits(m: __m128i) -> u32 {
        _mm_movemask_epi8(m) as u32
    }
}

/// Eight bytes at a time in a `u64`, for other processors (and as a check on the SSE2 one).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn word_masks_portable(block: &[u8; 64]) -> WordMasks {
    WordMasks {
        alnum: lanes(block, 0, 8, |x| {
            in_range(x | each(0x20), b'a', b'z') | in_range(x, b'0', b'9')
        }),
        // From 0xC0 up: both high bits set.
        leads: lanes(block, 0, 8, |x| x & (x << 1) & HIGH_BITS),
    }
}

/// An eight-byte test over `lanes` words of `bytes` from `i` on, as one bit per byte.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn lanes(bytes: &[u8], i: usize, lanes: usize, test: impl Fn(u64) -> u64) -> u64 {
    // The high bit of each byte, gathered into the low eight bits (the first byte's lowest):
    // the multiplication moves each bit to its place and lets the rest overflow away.
    let gather = |m: u64| (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    (0..lanes).fold(0, |acc, k| {
        acc | (gather(test(load(bytes, i + 8 * k))) << (8 * k))
    })
}

/// What `text_masks` tells of sixteen bytes: one bit per byte, the first in the lowest bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextMasks {
    /// `&`, ASCII control characters (tabs and line breaks among them), and the lead bytes
    /// that may start a Unicode space (as `space_leads`).
    pub special: u32,
    /// Spaces.
    pub space: u32,
}

/// The bytes of `bytes[i..i + 16]` a text collector must look at (see `TextMasks`).
#[inline(always)]
pub fn text_masks(bytes: &[u8], i: usize) -> TextMasks {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64 itself: every processor this code can run on has it.
    unsafe {
        text_masks_sse2(bytes, i)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        text_masks_portable(bytes, i)
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn text_masks_sse2(bytes: &[u8], i: usize) -> TextMasks {
    use sse2::*;
    let x = load16(bytes, i);
    let lead = std::arch::x86_64::_mm_and_si128(x, splat(0xFC));
    let special = or(
        or(equal(x, b'&'), in_range(x, 0, 0x1f)),
        or(equal(x, 0xC2), equal(lead, 0xE0)),
    );
    TextMasks {
        special: bits(special),
        space: bits(equal(x, b' ')),
    }
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn text_masks_portable(bytes: &[u8], i: usize) -> TextMasks {
    TextMasks {
        special: lanes(bytes, i, 2, |x| {
            equal(x, b'&') | in_range(x, 0, 0x1f) | space_leads(x)
        }) as u32,
        space: lanes(bytes, i, 2, |x| equal(x, b' ')) as u32,
    }
}

/// The first `needle` in `bytes` from `from` on: sixteen bytes at a time, inline (a call to
/// `memchr` pays for its set-up at every tag, a few dozen bytes apart).
#[inline(always)]
pub fn find_byte(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    let n = bytes.len();
    let mut i = from;
    while i + 16 <= n {
        let found = eq_mask(bytes, i, needle);
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize);
        }
        i += 16;
    }
    bytes[i.min(n)..]
        .iter()
        .position(|&b| b == needle)
        .map(|k| i + k)
}

/// The bytes of `bytes[i..i + 16]` that are `needle`.
#[inline(always)]
fn eq_mask(bytes: &[u8], i: usize, needle: u8) -> u32 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64 itself: every processor this code can run on has it.
    unsafe {
        eq_mask_sse2(bytes, i, needle)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        eq_mask_portable(bytes, i, needle)
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn eq_mask_sse2(bytes: &[u8], i: usize, needle: u8) -> u32 {
    sse2::bits(sse2::equal(sse2::load16(bytes, i), needle))
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn eq_mask_portable(bytes: &[u8], i: usize, needle: u8) -> u32 {
    lanes(bytes, i, 2, |x| equal(x, needle)) as u32
}

/// Bytes that a text collector which decodes entities and collapses whitespace (the search
/// index's `push_text`) looks at: `&`, ASCII whitespace, lead bytes of Unicode spaces.
/// (`text_masks` marks a few more, every control byte and 0xE0, as its test is cheaper that
/// way; the collector passes over those.)
pub const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(
            i as u8,
            b'&' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        i += 1;
    }
    t
};

/// The first byte from `i` on that the text collector must look at: a byte of `SPECIAL` other
/// than a space, or a space after a space (`space_before`: whether the byte before `i` counts
/// as one); or, in a block of sixteen, an earlier byte that only `text_masks` marks. Sixteen
/// bytes at a time: in text a space comes every few bytes, so a table lookup for each byte
/// (and a closer look at each space) cost more than the rest of the text.
#[inline(always)]
pub fn next_special(bytes: &[u8], mut i: usize, space_before: bool) -> usize {
    let n = bytes.len();
    let mut carry = u32::from(space_before);
    while i + 16 <= n {
        let m = text_masks(bytes, i);
        let found = m.special | (m.space & ((m.space << 1) | carry));
        if found != 0 {
            return i + found.trailing_zeros() as usize;
        }
        carry = m.space >> 15;
        i += 16;
    }
    let mut space = carry != 0;
    while i < n {
        let b = bytes[i];
        if SPECIAL[usize::from(b)] && (b != b' ' || space) {
            return i;
        }
        space = b == b' ';
        i += 1;
    }
    n
}

/// `pack(&text[start..end])`, read as sixteen bytes and cut to the word's length where
/// sixteen bytes are there to read: no branch on the length, which varies from word to word.
#[inline(always)]
pub fn pack_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
    // The bytes of a word of each length up to 16, as masks of two eight-byte halves.
    const KEEP: [(u64, u64); 17] = {
        let mut t = [(0, 0); 17];
        let mut len = 1;
        while len <= 16 {
            t[len] = if len < 8 {
                ((1 << (8 * len)) - 1, 0)
            } else if len == 8 {
                (u64::MAX, 0)
            } else if len < 16 {
                (u64::MAX, (1 << (8 * (len - 8))) - 1)
            } else {
                (u64::MAX, u64::MAX)
            };
            len += 1;
        }
        t
    };
    let len = end - start;
    if len <= 16 && start + 16 <= text.len() {
        let (lo, hi) = KEEP[len];
        let lo = load(text, start) & lo;
        let hi = load(text, start + 8) & hi;
        Some(u128::from(lo) | (u128::from(hi) << 64))
    } else {
        pack(&text[start..end])
    }
}

/// Up to 16 bytes as a number, zero-padded (a word never holds a NUL byte, so two words never
/// pack alike). Built from overlapping loads rather than a copy, which the CPU would stall on.
pub fn pack(b: &[u8]) -> Option<u128> {
    #[inline(always)]
    fn u32_at(b: &[u8], i: usize) -> u64 {
        let mut a = [0u8; 4];
        a.copy_from_slice(&b[i..i + 4]);
        u64::from(u32::from_le_bytes(a))
    }
    let n = b.len();
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => {
            let mut v = 0u64;
            for (k, &x) in b.iter().enumerate() {
                v |= u64::from(x) << (8 * k);
            }
            (v, 0)
        }
        4..=8 => (u32_at(b, 0) | (u32_at(b, n - 4) << (8 * (n - 4))), 0),
        9..=16 => (load(b, 0), load(b, n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(u128::from(lo) | (u128::from(hi) << 64))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The high bits of the bytes for which `hit` holds, one byte at a time.
    fn marks(bytes: &[u8; 8], hit: impl Fn(u8) -> bool) -> u64 {
        (0..8)
            .filter(|&k| hit(bytes[k]))
            .map(|k| 0x80u64 << (8 * k))
            .sum()
    }

    #[test]
    fn each_test_marks_exactly_the_bytes_it_is_about() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'x'; 8];
                bytes[at] = b;
                bytes[(at + 3) % 8] = 0xC2;
                let x = load(&bytes, 0);
                for v in [b, 0xC2, b' ', b'x', 0x00, 0xFF] {
                    assert_eq!(equal(x, v), marks(&bytes, |y| y == v), "{bytes:?} = {v:#x}");
                }
                assert_eq!(
                    space_leads(x),
                    marks(&bytes, |y| y == 0xC2 || (0xE0..=0xE3).contains(&y))
                );
                for (lo, hi) in [(0u8, 0x1f), (b'0', b'9'), (b'a', b'z'), (0x09, 0x0d)] {
                    assert_eq!(
                        in_range(x, lo, hi),
                        marks(&bytes, |y| (lo..=hi).contains(&y)),
                        "{bytes:?} in {lo:#x}..={hi:#x}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_masks_mark_exactly_letters_digits_and_lead_bytes() {
        let mut blocks: Vec<[u8; 64]> = Vec::new();
        // Every byte value at every place, among bytes of every kind.
        for b in 0..=255u8 {
            let mut block = [0u8; 64];
            for (i, x) in block.iter_mut().enumerate() {
                *x = (i as u8).wrapping_mul(37).wrapping_add(b);
            }
            blocks.push(block);
            blocks.push([b; 64]);
        }
        for block in &blocks {
            let mut alnum = 0u64;
            let mut leads = 0u64;
            for (i, &x) in block.iter().enumerate() {
                alnum |= u64::from(x.is_ascii_alphanumeric()) << i;
                leads |= u64::from(x >= 0xC0) << i;
            }
            let expected = WordMasks { alnum, leads };
            assert_eq!(word_masks(block), expected, "{block:?}");
            assert_eq!(word_masks_portable(block), expected, "{block:?}");
        }
    }

    #[test]
    fn text_masks_and_byte_search_mark_exactly_their_bytes() {
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut bytes = [b'x'; 40];
                for (i, x) in bytes.iter_mut().enumerate() {
                    *x = (i as u8).wrapping_mul(59).wrapping_add(b);
                }
                bytes[at] = b;
                let mut special = 0;
                let mut space = 0;
                for (i, &x) in bytes[..16].iter().enumerate() {
                    let leads = x == 0xC2 || (0xE0..=0xE3).contains(&x);
                    special |= u32::from(x == b'&' || x < 0x20 || leads) << i;
                    space |= u32::from(x == b' ') << i;
                }
                let expected = TextMasks { special, space };
                assert_eq!(text_masks(&bytes, 0), expected, "{bytes:?}");
                assert_eq!(text_masks_portable(&bytes, 0), expected, "{bytes:?}");
                let mut eq = 0;
                for (i, &x) in bytes[..16].iter().enumerate() {
                    eq |= u32::from(x == b) << i;
                }
                assert_eq!(eq_mask(&bytes, 0, b), eq);
                assert_eq!(eq_mask_portable(&bytes, 0, b), eq);
                for from in [0, 3, 16, 30, 39, 40] {
                    let expected = bytes[from..].iter().position(|&x| x == b).map(|k| from + k);
                    assert_eq!(find_byte(&bytes, from, b), expected, "{b} from {from}");
                }
            }
        }
    }

    #[test]
    fn packing_keeps_words_apart() {
        let mut seen = std::collections::HashMap::new();
        for w in [
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "xaaaaaaaa",
            "xaaaaaaaaa",
            "för",
            "föra",
            "brobyggarna",
        ] {
            let p = pack(w.as_bytes()).expect("16 bytes or less");
            let mut padded = [0u8; 16];
            padded[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(p, u128::from_le_bytes(padded), "{w}");
            assert!(seen.insert(p, w).is_none(), "{w} packs like {:?}", seen[&p]);
        }
        assert_eq!(pack(b"abcdefghijklmnopq"), None);
        // Read in place, sixteen bytes at a time where the text has them, a word packs alike
        // wherever it stands, next to whatever follows it.
        let text = "brobyggarna föra abcdefghijklmnop abcdefghijklmnopq x";
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                if text.is_char_boundary(start) && text.is_char_boundary(end) {
                    let word = &text.as_bytes()[start..end];
                    assert_eq!(
                        pack_at(text.as_bytes(), start, end),
                        pack(word),
                        "{start}..{end}"
                    );
                }
            }
        }
    }

    /// `next_special` one byte at a time, with `SPECIAL` alone.
    fn next_special_slowly(bytes: &[u8], i: usize, space_before: bool) -> usize {
        (i..bytes.len())
            .find(|&j| {
                let b = bytes[j];
                let after_space = if j == i {
                    space_before
                } else {
                    bytes[j - 1] == b' '
                };
                SPECIAL[usize::from(b)] && (b != b' ' || after_space)
            })
            .unwrap_or(bytes.len())
    }

    #[test]
    fn next_special_finds_the_bytes_one_by_one_finds() {
        // Bytes of every kind the collector tells apart, and those only `text_masks` marks.
        let kinds = [
            b'a', b'Z', b' ', b'&', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0x00, 0x1f, 0x7f, 0x80, 0xA0,
            0xC2, 0xC3, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xFF,
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for round in 0..4_000 {
            let len = next(48);
            // Mostly letters and spaces, as text is, and now and then any byte at all.
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next(4) {
                    0 => kinds[next(kinds.len())],
                    1 => b' ',
                    2 if round % 3 == 0 => next(256) as u8,
                    _ => b'x',
                })
                .collect();
            for i in 0..=len {
                for space_before in [false, true] {
                    let fast = next_special(&bytes, i, space_before);
                    let slow = next_special_slowly(&bytes, i, space_before);
                    // Sixteen at a time it may stop earlier, at a byte only `text_masks` marks.
                    let only_masked = |b: u8| (b < 0x20 && !SPECIAL[usize::from(b)]) || b == 0xE0;
                    assert!(
                        fast == slow || (fast < slow && only_masked(bytes[fast])),
                        "{bytes:?} from {i} ({space_before}): {fast} for {slow}"
                    );
                }
            }
        }
    }
}
