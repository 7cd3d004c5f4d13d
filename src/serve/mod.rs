//! `spindel serve`: builds the site into memory, serves it on loopback, watches the sources and
//! rebuilds on save, and tells open pages to reload (long polling, from an external script, so
//! the site's strict CSP still holds). A failed rebuild keeps the last good site and shows the
//! errors in an overlay. Nothing is written to the output directory.
//!
//! Takes `ServeOptions`; gives HTTP on loopback. Every build and rebuild goes through
//! `pipeline::context`; this module is the server, the watcher and the reload script.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use std::io::Write;

use tiny_http::{Method, Request, Server};

use crate::content::file_kind;
use crate::content::links::SITE_DIRS;
use crate::diag::{Code, Diagnostic};
use crate::msg;
use crate::msg::Catalogue;
use crate::output::Contents;
use crate::pipeline::context::{BuildContext, Outputs, is_source};
use crate::pipeline::{BuildFailure, BuildOptions};

mod runaway;

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");
const INTERNAL: &str = "/__spindel/";
const INJECT: &str = "<script src=\"/__spindel/livereload.js\" defer></script>\
<link rel=\"stylesheet\" href=\"/__spindel/overlay.css\">";
/// How long a reload request waits for a change before answering "nothing new".
const LONG_POLL: Duration = Duration::from_secs(25);
/// Quiet time after the last file event before rebuilding: editors save in bursts.
const DEBOUNCE: Duration = Duration::from_millis(30);
const MAX_WAITERS: usize = 256;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    /// The words of the terminal and the overlay (see `config::messages::catalogue`).
    pub messages: Catalogue,
}

/// A built site held in memory: output path (`metoder/index.html`) → contents.
#[derive(Default, Clone)]
struct Snapshot {
    files: HashMap<String, Served>,
}

#[derive(Clone)]
enum Served {
    /// Shared, so that replacing a few files after an edit copies no page.
    Bytes(Arc<[u8]>),
    File(PathBuf),
}

/// What pages learn when they ask for news.
struct State {
    snapshot: Arc<Snapshot>,
    generation: u64,
    css_only: bool,
    errors: Vec<Diagnostic>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    server_id: String,
    waiters: AtomicUsize,
    messages: Catalogue,
}

fn served(path: &Path, contents: Contents) -> (String, Served) {
    let key = crate::diag::display_path(path);
    let served = match contents {
        Contents::Bytes(b) if key.ends_with(".html") => Served::Bytes(inject_reload(b).into()),
        Contents::Bytes(b) => Served::Bytes(b.into()),
        Contents::Copy(p) => Served::File(p),
    };
    (key, served)
}

/// The snapshot of a whole site, with the reload script added to every HTML page.
fn snapshot_of(files: Vec<crate::output::OutputFile>) -> Snapshot {
    Snapshot {
        files: files
            .into_iter()
            .map(|f| served(&f.path, f.contents))
            .collect(),
    }
}

fn inject_reload(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    match text.find("</head>") {
        Some(i) => {
            let mut out = String::with_capacity(text.len() + INJECT.len());
            out.push_str(&text[..i]);
            out.push_str(INJECT);
            out.push_str(&text[i..]);
            out.into_bytes()
        }
        None => {
            let mut out = html;
            out.extend_from_slice(INJECT.as_bytes());
            out
        }
    }
}

