//! Changes to one task: rename, due date, priority, tags and notes, in the ways people ask for them.

use chrono::NaiveDate;

use super::dates::date_at;
use super::model::{Change, Intent, TaskRef};
use super::refs::{parse_ref, parse_refs, split_points};
use super::text::Phrase;
use super::vocab::{CONNECTORS, DONE_WORDS, PENDING_WORDS, priority_word};
use crate::tasks::parse_tags;

/// Which values a command accepts after its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Due,
    Priority,
    /// A date, a priority, or done / not done ("set 3 as done").
    Any,
}

/// What a task is set to.
enum Value {
    Change(Change),
    Done,
    NotDone,
}

/// Words between a task and its new value: "move 3 to friday", "set 3 as high".
const VALUE_SEPARATORS: &str = "to|as|for|on|until|till|by|into|at|is";

/// After an update verb ("rename", "move", "set", "tag", …).
pub(super) fn command(verb: &str, rest: Phrase<'_>, today: NaiveDate) -> Option<Intent> {
    match verb {
        "rename" | "retitle" | "call" => rename(rest),
        "move" | "reschedule" | "postpone" | "push" | "delay" | "defer" | "schedule" | "bump" | "shift" | "put" => {
            target_value(rest, today, Kind::Any)
        }
        "set" | "change" | "update" | "edit" | "modify" | "make" | "switch" | "give" | "turn" => set(verb, rest, today),
        "tag" | "label" => tags(rest, true),
        "untag" | "unlabel" => tags(rest, false),
        "prioritize" | "deprioritize" => {
            let level = if verb == "prioritize" { crate::tasks::Priority::High } else { crate::tasks::Priority::Low };
            target_value(rest, today, Kind::Priority).or_else(|| {
                let target = parse_ref(rest.trim_end("please"))?;
                Some(update(target, Change::Priority(Some(level))))
            })
        }
        "note" | "annotate" | "comment" => note(rest.trim_start("down|on|for|to|in")),
        _ => None,
    }
}

/// After "add": a note, tags or a priority for an existing task ("add a note to task 1: …", "add tag work to 4").
pub(super) fn after_add(rest: Phrase<'_>) -> Option<Intent> {
    if let Some(n) = rest.at(0, "a|an|the|another? new|short? note|notes|comment|comments to|on|for|in") {
        return note(rest.from(n)).or(Some(Intent::Unknown));
    }
    for p in split_points(rest.len()) {
        if !rest.is(p, "to|on|onto") {
            continue;
        }
        let (what, target) = (rest.sub(0..p), rest.from(p + 1));
        let names_tags = what.find("tag|tags|label|labels").is_some() || all_hashtags(what);
        if names_tags && let (Some(tags), Some(target)) = (tag_list(what), parse_ref(target)) {
            return Some(update(target, Change::AddTags(tags)));
        }
        if what.trim_start("a|an").trim_end("priority").len() == 1
            && what.find("priority").is_some()
            && let (Some(level), Some(target)) = (priority_word(what.trim_start("a|an").word(0)), parse_ref(target))
        {
            return Some(update(target, Change::Priority(Some(level))));
        }
    }
    None
}

/// After "remove", "delete", "clear": a due date, priority or tags of a task rather than the task itself.
pub(super) fn after_remove(rest: Phrase<'_>) -> Option<Intent> {
    let field = rest.trim_start("the|a|its");
    let of = "of|from|on|for|in|off";
    if let Some(target) = field.after("due|deadline date?").or_else(|| field.after(&format!("date {of}"))) {
        return parse_ref(target.trim_start(of)).map(|target| update(target, Change::Due(None)));
    }
    if let Some(target) = field.after("priority|importance") {
        return parse_ref(target.trim_start(of)).map(|target| update(target, Change::Priority(None)));
    }
    if field.is(0, "note|notes|description") {
        // Clearing notes is not a change the assistant offers; never read it as deleting a task.
        return Some(Intent::Unknown);
    }
    for p in split_points(rest.len()) {
        if !rest.is(p, "from|off|on") {
            continue;
        }
        let what = rest.sub(0..p);
        if (what.find("tag|tags|label|labels").is_some() || all_hashtags(what))
            && let (Some(tags), Some(target)) = (tag_list(what), parse_ref(rest.from(p + 1)))
        {
            return Some(update(target, Change::RemoveTags(tags)));
        }
    }
    None
}

