//! The MCP server through rmcp's own client: over streamable HTTP at `/mcp` (authenticated like the API) and over
//! stdio (`taskchat mcp --user EMAIL`, the built binary as a child process). SQLite only: these test the
//! transports and the tools, not the database.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestUser, spawn_app};

type Client = RunningService<RoleClient, ()>;

/// An MCP client on `/mcp`, signed in as `user` (its session token as a Bearer token); initialized.
async fn connect(app: &TestApp, user: &TestUser) -> Client {
    let config = StreamableHttpClientTransportConfig::with_uri(format!("{}/mcp", app.address)).auth_header(&user.token);
    ().serve(StreamableHttpClientTransport::from_config(config)).await.expect("the MCP client initializes")
}

async fn call(client: &Client, name: &str, arguments: Value) -> CallToolResult {
    let arguments = arguments.as_object().expect("arguments are an object").clone();
    let params = CallToolRequestParams::new(name.to_owned()).with_arguments(arguments);
    client.call_tool(params).await.unwrap_or_else(|error| panic!("{name} answers: {error}"))
}

fn text(result: &CallToolResult) -> String {
    result.content.iter().filter_map(|block| block.as_text()).map(|text| text.text.clone()).collect()
}

/// A successful call's structured content, checking it has a readable text form too.
fn ok(result: CallToolResult) -> Value {
    assert_eq!(result.is_error, Some(false), "the call succeeds: {}", text(&result));
    assert!(!text(&result).is_empty(), "a readable text form");
    result.structured_content.expect("structured content")
}

/// A tool error (not a protocol error): its text.
fn refused(result: CallToolResult) -> String {
    assert_eq!(result.is_error, Some(true), "the call is refused: {}", text(&result));
    text(&result)
}

/// The agent's definitions, as MCP publishes them: name → parameters.
fn agent_schemas() -> Vec<(String, Value)> {
    taskchat::assistant::llm::tools::definitions()
        .into_iter()
        .map(|tool| {
            (tool["function"]["name"].as_str().expect("a name").to_owned(), tool["function"]["parameters"].clone())
        })
        .collect()
}

#[tokio::test]
async fn the_tools_and_their_schemas_are_the_llm_agents() {
    let app = spawn_app().await;
    let user = app.new_user("ada").await;
    let client = connect(&app, &user).await;
    let info = client.peer_info().expect("the server answered initialize");
    assert_eq!(info.server_info.as_ref().map(|server| server.name.as_str()), Some("taskchat"));

    let tools = client.list_all_tools().await.expect("tools/list");
    let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    assert_eq!(names, ["list_tasks", "add_task", "complete_task", "update_task", "delete_task"]);
    for ((name, agent_schema), tool) in agent_schemas().into_iter().zip(&tools) {
        let mcp_schema = Value::Object((*tool.input_schema).clone());
        if name == "delete_task" {
            // MCP adds exactly one property, `confirm`, required: everything else is the agent's schema.
            let mut without_confirm = mcp_schema.clone();
            let removed = without_confirm["properties"].as_object_mut().expect("properties").remove("confirm");
            assert_eq!(
                removed,
                Some(json!({"type": "boolean", "description": "Must be true: the task is deleted for good."}))
            );
            without_confirm["required"].as_array_mut().expect("required").retain(|field| field != "confirm");
            assert_eq!(without_confirm, agent_schema, "delete_task");
            assert_eq!(mcp_schema["required"], json!(["confirm"]));
        } else {
            assert_eq!(mcp_schema, agent_schema, "{name}: the MCP schema is the LLM agent's");
        }
    }
    client.cancel().await.expect("the client closes");
}

