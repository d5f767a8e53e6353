package storage

import (
	"context"

	"github.com/jmoiron/sqlx"

	"danchu"
)

// Rate stores r (made by danchu.NewRating) and sets the petition's Rated
// flag in one transaction; the petition's Version does not change (rating
// is not a step of its handling). ECONFLICT when the petition was already
// rated; ENOTFOUND when it does not exist; EINVALID for a score outside 1..5.
func (db *DB) Rate(ctx context.Context, r *danchu.Rating) error {
	const op = "storage.Rate"
	if r.Score < 1 || r.Score > 5 {
		return invalid(op, "a rating is from 1 to 5")
	}
	at := normTime(r.At)
	if r.At.IsZero() {
		at = db.now()
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE petitions SET rated = TRUE WHERE id = ? AND rated = FALSE`), r.PetitionID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if ok, err := db.petitionExists(ctx, tx, r.PetitionID); err != nil {
				return err
			} else if !ok {
				return notFound(op, "petition not found")
			}
			return conflict(op, "this petition was already rated")
		}
		_, err = tx.ExecContext(ctx, db.rebind(`
			INSERT INTO ratings (petition_id, resident_id, handler_id, score, comment, at) VALUES (?, ?, ?, ?, ?, ?)`),
			r.PetitionID, nullID(r.ResidentID), r.HandlerID, r.Score, r.Comment, ts(at))
		return err
	})
	switch {
	case isUniqueViolation(err):
		return conflict(op, "this petition was already rated")
	case isForeignKeyViolation(err):
		return notFound(op, "the author is not a resident")
	case err != nil:
		return internal(op, err)
	}
	r.At = at
	return nil
}

// RatingStats sums the ratings of a handler, or of everyone when handlerID
// is 0.
func (db *DB) RatingStats(ctx context.Context, handlerID int64) (danchu.RatingStats, error) {
	const op = "storage.RatingStats"
	q, args := `SELECT COUNT(*) AS n, COALESCE(SUM(score), 0) AS total FROM ratings`, []any{}
	if handlerID != 0 {
		q += ` WHERE handler_id = ?`
		args = append(args, handlerID)
	}
	var row struct {
		N     int `db:"n"`
		Total int `db:"total"`
	}
	if err := db.get(ctx, &row, q, args...); err != nil {
		return danchu.RatingStats{}, internal(op, err)
	}
	return danchu.RatingStats{Count: row.N, Sum: row.Total}, nil
}
