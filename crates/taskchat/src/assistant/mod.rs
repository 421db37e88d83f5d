//! The assistant: taskchat's `ChatKitServer`. For now it keeps threads and feedback and answers that the task
//! assistant is not ready; the intent parser and task widgets replace `respond` next.

use chatkit::types::{FeedbackKind, ThreadMetadata, UserMessageItem};
use chatkit::{ChatKitServer, ResponseSink, StreamError};

use crate::auth::CurrentUser;
use crate::db::chatkit_store::SqlStore;
use crate::db::{self, Db};

/// The longest thread title taken from a first message, in characters.
const TITLE_CHARS: usize = 60;

pub struct TaskChatServer {
    db: Db,
    store: SqlStore,
}

impl TaskChatServer {
    pub fn new(db: Db) -> Self {
        Self { store: SqlStore::new(db.clone()), db }
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
        _user: &CurrentUser,
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        if thread.title.is_none()
            && let Some(message) = input
        {
            let text = message.text();
            let title: String = text.trim().chars().take(TITLE_CHARS).collect();
            if !title.is_empty() {
                let mut titled = thread.clone();
                titled.title = Some(title);
                sink.update_thread(titled).await?;
            }
        }
        sink.assistant_text(
            "The task assistant is not ready yet. Your message is saved; manage tasks through the tasks panel meanwhile.",
        )
        .await?;
        Ok(())
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
