//! Mistakes on the command line, told in the run's language with the line that fixes them:
//! clap finds them, this turns each kind into a `Diagnostic` (`U0017`) of the catalogue. And
//! what must be read of the line before clap parses it: the language and the site directory
//! (for the words of the help and of the mistakes), and `spindel help COMMAND`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Command;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use spindel::diag::{Code, Diagnostic, did_you_mean};
use spindel::msg;
use spindel::msg::{Lang, Message};

use super::words::HELP;

/// What is read of the command line before it is parsed.
pub struct Early {
    /// `--lang`, if it names a language spindel speaks.
    pub lang: Option<Lang>,
    /// `--root`, else the current directory.
    pub root: PathBuf,
    pub verbose: bool,
}

/// The options that decide the words of the run, wherever they stand (they are global, or
/// `--root`, which every command has).
pub fn early(args: &[String]) -> Early {
    let mut out = Early {
        lang: None,
        root: PathBuf::from("."),
        verbose: false,
    };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--" {
            break;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (a, None),
        };
        let value = |i: &mut usize| match &inline {
            Some(v) => Some(v.clone()),
            None => {
                *i += 1;
                args.get(*i).cloned()
            }
        };
        match name {
            "--lang" => out.lang = value(&mut i).as_deref().and_then(Lang::from_tag),
            "--root" => {
                if let Some(v) = value(&mut i) {
                    out.root = PathBuf::from(v);
                }
            }
            "-v" | "--verbose" => out.verbose = true,
            _ => {}
        }
        i += 1;
    }
    out
}

/// `spindel help` is `spindel --help`, and `spindel help new` is `spindel new --help`.
pub fn help_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args
        .iter()
        .enumerate()
        .skip(1)
        .find(|(i, a)| {
            let prev = args[i - 1].to_str().unwrap_or("");
            !a.to_string_lossy().starts_with('-') && prev != "--lang" && prev != "--root"
        })
        .map(|(i, _)| i);
    if let Some(i) = first.filter(|&i| args[i] == HELP) {
        args.remove(i);
        args.push("--help".into());
    }
    args
}

/// The mistake clap found on the line `args` (without the program's name), as a diagnostic
/// with a hint that fixes the line where the fix is certain. `cmd` is the command that parsed.
pub fn diagnostic(e: &Error, args: &[String], cmd: &Command, root: &Path) -> Diagnostic {
    let mut cmd = cmd.clone();
    cmd.build();
    let mut line = Line::read(args, &cmd);
    line.root = root;
    let (message, hint) = words(e, &line, &cmd);
    let mut d = Diagnostic::usage(Code::CommandLine, message).detail(e.to_string().trim_end());
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    d
}

/// The command line, and which of its words are the command and the values of options.
struct Line<'a> {
    args: &'a [String],
    /// The command's name and where it stands.
    command: Option<(usize, String)>,
    /// Where the words that are neither options nor their values stand, after the command.
    positionals: Vec<usize>,
    /// The site, whose types of page `spindel new` takes.
    root: &'a Path,
}

