//! What the preview answers: the built site from memory (`index.html` for a folder, a
//! redirect for a folder without its slash, the site's 404 page), the reload script and the
//! overlay's stylesheet under `/__spindel/`, and the long poll that tells open pages about a
//! rebuild. Only GET and HEAD, only for requests addressed to this machine by a name no other
//! site can take (DNS rebinding), and never anything outside the built site.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::http::{Body, Handler, Request, Response};
use super::state::{Served, Shared, State, escape, open_inside};
use crate::content::file_kind;
use crate::msg;
use crate::msg::{Catalogue, Message};

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");
const INTERNAL: &str = "/__spindel/";
/// How long a reload request waits for a change before answering "nothing new".
const LONG_POLL: Duration = Duration::from_secs(25);

pub struct Router {
    pub shared: Arc<Shared>,
    /// The address the server was bound to (may be unspecified: `0.0.0.0`).
    pub bound: IpAddr,
    /// The site's folder, canonical: no file whose real path lies outside it is sent.
    pub root: std::path::PathBuf,
}

impl Handler for Router {
    fn handle(&self, request: &Request) -> Response {
        if !host_allowed(request.header("Host"), &[self.bound, request.local.ip()]) {
            return self.words(421, msg!("serve-misdirected"));
        }
        if request.method != "GET" && !request.is_head() {
            return self
                .words(405, msg!("serve-method-not-allowed"))
                .header("Allow", "GET, HEAD");
        }
        let (path, query) = request
            .target
            .split_once('?')
            .unwrap_or((&request.target, ""));
        if let Some(internal) = path.strip_prefix(INTERNAL) {
            return match internal {
                "livereload.js" => file(Body::Static(LIVERELOAD_JS.as_bytes()), "js", 200),
                "overlay.css" => file(Body::Static(OVERLAY_CSS.as_bytes()), "css", 200),
                "wait" => self.wait(query),
                "" => self.preview_page(),
                _ => self.not_found(),
            };
        }
        let Some(key) = request_key(path) else {
            return self.not_found();
        };
        let snapshot = self.shared.snapshot();
        let candidates = if key.is_empty() || key.ends_with('/') {
            vec![format!("{key}index.html")]
        } else {
            vec![key.clone(), format!("{key}/index.html")]
        };
        for (i, candidate) in candidates.iter().enumerate() {
            let Some(served) = snapshot.files.get(candidate) else {
                continue;
            };
            if i == 1 {
                // A folder asked for without its slash: send the reader to the canonical URL.
                return Response::new(301, Body::Static(b""))
                    .header("Location", format!("{path}/"))
                    .header("Cache-Control", "no-store");
            }
            let ext = candidate.rsplit('.').next().unwrap_or("");
            let body = match served {
                Served::Bytes(b) => Body::Bytes(b.clone()),
                Served::File(p) => match open_inside(p, &self.root) {
                    Some(body) => body,
                    None => return self.not_found(),
                },
            };
            return file(body, ext, 200);
        }
        self.not_found()
    }

    fn refuse(&self, status: u16) -> Response {
        let words = match status {
            431 => msg!("serve-head-too-large"),
            417 => msg!("serve-expectation-failed"),
            _ => msg!("serve-bad-request"),
        };
        self.words(status, words)
    }
}

impl Router {
    /// A short plain-text answer in the run's language.
    fn words(&self, status: u16, m: Message) -> Response {
        let text = format!("{}\n", self.shared.messages.text(&m));
        file(Body::Owned(text.into_bytes()), "txt", status)
    }

