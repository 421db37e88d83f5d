//! Tasks: the values that parse (title, priority, tags, dates), the service that validates and stores them.

mod model;
mod service;

pub use model::{
    NewTask, Priority, StatusFilter, Task, TaskChanges, TaskFilter, TaskTitle, parse_due, parse_notes, parse_tags,
};
pub use service::{TaskError, TaskPage, TaskService};
