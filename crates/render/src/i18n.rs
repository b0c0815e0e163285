//! UI strings from Fluent files (`locales/{sq,en}/*.ftl`, compiled in) and dates per
//! language, in the site's time zone.
//!
//! The time zone is the site's (one per process: `timezone` in the configuration, set once
//! at start-up with `set_site_time_zone`); pages show dates and times in it and the
//! newsroom enters times in it. Machine-readable times (`<time datetime>`, feeds,
//! sitemaps, JSON-LD) stay in UTC.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use domain::Locale;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use time::OffsetDateTime;

static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static SQ: LanguageIdentifier = langid!("sq");
static EN: LanguageIdentifier = langid!("en");

fn langid(locale: Locale) -> &'static LanguageIdentifier {
    match locale {
        Locale::Sq => &SQ,
        Locale::En => &EN,
    }
}

/// The UI string `key` in `locale`; the key itself when it is missing (a test keeps the two
/// languages' key sets equal).
pub fn t(locale: Locale, key: &str) -> String {
    LOCALES
        .try_lookup(langid(locale), key)
        .unwrap_or_else(|| key.to_owned())
}

/// The UI string `key` with Fluent arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Owned((*k).to_owned()), v.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(langid(locale), key, &map)
        .unwrap_or_else(|| key.to_owned())
}

const MONTHS_SQ: [&str; 12] = [
    "janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor",
    "nëntor", "dhjetor",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_SQ: [&str; 7] = [
    "e hënë",
    "e martë",
    "e mërkurë",
    "e enjte",
    "e premte",
    "e shtunë",
    "e diel",
];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The time zone a site uses when its configuration names none.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Tirane";

/// A named IANA time zone.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: jiff::tz::TimeZone,
}

impl Zone {
    /// The zone called `name` (`Europe/Tirane`, `UTC`, …); an error names what is wrong.
    pub fn named(name: &str) -> Result<Zone, String> {
        jiff::tz::TimeZone::get(name)
            .map(|tz| Zone {
                name: name.to_owned(),
                tz,
            })
            .map_err(|_| format!("{name:?} is not a time zone of the IANA database (such as Europe/Tirane or UTC)"))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The moment `ts` as a date and time in this zone.
    pub fn local(&self, ts: i64) -> OffsetDateTime {
        let utc = OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let offset = jiff::Timestamp::from_second(ts)
            .map(|t| self.tz.to_offset(t).seconds())
            .unwrap_or(0);
        time::UtcOffset::from_whole_seconds(offset).map_or(utc, |o| utc.to_offset(o))
    }

    /// The zone's abbreviation at `ts` (`CET`, `CEST`, `UTC`).
    pub fn abbreviation(&self, ts: i64) -> String {
        jiff::Timestamp::from_second(ts)
            .map(|t| self.tz.to_offset_info(t).abbreviation().to_owned())
            .unwrap_or_default()
    }

    /// The moment a wall-clock date and time in this zone names. A time the clocks skip
    /// (spring forward) counts as the same time after the change; one they pass twice
    /// (fall back), as the first.
    pub fn timestamp(&self, local: time::PrimitiveDateTime) -> Option<i64> {
        let dt = jiff::civil::DateTime::new(
            i16::try_from(local.year()).ok()?,
            i8::try_from(u8::from(local.month())).ok()?,
            i8::try_from(local.day()).ok()?,
            i8::try_from(local.hour()).ok()?,
            i8::try_from(local.minute()).ok()?,
            i8::try_from(local.second()).ok()?,
            0,
        )
        .ok()?;
        self.tz
            .to_ambiguous_timestamp(dt)
            .compatible()
            .ok()
            .map(jiff::Timestamp::as_second)
    }
}

static SITE_ZONE: OnceLock<Zone> = OnceLock::new();

/// Sets the site's time zone, once per process (at start-up); a second, different zone is
/// refused.
pub fn set_site_time_zone(zone: Zone) -> Result<(), String> {
    let name = zone.name.clone();
    let set = SITE_ZONE.get_or_init(|| zone);
    if set.name == name {
        Ok(())
    } else {
        Err(format!("the time zone is already {}", set.name))
    }
}

/// The site's time zone (`DEFAULT_TIME_ZONE` until one is set).
pub fn site_time_zone() -> &'static Zone {
    SITE_ZONE.get_or_init(|| Zone::named(DEFAULT_TIME_ZONE).expect("the default zone exists"))
}

