//! What an editor meets: every message in the site's language, and for the mistakes editors
//! really make, a message in plain words and, where the fix is certain, the corrected line.
//! Each mistake is made in a copy of the bundled site; where a line is suggested, it is put in
//! place of the wrong one and the site must then check clean.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;

/// The bundled site, copied to a temporary folder.
struct Bundled {
    _site: Site,
    root: PathBuf,
}

impl Bundled {
    fn new() -> Bundled {
        let site = Site::bundled();
        let root = site.root().to_path_buf();
        Bundled { _site: site, root }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs spindel in the site's own language (no language asked for by the environment).
    fn run(&self, args: &[&str]) -> Run {
        run_in_with(&self.root, args, &[("SPINDEL_LANG", "")])
    }

    fn check_json(&self) -> (Run, Value) {
        let run = self.run(&["check", "--format", "json"]);
        run.assert_no_panic();
        let json = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("check --format json: {e}\n{run:?}"));
        (run, json)
    }
}

/// One mistake: in `file`, `from` (or the whole file, if `from` is empty) is written as `to`.
struct Mistake {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    /// The diagnostic it must give, by code and message id.
    code: &'static str,
    id: &'static str,
    /// What the hint must say: the corrected line (applied and checked), or words of advice.
    fix: Fix,
}

enum Fix {
    /// The hint gives this exact line, and with it in place the site checks clean.
    Line(&'static str),
    /// The hint says this (a suggestion that needs the editor's judgement).
    Says(&'static str),
}

fn assert_mistake(m: Mistake) {
    let site = Bundled::new();
    let original = site.read(m.file);
    let broken = if m.from.is_empty() {
        m.to.to_string()
    } else {
        assert!(
            original.contains(m.from),
            "{} does not contain {:?}",
            m.file,
            m.from
        );
        original.replacen(m.from, m.to, 1)
    };
    site.write(m.file, &broken);
    let (run, json) = site.check_json();
    assert_eq!(json["language"], "sv", "{run:?}");
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == m.code && d["file"] == m.file)
        .unwrap_or_else(|| panic!("no {} in {}\n{run:?}", m.code, m.file))
        .clone();
    assert_eq!(found["message_id"], m.id, "{found:#}");
    let message = found["message"].as_str().unwrap();
    let hint = found["hint"].as_str().unwrap_or("");
    // Plain words: no parser jargon in what the editor reads.
    for jargon in [
        "expected",
        "invalid type",
        "sequence",
        "literal string",
        "TOML",
    ] {
        assert!(
            !message.contains(jargon),
            "jargon `{jargon}` in {message:?}"
        );
    }
    match m.fix {
        Fix::Says(words) => assert!(hint.contains(words), "the hint {hint:?} lacks {words:?}"),
        Fix::Line(line) => {
            let (_, shown) = hint
                .split_once("ändra raden till:\n")
                .unwrap_or_else(|| panic!("no corrected line in the hint {hint:?}"));
            assert_eq!(shown, line, "{found:#}");
            // Put the line in place of the wrong one, as the editor would.
            let at = found["line"].as_u64().unwrap() as usize;
            let fixed: Vec<&str> = broken
                .split('\n')
                .enumerate()
                .map(|(i, l)| if i + 1 == at { line } else { l })
                .collect();
            site.write(m.file, &fixed.join("\n"));
            let (run, json) = site.check_json();
            assert_eq!(
                json["errors"], 0,
                "after the suggested line the site still has errors\n{run:?}"
            );
            let left = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == m.code && d["file"] == m.file);
            assert!(!left, "{} is still reported after the fix\n{run:?}", m.code);
        }
    }
}

const PAGE: &str = "content/metoder/brobyggare.md";
const MINUTES: &str = "content/minnesanteckningar/2018-05-16-erfarenhetsdag.md";

