//! The phrasing table (every row must parse exactly as expected; the accuracy is printed) and the property that
//! `parse` never panics.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::tasks::{Priority, StatusFilter};

/// Wednesday 25 November 2026.
fn today() -> NaiveDate {
    day(11, 25)
}

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).expect("valid date")
}

fn list() -> Intent {
    Intent::Show(ShowQuery::default())
}

fn status(status: StatusFilter) -> Intent {
    Intent::Show(ShowQuery { status, ..ShowQuery::default() })
}

fn priority(level: Priority) -> Intent {
    Intent::Show(ShowQuery { priority: Some(level), ..ShowQuery::default() })
}

fn due(window: DueWindow) -> Intent {
    Intent::Show(ShowQuery { status: StatusFilter::Pending, due: Some(window), ..ShowQuery::default() })
}

fn tagged(tag: &str) -> Intent {
    Intent::Show(ShowQuery { tag: Some(tag.into()), ..ShowQuery::default() })
}

fn text(words: &str) -> Intent {
    Intent::Show(ShowQuery { text: Some(words.into()), ..ShowQuery::default() })
}

fn draft(title: &str) -> TaskDraft {
    TaskDraft { title: title.into(), ..TaskDraft::default() }
}

fn add(title: &str) -> Intent {
    Intent::Add(vec![draft(title)])
}

fn add_due(title: &str, due: NaiveDate) -> Intent {
    Intent::Add(vec![TaskDraft { due: Some(due), ..draft(title) }])
}

fn add_priority(title: &str, level: Priority) -> Intent {
    Intent::Add(vec![TaskDraft { priority: Some(level), ..draft(title) }])
}

fn add_tags(title: &str, tags: &[&str]) -> Intent {
    Intent::Add(vec![TaskDraft { tags: tags.iter().map(|t| (*t).into()).collect(), ..draft(title) }])
}

fn n(number: i64) -> TaskRef {
    TaskRef::Number(number)
}

fn t(title: &str) -> TaskRef {
    TaskRef::Title(title.into())
}

fn it() -> TaskRef {
    TaskRef::LastMentioned
}

fn done(refs: &[TaskRef]) -> Intent {
    Intent::Complete(refs.to_vec())
}

fn reopen(refs: &[TaskRef]) -> Intent {
    Intent::Reopen(refs.to_vec())
}

fn delete(refs: &[TaskRef]) -> Intent {
    Intent::Delete(refs.to_vec())
}

fn update(target: TaskRef, change: Change) -> Intent {
    Intent::Update { target, change }
}

fn tags(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).into()).collect()
}

fn talk(kind: SmallTalk) -> Intent {
    Intent::SmallTalk(kind)
}

