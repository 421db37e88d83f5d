//! Help, greetings, thanks and chit-chat, and the politeness around commands ("could you please …").

use super::model::{Intent, SmallTalk};
use super::text::Phrase;

const HELP: &[&str] = &[
    "help",
    "what can you do",
    "what else can you do",
    "what can i do",
    "what can i say",
    "what can i ask",
    "what can i type",
    "what do you do",
    "what are you",
    "what are you able to do",
    "what can you help with",
    "what can you help me with",
    "how does this work",
    "how does it work",
    "how does this app work",
    "how do you work",
    "how to use",
    "how to use this",
    "commands",
    "show commands",
    "list commands",
    "show me the commands",
    "what are the commands",
    "what commands are there",
    "what commands do you know",
    "usage",
    "instructions",
    "menu",
    "options",
    "features",
    "tutorial",
    "i need help",
    "i'm lost",
    "i'm confused",
    "i am lost",
    "getting started",
    "where do i start",
    "examples",
    "show examples",
    "can you help",
    "can you help me",
];

const OTHER: &[&str] = &[
    "how are you",
    "how are things",
    "how's things",
    "i'm done for today",
    "i'm done for the day",
    "i'm done for now",
    "done for today",
    "done for the day",
    "how are you doing",
    "how's it going",
    "how is it going",
    "who are you",
    "what's your name",
    "what is your name",
    "bye",
    "goodbye",
    "bye bye",
    "see you",
    "see ya",
    "good night",
    "goodnight",
    "ok",
    "okay",
    "k",
    "cool",
    "nice",
    "great",
    "awesome",
    "perfect",
    "lol",
    "haha",
    "yes",
    "no",
    "yep",
    "nope",
    "yeah",
    "sure",
    "hmm",
    "wow",
    "good job",
    "well done",
    "nice work",
    "all done",
    "i'm done",
    "that's all",
    "that's it",
    "never mind",
    "nevermind",
    "nothing",
    "sounds good",
    "got it",
    "ok cool",
    "i love you",
    "you're great",
    "you are great",
    "what's up",
    "sup",
    "are you there",
    "are you a bot",
    "are you real",
];

const GREETINGS: &str = "hi|hello|hey|hiya|howdy|yo|greetings|heya|hola|hallo";
const GREETING_WORDS: &str = "there|all|everyone|everybody|assistant|bot|friend|buddy|taskchat|team|mate|again|good|\
    morning|afternoon|evening|day|and|hi|hello|hey|you|folks";
const THANKS: &str = "thanks|thank|cheers|appreciate|appreciated|grateful|kudos|merci|gracias";
const THANKS_WORDS: &str = "thanks|thank|you|so|much|a|lot|very|many|cheers|appreciate|appreciated|it|that|great|\
    awesome|perfect|nice|cool|ok|okay|alright|good|job|mate|buddy|again|really|for|the|help|your|all|everything|i|\
    grateful|super|man|and|oh|kudos|merci|gracias|this|done|works|worked|that's";

/// Help or small talk, if that is all the message is.
pub(super) fn social(phrase: Phrase<'_>) -> Option<Intent> {
    let joined = phrase.words().join(" ");
    if HELP.contains(&joined.as_str())
        || (phrase.is(0, "help")
            && phrase.from(1).all("me|please|with|using|this|the|app|out|i|need|a|bit|my|taskchat"))
        || phrase.at(0, "how do|can|should|would i|we").is_some()
        || phrase.at(0, "how to").is_some()
    {
        return Some(Intent::Help);
    }
    if phrase.find(THANKS).is_some() && phrase.all(THANKS_WORDS) {
        return Some(Intent::SmallTalk(SmallTalk::Thanks));
    }
    let greeting = phrase.is(0, GREETINGS) || phrase.at(0, "good morning|afternoon|evening|day").is_some();
    if greeting && phrase.all(&format!("{GREETINGS}|{GREETING_WORDS}")) {
        return Some(Intent::SmallTalk(SmallTalk::Greeting));
    }
    if OTHER.contains(&joined.as_str()) {
        return Some(Intent::SmallTalk(SmallTalk::Other));
    }
    None
}

/// Leading politeness and trailing "please"/"thanks": "could you please show my tasks" → "show my tasks".
pub(super) fn strip_fillers(phrase: Phrase<'_>) -> Phrase<'_> {
    const LEADING: &[&str] = &[
        "please|kindly|ok|okay|alright|so|now|and|also|then|well|um|uh|oh|cool|great|thanks|quickly|just|btw|\
         actually|oops|sorry|ah|hmm|yes|yeah|sure|hey|hi|hello|yo|hiya",
        "there|assistant|bot|taskchat",
        "can|could|would|will you|u please?",
        "can|could|may|might i|we please?",
        "i|i'd|we want|need|would|like|wanna|wish like? to?",
        "let|lets|let's me|us?",
        "go ahead and",
        "help me",
    ];
    const TRAILING: &[&str] = &["please|thanks|now|thx", "thank you", "for me", "if you can", "if possible"];
    let mut phrase = phrase;
    loop {
        let before = phrase.len();
        for pattern in LEADING {
            if let Some(n) = phrase.at(0, pattern).filter(|&n| n > 0 && n < phrase.len()) {
                phrase = phrase.from(n);
            }
        }
        for pattern in TRAILING {
            if let Some(rest) = phrase.before_end(pattern).filter(|rest| !rest.is_empty()) {
                phrase = rest;
            }
        }
        if phrase.len() == before {
            return phrase;
        }
    }
}
