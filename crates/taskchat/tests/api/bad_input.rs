//! Bad input gets a clear 4xx with the one error shape, and writes nothing: malformed JSON, wrong types, unknown
//! fields, overlong titles, bad dates, oversized bodies, bad list parameters, unknown ChatKit operations.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestUser, assert_client_error, assert_error};

backend_tests!(
    malformed_json_is_a_bad_request,
    values_of_the_wrong_type_are_unprocessable,
    unknown_fields_are_unprocessable,
    titles_over_500_characters_are_unprocessable,
    impossible_or_vague_dates_are_unprocessable,
    bodies_over_one_mebibyte_are_too_large,
    list_parameters_out_of_range_are_unprocessable,
    unknown_chatkit_operations_and_missing_params_are_refused,
);

const PASSWORD: &str = "correct horse battery";

/// Sends `body` as JSON with `method` to `path` and expects `status` with `code`.
async fn expect_refused(user: &TestUser, method: Method, path: &str, body: &Value, status: StatusCode, code: &str) {
    let response = user.request(method.clone(), path).json(body).send().await.expect("sent");
    assert_eq!(response.status(), status, "{method} {path} with {body}");
    assert_error(response, status, code).await;
}

async fn malformed_json_is_a_bad_request(app: TestApp) {
    let user = app.new_user("malformed").await;
    user.create_task(&json!({"title": "Existing"})).await;
    let before = app.task_rows(&user.id).await;
    // Broken before any field is read, so that every endpoint sees a syntax error first.
    let everywhere: [&[u8]; 6] = [b"{\"", b"{", b"not json", b"{'title': 'x'}", b"", b"{\"\xff\": 1}"];
    let sign_up = json!({"email": "m@example.com", "password": PASSWORD, "name": "M"}).to_string();
    let sign_in = json!({"email": user.email, "password": PASSWORD}).to_string();
    let cases: [(Method, &str, String); 5] = [
        (Method::POST, "/api/tasks", r#"{"title": "x"}"#.to_owned()),
        (Method::PATCH, "/api/tasks/1", r#"{"title": "x"}"#.to_owned()),
        (Method::POST, "/chatkit", r#"{"type": "threads.list", "params": {}}"#.to_owned()),
        (Method::POST, "/api/auth/sign-up/email", sign_up),
        (Method::POST, "/api/auth/sign-in/email", sign_in),
    ];
    for (method, path, valid) in &cases {
        // A valid body followed by garbage is malformed too.
        let trailing = format!("{valid} trailing").into_bytes();
        for body in everywhere.iter().map(|body| body.to_vec()).chain([trailing]) {
            let shown = String::from_utf8_lossy(&body).into_owned();
            let response = if path.starts_with("/api/auth") {
                app.post_raw(path, body).await
            } else {
                user.send_raw(method.clone(), path, body).await
            };
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{method} {path} with {shown:?}");
            assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
        }
    }
    assert_eq!(app.task_rows(&user.id).await, before, "nothing was written");
    assert_eq!(app.rows_in("threads").await, 0);
    assert_eq!(app.rows_in("users").await, 1);
}

async fn values_of_the_wrong_type_are_unprocessable(app: TestApp) {
    let user = app.new_user("types").await;
    user.create_task(&json!({"title": "Existing"})).await;
    let before = app.task_rows(&user.id).await;
    let unprocessable = (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    for body in [
        json!({"title": 42}),
        json!({"title": ["a list"]}),
        json!({"title": "x", "tags": "home"}),
        json!({"title": "x", "tags": [true]}),
        json!({"title": "x", "priority": true}),
        json!({"title": "x", "due": 20_250_101}),
        json!({"title": "x", "notes": {"nested": true}}),
        json!([]),
        json!("just a string"),
    ] {
        expect_refused(&user, Method::POST, "/api/tasks", &body, unprocessable.0, unprocessable.1).await;
    }
    for body in [json!({"done": "yes"}), json!({"done": 1}), json!({"tags": {"a": 1}}), json!({"priority": 2})] {
        expect_refused(&user, Method::PATCH, "/api/tasks/1", &body, unprocessable.0, unprocessable.1).await;
    }
    for body in [
        json!({"type": "threads.get_by_id", "params": {"thread_id": 5}}),
        json!({"type": 5, "params": {}}),
        json!({"type": "threads.list", "params": {"limit": "ten"}}),
        json!({"type": "threads.create", "params": {"input": "hello"}}),
    ] {
        expect_refused(&user, Method::POST, "/chatkit", &body, unprocessable.0, unprocessable.1).await;
    }
    for body in [
        json!({"email": 1, "password": PASSWORD, "name": "x"}),
        json!({"email": "typed@example.com", "password": 12_345_678, "name": "x"}),
    ] {
        let response = app.sign_up_raw(&body).await;
        assert_error(response, unprocessable.0, unprocessable.1).await;
    }
    let sign_in = app.post_json("/api/auth/sign-in/email", &json!({"email": user.email, "password": 12_345_678})).await;
    assert_error(sign_in, unprocessable.0, unprocessable.1).await;

    assert_eq!(app.task_rows(&user.id).await, before, "nothing was written");
    assert_eq!(app.rows_in("threads").await, 0);
    assert_eq!(app.rows_in("users").await, 1);
}

async fn unknown_fields_are_unprocessable(app: TestApp) {
    let user = app.new_user("unknown").await;
    user.create_task(&json!({"title": "Existing"})).await;
    let before = app.task_rows(&user.id).await;
    for body in [
        json!({"title": "x", "colour": "red"}),
        json!({"title": "x", "Title": "y"}),
        json!({"title": "x", "user_id": "someone-else"}),
    ] {
        expect_refused(&user, Method::POST, "/api/tasks", &body, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request")
            .await;
    }
    for body in [json!({"colour": "red"}), json!({"title": "y", "created_at": "2020-01-01T00:00:00Z"})] {
        expect_refused(
            &user,
            Method::PATCH,
            "/api/tasks/1",
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
        )
        .await;
    }
    assert_eq!(app.task_rows(&user.id).await, before, "nothing was written");
}

async fn titles_over_500_characters_are_unprocessable(app: TestApp) {
    let user = app.new_user("long").await;
    user.create_task(&json!({"title": "Short"})).await;
    let before = app.task_rows(&user.id).await;
    let long = "a".repeat(600);
    let code = (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    expect_refused(&user, Method::POST, "/api/tasks", &json!({"title": long}), code.0, code.1).await;
    expect_refused(&user, Method::PATCH, "/api/tasks/1", &json!({"title": long}), code.0, code.1).await;
    assert_eq!(app.task_rows(&user.id).await, before, "nothing was written");
}

async fn impossible_or_vague_dates_are_unprocessable(app: TestApp) {
    let user = app.new_user("dates").await;
    user.create_task(&json!({"title": "Dated", "due": "2030-01-01"})).await;
    let before = app.task_rows(&user.id).await;
    let code = (StatusCode::UNPROCESSABLE_ENTITY, "invalid_request");
    for due in ["2025-13-40", "tomorrow", "2025-02-29", "2025-00-10", "01/05/2025", "2025-01-01T00:00:00Z", "2025"] {
        expect_refused(&user, Method::POST, "/api/tasks", &json!({"title": "x", "due": due}), code.0, code.1).await;
        expect_refused(&user, Method::PATCH, "/api/tasks/1", &json!({"due": due}), code.0, code.1).await;
        for filter in ["due_before", "due_after"] {
            let response = user.list_tasks_raw(&format!("{filter}={due}")).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{filter}={due}");
            assert_error(response, code.0, code.1).await;
        }
    }
    assert_eq!(app.task_rows(&user.id).await, before, "nothing was written");
}

async fn bodies_over_one_mebibyte_are_too_large(app: TestApp) {
    let user = app.new_user("large").await;
    user.create_task(&json!({"title": "Small"})).await;
    let before = app.task_rows(&user.id).await;
    let two_megabytes = "a".repeat(2 * 1024 * 1024);
    let too_large = (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");

    let task = json!({"title": "Huge", "notes": two_megabytes});
    expect_refused(&user, Method::POST, "/api/tasks", &task, too_large.0, too_large.1).await;
    expect_refused(&user, Method::PATCH, "/api/tasks/1", &json!({"notes": two_megabytes}), too_large.0, too_large.1)
        .await;
    let chat = json!({"type": "threads.create", "params": {"input": crate::helpers::user_input(&two_megabytes)}});
    expect_refused(&user, Method::POST, "/chatkit", &chat, too_large.0, too_large.1).await;
    let sign_up = json!({"email": "big@example.com", "password": two_megabytes, "name": "Big"});
    assert_error(app.sign_up_raw(&sign_up).await, too_large.0, too_large.1).await;

    assert_eq!(app.task_rows(&user.id).await, before, "nothing was written");
    assert_eq!(app.rows_in("threads").await, 0);
    assert_eq!(app.rows_in("users").await, 1);
    // The server is still serving.
    assert_eq!(user.create_task(&json!({"title": "After"})).await["number"], 2);
}

async fn list_parameters_out_of_range_are_unprocessable(app: TestApp) {
    let user = app.new_user("params").await;
    user.create_task(&json!({"title": "One"})).await;
    for query in [
        "limit=0",
        "limit=201",
        "limit=-1",
        "limit=abc",
        "limit=99999999999999999999",
        "status=finished",
        "priority=urgent",
    ] {
        let response = user.list_tasks_raw(query).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "GET /api/tasks?{query}");
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request").await;
    }
    for query in ["limit=1", "limit=200", "status=all", "priority=low"] {
        user.list_tasks(query).await;
    }
    for cursor in ["garbage", "%00", "1.5"] {
        assert_client_error(user.list_tasks_raw(&format!("after={cursor}")).await).await;
    }
}

async fn unknown_chatkit_operations_and_missing_params_are_refused(app: TestApp) {
    let user = app.new_user("ops").await;
    for body in [
        json!({"type": "threads.explode", "params": {}}),
        json!({"type": "threads.list"}),
        json!({"params": {}}),
        json!({"type": "threads.get_by_id", "params": {}}),
        json!({"type": "items.feedback", "params": {"thread_id": "thr_x", "item_ids": [], "kind": "positive"}}),
        json!([]),
        json!(null),
    ] {
        let (status, _) = assert_client_error(user.chatkit(&body).await).await;
        assert!(
            status == StatusCode::BAD_REQUEST
                || status == StatusCode::UNPROCESSABLE_ENTITY
                || status == StatusCode::NOT_FOUND,
            "{body} answered {status}"
        );
    }
    let unknown = user.chatkit(&json!({"type": "threads.explode", "params": {}})).await;
    assert_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request").await;
    assert_eq!(app.rows_in("threads").await, 0);
}
