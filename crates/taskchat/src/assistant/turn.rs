//! One turn of the assistant: a message or a click becomes task operations and widgets in the stream.

use chatkit::types::{HiddenContextItem, ThreadItem, WidgetItem};
use chatkit::{IdKind, ResponseSink, StreamError};
use chrono::NaiveDate;
use serde_json::json;

use super::actions::{self, ChoiceOp, TaskAction};
use super::intent::{self, Change, Intent, SmallTalk, TaskDraft, TaskRef};
use super::resolve::{Prefer, Resolved, resolve};
use super::view::ListQuery;
use super::widgets::{self, Counts, Rendered, TaskListPage};
use crate::auth::CurrentUser;
use crate::db::{self, Db};
use crate::tasks::{NewTask, Task, TaskChanges, TaskError, TaskService, TaskTitle, parse_tags};

/// Rows in one list widget; "Show more" pages through the rest.
pub const PAGE_SIZE: i64 = 50;

pub const HELP: &str = "I manage your tasks. Try:\n\
- **show my tasks**, \"what's due this week?\", \"high priority tasks\", \"#work\"\n\
- **add** buy milk tomorrow high priority #home (or several: add 'x' and 'y')\n\
- **complete** task 3, \"I finished the groceries\", **undo** task 3\n\
- **rename** task 2 to …, **move** task 3 to friday, **tag** 4 with work, add a note to task 1: …\n\
- **delete** task 3, \"clear completed tasks\" (I always ask first)";

/// How many recent items make up the conversation's context.
const CONTEXT_ITEMS: i64 = 20;

/// Everything one turn works with.
pub struct Turn<'a> {
    pub tasks: &'a TaskService,
    pub db: &'a Db,
    pub thread_id: String,
    pub user: &'a CurrentUser,
    pub sink: &'a ResponseSink,
    pub today: NaiveDate,
    /// The task the conversation last named ("complete it"): read from the thread when first needed.
    pub last_mentioned: Option<Option<i64>>,
    pub metrics: &'a super::AssistantMetrics,
    /// Taken while working on tasks (see `TaskChatServer::work_permits`).
    pub work_permits: &'a tokio::sync::Semaphore,
}

/// Task operations fail for the user's reasons (said plainly) or the system's (an error card with Retry).
fn failure(error: TaskError) -> Result<String, TaskError> {
    match error {
        TaskError::Invalid { .. } => Ok(format!("I couldn't do that: {error}.")),
        TaskError::NotFound(number) => Ok(format!("There is no task #{number}.")),
        TaskError::Db(_) => Err(error),
    }
}

