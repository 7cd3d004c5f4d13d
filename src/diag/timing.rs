//! Stage timings for benchmarks: with `SPINDEL_TIMINGS=1`, each stage prints its wall and CPU
//! time and the process's memory. Off by default, and then nearly free.

use std::time::Instant;

/// With `SPINDEL_TIMINGS=1`, prints how long each stage took (for benchmarks).
pub struct StageTimer {
    enabled: bool,
    last: Instant,
    last_cpu: u64,
}

impl Default for StageTimer {
    fn default() -> Self {
        Self::new()
    }
}

impl StageTimer {
    pub fn new() -> Self {
        let enabled = std::env::var_os("SPINDEL_TIMINGS").is_some_and(|v| v != "0");
        StageTimer {
            enabled,
            last: Instant::now(),
            // /proc is read only when timings are asked for (`serve` makes timers per save).
            last_cpu: if enabled { cpu_ticks() } else { 0 },
        }
    }

    /// Prints the stage's wall time and the CPU time of all threads in it: on two cores a
    /// stage that keeps both busy shows twice its wall time.
    pub fn lap(&mut self, stage: &str) {
        if self.enabled {
            let cpu = cpu_ticks();
            eprintln!(
                "timing: {stage} {:.1} ms, cpu {} ms (memory now {}, peak {})",
                self.last.elapsed().as_secs_f64() * 1000.0,
                cpu.saturating_sub(self.last_cpu) * 10,
                memory_status("VmRSS"),
                memory_status("VmHWM"),
            );
            self.last_cpu = cpu;
        }
        self.last = Instant::now();
    }
}

/// User and system time of the whole process in clock ticks (Linux, 100 a second), from
/// /proc/self/stat; 0 elsewhere.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which may hold spaces) in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    field(11) + field(12)
}

/// A line of /proc/self/status (Linux), for the timings: `VmRSS` now, `VmHWM` at the peak.
fn memory_status(key: &str) -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().replace(" kB", " KB"))
        .unwrap_or_else(|| "?".into())
}
