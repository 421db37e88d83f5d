//! Cursor pagination: tasks, threads and thread items are walked page by page, each record once, in order; a
//! thread of 100 000 items answers its last page as its first (timings printed, never asserted: see
//! BENCHMARKS.md).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, TestUser, ids, numbers, spawn_app};

backend_tests!(
    walking_the_task_cursor_visits_every_task_once_in_order,
    the_task_cursor_survives_changes_between_pages,
    walking_threads_and_items_in_both_orders_visits_each_once,
);

async fn walking_the_task_cursor_visits_every_task_once_in_order(app: TestApp) {
    let user = app.new_user("walker").await;
    for n in 1..=120 {
        let tags = if n % 2 == 0 { json!(["even"]) } else { json!([]) };
        user.create_task(&json!({"title": format!("Task {n}"), "tags": tags})).await;
    }
    let all: Vec<i64> = (1..=120).collect();

    let (tasks, sizes) = user.walk_tasks("", 50).await;
    assert_eq!(sizes, [50, 50, 20]);
    assert_eq!(numbers(&Value::Array(tasks)), all);

    let (tasks, sizes) = user.walk_tasks("", 40).await;
    assert_eq!(sizes, [40, 40, 40], "a full last page says has_more: false");
    assert_eq!(numbers(&Value::Array(tasks)), all);

    let (tasks, sizes) = user.walk_tasks("", 200).await;
    assert_eq!(sizes, [120]);
    assert_eq!(numbers(&Value::Array(tasks)), all);

    let (tasks, sizes) = user.walk_tasks("tag=even", 25).await;
    assert_eq!(sizes, [25, 25, 10]);
    assert_eq!(numbers(&Value::Array(tasks)), (1..=60).map(|n| n * 2).collect::<Vec<i64>>());

    let first_page = user.list_tasks("").await;
    assert_eq!(numbers(&first_page), (1..=50).collect::<Vec<i64>>(), "the default page holds 50");
    assert_eq!(first_page["has_more"], true);
}

async fn the_task_cursor_survives_changes_between_pages(app: TestApp) {
    let user = app.new_user("changes").await;
    for n in 1..=10 {
        user.create_task(&json!({"title": format!("Task {n}")})).await;
    }
    let first = user.list_tasks("limit=4").await;
    assert_eq!(numbers(&first), [1, 2, 3, 4]);
    let cursor = first["after"].as_str().expect("a cursor").to_owned();
    // Tasks before and after the cursor change; the next page continues where the first ended.
    user.delete_task(2).await;
    user.delete_task(5).await;
    user.create_task(&json!({"title": "Task 11"})).await;
    let q = |cursor: &str| format!("limit=4&after={}", crate::helpers::encode_query(cursor));
    let second = user.list_tasks(&q(&cursor)).await;
    assert_eq!(numbers(&second), [6, 7, 8, 9]);
    let third = user.list_tasks(&q(second["after"].as_str().expect("a cursor"))).await;
    assert_eq!(numbers(&third), [10, 11]);
    assert_eq!(third["has_more"], false);
}

/// Walks `items.list` of a thread in `order` with pages of `limit`; returns the ids and the page sizes.
async fn walk_items(user: &TestUser, thread_id: &str, order: &str, limit: u32) -> (Vec<String>, Vec<usize>) {
    let mut walked = Vec::new();
    let mut sizes = Vec::new();
    let mut params = json!({"order": order, "limit": limit});
    loop {
        let page = user.list_items(thread_id, params.clone()).await;
        let page_ids = ids(&page);
        sizes.push(page_ids.len());
        walked.extend(page_ids);
        if page["has_more"] != true {
            return (walked, sizes);
        }
        params["after"] = page["after"].clone();
        assert!(sizes.len() < 100, "the walk does not end");
    }
}

