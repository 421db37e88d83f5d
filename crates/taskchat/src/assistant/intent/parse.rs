//! The parser: politeness off, help and small talk, then the command its first words name, then statements
//! without a verb ("task 3 is done", "milk due friday"), then list requests without a verb ("overdue", "#work").

use chrono::NaiveDate;

use super::model::{Intent, TaskRef};
use super::refs::parse_refs;
use super::social::{social, strip_fillers};
use super::text::{Phrase, tokenize};
use super::vocab::{DONE_WORDS, LIST_NOISE};
use super::{add, show, update};
use crate::tasks::StatusFilter;

/// "as done", "is complete", "off" at the end of "mark 3 …" or "milk is …".
const DONE_TAILS: &[&str] = &[
    "as|is|are|was|were|'s|has|have? been? now|all|finally|already|also? \
     done|complete|completed|finished|checked|ticked|closed|resolved|sorted",
    "as|is? checked|ticked|crossed off",
];
/// "as not done", "is incomplete", "as to do" at the end of "mark 3 …" or "milk is …".
const NOT_DONE_TAILS: &[&str] = &[
    "as|is|are|was? still|now? not|no yet|longer? done|complete|completed|finished|checked|ticked",
    "isn't|aren't|wasn't still|now|yet? done|complete|completed|finished|checked|ticked",
    "as|is|are? still|now? undone|incomplete|uncompleted|unfinished|unchecked|open|pending|active|outstanding|reopened",
    "as|is? to do",
];
/// Words that open a question, which is never a statement about a task ("is milk done?").
const QUESTIONS: &str = "is|are|was|were|has|have|did|does|do|can|could|should|will|would|what|what's|which|who|how|\
    why|when|where|any|anything";
/// Verbs whose command, when not understood, is not read as a statement or a list request ("complete all tasks").
const IMPERATIVES: &str = "add|create|new|remind|complete|finish|mark|check|tick|cross|reopen|undo|uncheck|delete|\
    remove|erase|drop|trash|cancel|clear|rename|move|reschedule|postpone|push|set|change|update|edit|make|tag|untag|\
    label|prioritize|note|give|put";
/// Words "clear completed tasks" may have besides "completed".
const CLEARABLE: &str = "all|the|my|of|out|up|away|off|tasks|task|todos|todo|items|item|ones|everything|that|that's|\
    are|is|have|been|which|were|list|from|already|those|these|stuff|things|i've|i|have|every|any";

/// What the user wants. Never panics; `today` anchors relative dates.
pub fn parse(message: &str, today: NaiveDate) -> Intent {
    let toks = tokenize(message);
    let whole = Phrase { text: message, toks: &toks };
    if whole.is_empty() {
        return if message.trim() == "?" { Intent::Help } else { Intent::Unknown };
    }
    if let Some(found) = social(whole) {
        return found;
    }
    let phrase = strip_fillers(whole);
    if let Some(found) = social(phrase).or_else(|| command(phrase, today)) {
        return found;
    }
    if phrase.is(0, IMPERATIVES) {
        return Intent::Unknown;
    }
    statement(phrase, today).or_else(|| show::bare(phrase)).unwrap_or(Intent::Unknown)
}

/// A message that starts with a verb.
fn command(phrase: Phrase<'_>, today: NaiveDate) -> Option<Intent> {
    if clears_completed(phrase) {
        return Some(Intent::ClearCompleted);
    }
    let verb = phrase.word(0);
    let rest = phrase.from(1);
    match verb {
        "add" => update::after_add(rest).or_else(|| Some(Intent::Add(add::drafts(rest, today)))),
        "create" | "new" => Some(Intent::Add(add::drafts(rest, today))),
        "remind" => Some(Intent::Add(add::drafts(rest.trim_start("me|us"), today))),
        "todo" | "to" if verb == "todo" || rest.is(0, "do") => {
            let rest = if verb == "to" { rest.from(1) } else { rest };
            if rest.all(LIST_NOISE) { show::explicit(rest) } else { Some(Intent::Add(add::drafts(rest, today))) }
        }
        "make" | "put"
            if rest.is(0, "a|an|another|new") && rest.at(0, "a|an|another? new? task|todo|reminder").is_some() =>
        {
            Some(Intent::Add(add::drafts(rest, today)))
        }
        "get" if rest.at(0, "rid of").is_some() => delete(rest.from(2)),
        "give" if !rest.is(0, "me|us") => update::command(verb, rest, today),
        "show" | "list" | "display" | "view" | "see" | "print" | "get" | "give" | "pull" | "bring" | "read" => {
            show::explicit(rest)
        }
        "find" | "search" | "look" | "lookup" | "grep" => show::find(rest),
        "mark" | "flag" => mark(rest, today),
        "complete" | "completed" | "finish" | "finished" | "done" | "did" | "close" | "closed" | "check"
        | "checked" | "tick" | "ticked" | "cross" | "crossed" | "resolve" | "resolved" | "accomplished" => {
            complete(verb, rest, true)
        }
        "reopen" | "undo" | "uncheck" | "untick" | "unmark" | "uncomplete" | "uncross" | "unfinish" | "restore"
        | "unarchive" | "unfinished" => reopen(rest),
        "re" if rest.is(0, "open") => reopen(rest.from(1)),
        "delete" | "remove" | "erase" | "drop" | "trash" | "discard" | "cancel" | "scrap" | "ditch" | "forget"
        | "throw" | "nuke" | "bin" => delete(rest),
        "clear" | "unset" | "reset" => clear(rest),
        "i" | "i've" | "i'm" | "we" | "we've" | "i'd" => first_person(rest),
        _ => update::command(verb, rest, today),
    }
}

