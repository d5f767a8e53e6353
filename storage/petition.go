package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.PetitionService = (*DB)(nil)

// petitionRow is a petition as stored. resident_id and handler_id are NULL
// for 0 (no author any more, no handler), so that the foreign keys hold.
// The content is stored as written: access is the application's, and no
// store method logs it or puts it in an error.
type petitionRow struct {
	ID            int64           `db:"id"`
	Number        string          `db:"number"`
	Year          int             `db:"year"`
	Seq           int             `db:"seq"`
	Kind          string          `db:"kind"`
	Field         string          `db:"field"`
	Neighbourhood string          `db:"neighbourhood"`
	ResidentID    sql.Null[int64] `db:"resident_id"`
	Anonymous     bool            `db:"anonymous"`
	Subject       string          `db:"subject"`
	LearnedAt     *timestamp      `db:"learned_at"`
	Request       string          `db:"request"`
	Content       string          `db:"content"`
	Attachments   string          `db:"attachments"`
	Status        string          `db:"status"`
	HandlerID     sql.Null[int64] `db:"handler_id"`
	TransferredTo string          `db:"transferred_to"`
	ReceivedAt    timestamp       `db:"received_at"`
	AcceptDue     timestamp       `db:"accept_due"`
	ResolveDue    timestamp       `db:"resolve_due"`
	AcceptedAt    *timestamp      `db:"accepted_at"`
	AnsweredAt    *timestamp      `db:"answered_at"`
	ClosedAt      *timestamp      `db:"closed_at"`
	ReopenedAt    *timestamp      `db:"reopened_at"`
	Complex       bool            `db:"complex"`
	Remote        bool            `db:"remote"`
	Extensions    int             `db:"extensions"`
	Rated         bool            `db:"rated"`
	Version       int             `db:"version"`
	CreatedAt     timestamp       `db:"created_at"`
	UpdatedAt     timestamp       `db:"updated_at"`
}

const petitionColumns = `id, number, year, seq, kind, field, neighbourhood, resident_id, anonymous,
	subject, learned_at, request, content, attachments, status, handler_id, transferred_to,
	received_at, accept_due, resolve_due, accepted_at, answered_at, closed_at, reopened_at,
	complex, remote, extensions, rated, version, created_at, updated_at`

func (r *petitionRow) petition() (*danchu.Petition, error) {
	atts, err := decodeAttachments(r.Attachments)
	if err != nil {
		return nil, fmt.Errorf("petition %d: %w", r.ID, err)
	}
	return &danchu.Petition{
		ID:            r.ID,
		Number:        r.Number,
		Year:          r.Year,
		Seq:           r.Seq,
		Kind:          danchu.Kind(r.Kind),
		Field:         r.Field,
		Neighbourhood: r.Neighbourhood,
		ResidentID:    r.ResidentID.V,
		Anonymous:     r.Anonymous,
		Subject:       r.Subject,
		LearnedAt:     r.LearnedAt.TimePtr(),
		Request:       r.Request,
		Content:       r.Content,
		Attachments:   atts,
		Status:        danchu.Status(r.Status),
		HandlerID:     r.HandlerID.V,
		TransferredTo: r.TransferredTo,
		ReceivedAt:    r.ReceivedAt.Time(),
		AcceptDue:     r.AcceptDue.Time(),
		ResolveDue:    r.ResolveDue.Time(),
		AcceptedAt:    r.AcceptedAt.TimePtr(),
		AnsweredAt:    r.AnsweredAt.TimePtr(),
		ClosedAt:      r.ClosedAt.TimePtr(),
		ReopenedAt:    r.ReopenedAt.TimePtr(),
		Complex:       r.Complex,
		Remote:        r.Remote,
		Extensions:    r.Extensions,
		Rated:         r.Rated,
		Version:       r.Version,
		CreatedAt:     r.CreatedAt.Time(),
		UpdatedAt:     r.UpdatedAt.Time(),
	}, nil
}

// encodeAttachments writes attachments as a JSON array ("[]" for none).
func encodeAttachments(atts []danchu.Attachment) (string, error) {
	if len(atts) == 0 {
		return "[]", nil
	}
	b, err := json.Marshal(atts)
	if err != nil {
		return "", fmt.Errorf("encode attachments: %w", err)
	}
	return string(b), nil
}

// decodeAttachments reads what encodeAttachments wrote; none is nil.
func decodeAttachments(s string) ([]danchu.Attachment, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var atts []danchu.Attachment
	if err := json.Unmarshal([]byte(s), &atts); err != nil {
		return nil, fmt.Errorf("decode attachments: %w", err)
	}
	return atts, nil
}