macro_rules! mistake {
    ($name:ident, $file:expr, $from:expr => $to:expr, $code:literal / $id:literal, $fix:expr) => {
        #[test]
        fn $name() {
            assert_mistake(Mistake {
                file: $file,
                from: $from,
                to: $to,
                code: $code,
                id: $id,
                fix: $fix,
            });
        }
    };
}

// Quotes and text.
mistake!(typographic_quotes_of_a_word_processor, PAGE,
    "title = \"Brobyggare\"" => "title = ”Brobyggare”",
    "T0001" / "toml-curly-quotes", Fix::Line("title = \"Brobyggare\""));
mistake!(opening_and_closing_typographic_quotes, PAGE,
    "title = \"Brobyggare\"" => "title = “Brobyggare”",
    "T0001" / "toml-curly-quotes", Fix::Line("title = \"Brobyggare\""));
mistake!(text_without_quotes, PAGE,
    "title = \"Brobyggare\"" => "title = Brobyggare i skolan",
    "T0001" / "toml-unquoted-text", Fix::Line("title = \"Brobyggare i skolan\""));
mistake!(quote_left_open, PAGE,
    "title = \"Brobyggare\"" => "title = \"Brobyggare",
    "T0001" / "toml-unclosed-quote", Fix::Line("title = \"Brobyggare\""));
mistake!(a_colon_as_yaml_writes_it, PAGE,
    "title = \"Brobyggare\"" => "title: \"Brobyggare\"",
    "T0001" / "toml-no-equals", Fix::Line("title = \"Brobyggare\""));
mistake!(an_empty_value, PAGE,
    "weight = 10" => "weight =",
    "T0001" / "toml-no-value", Fix::Says("weight = "));
mistake!(an_empty_title, PAGE,
    "title = \"Brobyggare\"" => "title = \"\"",
    "F0004" / "fm-title-empty", Fix::Says("title = \"Brobyggare i Borås\""));

// Lists and single values.
mistake!(a_text_where_a_list_belongs, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = \"Uppsala\"",
    "T0002" / "toml-want-list", Fix::Line("kommun = [\"Uppsala\"]"));
mistake!(a_list_where_a_text_belongs, PAGE,
    "title = \"Brobyggare\"" => "title = [\"Brobyggare\"]",
    "T0002" / "toml-want-text", Fix::Line("title = \"Brobyggare\""));
mistake!(a_list_without_brackets, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = \"Borås\", \"Uppsala\"",
    "T0001" / "toml-list-without-brackets", Fix::Line("kommun = [\"Borås\", \"Uppsala\"]"));
mistake!(a_list_left_open, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås\", \"Uppsala\"",
    "T0001" / "toml-unclosed-list", Fix::Line("kommun = [\"Borås\", \"Uppsala\"]"));

// Members as people name them.
mistake!(a_member_with_kommun_after_its_name, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås\", \"Uppsala kommun\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Borås\", \"Uppsala\"]"));
mistake!(a_member_in_lower_case, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"borås\", \"Uppsala\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Borås\", \"Uppsala\"]"));
mistake!(a_member_as_a_city, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås stad\", \"Uppsala\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Borås\", \"Uppsala\"]"));
mistake!(a_city_as_its_official_name_in_the_genitive, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås\", \"Göteborgs stad\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Borås\", \"Göteborg\"]"));
mistake!(a_city_as_its_official_name_with_a_capital, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Göteborgs Stad\", \"Uppsala\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Göteborg\", \"Uppsala\"]"));
mistake!(stockholms_stad, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Stockholms stad\", \"Uppsala\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Stockholm\", \"Uppsala\"]"));
mistake!(a_municipality_in_the_genitive, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås\", \"Lunds kommun\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Borås\", \"Lund\"]"));
mistake!(goteborgs_kommun, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås\", \"Göteborgs kommun\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Borås\", \"Göteborg\"]"));
mistake!(a_region_in_the_genitive, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås\", \"Region Västerbottens\"]",
    "S0008" / "check-unknown-term-near", Fix::Line("kommun = [\"Borås\", \"Region Västerbotten\"]"));
