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

    /// The language the environment asks for: `SPINDEL_LANG` (`sv` or `en`). The machine's
    /// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) is not read on purpose: build machines set it
    /// to `en_US` (Netlify's image sets `LC_ALL=en_US.UTF-8`), and an editor reading a deploy
    /// log should get the site's language, not the machine's. Whoever wants another language
    /// than the site's asks for it by name, with `--lang` or this variable.
    pub fn from_environment() -> Option<Lang> {
        std::env::var("SPINDEL_LANG")
            .ok()
            .and_then(|v| Lang::from_tag(v.trim()))
    }

    /// The language of a run's messages: the one asked for, else the site's default
    /// language if spindel speaks it, else Swedish.
    pub fn choose(asked: Option<Lang>, site_default: Option<&str>) -> Lang {
        asked
            .or_else(|| site_default.and_then(Lang::from_tag))
            .unwrap_or_default()
    }
}
