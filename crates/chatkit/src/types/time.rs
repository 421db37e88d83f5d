//! Timestamps as the SDK writes them: ISO-8601 UTC, microseconds only when non-zero (pydantic's format).

use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// The current time, truncated to microseconds so that it survives a round trip through any store.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    let micros = now.nanosecond() / 1_000 * 1_000;
    now.with_nanosecond(micros).unwrap_or(now)
}

/// Formats a timestamp exactly as pydantic does for an aware UTC datetime.
pub fn format(at: &DateTime<Utc>) -> String {
    if at.nanosecond() == 0 {
        at.to_rfc3339_opts(SecondsFormat::Secs, true)
    } else {
        at.to_rfc3339_opts(SecondsFormat::Micros, true)
    }
}

pub(crate) fn serialize<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(at))
}

/// Accepts any RFC 3339 time with an offset, and a naive one (the SDK writes those too) as UTC.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    parse(&text).map_err(serde::de::Error::custom)
}

fn parse(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|naive| naive.and_utc())
        .map_err(|_| format!("invalid timestamp {text:?}: expected ISO-8601, e.g. 2025-01-31T12:00:00Z"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn whole_seconds_have_no_fraction_and_fractions_have_six_digits() {
        let at = Utc.with_ymd_and_hms(2025, 1, 31, 12, 0, 0).single().expect("valid date");
        assert_eq!(format(&at), "2025-01-31T12:00:00Z");
        let at = at.with_nanosecond(123_000_000).expect("valid nanos");
        assert_eq!(format(&at), "2025-01-31T12:00:00.123000Z");
    }

    #[test]
    fn offsets_are_normalised_to_utc_and_naive_times_read_as_utc() {
        let with_offset = parse("2025-01-31T14:00:00+02:00").expect("parses");
        assert_eq!(format(&with_offset), "2025-01-31T12:00:00Z");
        let naive = parse("2025-01-31T12:00:00.5").expect("parses");
        assert_eq!(format(&naive), "2025-01-31T12:00:00.500000Z");
        assert!(parse("yesterday").is_err());
    }
}
