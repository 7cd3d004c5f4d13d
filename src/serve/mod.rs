//! `spindel serve`: builds the site into memory, serves it on loopback, watches the sources and
//! rebuilds on save, and tells open pages to reload (long polling, from an external script, so
//! the site's strict CSP still holds). A failed rebuild keeps the last good site and shows the
//! errors in an overlay. Nothing is written to the output directory.
//!
//! Takes `ServeOptions`; gives HTTP on loopback. Every build and rebuild goes through
//! `pipeline::context`. `http.rs` is the server (connections, limits, timeouts), `routes.rs`
//! what it answers, `state.rs` the site in memory and its generation, `watch.rs` the watcher
//! and the rebuild thread; the reload script and the overlay's stylesheet sit beside them.

mod http;
mod routes;
mod runaway;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::diag::{Code, Diagnostic};
use crate::msg;
use crate::msg::Catalogue;
use crate::pipeline::context::{BuildContext, Outputs};
use crate::pipeline::{BuildFailure, BuildOptions};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    /// The words of the terminal and the overlay (see `config::messages::catalogue`).
    pub messages: Catalogue,
}

/// The preview could not start (the port is taken): the problem, and that no preview runs, not
/// the summary of a failed build ("nothing was written"), which would be wrong for a preview
/// that never built. Exits 2, as a problem of how spindel was called does.
fn cannot_start(cat: &Catalogue, d: Diagnostic) -> ! {
    watch::print_diagnostics(cat, std::slice::from_ref(&d));
    eprintln!("{}", cat.text(&msg!("serve-not-started")));
    std::process::exit(2)
}

/// Runs until interrupted. Returns an error only if the first build, the socket or the
/// watcher fails.
pub fn serve(opts: ServeOptions) -> Result<(), BuildFailure> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let max_connections = http::connection_limit();
    let server = match http::Server::bind(addr, max_connections) {
        Ok(server) => server,
        Err(e) => cannot_start(
            &opts.messages,
            Diagnostic::usage(
                Code::CannotListen,
                msg!("serve-cannot-listen", addr = addr.to_string(), reason = &e),
            )
            .hint(msg!("serve-cannot-listen-hint")),
        ),
    };
    let local = server.local_addr().unwrap_or(addr);
    let url = format!("http://{local}/");
    if !opts.bind.is_loopback() {
        eprintln!(
            "{}",
            opts.messages
                .text(&msg!("serve-not-loopback", addr = opts.bind.to_string()))
        );
    }
    // Watching starts before the first build, so that a save during it is not missed.
    let watch = watch::Watch::start(&opts.build.root)?;
    // Links and canonical URLs point at the preview, not the published site.
    let mut opts = opts;
    opts.build.base_url = Some(format!("http://{local}"));
    let started = Instant::now();
    let mut context = BuildContext::new(opts.build.clone());
    let first = context.build()?;
    let cat = opts.messages.clone();
    watch::print_diagnostics(&cat, &first.warnings);
    let snapshot = match first.outputs {
        Outputs::All(files) | Outputs::Changed(files) => {
            state::snapshot_of(files, &state::Inject::new(&cat))
        }
    };
    let (pages, sections, terms) = context.counts().unwrap_or_default();
    println!(
        "{}",
        cat.text(&msg!(
            "serve-built",
            pages = pages,
            sections = sections,
            terms = terms,
            internal = context.internal_pages().len(),
            ms = crate::msg::Arg::Millis(started.elapsed().as_millis() as u64)
        ))
    );
    println!("{}", cat.text(&msg!("serve-serving", url = &url)));
    for (title, path) in context.internal_pages() {
        let page_url = format!("http://{local}{path}");
        println!(
            "{}",
            cat.text(&msg!("serve-internal-page", title = title, url = page_url))
        );
    }
    // Long polls hold their connection: at most half of them may, so that pages still load.
    let shared = Arc::new(state::Shared::new(
        snapshot,
        cat.clone(),
        max_connections / 2,
    ));
    shared.lock().internal = context.internal_pages();
    {
        // A runaway template leaves its rebuild loop stuck: the watcher is shared so that a
        // new loop, rendering on a thread pool of its own, can take over (`runaway`).
        let watch = Arc::new(Mutex::new(watch));
        let (shown, restarted, watch2, build) = (
            shared.clone(),
            shared.clone(),
            watch.clone(),
            opts.build.clone(),
        );
        runaway::recover_by_restarting(
            cat.clone(),
            move |d| watch::show_runaway(&shown, d),
            move |worker| {
                let (shared, watch, build) = (restarted.clone(), watch2.clone(), build.clone());
                std::thread::spawn(move || {
                    let pool = rayon::ThreadPoolBuilder::new().build().ok();
                    watch::rebuild_loop(&watch, BuildContext::new(build), &shared, worker, pool);
                });
            },
        );
        let shared = shared.clone();
        std::thread::spawn(move || watch::rebuild_loop(&watch, context, &shared, 0, None));
    }
    if opts.open {
        open_browser(&url, &cat);
    }
    let router = routes::Router {
        shared,
        bound: opts.bind,
        root: opts
            .build
            .root
            .canonicalize()
            .unwrap_or_else(|_| opts.build.root.clone()),
    };
    server.run(Arc::new(router), move || {
        eprintln!("{}", cat.text(&msg!("serve-too-many-files")));
    })
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
