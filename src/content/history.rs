//! When each file under `content/` last changed, from the site's git history (as Hugo's
//! `enableGitInfo`): one `git log` for the whole site, read once, newest commit first.
//!
//! - A file's date is the committer date of the newest commit on the first-parent line of
//!   the checked-out branch that changed it; a merge counts with its changes against the
//!   branch it was merged into (`-m --first-parent`), so a page changed in a pull request has
//!   the day it reached the branch.
//! - A commit that only renames or moves a file (git finds it the same, `R100`) is not a change:
//!   the file keeps the date of its last change under its old name. A rename with changes is one.
//! - Nothing is invented: outside a git checkout, without `git`, or for a file git does not know
//!   (untracked) there is no date. A file with changes not yet committed has the date of its
//!   last commit. In a shallow clone, a file whose newest commit is where the clone was cut off
//!   has no date either (that commit seems to add every file), and a warning says so.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::model::{Page, Section, SourceFile};
use crate::config::time::Date;
use crate::diag::{Code, Diagnostic};
use crate::msg;

/// The last change of each file, by its path relative to the site (`content/metoder/x.md`).
#[derive(Debug, Default)]
pub struct History {
    pub changed: HashMap<String, Timestamp>,
    /// A warning for the run: the history could not be read, or is cut off.
    pub warning: Option<Diagnostic>,
}

/// Reads the history of `dirs` (folders of the site, `content` and `data`) in the site at
/// `root`.
pub fn read(root: &Path, dirs: &[&str]) -> History {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            // The site's own checkout decides, not one a calling hook points at.
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
    };
    // Outside a checkout (or without git) there is nothing to read, and nothing to say.
    let Ok(probe) = git(&["rev-parse", "--is-shallow-repository"]) else {
        return History::default();
    };
    if !probe.status.success() {
        return History::default();
    }
    let shallow = String::from_utf8_lossy(&probe.stdout).trim() == "true";
    let mut args = vec![
        "-c",
        "log.showSignature=false",
        "log",
        "-m",
        "--first-parent",
        "-M",
        "--name-status",
        "--relative",
        "--no-color",
        "-z",
        "--format=%x01%ct %P",
        "--",
    ];
    args.extend_from_slice(dirs);
    let out = git(&args);
    let out = match out {
        Ok(o) if o.status.success() => o,
        // An empty repository has no history yet: no dates, and nothing wrong.
        Ok(o) if String::from_utf8_lossy(&o.stdout).is_empty() && no_commits(root) => {
            return History::default();
        }
        Ok(o) => {
            return History {
                changed: HashMap::new(),
                warning: Some(unreadable().detail(format!("git log: {}", o.status))),
            };
        }
        Err(e) => {
            return History {
                changed: HashMap::new(),
                warning: Some(unreadable().detail(e.to_string())),
            };
        }
    };
    let (changed, cut_off) = parse(&String::from_utf8_lossy(&out.stdout), shallow);
    History {
        changed,
        warning: cut_off.then(|| {
            Diagnostic::warning(Code::GitHistory, msg!("history-shallow"))
                .hint(msg!("history-shallow-hint"))
        }),
    }
}

impl History {
    /// Gives each page and section under `dir` (`content`) the date of its file's last
    /// commit, in `zone`; gives back the warning for the run, if any.
    pub fn date(
        self,
        dir: &str,
        pages: &mut [Page],
        sections: &mut [Section],
        zone: &TimeZone,
    ) -> Option<Diagnostic> {
        let date = |src: &SourceFile| {
            let rel = format!("{dir}/{}", src.content_rel);
            self.changed
                .get(&rel)
                .map(|&t| Date::from_timestamp(t, zone))
        };
        for p in pages {
            p.history = date(&p.source);
        }
        for s in sections {
            s.history = date(&s.source);
        }
        self.warning
    }

    /// The date of each data file's last commit, by its name in `data/` (`kommuner.toml`), in
    /// `zone`: what the pages made from it ("Sidan uppdaterad" of a member) are dated by.
    pub fn data_dates(&self, zone: &TimeZone) -> HashMap<String, Date> {
        self.changed
            .iter()
            .filter_map(|(rel, &t)| {
                let name = rel.strip_prefix("data/")?;
                Some((name.to_string(), Date::from_timestamp(t, zone)))
            })
            .collect()
    }
}