mistake!(a_member_misspelt, PAGE,
    "kommun = [\"Borås\", \"Uppsala\"]" => "kommun = [\"Borås\", \"Upsala\"]",
    "S0008" / "check-unknown-term-near", Fix::Says("`Uppsala`"));
mistake!(an_area_misspelt, PAGE,
    "omrade = [\"Arbete\"," => "omrade = [\"Arbet\",",
    "S0008" / "check-unknown-term-near", Fix::Says("`Arbete`"));

// Dates.
mistake!(a_date_in_words, MINUTES,
    "date = 2018-05-16" => "date = 16 maj 2018",
    "T0001" / "toml-date-form", Fix::Line("date = 2018-05-16"));
mistake!(a_date_in_words_in_quotes, MINUTES,
    "date = 2018-05-16" => "date = \"16 maj 2018\"",
    "T0002" / "toml-want-date", Fix::Line("date = 2018-05-16"));
mistake!(a_date_without_leading_zeros, MINUTES,
    "date = 2018-05-16" => "date = 2018-5-16",
    "T0001" / "toml-date-form", Fix::Line("date = 2018-05-16"));
mistake!(a_date_with_dots_day_first, MINUTES,
    "date = 2018-05-16" => "date = 16.5.2018",
    "T0001" / "toml-date-form", Fix::Line("date = 2018-05-16"));

/// A day the month does not have, written as a date or in words, quoted or not: said in plain
/// words, with no line offered as the fix (only the editor knows which day was meant, and
/// quoting it, which a text would need, is not the fix for a date); a day that exists builds.
#[test]
fn a_day_the_month_does_not_have() {
    for (written, code, said) in [
        (
            "2024-02-30",
            "T0001",
            "det finns ingen 30 februari 2024: februari 2024 har bara 29 dagar",
        ),
        (
            "\"2024-02-30\"",
            "T0002",
            "det finns ingen 30 februari 2024: februari 2024 har bara 29 dagar",
        ),
        (
            "31 september 2024",
            "T0001",
            "det finns ingen 31 september 2024: september 2024 har bara 30 dagar",
        ),
        (
            "\"31 september 2024\"",
            "T0002",
            "det finns ingen 31 september 2024: september 2024 har bara 30 dagar",
        ),
        (
            "2023-02-29",
            "T0001",
            "det finns ingen 29 februari 2023: februari 2023 har bara 28 dagar",
        ),
    ] {
        let site = Bundled::new();
        let original = site.read(MINUTES);
        let broken = original.replacen("date = 2018-05-16", &format!("date = {written}"), 1);
        site.write(MINUTES, &broken);
        let (run, json) = site.check_json();
        let found = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == MINUTES)
            .unwrap_or_else(|| panic!("nothing said of `date = {written}`\n{run:?}"));
        assert_eq!(found["code"], code, "{found:#}");
        assert_eq!(found["message_id"], "toml-date-no-such-day", "{found:#}");
        assert_eq!(found["message"], said, "{found:#}");
        let hint = found["hint"].as_str().unwrap();
        assert!(
            !hint.contains("ändra raden till"),
            "a fix that is not certain: {hint}"
        );
        assert!(hint.contains("år-månad-dag"), "{hint}");
        // The editor writes the day that was meant.
        site.write(
            MINUTES,
            &broken.replacen(&format!("date = {written}"), "date = 2024-02-29", 1),
        );
        let (run, json) = site.check_json();
        assert_eq!(json["errors"], 0, "{run:?}");
    }
}

// Other kinds of value.
mistake!(no_in_swedish_for_false, PAGE,
    "weight = 10" => "weight = 10\ndraft = nej",
    "T0001" / "toml-want-bool", Fix::Line("draft = false"));