/// Runs until interrupted. Returns an error only if the first build or the socket fails.
pub fn serve(opts: ServeOptions) -> Result<(), BuildFailure> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let server = listen(addr).map_err(|e| {
        Diagnostic::usage(
            Code::CannotListen,
            msg!(
                "serve-cannot-listen",
                addr = addr.to_string(),
                reason = e.to_string()
            ),
        )
        .hint(msg!("serve-cannot-listen-hint"))
    })?;
    let local = server.server_addr().to_ip().unwrap_or(addr);
    let url = format!("http://{local}/");
    if !opts.bind.is_loopback() {
        eprintln!(
            "{}",
            opts.messages
                .text(&msg!("serve-not-loopback", addr = opts.bind.to_string()))
        );
    }
    // Links and canonical URLs point at the preview, not the published site.
    let mut opts = opts;
    opts.build.base_url = Some(format!("http://{local}"));
    let started = Instant::now();
    let mut context = BuildContext::new(opts.build.clone());
    let first = context.build()?;
    let cat = opts.messages.clone();
    print_diagnostics(&cat, &first.warnings);
    let snapshot = match first.outputs {
        Outputs::All(files) | Outputs::Changed(files) => snapshot_of(files),
    };
    let (pages, sections, terms) = context.counts().unwrap_or_default();
    println!(
        "{}",
        cat.text(&msg!(
            "serve-built",
            pages = pages,
            sections = sections,
            terms = terms,
            ms = crate::msg::Arg::Millis(started.elapsed().as_millis() as u64)
        ))
    );
    println!("{}", cat.text(&msg!("serve-serving", url = &url)));
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            snapshot: Arc::new(snapshot),
            generation: 0,
            css_only: false,
            errors: Vec::new(),
        }),
        changed: Condvar::new(),
        server_id: format!("{:x}", std::process::id() as u128 ^ now_nanos()),
        waiters: AtomicUsize::new(0),
        messages: cat.clone(),
    });

    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let _ = tx.send(event);
        }
    })
    .map_err(|e| {
        Diagnostic::error(
            Code::CannotWatch,
            msg!("serve-cannot-watch", reason = e.to_string()),
        )
    })?;
    let root = &opts.build.root;
    for dir in SITE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| {
                    Diagnostic::error(
                        Code::CannotWatch,
                        msg!("serve-cannot-watch", reason = e.to_string()),
                    )
                    .in_file(*dir)
                })?;
        }
    }
    // spindel.toml is watched through its directory: editors replace the file on save.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            Diagnostic::error(
                Code::CannotWatch,
                msg!("serve-cannot-watch", reason = e.to_string()),
            )
        })?;
    {
        let rx = Arc::new(Mutex::new(rx));
        let (shown, restarted, rx2, build) = (
            shared.clone(),
            shared.clone(),
            rx.clone(),
            opts.build.clone(),
        );
        runaway::recover_by_restarting(
            cat.clone(),
            move |d| show_runaway(&shown, d),
            move |worker| {
                let (shared, rx, build) = (restarted.clone(), rx2.clone(), build.clone());
                std::thread::spawn(move || {
                    let pool = rayon::ThreadPoolBuilder::new().build().ok();
                    rebuild_loop(&rx, BuildContext::new(build), &shared, worker, pool);
                });
            },
        );
        let shared = shared.clone();
        std::thread::spawn(move || rebuild_loop(&rx, context, &shared, 0, None));
    }
    if opts.open {
        open_browser(&url, &cat);
    }

    let server = Arc::new(server);
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let server = server.clone();
            let shared = shared.clone();
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(request, &shared);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    drop(watcher);
    Ok(())
}

/// The listening socket. Accepted connections inherit its options (on Linux and the BSDs):
/// Nagle's algorithm off, so a response written in two parts is not held back waiting for the
/// client's delayed ACK (a stall on every request otherwise), and a write timeout, so that a
/// client that stops reading cannot hold a worker. (A read timeout would also time out
/// tiny_http's `accept`, which ends its accept loop.)
fn listen(addr: SocketAddr) -> Result<Server, Box<dyn std::error::Error + Send + Sync>> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.set_write_timeout(Some(Duration::from_secs(10)))?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    let listener: std::net::TcpListener = socket.into();
    Server::from_listener(listener, None)
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

fn print_diagnostics(cat: &Catalogue, ds: &[Diagnostic]) {
    for d in ds {
        eprintln!("{}", d.render(cat, false));
    }
}

/// Waits for saves, brings the site up to date through the build context, and tells the
/// open pages.
/// A runaway template's error, over the last good site (`runaway`).
fn show_runaway(shared: &Shared, d: Diagnostic) {
    print_diagnostics(&shared.messages, std::slice::from_ref(&d));
    eprintln!("{}", shared.messages.text(&msg!("serve-rebuild-failed")));
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.generation += 1;
    state.css_only = false;
    state.errors = vec![d];
    drop(state);
    shared.changed.notify_all();
}

