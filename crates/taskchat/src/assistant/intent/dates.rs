//! Natural dates relative to today, written here rather than taken from a crate (see the module docs in `mod.rs`).
//!
//! Rules: a weekday alone is its next occurrence with today excluded ("friday" said on a Friday is a week away);
//! "this friday" is today on a Friday; "next friday" is the Friday of next week (weeks run Monday to Sunday); a day
//! and month without a year are their next occurrence with today included ("feb 29" is the next leap day); "in N
//! days/weeks/months/years" counts from today (a month later than the 31st is the month's last day).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::text::{Phrase, tokenize};

/// Words that may come before a date without changing it ("due on friday").
const DATE_PREPOSITIONS: &str = "on|by|due|for|until|till|before|at";

/// A natural date ("today", "tomorrow", "friday", "next monday", "in 3 days", "on 1 december", "dec 1",
/// "2025-12-01"), relative to `today`; `None` if the whole text is not one.
pub fn parse_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let toks = tokenize(text);
    let words = Phrase { text, toks: &toks }.words();
    let start = words.iter().take_while(|word| DATE_PREPOSITIONS.split('|').any(|p| p == **word)).count();
    let rest = words.get(start..)?;
    match date_at(rest, today, true) {
        Some((date, used)) if used == rest.len() => Some(date),
        _ => None,
    }
}

/// The date that starts `words`, and how many words it took. `loose` also accepts forms that are too ambiguous
/// without a preposition before them: weekday abbreviations ("fri"), "the 5th" and "3 days".
pub(super) fn date_at(words: &[&str], today: NaiveDate, loose: bool) -> Option<(NaiveDate, usize)> {
    let word = |i: usize| words.get(i).copied().unwrap_or("");
    let first = word(0);
    let simple = match first {
        "today" | "tonight" => Some(today),
        "tomorrow" => today.succ_opt(),
        "yesterday" => today.pred_opt(),
        _ => None,
    };
    if let Some(date) = simple {
        return Some((date, 1));
    }
    let the = usize::from(first == "the");
    if word(the) == "day" && word(the + 1) == "after" && word(the + 2) == "tomorrow" {
        return today.checked_add_days(Days::new(2)).map(|date| (date, the + 3));
    }
    if word(0) == "end" && word(1) == "of" {
        let the = usize::from(word(2) == "the");
        match word(2 + the) {
            "week" => return Some((end_of_week(today), 3 + the)),
            "month" => return last_of_month(today).map(|date| (date, 3 + the)),
            _ => {}
        }
    }
    if let Some(day) = weekday(first, loose) {
        if word(1) == "next" && word(2) == "week" {
            return next_week(today, day).map(|date| (date, 3));
        }
        return next_weekday(today, day).map(|date| (date, 1));
    }
    match first {
        "this" | "coming" => {
            let coming = usize::from(first == "this" && word(1) == "coming");
            if let Some(day) = weekday(word(1 + coming), true) {
                let date = if today.weekday() == day { Some(today) } else { next_weekday(today, day) };
                return date.map(|date| (date, 2 + coming));
            }
            if word(1) == "weekend" {
                return weekend(today).map(|date| (date, 2));
            }
        }
        "weekend" => return weekend(today).map(|date| (date, 1)),
        "next" => {
            if let Some(day) = weekday(word(1), true) {
                return next_week(today, day).map(|date| (date, 2));
            }
            let found = match word(1) {
                "week" => next_week(today, Weekday::Mon),
                "month" => today.with_day(1).and_then(|first| first.checked_add_months(Months::new(1))),
                "year" => NaiveDate::from_ymd_opt(today.year().checked_add(1)?, 1, 1),
                "weekend" => weekend(today).and_then(|date| date.checked_add_days(Days::new(7))),
                _ => None,
            };
            return found.map(|date| (date, 2));
        }
        "in" => {
            let rest = words.get(1..).unwrap_or(&[]);
            return amount_at(rest).and_then(|(amount, used)| amount.after(today).map(|date| (date, used + 1)));
        }
        _ => {}
    }
    if let Some((amount, used)) = amount_at(words) {
        if word(used) == "from" && matches!(word(used + 1), "now" | "today") {
            return amount.after(today).map(|date| (date, used + 2));
        }
        if loose && first.bytes().all(|b| b.is_ascii_digit()) {
            return amount.after(today).map(|date| (date, used));
        }
    }
    if let Some(found) = month_and_day(words, today) {
        return Some(found);
    }
    if let Some(date) = iso(first) {
        return Some((date, 1));
    }
    if loose && let Some(day) = ordinal(word(the)) {
        return day_of_month(today, day).map(|date| (date, the + 1));
    }
    None
}

