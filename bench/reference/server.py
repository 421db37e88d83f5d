"""The reference for the load benchmarks: taskchat's assistant behaviour, for the workloads that scripts/bench
runs, on the official `openai-chatkit` SDK (FastAPI + uvicorn, SQLite). See BENCHMARKS.md, "Under load".

Kept minimal and in the SDK's own patterns: a `ChatKitServer` subclass whose `respond` streams widgets with the
SDK's `stream_widget`, whose `action` yields `ThreadItemReplacedEvent`, a `Store` over sqlite3 holding threads and
items as the SDK's JSON (`model_dump_json`/`model_validate_json`, as the SDK's SQLite examples do), and the
FastAPI endpoint from the SDK's README. What it understands:

- "show my tasks": a `ListView` of the user's first 50 tasks, row for row like taskchat's (toggle button,
  title, number, due date, priority and tag badges, Delete button; a "Show more" row when there are more);
- "add task <title>" / "add <title>": adds the task, answers a confirmation `Card`;
- the `task.complete` / `task.reopen` buttons: apply, re-render the list, replace the widget item;
- anything else: a one-line assistant message.
Plus the two endpoints the bench seeds through, shaped like taskchat's: `POST /api/auth/sign-up/email`
(no password hashing: seeding is not measured) and `POST /api/tasks`; every request is authenticated by
`Authorization: Bearer <token>` looked up in SQLite, as taskchat does.

Run: uvicorn --workers N server:app (scripts/bench does), with REFERENCE_DB=path/to/file.db.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import uuid
import warnings
from datetime import date, datetime, timezone
from typing import Any, AsyncIterator

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from chatkit.actions import ActionConfig
from chatkit.server import ChatKitServer, StreamingResult, stream_widget
from chatkit.store import NotFoundError, Store
from chatkit.types import (
    Action,
    AssistantMessageContent,
    AssistantMessageItem,
    Attachment,
    Page,
    ThreadItem,
    ThreadItemDoneEvent,
    ThreadItemReplacedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    WidgetItem,
)
from chatkit.widgets import Badge, Button, Caption, Card, Col, ListView, ListViewItem, Row, Spacer, Text
from pydantic import TypeAdapter

# The typed widget classes are marked deprecated in favour of .widget templates; they are the faster path
# (bench/sdk_protocol.py: a DynamicWidgetRoot costs ~20% more to encode), so the reference uses them.
warnings.simplefilter("ignore", DeprecationWarning)

DB_PATH = os.environ.get("REFERENCE_DB", "reference.db")
PAGE = 50

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT UNIQUE, name TEXT, token TEXT UNIQUE,
    next_number INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS tasks (user_id TEXT NOT NULL, number INTEGER NOT NULL, title TEXT NOT NULL,
    priority TEXT, due TEXT, tags TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, number));
CREATE TABLE IF NOT EXISTS threads (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS threads_by_user ON threads (user_id, created_at, id);
CREATE TABLE IF NOT EXISTS items (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
    thread_id TEXT NOT NULL, user_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS items_by_thread ON items (thread_id, seq);
"""


