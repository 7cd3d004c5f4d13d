//! `check --external`: every `http(s)://` link of the published pages is fetched, a few at a
//! time, each with a time limit. Permanent redirects are reported so that the link can be
//! updated. Working links are remembered for a day in a cache file outside the site, so that a
//! second run is fast: in the user's cache folder (`~/.cache/spindel/` on Linux) or
//! `SPINDEL_CACHE_DIR`, made readable by that user only; without one, nothing is cached.

use crate::msg;
use crate::msg::Message;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
#[cfg(feature = "external")]
use std::sync::Mutex;
#[cfg(feature = "external")]
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use url::{ParseError, Url};

use crate::content::model::Site;
use crate::diag::{Code, Diagnostic};
use crate::lint::links::{Dest, classify};

/// Links fetched at the same time.
#[cfg(feature = "external")]
const WORKERS: usize = 8;
/// Redirects followed before giving up.
#[cfg(feature = "external")]
const MAX_REDIRECTS: usize = 5;
/// How long a working link is trusted without asking again.
const CACHE_TTL: Duration = Duration::from_secs(24 * 60 * 60);
const CACHE_FILE: &str = "external-links.tsv";

/// One place a link is written: a diagnostic already pointing at it, message to be filled in.
struct Occurrence {
    /// As the editor wrote it, without the fragment: what the message names.
    written: String,
    /// What is requested, or why nothing can be.
    url: Result<Url, ParseError>,
    at: Diagnostic,
}

/// What fetching a URL found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Moved for good (301 or 308, possibly after other redirects) to this address.
    Moved(String),
    /// The server answered with an error status.
    Status(u16),
    /// No answer: the host is unknown, refused, or took too long.
    Failed(String),
    /// Not an address that can be requested: `https://` without a host, a bad port, ….
    Invalid(ParseError),
}

pub struct Options {
    pub timeout: Duration,
    pub cache_dir: Option<PathBuf>,
}

/// Checks the external links of the site's Markdown files; returns the findings and how many
/// distinct addresses were checked.
pub fn check(site: &Site, opts: &Options) -> (Vec<Diagnostic>, usize) {
    let occurrences = collect(site);
    // Compared as parsed, so that one address written two ways (`å` and `%C3%A5`, `HTTP://`
    // and `http://`) is asked once.
    let mut urls: Vec<&str> = occurrences
        .iter()
        .filter_map(|o| o.url.as_ref().ok())
        .map(Url::as_str)
        .collect();
    urls.sort_unstable();
    urls.dedup();
    let cache_path = opts
        .cache_dir
        .clone()
        .or_else(|| std::env::var_os("SPINDEL_CACHE_DIR").map(PathBuf::from))
        .or_else(|| dirs::cache_dir().map(|d| d.join("spindel")))
        .and_then(|dir| private_dir(&dir))
        .map(|dir| dir.join(CACHE_FILE));
    let mut cache = Cache::load(cache_path.as_deref());
    let todo: Vec<&str> = urls
        .iter()
        .copied()
        .filter(|u| cache.get(u).is_none())
        .collect();
    let fetched = fetch_all(&todo, opts.timeout);
    for (url, outcome) in &fetched {
        cache.put(url, outcome);
    }
    if let Some(path) = &cache_path {
        cache.save(path);
    }
    let results: HashMap<&str, Outcome> = urls
        .iter()
        .map(|u| {
            let o = fetched
                .get(*u)
                .cloned()
                .or_else(|| cache.get(u))
                .unwrap_or(Outcome::Ok);
            (*u, o)
        })
        .collect();
    let mut out = Vec::new();
    for o in &occurrences {
        let outcome = match &o.url {
            Ok(url) => match results.get(url.as_str()) {
                Some(outcome) => outcome.clone(),
                None => continue,
            },
            Err(e) => Outcome::Invalid(*e),
        };
        let url = o.written.as_str();
        let (code, message, hint) = match &outcome {
            Outcome::Ok => continue,
            Outcome::Moved(to) => (
                Code::ExternalMoved,
                msg!("check-external-moved", url = url, to = to),
                msg!("check-external-moved-hint"),
            ),
            Outcome::Status(status) => (
                Code::ExternalStatus,
                msg!(
                    "check-external-status",
                    url = url,
                    status = &status.to_string()
                ),
                msg!("check-external-status-hint"),
            ),
            Outcome::Failed(_) | Outcome::Invalid(_) => (
                Code::ExternalFailed,
                msg!("check-external-failed", url = url, why = reason(&outcome)),
                msg!("check-external-failed-hint"),
            ),
        };
        let mut d = o.at.clone().hint(hint);
        d.code = code;
        d.message = message;
        out.push(d);
    }
    let mut invalid: Vec<&str> = occurrences
        .iter()
        .filter(|o| o.url.is_err())
        .map(|o| o.written.as_str())
        .collect();
    invalid.sort_unstable();
    invalid.dedup();
    (out, urls.len() + invalid.len())
}