impl Turn<'_> {
    /// Answers a message; a system failure shows an error card whose Retry sends `text` again.
    pub async fn message(&mut self, text: &str) -> Result<(), StreamError> {
        let intent = intent::parse(text, self.today);
        match self.dispatch(intent).await {
            Ok(()) => Ok(()),
            Err(TurnError::Stream(error)) => Err(error),
            Err(TurnError::Task(error)) => {
                tracing::error!(%error, user_id = %self.user.id, "the assistant could not reach the tasks");
                let card = self.metrics.build_widget("error_card", || {
                    widgets::error_card("Something went wrong while reaching your tasks.", text)
                });
                self.send(card).await.map(drop)
            }
        }
    }

    async fn dispatch(&mut self, intent: Intent) -> Result<(), TurnError> {
        match intent {
            Intent::Show(query) => self.show(ListQuery::from(&query), None).await,
            Intent::Add(drafts) => self.add(drafts).await,
            Intent::Complete(refs) => self.set_done(refs, true).await,
            Intent::Reopen(refs) => self.set_done(refs, false).await,
            Intent::Update { target, change } => self.update(target, change).await,
            Intent::Delete(refs) => self.ask_delete(refs).await,
            Intent::ClearCompleted => self.ask_clear_completed().await,
            Intent::Help => self.say(HELP).await,
            Intent::SmallTalk(SmallTalk::Greeting) => {
                self.say("Hi! Ask me to show, add, complete or delete tasks.").await
            }
            Intent::SmallTalk(SmallTalk::Thanks) => self.say("You're welcome.").await,
            Intent::SmallTalk(SmallTalk::Other) => {
                self.say("I'm here for your tasks. Say \"help\" to see what I can do.").await
            }
            Intent::Unknown => {
                self.say("I didn't understand that. Try \"show my tasks\", \"add buy milk tomorrow\" or \"help\".")
                    .await
            }
        }
    }

    async fn say(&self, text: &str) -> Result<(), TurnError> {
        self.sink.assistant_text(text).await?;
        Ok(())
    }

    pub(crate) async fn send(&self, rendered: Rendered) -> Result<String, StreamError> {
        self.sink.widget(rendered.widget, Some(rendered.copy_text)).await
    }

    /// Remembers the task this turn was about, for "complete it" next time (a hidden item: never shown).
    pub(crate) async fn mention(&mut self, number: i64) -> Result<(), TurnError> {
        self.last_mentioned = Some(Some(number));
        let item =
            HiddenContextItem { base: self.sink.new_item_base(IdKind::Message), content: json!({"last_task": number}) };
        self.sink.item_done(ThreadItem::HiddenContext(item)).await?;
        Ok(())
    }

    /// The list widget for `view`, starting after `from`.
    pub async fn render_list(&self, view: &ListQuery, from: Option<i64>) -> Result<Rendered, TaskError> {
        let filter = view.filter(self.today);
        let (page, (open, done)) = self.tasks.list_with_counts(&self.user.id, &filter, from, PAGE_SIZE).await?;
        let rev = actions::new_rev();
        Ok(self.metrics.build_widget("task_list", || {
            widgets::task_list(&TaskListPage {
                tasks: &page.tasks,
                counts: Counts { open, done },
                view,
                from,
                next_after: page.after,
                today: self.today,
                rev: &rev,
            })
        }))
    }

    pub async fn show(&mut self, view: ListQuery, from: Option<i64>) -> Result<(), TurnError> {
        let rendered = self.render_list(&view, from).await?;
        self.send(rendered).await?;
        Ok(())
    }

    async fn add(&mut self, drafts: Vec<TaskDraft>) -> Result<(), TurnError> {
        let mut created = Vec::new();
        let mut problems = Vec::new();
        for draft in drafts {
            match self.create(&draft).await {
                Ok(task) => created.push(task),
                Err(error) => problems.push(failure(error)?),
            }
        }
        if !created.is_empty() {
            self.send(self.metrics.build_widget("added_card", || widgets::added_card(&created, self.today))).await?;
        }
        if let [task] = created.as_slice() {
            self.mention(task.number).await?;
        }
        match (problems.is_empty(), created.is_empty()) {
            (false, _) => self.say(&problems.join("\n")).await,
            (true, true) => self.say("What should the task say? For example: \"add buy milk tomorrow\".").await,
            (true, false) => Ok(()),
        }
    }

    pub(crate) async fn create(&self, draft: &TaskDraft) -> Result<Task, TaskError> {
        let task = NewTask {
            title: TaskTitle::parse(&draft.title)?,
            notes: crate::tasks::parse_notes(draft.notes.as_deref().unwrap_or_default())?,
            priority: draft.priority,
            due: draft.due,
            tags: parse_tags(&draft.tags)?,
        };
        self.tasks.create(&self.user.id, &task).await
    }

    /// Resolves each reference; says what was not found; offers a choice for the first ambiguous one.
    /// The task the last 20 items of the thread named last (a hidden context item records it).
    async fn last_mentioned(&mut self) -> Result<Option<i64>, TurnError> {
        if let Some(known) = self.last_mentioned {
            return Ok(known);
        }
        let hidden = db::items::latest_of_type(self.db, &self.thread_id, "hidden_context_item", CONTEXT_ITEMS)
            .await
            .map_err(TaskError::from)?;
        let number = match hidden {
            Some(ThreadItem::HiddenContext(item)) => item.content.get("last_task").and_then(serde_json::Value::as_i64),
            _ => None,
        };
        self.last_mentioned = Some(number);
        Ok(number)
    }

    async fn resolve_all(
        &mut self,
        refs: &[TaskRef],
        prefer: Prefer,
        op: ChoiceOp,
    ) -> Result<Option<Vec<Task>>, TurnError> {
        let last = if refs.contains(&TaskRef::LastMentioned) { self.last_mentioned().await? } else { None };
        let mut found: Vec<Task> = Vec::new();
        let mut missing = Vec::new();
        for reference in refs {
            match resolve(self.tasks, &self.user.id, reference, last, prefer).await? {
                Resolved::One(task) => {
                    if !found.iter().any(|known| known.number == task.number) {
                        found.push(task);
                    }
                }
                Resolved::Many(candidates) => {
                    let name = match reference {
                        TaskRef::Title(name) => name.clone(),
                        _ => "that".to_owned(),
                    };
                    self.send(self.metrics.build_widget("choice_card", || {
                        widgets::choice_card(op, &name, &candidates, &actions::new_rev())
                    }))
                    .await?;
                    return Ok(None);
                }
                Resolved::Nothing(what) => missing.push(what),
            }
        }
        if !missing.is_empty() {
            self.say(&format!("I couldn't find {}.", missing.join(" or "))).await?;
        }
        Ok((!found.is_empty()).then_some(found))
    }

    async fn set_done(&mut self, refs: Vec<TaskRef>, done: bool) -> Result<(), TurnError> {
        let (prefer, op) = if done { (Prefer::Open, ChoiceOp::Complete) } else { (Prefer::Done, ChoiceOp::Reopen) };
        let Some(found) = self.resolve_all(&refs, prefer, op).await? else { return Ok(()) };
        self.apply_done(&found, done).await?;
        Ok(())
    }

    /// Marks tasks done or open and confirms with a card; returns the tasks changed.
    pub async fn apply_done(&mut self, found: &[Task], done: bool) -> Result<Vec<Task>, TurnError> {
        let mut changed = Vec::new();
        for task in found {
            let changes = TaskChanges { done: Some(done), ..TaskChanges::default() };
            match self.tasks.update(&self.user.id, task.number, changes).await {
                Ok(task) => changed.push(task),
                Err(error) => self.say(&failure(error)?).await?,
            }
        }
        if changed.is_empty() {
            return Ok(changed);
        }
        let verb = if done { "Completed" } else { "Reopened" };
        self.send(self.metrics.build_widget("updated_card", || widgets::updated_card(verb, &changed, self.today)))
            .await?;
        if let [task] = changed.as_slice() {
            self.mention(task.number).await?;
        }
        Ok(changed)
    }

    async fn update(&mut self, target: TaskRef, change: Change) -> Result<(), TurnError> {
        let Some(found) = self.resolve_all(std::slice::from_ref(&target), Prefer::Any, ChoiceOp::Show).await? else {
            return Ok(());
        };
        let task = &found[0];
        let (verb, changes) = match change {
            Change::Rename(title) => match TaskTitle::parse(&title) {
                Ok(title) => ("Renamed", TaskChanges { title: Some(title), ..TaskChanges::default() }),
                Err(error) => return self.say(&failure(error)?).await,
            },
            Change::Due(due) => ("Rescheduled", TaskChanges { due: Some(due), ..TaskChanges::default() }),
            Change::Priority(priority) => {
                ("Updated", TaskChanges { priority: Some(priority), ..TaskChanges::default() })
            }
            Change::AddTags(tags) | Change::RemoveTags(tags) if tags.is_empty() => {
                return self.say("Which tag? For example: \"tag 4 with work\".").await;
            }
            Change::AddTags(tags) => {
                let mut all = task.tags.clone();
                all.extend(tags);
                match parse_tags(&all) {
                    Ok(all) => ("Tagged", TaskChanges { tags: Some(all), ..TaskChanges::default() }),
                    Err(error) => return self.say(&failure(error)?).await,
                }
            }
            Change::RemoveTags(tags) => {
                let removed: Vec<String> = tags.iter().map(|tag| tag.trim_start_matches('#').to_lowercase()).collect();
                let kept = task.tags.iter().filter(|tag| !removed.contains(tag)).cloned().collect();
                ("Untagged", TaskChanges { tags: Some(kept), ..TaskChanges::default() })
            }
            Change::Note(note) => {
                let notes = if task.notes.is_empty() { note } else { format!("{}\n{note}", task.notes) };
                match crate::tasks::parse_notes(&notes) {
                    Ok(notes) => ("Noted", TaskChanges { notes: Some(notes), ..TaskChanges::default() }),
                    Err(error) => return self.say(&failure(error)?).await,
                }
            }
        };
        match self.tasks.update(&self.user.id, task.number, changes).await {
            Ok(task) => {
                self.send(self.metrics.build_widget("updated_card", || {
                    widgets::updated_card(verb, std::slice::from_ref(&task), self.today)
                }))
                .await?;
                self.mention(task.number).await
            }
            Err(error) => self.say(&failure(error)?).await,
        }
    }

    async fn ask_delete(&mut self, refs: Vec<TaskRef>) -> Result<(), TurnError> {
        let Some(found) = self.resolve_all(&refs, Prefer::Any, ChoiceOp::Delete).await? else { return Ok(()) };
        self.send(
            self.metrics
                .build_widget("delete_dialog", || widgets::delete_dialog(&found, &actions::new_rev(), self.today)),
        )
        .await?;
        if let [task] = found.as_slice() {
            self.mention(task.number).await?;
        }
        Ok(())
    }

    async fn ask_clear_completed(&mut self) -> Result<(), TurnError> {
        let filter = crate::tasks::TaskFilter { status: crate::tasks::StatusFilter::Done, ..Default::default() };
        let done = self.tasks.list(&self.user.id, &filter, None, 100).await?;
        if done.tasks.is_empty() {
            return self.say("There are no completed tasks to clear.").await;
        }
        self.send(
            self.metrics
                .build_widget("delete_dialog", || widgets::delete_dialog(&done.tasks, &actions::new_rev(), self.today)),
        )
        .await?;
        Ok(())
    }

    /// Handles a click on one of our widgets. `sender` is the widget clicked; `fresh` is false for a click that
    /// was already applied (a stale or repeated click), which then changes nothing.
    pub async fn act(&mut self, action: TaskAction, sender: &WidgetItem, fresh: bool) -> Result<(), TurnError> {
        let completes = matches!(action, TaskAction::Complete(_));
        match action {
            TaskAction::Complete(click) | TaskAction::Reopen(click) if !fresh => {
                self.replace(sender, self.render_list(&click.view, click.from).await?).await
            }
            TaskAction::Complete(click) | TaskAction::Reopen(click) => {
                // The state the button names, not a toggle: applying a click again (after a crash cut it off)
                // leaves the same result.
                match self.tasks.set_done(&self.user.id, click.number, completes).await {
                    Ok(_) => {}
                    Err(TaskError::NotFound(number)) => self.say(&format!("Task #{number} no longer exists.")).await?,
                    Err(error) => return Err(error.into()),
                }
                self.mention(click.number).await?;
                self.replace(sender, self.render_list(&click.view, click.from).await?).await
            }
            TaskAction::Delete(click) => match self.tasks.get(&self.user.id, click.number).await {
                Ok(task) => {
                    self.send(self.metrics.build_widget("delete_dialog", || {
                        widgets::delete_dialog(std::slice::from_ref(&task), &actions::new_rev(), self.today)
                    }))
                    .await?;
                    Ok(())
                }
                Err(TaskError::NotFound(number)) => self.say(&format!("Task #{number} no longer exists.")).await,
                Err(error) => Err(error.into()),
            },
            TaskAction::DeleteConfirm(_)
            | TaskAction::DeleteCancel(_)
            | TaskAction::Choose(_)
            | TaskAction::More(_)
                if !fresh =>
            {
                Ok(()) // Already done: the widget was replaced (or the page shown) the first time.
            }
            TaskAction::DeleteConfirm(dialog) => {
                let mut deleted = Vec::new();
                let mut missing = Vec::new();
                for number in dialog.numbers {
                    match self.tasks.get(&self.user.id, number).await {
                        Ok(task) => match self.tasks.delete(&self.user.id, number).await {
                            Ok(()) => deleted.push(task.title),
                            Err(TaskError::NotFound(_)) => missing.push(number),
                            Err(error) => return Err(error.into()),
                        },
                        Err(TaskError::NotFound(_)) => missing.push(number),
                        Err(error) => return Err(error.into()),
                    }
                }
                self.replace(
                    sender,
                    self.metrics.build_widget("deleted_card", || widgets::deleted_card(&deleted, &missing)),
                )
                .await
            }
            TaskAction::DeleteCancel(dialog) => {
                let mut titles = Vec::new();
                for number in dialog.numbers {
                    match self.tasks.get(&self.user.id, number).await {
                        Ok(task) => titles.push(task.title),
                        Err(TaskError::NotFound(_)) => titles.push(format!("#{number}")),
                        Err(error) => return Err(error.into()),
                    }
                }
                self.replace(sender, self.metrics.build_widget("kept_card", || widgets::kept_card(&titles))).await
            }
            TaskAction::More(more) => self.show(more.view, Some(more.after)).await,
            TaskAction::Choose(choice) => {
                let task = match self.tasks.get(&self.user.id, choice.number).await {
                    Ok(task) => task,
                    Err(TaskError::NotFound(number)) => {
                        return self.say(&format!("Task #{number} no longer exists.")).await;
                    }
                    Err(error) => return Err(error.into()),
                };
                let rendered = match choice.op {
                    ChoiceOp::Complete | ChoiceOp::Reopen => {
                        let done = choice.op == ChoiceOp::Complete;
                        let changes = TaskChanges { done: Some(done), ..TaskChanges::default() };
                        let task = self.tasks.update(&self.user.id, task.number, changes).await?;
                        let verb = if done { "Completed" } else { "Reopened" };
                        self.metrics.build_widget("updated_card", || {
                            widgets::updated_card(verb, std::slice::from_ref(&task), self.today)
                        })
                    }
                    ChoiceOp::Delete => self.metrics.build_widget("delete_dialog", || {
                        widgets::delete_dialog(std::slice::from_ref(&task), &actions::new_rev(), self.today)
                    }),
                    ChoiceOp::Show => self.metrics.build_widget("updated_card", || {
                        widgets::updated_card("Found", std::slice::from_ref(&task), self.today)
                    }),
                };
                self.mention(task.number).await?;
                self.replace(sender, rendered).await
            }
            TaskAction::Retry(retry) => self.message(&retry.message).await.map_err(TurnError::Stream),
        }
    }

    async fn replace(&self, sender: &WidgetItem, rendered: Rendered) -> Result<(), TurnError> {
        // The sender's id and place, the new widget: the old tree is not copied.
        let item =
            WidgetItem { base: sender.base.clone(), widget: rendered.widget, copy_text: Some(rendered.copy_text) };
        self.sink.replace_item(ThreadItem::Widget(item)).await?;
        Ok(())
    }
}

/// A turn fails because the client left (stop) or the tasks could not be reached (error card).
#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    #[error(transparent)]
    Stream(#[from] StreamError),
    #[error(transparent)]
    Task(#[from] TaskError),
}
