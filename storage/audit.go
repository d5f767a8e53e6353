package storage

import (
	"context"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.AuditService = (*DB)(nil)

type auditRow struct {
	ID      int64     `db:"id"`
	At      timestamp `db:"at"`
	ActorID int64     `db:"actor_id"`
	Action  string    `db:"action"`
	Subject string    `db:"subject"`
	Detail  string    `db:"detail"`
}

// Audit appends an entry; a zero At means now. EINVALID without an action.
func (db *DB) Audit(ctx context.Context, e danchu.AuditEntry) error {
	const op = "storage.Audit"
	if e.Action == "" {
		return invalid(op, "audit entry has no action")
	}
	if e.At.IsZero() {
		e.At = db.now()
	}
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)`),
			ts(e.At), e.ActorID, e.Action, e.Subject, e.Detail)
		return err
	}))
}

// AuditOf lists entries whose subject is subject, oldest first.
func (db *DB) AuditOf(ctx context.Context, subject string) ([]danchu.AuditEntry, error) {
	const op = "storage.AuditOf"
	var rows []auditRow
	err := db.sel(ctx, &rows, `
		SELECT id, at, actor_id, action, subject, detail FROM audit_log WHERE subject = ? ORDER BY at, id`, subject)
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = danchu.AuditEntry{ID: r.ID, At: r.At.Time(), ActorID: r.ActorID, Action: r.Action, Subject: r.Subject, Detail: r.Detail}
	}
	return out, nil
}
