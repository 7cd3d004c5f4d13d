//! `spindel serve` under abuse: the real binary, real sockets, clients that misbehave. Each
//! test ends by proving that an ordinary request is still answered; the time bounds are only
//! there so that a server that stopped answering fails the test instead of hanging it, and
//! are generous for a loaded machine.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use common::Site;
use common::serve::{Server, status_of};

/// The longest any answer may take here before the server counts as stuck.
const BOUND: Duration = Duration::from_secs(60);

/// Raises this process's own limit of open files as far as it may go, and returns it.
fn raise_own_file_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct they are given.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
    }
    limit.rlim_cur
}

fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(server.addr()).expect("connect");
    s.set_read_timeout(Some(BOUND)).unwrap();
    s.set_write_timeout(Some(BOUND)).unwrap();
    s
}

/// One response read off a connection that stays open: the head and the body its
/// Content-Length announces.
fn read_response(s: &mut TcpStream, head_only: bool) -> (String, Vec<u8>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => panic!(
                "the connection ended inside a response head ({other:?}): {}",
                String::from_utf8_lossy(&head)
            ),
        }
    }
    let head = String::from_utf8(head).expect("an ASCII head");
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().expect("a length"))
        })
        .expect("a Content-Length");
    let mut body = vec![0u8; if head_only { 0 } else { length }];
    s.read_exact(&mut body).expect("the whole body");
    (head, body)
}

