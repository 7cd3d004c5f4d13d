//! `spindel check`: the real binary on copies of the `basic` fixture and of the bundled site,
//! the corpus of bad inputs under tests/bad_inputs/, and external links against a server on
//! loopback. Every child process runs under a time limit, so that a hang fails the test
//! instead of stalling the suite.

mod common;

#[cfg(feature = "external")]
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{BIN, Run, Site, assert_same_tree, copy_dir, snapshot, with_reader_gone};

/// Long enough for the slowest case in a debug build on a loaded machine; a hang is forever.
const LIMIT: Duration = Duration::from_secs(180);

/// Runs spindel in `dir`, killing it after `LIMIT`; a killed run has `code == None` and says so.
fn run_limited(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_limited_as(dir, args, env, None)
}

/// The user and group `nobody`, as whom the tests that need permission bits to count run
/// spindel when they themselves run as root (as CI does).
#[cfg(unix)]
const NOBODY: u32 = 65534;

/// `run_limited` as the user `uid` (and its group), if given.
fn run_limited_as(dir: &Path, args: &[&str], env: &[(&str, &str)], uid: Option<u32>) -> Run {
    let mut cmd = Command::new(BIN);
    #[cfg(unix)]
    if let Some(uid) = uid {
        use std::os::unix::process::CommandExt;
        cmd.uid(uid).gid(uid);
    }
    cmd.args(args)
        .current_dir(dir)
        .env("SPINDEL_LANG", "en")
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start the spindel binary");
    // Read both pipes on threads, so that a child writing a lot cannot block on a full pipe.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let started = Instant::now();
    let mut hung = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for spindel") {
            break Some(status);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            hung = true;
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let mut stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    if hung {
        stderr.push_str(&format!("\n[killed: still running after {LIMIT:?}]"));
    }
    Run {
        args: args.iter().map(|a| a.to_string()).collect(),
        code: status.and_then(|s| s.code()),
        stdout,
        stderr,
    }
}

/// A copy of the bundled site (spindel.toml, content/, data/, themes/) in a temporary
/// directory, for the checks that use its Swedish messages and its [check] rules.
struct RealSite {
    _site: Site,
    root: PathBuf,
}

impl RealSite {
    fn new() -> RealSite {
        let site = Site::bundled();
        let root = site.root().to_path_buf();
        RealSite { _site: site, root }
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check"];
        args.extend_from_slice(extra);
        let run = run_limited(&self.root, &args, &[("SPINDEL_LANG", "")]);
        run.assert_no_panic();
        run
    }
}

/// A page of the bundled site's minutes section, with the given front matter lines and body.
fn page(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n\n{body}")
}

// ---------------------------------------------------------------------------------------------
// The bundled site and the basic fixture

#[test]
fn bundled_site_has_no_errors() {
    // The repository's own site, read in place: check writes nothing.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_limited(repo, &["check"], &[]);
    run.assert_no_panic();
    run.assert_exit(0);
    assert_eq!(run.error_count(), 0, "{run:?}");
}

#[test]
fn check_writes_nothing() {
    let site = Site::basic();
    let before = snapshot(site.tmp());
    let run = run_limited(site.root(), &["check"], &[]);
    run.assert_exit(0).assert_no_panic();
    assert!(
        run.stdout
            .starts_with("Checked 9 pages and 5 sections: no problems found"),
        "{run:?}"
    );
    assert_same_tree(&before, &snapshot(site.tmp()), "the site after check");
}

#[test]
fn check_reports_what_build_reports_and_build_fails_on_check_errors() {
    let site = Site::basic();
    site.build_ok(&[]);
    // A relative link to a page's file works in the editor but not on the website.
    site.write(
        "content/nyheter/ny.md",
        "+++\ntitle = \"Ny\"\ndate = 2020-01-01\n+++\n\nSe [brobyggare](../metoder/brobyggare.md#resultat).\n",
    );
    let check = run_limited(site.root(), &["check"], &[]);
    check.assert_exit(1).assert_no_panic();
    check
        .assert_stderr_contains(
            "error[S0006]: the link `../metoder/brobyggare.md#resultat` names the page's file",
        )
        .assert_stderr_contains("--> content/nyheter/ny.md:6:17")
        .assert_stderr_contains("= hint: write it as @/metoder/brobyggare.md#resultat");
    let public = site.snapshot("public");
    let build = site.build(&[]);
    build.assert_exit(1).assert_no_panic();
    build.assert_stderr_contains("--> content/nyheter/ny.md:6:17");
    assert_same_tree(
        &public,
        &site.snapshot("public"),
        "public/ after a failed build",
    );
}

