//! Templates that run away (#19): too many loops, too large a page, too long a render, too
//! much memory. Each ends with `R0005` naming the template, exit 1 and nothing written; and
//! `serve` keeps serving the last good site and rebuilds on the next save. The real binary,
//! with the time and memory limits lowered through `SPINDEL_RENDER_TIMEOUT` and
//! `SPINDEL_RENDER_MEMORY` so that the tests are quick.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, Site, assert_same_tree, dir_names, run_in_with, snapshot};

const TEMPLATE: &str = "themes/test/templates/page.html";

/// Three loops of a thousand over a string: a billion turns and no `range`.
fn slow_template() -> String {
    let s = "x".repeat(1000);
    format!(
        "{{% for a in \"{s}\" %}}{{% for b in \"{s}\" %}}{{% for c in \"{s}\" %}}{{% endfor %}}{{% endfor %}}{{% endfor %}}"
    )
}

/// Builds with `template` as the page template; the run, after checking that it failed with
/// R0005 and left `public/` and the site's folder as they were.
fn build_fails_with(template: &str, env: &[(&str, &str)]) -> common::Run {
    let site = Site::basic();
    site.build_ok(&[]);
    let before = snapshot(&site.path("public"));
    let names = dir_names(site.root());
    site.write(TEMPLATE, template);
    let started = Instant::now();
    let run = run_in_with(site.root(), &["build"], env);
    assert!(started.elapsed() < Duration::from_secs(60), "{run:?}");
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains("error[R0005]: the template `themes/test/templates/page.html`")
        .assert_stderr_contains("hint: look for a loop in the template")
        .assert_stderr_contains("nothing was written");
    assert_same_tree(&before, &snapshot(&site.path("public")), "public/");
    assert_eq!(dir_names(site.root()), names, "no staging folder is left");
    run
}

#[test]
fn loops_of_a_hundred_thousand_times_a_hundred_thousand_end_with_an_error() {
    let run = build_fails_with(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{{ j }}{% endfor %}{% endfor %}",
        &[],
    );
    run.assert_stderr_contains("does too much for one page: its loops go through more than");
    run.assert_stderr_contains("--> themes/test/templates/page.html:1:");
    // The same error on every page is shown once.
    assert_eq!(run.stderr.matches("error[R0005]").count(), 1, "{run:?}");
}

#[test]
fn a_page_larger_than_64_mb_is_refused() {
    let line = "x".repeat(1000);
    let run = build_fails_with(
        &format!("{{% for i in range(end=100000) %}}{line}{{% endfor %}}"),
        &[],
    );
    run.assert_stderr_contains("makes a page larger than 64 MB");
}

#[test]
fn a_page_that_renders_too_long_stops_the_build() {
    let run = build_fails_with(&slow_template(), &[("SPINDEL_RENDER_TIMEOUT", "1")]);
    run.assert_stderr_contains("has worked on the page");
    run.assert_stderr_contains("for more than one second; the build was stopped");
}

#[test]
fn a_string_doubled_in_a_loop_stops_the_build_before_it_takes_the_memory() {
    let run = build_fails_with(
        "{% set_global s = \"x\" %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
        &[("SPINDEL_RENDER_MEMORY", "300")],
    );
    run.assert_stderr_contains("takes more than 300 MB of memory for the page");
}

#[test]
fn check_reports_a_runaway_template_in_its_json() {
    let site = Site::basic();
    site.write(TEMPLATE, slow_template());
    let run = run_in_with(
        site.root(),
        &["check", "--format", "json"],
        &[("SPINDEL_RENDER_TIMEOUT", "1")],
    );
    run.assert_exit(1).assert_no_panic();
    run.assert_json_code("R0005");
    assert_eq!(dir_names(site.tmp()), ["site"]);
}