// normPetition is p with every time as the database gives it back, so that
// what CreatePetition returns equals what the finders read.
func normPetition(p *danchu.Petition) danchu.Petition {
	q := *p
	norm := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		v := normTime(*t)
		return &v
	}
	q.ReceivedAt, q.AcceptDue, q.ResolveDue = normTime(p.ReceivedAt), normTime(p.AcceptDue), normTime(p.ResolveDue)
	q.LearnedAt, q.AcceptedAt, q.AnsweredAt = norm(p.LearnedAt), norm(p.AcceptedAt), norm(p.AnsweredAt)
	q.ClosedAt, q.ReopenedAt = norm(p.ClosedAt), norm(p.ReopenedAt)
	if len(q.Attachments) == 0 {
		q.Attachments = nil
	}
	return q
}

// CreatePetition files p in one transaction (see danchu.PetitionService):
// it takes the end of the receipt chain first, so that filings take turns and
// the chain never forks, then the next number of the year from its counter
// row, stores the petition, its sealed identity, the submit event and the
// receipt. A failed filing takes no number.
//
// The year is that of p.ReceivedAt in db.Location; without a Location the
// caller's p.Year is used. EINVALID when p is not a new received petition
// with its dates (or p.Year disagrees with db.Location); ENOTFOUND when the
// author is not a resident; EINTERNAL when db.UnitCode is empty or an
// identity is given and db.Secrets is nil.
func (db *DB) CreatePetition(ctx context.Context, p *danchu.Petition, id *danchu.Identity) (*danchu.Receipt, error) {
	const op = "storage.CreatePetition"
	switch {
	case p.Status != danchu.StatusReceived:
		return nil, invalid(op, "a new petition must be received")
	case !p.Kind.Valid():
		return nil, invalid(op, "unknown petition kind")
	case p.ReceivedAt.IsZero() || p.AcceptDue.IsZero() || p.ResolveDue.IsZero():
		return nil, invalid(op, "a new petition needs its time received and its due dates")
	case db.UnitCode == "":
		return nil, &danchu.Error{Code: danchu.EINTERNAL, Op: op, Message: "no unit code for petition numbers"}
	case id != nil && db.Secrets == nil:
		return nil, &danchu.Error{Code: danchu.EINTERNAL, Op: op, Message: "no secret key: the identity cannot be stored"}
	}
	q := normPetition(p)
	if db.Location != nil {
		year := p.ReceivedAt.In(db.Location).Year()
		if q.Year != 0 && q.Year != year {
			return nil, invalid(op, fmt.Sprintf("the petition's year %d is not the year it was received (%d)", q.Year, year))
		}
		q.Year = year
	} else if q.Year == 0 {
		return nil, invalid(op, "a new petition needs its year")
	}
	atts, err := encodeAttachments(q.Attachments)
	if err != nil {
		return nil, internal(op, err)
	}
	var identity []byte
	if id != nil {
		if identity, err = json.Marshal(id); err != nil {
			return nil, internal(op, fmt.Errorf("encode identity: %w", err))
		}
	}
	now := db.now()
	q.Version, q.CreatedAt, q.UpdatedAt = 1, now, now
	var receipt danchu.Receipt
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		var head struct {
			Position int64  `db:"position"`
			Hash     string `db:"hash"`
		}
		// UPDATE locks the head row until commit: the next filing waits here.
		if err := tx.GetContext(ctx, &head, db.rebind(
			`UPDATE receipt_head SET position = position + 1 WHERE id = 1 RETURNING position, hash`)); err != nil {
			return fmt.Errorf("take the receipt chain: %w", err)
		}
		if err := tx.GetContext(ctx, &q.Seq, db.rebind(`
			INSERT INTO petition_counters (year, last_seq) VALUES (?, 1)
			ON CONFLICT (year) DO UPDATE SET last_seq = petition_counters.last_seq + 1
			RETURNING last_seq`), q.Year); err != nil {
			return fmt.Errorf("take the next number of %d: %w", q.Year, err)
		}
		q.Number = danchu.FormatNumber(db.UnitCode, q.Year, q.Seq)
		if err := db.insertPetition(ctx, tx, &q, atts); err != nil {
			return err
		}
		if identity != nil {
			sealed, err := db.Secrets.Seal(identity, identityAD(q.ID))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, db.rebind(
				`INSERT INTO petition_identities (petition_id, ciphertext) VALUES (?, ?)`), q.ID, sealed); err != nil {
				return fmt.Errorf("store the identity: %w", err)
			}
		}
		submit := danchu.Event{PetitionID: q.ID, At: q.ReceivedAt, ActorID: q.ResidentID,
			Action: danchu.ActionSubmit, ToStatus: danchu.StatusReceived}
		if err := db.insertEvent(ctx, tx, &submit); err != nil {
			return err
		}
		prev := head.Hash
		if prev == "" {
			prev = danchu.GenesisHash
		}
		receipt = danchu.NewReceipt(&q, prev)
		if err := db.insertReceipt(ctx, tx, head.Position, &receipt); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.rebind(`UPDATE receipt_head SET hash = ? WHERE id = 1`), receipt.Hash)
		return err
	})
	switch {
	case isForeignKeyViolation(err):
		return nil, notFound(op, "the author or the handler is not a resident")
	case err != nil:
		return nil, internal(op, err)
	}
	*p = q
	return &receipt, nil
}