mistake!(true_in_quotes, PAGE,
    "weight = 10" => "weight = 10\ndraft = \"false\"",
    "T0002" / "toml-want-bool", Fix::Line("draft = false"));
mistake!(a_number_in_quotes, PAGE,
    "weight = 10" => "weight = \"10\"",
    "T0002" / "toml-want-number", Fix::Line("weight = 10"));

// Fields.
mistake!(a_misspelt_field, PAGE,
    "title = \"Brobyggare\"" => "titel = \"Brobyggare\"",
    "T0003" / "toml-unknown-key", Fix::Line("title = \"Brobyggare\""));
mistake!(a_field_spindel_does_not_know, PAGE,
    "weight = 10" => "weight = 10\nskribent = \"Anna\"",
    "T0003" / "toml-unknown-key", Fix::Says("description"));
mistake!(a_field_name_with_swedish_letters, PAGE,
    "weight = 10" => "weight = 10\nförfattare = \"Anna\"",
    "T0001" / "toml-key-letters", Fix::Says("a–z"));
mistake!(a_misspelt_taxonomy, PAGE,
    "typ = [\"Metod\"]" => "type = [\"Metod\"]",
    "G0005" / "fm-not-a-taxonomy", Fix::Says("`typ`"));

// The shape of the file.
mistake!(yaml_front_matter, PAGE,
    "" => "---\ntitle: Brobyggare\ndescription: Brobyggare underlättar kontakten.\ntaxonomies:\n  kommun:\n    - Borås\n  typ: [Metod]\n---\n\nText.\n",
    "F0005" / "fm-yaml", Fix::Says("+++\ndescription = \"Brobyggare underlättar kontakten.\"\ntitle = \"Brobyggare\"\n\n[taxonomies]\nkommun = [\"Borås\"]\ntyp = [\"Metod\"]\n+++"));
mistake!(front_matter_never_closed, PAGE,
    "typ = [\"Metod\"]\n+++" => "typ = [\"Metod\"]\n",
    "F0006" / "fm-not-closed", Fix::Says("+++"));
mistake!(no_front_matter_at_all, PAGE,
    "" => "Brobyggare arbetar i skolan.\n",
    "F0011" / "fm-none", Fix::Says("title = \"Sidans rubrik\""));

// The text.
mistake!(a_heading_level_skipped, PAGE,
    "\n## " => "\n#### ",
    "S0003" / "check-heading-skip", Fix::Line("## Vad är det?"));
mistake!(a_top_level_heading_in_the_text, PAGE,
    "\n## " => "\n# ",
    "S0002" / "check-heading-h1", Fix::Line("## Vad är det?"));
mistake!(an_image_without_alt_text, PAGE,
    "\n## " => "\n![](karta.png)\n\n## ",
    "S0004" / "check-image-no-alt", Fix::Says("![Karta över medlemskommunerna](karta.png)"));
mistake!(a_link_to_a_page_misspelt, PAGE,
    "\n## " => "\nSe [metoden](@/metoder/brobygare.md).\n\n## ",
    "L0001" / "check-link-missing", Fix::Says("`@/metoder/brobyggare.md`"));
mistake!(a_page_without_a_description, PAGE,
    "description = \"Brobyggare underlättar" => "# description = \"Brobyggare underlättar",
    "S0009" / "check-recommended-missing-all", Fix::Says("description = \"…\""));
mistake!(a_personal_email_address_pasted_in, PAGE,
    "\n## " => "\nKontakta anna.andersson@boras.se.\n\n## ",
    "S0007" / "check-email", Fix::Says("funktionsadress"));

