package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.JobRunService = (*DB)(nil)

type jobRunRow struct {
	Job        string     `db:"job"`
	Planned    timestamp  `db:"planned"`
	Owner      string     `db:"owner"`
	ClaimedAt  timestamp  `db:"claimed_at"`
	LeaseUntil timestamp  `db:"lease_until"`
	Attempts   int        `db:"attempts"`
	DoneAt     *timestamp `db:"done_at"`
	Sent       int        `db:"sent"`
	LastError  string     `db:"last_error"`
}

const jobRunColumns = `job, planned, owner, claimed_at, lease_until, attempts, done_at, sent, last_error`

func (r *jobRunRow) run() *danchu.JobRun {
	return &danchu.JobRun{Job: r.Job, Planned: r.Planned.Time(), Owner: r.Owner, ClaimedAt: r.ClaimedAt.Time(),
		LeaseUntil: r.LeaseUntil.Time(), Attempts: r.Attempts, DoneAt: r.DoneAt.TimePtr(), Sent: r.Sent,
		LastError: r.LastError}
}

// ClaimJobRun claims (job, planned) for owner until now+lease: a new run is
// inserted; a run not done whose lease ended at now is taken over (one
// attempt more). The unique key decides between replicas racing: on
// PostgreSQL the upsert locks the row, on SQLite the single writer claims.
// EINVALID without a job, an owner or a positive lease.
func (db *DB) ClaimJobRun(ctx context.Context, job string, planned time.Time, owner string, now time.Time, lease time.Duration) (bool, *danchu.JobRun, error) {
	const op = "storage.ClaimJobRun"
	if job == "" || owner == "" || lease <= 0 || planned.IsZero() {
		return false, nil, invalid(op, "a claim needs a job, a planned time, an owner and a positive lease")
	}
	var claimed bool
	var row jobRunRow
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var got string
		err := tx.GetContext(ctx, &got, db.rebind(`
			INSERT INTO job_runs (job, planned, owner, claimed_at, lease_until, attempts)
			VALUES (?, ?, ?, ?, ?, 1)
			ON CONFLICT (job, planned) DO UPDATE SET
				owner = excluded.owner, claimed_at = excluded.claimed_at,
				lease_until = excluded.lease_until, attempts = job_runs.attempts + 1
			WHERE job_runs.done_at IS NULL AND job_runs.lease_until <= ?
			RETURNING owner`),
			job, ts(planned), owner, ts(now), ts(now.Add(lease)), ts(now))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			claimed = false
		case err != nil:
			return err
		default:
			claimed = got == owner
		}
		return tx.GetContext(ctx, &row, db.rebind(`SELECT `+jobRunColumns+` FROM job_runs WHERE job = ? AND planned = ?`),
			job, ts(planned))
	})
	if err != nil {
		return false, nil, internal(op, err)
	}
	return claimed, row.run(), nil
}

// FinishJobRun writes msgs to the outbox and marks the run done, in one
// transaction, while owner holds the claim; ECONFLICT (nothing written)
// when it does not, ENOTFOUND when the run was never claimed. Messages get
// their ID, Status and CreatedAt as with Enqueue; a repeated DedupKey is
// skipped (ID 0). EINVALID for a message without a chat or a text.
func (db *DB) FinishJobRun(ctx context.Context, job string, planned time.Time, owner string, now time.Time, msgs []*danchu.OutboxMessage) error {
	const op = "storage.FinishJobRun"
	buttons, err := encodeOutbox(op, msgs)
	if err != nil {
		return err
	}
	var stored func()
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		var sent int
		var err error
		if stored, sent, err = db.insertOutboxes(ctx, tx, msgs, buttons, normTime(now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE job_runs SET done_at = ?, sent = ?, last_error = ''
			WHERE job = ? AND planned = ? AND owner = ? AND done_at IS NULL`),
			ts(now), sent, job, ts(planned), owner)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var n int
		if err := tx.GetContext(ctx, &n, db.rebind(`SELECT COUNT(*) FROM job_runs WHERE job = ? AND planned = ?`), job, ts(planned)); err != nil {
			return err
		}
		if n == 0 {
			return notFound(op, "the job run was never claimed")
		}
		return conflict(op, "the job run is done or was taken over")
	})
	if err != nil {
		return internal(op, err)
	}
	stored()
	return nil
}

// FailJobRun lets the run be claimed again from retryAt and keeps the
// reason, while owner holds it; otherwise nothing changes.
func (db *DB) FailJobRun(ctx context.Context, job string, planned time.Time, owner string, retryAt time.Time, reason string) error {
	const op = "storage.FailJobRun"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE job_runs SET lease_until = ?, last_error = ?
			WHERE job = ? AND planned = ? AND owner = ? AND done_at IS NULL`),
			ts(retryAt), reason, job, ts(planned), owner)
		return err
	}))
}

// JobRuns lists the runs of job planned in [from, to), oldest first.
func (db *DB) JobRuns(ctx context.Context, job string, from, to time.Time) ([]danchu.JobRun, error) {
	const op = "storage.JobRuns"
	var rows []jobRunRow
	err := db.sel(ctx, &rows, `SELECT `+jobRunColumns+` FROM job_runs
		WHERE job = ? AND planned >= ? AND planned < ? ORDER BY planned`, job, ts(ceilMicro(from)), ts(ceilMicro(to)))
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.JobRun, len(rows))
	for i := range rows {
		out[i] = *rows[i].run()
	}
	return out, nil
}

// FirstJobRun returns the earliest planned time of job's runs; ENOTFOUND
// when it never ran.
func (db *DB) FirstJobRun(ctx context.Context, job string) (time.Time, error) {
	const op = "storage.FirstJobRun"
	var row struct {
		First *timestamp `db:"first"`
	}
	if err := db.get(ctx, &row, `SELECT MIN(planned) AS first FROM job_runs WHERE job = ?`, job); err != nil {
		return time.Time{}, internal(op, err)
	}
	if row.First == nil {
		return time.Time{}, notFound(op, "the job never ran")
	}
	return row.First.Time(), nil
}
