//! UI strings from Fluent files (`locales/{sq,en}/*.ftl`, compiled in) and dates per language.

use std::borrow::Cow;
use std::collections::HashMap;

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

fn utc(ts: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(ts).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// `28 nëntor 2026` / `28 November 2026`.
pub fn format_date(ts: i64, locale: Locale) -> String {
    let d = utc(ts);
    let m = usize::from(u8::from(d.month())) - 1;
    match locale {
        Locale::Sq => format!("{} {} {}", d.day(), MONTHS_SQ[m], d.year()),
        Locale::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
    }
}

/// `e shtunë, 28 nëntor 2026` / `Saturday, 28 November 2026`.
pub fn format_long_date(ts: i64, locale: Locale) -> String {
    let d = utc(ts);
    let wd = usize::from(d.weekday().number_days_from_monday());
    let day = match locale {
        Locale::Sq => DAYS_SQ[wd],
        Locale::En => DAYS_EN[wd],
    };
    format!("{day}, {}", format_date(ts, locale))
}

/// `28 nëntor 2026, 09:20 UTC` / `28 November 2026, 09:20 UTC`: a moment, for the newsroom.
pub fn format_datetime(ts: i64, locale: Locale) -> String {
    let d = utc(ts);
    format!(
        "{}, {:02}:{:02} UTC",
        format_date(ts, locale),
        d.hour(),
        d.minute()
    )
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
    fn formats_dates_in_both_languages() {
        // 2026-11-28 is a Saturday.
        let ts = 1_795_857_600;
        assert_eq!(format_date(ts, Locale::Sq), "28 nëntor 2026");
        assert_eq!(
            format_datetime(ts, Locale::En),
            "28 November 2026, 09:20 UTC"
        );
        assert_eq!(
            format_long_date(ts, Locale::En),
            "Saturday, 28 November 2026"
        );
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
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