#[test]
fn warnings_pass_unless_denied_and_usage_errors_exit_2() {
    let site = Site::basic();
    site.write(
        "content/nyheter/ny.md",
        "+++\ntitle = \"Ny\"\ndate = 2020-01-01\n+++\n\n## A\n\n#### B\n",
    );
    let run = run_limited(site.root(), &["check"], &[]);
    run.assert_exit(0).assert_no_panic();
    run.assert_stderr_contains("warning[S0003]: the heading skips from level 2 to level 4")
        .assert_stderr_contains("--> content/nyheter/ny.md:8:1")
        .assert_stderr_contains(
            "= hint: screen readers use headings as a table of contents; change the line to:\n          ### B",
        );
    assert!(run.stdout.contains(": no errors, one warning"), "{run:?}");
    let denied = run_limited(site.root(), &["check", "--deny-warnings"], &[]);
    denied.assert_exit(1).assert_no_panic();
    denied.assert_stderr_contains("--deny-warnings");
    let usage = run_limited(site.root(), &["check", "--root", "finns-inte"], &[]);
    usage.assert_exit(2).assert_no_panic();
    usage.assert_stderr_contains("`finns-inte` does not exist");
    let bad_flag = run_limited(site.root(), &["check", "--format", "xml"], &[]);
    bad_flag.assert_exit(2).assert_no_panic();
}

