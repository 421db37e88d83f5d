//! The tools' JSON schemas, as Chat Completions `tools` entries: shared by the LLM agent and the MCP server.

use serde_json::{Value, json};

fn task_ref_properties() -> Value {
    json!({
        "task_id": {"type": "integer", "description": "The task's number, as shown to the user (#3 → 3)."},
        "title": {"type": "string", "description": "The task's title or a few of its words, when no number is known."}
    })
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

fn function(name: &str, description: &str, properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required}
        }
    })
}

/// The tools as Chat Completions `tools` entries (`{"type": "function", "function": {name, description,
/// parameters}}`, parameters being JSON Schema).
pub fn definitions() -> Vec<Value> {
    let priority = json!({"type": "string", "enum": ["low", "medium", "high"]});
    let date = |what: &str| json!({"type": "string", "description": format!("{what}: YYYY-MM-DD, or words like \"tomorrow\", \"friday\", \"next monday\".")});
    vec![
        function(
            "list_tasks",
            "Show the user's tasks, filtered. The user sees the list as a widget.",
            json!({
                "status": {"type": "string", "enum": ["all", "pending", "done"], "description": "Default: all."},
                "priority": priority,
                "tag": {"type": "string", "description": "Only tasks with this tag (without #)."},
                "text": {"type": "string", "description": "Only tasks whose title or notes contain this text."},
                "due_before": date("Only tasks due on or before this date"),
                "due_after": date("Only tasks due on or after this date"),
            }),
            &[],
        ),
        function(
            "add_task",
            "Create a task. The user sees it in a confirmation widget.",
            json!({
                "title": {"type": "string", "description": "What to do, short."},
                "notes": {"type": "string"},
                "due": date("The due date"),
                "priority": priority,
                "tags": {"type": "array", "items": {"type": "string"}, "description": "Tags without #."},
            }),
            &["title"],
        ),
        function(
            "complete_task",
            "Mark a task done (or open again with done=false). Name it by task_id or title.",
            merge(task_ref_properties(), json!({"done": {"type": "boolean", "description": "Default: true."}})),
            &[],
        ),
        function(
            "update_task",
            "Change a task's title, notes, due date, priority or tags. Name it by task_id or title.",
            merge(
                task_ref_properties(),
                json!({
                    "title_new": {"type": "string", "description": "The new title."},
                    "notes": {"type": "string", "description": "The new notes (replaces the old ones)."},
                    "due": date("The new due date (\"none\" clears it)"),
                    "priority": {"type": "string", "enum": ["low", "medium", "high", "none"]},
                    "tags": {"type": "array", "items": {"type": "string"}, "description": "The new tags (replace the old ones)."},
                }),
            ),
            &[],
        ),
        function(
            "delete_task",
            "Ask the user to confirm deleting a task: shows a dialog with Delete and Cancel. Nothing is deleted \
             until the user clicks Delete. Name it by task_id or title.",
            task_ref_properties(),
            &[],
        ),
    ]
}

/// What the user sees while a tool runs.
pub fn progress_text(name: &str) -> &'static str {
    match name {
        "list_tasks" => "Looking at your tasks…",
        "add_task" => "Adding a task…",
        "complete_task" => "Updating a task…",
        "update_task" => "Changing a task…",
        "delete_task" => "Preparing to delete…",
        _ => "Working…",
    }
}

#[cfg(test)]
mod tests {
    use super::super::NAMES;
    use super::*;

    #[test]
    fn every_tool_has_a_name_a_description_and_an_object_schema() {
        let tools = definitions();
        let names: Vec<&str> = tools.iter().filter_map(|tool| tool["function"]["name"].as_str()).collect();
        assert_eq!(names, NAMES);
        for tool in &tools {
            assert_eq!(tool["type"], "function");
            assert!(tool["function"]["description"].as_str().is_some_and(|text| !text.is_empty()));
            assert_eq!(tool["function"]["parameters"]["type"], "object");
        }
        assert_eq!(tools[1]["function"]["parameters"]["required"], json!(["title"]));
    }
}
