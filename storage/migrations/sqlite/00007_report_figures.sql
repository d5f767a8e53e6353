-- +goose Up
-- As 00001: STRICT tables, times as fixed-width UTC TEXT.
-- The figures of a report period, counted by the database (storage/
-- figures.go): how each petition came in, and the indexes that let the
-- counts of a half-year read only that half-year.

-- Every petition so far came through Telegram; another channel (the web
-- chat, a letter entered by an official) will say so.
ALTER TABLE petitions ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram';

-- A petition's history up to a moment: its status at the end of a period.
CREATE INDEX petition_events_petition_at ON petition_events (petition_id, at, id);
CREATE INDEX ratings_at ON ratings (at);
CREATE INDEX consultations_opens ON consultations (opens_at);
CREATE INDEX consultations_published ON consultations (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX comments_at ON comments (at);
CREATE INDEX votes_closed ON votes (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX ballots_vote ON ballots (vote_id, channel);
CREATE INDEX residents_neighbourhood_created ON residents (neighbourhood, created_at);
CREATE INDEX households_confirmed ON households (neighbourhood, confirmed_at) WHERE representative_id IS NOT NULL;

-- +goose Down
DROP INDEX households_confirmed;
DROP INDEX residents_neighbourhood_created;
DROP INDEX ballots_vote;
DROP INDEX votes_closed;
DROP INDEX comments_at;
DROP INDEX consultations_published;
DROP INDEX consultations_opens;
DROP INDEX ratings_at;
DROP INDEX petition_events_petition_at;
ALTER TABLE petitions DROP COLUMN channel;