#[test]
fn json_and_github_formats() {
    let site = Site::basic();
    site.write(
        "content/nyheter/ny.md",
        "+++\ntitle = \"Ny\"\ndate = 2020-01-01\n+++\n\n![](karta.png)\n\n# Rubrik\n",
    );
    let run = run_limited(site.root(), &["check", "--format", "json"], &[]);
    run.assert_exit(1).assert_no_panic();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(json["errors"], 2, "{run:?}");
    assert_eq!(json["warnings"], 1, "{run:?}");
    let ds = json["diagnostics"].as_array().unwrap();
    // Every diagnostic carries its code; tools find a kind by it, not by the message.
    for d in ds {
        let code = d["code"].as_str().unwrap_or_else(|| panic!("no code: {d}"));
        assert!(
            code.len() == 5 && code.as_bytes()[0].is_ascii_uppercase(),
            "{code}"
        );
    }
    let alt = ds
        .iter()
        .find(|d| d["code"] == "S0004")
        .expect("the missing alt text is reported");
    assert_eq!(alt["message"], "the image has no alt text");
    assert_eq!(alt["file"], "content/nyheter/ny.md");
    assert_eq!(
        (alt["line"].as_u64(), alt["column"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(alt["severity"], "error");
    assert!(alt["hint"].as_str().unwrap().contains("![Karta"));
    let heading = ds
        .iter()
        .find(|d| d["code"] == "S0002")
        .expect("the top-level heading is reported");
    assert_eq!(heading["severity"], "warning");
    assert_eq!(heading["line"], 8);

    let run = run_limited(site.root(), &["check", "--format", "github"], &[]);
    run.assert_exit(1).assert_no_panic();
    assert!(
        run.stdout.lines().any(|l| l.starts_with(
            "::error file=content/nyheter/ny.md,line=6,col=1,endColumn=15,title=spindel S0004::the image has no alt text%0Ahint: "
        )),
        "{run:?}"
    );
    assert!(
        run.stdout.lines().any(|l| l
            .starts_with("::warning file=content/nyheter/ny.md,line=8,col=1,")
            && l.contains(",title=spindel S0002::")),
        "{run:?}"
    );
}

/// A file name with an escape sequence or a line break reaches the workflow log as pictures
/// (`␛`, `␊`), never raw: the runner would pass ESC on to the log, and a line break would end
/// the command.
#[test]
fn github_format_shows_control_characters_in_file_names_as_pictures() {
    let site = Site::basic();
    let page = "+++\ntitle = \"Ny\"\ndate = 2020-01-01\n+++\n\n![](karta.png)\n";
    site.write("content/nyheter/INJECT\u{1b}[31m.md", page);
    site.write("content/nyheter/rad\n::error ::x.md", page);
    let run = run_limited(site.root(), &["check", "--format", "github"], &[]);
    run.assert_exit(1).assert_no_panic();
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    let starts = |prefix: &str| run.stdout.lines().any(|l| l.starts_with(prefix));
    assert!(
        starts("::error file=content/nyheter/INJECT␛[31m.md,line=6,"),
        "{:?}",
        run.stdout
    );
    assert!(
        starts("::error file=content/nyheter/rad␊%3A%3Aerror %3A%3Ax.md,line=6,"),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout.lines().all(|l| l.starts_with("::")),
        "{:?}",
        run.stdout
    );
}

/// A problem with two places gives an annotation on each: the error where it is, a note on
/// the other file, so that a pull request shows both.
#[test]
fn github_format_annotates_both_places_of_a_problem() {
    let site = Site::basic();
    site.write(
        "content/nyheter/a.md",
        "+++\ntitle = \"A\"\nslug = \"andra\"\n+++\n\nA.\n",
    );
    let run = run_limited(site.root(), &["check", "--format", "github"], &[]);
    run.assert_exit(1).assert_no_panic();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::error file=content/nyheter/a.md,line=3,col=1,endColumn=5,title=spindel G0001::"
        )),
        "{run:?}"
    );
    assert!(
        lines.iter().any(|l| l
            .starts_with("::notice file=content/nyheter/andra.md,title=spindel G0001::")
            && l.ends_with(": already gives the same address")),
        "{run:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The checks, on the bundled site with its Swedish messages and [check] rules

#[test]
fn unknown_member_names_the_nearest_in_swedish() {
    let site = RealSite::new();
    site.write(
        "content/metoder/ny.md",
        &page(
            "title = \"Ny metod\"\ndate = 2020-01-01\n[taxonomies]\nkommun = [\"Goteborg\"]\nomrade = [\"Utbilding\"]\ntyp = [\"Metod\", \"Recept\"]",
            "Text.\n",
        ),
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_stderr_contains("fel[S0008]: okänd kommun `Goteborg`: menade du `Göteborg`?")
        .assert_stderr_contains("--> content/metoder/ny.md:5:12")
        .assert_stderr_contains("fel[S0008]: okänt område `Utbilding`: menade du `Utbildning`?")
        .assert_stderr_contains("fel[S0008]: okänd innehållstyp `Recept`")
        .assert_stderr_contains("möjliga värden: Artikel, Beslut,");
    // One finding per term: the graph's own warning gives way.
    run.assert_stderr_lacks("[G0003]");
    assert_eq!(run.error_count(), 3, "{run:?}");
}

#[test]
fn minutes_need_a_date_and_a_place_of_the_right_types() {
    let site = RealSite::new();
    site.write(
        "content/minnesanteckningar/2019-03-01-mote.md",
        &page("title = \"Möte i mars\"\n[extra]\nplats = 12", "Text.\n"),
    );
    site.write(
        "content/minnesanteckningar/2019-04-01-mote.md",
        &page(
            "title = \"Möte i april\"\ndate = 2019-04-01\n[extra]\narrangor = \"Länsstyrelsen\"",
            "Text.\n",
        ),
    );
    // A summary of several meetings gives its period instead.
    site.write(
        "content/minnesanteckningar/2019-sammanfattning.md",
        &page(
            "title = \"Möten 2019\"\n[extra]\nperiod = \"2019\"",
            "Text.\n",
        ),
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_stderr_contains(
        "fel[S0009]: fältet `date` saknas: sidor i minnesanteckningar/ ska ha det",
    )
    .assert_stderr_contains("--> content/minnesanteckningar/2019-03-01-mote.md:2:1")
    .assert_stderr_contains("fel[S0009]: fältet `extra.plats` ska vara text inom citattecken")
    .assert_stderr_contains("--> content/minnesanteckningar/2019-03-01-mote.md:4:1")
    .assert_stderr_contains("fel[S0009]: fältet `extra.plats` saknas")
    .assert_stderr_contains("--> content/minnesanteckningar/2019-04-01-mote.md:2:1")
    .assert_stderr_contains("[extra]\n");
    run.assert_stderr_lacks("2019-sammanfattning.md");
    assert_eq!(run.error_count(), 3, "{run:?}");
}

#[test]
fn minutes_dated_in_the_future_are_a_warning_even_when_left_out() {
    let site = RealSite::new();
    let text = page(
        "title = \"Möte\"\ndate = 2999-05-16\n[extra]\nplats = \"Stockholm\"",
        "Text.\n",
    );
    site.write("content/minnesanteckningar/2999-05-16-mote.md", &text);
    for flags in [&[][..], &["--drafts"][..]] {
        let run = site.check(flags);
        run.assert_exit(0);
        run.assert_stderr_contains("varning[S0010]: datumet 2999-05-16 ligger i framtiden")
            .assert_stderr_contains("--> content/minnesanteckningar/2999-05-16-mote.md:3:1")
            .assert_stderr_contains("kontrollera årtalet");
    }
}

#[test]
fn reader_trips_are_reported_with_their_places() {
    let site = RealSite::new();
    site.write(
        "content/metoder/ny.md",
        &page(
            "title = \"Brobyggare i skolan\"\ndate = 2020-01-01",
            "# Stor rubrik\n\n\
             #### För djup\n\n\
             ![](karta.png) och <img src=\"/karta.png\">\n\n\
             [](@/metoder/brobyggare.md) och [ankare](#finns-inte)\n\n\
             Ring 070-123 45 67 eller skriv till anna.svensson@boras.se.\n",
        ),
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    for (message, at) in [
        (
            "varning[S0002]: en rubrik på nivå 1 (#) i texten",
            "ny.md:6:1",
        ),
        (
            "varning[S0003]: rubriken hoppar från nivå 1 till nivå 4",
            "ny.md:8:1",
        ),
        ("fel[S0004]: bilden saknar alternativtext", "ny.md:10:1"),
        ("fel[S0004]: <img> saknar alt-attribut", "ny.md:10:20"),
        ("fel[S0005]: länken saknar text", "ny.md:12:1"),
        (
            "fel[L0003]: `#finns-inte` är ingen rubrik på den här sidan",
            "ny.md:12:42",
        ),
        (
            "fel[S0014]: telefonnumret `070-123 45 67` kan vara en persons eget",
            "ny.md:14:6",
        ),
        (
            "fel[S0007]: e-postadressen `anna.svensson@boras.se` kan vara en persons egen",
            "ny.md:14:37",
        ),
    ] {
        let i = run
            .stderr
            .find(message)
            .unwrap_or_else(|| panic!("`{message}` is not reported\n{run:?}"));
        let next = run.stderr[i..].lines().nth(1).unwrap_or("");
        assert!(
            next.ends_with(&format!("--> content/metoder/{at}")),
            "`{message}` points at `{next}`, not {at}\n{run:?}"
        );
    }
}

#[test]
fn allowed_contacts_and_their_forms_are_accepted() {
    let site = RealSite::new();
    let config = std::fs::read_to_string(site.root.join("spindel.toml")).unwrap();
    let config = config.replacen(
        "allowed_contacts = []",
        "allowed_contacts = [\"Registrator@lansstyrelsen.se\", \"+46 10-223 10 00\"]",
        1,
    );
    site.write("spindel.toml", &config);
    site.write(
        "content/metoder/ny.md",
        &page(
            "title = \"Ny\"\ndescription = \"Prov.\"\ndate = 2020-01-01",
            "Skriv till registrator@lansstyrelsen.se eller ring 010-223 10 00.\n",
        ),
    );
    let run = site.check(&[]);
    run.assert_exit(0);
    run.assert_stderr_lacks("ny.md");
}

#[test]
fn links_written_as_paths_are_followed_like_a_browser() {
    let site = RealSite::new();
    site.write(
        "content/metoder/ny.md",
        &page(
            "title = \"Ny\"\ndescription = \"Prov.\"\ndate = 2020-01-01",
            "[a](brobyggare.md) [b](../metoder/kollegial-granskning.md#saknas) [c](../saknas.md)\n\n\
             [d](/metoder/brobyggare/) [e](/metoder/saknas/) [f](../brobyggare/#resultat)\n\n\
             [g](/style.css) [h](../brobyggare/#fel-rubrik) [i](<../../../../etc/passwd>)\n",
        ),
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_stderr_contains("fel[S0006]: länken `brobyggare.md` pekar på sidans fil")
        .assert_stderr_contains("= gör så här: skriv den så här: @/metoder/brobyggare.md")
        .assert_stderr_contains(
            "@/metoder/kollegial-granskning.md#saknas; dessutom är `#saknas` ingen rubrik där",
        )
        .assert_stderr_contains("fel[S0006]: länken `../saknas.md` pekar på en sida som inte finns")
        .assert_stderr_contains(
            "fel[S0006]: länken `/metoder/saknas/` leder inte till någon sida eller fil",
        )
        .assert_stderr_contains(
            "fel[L0003]: `#fel-rubrik` är ingen rubrik i content/metoder/brobyggare.md",
        )
        .assert_stderr_contains(
            "fel[S0006]: länken `../../../../etc/passwd` går med .. ut ur webbplatsen",
        );
    // d, f and g lead somewhere: the page, a heading on it, and the theme's stylesheet.
    assert_eq!(run.error_count(), 6, "{run:?}");
    // A tool tells the kinds apart by their codes: five links that lead nowhere or name a
    // file, and one heading that is not there.
    let json = site.check(&["--format", "json"]);
    json.assert_exit(1);
    let mut codes = json.json_codes();
    codes.sort();
    assert_eq!(
        codes,
        ["L0003", "S0006", "S0006", "S0006", "S0006", "S0006"],
        "{json:?}"
    );
}

#[test]
fn published_page_linking_to_a_draft_by_path_is_an_error() {
    let site = RealSite::new();
    site.write(
        "content/metoder/utkast.md",
        &page("title = \"Utkast\"\ndraft = true", "Text.\n"),
    );
    site.write(
        "content/metoder/ny.md",
        &page(
            "title = \"Ny\"\ndate = 2020-01-01",
            "Se [utkastet](utkast.md).\n",
        ),
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_stderr_contains("fel[L0002]: länken `utkast.md` pekar på ett utkast")
        .assert_stderr_contains("--> content/metoder/ny.md:6:15");
    site.check(&["--format", "json"])
        .assert_exit(1)
        .assert_json_code("L0002");
    // With drafts the draft is there; the link is then only written the wrong way.
    let run = site.check(&["--drafts"]);
    run.assert_exit(1);
    run.assert_stderr_lacks("pekar på ett utkast");
    run.assert_stderr_contains("fel[S0006]: länken `utkast.md` pekar på sidans fil");
}

#[test]
fn duplicate_titles_and_large_attachments() {
    let site = RealSite::new();
    site.write(
        "content/metoder/kopia.md",
        &page("title = \"Brobyggare\"\ndate = 2020-01-01", "Text.\n"),
    );
    let title = std::fs::read_to_string(site.root.join("content/metoder/brobyggare.md"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with("title = "))
        .map(str::to_string)
        .unwrap();
    if title == "title = \"Brobyggare\"" {
        site.check(&[])
            .assert_stderr_contains("content/metoder/brobyggare.md har samma titel");
    }
    let config = std::fs::read_to_string(site.root.join("spindel.toml")).unwrap();
    site.write(
        "spindel.toml",
        &config.replacen("max_file_size = \"10 MB\"", "max_file_size = \"1 kB\"", 1),
    );
    site.write("content/metoder/bilaga.pdf", &"x".repeat(1500));
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_stderr_contains("fel[S0001]: filen är 1,5 kB, mer än gränsen på 1 kB")
        .assert_stderr_contains("--> content/metoder/bilaga.pdf");
    // The pages themselves are larger than 1 kB too: each is reported once, by name (and,
    // turned away by its size, not read).
    run.assert_stderr_contains("--> content/metoder/brobyggare.md\n");
}

#[test]
fn bad_check_table_is_a_config_error() {
    let site = RealSite::new();
    let config = std::fs::read_to_string(site.root.join("spindel.toml")).unwrap();
    site.write(
        "spindel.toml",
        &config.replacen(
            "past_dates = true",
            "past_dates = true\nplats = \"text\"",
            1,
        ),
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_stderr_contains("fel[T0003]: `plats` är inte ett fält i [check.sections]")
        .assert_stderr_contains("--> spindel.toml:");
}

// ---------------------------------------------------------------------------------------------
// External links, against a server on loopback only

/// Compiled without the `external` feature (`.ci/run` runs this with `--no-default-features`),
/// `check --external` is refused with its code, and the rest of the check still runs.
#[cfg(not(feature = "external"))]
#[test]
fn external_links_need_the_external_feature() {
    let site = Site::basic();
    let run = run_limited(
        site.root(),
        &["check", "--external", "--format", "json"],
        &[],
    );
    run.assert_no_panic();
    assert_ne!(run.code, Some(0), "{run:?}");
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["U0006"], "{run:?}");
}

/// A test server on 127.0.0.1 that counts requests per path and the most in flight at once.
#[cfg(feature = "external")]
struct TestServer {
    server: std::sync::Arc<tiny_http::Server>,
    port: u16,
    hits: std::sync::Arc<Mutex<BTreeMap<String, usize>>>,
    max_in_flight: std::sync::Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[cfg(feature = "external")]
impl TestServer {
    fn start() -> TestServer {
        let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let hits = std::sync::Arc::new(Mutex::new(BTreeMap::new()));
        let max_in_flight = std::sync::Arc::new(AtomicUsize::new(0));
        let in_flight = std::sync::Arc::new(AtomicUsize::new(0));
        let (s, h, m) = (server.clone(), hits.clone(), max_in_flight.clone());
        let thread = std::thread::spawn(move || {
            let mut handlers = Vec::new();
            // Each request on its own thread, so that slow ones overlap; `unblock` ends this.
            while let Ok(request) = s.recv() {
                let (h, m, f) = (h.clone(), m.clone(), in_flight.clone());
                handlers.push(std::thread::spawn(move || {
                    let now = f.fetch_add(1, Ordering::SeqCst) + 1;
                    m.fetch_max(now, Ordering::SeqCst);
                    let path = request.url().to_string();
                    *h.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
                    let response = match path.as_str() {
                        "/ok" => tiny_http::Response::from_string("ok"),
                        "/flyttad" => tiny_http::Response::from_string("")
                            .with_status_code(301)
                            .with_header(
                                tiny_http::Header::from_bytes("Location", "/ny-plats").unwrap(),
                            ),
                        "/tillfalligt" => tiny_http::Response::from_string("")
                            .with_status_code(302)
                            .with_header(tiny_http::Header::from_bytes("Location", "/ok").unwrap()),
                        "/ny-plats" => tiny_http::Response::from_string("ny"),
                        "/%C3%A5tg%C3%A4rder" | "/fraga/sida?p=2" | "/upp/c" => {
                            tiny_http::Response::from_string("ok")
                        }
                        // Relative redirects, resolved as RFC 3986 says.
                        "/fraga/sida?z=1" => tiny_http::Response::from_string("")
                            .with_status_code(301)
                            .with_header(
                                tiny_http::Header::from_bytes("Location", "?p=2").unwrap(),
                            ),
                        "/upp/a/b" => tiny_http::Response::from_string("")
                            .with_status_code(308)
                            .with_header(
                                tiny_http::Header::from_bytes("Location", "../c").unwrap(),
                            ),
                        "/loop" => tiny_http::Response::from_string("")
                            .with_status_code(301)
                            .with_header(
                                tiny_http::Header::from_bytes("Location", "/loop").unwrap(),
                            ),
                        p if p.starts_with("/seg") => {
                            std::thread::sleep(Duration::from_millis(400));
                            tiny_http::Response::from_string("seg")
                        }
                        "/hanger" => {
                            std::thread::sleep(Duration::from_secs(4));
                            tiny_http::Response::from_string("för sent")
                        }
                        _ => tiny_http::Response::from_string("finns inte").with_status_code(404),
                    };
                    let _ = request.respond(response);
                    f.fetch_sub(1, Ordering::SeqCst);
                }));
            }
            for t in handlers {
                let _ = t.join();
            }
        });
        TestServer {
            server,
            port,
            hits,
            max_in_flight,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn total_hits(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

#[cfg(feature = "external")]
impl Drop for TestServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A page whose body is `links`, one line each (the lines from line 6 of the file on).
#[cfg(feature = "external")]
fn write_links_page(site: &Site, links: &[String]) {
    site.write(
        "content/nyheter/lankar.md",
        format!(
            "+++\ntitle = \"Länkar\"\ndescription = \"Prov.\"\n+++\n\n{}\n",
            links.join("\n")
        ),
    );
}

#[cfg(feature = "external")]
#[test]
fn external_links_are_checked_concurrently_with_time_limits_and_cached() {
    let server = TestServer::start();
    let site = Site::basic();
    let links: Vec<String> = [
        "/ok",
        "/ok#del",
        "/finns-inte",
        "/flyttad",
        "/tillfalligt",
        "/loop",
        "/hanger",
        "/seg1",
        "/seg2",
        "/seg3",
        "/seg4",
    ]
    .iter()
    .map(|p| format!("- [länk]({})", server.url(p)))
    .collect();
    write_links_page(&site, &links);
    let cache = site.tmp().join("cache");
    let cache_env = cache.to_str().unwrap();
    let env = [("SPINDEL_CACHE_DIR", cache_env)];
    // Without --external nothing is fetched.
    let run = run_limited(site.root(), &["check"], &env);
    run.assert_exit(0).assert_no_panic();
    assert_eq!(server.total_hits(), 0);

    let run = run_limited(
        site.root(),
        &["check", "--external", "--timeout", "1"],
        &env,
    );
    run.assert_exit(0).assert_no_panic();
    let url = |p: &str| server.url(p);
    run.assert_stderr_contains(&format!(
        "warning[X0002]: the link {} answers with error 404",
        url("/finns-inte")
    ))
    .assert_stderr_contains("--> content/nyheter/lankar.md:8:10")
    .assert_stderr_contains(&format!(
        "warning[X0001]: the link {} has moved to {}",
        url("/flyttad"),
        url("/ny-plats")
    ))
    .assert_stderr_contains("= hint: update the link to the new address")
    .assert_stderr_contains(&format!(
        "warning[X0003]: the link {} could not be reached: no answer in time",
        url("/hanger")
    ))
    .assert_stderr_contains(&format!(
        "warning[X0003]: the link {} could not be reached: too many redirects",
        url("/loop")
    ));
    // Temporary redirects and working links are not reported.
    run.assert_stderr_lacks(&format!("{} ", url("/ok")))
        .assert_stderr_lacks(&url("/tillfalligt"))
        .assert_stderr_lacks(&url("/seg1"));
    assert!(
        run.stdout.contains("(10 external links checked)"),
        "{run:?}"
    );
    // Each address once (the #fragment is the same page), redirects followed a bounded
    // number of times, and the slow ones in parallel.
    assert_eq!(
        server.hits("/ok"),
        2,
        "once directly, once after /tillfalligt"
    );
    assert_eq!(server.hits("/finns-inte"), 1);
    assert_eq!(
        server.hits("/loop"),
        6,
        "the first request and five redirects"
    );
    assert!(
        server.total_hits() <= 20,
        "{:?}",
        server.hits.lock().unwrap()
    );
    assert!(
        server.max_in_flight.load(Ordering::SeqCst) >= 2,
        "the links were fetched one at a time"
    );
    // The cache lives outside the site, and a second run asks only about what failed.
    assert!(cache.join("external-links.tsv").is_file());
    assert_eq!(common::dir_names(site.tmp()), ["cache", "site"]);
    let before = server.total_hits();
    let run = run_limited(
        site.root(),
        &["check", "--external", "--timeout", "1", "--deny-warnings"],
        &env,
    );
    run.assert_exit(1).assert_no_panic();
    run.assert_stderr_contains(&format!("{} has moved to", url("/flyttad")));
    assert_eq!(server.hits("/ok"), 2, "working links come from the cache");
    assert_eq!(server.hits("/seg1"), 1, "working links come from the cache");
    assert_eq!(
        server.hits("/finns-inte"),
        2,
        "broken links are asked again"
    );
    assert!(server.total_hits() - before <= 9);
}

#[cfg(feature = "external")]
#[test]
fn external_links_are_requested_as_a_browser_would_and_redirects_resolved_by_rfc_3986() {
    let server = TestServer::start();
    let site = Site::basic();
    let url = |p: &str| server.url(p);
    // The same address written with å and percent-encoded, and with a different fragment.
    let links = [
        url("/åtgärder"),
        url("/%C3%A5tg%C3%A4rder#del"),
        url("/fraga/sida?z=1"),
        url("/upp/a/b"),
        "http://127.0.0.1:99999/".to_string(),
    ]
    .map(|u| format!("- [länk]({u})"));
    write_links_page(&site, &links);
    let cache = site.tmp().join("cache");
    let env = [("SPINDEL_CACHE_DIR", cache.to_str().unwrap())];
    let run = run_limited(
        site.root(),
        &["check", "--external", "--timeout", "2"],
        &env,
    );
    run.assert_exit(0).assert_no_panic();
    run.assert_stderr_lacks("X0002");
    // An address that cannot be requested says why, and is not sent.
    run.assert_stderr_contains(
        "warning[X0003]: the link http://127.0.0.1:99999/ could not be reached: the address is not valid (invalid port number)",
    );
    // The link is reported as written, the new address as the server's redirect resolves.
    run.assert_stderr_contains(&format!(
        "warning[X0001]: the link {} has moved to {}",
        url("/fraga/sida?z=1"),
        url("/fraga/sida?p=2")
    ))
    .assert_stderr_contains(&format!(
        "warning[X0001]: the link {} has moved to {}",
        url("/upp/a/b"),
        url("/upp/c")
    ));
    assert!(run.stdout.contains("(4 external links checked)"), "{run:?}");
    assert_eq!(server.hits("/%C3%A5tg%C3%A4rder"), 1);
    assert_eq!(server.hits("/fraga/sida?p=2"), 1);
    assert_eq!(server.hits("/upp/c"), 1);
}

// ---------------------------------------------------------------------------------------------
// The corpus of bad inputs

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    exit: i32,
    #[serde(default)]
    expect: Vec<String>,
    /// Codes that must all be among those of `check --format json`.
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    file: Vec<CaseFile>,
    #[serde(default)]
    symlink: Vec<CaseLink>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    exit: i32,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    codes: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    path: String,
    text: Option<String>,
    #[serde(default)]
    bytes: Vec<u8>,
    repeat: Option<String>,
    #[serde(default)]
    times: usize,
    #[serde(default)]
    then: String,
    #[serde(default)]
    crlf: bool,
    #[serde(default)]
    bom: bool,
    mode: Option<u32>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseLink {
    path: String,
    target: String,
}

impl CaseFile {
    /// The bytes to write: BOM, text, raw bytes, then the repeated part; `None` for an entry
    /// that only sets `mode` on something that exists.
    fn contents(&self) -> Option<Vec<u8>> {
        if self.text.is_none() && self.bytes.is_empty() && self.repeat.is_none() {
            return None;
        }
        let lines = |s: &str| {
            if self.crlf {
                s.replace('\n', "\r\n")
            } else {
                s.to_string()
            }
        };
        let mut out = Vec::new();
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        out.extend_from_slice(lines(self.text.as_deref().unwrap_or("")).as_bytes());
        out.extend_from_slice(&self.bytes);
        if let Some(r) = &self.repeat {
            let mut chunk = r.repeat(self.times);
            chunk.push_str(&self.then);
            out.extend_from_slice(lines(&chunk).as_bytes());
        }
        Some(out)
    }
}

/// What running one case found wrong; empty when it behaved.
fn run_case(name: &str, case: &Case, built: &Path) -> Vec<String> {
    let tmp = tempfile::Builder::new()
        .prefix("spindel-bad-")
        .tempdir()
        .expect("temporary directory");
    let root = tmp.path().join("site");
    copy_dir(built, &root);
    let mut problems = Vec::new();
    for rel in &case.remove {
        let path = root.join(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove a folder of the case");
        } else {
            std::fs::remove_file(&path).expect("remove a file of the case");
        }
    }
    for f in &case.file {
        if let Some(bytes) = f.contents() {
            let path = root.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
    }
    #[cfg(unix)]
    for l in &case.symlink {
        let path = root.join(&l.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&l.target, &path).expect("create a symbolic link");
    }
    let expect = Expect {
        exit: case.exit,
        expect: case.expect.clone(),
        codes: case.codes.clone(),
    };
    // Permission bits do not stop root from reading: a case that needs them, run as root (as CI
    // does), runs spindel as `nobody`, who owns the copy of the site (so that it may build it)
    // and may reach it, and whom the bits stop like any editor.
    let mut as_user = None;
    #[cfg(unix)]
    // SAFETY: geteuid has no preconditions and cannot fail.
    if case.file.iter().any(|f| f.mode.is_some()) && unsafe { libc::geteuid() } == 0 {
        give_to(tmp.path(), &root, NOBODY);
        as_user = Some(NOBODY);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in &case.file {
            if let Some(mode) = f.mode {
                let path = root.join(&f.path);
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
                let readable = if as_user.is_some() {
                    // Read as `nobody` would: the owner's bits of the mode.
                    mode & 0o400 != 0
                } else if path.is_dir() {
                    std::fs::read_dir(&path).is_ok()
                } else {
                    std::fs::read(&path).is_ok()
                };
                if readable {
                    problems.push(format!(
                        "{name}: {} is still readable after chmod {mode:o}: the case tests nothing",
                        f.path
                    ));
                }
            }
        }
    }
    let public_before = snapshot(&root.join("public"));

    let check = run_limited_as(&root, &["check"], &[], as_user);
    let expect_run = |what: &str, run: &Run, problems: &mut Vec<String>| {
        for bad in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "[killed:",
            "overflow",
        ] {
            if run.stderr.contains(bad) || run.stdout.contains(bad) {
                problems.push(format!(
                    "{name}: `{what}` crashed or hung (`{bad}`)\n{run:?}"
                ));
            }
        }
        if run.code != Some(expect.exit) {
            problems.push(format!(
                "{name}: `{what}` exited with {:?}, expected {}\n{run:?}",
                run.code, expect.exit
            ));
        }
    };
    expect_run("check", &check, &mut problems);
    let all = format!("{}{}", check.stderr, check.stdout);
    for e in &expect.expect {
        if !all.contains(e.as_str()) {
            problems.push(format!("{name}: check does not say `{e}`\n{check:?}"));
        }
    }
    for a in &case.absent {
        if all.contains(a.as_str()) {
            problems.push(format!("{name}: check says `{a}`\n{check:?}"));
        }
    }
    let json = run_limited_as(&root, &["check", "--format", "json"], &[], as_user);
    expect_run("check --format json", &json, &mut problems);
    match serde_json::from_str::<serde_json::Value>(&json.stdout) {
        Ok(v) => {
            if v["errors"].as_u64() != Some(check.error_count() as u64) {
                problems.push(format!(
                    "{name}: the JSON counts {} errors, the text {}",
                    v["errors"],
                    check.error_count()
                ));
            }
            let codes: Vec<&str> = v["diagnostics"]
                .as_array()
                .map(|ds| ds.iter().filter_map(|d| d["code"].as_str()).collect())
                .unwrap_or_default();
            if codes.len() != v["diagnostics"].as_array().map_or(0, Vec::len) {
                problems.push(format!("{name}: a diagnostic has no code\n{json:?}"));
            }
            for c in &expect.codes {
                if !codes.contains(&c.as_str()) {
                    problems.push(format!(
                        "{name}: check --format json has no {c} (its codes: {codes:?})"
                    ));
                }
            }
            if !codes.is_empty() && expect.codes.is_empty() {
                problems.push(format!(
                    "{name}: check reports {codes:?}, but the case lists no `codes`"
                ));
            }
        }
        Err(e) => problems.push(format!("{name}: check --format json is not JSON: {e}")),
    }
    let build = run_limited_as(&root, &["build"], &[], as_user);
    expect_run("build", &build, &mut problems);
    if build.code != Some(0) {
        let after = snapshot(&root.join("public"));
        if after != public_before {
            problems.push(format!("{name}: the failed build changed public/"));
        }
    }
    // Give folders back their permissions, so that the temporary directory can be removed.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in case.file.iter().filter(|f| f.mode.is_some()) {
            let _ = std::fs::set_permissions(
                root.join(&f.path),
                std::fs::Permissions::from_mode(0o755),
            );
        }
    }
    problems
}

/// Makes the site at `root` (in the temporary folder `tmp`) the user `uid`'s: `tmp` may be
/// passed through, and everything under `root` is owned by `uid` and its group.
#[cfg(unix)]
fn give_to(tmp: &Path, root: &Path, uid: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(0o755))
        .expect("open the temporary folder to nobody");
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.expect("walk the copy of the site");
        std::os::unix::fs::lchown(entry.path(), Some(uid), Some(uid))
            .unwrap_or_else(|e| panic!("chown {}: {e}", entry.path().display()));
    }
}

#[test]
fn bad_inputs_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let mut cases: Vec<(String, Case)> = std::fs::read_dir(&dir)
        .expect("tests/bad_inputs")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let case: Case =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(!case.about.is_empty());
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, case)
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());

    // The good site, built once; each case starts from a copy with its public/.
    let site = Site::basic();
    site.build_ok(&[]);
    let built = site.root().to_path_buf();

    let next = AtomicUsize::new(0);
    let problems = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while let Some((name, case)) = cases.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let found = run_case(name, case, &built);
                    problems.lock().unwrap().extend(found);
                }
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    assert!(
        problems.is_empty(),
        "{} problem(s) in the corpus of bad inputs:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_report_quietly() {
    let site = Site::basic();
    for format in ["json", "text", "github"] {
        let (status, stderr) = with_reader_gone(&site, &["check", "--format", format], false);
        assert_ne!(status.code(), Some(101), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
    }
}