fn table() -> Vec<(&'static str, Intent)> {
    use DueWindow::{Overdue, ThisWeek, Today, Tomorrow};
    use Priority::{High, Low, Medium};
    use SmallTalk::{Greeting, Other, Thanks};
    use StatusFilter::{Done, Pending};
    vec![
        // show
        ("show my tasks", list()),
        ("Show me my tasks", list()),
        ("what's on my list?", list()),
        ("list pending tasks", status(Pending)),
        ("list done tasks", status(Done)),
        ("list all tasks", list()),
        ("done tasks", status(Done)),
        ("completed tasks", status(Done)),
        ("show completed", status(Done)),
        ("all tasks", list()),
        ("high priority tasks", priority(High)),
        ("show low priority tasks", priority(Low)),
        ("urgent tasks", priority(High)),
        ("what's due today?", due(Today)),
        ("what's due tomorrow", due(Tomorrow)),
        ("what's due this week?", due(ThisWeek)),
        ("overdue", due(Overdue)),
        ("anything overdue?", due(Overdue)),
        ("tasks tagged work", tagged("work")),
        ("#work", tagged("work")),
        ("find milk", text("milk")),
        ("search for milk", text("milk")),
        ("look for oat milk", text("oat milk")),
        ("shwo my tasks", list()),
        ("SHOW MY TASKS!!!", list()),
        ("   show    my   tasks   ", list()),
        ("my tasks", list()),
        ("tasks", list()),
        ("list", list()),
        ("my todo list", list()),
        ("what do I have to do today?", due(Today)),
        ("show open tasks", status(Pending)),
        ("what's left?", status(Pending)),
        ("show me unfinished tasks", status(Pending)),
        ("which tasks are done?", status(Done)),
        (
            "show pending high priority tasks tagged work",
            Intent::Show(ShowQuery {
                status: Pending,
                priority: Some(High),
                tag: Some("work".into()),
                ..ShowQuery::default()
            }),
        ),
        ("show tasks about the dentist", text("dentist")),
        ("find tasks about milk", text("milk")),
        ("can you show me my tasks please", list()),
        ("list my tasks for tomorrow", due(Tomorrow)),
        ("today's tasks", due(Today)),
        ("show overdue tasks", due(Overdue)),
        ("tasks with the tag home", tagged("home")),
        ("how many tasks do I have?", list()),
        ("check my list", list()),
        ("show all completed tasks", status(Done)),
        ("lsit tasks", list()),
        (
            "what's due this week? #work",
            Intent::Show(ShowQuery {
                status: Pending,
                due: Some(ThisWeek),
                tag: Some("work".into()),
                ..ShowQuery::default()
            }),
        ),
        ("anything due tomorrow?", due(Tomorrow)),
        ("show done", status(Done)),
        ("search 'oat milk'", text("oat milk")),
        ("display my agenda", list()),
        // add
        ("add task: buy groceries", add("buy groceries")),
        ("add buy milk", add("buy milk")),
        ("remind me to call mom tomorrow", add_due("call mom", day(11, 26))),
        (
            "new task pay rent due friday high priority #home",
            Intent::Add(vec![TaskDraft {
                due: Some(day(11, 27)),
                priority: Some(High),
                tags: tags(&["home"]),
                ..draft("pay rent")
            }]),
        ),
        ("add 'buy milk' and 'walk the dog'", Intent::Add(vec![draft("buy milk"), draft("walk the dog")])),
        ("add milk and eggs", add("milk and eggs")),
        ("Add Buy Milk", add("Buy Milk")),
        ("add a task to buy milk", add("buy milk")),
        ("create a new task called renew passport", add("renew passport")),
        ("todo: water the plants", add("water the plants")),
        ("add call the bank on monday", add_due("call the bank", day(11, 30))),
        ("add finish report by dec 1", add_due("finish report", day(12, 1))),
        ("add dentist appointment in 3 days", add_due("dentist appointment", day(11, 28))),
        ("add submit taxes next monday", add_due("submit taxes", day(11, 30))),
        ("add book flights on 1 december", add_due("book flights", day(12, 1))),
        ("add renew license 2026-12-15", add_due("renew license", day(12, 15))),
        ("add pay rent friday", add_due("pay rent", day(11, 27))),
        ("add water plants tomorow", add_due("water plants", day(11, 26))),
        ("remind me tomorrow to call mom", add_due("call mom", day(11, 26))),
        ("add milk to my shopping list", add("milk")),
        ("add to my list: call plumber", add("call plumber")),
        ("please add buy eggs", add("buy eggs")),
        ("add an urgent task: fix the roof", add_priority("fix the roof", High)),
        ("add clean garage with low priority", add_priority("clean garage", Low)),
        ("add clean garage priority: high", add_priority("clean garage", High)),
        ("add read book tagged leisure", add_tags("read book", &["leisure"])),
        ("add plan trip #travel #Family", add_tags("plan trip", &["travel", "family"])),
        (
            "add 'call bob' and 'email alice' due tomorrow",
            Intent::Add(vec![
                TaskDraft { due: Some(day(11, 26)), ..draft("call bob") },
                TaskDraft { due: Some(day(11, 26)), ..draft("email alice") },
            ]),
        ),
        ("add go to friday prayers", add("go to friday prayers")),
        ("add call mom and dad", add("call mom and dad")),
        ("creat task: buy bread", add("buy bread")),
        ("add", Intent::Add(Vec::new())),
        ("new task", Intent::Add(Vec::new())),
        (
            "add buy milk with note: the oat one",
            Intent::Add(vec![TaskDraft { notes: Some("the oat one".into()), ..draft("buy milk") }]),
        ),
        ("add call mom tonight", add_due("call mom", day(11, 25))),
        ("new todo: book dentist", add("book dentist")),
        ("can you add pick up laundry", add("pick up laundry")),
        ("I'd like to add a task: renew passport", add("renew passport")),
        ("remind me about the meeting on friday", add_due("the meeting", day(11, 27))),
        ("add pay bills p1", add_priority("pay bills", High)),
        ("add 'x'", add("x")),
        ("add call 'Bob' about the car", add("call 'Bob' about the car")),
        ("Add task: Buy groceries.", add("Buy groceries")),
        ("add high-priority task: file taxes", add_priority("file taxes", High)),
        ("add task 'Buy milk' for tomorrow", add_due("Buy milk", day(11, 26))),
        ("add a reminder to renew my passport next friday", add_due("renew my passport", day(12, 4))),
        ("create task walk the dog", add("walk the dog")),
        ("add task: don't forget the milk", add("don't forget the milk")),
        // complete
        ("complete task 5", done(&[n(5)])),
        ("mark 2 and 3 done", done(&[n(2), n(3)])),
        ("done with task 4", done(&[n(4)])),
        ("I finished the groceries", done(&[t("groceries")])),
        ("check off milk", done(&[t("milk")])),
        ("finish it", done(&[it()])),
        ("compelte task 3", done(&[n(3)])),
        ("mark #7 as done", done(&[n(7)])),
        ("task 4 is done", done(&[n(4)])),
        ("mark it as complete", done(&[it()])),
        ("tick off 3", done(&[n(3)])),
        ("complete tasks 2, 3 and 5", done(&[n(2), n(3), n(5)])),
        ("cross 6 off", done(&[n(6)])),
        ("done", done(&[it()])),
        ("mark task 8 complete", done(&[n(8)])),
        ("I've done the laundry", done(&[t("laundry")])),
        ("the dentist task is done", done(&[t("dentist")])),
        ("milk done", done(&[t("milk")])),
        ("finished task 9!", done(&[n(9)])),
        ("please complete #12", done(&[n(12)])),
        ("mark 2-4 as done", done(&[n(2), n(3), n(4)])),
        ("complete that one", done(&[it()])),
        ("Complete Task 5.", done(&[n(5)])),
        ("mark done task 3", done(&[n(3)])),
        ("I'm done with the report", done(&[t("report")])),
        ("complete 'buy milk' and 'eggs'", done(&[t("buy milk"), t("eggs")])),
        ("finish task three", done(&[n(3)])),
        ("set 3 as done", done(&[n(3)])),
        // reopen
        ("undo task 4", reopen(&[n(4)])),
        ("reopen 4", reopen(&[n(4)])),
        ("mark 4 as not done", reopen(&[n(4)])),
        ("uncheck milk", reopen(&[t("milk")])),
        ("mark task 2 as incomplete", reopen(&[n(2)])),
        ("task 5 is not done", reopen(&[n(5)])),
        ("I didn't finish task 6", reopen(&[n(6)])),
        ("undo", reopen(&[it()])),
        ("re-open task 3", reopen(&[n(3)])),
        ("unmark 2 and 3", reopen(&[n(2), n(3)])),
        ("milk isn't done", reopen(&[t("milk")])),
        ("reopne task 4", reopen(&[n(4)])),
        // update
        ("rename task 2 to buy oat milk", update(n(2), Change::Rename("buy oat milk".into()))),
        ("move task 3 to friday", update(n(3), Change::Due(Some(day(11, 27))))),
        ("task 3 due tomorrow", update(n(3), Change::Due(Some(day(11, 26))))),
        ("clear the due date of 3", update(n(3), Change::Due(None))),
        ("set priority of milk to high", update(t("milk"), Change::Priority(Some(High)))),
        ("make 2 low priority", update(n(2), Change::Priority(Some(Low)))),
        ("tag 4 with work", update(n(4), Change::AddTags(tags(&["work"])))),
        ("untag 4 work", update(n(4), Change::RemoveTags(tags(&["work"])))),
        ("add a note to task 1: call before 5pm", update(n(1), Change::Note("call before 5pm".into()))),
        ("reschedule the dentist to next friday", update(t("dentist"), Change::Due(Some(day(12, 4))))),
        ("postpone 3 until monday", update(n(3), Change::Due(Some(day(11, 30))))),
        ("change the due date of task 7 to dec 1", update(n(7), Change::Due(Some(day(12, 1))))),
        ("set task 3 due friday", update(n(3), Change::Due(Some(day(11, 27))))),
        ("remove the due date from task 5", update(n(5), Change::Due(None))),
        ("set task 2 to high priority", update(n(2), Change::Priority(Some(High)))),
        ("prioritize task 6", update(n(6), Change::Priority(Some(High)))),
        ("mark 3 as urgent", update(n(3), Change::Priority(Some(High)))),
        ("change priority of task 4 to medium", update(n(4), Change::Priority(Some(Medium)))),
        ("remove the priority from task 4", update(n(4), Change::Priority(None))),
        ("tag milk as groceries", update(t("milk"), Change::AddTags(tags(&["groceries"])))),
        ("add tag errands to task 9", update(n(9), Change::AddTags(tags(&["errands"])))),
        ("remove tag work from task 4", update(n(4), Change::RemoveTags(tags(&["work"])))),
        ("untag work from 4", update(n(4), Change::RemoveTags(tags(&["work"])))),
        ("rename milk to oat milk", update(t("milk"), Change::Rename("oat milk".into()))),
        ("rename task 2: Call Mom", update(n(2), Change::Rename("Call Mom".into()))),
        ("change task 2 to buy oat milk", update(n(2), Change::Rename("buy oat milk".into()))),
        ("milk due on friday", update(t("milk"), Change::Due(Some(day(11, 27))))),
        ("task 3 high priority", update(n(3), Change::Priority(Some(High)))),
        ("set the priority of task 3 to none", update(n(3), Change::Priority(None))),
        ("move it to tomorrow", update(it(), Change::Due(Some(day(11, 26))))),
        ("push task 3 back to next week", update(n(3), Change::Due(Some(day(11, 30))))),
        ("note for 2: bring ID", update(n(2), Change::Note("bring ID".into()))),
        ("add a note to 3 saying ask for a discount", update(n(3), Change::Note("ask for a discount".into()))),
        ("tag task 4 work home", update(n(4), Change::AddTags(tags(&["work", "home"])))),
        ("give task 5 a low priority", update(n(5), Change::Priority(Some(Low)))),
        ("set due date of 3 to in 3 days", update(n(3), Change::Due(Some(day(11, 28))))),
        ("move task 3 to the 5th", update(n(3), Change::Due(Some(day(12, 5))))),
        ("reschedule 4 to 2026-12-24", update(n(4), Change::Due(Some(day(12, 24))))),
        ("rename task 2 to 'Call the bank'", update(n(2), Change::Rename("Call the bank".into()))),
        ("add #urgent to task 2", update(n(2), Change::AddTags(tags(&["urgent"])))),
        ("make task 4 due next monday", update(n(4), Change::Due(Some(day(11, 30))))),
        ("move the gym task to tomorow", update(t("gym"), Change::Due(Some(day(11, 26))))),
        // delete
        ("delete task 3", delete(&[n(3)])),
        ("remove the dentist task", delete(&[t("dentist")])),
        ("delete 2 and 5", delete(&[n(2), n(5)])),
        ("clear completed tasks", Intent::ClearCompleted),
        ("delete all done tasks", Intent::ClearCompleted),
        ("delet task 2", delete(&[n(2)])),
        ("get rid of task 8", delete(&[n(8)])),
        ("remove milk from my list", delete(&[t("milk")])),
        ("delete it", delete(&[it()])),
        ("clear completed", Intent::ClearCompleted),
        ("remove completed tasks", Intent::ClearCompleted),
        ("clean up finished tasks", Intent::ClearCompleted),
        ("trash #4", delete(&[n(4)])),
        ("delete task 3 please", delete(&[n(3)])),
        ("Delete Task 3!", delete(&[n(3)])),
        ("erase tasks 1 to 3", delete(&[n(1), n(2), n(3)])),
        ("cancel the gym task", delete(&[t("gym")])),
        ("remvoe task 6", delete(&[n(6)])),
        ("delete everything that's done", Intent::ClearCompleted),
        // help
        ("help", Intent::Help),
        ("what can you do?", Intent::Help),
        ("how does this work", Intent::Help),
        ("HELP!", Intent::Help),
        ("hlep", Intent::Help),
        ("help me", Intent::Help),
        ("how do I add a task?", Intent::Help),
        ("what are the commands?", Intent::Help),
        ("?", Intent::Help),
        // small talk
        ("hi", talk(Greeting)),
        ("hello there", talk(Greeting)),
        ("Hey!", talk(Greeting)),
        ("good morning", talk(Greeting)),
        ("hi there!", talk(Greeting)),
        ("thanks!", talk(Thanks)),
        ("thank you", talk(Thanks)),
        ("thank you so much", talk(Thanks)),
        ("thx", talk(Thanks)),
        ("great, thanks", talk(Thanks)),
        ("how are you?", talk(Other)),
        ("bye", talk(Other)),
        ("ok", talk(Other)),
        // unknown
        ("buy milk", Intent::Unknown),
        ("I need to buy milk", Intent::Unknown),
        ("what is the weather like", Intent::Unknown),
        ("", Intent::Unknown),
        ("   ", Intent::Unknown),
        ("asdfghjkl", Intent::Unknown),
        ("milk", Intent::Unknown),
        ("tell me a joke", Intent::Unknown),
        ("12345", Intent::Unknown),
        ("delete", Intent::Unknown),
        ("complete all tasks", Intent::Unknown),
        ("delete all my tasks", Intent::Unknown),
        ("move task 3 to the top", Intent::Unknown),
        ("put milk on my list", Intent::Unknown),
        ("what is it", Intent::Unknown),
        ("remove the note from task 2", Intent::Unknown),
        ("is milk done?", Intent::Unknown),
        ("how are things", talk(Other)),
        ("i'm done for today", talk(Other)),
        // more variety
        ("upcoming tasks", status(Pending)),
        ("what do i need to do", status(Pending)),
        ("show everything including done", list()),
        (
            "what's overdue and high priority?",
            Intent::Show(ShowQuery {
                status: Pending,
                priority: Some(High),
                due: Some(Overdue),
                ..ShowQuery::default()
            }),
        ),
        ("hey can you show me my tasks?", list()),
        ("that's done", done(&[it()])),
        ("yes delete it", delete(&[it()])),
        ("complete #3,#4", done(&[n(3), n(4)])),
        ("delete 1 through 3", delete(&[n(1), n(2), n(3)])),
        ("dlete task 3", delete(&[n(3)])),
        ("mrak 3 done", done(&[n(3)])),
        ("I haven't finished the report", reopen(&[t("report")])),
        ("put task 3 back to pending", reopen(&[n(3)])),
        ("remind me to", Intent::Add(Vec::new())),
        ("add invite alice (urgent)", add_priority("invite alice", High)),
        ("add 日本語のタスク tomorrow", add_due("日本語のタスク", day(11, 26))),
        ("remind me in 2 weeks to renew the car insurance", add_due("renew the car insurance", day(12, 9))),
        (
            "add buy milk and eggs tomorrow high priority tagged groceries",
            Intent::Add(vec![TaskDraft {
                due: Some(day(11, 26)),
                priority: Some(High),
                tags: tags(&["groceries"]),
                ..draft("buy milk and eggs")
            }]),
        ),
        (
            "add a new high priority task to call the landlord by next friday #home #urgent",
            Intent::Add(vec![TaskDraft {
                due: Some(day(12, 4)),
                priority: Some(High),
                tags: tags(&["home", "urgent"]),
                ..draft("call the landlord")
            }]),
        ),
        ("rename 'buy milk' to 'buy oat milk'", update(t("buy milk"), Change::Rename("buy oat milk".into()))),
        ("change the name of task 4 to call dad", update(n(4), Change::Rename("call dad".into()))),
        ("set the note of task 2 to call before noon", update(n(2), Change::Note("call before noon".into()))),
        ("untag task 3 home", update(n(3), Change::RemoveTags(tags(&["home"])))),
        ("remove the work tag from task 3", update(n(3), Change::RemoveTags(tags(&["work"])))),
        ("tag task 3 #work #urgent", update(n(3), Change::AddTags(tags(&["work", "urgent"])))),
    ]
}