/// YAML front matter: the hint's TOML block, put in place of the YAML one as the editor would,
/// makes a page that checks clean (not only a hint that reads right).
#[test]
fn yaml_front_matter_replaced_by_the_suggested_block_checks_clean() {
    let site = Bundled::new();
    // The page's own text (other pages link to its headings).
    let original = site.read(PAGE);
    let body = original.splitn(3, "+++\n").nth(2).unwrap().to_string();
    let yaml = "---\ntitle: Brobyggare\ndescription: Brobyggare underlättar kontakten.\ntaxonomies:\n  kommun:\n    - Borås\n  typ: [Metod]\n---\n";
    site.write(PAGE, &format!("{yaml}{body}"));
    let (run, json) = site.check_json();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "F0005" && d["file"] == PAGE)
        .unwrap_or_else(|| panic!("no F0005\n{run:?}"))
        .clone();
    let hint = found["hint"].as_str().unwrap();
    let start = hint
        .find("+++\n")
        .unwrap_or_else(|| panic!("no block in {hint:?}"));
    let end = hint
        .rfind("\n+++")
        .unwrap_or_else(|| panic!("no block in {hint:?}"))
        + "\n+++".len();
    assert!(end > start + 4, "{hint:?}");
    let block = &hint[start..end];
    site.write(PAGE, &format!("{block}\n{body}"));
    let (run, json) = site.check_json();
    assert_eq!(
        json["errors"], 0,
        "the suggested block does not build\n{block}\n{run:?}"
    );
    let title = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["file"] == PAGE && d["code"] == "F0005");
    assert!(!title, "{run:?}");
    assert!(site.read(PAGE).contains("kommun = [\"Borås\"]"));
}

/// A heading renamed on one page leaves another page's link to it (`#resultat`) pointing at
/// nothing: said in Swedish where the link stands, with the page's headings as they are now;
/// the editor takes the new one, and the site checks clean.
#[test]
fn a_link_to_a_heading_that_was_renamed() {
    let site = Bundled::new();
    let linking = "content/artiklar/avslutad-utvecklingsverksamhet.md";
    assert!(
        site.read(linking)
            .contains("(@/metoder/brobyggare.md#resultat)")
    );
    let page = site.read(PAGE);
    site.write(
        PAGE,
        &page.replacen("\n## Resultat\n", "\n## Resultat i skolan\n", 1),
    );
    let (run, json) = site.check_json();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "L0003" && d["file"] == linking)
        .unwrap_or_else(|| panic!("no L0003 in {linking}\n{run:?}"))
        .clone();
    assert_eq!(
        found["message"], "`#resultat` är ingen rubrik i content/metoder/brobyggare.md",
        "{found:#}"
    );
    let hint = found["hint"].as_str().unwrap();
    assert!(hint.contains("rubrikerna är: "), "{hint}");
    assert!(hint.contains("#resultat-i-skolan"), "{hint}");
    // The editor takes the heading's new name.
    let text = site.read(linking);
    site.write(
        linking,
        &text.replace(
            "(@/metoder/brobyggare.md#resultat)",
            "(@/metoder/brobyggare.md#resultat-i-skolan)",
        ),
    );
    let (run, json) = site.check_json();
    assert_eq!(json["errors"], 0, "{run:?}");
}

/// A taxonomy written above `[taxonomies]`, among the page's own fields: said to belong under
/// `[taxonomies]`, with the lines to write there; moved there, the page checks clean.
#[test]
fn a_taxonomy_above_its_table() {
    let site = Bundled::new();
    let page = site.read(PAGE);
    let line = "kommun = [\"Borås\", \"Uppsala\"]";
    let moved = page.replacen(&format!("{line}\n"), "", 1).replacen(
        "weight = 10\n",
        &format!("weight = 10\n{line}\n"),
        1,
    );
    site.write(PAGE, &moved);
    let (run, json) = site.check_json();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == PAGE && d["code"] == "T0003")
        .unwrap_or_else(|| panic!("no T0003\n{run:?}"))
        .clone();
    assert_eq!(found["message_id"], "toml-key-belongs-under", "{found:#}");
    assert_eq!(
        found["message"], "`kommun` ska stå under [taxonomies], inte ovanför",
        "{found:#}"
    );
    let hint = found["hint"].as_str().unwrap();
    let (_, lines) = hint
        .split_once("så här:\n")
        .unwrap_or_else(|| panic!("no lines in {hint:?}"));
    assert_eq!(lines, format!("[taxonomies]\n{line}"));
    // The editor moves the line under [taxonomies].
    let (_, shown) = lines.split_once('\n').unwrap();
    let fixed = moved.replacen(&format!("{shown}\n"), "", 1).replacen(
        "[taxonomies]\n",
        &format!("[taxonomies]\n{shown}\n"),
        1,
    );
    site.write(PAGE, &fixed);
    let (run, json) = site.check_json();
    assert_eq!(json["errors"], 0, "{run:?}");
}

