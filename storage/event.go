package storage

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"danchu"
)

// eventRow is one step of a petition's history. Actor and target are plain
// ids: the history outlives the people in it.
type eventRow struct {
	ID          int64     `db:"id"`
	PetitionID  int64     `db:"petition_id"`
	At          timestamp `db:"at"`
	ActorID     int64     `db:"actor_id"`
	Action      string    `db:"action"`
	FromStatus  string    `db:"from_status"`
	ToStatus    string    `db:"to_status"`
	Note        string    `db:"note"`
	TargetID    int64     `db:"target_id"`
	Internal    bool      `db:"internal"`
	Attachments string    `db:"attachments"`
}

const eventColumns = `id, petition_id, at, actor_id, action, from_status, to_status, note, target_id, internal, attachments`

// insertEvent appends e and sets its ID; e.At is kept as the database keeps it.
func (db *DB) insertEvent(ctx context.Context, tx *sqlx.Tx, e *danchu.Event) error {
	atts, err := encodeAttachments(e.Attachments)
	if err != nil {
		return err
	}
	e.At = normTime(e.At)
	err = tx.GetContext(ctx, &e.ID, db.rebind(`
		INSERT INTO petition_events (petition_id, at, actor_id, action, from_status, to_status, note, target_id, internal, attachments)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		e.PetitionID, ts(e.At), e.ActorID, string(e.Action), string(e.FromStatus), string(e.ToStatus),
		e.Note, e.TargetID, e.Internal, atts)
	if err != nil {
		return fmt.Errorf("store the event: %w", err)
	}
	return nil
}

// Events lists the history of a petition, oldest first; internal events
// (assignments, notes) only when withInternal. ENOTFOUND when the petition
// does not exist.
func (db *DB) Events(ctx context.Context, petitionID int64, withInternal bool) ([]danchu.Event, error) {
	const op = "storage.Events"
	q := `SELECT ` + eventColumns + ` FROM petition_events WHERE petition_id = ?`
	if !withInternal {
		q += ` AND internal = FALSE`
	}
	var rows []eventRow
	if err := db.sel(ctx, &rows, q+` ORDER BY at, id`, petitionID); err != nil {
		return nil, internal(op, err)
	}
	if len(rows) == 0 {
		// Every petition has its submit event; none means no petition.
		if ok, err := db.petitionExists(ctx, db.db, petitionID); err != nil {
			return nil, internal(op, err)
		} else if !ok {
			return nil, notFound(op, "petition not found")
		}
	}
	out := make([]danchu.Event, len(rows))
	for i, r := range rows {
		atts, err := decodeAttachments(r.Attachments)
		if err != nil {
			return nil, internal(op, fmt.Errorf("event %d: %w", r.ID, err))
		}
		out[i] = danchu.Event{
			ID:          r.ID,
			PetitionID:  r.PetitionID,
			At:          r.At.Time(),
			ActorID:     r.ActorID,
			Action:      danchu.Action(r.Action),
			FromStatus:  danchu.Status(r.FromStatus),
			ToStatus:    danchu.Status(r.ToStatus),
			Note:        r.Note,
			TargetID:    r.TargetID,
			Internal:    r.Internal,
			Attachments: atts,
		}
	}
	return out, nil
}