/// The last lines of a `serve` run's long poll: the state after generation `since`.
fn wait_after(agent: &ureq::Agent, base: &str, since: u64) -> String {
    for _ in 0..8 {
        let mut r = agent
            .get(format!("{base}/__spindel/wait?since={since}"))
            .call()
            .expect("poll");
        if r.status().as_u16() == 200 {
            return r.body_mut().read_to_string().unwrap();
        }
    }
    panic!("no rebuild after generation {since}");
}

fn generation_of(state: &str) -> u64 {
    let at = state.find("\"generation\":").expect("generation") + 13;
    state[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn serve_keeps_the_last_good_site_and_rebuilds_after_a_runaway_template() {
    let site = Site::basic();
    let (mut child, base, agent) = serve_with_a_short_render_timeout(&site);
    let get = |path: &str| {
        let mut r = agent.get(format!("{base}{path}")).call().expect("get");
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    let state = |since: u64| wait_after(&agent, &base, since);
    let (_, good) = get("/metoder/far-vi-tala/");
    let generation = generation_of(&get("/__spindel/wait").1);

    // A template that never ends: the error is shown, the last good page stays.
    let page = site.read(TEMPLATE);
    site.write(TEMPLATE, slow_template());
    let shown = state(generation);
    assert!(shown.contains("R0005"), "{shown}");
    assert!(shown.contains("themes/test/templates/page.html"), "{shown}");
    assert_eq!(get("/metoder/far-vi-tala/"), (200, good.clone()));

    // The next save is built, though the stuck render still runs.
    let generation = generation_of(&shown);
    site.write(TEMPLATE, page.replace("<body", "<body data-fixed=\"ja\""));
    let fixed = state(generation);
    assert!(fixed.contains("\"errors\":[]"), "{fixed}");
    let (status, now) = get("/metoder/far-vi-tala/");
    assert_eq!(status, 200);
    assert!(now.contains("data-fixed=\"ja\""), "{now}");
    let _ = child.kill();
    let _ = child.wait();
}

/// CPU time (user and system) the process `pid` has used so far, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/PID/stat");
    // The fields after the command name, which is in parentheses and may hold spaces.
    let after = &stat[stat.rfind(')').expect("a command name") + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// A runaway that `serve` gives up stops costing CPU: its pages stop at their next write, and
/// the pages of that build not yet begun never start (before, every render thread stayed busy
/// until serve was stopped).
#[test]
fn serve_stops_the_render_threads_of_a_runaway_template() {
    let site = Site::basic();
    let (mut child, base, agent) = serve_with_a_short_render_timeout(&site);
    let pid = child.id();
    let mut r = agent
        .get(format!("{base}/__spindel/wait"))
        .call()
        .expect("state");
    let generation = generation_of(&r.body_mut().read_to_string().unwrap());

    // A billion turns, writing a dot every thousand: every page with this template runs away.
    let s = "x".repeat(1000);
    site.write(
        TEMPLATE,
        format!(
            "{{% for a in \"{s}\" %}}{{% for b in \"{s}\" %}}{{% for c in \"{s}\" %}}{{% endfor %}}.{{% endfor %}}{{% endfor %}}"
        ),
    );
    let shown = wait_after(&agent, &base, generation);
    assert!(shown.contains("R0005"), "{shown}");
    // A moment for the stopped pages to notice; then two seconds in which serve, idle, must
    // use next to no CPU.
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    // SAFETY: sysconf only reads a value.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        used * 10 < per_second * 2,
        "serve used {used} clock ticks ({per_second} a second) in 2 s after the runaway"
    );
}

/// `spindel serve` on `site` with a one-second render timeout, English messages and a port of
/// its own: the process, its base URL, and an HTTP client that takes any status.
fn serve_with_a_short_render_timeout(site: &Site) -> (std::process::Child, String, ureq::Agent) {
    let mut child = Command::new(BIN)
        .env("SPINDEL_LANG", "en")
        .env("SPINDEL_RENDER_TIMEOUT", "1")
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start spindel serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next().expect("an address").unwrap();
        if let Some(i) = line.find("http://") {
            let url = line[i..].split_whitespace().next().unwrap();
            break url.trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    (child, base, agent)
}