/// Every `http(s)://` destination in the Markdown of the site's pages and sections, as the
/// Markdown pass found them (drafts and pages dated in the future only with `--drafts`, as
/// the site was loaded).
fn collect(site: &Site) -> Vec<Occurrence> {
    let sources = site
        .pages
        .iter()
        .map(|p| (&p.source, &p.rendered))
        .chain(site.sections.iter().map(|s| (&s.source, &s.rendered)));
    let mut out = Vec::new();
    for (src, rendered) in sources {
        for link in &rendered.facts.links {
            if let Dest::External(dest) = classify(&link.dest) {
                let url = request_url(dest);
                let written = dest.split_once('#').map_or(dest, |(u, _)| u);
                let written = if written.starts_with("//") {
                    format!("https:{written}")
                } else {
                    written.to_string()
                };
                out.push(Occurrence {
                    written,
                    url,
                    at: Diagnostic::warning(
                        Code::ExternalFailed,
                        msg!("check-external-moved-hint"),
                    )
                    .at(&src.rel, &src.text, link.dest_offset, link.dest_len),
                });
            }
        }
    }
    out
}

/// The address a link asks for, as a browser makes it: a network-path reference (`//host/x`)
/// on the `https` the site is published over, the host in ASCII, the path and query
/// percent-encoded, and no fragment, which is never sent.
fn request_url(dest: &str) -> Result<Url, ParseError> {
    let mut url = if dest.starts_with("//") {
        Url::parse(&format!("https:{dest}"))
    } else {
        Url::parse(dest)
    }?;
    url.set_fragment(None);
    Ok(url)
}

/// Without the `external` feature nothing is fetched (`check` refuses `--external` first).
#[cfg(not(feature = "external"))]
fn fetch_all(_urls: &[&str], _timeout: Duration) -> BTreeMap<String, Outcome> {
    BTreeMap::new()
}

