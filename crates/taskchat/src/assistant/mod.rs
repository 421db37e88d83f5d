//! The assistant: taskchat's `ChatKitServer`. The offline intent parser turns a message into task operations;
//! answers are task widgets; clicks on them come back as actions and replace the widget in place.

mod actions;
pub mod intent;
pub mod llm;
mod metrics;
mod resolve;
mod turn;
mod view;
mod widgets;

use std::sync::Arc;

use tokio::sync::Semaphore;

use chatkit::types::{FeedbackKind, ThreadMetadata, UserMessageItem, WidgetItem};
use chatkit::{Action, ChatKitServer, ResponseSink, StreamError};

pub use self::metrics::AssistantMetrics;

use self::actions::TaskAction;
use self::llm::LlmAgent;
use self::turn::{Turn, TurnError};
use crate::auth::CurrentUser;
use crate::db::chatkit_store::SqlStore;
use crate::db::{self, Db};
use crate::tasks::TaskService;

/// The longest thread title taken from a first message, in characters.
const TITLE_CHARS: usize = 60;

pub struct TaskChatServer {
    db: Db,
    store: SqlStore,
    tasks: TaskService,
    /// When set, messages are answered by the LLM agent instead of the offline parser (clicks stay the same).
    agent: Option<LlmAgent>,
    metrics: AssistantMetrics,
    /// How many turns may work on tasks and build widgets at once; the others wait here holding only their
    /// request, which is what keeps memory flat when a thousand answers are in flight (BENCHMARKS.md).
    work_permits: Arc<Semaphore>,
}

/// Turns working at once unless configured (the app configures twice its database pool).
pub const DEFAULT_CONCURRENT_TURNS: usize = 8;

impl TaskChatServer {
    pub fn new(db: Db) -> Self {
        Self {
            store: SqlStore::new(db.clone()),
            tasks: TaskService::new(db.clone()),
            db,
            agent: None,
            metrics: AssistantMetrics::new(),
            work_permits: Arc::new(Semaphore::new(DEFAULT_CONCURRENT_TURNS)),
        }
    }

    /// At most `turns` turns work on tasks at once (at least one).
    pub fn with_concurrent_turns(mut self, turns: usize) -> Self {
        self.work_permits = Arc::new(Semaphore::new(turns.max(1)));
        self
    }

    /// Measures into `metrics` (registered on `/metrics` by the HTTP layer).
    pub fn with_metrics(mut self, metrics: AssistantMetrics) -> Self {
        self.metrics = metrics;
        self
    }

    /// Answers messages with `agent` (an LLM) instead of the offline parser.
    pub fn with_agent(mut self, agent: Option<LlmAgent>) -> Self {
        self.agent = agent;
        self
    }

    /// Applies a click on `sender`, once (see `db::actions::claim`).
    async fn apply_click(
        &self,
        thread: &ThreadMetadata,
        action: &Action,
        parsed: TaskAction,
        sender: Option<&WidgetItem>,
        user: &CurrentUser,
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let Some(sender) = sender else {
            return Err(StreamError::custom("This action needs the widget it came from.", false));
        };
        // One click is applied once: a repeated or stale click finds its claim taken.
        let payload = serde_json::to_string(&action.payload).unwrap_or_default();
        let claim = db::actions::claim(&self.db, &user.id, &thread.id, &sender.base.id, &action.kind, &payload)
            .await
            .map_err(|error| StreamError::Store(error.into()))?;
        let mut turn = self.turn(thread, user, sink);
        match turn.act(parsed, sender, claim.is_some()).await {
            Ok(()) => {
                if let Some(id) = claim {
                    let _ = db::actions::record(&self.db, id, "applied").await;
                }
                sink.flush().await
            }
            Err(error) => {
                if let Some(id) = claim {
                    let _ = db::actions::release(&self.db, id).await;
                }
                match error {
                    TurnError::Stream(error) => Err(error),
                    TurnError::Task(error) => {
                        tracing::error!(%error, user_id = %user.id, "a widget action failed");
                        Err(StreamError::custom("Something went wrong while updating your tasks. Try again.", true))
                    }
                }
            }
        }
    }

    fn today() -> chrono::NaiveDate {
        chatkit::types::time::now().date_naive()
    }

    /// A turn in `thread` for `user`.
    fn turn<'a>(&'a self, thread: &ThreadMetadata, user: &'a CurrentUser, sink: &'a ResponseSink) -> Turn<'a> {
        Turn {
            tasks: &self.tasks,
            db: &self.db,
            thread_id: thread.id.clone(),
            user,
            sink,
            today: Self::today(),
            last_mentioned: None,
            metrics: &self.metrics,
            work_permits: &self.work_permits,
        }
    }
}

impl ChatKitServer<CurrentUser> for TaskChatServer {
    type Store = SqlStore;

    fn store(&self) -> &SqlStore {
        &self.store
    }

    async fn respond(
        &self,
        thread: &ThreadMetadata,
        input: Option<&UserMessageItem>,
        user: &CurrentUser,
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let Some(message) = input else { return Ok(()) };
        let text = message.text();
        if thread.title.is_none() {
            let title: String =
                text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(TITLE_CHARS).collect();
            if !title.is_empty() {
                let mut titled = thread.clone();
                titled.title = Some(title);
                sink.update_thread(titled).await?;
            }
        }
        let mut turn = self.turn(thread, user, sink);
        // The turns are boxed: a response waiting for its permit then holds a few bytes, not the state of every
        // branch it might take (with a thousand responses waiting, that is most of the server's memory).
        match &self.agent {
            // The agent mostly waits for the model: it takes a permit only while a tool runs.
            Some(agent) => Box::pin(agent.respond(&mut turn)).await,
            None => {
                let _permit = self.work_permits.acquire().await;
                Box::pin(turn.message(&text)).await?;
                // Keep the permit until the answer is saved: see `ResponseSink::flush`.
                sink.flush().await
            }
        }
    }

    async fn action(
        &self,
        thread: &ThreadMetadata,
        action: &Action,
        sender: Option<&WidgetItem>,
        user: &CurrentUser,
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let parsed = TaskAction::parse(action).map_err(|error| StreamError::custom(error.to_string(), false))?;
        let _permit = self.work_permits.acquire().await;
        Box::pin(self.apply_click(thread, action, parsed, sender, user, sink)).await
    }

    async fn add_feedback(
        &self,
        thread_id: &str,
        item_ids: &[String],
        kind: FeedbackKind,
        user: &CurrentUser,
    ) -> Result<(), chatkit::Error> {
        db::feedback::record(&self.db, &user.id, thread_id, item_ids, kind)
            .await
            .map_err(|error| chatkit::Error::Store(error.into()))
    }
}