/// Without a verb: "task 3 due tomorrow", "milk is due on friday", "3 high priority", "3 priority low".
pub(super) fn statement(phrase: Phrase<'_>, today: NaiveDate) -> Option<Intent> {
    if let Some((p, _)) = phrase.find("due").filter(|(p, _)| *p > 0) {
        let target = phrase.sub(0..p).trim_end("is|was|now|should|be|will|being|'s");
        let when = phrase.from(p + 1).trim_start("on|by|for|to|date");
        let words = when.words();
        if let Some((date, used)) = date_at(&words, today, true)
            && used == words.len()
        {
            return parse_ref(target).map(|target| update(target, Change::Due(Some(date))));
        }
    }
    let len = phrase.len();
    if len < 2 {
        return None;
    }
    if len >= 3
        && phrase.is(len - 1, "priority")
        && let Some(level) = priority_word(phrase.word(len - 2))
    {
        let target = phrase.sub(0..len - 2).trim_end("is|has|a|an|should|be|now|with|at|of|gets|get|to|as");
        return parse_ref(target).map(|target| update(target, Change::Priority(Some(level))));
    }
    if let Some((p, _)) = phrase.find("priority").filter(|(p, _)| *p > 0)
        && let Some(level) = priority_word(phrase.word(len.saturating_sub(1)))
        && phrase.sub(p + 1..len.saturating_sub(1)).all("is|to|should|be|now|level")
    {
        let target = phrase.sub(0..p).trim_end("'s|its|the");
        return parse_ref(target).map(|target| update(target, Change::Priority(Some(level))));
    }
    None
}

fn update(target: TaskRef, change: Change) -> Intent {
    Intent::Update { target, change }
}

/// "set", "change", "update", "make" …: a named field, "X due D", a value, or (for editing verbs) a new title.
fn set(verb: &str, rest: Phrase<'_>, today: NaiveDate) -> Option<Intent> {
    let field = rest.trim_start("the|a|its");
    let of = "of|for|on|in";
    if let Some(after) = field.after("due|deadline date?").or_else(|| field.after(&format!("date {of}"))) {
        return target_value(after.trim_start(of), today, Kind::Due);
    }
    if let Some(after) = field.after("priority|importance") {
        return target_value(after.trim_start(&format!("{of}|level")), today, Kind::Priority);
    }
    if let Some(after) = field.after("title|name|text|wording|description") {
        return rename(after.trim_start(of));
    }
    if let Some(after) = field.after("note|notes|details") {
        return note(after.trim_start(of));
    }
    if let Some(found) = statement(rest, today) {
        return Some(found);
    }
    if let Some(found) = target_value(rest, today, Kind::Any) {
        return Some(found);
    }
    if matches!(verb, "change" | "update" | "edit" | "modify" | "set") {
        return rename(rest);
    }
    None
}

/// "<task> [to|as|for …] <value>": the first split where the left names a task and the right is a value.
fn target_value(phrase: Phrase<'_>, today: NaiveDate, kind: Kind) -> Option<Intent> {
    for p in split_points(phrase.len()) {
        let separated = phrase.is(p, VALUE_SEPARATORS);
        let right = if separated { phrase.from(p + 1) } else { phrase.from(p) };
        let Some(value) = value(right, today, kind) else { continue };
        let left = phrase.sub(0..p).trim_end("back|out|forward|over|off|up|down|it's|is");
        match value {
            Value::Change(change) => {
                if let Some(target) = parse_ref(left) {
                    return Some(update(target, change));
                }
            }
            Value::Done => {
                if let Some(refs) = parse_refs(left) {
                    return Some(Intent::Complete(refs));
                }
            }
            Value::NotDone => {
                if let Some(refs) = parse_refs(left) {
                    return Some(Intent::Reopen(refs));
                }
            }
        }
    }
    None
}

fn value(phrase: Phrase<'_>, today: NaiveDate, kind: Kind) -> Option<Value> {
    let phrase = phrase.trim_start("a|an|the|be").trim_end("task|one|please|level");
    if phrase.is_empty() {
        return None;
    }
    let words = phrase.words();
    if kind != Kind::Priority {
        if let Some((date, used)) = date_at(&words, today, true)
            && used == words.len()
        {
            return Some(Value::Change(Change::Due(Some(date))));
        }
        if phrase.at(0, "no|without due? date|deadline") == Some(phrase.len())
            || (kind == Kind::Due && phrase.all("none|nothing|never|someday|blank|empty"))
        {
            return Some(Value::Change(Change::Due(None)));
        }
    }
    if kind != Kind::Due {
        let level = match words.as_slice() {
            [level] | [level, "priority" | "importance"] | ["priority" | "importance", level] => priority_word(level),
            _ => None,
        };
        if let Some(level) = level {
            return Some(Value::Change(Change::Priority(Some(level))));
        }
        if phrase.at(0, "no priority") == Some(phrase.len())
            || (kind == Kind::Priority && phrase.all("none|nothing|blank|empty|no"))
        {
            return Some(Value::Change(Change::Priority(None)));
        }
    }
    if kind == Kind::Any {
        if phrase.at(0, "not|no longer? done|complete|completed|finished|checked") == Some(phrase.len())
            || (phrase.len() == 1 && phrase.is(0, PENDING_WORDS))
        {
            return Some(Value::NotDone);
        }
        if phrase.len() == 1 && phrase.is(0, DONE_WORDS) {
            return Some(Value::Done);
        }
    }
    None
}