#[tokio::test]
async fn every_tool_works_over_http_and_changes_show_up_in_the_rest_api() {
    let app = spawn_app().await;
    let user = app.new_user("ada").await;
    let client = connect(&app, &user).await;

    let added = ok(call(
        &client,
        "add_task",
        json!({"title": "buy milk", "due": "2030-01-15", "priority": "high", "tags": ["home"]}),
    )
    .await);
    assert_eq!(added["task"]["number"], 1);
    assert_eq!(added["task"]["title"], "buy milk");
    assert_eq!(added["task"]["due"], "2030-01-15");
    ok(call(&client, "add_task", json!({"title": "call the bank"})).await);

    // The web app sees it at once: the REST API the tasks panel reads.
    let page = user.list_tasks("").await;
    let titles: Vec<&str> =
        page["data"].as_array().expect("data").iter().filter_map(|task| task["title"].as_str()).collect();
    assert_eq!(titles, ["buy milk", "call the bank"]);

    let listed = ok(call(&client, "list_tasks", json!({"priority": "high"})).await);
    assert_eq!(listed["open"], 1);
    assert_eq!(listed["tasks"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["tasks"][0]["title"], "buy milk");
    let all = call(&client, "list_tasks", json!({})).await;
    assert!(text(&all).contains("#2 [ ] call the bank"), "{}", text(&all));

    let completed = ok(call(&client, "complete_task", json!({"title": "bank"})).await);
    assert_eq!((completed["task"]["number"].clone(), completed["task"]["done"].clone()), (json!(2), json!(true)));
    assert_eq!(user.get_task(2).await["done"], true);

    let updated =
        ok(call(&client, "update_task", json!({"task_id": 1, "title_new": "buy oat milk", "priority": "none"})).await);
    assert_eq!(updated["task"]["title"], "buy oat milk");
    assert!(updated["task"]["priority"].is_null());
    assert_eq!(user.get_task(1).await["title"], "buy oat milk");

    // Deleting needs an explicit confirmation.
    let unconfirmed = refused(call(&client, "delete_task", json!({"task_id": 1})).await);
    assert!(unconfirmed.contains("confirm"), "{unconfirmed}");
    assert_eq!(user.get_task(1).await["number"], 1, "still there");
    let deleted = ok(call(&client, "delete_task", json!({"task_id": 1, "confirm": true})).await);
    assert_eq!(deleted["deleted"]["number"], 1);
    assert_eq!(user.get_task_raw(1).await.status(), StatusCode::NOT_FOUND);
    client.cancel().await.expect("the client closes");
}

#[tokio::test]
async fn bad_arguments_are_tool_errors_and_nothing_is_done() {
    let app = spawn_app().await;
    let user = app.new_user("ada").await;
    let client = connect(&app, &user).await;

    for (name, arguments, says) in [
        ("add_task", json!({}), "title"),
        ("add_task", json!({"title": 42}), "invalid arguments"),
        ("add_task", json!({"title": "   "}), "title"),
        ("add_task", json!({"title": "x", "due": "someday maybe"}), "not a date"),
        ("add_task", json!({"title": "x", "priority": "urgent"}), "priority"),
        ("list_tasks", json!({"status": "sideways"}), "status"),
        ("complete_task", json!({}), "task_id"),
        ("complete_task", json!({"task_id": "milk"}), "not a task number"),
        ("update_task", json!({"task_id": 1}), "at least one"),
        ("delete_task", json!({"task_id": 99, "confirm": true}), "#99"),
    ] {
        let message = refused(call(&client, name, arguments.clone()).await);
        assert!(message.contains(says), "{name} {arguments}: {message:?} should mention {says:?}");
    }
    // An unknown tool is a protocol error, and the connection stays usable.
    let unknown = client.call_tool(CallToolRequestParams::new("launch_rocket")).await;
    assert!(unknown.is_err(), "{unknown:?}");
    let listed = ok(call(&client, "list_tasks", json!({})).await);
    assert_eq!(listed["tasks"], json!([]), "nothing was created");
    client.cancel().await.expect("the client closes");
}

#[tokio::test]
async fn another_users_task_numbers_are_not_found() {
    let app = spawn_app().await;
    let ada = app.new_user("ada").await;
    let bob = app.new_user("bob").await;
    ada.create_task(&json!({"title": "ada's secret"})).await;
    let client = connect(&app, &bob).await;

    for (name, arguments) in [
        ("complete_task", json!({"task_id": 1})),
        ("update_task", json!({"task_id": 1, "title_new": "mine now"})),
        ("delete_task", json!({"task_id": 1, "confirm": true})),
        ("complete_task", json!({"title": "secret"})),
    ] {
        let message = refused(call(&client, name, arguments).await);
        assert!(message.contains("no task matches"), "{name}: {message}");
    }
    let listed = ok(call(&client, "list_tasks", json!({})).await);
    assert_eq!(listed["tasks"], json!([]), "bob sees none of ada's tasks");
    let task = ada.get_task(1).await;
    assert_eq!((task["title"].clone(), task["done"].clone()), (json!("ada's secret"), json!(false)));
    client.cancel().await.expect("the client closes");
}

#[tokio::test]
async fn unauthenticated_requests_are_refused() {
    let app = spawn_app().await;
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}});
    let post = |token: Option<&str>| {
        let request = app
            .request(reqwest::Method::POST, "/mcp")
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json, text/event-stream")
            .json(&initialize);
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    };
    assert_eq!(post(None).send().await.expect("sent").status(), StatusCode::UNAUTHORIZED);
    assert_eq!(post(Some("not-a-session")).send().await.expect("sent").status(), StatusCode::UNAUTHORIZED);
    let get = app.request(reqwest::Method::GET, "/mcp").header(ACCEPT, "text/event-stream").send().await;
    assert_eq!(get.expect("sent").status(), StatusCode::UNAUTHORIZED);

    // rmcp's client with a wrong token cannot initialize.
    let config = StreamableHttpClientTransportConfig::with_uri(format!("{}/mcp", app.address)).auth_header("wrong");
    assert!(().serve(StreamableHttpClientTransport::from_config(config)).await.is_err());

    // The same request with a real session token is answered.
    let user = app.new_user("ada").await;
    let answer = post(Some(&user.token)).send().await.expect("sent");
    assert_eq!(answer.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_stdio_transport_serves_one_users_tasks() {
    let app = spawn_app().await;
    let user = app.new_user("ada").await;
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_taskchat"));
    command.args(["mcp", "--user", &user.email]).env("DATABASE_URL", &app.database_url).env("RUST_LOG", "warn");
    let transport = TokioChildProcess::new(command).expect("taskchat mcp starts");
    let client = ().serve(transport).await.expect("the MCP client initializes over stdio");

    let tools = client.list_all_tools().await.expect("tools/list");
    assert_eq!(tools.len(), 5);
    let added = ok(call(&client, "add_task", json!({"title": "water the plants", "tags": ["home"]})).await);
    assert_eq!(added["task"]["number"], 1);
    let page = user.list_tasks("").await;
    assert_eq!(page["data"][0]["title"], "water the plants", "{page}");
    client.cancel().await.expect("the client closes");
}

#[tokio::test]
async fn the_stdio_transport_refuses_an_unknown_account() {
    let app = spawn_app().await;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_taskchat"))
        .args(["mcp", "--user", "nobody@example.com"])
        .env("DATABASE_URL", &app.database_url)
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .expect("taskchat mcp runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no account has the email"), "{stderr}");
}
