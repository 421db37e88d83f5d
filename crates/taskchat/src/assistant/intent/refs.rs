//! Task references: "task 3", "#3", "2 and 3", "it", "that one", "the dentist task".
//!
//! A list is split on "and" and commas only when every part is a number, a quoted title or "it": "complete milk and
//! eggs" names one task titled "milk and eggs", while "complete 2 and 3" and "complete 'milk' and 'eggs'" name two.

use super::model::TaskRef;
use super::text::Phrase;
use super::vocab::{CONNECTORS, LIST_NOISE};

/// Words around a reference that are not part of it.
const LEADING: &str = "the|my|a|an|task|tasks|todo|todos|item|items|number|numbers|no|called|named|titled|about|\
    entry|on|for|of|up|with";
const TRAILING: &str = "task|tasks|todo|todos|item|items|one|ones|entry|please|now|too|again|already|off|up|as|well";
/// Words that stand for the task last mentioned.
const PRONOUNS: &str = "it|that|this|them|these|those|last|same|previous|that's|it's|thats";
/// "from my list", "off the todo list", "in my tasks".
const LIST_TAIL: &str = "from|off|on|in my|the|our? todo|task|shopping? list|tasks|todos";
/// References longer than this are not references (and bound the work on long messages).
const MAX_WORDS: usize = 40;

/// Where a phrase may split into a task reference and what follows: never after more than [`MAX_WORDS`] words.
pub(super) fn split_points(len: usize) -> std::ops::Range<usize> {
    1..len.min(MAX_WORDS + 2)
}

/// One or more task references, or `None` if the phrase names no task.
pub(super) fn parse_refs(phrase: Phrase<'_>) -> Option<Vec<TaskRef>> {
    if phrase.len() > MAX_WORDS {
        return None;
    }
    let phrase = trim(phrase);
    if phrase.is_empty() {
        return None;
    }
    if let Some(refs) = strong_list(phrase) {
        return Some(refs);
    }
    if phrase.all(PRONOUNS) {
        return Some(vec![TaskRef::LastMentioned]);
    }
    if phrase.all(LIST_NOISE) {
        return None;
    }
    let title = phrase.raw();
    (!title.is_empty()).then(|| vec![TaskRef::Title(title)])
}

/// Exactly one task reference.
pub(super) fn parse_ref(phrase: Phrase<'_>) -> Option<TaskRef> {
    let mut refs = parse_refs(phrase)?;
    if refs.len() == 1 { refs.pop() } else { None }
}

/// A task number: "3", "#3".
pub(super) fn number(word: &str) -> Option<i64> {
    let digits = word.strip_prefix('#').unwrap_or(word);
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn trim(phrase: Phrase<'_>) -> Phrase<'_> {
    let phrase = phrase.before_end(LIST_TAIL).unwrap_or(phrase).trim_start(LEADING);
    // "the one about milk"
    let phrase = phrase.after("one|ones about|called|named|titled|with|for|that|which").unwrap_or(phrase);
    phrase.trim_start(LEADING).trim_end(TRAILING)
}

/// Numbers, ranges, quoted titles and pronouns joined by "and" or commas; `None` if any part is something else.
fn strong_list(phrase: Phrase<'_>) -> Option<Vec<TaskRef>> {
    let mut refs = Vec::new();
    let mut start = 0;
    for i in 0..=phrase.len() {
        let ends_part = i == phrase.len() || phrase.is(i, CONNECTORS) || phrase.ends_with_comma(i);
        if !ends_part {
            continue;
        }
        let end = if i < phrase.len() && !phrase.is(i, CONNECTORS) { i + 1 } else { i };
        let part = trim(phrase.sub(start..end));
        start = i + 1;
        if part.is_empty() {
            continue;
        }
        refs.extend(strong_part(part)?);
    }
    let mut unique = Vec::new();
    for r in refs {
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    (!unique.is_empty()).then_some(unique)
}

fn strong_part(part: Phrase<'_>) -> Option<Vec<TaskRef>> {
    if let [tok] = part.toks
        && tok.quoted
    {
        return Some(vec![TaskRef::Title(part.raw())]);
    }
    if part.all(PRONOUNS) {
        return Some(vec![TaskRef::LastMentioned]);
    }
    // "2-4", "2 to 4", "2 through 4"
    let words = part.words();
    let range = match words.as_slice() {
        [one] => one.split_once('-').and_then(|(low, high)| Some((number(low)?, number(high)?))),
        [low, "to" | "through" | "thru" | "till", high] => number(low).zip(number(high)),
        _ => None,
    };
    if let Some((low, high)) = range {
        return (low <= high && high - low < 50).then(|| (low..=high).map(TaskRef::Number).collect());
    }
    if let [word] = words.as_slice()
        && let Some(n) = number_word(word)
        && part.toks.len() == 1
    {
        return Some(vec![TaskRef::Number(n)]);
    }
    words.iter().map(|word| number(word).map(TaskRef::Number)).collect()
}

/// "one" … "twenty" (only where a bare number would do: "task three").
fn number_word(word: &str) -> Option<i64> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS.iter().position(|w| *w == word).and_then(|n| i64::try_from(n + 1).ok())
}
