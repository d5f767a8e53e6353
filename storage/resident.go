package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.ResidentService = (*DB)(nil)

type residentRow struct {
	ID            int64     `db:"id"`
	TelegramID    int64     `db:"telegram_id"`
	FullName      string    `db:"full_name"`
	Phone         string    `db:"phone"`
	Neighbourhood string    `db:"neighbourhood"`
	Language      string    `db:"language"`
	Unreachable   bool      `db:"unreachable"`
	CreatedAt     timestamp `db:"created_at"`
	UpdatedAt     timestamp `db:"updated_at"`
}

func (r residentRow) resident() *danchu.Resident {
	return &danchu.Resident{
		ID:            r.ID,
		TelegramID:    r.TelegramID,
		FullName:      r.FullName,
		Phone:         r.Phone,
		Neighbourhood: r.Neighbourhood,
		Language:      r.Language,
		Unreachable:   r.Unreachable,
		CreatedAt:     r.CreatedAt.Time(),
		UpdatedAt:     r.UpdatedAt.Time(),
	}
}

const residentColumns = `id, telegram_id, full_name, phone, neighbourhood, language, unreachable, created_at, updated_at`

// FindResidentByTelegramID returns ENOTFOUND when no resident has that id.
func (db *DB) FindResidentByTelegramID(ctx context.Context, telegramID int64) (*danchu.Resident, error) {
	const op = "storage.FindResidentByTelegramID"
	var row residentRow
	err := db.get(ctx, &row, `SELECT `+residentColumns+` FROM residents WHERE telegram_id = ?`, telegramID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "resident not found")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return row.resident(), nil
}

// FindResidentByID returns ENOTFOUND when no resident has that id.
func (db *DB) FindResidentByID(ctx context.Context, id int64) (*danchu.Resident, error) {
	const op = "storage.FindResidentByID"
	var row residentRow
	err := db.get(ctx, &row, `SELECT `+residentColumns+` FROM residents WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "resident not found")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return row.resident(), nil
}

// CreateResident sets r.ID, CreatedAt and UpdatedAt; ECONFLICT when the
// Telegram id is already registered, EINVALID without a Telegram id.
func (db *DB) CreateResident(ctx context.Context, r *danchu.Resident) error {
	const op = "storage.CreateResident"
	if r.TelegramID == 0 {
		return invalid(op, "resident has no Telegram id")
	}
	now := db.now()
	var id int64
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &id, db.rebind(`
			INSERT INTO residents (telegram_id, full_name, phone, neighbourhood, language, unreachable, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			r.TelegramID, r.FullName, r.Phone, r.Neighbourhood, r.Language, r.Unreachable, ts(now), ts(now))
	})
	if isUniqueViolation(err) {
		return conflict(op, "this Telegram account is already registered")
	}
	if err != nil {
		return internal(op, err)
	}
	r.ID, r.CreatedAt, r.UpdatedAt = id, now, now
	return nil
}

// UpdateResident saves name, phone, neighbourhood and language and sets
// r.UpdatedAt; ENOTFOUND when the resident does not exist.
func (db *DB) UpdateResident(ctx context.Context, r *danchu.Resident) error {
	const op = "storage.UpdateResident"
	now := db.now()
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE residents SET full_name = ?, phone = ?, neighbourhood = ?, language = ?, updated_at = ?
			WHERE id = ?`),
			r.FullName, r.Phone, r.Neighbourhood, r.Language, ts(now), r.ID)
		return mustAffect(op, res, err, "resident not found")
	})
	if err != nil {
		return internal(op, err)
	}
	r.UpdatedAt = now
	return nil
}

// SetUnreachable records that Telegram refused to deliver to the chat (403),
// or that it delivers again. ENOTFOUND when no resident has the id.
func (db *DB) SetUnreachable(ctx context.Context, telegramID int64, unreachable bool) error {
	const op = "storage.SetUnreachable"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE residents SET unreachable = ? WHERE telegram_id = ?`),
			unreachable, telegramID)
		return mustAffect(op, res, err, "resident not found")
	}))
}