/// Rebuilds on every burst of saves. `worker` counts the loops started (`runaway`): a loop
/// that a runaway template left behind never touches the state again; a loop started after
/// one renders on a `pool` of its own.
fn rebuild_loop(
    rx: &Mutex<Receiver<notify::Event>>,
    mut context: BuildContext,
    shared: &Shared,
    worker: u64,
    pool: Option<rayon::ThreadPool>,
) {
    let root = crate::output::absolute(&context.options().root);
    loop {
        let rx = rx.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(first) = rx.recv() else { return };
        let mut changed: Vec<PathBuf> = Vec::new();
        let mut collect = |e: notify::Event| {
            if matches!(e.kind, notify::EventKind::Access(_)) {
                return;
            }
            changed.extend(e.paths.into_iter().filter(|p| is_source(&root, p)));
        };
        collect(first);
        // Coalesce a burst of events (write temp, rename, touch) into one rebuild.
        let burst_started = Instant::now();
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(e) => collect(e),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if burst_started.elapsed() > Duration::from_millis(500) {
                break;
            }
        }
        drop(rx);
        if changed.is_empty() {
            continue;
        }
        let css_only = changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
        let started = Instant::now();
        // The pages keep the last good site while this runs.
        let result = match &pool {
            Some(pool) => pool.install(|| context.update(&changed)),
            None => context.update(&changed),
        };
        if !runaway::is_current(worker) {
            return;
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        let mut search_stale = false;
        match result {
            Ok(rebuilt) => {
                print_diagnostics(&shared.messages, &rebuilt.warnings);
                let ms = crate::msg::Arg::Millis(ms as u64);
                let (snapshot, what) = match rebuilt.outputs {
                    Outputs::All(files) => (snapshot_of(files), msg!("serve-rebuilt", ms = ms)),
                    Outputs::Changed(files) => {
                        let mut snapshot = (*state.snapshot).clone();
                        let n = files.len();
                        snapshot
                            .files
                            .extend(files.into_iter().map(|f| served(&f.path, f.contents)));
                        (snapshot, msg!("serve-rerendered", n = n, ms = ms))
                    }
                };
                println!("{}", shared.messages.text(&what));
                search_stale = rebuilt.search_stale;
                state.snapshot = Arc::new(snapshot);
                state.css_only = css_only;
                state.errors.clear();
            }
            Err(failure) => {
                let ds = failure.diagnostics.sorted();
                print_diagnostics(&shared.messages, &ds);
                eprintln!("{}", shared.messages.text(&msg!("serve-rebuild-failed")));
                state.css_only = false;
                state.errors = ds.into_iter().filter(Diagnostic::is_error).collect();
            }
        }
        drop(state);
        shared.changed.notify_all();
        // The search index is made again after the reload is announced, so that a save shows
        // at once and search catches up a moment later (a full build makes it anew anyway).
        if search_stale {
            let files: Vec<(String, Served)> = context
                .search_index()
                .into_iter()
                .map(|f| served(&f.path, f.contents))
                .collect();
            let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            let mut snapshot = (*state.snapshot).clone();
            snapshot.files.extend(files);
            state.snapshot = Arc::new(snapshot);
        }
    }
}

/// Whether a request's `Host` names this machine by address or as `localhost`. A web page the
/// editor visits could point a name of its own at 127.0.0.1 (DNS rebinding) and read the
/// preview, drafts and error overlay included; it cannot make the browser send an address or
/// `localhost` as the Host of its own name. A request without a Host (HTTP/1.0) comes from no
/// browser.
fn host_allowed(host: Option<&str>) -> bool {
    let Some(host) = host else { return true };
    let host = host.trim();
    // `[::1]:1111`, `127.0.0.1:1111`, `localhost:1111`, or any of them without the port.
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) if port.is_empty() || port.starts_with(':') => {
                return v6.parse::<std::net::Ipv6Addr>().is_ok()
                    && port
                        .trim_start_matches(':')
                        .bytes()
                        .all(|b| b.is_ascii_digit());
            }
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            Some(_) => return false,
            None => host,
        },
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::Ipv4Addr>().is_ok()
}

fn handle(request: Request, shared: &Arc<Shared>) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !host_allowed(host.as_deref()) {
        send(
            request,
            421,
            &[("Content-Type", "text/plain; charset=utf-8")],
            b"The preview answers only to localhost and to addresses of this machine.\n",
        );
        return;
    }
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        send(
            request,
            405,
            &[
                ("Allow", "GET, HEAD"),
                ("Content-Type", "text/plain; charset=utf-8"),
            ],
            b"Only GET and HEAD are supported.\n",
        );
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if let Some(internal) = path.strip_prefix(INTERNAL) {
        match internal {
            "livereload.js" => respond_bytes(request, LIVERELOAD_JS.as_bytes(), "js", 200),
            "overlay.css" => respond_bytes(request, OVERLAY_CSS.as_bytes(), "css", 200),
            "wait" => {
                let since = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("since="))
                    .and_then(|v| v.parse::<u64>().ok());
                if shared.waiters.fetch_add(1, Ordering::SeqCst) >= MAX_WAITERS {
                    shared.waiters.fetch_sub(1, Ordering::SeqCst);
                    send(request, 503, &[], b"");
                    return;
                }
                // Waiting holds a thread, so it gets its own instead of a worker.
                let shared = shared.clone();
                std::thread::spawn(move || {
                    wait_for_change(request, &shared, since);
                    shared.waiters.fetch_sub(1, Ordering::SeqCst);
                });
            }
            _ => respond_not_found(request, shared),
        }
        return;
    }
    let Some(key) = request_key(path) else {
        respond_not_found(request, shared);
        return;
    };
    let snapshot = current_snapshot(shared);
    let candidates = if key.is_empty() || key.ends_with('/') {
        vec![format!("{key}index.html")]
    } else {
        vec![key.clone(), format!("{key}/index.html")]
    };
    for (i, candidate) in candidates.iter().enumerate() {
        if let Some(served) = snapshot.files.get(candidate) {
            if i == 1 {
                // A folder asked for without its slash: send the reader to the canonical URL.
                let location = format!("{path}/");
                send(request, 301, &[("Location", &location)], b"");
                return;
            }
            let ext = candidate.rsplit('.').next().unwrap_or("");
            match served {
                Served::Bytes(b) => respond_bytes(request, b.as_ref(), ext, 200),
                Served::File(p) => match std::fs::read(p) {
                    Ok(b) => respond_bytes(request, &b, ext, 200),
                    Err(_) => respond_not_found(request, shared),
                },
            }
            return;
        }
    }
    respond_not_found(request, shared);
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