impl<'a> Line<'a> {
    fn read(args: &'a [String], cmd: &Command) -> Line<'a> {
        let mut line = Line {
            args,
            command: None,
            positionals: Vec::new(),
            root: Path::new("."),
        };
        let mut current = cmd;
        let mut i = 0;
        let mut only_values = false;
        while i < args.len() {
            let a = args[i].as_str();
            if only_values || !a.starts_with('-') || a == "-" {
                if line.command.is_none() {
                    line.command = Some((i, a.to_string()));
                    if let Some(sub) = cmd.find_subcommand(a) {
                        current = sub;
                    }
                } else {
                    line.positionals.push(i);
                }
            } else if a == "--" {
                only_values = true;
            } else if !a.contains('=')
                && (takes_value(current, a)
                    // An option of a command written before it: `spindel --root x build`.
                    || (line.command.is_none() && cmd.get_subcommands().any(|s| takes_value(s, a))))
            {
                i += 1;
            }
            i += 1;
        }
        line
    }

    /// `spindel new`, or `spindel` before a command is known.
    fn command_words(&self, cmd: &Command) -> String {
        match self.known_command(cmd) {
            Some(name) => format!("spindel {name}"),
            None => "spindel".to_string(),
        }
    }

    fn known_command(&self, cmd: &Command) -> Option<String> {
        self.command
            .as_ref()
            .filter(|(_, name)| cmd.find_subcommand(name).is_some() && name != HELP)
            .map(|(_, name)| name.clone())
    }

    /// `spindel new --help`: where the command's options are told.
    fn help(&self, cmd: &Command) -> String {
        format!("{} --help", self.command_words(cmd))
    }

    /// The line with each edit's word replaced by its text (written as the shell must take
    /// it) or, for `None`, removed; the other words quoted where a shell needs it.
    fn with(&self, edits: &[(usize, Option<String>)]) -> String {
        let mut words = vec!["spindel".to_string()];
        for (i, a) in self.args.iter().enumerate() {
            match edits.iter().find(|(at, _)| *at == i) {
                Some((_, Some(w))) => words.push(w.clone()),
                Some((_, None)) => {}
                None => words.push(quote(a)),
            }
        }
        words.join(" ")
    }

    fn position_of(&self, word: &str) -> Option<usize> {
        self.args.iter().position(|a| a == word)
    }
}

/// Whether the option `a` (`--port`, `-p`, `--port=1`) of `cmd` takes a value.
fn takes_value(cmd: &Command, a: &str) -> bool {
    find_option(cmd, a).is_some_and(|arg| arg.get_action().takes_values())
}

fn find_option<'c>(cmd: &'c Command, a: &str) -> Option<&'c clap::Arg> {
    let name = a.split('=').next().unwrap_or(a);
    if let Some(long) = name.strip_prefix("--") {
        cmd.get_arguments().find(|arg| arg.get_long() == Some(long))
    } else {
        let short = name.strip_prefix('-')?.chars().next()?;
        cmd.get_arguments()
            .find(|arg| arg.get_short() == Some(short))
    }
}

/// A word as a shell takes it: as it is when it is plain, else in quotes.
fn quote(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./=:,@+%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else if !word.contains(['"', '$', '`', '\\', '!']) {
        format!("\"{word}\"")
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn context(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        _ => None,
    }
}

fn context_all(e: &Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// The option as the editor wrote it, from clap's way of naming it (`--port <PORT>`).
fn flag_of(e: &Error) -> String {
    context(e, ContextKind::InvalidArg)
        .map(|a| a.split([' ', '=']).next().unwrap_or("").to_string())
        .unwrap_or_default()
}

fn words(e: &Error, line: &Line, cmd: &Command) -> (Message, Option<Message>) {
    let command = line.command_words(cmd);
    let help = line.help(cmd);
    let see_help = msg!("cli-see-help", help = &help);
    match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let word = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let names: Vec<&str> = cmd
                .get_subcommands()
                .map(Command::get_name)
                .filter(|n| *n != HELP)
                .collect();
            let near = context(e, ContextKind::SuggestedSubcommand)
                .filter(|s| s != HELP)
                .or_else(|| did_you_mean(&word, names).map(str::to_string));
            let hint = match (near, line.position_of(&word)) {
                (Some(near), Some(at)) => {
                    let fixed = line.with(&[(at, Some(near.clone()))]);
                    msg!("cli-did-you-mean", near = near, line = fixed)
                }
                _ => msg!("cli-the-commands-are"),
            };
            (msg!("cli-unknown-command", word = word), Some(hint))
        }
        ErrorKind::UnknownArgument => unknown_argument(e, line, cmd, &command, see_help),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let flag = flag_of(e);
            let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
            if value.is_empty() && e.kind() == ErrorKind::InvalidValue {
                let name = find_option(line.current(cmd), &flag)
                    .and_then(|a| a.get_value_names()?.first().map(|v| v.to_string()))
                    .unwrap_or_default();
                return (
                    msg!("cli-missing-value", flag = &flag),
                    Some(msg!("cli-missing-value-hint", flag = &flag, name = name)),
                );
            }
            let valid = context_all(e, ContextKind::ValidValue);
            let hint = match flag.as_str() {
                "--port" | "-p" => msg!("cli-port-hint"),
                "--bind" => msg!("cli-bind-hint"),
                "--timeout" => msg!("cli-timeout-hint"),
                "--lang" => msg!("cli-lang-hint"),
                _ if !valid.is_empty() => {
                    let near = context(e, ContextKind::SuggestedValue).or_else(|| {
                        did_you_mean(&value, valid.iter().map(String::as_str)).map(str::to_string)
                    });
                    match (near, line.position_of(&value)) {
                        (Some(near), Some(at)) => {
                            let fixed = line.with(&[(at, Some(quote(&near)))]);
                            msg!("cli-did-you-mean", near = near, line = fixed)
                        }
                        _ => msg!("cli-one-of", list = valid.join(", ")),
                    }
                }
                _ => see_help,
            };
            (
                msg!("cli-bad-value", value = value, flag = flag),
                Some(hint),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let what = context_all(e, ContextKind::InvalidArg).join(", ");
            (
                msg!("cli-missing-argument", command = &command, what = what),
                Some(see_help),
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => (
            msg!("cli-missing-command"),
            Some(msg!("cli-the-commands-are")),
        ),
        ErrorKind::ArgumentConflict => {
            let flag = flag_of(e);
            let other = context(e, ContextKind::PriorArg)
                .map(|a| a.split([' ', '=']).next().unwrap_or("").to_string())
                .unwrap_or_default();
            if other == flag || other.is_empty() {
                (msg!("cli-twice", flag = flag), Some(msg!("cli-twice-hint")))
            } else {
                (
                    msg!("cli-conflict", flag = flag, other = other),
                    Some(msg!("cli-conflict-hint")),
                )
            }
        }
        ErrorKind::NoEquals => {
            let flag = flag_of(e);
            (
                msg!("cli-no-equals", flag = &flag),
                Some(msg!("cli-no-equals-hint", flag = &flag)),
            )
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            (msg!("cli-value-count", flag = flag_of(e)), Some(see_help))
        }
        ErrorKind::InvalidUtf8 => (msg!("cli-not-utf8"), Some(msg!("cli-not-utf8-hint"))),
        _ => (msg!("cli-other"), Some(see_help)),
    }
}

impl Line<'_> {
    /// The command whose options the line is read for: the one named, else spindel's own.
    fn current<'c>(&self, cmd: &'c Command) -> &'c Command {
        self.known_command(cmd)
            .and_then(|n| cmd.find_subcommand(&n))
            .unwrap_or(cmd)
    }
}

