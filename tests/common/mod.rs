//! Helpers shared by the integration tests: every test copies a fixture site into a fresh
//! temporary directory, runs the real `spindel` binary on it, and looks at what it wrote.
//! The binary never runs inside `tests/fixtures/`.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub mod serve;

/// The binary under test, built by cargo for the integration tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_spindel");

/// `tests/fixtures/<name>` in the source tree (read only).
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// A copy of a fixture site in a temporary directory: `<tmp>/site/`.
/// The temporary directory holds nothing else, so tests can check that nothing is
/// written beside the site.
pub struct Site {
    tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    /// The `basic` fixture: a small but complete site with a theme of its own.
    pub fn basic() -> Site {
        Site::from_fixture("basic")
    }

    /// A copy of the repository's own site: spindel.toml, content, data, the theme and the
    /// archetypes of `spindel new`.
    pub fn bundled() -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("spindel-test-")
            .tempdir()
            .expect("create a temporary directory");
        let root = tmp.path().join("site");
        copy_bundled(&root);
        Site { tmp, root }
    }

    pub fn from_fixture(name: &str) -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("spindel-test-")
            .tempdir()
            .expect("create a temporary directory");
        let root = tmp.path().join("site");
        copy_dir(&fixture_dir(name), &root);
        Site { tmp, root }
    }

    /// The site directory (the one holding spindel.toml).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary directory around the site.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Writes a file of the site, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// A file of the site as text.
    pub fn read(&self, rel: &str) -> String {
        read_text(&self.path(rel))
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        let path = self.path(rel);
        std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Replaces `from` with `to` in a file of the site; `from` must occur exactly once, so a
    /// change to the fixture cannot silently turn a test into one that breaks nothing.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        let n = text.matches(from).count();
        assert_eq!(n, 1, "`{from}` occurs {n} times in {rel}, expected once");
        self.write(rel, text.replacen(from, to, 1));
    }

    pub fn remove(&self, rel: &str) {
        let path = self.path(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        }
        .unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
    }

    /// Runs spindel with `args` in the site directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// `spindel build <extra>` in the site directory.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// A build that must succeed.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        run.assert_exit(0);
        run.assert_no_panic();
        run
    }

    /// A file of the default output directory, `public/`, as text.
    pub fn output(&self, rel: &str) -> String {
        read_text(&self.path("public").join(rel))
    }

    pub fn output_exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// Every file and folder under `rel`, with the contents of the files.
    pub fn snapshot(&self, rel: &str) -> Tree {
        snapshot(&self.path(rel))
    }
}

/// What one run of the binary did.
pub struct Run {
    pub args: Vec<String>,
    /// `None` when the process was killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "spindel {}\n--- exit code: {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }
}

impl Run {
    pub fn assert_exit(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}, got {:?}\n{self:?}",
            self.code
        );
        self
    }

    /// A crash is never an acceptable way to report a problem.
    pub fn assert_no_panic(&self) -> &Self {
        for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
            assert!(
                !self.stderr.contains(bad) && !self.stdout.contains(bad),
                "spindel crashed (`{bad}` in its output)\n{self:?}"
            );
        }
        self
    }

    pub fn assert_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr does not contain `{needle}`\n{self:?}"
        );
        self
    }

    pub fn assert_stderr_lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stderr.contains(needle),
            "stderr contains `{needle}`\n{self:?}"
        );
        self
    }

    /// The last non-empty line of stdout.
    pub fn last_stdout_line(&self) -> &str {
        self.stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
    }

    /// The `--> file:line:col` locations of stderr, in the order they were printed;
    /// line and column are 0 for a diagnostic that names only a file.
    pub fn locations(&self) -> Vec<(String, usize, usize)> {
        self.stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> "))
            .map(|loc| {
                let mut parts = loc.rsplitn(3, ':');
                let (c, l, f) = (parts.next(), parts.next(), parts.next());
                match (
                    f,
                    l.and_then(|l| l.parse().ok()),
                    c.and_then(|c| c.parse().ok()),
                ) {
                    (Some(f), Some(l), Some(c)) => (f.to_string(), l, c),
                    _ => (loc.to_string(), 0, 0),
                }
            })
            .collect()
    }

    /// Number of `error[…]:` diagnostics printed (warnings not counted).
    pub fn error_count(&self) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error[") || l.starts_with("fel["))
            .count()
    }

    /// The codes of the diagnostics of a `check --format json` run, in the report's order;
    /// panics if stdout is not such a report or a diagnostic has no code.
    pub fn json_codes(&self) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{self:?}"));
        v["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no diagnostics in the JSON\n{self:?}"))
            .iter()
            .map(|d| {
                d["code"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a diagnostic without a code: {d}"))
                    .to_string()
            })
            .collect()
    }

    /// Asserts that the `check --format json` report has a diagnostic with `code`.
    pub fn assert_json_code(&self, code: &str) -> &Self {
        let codes = self.json_codes();
        assert!(
            codes.iter().any(|c| c == code),
            "no diagnostic with code {code} (the codes are {codes:?})\n{self:?}"
        );
        self
    }
}

