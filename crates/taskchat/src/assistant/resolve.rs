//! Naming a task: by number, by "it" (the last task mentioned), or by a fuzzy match on its title.

use super::intent::TaskRef;
use crate::tasks::{StatusFilter, Task, TaskError, TaskFilter, TaskService};

/// How many candidates a clarification offers at most.
const MAX_CANDIDATES: usize = 5;
/// How many of a user's tasks a title search looks at.
const SEARCH_LIMIT: i64 = 200;
/// How close a word must be to count as the same word (Jaro-Winkler).
const WORD_SIMILARITY: f64 = 0.88;

/// What a reference named.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    One(Task),
    /// Several tasks fit; the user chooses.
    Many(Vec<Task>),
    /// Nothing fits; the text says what was looked for.
    Nothing(String),
}

/// Which tasks a reference should prefer when several fit (e.g. open ones for "complete").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Open,
    Done,
    Any,
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !matches!(*word, "the" | "a" | "an" | "my" | "task" | "todo"))
        .map(str::to_owned)
        .collect()
}

/// How well `title` matches the words of a name: 0 = not at all; higher is better.
fn score(name: &str, name_words: &[String], title: &str) -> u32 {
    let title_lower = title.to_lowercase();
    if title_lower == name.to_lowercase() {
        return 1_000;
    }
    if title_lower.contains(&name.to_lowercase()) {
        return 500;
    }
    let title_words = words(title);
    let matched = name_words
        .iter()
        .filter(|word| {
            title_words.iter().any(|candidate| {
                candidate.starts_with(word.as_str()) || strsim::jaro_winkler(word, candidate) >= WORD_SIMILARITY
            })
        })
        .count();
    if matched == name_words.len() && matched > 0 { 100 + matched as u32 } else { 0 }
}

pub async fn resolve(
    tasks: &TaskService,
    user_id: &str,
    reference: &TaskRef,
    last_mentioned: Option<i64>,
    prefer: Prefer,
) -> Result<Resolved, TaskError> {
    let number = match reference {
        TaskRef::Number(number) => *number,
        TaskRef::LastMentioned => match last_mentioned {
            Some(number) => number,
            None => return Ok(Resolved::Nothing("the task you mean (say its number, e.g. \"task 3\")".into())),
        },
        TaskRef::Title(name) => return by_title(tasks, user_id, name, prefer).await,
    };
    match tasks.get(user_id, number).await {
        Ok(task) => Ok(Resolved::One(task)),
        Err(TaskError::NotFound(_)) => Ok(Resolved::Nothing(format!("task #{number}"))),
        Err(error) => Err(error),
    }
}

async fn by_title(tasks: &TaskService, user_id: &str, name: &str, prefer: Prefer) -> Result<Resolved, TaskError> {
    let name_words = words(name);
    if name_words.is_empty() {
        return Ok(Resolved::Nothing(format!("a task called \"{name}\"")));
    }
    let filter = TaskFilter { status: StatusFilter::All, ..TaskFilter::default() };
    let mut scored: Vec<(u32, Task)> = Vec::new();
    let mut after = None;
    loop {
        let page = tasks.list(user_id, &filter, after, SEARCH_LIMIT).await?;
        for task in page.tasks {
            let points = score(name, &name_words, &task.title);
            if points > 0 {
                scored.push((points, task));
            }
        }
        match page.after {
            Some(next) if page.has_more => after = Some(next),
            _ => break,
        }
    }
    let Some(best) = scored.iter().map(|(points, _)| *points).max() else {
        return Ok(Resolved::Nothing(format!("a task called \"{name}\"")));
    };
    let mut best: Vec<Task> = scored.into_iter().filter(|(points, _)| *points == best).map(|(_, task)| task).collect();
    if best.len() > 1 && prefer != Prefer::Any {
        let wanted_done = prefer == Prefer::Done;
        let preferred: Vec<Task> = best.iter().filter(|task| task.done == wanted_done).cloned().collect();
        if !preferred.is_empty() {
            best = preferred;
        }
    }
    Ok(match best.len() {
        1 => Resolved::One(best.remove(0)),
        _ => {
            best.truncate(MAX_CANDIDATES);
            Resolved::Many(best)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_exactly_then_by_substring_then_by_similar_words() {
        let name = "dentist";
        let words = words(name);
        assert!(score(name, &words, "Dentist") > score(name, &words, "call the dentist"));
        assert!(score(name, &words, "call the dentist") > score(name, &words, "Book dentst appointment"));
        assert!(score(name, &words, "Book dentst appointment") > 0, "a typo still matches");
        assert_eq!(score(name, &words, "buy milk"), 0);
        let name = "the groceries";
        assert!(score(name, &super::words(name), "buy groceries for the week") > 0);
    }
}