/// Fetches every URL with `WORKERS` threads; each request has `timeout` in all.
#[cfg(feature = "external")]
fn fetch_all(urls: &[&str], timeout: Duration) -> BTreeMap<String, Outcome> {
    let results = Mutex::new(BTreeMap::new());
    if urls.is_empty() {
        return BTreeMap::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("spindel-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let outcome = fetch(&agent, url);
                    if let Ok(mut r) = results.lock() {
                        r.insert(url.to_string(), outcome);
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

/// Follows redirects by hand, so that a permanent one can be reported.
#[cfg(feature = "external")]
pub fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    let mut current = match Url::parse(url) {
        Ok(u) => u,
        Err(e) => return Outcome::Invalid(e),
    };
    let mut moved = false;
    for _ in 0..=MAX_REDIRECTS {
        let mut request = current.clone();
        request.set_fragment(None);
        let response = match agent.get(request.as_str()).call() {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(plain_error(&e)),
        };
        let status = response.status().as_u16();
        if (300..400).contains(&status) && status != 304 {
            // Without a Location to follow, the redirect is an answer like any other.
            let Some(next) = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .and_then(|location| resolve(&current, location))
            else {
                return Outcome::Status(status);
            };
            moved |= matches!(status, 301 | 308);
            current = next;
            continue;
        }
        if status >= 400 {
            return Outcome::Status(status);
        }
        return if moved {
            Outcome::Moved(current.into())
        } else {
            Outcome::Ok
        };
    }
    Outcome::Failed("redirects".to_string())
}

/// The common failures as a code that `reason` puts in words; others as the client says.
#[cfg(feature = "external")]
fn plain_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timeout".to_string(),
        ureq::Error::HostNotFound => "host".to_string(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "refused".to_string()
        }
        ureq::Error::ConnectionFailed => "refused".to_string(),
        other => other.to_string(),
    }
}

fn reason(outcome: &Outcome) -> Message {
    match outcome {
        Outcome::Invalid(e) => msg!("check-why-invalid", error = &e.to_string()),
        Outcome::Failed(code) => match code.as_str() {
            "timeout" => msg!("check-why-timeout"),
            "host" => msg!("check-why-host"),
            "refused" => msg!("check-why-refused"),
            "redirects" => msg!("check-why-redirects"),
            other => msg!("check-why-other", error = other),
        },
        Outcome::Ok | Outcome::Moved(_) | Outcome::Status(_) => msg!("check-why-other", error = ""),
    }
}

/// A `Location` header made absolute against the URL that sent it, as RFC 3986 §5 says
/// (RFC 9110 §10.2.2); `None` when it is no address at all.
pub fn resolve(base: &Url, location: &str) -> Option<Url> {
    base.join(location).ok()
}

/// Results of earlier runs: `url \t ok|moved \t target \t unix time`, one per line.
struct Cache {
    entries: HashMap<String, (Outcome, u64)>,
    now: u64,
}

impl Cache {
    fn load(path: Option<&Path>) -> Cache {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut entries = HashMap::new();
        if let Some(text) = path.and_then(read_no_follow) {
            for line in text.lines() {
                let parts: Vec<&str> = line.split('\t').collect();
                let [url, kind, target, time] = parts[..] else {
                    continue;
                };
                let Ok(time) = time.parse::<u64>() else {
                    continue;
                };
                let outcome = match kind {
                    "ok" => Outcome::Ok,
                    "moved" => Outcome::Moved(target.to_string()),
                    _ => continue,
                };
                entries.insert(url.to_string(), (outcome, time));
            }
        }
        Cache { entries, now }
    }

    /// A fresh result; failures are never cached, so that a fixed link is seen at once.
    fn get(&self, url: &str) -> Option<Outcome> {
        let (outcome, time) = self.entries.get(url)?;
        (self.now.saturating_sub(*time) < CACHE_TTL.as_secs()).then(|| outcome.clone())
    }

    fn put(&mut self, url: &str, outcome: &Outcome) {
        match outcome {
            Outcome::Ok | Outcome::Moved(_) => {
                self.entries
                    .insert(url.to_string(), (outcome.clone(), self.now));
            }
            _ => {
                self.entries.remove(url);
            }
        }
    }

    /// Written whole to a temporary file and renamed, so that runs at the same time never
    /// leave half a file. A cache that cannot be written is simply not kept.
    fn save(&self, path: &Path) {
        let Some(dir) = path.parent() else { return };
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .filter(|(url, (_, time))| {
                !url.contains(['\t', '\n']) && self.now.saturating_sub(*time) < CACHE_TTL.as_secs()
            })
            .map(|(url, (outcome, time))| match outcome {
                Outcome::Moved(to) => format!("{url}\tmoved\t{to}\t{time}"),
                _ => format!("{url}\tok\t\t{time}"),
            })
            .collect();
        lines.sort();
        // A new file of our own with a name nobody can guess (`O_EXCL`, mode 0600), renamed
        // over the cache: a rename replaces a link there instead of writing through it.
        let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else {
            return;
        };
        if std::io::Write::write_all(&mut tmp, (lines.join("\n") + "\n").as_bytes()).is_ok() {
            let _ = tmp.persist(path);
        }
    }
}

/// The cache folder, made if need be readable and writable by this user only; `None` (no
/// cache) when it is a link, or another user's: another local user must not be able to plant
/// entries that hide a broken link, nor make a run write through a link of theirs.
fn private_dir(dir: &Path) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, MetadataExt};
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir);
        let meta = std::fs::symlink_metadata(dir).ok()?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        (meta.is_dir() && meta.uid() == me && meta.mode() & 0o022 == 0).then(|| dir.to_path_buf())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir).ok()?;
        Some(dir.to_path_buf())
    }
}