fn unreadable() -> Diagnostic {
    Diagnostic::warning(Code::GitHistory, msg!("history-unreadable"))
        .hint(msg!("history-unreadable-hint"))
}

/// Whether the checkout at `root` has no commit yet.
fn no_commits(root: &Path) -> bool {
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "--quiet", "HEAD"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| !s.success())
}

/// Reads `git log -z --name-status --format=%x01%ct %P`, newest commit first: each file's
/// date, and whether a file's newest commit was a shallow clone's boundary (`shallow` and no
/// parents), whose files have no date.
fn parse(log: &str, shallow: bool) -> (HashMap<String, Timestamp>, bool) {
    // Path → its date, or `None` once it is known to have none (deleted since, or only
    // seen at the boundary of a shallow clone).
    let mut seen: HashMap<String, Option<Timestamp>> = HashMap::new();
    // An older name → the name it has now, for files renamed without changes.
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut when: Option<Timestamp> = None;
    let mut boundary = false;
    let mut cut_off = false;
    let mut tokens = log.split('\0').map(|t| t.trim_start_matches('\n'));
    while let Some(token) = tokens.next() {
        if token.is_empty() {
            continue;
        }
        if let Some(header) = token.strip_prefix('\u{1}') {
            let (secs, parents) = header.split_once(' ').unwrap_or((header, ""));
            when = secs
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|s| Timestamp::from_second(s).ok());
            boundary = shallow && parents.trim().is_empty();
            continue;
        }
        let status = token.as_bytes()[0];
        let Some(path) = tokens.next() else { break };
        let current = |p: &str| renamed.get(p).cloned().unwrap_or_else(|| p.to_string());
        match status {
            b'R' | b'C' => {
                let Some(new) = tokens.next() else { break };
                let now = current(new);
                if seen.contains_key(&now) {
                    continue;
                }
                if status == b'R' && token == "R100" {
                    // Moved, not changed: its older name's history is its own.
                    renamed.insert(path.to_string(), now);
                } else {
                    cut_off |= boundary;
                    seen.insert(now, if boundary { None } else { when });
                }
            }
            b'D' => {
                seen.entry(current(path)).or_insert(None);
            }
            _ => {
                if let std::collections::hash_map::Entry::Vacant(e) = seen.entry(current(path)) {
                    cut_off |= boundary;
                    e.insert(if boundary { None } else { when });
                }
            }
        }
    }
    let changed = seen
        .into_iter()
        .filter_map(|(p, t)| Some((p, t?)))
        .collect();
    (changed, cut_off)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    #[test]
    fn the_newest_change_of_each_file() {
        let log = "\u{1}300 b\0\nM\0content/a.md\0\0\u{1}200 a\0\nM\0content/a.md\0A\0content/b.md\0\0\u{1}100 \0\nA\0content/a.md\0";
        let (c, cut) = parse(log, false);
        assert_eq!(c["content/a.md"], ts(300));
        assert_eq!(c["content/b.md"], ts(200));
        assert!(!cut);
    }

    #[test]
    fn a_move_is_not_a_change_but_an_edit_is() {
        let log = "\u{1}300 b\0\nR100\0content/old.md\0content/new.md\0R080\0content/x.md\0content/y.md\0\0\u{1}200 a\0\nM\0content/old.md\0M\0content/x.md\0";
        let (c, _) = parse(log, false);
        assert_eq!(c["content/new.md"], ts(200));
        assert_eq!(c["content/y.md"], ts(300));
        assert!(!c.contains_key("content/old.md"));
    }

    #[test]
    fn deleted_files_and_shallow_boundaries_have_no_date() {
        let log = "\u{1}300 b\0\nD\0content/gone.md\0\0\u{1}200 \0\nA\0content/gone.md\0A\0content/kept.md\0";
        let (c, cut) = parse(log, true);
        assert!(c.is_empty(), "{c:?}");
        assert!(cut);
        // The same history, complete: the root commit adds the files.
        let (c, cut) = parse(log, false);
        assert_eq!(c["content/kept.md"], ts(200));
        assert!(!c.contains_key("content/gone.md"));
        assert!(!cut);
    }
}
