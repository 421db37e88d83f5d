//! The tasks REST API: creating, reading, changing and deleting tasks, their numbers, validation that leaves
//! nothing half-written, and list filters.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_client_error, assert_error, encode_query, numbers, time};

backend_tests!(
    a_new_task_is_trimmed_numbered_and_filled_with_defaults,
    titles_lose_control_characters_and_must_be_1_to_500_characters,
    tags_are_trimmed_lowercased_stripped_of_hash_and_deduplicated,
    patching_changes_only_the_given_fields_and_null_clears,
    completing_a_task_sets_completed_at_and_reopening_clears_it,
    task_numbers_start_at_one_per_user_and_are_never_reused,
    rejected_changes_leave_the_stored_tasks_as_they_were,
    unknown_or_malformed_task_numbers_are_not_found,
    tasks_are_filtered_by_status_priority_tag_text_and_due_dates,
);

async fn a_new_task_is_trimmed_numbered_and_filled_with_defaults(app: TestApp) {
    let user = app.new_user("defaults").await;
    let before = chrono::Utc::now();
    let task = user.create_task(&json!({"title": "   Water the plants  "})).await;
    let after = chrono::Utc::now();
    assert_eq!(task["number"], 1);
    assert_eq!(task["title"], "Water the plants");
    assert_eq!(task["notes"], "");
    assert_eq!(task["done"], false);
    assert_eq!(task["priority"], Value::Null);
    assert_eq!(task["due"], Value::Null);
    assert_eq!(task["tags"], json!([]));
    assert_eq!(task["completed_at"], Value::Null);
    let created_at = time(&task["created_at"]);
    assert!(created_at >= before - chrono::Duration::seconds(1) && created_at <= after, "created now: {created_at}");
    assert!(time(&task["updated_at"]) >= created_at);
    assert_eq!(user.get_task(1).await, task, "what was created is what is read");

    let full = user
        .create_task(&json!({"title": "Plan trip", "notes": "Book hotel\nand train", "priority": "medium",
                            "due": "2024-02-29", "tags": ["travel"]}))
        .await;
    assert_eq!(full["number"], 2);
    assert_eq!(full["notes"], "Book hotel\nand train");
    assert_eq!(full["priority"], "medium");
    assert_eq!(full["due"], "2024-02-29");
    assert_eq!(full["tags"], json!(["travel"]));
    let explicit_nulls = user.create_task(&json!({"title": "Nulls", "priority": null, "due": null})).await;
    assert_eq!((&explicit_nulls["priority"], &explicit_nulls["due"]), (&Value::Null, &Value::Null));
}

async fn titles_lose_control_characters_and_must_be_1_to_500_characters(app: TestApp) {
    let user = app.new_user("titles").await;
    let cleaned = user.create_task(&json!({"title": "Call\u{7} mom\u{1b}"})).await;
    assert_eq!(cleaned["title"], "Call mom");
    let nul = user.create_task(&json!({"title": "Pay\u{0} rent\u{7f}"})).await;
    assert_eq!(nul["title"], "Pay rent", "NUL and DEL are control characters too");
    let longest = "é".repeat(500);
    assert_eq!(user.create_task(&json!({"title": longest})).await["title"], longest.as_str(), "500 characters fit");
    let padded = format!("  {}  ", "x".repeat(500));
    assert_eq!(user.create_task(&json!({"title": padded})).await["title"], "x".repeat(500), "spaces are trimmed first");
    for title in [String::new(), "    ".to_owned(), "\u{7}\u{1b}".to_owned(), "é".repeat(501), "x".repeat(600)] {
        let response = user.create_task_raw(&json!({"title": title})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "title of {} chars", title.chars().count());
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request").await;
    }
    assert_eq!(app.task_rows(&user.id).await.len(), 4, "only the valid titles were stored");
}

async fn tags_are_trimmed_lowercased_stripped_of_hash_and_deduplicated(app: TestApp) {
    let user = app.new_user("tags").await;
    let task = user.create_task(&json!({"title": "Tagged", "tags": [" #Home ", "home", "URGENT", "#urgent"]})).await;
    assert_eq!(task["tags"], json!(["home", "urgent"]));
    let patched = user.patch_task(1, &json!({"tags": ["#Work", " work", "Q3"]})).await;
    assert_eq!(patched["tags"], json!(["work", "q3"]));
    let cleared = user.patch_task(1, &json!({"tags": []})).await;
    assert_eq!(cleared["tags"], json!([]));
}

