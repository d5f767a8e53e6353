-- +goose Up
-- As 00004 of PostgreSQL: STRICT tables, times as fixed-width UTC TEXT.

CREATE TABLE job_runs (
    job         TEXT    NOT NULL,
    planned     TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    claimed_at  TEXT    NOT NULL,
    lease_until TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 1,
    done_at     TEXT,
    sent        INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (job, planned)
) STRICT;

CREATE TABLE report_deadlines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT    NOT NULL,
    due         TEXT    NOT NULL,
    period_from TEXT    NOT NULL,
    responsible TEXT    NOT NULL DEFAULT '[]',
    created_by  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL
) STRICT;
CREATE INDEX report_deadlines_due ON report_deadlines (due, id);

CREATE TABLE report_submissions (
    report_key   TEXT    NOT NULL,
    period       TEXT    NOT NULL,
    resident_id  INTEGER NOT NULL DEFAULT 0,
    submitted_at TEXT    NOT NULL,
    PRIMARY KEY (report_key, period)
) STRICT;

-- +goose Down
DROP TABLE report_submissions;
DROP TABLE report_deadlines;
DROP TABLE job_runs;
