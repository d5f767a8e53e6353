-- +goose Up
-- As 00001: STRICT tables, times as fixed-width UTC TEXT.
-- The reminders done one day and one hour before meetings, dialogues and
-- receptions (issue 6): reminder_key names the thing and the reminder
-- ("notice:3:day"). The messages carry outbox dedup keys of their own; a
-- row here spares a job that runs every few minutes building them again.
CREATE TABLE reminders_done (
    reminder_key TEXT NOT NULL PRIMARY KEY,
    done_at      TEXT NOT NULL
) STRICT;

-- Reminders look for meetings by their time.
CREATE INDEX notices_meeting ON notices (meeting_at) WHERE meeting_at IS NOT NULL;

-- /du_lieu lists what a resident did.
CREATE INDEX meeting_answers_by ON meeting_answers (resident_id);
CREATE INDEX ballots_by ON ballots (resident_id);
CREATE INDEX questions_by ON questions (resident_id);
CREATE INDEX question_supports_by ON question_supports (resident_id);
CREATE INDEX comments_by ON comments (resident_id);
CREATE INDEX disclosure_questions_by ON disclosure_questions (resident_id);

-- +goose Down
DROP INDEX disclosure_questions_by;
DROP INDEX comments_by;
DROP INDEX question_supports_by;
DROP INDEX questions_by;
DROP INDEX ballots_by;
DROP INDEX meeting_answers_by;
DROP INDEX notices_meeting;
DROP TABLE reminders_done;
