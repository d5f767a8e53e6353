package storage

import (
	"context"
	"time"

	"danchu"
)

var _ danchu.FiguresService = (*DB)(nil)

// PetitionFigures counts the petitions received and answered in [from, to),
// the ratings given then, and the petitions pending now whose due date
// (Petition.Due: the acceptance while received, the answer while accepted or
// in progress) is before to. One statement, so one snapshot.
func (db *DB) PetitionFigures(ctx context.Context, from, to time.Time) (danchu.PetitionFigures, error) {
	const op = "storage.PetitionFigures"
	f, t := ts(ceilMicro(from)), ts(ceilMicro(to))
	var row struct {
		Received int `db:"received"`
		Answered int `db:"answered"`
		Overdue  int `db:"overdue"`
		Rated    int `db:"rated"`
		Score    int `db:"score"`
	}
	err := db.get(ctx, &row, `SELECT
		(SELECT COUNT(*) FROM petitions WHERE received_at >= ? AND received_at < ?) AS received,
		(SELECT COUNT(*) FROM petitions WHERE answered_at >= ? AND answered_at < ?) AS answered,
		(SELECT COUNT(*) FROM petitions
			WHERE status = ? AND accept_due < ? OR status IN (?, ?) AND resolve_due < ?) AS overdue,
		(SELECT COUNT(*) FROM ratings WHERE at >= ? AND at < ?) AS rated,
		(SELECT COALESCE(SUM(score), 0) FROM ratings WHERE at >= ? AND at < ?) AS score`,
		f, t, f, t,
		string(danchu.StatusReceived), t, string(danchu.StatusAccepted), string(danchu.StatusInProgress), t,
		f, t, f, t)
	if err != nil {
		return danchu.PetitionFigures{}, internal(op, err)
	}
	return danchu.PetitionFigures{Received: row.Received, Answered: row.Answered, Overdue: row.Overdue,
		Ratings: danchu.RatingStats{Count: row.Rated, Sum: row.Score}}, nil
}
