package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.DraftService = (*DB)(nil)

type draftRow struct {
	ResidentID int64      `db:"resident_id"`
	Flow       string     `db:"flow"`
	ChatID     int64      `db:"chat_id"`
	Data       []byte     `db:"data"`
	UpdatedAt  timestamp  `db:"updated_at"`
	RemindedAt *timestamp `db:"reminded_at"`
}

func (r draftRow) draft() *danchu.Draft {
	return &danchu.Draft{
		ResidentID: r.ResidentID,
		ChatID:     r.ChatID,
		Flow:       r.Flow,
		Data:       r.Data,
		UpdatedAt:  r.UpdatedAt.Time(),
		RemindedAt: r.RemindedAt.TimePtr(),
	}
}

const draftColumns = `resident_id, flow, chat_id, data, updated_at, reminded_at`

// SaveDraft creates or replaces the draft of d.ResidentID and d.Flow and
// clears RemindedAt; a zero UpdatedAt means now. EINVALID without a resident
// or a flow.
func (db *DB) SaveDraft(ctx context.Context, d *danchu.Draft) error {
	const op = "storage.SaveDraft"
	if d.ResidentID == 0 || d.Flow == "" {
		return invalid(op, "a draft needs its resident and its flow")
	}
	updated := normTime(d.UpdatedAt)
	if d.UpdatedAt.IsZero() {
		updated = db.now()
	}
	data := d.Data
	if data == nil {
		data = []byte{}
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`
			INSERT INTO drafts (resident_id, flow, chat_id, data, updated_at, reminded_at) VALUES (?, ?, ?, ?, ?, NULL)
			ON CONFLICT (resident_id, flow) DO UPDATE SET
				chat_id = excluded.chat_id, data = excluded.data, updated_at = excluded.updated_at, reminded_at = NULL`),
			d.ResidentID, d.Flow, d.ChatID, data, ts(updated))
		return err
	})
	if err != nil {
		return internal(op, err)
	}
	d.UpdatedAt, d.RemindedAt = updated, nil
	return nil
}

// FindDraft returns ENOTFOUND when there is none.
func (db *DB) FindDraft(ctx context.Context, residentID int64, flow string) (*danchu.Draft, error) {
	const op = "storage.FindDraft"
	var row draftRow
	err := db.get(ctx, &row, `SELECT `+draftColumns+` FROM drafts WHERE resident_id = ? AND flow = ?`, residentID, flow)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "no draft")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return row.draft(), nil
}

// DeleteDraft removes it; no error when there is none.
func (db *DB) DeleteDraft(ctx context.Context, residentID int64, flow string) error {
	const op = "storage.DeleteDraft"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM drafts WHERE resident_id = ? AND flow = ?`), residentID, flow)
		return err
	}))
}

// StaleDrafts lists drafts not updated since before, oldest first, reminded
// or not: the caller reminds those with no RemindedAt and drops the older.
func (db *DB) StaleDrafts(ctx context.Context, before time.Time) ([]*danchu.Draft, error) {
	const op = "storage.StaleDrafts"
	var rows []draftRow
	if err := db.sel(ctx, &rows, `SELECT `+draftColumns+` FROM drafts WHERE updated_at < ?
		ORDER BY updated_at, resident_id, flow`, ts(before)); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Draft, len(rows))
	for i, r := range rows {
		out[i] = r.draft()
	}
	return out, nil
}

// MarkDraftReminded records that the resident was reminded at at; it does
// not change UpdatedAt. ENOTFOUND when there is no such draft (it was sent
// or dropped meanwhile).
func (db *DB) MarkDraftReminded(ctx context.Context, residentID int64, flow string, at time.Time) error {
	const op = "storage.MarkDraftReminded"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE drafts SET reminded_at = ? WHERE resident_id = ? AND flow = ?`),
			ts(at), residentID, flow)
		return mustAffect(op, res, err, "no draft")
	}))
}
