//! The build context that `serve` relies on: after an edit it gives back only the outputs that
//! changed when that is provably enough, the whole site otherwise, and a deleted page is gone.

mod common;

use common::Site;
use spindel::output::{Contents, OutputFile};
use spindel::pipeline::BuildOptions;
use spindel::pipeline::context::{BuildContext, Outputs};

fn context(site: &Site) -> BuildContext {
    BuildContext::new(BuildOptions {
        root: site.root().to_path_buf(),
        preview: true,
        ..BuildOptions::default()
    })
}

fn paths(files: &[OutputFile]) -> Vec<String> {
    let mut p: Vec<String> = files
        .iter()
        .map(|f| f.path.to_string_lossy().replace('\\', "/"))
        .collect();
    p.sort();
    p
}

fn text_of(files: &[OutputFile], path: &str) -> String {
    let f = files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .unwrap_or_else(|| panic!("{path} is not among {:?}", paths(files)));
    match &f.contents {
        Contents::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Contents::Copy(p) => std::fs::read_to_string(p).expect("readable"),
    }
}

#[test]
fn a_body_edit_gives_back_only_the_outputs_that_show_the_page() {
    let site = Site::basic();
    let mut ctx = context(&site);
    let first = ctx.build().expect("the fixture builds");
    let Outputs::All(all) = first.outputs else {
        panic!("a first build gives the whole site")
    };
    assert!(all.len() > 20, "{:?}", paths(&all));
    assert!(!first.search_stale);

    site.edit(
        "content/metoder/samtal.md",
        "\n\n",
        "\n\nEtt helt nytt stycke om samtal.\n\n",
    );
    let rebuilt = ctx
        .update(&[site.path("content/metoder/samtal.md")])
        .expect("the edit builds");
    let Outputs::Changed(changed) = rebuilt.outputs else {
        panic!("a body edit is an incremental update")
    };
    assert!(
        changed.len() < all.len() / 2,
        "changed {:?}",
        paths(&changed)
    );
    let page = text_of(&changed, "metoder/far-vi-tala/index.html");
    assert!(page.contains("Ett helt nytt stycke om samtal."), "{page}");
    assert!(
        rebuilt.search_stale,
        "the search index is left to be made after"
    );
}

#[test]
fn a_deleted_page_disappears_with_a_full_build() {
    let site = Site::basic();
    let mut ctx = context(&site);
    let Outputs::All(before) = ctx.build().expect("builds").outputs else {
        panic!("whole site")
    };
    assert!(paths(&before).contains(&"metoder/far-vi-tala/index.html".to_string()));
    site.remove("content/metoder/samtal.md");
    let rebuilt = ctx
        .update(&[site.path("content/metoder/samtal.md")])
        .expect("builds without the page");
    let Outputs::All(after) = rebuilt.outputs else {
        panic!("a deleted page needs the whole site again")
    };
    assert!(
        !paths(&after).contains(&"metoder/far-vi-tala/index.html".to_string()),
        "{:?}",
        paths(&after)
    );
}

#[test]
fn a_new_page_and_a_failed_edit_fall_back_and_keep_the_last_good_build() {
    let site = Site::basic();
    let mut ctx = context(&site);
    ctx.build().expect("builds");
    // A file the context has never seen: only a full build can place it.
    site.write(
        "content/metoder/ny.md",
        "+++\ntitle = \"En ny metod\"\n+++\n\nText.\n",
    );
    let Outputs::All(files) = ctx
        .update(&[site.path("content/metoder/ny.md")])
        .expect("builds")
        .outputs
    else {
        panic!("a new page needs the whole site")
    };
    assert!(paths(&files).contains(&"metoder/ny/index.html".to_string()));
    // A broken link is an error; the context keeps what it had and reports it.
    site.edit(
        "content/metoder/ny.md",
        "Text.",
        "[Trasig](@/metoder/finns-inte.md)",
    );
    let err = ctx
        .update(&[site.path("content/metoder/ny.md")])
        .expect_err("a broken link fails");
    assert!(err.diagnostics.has_errors());
    // Fixed again, the body edit is incremental: the last good build was kept.
    site.edit(
        "content/metoder/ny.md",
        "[Trasig](@/metoder/finns-inte.md)",
        "Rättad text.",
    );
    let rebuilt = ctx
        .update(&[site.path("content/metoder/ny.md")])
        .expect("builds");
    let Outputs::Changed(changed) = rebuilt.outputs else {
        panic!("an edit after a failed one is still incremental")
    };
    assert!(text_of(&changed, "metoder/ny/index.html").contains("Rättad text."));
}

#[test]
fn a_page_added_while_another_failed_is_seen_once_that_one_is_fixed() {
    let site = Site::basic();
    let mut ctx = context(&site);
    ctx.build().expect("builds");
    // One page broken, and while it is, a new page that claims the same address as another.
    site.edit(
        "content/metoder/samtal.md",
        "\n\n",
        "\n\n[Trasig](@/metoder/finns-inte.md)\n\n",
    );
    ctx.update(&[site.path("content/metoder/samtal.md")])
        .expect_err("a broken link fails");
    site.write(
        "content/metoder/ny.md",
        "+++\ntitle = \"Ny\"\nslug = \"exempel\"\n+++\n\nText.\n",
    );
    let err = ctx
        .update(&[site.path("content/metoder/ny.md")])
        .expect_err("still broken, and now two pages on one address");
    assert!(err.diagnostics.has_errors());
    // The broken page fixed: the page added meanwhile is still there, and its clash found.
    site.edit(
        "content/metoder/samtal.md",
        "[Trasig](@/metoder/finns-inte.md)",
        "Rättad.",
    );
    let err = ctx
        .update(&[site.path("content/metoder/samtal.md")])
        .expect_err("the new page's address clash is found");
    let codes: Vec<&str> = err.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["G0001"], "{:?}", err.diagnostics);
    // And once that is fixed too, the new page is published.
    site.edit("content/metoder/ny.md", "slug = \"exempel\"\n", "");
    let Outputs::All(files) = ctx
        .update(&[site.path("content/metoder/ny.md")])
        .expect("builds")
        .outputs
    else {
        panic!("a new page needs the whole site")
    };
    assert!(paths(&files).contains(&"metoder/ny/index.html".to_string()));
    assert!(text_of(&files, "metoder/far-vi-tala/index.html").contains("Rättad."));
}
