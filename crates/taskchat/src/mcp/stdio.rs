//! `taskchat mcp --user EMAIL`: the task tools of one local account over stdin/stdout, for MCP clients that
//! start a command (Claude Desktop, IDEs). Whoever can run the binary against the database acts as that user.

use rmcp::ServiceExt;

use super::TaskTools;
use crate::auth::CurrentUser;
use crate::db::{self, Db, DbError};
use crate::tasks::TaskService;

/// Why the stdio server stopped.
#[derive(Debug, thiserror::Error)]
pub enum StdioError {
    #[error("database: {0}")]
    Database(#[from] DbError),
    #[error("no account has the email {0:?}: sign up in the web app first")]
    UnknownUser(String),
    #[error("MCP: {0}")]
    Protocol(String),
}

/// Serves `email`'s tasks over stdio until the client closes stdin.
pub async fn serve_stdio(db: Db, email: &str) -> Result<(), StdioError> {
    let email = email.trim().to_lowercase();
    let user = db::users::by_email(&db, &email).await?.ok_or_else(|| StdioError::UnknownUser(email.clone()))?;
    let user = CurrentUser { id: user.id, email: user.email, name: user.name };
    let tools = TaskTools::for_user(TaskService::new(db), user);
    let running =
        tools.serve(rmcp::transport::stdio()).await.map_err(|error| StdioError::Protocol(error.to_string()))?;
    running.waiting().await.map_err(|error| StdioError::Protocol(error.to_string()))?;
    Ok(())
}
