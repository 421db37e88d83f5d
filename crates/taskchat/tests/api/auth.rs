//! Accounts and sessions: sign up, sign in, sign out, the current session, cookies and Bearer tokens, throttling;
//! and the whole journey of one user.

use reqwest::header::{AUTHORIZATION, COOKIE};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use sqlx::Row;
use taskchat::config::Config;

use crate::helpers::{
    SESSION_COOKIE, TestApp, assert_error, assert_throttled, event_types, ids, json_body, numbers, session_cookie,
    time, unique_email,
};

backend_tests!(
    a_user_signs_up_manages_tasks_chats_and_signs_out,
    signing_up_normalises_the_email_and_sets_an_http_only_session_cookie,
    sign_up_refuses_invalid_emails_short_passwords_and_empty_names,
    an_email_can_be_registered_only_once,
    a_wrong_password_and_an_unknown_email_get_the_same_answer,
    each_sign_in_opens_a_new_session_with_its_own_token,
    sign_in_is_throttled_after_five_failures_on_one_account,
    sign_in_is_throttled_per_address_across_accounts with few_attempts_per_address,
    the_session_cookie_authenticates_like_the_bearer_token,
    get_session_describes_the_session_or_answers_null,
    protected_endpoints_refuse_missing_garbage_and_revoked_credentials,
    an_expired_session_is_refused,
    tokens_and_passwords_are_never_stored_in_clear,
);

const PASSWORD: &str = "correct horse battery";

fn few_attempts_per_address(config: &mut Config) {
    config.sign_in_attempts_per_address = 3;
}

/// The answer to `get-session` without a valid session: `null` (Better Auth), or a 401.
async fn assert_no_session(response: Response) {
    let status = response.status();
    let text = response.text().await.expect("reads the body");
    match status {
        StatusCode::OK => assert_eq!(text.trim(), "null", "get-session without a valid session"),
        StatusCode::UNAUTHORIZED => {}
        other => panic!("get-session without a valid session answered {other}: {text}"),
    }
}

