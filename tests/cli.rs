//! The command line speaks the run's language: `--help` and every mistake in how spindel is
//! called (an unknown command, a title without quotes, an option it does not have, a value of
//! the wrong kind) come from the catalogue, in Swedish on the bundled site and in English when
//! asked, with the line that fixes the mistake. Mistakes exit 2, help and version 0.

mod common;

use common::{Run, Site, assert_contains, assert_lacks, assert_same_tree, run_in_with};

/// In the site's own language (Swedish): no language asked for by `SPINDEL_LANG`.
fn sv(site: &Site, args: &[&str]) -> Run {
    run_in_with(
        site.root(),
        args,
        &[
            ("SPINDEL_LANG", ""),
            ("SPINDEL_NOW", "2026-03-29T12:00:00Z"),
        ],
    )
}

/// In English, asked for with `--lang en` (after the other arguments, as an editor adds it).
fn en(site: &Site, args: &[&str]) -> Run {
    let mut args = args.to_vec();
    args.extend(["--lang", "en"]);
    sv(site, &args)
}

/// A mistake on the line: exit 2, told in the catalogue's words, none of clap's own.
fn mistake(run: &Run) -> &Run {
    run.assert_exit(2).assert_no_panic();
    run.assert_stderr_lacks("error:")
        .assert_stderr_lacks("Usage:")
        .assert_stderr_lacks("For more information");
    assert!(run.stdout.is_empty(), "{run:?}");
    run
}

/// The line a hint proposes after `intro`, split into arguments as a shell would (the words in
/// double quotes are one).
fn proposed(run: &Run, intro: &str) -> Vec<String> {
    let at = run
        .stderr
        .find(intro)
        .unwrap_or_else(|| panic!("{intro}\n{run:?}"));
    let line = run.stderr[at + intro.len()..]
        .lines()
        .nth(1)
        .expect("the line after the hint")
        .trim();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => words.push(std::mem::take(&mut word)),
            c => word.push(c),
        }
    }
    words.push(word);
    assert_eq!(words[0], "spindel", "{line}");
    words.remove(0);
    words
}

#[test]
fn a_title_without_quotes_gets_the_command_with_them_and_that_command_works() {
    let site = Site::bundled();
    let before = site.snapshot("content");
    let run = sv(&site, &["new", "metod", "Läxhjälp", "i", "Skolan"]);
    mistake(&run)
        .assert_stderr_contains("fel[U0017]: rubriken har mellanslag men står inte inom citattecken")
        .assert_stderr_contains(
            "= gör så här: skriv rubriken inom citattecken:\n               spindel new metod \"Läxhjälp i Skolan\"",
        );
    assert_same_tree(&before, &site.snapshot("content"), "content/");
    let fixed = proposed(&run, "skriv rubriken inom citattecken:");
    assert_eq!(fixed, ["new", "metod", "Läxhjälp i Skolan"]);
    let args: Vec<&str> = fixed.iter().map(String::as_str).collect();
    sv(&site, &args).assert_exit(0);
    assert!(site.exists("content/metoder/laxhjalp-i-skolan.md"));

    // A misspelt type is mended on the same line; no type at all is asked for, with the types.
    let run = sv(&site, &["new", "metd", "Läxhjälp", "i", "Borås"]);
    mistake(&run);
    assert_eq!(
        proposed(&run, "skriv rubriken inom citattecken:"),
        ["new", "metod", "Läxhjälp i Borås"]
    );
    mistake(&sv(&site, &["new", "Läxhjälp", "i", "Borås"]))
        .assert_stderr_contains("skriv sidans typ före rubriken, och rubriken inom citattecken:")
        .assert_stderr_contains("spindel new TYP \"Läxhjälp i Borås\"")
        .assert_stderr_contains("sidtyperna är: artikel, erfarenhet, metod, minnesanteckningar");

    // Options stay where they were; English when asked.
    let run = en(
        &site,
        &["new", "--root", ".", "artikel", "Får", "vi", "tala?"],
    );
    mistake(&run)
        .assert_stderr_contains("error[U0017]: the title has spaces but is not in quotes")
        .assert_stderr_contains(
            "write the title in quotes:\n         spindel new --root . artikel \"Får vi tala?\" --lang en",
        );
}