/// The five mistakes above that need no fix: the file builds as the editor wrote it.
#[test]
fn windows_line_endings_a_bom_and_tabs_build_as_they_are() {
    let site = Bundled::new();
    let page = site.read(PAGE);
    let tabs = page.replacen("weight = 10", "weight\t=\t10", 1);
    let crlf = format!("\u{feff}{}", tabs.replace('\n', "\r\n"));
    site.write(PAGE, &crlf);
    let (run, json) = site.check_json();
    assert_eq!(json["errors"], 0, "{run:?}");
}

/// A page copied beside the old one, or into another section, keeps its title: said either
/// way, naming the page it came from; a new title ends it. The page's lättläst variant (the same
/// title on purpose) and its English translation are not duplicates.
fn a_copied_page_keeps_its_title(copy: &str) {
    let site = Bundled::new();
    let page = site.read(PAGE);
    site.write(copy, &page);
    let (run, json) = site.check_json();
    let dups: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "S0011")
        .collect();
    assert_eq!(dups.len(), 1, "one page with another's title\n{run:?}");
    let dup = dups[0];
    assert_eq!(dup["message_id"], "check-duplicate-title");
    // Said at the title of one of the two (the later by path), naming the other.
    let (at, other) = if copy > PAGE {
        (copy, PAGE)
    } else {
        (PAGE, copy)
    };
    assert_eq!(dup["file"], at, "{dup:#}");
    assert_eq!(
        dup["message"],
        format!("{other} har samma titel"),
        "{dup:#}"
    );
    assert_eq!(dup["line"], 2, "{dup:#}");
    assert_eq!(dup["related"][0]["file"], other, "{dup:#}");
    site.write(
        copy,
        &page.replacen(
            "title = \"Brobyggare\"",
            "title = \"Brobyggare i förskolan\"",
            1,
        ),
    );
    let (run, json) = site.check_json();
    let left = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "S0011");
    assert!(!left, "a new title still gives S0011\n{run:?}");
}

#[test]
fn a_title_left_from_a_page_copied_in_its_section_is_said() {
    a_copied_page_keeps_its_title("content/metoder/ny-metod.md");
}

#[test]
fn a_title_left_from_a_page_copied_into_another_section_is_said() {
    a_copied_page_keeps_its_title("content/erfarenheter/ny-erfarenhet.md");
}

// ---------------------------------------------------------------------------------------------
// One language per run

#[test]
fn a_swedish_site_speaks_swedish_from_the_problem_to_the_summary() {
    let site = Bundled::new();
    let page = site.read(PAGE);
    site.write(
        PAGE,
        &page.replacen(
            "kommun = [\"Borås\", \"Uppsala\"]",
            "kommun = \"Uppsala\"",
            1,
        ),
    );
    let run = site.run(&["build"]);
    run.assert_exit(1);
    run.assert_stderr_contains("fel[T0002]: här ska det stå en lista")
        .assert_stderr_contains("= gör så här: ändra raden till:")
        .assert_stderr_contains("Bygget misslyckades med 1 fel; inget skrevs");
    for english in [
        "error",
        "hint",
        "expected",
        "build failed",
        "nothing was written",
    ] {
        run.assert_stderr_lacks(english);
    }
    site.write(PAGE, &page);
    let run = site.run(&["build"]);
    run.assert_exit(0);
    let summary = run.last_stdout_line();
    assert!(summary.starts_with("Byggde "), "{summary}");
    // Sizes and seconds with a decimal comma, as Swedish writes them.
    assert!(
        regex_like_decimal_comma(summary),
        "no decimal comma in {summary:?}"
    );
    let run = site.run(&["check"]);
    assert!(run.stdout.starts_with("Kontrollerade "), "{}", run.stdout);
}

