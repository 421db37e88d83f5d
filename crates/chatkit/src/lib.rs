//! The OpenAI ChatKit protocol for Rust: wire types, widgets, and a server runtime.
//!
//! An integration implements [`ChatKitServer`] (how to answer a message or a widget action) over a [`Store`]
//! (where threads and items live), then hands each request body to [`process`], which answers with JSON or
//! with a stream of SSE frames. The JSON is the official Python SDK's, field for field.

pub mod actions; // Action (what a client sends back) and ActionConfig (what a widget carries)
#[cfg(feature = "axum")]
pub mod axum; // process results as axum responses (feature `axum`)
pub mod error; // Error (before a response starts) and StreamError (inside a stream)
pub mod processor; // process(bytes, context): parse, persist, answer
pub mod response; // ResponseSink: where handlers write events, with helpers for text and widgets
pub mod server; // ChatKitServer: what an integration implements
pub mod sse; // SSE framing
pub mod store; // Store and AttachmentStore traits, ids, the in-memory store
mod tagged; // Deserialize for `type`-tagged enums without serde's per-level buffering
pub mod types; // requests, items, events, threads, pages: the wire types
pub mod widgets; // widget components, roots, builders, validation, diffing, streaming

pub use actions::{Action, ActionConfig};
pub use error::{Error, StreamError};
pub use processor::{EventStream, Processed, process};
pub use response::{AssistantMessageWriter, ResponseSink};
pub use server::{AudioInput, ChatKitServer};
pub use store::{AttachmentStore, IdKind, MemoryStore, Owner, Store, StoreError, StoreResult, generate_id};