/// The cache file's text, unless it is a link.
fn read_no_follow(path: &Path) -> Option<String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut options.open(path).ok()?, &mut text).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_as_rfc_3986_says() {
        // RFC 3986 §5.4.1 and §5.4.2, on its base URI.
        let base = Url::parse("http://a/b/c/d;p?q").unwrap();
        for (location, expected) in [
            ("g:h", "g:h"),
            ("https://x.se/y", "https://x.se/y"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g/"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g?y#s", "http://a/b/c/g?y#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g/../h", "http://a/b/c/h"),
            ("./g/.", "http://a/b/c/g/"),
        ] {
            let resolved = resolve(&base, location).map(String::from);
            assert_eq!(resolved.as_deref(), Some(expected), "{location}");
        }
        // The question of #18: a query alone replaces the query, not the last segment.
        let base = Url::parse("https://example.org/x/y?z=1").unwrap();
        assert_eq!(
            resolve(&base, "?p=2").map(String::from).as_deref(),
            Some("https://example.org/x/y?p=2")
        );
        let port = Url::parse("http://127.0.0.1:8080/a/b?x=1").unwrap();
        assert_eq!(
            resolve(&port, "c").map(String::from).as_deref(),
            Some("http://127.0.0.1:8080/a/c")
        );
        assert_eq!(resolve(&port, "http://[::1"), None);
    }

    #[test]
    fn links_are_requested_parsed_without_their_fragment() {
        let url = |dest: &str| request_url(dest).map(String::from);
        assert_eq!(
            url("//example.org/a#b").as_deref(),
            Ok("https://example.org/a")
        );
        assert_eq!(
            url("HTTPS://Example.ORG/å?q=ä#x").as_deref(),
            Ok("https://example.org/%C3%A5?q=%C3%A4")
        );
        assert_eq!(
            url("https://räksmörgås.se").as_deref(),
            Ok("https://xn--rksmrgs-5wao1o.se/")
        );
        assert_eq!(url("https://").as_deref(), Err(&ParseError::EmptyHost));
        assert_eq!(
            url("http://example.org:99999/").as_deref(),
            Err(&ParseError::InvalidPort)
        );
    }

    #[test]
    fn cache_keeps_working_links_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.tsv");
        let mut c = Cache::load(Some(&path));
        c.put("http://a/", &Outcome::Ok);
        c.put("http://b/", &Outcome::Moved("http://c/".into()));
        c.put("http://d/", &Outcome::Status(404));
        c.save(&path);
        let c = Cache::load(Some(&path));
        assert_eq!(c.get("http://a/"), Some(Outcome::Ok));
        assert_eq!(c.get("http://b/"), Some(Outcome::Moved("http://c/".into())));
        assert_eq!(c.get("http://d/"), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_is_private_and_never_written_or_read_through_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        // Made for this user alone.
        let dir = private_dir(&tmp.path().join("cache")).expect("a private folder");
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        // A folder others may write to is not used.
        let shared = tmp.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert_eq!(private_dir(&shared), None);
        // Nor a link to a folder.
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        assert_eq!(private_dir(&link), None);
        // A cache file that is a link is neither read nor written through.
        let victim = tmp.path().join("victim");
        std::fs::write(&victim, "http://hidden/\tok\t\t99999999999\n").unwrap();
        let path = dir.join(CACHE_FILE);
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let mut c = Cache::load(Some(&path));
        assert_eq!(c.get("http://hidden/"), None, "read through a link");
        c.put("http://a/", &Outcome::Ok);
        c.save(&path);
        assert!(std::fs::read_to_string(&victim).unwrap().contains("hidden"));
        assert!(
            !std::fs::read_to_string(&victim)
                .unwrap()
                .contains("http://a/")
        );
        // The save replaced the link with a file of its own.
        assert!(
            !std::fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
}