    /// The preview's own page (`/__spindel/`, linked from every page it serves): the internal
    /// pages, which the published site does not have, in the run's language.
    fn preview_page(&self) -> Response {
        let cat = &self.shared.messages;
        let internal = self.shared.lock().internal.clone();
        let mut items = String::new();
        for (title, path) in &internal {
            items.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape(path),
                escape(title)
            ));
        }
        if internal.is_empty() {
            items = format!(
                "<li>{}</li>\n",
                escape(&cat.text(&msg!("serve-no-internal")))
            );
        }
        let html = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
             <link rel=\"stylesheet\" href=\"/__spindel/overlay.css\">\n</head>\n<body id=\"spindel-preview\">\n<main>\n\
             <h1>{title}</h1>\n<p>{about}</p>\n<ul>\n{items}</ul>\n<p><a href=\"/\">{home}</a></p>\n</main>\n</body>\n</html>\n",
            lang = cat.lang().code(),
            title = escape(&cat.text(&msg!("serve-preview-title"))),
            about = escape(&cat.text(&msg!("serve-preview-about"))),
            home = escape(&cat.text(&msg!("serve-preview-home"))),
        );
        file(Body::Owned(html.into_bytes()), "html", 200)
    }

    fn not_found(&self) -> Response {
        let snapshot = self.shared.snapshot();
        match snapshot.files.get("404.html") {
            Some(Served::Bytes(b)) => file(Body::Bytes(b.clone()), "html", 404),
            _ => self.words(404, msg!("serve-not-found")),
        }
    }

    /// The long poll: answers at once if the page is behind, otherwise when the next build
    /// finishes (or 204 after a while). It holds its connection, so only so many may wait.
    fn wait(&self, query: &str) -> Response {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse::<u64>().ok());
        let shared = &*self.shared;
        if shared.waiters.fetch_add(1, Ordering::SeqCst) >= shared.max_waiters {
            shared.waiters.fetch_sub(1, Ordering::SeqCst);
            return self.words(503, msg!("serve-busy"));
        }
        let deadline = Instant::now() + LONG_POLL;
        let mut state = shared.lock();
        let mut body = None;
        while since == Some(state.generation) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                body =
                    Some(Response::new(204, Body::Static(b"")).header("Cache-Control", "no-store"));
                break;
            }
            state = shared
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        let response = body.unwrap_or_else(|| {
            let json = state_json(&state, &shared.server_id, &shared.messages);
            file(Body::Owned(json.into_bytes()), "json", 200)
        });
        drop(state);
        shared.waiters.fetch_sub(1, Ordering::SeqCst);
        response
    }
}

fn file(body: Body, ext: &str, status: u16) -> Response {
    Response::new(status, body)
        .header("Content-Type", content_type(ext))
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
}

/// Whether a request's `Host` names this machine as `localhost`, `127.0.0.1`, `[::1]` or one
/// of `own` (the bound address and the one the client connected to), with any port. A web page
/// the editor visits could point a name of its own at 127.0.0.1 (DNS rebinding) and read the
/// preview, drafts and error overlay included; it cannot make the browser send one of these
/// as the Host of its own name. A request without a Host is HTTP/1.0 (the server refuses an
/// HTTP/1.1 one), which no browser sends.
fn host_allowed(host: Option<&str>, own: &[IpAddr]) -> bool {
    let Some(host) = host else { return true };
    let host = host.trim();
    let digits = |port: &str| port.bytes().all(|b| b.is_ascii_digit());
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) if port.is_empty() || port.starts_with(':') && digits(&port[1..]) => {
                v6
            }
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if digits(port) && !name.contains(':') => name,
            Some(_) => return false,
            None => host,
        },
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => {
            ip == IpAddr::from([127, 0, 0, 1])
                || ip == IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
                || own.iter().any(|o| !o.is_unspecified() && *o == ip)
        }
        Err(_) => false,
    }
}

/// The output path a request names, or `None` for anything that could leave the site:
/// `..` (also percent-encoded), backslashes, NUL, or non-UTF-8 bytes.
fn request_key(path: &str) -> Option<String> {
    let decoded = crate::text::percent::decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let rel = &decoded[1..];
    if rel.split('/').any(|seg| seg == ".." || seg == ".") || rel.starts_with('/') {
        return None;
    }
    Some(rel.to_string())
}

fn content_type(ext: &str) -> String {
    let text = |t: &str| format!("{t}; charset=utf-8");
    match ext {
        "html" | "htm" => text("text/html"),
        "css" => text("text/css"),
        "js" | "mjs" => text("text/javascript"),
        "json" => text("application/json"),
        "xml" => text("application/xml"),
        "txt" | "md" => text("text/plain"),
        "csv" => text("text/csv"),
        "svg" => text("image/svg+xml"),
        "ico" => "image/x-icon".into(),
        "woff2" => "font/woff2".into(),
        other => file_kind(other).1.into(),
    }
}