/// A count of days, weeks, months or years.
#[derive(Debug, Clone, Copy)]
struct Amount {
    count: u32,
    months: bool,
    days_each: u32,
}

impl Amount {
    fn after(self, today: NaiveDate) -> Option<NaiveDate> {
        // Nobody plans a task a century ahead; refusing keeps "in 100000 years" a non-date.
        let limit = if self.months { 1_200 } else { 36_525 };
        if self.count.checked_mul(self.days_each)? > limit {
            return None;
        }
        if self.months {
            today.checked_add_months(Months::new(self.count.checked_mul(self.days_each)?))
        } else {
            today.checked_add_days(Days::new(u64::from(self.count.checked_mul(self.days_each)?)))
        }
    }
}

/// "3 days", "a week", "a couple of weeks", "two months", "1 year".
fn amount_at(words: &[&str]) -> Option<(Amount, usize)> {
    let word = |i: usize| words.get(i).copied().unwrap_or("");
    let (count, mut used) = match (word(0), word(1)) {
        ("a" | "one", "couple") | ("couple", _) => (2, if word(0) == "couple" { 1 } else { 2 }),
        ("a", "few") => (3, 2),
        ("a" | "an", _) => (1, 1),
        (number, _) => (number_word(number).or_else(|| number.parse().ok().filter(|n| *n <= 100_000))?, 1),
    };
    if word(used) == "of" {
        used += 1;
    }
    let (months, days_each) = match word(used) {
        "day" | "days" => (false, 1),
        "week" | "weeks" => (false, 7),
        "fortnight" | "fortnights" => (false, 14),
        "month" | "months" => (true, 1),
        "year" | "years" => (true, 12),
        _ => return None,
    };
    Some((Amount { count, months, days_each }, used + 1))
}

fn number_word(word: &str) -> Option<u32> {
    let words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    words.iter().position(|w| *w == word).and_then(|n| u32::try_from(n).ok())
}

/// "dec 1", "december 1st, 2026", "1 december", "1st of dec 2026", "the 1st of december".
fn month_and_day(words: &[&str], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let word = |i: usize| words.get(i).copied().unwrap_or("");
    let (month, day, mut used) = if let Some(month) = month(word(0)) {
        (month, ordinal(word(1)).or_else(|| plain_day(word(1)))?, 2)
    } else {
        let the = usize::from(word(0) == "the");
        let day = ordinal(word(the)).or_else(|| plain_day(word(the)))?;
        let of = usize::from(word(the + 1) == "of");
        (month(word(the + 1 + of))?, day, the + 2 + of)
    };
    let year = word(used);
    if year.len() == 4
        && let Ok(year) = year.parse::<i32>()
    {
        used += 1;
        return NaiveDate::from_ymd_opt(year, month, day).map(|date| (date, used));
    }
    (0..9)
        .filter_map(|ahead| NaiveDate::from_ymd_opt(today.year().checked_add(ahead)?, month, day))
        .find(|date| *date >= today)
        .map(|date| (date, used))
}

fn month(word: &str) -> Option<u32> {
    let month = match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(month)
}

