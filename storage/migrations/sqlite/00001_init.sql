-- +goose Up
-- STRICT tables, so a value of the wrong type fails here as on PostgreSQL.
-- Times are TEXT, UTC, fixed width (2006-01-02T15:04:05.000000Z): they sort
-- as text. AUTOINCREMENT so the id of a deleted resident is never reused.

CREATE TABLE residents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    telegram_id   INTEGER NOT NULL UNIQUE,
    full_name     TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    neighbourhood TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT '',
    unreachable   INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
) STRICT;
CREATE INDEX residents_neighbourhood ON residents (neighbourhood);

CREATE TABLE roles (
    resident_id   INTEGER NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL,
    neighbourhood TEXT    NOT NULL DEFAULT '',
    granted_at    TEXT    NOT NULL,
    granted_by    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (resident_id, role, neighbourhood)
) STRICT;
CREATE INDEX roles_role ON roles (role, resident_id);

CREATE TABLE invites (
    code          TEXT    PRIMARY KEY,
    role          TEXT    NOT NULL,
    neighbourhood TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL,
    used_at       TEXT,
    used_by       INTEGER REFERENCES residents (id) ON DELETE SET NULL
) STRICT;

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id  INTEGER REFERENCES residents (id) ON DELETE SET NULL,
    telegram_id  INTEGER,
    version      TEXT    NOT NULL,
    given_at     TEXT    NOT NULL,
    withdrawn_at TEXT
) STRICT;
CREATE INDEX consents_resident ON consents (resident_id);
CREATE INDEX consents_telegram ON consents (telegram_id);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT    NOT NULL,
    actor_id INTEGER NOT NULL DEFAULT 0,
    action   TEXT    NOT NULL,
    subject  TEXT    NOT NULL DEFAULT '',
    detail   TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_subject ON audit_log (subject, at);

CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    payload     BLOB    NOT NULL,
    received_at TEXT    NOT NULL,
    handled_at  TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX inbox_pending ON inbox (chat_id, update_id) WHERE handled_at IS NULL;

-- +goose Down
DROP TABLE inbox;
DROP TABLE audit_log;
DROP TABLE consents;
DROP TABLE invites;
DROP TABLE roles;
DROP TABLE residents;
