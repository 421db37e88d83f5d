//! The agent loop: ask the model (streamed), show its text as it arrives, run the tools it calls (each streams
//! its widgets), give it the results, and ask again, for at most `max_rounds` model calls.

use std::collections::BTreeMap;

use chatkit::{AssistantMessageWriter, StreamError};
use serde_json::{Value, json};

use super::client::{LlmClient, LlmError};
use super::{context, tools};
use crate::assistant::turn::{Turn, TurnError};

/// What the user reads when the model cannot be reached; the error event offers Retry.
pub const UNREACHABLE: &str = "The assistant could not reach the language model. Try again.";
/// What the user reads when the tasks cannot be reached in the middle of a tool.
const TASKS_UNREACHABLE: &str = "Something went wrong while reaching your tasks. Try again.";

/// An LLM that answers messages with the task tools.
#[derive(Debug, Clone)]
pub struct LlmAgent {
    client: LlmClient,
    max_rounds: u32,
}

/// A tool call being assembled from streamed fragments.
#[derive(Debug, Default)]
struct PendingCall {
    id: String,
    name: String,
    arguments: String,
}

impl LlmAgent {
    pub fn new(client: LlmClient, max_rounds: u32) -> Self {
        Self { client, max_rounds: max_rounds.max(1) }
    }

    /// Answers the thread's latest user message (already stored, so it is the last of the history).
    pub async fn respond(&self, turn: &mut Turn<'_>) -> Result<(), StreamError> {
        let history = context::history(turn.db, &turn.user.id, &turn.thread_id).await.map_err(|error| {
            tracing::error!(%error, "could not read the thread for the model");
            StreamError::custom(TASKS_UNREACHABLE, true)
        })?;
        let mut messages = vec![json!({"role": "system", "content": context::instructions(turn.today)})];
        messages.extend(history);
        let tools = tools::definitions();
        for _ in 0..self.max_rounds {
            let body = json!({"messages": messages, "tools": tools});
            let (text, calls) = self.round(turn, body).await?;
            if calls.is_empty() {
                return Ok(());
            }
            let tool_calls: Vec<Value> = calls
                .iter()
                .map(|call| {
                    json!({"id": call.id, "type": "function",
                           "function": {"name": call.name, "arguments": call.arguments}})
                })
                .collect();
            let content = if text.is_empty() { Value::Null } else { Value::from(text) };
            messages.push(json!({"role": "assistant", "content": content, "tool_calls": tool_calls}));
            for call in calls {
                turn.sink.progress(tools::progress_text(&call.name)).await?;
                let permit = turn.work_permits.acquire().await;
                let result = tools::run(turn, &call.name, &call.arguments).await;
                turn.sink.flush().await?;
                drop(permit);
                let result = match result {
                    Ok(result) => result,
                    Err(TurnError::Stream(error)) => return Err(error),
                    Err(TurnError::Task(error)) => {
                        tracing::error!(%error, user_id = %turn.user.id, tool = %call.name, "a tool failed");
                        return Err(StreamError::custom(TASKS_UNREACHABLE, true));
                    }
                };
                messages.push(json!({"role": "tool", "tool_call_id": call.id, "content": result}));
            }
        }
        turn.sink.assistant_text("I stopped there. Tell me if there is more to do.").await?;
        Ok(())
    }

    /// One model call: its text is streamed to the user as it arrives; returns the text and the tool calls.
    async fn round(&self, turn: &Turn<'_>, body: Value) -> Result<(String, Vec<PendingCall>), StreamError> {
        let sink = turn.sink;
        let mut writer: Option<AssistantMessageWriter<'_>> = None;
        let mut calls: BTreeMap<u64, PendingCall> = BTreeMap::new();
        let started = std::time::Instant::now();
        let mut first_chunk = true;
        let outcome: Result<(), LlmError> = async {
            let mut stream = self.client.stream(body).await?;
            while let Some(chunk) = stream.next().await? {
                if std::mem::take(&mut first_chunk) {
                    turn.metrics.llm_reached("first_chunk", started);
                }
                let Some(delta) = chunk.pointer("/choices/0/delta") else { continue };
                if let Some(text) = delta.get("content").and_then(Value::as_str).filter(|text| !text.is_empty()) {
                    let message = match &mut writer {
                        Some(message) => message,
                        None => writer.insert(sink.assistant_message().await.map_err(LlmError::Sink)?),
                    };
                    message.delta(text).await.map_err(LlmError::Sink)?;
                }
                for fragment in delta.get("tool_calls").and_then(Value::as_array).into_iter().flatten() {
                    let index = fragment.get("index").and_then(Value::as_u64).unwrap_or(0);
                    let call = calls.entry(index).or_default();
                    if let Some(id) = fragment.get("id").and_then(Value::as_str) {
                        call.id.push_str(id);
                    }
                    let function = fragment.get("function");
                    if let Some(name) = function.and_then(|f| f.get("name")).and_then(Value::as_str) {
                        call.name.push_str(name);
                    }
                    if let Some(arguments) = function.and_then(|f| f.get("arguments")).and_then(Value::as_str) {
                        call.arguments.push_str(arguments);
                    }
                }
            }
            Ok(())
        }
        .await;
        // Whatever text arrived is kept (saved as a finished message), even when the stream then failed.
        let text = match writer {
            Some(message) => message.finish().await?.text(),
            None => String::new(),
        };
        match outcome {
            Ok(()) => turn.metrics.llm_reached("complete", started),
            Err(LlmError::Sink(error)) => return Err(error),
            Err(error) => {
                turn.metrics.llm_failed(error.kind());
                tracing::warn!(%error, model = self.client.model(), "the language model failed");
                return Err(StreamError::custom(UNREACHABLE, true));
            }
        }
        let calls = calls
            .into_iter()
            .map(|(index, mut call)| {
                if call.id.is_empty() {
                    call.id = format!("call_{index}");
                }
                call
            })
            .collect();
        Ok((text, calls))
    }
}
