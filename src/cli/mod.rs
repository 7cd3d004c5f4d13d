//! The command line: its arguments (here), their help in the run's language (`words`), the
//! mistakes in them told in plain words (`mistakes`), and how outcomes are printed (`report`).
//! It is the binary's own and sees the library only as `spindel::`; all work happens there.

mod mistakes;
pub mod report;
pub mod stop;
mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// The arguments. The help shows the catalogue's words for each (`words.rs`, in the run's
/// language); the doc comments here are for the code's readers.
#[derive(Parser)]
#[command(
    name = "spindel",
    version,
    about = "A static site generator for the knowledge site of the municipal network for Roma inclusion"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of spindel's messages: sv or en. Without it, SPINDEL_LANG if it names one
    /// of these, else in a terminal the locale's, else the site's default language.
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<spindel::msg::Lang>,
    /// Show the programmer's detail of each problem too (the parser's own words).
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

fn parse_lang(s: &str) -> Result<spindel::msg::Lang, String> {
    spindel::msg::Lang::from_tag(s).ok_or_else(|| format!("`{s}`: sv or en"))
}

impl Cli {
    /// The command line of this process, read with the help and the mistakes in the run's
    /// language: the one asked for with `--lang`, else the environment's, else the site's (in
    /// `--root` or the current directory). `Err` is the exit code when the run ends here:
    /// 0 after `--help` and `--version`, 2 after a mistake.
    pub fn read() -> Result<Cli, ExitCode> {
        let args = mistakes::help_command(std::env::args_os().collect());
        let text: Vec<String> = args
            .iter()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let early = mistakes::early(&text);
        let asked = early.lang.or_else(spindel::msg::Lang::from_environment);
        let cat = spindel::config::messages::catalogue(&early.root, asked, early.verbose);
        let cmd = words::localize(Cli::command(), &cat);
        let error = match cmd.clone().try_get_matches_from(&args) {
            Ok(matches) => match Cli::from_arg_matches(&matches) {
                Ok(cli) => return Ok(cli),
                Err(e) => e,
            },
            Err(e) => e,
        };
        match error.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = error.print();
                Err(ExitCode::SUCCESS)
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = error.print();
                Err(ExitCode::from(2))
            }
            _ => {
                let d = mistakes::diagnostic(&error, &text, &cmd, &early.root);
                report::print_diagnostics(&[d], &cat);
                Err(ExitCode::from(2))
            }
        }
    }

    /// The words of the run: the language asked for, else the site's.
    pub fn messages(&self, root: &std::path::Path) -> spindel::msg::Catalogue {
        let asked = self.lang.or_else(spindel::msg::Lang::from_environment);
        spindel::config::messages::catalogue(root, asked, self.verbose)
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output directory (public/ by default).
    Build {
        /// The site directory, holding spindel.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; overrides output_dir in spindel.toml.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Override base_url, e.g. for a deploy preview.
        #[arg(long)]
        base_url: Option<String>,
        /// Write HTML, CSS and JavaScript without minifying them.
        #[arg(long)]
        no_minify: bool,
    },
    /// Check the site without writing anything: everything build checks, plus links, terms,
    /// required fields, accessibility and privacy. Exits with 1 if anything must be fixed.
    Check {
        /// The site directory, holding spindel.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Also fetch the links to other websites (and report broken ones and redirects).
        #[arg(long)]
        external: bool,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// How to print the findings: text for people, json for tools, github for CI annotations.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Seconds to wait for each external link.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Build the site into memory, serve it, and rebuild and reload the browser on every save.
    Serve {
        /// The site directory, holding spindel.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Anything but loopback makes the preview public.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a new page from its type's archetype: spindel new metod "Läxhjälp i Borås".
    /// Without a type, list the types.
    New {
        /// The type of page (the name of a file in archetypes/, such as metod or artikel).
        #[arg(value_name = "TYPE")]
        kind: Option<String>,
        /// The page's title, in quotes; the file is named after it.
        #[arg(value_name = "TITLE")]
        title: Option<String>,
        /// The site directory, holding spindel.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

impl Command {
    /// The site directory the command works on.
    pub fn root(&self) -> &std::path::Path {
        match self {
            Command::Build { root, .. }
            | Command::Check { root, .. }
            | Command::Serve { root, .. }
            | Command::New { root, .. } => root,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Github,
}

#[cfg(test)]
mod tests {
    use super::*;
    use spindel::msg::{Catalogue, Lang};

    #[test]
    fn every_command_and_option_has_its_words_in_the_catalogue() {
        for lang in Lang::ALL {
            let mut cmd = words::localize(Cli::command(), &Catalogue::builtin(lang));
            cmd.build();
            assert_eq!(words::untranslated(&cmd), Vec::<String>::new(), "{lang:?}");
            cmd.debug_assert();
        }
    }
}