/// A word clap did not expect: a title without quotes, a misspelt option, an option before its
/// command or of another command, or a word too many.
fn unknown_argument(
    e: &Error,
    line: &Line,
    cmd: &Command,
    command: &str,
    see_help: Message,
) -> (Message, Option<Message>) {
    let word = context(e, ContextKind::InvalidArg).unwrap_or_default();
    if !word.starts_with('-') || word == "-" {
        // `spindel new metod Läxhjälp i Skolan`: the title's words, one argument each.
        if line.known_command(cmd).as_deref() == Some("new") && line.positionals.len() > 2 {
            return (msg!("cli-unquoted-title"), Some(unquoted_title(line, cmd)));
        }
        return (
            msg!("cli-unexpected-word", command = command, word = word),
            Some(see_help),
        );
    }
    let flag = word.split('=').next().unwrap_or(&word).to_string();
    let at = line
        .args
        .iter()
        .position(|a| a == &word || a.split('=').next() == Some(flag.as_str()));
    let unknown = msg!("cli-unknown-flag", command = command, flag = &flag);
    // Misspelt: clap names the option it resembles.
    if let (Some(near), Some(at)) = (context(e, ContextKind::SuggestedArg), at)
        && near.starts_with('-')
    {
        let rest = word.strip_prefix(flag.as_str()).unwrap_or("");
        let fixed = line.with(&[(at, Some(format!("{near}{}", quote_rest(rest))))]);
        return (
            unknown,
            Some(msg!("cli-did-you-mean", near = near, line = fixed)),
        );
    }
    // Before its command: `spindel --root x build`.
    if let (Some((command_at, name)), Some(at)) = (&line.command, at)
        && at < *command_at
        && let Some(sub) = cmd.find_subcommand(name)
        && let Some(arg) = find_option(sub, &flag)
    {
        let with_value = !line.args[at].contains('=') && arg.get_action().takes_values();
        let moved: Vec<usize> = if with_value {
            vec![at, at + 1]
        } else {
            vec![at]
        };
        let mut edits: Vec<(usize, Option<String>)> = moved.iter().map(|&i| (i, None)).collect();
        let mut after = quote(name);
        for &i in &moved {
            if let Some(a) = line.args.get(i) {
                after.push(' ');
                after.push_str(&quote(a));
            }
        }
        edits.push((*command_at, Some(after)));
        let fixed = line.with(&edits);
        return (
            msg!("cli-unknown-flag", command = "spindel", flag = &flag),
            Some(msg!("cli-flag-after-command", flag = &flag, line = fixed)),
        );
    }
    // An option of other commands: `spindel new --drafts`.
    let others: Vec<&str> = cmd
        .get_subcommands()
        .filter(|s| find_option(s, &flag).is_some())
        .map(Command::get_name)
        .collect();
    if !others.is_empty() {
        let commands = others.join(", ");
        return (
            unknown,
            Some(msg!(
                "cli-flag-elsewhere",
                flag = &flag,
                commands = commands,
                help = line.help(cmd),
                command = command
            )),
        );
    }
    (unknown, Some(see_help))
}

