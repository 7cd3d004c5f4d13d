//! The languages spindel speaks, and how a run's is chosen.

/// A language spindel speaks. Sites may be in any language; messages are in one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// `sv`, `sv-SE`, `sv_SE.UTF-8`, `en`, `en-GB`…: the language of a tag or locale, if spindel
    /// speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The language the environment asks for: `SPINDEL_LANG` (`sv` or `en`); else, only when a
    /// person is at a terminal (standard error is one), the locale (`LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`, as POSIX orders them). A build machine's locale is not a
    /// person's choice: Netlify's image sets `LC_ALL=en_US.UTF-8` and writes to a log, and an
    /// editor reading a deploy preview's log should get the site's language.
    pub fn from_environment() -> Option<Lang> {
        use std::io::IsTerminal;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(asked) = var("SPINDEL_LANG") {
            return Lang::from_tag(asked.trim());
        }
        if !std::io::stderr().is_terminal() {
            return None;
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(var)
            .and_then(|locale| Lang::from_tag(locale.trim()))
    }

    /// The language of a run's messages: the one asked for, else the site's default
    /// language if spindel speaks it, else Swedish.
    pub fn choose(asked: Option<Lang>, site_default: Option<&str>) -> Lang {
        asked
            .or_else(|| site_default.and_then(Lang::from_tag))
            .unwrap_or_default()
    }
}
