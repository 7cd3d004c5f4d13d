//! Removing a folder spindel made: a previous output, a staging folder, a leftover.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Removes a directory spindel made (a previous output), in parallel: on a large site this
/// is most of the cost of replacing the output. One walk finds the files and folders; the
/// files go first, then the folders deepest first (a folder is empty once those below it are
/// gone), so the tree is not walked a second time as `remove_dir_all` would.
pub(super) fn remove_tree(dir: &Path) {
    let mut files = Vec::new();
    let mut dirs_by_depth: Vec<Vec<PathBuf>> = Vec::new();
    for e in WalkDir::new(dir).follow_links(false).into_iter().flatten() {
        if e.file_type().is_dir() {
            if dirs_by_depth.len() <= e.depth() {
                dirs_by_depth.resize_with(e.depth() + 1, Vec::new);
            }
            dirs_by_depth[e.depth()].push(e.into_path());
        } else {
            files.push(e.into_path());
        }
    }
    // Unlinking waits on the file system, not the CPU: more threads than cores pay off.
    let in_parallel = |paths: &[PathBuf], remove: fn(&Path) -> std::io::Result<()>| {
        let workers = 8.min(paths.len().max(1));
        let per = paths.len().div_ceil(workers).max(1);
        std::thread::scope(|scope| {
            for chunk in paths.chunks(per) {
                scope.spawn(move || {
                    for p in chunk {
                        let _ = remove(p);
                    }
                });
            }
        });
    };
    in_parallel(&files, |p| std::fs::remove_file(p));
    for dirs in dirs_by_depth.iter().rev() {
        in_parallel(dirs, |p| std::fs::remove_dir(p));
    }
    // Whatever the walk could not see or remove (a file added meanwhile).
    if dir.exists() {
        let _ = std::fs::remove_dir_all(dir);
    }
}
