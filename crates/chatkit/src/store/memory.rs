//! An in-memory [`Store`]: for examples, tests and benchmarks. Records are filed under the context's
//! [`Owner`] key, so one user never sees another's threads.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use super::{Store, StoreError, StoreResult};
use crate::types::{Attachment, Order, Page, ThreadItem, ThreadMetadata};

/// Whose records a context may see: the in-memory store files every thread under this key.
pub trait Owner {
    fn owner(&self) -> &str;
}

/// One shared owner: every `()` context sees the same threads.
impl Owner for () {
    fn owner(&self) -> &str {
        ""
    }
}

impl Owner for String {
    fn owner(&self) -> &str {
        self
    }
}

struct OwnedThread {
    owner: String,
    /// Creation order, for listing.
    seq: u64,
    thread: ThreadMetadata,
}

#[derive(Default)]
struct State {
    threads: HashMap<String, OwnedThread>,
    next_seq: u64,
    /// Each thread's items in order.
    items: HashMap<String, Vec<ThreadItem>>,
    /// Keyed by (owner, attachment id).
    attachments: HashMap<(String, String), Attachment>,
}

/// Keeps everything in process memory, scoped by the context's [`Owner`] key.
#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half-updated (each change is one call),
        // so a poisoned lock is still safe to use.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn thread(&self, thread_id: &str, owner: &str) -> StoreResult<&ThreadMetadata> {
        self.threads
            .get(thread_id)
            .filter(|owned| owned.owner == owner)
            .map(|owned| &owned.thread)
            .ok_or_else(|| thread_not_found(thread_id))
    }

    fn items(&self, thread_id: &str, owner: &str) -> StoreResult<&Vec<ThreadItem>> {
        self.thread(thread_id, owner)?;
        self.items.get(thread_id).ok_or_else(|| thread_not_found(thread_id))
    }

    fn items_mut(&mut self, thread_id: &str, owner: &str) -> StoreResult<&mut Vec<ThreadItem>> {
        self.thread(thread_id, owner)?;
        self.items.get_mut(thread_id).ok_or_else(|| thread_not_found(thread_id))
    }
}

/// One page of `records` (kept oldest first) in `order`, starting after the record with id `after`.
pub(crate) fn paginate<T: Clone>(
    records: &[T],
    id_of: impl Fn(&T) -> &str,
    after: Option<&str>,
    limit: usize,
    order: Order,
) -> StoreResult<Page<T>> {
    let ordered: Vec<&T> = match order {
        Order::Asc => records.iter().collect(),
        Order::Desc => records.iter().rev().collect(),
    };
    let start = match after {
        None => 0,
        Some(cursor) => {
            ordered
                .iter()
                .position(|record| id_of(record) == cursor)
                .ok_or_else(|| StoreError::NotFound(format!("cursor {cursor}")))?
                + 1
        }
    };
    let rest = &ordered[start.min(ordered.len())..];
    let data: Vec<T> = rest.iter().take(limit).map(|record| (*record).clone()).collect();
    let has_more = rest.len() > data.len();
    let after = if has_more { data.last().map(|record| id_of(record).to_owned()) } else { None };
    Ok(Page { data, has_more, after })
}

fn thread_not_found(thread_id: &str) -> StoreError {
    StoreError::NotFound(format!("thread {thread_id}"))
}

impl<C: Owner + Send + Sync> Store<C> for MemoryStore {
    async fn load_thread(&self, thread_id: &str, context: &C) -> StoreResult<ThreadMetadata> {
        self.state().thread(thread_id, context.owner()).cloned()
    }

