//! The persistence interface: [`Store`] for threads and items, [`AttachmentStore`] for file bytes.

mod memory;

use std::future::Future;

pub use memory::{MemoryStore, Owner};

use crate::types::{Attachment, AttachmentCreateParams, Order, Page, ThreadItem, ThreadMetadata};

/// What an id is for; decides its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Thread,
    Message,
    ToolCall,
    Task,
    Workflow,
    Attachment,
    SdkHiddenContext,
}

impl IdKind {
    /// The id prefix the SDK uses, e.g. `thr`.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Thread => "thr",
            Self::Message => "msg",
            Self::ToolCall => "tc",
            Self::Task => "tsk",
            Self::Workflow => "wf",
            Self::Attachment => "atc",
            Self::SdkHiddenContext => "shcx",
        }
    }
}

/// A new id: the kind's prefix, `_`, and a random UUID's 32 hex characters. (The SDK keeps only 8, 32 bits: a
/// store with a hundred thousand items then expects a collision, which a load test here ran into as a
/// unique-key failure. 128 bits never collide in practice; clients treat ids as opaque strings.)
pub fn generate_id(kind: IdKind) -> String {
    format!("{}_{}", kind.prefix(), uuid::Uuid::new_v4().simple())
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist, or belongs to someone else (the same answer, on purpose).
    #[error("{0} not found")]
    NotFound(String),
    /// The backing service cannot be reached right now.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// Anything else; the message is for logs, not for clients.
    #[error("storage failed: {0}")]
    Backend(String),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Threads, items and attachment metadata, scoped by a per-request context `C` (usually the user).
///
/// Every method that takes an id must answer [`StoreError::NotFound`] for ids the context does not own.
pub trait Store<C: Send + Sync>: Send + Sync + 'static {
    /// A new thread id.
    fn generate_thread_id(&self, _context: &C) -> String {
        generate_id(IdKind::Thread)
    }

    /// A new item id.
    fn generate_item_id(&self, kind: IdKind, _thread: &ThreadMetadata, _context: &C) -> String {
        generate_id(kind)
    }

    fn load_thread(&self, thread_id: &str, context: &C) -> impl Future<Output = StoreResult<ThreadMetadata>> + Send;

    /// Inserts or updates a thread's metadata.
    fn save_thread(&self, thread: &ThreadMetadata, context: &C) -> impl Future<Output = StoreResult<()>> + Send;

    /// A page of a thread's items, oldest first (`Asc`) or newest first (`Desc`), after the item `after`.
    fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        context: &C,
    ) -> impl Future<Output = StoreResult<Page<ThreadItem>>> + Send;

    /// A page of the context's threads by creation time.
    fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        context: &C,
    ) -> impl Future<Output = StoreResult<Page<ThreadMetadata>>> + Send;

    /// Appends a new item to a thread.
    fn add_thread_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        context: &C,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Inserts or replaces an item by id.
    fn save_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        context: &C,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// [`Store::add_thread_item`] for an item the processor has already encoded: `json` is exactly
    /// `serde_json::to_string(item)`, the bytes it streams to the client. A store that keeps items as JSON can
    /// keep these instead of encoding the item a second time. By default `json` is not used.
    fn add_encoded_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        json: &str,
        context: &C,
    ) -> impl Future<Output = StoreResult<()>> + Send {
        let _ = json;
        self.add_thread_item(thread_id, item, context)
    }

    /// [`Store::save_item`] for an item the processor has already encoded (see [`Store::add_encoded_item`]).
    fn save_encoded_item(
        &self,
        thread_id: &str,
        item: &ThreadItem,
        json: &str,
        context: &C,
    ) -> impl Future<Output = StoreResult<()>> + Send {
        let _ = json;
        self.save_item(thread_id, item, context)
    }

    fn load_item(
        &self,
        thread_id: &str,
        item_id: &str,
        context: &C,
    ) -> impl Future<Output = StoreResult<ThreadItem>> + Send;

    /// Deletes a thread with everything that hangs off it.
    fn delete_thread(&self, thread_id: &str, context: &C) -> impl Future<Output = StoreResult<()>> + Send;

    fn delete_thread_item(
        &self,
        thread_id: &str,
        item_id: &str,
        context: &C,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Inserts or updates attachment metadata.
    fn save_attachment(&self, attachment: &Attachment, context: &C) -> impl Future<Output = StoreResult<()>> + Send;

    fn load_attachment(&self, attachment_id: &str, context: &C)
    -> impl Future<Output = StoreResult<Attachment>> + Send;

    fn delete_attachment(&self, attachment_id: &str, context: &C) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Where attachment bytes live (a bucket, a disk); the [`Store`] keeps only their metadata.
pub trait AttachmentStore<C: Send + Sync>: Send + Sync + 'static {
    /// Registers an upload and says how the client sends the bytes.
    fn create_attachment(
        &self,
        params: &AttachmentCreateParams,
        context: &C,
    ) -> impl Future<Output = StoreResult<Attachment>> + Send;

    /// Deletes the bytes of an attachment.
    fn delete_attachment(&self, attachment_id: &str, context: &C) -> impl Future<Output = StoreResult<()>> + Send;

    /// A new attachment id.
    fn generate_attachment_id(&self, _mime_type: &str, _context: &C) -> String {
        generate_id(IdKind::Attachment)
    }
}

/// The attachment store of a server that takes no attachments: every call is refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAttachments;

impl<C: Send + Sync> AttachmentStore<C> for NoAttachments {
    async fn create_attachment(&self, _params: &AttachmentCreateParams, _context: &C) -> StoreResult<Attachment> {
        Err(StoreError::NotFound("attachment support".into()))
    }

    async fn delete_attachment(&self, attachment_id: &str, _context: &C) -> StoreResult<()> {
        Err(StoreError::NotFound(format!("attachment {attachment_id}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_prefix_and_128_random_bits() {
        let id = generate_id(IdKind::Message);
        let (prefix, random) = id.split_once('_').expect("prefix_random");
        assert_eq!(prefix, IdKind::Message.prefix());
        assert_eq!(random.len(), 32, "{id}");
        assert!(random.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
        assert_ne!(generate_id(IdKind::Message), generate_id(IdKind::Message));
    }
}