#[test]
fn a_misspelt_command_gets_the_one_it_resembles() {
    let site = Site::bundled();
    let run = sv(&site, &["biuld", "--drafts"]);
    mistake(&run)
        .assert_stderr_contains("fel[U0017]: `biuld` är inget kommando i spindel")
        .assert_stderr_contains("menade du `build`? Skriv då:")
        .assert_stderr_contains("spindel build --drafts");
    assert_eq!(proposed(&run, "Skriv då:"), ["build", "--drafts"]);
    let run = en(&site, &["chekc"]);
    mistake(&run)
        .assert_stderr_contains("error[U0017]: `chekc` is not a command of spindel")
        .assert_stderr_contains("did you mean `check`? Then write:")
        .assert_stderr_contains("spindel check --lang en");
    // Nothing like any command: the commands are named.
    mistake(&sv(&site, &["publicera"]))
        .assert_stderr_contains("kommandona är build, check, serve och new");
    // `spindel help COMMAND` is the command's help, and a misspelt one is told as such.
    mistake(&sv(&site, &["help", "biuld"])).assert_stderr_contains("spindel build --help");
}

#[test]
fn values_of_the_wrong_kind_say_what_the_option_takes() {
    let site = Site::bundled();
    mistake(&sv(&site, &["serve", "--port", "abc"]))
        .assert_stderr_contains("fel[U0017]: `abc` går inte som värde för --port")
        .assert_stderr_contains("skriv ett portnummer från 0 till 65535");
    mistake(&en(&site, &["serve", "--port", "abc"]))
        .assert_stderr_contains("error[U0017]: `abc` is not a value --port takes")
        .assert_stderr_contains("write a port number from 0 to 65535");
    mistake(&sv(&site, &["check", "--timeout", "-1"]))
        .assert_stderr_contains("fel[U0017]: `-1` går inte som värde för --timeout")
        .assert_stderr_contains("skriv antalet sekunder som ett heltal");
    mistake(&sv(&site, &["serve", "--bind", "hemma"]))
        .assert_stderr_contains("skriv en IP-adress, till exempel --bind 127.0.0.1");
    mistake(&sv(&site, &["check", "--format", "xml"]))
        .assert_stderr_contains("`xml` går inte som värde för --format")
        .assert_stderr_contains("skriv ett av: text, json, github");
    mistake(&en(&site, &["check", "--format", "jsn"]))
        .assert_stderr_contains("did you mean `json`? Then write:")
        .assert_stderr_contains("spindel check --format json --lang en");
    // A language spindel does not speak: told in the site's.
    mistake(&sv(&site, &["build", "--lang", "fi"]))
        .assert_stderr_contains("`fi` går inte som värde för --lang")
        .assert_stderr_contains("spindel talar sv (svenska) och en (engelska)");
    // No value at all.
    mistake(&sv(&site, &["build", "--root"]))
        .assert_stderr_contains("fel[U0017]: --root behöver ett värde")
        .assert_stderr_contains("skriv värdet efter flaggan: --root MAPP");
    mistake(&en(&site, &["build", "--output"]))
        .assert_stderr_contains("error[U0017]: --output needs a value")
        .assert_stderr_contains("write the value after the option: --output DIR");
}

#[test]
fn options_that_are_misspelt_misplaced_or_of_another_command() {
    let site = Site::bundled();
    let run = sv(&site, &["serve", "--prot", "8080"]);
    mistake(&run)
        .assert_stderr_contains("fel[U0017]: spindel serve har ingen flagga `--prot`")
        .assert_stderr_contains("menade du `--port`?");
    assert_eq!(proposed(&run, "Skriv då:"), ["serve", "--port", "8080"]);
    let run = sv(&site, &["--root", ".", "build"]);
    mistake(&run)
        .assert_stderr_contains("fel[U0017]: spindel har ingen flagga `--root`")
        .assert_stderr_contains("`--root` hör till kommandot och skrivs efter det:");
    assert_eq!(
        proposed(&run, "skrivs efter det:"),
        ["build", "--root", "."]
    );
    mistake(&en(&site, &["new", "--drafts"]))
        .assert_stderr_contains("error[U0017]: spindel new has no option `--drafts`")
        .assert_stderr_contains("`--drafts` is an option of build, check, serve only");
    mistake(&sv(&site, &["serve", "--port", "1", "--port", "2"]))
        .assert_stderr_contains("fel[U0017]: --port står mer än en gång");
    mistake(&en(&site, &["build", "public"]))
        .assert_stderr_contains("error[U0017]: spindel build did not expect `public`")
        .assert_stderr_contains("spindel build --help shows what the command takes");
    // No command: what the commands are.
    mistake(&sv(&site, &["--lang", "sv"]))
        .assert_stderr_contains("fel[U0017]: spindel behöver ett kommando")
        .assert_stderr_contains("kommandona är build, check, serve och new");
}