async fn patching_changes_only_the_given_fields_and_null_clears(app: TestApp) {
    let user = app.new_user("patch").await;
    let original = user
        .create_task(&json!({"title": "Renew passport", "notes": "photos", "priority": "high", "due": "2030-05-01",
                            "tags": ["admin"]}))
        .await;
    tokio::time::sleep(Duration::from_millis(20)).await;

    let notes = user.patch_task(1, &json!({"notes": "photos and form"})).await;
    assert_eq!(notes["notes"], "photos and form");
    for unchanged in ["number", "title", "priority", "due", "tags", "done", "created_at", "completed_at"] {
        assert_eq!(notes[unchanged], original[unchanged], "{unchanged} is unchanged by a notes patch");
    }
    assert!(time(&notes["updated_at"]) > time(&original["updated_at"]), "updated_at advances");

    let no_priority = user.patch_task(1, &json!({"priority": null})).await;
    assert_eq!(no_priority["priority"], Value::Null);
    assert_eq!(no_priority["due"], "2030-05-01", "clearing the priority leaves the due date");
    let no_due = user.patch_task(1, &json!({"due": null})).await;
    assert_eq!(no_due["due"], Value::Null);
    assert_eq!(no_due["notes"], "photos and form");

    let several = user
        .patch_task(
            1,
            &json!({"title": "  Renew passport now ", "priority": "low", "due": "2031-02-03",
                               "tags": ["Admin", "#travel"]}),
        )
        .await;
    assert_eq!(several["title"], "Renew passport now");
    assert_eq!(several["priority"], "low");
    assert_eq!(several["due"], "2031-02-03");
    assert_eq!(several["tags"], json!(["admin", "travel"]));
    assert_eq!(several["created_at"], original["created_at"], "created_at never changes");
    assert_eq!(user.get_task(1).await, several, "what PATCH answers is what is stored");
}

async fn completing_a_task_sets_completed_at_and_reopening_clears_it(app: TestApp) {
    let user = app.new_user("complete").await;
    user.create_task(&json!({"title": "Mow the lawn"})).await;
    let before = chrono::Utc::now();
    let done = user.patch_task(1, &json!({"done": true})).await;
    let after = chrono::Utc::now();
    assert_eq!(done["done"], true);
    let completed_at = time(&done["completed_at"]);
    assert!(completed_at >= before - chrono::Duration::seconds(1) && completed_at <= after, "{completed_at}");
    assert_eq!(user.get_task(1).await["done"], true);
    assert_eq!(numbers(&user.list_tasks("status=done").await), [1]);

    let reopened = user.patch_task(1, &json!({"done": false})).await;
    assert_eq!(reopened["done"], false);
    assert_eq!(reopened["completed_at"], Value::Null);
    assert_eq!(numbers(&user.list_tasks("status=pending").await), [1]);
    assert!(numbers(&user.list_tasks("status=done").await).is_empty());
}

async fn task_numbers_start_at_one_per_user_and_are_never_reused(app: TestApp) {
    let user = app.new_user("numbers").await;
    for expected in 1..=3 {
        assert_eq!(user.create_task(&json!({"title": format!("Task {expected}")})).await["number"], expected);
    }
    user.delete_task(3).await;
    assert_eq!(user.create_task(&json!({"title": "After deleting the last"})).await["number"], 4);
    user.delete_task(1).await;
    assert_eq!(user.create_task(&json!({"title": "After deleting the first"})).await["number"], 5);
    for number in [2, 4, 5] {
        user.delete_task(number).await;
    }
    assert!(numbers(&user.list_tasks("").await).is_empty());
    assert_eq!(user.create_task(&json!({"title": "After deleting them all"})).await["number"], 6);
    for deleted in [1, 2, 3, 4, 5] {
        assert_error(user.get_task_raw(deleted).await, StatusCode::NOT_FOUND, "not_found").await;
    }

    let other = app.new_user("other").await;
    assert_eq!(other.create_task(&json!({"title": "Someone else's first"})).await["number"], 1);
    assert_eq!(user.create_task(&json!({"title": "Still counting"})).await["number"], 7);
}

async fn rejected_changes_leave_the_stored_tasks_as_they_were(app: TestApp) {
    let user = app.new_user("atomic").await;
    let kept = user
        .create_task(&json!({"title": "Keep me", "notes": "original", "priority": "low", "due": "2030-06-01",
                            "tags": ["keep"]}))
        .await;
    let before = app.task_rows(&user.id).await;
    assert_eq!(before.len(), 1);

    let bad_posts = [
        json!({}),
        json!({"title": ""}),
        json!({"title": "   "}),
        json!({"title": "x".repeat(501)}),
        json!({"title": 42}),
        json!({"title": "ok", "notes": 5}),
        json!({"title": "ok", "due": "2025-13-40"}),
        json!({"title": "ok", "due": "tomorrow"}),
        json!({"title": "ok", "due": "2025-02-29"}),
        json!({"title": "ok", "priority": "urgent"}),
        json!({"title": "ok", "priority": 3}),
        json!({"title": "ok", "tags": "home"}),
        json!({"title": "ok", "tags": [1, 2]}),
        json!({"title": "ok", "colour": "red"}),
    ];
    for body in &bad_posts {
        let response = user.create_task_raw(body).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "POST {body}");
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request").await;
        assert_eq!(app.task_rows(&user.id).await, before, "POST {body} wrote nothing");
    }

    let bad_patches = [
        json!({"title": ""}),
        json!({"title": "x".repeat(501)}),
        json!({"title": "A valid new title", "due": "2025-13-40"}),
        json!({"notes": "changed notes", "priority": "urgent"}),
        json!({"done": true, "tags": "not-a-list"}),
        json!({"title": "Changed", "colour": "red"}),
        json!({"due": "tomorrow"}),
        json!({"done": "yes"}),
        json!({"number": 7}),
        json!({"title": null}),
    ];
    for body in &bad_patches {
        let response = user.patch_task_raw(1, body).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "PATCH {body}");
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request").await;
        assert_eq!(app.task_rows(&user.id).await, before, "PATCH {body} changed nothing");
    }
    assert_eq!(user.get_task(1).await, kept);
    // Refused requests used up no number.
    assert_eq!(user.create_task(&json!({"title": "Next"})).await["number"], 2);
}