/// Runs spindel with `args` in `dir`, without colours or backtraces, its messages in English
/// (the tests that are about the words of the site's language ask for them with `--lang` or
/// `SPINDEL_LANG`).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_in_with(dir, args, &[])
}

/// `run_in` with environment variables set for the run.
pub fn run_in_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .env("SPINDEL_LANG", "en")
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("run the spindel binary");
    Run {
        args: args.iter().map(|a| a.to_string()).collect(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    String::from_utf8(bytes).unwrap_or_else(|_| panic!("{} is not UTF-8", path.display()))
}

/// Copies a directory tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
        .map(|e| e.expect("directory entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let src = entry.path();
        let dest = to.join(entry.file_name());
        let ft = entry.file_type().expect("file type");
        if ft.is_dir() {
            copy_dir(&src, &dest);
        } else if ft.is_file() {
            std::fs::copy(&src, &dest).unwrap_or_else(|e| panic!("copy {}: {e}", src.display()));
        }
    }
}

/// A directory tree: relative path (with `/`) → `None` for a folder, the bytes for a file.
#[derive(PartialEq, Eq)]
pub struct Tree(pub BTreeMap<String, Option<Vec<u8>>>);

impl Tree {
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0
            .iter()
            .filter_map(|(p, c)| c.as_deref().map(|c| (p.as_str(), c)))
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.0.contains_key(rel)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Lists the paths only, and which ones differ, instead of dumping file contents.
impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (path, contents) in &self.0 {
            match contents {
                None => writeln!(f, "{path}/")?,
                Some(c) => writeln!(f, "{path} ({} bytes)", c.len())?,
            }
        }
        Ok(())
    }
}

/// Asserts two trees are identical, naming the paths that differ.
#[track_caller]
pub fn assert_same_tree(before: &Tree, after: &Tree, what: &str) {
    if before == after {
        return;
    }
    let mut diff = Vec::new();
    for (path, c) in &before.0 {
        match after.0.get(path) {
            None => diff.push(format!("removed: {path}")),
            Some(d) if d != c => diff.push(format!("changed: {path}")),
            _ => {}
        }
    }
    for path in after.0.keys() {
        if !before.0.contains_key(path) {
            diff.push(format!("added: {path}"));
        }
    }
    panic!("{what} changed:\n{}", diff.join("\n"));
}

/// Every file and folder under `dir` (hidden ones included); empty if `dir` does not exist.
pub fn snapshot(dir: &Path) -> Tree {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in rd {
            let entry = entry.expect("directory entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                out.insert(rel.clone(), None);
                walk(&path, &rel, out);
            } else {
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                out.insert(rel, Some(bytes));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    Tree(out)
}

/// The names in a directory, sorted.
pub fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts `haystack` contains `needle`, showing `haystack` if not.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find `{needle}` in:\n{haystack}"
    );
}

#[track_caller]
pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "expected not to find `{needle}` in:\n{haystack}"
    );
}

/// Byte position of `needle` in `haystack`; fails the test if it is missing.
#[track_caller]
pub fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("expected to find `{needle}` in:\n{haystack}"))
}

/// Asserts the needles occur in `haystack` in the given order.
#[track_caller]
pub fn assert_in_order(haystack: &str, needles: &[&str]) {
    let positions: Vec<usize> = needles.iter().map(|n| position(haystack, n)).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "expected {needles:?} in this order, found them at {positions:?} in:\n{haystack}"
    );
}

/// The values of every `attr="..."` in `html`.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let key = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&key) {
        rest = &rest[i + key.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

/// Copies the repository's own site into `root` (made if missing): spindel.toml, content,
/// data, the theme and the archetypes of `spindel new`.
pub fn copy_bundled(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(root).expect("create the site folder");
    std::fs::copy(repo.join("spindel.toml"), root.join("spindel.toml")).expect("copy config");
    for dir in [
        "content",
        "data",
        "themes",
        "static",
        "templates",
        "archetypes",
    ] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &root.join(dir));
        }
    }
}

/// `node`, or a failure that says what is missing.
pub fn node() -> Command {
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => Command::new("node"),
        _ => panic!(
            "the search tests run the client with Node.js (18 or newer), and `node` was not found: \
             install Node.js (Debian: apt-get install nodejs) and run the tests again"
        ),
    }
}

/// Runs `script`, an ES module, with Node in the repository and `SEARCH_SITE` set to `public`,
/// a built site (tests/search/common.mjs opens its index); fails the test with what the script
/// printed if it exits with an error.
pub fn run_search_script(script: &str, public: &Path) {
    let out = node()
        .args(["--input-type=module", "-e", script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SEARCH_SITE", public)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs spindel with its stdout (and, with `close_stderr`, its stderr) closed before it writes
/// anything, as `| head -c 0` would; its exit code and what it said on stderr.
pub fn with_reader_gone(
    site: &Site,
    args: &[&str],
    close_stderr: bool,
) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start spindel");
    drop(child.stdout.take());
    let mut stderr = String::new();
    let mut pipe = child.stderr.take().expect("stderr");
    if close_stderr {
        drop(pipe);
    } else {
        std::io::Read::read_to_string(&mut pipe, &mut stderr).expect("read stderr");
    }
    (child.wait().expect("wait"), stderr)
}