def connect() -> sqlite3.Connection:
    # One connection per worker process; statements are short and never awaited across, so the event loop
    # calls sqlite3 directly (a thread hop per query would cost more than the queries).
    db = sqlite3.connect(DB_PATH, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=5000")
    db.executescript(SCHEMA)
    return db


DB = connect()
THREAD = TypeAdapter(ThreadMetadata)
ITEM = TypeAdapter(ThreadItem)


class SQLiteStore(Store[dict]):
    """Threads and items as the SDK's JSON in SQLite, scoped by the signed-in user (context["user_id"])."""

    async def load_thread(self, thread_id: str, context: dict) -> ThreadMetadata:
        row = DB.execute(
            "SELECT data FROM threads WHERE id = ? AND user_id = ?", (thread_id, context["user_id"])
        ).fetchone()
        if row is None:
            raise NotFoundError(f"Thread {thread_id} not found")
        return THREAD.validate_json(row[0])

    async def save_thread(self, thread: ThreadMetadata, context: dict) -> None:
        DB.execute(
            "INSERT INTO threads (id, user_id, created_at, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            (thread.id, context["user_id"], thread.created_at.isoformat(), thread.model_dump_json()),
        )

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: dict
    ) -> Page[ThreadItem]:
        desc = order == "desc"
        query = "SELECT seq, data FROM items WHERE thread_id = ? AND user_id = ?"
        args: list[Any] = [thread_id, context["user_id"]]
        if after is not None:
            query += f" AND seq {'<' if desc else '>'} (SELECT seq FROM items WHERE id = ?)"
            args.append(after)
        query += f" ORDER BY seq {'DESC' if desc else 'ASC'} LIMIT ?"
        args.append(limit + 1)
        rows = DB.execute(query, args).fetchall()
        has_more = len(rows) > limit
        data = [ITEM.validate_json(r[1]) for r in rows[:limit]]
        return Page(data=data, has_more=has_more, after=data[-1].id if has_more and data else None)

    async def save_attachment(self, attachment: Attachment, context: dict) -> None:
        raise NotImplementedError

    async def load_attachment(self, attachment_id: str, context: dict) -> Attachment:
        raise NotFoundError(attachment_id)

    async def delete_attachment(self, attachment_id: str, context: dict) -> None:
        raise NotImplementedError

    async def load_threads(self, limit: int, after: str | None, order: str, context: dict) -> Page[ThreadMetadata]:
        desc = order == "desc"
        query = "SELECT data FROM threads WHERE user_id = ?"
        args: list[Any] = [context["user_id"]]
        if after is not None:
            cmp = "<" if desc else ">"
            query += f" AND (created_at, id) {cmp} (SELECT created_at, id FROM threads WHERE id = ?)"
            args.append(after)
        query += f" ORDER BY created_at {'DESC' if desc else 'ASC'}, id {'DESC' if desc else 'ASC'} LIMIT ?"
        args.append(limit + 1)
        rows = DB.execute(query, args).fetchall()
        has_more = len(rows) > limit
        data = [THREAD.validate_json(r[0]) for r in rows[:limit]]
        return Page(data=data, has_more=has_more, after=data[-1].id if has_more and data else None)

    async def add_thread_item(self, thread_id: str, item: ThreadItem, context: dict) -> None:
        DB.execute(
            "INSERT INTO items (id, thread_id, user_id, data) VALUES (?, ?, ?, ?)",
            (item.id, thread_id, context["user_id"], item.model_dump_json()),
        )

    async def save_item(self, thread_id: str, item: ThreadItem, context: dict) -> None:
        DB.execute(
            "INSERT INTO items (id, thread_id, user_id, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET data = excluded.data",
            (item.id, thread_id, context["user_id"], item.model_dump_json()),
        )

    async def load_item(self, thread_id: str, item_id: str, context: dict) -> ThreadItem:
        row = DB.execute(
            "SELECT data FROM items WHERE id = ? AND thread_id = ? AND user_id = ?",
            (item_id, thread_id, context["user_id"]),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"Item {item_id} not found")
        return ITEM.validate_json(row[0])

    async def delete_thread(self, thread_id: str, context: dict) -> None:
        DB.execute("DELETE FROM items WHERE thread_id = ? AND user_id = ?", (thread_id, context["user_id"]))
        DB.execute("DELETE FROM threads WHERE id = ? AND user_id = ?", (thread_id, context["user_id"]))

    async def delete_thread_item(self, thread_id: str, item_id: str, context: dict) -> None:
        DB.execute(
            "DELETE FROM items WHERE id = ? AND thread_id = ? AND user_id = ?", (item_id, thread_id, context["user_id"])
        )


# ------------------------------------------------------------------------------------------------------------
# Tasks and their widgets (the same components, ids and payloads as taskchat's, crates/taskchat/src/assistant)

BADGE = {"high": "danger", "medium": "warning", "low": "secondary"}


def counts(user_id: str) -> tuple[int, int]:
    open_, done = DB.execute(
        "SELECT COALESCE(SUM(done = 0), 0), COALESCE(SUM(done = 1), 0) FROM tasks WHERE user_id = ?", (user_id,)
    ).fetchone()
    return open_, done


def due_label(due: str | None) -> str | None:
    if due is None:
        return None
    return "Due " + date.fromisoformat(due).strftime("%a %b %-d")


def task_row(task: tuple, rev: str) -> ListViewItem:
    number, title, priority, due, tags, done = task
    payload = {"number": number, "rev": rev}
    if done:
        toggle = Button(
            iconStart="check-circle-filled", onClickAction=ActionConfig(type="task.reopen", payload=payload),
            color="success",
        )
    else:
        toggle = Button(iconStart="empty-circle", onClickAction=ActionConfig(type="task.complete", payload=payload))
    toggle.id, toggle.variant, toggle.size = f"task_{number}_toggle_button", "ghost", "sm"
    text = Text(id=f"task_{number}_title_text", value=title, lineThrough=True if done else None,
                color="secondary" if done else None)
    meta: list[Any] = [Caption(id=f"task_{number}_number_caption", value=f"#{number}")]
    if due:
        meta.append(Caption(id=f"task_{number}_due_caption", value=due_label(due)))
    if priority:
        meta.append(Badge(id=f"task_{number}_priority_badge", label=priority, color=BADGE[priority]))
    for i, tag in enumerate(json.loads(tags)):
        meta.append(Badge(id=f"task_{number}_tag_{i}_badge", label=f"#{tag}", color="info"))
    delete = Button(
        id=f"task_{number}_delete_button", label="Delete",
        onClickAction=ActionConfig(type="task.delete", payload=payload), color="danger", variant="ghost", size="sm",
    )
    return ListViewItem(
        id=f"task_{number}_item", gap=3,
        children=[Row(gap=3, children=[toggle, Col(gap=1, children=[text, Row(gap=2, children=meta)]), Spacer(), delete])],
    )


