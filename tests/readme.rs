//! README.md stays true: the help it shows is what the binary prints, and the files its example
//! tree names exist in the bundled site.

mod common;

use std::path::Path;
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

/// The text of the fenced block that starts with `first_line`, up to its closing fence.
fn block_after<'a>(text: &'a str, first_line: &str) -> &'a str {
    let start = text
        .find(&format!("```text\n{first_line}\n"))
        .unwrap_or_else(|| panic!("README.md has no ```text block starting with {first_line:?}"));
    let body = &text[start + "```text\n".len() + first_line.len() + 1..];
    &body[..body.find("```\n").expect("the block is closed")]
}

#[test]
fn the_help_shown_is_the_help_printed() {
    let text = readme();
    // README is for developers, in English: the help as `--lang en` gives it. (The help in
    // the site's language is tests/cli.rs's.)
    let shown = block_after(&text, "$ spindel --lang en --help");
    let printed = Command::new(common::BIN)
        .args(["--lang", "en", "--help"])
        .env("COLUMNS", "200")
        .output()
        .expect("run spindel --help");
    assert!(printed.status.success());
    assert_eq!(
        shown,
        String::from_utf8_lossy(&printed.stdout),
        "README.md shows another help than `spindel --lang en --help` prints: paste the output in"
    );
}

#[test]
fn every_file_of_the_example_tree_exists() {
    let text = readme();
    let tree = block_after(
        &text,
        "spindel.toml                        settings: title, base_url, languages, taxonomies, theme, checks",
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dir = String::new();
    let mut named = 0;
    for line in format!("spindel.toml\n{tree}").lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        if name.is_empty() {
            continue;
        }
        // Indented names are under the last folder named at the left margin.
        let path = if line.starts_with(' ') {
            format!("{dir}{name}")
        } else {
            if name.ends_with('/') {
                dir = name.to_string();
            }
            name.to_string()
        };
        assert!(
            repo.join(&path).exists(),
            "README.md's example tree names {path}, which does not exist"
        );
        named += 1;
    }
    assert!(named >= 10, "the tree names {named} files");
}

/// The example page under "A page" is a page of the bundled site as it stands: put in, it
/// checks without an error, its link to a heading of another page included.
#[test]
fn the_example_page_checks_clean_in_the_bundled_site() {
    let text = readme();
    let start = text
        .find("### A page\n\n```markdown\n")
        .expect("README.md has the example page");
    let body = &text[start + "### A page\n\n```markdown\n".len()..];
    let page = &body[..body.find("\n```\n").expect("the block is closed")];
    assert!(page.contains("#hur-var-det-tankt"), "{page}");
    let site = common::Site::bundled();
    site.write("content/metoder/readme-exempel.md", format!("{page}\n"));
    let run = common::run_in(site.root(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let errors: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