/// What the reload script reads: the generation, whether only stylesheets changed, and the
/// errors with the overlay's words, in the run's language.
#[derive(serde::Serialize)]
struct StateJson<'a> {
    server: &'a str,
    generation: u64,
    css_only: bool,
    title: String,
    note: String,
    errors: Vec<ErrorJson<'a>>,
}

#[derive(serde::Serialize)]
struct ErrorJson<'a> {
    code: String,
    file: &'a str,
    line: usize,
    column: usize,
    message: String,
    text: String,
}

fn state_json(state: &State, server_id: &str, cat: &Catalogue) -> String {
    let errors = state
        .errors
        .iter()
        .map(|d| ErrorJson {
            code: d.code.to_string(),
            file: d.file.as_deref().unwrap_or(""),
            line: d.line,
            column: d.column,
            message: d.message_text(cat),
            text: d.render(cat, false),
        })
        .collect();
    let json = StateJson {
        server: server_id,
        generation: state.generation,
        css_only: state.css_only,
        title: cat.text(&msg!("overlay-title", n = state.errors.len())),
        note: cat.text(&msg!("overlay-note")),
        errors,
    };
    script_safe_json(&json)
}

/// JSON in which error text can never close a <script> or start markup: `<`, `>` and `&`
/// stand only inside strings in JSON, where `\u00XX` means the same.
fn script_safe_json(value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert_eq!(request_key("/metoder/").as_deref(), Some("metoder/"));
        assert_eq!(request_key("/a%20b.pdf").as_deref(), Some("a b.pdf"));
        assert_eq!(request_key("/../etc/passwd"), None);
        assert_eq!(request_key("/%2e%2e/etc/passwd"), None);
        assert_eq!(request_key("/a/%2E%2E/%2E%2E/x"), None);
        assert_eq!(request_key("/..%5c..%5cwindows"), None);
        assert_eq!(request_key("//etc/passwd"), None);
        assert_eq!(request_key("/%ff"), None);
        assert_eq!(request_key("/100%25.pdf").as_deref(), Some("100%.pdf"));
        // A `%` that starts no sequence is the character itself, as browsers send it.
        assert_eq!(request_key("/100%.pdf").as_deref(), Some("100%.pdf"));
        assert_eq!(request_key("/%2e%zz/x").as_deref(), Some(".%zz/x"));
    }

    #[test]
    fn json_cannot_break_out() {
        let json = StateJson {
            server: "<script>\"x\"\n&",
            generation: 1,
            css_only: false,
            title: String::new(),
            note: String::new(),
            errors: Vec::new(),
        };
        let safe = script_safe_json(&json);
        assert!(!safe.contains(['<', '>', '&']), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["server"], "<script>\"x\"\n&");
    }

    #[test]
    fn only_this_machine_s_names_are_answered() {
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        let own = [IpAddr::from([127, 0, 0, 1]), lan];
        for ok in [
            None,
            Some("localhost:1111"),
            Some("LOCALHOST"),
            Some("localhost"),
            Some("127.0.0.1:1111"),
            Some("127.0.0.1"),
            Some("192.168.1.5:1111"),
            Some("[::1]:1111"),
            Some("[::1]"),
        ] {
            assert!(host_allowed(ok, &own), "{ok:?}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "10.0.0.7:1111",
            "192.168.1.6",
            "0.0.0.0:1111",
            "[::1]evil:1111",
            "[::1]:evil",
            "[evil]:1111",
            "::1",
            "localhost:http",
            "",
        ] {
            assert!(!host_allowed(Some(bad), &own), "{bad:?}");
        }
        // Bound to every address: only what the client actually connected to counts.
        let any = [IpAddr::from([0, 0, 0, 0]), IpAddr::from([127, 0, 0, 1])];
        assert!(!host_allowed(Some("0.0.0.0"), &any));
        assert!(!host_allowed(Some("192.168.1.5"), &any));
    }
}