def task_list(user_id: str) -> tuple[ListView, str]:
    rows = DB.execute(
        "SELECT number, title, priority, due, tags, done FROM tasks WHERE user_id = ? ORDER BY number LIMIT ?",
        (user_id, PAGE + 1),
    ).fetchall()
    open_, done = counts(user_id)
    header = f"My tasks: {open_} open · {done} done"
    rev = secrets.token_hex(4)
    children = [task_row(task, rev) for task in rows[:PAGE]]
    if len(rows) > PAGE:
        children.append(ListViewItem(id="task_list_more_item", children=[Button(
            id="task_list_more_button", label="Show more", variant="outline", size="sm",
            onClickAction=ActionConfig(type="tasks.more", payload={"after": rows[PAGE - 1][0], "rev": rev}),
        )]))
    copy = "\n".join([header] + [f"#{t[0]} {t[1]}" for t in rows[:PAGE]])
    return ListView(id="task_list_view", status={"text": header}, children=children), copy


def add_task(user_id: str, title: str, priority: str | None = None, due: str | None = None,
             tags: list[str] | None = None) -> int:
    DB.execute("BEGIN IMMEDIATE")
    try:
        (number,) = DB.execute(
            "UPDATE users SET next_number = next_number + 1 WHERE id = ? RETURNING next_number - 1", (user_id,)
        ).fetchone()
        DB.execute(
            "INSERT INTO tasks (user_id, number, title, priority, due, tags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (user_id, number, title, priority, due, json.dumps(tags or []), datetime.now(timezone.utc).isoformat()),
        )
        DB.execute("COMMIT")
    except BaseException:
        DB.execute("ROLLBACK")
        raise
    return number


class TaskServer(ChatKitServer[dict]):
    async def respond(
        self, thread: ThreadMetadata, input_user_message: UserMessageItem | None, context: dict
    ) -> AsyncIterator[ThreadStreamEvent]:
        text = " ".join(
            part.text for part in (input_user_message.content if input_user_message else []) if part.type == "input_text"
        ).strip()
        lower = text.lower()
        if lower.startswith(("show", "list")):
            widget, copy = task_list(context["user_id"])
            async for event in stream_widget(thread, widget, copy_text=copy,
                                             generate_id=lambda t: self.store.generate_item_id(t, thread, context)):
                yield event
        elif lower.startswith("add "):
            title = text[4:].strip()
            if title.lower().startswith("task "):
                title = title[5:].strip()
            number = add_task(context["user_id"], title)
            card = Card(id="task_added_card", children=[
                Text(id="task_added_title_text", value=f"Added task #{number}: {title}", weight="semibold"),
                Caption(id="task_added_hint_caption", value="Say \"show my tasks\" to see the list."),
            ])
            async for event in stream_widget(thread, card, copy_text=f"Added task #{number}: {title}",
                                             generate_id=lambda t: self.store.generate_item_id(t, thread, context)):
                yield event
        else:
            yield ThreadItemDoneEvent(item=AssistantMessageItem(
                id=self.store.generate_item_id("message", thread, context), thread_id=thread.id,
                created_at=datetime.now(), content=[AssistantMessageContent(text="Try \"show my tasks\".")],
            ))

    async def action(
        self, thread: ThreadMetadata, action: Action[str, Any], sender: WidgetItem | None, context: dict
    ) -> AsyncIterator[ThreadStreamEvent]:
        if sender is None or action.type not in ("task.complete", "task.reopen"):
            return
        number = int(action.payload["number"])
        DB.execute(
            "UPDATE tasks SET done = ? WHERE user_id = ? AND number = ?",
            (1 if action.type == "task.complete" else 0, context["user_id"], number),
        )
        widget, copy = task_list(context["user_id"])
        yield ThreadItemReplacedEvent(item=sender.model_copy(update={"widget": widget, "copy_text": copy}))


server = TaskServer(SQLiteStore())
app = FastAPI()


def user_of(request: Request) -> dict:
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else ""
    row = DB.execute("SELECT id FROM users WHERE token = ?", (token,)).fetchone()
    if row is None:
        raise HTTPException(status_code=401, detail="sign in first")
    return {"user_id": row[0]}


@app.post("/chatkit")
async def chatkit_endpoint(request: Request):
    context = user_of(request)
    result = await server.process(await request.body(), context)
    if isinstance(result, StreamingResult):
        return StreamingResponse(result, media_type="text/event-stream")
    return Response(content=result.json, media_type="application/json")


@app.post("/api/auth/sign-up/email")
async def sign_up(request: Request):
    body = await request.json()
    user_id, token = uuid.uuid4().hex, secrets.token_urlsafe(32)
    DB.execute("INSERT INTO users (id, email, name, token) VALUES (?, ?, ?, ?)",
               (user_id, body["email"], body.get("name", ""), token))
    return {"token": token, "user": {"id": user_id, "email": body["email"], "name": body.get("name", "")}}


@app.post("/api/tasks", status_code=201)
async def create_task(request: Request):
    context = user_of(request)
    body = await request.json()
    number = add_task(context["user_id"], body["title"], body.get("priority"), body.get("due"), body.get("tags"))
    return {"number": number, "title": body["title"]}


@app.get("/healthz")
async def healthz():
    return {"ok": True}
