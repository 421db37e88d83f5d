//! Large stored JSON is compressed. A 50-row task list is ~57 KB of very repetitive JSON (the same component
//! shapes, ids and action payloads row after row); as an LZ4 block in base64 it is ~6.5 KB, so SQLite writes (and
//! its log and checkpoints copy) a ninth of the pages, and PostgreSQL does not run its own slower compression on it.
//! Values under [`MIN_LEN`] (messages, thread metadata) stay plain JSON, readable in the database.
//!
//! Forms, told apart by their first bytes, so rows written before compression (plain JSON) still read:
//! - not sealed: `lz4:<base64(size ‖ block)>`;
//! - sealed (`sealing.rs`): the sealed plaintext is [`SEALED_MARK`] ‖ size ‖ block (JSON never starts with a
//!   NUL byte).
//!
//! `size` is the decompressed length (u32, little-endian). Stored rows are not trusted: a size beyond what LZ4
//! can expand the block to, or a block that does not decode to exactly that many UTF-8 bytes, is `Corrupt`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::{DbError, DbResult};

/// JSON shorter than this is stored as it is.
pub const MIN_LEN: usize = 1024;

/// The prefix of a compressed value that is not sealed.
pub const PREFIX: &str = "lz4:";

/// The first byte of a sealed plaintext that is compressed.
pub const SEALED_MARK: u8 = 0;

/// LZ4 writes at most this many output bytes per input byte (a run of 255-length matches), plus a little.
const MAX_RATIO: usize = 255;

/// `json` as a size-prefixed LZ4 block, after `lead` bytes, when it is long enough to be worth compressing.
pub fn compress(json: &str, lead: &[u8]) -> Option<Vec<u8>> {
    if json.len() < MIN_LEN {
        return None;
    }
    let size = u32::try_from(json.len()).ok()?;
    let block = lz4_flex::block::compress(json.as_bytes());
    let mut packed = Vec::with_capacity(lead.len() + 4 + block.len());
    packed.extend_from_slice(lead);
    packed.extend_from_slice(&size.to_le_bytes());
    packed.extend_from_slice(&block);
    Some(packed)
}

/// A compressed value in its unsealed, textual form.
pub fn to_text(packed: &[u8]) -> String {
    format!("{PREFIX}{}", STANDARD.encode(packed))
}

/// The JSON of an unsealed compressed value (what follows [`PREFIX`]).
pub fn from_text(encoded: &str) -> DbResult<String> {
    let packed = STANDARD.decode(encoded).map_err(|_| DbError::Corrupt("a compressed value is not base64".into()))?;
    decompress(&packed)
}

/// The JSON of a size-prefixed LZ4 block.
pub fn decompress(packed: &[u8]) -> DbResult<String> {
    let corrupt = |what: &str| DbError::Corrupt(format!("a compressed value {what}"));
    let (size, block) = packed.split_first_chunk::<4>().ok_or_else(|| corrupt("is too short"))?;
    let size = u32::from_le_bytes(*size) as usize;
    if size > block.len().saturating_mul(MAX_RATIO).saturating_add(16) {
        return Err(corrupt("claims a size its block cannot hold"));
    }
    let json = lz4_flex::block::decompress(block, size).map_err(|error| corrupt(&format!("is damaged: {error}")))?;
    if json.len() != size {
        return Err(corrupt("is shorter than its size"));
    }
    String::from_utf8(json).map_err(|_| corrupt("is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_json(rows: usize) -> String {
        let rows: Vec<String> = (1..=rows)
            .map(|n| format!(r#"{{"type":"ListViewItem","id":"task_{n}_item","children":[{{"type":"Text","value":"task {n}"}}]}}"#))
            .collect();
        format!(r#"{{"type":"ListView","children":[{}]}}"#, rows.join(","))
    }

    #[test]
    fn large_json_round_trips_much_smaller_and_small_json_is_left_alone() {
        let json = list_json(50);
        let packed = compress(&json, &[]).expect("large enough");
        assert!(packed.len() * 4 < json.len(), "{} → {} bytes", json.len(), packed.len());
        assert_eq!(from_text(to_text(&packed).strip_prefix(PREFIX).expect("prefixed")).expect("reads"), json);
        assert_eq!(compress(r#"{"text":"buy milk"}"#, &[]), None);

        let led = compress(&json, &[SEALED_MARK]).expect("large enough");
        assert_eq!(led[0], SEALED_MARK);
        assert_eq!(decompress(&led[1..]).expect("reads"), json);
    }

    #[test]
    fn damaged_values_are_corrupt_not_a_panic_or_a_huge_allocation() {
        let packed = compress(&list_json(20), &[]).expect("large enough");
        let mut huge = packed.clone();
        huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(decompress(&huge), Err(DbError::Corrupt(_))));
        let mut longer = packed.clone();
        let claimed = u32::from_le_bytes(longer[..4].try_into().expect("4 bytes")) + 1;
        longer[..4].copy_from_slice(&claimed.to_le_bytes());
        assert!(matches!(decompress(&longer), Err(DbError::Corrupt(_))));
        assert!(matches!(decompress(&packed[..packed.len() / 2]), Err(DbError::Corrupt(_))));
        assert!(matches!(decompress(&[1, 2]), Err(DbError::Corrupt(_))));
        assert!(matches!(from_text("not base64!"), Err(DbError::Corrupt(_))));
    }
}
