-- +goose Up
-- As 00001: STRICT tables, times as fixed-width UTC TEXT, booleans 0 and 1.
-- Dân bàn (issue 5): households and their representatives, votes counted
-- by household, dialogues with questions, reception bookings, consultations
-- with comments. A resident deleted on request (LAW.md, personal data)
-- loses the link to what must stay (SET NULL); ids of officials who acted
-- have no foreign key: the record outlives people.

-- address_key is the address as households are matched (danchu.AddressKey).
CREATE TABLE households (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    neighbourhood     TEXT        NOT NULL,
    address           TEXT        NOT NULL,
    address_key       TEXT        NOT NULL,
    representative_id INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    confirmed_by      INTEGER     NOT NULL DEFAULT 0,
    confirmed_at      TEXT,
    created_at        TEXT        NOT NULL,
    UNIQUE (neighbourhood, address_key)
) STRICT;

-- A resident belongs to one household: the key is the resident.
CREATE TABLE household_members (
    resident_id  INTEGER     PRIMARY KEY REFERENCES residents (id) ON DELETE CASCADE,
    household_id INTEGER     NOT NULL REFERENCES households (id),
    declared_at  TEXT        NOT NULL
) STRICT;
CREATE INDEX household_members_household ON household_members (household_id);

-- options and outcome are JSON; households is the threshold's base, kept
-- from the settings when the vote was created.
CREATE TABLE votes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    question      TEXT        NOT NULL,
    matter        TEXT        NOT NULL,
    options       TEXT        NOT NULL,
    proposal      INTEGER     NOT NULL DEFAULT 0,
    neighbourhood TEXT        NOT NULL,
    households    INTEGER     NOT NULL,
    opens_at      TEXT        NOT NULL,
    closes_at     TEXT        NOT NULL,
    agreed_at     TEXT,
    created_by    INTEGER     NOT NULL DEFAULT 0,
    created_at    TEXT        NOT NULL,
    announced_at  TEXT,
    closed_at     TEXT,
    closed_by     INTEGER     NOT NULL DEFAULT 0,
    reported_at   TEXT,
    outcome       TEXT        NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX votes_neighbourhood ON votes (neighbourhood, id);
CREATE INDEX votes_open ON votes (closes_at) WHERE closed_at IS NULL;

-- One ballot per household and vote, whatever the channel: the law counts
-- households, and this key is what makes sure none is counted twice.
-- option_index -1 is a household present without a choice.
CREATE TABLE ballots (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    vote_id      INTEGER     NOT NULL REFERENCES votes (id),
    household_id INTEGER     NOT NULL REFERENCES households (id),
    option_index INTEGER     NOT NULL CHECK (option_index >= -1),
    channel      TEXT        NOT NULL CHECK (channel IN ('online', 'meeting', 'paper')),
    resident_id  INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    recorded_by  INTEGER     NOT NULL DEFAULT 0,
    at           TEXT        NOT NULL,
    CONSTRAINT ballots_one_per_household UNIQUE (vote_id, household_id)
) STRICT;

CREATE TABLE dialogues (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    topic           TEXT        NOT NULL,
    field           TEXT        NOT NULL DEFAULT '',
    audience        TEXT        NOT NULL, -- JSON
    audience_group  TEXT        NOT NULL DEFAULT '',
    at              TEXT        NOT NULL,
    place           TEXT        NOT NULL,
    questions_until TEXT        NOT NULL,
    created_by      INTEGER     NOT NULL DEFAULT 0,
    created_at      TEXT        NOT NULL,
    announced_at    TEXT
) STRICT;
CREATE INDEX dialogues_at ON dialogues (at, id);

CREATE TABLE questions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    dialogue_id   INTEGER     NOT NULL REFERENCES dialogues (id),
    resident_id   INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    text          TEXT        NOT NULL,
    photo_id      TEXT        NOT NULL DEFAULT '',
    show_name     INTEGER     NOT NULL DEFAULT 0,
    status        TEXT        NOT NULL,
    merged_into   INTEGER     NOT NULL DEFAULT 0,
    hidden_reason TEXT        NOT NULL DEFAULT '',
    answer_kind   TEXT        NOT NULL DEFAULT '',
    answer        TEXT        NOT NULL DEFAULT '',
    answer_due    TEXT,
    answered_at   TEXT,
    answered_by   INTEGER     NOT NULL DEFAULT 0,
    created_at    TEXT        NOT NULL,
    updated_at    TEXT        NOT NULL
) STRICT;
CREATE INDEX questions_dialogue ON questions (dialogue_id, id);
CREATE INDEX questions_written ON questions (answer_due) WHERE status = 'written';

-- One support per resident and question; a merge copies the duplicate's
-- supporters (and its asker) here.
CREATE TABLE question_supports (
    question_id INTEGER     NOT NULL REFERENCES questions (id),
    resident_id INTEGER     NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    at          TEXT        NOT NULL,
    PRIMARY KEY (question_id, resident_id)
) STRICT;

-- The places taken in a slot: a booking increments taken only while it is
-- below the capacity, in one statement, so two bookings at once cannot
-- both take the last place.
CREATE TABLE reception_slots (
    host       TEXT        NOT NULL,
    slot_start TEXT        NOT NULL,
    taken      INTEGER     NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (host, slot_start)
) STRICT;

CREATE TABLE reception_bookings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    host        TEXT        NOT NULL,
    slot_start  TEXT        NOT NULL,
    topic       TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    created_at  TEXT        NOT NULL,
    updated_at  TEXT        NOT NULL,
    recorded_by INTEGER     NOT NULL DEFAULT 0,
    reminded_at TEXT
) STRICT;
CREATE INDEX reception_bookings_slot ON reception_bookings (slot_start, id);
CREATE INDEX reception_bookings_resident ON reception_bookings (resident_id, slot_start);
CREATE UNIQUE INDEX reception_bookings_once ON reception_bookings (host, slot_start, resident_id) WHERE status = 'booked';

CREATE TABLE consultations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT        NOT NULL,
    kind          TEXT        NOT NULL,
    summary       TEXT        NOT NULL,
    document_id   TEXT        NOT NULL DEFAULT '',
    document_name TEXT        NOT NULL DEFAULT '',
    audience      TEXT        NOT NULL, -- JSON
    opens_at      TEXT        NOT NULL,
    closes_at     TEXT        NOT NULL,
    created_by    INTEGER     NOT NULL DEFAULT 0,
    created_at    TEXT        NOT NULL,
    closed_at     TEXT,
    result        TEXT        NOT NULL DEFAULT '',
    published_at  TEXT,
    published_by  INTEGER     NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX consultations_closes ON consultations (closes_at, id);

CREATE TABLE comments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER     NOT NULL REFERENCES consultations (id),
    resident_id     INTEGER     REFERENCES residents (id) ON DELETE SET NULL,
    neighbourhood   TEXT        NOT NULL DEFAULT '',
    text            TEXT        NOT NULL,
    at              TEXT        NOT NULL
) STRICT;
CREATE INDEX comments_consultation ON comments (consultation_id, id);

-- +goose Down
DROP TABLE comments;
DROP TABLE consultations;
DROP TABLE reception_bookings;
DROP TABLE reception_slots;
DROP TABLE question_supports;
DROP TABLE questions;
DROP TABLE dialogues;
DROP TABLE ballots;
DROP TABLE votes;
DROP TABLE household_members;
DROP TABLE households;
