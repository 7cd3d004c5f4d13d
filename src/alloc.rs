//! The allocator: jemalloc instead of the system's (a build allocates many small template
//! values on every thread; see BENCHMARKS.md), and a way to hand freed memory back at once.

#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Hands the memory freed so far back to the operating system now, rather than after
/// jemalloc's decay time (10 s): `build` frees the Markdown sources before making the search
/// index, which would otherwise be made on top of them.
pub fn give_back_freed_memory() {
    // `arena.<i>.purge` with i = MALLCTL_ARENAS_ALL (4096 in jemalloc 5): every arena.
    let name = c"arena.4096.purge";
    // SAFETY: a NUL-terminated control name and no value to read or write, which is how
    // jemalloc's manual says `arena.<i>.purge` is called. A failure only leaves the memory
    // to the decay, so the result is not needed.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            name.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    fn resident_kb() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn freed_memory_is_given_back_at_once() {
        // Many blocks of a source's size, touched so that they are resident.
        let blocks: Vec<Vec<u8>> = (0..40_000).map(|i| vec![i as u8 | 1; 6500]).collect();
        let held = resident_kb();
        drop(blocks);
        super::give_back_freed_memory();
        let after = resident_kb();
        // Nearly all of what was freed must come back: more than jemalloc gives back at once
        // without being asked, as it keeps part for later (decay).
        assert!(
            held.saturating_sub(after) > 230_000,
            "resident {held} KB before, {after} KB after"
        );
    }
}
