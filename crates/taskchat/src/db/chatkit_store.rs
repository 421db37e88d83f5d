//! The ChatKit [`Store`] over the database: every thread, item and attachment is the signed-in user's.

use chatkit::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata};
use chatkit::{Store, StoreError, StoreResult};

use super::{Db, attachments, items, threads};
use crate::auth::CurrentUser;

/// Threads and items in SQL, scoped by [`CurrentUser`].
#[derive(Clone)]
pub struct SqlStore {
    db: Db,
}

impl SqlStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    async fn check_thread(&self, thread_id: &str, user: &CurrentUser) -> StoreResult<()> {
        if threads::owned(&self.db, &user.id, thread_id).await? { Ok(()) } else { Err(thread_not_found(thread_id)) }
    }
}

fn encode(item: &ThreadItem) -> StoreResult<String> {
    serde_json::to_string(item)
        .map_err(|error| StoreError::Backend(format!("cannot encode item {}: {error}", item.id())))
}

fn thread_not_found(thread_id: &str) -> StoreError {
    StoreError::NotFound(format!("thread {thread_id}"))
}

/// A page of `limit` from `limit + 1` fetched rows.
fn page<T>(mut rows: Vec<T>, limit: usize, id_of: impl Fn(&T) -> String) -> Page<T> {
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let after = if has_more { rows.last().map(id_of) } else { None };
    Page { data: rows, has_more, after }
}

impl Store<CurrentUser> for SqlStore {
    async fn load_thread(&self, thread_id: &str, user: &CurrentUser) -> StoreResult<ThreadMetadata> {
        threads::load(&self.db, &user.id, thread_id).await?.ok_or_else(|| thread_not_found(thread_id))
    }

    async fn save_thread(&self, thread: &ThreadMetadata, user: &CurrentUser) -> StoreResult<()> {
        if threads::save(&self.db, &user.id, thread).await? { Ok(()) } else { Err(thread_not_found(&thread.id)) }
    }

    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        user: &CurrentUser,
    ) -> StoreResult<Page<ThreadItem>> {
        let rows = items::list(&self.db, &user.id, thread_id, after, limit as i64 + 1, order).await?;
        // Ownership is part of the query: only an empty answer needs to know whether the thread is the user's.
        if rows.as_ref().is_none_or(Vec::is_empty) {
            self.check_thread(thread_id, user).await?;
        }
        let rows = rows.ok_or_else(|| StoreError::NotFound(format!("item {}", after.unwrap_or_default())))?;
        Ok(page(rows, limit, |item| item.id().to_owned()))
    }

    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        user: &CurrentUser,
    ) -> StoreResult<Page<ThreadMetadata>> {
        let rows = threads::list(&self.db, &user.id, after, limit as i64 + 1, order)
            .await?
            .ok_or_else(|| thread_not_found(after.unwrap_or_default()))?;
        Ok(page(rows, limit, |thread| thread.id.clone()))
    }

    async fn add_thread_item(&self, thread_id: &str, item: &ThreadItem, user: &CurrentUser) -> StoreResult<()> {
        self.add_encoded_item(thread_id, item, &encode(item)?, user).await
    }

    async fn add_encoded_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        json: &str,
        user: &CurrentUser,
    ) -> StoreResult<()> {
        if items::add(&self.db, &user.id, thread_id, item, json).await? {
            Ok(())
        } else {
            Err(thread_not_found(thread_id))
        }
    }

    async fn save_item(&self, thread_id: &str, item: &ThreadItem, user: &CurrentUser) -> StoreResult<()> {
        self.save_encoded_item(thread_id, item, &encode(item)?, user).await
    }

    async fn save_encoded_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        json: &str,
        user: &CurrentUser,
    ) -> StoreResult<()> {
        if items::save(&self.db, &user.id, thread_id, item, json).await? {
            return Ok(());
        }
        self.check_thread(thread_id, user).await?;
        Err(StoreError::NotFound(format!("item {}", item.id())))
    }

    async fn load_item(&self, thread_id: &str, item_id: &str, user: &CurrentUser) -> StoreResult<ThreadItem> {
        if let Some(item) = items::load(&self.db, &user.id, thread_id, item_id).await? {
            return Ok(item);
        }
        self.check_thread(thread_id, user).await?;
        Err(StoreError::NotFound(format!("item {item_id}")))
    }

    async fn delete_thread(&self, thread_id: &str, user: &CurrentUser) -> StoreResult<()> {
        if threads::delete(&self.db, &user.id, thread_id).await? { Ok(()) } else { Err(thread_not_found(thread_id)) }
    }

    async fn delete_thread_item(&self, thread_id: &str, item_id: &str, user: &CurrentUser) -> StoreResult<()> {
        if !items::delete(&self.db, &user.id, thread_id, item_id).await? {
            // Deleting an item that is already gone is fine; deleting in another user's thread is not.
            self.check_thread(thread_id, user).await?;
        }
        Ok(())
    }

    async fn save_attachment(&self, attachment: &Attachment, user: &CurrentUser) -> StoreResult<()> {
        if attachments::save(&self.db, &user.id, attachment).await? {
            Ok(())
        } else {
            Err(StoreError::NotFound(format!("attachment {}", attachment.id())))
        }
    }

    async fn load_attachment(&self, attachment_id: &str, user: &CurrentUser) -> StoreResult<Attachment> {
        attachments::load(&self.db, &user.id, attachment_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("attachment {attachment_id}")))
    }

    async fn delete_attachment(&self, attachment_id: &str, user: &CurrentUser) -> StoreResult<()> {
        if attachments::delete(&self.db, &user.id, attachment_id).await? {
            Ok(())
        } else {
            Err(StoreError::NotFound(format!("attachment {attachment_id}")))
        }
    }
}
