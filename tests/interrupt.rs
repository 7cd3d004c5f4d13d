//! A build stopped half-way: SIGINT and SIGTERM remove what it had begun to write, and the
//! previous `public/` stays as it was; what `kill -9` leaves is removed by the next build.
//! The real binary, on a site of a few hundred pages written slowly
//! (`SPINDEL_TEST_WRITE_DELAY_MS` pauses after each batch), stopped once its staging folder
//! holds files.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, Site, assert_same_tree, dir_names, snapshot};

/// The basic site with `n` more pages, built once so that it has a `public/` to keep.
fn big_site(n: usize) -> Site {
    let site = Site::basic();
    site.write("content/massa/_index.md", "+++\ntitle = \"Massa\"\n+++\n");
    for i in 0..n {
        site.write(
            &format!("content/massa/s{i}.md"),
            format!(
                "+++\ntitle = \"Sida {i}\"\n+++\n\n## Rubrik\n\nText om brobyggare, stycke {i}.\n"
            ),
        );
    }
    site.build_ok(&[]);
    site
}

fn start_slow_build(site: &Site) -> Child {
    Command::new(BIN)
        .arg("build")
        .current_dir(site.root())
        .env("SPINDEL_LANG", "en")
        .env("NO_COLOR", "1")
        .env("SPINDEL_TEST_WRITE_DELAY_MS", "1500")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start spindel build")
}

/// The staging folder of build `pid`, once files are written into it.
fn wait_for_staging(site: &Site, pid: u32) -> PathBuf {
    let staging = site.root().join(format!(".public.spindel-new-{pid}"));
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if staging.join("massa").is_dir() {
            return staging;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "no staging folder with pages appeared at {}",
        staging.display()
    );
}

fn signal(pid: u32, name: &str) {
    let ok = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .expect("run kill")
        .success();
    assert!(ok, "kill -{name} {pid}");
}

/// Waits for the child, at most `limit`; its exit code and stderr.
fn finish(mut child: Child, limit: Duration) -> (Option<i32>, String) {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            return (
                status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("spindel did not end within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn hidden(dir: &Path) -> Vec<String> {
    dir_names(dir)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect()
}

fn stopped_by(name: &str, code: i32) {
    let site = big_site(600);
    let before = snapshot(&site.path("public"));
    let child = start_slow_build(&site);
    let pid = child.id();
    let staging = wait_for_staging(&site, pid);
    signal(pid, name);
    let (exit, stderr) = finish(child, Duration::from_secs(20));
    assert_eq!(exit, Some(code), "{stderr}");
    assert!(
        stderr.contains("the build was stopped; nothing was written"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!staging.exists(), "{} is left", staging.display());
    assert_eq!(hidden(site.root()), Vec::<String>::new(), "leftovers");
    assert_same_tree(&before, &snapshot(&site.path("public")), "public/");
}

#[test]
fn sigterm_during_a_build_removes_its_staging_folder_and_keeps_public() {
    stopped_by("TERM", 143);
}

#[test]
fn sigint_during_a_build_removes_its_staging_folder_and_keeps_public() {
    stopped_by("INT", 130);
}

#[test]
fn what_kill_9_leaves_is_removed_by_the_next_build_and_nothing_else() {
    let site = big_site(300);
    // A folder of the same name pattern that spindel did not mark as its own.
    let unmarked = format!(".public.spindel-new-{}", 999_999_998u32);
    site.write(&format!("{unmarked}/notes.txt"), "mine");
    let child = start_slow_build(&site);
    let pid = child.id();
    let staging = wait_for_staging(&site, pid);
    signal(pid, "KILL");
    let (exit, _) = finish(child, Duration::from_secs(20));
    assert_eq!(exit, None, "killed by a signal");
    assert!(staging.is_dir(), "kill -9 leaves the staging folder");
    let before = snapshot(&site.path("public"));
    site.build_ok(&[]);
    assert!(!staging.exists(), "the next build removes it");
    assert_eq!(hidden(site.root()), std::slice::from_ref(&unmarked));
    assert_eq!(site.read(&format!("{unmarked}/notes.txt")), "mine");
    assert_same_tree(&before, &snapshot(&site.path("public")), "public/");
}
