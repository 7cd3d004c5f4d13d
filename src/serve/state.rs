//! What the preview serves and what its pages learn when they ask for news: the built site as
//! a snapshot in memory, the generation of the last build and its errors. The rebuild thread
//! (`watch.rs`) writes it, the connections (`routes.rs`) read it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Condvar, Mutex};

use super::http::Body;
use crate::diag::Diagnostic;
use crate::msg::Catalogue;
use crate::output::Contents;

const INJECT: &str = "<script src=\"/__spindel/livereload.js\" defer></script>\
<link rel=\"stylesheet\" href=\"/__spindel/overlay.css\">";

/// What the preview adds to every HTML page: the reload script and the overlay's stylesheet in
/// the head, and at the end of the body a small link to the preview's own page, which lists the
/// internal pages (the editor guide), in the run's language. Only `serve` adds it: a build never
/// has it.
#[derive(Clone)]
pub struct Inject {
    body: String,
}

impl Inject {
    pub fn new(cat: &Catalogue) -> Inject {
        let words = escape(&cat.text(&crate::msg!("serve-preview-link")));
        Inject {
            body: format!("<p id=\"spindel-preview-link\"><a href=\"/__spindel/\">{words}</a></p>"),
        }
    }
}

/// Text as HTML writes it.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A built site held in memory: output path (`metoder/index.html`) → contents.
#[derive(Default, Clone)]
pub struct Snapshot {
    pub files: HashMap<String, Served>,
}

#[derive(Clone)]
pub enum Served {
    /// Shared, so that replacing a few files after an edit copies no page.
    Bytes(Arc<[u8]>),
    File(PathBuf),
}

/// What pages learn when they ask for news.
pub struct State {
    pub snapshot: Arc<Snapshot>,
    pub generation: u64,
    pub css_only: bool,
    pub errors: Vec<Diagnostic>,
    /// The internal pages of the last good build (title, address), for the preview's page.
    pub internal: Vec<(String, String)>,
}

pub struct Shared {
    pub state: Mutex<State>,
    pub changed: Condvar,
    /// Changes when the server restarts, so that open pages reload.
    pub server_id: String,
    /// The long polls waiting now.
    pub waiters: AtomicUsize,
    pub max_waiters: usize,
    pub messages: Catalogue,
    pub inject: Inject,
}

impl Shared {
    pub fn new(snapshot: Snapshot, messages: Catalogue, max_waiters: usize) -> Shared {
        let inject = Inject::new(&messages);
        Shared {
            state: Mutex::new(State {
                snapshot: Arc::new(snapshot),
                generation: 0,
                css_only: false,
                errors: Vec::new(),
                internal: Vec::new(),
            }),
            changed: Condvar::new(),
            server_id: format!("{:x}", std::process::id() as u128 ^ now_nanos()),
            waiters: AtomicUsize::new(0),
            max_waiters,
            messages,
            inject,
        }
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The site being served now (a later rebuild swaps in another without disturbing
    /// readers).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.lock().snapshot.clone()
    }
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Opens a file of the served site to send, only if its real path lies inside `root` (the
/// site's folder, canonical); its length is taken now, so the head can announce it. The site
/// in memory may be the last good build, and a file it names may since have become a link (or
/// one of its folders may have): the build that saw the link refused it (`F0012`), so the
/// server must not follow it either. A link as the file itself is never opened (a build
/// publishes none), a link in a folder above it is followed only to a file inside the site,
/// and only a regular file is sent.
pub fn open_inside(path: &Path, root: &Path) -> Option<Body> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Not blocking, either, on a FIFO swapped in for the file.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || !real_path(&file, path)?.starts_with(root) {
        return None;
    }
    Some(Body::File(file, meta.len()))
}

/// Where the opened `file` really is: what the kernel says of its descriptor where it can
/// (Linux), otherwise the real path of `path` if that is still the file that was opened.
fn real_path(file: &std::fs::File, path: &Path) -> Option<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            return Some(real);
        }
    }
    let real = path.canonicalize().ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (opened, now) = (file.metadata().ok()?, std::fs::metadata(&real).ok()?);
        if (opened.dev(), opened.ino()) != (now.dev(), now.ino()) {
            return None;
        }
    }
    Some(real)
}

/// One output file as served: HTML pages get the reload script and the preview's link.
pub fn served(path: &Path, contents: Contents, inject: &Inject) -> (String, Served) {
    let key = crate::diag::display_path(path);
    let served = match contents {
        Contents::Bytes(b) if key.ends_with(".html") => {
            Served::Bytes(inject_reload(b, inject).into())
        }
        Contents::Bytes(b) => Served::Bytes(b.into()),
        Contents::Copy(p) => Served::File(p),
    };
    (key, served)
}

/// The snapshot of a whole site, with the reload script added to every HTML page.
pub fn snapshot_of(files: Vec<crate::output::OutputFile>, inject: &Inject) -> Snapshot {
    Snapshot {
        files: files
            .into_iter()
            .map(|f| served(&f.path, f.contents, inject))
            .collect(),
    }
}

fn inject_reload(html: Vec<u8>, inject: &Inject) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    let mut out = String::with_capacity(text.len() + INJECT.len() + inject.body.len());
    let rest = match text.find("</head>") {
        Some(i) => {
            out.push_str(&text[..i]);
            out.push_str(INJECT);
            &text[i..]
        }
        None => &text[..],
    };
    match rest.rfind("</body>") {
        Some(i) => {
            out.push_str(&rest[..i]);
            out.push_str(&inject.body);
            out.push_str(&rest[i..]);
        }
        None => out.push_str(rest),
    }
    if !out.contains(INJECT) {
        out.push_str(INJECT);
    }
    out.into_bytes()
}