async fn a_user_signs_up_manages_tasks_chats_and_signs_out(app: TestApp) {
    let email = unique_email("journey");
    let signed_up = app.sign_up(&email, PASSWORD, "Jo").await;
    assert_eq!((signed_up.email.as_str(), signed_up.name.as_str()), (email.as_str(), "Jo"));
    let user = app.sign_in(&email, PASSWORD).await;
    assert_eq!(user.id, signed_up.id, "signing in finds the same user");
    assert_ne!(user.token, signed_up.token, "signing in opens a new session");

    // Tasks: create, list, read, update, delete.
    let milk = user
        .create_task(&json!({"title": "Buy milk", "notes": "2 litres", "priority": "high", "due": "2030-01-15",
                            "tags": ["home"]}))
        .await;
    assert_eq!(milk["number"], 1);
    assert_eq!(milk["title"], "Buy milk");
    assert_eq!(milk["notes"], "2 litres");
    assert_eq!(milk["priority"], "high");
    assert_eq!(milk["due"], "2030-01-15");
    assert_eq!(milk["tags"], json!(["home"]));
    assert_eq!(milk["done"], false);
    let call = user.create_task(&json!({"title": "Call mom"})).await;
    assert_eq!(call["number"], 2);
    assert_eq!(numbers(&user.list_tasks("").await), [1, 2]);
    assert_eq!(user.get_task(1).await, milk);
    let done = user.patch_task(1, &json!({"done": true})).await;
    assert_eq!(done["done"], true);
    assert!(!done["completed_at"].is_null());
    user.delete_task(2).await;
    assert_error(user.get_task_raw(2).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(numbers(&user.list_tasks("").await), [1]);

    // ChatKit: create a thread, find it, read it, delete it.
    let (thread_id, events) = user.create_thread("hello there").await;
    assert_eq!(event_types(&events)[..3], ["thread.created", "thread.item.done", "stream_options"]);
    assert!(ids(&user.list_threads(json!({})).await).contains(&thread_id), "threads.list shows the new thread");
    let thread = user.get_thread(&thread_id).await;
    assert_eq!(thread["id"], thread_id.as_str());
    let item_types: Vec<&str> =
        thread["items"]["data"].as_array().expect("items").iter().filter_map(|item| item["type"].as_str()).collect();
    assert_eq!(item_types, ["user_message", "assistant_message"], "the thread holds the message and the reply");
    assert_eq!(thread["items"]["data"][0]["content"][0]["text"], "hello there");
    let deleted = user.chatkit_json(&json!({"type": "threads.delete", "params": {"thread_id": thread_id}})).await;
    assert_eq!(deleted, json!({}));
    let gone = user.chatkit(&json!({"type": "threads.get_by_id", "params": {"thread_id": thread_id}})).await;
    assert_error(gone, StatusCode::NOT_FOUND, "not_found").await;
    assert!(!ids(&user.list_threads(json!({})).await).contains(&thread_id), "a deleted thread is not listed");

    // Sign out: that token is refused from now on; the data stays.
    user.sign_out().await;
    assert_error(user.get_raw("/api/tasks").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let refused = user.chatkit(&json!({"type": "threads.list", "params": {}})).await;
    assert_error(refused, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_no_session(user.get_session_raw().await).await;
    let again = app.sign_in(&email, PASSWORD).await;
    let tasks = again.list_tasks("").await;
    assert_eq!(numbers(&tasks), [1]);
    assert_eq!(tasks["data"][0]["done"], true);
}

async fn signing_up_normalises_the_email_and_sets_an_http_only_session_cookie(app: TestApp) {
    let email = unique_email("mixed");
    let shouted = format!("  {}  ", email.to_uppercase());
    let response = app.sign_up_raw(&json!({"email": shouted, "password": PASSWORD, "name": "Max"})).await;
    let (cookie_token, attributes) = session_cookie(response.headers()).expect("sign-up sets the session cookie");
    let body = json_body(response, StatusCode::OK).await;
    assert_eq!(body["token"], cookie_token.as_str(), "the cookie carries the body's token");
    assert_eq!(body["user"]["email"], email.as_str(), "the email is trimmed and lowercased");
    assert_eq!(body["user"]["name"], "Max");
    assert!(body["user"]["id"].as_str().is_some_and(|id| !id.is_empty()), "a user id in {body}");
    for expected in ["httponly", "samesite=lax", "path=/"] {
        assert!(attributes.iter().any(|a| a == expected), "{SESSION_COOKIE} has {expected}: {attributes:?}");
    }
    assert!(!attributes.iter().any(|a| a == "secure"), "no Secure flag when secure_cookies is off: {attributes:?}");

    // Any spelling of the address signs in to the same account.
    let user = app.sign_in(&format!(" {} ", email.to_uppercase()), PASSWORD).await;
    assert_eq!(user.id, body["user"]["id"].as_str().expect("id"));
    assert_eq!(user.email, email);
}

async fn sign_up_refuses_invalid_emails_short_passwords_and_empty_names(app: TestApp) {
    let refused = [
        json!({"email": "not-an-email", "password": PASSWORD, "name": "A"}),
        json!({"email": "", "password": PASSWORD, "name": "A"}),
        json!({"email": "two@@example.com", "password": PASSWORD, "name": "A"}),
        json!({"email": unique_email("short"), "password": "1234567", "name": "A"}),
        json!({"email": unique_email("short"), "password": "", "name": "A"}),
        json!({"email": unique_email("noname"), "password": PASSWORD, "name": ""}),
        json!({"email": unique_email("blank"), "password": PASSWORD, "name": "   "}),
        json!({"email": unique_email("missing"), "password": PASSWORD}),
    ];
    for body in &refused {
        let response = app.sign_up_raw(body).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "sign-up with {body}");
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request").await;
    }
    assert_eq!(app.rows_in("users").await, 0, "no user was created");
    assert_eq!(app.rows_in("sessions").await, 0, "no session either");

    // Exactly eight characters is enough.
    app.sign_up(&unique_email("eight"), "12345678", "Eight").await;
}

async fn an_email_can_be_registered_only_once(app: TestApp) {
    let email = unique_email("twice");
    let first = app.sign_up(&email, PASSWORD, "First").await;
    for spelling in [email.clone(), email.to_uppercase(), format!(" {email} ")] {
        let response = app.sign_up_raw(&json!({"email": spelling, "password": "another password", "name": "X"})).await;
        assert_error(response, StatusCode::CONFLICT, "conflict").await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = $1", &email).await, 1);
    // The first account is untouched: its password still works, the intruder's does not.
    assert_eq!(app.sign_in(&email, PASSWORD).await.id, first.id);
    assert_error(app.sign_in_raw(&email, "another password").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(app: TestApp) {
    let user = app.new_user("known").await;
    let wrong_password =
        assert_error(app.sign_in_raw(&user.email, "not the password").await, StatusCode::UNAUTHORIZED, "unauthorized")
            .await;
    let unknown = assert_error(
        app.sign_in_raw(&unique_email("nobody"), PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert_eq!(wrong_password, unknown, "the answers do not tell which accounts exist");
}

async fn each_sign_in_opens_a_new_session_with_its_own_token(app: TestApp) {
    let first = app.new_user("sessions").await;
    let second = app.sign_in(&first.email, PASSWORD).await;
    let third = app.sign_in(&first.email, PASSWORD).await;
    assert_ne!(first.token, second.token);
    assert_ne!(second.token, third.token);
    assert_ne!(first.token, third.token);
    for user in [&first, &second, &third] {
        json_body(user.get_raw("/api/tasks").await, StatusCode::OK).await;
    }
    // Signing out of one session leaves the others open.
    second.sign_out().await;
    assert_error(second.get_raw("/api/tasks").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    json_body(first.get_raw("/api/tasks").await, StatusCode::OK).await;
    json_body(third.get_raw("/api/tasks").await, StatusCode::OK).await;
}

async fn sign_in_is_throttled_after_five_failures_on_one_account(app: TestApp) {
    let user = app.new_user("throttled").await;
    let bystander = app.new_user("bystander").await;
    for attempt in 1..=5 {
        let response = app.sign_in_raw(&user.email, &format!("wrong password {attempt}")).await;
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    // Even the right password is refused until the window passes.
    assert_throttled(app.sign_in_raw(&user.email, &user.password).await).await;
    assert_throttled(app.sign_in_raw(&user.email, "wrong again").await).await;
    // Sessions already open keep working, and other accounts are not locked out.
    json_body(user.get_raw("/api/tasks").await, StatusCode::OK).await;
    app.sign_in(&bystander.email, PASSWORD).await;
}

async fn sign_in_is_throttled_per_address_across_accounts(app: TestApp) {
    let user = app.new_user("victim").await;
    for _ in 0..3 {
        let response = app.sign_in_raw(&unique_email("guess"), "guessing").await;
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    // The fourth attempt from this address within the minute is refused, whoever it is for.
    assert_throttled(app.sign_in_raw(&user.email, &user.password).await).await;
}

async fn the_session_cookie_authenticates_like_the_bearer_token(app: TestApp) {
    let user = app.new_user("cookie").await;
    let with_cookie = |method: Method, path: &str| {
        app.request(method, path).header(COOKIE, format!("{SESSION_COOKIE}={}", user.token))
    };
    let task = with_cookie(Method::POST, "/api/tasks").json(&json!({"title": "From a cookie"})).send().await;
    assert_eq!(json_body(task.expect("sent"), StatusCode::CREATED).await["number"], 1);
    let session = with_cookie(Method::GET, "/api/auth/get-session").send().await.expect("sent");
    assert_eq!(json_body(session, StatusCode::OK).await["user"]["id"], user.id.as_str());

    // A client that keeps cookies, as a browser does, stays signed in until it signs out.
    let browser = reqwest::Client::builder().cookie_store(true).build().expect("a cookie-keeping client");
    let url = |path: &str| format!("{}{path}", app.address);
    let signed_in = browser
        .post(url("/api/auth/sign-in/email"))
        .json(&json!({"email": user.email, "password": PASSWORD}))
        .send()
        .await
        .expect("sent");
    json_body(signed_in, StatusCode::OK).await;
    let listed = browser.get(url("/api/tasks")).send().await.expect("sent");
    assert_eq!(numbers(&json_body(listed, StatusCode::OK).await), [1]);
    let session = browser.get(url("/api/auth/get-session")).send().await.expect("sent");
    assert_eq!(json_body(session, StatusCode::OK).await["user"]["email"], user.email.as_str());
    let signed_out = browser.post(url("/api/auth/sign-out")).send().await.expect("sent");
    assert_eq!(json_body(signed_out, StatusCode::OK).await, json!({"success": true}));
    let refused = browser.get(url("/api/tasks")).send().await.expect("sent");
    assert_error(refused, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // The Bearer session is a different one and still open.
    json_body(user.get_raw("/api/tasks").await, StatusCode::OK).await;
}

async fn get_session_describes_the_session_or_answers_null(app: TestApp) {
    let user = app.new_user("whoami").await;
    let body = json_body(user.get_session_raw().await, StatusCode::OK).await;
    assert_eq!(body["user"]["id"], user.id.as_str());
    assert_eq!(body["user"]["email"], user.email.as_str());
    assert_eq!(body["user"]["name"], user.name.as_str());
    let expires_at = time(&body["session"]["expires_at"]).with_timezone(&chrono::Utc);
    let now = chrono::Utc::now();
    assert!(
        expires_at > now + chrono::Duration::hours(719) && expires_at < now + chrono::Duration::hours(721),
        "a session lasts 720 hours by default; it expires at {expires_at}"
    );

    let anonymous = app.get("/api/auth/get-session").await;
    let text = anonymous.text().await.expect("reads the body");
    assert_eq!(text.trim(), "null", "get-session without credentials answers null");
    let garbage = app.request(Method::GET, "/api/auth/get-session").header(AUTHORIZATION, "Bearer nonsense");
    assert_no_session(garbage.send().await.expect("sent")).await;
}

async fn protected_endpoints_refuse_missing_garbage_and_revoked_credentials(app: TestApp) {
    let owner = app.new_user("owner").await;
    owner.create_task(&json!({"title": "Mine"})).await;
    let revoked = app.sign_in(&owner.email, PASSWORD).await;
    revoked.sign_out().await;
    let before = app.task_rows(&owner.id).await;

    let endpoints: Vec<(Method, &str, Option<Value>)> = vec![
        (Method::GET, "/api/tasks", None),
        (Method::POST, "/api/tasks", Some(json!({"title": "sneaky"}))),
        (Method::GET, "/api/tasks/1", None),
        (Method::PATCH, "/api/tasks/1", Some(json!({"title": "sneaky"}))),
        (Method::DELETE, "/api/tasks/1", None),
        (Method::POST, "/chatkit", Some(json!({"type": "threads.list", "params": {}}))),
        (
            Method::POST,
            "/chatkit",
            Some(json!({"type": "threads.create", "params": {"input": crate::helpers::user_input("sneaky")}})),
        ),
    ];
    let credentials: Vec<(&str, Option<(&str, String)>)> = vec![
        ("no credentials", None),
        ("a garbage Bearer token", Some(("authorization", "Bearer nonsense".to_owned()))),
        ("an empty Bearer token", Some(("authorization", "Bearer ".to_owned()))),
        ("a token in another scheme", Some(("authorization", format!("Basic {}", owner.token)))),
        ("a garbage cookie", Some(("cookie", format!("{SESSION_COOKIE}=nonsense")))),
        ("a revoked Bearer token", Some(("authorization", revoked.bearer()))),
        ("a revoked cookie", Some(("cookie", format!("{SESSION_COOKIE}={}", revoked.token)))),
    ];
    for (method, path, body) in &endpoints {
        for (what, header) in &credentials {
            let mut request = app.request(method.clone(), path);
            if let Some((name, value)) = header {
                request = request.header(*name, value);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await.expect("sent");
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {path} with {what}");
            assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
        }
    }
    assert_eq!(app.task_rows(&owner.id).await, before, "nothing changed");
    assert_eq!(app.count("SELECT COUNT(*) FROM tasks WHERE title = $1", "sneaky").await, 0);
    assert_eq!(app.rows_in("threads").await, 0);
}

async fn an_expired_session_is_refused(app: TestApp) {
    let user = app.new_user("expired").await;
    json_body(user.get_raw("/api/tasks").await, StatusCode::OK).await;
    let an_hour_ago = chrono::Utc::now().timestamp_micros() - 3_600_000_000;
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE user_id = $2")
        .bind(an_hour_ago)
        .bind(user.id.as_str())
        .execute(app.db().await)
        .await
        .expect("the session is expired by hand");
    assert_error(user.get_raw("/api/tasks").await, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let refused = user.chatkit(&json!({"type": "threads.list", "params": {}})).await;
    assert_error(refused, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_no_session(user.get_session_raw().await).await;
}

async fn tokens_and_passwords_are_never_stored_in_clear(app: TestApp) {
    let user = app.new_user("secret").await;
    let second = app.sign_in(&user.email, PASSWORD).await;
    for token in [&user.token, &second.token] {
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions WHERE token_hash = $1", token).await, 0);
    }
    let open = "SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND revoked_at IS NULL";
    assert_eq!(app.count(open, &user.id).await, 2, "one session per sign-up or sign-in");
    let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id.as_str())
        .fetch_one(app.db().await)
        .await
        .expect("the user row");
    let hash: String = row.try_get(0).expect("a password hash");
    assert!(hash.starts_with("$argon2id$"), "passwords are hashed with argon2id, got {hash:?}");
    assert!(!hash.contains(PASSWORD));
    second.sign_out().await;
    assert_eq!(app.count(open, &user.id).await, 1, "signing out closes that session only");
}
