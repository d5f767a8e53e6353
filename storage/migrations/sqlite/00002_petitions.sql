-- +goose Up
-- As 00001: STRICT tables, times as fixed-width UTC TEXT, booleans 0 and 1.
-- Petitions (issue 3), the outbox, drafts and sessions. Nothing of a
-- petition is deleted: its author's deletion unlinks it (resident_id NULL).

-- The last number given per year: taken and incremented in the filing's
-- transaction, so numbers have no gaps and no repeats.
CREATE TABLE petition_counters (
    year     INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL
) STRICT;

CREATE TABLE petitions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    number         TEXT        NOT NULL UNIQUE,
    year           INTEGER     NOT NULL,
    seq            INTEGER     NOT NULL,
    kind           TEXT        NOT NULL,
    field          TEXT        NOT NULL,
    neighbourhood  TEXT        NOT NULL DEFAULT '',
    resident_id    INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    anonymous      INTEGER     NOT NULL DEFAULT 0,
    subject        TEXT        NOT NULL DEFAULT '',
    learned_at     TEXT,
    request        TEXT        NOT NULL DEFAULT '',
    content        TEXT        NOT NULL,
    attachments    TEXT        NOT NULL DEFAULT '[]', -- JSON
    status         TEXT        NOT NULL,
    handler_id     INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    transferred_to TEXT        NOT NULL DEFAULT '',
    received_at    TEXT        NOT NULL,
    accept_due     TEXT        NOT NULL,
    resolve_due    TEXT        NOT NULL,
    accepted_at    TEXT,
    answered_at    TEXT,
    closed_at      TEXT,
    reopened_at    TEXT,
    complex        INTEGER     NOT NULL DEFAULT 0,
    remote         INTEGER     NOT NULL DEFAULT 0,
    extensions     INTEGER     NOT NULL DEFAULT 0,
    rated          INTEGER     NOT NULL DEFAULT 0,
    version        INTEGER     NOT NULL,
    created_at     TEXT        NOT NULL,
    updated_at     TEXT        NOT NULL,
    UNIQUE (year, seq)
) STRICT;
CREATE INDEX petitions_received ON petitions (received_at, id);
CREATE INDEX petitions_resident ON petitions (resident_id, received_at);
CREATE INDEX petitions_handler ON petitions (handler_id, status);
CREATE INDEX petitions_status ON petitions (status, kind);
CREATE INDEX petitions_neighbourhood ON petitions (neighbourhood, kind);

-- The author's identity, sealed (package secret) with the petition id as
-- associated data; only PetitionIdentity opens it, and logs each read.
CREATE TABLE petition_identities (
    petition_id INTEGER PRIMARY KEY REFERENCES petitions (id),
    ciphertext  BLOB    NOT NULL
) STRICT;

-- Actor and target ids have no foreign key: the history outlives people.
CREATE TABLE petition_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    petition_id INTEGER     NOT NULL REFERENCES petitions (id),
    at          TEXT        NOT NULL,
    actor_id    INTEGER     NOT NULL DEFAULT 0,
    action      TEXT        NOT NULL,
    from_status TEXT        NOT NULL DEFAULT '',
    to_status   TEXT        NOT NULL,
    note        TEXT        NOT NULL DEFAULT '',
    target_id   INTEGER     NOT NULL DEFAULT 0,
    internal    INTEGER     NOT NULL DEFAULT 0,
    attachments TEXT        NOT NULL DEFAULT '[]' -- JSON
) STRICT;
CREATE INDEX petition_events_petition ON petition_events (petition_id, id);

-- The receipt chain, in the order it was built (position). resident_id is
-- the id as hashed: it stays after the author's deletion.
CREATE TABLE receipts (
    position       INTEGER     PRIMARY KEY,
    number         TEXT        NOT NULL UNIQUE,
    received_at    TEXT        NOT NULL,
    kind           TEXT        NOT NULL,
    resident_id    INTEGER     NOT NULL DEFAULT 0,
    accept_due     TEXT        NOT NULL,
    resolve_due    TEXT        NOT NULL,
    content_digest TEXT        NOT NULL,
    prev_hash      TEXT        NOT NULL UNIQUE,
    hash           TEXT        NOT NULL UNIQUE
) STRICT;

-- The end of the chain: one row, updated by every filing, so filings take
-- turns and the chain never forks. hash '' means no receipt yet.
CREATE TABLE receipt_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    position INTEGER NOT NULL,
    hash     TEXT    NOT NULL
) STRICT;
INSERT INTO receipt_head (id, position, hash) VALUES (1, 0, '');

CREATE TABLE ratings (
    petition_id INTEGER     PRIMARY KEY REFERENCES petitions (id),
    resident_id INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    handler_id  INTEGER     NOT NULL DEFAULT 0,
    score       INTEGER     NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT        NOT NULL DEFAULT '',
    at          TEXT        NOT NULL
) STRICT;
CREATE INDEX ratings_handler ON ratings (handler_id);

-- One message to one chat. dedup_key is NULL when empty, so only real keys
-- are unique.
CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id             INTEGER     NOT NULL,
    resident_id         INTEGER     NOT NULL DEFAULT 0,
    kind                TEXT        NOT NULL DEFAULT '',
    priority            INTEGER     NOT NULL DEFAULT 0,
    text                TEXT        NOT NULL,
    buttons             TEXT        NOT NULL DEFAULT '', -- JSON
    broadcast_id        INTEGER     NOT NULL DEFAULT 0,
    dedup_key           TEXT        UNIQUE,
    status              TEXT        NOT NULL,
    attempts            INTEGER     NOT NULL DEFAULT 0,
    not_before          TEXT        NOT NULL,
    lease_until         TEXT,
    created_at          TEXT        NOT NULL,
    sent_at             TEXT,
    telegram_message_id INTEGER     NOT NULL DEFAULT 0,
    last_error          TEXT        NOT NULL DEFAULT ''
) STRICT;
-- Claiming: the due rows by priority; and, per chat, the unfinished rows in
-- order, so a chat's later message waits for its earlier one.
CREATE INDEX outbox_due ON outbox (status, not_before, priority);
CREATE INDEX outbox_chat_open ON outbox (chat_id, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_broadcast ON outbox (broadcast_id, status) WHERE broadcast_id <> 0;
CREATE INDEX outbox_resident ON outbox (resident_id) WHERE resident_id <> 0;

CREATE TABLE drafts (
    resident_id INTEGER     NOT NULL,
    flow        TEXT        NOT NULL,
    chat_id     INTEGER     NOT NULL DEFAULT 0,
    data        BLOB        NOT NULL,
    updated_at  TEXT        NOT NULL,
    reminded_at TEXT,
    PRIMARY KEY (resident_id, flow)
) STRICT;
CREATE INDEX drafts_updated ON drafts (updated_at);

-- Conversation state of the embedded shape (no Redis): it survives a restart.
CREATE TABLE sessions (
    session_key TEXT        PRIMARY KEY,
    data        BLOB        NOT NULL,
    expires_at  TEXT        NOT NULL
) STRICT;
CREATE INDEX sessions_expires ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
DROP TABLE drafts;
DROP TABLE outbox;
DROP TABLE ratings;
DROP TABLE receipt_head;
DROP TABLE receipts;
DROP TABLE petition_events;
DROP TABLE petition_identities;
DROP TABLE petitions;
DROP TABLE petition_counters;
