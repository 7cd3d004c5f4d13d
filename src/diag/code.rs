//! A stable code for every kind of problem spindel reports, shown as rustc shows its own
//! (`error[S0104]: …`), in `check --format json` and in GitHub annotations. Code and tests
//! match on codes, never on message text, so that messages can be reworded and translated.
//!
//! The letter says where the problem lies; the number never changes meaning once published:
//! a kind that goes away leaves its number unused.
//!
//! | letter | where |
//! |---|---|
//! | `U` | how spindel was called |
//! | `T` | a TOML file: spindel.toml, front matter, data |
//! | `C` | the settings of spindel.toml |
//! | `F` | the site's files and their front matter |
//! | `L` | internal `@/` links and anchors |
//! | `G` | the site's graph: URLs, taxonomies, aliases |
//! | `S` | the content checks (lints) |
//! | `R` | templates |
//! | `P` | publishing: static files, assets, feeds |
//! | `O` | writing the output |
//! | `X` | links to other sites (`check --external`) |
//! | `V` | the preview (`serve`) |

use serde::Serialize;

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)*) => {
        /// What kind of problem a diagnostic reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$doc])* $name,)*
        }

        impl Code {
            /// Every code, in the order of this list.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as shown: `S0104`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)*
                }
            }
        }
    };
}