async fn walking_threads_and_items_in_both_orders_visits_each_once(app: TestApp) {
    let user = app.new_user("threads").await;
    let (thread_id, _) = user.create_thread("first").await;
    let mut expected = ids(&user.list_items(&thread_id, json!({"order": "asc"})).await);
    assert_eq!(expected.len(), 2, "the message and its reply");
    expected.extend(app.insert_user_messages(&thread_id, 45).await);

    let (ascending, sizes) = walk_items(&user, &thread_id, "asc", 20).await;
    assert_eq!(sizes, [20, 20, 7]);
    assert_eq!(ascending, expected);
    let (descending, sizes) = walk_items(&user, &thread_id, "desc", 20).await;
    assert_eq!(sizes, [20, 20, 7]);
    let mut reversed = expected.clone();
    reversed.reverse();
    assert_eq!(descending, reversed);
    // The inserted items are whole ChatKit items.
    let newest = user.list_items(&thread_id, json!({"limit": 1})).await;
    assert_eq!(newest["data"][0]["content"], json!([{"type": "input_text", "text": "44"}]));

    let mut created = vec![thread_id];
    for n in 2..=5 {
        created.push(user.create_thread(&format!("thread {n}")).await.0);
    }
    for (order, expected) in [("asc", created.clone()), ("desc", created.iter().rev().cloned().collect())] {
        let mut walked = Vec::new();
        let mut params = json!({"order": order, "limit": 2});
        loop {
            let page = user.list_threads(params.clone()).await;
            walked.extend(ids(&page));
            if page["has_more"] != true {
                break;
            }
            params["after"] = page["after"].clone();
        }
        assert_eq!(walked, expected, "threads.list {order}");
    }
}

/// Runs `items.list` `runs` times; returns the last answer and the median time.
async fn timed_items_list(user: &TestUser, thread_id: &str, params: Value, runs: usize) -> (Value, Duration) {
    let mut times = Vec::with_capacity(runs);
    let mut page = Value::Null;
    for _ in 0..runs {
        let started = Instant::now();
        page = user.list_items(thread_id, params.clone()).await;
        times.push(started.elapsed());
    }
    times.sort();
    (page, times[runs / 2])
}

/// SQLite only: the figure that matters for an embedded database; PostgreSQL's is in BENCHMARKS.md.
#[tokio::test]
async fn a_thread_of_100000_items_answers_its_last_page_as_its_first() {
    const ITEMS: usize = 100_000;
    let app = spawn_app().await;
    let user = app.new_user("long-thread").await;
    let (thread_id, _) = user.create_thread("the beginning").await;
    let mut oldest_first = ids(&user.list_items(&thread_id, json!({"order": "asc"})).await);
    let started = Instant::now();
    let inserted = app.insert_user_messages(&thread_id, ITEMS).await;
    eprintln!("inserted {ITEMS} items in {:?}", started.elapsed());
    oldest_first.extend(inserted);
    let total = oldest_first.len();

    let (first, first_time) = timed_items_list(&user, &thread_id, json!({"order": "desc"}), 5).await;
    let newest_twenty: Vec<String> = oldest_first[total - 20..].iter().rev().cloned().collect();
    assert_eq!(ids(&first), newest_twenty, "the first page holds the 20 newest items, newest first");
    assert_eq!(first["has_more"], true);

    // The last page in "desc" order: the items older than the 21st-oldest, i.e. the 20 oldest.
    let params = json!({"order": "desc", "after": oldest_first[20]});
    let (last, last_time) = timed_items_list(&user, &thread_id, params, 5).await;
    let oldest_twenty: Vec<String> = oldest_first[..20].iter().rev().cloned().collect();
    assert_eq!(ids(&last), oldest_twenty, "the last page holds the 20 oldest items, newest first");
    assert_eq!(last["has_more"], false);

    // And a page from the middle, in the other order.
    let middle = user.list_items(&thread_id, json!({"order": "asc", "after": oldest_first[50_000]})).await;
    assert_eq!(ids(&middle), oldest_first[50_001..50_021]);

    eprintln!(
        "items.list on a thread of {total} items ({:?}, median of 5): first page {first_time:?}, \
         last page {last_time:?}",
        app.backend
    );
}
