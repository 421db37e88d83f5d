//! The words of a message: tokens that remember where they are in the text, lowercase keys with typos of command
//! words corrected, and a small pattern matcher over them.

use std::ops::Range;

/// Short forms and spellings that mean a dictionary word.
const ALIASES: &[(&str, &str)] = &[
    ("to-do", "todo"),
    ("to-dos", "todos"),
    ("re-open", "reopen"),
    ("tmrw", "tomorrow"),
    ("tmr", "tomorrow"),
    ("tmw", "tomorrow"),
    ("tomorow", "tomorrow"),
    ("2moro", "tomorrow"),
    ("2day", "today"),
    ("tonite", "tonight"),
    ("pls", "please"),
    ("plz", "please"),
    ("thx", "thanks"),
    ("thanx", "thanks"),
    ("ty", "thanks"),
    ("tnx", "thanks"),
    ("whats", "what's"),
    ("ls", "list"),
    ("del", "delete"),
    ("rm", "delete"),
    ("prioritise", "prioritize"),
    ("deprioritise", "deprioritize"),
    ("u", "you"),
    ("im", "i'm"),
    ("ive", "i've"),
    ("didnt", "didn't"),
    ("havent", "haven't"),
    ("isnt", "isn't"),
    ("prio", "priority"),
    ("pri", "priority"),
];

/// One word, or one quoted phrase, of a message.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    /// Byte range in the message: the word with its surrounding punctuation, or the phrase with its quotes.
    pub outer: Range<usize>,
    /// Byte range of the words alone (inside the quotes for a quoted phrase).
    pub inner: Range<usize>,
    /// Lowercase, without surrounding punctuation (a leading `#` is kept), aliases resolved.
    pub key: String,
    /// The dictionary word this one is a typo of.
    pub canon: Option<&'static str>,
    /// A quoted phrase: never a command word.
    pub quoted: bool,
    /// Followed by `:`.
    pub colon: bool,
}

/// Splits a message into tokens.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |index: usize| chars.get(index).map_or(text.len(), |&(at, _)| at);
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_quote(c)
            && (!is_single_quote(c)
                || i == 0
                || chars.get(i - 1).is_some_and(|&(_, p)| p.is_whitespace() || "(:[".contains(p)))
            && let Some(close) = closing_quote(&chars, i)
        {
            let inner_raw = text.get(end_of(i + 1)..end_of(close)).unwrap_or("");
            let lead = inner_raw.len() - inner_raw.trim_start().len();
            let inner = end_of(i + 1) + lead..end_of(i + 1) + lead + inner_raw.trim().len();
            let mut next = close + 1;
            let mut colon = false;
            while let Some(&(_, p)) = chars.get(next) {
                if !",:;.!?".contains(p) {
                    break;
                }
                colon |= p == ':';
                next += 1;
            }
            if !inner.is_empty() {
                let key = text.get(inner.clone()).unwrap_or("").to_lowercase();
                toks.push(Tok { outer: start..end_of(next), inner, key, canon: None, quoted: true, colon });
                i = next;
                continue;
            }
        }
        let mut next = i;
        while let Some(&(_, ch)) = chars.get(next) {
            if ch.is_whitespace() {
                break;
            }
            next += 1;
            if (ch == ',' || ch == ';') && chars.get(next).is_some_and(|&(_, n)| !n.is_whitespace()) {
                break;
            }
        }
        push_word(text, start..end_of(next), &mut toks);
        i = next;
    }
    toks
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}')
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}')
}

/// The index of the quote closing the one at `open`; a single quote closes only before a space or punctuation.
fn closing_quote(chars: &[(usize, char)], open: usize) -> Option<usize> {
    let single = chars.get(open).is_some_and(|&(_, c)| is_single_quote(c));
    (open + 1..chars.len()).find(|&j| {
        let Some(&(_, c)) = chars.get(j) else { return false };
        if single {
            is_single_quote(c) && chars.get(j + 1).is_none_or(|&(_, n)| n.is_whitespace() || ",:;.!?)".contains(n))
        } else {
            is_quote(c) && !is_single_quote(c)
        }
    })
}

