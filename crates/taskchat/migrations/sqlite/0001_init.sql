-- taskchat schema (SQLite). Times are Unix microseconds (BIGINT), so that one set of queries serves SQLite and
-- PostgreSQL through sqlx's Any driver. Keep in step with ../postgres/0001_init.sql.

CREATE TABLE users (
    id               TEXT PRIMARY KEY,
    email            TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    password_hash    TEXT,
    external_subject TEXT UNIQUE,
    next_task_number BIGINT NOT NULL DEFAULT 1,
    created_at       BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    number       BIGINT NOT NULL,
    title        TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    priority     TEXT CHECK (priority IN ('low', 'medium', 'high')),
    due          TEXT,
    tags         TEXT NOT NULL DEFAULT '[]',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    completed_at BIGINT,
    UNIQUE (user_id, number)
);
CREATE INDEX tasks_by_user_due ON tasks (user_id, due);

CREATE TABLE threads (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX threads_by_user_created ON threads (user_id, created_at, id);

-- seq orders items within a thread (and globally); id is the ChatKit item id.
CREATE TABLE thread_items (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    thread_id  TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    item_type  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX thread_items_by_thread ON thread_items (thread_id, seq);

-- What a widget action did, so that one action is never applied twice.
CREATE TABLE actions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id    TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    item_id      TEXT NOT NULL,
    action_type  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    result       TEXT,
    processed_at BIGINT NOT NULL,
    UNIQUE (item_id, action_type, payload)
);
CREATE INDEX actions_by_thread ON actions (thread_id);

CREATE TABLE feedback (
    item_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id  TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('positive', 'negative')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX feedback_by_thread ON feedback (thread_id);

CREATE TABLE attachments (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    thread_id  TEXT REFERENCES threads (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX attachments_by_user ON attachments (user_id);
