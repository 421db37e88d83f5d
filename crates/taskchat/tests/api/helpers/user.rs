//! One signed-in user speaking the API: tasks, ChatKit, the session.

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};

use super::{assert_task_shape, encode_query, header, json_body, parse_sse, record_reply, user_input};

/// A signed-up (or signed-in) user and the token of that session.
#[derive(Clone)]
pub struct TestUser {
    pub token: String,
    pub id: String,
    pub email: String,
    pub name: String,
    pub password: String,
    pub(super) address: String,
    pub(super) client: reqwest::Client,
}

impl TestUser {
    /// The same user, talking to another instance (at `address`) of the app on the same database.
    pub fn on(&self, address: &str) -> TestUser {
        TestUser {
            token: self.token.clone(),
            id: self.id.clone(),
            email: self.email.clone(),
            name: self.name.clone(),
            password: self.password.clone(),
            address: address.to_owned(),
            client: self.client.clone(),
        }
    }

    /// A request to `path` with `Authorization: Bearer <token>`.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.address)).header(AUTHORIZATION, self.bearer())
    }

    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.token)
    }

    async fn send(&self, request: RequestBuilder) -> Response {
        request.send().await.expect("the request is sent")
    }

    pub async fn get_raw(&self, path: &str) -> Response {
        self.send(self.request(Method::GET, path)).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.send(self.request(Method::POST, path).json(body)).await
    }

    /// Sends raw bytes as `application/json` with `method` (for malformed and oversized bodies).
    pub async fn send_raw(&self, method: Method, path: &str, body: impl Into<reqwest::Body>) -> Response {
        self.send(self.request(method, path).header(CONTENT_TYPE, "application/json").body(body)).await
    }

    // ---- tasks ----

    pub async fn create_task_raw(&self, body: &Value) -> Response {
        self.post_json("/api/tasks", body).await
    }

    /// Creates a task, checking the 201 and the task's shape.
    pub async fn create_task(&self, body: &Value) -> Value {
        let task = json_body(self.create_task_raw(body).await, StatusCode::CREATED).await;
        assert_task_shape(&task);
        task
    }

    pub async fn get_task_raw(&self, number: impl std::fmt::Display) -> Response {
        self.get_raw(&format!("/api/tasks/{number}")).await
    }

    pub async fn get_task(&self, number: i64) -> Value {
        let task = json_body(self.get_task_raw(number).await, StatusCode::OK).await;
        assert_task_shape(&task);
        task
    }

    /// `GET /api/tasks?<query>` (`query` without the `?`).
    pub async fn list_tasks_raw(&self, query: &str) -> Response {
        self.get_raw(&format!("/api/tasks?{query}")).await
    }

    /// One page of tasks, checking `{"data", "has_more", "after"}`.
    pub async fn list_tasks(&self, query: &str) -> Value {
        let page = json_body(self.list_tasks_raw(query).await, StatusCode::OK).await;
        assert!(page["data"].is_array(), "data is an array in {page}");
        let has_more = page["has_more"].as_bool().unwrap_or_else(|| panic!("has_more is a bool in {page}"));
        if has_more {
            assert!(page["after"].is_string(), "a page with more carries an `after` cursor: {page}");
        } else {
            assert!(page["after"].is_null(), "the last page has `after: null`: {page}");
        }
        page["data"].as_array().expect("data").iter().for_each(assert_task_shape);
        page
    }

    /// Every task matching `query`, walking the `after` cursor with pages of `limit`; also returns the page sizes.
    pub async fn walk_tasks(&self, query: &str, limit: u32) -> (Vec<Value>, Vec<usize>) {
        let mut tasks = Vec::new();
        let mut sizes = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut q = format!("{query}&limit={limit}");
            if let Some(cursor) = &after {
                q.push_str(&format!("&after={}", encode_query(cursor)));
            }
            let page = self.list_tasks(&q).await;
            let data = page["data"].as_array().expect("data").clone();
            assert!(data.len() <= limit as usize, "a page holds at most `limit` tasks");
            sizes.push(data.len());
            tasks.extend(data);
            match page["after"].as_str() {
                Some(cursor) => after = Some(cursor.to_owned()),
                None => return (tasks, sizes),
            }
            assert!(sizes.len() < 1000, "the walk does not end");
        }
    }

    pub async fn patch_task_raw(&self, number: impl std::fmt::Display, body: &Value) -> Response {
        self.send(self.request(Method::PATCH, &format!("/api/tasks/{number}")).json(body)).await
    }

    pub async fn patch_task(&self, number: i64, body: &Value) -> Value {
        let task = json_body(self.patch_task_raw(number, body).await, StatusCode::OK).await;
        assert_task_shape(&task);
        task
    }

    pub async fn delete_task_raw(&self, number: impl std::fmt::Display) -> Response {
        self.send(self.request(Method::DELETE, &format!("/api/tasks/{number}"))).await
    }

    pub async fn delete_task(&self, number: i64) {
        let response = self.delete_task_raw(number).await;
        let status = response.status();
        let body = response.text().await.expect("reads the body");
        assert_eq!(status, StatusCode::NO_CONTENT, "DELETE /api/tasks/{number} answered {body}");
        assert!(body.is_empty(), "a 204 has no body, got {body:?}");
    }

    // ---- ChatKit ----

    pub async fn chatkit(&self, body: &Value) -> Response {
        self.post_json("/chatkit", body).await
    }

    /// A non-streaming ChatKit request answered `200 application/json`.
    pub async fn chatkit_json(&self, body: &Value) -> Value {
        let response = self.chatkit(body).await;
        let content_type = header(response.headers(), CONTENT_TYPE.as_str());
        let value = json_body(response, StatusCode::OK).await;
        assert!(
            content_type.as_deref().is_some_and(|value| value.starts_with("application/json")),
            "{} answers application/json, got {content_type:?}",
            body["type"]
        );
        record_reply(body["type"].as_str().unwrap_or("unknown"), &value);
        value
    }

    /// A streaming ChatKit request answered `200 text/event-stream`: every event, in order, with no `error` event.
    pub async fn chatkit_stream(&self, body: &Value) -> Vec<Value> {
        let events = self.chatkit_events(body).await;
        let errors: Vec<&Value> = events.iter().filter(|event| event["type"] == "error").collect();
        assert!(errors.is_empty(), "the stream carries errors: {errors:?}");
        events
    }

    /// A streaming ChatKit request answered `200 text/event-stream`: every event, in order, errors included.
    pub async fn chatkit_events(&self, body: &Value) -> Vec<Value> {
        let response = self.chatkit(body).await;
        let status = response.status();
        let content_type = header(response.headers(), CONTENT_TYPE.as_str());
        let text = response.text().await.expect("reads the stream to its end");
        assert_eq!(status, StatusCode::OK, "{} answered {status}: {text}", body["type"]);
        assert!(
            content_type.as_deref().is_some_and(|value| value.starts_with("text/event-stream")),
            "{} answers text/event-stream, got {content_type:?}",
            body["type"]
        );
        let events = parse_sse(&text);
        assert!(!events.is_empty(), "the stream has events");
        for event in &events {
            record_reply("stream", event);
        }
        events
    }

    /// `threads.create` with one text message; returns the thread id and the events.
    pub async fn create_thread(&self, text: &str) -> (String, Vec<Value>) {
        let events =
            self.chatkit_stream(&json!({"type": "threads.create", "params": {"input": user_input(text)}})).await;
        let thread_id = events[0]["thread"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("threads.create starts with thread.created: {:?}", events[0]))
            .to_owned();
        (thread_id, events)
    }

    /// `items.list` of a thread.
    pub async fn list_items(&self, thread_id: &str, params: Value) -> Value {
        let mut params = params;
        params["thread_id"] = json!(thread_id);
        self.chatkit_json(&json!({"type": "items.list", "params": params})).await
    }

    pub async fn get_thread(&self, thread_id: &str) -> Value {
        self.chatkit_json(&json!({"type": "threads.get_by_id", "params": {"thread_id": thread_id}})).await
    }

    pub async fn list_threads(&self, params: Value) -> Value {
        self.chatkit_json(&json!({"type": "threads.list", "params": params})).await
    }

    // ---- session ----

    pub async fn get_session_raw(&self) -> Response {
        self.get_raw("/api/auth/get-session").await
    }

    pub async fn sign_out_raw(&self) -> Response {
        self.send(self.request(Method::POST, "/api/auth/sign-out")).await
    }

    pub async fn sign_out(&self) {
        let body = json_body(self.sign_out_raw().await, StatusCode::OK).await;
        assert_eq!(body, json!({"success": true}));
    }
}