fn push_word(text: &str, range: Range<usize>, toks: &mut Vec<Tok>) {
    let chunk = text.get(range.clone()).unwrap_or("");
    let body_end = chunk.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    let colon = chunk.get(body_end..).is_some_and(|tail| tail.contains(':'));
    let key = normalize(chunk);
    if key.is_empty() {
        if chunk.contains(':')
            && let Some(last) = toks.last_mut()
        {
            last.colon = true;
        }
        return;
    }
    // "high-priority" is two words.
    if let Some(level) = key.strip_suffix("-priority")
        && let Some(dash) = chunk.find('-')
    {
        let first = range.start..range.start + dash;
        let second = range.start + dash + 1..range.end;
        toks.push(word_tok(first, level.to_owned(), false));
        toks.push(word_tok(second, "priority".to_owned(), colon));
        return;
    }
    toks.push(word_tok(range, key, colon));
}

fn word_tok(range: Range<usize>, key: String, colon: bool) -> Tok {
    let canon = super::typos::correct(&key);
    Tok { outer: range.clone(), inner: range, key, canon, quoted: false, colon }
}

/// Lowercase, curly apostrophes straightened, surrounding punctuation removed, aliases resolved.
fn normalize(chunk: &str) -> String {
    let lower = chunk.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    if lower == "&" || lower == "+" {
        return "and".to_owned();
    }
    let trimmed = lower
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#')
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let trimmed = if trimmed.chars().all(|c| c == '#') { "" } else { trimmed };
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == trimmed)
        .map_or_else(|| trimmed.to_owned(), |(_, word)| (*word).to_owned())
}

/// A run of tokens of one message.
#[derive(Debug, Clone, Copy)]
pub(super) struct Phrase<'a> {
    /// The whole message (token ranges point into it).
    pub text: &'a str,
    /// The tokens of this run.
    pub toks: &'a [Tok],
}

