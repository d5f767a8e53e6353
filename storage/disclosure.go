package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.DisclosureService = (*DB)(nil)

type disclosureRow struct {
	ID          int64         `db:"id"`
	Category    string        `db:"category"`
	Title       string        `db:"title"`
	Body        string        `db:"body"`
	Attachments string        `db:"attachments"`
	PostedFrom  timestamp     `db:"posted_from"`
	PostedUntil timestamp     `db:"posted_until"`
	PublisherID sql.NullInt64 `db:"publisher_id"`
	BroadcastID int64         `db:"broadcast_id"`
	PublishedAt timestamp     `db:"published_at"`
}

const disclosureColumns = `id, category, title, body, attachments, posted_from, posted_until, publisher_id,
	broadcast_id, published_at`

func (r *disclosureRow) disclosure() (*danchu.Disclosure, error) {
	atts, err := decodeAttachments(r.Attachments)
	if err != nil {
		return nil, fmt.Errorf("disclosure %d: %w", r.ID, err)
	}
	return &danchu.Disclosure{ID: r.ID, Category: r.Category, Title: r.Title, Body: r.Body, Attachments: atts,
		PostedFrom: r.PostedFrom.Time(), PostedUntil: r.PostedUntil.Time(), PublisherID: r.PublisherID.Int64,
		BroadcastID: r.BroadcastID, PublishedAt: r.PublishedAt.Time()}, nil
}

// PublishDisclosure stores d, its broadcast b and the messages msgs builds,
// with an audit row, in one transaction. EINVALID without a category, title
// or body, or with a period that ends before it starts; ENOTFOUND when the
// publisher is not a resident.
func (db *DB) PublishDisclosure(ctx context.Context, d *danchu.Disclosure, b *danchu.Broadcast, msgs danchu.BroadcastMessages) error {
	const op = "storage.PublishDisclosure"
	switch {
	case d.Category == "" || strings.TrimSpace(d.Title) == "" || strings.TrimSpace(d.Body) == "":
		return invalid(op, "a disclosure needs a category, a title and a body")
	case d.PostedUntil.Before(d.PostedFrom):
		return invalid(op, "the posting period ends before it starts")
	}
	atts, err := encodeAttachments(d.Attachments)
	if err != nil {
		return internal(op, err)
	}
	now := db.now()
	err = db.update(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, db.rebind(`
			INSERT INTO disclosures (category, title, body, attachments, posted_from, posted_until, publisher_id, published_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			d.Category, d.Title, d.Body, atts, ts(d.PostedFrom), ts(d.PostedUntil), nullID(d.PublisherID), ts(now))
		if isForeignKeyViolation(err) {
			return notFound(op, "the publisher is not a resident")
		}
		if err != nil {
			return fmt.Errorf("store the disclosure: %w", err)
		}
		b.Category = d.Category
		if err := db.insertBroadcast(ctx, tx, b, id, now, msgs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE disclosures SET broadcast_id = ? WHERE id = ?`), b.ID, id); err != nil {
			return err
		}
		d.ID = id
		return nil
	})
	if err != nil {
		return internal(op, err)
	}
	d.BroadcastID, d.PublishedAt = b.ID, now
	d.PostedFrom, d.PostedUntil = normTime(d.PostedFrom), normTime(d.PostedUntil)
	return nil
}