fn utc(ts: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn local(ts: i64) -> OffsetDateTime {
    site_time_zone().local(ts)
}

/// The number of the day (days since 1970-01-01) that `ts` falls on in the site's time
/// zone: what view counts and "most read today" go by.
pub fn local_day(ts: i64) -> i64 {
    let offset = i64::from(local(ts).offset().whole_seconds());
    (ts + offset).div_euclid(86_400)
}

/// `YYYY-MM-DDTHH:MM` in the site's time zone: the value of a `datetime-local` field.
pub fn local_input(ts: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    local(ts).format(format).unwrap_or_default()
}

/// The moment a `datetime-local` value (`YYYY-MM-DDTHH:MM`) names in the site's time zone.
pub fn parse_local_input(s: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let t = time::PrimitiveDateTime::parse(s.trim(), format).ok()?;
    site_time_zone().timestamp(t)
}

/// The first moment of a day (`YYYY-MM-DD`) in the site's time zone.
pub fn local_day_start(s: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(s.trim(), format).ok()?;
    site_time_zone().timestamp(d.midnight())
}

/// The last second of a day (`YYYY-MM-DD`) in the site's time zone (days of 23 and 25
/// hours included).
pub fn local_day_end(s: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let next = time::Date::parse(s.trim(), format).ok()?.next_day()?;
    site_time_zone().timestamp(next.midnight()).map(|t| t - 1)
}

/// `09:20 CET`: a time of day in the site's time zone.
pub fn format_time(ts: i64) -> String {
    let d = local(ts);
    format!(
        "{:02}:{:02} {}",
        d.hour(),
        d.minute(),
        site_time_zone().abbreviation(ts)
    )
}

/// `28 nëntor 2026` / `28 November 2026`.
pub fn format_date(ts: i64, locale: Locale) -> String {
    let d = local(ts);
    let m = usize::from(u8::from(d.month())) - 1;
    match locale {
        Locale::Sq => format!("{} {} {}", d.day(), MONTHS_SQ[m], d.year()),
        Locale::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
    }
}

/// `e shtunë, 28 nëntor 2026` / `Saturday, 28 November 2026`.
pub fn format_long_date(ts: i64, locale: Locale) -> String {
    let d = local(ts);
    let wd = usize::from(d.weekday().number_days_from_monday());
    let day = match locale {
        Locale::Sq => DAYS_SQ[wd],
        Locale::En => DAYS_EN[wd],
    };
    format!("{day}, {}", format_date(ts, locale))
}

/// `28 nëntor 2026, 10:20 CET` / `28 November 2026, 10:20 CET`: a moment in the site's
/// time zone, for the newsroom.
pub fn format_datetime(ts: i64, locale: Locale) -> String {
    format!("{}, {}", format_date(ts, locale), format_time(ts))
}

/// `2026-11-28T09:30:00Z`, for `<time datetime>` and feeds.
pub fn iso8601(ts: i64) -> String {
    utc(ts)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_in_both_languages_in_the_sites_time_zone() {
        // 2026-11-28 09:20 UTC, a Saturday; 10:20 in Tirana (the default zone).
        let ts = 1_795_857_600;
        assert_eq!(site_time_zone().name(), DEFAULT_TIME_ZONE);
        assert_eq!(format_date(ts, Locale::Sq), "28 nëntor 2026");
        assert_eq!(
            format_datetime(ts, Locale::En),
            "28 November 2026, 10:20 CET"
        );
        // 23:30 UTC on the 28th is already the 29th in Tirana.
        assert_eq!(format_date(1_795_908_600, Locale::En), "29 November 2026");
        assert_eq!(local_input(ts), "2026-11-28T10:20");
        assert_eq!(parse_local_input("2026-11-28T10:20"), Some(ts));
        assert_eq!(parse_local_input("28.11.2026 10:20"), None);
        assert_eq!(local_day_start("2026-11-29"), Some(1_795_906_800));
        assert_eq!(local_day_end("2026-11-28"), Some(1_795_906_799));
        // Day numbers turn at local midnight (23:00 UTC in winter).
        assert_eq!(local_day(1_795_906_799), local_day(ts));
        assert_eq!(local_day(1_795_906_800), local_day(ts) + 1);
        // The day clocks go forward has 23 hours.
        assert_eq!(
            local_day_end("2026-03-29")
                .zip(local_day_start("2026-03-29"))
                .map(|(e, s)| e - s),
            Some(23 * 3600 - 1)
        );
        assert_eq!(
            format_long_date(ts, Locale::En),
            "Saturday, 28 November 2026"
        );
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn zones_follow_summer_time_and_its_gaps() {
        let tirana = Zone::named("Europe/Tirane").expect("zone");
        let at = |s: &str| {
            let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
            tirana.timestamp(time::PrimitiveDateTime::parse(s, format).expect("valid"))
        };
        // Summer time: UTC+2 (CEST); winter: UTC+1 (CET).
        assert_eq!(at("2026-07-01T12:00"), Some(1_782_900_000));
        assert_eq!(tirana.abbreviation(1_782_900_000), "CEST");
        assert_eq!(at("2026-01-01T12:00"), Some(1_767_265_200));
        // 02:30 on 29 March 2026 does not exist (02:00 → 03:00): it is taken as 03:30 CEST.
        assert_eq!(at("2026-03-29T02:30"), at("2026-03-29T03:30"));
        let utc = Zone::named("UTC").expect("zone");
        assert_eq!(utc.local(0).hour(), 0);
        assert!(Zone::named("Mars/Olympus").is_err());
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let keys = |lang: &str| -> Vec<String> {
            let dir = format!("{}/../../locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            let mut keys = Vec::new();
            for entry in std::fs::read_dir(dir).expect("locale dir") {
                let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
                for line in text.lines() {
                    if let Some((k, _)) = line.split_once(" =")
                        && !k.starts_with([' ', '#', '-'])
                        && !k.is_empty()
                    {
                        keys.push(k.trim().to_owned());
                    }
                }
            }
            keys.sort();
            keys
        };
        assert_eq!(keys("sq"), keys("en"));
        assert_eq!(t(Locale::Sq, "nav-home"), "Ballina");
    }
}