codes! {
    /// The site directory does not exist.
    SiteDirMissing = "U0001",
    /// An option's value is not what it must be (`--base-url`).
    BadOption = "U0002",
    /// The preview cannot listen on the address asked for.
    CannotListen = "U0003",
    /// `SPINDEL_NOW` is not a time with an offset.
    BadNow = "U0004",
    /// `spindel new` was given a type that has no archetype, or no title.
    NewUsage = "U0005",
    /// `check --external` was asked of a spindel compiled without the `external` feature.
    ExternalNotBuilt = "U0006",
    /// The command line is not one spindel understands: an unknown command or option, a value
    /// of the wrong kind, a word too many (a title without quotes).
    CommandLine = "U0017",

    /// The TOML itself is broken.
    TomlSyntax = "T0001",
    /// A value has the wrong type.
    TomlType = "T0002",
    /// A key that is not a setting or field.
    TomlUnknownKey = "T0003",
    /// A key, or a table, written twice in one table.
    TomlDuplicate = "T0004",

    /// spindel.toml cannot be read.
    ConfigUnreadable = "C0001",
    /// `base_url` is not an http(s) address.
    BaseUrl = "C0002",
    /// A language code that is not one.
    LanguageCode = "C0003",
    /// A taxonomy declared wrongly, or its `data` names no list of entries.
    TaxonomyDeclaration = "C0004",
    /// A setting names a taxonomy the site does not declare.
    UnknownTaxonomy = "C0005",
    /// A setting's value is not one it may take.
    BadSetting = "C0006",
    /// The rules of `[check]` are wrong.
    CheckRules = "C0007",
    /// The theme does not exist.
    ThemeMissing = "C0008",
    /// The highlighting theme does not exist.
    HighlightTheme = "C0009",
    /// `timezone` is not a zone of the tz database.
    TimeZone = "C0010",
    /// A site's wording of a message (`[languages.sv.messages]`) cannot be used.
    MessageOverride = "C0011",

    /// A file is not UTF-8 text.
    NotUtf8 = "F0001",
    /// A file or folder cannot be read.
    Unreadable = "F0002",
    /// A symbolic link that is not followed.
    Symlink = "F0003",
    /// A page or section without a title.
    NoTitle = "F0004",
    /// The front matter is YAML, not TOML.
    YamlFrontMatter = "F0005",
    /// The front matter has no closing `+++`.
    FrontMatterOpen = "F0006",
    /// A file name's language is not one of the site's.
    FileLanguage = "F0007",
    /// A file that belongs to no page or section.
    Orphan = "F0008",
    /// A file in `data/` that is not TOML.
    DataNotToml = "F0009",
    /// There is no `content/` folder.
    NoContent = "F0010",
    /// A Markdown file that is empty or does not start with front matter.
    NoFrontMatter = "F0011",
    /// A symbolic link that leads outside the site.
    LinkOutsideSite = "F0012",
    /// The site's git history cannot be read, or is cut off (a shallow clone): some pages
    /// show no date of their last change.
    GitHistory = "F0013",
    /// The file `spindel new` would write exists already.
    NewFileExists = "F0014",
    /// An archetype (`archetypes/*.md`) that `spindel new` cannot use.
    Archetype = "F0015",
    /// Control characters (NUL, ESC, …) in a text of the front matter, left out of the pages.
    FrontMatterControl = "F0016",

    /// An `@/` link to a page that does not exist.
    LinkMissing = "L0001",
    /// A link to a draft or a page dated in the future, which the build leaves out.
    LinkLeftOut = "L0002",
    /// An `#anchor` that is not a heading of its page.
    AnchorMissing = "L0003",
    /// More broken links than are shown.
    LinksNotShown = "L0004",

    /// Two files would be published at one URL.
    UrlTaken = "G0001",
    /// A slug, file name or term without letters or digits to make a URL of.
    EmptySlug = "G0002",
    /// A term outside its taxonomy's data, as the graph finds it (S0008, the content
    /// checks' finding in the site's words, takes its place where both are made).
    TermNotInData = "G0003",
    /// An alias that is not a path.
    BadAlias = "G0004",
    /// A front matter taxonomy the site does not declare.
    PageTaxonomy = "G0005",
    /// A slug written as a path (`../x`, `a/b`): only its words make the URL.
    SlugIsPath = "G0006",
    /// A variant of a page (`sida.lattlast.md`) without the page (`sida.md`).
    VariantWithoutPage = "G0007",
    /// `spindel new`: the new page's address is another page's, section's or alias's.
    NewAddressTaken = "G0008",

    /// A file larger than `max_file_size`.
    TooLarge = "S0001",
    /// A top-level heading in the text.
    HeadingTopLevel = "S0002",
    /// A heading that skips a level.
    HeadingSkip = "S0003",
    /// An image without alt text.
    ImageNoAlt = "S0004",
    /// A link without text.
    LinkNoText = "S0005",
    /// A link written as a path that leads nowhere, or names a source file.
    PathLink = "S0006",
    /// An e-mail address that may be a person's own.
    Email = "S0007",
    /// A term outside its taxonomy's data or the list in `[check.terms]`.
    UnknownTerm = "S0008",
    /// A required field is missing or has the wrong type.
    RequiredField = "S0009",
    /// A date in the future where pages record the past.
    FutureDate = "S0010",
    /// Two pages of a section with the same title.
    DuplicateTitle = "S0011",
    /// More problems of one kind than are shown.
    MoreNotShown = "S0012",
    /// A link without an address.
    LinkNoAddress = "S0013",
    /// A phone number that may be a person's own.
    Phone = "S0014",
    /// A field that names something still to come (`upcoming`) opens with a day that has
    /// passed.
    PassedUpcoming = "S0015",

    /// A template that does not exist.
    TemplateMissing = "R0001",
    /// A template that cannot be read.
    TemplateUnreadable = "R0002",
    /// A template's syntax, or an error while rendering it.
    Template = "R0003",
    /// Templates that extend or include each other in a loop.
    TemplateLoop = "R0004",
    /// A template that does too much for one page: loops, time, memory or the page's size
    /// past their limits.
    TemplateLimit = "R0005",

    /// A static file that cannot be read.
    StaticUnreadable = "P0001",
    /// A page or file under `/assets/`, which fingerprinted copies use.
    AssetsReserved = "P0002",
    /// A feed names a section that does not exist.
    FeedSection = "P0003",
    /// A static file at the path of a file spindel makes (a page, the sitemap, a feed, the
    /// search index): left out.
    StaticShadowed = "P0004",
    /// A data export (`[[data_exports]]`) names no list of tables in `data/`, or a path that
    /// is not a `.csv` or `.json` file under the site, or one another export has.
    DataExport = "P0005",
    /// A document attached to a page (PDF, Word, OpenDocument text) whose text cannot be read
    /// for the search index (damaged, encrypted, without text, too large or too slow): found
    /// by its page only.
    AttachmentUnreadable = "P0006",
    /// A stylesheet or script that cannot be read as CSS or JavaScript: published as written,
    /// not minified.
    MinifyUnreadable = "P0007",

    /// An output directory that must not be written.
    OutputRefused = "O0001",
    /// Writing the output failed.
    WriteFailed = "O0002",

    /// A link to another site that has moved.
    ExternalMoved = "X0001",
    /// A link to another site that answers with an error.
    ExternalStatus = "X0002",
    /// A link to another site that cannot be reached.
    ExternalFailed = "X0003",

    /// The preview cannot watch the site's files.
    CannotWatch = "V0001",
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} is used twice");
            assert_eq!(s.len(), 5, "{s}");
            assert!(s.as_bytes()[0].is_ascii_uppercase(), "{s}");
            assert!(s[1..].bytes().all(|b| b.is_ascii_digit()), "{s}");
        }
    }
}
