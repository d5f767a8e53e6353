package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.VoteService = (*DB)(nil)

type voteRow struct {
	ID            int64      `db:"id"`
	Question      string     `db:"question"`
	Matter        string     `db:"matter"`
	Options       string     `db:"options"`
	Proposal      bool       `db:"proposal"`
	Neighbourhood string     `db:"neighbourhood"`
	Households    int        `db:"households"`
	OpensAt       timestamp  `db:"opens_at"`
	ClosesAt      timestamp  `db:"closes_at"`
	AgreedAt      *timestamp `db:"agreed_at"`
	CreatedBy     int64      `db:"created_by"`
	CreatedAt     timestamp  `db:"created_at"`
	AnnouncedAt   *timestamp `db:"announced_at"`
	ClosedAt      *timestamp `db:"closed_at"`
	ClosedBy      int64      `db:"closed_by"`
	ReportedAt    *timestamp `db:"reported_at"`
	Outcome       string     `db:"outcome"`
}

const voteColumns = `id, question, matter, options, proposal, neighbourhood, households, opens_at, closes_at,
	agreed_at, created_by, created_at, announced_at, closed_at, closed_by, reported_at, outcome`

func (r *voteRow) vote() (*danchu.Vote, error) {
	v := &danchu.Vote{ID: r.ID, Question: r.Question, Matter: danchu.Matter(r.Matter), Proposal: r.Proposal,
		Neighbourhood: r.Neighbourhood, Households: r.Households, OpensAt: r.OpensAt.Time(), ClosesAt: r.ClosesAt.Time(),
		AgreedAt: r.AgreedAt.TimePtr(), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.Time(),
		AnnouncedAt: r.AnnouncedAt.TimePtr(), ClosedAt: r.ClosedAt.TimePtr(), ClosedBy: r.ClosedBy, ReportedAt: r.ReportedAt.TimePtr()}
	if err := json.Unmarshal([]byte(r.Options), &v.Options); err != nil {
		return nil, fmt.Errorf("vote %d: decode options: %w", r.ID, err)
	}
	if r.Outcome != "" {
		v.Outcome = &danchu.Outcome{}
		if err := json.Unmarshal([]byte(r.Outcome), v.Outcome); err != nil {
			return nil, fmt.Errorf("vote %d: decode outcome: %w", r.ID, err)
		}
	}
	return v, nil
}

