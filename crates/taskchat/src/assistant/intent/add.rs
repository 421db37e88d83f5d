//! New tasks: the title in the user's own words, and the due date, priority, tags and notes said around it.
//!
//! Several tasks are made only from quoted titles ("add 'milk' and 'eggs'"); unquoted, "add milk and eggs" is one
//! task titled "milk and eggs", because "and" is common inside titles ("call mom and dad"). Dates count when a
//! preposition introduces them ("due friday", "by dec 1", "on monday"), when they take several words ("in 3 days",
//! "next monday"), or when they open or close the title ("call mom tomorrow"); "friday prayers" stays a title.

use chrono::NaiveDate;

use super::dates::date_at;
use super::model::TaskDraft;
use super::refs::number;
use super::text::Phrase;
use super::vocab::{CONNECTORS, TASK_NOUNS, priority_word};
use crate::tasks::{Priority, parse_tags};

/// "to my list", "on the todo list", "to my tasks".
const LIST_PHRASE: &str = "to|on|onto|in|into my|the|our? todo|task|shopping? list|tasks|todos";
/// Words a quoted list may have between its titles: "add 'x' and 'y' to my list".
const QUOTE_GLUE: &str = "and|or|also|plus|then|as|well|both|too|task|tasks|todo|todos|items|item|two|three|the|a|an|\
    new|called|named|to|my|list|on";

/// The tasks a message after "add"/"new"/"remind me"… describes; empty if it names none.
pub(super) fn drafts(body: Phrase<'_>, today: NaiveDate) -> Vec<TaskDraft> {
    let (body, notes) = split_notes(body);
    let mut draft = TaskDraft { notes, ..TaskDraft::default() };
    let mut used = vec![false; body.len()];
    skip_leading(body, &mut used, &mut draft);
    hashtags(body, &mut used, &mut draft.tags);
    draft.priority = draft.priority.or_else(|| priority(body, &mut used));
    draft.due = due(body, &mut used, today);
    tagged(body, &mut used, &mut draft.tags);
    skip_leading(body, &mut used, &mut draft);
    skip_trailing(body, &mut used);
    let unused = |i: usize| !used.get(i).copied().unwrap_or(true);
    let quoted: Vec<usize> = (0..body.len()).filter(|&i| unused(i) && body.toks[i].quoted).collect();
    let glue_only = (0..body.len()).filter(|&i| unused(i) && !body.toks[i].quoted).all(|i| body.is(i, QUOTE_GLUE));
    if !quoted.is_empty() && glue_only {
        return quoted.into_iter().map(|i| TaskDraft { title: body.sub(i..i + 1).raw(), ..draft.clone() }).collect();
    }
    let title = body.raw_where(unused);
    if title.is_empty() {
        return Vec::new();
    }
    vec![TaskDraft { title, ..draft }]
}

/// Splits off "note: …" / "with a note saying …"; the note is the rest of the message as typed.
fn split_notes(body: Phrase<'_>) -> (Phrase<'_>, Option<String>) {
    for i in 1..body.len() {
        if !body.is(i, "note|notes|description|details") {
            continue;
        }
        let saying = body.is(i + 1, "saying|says|reading");
        if !saying && !body.toks[i].colon {
            continue;
        }
        let mut start = i;
        if start > 1 && body.is(start - 1, "a|the") {
            start -= 1;
        }
        if start > 1 && body.is(start - 1, "with|and|plus") {
            start -= 1;
        }
        let notes = body.text_after(if saying { i + 1 } else { i });
        return (body.sub(0..start), (!notes.is_empty()).then_some(notes));
    }
    (body, None)
}

fn first_unused(used: &[bool]) -> Option<usize> {
    used.iter().position(|used| !used)
}

fn mark(used: &mut [bool], from: usize, count: usize) {
    for flag in used.iter_mut().skip(from).take(count) {
        *flag = true;
    }
}

fn all_unused(used: &[bool], from: usize, count: usize) -> bool {
    (from..from + count).all(|i| !used.get(i).copied().unwrap_or(true))
}

/// "a new task called", "an urgent task:", "to my list:", "to", "that", "about" before the title.
fn skip_leading(body: Phrase<'_>, used: &mut [bool], draft: &mut TaskDraft) {
    let mut from = 0;
    loop {
        let Some(i) = used.get(from..).and_then(first_unused).map(|i| i + from) else { return };
        from = i;
        if let Some(n) = body.at(i, LIST_PHRASE).filter(|&n| n >= 2 && body.is(i + n - 1, "list|tasks|todos")) {
            mark(used, i, n);
            continue;
        }
        let mut j = i;
        while j < body.len()
            && (used.get(j).copied().unwrap_or(false)
                || body.is(j, "a|an|another|one|some|the|my|new|quick|simple|urgent|important"))
        {
            j += 1;
        }
        if body.is(j, TASK_NOUNS) {
            if (i..j).any(|k| body.is(k, "urgent|important")) {
                draft.priority = Some(Priority::High);
            }
            mark(used, i, j + 1 - i);
            continue;
        }
        if body.is(i, "urgent|important") && body.toks.get(i).is_some_and(|tok| tok.colon) {
            draft.priority = Some(Priority::High);
            mark(used, i, 1);
            continue;
        }
        if body.is(i, "called|named|titled|saying|to|that|about|me") {
            mark(used, i, 1);
            continue;
        }
        return;
    }
}

