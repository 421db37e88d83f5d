//! Encryption at rest of what people wrote: the JSON of thread items (messages, widgets) and of threads (their
//! titles come from the first message). AES-256-GCM (ring), a fresh random nonce per write, and the owning row
//! (the thread for an item, the user for a thread) as associated data, so a sealed value moved to another row
//! does not open. Stored as `enc1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`; values without the prefix are
//! plain JSON (written before encryption was turned on) and are read as they are.
//!
//! Rotation: start with the new key as `--encryption-key` and the old one in `--decryption-keys`; new writes
//! use the new key, old rows still open; `taskchat reencrypt` rewrites every row with the new key, after which
//! the old key can go.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Db, DbError, DbResult, packing};

const PREFIX: &str = "enc1:";

struct SealKey {
    /// The first 8 hex digits of the key's SHA-256: names the key in each value without revealing it.
    id: String,
    key: LessSafeKey,
}

impl SealKey {
    fn from_base64(encoded: &str) -> Result<Self, String> {
        let bytes = STANDARD
            .decode(encoded.trim())
            .map_err(|_| "an encryption key must be base64 (e.g. from `openssl rand -base64 32`)".to_owned())?;
        let unbound = UnboundKey::new(&AES_256_GCM, &bytes)
            .map_err(|_| format!("an encryption key must be 32 bytes (256 bits), this one is {}", bytes.len()))?;
        let digest = Sha256::digest(&bytes);
        let id = digest.iter().take(4).map(|byte| format!("{byte:02x}")).collect();
        Ok(Self { id, key: LessSafeKey::new(unbound) })
    }
}

/// The key that seals new values and the older keys that still open old ones.
pub struct Sealer {
    current: SealKey,
    previous: Vec<SealKey>,
    random: SystemRandom,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Key ids only, never key material.
        let previous: Vec<&str> = self.previous.iter().map(|key| key.id.as_str()).collect();
        f.debug_struct("Sealer").field("current", &self.current.id).field("previous", &previous).finish()
    }
}

impl Sealer {
    /// From base64 keys: `current` seals, `previous` (and `current`) open.
    pub fn new(current: &str, previous: &[String]) -> Result<Self, String> {
        Ok(Self {
            current: SealKey::from_base64(current)?,
            previous: previous
                .iter()
                .filter(|key| !key.trim().is_empty())
                .map(|key| SealKey::from_base64(key))
                .collect::<Result<_, _>>()?,
            random: SystemRandom::new(),
        })
    }

    /// The id of the key new values are sealed with.
    pub fn current_key_id(&self) -> &str {
        &self.current.id
    }

    /// Seals `plaintext` in place: the buffer becomes the ciphertext and its tag.
    fn seal(&self, mut plaintext: Vec<u8>, owner: &str) -> DbResult<String> {
        let mut nonce = [0u8; NONCE_LEN];
        self.random.fill(&mut nonce).map_err(|_| DbError::Query("no randomness for a nonce".into()))?;
        self.current
            .key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(owner.as_bytes()), &mut plaintext)
            .map_err(|_| DbError::Query("sealing failed".into()))?;
        let mut stored = nonce.to_vec();
        stored.extend_from_slice(&plaintext);
        Ok(format!("{PREFIX}{}:{}", self.current.id, STANDARD.encode(stored)))
    }

    fn open(&self, sealed: &str, owner: &str) -> DbResult<Vec<u8>> {
        let (key_id, encoded) =
            sealed.split_once(':').ok_or_else(|| DbError::Corrupt("a malformed sealed value".into()))?;
        let key =
            std::iter::once(&self.current).chain(&self.previous).find(|key| key.id == key_id).ok_or_else(|| {
                DbError::Corrupt(format!(
                    "a row is sealed with key {key_id}, which is neither --encryption-key nor in --decryption-keys"
                ))
            })?;
        let bytes = STANDARD.decode(encoded).map_err(|_| DbError::Corrupt("a sealed value is not base64".into()))?;
        if bytes.len() < NONCE_LEN {
            return Err(DbError::Corrupt("a sealed value is too short".into()));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| DbError::Corrupt("a bad nonce".into()))?;
        let mut buffer = ciphertext.to_vec();
        let plain_len = key
            .key
            .open_in_place(nonce, Aad::from(owner.as_bytes()), &mut buffer)
            .map_err(|_| DbError::Corrupt("a sealed value does not open: altered, or moved from another row".into()))?
            .len();
        buffer.truncate(plain_len);
        Ok(buffer)
    }
}

impl Db {
    /// `json` as stored for `owner`: compressed when large (see [`packing`]), then sealed when a key is
    /// configured. Borrowed: a large value is only read (into its compressed copy), never copied whole.
    pub(crate) fn seal(&self, json: &str, owner: &str) -> DbResult<String> {
        match &self.sealer {
            Some(sealer) => {
                let plaintext =
                    packing::compress(json, &[packing::SEALED_MARK]).unwrap_or_else(|| json.as_bytes().to_vec());
                sealer.seal(plaintext, owner)
            }
            None => {
                Ok(packing::compress(json, &[]).map_or_else(|| json.to_owned(), |packed| packing::to_text(&packed)))
            }
        }
    }