/// "1st", "2nd", "23rd", "4th".
fn ordinal(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|suffix| word.strip_suffix(suffix))?;
    plain_day(digits)
}

fn plain_day(word: &str) -> Option<u32> {
    if word.is_empty() || word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|day| (1..=31).contains(day))
}

/// "2025-12-01" or "2025/12/01".
fn iso(word: &str) -> Option<NaiveDate> {
    let mut parts = word.split(['-', '/']);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn weekday(word: &str, abbreviations: bool) -> Option<Weekday> {
    let day = match word {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ if !abbreviations => return None,
        "mon" => Weekday::Mon,
        "tue" | "tues" => Weekday::Tue,
        "wed" | "weds" => Weekday::Wed,
        "thu" | "thur" | "thurs" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

/// The next `day` after today (1 to 7 days ahead).
fn next_weekday(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let ahead = (day.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    today.checked_add_days(Days::new(u64::from(if ahead == 0 { 7 } else { ahead })))
}

/// `day` in the week after this one.
fn next_week(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let to_monday = 7 - today.weekday().num_days_from_monday();
    today.checked_add_days(Days::new(u64::from(to_monday + day.num_days_from_monday())))
}

/// This Saturday, or today on a weekend.
fn weekend(today: NaiveDate) -> Option<NaiveDate> {
    match today.weekday() {
        Weekday::Sat | Weekday::Sun => Some(today),
        _ => next_weekday(today, Weekday::Sat),
    }
}

/// This Friday, or today if Friday has passed.
fn end_of_week(today: NaiveDate) -> NaiveDate {
    match today.weekday() {
        Weekday::Sat | Weekday::Sun | Weekday::Fri => today,
        _ => next_weekday(today, Weekday::Fri).unwrap_or(today),
    }
}

fn last_of_month(today: NaiveDate) -> Option<NaiveDate> {
    today.with_day(1)?.checked_add_months(Months::new(1))?.pred_opt()
}

/// The next `day` of a month, today included.
fn day_of_month(today: NaiveDate, day: u32) -> Option<NaiveDate> {
    let first = today.with_day(1)?;
    (0..13).filter_map(|ahead| first.checked_add_months(Months::new(ahead))?.with_day(day)).find(|date| *date >= today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// Wednesday 25 November 2026.
    fn today() -> NaiveDate {
        date(2026, 11, 25)
    }

    #[test]
    fn every_supported_form_parses_relative_to_today() {
        let cases = [
            ("today", date(2026, 11, 25)),
            ("tonight", date(2026, 11, 25)),
            ("Tomorrow", date(2026, 11, 26)),
            ("tomorow", date(2026, 11, 26)),
            ("tmrw", date(2026, 11, 26)),
            ("yesterday", date(2026, 11, 24)),
            ("the day after tomorrow", date(2026, 11, 27)),
            ("friday", date(2026, 11, 27)),
            ("Fri", date(2026, 11, 27)),
            ("wednesday", date(2026, 12, 2)),
            ("monday", date(2026, 11, 30)),
            ("on sunday", date(2026, 11, 29)),
            ("this friday", date(2026, 11, 27)),
            ("this wednesday", date(2026, 11, 25)),
            ("this coming friday", date(2026, 11, 27)),
            ("next monday", date(2026, 11, 30)),
            ("next friday", date(2026, 12, 4)),
            ("next wednesday", date(2026, 12, 2)),
            ("friday next week", date(2026, 12, 4)),
            ("next week", date(2026, 11, 30)),
            ("next month", date(2026, 12, 1)),
            ("next year", date(2027, 1, 1)),
            ("this weekend", date(2026, 11, 28)),
            ("end of the week", date(2026, 11, 27)),
            ("end of month", date(2026, 11, 30)),
            ("in 3 days", date(2026, 11, 28)),
            ("in a day", date(2026, 11, 26)),
            ("in two weeks", date(2026, 12, 9)),
            ("in a couple of days", date(2026, 11, 27)),
            ("in 1 month", date(2026, 12, 25)),
            ("in a year", date(2027, 11, 25)),
            ("3 days from now", date(2026, 11, 28)),
            ("a week from today", date(2026, 12, 2)),
            ("5 days", date(2026, 11, 30)),
            ("on 1 december", date(2026, 12, 1)),
            ("1st of December", date(2026, 12, 1)),
            ("the 1st of december", date(2026, 12, 1)),
            ("dec 1", date(2026, 12, 1)),
            ("December 1st, 2027", date(2027, 12, 1)),
            ("1 dec 2026", date(2026, 12, 1)),
            ("nov 25", date(2026, 11, 25)),
            ("the 30th", date(2026, 11, 30)),
            ("on the 5th", date(2026, 12, 5)),
            ("2025-12-01", date(2025, 12, 1)),
            ("2026/12/24", date(2026, 12, 24)),
            ("due by friday", date(2026, 11, 27)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text, today()), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn months_and_years_roll_over() {
        assert_eq!(parse_date("jan 5", today()), Some(date(2027, 1, 5)));
        assert_eq!(parse_date("nov 24", today()), Some(date(2027, 11, 24)));
        assert_eq!(parse_date("tomorrow", date(2026, 12, 31)), Some(date(2027, 1, 1)));
        assert_eq!(parse_date("in 7 days", date(2026, 12, 28)), Some(date(2027, 1, 4)));
        assert_eq!(parse_date("next monday", date(2026, 12, 30)), Some(date(2027, 1, 4)));
        assert_eq!(parse_date("in 1 month", date(2027, 1, 31)), Some(date(2027, 2, 28)));
        assert_eq!(parse_date("the 31st", date(2026, 11, 25)), Some(date(2026, 12, 31)));
        assert_eq!(parse_date("next month", date(2026, 12, 15)), Some(date(2027, 1, 1)));
        assert_eq!(parse_date("sunday", date(2026, 11, 29)), Some(date(2026, 12, 6)));
        assert_eq!(parse_date("next sunday", date(2026, 11, 29)), Some(date(2026, 12, 6)));
    }

    #[test]
    fn leap_days_are_found_and_impossible_dates_refused() {
        assert_eq!(parse_date("feb 29", today()), Some(date(2028, 2, 29)));
        assert_eq!(parse_date("29 february 2028", today()), Some(date(2028, 2, 29)));
        assert_eq!(parse_date("tomorrow", date(2028, 2, 28)), Some(date(2028, 2, 29)));
        assert_eq!(parse_date("in 1 year", date(2028, 2, 29)), Some(date(2029, 2, 28)));
        assert_eq!(parse_date("29 february 2027", today()), None);
        assert_eq!(parse_date("2025-02-29", today()), None);
        assert_eq!(parse_date("feb 30", today()), None);
        assert_eq!(parse_date("2025-13-01", today()), None);
    }

    #[test]
    fn non_dates_and_trailing_words_are_refused() {
        for text in ["", "milk", "friday prayers", "in", "in 3", "next", "3", "the", "on", "fri day", "may", "32 dec"] {
            assert_eq!(parse_date(text, today()), None, "{text:?}");
        }
        assert_eq!(parse_date("in 99999999999 days", today()), None);
        assert_eq!(parse_date("in 100000 years", today()), None);
    }

    #[test]
    fn strict_matching_needs_full_weekday_names() {
        assert_eq!(date_at(&["sun"], today(), false), None);
        assert_eq!(date_at(&["sunday"], today(), false), Some((date(2026, 11, 29), 1)));
        assert_eq!(date_at(&["the", "5th"], today(), false), None);
        assert_eq!(date_at(&["friday", "at", "noon"], today(), false), Some((date(2026, 11, 27), 1)));
    }
}
