//! The LLM agent: an OpenAI-compatible model (Chat Completions, streamed, with tool calling) drives the same task
//! operations and widgets as the offline parser.

mod agent;
mod client;
mod context;
pub mod tools;

pub use agent::LlmAgent;
pub use client::{LlmClient, LlmError, LlmSettings};