/// "<task> to|as|into <title>" or "<task>: <title>".
fn rename(phrase: Phrase<'_>) -> Option<Intent> {
    for p in 0..split_points(phrase.len()).end {
        let (left, right) = if phrase.toks.get(p).is_some_and(|tok| tok.colon) {
            (phrase.sub(0..p + 1), phrase.from(p + 1))
        } else if p > 0 && phrase.is(p, "to|as|into") {
            (phrase.sub(0..p), phrase.from(p + 1))
        } else {
            continue;
        };
        if let Some(target) = parse_ref(left) {
            let title = right.raw();
            if !title.is_empty() {
                return Some(update(target, Change::Rename(title)));
            }
        }
    }
    None
}

/// "<task>: <text>", "<task> saying <text>", "3 <text>".
fn note(phrase: Phrase<'_>) -> Option<Intent> {
    let with_text = |target: Option<TaskRef>, text: String| {
        target.filter(|_| !text.is_empty()).map(|target| update(target, Change::Note(text)))
    };
    for p in 0..split_points(phrase.len()).end {
        if phrase.toks.get(p).is_some_and(|tok| tok.colon)
            && let Some(found) = with_text(parse_ref(phrase.sub(0..p + 1)), phrase.text_after(p))
        {
            return Some(found);
        }
        if p > 0
            && phrase.is(p, "saying|says|reading|stating|that|with|to|as")
            && let Some(found) = with_text(
                parse_ref(phrase.sub(0..p)),
                phrase.text_after(p + usize::from(phrase.is(p + 1, "says|reads"))),
            )
        {
            return Some(found);
        }
    }
    for p in 1..=2 {
        if super::refs::number(phrase.word(p - 1)).is_some()
            && let Some(found) = with_text(parse_ref(phrase.sub(0..p)), phrase.text_after(p - 1))
        {
            return Some(found);
        }
    }
    None
}

/// "tag 4 with work", "tag milk as groceries", "tag 4 work home", "untag 4 work", "untag work from 4".
fn tags(phrase: Phrase<'_>, add: bool) -> Option<Intent> {
    let change = |tags: Vec<String>| if add { Change::AddTags(tags) } else { Change::RemoveTags(tags) };
    for p in split_points(phrase.len()) {
        let colon = phrase.toks.get(p - 1).is_some_and(|tok| tok.colon);
        if (colon || phrase.is(p, "with|as"))
            && let (Some(target), Some(tags)) =
                (parse_ref(phrase.sub(0..p)), tag_list(phrase.from(if colon { p } else { p + 1 })))
        {
            return Some(update(target, change(tags)));
        }
        if phrase.is(p, "from|off|on|to")
            && let (Some(tags), Some(target)) = (tag_list(phrase.sub(0..p)), parse_ref(phrase.from(p + 1)))
        {
            return Some(update(target, change(tags)));
        }
    }
    // "tag task 4 work": the task is a number; otherwise the last word is the tag.
    for p in 1..=2 {
        if super::refs::number(phrase.word(p - 1)).is_some()
            && let (Some(target), Some(tags)) = (parse_ref(phrase.sub(0..p)), tag_list(phrase.from(p)))
        {
            return Some(update(target, change(tags)));
        }
    }
    let last = phrase.len().checked_sub(1)?;
    let (target, tags) = (parse_ref(phrase.sub(0..last))?, tag_list(phrase.from(last))?);
    Some(update(target, change(tags)))
}

/// Tag names: words without "tag", "the", connectors; each valid per the task model, lowercase, without `#`.
fn tag_list(phrase: Phrase<'_>) -> Option<Vec<String>> {
    let names: Vec<&str> = (0..phrase.len())
        .filter(|&i| !phrase.is(i, CONNECTORS) && !phrase.is(i, "tag|tags|label|labels|the|a|an|with|as"))
        .filter_map(|i| phrase.toks.get(i).map(|tok| tok.key.as_str()))
        .collect();
    let tags = parse_tags(&names).ok()?;
    (!tags.is_empty()).then_some(tags)
}

fn all_hashtags(phrase: Phrase<'_>) -> bool {
    !phrase.is_empty()
        && (0..phrase.len()).all(|i| {
            phrase.is(i, CONNECTORS) || phrase.toks.get(i).is_some_and(|tok| !tok.quoted && tok.key.starts_with('#'))
        })
}