fn regex_like_decimal_comma(s: &str) -> bool {
    s.as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit())
}

#[test]
fn english_when_asked_by_flag_or_spindel_lang_but_not_by_a_build_machines_locale() {
    let site = Bundled::new();
    let page = site.read(PAGE);
    site.write(
        PAGE,
        &page.replacen("title = \"Brobyggare\"", "titel = \"Brobyggare\"", 1),
    );
    let flag = site.run(&["build", "--lang", "en"]);
    flag.assert_exit(1);
    flag.assert_stderr_contains("error[T0003]: `titel` is not a field of a page")
        .assert_stderr_contains("build failed with 1 error; nothing was written");
    let asked = run_in_with(&site.root, &["build"], &[("SPINDEL_LANG", "en")]);
    asked.assert_stderr_contains("error[T0003]: `titel` is not a field of a page");
    // The flag wins over the variable.
    let both = run_in_with(
        &site.root,
        &["build", "--lang", "sv"],
        &[("SPINDEL_LANG", "en")],
    );
    both.assert_stderr_contains("fel[T0003]: `titel` är inte ett fält på en sida");
    // A build machine's locale is not the editor's choice: Netlify's image sets
    // LC_ALL=en_US.UTF-8, and the deploy log of `check` and `build` stays in the site's language.
    for (var, value) in [
        ("LC_ALL", "en_US.UTF-8"),
        ("LC_MESSAGES", "en_GB.UTF-8"),
        ("LANG", "en_US.UTF-8"),
    ] {
        let env = [("SPINDEL_LANG", ""), (var, value)];
        let build = run_in_with(&site.root, &["build"], &env);
        build
            .assert_stderr_contains("fel[T0003]: `titel` är inte ett fält på en sida")
            .assert_stderr_contains("inget skrevs");
        let check = run_in_with(&site.root, &["check", "--drafts"], &env);
        check.assert_stderr_contains("fel[T0003]: `titel` är inte ett fält på en sida");
    }
    let bad = site.run(&["build", "--lang", "fi"]);
    bad.assert_exit(2);
}

/// At a terminal the locale is the person's own choice, and it counts: `script` gives spindel
/// a real pseudo-terminal (util-linux, on every Debian), as an editor's terminal window does.
#[test]
fn the_locale_counts_at_a_terminal() {
    let site = Bundled::new();
    let page = site.read(PAGE);
    site.write(
        PAGE,
        &page.replacen("title = \"Brobyggare\"", "titel = \"Brobyggare\"", 1),
    );
    let at_terminal = |locale: &str| {
        let command = format!("'{BIN}' check --drafts --root '{}'", site.root.display());
        let out = std::process::Command::new("script")
            .args(["--quiet", "--return", "--command", &command, "/dev/null"])
            .env_remove("SPINDEL_LANG")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env("LC_ALL", locale)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run spindel under script(1)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let english = at_terminal("en_US.UTF-8");
    assert!(
        english.contains("error[T0003]: `titel` is not a field of a page"),
        "{english}"
    );
    let swedish = at_terminal("sv_SE.UTF-8");
    assert!(
        swedish.contains("fel[T0003]: `titel` är inte ett fält på en sida"),
        "{swedish}"
    );
    // A locale spindel does not speak leaves the site's language.
    let other = at_terminal("fi_FI.UTF-8");
    assert!(
        other.contains("fel[T0003]: `titel` är inte ett fält på en sida"),
        "{other}"
    );
}

#[test]
fn an_english_site_speaks_english() {
    let site = Bundled::new();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        &config.replacen("default_language = \"sv\"", "default_language = \"en\"", 1),
    );
    let run = site.run(&["check"]);
    // The Swedish pages are now translations of a language the site lacks; what matters is
    // the language of what is said about them.
    assert!(
        run.stderr.contains("error[") || run.stdout.starts_with("Checked "),
        "{run:?}"
    );
    run.assert_stderr_lacks("fel[");
}

