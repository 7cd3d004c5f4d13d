//! The preview's HTTP/1.1 server, on `std::net` with `httparse` for the request head: what to
//! answer is the router's business (`routes.rs`); this file only keeps the connections in
//! bounds, whatever the clients do.
//!
//! - **A bounded number of connections**, each on a thread of its own. A new connection over
//!   the bound closes the one that has waited longest for a request (idle keep-alive
//!   connections, preconnects, half-sent heads); if every connection is busy, it waits in the
//!   kernel's backlog until one finishes.
//! - **Timeouts that free the slot**: a connection that sends no request for `IDLE`, takes
//!   longer than `HEAD_TIME` to send one, or reads nothing of a response for `WRITE_STALL`
//!   (or not all of it at `MIN_RATE` after `WRITE_TIME`) is closed.
//! - **A request head of at most `MAX_HEAD` bytes** (431 beyond); a request body is never read:
//!   the answer goes out and the connection closes, which also answers `Expect: 100-continue`.
//! - **Keep-alive as HTTP/1.1 says**: open unless the request or the response says `close`
//!   (HTTP/1.0 always closes); a connection that says close is closed after the response.
//! - **An accept loop that never ends**: out of descriptors (EMFILE) it closes the longest-idle
//!   connection, waits a moment and goes on; any other error is skipped.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long a connection may wait before the first byte of a request.
const IDLE: Duration = Duration::from_secs(5);
/// How long a request head may take to arrive once it has started.
const HEAD_TIME: Duration = Duration::from_secs(10);
/// The longest a response may make no progress because the client does not read it...
const WRITE_STALL: Duration = Duration::from_secs(5);
/// ...and the longest it may take in all: this, and a second for every `MIN_RATE` bytes (a
/// client that reads a byte now and then holds its connection no longer than that).
const WRITE_TIME: Duration = Duration::from_secs(10);
const MIN_RATE: u64 = 1 << 20;
/// The request line and headers together; browsers send a few kilobytes.
pub const MAX_HEAD: usize = 32 * 1024;
const MAX_HEADERS: usize = 64;
/// What is read and thrown away of a request body before closing, so that the client reads
/// the answer instead of a reset.
const MAX_DRAIN: usize = 256 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(1);
const CHUNK: usize = 64 * 1024;

/// A request's head, all the router gets.
pub struct Request {
    pub method: String,
    /// As sent: path and query, percent-encoded.
    pub target: String,
    headers: Vec<(String, String)>,
    /// The address the client connected to (one of this machine's).
    pub local: SocketAddr,
}

