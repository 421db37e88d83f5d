//! Requests answered with one JSON body.

use base64::Engine;
use bytes::Bytes;

use super::{DEFAULT_PAGE_SIZE, item_for_client, page_limit, thread_for_client, to_json};
use crate::error::Error;
use crate::server::{AudioInput, ChatKitServer};
use crate::store::{AttachmentStore, Store};
use crate::types::{ChatKitReq, Order, Page, ThreadItem};

const EMPTY_OBJECT: &[u8] = b"{}";

pub(super) async fn answer<S, C>(server: &S, request: ChatKitReq, context: &C) -> Result<Bytes, Error>
where
    S: ChatKitServer<C>,
    C: Clone + Send + Sync + 'static,
{
    let store = server.store();
    match request {
        ChatKitReq::ThreadsGetById(req) => {
            let thread = store.load_thread(&req.params.thread_id, context).await?;
            let items = visible_items(store, &thread.id, None, DEFAULT_PAGE_SIZE, Order::Asc, context).await?;
            to_json(&thread_for_client(&thread, items))
        }
        ChatKitReq::ThreadsList(req) => {
            let params = req.params;
            let page =
                store.load_threads(page_limit(params.limit), params.after.as_deref(), params.order, context).await?;
            let data = page.data.iter().map(|thread| thread_for_client(thread, Page::default())).collect();
            to_json(&Page { data, has_more: page.has_more, after: page.after })
        }
        ChatKitReq::ItemsList(req) => {
            let params = req.params;
            store.load_thread(&params.thread_id, context).await?;
            let limit = page_limit(params.limit);
            let page =
                visible_items(store, &params.thread_id, params.after.as_deref(), limit, params.order, context).await?;
            let data: Vec<ThreadItem> = page.data.into_iter().map(item_for_client).collect();
            to_json(&Page { data, has_more: page.has_more, after: page.after })
        }
        ChatKitReq::ItemsFeedback(req) => {
            let params = req.params;
            if params.item_ids.is_empty() {
                return Err(Error::Invalid("`item_ids` is empty: name at least one item".into()));
            }
            store.load_thread(&params.thread_id, context).await?;
            for item_id in &params.item_ids {
                store.load_item(&params.thread_id, item_id, context).await?;
            }
            server.add_feedback(&params.thread_id, &params.item_ids, params.kind, context).await?;
            Ok(Bytes::from_static(EMPTY_OBJECT))
        }
        ChatKitReq::ThreadsUpdate(req) => {
            let params = req.params;
            let title = params.title.trim();
            if title.chars().count() > 200 {
                return Err(Error::Invalid("`title` is longer than 200 characters".into()));
            }
            let mut thread = store.load_thread(&params.thread_id, context).await?;
            thread.title = (!title.is_empty()).then(|| title.to_owned());
            store.save_thread(&thread, context).await?;
            to_json(&thread_for_client(&thread, Page::default()))
        }
        ChatKitReq::ThreadsDelete(req) => {
            store.delete_thread(&req.params.thread_id, context).await?;
            Ok(Bytes::from_static(EMPTY_OBJECT))
        }
        ChatKitReq::ThreadsSyncCustomAction(req) => {
            let params = req.params;
            let thread = store.load_thread(&params.thread_id, context).await?;
            let sender = match &params.item_id {
                Some(item_id) => Some(super::streaming::load_widget_sender(store, &thread.id, item_id, context).await?),
                None => None,
            };
            let mut response = server.sync_action(&thread, &params.action, sender.as_ref(), context).await?;
            response.updated_item = response.updated_item.map(item_for_client);
            to_json(&response)
        }
        ChatKitReq::AttachmentsCreate(req) => {
            let attachments = server.attachment_store().ok_or(Error::Unsupported("attachments.create"))?;
            let mut attachment = attachments.create_attachment(&req.params, context).await?;
            store.save_attachment(&attachment, context).await?;
            attachment.base_mut().metadata = None;
            to_json(&attachment)
        }
        ChatKitReq::AttachmentsDelete(req) => {
            let attachments = server.attachment_store().ok_or(Error::Unsupported("attachments.delete"))?;
            let attachment_id = &req.params.attachment_id;
            store.load_attachment(attachment_id, context).await?;
            attachments.delete_attachment(attachment_id, context).await?;
            store.delete_attachment(attachment_id, context).await?;
            Ok(Bytes::from_static(EMPTY_OBJECT))
        }
        ChatKitReq::InputTranscribe(req) => {
            let params = req.params;
            let data = base64::engine::general_purpose::STANDARD
                .decode(params.audio_base64.as_bytes())
                .map_err(|error| Error::Invalid(format!("`audio_base64` is not valid base64: {error}")))?;
            let result = server.transcribe(AudioInput { data, mime_type: params.mime_type }, context).await?;
            to_json(&result)
        }
        streaming => Err(Error::Handler(format!("{} is a streaming request", streaming.op()))),
    }
}

/// A page of the items a client may see: hidden items are skipped and the page is filled from the next ones, so
/// that a full page is never answered as empty with `has_more` (the cursor is the last visible item).
async fn visible_items<C: Send + Sync>(
    store: &impl Store<C>,
    thread_id: &str,
    after: Option<&str>,
    limit: usize,
    order: Order,
    context: &C,
) -> Result<Page<ThreadItem>, Error> {
    let mut data = Vec::with_capacity(limit);
    let mut cursor = after.map(str::to_owned);
    loop {
        let page = store.load_thread_items(thread_id, cursor.as_deref(), limit, order, context).await?;
        let mut rest = page.data.into_iter();
        for item in rest.by_ref() {
            if !item.is_hidden() {
                data.push(item);
                if data.len() == limit {
                    break;
                }
            }
        }
        let more_visible_here = rest.any(|item| !item.is_hidden());
        if data.len() == limit || !page.has_more {
            let has_more = more_visible_here || page.has_more;
            let after = if has_more { data.last().map(|item| item.id().to_owned()) } else { None };
            return Ok(Page { data, has_more, after });
        }
        match page.after {
            Some(next) => cursor = Some(next),
            // A store that says "more" without a cursor cannot be walked further.
            None => return Ok(Page { data, has_more: false, after: None }),
        }
    }
}
