//! Giving freed memory back to the operating system at once. The allocator is the binary's
//! choice (`main.rs`), so that tests, benchmarks and fuzz targets run on the system's, where
//! sanitizers see every allocation; the binary says here how its allocator gives memory back.

use std::sync::OnceLock;

static GIVE_BACK: OnceLock<fn()> = OnceLock::new();

/// Sets how freed memory is given back; the first call wins.
pub fn set_give_back(give_back: fn()) {
    let _ = GIVE_BACK.set(give_back);
}

/// Hands the memory freed so far back to the operating system now, rather than after the
/// allocator's own delay (jemalloc's is ten seconds, longer than most builds): `build` lets
/// sources and text go while it makes what replaces them. Does nothing if the binary set no
/// way to do it.
pub fn give_back_freed_memory() {
    if let Some(give_back) = GIVE_BACK.get() {
        give_back();
    }
}
