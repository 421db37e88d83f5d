//! Word lists shared by the parsers, as `a|b|c` alternatives for [`super::text::Phrase`] patterns.

use crate::tasks::Priority;

/// Words that join task references or titles: "2 and 3", "x & y".
pub(super) const CONNECTORS: &str = "and|or|plus|also|then";

/// Words a request for the task list may contain that narrow nothing ("show me my tasks", "what's on my list?").
pub(super) const LIST_NOISE: &str = "show|list|lists|display|view|see|print|get|give|pull|bring|read|check|me|my|\
    mine|our|the|a|an|of|on|in|is|are|was|were|be|been|am|what|what's|which|whats|do|does|did|i|i've|i'm|we|have|has|\
    had|got|to|due|task|tasks|todo|todos|item|items|thing|things|stuff|there|any|anything|please|us|that|for|with|up|\
    still|you|can|could|would|let|tell|how|many|much|plate|agenda|current|currently|now|at|so|far|yet|and|or|else|\
    next|need|should|must|ones|one|right|from|just|coming|your|it|all|everything|every|entire|whole|full";

/// Words that make a message a request for the list even without a verb.
pub(super) const LIST_ANCHORS: &str =
    "task|tasks|todo|todos|list|items|things|agenda|plate|anything|everything|due|next";

/// Task nouns: "add a task", "the dentist task".
pub(super) const TASK_NOUNS: &str = "task|tasks|todo|todos|item|items|reminder|entry";

/// "done", "completed" …: a finished task.
pub(super) const DONE_WORDS: &str = "done|complete|completed|finished|checked|ticked|crossed|closed|resolved";

/// "pending", "open" …: an unfinished task.
pub(super) const PENDING_WORDS: &str =
    "pending|open|incomplete|unfinished|outstanding|remaining|active|undone|uncompleted|unchecked|left|upcoming";

/// The priority a word names: the task model's own words plus common synonyms.
pub(super) fn priority_word(word: &str) -> Option<Priority> {
    if word.is_empty() {
        return None;
    }
    Priority::parse(word).ok().or(match word {
        "urgent" | "highest" | "important" | "critical" | "asap" | "hi" => Some(Priority::High),
        "normal" | "mid" | "med" | "moderate" | "average" => Some(Priority::Medium),
        "lowest" | "minor" | "lo" => Some(Priority::Low),
        _ => None,
    })
}
