//! `ListQuery`: what a task list widget shows, carried in its buttons' payloads so that an action can render
//! the same list again.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::intent::{DueWindow, ShowQuery};
use crate::tasks::{Priority, StatusFilter, TaskFilter};

/// The filter of a task list, as it travels in action payloads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "is_all")]
    pub status: StatusView,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueView>,
}

/// `StatusFilter`, serializable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusView {
    #[default]
    All,
    Pending,
    Done,
}

fn is_all(status: &StatusView) -> bool {
    *status == StatusView::All
}

/// `DueWindow`, serializable, or any range of due dates (the LLM agent's `list_tasks` asks for those).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueView {
    Today,
    Tomorrow,
    ThisWeek,
    Overdue,
    /// Due on or after `from` and on or before `to` (either may be open).
    Range {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<NaiveDate>,
    },
}

impl From<&ShowQuery> for ListQuery {
    fn from(query: &ShowQuery) -> Self {
        Self {
            status: match query.status {
                StatusFilter::All => StatusView::All,
                StatusFilter::Pending => StatusView::Pending,
                StatusFilter::Done => StatusView::Done,
            },
            priority: query.priority,
            tag: query.tag.clone(),
            text: query.text.clone(),
            due: query.due.map(|due| match due {
                DueWindow::Today => DueView::Today,
                DueWindow::Tomorrow => DueView::Tomorrow,
                DueWindow::ThisWeek => DueView::ThisWeek,
                DueWindow::Overdue => DueView::Overdue,
            }),
        }
    }
}

impl ListQuery {
    /// The task filter this view means on `today`.
    pub fn filter(&self, today: NaiveDate) -> TaskFilter {
        let mut filter = TaskFilter {
            status: match self.status {
                StatusView::All => StatusFilter::All,
                StatusView::Pending => StatusFilter::Pending,
                StatusView::Done => StatusFilter::Done,
            },
            priority: self.priority,
            tag: self.tag.clone(),
            text: self.text.clone(),
            due_before: None,
            due_after: None,
        };
        match self.due {
            None => {}
            Some(DueView::Today) => (filter.due_after, filter.due_before) = (Some(today), Some(today)),
            Some(DueView::Tomorrow) => {
                let tomorrow = today + Duration::days(1);
                (filter.due_after, filter.due_before) = (Some(tomorrow), Some(tomorrow));
            }
            Some(DueView::ThisWeek) => {
                // Through Sunday of this week.
                let days_to_sunday = 6 - i64::from(today.weekday().num_days_from_monday());
                (filter.due_after, filter.due_before) = (Some(today), Some(today + Duration::days(days_to_sunday)));
            }
            Some(DueView::Overdue) => {
                filter.due_before = Some(today - Duration::days(1));
                filter.status = StatusFilter::Pending;
            }
            Some(DueView::Range { from, to }) => (filter.due_after, filter.due_before) = (from, to),
        }
        // A named window ("due this week") means the open tasks; an explicit range keeps the status asked for.
        let named_window = matches!(self.due, Some(DueView::Today | DueView::Tomorrow | DueView::ThisWeek));
        if named_window && filter.status == StatusFilter::All {
            filter.status = StatusFilter::Pending;
        }
        filter
    }

    /// The list's header, e.g. "High priority tasks tagged #work".
    pub fn title(&self) -> String {
        let mut title = match (self.status, self.due) {
            (_, Some(DueView::Overdue)) => "Overdue tasks".to_owned(),
            (StatusView::Done, _) => "Done tasks".to_owned(),
            (StatusView::Pending, _) => "Open tasks".to_owned(),
            (StatusView::All, _) => "My tasks".to_owned(),
        };
        if let Some(priority) = self.priority {
            let mut capitalised = priority.as_str().to_owned();
            capitalised[..1].make_ascii_uppercase();
            title = format!("{capitalised} priority {}", title.to_lowercase().replace("my tasks", "tasks"));
        }
        match self.due {
            Some(DueView::Today) => title.push_str(" due today"),
            Some(DueView::Tomorrow) => title.push_str(" due tomorrow"),
            Some(DueView::ThisWeek) => title.push_str(" due this week"),
            Some(DueView::Range { from: Some(from), to: Some(to) }) => title.push_str(&format!(" due {from} to {to}")),
            Some(DueView::Range { from: Some(from), to: None }) => title.push_str(&format!(" due from {from}")),
            Some(DueView::Range { from: None, to: Some(to) }) => title.push_str(&format!(" due by {to}")),
            Some(DueView::Range { from: None, to: None }) | Some(DueView::Overdue) | None => {}
        }
        if let Some(tag) = &self.tag {
            title.push_str(&format!(" tagged #{tag}"));
        }
        if let Some(text) = &self.text {
            title.push_str(&format!(" matching \"{text}\""));
        }
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wednesday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date")
    }

    #[test]
    fn due_windows_become_date_ranges_of_open_tasks() {
        let week = ListQuery { due: Some(DueView::ThisWeek), ..ListQuery::default() }.filter(wednesday());
        assert_eq!(week.due_after, Some(wednesday()));
        assert_eq!(week.due_before, NaiveDate::from_ymd_opt(2026, 11, 29));
        assert_eq!(week.status, StatusFilter::Pending);
        let overdue = ListQuery { due: Some(DueView::Overdue), ..ListQuery::default() }.filter(wednesday());
        assert_eq!(overdue.due_before, NaiveDate::from_ymd_opt(2026, 11, 24));
    }

    #[test]
    fn titles_say_what_the_list_holds() {
        assert_eq!(ListQuery::default().title(), "My tasks");
        let query = ListQuery { priority: Some(Priority::High), tag: Some("work".into()), ..ListQuery::default() };
        assert_eq!(query.title(), "High priority tasks tagged #work");
        let query = ListQuery { status: StatusView::Pending, due: Some(DueView::Today), ..ListQuery::default() };
        assert_eq!(query.title(), "Open tasks due today");
        let december = NaiveDate::from_ymd_opt(2026, 12, 1);
        let query = ListQuery { due: Some(DueView::Range { from: None, to: december }), ..ListQuery::default() };
        assert_eq!(query.title(), "My tasks due by 2026-12-01");
        assert_eq!(query.filter(wednesday()).due_before, december);
    }
}
