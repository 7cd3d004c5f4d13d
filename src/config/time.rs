//! Time: the dates of front matter, the site's time zone (`timezone` in spindel.toml) and the
//! clock that decides which pages are dated in the future.
//!
//! A date written without an offset (`2024-05-16`, `2024-05-16T10:00`) is a time in the site's
//! zone, a day being its first moment there; one with an offset (`…T10:00:00+02:00`, `…Z`) is
//! that instant wherever the site is. Dates compare as instants.

use jiff::civil;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};

/// The zone of a site whose spindel.toml names none.
pub const DEFAULT_TIMEZONE: &str = "Europe/Stockholm";

/// The variable that pins "now", for tests and reproducible builds only.
pub const NOW_VAR: &str = "SPINDEL_NOW";

/// A zone of the bundled tz database by its name (`Europe/Stockholm`, `UTC`).
pub fn zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

/// The names of the bundled tz database, for a "did you mean".
pub fn zone_names() -> Vec<String> {
    jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_string())
        .collect()
}

/// Now: the clock, or the instant `SPINDEL_NOW` pins (`2026-03-29T01:30:00+01:00`). The only
/// place that reads the clock or the variable.
pub fn now() -> Result<Timestamp, String> {
    match std::env::var(NOW_VAR) {
        Ok(text) => text.trim().parse::<Timestamp>().map_err(|e| {
            format!("{NOW_VAR} `{text}` is not a time with an offset, such as 2026-03-29T01:30:00+01:00: {e}")
        }),
        Err(std::env::VarError::NotPresent) => Ok(Timestamp::now()),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{NOW_VAR} is not UTF-8")),
    }
}

/// Today in `tz`: pages dated after it are not published yet.
pub fn today(tz: &TimeZone) -> civil::Date {
    // `Config::load` refuses a bad SPINDEL_NOW before anything asks for today.
    day_of(now().unwrap_or_else(|_| Timestamp::now()), tz)
}

/// The day `at` falls on in `tz`.
pub fn day_of(at: Timestamp, tz: &TimeZone) -> civil::Date {
    tz.to_datetime(at).date()
}

/// The months in Swedish and English, in the order of the year: the names editors write
/// dates with, for every reader of them.
pub const MONTH_NAMES: [[&str; 2]; 12] = [
    ["januari", "january"],
    ["februari", "february"],
    ["mars", "march"],
    ["april", "april"],
    ["maj", "may"],
    ["juni", "june"],
    ["juli", "july"],
    ["augusti", "august"],
    ["september", "september"],
    ["oktober", "october"],
    ["november", "november"],
    ["december", "december"],
];

