//! Tests on eight bytes at once in a `u64` ("SIMD within a register"), for the loops that
//! look at every byte of every page: each test sets the high bit of the bytes it holds for.
//! Exact: no byte is reported that does not match, so the lowest set bit is the first match.

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
}