impl<'a> Phrase<'a> {
    /// How many tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The word at `i` for matching: its correction if it is a typo, "" for a quoted phrase or past the end.
    pub fn word(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(tok) if tok.quoted => "",
            Some(tok) => tok.canon.unwrap_or(&tok.key),
            None => "",
        }
    }

    /// Every word, as [`Phrase::word`] gives it.
    pub fn words(&self) -> Vec<&'a str> {
        (0..self.len()).map(|i| self.word(i)).collect()
    }

    /// Whether the word at `i` is one of `alternatives` ("a|b|c").
    pub fn is(&self, i: usize, alternatives: &str) -> bool {
        let word = self.word(i);
        !word.is_empty() && alternatives.split('|').any(|alt| alt == word)
    }

    /// Tokens `range` of this phrase (clamped).
    pub fn sub(&self, range: Range<usize>) -> Phrase<'a> {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        Phrase { text: self.text, toks: self.toks.get(start..end).unwrap_or(&[]) }
    }

    /// From token `i` to the end.
    pub fn from(&self, i: usize) -> Phrase<'a> {
        self.sub(i..self.len())
    }

    /// Matches `pattern` at token `i` and returns how many tokens it took: space-separated slots, each a list of
    /// alternatives `a|b`; a slot ending in `?` is optional (taken greedily).
    pub fn at(&self, i: usize, pattern: &str) -> Option<usize> {
        let mut taken = 0;
        for slot in pattern.split_whitespace() {
            let (alternatives, optional) = slot.strip_suffix('?').map_or((slot, false), |s| (s, true));
            if self.is(i + taken, alternatives) {
                taken += 1;
            } else if !optional {
                return None;
            }
        }
        Some(taken)
    }

    /// The phrase after `pattern` if it starts with it.
    pub fn after(&self, pattern: &str) -> Option<Phrase<'a>> {
        self.at(0, pattern).map(|n| self.from(n))
    }

    /// The phrase before `pattern` if it ends with it (the longest ending that matches to the end).
    pub fn before_end(&self, pattern: &str) -> Option<Phrase<'a>> {
        let longest = pattern.split_whitespace().count();
        (self.len().saturating_sub(longest)..self.len())
            .find(|&i| self.at(i, pattern) == Some(self.len() - i))
            .map(|i| self.sub(0..i))
    }

    /// The first index at which `pattern` matches at least one token.
    pub fn find(&self, pattern: &str) -> Option<(usize, usize)> {
        (0..self.len()).find_map(|i| self.at(i, pattern).filter(|&n| n > 0).map(|n| (i, n)))
    }

    /// Drops leading words that are any of `alternatives`.
    pub fn trim_start(&self, alternatives: &str) -> Phrase<'a> {
        let skip = (0..self.len()).find(|&i| !self.is(i, alternatives)).unwrap_or(self.len());
        self.from(skip)
    }

    /// Drops trailing words that are any of `alternatives`.
    pub fn trim_end(&self, alternatives: &str) -> Phrase<'a> {
        let keep = (0..self.len()).rev().find(|&i| !self.is(i, alternatives)).map_or(0, |i| i + 1);
        self.sub(0..keep)
    }

    /// Whether every word is one of `alternatives`.
    pub fn all(&self, alternatives: &str) -> bool {
        (0..self.len()).all(|i| self.is(i, alternatives))
    }

    /// The user's own text for the whole phrase: a lone quoted phrase without its quotes, otherwise the original
    /// text with its spacing normalised and punctuation trimmed from both ends.
    pub fn raw(&self) -> String {
        if let [tok] = self.toks
            && tok.quoted
        {
            return self.text.get(tok.inner.clone()).unwrap_or("").trim().to_owned();
        }
        self.raw_where(|_| true)
    }

    /// Like [`Phrase::raw`] for the tokens `keep` selects; runs of kept tokens are joined by a space.
    pub fn raw_where(&self, keep: impl Fn(usize) -> bool) -> String {
        let mut parts: Vec<&str> = Vec::new();
        let mut run: Option<(usize, usize)> = None;
        for (i, tok) in self.toks.iter().enumerate() {
            if keep(i) {
                run = Some(run.map_or((tok.outer.start, tok.outer.end), |(start, _)| (start, tok.outer.end)));
            } else if let Some((start, end)) = run.take() {
                parts.push(self.text.get(start..end).unwrap_or(""));
            }
        }
        if let Some((start, end)) = run {
            parts.push(self.text.get(start..end).unwrap_or(""));
        }
        let joined = parts.join(" ");
        let spaced = joined.split_whitespace().collect::<Vec<_>>().join(" ");
        spaced
            .trim_start_matches(|c: char| ",;:.!?-\u{2013}\u{2014}".contains(c) || c.is_whitespace())
            .trim_end_matches(|c: char| ",;:.!?-\u{2013}\u{2014}".contains(c) || c.is_whitespace())
            .to_owned()
    }

    /// Whether token `i` is followed by a comma or semicolon.
    pub fn ends_with_comma(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|tok| {
            let text = self.text.get(tok.outer.clone()).unwrap_or("");
            text.trim_end_matches(|c: char| "'\")\u{201D}\u{2019}".contains(c)).ends_with([',', ';'])
        })
    }

    /// The original text after token `i` (and the `:` following it), trimmed.
    pub fn text_after(&self, i: usize) -> String {
        let Some(tok) = self.toks.get(i) else { return String::new() };
        let rest = self.text.get(tok.outer.end..).unwrap_or("");
        let rest = rest.trim_start();
        rest.strip_prefix(':').unwrap_or(rest).trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_quotes_colons_and_apostrophes() {
        let text = "Add task: 'buy milk', \"eggs\" and what's #Home";
        let toks = tokenize(text);
        let keys: Vec<&str> = toks.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["add", "task", "buy milk", "eggs", "and", "what's", "#home"]);
        assert!(toks[1].colon && toks[2].quoted && toks[3].quoted && !toks[5].quoted);
    }

    #[test]
    fn raw_text_keeps_inner_punctuation_and_drops_the_edges() {
        let text = "add call mom, dad!";
        let toks = tokenize(text);
        let phrase = Phrase { text, toks: &toks };
        assert_eq!(phrase.from(1).raw(), "call mom, dad");
        assert_eq!(phrase.raw_where(|i| i != 2), "add call dad");
    }
}
