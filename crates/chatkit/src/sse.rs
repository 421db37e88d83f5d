//! Server-Sent Events framing: exactly `data: <compact JSON>\n\n`, as the SDK writes it.

use bytes::Bytes;
use serde::Serialize;

/// Encodes one event as an SSE frame.
pub fn encode<T: Serialize>(event: &T) -> Result<Bytes, serde_json::Error> {
    let mut frame = Vec::with_capacity(256);
    frame.extend_from_slice(b"data: ");
    serde_json::to_writer(&mut frame, event)?;
    frame.extend_from_slice(b"\n\n");
    Ok(Bytes::from(frame))
}

/// The frame of a `thread.item.done` or `thread.item.replaced` event (`event_type`) whose item is already encoded
/// as `item_json`: byte for byte what [`encode`] writes for that event, without encoding the item again.
pub fn encode_item_event(event_type: &str, item_json: &str) -> Bytes {
    const OPEN: &[u8] = b"data: {\"type\":\"";
    const ITEM: &[u8] = b"\",\"item\":";
    const CLOSE: &[u8] = b"}\n\n";
    let mut frame = Vec::with_capacity(OPEN.len() + event_type.len() + ITEM.len() + item_json.len() + CLOSE.len());
    frame.extend_from_slice(OPEN);
    frame.extend_from_slice(event_type.as_bytes());
    frame.extend_from_slice(ITEM);
    frame.extend_from_slice(item_json.as_bytes());
    frame.extend_from_slice(CLOSE);
    Bytes::from(frame)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ThreadStreamEvent;

    #[test]
    fn a_frame_is_one_data_line_of_compact_json_and_a_blank_line() {
        let frame = encode(&ThreadStreamEvent::progress("Working")).expect("encodes");
        assert_eq!(&frame[..], b"data: {\"type\":\"progress_update\",\"text\":\"Working\"}\n\n");
    }

    #[test]
    fn an_item_event_from_encoded_json_is_the_frame_encode_writes() {
        use crate::types::{ItemBase, ThreadItem, WidgetItem};
        use crate::widgets::{Card, Text};
        let item = ThreadItem::Widget(WidgetItem {
            base: ItemBase { id: "cti_1".into(), thread_id: "thr_1".into(), created_at: crate::types::time::now() },
            widget: Card::new().child(Text::new("Buy \"oat\" milk\n")).into(),
            copy_text: Some("Buy milk".into()),
        });
        let json = serde_json::to_string(&item).expect("encodes");
        let done = ThreadStreamEvent::ThreadItemDone { item: item.clone() };
        assert_eq!(encode_item_event("thread.item.done", &json), encode(&done).expect("encodes"));
        let replaced = ThreadStreamEvent::ThreadItemReplaced { item };
        assert_eq!(encode_item_event("thread.item.replaced", &json), encode(&replaced).expect("encodes"));
    }
}
