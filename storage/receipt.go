package storage

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

type receiptRow struct {
	Position      int64     `db:"position"`
	Number        string    `db:"number"`
	ReceivedAt    timestamp `db:"received_at"`
	Kind          string    `db:"kind"`
	ResidentID    int64     `db:"resident_id"`
	AcceptDue     timestamp `db:"accept_due"`
	ResolveDue    timestamp `db:"resolve_due"`
	ContentDigest string    `db:"content_digest"`
	PrevHash      string    `db:"prev_hash"`
	Hash          string    `db:"hash"`
}

func (r receiptRow) receipt() danchu.Receipt {
	return danchu.Receipt{
		Number:        r.Number,
		ReceivedAt:    r.ReceivedAt.Time(),
		Kind:          danchu.Kind(r.Kind),
		ResidentID:    r.ResidentID,
		AcceptDue:     r.AcceptDue.Time(),
		ResolveDue:    r.ResolveDue.Time(),
		ContentDigest: r.ContentDigest,
		PrevHash:      r.PrevHash,
		Hash:          r.Hash,
	}
}

func (db *DB) insertReceipt(ctx context.Context, tx *sqlx.Tx, position int64, r *danchu.Receipt) error {
	_, err := tx.ExecContext(ctx, db.rebind(`
		INSERT INTO receipts (position, number, received_at, kind, resident_id, accept_due, resolve_due, content_digest, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		position, r.Number, ts(r.ReceivedAt), string(r.Kind), r.ResidentID, ts(r.AcceptDue), ts(r.ResolveDue),
		r.ContentDigest, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("store the receipt: %w", err)
	}
	return nil
}

// Receipts lists the whole receipt chain in the order it was built, for
// danchu.VerifyChain.
func (db *DB) Receipts(ctx context.Context) ([]danchu.Receipt, error) {
	var rows []receiptRow
	if err := db.sel(ctx, &rows, `
		SELECT position, number, received_at, kind, resident_id, accept_due, resolve_due, content_digest, prev_hash, hash
		FROM receipts ORDER BY position`); err != nil {
		return nil, internal("storage.Receipts", err)
	}
	out := make([]danchu.Receipt, len(rows))
	for i, r := range rows {
		out[i] = r.receipt()
	}
	return out, nil
}

// VerifyReceipts checks the stored receipt chain with danchu.VerifyChain
// and each receipt against the petition stored under its number: the
// content digest recomputed from the stored petition (danchu.ContentDigest),
// its kind and its time received must be those the receipt holds. So a
// changed receipt row and a changed petition are both reported, each with
// the petition's number. The errors come in chain order (Index); a stored
// petition that has no receipt comes last, with Index -1. None when all is
// whole. For `danchu admin verify-receipts`.
func (db *DB) VerifyReceipts(ctx context.Context) ([]danchu.ChainError, error) {
	const op = "storage.VerifyReceipts"
	// Receipts first: a filing stores its petition and its receipt in one
	// transaction, so every receipt read here has its petition below.
	receipts, err := db.Receipts(ctx)
	if err != nil {
		return nil, err
	}
	type filed struct {
		digest     string
		kind       danchu.Kind
		receivedAt time.Time
	}
	stored := map[string]filed{}
	rows, err := db.db.QueryxContext(ctx, `SELECT `+petitionColumns+` FROM petitions`)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var row petitionRow
		if err := rows.StructScan(&row); err != nil {
			return nil, internal(op, err)
		}
		f := filed{kind: danchu.Kind(row.Kind), receivedAt: row.ReceivedAt.Time()}
		if p, err := row.petition(); err == nil {
			f.digest = danchu.ContentDigest(p)
		} // attachments that no longer decode: a changed row, no digest matches ""
		stored[row.Number] = f
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}

	errs := danchu.VerifyChain(receipts...)
	for i, r := range receipts {
		bad := func(reason string) {
			errs = append(errs, danchu.ChainError{Index: i, Number: r.Number, Reason: reason})
		}
		s, ok := stored[r.Number]
		delete(stored, r.Number)
		switch {
		case !ok:
			bad("no stored petition has this number")
		case s.digest != r.ContentDigest:
			bad("the stored petition's content differs from what was filed")
		case s.kind != r.Kind || !s.receivedAt.Equal(r.ReceivedAt):
			bad("the stored petition's kind or time received differs from its receipt")
		}
	}
	var orphans []string
	for number := range stored {
		orphans = append(orphans, number)
	}
	slices.Sort(orphans)
	slices.SortStableFunc(errs, func(a, b danchu.ChainError) int { return a.Index - b.Index })
	for _, number := range orphans {
		errs = append(errs, danchu.ChainError{Index: -1, Number: number, Reason: "a stored petition has no receipt"})
	}
	return errs, nil
}