    /// A stored value of `owner` as JSON text.
    pub(crate) fn open<'a>(&self, stored: &'a str, owner: &str) -> DbResult<Cow<'a, str>> {
        if let Some(packed) = stored.strip_prefix(packing::PREFIX) {
            return packing::from_text(packed).map(Cow::Owned);
        }
        match (stored.strip_prefix(PREFIX), &self.sealer) {
            (None, _) => Ok(Cow::Borrowed(stored)),
            (Some(sealed), Some(sealer)) => {
                let plain = sealer.open(sealed, owner)?;
                let json = match plain.split_first() {
                    Some((&packing::SEALED_MARK, packed)) => packing::decompress(packed)?,
                    _ => {
                        String::from_utf8(plain).map_err(|_| DbError::Corrupt("a sealed value is not UTF-8".into()))?
                    }
                };
                Ok(Cow::Owned(json))
            }
            (Some(_), None) => Err(DbError::Corrupt(
                "the database holds encrypted rows: start taskchat with its --encryption-key".into(),
            )),
        }
    }

    /// Deserialises a stored value of `owner`.
    pub(crate) fn open_json<T: serde::de::DeserializeOwned>(&self, stored: &str, owner: &str) -> DbResult<T> {
        Ok(serde_json::from_str(&self.open(stored, owner)?)?)
    }

    /// Refuses to run without a key over a database that holds encrypted rows (every read of them would fail).
    pub async fn check_sealing(&self) -> DbResult<()> {
        if self.sealer.is_some() {
            return Ok(());
        }
        let pattern = format!("{PREFIX}%");
        for table in ["thread_items", "threads"] {
            let sealed = sqlx::query(&format!("SELECT 1 FROM {table} WHERE data LIKE $1 LIMIT 1"))
                .bind(&pattern)
                .fetch_all(&self.pool)
                .await?;
            if !sealed.is_empty() {
                return Err(DbError::Corrupt(format!(
                    "{table} holds encrypted rows: start taskchat with --encryption-key (TASKCHAT_ENCRYPTION_KEY)"
                )));
            }
        }
        Ok(())
    }
}

/// How many rows `reencrypt` rewrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Resealed {
    pub items: u64,
    pub threads: u64,
}

/// Rows rewritten per batch.
const BATCH: i64 = 500;

/// Rewrites every item and thread not yet sealed with the current key (plain rows included), in batches.
pub async fn reencrypt(db: &Db) -> DbResult<Resealed> {
    let sealer = db.sealer.as_ref().ok_or_else(|| DbError::Query("reencrypt needs --encryption-key".into()))?;
    let current = format!("{PREFIX}{}:%", sealer.current_key_id());
    let mut resealed = Resealed::default();
    for (table, owner) in [("thread_items", "thread_id"), ("threads", "user_id")] {
        loop {
            let rows = sqlx::query(&format!("SELECT id, {owner}, data FROM {table} WHERE data NOT LIKE $1 LIMIT $2"))
                .bind(&current)
                .bind(BATCH)
                .fetch_all(&db.pool)
                .await?;
            for row in &rows {
                let (id, owner_id, data): (String, String, String) =
                    (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
                let json = db.open(&data, &owner_id)?;
                sqlx::query(&format!("UPDATE {table} SET data = $1 WHERE id = $2 AND data = $3"))
                    .bind(db.seal(&json, &owner_id)?)
                    .bind(&id)
                    .bind(&data)
                    .execute(&mut *db.write().await?)
                    .await?;
            }
            let count = rows.len() as u64;
            match table {
                "thread_items" => resealed.items += count,
                _ => resealed.threads += count,
            }
            if count < BATCH as u64 {
                break;
            }
        }
    }
    Ok(resealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> String {
        STANDARD.encode([byte; 32])
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_its_owner() {
        let sealer = Sealer::new(&key(1), &[]).expect("a key");
        let sealed = sealer.seal(br#"{"text":"buy milk"}"#.to_vec(), "thr_1").expect("sealed");
        assert!(!sealed.contains("milk"));
        let stored = sealed.strip_prefix(PREFIX).expect("prefixed");
        assert_eq!(sealer.open(stored, "thr_1").expect("opens"), br#"{"text":"buy milk"}"#);
        assert!(sealer.open(stored, "thr_2").is_err(), "moved to another thread");
        let same = || sealer.seal(b"same".to_vec(), "t").expect("sealed");
        assert_ne!(same(), same(), "fresh nonces");

        let rotated = Sealer::new(&key(2), &[key(1)]).expect("keys");
        assert_eq!(rotated.open(stored, "thr_1").expect("the old key still opens"), br#"{"text":"buy milk"}"#);
        let without_old = Sealer::new(&key(2), &[]).expect("a key");
        assert!(without_old.open(stored, "thr_1").is_err());
    }

    #[test]
    fn keys_must_be_32_bytes_of_base64() {
        assert!(Sealer::new("not base64!", &[]).is_err());
        assert!(Sealer::new(&STANDARD.encode([0u8; 16]), &[]).expect_err("too short").contains("32 bytes"));
    }
}