/// Everything the server sends until it closes; fails if it does not close within BOUND.
fn read_to_close(s: &mut TcpStream) -> String {
    let started = Instant::now();
    let mut out = Vec::new();
    match s.read_to_end(&mut out) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        Err(e) => panic!(
            "the server did not close the connection ({e} after {:?}); it sent: {}",
            started.elapsed(),
            String::from_utf8_lossy(&out)
        ),
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An ordinary request on a new connection, as a browser would send it; its status.
fn page_answers(server: &Server) -> String {
    let mut s = connect(server);
    write!(
        s,
        "GET /metoder/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr()
    )
    .unwrap();
    let answer = read_to_close(&mut s);
    assert_eq!(status_of(&answer), "200", "{answer}");
    assert!(answer.contains("</html>"), "{answer}");
    answer
}

#[test]
fn thousands_of_idle_connections_do_not_stop_the_server() {
    let site = Site::basic();
    // Few descriptors for the server, as `ulimit -n 256` would give it; many for the test.
    let mut server = Server::start_limited(&site, &[], Some(256));
    let own = raise_own_file_limit();
    let wanted = 2000.min(own.saturating_sub(100) as usize);
    assert!(wanted >= 600, "this test needs more open files than {own}");
    let mut idle = Vec::with_capacity(wanted);
    for _ in 0..wanted {
        match TcpStream::connect_timeout(&server.addr().parse().unwrap(), Duration::from_secs(10)) {
            Ok(s) => idle.push(s),
            // The backlog is full for a moment: the connections already made still count.
            Err(_) => continue,
        }
    }
    assert!(
        idle.len() > 600,
        "only {} connections were made",
        idle.len()
    );
    // With all of them still open, the editor's page is answered.
    page_answers(&server);
    // Half-sent request heads are no better.
    for s in idle.iter_mut().step_by(7) {
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: localh");
    }
    page_answers(&server);
    drop(idle);
    page_answers(&server);
    assert!(server.alive(), "the server ended");
    let errors = server.stderr_text();
    assert!(!errors.contains("panicked"), "{errors}");
}

#[test]
fn out_of_file_descriptors_the_server_keeps_accepting() {
    let site = Site::basic();
    // So few that accepting fails with EMFILE while connections are open.
    let mut server = Server::start_limited(&site, &[], Some(16));
    raise_own_file_limit();
    let mut idle = Vec::new();
    for _ in 0..300 {
        if let Ok(s) =
            TcpStream::connect_timeout(&server.addr().parse().unwrap(), Duration::from_secs(10))
        {
            idle.push(s);
        }
    }
    page_answers(&server);
    drop(idle);
    page_answers(&server);
    assert!(server.alive(), "the server ended");
    // It did run out, said so once, and went on.
    let errors = server.stderr_text();
    let said = errors.matches("out of file descriptors").count();
    assert!((1..=2).contains(&said), "{errors}");
}

#[test]
fn clients_that_never_read_their_answers_do_not_stall_the_server() {
    let site = Site::basic();
    // A file larger than what the kernel buffers for a connection, asked for again and again.
    site.write("static/stor.bin", vec![7u8; 4 << 20]);
    // 128 descriptors: the server keeps 32 connections, all of them taken by these clients.
    let server = Server::start_limited(&site, &[], Some(128));
    let request = format!("GET /stor.bin HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr());
    let mut slow = Vec::new();
    for _ in 0..32 {
        let mut s = connect(&server);
        s.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
        for _ in 0..20 {
            if s.write_all(request.as_bytes()).is_err() {
                break;
            }
        }
        slow.push(s);
    }
    page_answers(&server);
    page_answers(&server);
    drop(slow);
    page_answers(&server);
}

#[test]
fn an_oversized_request_head_is_refused_and_the_server_lives_on() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    // 64 KiB of one header: refused with 431 (or 400), and the connection closed.
    let mut s = connect(&server);
    let big = "a".repeat(64 * 1024);
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: {big}\r\n\r\n",
        server.addr()
    )
    .unwrap();
    let answer = read_to_close(&mut s);
    assert!(
        ["431", "400"].contains(&status_of(&answer)),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(!answer.contains("<html"), "{answer}");
    // 300 MB of header, as fast as the server takes it: it stops reading long before.
    let mut s = connect(&server);
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = write!(s, "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: ", server.addr());
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    while sent < 300 && s.write_all(&chunk).is_ok() {
        sent += 1;
    }
    assert!(sent < 300, "the server read 300 MB of request head");
    drop(s);
    // Too many headers are refused the same way.
    let mut s = connect(&server);
    let mut head = format!("GET / HTTP/1.1\r\nHost: {}\r\n", server.addr());
    for i in 0..200 {
        head.push_str(&format!("X-{i}: 1\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let answer = read_to_close(&mut s);
    assert!(["431", "400"].contains(&status_of(&answer)), "{answer}");
    page_answers(&server);
}

#[test]
fn connections_are_kept_open_or_closed_as_the_answer_says() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let host = server.addr().to_string();
    // `Connection: close`: the answer says so and the server closes (a read returns 0).
    let mut s = connect(&server);
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let answer = read_to_close(&mut s);
    assert_eq!(status_of(&answer), "200", "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    // HTTP/1.0 closes too, as `ab` expects.
    let mut s = connect(&server);
    write!(s, "GET / HTTP/1.0\r\n\r\n").unwrap();
    let answer = read_to_close(&mut s);
    assert_eq!(status_of(&answer), "200", "{answer}");
    // HTTP/1.1 keeps the connection for the next request, HEAD included, even when the
    // requests come all at once (pipelined).
    let mut s = connect(&server);
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\n\r\nHEAD /metoder/ HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .unwrap();
    let (head, body) = read_response(&mut s, false);
    assert_eq!(status_of(&head), "200", "{head}");
    assert!(String::from_utf8_lossy(&body).contains("</html>"));
    let (head, _) = read_response(&mut s, true);
    assert_eq!(status_of(&head), "200", "{head}");
    write!(s, "GET /finns-inte/ HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let (head, body) = read_response(&mut s, false);
    assert_eq!(status_of(&head), "404", "{head}");
    assert!(String::from_utf8_lossy(&body).contains("site-404"));
    // ...and closes it when it stays idle: the slot is not held for ever.
    let rest = read_to_close(&mut s);
    assert!(rest.is_empty(), "{rest}");
}

#[test]
fn expect_100_continue_is_answered() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let host = server.addr().to_string();
    // A body announced and held back until the server says go: the final answer comes
    // without it (nothing here takes a body).
    let mut s = connect(&server);
    write!(
        s,
        "POST /metoder/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
    )
    .unwrap();
    let answer = read_to_close(&mut s);
    assert!(
        ["100", "405", "417"].contains(&status_of(&answer)),
        "{answer}"
    );
    // A GET with the expectation is simply answered.
    let mut s = connect(&server);
    write!(
        s,
        "GET /metoder/ HTTP/1.1\r\nHost: {host}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    assert_eq!(status_of(&read_to_close(&mut s)), "200");
    // Any other expectation cannot be met.
    let mut s = connect(&server);
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\nExpect: teleportation\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    assert_eq!(status_of(&read_to_close(&mut s)), "417");
    // A body that is sent is not read, and the server closes after answering.
    let mut s = connect(&server);
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 11\r\n\r\nhello world"
    )
    .unwrap();
    let answer = read_to_close(&mut s);
    assert_eq!(status_of(&answer), "405", "{answer}");
    page_answers(&server);
}

#[test]
fn only_this_machine_s_names_are_answered() {
    let site = Site::basic();
    let server = Server::start(&site, &[]);
    let port = server.port().to_string();
    let ask = |host: Option<&str>| {
        let mut s = connect(&server);
        match host {
            Some(h) => write!(
                s,
                "GET / HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"
            ),
            None => write!(s, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        }
        .unwrap();
        read_to_close(&mut s)
    };
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("10.11.12.13:{port}"),
        format!("[::2]:{port}"),
    ] {
        let answer = ask(Some(&host));
        assert_eq!(status_of(&answer), "421", "{host}: {answer}");
        // Words of the catalogue, and none of the site.
        assert!(answer.contains("localhost"), "{answer}");
        assert!(!answer.contains("<html"), "{answer}");
    }
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
    ] {
        let answer = ask(Some(&host));
        assert_eq!(status_of(&answer), "200", "{host}: {answer}");
    }
    // HTTP/1.1 without a Host is not a request.
    assert_eq!(status_of(&ask(None)), "400");
}

#[test]
fn the_refusals_speak_the_site_s_language() {
    let site = Site::basic();
    let server = Server::start(&site, &["--lang", "sv"]);
    let answer = server.raw_as("GET / HTTP/1.1", "evil.example");
    assert_eq!(status_of(&answer), "421", "{answer}");
    assert!(answer.contains("svarar bara"), "{answer}");
    let answer = server.raw("DELETE / HTTP/1.1");
    assert_eq!(status_of(&answer), "405", "{answer}");
    assert!(answer.contains("GET och HEAD"), "{answer}");
    let mut s = connect(&server);
    s.shutdown(Shutdown::Write).unwrap();
    assert_eq!(
        read_to_close(&mut s),
        "",
        "a client that says nothing gets nothing"
    );
}