#[test]
fn clap_s_own_words_are_programmer_detail_for_verbose() {
    let site = Site::bundled();
    let plain = sv(&site, &["biuld"]);
    mistake(&plain).assert_stderr_lacks("unrecognized subcommand");
    let verbose = sv(&site, &["-v", "biuld"]);
    verbose.assert_exit(2);
    verbose
        .assert_stderr_contains("= detaljer: error: unrecognized subcommand 'biuld'")
        .assert_stderr_contains("spindel -v build");
}

#[test]
fn the_help_is_in_the_sites_language_and_in_english_when_asked() {
    let site = Site::bundled();
    for args in [&["--help"][..], &["help"], &["-h"]] {
        let run = sv(&site, args);
        run.assert_exit(0).assert_no_panic();
        for line in [
            "Statisk webbplatsgenerator för kunskapsbanken",
            "Användning: spindel [FLAGGOR] <KOMMANDO>\n",
            "\nKommandon:\n",
            "  build  Bygg webbplatsen till utdatamappen",
            "  help   Visa den här hjälpen, eller hjälpen för ett kommando\n",
            "\nFlaggor:\n",
            "      --lang <SPRÅK>  Språket i spindels meddelanden",
            "  -h, --help          Visa hjälpen\n",
            "  -V, --version       Visa versionen\n",
        ] {
            assert_contains(&run.stdout, line);
        }
        for english in ["Usage", "Options", "Commands", "Print", "[default"] {
            assert_lacks(&run.stdout, english);
        }
    }
    let new = sv(&site, &["new", "--help"]);
    new.assert_exit(0);
    for line in [
        "Användning: spindel new [FLAGGOR] [TYP] [RUBRIK]\n",
        "\nArgument:\n  [TYP]     Sidans typ",
        "  [RUBRIK]  Sidans rubrik, inom citattecken",
        "      --root <MAPP>   Webbplatsens mapp, där spindel.toml ligger [standard: .]",
    ] {
        assert_contains(&new.stdout, line);
    }
    assert_eq!(sv(&site, &["help", "new"]).stdout, new.stdout);
    let build = sv(&site, &["build", "--help"]);
    build.assert_exit(0);
    assert_contains(&build.stdout, "Användning: spindel build [FLAGGOR]\n");
    assert_contains(&build.stdout, "  -o, --output <MAPP>");
    let check = sv(&site, &["check", "--help"]);
    assert_contains(
        &check.stdout,
        "[standard: text] [möjliga värden: text, json, github]",
    );

    // English: asked with --lang, or by the environment.
    let asked = en(&site, &["build", "--help"]);
    asked.assert_exit(0);
    assert_contains(
        &asked.stdout,
        "Usage: spindel build [OPTIONS]\n\nOptions:\n",
    );
    assert_contains(&asked.stdout, "  -o, --output <DIR>");
    assert_lacks(&asked.stdout, "Flaggor");
    let env = run_in_with(site.root(), &["--help"], &[("SPINDEL_LANG", "en")]);
    assert_contains(&env.stdout, "\nCommands:\n");

    let version = sv(&site, &["--version"]);
    version.assert_exit(0);
    assert!(version.stdout.starts_with("spindel "), "{version:?}");
    // Nothing at all: the help, on stderr, and exit 2.
    let nothing = sv(&site, &[]);
    nothing.assert_exit(2);
    nothing.assert_stderr_contains("Användning: spindel [FLAGGOR] <KOMMANDO>");
}

#[test]
fn the_site_whose_language_decides_is_the_one_in_root() {
    let site = Site::bundled();
    // An English site beside the Swedish one: its default language speaks in its folder.
    let english = site.tmp().join("english");
    std::fs::create_dir_all(&english).unwrap();
    std::fs::write(english.join("spindel.toml"), "default_language = \"en\"\n").unwrap();
    let here = run_in_with(&english, &["biuld"], &[("SPINDEL_LANG", "")]);
    mistake(&here).assert_stderr_contains("error[U0017]: `biuld` is not a command of spindel");
    // From there, `--root` names the Swedish site, wherever it stands on the line.
    let root = site.root().to_str().unwrap();
    let there = run_in_with(
        &english,
        &["build", "--prot", "1", "--root", root],
        &[("SPINDEL_LANG", "")],
    );
    mistake(&there).assert_stderr_contains("fel[U0017]: spindel build har ingen flagga `--prot`");
    let help = run_in_with(
        &english,
        &["new", "--help", "--root", root],
        &[("SPINDEL_LANG", "")],
    );
    help.assert_exit(0);
    assert_contains(&help.stdout, "Användning: spindel new");
}