fn respond_bytes(request: Request, body: &[u8], ext: &str, status: u16) {
    let ctype = content_type(ext);
    let headers = [
        ("Content-Type", ctype.as_str()),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    send(request, status, &headers, body);
}

/// Writes the whole response ourselves, with `Connection: close`. tiny_http keeps a pooled
/// thread on each open connection and can queue a new connection behind threads held by idle
/// keep-alive ones (a stylesheet then never arrives); closing after each response frees the
/// thread as soon as the browser has read it. A preview on loopback loses nothing by it.
fn send(request: Request, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let head_only = *request.method() == Method::Head;
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut writer = request.into_writer();
    let _ = writer.write_all(head.as_bytes());
    if !head_only {
        let _ = writer.write_all(body);
    }
    let _ = writer.flush();
}

/// The site being served now (a later rebuild swaps in another without disturbing readers).
fn current_snapshot(shared: &Shared) -> Arc<Snapshot> {
    shared
        .state
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .snapshot
        .clone()
}

fn respond_not_found(request: Request, shared: &Shared) {
    let snapshot = current_snapshot(shared);
    match snapshot.files.get("404.html") {
        Some(Served::Bytes(b)) => respond_bytes(request, b.as_ref(), "html", 404),
        _ => respond_bytes(request, b"Not found\n", "txt", 404),
    }
}

/// Answers at once if the page is behind, otherwise when the next build finishes (or 204).
fn wait_for_change(request: Request, shared: &Shared, since: Option<u64>) {
    let deadline = Instant::now() + LONG_POLL;
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    while since == Some(state.generation) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            drop(state);
            send(request, 204, &[("Cache-Control", "no-store")], b"");
            return;
        }
        state = shared
            .changed
            .wait_timeout(state, left)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
    let body = state_json(&state, &shared.server_id, &shared.messages);
    drop(state);
    respond_bytes(request, body.as_bytes(), "json", 200);
}

fn state_json(state: &State, server_id: &str, cat: &Catalogue) -> String {
    let errors: Vec<String> = state
        .errors
        .iter()
        .map(|d| {
            format!(
                "{{\"code\":\"{}\",\"file\":{},\"line\":{},\"column\":{},\"message\":{},\"text\":{}}}",
                d.code,
                json_string(d.file.as_deref().unwrap_or("")),
                d.line,
                d.column,
                json_string(&d.message_text(cat)),
                json_string(&d.render(cat, false)),
            )
        })
        .collect();
    // The overlay's own words, in the run's language like the errors.
    let title = cat.text(&msg!("overlay-title", n = state.errors.len()));
    let note = cat.text(&msg!("overlay-note"));
    format!(
        "{{\"server\":{},\"generation\":{},\"css_only\":{},\"title\":{},\"note\":{},\"errors\":[{}]}}",
        json_string(server_id),
        state.generation,
        state.css_only,
        json_string(&title),
        json_string(&note),
        errors.join(",")
    )
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Escaped so that error text can never close a <script> or start markup.
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn open_browser(url: &str, cat: &Catalogue) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("{}", cat.text(&msg!("serve-no-browser", url = url)));
    }
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
        assert_eq!(
            json_string("<script>\"x\"\n"),
            "\"\\u003cscript\\u003e\\\"x\\\"\\n\""
        );
    }

    #[test]
    fn only_this_machine_s_names_are_answered() {
        for ok in [
            None,
            Some("localhost:1111"),
            Some("LOCALHOST"),
            Some("127.0.0.1:1111"),
            Some("127.0.0.1"),
            Some("192.168.1.5:1111"),
            Some("[::1]:1111"),
            Some("[::1]"),
        ] {
            assert!(host_allowed(ok), "{ok:?}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "[::1]evil:1111",
            "[evil]:1111",
            "localhost:http",
            "",
        ] {
            assert!(!host_allowed(Some(bad)), "{bad:?}");
        }
    }
}
