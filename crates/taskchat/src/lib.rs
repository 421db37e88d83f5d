//! taskchat: a todo app whose main interface is a ChatKit chat assistant.

pub mod assistant; // the ChatKitServer: answers messages and widget actions
pub mod auth; // accounts, sessions, sign-in throttling, the CurrentUser extractor
pub mod config; // flags with environment fallbacks
pub mod db; // the pool, migrations, one module per table, the ChatKit store
pub mod http; // the route table, ApiError, thin handlers
pub mod mcp; // the task tools as an MCP server: /mcp (streamable HTTP) and `taskchat mcp` (stdio)
pub mod retention; // the background job deleting idle threads and ended sessions
pub mod startup; // Application: build, port, run_until_stopped
pub mod state; // AppState
pub mod tasks; // task values and the TaskService
