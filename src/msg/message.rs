//! A message before it is words: its id in the catalogue and its values.

/// One message: what to say (`id`, a key of the catalogue) and the values it names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A value inside a message, formatted for the message's language when shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    /// Text shown as it is: a file name, a field, a link.
    Text(String),
    /// A count: `10 000` in Swedish, `10,000` in English; plural forms select on it.
    Count(u64),
    /// A number of bytes: `2,3 MB` in Swedish, `2.3 MB` in English.
    Size(u64),
    /// Milliseconds, shown as seconds with two decimals.
    Millis(u64),
    /// Another message, shown in the same language (an error of the system, a part).
    Msg(Box<Message>),
}

impl Message {
    pub fn new(id: &'static str, args: Vec<(&'static str, Arg)>) -> Self {
        Message { id, args }
    }

    /// Adds or replaces one argument.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        let value = value.into();
        match self.args.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.args.push((name, value)),
        }
        self
    }

    /// The message for an error of the operating system, in plain words (its kind); the
    /// system's own text goes to `--verbose`.
    pub fn io(e: &std::io::Error) -> Message {
        use std::io::ErrorKind as K;
        let id = match e.kind() {
            K::NotFound => "io-not-found",
            K::PermissionDenied => "io-permission-denied",
            K::AlreadyExists => "io-already-exists",
            K::IsADirectory => "io-is-a-directory",
            K::NotADirectory => "io-not-a-directory",
            K::StorageFull => "io-storage-full",
            K::ReadOnlyFilesystem => "io-read-only",
            K::InvalidData => "io-invalid-data",
            K::AddrInUse => "io-addr-in-use",
            K::AddrNotAvailable => "io-addr-not-available",
            K::TimedOut => "io-timed-out",
            _ => "io-other",
        };
        Message::new(id, vec![("detail", Arg::Text(e.to_string()))])
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Arg::Text(s.into_owned())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Count(n as u64)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Count(n)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Count(u64::from(n))
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Msg(Box::new(m))
    }
}
impl From<&Message> for Arg {
    fn from(m: &Message) -> Self {
        Arg::Msg(Box::new(m.clone()))
    }
}
impl From<&std::io::Error> for Arg {
    fn from(e: &std::io::Error) -> Self {
        Arg::Msg(Box::new(Message::io(e)))
    }
}
impl From<std::io::Error> for Arg {
    fn from(e: std::io::Error) -> Self {
        Arg::from(&e)
    }
}

/// `msg!("id", name = value, …)`: a `Message`. The id must be in both catalogues with the
/// same arguments (a test reads every `msg!` of the source to make sure).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::msg::message::Message::new(
            $id,
            vec![$((stringify!($name), $crate::msg::message::Arg::from($value))),*],
        )
    };
}