async fn unknown_or_malformed_task_numbers_are_not_found(app: TestApp) {
    let user = app.new_user("missing").await;
    user.create_task(&json!({"title": "The only one"})).await;
    assert_error(user.get_task_raw(2).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(user.patch_task_raw(2, &json!({"title": "x"})).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(user.delete_task_raw(2).await, StatusCode::NOT_FOUND, "not_found").await;
    user.delete_task(1).await;
    assert_error(user.delete_task_raw(1).await, StatusCode::NOT_FOUND, "not_found").await;

    for number in ["0", "-1", "abc", "1.5", "99999999999999999999999"] {
        for response in [
            user.get_task_raw(number).await,
            user.patch_task_raw(number, &json!({"title": "x"})).await,
            user.delete_task_raw(number).await,
        ] {
            let (status, _) = assert_client_error(response).await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::UNPROCESSABLE_ENTITY,
                "/api/tasks/{number} answered {status}"
            );
        }
    }
}

async fn tasks_are_filtered_by_status_priority_tag_text_and_due_dates(app: TestApp) {
    let user = app.new_user("filters").await;
    let fixtures = [
        json!({"title": "Buy milk", "priority": "high", "due": "2025-03-01", "tags": ["home"]}),
        json!({"title": "Write report", "notes": "Quarterly MILK numbers", "priority": "low", "due": "2025-03-10",
               "tags": ["work"]}),
        json!({"title": "Call plumber", "tags": ["home", "urgent"]}),
        json!({"title": "Pay taxes", "priority": "high", "due": "2025-04-15", "tags": ["finance", "urgent"]}),
        json!({"title": "Read book", "priority": "medium", "due": "2025-03-10"}),
        json!({"title": "Save 50% on shoes"}),
    ];
    for fixture in &fixtures {
        user.create_task(fixture).await;
    }
    user.patch_task(3, &json!({"done": true})).await;
    user.patch_task(4, &json!({"done": true})).await;

    let q = |text: &str| format!("q={}", encode_query(text));
    let cases: Vec<(String, Vec<i64>)> = vec![
        (String::new(), vec![1, 2, 3, 4, 5, 6]),
        ("status=all".into(), vec![1, 2, 3, 4, 5, 6]),
        ("status=pending".into(), vec![1, 2, 5, 6]),
        ("status=done".into(), vec![3, 4]),
        ("priority=high".into(), vec![1, 4]),
        ("priority=medium".into(), vec![5]),
        ("priority=low".into(), vec![2]),
        ("tag=urgent".into(), vec![3, 4]),
        ("tag=home".into(), vec![1, 3]),
        ("tag=nothing".into(), vec![]),
        (q("milk"), vec![1, 2]),
        (q("MILK"), vec![1, 2]),
        (q("plumb"), vec![3]),
        (q("%"), vec![6]),
        (q("50%"), vec![6]),
        (q("_"), vec![]),
        (q("no such words"), vec![]),
        ("due_before=2025-03-10".into(), vec![1, 2, 5]),
        ("due_after=2025-03-10".into(), vec![2, 4, 5]),
        ("due_after=2025-03-02&due_before=2025-03-31".into(), vec![2, 5]),
        ("due_before=2025-02-28".into(), vec![]),
        ("status=pending&tag=home".into(), vec![1]),
        ("status=done&priority=high".into(), vec![4]),
        ("priority=high&due_before=2025-03-31".into(), vec![1]),
        (format!("{}&priority=low", q("milk")), vec![2]),
        ("status=pending&due_after=2025-03-01&tag=work".into(), vec![2]),
    ];
    for (query, expected) in cases {
        let page = user.list_tasks(&query).await;
        assert_eq!(numbers(&page), expected, "GET /api/tasks?{query}");
        assert_eq!(page["has_more"], false, "GET /api/tasks?{query}");
    }
}
