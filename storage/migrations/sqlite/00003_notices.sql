-- +goose Up
-- Notices, disclosures and their broadcasts (issue 4). As 00001: STRICT
-- tables, times as fixed-width UTC TEXT. A resident deleted on request
-- (LAW.md, personal data) loses the link to what must stay (SET NULL).

-- A broadcast: one message to many, one outbox row per recipient
-- (outbox.broadcast_id); its counts come from those rows. chat_id and
-- progress_msg_id name the sender's progress message, which is edited until
-- finished_at; progress_text is what it shows.
CREATE TABLE broadcasts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT    NOT NULL,
    subject_id      INTEGER NOT NULL DEFAULT 0,
    sender_id       INTEGER REFERENCES residents (id) ON DELETE SET NULL,
    audience        TEXT    NOT NULL DEFAULT '{}', -- JSON
    category        TEXT    NOT NULL DEFAULT '',
    total           INTEGER NOT NULL DEFAULT 0,
    chat_id         INTEGER NOT NULL DEFAULT 0,
    progress_msg_id INTEGER NOT NULL DEFAULT 0,
    progress_text   TEXT    NOT NULL DEFAULT '',
    lang            TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    cancelled_at    TEXT,
    cancelled_by    INTEGER NOT NULL DEFAULT 0,
    finished_at     TEXT
) STRICT;
CREATE INDEX broadcasts_active ON broadcasts (id) WHERE finished_at IS NULL;

-- Claiming walks the unfinished rows in the claim's order and stops at its
-- limit, instead of sorting every row of a broadcast of thousands.
CREATE INDEX outbox_claim ON outbox (priority, chat_id, id) WHERE status IN ('pending', 'sending');

CREATE TABLE notices (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_id    INTEGER REFERENCES residents (id) ON DELETE SET NULL,
    audience     TEXT    NOT NULL, -- JSON
    text         TEXT    NOT NULL,
    attachments  TEXT    NOT NULL DEFAULT '[]', -- JSON
    meeting_at   TEXT,             -- set for a meeting notice
    place        TEXT    NOT NULL DEFAULT '',
    agenda       TEXT    NOT NULL DEFAULT '',
    broadcast_id INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX notices_created ON notices (created_at);
CREATE INDEX notices_sender ON notices (sender_id, id);

-- Answers to meeting notices, one per resident. The law counts households:
-- household_id is filled once households exist (issue 5), and the counts
-- move to it then.
CREATE TABLE meeting_answers (
    notice_id    INTEGER NOT NULL REFERENCES notices (id),
    resident_id  INTEGER REFERENCES residents (id) ON DELETE SET NULL,
    household_id INTEGER,
    answer       TEXT    NOT NULL,
    at           TEXT    NOT NULL
) STRICT;
CREATE UNIQUE INDEX meeting_answers_resident ON meeting_answers (notice_id, resident_id);

CREATE TABLE disclosures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    category     TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    attachments  TEXT    NOT NULL DEFAULT '[]', -- JSON
    posted_from  TEXT    NOT NULL,
    posted_until TEXT    NOT NULL,
    publisher_id INTEGER REFERENCES residents (id) ON DELETE SET NULL,
    broadcast_id INTEGER NOT NULL DEFAULT 0,
    published_at TEXT    NOT NULL
) STRICT;
CREATE INDEX disclosures_category ON disclosures (category, published_at);
CREATE INDEX disclosures_published ON disclosures (published_at);

-- The categories a resident chose not to receive; the default is all.
CREATE TABLE disclosure_optouts (
    resident_id INTEGER NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    category    TEXT    NOT NULL,
    PRIMARY KEY (resident_id, category)
) STRICT;
CREATE INDEX disclosure_optouts_category ON disclosure_optouts (category, resident_id);

CREATE TABLE disclosure_questions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    disclosure_id INTEGER NOT NULL REFERENCES disclosures (id),
    resident_id   INTEGER REFERENCES residents (id) ON DELETE SET NULL,
    text          TEXT    NOT NULL,
    asked_at      TEXT    NOT NULL,
    answer        TEXT    NOT NULL DEFAULT '',
    answered_by   INTEGER NOT NULL DEFAULT 0,
    answered_at   TEXT
) STRICT;
CREATE INDEX disclosure_questions_open ON disclosure_questions (id) WHERE answered_at IS NULL;

-- +goose Down
DROP TABLE disclosure_questions;
DROP TABLE disclosure_optouts;
DROP TABLE disclosures;
DROP TABLE meeting_answers;
DROP TABLE notices;
DROP INDEX outbox_claim;
DROP TABLE broadcasts;
