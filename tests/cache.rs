//! The cache of `check --external` (#19, item 5): in a folder of the user's own, never read or
//! written through a link another user could plant. The real binary, with the cache folder
//! named by `SPINDEL_CACHE_DIR` and a link that no server answers (so nothing leaves the
//! machine).
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{Site, run_in_with};

const BROKEN: &str = "http://127.0.0.1:1/";

fn site_with_a_broken_link() -> Site {
    let site = Site::basic();
    site.write(
        "content/nyheter/lankar.md",
        format!("+++\ntitle = \"Länkar\"\n+++\n\n[trasig]({BROKEN})\n"),
    );
    site
}

fn check_external(site: &Site, cache: &Path) -> common::Run {
    let run = run_in_with(
        site.root(),
        &["check", "--external", "--timeout", "2"],
        &[("SPINDEL_CACHE_DIR", cache.to_str().unwrap())],
    );
    run.assert_exit(0).assert_no_panic();
    run
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn the_cache_folder_is_made_for_the_user_alone() {
    let site = site_with_a_broken_link();
    let cache = site.tmp().join("cache");
    check_external(&site, &cache);
    assert_eq!(mode(&cache), 0o700);
    let file = cache.join("external-links.tsv");
    assert_eq!(mode(&file), 0o600);
    // Only the cache itself: no temporary file is left beside it.
    assert_eq!(common::dir_names(&cache), ["external-links.tsv"]);
}

#[test]
fn a_link_planted_at_the_cache_file_is_neither_read_nor_written_through() {
    let site = site_with_a_broken_link();
    let cache = site.tmp().join("cache");
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).unwrap();
    // A line that would hide the broken link, in a file the link points at.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let victim = site.tmp().join("victim");
    let planted = format!("{BROKEN}\tok\t\t{now}\n");
    std::fs::write(&victim, &planted).unwrap();
    let file = cache.join("external-links.tsv");
    std::os::unix::fs::symlink(&victim, &file).unwrap();

    let run = check_external(&site, &cache);
    run.assert_stderr_contains(&format!(
        "warning[X0003]: the link {BROKEN} could not be reached"
    ));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), planted);
    let meta = std::fs::symlink_metadata(&file).unwrap();
    assert!(meta.is_file(), "the link was replaced by a file of its own");
}

#[test]
fn a_cache_folder_others_can_write_to_or_that_is_a_link_is_not_used() {
    let site = site_with_a_broken_link();
    let shared = site.tmp().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    check_external(&site, &shared);
    assert!(common::dir_names(&shared).is_empty(), "nothing written");

    let real = site.tmp().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o700)).unwrap();
    let link = site.tmp().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    check_external(&site, &link);
    assert!(
        common::dir_names(&real).is_empty(),
        "nothing written through the link"
    );
}