/// "#home" anywhere.
fn hashtags(body: Phrase<'_>, used: &mut [bool], tags: &mut Vec<String>) {
    for (i, tok) in body.toks.iter().enumerate() {
        if !tok.quoted
            && tok.key.starts_with('#')
            && tok.key.chars().any(char::is_alphabetic)
            && let Ok(found) = parse_tags(&[tok.key.as_str()])
        {
            mark(used, i, 1);
            for tag in found {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
    }
}

/// "high priority", "with a low priority", "priority: high", "p1", "urgent" at the end.
fn priority(body: Phrase<'_>, used: &mut [bool]) -> Option<Priority> {
    let last = used.iter().rposition(|used| !used)?;
    for i in 0..body.len() {
        let mut j = i;
        if body.is(j, "with|at|of") {
            j += 1;
        }
        if body.is(j, "a|an") {
            j += 1;
        }
        if let Some(level) = priority_word(body.word(j))
            && body.is(j + 1, "priority|importance")
            && all_unused(used, i, j + 2 - i)
        {
            mark(used, i, j + 2 - i);
            return Some(level);
        }
        if body.is(i, "priority|importance") {
            let k = i + 1 + usize::from(body.is(i + 1, "is|of|level"));
            if let Some(level) = priority_word(body.word(k))
                && all_unused(used, i, k + 1 - i)
            {
                mark(used, i, k + 1 - i);
                return Some(level);
            }
        }
        let todoist = match body.word(i) {
            "p1" => Some(Priority::High),
            "p2" => Some(Priority::Medium),
            "p3" => Some(Priority::Low),
            _ => None,
        };
        if let Some(level) = todoist
            && all_unused(used, i, 1)
        {
            mark(used, i, 1);
            return Some(level);
        }
    }
    if body.is(last, "urgent|urgently|asap|important") && last > 0 {
        mark(used, last, 1);
        return Some(Priority::High);
    }
    None
}

/// The first date: after "due"/"by"/"on"…, or several words long, or a date word, or opening or closing the title.
fn due(body: Phrase<'_>, used: &mut [bool], today: NaiveDate) -> Option<NaiveDate> {
    let words = body.words();
    for i in 0..body.len() {
        let mut n = usize::from(body.is(i, "due"));
        n += usize::from(body.is(i + n, "on|by|before|until|till|for"));
        if n == 0 {
            continue;
        }
        if let Some((date, m)) = date_at(words.get(i + n..).unwrap_or(&[]), today, true)
            && all_unused(used, i, n + m)
        {
            mark(used, i, n + m);
            return Some(date);
        }
    }
    let first = first_unused(used)?;
    for i in first..body.len() {
        let Some((date, m)) = date_at(words.get(i..).unwrap_or(&[]), today, false) else { continue };
        let closes = (i + m..body.len()).all(|k| used.get(k).copied().unwrap_or(true));
        let clear = m >= 2 || body.is(i, "today|tonight|tomorrow") || body.word(i).contains('-');
        if all_unused(used, i, m) && (clear || i == first || closes) {
            mark(used, i, m);
            return Some(date);
        }
    }
    None
}

/// "tagged work and home", "with tags work, home", "tags: work".
fn tagged(body: Phrase<'_>, used: &mut [bool], tags: &mut Vec<String>) {
    for i in 0..body.len() {
        let marker = body
            .at(i, "tagged|labelled|labeled with|as?")
            .filter(|&n| n > 0)
            .or_else(|| body.at(i, "with|and the|a? tag|tags|label|labels").filter(|&n| n >= 2))
            .or_else(|| (body.is(i, "tag|tags") && body.toks[i].colon).then_some(1));
        let Some(n) = marker else { continue };
        let mut j = i + n;
        let mut found = Vec::new();
        while let Some(tok) = body.toks.get(j).filter(|tok| !tok.quoted && all_unused(used, j, 1)) {
            let Ok(names) = parse_tags(&[tok.key.as_str()]) else { break };
            if number(&tok.key).is_some() && !tok.key.starts_with('#') {
                break;
            }
            found.extend(names);
            j += 1;
            if body.is(j, CONNECTORS) && body.toks.get(j + 1).is_some() {
                j += 1;
            } else if !body.ends_with_comma(j - 1) {
                break;
            }
        }
        if !found.is_empty() {
            let end = if body.is(j - 1, CONNECTORS) { j - 1 } else { j };
            mark(used, i, end - i);
            for tag in found {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            return;
        }
    }
}

/// "to my list" and dangling "and"/"with" at the end.
fn skip_trailing(body: Phrase<'_>, used: &mut [bool]) {
    let mut upto = used.len();
    loop {
        let Some(last) = used.get(..upto).and_then(|head| head.iter().rposition(|used| !used)) else { return };
        upto = last + 1;
        let start = (last.saturating_sub(4)..=last).find(|&s| {
            body.at(s, LIST_PHRASE) == Some(last + 1 - s)
                && body.is(last, "list|tasks|todos")
                && all_unused(used, s, last + 1 - s)
        });
        if let Some(start) = start {
            mark(used, start, last + 1 - start);
        } else if body.is(last, "and|with|also|plus|please") && last > 0 {
            mark(used, last, 1);
        } else {
            return;
        }
    }
}
