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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ThreadStreamEvent;

    #[test]
    fn a_frame_is_one_data_line_of_compact_json_and_a_blank_line() {
        let frame = encode(&ThreadStreamEvent::progress("Working")).expect("encodes");
        assert_eq!(&frame[..], b"data: {\"type\":\"progress_update\",\"text\":\"Working\"}\n\n");
    }
}
