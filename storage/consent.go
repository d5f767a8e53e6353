package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.ConsentService = (*DB)(nil)

type consentRow struct {
	ID          int64           `db:"id"`
	ResidentID  sql.Null[int64] `db:"resident_id"`
	TelegramID  sql.Null[int64] `db:"telegram_id"`
	Version     string          `db:"version"`
	GivenAt     timestamp       `db:"given_at"`
	WithdrawnAt *timestamp      `db:"withdrawn_at"`
}

func (r consentRow) consent() danchu.Consent {
	return danchu.Consent{
		ID:          r.ID,
		ResidentID:  r.ResidentID.V,
		TelegramID:  r.TelegramID.V,
		Version:     r.Version,
		GivenAt:     r.GivenAt.Time(),
		WithdrawnAt: r.WithdrawnAt.TimePtr(),
	}
}

// nullID stores 0 as NULL: no resident (yet, or any more).
func nullID(id int64) sql.Null[int64] { return sql.Null[int64]{V: id, Valid: id != 0} }

// RecordConsent stores a consent and sets c.ID. ResidentID may be 0 while
// the resident registers; a zero GivenAt means now. EINVALID without a
// version or without anyone who gave it; ENOTFOUND for an unknown resident.
func (db *DB) RecordConsent(ctx context.Context, c *danchu.Consent) error {
	const op = "storage.RecordConsent"
	switch {
	case c.Version == "":
		return invalid(op, "consent has no notice version")
	case c.ResidentID == 0 && c.TelegramID == 0:
		return invalid(op, "consent names no resident and no Telegram id")
	}
	if c.GivenAt.IsZero() {
		c.GivenAt = db.now()
	}
	var id int64
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &id, db.rebind(`
			INSERT INTO consents (resident_id, telegram_id, version, given_at, withdrawn_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`),
			nullID(c.ResidentID), nullID(c.TelegramID), c.Version, ts(c.GivenAt), tsPtr(c.WithdrawnAt))
	})
	if isForeignKeyViolation(err) {
		return notFound(op, "resident not found")
	}
	if err != nil {
		return internal(op, err)
	}
	c.ID, c.GivenAt = id, normTime(c.GivenAt)
	if c.WithdrawnAt != nil {
		w := normTime(*c.WithdrawnAt)
		c.WithdrawnAt = &w
	}
	return nil
}

// LinkConsents sets the resident of the consents given from a Telegram id
// that have none yet. ENOTFOUND for an unknown resident.
func (db *DB) LinkConsents(ctx context.Context, telegramID, residentID int64) error {
	const op = "storage.LinkConsents"
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE consents SET resident_id = ? WHERE telegram_id = ? AND resident_id IS NULL`),
			residentID, telegramID)
		return err
	})
	if isForeignKeyViolation(err) {
		return notFound(op, "resident not found")
	}
	return internal(op, err)
}

// ConsentsOf lists every consent of a resident, oldest first.
func (db *DB) ConsentsOf(ctx context.Context, residentID int64) ([]danchu.Consent, error) {
	const op = "storage.ConsentsOf"
	var rows []consentRow
	err := db.sel(ctx, &rows, `
		SELECT id, resident_id, telegram_id, version, given_at, withdrawn_at
		FROM consents WHERE resident_id = ? ORDER BY given_at, id`, residentID)
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.Consent, len(rows))
	for i, row := range rows {
		out[i] = row.consent()
	}
	return out, nil
}

// WithdrawConsents marks the resident's open consents withdrawn at now.
func (db *DB) WithdrawConsents(ctx context.Context, residentID int64, now time.Time) error {
	const op = "storage.WithdrawConsents"
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE consents SET withdrawn_at = ? WHERE resident_id = ? AND withdrawn_at IS NULL`),
			ts(now), residentID)
		return err
	}))
}

// anonymiseConsents keeps a deleted resident's consents as history: when
// and which version, withdrawn at now, linked to nobody.
func (db *DB) anonymiseConsents(ctx context.Context, tx *sqlx.Tx, residentID, telegramID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, db.rebind(`
		UPDATE consents SET withdrawn_at = ? WHERE (resident_id = ? OR telegram_id = ?) AND withdrawn_at IS NULL`),
		ts(now), residentID, telegramID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, db.rebind(`
		UPDATE consents SET resident_id = NULL, telegram_id = NULL WHERE resident_id = ? OR telegram_id = ?`),
		residentID, telegramID)
	return err
}
