#!/usr/bin/env python3
"""spindel's benchmark: builds synthetic sites of several sizes and measures what BENCHMARKS.md
reports. Run from the repository root:

    python3 bench/bench.py                 # 1 000 and 10 000 pages
    python3 bench/bench.py 1000 10000 100000

For each size it generates the site (bench/generate.py, deterministic), then measures:
- full build: wall time, CPU time (user + sys), peak memory (RSS), with GNU time;
- output size and file count, and the search index's size if the build writes one;
- the floor: read + bare pulldown-cmark + write of the same Markdown (examples/floor.rs);
- serve: the time from saving one page to the reload event (median of several saves),
  measured with the real `spindel serve` and its long-poll endpoint;
- what the search index adds: the same site built without its `[search]` table, the two
  builds taken in turn five times each (median wall and CPU), as one run of the machine
  slows and speeds both alike.
Builds write to /dev/shm when it exists (files in memory, as the peers' figures were taken),
else to a temporary folder. Each build runs twice and the second is reported (warm caches)."""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "spindel")
FLOOR = os.path.join(TARGET, "release", "examples", "floor")
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def timed(cmd):
    """Wall seconds, CPU seconds and peak RSS (MB) of a command, from GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M"] + cmd,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    line = [l for l in out.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    wall, user, sys_, rss_kb = float(line[1]), float(line[2]), float(line[3]), int(line[4])
    return wall, user + sys_, rss_kb / 1024, out.stderr


def dir_size(path):
    total, count = 0, 0
    for base, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(base, f))
            count += 1
    return total, count


def search_bytes(out):
    total = 0
    for base, _, files in os.walk(out):
        if "search" in os.path.relpath(base, out).split(os.sep)[0:1] or base.endswith("sok"):
            total += sum(os.path.getsize(os.path.join(base, f)) for f in files if f.endswith(".json"))
    return total


def index_share(site, out, rounds=5):
    """Median wall and CPU seconds with and without the search index, built in turn."""
    bare = site + "-no-search"
    bare_out = out + "-no-search"
    shutil.rmtree(bare, ignore_errors=True)
    shutil.copytree(site, bare)
    config = os.path.join(bare, "spindel.toml")
    text = open(config, encoding="utf-8").read()
    # The [search] table runs to the next table or the end of the file.
    text = re.sub(r"(?ms)^\[search\]\n.*?(?=^\[|\Z)", "", text)
    open(config, "w", encoding="utf-8").write(text)
    with_index, without = [], []
    try:
        for _ in range(rounds):
            with_index.append(timed([BIN, "build", "--root", site, "--output", out])[:2])
            without.append(timed([BIN, "build", "--root", bare, "--output", bare_out])[:2])
    finally:
        shutil.rmtree(bare, ignore_errors=True)
        shutil.rmtree(bare_out, ignore_errors=True)
    med = lambda runs, k: statistics.median(r[k] for r in runs)
    return med(with_index, 0), med(without, 0), med(with_index, 1), med(without, 1)


def serve_latency(site, saves=9):
    proc = subprocess.Popen([BIN, "serve", "--root", site, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in proc.stdout:
            m = re.search(r"(http://[0-9.:]+)/", line)
            if m:
                url = m.group(1)
                break
        if not url:
            return None
        page = None
        for base, _, files in os.walk(os.path.join(site, "content", "arkiv-metoder")):
            page = os.path.join(base, sorted(f for f in files if f.startswith("sida-"))[0])
            break
        samples = []
        for i in range(saves):
            # Saves 2 s apart, as an editor's are: after announcing a reload the server
            # refreshes the search index (about 0.5 s at 10 000 pages), and a save made during
            # that waits for it.
            time.sleep(2)
            state = json.load(urllib.request.urlopen(f"{url}/__spindel/wait"))
            start = time.perf_counter()
            with open(page, "a", encoding="utf-8") as f:
                f.write(f"\nEn ny mening nummer {i}.\n")
            urllib.request.urlopen(f"{url}/__spindel/wait?since={state['generation']}", timeout=120).read()
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples), max(samples)
    finally:
        proc.kill()
        proc.wait()


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print("building spindel and the floor example (release)...", file=sys.stderr)
    run(["cargo", "build", "--release", "--quiet", "--bin", "spindel", "--example", "floor"], cwd=ROOT)
    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except (OSError, IndexError):
        pass
    print(f"machine: {os.cpu_count()} cores, {cpu}; output in {SCRATCH}")
    print("| pages | build wall | CPU | peak RSS | per page | output | files | search index | index adds (wall, CPU) | floor | save → reload (median / max) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        site = os.path.join(SCRATCH, f"spindel-bench-site-{n}")
        out = os.path.join(SCRATCH, f"spindel-bench-out-{n}")
        floor_out = os.path.join(SCRATCH, f"spindel-bench-floor-{n}")
        run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), str(n), site])
        for _ in range(2):
            wall, cpu_s, rss, _ = timed([BIN, "build", "--root", site, "--output", out])
        size, count = dir_size(out)
        idx = search_bytes(out)
        share = "n/a"
        if idx:
            w_with, w_without, c_with, c_without = index_share(site, out)
            share = (f"{100 * (w_with - w_without) / w_without:.0f} % "
                     f"({w_with:.2f} / {w_without:.2f} s), +{c_with - c_without:.2f} s")
        shutil.rmtree(floor_out, ignore_errors=True)
        floor_line = run([FLOOR, os.path.join(site, "content"), floor_out]).stdout
        floor_s = float(re.search(r"in ([0-9.]+) s", floor_line).group(1))
        latency = serve_latency(site)
        lat = f"{latency[0]:.0f} / {latency[1]:.0f} ms" if latency else "n/a"
        idx_text = f"{idx / 1e6:.1f} MB ({idx / n:.0f} B/page)" if idx else "none"
        print(f"| {n:,} | {wall:.2f} s | {cpu_s:.2f} s | {rss:.0f} MB | {wall / n * 1e6:.0f} µs "
              f"| {size / 1e6:.0f} MB | {count:,} | {idx_text} | {share} | {floor_s:.2f} s | {lat} |")
        sys.stdout.flush()
        for d in (out, floor_out):
            shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
