//! The offline assistant's language understanding: a message and today's date in, one [`Intent`] out. Pure (no
//! I/O, no clock), deterministic, typo-tolerant on command words, and it never panics.
//!
//! Dates are parsed by our own `dates` module rather than a crate: `interim` (maintained; `chrono-english` is not)
//! parses a whole string, not a date inside "pay rent due friday high priority", has no "in 3 days" or "on …", reads
//! "jan 5" in November as last January, and would add a lexer generator (`logos`) for a few hundred lines of rules.

mod add;
mod dates;
mod model;
mod parse;
mod refs;
mod show;
mod social;
mod text;
mod typos;
mod update;
mod vocab;

#[cfg(test)]
mod tests;

pub use dates::parse_date;
pub use model::{Change, DueWindow, Intent, ShowQuery, SmallTalk, TaskDraft, TaskRef};
pub use parse::parse;