#[test]
fn every_phrasing_in_the_table_parses_as_expected() {
    let rows = table();
    let mut wrong = Vec::new();
    for (message, expected) in &rows {
        let got = parse(message, today());
        if &got != expected {
            wrong.push(format!("{message:?}\n    expected {expected:?}\n    got      {got:?}"));
        }
    }
    let right = rows.len() - wrong.len();
    println!("intent accuracy: {right}/{}", rows.len());
    assert!(rows.len() >= 150, "the table has {} rows; it needs at least 150", rows.len());
    assert!(wrong.is_empty(), "{} of {} phrasings parsed wrongly:\n{}", wrong.len(), rows.len(), wrong.join("\n"));
}

const WORDS: &[&str] = &[
    "add",
    "show",
    "complete",
    "delete",
    "remove",
    "mark",
    "done",
    "not",
    "task",
    "tasks",
    "#3",
    "3",
    "and",
    ",",
    "to",
    "due",
    "tomorrow",
    "friday",
    "next",
    "in",
    "days",
    "priority",
    "high",
    "tag",
    "with",
    "'",
    "\"",
    ":",
    "it",
    "rename",
    "move",
    "note",
    "undo",
    "clear",
    "completed",
    "the",
    "milk",
    "#work",
    "-",
    "2-4",
    "dec",
    "1st",
    "of",
    "remind",
    "me",
    "é",
    "日本",
    "🙂",
    "\u{0}",
    "  ",
    "?",
    "!",
    "find",
    "for",
    "set",
    "make",
    "low",
    "untag",
    "from",
];

proptest! {
    // Fuzzing in every CI run, bounded: 2 000 cases per property (about a second); PROPTEST_CASES does not
    // override an explicit count, so raise it here for a longer run.
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_any_string(message in "\\PC*", raw in any::<String>()) {
        let _ = parse(&message, today());
        let _ = parse(&raw, today());
        let _ = parse_date(&message, today());
    }

    #[test]
    fn parse_never_panics_on_command_word_soup(
        picks in proptest::collection::vec(0..WORDS.len(), 0..24),
        glue in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just(", "), Just(": "), Just("'")], 24),
        year in 1i32..9999,
    ) {
        let message: String = picks
            .iter()
            .zip(glue.iter().cycle())
            .map(|(&i, sep)| format!("{}{sep}", WORDS.get(i).copied().unwrap_or("")))
            .collect();
        let anchor = NaiveDate::from_ymd_opt(year, 2, 28).unwrap_or_else(today);
        let _ = parse(&message, anchor);
        let _ = parse(&message, NaiveDate::MAX);
        let _ = parse(&message, NaiveDate::MIN);
        let _ = parse_date(&message, NaiveDate::MAX);
    }
}