/// The day a free text opens with, if it opens with one that can be read: `2018-11-28`, or a
/// day written out in Swedish or English, `28 november 2018`, `onsdag den 28 november 2018`,
/// `28 November 2018`, with anything after it (`kl. 10 i Stockholm`). A text that opens any
/// other way (`Vid mötet planerades …`) has no day here: it is not judged.
pub fn leading_date(text: &str) -> Option<civil::Date> {
    const WEEKDAYS: [&str; 14] = [
        "måndag",
        "tisdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lördag",
        "söndag",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let t = text.trim_start();
    // ISO: 2018-11-28, not followed by another digit.
    if let Some(iso) = t.get(..10)
        && iso.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
        && !t[10..].starts_with(|c: char| c.is_ascii_digit())
    {
        return iso.parse::<civil::Date>().ok();
    }
    let mut words = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    if words
        .peek()
        .is_some_and(|w| WEEKDAYS.contains(&w.to_lowercase().as_str()))
    {
        words.next();
    }
    if words.peek().is_some_and(|w| w.eq_ignore_ascii_case("den")) {
        words.next();
    }
    let day: i8 = words.next()?.trim_end_matches('.').parse().ok()?;
    let month = words.next()?.to_lowercase();
    let month = MONTH_NAMES
        .iter()
        .position(|m| m.contains(&month.as_str()))? as i8
        + 1;
    let year = words.next()?.trim_end_matches(['.', ':', ';']);
    if year.len() != 4 {
        return None;
    }
    civil::Date::new(year.parse().ok()?, month, day).ok()
}

/// A date of front matter: a day (`2024-05-16`), a time of day in the site's zone
/// (`2024-05-16T10:00`, also with a space for the `T`), or an instant with its offset
/// (`2024-05-16T10:00:00+02:00`, `…Z`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    /// As written, `T` between the day and the time: what templates show.
    text: String,
    when: When,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum When {
    Day(civil::Date),
    Local(civil::DateTime),
    /// The time as written and its offset; `zulu` when written `Z`.
    Fixed {
        at: civil::DateTime,
        offset: Offset,
        zulu: bool,
    },
}

impl Date {
    /// Accepts `2024-05-16`, `2024-05-16T10:00`, `2024-05-16 10:00:00`, and either with `Z` or
    /// an offset (`+02:00`).
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let not_a_date = || format!("`{text}` is not a date");
        let b = text.as_bytes();
        // Year-month-day in full, as RFC 3339 and TOML write it (jiff also reads 20240516).
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() < 10
            || !(b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10))
        {
            return Err(not_a_date());
        }
        let number = |r: std::ops::Range<usize>| text[r].parse::<i16>().unwrap_or(0);
        let (y, m, d) = (number(0..4), number(5..7), number(8..10));
        if civil::Date::new(y, m as i8, d as i8).is_err() {
            return Err(format!("`{text}` is not a date in the calendar"));
        }
        let pieces = Pieces::parse(text).map_err(|_| not_a_date())?;
        // Hours and minutes at least, and no `[Europe/Stockholm]`: what TOML and HTML's
        // `<time datetime>` read too.
        if b.len() > 10 && (b.len() < 16 || b[13] != b':')
            || pieces.time_zone_annotation().is_some()
        {
            return Err(not_a_date());
        }
        let day = pieces.date();
        let when = match (pieces.time(), pieces.offset()) {
            (None, _) => When::Day(day),
            (Some(t), None) => When::Local(day.to_datetime(t)),
            (Some(t), Some(o)) => When::Fixed {
                at: day.to_datetime(t),
                offset: o.to_numeric_offset(),
                zulu: o == PiecesOffset::Zulu,
            },
        };
        // Every date is an instant in every zone: not so at the ends of the calendar.
        let dt = match when {
            When::Day(d) => d.to_datetime(civil::Time::midnight()),
            When::Local(dt) | When::Fixed { at: dt, .. } => dt,
        };
        if Offset::MIN.to_timestamp(dt).is_err() || Offset::MAX.to_timestamp(dt).is_err() {
            return Err(not_a_date());
        }
        let mut text = text.to_string();
        if text.len() > 10 {
            text.replace_range(10..11, "T");
        }
        Ok(Date { text, when })
    }

    /// An instant as a date written in `tz`, with the offset there (`2024-02-27T10:30:00+01:00`):
    /// a commit's time, shown on the day it was in the site's zone.
    pub fn from_timestamp(at: Timestamp, tz: &TimeZone) -> Date {
        let zoned = at.to_zoned_datetime(tz.clone());
        let offset = zoned.offset();
        Date {
            text: jiff::fmt::strtime::format("%Y-%m-%dT%H:%M:%S%:z", &zoned)
                .unwrap_or_else(|_| at.to_string()),
            when: When::Fixed {
                at: zoned.datetime(),
                offset,
                zulu: false,
            },
        }
    }

    /// As written (`T` between the day and the time).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The `YYYY-MM-DD` part, as written.
    pub fn day(&self) -> &str {
        &self.text[..10]
    }

    pub fn year(&self) -> &str {
        &self.text[..4]
    }

    /// The date as a time in `tz`: a day is its first moment there, a time without an offset
    /// is read there (one the change to summer time skips is read as it would be in winter,
    /// one the change back repeats as its first), a time with an offset is that instant.
    pub fn in_zone(&self, tz: &TimeZone) -> ZonedDateTime {
        let zoned = match self.when {
            When::Day(d) => d.to_zoned_datetime(tz.clone()),
            When::Local(dt) => dt.to_zoned_datetime(tz.clone()),
            When::Fixed { at, offset, .. } => offset
                .to_timestamp(at)
                .map(|ts| ts.to_zoned_datetime(tz.clone())),
        };
        // `parse` made sure that the time exists with any offset a zone can have.
        zoned.unwrap_or_else(|_| Timestamp::MAX.to_zoned_datetime(tz.clone()))
    }

    /// The date as written, for showing it: as `in_zone`, but a time with an offset stays in
    /// its offset.
    pub fn as_written(&self, tz: &TimeZone) -> ZonedDateTime {
        match self.when {
            When::Fixed { offset, .. } => self
                .in_zone(tz)
                .timestamp()
                .to_zoned_datetime(offset.to_time_zone()),
            _ => self.in_zone(tz),
        }
    }

    /// The instant of the date in `tz`.
    pub fn timestamp(&self, tz: &TimeZone) -> Timestamp {
        self.in_zone(tz).timestamp()
    }

    /// The day of the date in `tz`: the day as written, unless it has an offset that puts it
    /// on another day there.
    pub fn day_in(&self, tz: &TimeZone) -> civil::Date {
        match self.when {
            When::Day(d) => d,
            When::Local(dt) => dt.date(),
            When::Fixed { .. } => self.in_zone(tz).date(),
        }
    }

    /// The date as an RFC 3339 timestamp (Atom's dates): with its offset as written, or read in
    /// `tz` with the offset there (`Z` where it is zero). Fractional seconds keep the digits
    /// written.
    pub fn rfc3339(&self, tz: &TimeZone) -> String {
        let (at, offset, zulu) = match self.when {
            When::Fixed { at, offset, zulu } => (at, offset, zulu),
            _ => {
                let z = self.in_zone(tz);
                let zero = z.offset() == Offset::UTC;
                (z.datetime(), z.offset(), zero)
            }
        };
        // An offset of seconds (local mean time, before standard time) is not RFC 3339's:
        // the same instant in UTC.
        let (at, offset, zulu) = if offset.seconds() % 60 != 0 {
            let utc = offset
                .to_timestamp(at)
                .map_or(at, |ts| Offset::UTC.to_datetime(ts));
            (utc, Offset::UTC, true)
        } else {
            (at, offset, zulu)
        };
        let fraction = self.text[10..]
            .split_once(['.', ','])
            .map(|(_, f)| f.bytes().take_while(u8::is_ascii_digit).count());
        let mut out = match fraction {
            Some(n) => format!("{at:.n$}"),
            None => format!("{at:.0}"),
        };
        if zulu {
            out.push('Z');
        } else {
            let s = offset.seconds();
            let sign = if s < 0 { '-' } else { '+' };
            let m = s.unsigned_abs() / 60;
            out.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
        }
        out
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // TOML dates arrive as toml::value::Datetime; quoted dates as strings.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Datetime(toml::value::Datetime),
            Text(String),
        }
        let text = match Raw::deserialize(d)
            .map_err(|_| serde::de::Error::custom("expected a date such as 2024-05-16"))?
        {
            Raw::Datetime(dt) => dt.to_string(),
            Raw::Text(s) => s,
        };
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stockholm() -> TimeZone {
        zone("Europe/Stockholm").unwrap()
    }

    #[test]
    fn a_text_that_opens_with_a_day_gives_it() {
        let day = |y, m, d| Some(civil::date(y, m, d));
        assert_eq!(leading_date("2018-11-28"), day(2018, 11, 28));
        assert_eq!(
            leading_date(" 2018-11-28 kl. 10 i Stockholm"),
            day(2018, 11, 28)
        );
        assert_eq!(
            leading_date("28 november 2018 i Stockholm"),
            day(2018, 11, 28)
        );
        assert_eq!(
            leading_date("Onsdag den 28 november 2018."),
            day(2018, 11, 28)
        );
        assert_eq!(
            leading_date("28 November 2018, Stockholm"),
            day(2018, 11, 28)
        );
        assert_eq!(
            leading_date("Vid mötet planerades nästa möte till 28 november 2018"),
            None
        );
        assert_eq!(leading_date("2018-11-280"), None);
        assert_eq!(leading_date("31 februari 2018"), None);
        assert_eq!(leading_date("28 november"), None);
        assert_eq!(leading_date("Datum och plats, om det är bestämt."), None);
        assert_eq!(leading_date(""), None);
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn dates_are_validated() {
        assert_eq!(Date::parse("2018-05-16").unwrap().day(), "2018-05-16");
        assert_eq!(Date::parse("2020-02-29").unwrap().year(), "2020");
        assert_eq!(
            Date::parse(" 2024-02-27 10:30 ").unwrap().as_str(),
            "2024-02-27T10:30"
        );
        for bad in [
            "2018-02-30",
            "2019-02-29",
            "2018-13-01",
            "16 maj 2018",
            "20180516",
            "2018-05-16Tkväll",
            "2018-05-16T10",
            "2018-05-16T25:00",
            "2018-05-16T10:00[Europe/Stockholm]",
            "2018-05-16x",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_become_rfc3339_in_the_sites_zone() {
        let tz = stockholm();
        let d = |s: &str| Date::parse(s).unwrap().rfc3339(&tz);
        // A day is its midnight in Stockholm: winter time, then summer time.
        assert_eq!(d("2024-02-27"), "2024-02-27T00:00:00+01:00");
        assert_eq!(d("2024-05-16"), "2024-05-16T00:00:00+02:00");
        assert_eq!(d("2024-02-27T10:30"), "2024-02-27T10:30:00+01:00");
        // Written with an offset: as written.
        assert_eq!(d("2024-02-27T10:30:05+01:00"), "2024-02-27T10:30:05+01:00");
        assert_eq!(d("2024-02-27 10:30:05z"), "2024-02-27T10:30:05Z");
        assert_eq!(d("2024-02-27T10:30:05+00:00"), "2024-02-27T10:30:05+00:00");
        assert_eq!(
            d("2024-02-27T10:30:05.250-05:00"),
            "2024-02-27T10:30:05.250-05:00"
        );
        // A zone whose offset is zero writes Z, as before the setting.
        let utc = zone("UTC").unwrap();
        assert_eq!(
            Date::parse("2024-02-27").unwrap().rfc3339(&utc),
            "2024-02-27T00:00:00Z"
        );
        // Local mean time (+00:53:28 in the tz database) is given in UTC.
        assert_eq!(d("1850-01-01"), "1849-12-31T23:06:32Z");
    }

    #[test]
    fn times_the_change_of_clocks_skips_or_repeats() {
        let tz = stockholm();
        let d = |s: &str| Date::parse(s).unwrap();
        // 02:30 does not exist on the last Sunday of March: read as 03:30 summer time.
        assert_eq!(
            d("2026-03-29T02:30").rfc3339(&tz),
            "2026-03-29T03:30:00+02:00"
        );
        // … and comes twice on the last Sunday of October: the first.
        assert_eq!(
            d("2026-10-25T02:30").timestamp(&tz),
            at("2026-10-25T00:30:00Z")
        );
        // An hour apart in writing, the same instant.
        assert_eq!(
            d("2026-10-25T03:30:00+01:00").timestamp(&tz),
            d("2026-10-25T02:30:00Z").timestamp(&tz)
        );
    }

    #[test]
    fn dates_compare_as_instants() {
        let tz = stockholm();
        let t = |s: &str| Date::parse(s).unwrap().timestamp(&tz);
        // As text the first is the later one.
        assert!(t("2024-05-16T10:00:00+02:00") < t("2024-05-16T09:00:00Z"));
        assert!(t("2024-05-16") < t("2024-05-16T00:30"));
        // A day begins at 22:00 UTC in summer.
        assert!(t("2024-05-16") > t("2024-05-15T21:30:00Z"));
        assert!(t("2024-05-16") < t("2024-05-15T22:30:00Z"));
    }

    #[test]
    fn a_date_with_an_offset_falls_on_its_day_in_the_sites_zone() {
        let tz = stockholm();
        let day = |s: &str| Date::parse(s).unwrap().day_in(&tz).to_string();
        assert_eq!(day("2026-03-29"), "2026-03-29");
        assert_eq!(day("2026-03-29T23:30"), "2026-03-29");
        assert_eq!(day("2026-03-29T23:30:00Z"), "2026-03-30");
        assert_eq!(day("2026-03-30T01:00:00+05:00"), "2026-03-29");
    }

    #[test]
    fn today_begins_at_midnight_in_the_sites_zone() {
        let tz = stockholm();
        let today = |s: &str| day_of(at(s), &tz).to_string();
        // Winter: midnight is 23:00 UTC the day before.
        assert_eq!(today("2026-01-14T22:59:59Z"), "2026-01-14");
        assert_eq!(today("2026-01-14T23:00:00Z"), "2026-01-15");
        // The night the clocks go forward (last Sunday of March), and the next.
        assert_eq!(today("2026-03-28T22:59:59Z"), "2026-03-28");
        assert_eq!(today("2026-03-28T23:00:00Z"), "2026-03-29");
        assert_eq!(today("2026-03-29T21:59:59Z"), "2026-03-29");
        assert_eq!(today("2026-03-29T22:00:00Z"), "2026-03-30");
        // The night the clocks go back (last Sunday of October), and the next.
        assert_eq!(today("2026-10-24T21:59:59Z"), "2026-10-24");
        assert_eq!(today("2026-10-24T22:00:00Z"), "2026-10-25");
        assert_eq!(today("2026-10-25T22:59:59Z"), "2026-10-25");
        assert_eq!(today("2026-10-25T23:00:00Z"), "2026-10-26");
    }

    #[test]
    fn zones_are_found_by_name() {
        assert!(zone(DEFAULT_TIMEZONE).is_some());
        assert!(zone("UTC").is_some());
        assert!(zone("Europe/Stokholm").is_none());
        assert!(zone_names().iter().any(|n| n == "America/New_York"));
    }
}