    async fn save_thread(&self, thread: &ThreadMetadata, context: &C) -> StoreResult<()> {
        let mut state = self.state();
        let state = &mut *state;
        match state.threads.get_mut(&thread.id) {
            Some(owned) if owned.owner == context.owner() => owned.thread = thread.clone(),
            Some(_) => return Err(thread_not_found(&thread.id)),
            None => {
                let owned =
                    OwnedThread { owner: context.owner().to_owned(), seq: state.next_seq, thread: thread.clone() };
                state.next_seq += 1;
                state.threads.insert(thread.id.clone(), owned);
                state.items.entry(thread.id.clone()).or_default();
            }
        }
        Ok(())
    }

    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        context: &C,
    ) -> StoreResult<Page<ThreadItem>> {
        let state = self.state();
        paginate(state.items(thread_id, context.owner())?, ThreadItem::id, after, limit, order)
    }

    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        context: &C,
    ) -> StoreResult<Page<ThreadMetadata>> {
        let state = self.state();
        let mut mine: Vec<&OwnedThread> =
            state.threads.values().filter(|owned| owned.owner == context.owner()).collect();
        mine.sort_by_key(|owned| owned.seq);
        let mine: Vec<ThreadMetadata> = mine.into_iter().map(|owned| owned.thread.clone()).collect();
        paginate(&mine, |thread| thread.id.as_str(), after, limit, order)
    }

    async fn add_thread_item(&self, thread_id: &str, item: &ThreadItem, context: &C) -> StoreResult<()> {
        self.state().items_mut(thread_id, context.owner())?.push(item.clone());
        Ok(())
    }

    async fn save_item(&self, thread_id: &str, item: &ThreadItem, context: &C) -> StoreResult<()> {
        let mut state = self.state();
        let items = state.items_mut(thread_id, context.owner())?;
        match items.iter_mut().find(|existing| existing.id() == item.id()) {
            Some(existing) => *existing = item.clone(),
            None => items.push(item.clone()),
        }
        Ok(())
    }

    async fn load_item(&self, thread_id: &str, item_id: &str, context: &C) -> StoreResult<ThreadItem> {
        let state = self.state();
        state
            .items(thread_id, context.owner())?
            .iter()
            .find(|item| item.id() == item_id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("item {item_id}")))
    }

    async fn delete_thread(&self, thread_id: &str, context: &C) -> StoreResult<()> {
        let mut state = self.state();
        state.thread(thread_id, context.owner())?;
        state.threads.remove(thread_id);
        state.items.remove(thread_id);
        Ok(())
    }

    async fn delete_thread_item(&self, thread_id: &str, item_id: &str, context: &C) -> StoreResult<()> {
        self.state().items_mut(thread_id, context.owner())?.retain(|item| item.id() != item_id);
        Ok(())
    }

    async fn save_attachment(&self, attachment: &Attachment, context: &C) -> StoreResult<()> {
        let key = (context.owner().to_owned(), attachment.id().to_owned());
        self.state().attachments.insert(key, attachment.clone());
        Ok(())
    }

    async fn load_attachment(&self, attachment_id: &str, context: &C) -> StoreResult<Attachment> {
        let key = (context.owner().to_owned(), attachment_id.to_owned());
        self.state()
            .attachments
            .get(&key)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("attachment {attachment_id}")))
    }

    async fn delete_attachment(&self, attachment_id: &str, context: &C) -> StoreResult<()> {
        let key = (context.owner().to_owned(), attachment_id.to_owned());
        self.state()
            .attachments
            .remove(&key)
            .map(|_| ())
            .ok_or_else(|| StoreError::NotFound(format!("attachment {attachment_id}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(page: &Page<String>) -> Vec<&str> {
        page.data.iter().map(String::as_str).collect()
    }

    #[test]
    fn pages_walk_both_orders_and_stop_with_no_cursor() {
        let records: Vec<String> = (1..=5).map(|n| format!("r{n}")).collect();
        let first = paginate(&records, String::as_str, None, 2, Order::Asc).expect("first page");
        assert_eq!(ids(&first), ["r1", "r2"]);
        assert_eq!((first.has_more, first.after.as_deref()), (true, Some("r2")));
        let last = paginate(&records, String::as_str, Some("r4"), 2, Order::Asc).expect("last page");
        assert_eq!(ids(&last), ["r5"]);
        assert_eq!((last.has_more, last.after), (false, None));
        let newest = paginate(&records, String::as_str, None, 3, Order::Desc).expect("desc page");
        assert_eq!(ids(&newest), ["r5", "r4", "r3"]);
    }

    #[tokio::test]
    async fn another_owner_sees_none_of_the_threads_and_cannot_touch_them() {
        let store = MemoryStore::new();
        let alice = "alice".to_owned();
        let bob = "bob".to_owned();
        let thread = ThreadMetadata::new("thr_alice001");
        store.save_thread(&thread, &alice).await.expect("saved");
        assert!(matches!(store.load_thread("thr_alice001", &bob).await, Err(StoreError::NotFound(_))));
        assert!(matches!(store.delete_thread("thr_alice001", &bob).await, Err(StoreError::NotFound(_))));
        assert!(matches!(store.save_thread(&thread, &bob).await, Err(StoreError::NotFound(_))));
        assert!(
            Store::<String>::load_threads(&store, 10, None, Order::Desc, &bob).await.expect("page").data.is_empty()
        );
        assert_eq!(store.load_thread("thr_alice001", &alice).await.expect("still there").id, "thr_alice001");
    }

    #[test]
    fn an_unknown_cursor_is_not_found_rather_than_an_empty_page() {
        let records = vec!["a".to_owned()];
        let result = paginate(&records, String::as_str, Some("zzz"), 2, Order::Asc);
        assert!(matches!(result, Err(StoreError::NotFound(_))));
    }
}
