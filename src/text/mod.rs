//! Text helpers every stage may use: Swedish-aware slugs and sort keys, source decoding,
//! percent-encoding of URL paths, word counts, and the byte-parallel kernels (`swar`) that the
//! search index and word counts run on.
//!
//! Takes nothing of the other stages; gives functions of text alone.

pub mod contacts;
pub mod decode;
pub mod percent;
pub mod slug;
pub mod swar;
pub mod words;
