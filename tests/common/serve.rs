//! A running `spindel serve` for the tests that talk to it over real sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::{BIN, Site};

/// A running `spindel serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    agent: ureq::Agent,
    /// Everything it printed on stdout.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    /// Everything it printed on stderr.
    errors: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(site: &Site, extra: &[&str]) -> Server {
        Server::start_limited(site, extra, None)
    }

    /// `start` with at most `files` open file descriptors for the server (its
    /// `RLIMIT_NOFILE`, as `ulimit -n` sets it).
    pub fn start_limited(site: &Site, extra: &[&str], files: Option<libc::rlim_t>) -> Server {
        let mut command = Command::new(BIN);
        if let Some(n) = files {
            // SAFETY: only setrlimit, which is async-signal-safe, runs in the child.
            unsafe {
                command.pre_exec(move || {
                    let limit = libc::rlimit {
                        rlim_cur: n,
                        rlim_max: n,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        let mut child = command
            .env("SPINDEL_LANG", "en")
            .arg("serve")
            .arg("--root")
            .arg(site.root())
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start spindel serve");
        let errors = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = errors.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        // What it printed before its address (the summary of the first build) is kept too.
        let mut early = Vec::new();
        let base = loop {
            let line = lines
                .next()
                .expect("spindel serve ended before printing its address")
                .expect("read stdout");
            early.push(line.clone());
            if let Some(i) = line.find("http://") {
                let url = line[i..].split_whitespace().next().unwrap().to_string();
                break url.trim_end_matches('/').to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        let log = std::sync::Arc::new(std::sync::Mutex::new(early));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Server {
            child,
            base,
            agent,
            log,
            errors,
        }
    }

    /// The last line the server printed about a save (after the long poll has answered).
    pub fn last_save_line(&self) -> String {
        for _ in 0..100 {
            if let Some(l) = self
                .log
                .lock()
                .unwrap()
                .iter()
                .rev()
                .find(|l| l.starts_with("Saved:"))
            {
                return l.clone();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server printed no line about the save");
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .expect("request");
        let status = r.status().as_u16();
        let ctype = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("").to_string())
            .unwrap_or_default();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        (status, ctype, body)
    }

    /// The state now: `{"generation":N,...}`.
    pub fn state(&self) -> String {
        self.get("/__spindel/wait").2
    }

    pub fn generation(&self) -> u64 {
        generation_of(&self.state())
    }

    /// Blocks until the build after `since` is done (the long poll answers), then returns it.
    pub fn wait_after(&self, since: u64) -> String {
        for _ in 0..8 {
            let (status, _, body) = self.get(&format!("/__spindel/wait?since={since}"));
            if status == 200 {
                return body;
            }
            assert_eq!(status, 204, "unexpected answer to the reload poll: {body}");
        }
        panic!("no rebuild was announced after a change");
    }

    /// Waits, rebuild by rebuild, until `check` holds; fails naming `what` if it never does
    /// (the bound is generous: only a watcher that stopped should reach it).
    pub fn eventually(&self, what: &str, check: impl Fn(&Server) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(90);
        loop {
            let since = self.generation();
            if check(self) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{what}: not after 90 s of rebuilds\n{}",
                self.stderr_text()
            );
            // Answers when a build after `since` is done, or after the long poll's wait.
            let _ = self.get(&format!("/__spindel/wait?since={since}"));
        }
    }

    /// `host:port` of the server.
    pub fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// The port it listens on.
    pub fn port(&self) -> &str {
        self.base.rsplit(':').next().expect("a port")
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Everything the server printed on stderr so far.
    pub fn stderr_text(&self) -> String {
        self.errors.lock().unwrap().join("\n")
    }

    /// Sends bytes exactly as given, so nothing normalises the path first.
    pub fn raw(&self, request_line: &str) -> String {
        self.raw_as(request_line, self.base.trim_start_matches("http://"))
    }

    /// `raw` with the given Host header, as a page under another name would send it.
    pub fn raw_as(&self, request_line: &str, host: &str) -> String {
        let addr = self.base.trim_start_matches("http://");
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "{request_line}\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn generation_of(state: &str) -> u64 {
    let at = state.find("\"generation\":").expect("generation in state") + 13;
    state[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a number")
}

pub fn status_of(raw: &str) -> &str {
    raw.split_whitespace().nth(1).unwrap_or("")
}
