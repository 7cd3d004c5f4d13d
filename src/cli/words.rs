//! The command line's own words in the run's language: the help of `spindel --help` and of each
//! command (what it does, what each option is for, the headings, the names of values), taken
//! from the catalogue and laid over the command that `clap` derives from `Cli`.

use clap::{Arg, ArgAction, Command};
use spindel::msg;
use spindel::msg::{Catalogue, Message};

/// The name of the placeholder command that lists `help` among the commands: `spindel help new`
/// is read as `spindel new --help` before the line is parsed (`mistakes::help_command`).
pub const HELP: &str = "help";

/// Where the help and version flags stand among the options: last, as clap puts its own.
const LAST: usize = 1000;

/// `cmd`, as `Cli` derives it, with every text of its help from `cat`.
pub fn localize(cmd: Command, cat: &Catalogue) -> Command {
    let t = |m: Message| cat.text(&m);
    let cmd = cmd
        .about(t(msg!("cli-about")))
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(LAST + 1)
                .help(t(msg!("cli-version-flag"))),
        )
        .subcommand(Command::new(HELP).about(t(msg!("cli-help-command"))))
        .subcommand_help_heading(fixed(t(msg!("cli-heading-commands"))))
        .subcommand_value_name(fixed(t(msg!("cli-value-command"))));
    let mut cmd = one(cmd, cat, None);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != HELP)
        .collect();
    for name in names {
        let about = about_of(&name).map(t);
        cmd = cmd.mut_subcommand(&name, |sub| {
            let sub = match about {
                Some(about) => sub.about(about),
                None => sub,
            };
            one(sub, cat, Some(&name))
        });
    }
    cmd
}

/// One command's help: its own help flag, headings, usage line and the words of its arguments.
fn one(cmd: Command, cat: &Catalogue, name: Option<&str>) -> Command {
    let t = |m: Message| cat.text(&m);
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let options = t(msg!("cli-heading-options"));
    let arguments = t(msg!("cli-heading-arguments"));
    let mut cmd = cmd
        .long_about(None)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(LAST)
                .help(t(msg!("cli-help-flag"))),
        )
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            t(msg!("cli-heading-usage"))
        ));
    for id in ids.iter().map(String::as_str).chain(["help", "version"]) {
        if cmd.get_arguments().all(|a| a.get_id() != id) {
            continue;
        }
        let heading = options.clone();
        let arguments = arguments.clone();
        cmd = cmd.mut_arg(id, |a| {
            let mut a = a.long_help(None);
            // The defaults and choices are in the catalogue's words of the help.
            if a.get_action().takes_values() {
                a = a.hide_default_value(true).hide_possible_values(true);
            }
            if let Some(help) = help_of(id) {
                a = a.help(cat.text(&help));
            }
            // `--timeout -1` is a wrong number, not an option spindel does not have.
            if matches!(id, "port" | "timeout") {
                a = a.allow_negative_numbers(true);
            }
            if let Some(value) = value_name_of(id) {
                a = a.value_name(fixed(cat.text(&value)));
            }
            let heading = if a.is_positional() {
                arguments
            } else {
                heading
            };
            a.help_heading(fixed(heading))
        });
    }
    // The usage line, in the same words: `spindel new [FLAGGOR] [TYP] [RUBRIK]`.
    let mut usage = match name {
        Some(name) => format!("spindel {name} [{}]", t(msg!("cli-value-options"))),
        None => format!(
            "spindel [{}] <{}>",
            t(msg!("cli-value-options")),
            t(msg!("cli-value-command"))
        ),
    };
    for p in cmd.get_positionals() {
        let value = p
            .get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| p.get_id().to_string(), |v| v.to_string());
        if p.is_required_set() {
            usage.push_str(&format!(" <{value}>"));
        } else {
            usage.push_str(&format!(" [{value}]"));
        }
    }
    cmd.override_usage(usage)
}

/// A heading or a value's name as clap keeps them, for the whole run (clap takes these as
/// `&'static str` without its `string` feature; a run makes the command once, and a test a few
/// times, so the few words leaked are bounded).
fn fixed(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn about_of(command: &str) -> Option<Message> {
    Some(match command {
        "build" => msg!("cli-build"),
        "check" => msg!("cli-check"),
        "serve" => msg!("cli-serve"),
        "new" => msg!("cli-new"),
        _ => return None,
    })
}

/// The help of an argument, by its id (the field's name in `Cli`): an option means the same in
/// every command that has it.
fn help_of(id: &str) -> Option<Message> {
    Some(match id {
        "lang" => msg!("cli-lang"),
        "verbose" => msg!("cli-verbose"),
        "root" => msg!("cli-root"),
        "output" => msg!("cli-output"),
        "drafts" => msg!("cli-drafts"),
        "base_url" => msg!("cli-base-url"),
        "no_minify" => msg!("cli-no-minify"),
        "external" => msg!("cli-external"),
        "deny_warnings" => msg!("cli-deny-warnings"),
        "format" => msg!("cli-format"),
        "timeout" => msg!("cli-timeout"),
        "port" => msg!("cli-port"),
        "bind" => msg!("cli-bind"),
        "open" => msg!("cli-open"),
        "kind" => msg!("cli-kind"),
        "title" => msg!("cli-title"),
        "help" => msg!("cli-help-flag"),
        "version" => msg!("cli-version-flag"),
        _ => return None,
    })
}

/// The name of the value an argument takes, as the help shows it (`--root <MAPP>`).
pub fn value_name_of(id: &str) -> Option<Message> {
    Some(match id {
        "lang" => msg!("cli-value-lang"),
        "root" | "output" => msg!("cli-value-dir"),
        "base_url" => msg!("cli-value-url"),
        "format" => msg!("cli-value-format"),
        "timeout" => msg!("cli-value-seconds"),
        "port" => msg!("cli-value-port"),
        "bind" => msg!("cli-value-address"),
        "kind" => msg!("cli-value-type"),
        "title" => msg!("cli-value-title"),
        _ => return None,
    })
}

/// Whether every argument and command of `cmd` has its words in the catalogue (for the tests).
#[cfg(test)]
pub fn untranslated(cmd: &Command) -> Vec<String> {
    let mut out = Vec::new();
    for sub in std::iter::once(cmd).chain(cmd.get_subcommands()) {
        let name = sub.get_name();
        if sub.get_name() != cmd.get_name() && sub.get_name() != HELP && about_of(name).is_none() {
            out.push(format!("command {name}"));
        }
        for a in sub.get_arguments() {
            if help_of(a.get_id().as_str()).is_none() {
                out.push(format!("{name} {}", a.get_id()));
            }
            if a.get_action().takes_values() && value_name_of(a.get_id().as_str()).is_none() {
                out.push(format!("{name} {} (its value)", a.get_id()));
            }
        }
    }
    out
}