func (db *DB) insertPetition(ctx context.Context, tx *sqlx.Tx, p *danchu.Petition, atts string) error {
	err := tx.GetContext(ctx, &p.ID, db.rebind(`
		INSERT INTO petitions (number, year, seq, kind, field, neighbourhood, resident_id, anonymous,
			subject, learned_at, request, content, attachments, status, handler_id, transferred_to,
			received_at, accept_due, resolve_due, accepted_at, answered_at, closed_at, reopened_at,
			complex, remote, extensions, rated, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`),
		p.Number, p.Year, p.Seq, string(p.Kind), p.Field, p.Neighbourhood, nullID(p.ResidentID), p.Anonymous,
		p.Subject, tsPtr(p.LearnedAt), p.Request, p.Content, atts, string(p.Status), nullID(p.HandlerID), p.TransferredTo,
		ts(p.ReceivedAt), ts(p.AcceptDue), ts(p.ResolveDue), tsPtr(p.AcceptedAt), tsPtr(p.AnsweredAt), tsPtr(p.ClosedAt), tsPtr(p.ReopenedAt),
		p.Complex, p.Remote, p.Extensions, p.Rated, p.Version, ts(p.CreatedAt), ts(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store the petition: %w", err)
	}
	return nil
}

// FindPetitionByID returns ENOTFOUND when there is no such petition.
func (db *DB) FindPetitionByID(ctx context.Context, id int64) (*danchu.Petition, error) {
	return db.findPetition(ctx, "storage.FindPetitionByID", `id = ?`, id)
}

// FindPetitionByNumber finds by the number as danchu.FormatNumber writes it;
// ENOTFOUND when there is none.
func (db *DB) FindPetitionByNumber(ctx context.Context, number string) (*danchu.Petition, error) {
	return db.findPetition(ctx, "storage.FindPetitionByNumber", `number = ?`, number)
}

func (db *DB) findPetition(ctx context.Context, op, where string, arg any) (*danchu.Petition, error) {
	var row petitionRow
	err := db.get(ctx, &row, `SELECT `+petitionColumns+` FROM petitions WHERE `+where, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "petition not found")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	p, err := row.petition()
	if err != nil {
		return nil, internal(op, err)
	}
	return p, nil
}

// Transition saves a change computed by danchu.Rules.Apply and appends its
// event, setting e.ID (and e.PetitionID when 0), in one transaction. A zero
// p.UpdatedAt means now; p's times are set as the finders read them (UTC,
// microseconds). ECONFLICT when the stored version is not
// p.Version-1; ENOTFOUND when the petition, or the new handler, does not
// exist; EINVALID when e belongs to another petition.
func (db *DB) Transition(ctx context.Context, p *danchu.Petition, e *danchu.Event) error {
	const op = "storage.Transition"
	switch {
	case e == nil:
		return invalid(op, "a change needs its event")
	case e.PetitionID != 0 && e.PetitionID != p.ID:
		return invalid(op, "the event belongs to another petition")
	}
	q := normPetition(p)
	if q.UpdatedAt.IsZero() {
		q.UpdatedAt = db.now()
	} else {
		q.UpdatedAt = normTime(q.UpdatedAt)
	}
	ev := *e
	ev.PetitionID = p.ID
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`
			UPDATE petitions SET status = ?, handler_id = ?, transferred_to = ?, resolve_due = ?,
				accepted_at = ?, answered_at = ?, closed_at = ?, reopened_at = ?, complex = ?,
				extensions = ?, version = ?, updated_at = ?
			WHERE id = ? AND version = ?`),
			string(q.Status), nullID(q.HandlerID), q.TransferredTo, ts(q.ResolveDue),
			tsPtr(q.AcceptedAt), tsPtr(q.AnsweredAt), tsPtr(q.ClosedAt), tsPtr(q.ReopenedAt), q.Complex,
			q.Extensions, q.Version, ts(q.UpdatedAt),
			q.ID, q.Version-1)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if ok, err := db.petitionExists(ctx, tx, q.ID); err != nil {
				return err
			} else if !ok {
				return notFound(op, "petition not found")
			}
			return conflict(op, "someone changed this petition first: reload it and try again")
		}
		return db.insertEvent(ctx, tx, &ev)
	})
	switch {
	case isForeignKeyViolation(err):
		return notFound(op, "the handler is not a resident")
	case err != nil:
		return internal(op, err)
	}
	*p = q // its times as the finders read them
	*e = ev
	return nil
}

func (db *DB) petitionExists(ctx context.Context, q sqlx.QueryerContext, id int64) (bool, error) {
	var n int
	if err := sqlx.GetContext(ctx, q, &n, db.rebind(`SELECT COUNT(*) FROM petitions WHERE id = ?`), id); err != nil {
		return false, err
	}
	return n > 0, nil
}

// identityAD binds a sealed identity to its petition: copied to another
// petition's row, it does not open.
func identityAD(petitionID int64) []byte {
	return []byte("danchu/petition-identity/" + strconv.FormatInt(petitionID, 10))
}