/// "clear completed tasks", "delete all done tasks", "remove everything that's finished".
fn clears_completed(phrase: Phrase<'_>) -> bool {
    let rest = match phrase.at(0, "get rid of") {
        Some(3) => phrase.from(3),
        _ if phrase.is(0, "clear|delete|remove|purge|clean|erase|wipe|trash|drop|archive|discard|nuke") => {
            phrase.from(1)
        }
        _ => return false,
    };
    rest.find(DONE_WORDS).is_some() && (0..rest.len()).all(|i| rest.is(i, DONE_WORDS) || rest.is(i, CLEARABLE))
}

/// "complete task 5", "done with 4", "check off milk", "finish it"; "done tasks" lists done tasks.
fn complete(verb: &str, rest: Phrase<'_>, lists: bool) -> Option<Intent> {
    let rest = rest.trim_start("off|out|up|with|of").trim_end("off|out");
    if rest.is_empty() {
        let bare = matches!(verb, "complete" | "completed" | "finish" | "finished" | "done");
        return bare.then(|| Intent::Complete(vec![TaskRef::LastMentioned]));
    }
    if lists {
        let adjective = matches!(verb, "done" | "completed" | "finished" | "checked" | "closed");
        if (adjective || verb == "check")
            && let Some(Intent::Show(mut query)) = show::bare(rest)
        {
            if adjective && query.status == StatusFilter::All {
                query.status = StatusFilter::Done;
            }
            return Some(Intent::Show(query));
        }
        if verb == "check" && rest.all(LIST_NOISE) {
            return show::explicit(rest);
        }
    }
    let rest = DONE_TAILS.iter().find_map(|tail| rest.before_end(tail)).unwrap_or(rest);
    parse_refs(rest).map(Intent::Complete)
}

/// "undo task 4", "reopen 4", "uncheck milk"; alone, the task last mentioned.
fn reopen(rest: Phrase<'_>) -> Option<Intent> {
    let rest = rest.trim_start("completing|completion|complete|completed|marking|of|on|for").trim_end("please");
    if rest.is_empty() {
        return Some(Intent::Reopen(vec![TaskRef::LastMentioned]));
    }
    parse_refs(rest).map(Intent::Reopen)
}

/// "delete task 3", "remove the dentist task", "delete 2 and 5"; a due date, priority or tag is not the task.
fn delete(rest: Phrase<'_>) -> Option<Intent> {
    let rest = rest.trim_start("away|out|off|about");
    if let Some(found) = update::after_remove(rest) {
        return Some(found);
    }
    parse_refs(rest).map(Intent::Delete)
}

/// "clear the due date of 3"; "clear 3" deletes task 3, but "clear milk" is not understood.
fn clear(rest: Phrase<'_>) -> Option<Intent> {
    if let Some(found) = update::after_remove(rest) {
        return Some(found);
    }
    let refs = parse_refs(rest)?;
    refs.iter().all(|r| !matches!(r, TaskRef::Title(_))).then_some(Intent::Delete(refs))
}

/// "mark 2 and 3 done", "mark 4 as not done", "mark it as urgent", "mark as done task 3", "mark task 3".
fn mark(rest: Phrase<'_>, today: NaiveDate) -> Option<Intent> {
    let refs_or_last = |phrase: Phrase<'_>| {
        if phrase.is_empty() { Some(vec![TaskRef::LastMentioned]) } else { parse_refs(phrase) }
    };
    for tail in NOT_DONE_TAILS {
        if let Some(before) = rest.before_end(tail) {
            return refs_or_last(before).map(Intent::Reopen);
        }
    }
    for tail in DONE_TAILS {
        if let Some(before) = rest.before_end(tail) {
            return refs_or_last(before).map(Intent::Complete);
        }
        if let Some(after) = rest.after(tail).filter(|after| !after.is_empty()) {
            return parse_refs(after).map(Intent::Complete);
        }
    }
    if let Some(found) = update::command("make", rest, today).filter(|found| matches!(found, Intent::Update { .. })) {
        return Some(found);
    }
    parse_refs(rest).map(Intent::Complete)
}

/// "I finished the groceries", "I'm done with 4", "I didn't finish milk".
fn first_person(rest: Phrase<'_>) -> Option<Intent> {
    let rest = rest.trim_start("have|am|are|just|already|finally|now|totally|also|actually|really");
    let negated = rest.trim_start("did|do|have|has");
    if negated.is(0, "didn't|haven't|hasn't|hadn't|don't|not|never") {
        let verb = negated.from(1).trim_start("not|yet|actually|really");
        if verb.is(0, "finish|finished|complete|completed|do|done") {
            return parse_refs(verb.from(1)).map(Intent::Reopen);
        }
        return None;
    }
    if rest.is(0, "got") {
        return rest.from(1).before_end("done|finished").and_then(parse_refs).map(Intent::Complete);
    }
    let verb = rest.word(0);
    if matches!(
        verb,
        "finished" | "completed" | "did" | "done" | "closed" | "checked" | "ticked" | "crossed" | "finish"
    ) {
        return complete(verb, rest.from(1), false);
    }
    None
}

/// Statements without a verb: "task 3 is done", "milk isn't done", "task 3 due tomorrow", "3 high priority".
fn statement(phrase: Phrase<'_>, today: NaiveDate) -> Option<Intent> {
    if phrase.is(0, QUESTIONS) {
        return None;
    }
    for tail in NOT_DONE_TAILS {
        if let Some(refs) = phrase.before_end(tail).and_then(parse_refs) {
            return Some(Intent::Reopen(refs));
        }
    }
    for tail in DONE_TAILS {
        if let Some(refs) = phrase.before_end(tail).and_then(parse_refs) {
            return Some(Intent::Complete(refs));
        }
    }
    update::statement(phrase, today)
}