// FindDisclosure returns ENOTFOUND when there is no such disclosure.
func (db *DB) FindDisclosure(ctx context.Context, id int64) (*danchu.Disclosure, error) {
	const op = "storage.FindDisclosure"
	var row disclosureRow
	err := db.get(ctx, &row, `SELECT `+disclosureColumns+` FROM disclosures WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(op, "disclosure not found")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	d, err := row.disclosure()
	return d, internal(op, err)
}

func disclosureWhere(f danchu.DisclosureFilter) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Category != "" {
		where, args = append(where, "category = ?"), append(args, f.Category)
	}
	if !f.From.IsZero() {
		where, args = append(where, "published_at >= ?"), append(args, ts(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "published_at < ?"), append(args, ts(f.To))
	}
	return strings.Join(where, " AND "), args
}

// ListDisclosures lists the disclosures f selects, newest first, and how
// many it selects in all.
func (db *DB) ListDisclosures(ctx context.Context, f danchu.DisclosureFilter) ([]*danchu.Disclosure, int, error) {
	const op = "storage.ListDisclosures"
	where, args := disclosureWhere(f)
	var total int
	if err := db.get(ctx, &total, `SELECT COUNT(*) FROM disclosures WHERE `+where, args...); err != nil {
		return nil, 0, internal(op, err)
	}
	query := `SELECT ` + disclosureColumns + ` FROM disclosures WHERE ` + where + ` ORDER BY published_at DESC, id DESC`
	if f.Limit > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	var rows []disclosureRow
	if err := db.sel(ctx, &rows, query, args...); err != nil {
		return nil, 0, internal(op, err)
	}
	out, err := disclosures(op, rows)
	return out, total, err
}

func disclosures(op string, rows []disclosureRow) ([]*danchu.Disclosure, error) {
	out := make([]*danchu.Disclosure, 0, len(rows))
	for i := range rows {
		d, err := rows[i].disclosure()
		if err != nil {
			return nil, internal(op, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// DisclosureRegister lists the disclosures published in [from, to), oldest
// first, with the counts of their broadcasts.
func (db *DB) DisclosureRegister(ctx context.Context, from, to time.Time) ([]danchu.DisclosureRecord, error) {
	const op = "storage.DisclosureRegister"
	var rows []disclosureRow
	if err := db.sel(ctx, &rows, `SELECT `+disclosureColumns+` FROM disclosures
		WHERE published_at >= ? AND published_at < ? ORDER BY published_at, id`, ts(from), ts(to)); err != nil {
		return nil, internal(op, err)
	}
	list, err := disclosures(op, rows)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(list))
	for _, d := range list {
		ids = append(ids, d.BroadcastID)
	}
	counts, err := db.countsOf(ctx, ids)
	if err != nil {
		return nil, internal(op, err)
	}
	out := make([]danchu.DisclosureRecord, 0, len(list))
	for _, d := range list {
		out = append(out, danchu.DisclosureRecord{Disclosure: d, Counts: counts[d.BroadcastID]})
	}
	return out, nil
}

// DisclosureOptOuts lists the categories the resident chose not to receive.
func (db *DB) DisclosureOptOuts(ctx context.Context, residentID int64) ([]string, error) {
	const op = "storage.DisclosureOptOuts"
	out := []string{}
	err := db.sel(ctx, &out, `SELECT category FROM disclosure_optouts WHERE resident_id = ? ORDER BY category`, residentID)
	return out, internal(op, err)
}

// SetDisclosureSubscription chooses whether the resident receives the
// category. ENOTFOUND for an unknown resident.
func (db *DB) SetDisclosureSubscription(ctx context.Context, residentID int64, category string, receive bool) error {
	const op = "storage.SetDisclosureSubscription"
	if category == "" {
		return invalid(op, "no category")
	}
	return internal(op, db.update(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, db.rebind(`SELECT COUNT(*) FROM residents WHERE id = ?`), residentID); err != nil {
			return err
		}
		if n == 0 {
			return notFound(op, "resident not found")
		}
		if receive {
			_, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM disclosure_optouts WHERE resident_id = ? AND category = ?`),
				residentID, category)
			return err
		}
		_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO disclosure_optouts (resident_id, category) VALUES (?, ?)
			ON CONFLICT (resident_id, category) DO NOTHING`), residentID, category)
		return err
	}))
}

// OptedOutOf lists the residents who chose not to receive the category.
func (db *DB) OptedOutOf(ctx context.Context, category string) ([]int64, error) {
	const op = "storage.OptedOutOf"
	out := []int64{}
	err := db.sel(ctx, &out, `SELECT resident_id FROM disclosure_optouts WHERE category = ? ORDER BY resident_id`, category)
	return out, internal(op, err)
}