#[test]
fn the_site_can_reword_a_message_and_is_told_when_it_cannot() {
    let site = Bundled::new();
    let config = site.read("spindel.toml");
    site.write(
        "spindel.toml",
        &config.replacen(
            "[languages.sv.messages]\n",
            "[languages.sv.messages]\nfm-no-title = \"Sidan behöver en rubrik, { $nothing }\"\nfm-not-closed = \"Sidhuvudet tar aldrig slut\"\nfm-not-clsoed = \"x\"\n",
            1,
        ),
    );
    let run = site.run(&["check", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).expect("json");
    let ids: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "C0011")
        .map(|d| d["message_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["messages-value", "messages-unknown"], "{run:?}");
    let unknown = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message_id"] == "messages-unknown")
        .unwrap();
    assert!(
        unknown["hint"].as_str().unwrap().contains("fm-not-closed"),
        "{unknown:#}"
    );
    // The good wording is used.
    let config = site.read("spindel.toml").replacen(
        "fm-no-title = \"Sidan behöver en rubrik, { $nothing }\"\n",
        "",
        1,
    );
    site.write(
        "spindel.toml",
        &config.replacen("fm-not-clsoed = \"x\"\n", "", 1),
    );
    let page = site.read(PAGE);
    site.write(
        PAGE,
        &page.replacen("typ = [\"Metod\"]\n+++", "typ = [\"Metod\"]\n", 1),
    );
    let run = site.run(&["check"]);
    run.assert_stderr_contains("fel[F0006]: Sidhuvudet tar aldrig slut");
}

#[test]
fn programmer_detail_only_when_asked() {
    let site = Bundled::new();
    let page = site.read(PAGE);
    site.write(
        PAGE,
        &page.replacen(
            "kommun = [\"Borås\", \"Uppsala\"]",
            "kommun = \"Uppsala\"",
            1,
        ),
    );
    let plain = site.run(&["check"]);
    plain.assert_stderr_lacks("detaljer");
    plain.assert_stderr_lacks("invalid type");
    let verbose = site.run(&["check", "--verbose"]);
    verbose.assert_stderr_contains(
        "= detaljer: invalid type: string \"Uppsala\", expected a sequence",
    );
}

/// `spindel new` leaves `description = ""` for the editor to fill in: the warning points at
/// that line and says it is empty, not that it is missing.
#[test]
fn an_empty_description_is_said_where_it_stands() {
    let site = Bundled::new();
    let page = site.read(PAGE);
    let line = page
        .lines()
        .position(|l| l.starts_with("description = "))
        .expect("the page has a description")
        + 1;
    let start = page.find("description = \"").unwrap();
    let end = start + page[start..].find('\n').unwrap();
    site.write(
        PAGE,
        &format!("{}description = \"\"{}", &page[..start], &page[end..]),
    );
    let (run, json) = site.check_json();
    assert_eq!(json["errors"], 0, "{run:?}");
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "S0009")
        .unwrap_or_else(|| panic!("no S0009\n{run:?}"));
    assert_eq!(found["message_id"], "check-required-empty", "{found:#}");
    assert_eq!(found["severity"], "warning", "{found:#}");
    assert_eq!(found["line"].as_u64(), Some(line as u64), "{found:#}");
    assert!(
        found["message"].as_str().unwrap().contains("är tomt"),
        "{found:#}"
    );
}
