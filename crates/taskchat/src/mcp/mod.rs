//! MCP: the LLM agent's task tools (same schemas, same task service) for any MCP client, over two transports.

mod http; // `/mcp`: streamable HTTP, stateless, authenticated like the rest of the API
mod server; // TaskTools: the rmcp ServerHandler and the tool list derived from the agent's definitions
mod stdio; // `taskchat mcp --user EMAIL`: one user's tools on stdin/stdout

pub use http::router;
pub use server::{TaskTools, tools};
pub use stdio::{StdioError, serve_stdio};
