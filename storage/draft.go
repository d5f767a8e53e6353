package storage

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
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

// draft is the row as a Draft, its data opened; ok is false when the data
// is sealed and does not open (see DB.unseal), and Data is nil then.
func (db *DB) draft(r draftRow) (d *danchu.Draft, ok bool) {
	data, ok := db.unseal(r.Data, draftPlace(r.ResidentID, r.Flow))
	return &danchu.Draft{
		ResidentID: r.ResidentID,
		ChatID:     r.ChatID,
		Flow:       r.Flow,
		Data:       data,
		UpdatedAt:  r.UpdatedAt.Time(),
		RemindedAt: r.RemindedAt.TimePtr(),
	}, ok
}

// draftPlace binds a sealed draft to its row: a draft copied to another
// resident or flow does not open.
func draftPlace(residentID int64, flow string) string {
	return "draft:" + strconv.FormatInt(residentID, 10) + ":" + flow
}

const draftColumns = `resident_id, flow, chat_id, data, updated_at, reminded_at`

// SaveDraft creates or replaces the draft of d.ResidentID and d.Flow and
// clears RemindedAt; a zero UpdatedAt means now. EINVALID without a resident
// or a flow. With db.Secrets the data is sealed at rest, bound to the
// resident and flow: a tố cáo's draft holds the identity its author typed.
// Callers see the data as they saved it.
func (db *DB) SaveDraft(ctx context.Context, d *danchu.Draft) error {
	const op = "storage.SaveDraft"
	if d.ResidentID == 0 || d.Flow == "" {
		return invalid(op, "a draft needs its resident and its flow")
	}
	updated := normTime(d.UpdatedAt)
	if d.UpdatedAt.IsZero() {
		updated = db.now()
	}
	plain := d.Data
	if plain == nil {
		plain = []byte{}
	}
	data, err := db.seal(plain, draftPlace(d.ResidentID, d.Flow))
	if err != nil {
		return internal(op, err)
	}
	err = db.update(ctx, func(tx *sqlx.Tx) error {
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

// FindDraft returns ENOTFOUND when there is none, and when its sealed data
// does not open (the secret key changed): such a draft is lost, and the
// resident begins a new one, which replaces it.
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
	d, ok := db.draft(row)
	if !ok {
		return nil, notFound(op, "the draft does not open with this secret key")
	}
	return d, nil
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
// A draft whose sealed data does not open is listed with nil Data, so that
// it is still dropped in time.
func (db *DB) StaleDrafts(ctx context.Context, before time.Time) ([]*danchu.Draft, error) {
	const op = "storage.StaleDrafts"
	var rows []draftRow
	if err := db.sel(ctx, &rows, `SELECT `+draftColumns+` FROM drafts WHERE updated_at < ?
		ORDER BY updated_at, resident_id, flow`, ts(before)); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Draft, len(rows))
	for i, r := range rows {
		out[i], _ = db.draft(r)
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
