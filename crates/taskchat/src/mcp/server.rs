//! `TaskTools`: an rmcp `ServerHandler` whose tools are the LLM agent's (`assistant::llm::tools`): the schemas
//! come from `definitions()`, the calls run through `run_direct` on the task service. Only MCP's `delete_task`
//! takes one more property, `confirm`, since no dialog asks the user.

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, JsonObject, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Value, json};

use crate::assistant::llm::tools::{self, DirectError};
use crate::auth::CurrentUser;
use crate::tasks::TaskService;

const INSTRUCTIONS: &str = "Manage the user's taskchat tasks. Tasks have per-user numbers (#1, #2 …): name a task \
    by task_id (its number) or by title. Changes show up in the taskchat web app at once. delete_task needs \
    \"confirm\": true and cannot be undone.";

/// What each tool does when called over MCP (the agent's descriptions talk about widgets, which MCP has not).
fn description(name: &str) -> &'static str {
    match name {
        "list_tasks" => {
            "List the user's tasks, filtered. Returns the tasks (number, title, notes, done, priority, \
                         due, tags) and the open/done counts."
        }
        "add_task" => "Create a task. Returns it with its number.",
        "complete_task" => "Mark a task done (or open again with done=false). Name it by task_id or title.",
        "update_task" => "Change a task's title, notes, due date, priority or tags. Name it by task_id or title.",
        "delete_task" => "Delete a task for good. Name it by task_id or title, and pass \"confirm\": true.",
        _ => "A task tool.",
    }
}

/// The MCP tool list: the agent's `definitions()`, each `function.parameters` taken as the input schema.
pub fn tools() -> Vec<Tool> {
    tools::definitions()
        .into_iter()
        .filter_map(|definition| {
            let function = definition.get("function")?;
            let name = function.get("name")?.as_str()?.to_owned();
            let mut schema: JsonObject = function.get("parameters")?.as_object()?.clone();
            let annotations = ToolAnnotations::new().read_only(name == "list_tasks");
            let annotations = match name.as_str() {
                "delete_task" => {
                    with_confirm(&mut schema);
                    annotations.destructive(true)
                }
                "list_tasks" => annotations,
                _ => annotations.destructive(false),
            };
            let mut tool = Tool::new(name.clone(), description(&name), Arc::new(schema));
            tool.annotations = Some(annotations);
            Some(tool)
        })
        .collect()
}

/// Adds the required `confirm` property to `delete_task`'s schema.
fn with_confirm(schema: &mut JsonObject) {
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        properties.insert(
            "confirm".to_owned(),
            json!({"type": "boolean", "description": "Must be true: the task is deleted for good."}),
        );
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.push(json!("confirm"));
    }
}

/// The task tools for one user (stdio) or for whoever each HTTP request authenticated as.
#[derive(Clone)]
pub struct TaskTools {
    tasks: TaskService,
    /// `None`: read the user from the request (the `/mcp` route's authentication puts it in the extensions).
    user: Option<CurrentUser>,
}

impl TaskTools {
    /// Tools acting for `user` on every call (the stdio transport).
    pub fn for_user(tasks: TaskService, user: CurrentUser) -> Self {
        Self { tasks, user: Some(user) }
    }

    /// Tools acting for the user each HTTP request authenticated as.
    pub fn per_request(tasks: TaskService) -> Self {
        Self { tasks, user: None }
    }

    fn user<'a>(&'a self, context: &'a RequestContext<RoleServer>) -> Option<&'a CurrentUser> {
        self.user.as_ref().or_else(|| {
            context
                .extensions
                .get::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<CurrentUser>())
        })
    }
}

impl ServerHandler for TaskTools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("taskchat", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(user) = self.user(&context) else {
            // The route authenticates before rmcp sees the request; reaching this is a wiring mistake.
            tracing::error!("an MCP tool call without an authenticated user");
            return Err(ErrorData::internal_error("no authenticated user", None));
        };
        if !tools::NAMES.contains(&request.name.as_ref()) {
            let message =
                format!("there is no tool named \"{}\"; the tools are: {}", request.name, tools::NAMES.join(", "));
            return Err(ErrorData::invalid_params(message, None));
        }
        let arguments = Value::Object(request.arguments.unwrap_or_default());
        let today = chatkit::types::time::now().date_naive();
        match tools::run_direct(&self.tasks, &user.id, today, &request.name, arguments).await {
            Ok(done) => {
                let mut result = CallToolResult::success(vec![ContentBlock::text(done.text)]);
                result.structured_content = Some(done.data);
                Ok(result.into())
            }
            Err(DirectError::Refused(message)) => {
                Ok(CallToolResult::error(vec![ContentBlock::text(format!("Error: {message} Nothing was done."))])
                    .into())
            }
            Err(DirectError::Failed(cause)) => {
                tracing::error!(tool = %request.name, %cause, "an MCP tool call failed");
                Err(ErrorData::internal_error("the tasks could not be reached; try again", None))
            }
        }
    }
}
