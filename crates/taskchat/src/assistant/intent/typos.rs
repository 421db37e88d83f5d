//! Typos of command words: "shwo" is "show", "compelte" is "complete", "tomorow" is "tomorrow".

/// Command and date words whose typos are corrected.
const DICTIONARY: &str = "show|list|display|view|find|search|look|add|create|new|remind|todo|todos|complete|\
    completed|finish|finished|done|mark|check|tick|cross|reopen|undo|uncheck|untick|unmark|delete|remove|erase|\
    discard|clear|rename|move|reschedule|postpone|change|update|set|make|tag|tagged|untag|priority|today|tonight|\
    tomorrow|pending|overdue|task|tasks|high|medium|low|urgent|important|note|notes|help|hello|thanks|thank|\
    incomplete|unfinished|outstanding|remaining|week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\
    january|february|march|april|june|july|august|september|october|november|december|yesterday|please|prioritize|\
    deadline|everything|anything|clean";

/// Real words one typo away from a command word: never "corrected".
const NOT_TYPOS: &str = "remote|compete|competed|finnish|cheek|chuck|cleat|tanks|tusks|movie|moves|crate|match|\
    rewind|chance|charge|think|thinks|sundae|tugged|crows|pleas";

/// The dictionary word `key` is a typo of: same first letter; one adjacent swap for 4 letters, one edit for 5–7,
/// two for 8 or more.
pub(super) fn correct(key: &str) -> Option<&'static str> {
    if DICTIONARY.split('|').any(|word| word == key)
        || NOT_TYPOS.split('|').any(|word| word == key)
        || !key.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let len = key.len();
    let allowed = match len {
        0..=3 => return None,
        4..=7 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &'static str)> = None;
    let mut tied = false;
    for word in DICTIONARY.split('|') {
        // Two edits only between words of about the same length: "tommorow", not "reminder" → "remind".
        let max = if word.len().abs_diff(len) > 1 { 1 } else { allowed };
        if word.as_bytes().first() != key.as_bytes().first() || word.len().abs_diff(len) > max {
            continue;
        }
        if len == 4 && !(word.len() == 4 && is_one_swap(key, word)) {
            continue;
        }
        let distance = edit_distance(key, word);
        if distance > max {
            continue;
        }
        match best {
            Some((closest, _)) if distance > closest => {}
            Some((closest, _)) if distance == closest => tied = true,
            _ => {
                best = Some((distance, word));
                tied = false;
            }
        }
    }
    if tied { None } else { best.map(|(_, word)| word) }
}

fn is_one_swap(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let differ: Vec<usize> = (0..a.len().min(b.len())).filter(|&i| a.get(i) != b.get(i)).collect();
    matches!(differ.as_slice(), [i, j] if *j == i + 1 && a.get(*i) == b.get(*j) && a.get(*j) == b.get(*i))
}

/// Optimal string alignment distance (Levenshtein with adjacent swaps), over bytes of ASCII words.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_command_words_are_corrected_but_real_words_are_not() {
        assert_eq!(correct("shwo"), Some("show"));
        assert_eq!(correct("compelte"), Some("complete"));
        assert_eq!(correct("delet"), Some("delete"));
        assert_eq!(correct("tommorow"), Some("tomorrow"));
        assert_eq!(correct("last"), None);
        assert_eq!(correct("remote"), None);
        assert_eq!(correct("milk"), None);
        assert_eq!(edit_distance("shwo", "show"), 1);
    }
}
