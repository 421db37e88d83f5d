//! A streaming Chat Completions client over the workspace's reqwest: one POST, then `data:` lines read chunk by
//! chunk. Dropping a [`ChunkStream`] drops the response body, which closes the upstream connection.

use std::time::Duration;

use serde_json::Value;

/// The OpenAI API, when no base URL is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.openai.com/v1";

/// Where the model is and how long to wait for it.
#[derive(Debug, Clone)]
pub struct LlmSettings {
    pub base_url: Option<String>,
    pub api_key: Option<String>,
    pub model: String,
    /// Longest wait for the response to start or for its next chunk.
    pub timeout: Duration,
}

/// Why a model call failed. All of them end the turn with a retryable error event.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("request failed: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the model answered {status}: {body}")]
    Status { status: reqwest::StatusCode, body: String },
    #[error("no chunk within {0:?}")]
    Timeout(Duration),
    #[error("a streamed chunk is not JSON: {0}")]
    BadChunk(serde_json::Error),
    /// Our own client left while the model was answering (not the model's fault).
    #[error("the response stream ended: {0}")]
    Sink(chatkit::StreamError),
}

impl LlmError {
    /// The failure's kind, as a metrics label.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Http(_) => "http",
            Self::Status { .. } => "status",
            Self::Timeout(_) => "timeout",
            Self::BadChunk(_) => "bad_chunk",
            Self::Sink(_) => "client_gone",
        }
    }
}

/// An OpenAI-compatible Chat Completions endpoint.
#[derive(Clone)]
pub struct LlmClient {
    http: reqwest::Client,
    url: String,
    api_key: Option<String>,
    model: String,
    timeout: Duration,
}

impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the API key: this may end up in a log line.
        f.debug_struct("LlmClient").field("url", &self.url).field("model", &self.model).finish_non_exhaustive()
    }
}

impl LlmClient {
    pub fn new(settings: LlmSettings) -> Result<Self, LlmError> {
        let base = settings.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL).trim_end_matches('/');
        let http = reqwest::Client::builder().connect_timeout(settings.timeout).build()?;
        Ok(Self {
            http,
            url: format!("{base}/chat/completions"),
            api_key: settings.api_key.filter(|key| !key.is_empty()),
            model: settings.model,
            timeout: settings.timeout,
        })
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    /// Starts a streamed completion of `body` (the model and `stream: true` are filled in).
    pub async fn stream(&self, mut body: Value) -> Result<ChunkStream, LlmError> {
        body["model"] = Value::from(self.model.clone());
        body["stream"] = Value::Bool(true);
        let mut request = self.http.post(&self.url).json(&body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key);
        }
        let response =
            tokio::time::timeout(self.timeout, request.send()).await.map_err(|_| LlmError::Timeout(self.timeout))??;
        let status = response.status();
        if !status.is_success() {
            let body = tokio::time::timeout(self.timeout, response.text()).await.ok().and_then(Result::ok);
            let body: String = body.unwrap_or_default().chars().take(500).collect();
            return Err(LlmError::Status { status, body });
        }
        Ok(ChunkStream { response, buffer: Vec::new(), timeout: self.timeout, done: false })
    }
}

/// The `data:` payloads of a streamed completion, as JSON.
pub struct ChunkStream {
    response: reqwest::Response,
    buffer: Vec<u8>,
    timeout: Duration,
    done: bool,
}

impl ChunkStream {
    /// The next chunk; `None` after `data: [DONE]` or the end of the body.
    pub async fn next(&mut self) -> Result<Option<Value>, LlmError> {
        loop {
            if self.done {
                return Ok(None);
            }
            if let Some(end) = self.buffer.iter().position(|&byte| byte == b'\n') {
                let line: Vec<u8> = self.buffer.drain(..=end).collect();
                let line = String::from_utf8_lossy(&line);
                let line = line.trim();
                let Some(data) = line.strip_prefix("data:") else { continue }; // comments, event:, blank lines
                let data = data.trim();
                if data == "[DONE]" {
                    self.done = true;
                    return Ok(None);
                }
                if data.is_empty() {
                    continue;
                }
                return serde_json::from_str(data).map(Some).map_err(LlmError::BadChunk);
            }
            let chunk = tokio::time::timeout(self.timeout, self.response.chunk())
                .await
                .map_err(|_| LlmError::Timeout(self.timeout))??;
            match chunk {
                Some(bytes) => self.buffer.extend_from_slice(&bytes),
                None if self.buffer.is_empty() => self.done = true,
                // The body ended: a last line without its newline still counts, then the stream ends.
                None => self.buffer.extend_from_slice(b"\ndata: [DONE]\n"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_is_the_base_url_plus_chat_completions() {
        let settings = LlmSettings {
            base_url: Some("http://localhost:11434/v1/".into()),
            api_key: Some(String::new()),
            model: "llama3.1".into(),
            timeout: Duration::from_secs(5),
        };
        let client = LlmClient::new(settings).expect("a client");
        assert_eq!(client.url, "http://localhost:11434/v1/chat/completions");
        assert_eq!(client.api_key, None, "an empty key sends no Authorization header");
    }
}
