//! The request parser never panics: arbitrary bytes and arbitrary JSON either parse or give a typed error
//! with a 4xx status.

use chatkit::processor::parse_request;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Arbitrary JSON values, biased towards objects with protocol-looking keys.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |n| n.is_finite()).prop_map(Value::from),
        "[a-z._]{0,24}".prop_map(Value::String),
        prop::sample::select(vec![
            "threads.create",
            "threads.list",
            "items.list",
            "threads.custom_action",
            "input_text"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop::sample::select(vec![
            "type",
            "params",
            "metadata",
            "thread_id",
            "input",
            "content",
            "text",
            "action",
            "payload",
            "limit",
            "after",
            "order",
            "item_id",
            "attachments",
            "inference_options",
            "kind",
            "item_ids",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.prop_map(str::to_owned), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn assert_clean(body: &[u8]) {
    if let Err(error) = parse_request(body) {
        let status = error.http_status();
        assert!((400..500).contains(&status), "parse errors are client errors, got {status} for {error}");
        assert!(!error.to_string().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        assert_clean(&body);
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        assert_clean(value.to_string().as_bytes());
    }

    #[test]
    fn any_op_with_arbitrary_params_never_panics(
        op in prop::sample::select(vec![
            "threads.create", "threads.add_user_message", "threads.add_client_tool_output",
            "threads.add_structured_input", "threads.retry_after_item", "threads.custom_action",
            "threads.sync_custom_action", "threads.get_by_id", "threads.list", "threads.update", "threads.delete",
            "items.list", "items.feedback", "attachments.create", "attachments.delete", "input.transcribe",
        ]),
        params in arbitrary_json(),
    ) {
        assert_clean(json!({"type": op, "params": params}).to_string().as_bytes());
    }

    #[test]
    fn truncated_valid_requests_never_panic(cut in 0usize..200) {
        let body = json!({"type": "threads.create", "params": {"input": {
            "content": [{"type": "input_text", "text": "add buy milk tomorrow"}], "attachments": [], "inference_options": {}}}})
            .to_string();
        assert_clean(&body.as_bytes()[..cut.min(body.len())]);
    }
}

#[test]
fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = parse_request(body.as_bytes()).expect_err("too deep");
    assert_eq!(error.http_status(), 400);
}