// ListResidents lists residents by id, of one neighbourhood when it is not "".
func (db *DB) ListResidents(ctx context.Context, neighbourhood string) ([]*danchu.Resident, error) {
	const op = "storage.ListResidents"
	var rows []residentRow
	var err error
	if neighbourhood == "" {
		err = db.sel(ctx, &rows, `SELECT `+residentColumns+` FROM residents ORDER BY id`)
	} else {
		err = db.sel(ctx, &rows, `SELECT `+residentColumns+` FROM residents WHERE neighbourhood = ? ORDER BY id`, neighbourhood)
	}
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Resident, len(rows))
	for i, row := range rows {
		out[i] = row.resident()
	}
	return out, nil
}

// DeleteResident removes the resident's profile and contact data and roles.
// Consents stay as history, anonymised (no resident, no Telegram id) and
// withdrawn; invites the resident used lose the link; the payloads of the
// chat's handled inbox updates (names, phone numbers) are blanked; drafts are
// deleted; outbox messages to them lose their text and chat, and those not
// sent yet are cancelled. It writes nothing to the audit log: the caller
// records the deletion, by resident id only, and drops the chat's session.
//
// Petitions are records the law keeps (LAW.md, personal data): a khiếu nại or
// tố cáo already filed is still being handled, or is evidence of how it was.
// So a petition keeps its content, history and receipt, and only loses its
// link to the account: resident_id becomes NULL (Petition.ResidentID 0), the
// author's own steps in its history (filing, withdrawal, reopening) lose
// their actor, and their ratings lose their author. The sealed identity of a
// khiếu nại or tố cáo is kept, still encrypted: the handler needs to know who
// complained to answer them, and the law requires it of those two kinds; it
// is no longer linked to any account. Receipts keep the resident id as it
// was hashed, or the chain would break; ids are never reused, so it names no
// one once the profile is gone. Petitions the resident handled as an
// official go back to the unassigned list, and their steps keep their actor
// id: the unit's record of who acted.
func (db *DB) DeleteResident(ctx context.Context, id int64) error {
	const op = "storage.DeleteResident"
	now := db.now()
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		var telegramID int64
		err := tx.GetContext(ctx, &telegramID, db.rebind(`SELECT telegram_id FROM residents WHERE id = ?`), id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "resident not found")
		}
		if err != nil {
			return err
		}
		if err := db.anonymiseConsents(ctx, tx, id, telegramID, now); err != nil {
			return err
		}
		if err := db.blankInbox(ctx, tx, telegramID); err != nil {
			return err
		}
		if err := db.forgetOutbox(ctx, tx, id, telegramID); err != nil {
			return err
		}
		steps := []string{
			`DELETE FROM roles WHERE resident_id = ?`,
			`UPDATE invites SET used_by = NULL WHERE used_by = ?`,
			`DELETE FROM drafts WHERE resident_id = ?`,
			// Before the petitions lose their author, while they still name them.
			`UPDATE petition_events SET actor_id = 0 WHERE actor_id = ?
				AND petition_id IN (SELECT id FROM petitions WHERE resident_id = petition_events.actor_id)`,
			`UPDATE petitions SET resident_id = NULL WHERE resident_id = ?`,
			`UPDATE petitions SET handler_id = NULL WHERE handler_id = ?`,
			`UPDATE ratings SET resident_id = NULL WHERE resident_id = ?`,
			`DELETE FROM residents WHERE id = ?`,
		}
		for _, q := range steps {
			if _, err := tx.ExecContext(ctx, db.rebind(q), id); err != nil {
				return err
			}
		}
		return nil
	}))
}

// mustAffect turns "no row changed" into ENOTFOUND.
func mustAffect(op string, res sql.Result, err error, msg string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(op, msg)
	}
	return nil
}