impl Request {
    /// The first header of that name, if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

pub enum Body {
    Bytes(Arc<[u8]>),
    Owned(Vec<u8>),
    Static(&'static [u8]),
    /// A file sent from disk, with its length when it was opened.
    File(std::fs::File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::Owned(b) => b.len() as u64,
            Body::Static(b) => b.len() as u64,
            Body::File(_, n) => *n,
        }
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
    /// Close the connection after this response.
    pub close: bool,
}

impl Response {
    pub fn new(status: u16, body: Body) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
            close: false,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What the server asks of the router.
pub trait Handler: Send + Sync + 'static {
    /// The answer to a well-formed request (it may block, for a long poll).
    fn handle(&self, request: &Request) -> Response;
    /// The answer to a request the server refuses itself: 400, 417 or 431.
    fn refuse(&self, status: u16) -> Response;
}

/// The listening socket and the connections it has open.
pub struct Server {
    listener: TcpListener,
    slots: Arc<Slots>,
}

impl Server {
    /// Listens on `addr`, keeping at most `max_connections` open.
    pub fn bind(addr: SocketAddr, max_connections: usize) -> std::io::Result<Server> {
        let socket = socket2::Socket::new(
            socket2::Domain::for_address(addr),
            socket2::Type::STREAM,
            Some(socket2::Protocol::TCP),
        )?;
        socket.set_reuse_address(true)?;
        socket.bind(&addr.into())?;
        socket.listen(128)?;
        Ok(Server {
            listener: socket.into(),
            slots: Arc::new(Slots {
                max: max_connections.max(1),
                inner: Mutex::new(SlotsInner::default()),
                freed: Condvar::new(),
            }),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections for ever. `on_exhausted` is called (at most once a minute) when the
    /// process runs out of file descriptors.
    pub fn run(self, handler: Arc<dyn Handler>, on_exhausted: impl Fn()) -> ! {
        let mut warned: Option<Instant> = None;
        loop {
            let stream = match self.listener.accept() {
                Ok((stream, _)) => stream,
                Err(e) if out_of_resources(&e) => {
                    if warned.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                        warned = Some(Instant::now());
                        on_exhausted();
                    }
                    // Closing the idlest connection frees a descriptor for the next accept;
                    // with none to close, only time frees one.
                    if !self.slots.evict_idlest_and_wait() {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    continue;
                }
                Err(_) => {
                    // A connection reset before it was accepted, an interrupted call: the next
                    // one is unaffected. A short pause keeps an unforeseen lasting error from
                    // spinning a core.
                    std::thread::sleep(Duration::from_millis(2));
                    continue;
                }
            };
            let stream = Arc::new(stream);
            let id = self.slots.admit(&stream);
            let slots = self.slots.clone();
            let handler = handler.clone();
            let spawned = std::thread::Builder::new()
                .name("spindel-http".into())
                .spawn({
                    let stream = stream.clone();
                    move || {
                        let slot = SlotGuard { slots: &slots, id };
                        serve_connection(&stream, &*handler, &slots, id);
                        // The socket is closed when the slot lets go of the last handle.
                        drop(stream);
                        drop(slot);
                    }
                });
            if spawned.is_err() {
                // No thread to be had: this connection goes, the next may find one.
                self.slots.release(id);
                drop(stream);
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn out_of_resources(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

/// The open connections, and which of them are waiting for a request (those may be closed to
/// make room).
struct Slots {
    max: usize,
    inner: Mutex<SlotsInner>,
    freed: Condvar,
}

#[derive(Default)]
struct SlotsInner {
    next: u64,
    open: HashMap<u64, Slot>,
}

struct Slot {
    stream: Arc<TcpStream>,
    /// Since when it has waited for a request; `None` while it is busy or being closed.
    waiting_since: Option<Instant>,
}

impl Slots {
    fn lock(&self) -> std::sync::MutexGuard<'_, SlotsInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes room for a new connection and counts it: closes the idlest connection if there
    /// is no room, or waits until a busy one ends.
    fn admit(&self, stream: &Arc<TcpStream>) -> u64 {
        let mut inner = self.lock();
        while inner.open.len() >= self.max {
            if !evict(&mut inner) {
                inner = self
                    .freed
                    .wait_timeout(inner, Duration::from_millis(250))
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
                continue;
            }
            // The evicted connection's thread sees its socket shut and ends at once.
            inner = self
                .freed
                .wait_timeout(inner, Duration::from_millis(250))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        inner.next += 1;
        let id = inner.next;
        inner.open.insert(
            id,
            Slot {
                stream: stream.clone(),
                waiting_since: None,
            },
        );
        id
    }

    /// Closes the idlest connection and waits (briefly) until its thread has let it go;
    /// false if no connection was waiting for a request.
    fn evict_idlest_and_wait(&self) -> bool {
        let mut inner = self.lock();
        if !evict(&mut inner) {
            return false;
        }
        let _ = self
            .freed
            .wait_timeout(inner, Duration::from_millis(100))
            .unwrap_or_else(|e| e.into_inner());
        true
    }

    fn set_waiting(&self, id: u64, waiting: bool) {
        if let Some(slot) = self.lock().open.get_mut(&id) {
            slot.waiting_since = waiting.then(Instant::now);
        }
    }

    fn release(&self, id: u64) {
        self.lock().open.remove(&id);
        self.freed.notify_all();
    }
}

/// Shuts the connection that has waited longest for a request; false if none is waiting.
fn evict(inner: &mut SlotsInner) -> bool {
    let idlest = inner
        .open
        .values_mut()
        .filter(|s| s.waiting_since.is_some())
        .min_by_key(|s| s.waiting_since);
    match idlest {
        Some(slot) => {
            slot.waiting_since = None;
            let _ = slot.stream.shutdown(Shutdown::Both);
            true
        }
        None => false,
    }
}

/// Frees the slot when the connection's thread ends, however it ends.
struct SlotGuard<'a> {
    slots: &'a Slots,
    id: u64,
}

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        self.slots.release(self.id);
    }
}

/// Why no request could be read.
enum HeadError {
    /// The client closed, timed out or was evicted: close without a word.
    Gone,
    /// Answer with this status and close.
    Refuse(u16),
}

fn serve_connection(stream: &TcpStream, handler: &dyn Handler, slots: &Slots, id: u64) {
    let _ = stream.set_nodelay(true);
    let local = match stream.local_addr() {
        Ok(a) => a,
        Err(_) => return,
    };
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        slots.set_waiting(id, true);
        let parsed = read_head(stream, local, &mut buf);
        slots.set_waiting(id, false);
        let (request, head_len, has_body, keep_alive) = match parsed {
            Ok(Some(p)) => p,
            Ok(None) => return,
            Err(HeadError::Gone) => return,
            Err(HeadError::Refuse(status)) => {
                let mut response = handler.refuse(status);
                response.close = true;
                let _ = write_response(stream, &response, false);
                linger(stream);
                return;
            }
        };
        buf.drain(..head_len);
        let expect = request.header("Expect").map(str::trim);
        let mut response = match expect {
            Some(e) if !e.eq_ignore_ascii_case("100-continue") => handler.refuse(417),
            _ => handler.handle(&request),
        };
        // A body is never read, so the connection cannot be used again after it.
        response.close |= !keep_alive || has_body;
        if write_response(stream, &response, request.is_head()).is_err() {
            return;
        }
        if response.close {
            linger(stream);
            return;
        }
    }
}

type Parsed = (Request, usize, bool, bool);

/// Reads until `buf` holds a whole request head, and parses it: the request, the head's
/// length, whether a body follows, whether the client keeps the connection open. `None` when
/// the client closed or went quiet before sending anything.
fn read_head(
    stream: &TcpStream,
    local: SocketAddr,
    buf: &mut Vec<u8>,
) -> Result<Option<Parsed>, HeadError> {
    let idle_until = Instant::now() + IDLE;
    let mut head_until: Option<Instant> = None;
    let mut chunk = [0u8; 4096];
    loop {
        if !buf.is_empty() {
            if let Some(parsed) = parse(buf, local)? {
                return Ok(Some(parsed));
            }
            if buf.len() > MAX_HEAD {
                return Err(HeadError::Refuse(431));
            }
            // A request has begun: it has HEAD_TIME to finish. Until it has, the connection
            // still counts as waiting, and may be closed to make room (a browser sends its
            // head at once; one that trickles in is more likely an attack).
            head_until.get_or_insert_with(|| Instant::now() + HEAD_TIME);
        }
        let until = head_until.unwrap_or(idle_until);
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return if buf.is_empty() {
                Ok(None)
            } else {
                Err(HeadError::Gone)
            };
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Gone);
        }
        match (&*stream).read(&mut chunk) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

/// Parses a complete head; `None` if it is not complete yet.
fn parse(buf: &[u8], local: SocketAddr) -> Result<Option<Parsed>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::Refuse(431)),
        Err(_) => return Err(HeadError::Refuse(400)),
    };
    if head_len > MAX_HEAD {
        return Err(HeadError::Refuse(431));
    }
    let version = req.version.unwrap_or(1);
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let request = Request {
        method: req.method.unwrap_or("").to_string(),
        target: req.path.unwrap_or("").to_string(),
        headers,
        local,
    };
    // HTTP/1.1 requires a Host; a proxy-style absolute target is not for a preview.
    if (version == 1 && request.header("Host").is_none()) || !request.target.starts_with('/') {
        return Err(HeadError::Refuse(400));
    }
    let has_body = match (
        request.header("Transfer-Encoding"),
        request.header("Content-Length"),
    ) {
        (Some(_), _) => true,
        (None, Some(n)) => match n.trim().parse::<u64>() {
            Ok(n) => n > 0,
            Err(_) => return Err(HeadError::Refuse(400)),
        },
        (None, None) => false,
    };
    let connection = request.header("Connection").unwrap_or("");
    let says_close = connection
        .split(',')
        .any(|t| t.trim().eq_ignore_ascii_case("close"));
    let keep_alive = version == 1 && !says_close;
    Ok(Some((request, head_len, has_body, keep_alive)))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes the whole response within the write limits; an error means the connection is done.
fn write_response(stream: &TcpStream, response: &Response, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    head.push_str(if response.close {
        "Connection: close\r\n\r\n"
    } else {
        "Keep-Alive: timeout=4\r\n\r\n"
    });
    let deadline =
        Instant::now() + WRITE_TIME + Duration::from_secs(response.body.len() / MIN_RATE);
    let body: &[u8] = match &response.body {
        Body::Bytes(b) => b,
        Body::Owned(b) => b,
        Body::Static(b) => b,
        Body::File(..) => &[],
    };
    if head_only || body.is_empty() {
        write_all(stream, head.as_bytes(), deadline)?;
    } else if body.len() <= CHUNK {
        // One write, so that a small answer leaves in one packet.
        let mut all = head.into_bytes();
        all.extend_from_slice(body);
        write_all(stream, &all, deadline)?;
    } else {
        write_all(stream, head.as_bytes(), deadline)?;
        write_all(stream, body, deadline)?;
    }
    if let (Body::File(file, len), false) = (&response.body, head_only) {
        send_file(stream, file, *len, deadline)?;
    }
    Ok(())
}

fn write_all(stream: &TcpStream, mut bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left.min(WRITE_STALL)))?;
        match (&*stream).write(&bytes[..bytes.len().min(CHUNK)]) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Sends exactly `len` bytes of the file (the length the head announced), padding with
/// nothing: if the file shrank meanwhile, the connection is cut instead.
fn send_file(
    stream: &TcpStream,
    file: &std::fs::File,
    len: u64,
    deadline: Instant,
) -> std::io::Result<()> {
    let mut left = len;
    let mut chunk = vec![0u8; CHUNK];
    while left > 0 {
        let want = chunk.len().min(left as usize);
        let n = (&*file).read(&mut chunk[..want])?;
        if n == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        write_all(stream, &chunk[..n], deadline)?;
        left -= n as u64;
    }
    Ok(())
}

/// Closes a connection whose client may still be sending (a body that was not read): stop
/// writing, read and drop what still comes for a moment, then close, so that the client gets
/// the answer rather than a reset.
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + DRAIN_TIME;
    let mut drained = 0;
    let mut chunk = [0u8; 4096];
    while drained < MAX_DRAIN {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match (&*stream).read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// How many connections to keep open: a quarter of the descriptors the process may have
/// (the rest are for the build), between 8 and 128.
pub fn connection_limit() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    let fds = if ok { limit.rlim_cur } else { 256 };
    (fds / 4).clamp(8, 128) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> SocketAddr {
        "127.0.0.1:1111".parse().unwrap()
    }

    fn refused(head: &str) -> Option<u16> {
        match parse(head.as_bytes(), local()) {
            Err(HeadError::Refuse(status)) => Some(status),
            _ => None,
        }
    }

    #[test]
    fn a_head_is_complete_only_with_its_blank_line() {
        assert!(matches!(
            parse(b"GET / HTTP/1.1\r\nHost: x\r\n", local()),
            Ok(None)
        ));
        let Ok(Some((req, len, body, keep))) = parse(
            b"GET /a%20b?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /next",
            local(),
        ) else {
            panic!("a complete head");
        };
        assert_eq!(
            (req.method.as_str(), req.target.as_str()),
            ("GET", "/a%20b?x=1")
        );
        assert_eq!(req.header("host"), Some("localhost"));
        let first = "GET /a%20b?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
        assert_eq!(len, first.len(), "the next request is left in the buffer");
        assert!(!body && keep);
    }

    #[test]
    fn keep_alive_and_bodies_follow_http_1_1() {
        let keep = |head: &str| match parse(head.as_bytes(), local()) {
            Ok(Some((_, _, body, keep))) => (body, keep),
            _ => panic!("{head}"),
        };
        assert_eq!(keep("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), (false, true));
        assert_eq!(
            keep("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n"),
            (false, false)
        );
        assert_eq!(keep("GET / HTTP/1.0\r\n\r\n"), (false, false));
        assert_eq!(
            keep("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n"),
            (true, true)
        );
        assert_eq!(
            keep("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"),
            (true, true)
        );
        assert_eq!(
            keep("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
            (false, true)
        );
    }

    #[test]
    fn malformed_heads_are_refused() {
        assert_eq!(refused("GET / HTTP/1.1\r\n\r\n"), Some(400), "no Host");
        assert_eq!(
            refused("GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(400)
        );
        assert_eq!(
            refused("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
            Some(400)
        );
        assert_eq!(refused("GET / HTTP/1.1\r\nHo st: x\r\n\r\n"), Some(400));
        let many: String = (0..MAX_HEADERS + 1)
            .map(|i| format!("X-{i}: 1\r\n"))
            .collect();
        assert_eq!(
            refused(&format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n")),
            Some(431)
        );
        let long = "a".repeat(MAX_HEAD);
        assert_eq!(
            refused(&format!("GET / HTTP/1.1\r\nHost: x\r\nX: {long}\r\n\r\n")),
            Some(431)
        );
    }
}