func votes(rows []voteRow) ([]*danchu.Vote, error) {
	out := make([]*danchu.Vote, len(rows))
	for i := range rows {
		v, err := rows[i].vote()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// CreateVote stores v (danchu.VoteService).
func (db *DB) CreateVote(ctx context.Context, v *danchu.Vote) error {
	const op = "storage.CreateVote"
	if strings.TrimSpace(v.Question) == "" || v.Neighbourhood == "" || len(v.Options) < danchu.MinVoteOptions {
		return invalid(op, "a vote needs a question, a neighbourhood and at least two options")
	}
	if v.CreatedAt.IsZero() {
		v.CreatedAt = db.now()
	}
	options, err := json.Marshal(v.Options)
	if err != nil {
		return internal(op, err)
	}
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &v.ID, db.rebind(`
			INSERT INTO votes (question, matter, options, proposal, neighbourhood, households, opens_at, closes_at,
				agreed_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			v.Question, string(v.Matter), string(options), v.Proposal, v.Neighbourhood, v.Households,
			ts(v.OpensAt), ts(v.ClosesAt), tsPtr(v.AgreedAt), v.CreatedBy, ts(v.CreatedAt))
	})
	if err != nil {
		return internal(op, err)
	}
	v.CreatedAt = normTime(v.CreatedAt)
	return nil
}

// FindVote returns ENOTFOUND when there is no such vote.
func (db *DB) FindVote(ctx context.Context, id int64) (*danchu.Vote, error) {
	const op = "storage.FindVote"
	var row voteRow
	err := db.get(ctx, &row, `SELECT `+voteColumns+` FROM votes WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no such vote")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	v, err := row.vote()
	return v, internal(op, err)
}

// ListVotes lists the votes of the neighbourhoods, newest first.
func (db *DB) ListVotes(ctx context.Context, neighbourhoods []string, limit int) ([]*danchu.Vote, error) {
	const op = "storage.ListVotes"
	q := `SELECT ` + voteColumns + ` FROM votes`
	var args []any
	if len(neighbourhoods) > 0 {
		q += ` WHERE neighbourhood IN (?` + strings.Repeat(", ?", len(neighbourhoods)-1) + `)`
		for _, n := range neighbourhoods {
			args = append(args, n)
		}
	}
	q += ` ORDER BY id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var rows []voteRow
	if err := db.sel(ctx, &rows, q, args...); err != nil {
		return nil, internal(op, err)
	}
	out, err := votes(rows)
	return out, internal(op, err)
}

// CastBallot stores a household's one ballot (danchu.VoteService).
func (db *DB) CastBallot(ctx context.Context, b *danchu.Ballot) error {
	const op = "storage.CastBallot"
	if b.At.IsZero() {
		b.At = db.now()
	}
	// On PostgreSQL the vote's row is shared-locked, so CloseVote (which
	// updates it) waits for the ballots being cast, and a ballot that
	// starts after the close sees it closed.
	lock := ""
	if db.engine == EnginePostgres {
		lock = " FOR SHARE"
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var row voteRow
		err := tx.GetContext(ctx, &row, db.rebind(`SELECT `+voteColumns+` FROM votes WHERE id = ?`+lock), b.VoteID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such vote")
		}
		if err != nil {
			return err
		}
		v, err := row.vote()
		if err != nil {
			return err
		}
		switch {
		case !v.OpenAt(b.At):
			return invalid(op, "the vote is not open")
		case !b.Channel.Valid():
			return invalid(op, "unknown channel")
		case b.Channel == danchu.ChannelOnline && !v.Online():
			return &danchu.Error{Code: danchu.EFORBIDDEN, Op: op, Message: "this matter is not voted online"}
		case b.Option == danchu.Abstain && b.Channel == danchu.ChannelOnline,
			b.Option != danchu.Abstain && (b.Option < 0 || b.Option >= len(v.Options)):
			return invalid(op, "no such option")
		}
		var h householdRow
		err = tx.GetContext(ctx, &h, db.rebind(`SELECT `+householdColumns+` FROM households h WHERE h.id = ?`), b.HouseholdID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such household")
		}
		if err != nil {
			return err
		}
		if h.Neighbourhood != v.Neighbourhood {
			return invalid(op, "the household is not of the vote's neighbourhood")
		}
		if b.Channel == danchu.ChannelOnline && (b.ResidentID == 0 || h.RepresentativeID.Int64 != b.ResidentID) {
			return &danchu.Error{Code: danchu.EFORBIDDEN, Op: op, Message: "only the household's confirmed representative votes for it"}
		}
		_, err = tx.ExecContext(ctx, db.rebind(`
			INSERT INTO ballots (vote_id, household_id, option_index, channel, resident_id, recorded_by, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`),
			b.VoteID, b.HouseholdID, b.Option, string(b.Channel), nullID(b.ResidentID), b.RecordedBy, ts(b.At))
		if isUniqueViolation(err) {
			return conflict(op, "the household has voted already")
		}
		return err
	})
	if err != nil {
		return internal(op, err)
	}
	b.At = normTime(b.At)
	return nil
}

type ballotRow struct {
	VoteID      int64         `db:"vote_id"`
	HouseholdID int64         `db:"household_id"`
	Option      int           `db:"option_index"`
	Channel     string        `db:"channel"`
	ResidentID  sql.NullInt64 `db:"resident_id"`
	RecordedBy  int64         `db:"recorded_by"`
	At          timestamp     `db:"at"`
}

const ballotColumns = `vote_id, household_id, option_index, channel, resident_id, recorded_by, at`

func (r ballotRow) ballot() danchu.Ballot {
	return danchu.Ballot{VoteID: r.VoteID, HouseholdID: r.HouseholdID, Option: r.Option, Channel: danchu.Channel(r.Channel),
		ResidentID: r.ResidentID.Int64, RecordedBy: r.RecordedBy, At: r.At.Time()}
}

func ballotsOf(ctx context.Context, q sqlx.QueryerContext, db *DB, voteID int64) ([]danchu.Ballot, error) {
	var rows []ballotRow
	if err := sqlx.SelectContext(ctx, q, &rows, db.rebind(`SELECT `+ballotColumns+` FROM ballots WHERE vote_id = ? ORDER BY id`), voteID); err != nil {
		return nil, err
	}
	out := make([]danchu.Ballot, len(rows))
	for i, r := range rows {
		out[i] = r.ballot()
	}
	return out, nil
}

// Ballots lists a vote's ballots, oldest first.
func (db *DB) Ballots(ctx context.Context, voteID int64) ([]danchu.Ballot, error) {
	out, err := ballotsOf(ctx, db.db, db, voteID)
	return out, internal("storage.Ballots", err)
}

// BallotsBy lists the ballots a resident cast online, oldest first.
func (db *DB) BallotsBy(ctx context.Context, residentID int64) ([]danchu.Ballot, error) {
	var rows []ballotRow
	if err := db.sel(ctx, &rows, `SELECT `+ballotColumns+` FROM ballots WHERE resident_id = ? ORDER BY at, id`, residentID); err != nil {
		return nil, internal("storage.BallotsBy", err)
	}
	out := make([]danchu.Ballot, len(rows))
	for i, r := range rows {
		out[i] = r.ballot()
	}
	return out, nil
}

// BallotOf returns ENOTFOUND when the household has no ballot in the vote.
func (db *DB) BallotOf(ctx context.Context, voteID, householdID int64) (*danchu.Ballot, error) {
	const op = "storage.BallotOf"
	var row ballotRow
	err := db.get(ctx, &row, `SELECT `+ballotColumns+` FROM ballots WHERE vote_id = ? AND household_id = ?`, voteID, householdID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "the household has not voted")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	b := row.ballot()
	return &b, nil
}

// VotesToAnnounce lists open votes not announced yet.
func (db *DB) VotesToAnnounce(ctx context.Context, now time.Time) ([]*danchu.Vote, error) {
	const op = "storage.VotesToAnnounce"
	var rows []voteRow
	if err := db.sel(ctx, &rows, `SELECT `+voteColumns+` FROM votes
		WHERE announced_at IS NULL AND closed_at IS NULL AND opens_at <= ? AND closes_at > ? ORDER BY id`,
		ts(now), ts(now)); err != nil {
		return nil, internal(op, err)
	}
	out, err := votes(rows)
	return out, internal(op, err)
}

// MarkVoteAnnounced records the announcement once.
func (db *DB) MarkVoteAnnounced(ctx context.Context, id int64, at time.Time) (bool, error) {
	return db.markOnce(ctx, "storage.MarkVoteAnnounced", "votes", "announced_at", id, at)
}

// VotesToClose lists votes due to close, and closed ones not reported.
func (db *DB) VotesToClose(ctx context.Context, now time.Time) ([]*danchu.Vote, error) {
	const op = "storage.VotesToClose"
	var rows []voteRow
	if err := db.sel(ctx, &rows, `SELECT `+voteColumns+` FROM votes
		WHERE (closed_at IS NULL AND closes_at <= ?) OR (closed_at IS NOT NULL AND reported_at IS NULL) ORDER BY id`,
		ts(now)); err != nil {
		return nil, internal(op, err)
	}
	out, err := votes(rows)
	return out, internal(op, err)
}

// CloseVote closes the vote with the outcome of its final ballots.
func (db *DB) CloseVote(ctx context.Context, id int64, at time.Time, by int64, decide func(*danchu.Vote, []danchu.Ballot) danchu.Outcome) (*danchu.Vote, bool, error) {
	const op = "storage.CloseVote"
	closed := false
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		// The update comes first: on PostgreSQL it waits for the ballots
		// being cast (they hold the row shared) and then shuts out new ones.
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE votes SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL`),
			ts(at), by, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		var row voteRow
		err = tx.GetContext(ctx, &row, db.rebind(`SELECT `+voteColumns+` FROM votes WHERE id = ?`), id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such vote")
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return nil // closed before
		}
		closed = true
		v, err := row.vote()
		if err != nil {
			return err
		}
		ballots, err := ballotsOf(ctx, tx, db, id)
		if err != nil {
			return err
		}
		outcome, err := json.Marshal(decide(v, ballots))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE votes SET outcome = ? WHERE id = ?`), string(outcome), id)
		return err
	})
	if err != nil {
		return nil, false, internal(op, err)
	}
	v, err := db.FindVote(ctx, id)
	return v, closed, err
}

// MarkVoteReported records that the result was sent, once.
func (db *DB) MarkVoteReported(ctx context.Context, id int64, at time.Time) (bool, error) {
	return db.markOnce(ctx, "storage.MarkVoteReported", "votes", "reported_at", id, at)
}

// markOnce sets a time column of a row that has none yet, and reports
// whether this call set it. ENOTFOUND for an unknown row. table and column
// are constants of this package, never input.
func (db *DB) markOnce(ctx context.Context, op, table, column string, id int64, at time.Time) (bool, error) {
	var set bool
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE `+table+` SET `+column+` = ? WHERE id = ? AND `+column+` IS NULL`), ts(at), id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 1 {
			set = true
			return nil
		}
		var count int
		if err := tx.GetContext(ctx, &count, db.rebind(`SELECT COUNT(*) FROM `+table+` WHERE id = ?`), id); err != nil {
			return err
		}
		if count == 0 {
			return notFound(op, "not found")
		}
		return nil
	})
	return set, internal(op, err)
}
