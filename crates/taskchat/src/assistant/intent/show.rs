//! Requests for the task list and its filters: status, priority, tag, words and due window.
//!
//! Plain "show my tasks" lists every task (`StatusFilter::All`: done ones are shown struck through); a due window
//! ("what's due today?", "overdue") lists pending tasks unless the message names a status.

use super::model::{DueWindow, Intent, ShowQuery};
use super::text::Phrase;
use super::vocab::{DONE_WORDS, LIST_ANCHORS, LIST_NOISE, PENDING_WORDS, priority_word};
use crate::tasks::{StatusFilter, parse_tags};

/// Words after which the rest of a request is text to search for.
const TEXT_MARKERS: &str = "about|containing|contain|contains|mentioning|mention|mentions|matching|match|regarding|\
    called|named|titled|like|re";

/// After a show verb ("show", "list", "display"…): words that are not filters become the text to search for.
pub(super) fn explicit(rest: Phrase<'_>) -> Option<Intent> {
    let found = Filters::scan(rest);
    Some(Intent::Show(found.query(true)?))
}

/// After "find", "search (for)", "look for": like [`explicit`], but asking for nothing in particular is not a request.
pub(super) fn find(rest: Phrase<'_>) -> Option<Intent> {
    let found = Filters::scan(rest.trim_start("for|up|at"));
    let query = found.query(true)?;
    (query != ShowQuery::default()).then_some(Intent::Show(query))
}

/// Without a verb: a request only if every word is a filter or list wording and one of them says it is about tasks.
pub(super) fn bare(phrase: Phrase<'_>) -> Option<Intent> {
    let found = Filters::scan(phrase);
    if !found.anchored {
        return None;
    }
    Some(Intent::Show(found.query(false)?))
}

/// Filters found in a phrase, and which words they used.
struct Filters<'a> {
    phrase: Phrase<'a>,
    query: ShowQuery,
    status: Option<StatusFilter>,
    all: bool,
    used: Vec<bool>,
    anchored: bool,
    marker: Option<usize>,
}

impl<'a> Filters<'a> {
    fn scan(phrase: Phrase<'a>) -> Self {
        let mut found = Filters {
            phrase,
            query: ShowQuery::default(),
            status: None,
            all: false,
            used: vec![false; phrase.len()],
            anchored: false,
            marker: None,
        };
        let mut i = 0;
        while i < phrase.len() {
            let taken = found.filter_at(i);
            if taken > 0 {
                found.anchored |= found.marker != Some(i);
                for used in found.used.iter_mut().skip(i).take(taken) {
                    *used = true;
                }
            } else if phrase.is(i, LIST_ANCHORS) {
                found.anchored = true;
            }
            i += taken.max(1);
        }
        found
    }

    /// Reads a filter starting at word `i`; returns how many words it took.
    fn filter_at(&mut self, i: usize) -> usize {
        let p = self.phrase;
        if self.marker.is_some() {
            return 0;
        }
        if let Some(n) = p.at(i, "including|include|incl|plus done|complete|completed|finished|closed") {
            self.all = true;
            return n;
        }
        if let Some(n) = p.at(i, "isn't|aren't|not|no yet|longer? done|complete|completed|finished|checked") {
            self.status = Some(StatusFilter::Pending);
            return n;
        }
        if p.is(i, DONE_WORDS) {
            self.status = Some(StatusFilter::Done);
            return 1;
        }
        if p.is(i, PENDING_WORDS) || (p.at(i, "to do").is_some() && !p.is(i + 2, "list|lists")) {
            self.status = Some(StatusFilter::Pending);
            return if p.is(i, "to") { 2 } else { 1 };
        }
        if p.is(i, "all|every|everything|entire|whole|full|including|include") {
            self.all = true;
            return 1;
        }
        let window = [
            ("past due", DueWindow::Overdue),
            ("overdue|late|missed|behind|expired", DueWindow::Overdue),
            ("today|tonight|today's", DueWindow::Today),
            ("tomorrow|tomorrow's", DueWindow::Tomorrow),
            ("this|the week|week's", DueWindow::ThisWeek),
            ("week's", DueWindow::ThisWeek),
        ];
        for (pattern, due) in window {
            if let Some(n) = p.at(i, pattern) {
                self.query.due = Some(due);
                return n;
            }
        }
        if let Some(priority) = priority_word(p.word(i))
            && (p.is(i + 1, "priority") || p.is(i, "urgent|important|critical") || p.is(i + 1, LIST_ANCHORS))
        {
            self.query.priority = Some(priority);
            return if p.is(i + 1, "priority") { 2 } else { 1 };
        }
        if p.is(i, "priority")
            && let Some(priority) = priority_word(p.word(i + 1))
        {
            self.query.priority = Some(priority);
            return 2;
        }
        if let Some(n) = self.tag_at(i) {
            return n;
        }
        if p.is(i, TEXT_MARKERS) {
            self.marker = Some(i);
            return 1;
        }
        0
    }

    /// "#work", "tagged work", "with the tag work", "tag work".
    fn tag_at(&mut self, i: usize) -> Option<usize> {
        let p = self.phrase;
        let key = p.toks.get(i).filter(|tok| !tok.quoted).map(|tok| tok.key.as_str())?;
        if key.starts_with('#') && key.chars().any(char::is_alphabetic) {
            self.query.tag = Some(tag(key)?);
            return Some(1);
        }
        let n = p.at(i, "tagged|labelled|labeled with|as?").filter(|&n| n > 0).or_else(|| {
            p.at(i, "with|has|having? the|a? tag|label").filter(|&n| n > 0 && p.is(i + n - 1, "tag|label"))
        })?;
        let value = p.toks.get(i + n).filter(|tok| !tok.quoted || !tok.key.contains(' '))?;
        self.query.tag = Some(tag(&value.key)?);
        Some(n + 1)
    }

    /// The query, with the words no filter used as its text: always after a verb, never without one (`None`).
    fn query(mut self, explicit: bool) -> Option<ShowQuery> {
        let p = self.phrase;
        let start = self.marker.map_or(0, |marker| marker + 1);
        let meaningful = |range: std::ops::Range<usize>| -> Vec<usize> {
            range.filter(|&i| !self.used.get(i).copied().unwrap_or(true) && !p.is(i, LIST_NOISE)).collect()
        };
        if !explicit && !meaningful(0..start).is_empty() {
            return None;
        }
        let after = meaningful(start..p.len());
        if let (Some(&first), Some(&last)) = (after.first(), after.last()) {
            if !explicit && self.marker.is_none() {
                return None;
            }
            let text = if first == last {
                p.sub(first..first + 1).raw()
            } else {
                p.raw_where(|i| (first..=last).contains(&i) && !self.used.get(i).copied().unwrap_or(true))
            };
            self.query.text = (!text.is_empty()).then_some(text);
        }
        let default = if self.query.due.is_some() && !self.all { StatusFilter::Pending } else { StatusFilter::All };
        self.query.status = self.status.unwrap_or(default);
        Some(self.query)
    }
}

/// One tag, normalised like the task model does; `None` if it is not a valid tag.
fn tag(word: &str) -> Option<String> {
    parse_tags(&[word]).ok()?.into_iter().next()
}