/// The line of `spindel new` with its title in quotes. The first word is the type, if it is
/// one of the site's or resembles one; else the title is all the words, and the type is to be
/// written before it.
fn unquoted_title(line: &Line, cmd: &Command) -> Message {
    let first = line.positionals[0];
    let types: Vec<String> = spindel::new::list(line.root)
        .map(|t| t.types.into_iter().map(|t| t.name).collect())
        .unwrap_or_default();
    let kind = &line.args[first];
    let near = if types.is_empty() || types.contains(kind) {
        Some(kind.clone())
    } else {
        did_you_mean(kind, types.iter().map(String::as_str)).map(str::to_string)
    };
    let title_at = match near {
        Some(_) => &line.positionals[1..],
        None => &line.positionals[..],
    };
    let title: Vec<&str> = title_at.iter().map(|&i| line.args[i].as_str()).collect();
    let title = quote_title(&title.join(" "));
    let mut edits: Vec<(usize, Option<String>)> =
        title_at[1..].iter().map(|&i| (i, None)).collect();
    match near {
        Some(near) => {
            edits.push((first, Some(quote(&near))));
            edits.push((line.positionals[1], Some(title)));
            msg!("cli-unquoted-title-fix", line = line.with(&edits))
        }
        None => {
            let placeholder = line
                .current(cmd)
                .get_positionals()
                .next()
                .and_then(|p| p.get_value_names()?.first().map(|v| v.to_string()))
                .unwrap_or_default();
            edits.push((first, Some(format!("{placeholder} {title}"))));
            msg!(
                "cli-untyped-title-fix",
                line = line.with(&edits),
                list = types.join(", ")
            )
        }
    }
}

/// A title in quotes, as the editor should have written it: double quotes unless the title has
/// some itself.
fn quote_title(title: &str) -> String {
    if title.contains(['"', '$', '`', '\\', '!']) {
        format!("'{}'", title.replace('\'', r"'\''"))
    } else {
        format!("\"{title}\"")
    }
}

/// `=value` of `--flag=value`, quoted if it must be.
fn quote_rest(rest: &str) -> String {
    match rest.strip_prefix('=') {
        Some(v) => format!("={}", quote(v)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_a_shell_needs_it() {
        assert_eq!(quote("build"), "build");
        assert_eq!(quote("--root=../site"), "--root=../site");
        assert_eq!(quote("Läxhjälp i Skolan"), "\"Läxhjälp i Skolan\"");
        assert_eq!(quote("it's $5"), r"'it'\''s $5'");
        assert_eq!(quote_title("Läxhjälp"), "\"Läxhjälp\"");
    }

    #[test]
    fn the_language_and_the_site_are_read_before_the_line_is_parsed() {
        let args: Vec<String> = ["new", "--root=site", "metod", "--lang", "en", "-v"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let e = early(&args);
        assert_eq!(e.lang, Some(Lang::En));
        assert_eq!(e.root, PathBuf::from("site"));
        assert!(e.verbose);
        let help: Vec<OsString> = ["spindel", "--lang", "en", "help", "new"]
            .iter()
            .map(OsString::from)
            .collect();
        assert_eq!(
            help_command(help),
            ["spindel", "--lang", "en", "new", "--help"]
                .iter()
                .map(OsString::from)
                .collect::<Vec<_>>()
        );
    }
}
