package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"danchu"
)

var _ danchu.ReceptionService = (*DB)(nil)

type bookingRow struct {
	ID         int64         `db:"id"`
	ResidentID sql.NullInt64 `db:"resident_id"`
	Name       string        `db:"full_name"`
	Host       string        `db:"host"`
	SlotStart  timestamp     `db:"slot_start"`
	Topic      string        `db:"topic"`
	Status     string        `db:"status"`
	CreatedAt  timestamp     `db:"created_at"`
	UpdatedAt  timestamp     `db:"updated_at"`
	RecordedBy int64         `db:"recorded_by"`
	RemindedAt *timestamp    `db:"reminded_at"`
}

const bookingSelect = `SELECT b.id, b.resident_id, COALESCE(r.full_name, '') AS full_name, b.host, b.slot_start, b.topic,
	b.status, b.created_at, b.updated_at, b.recorded_by, b.reminded_at
	FROM reception_bookings b LEFT JOIN residents r ON r.id = b.resident_id`

func (r *bookingRow) booking() *danchu.Booking {
	return &danchu.Booking{ID: r.ID, ResidentID: r.ResidentID.Int64, Name: r.Name, Host: r.Host, SlotStart: r.SlotStart.Time(),
		Topic: r.Topic, Status: r.Status, CreatedAt: r.CreatedAt.Time(), UpdatedAt: r.UpdatedAt.Time(),
		RecordedBy: r.RecordedBy, RemindedAt: r.RemindedAt.TimePtr()}
}

func (db *DB) bookings(ctx context.Context, op, where string, args ...any) ([]*danchu.Booking, error) {
	var rows []bookingRow
	if err := db.sel(ctx, &rows, bookingSelect+` WHERE `+where, args...); err != nil {
		return nil, internal(op, err)
	}
	out := make([]*danchu.Booking, len(rows))
	for i := range rows {
		out[i] = rows[i].booking()
	}
	return out, nil
}

// Book takes a place in a slot while there is one (danchu.ReceptionService).
func (db *DB) Book(ctx context.Context, b *danchu.Booking, capacity int) error {
	const op = "storage.Book"
	b.Topic = strings.TrimSpace(b.Topic)
	if b.Topic == "" || b.Host == "" || b.ResidentID == 0 {
		return invalid(op, "a booking needs a resident, a host and a topic")
	}
	if b.CreatedAt.IsZero() {
		b.CreatedAt = db.now()
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO reception_slots (host, slot_start, taken) VALUES (?, ?, 0)
			ON CONFLICT (host, slot_start) DO NOTHING`), b.Host, ts(b.SlotStart)); err != nil {
			return err
		}
		// One statement checks and takes the place, so two bookings at once
		// cannot both take the last one.
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE reception_slots SET taken = taken + 1
			WHERE host = ? AND slot_start = ? AND taken < ?`), b.Host, ts(b.SlotStart), capacity)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return conflict(op, "the slot is full")
		}
		err = tx.GetContext(ctx, &b.ID, db.rebind(`
			INSERT INTO reception_bookings (resident_id, host, slot_start, topic, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			b.ResidentID, b.Host, ts(b.SlotStart), b.Topic, danchu.BookingBooked, ts(b.CreatedAt), ts(b.CreatedAt))
		if isUniqueViolation(err) {
			return conflict(op, "the resident has booked this slot already")
		}
		if isForeignKeyViolation(err) {
			return notFound(op, "no such resident")
		}
		return err
	})
	if err != nil {
		return internal(op, err)
	}
	b.Status = danchu.BookingBooked
	b.CreatedAt = normTime(b.CreatedAt)
	b.UpdatedAt = b.CreatedAt
	b.SlotStart = normTime(b.SlotStart)
	return nil
}

// FindBooking returns ENOTFOUND when there is no such booking.
func (db *DB) FindBooking(ctx context.Context, id int64) (*danchu.Booking, error) {
	const op = "storage.FindBooking"
	list, err := db.bookings(ctx, op, `b.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound(op, "no such booking")
	}
	return list[0], nil
}

// BookingsOf lists the resident's bookings from since, soonest first.
func (db *DB) BookingsOf(ctx context.Context, residentID int64, since time.Time) ([]*danchu.Booking, error) {
	return db.bookings(ctx, "storage.BookingsOf", `b.resident_id = ? AND b.slot_start >= ? ORDER BY b.slot_start, b.id`,
		residentID, ts(since))
}

// Bookings lists the bookings of the slots starting in [from, to).
func (db *DB) Bookings(ctx context.Context, from, to time.Time) ([]*danchu.Booking, error) {
	return db.bookings(ctx, "storage.Bookings", `b.slot_start >= ? AND b.slot_start < ? ORDER BY b.slot_start, b.id`,
		ts(from), ts(to))
}

// SlotTaken counts the places taken per slot starting in [from, to).
func (db *DB) SlotTaken(ctx context.Context, from, to time.Time) (map[string]int, error) {
	const op = "storage.SlotTaken"
	var rows []struct {
		Host      string    `db:"host"`
		SlotStart timestamp `db:"slot_start"`
		Taken     int       `db:"taken"`
	}
	if err := db.sel(ctx, &rows, `SELECT host, slot_start, taken FROM reception_slots WHERE slot_start >= ? AND slot_start < ?`,
		ts(from), ts(to)); err != nil {
		return nil, internal(op, err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[danchu.SlotKey(r.Host, r.SlotStart.Time())] = r.Taken
	}
	return out, nil
}

// CancelBooking cancels the resident's booking and frees its place.
func (db *DB) CancelBooking(ctx context.Context, id, residentID int64, at time.Time) error {
	const op = "storage.CancelBooking"
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var row bookingRow
		err := tx.GetContext(ctx, &row, db.rebind(bookingSelect+` WHERE b.id = ? AND b.resident_id = ?`), id, residentID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "no such booking")
		}
		if err != nil {
			return err
		}
		if row.Status != danchu.BookingBooked {
			return invalid(op, "the booking is "+row.Status)
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE reception_bookings SET status = ?, updated_at = ? WHERE id = ?`),
			danchu.BookingCancelled, ts(at), id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE reception_slots SET taken = taken - 1 WHERE host = ? AND slot_start = ? AND taken > 0`),
			row.Host, row.SlotStart)
		return err
	})
	return internal(op, err)
}

// RecordVisit marks a booked visit received or absent.
func (db *DB) RecordVisit(ctx context.Context, id int64, status string, by int64, at time.Time) error {
	const op = "storage.RecordVisit"
	if status != danchu.BookingReceived && status != danchu.BookingAbsent {
		return invalid(op, "a visit is received or absent")
	}
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE reception_bookings SET status = ?, recorded_by = ?, updated_at = ?
			WHERE id = ? AND status = ?`), status, by, ts(at), id, danchu.BookingBooked)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var n int
		if err := tx.GetContext(ctx, &n, db.rebind(`SELECT COUNT(*) FROM reception_bookings WHERE id = ?`), id); err != nil {
			return err
		}
		if n == 0 {
			return notFound(op, "no such booking")
		}
		return invalid(op, "the visit is recorded already, or the booking was cancelled")
	})
	return internal(op, err)
}

// BookingsToRemind lists the booked visits of [from, to) not reminded yet.
func (db *DB) BookingsToRemind(ctx context.Context, from, to, createdBefore time.Time) ([]*danchu.Booking, error) {
	return db.bookings(ctx, "storage.BookingsToRemind", `b.status = ? AND b.slot_start >= ? AND b.slot_start < ?
		AND b.created_at < ? AND b.reminded_at IS NULL AND b.resident_id IS NOT NULL ORDER BY b.slot_start, b.id`,
		danchu.BookingBooked, ts(from), ts(to), ts(createdBefore))
}

// MarkBookingReminded records the reminder once.
func (db *DB) MarkBookingReminded(ctx context.Context, id int64, at time.Time) (bool, error) {
	return db.markOnce(ctx, "storage.MarkBookingReminded", "reception_bookings", "reminded_at", id, at)
}

// ReceptionFigures counts the bookings of [from, to) by status.
func (db *DB) ReceptionFigures(ctx context.Context, from, to time.Time) (danchu.ReceptionFigures, error) {
	const op = "storage.ReceptionFigures"
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	var f danchu.ReceptionFigures
	if err := db.sel(ctx, &rows, `SELECT status, COUNT(*) AS n FROM reception_bookings
		WHERE slot_start >= ? AND slot_start < ? GROUP BY status`, ts(from), ts(to)); err != nil {
		return f, internal(op, err)
	}
	for _, r := range rows {
		switch r.Status {
		case danchu.BookingBooked:
			f.Booked = r.N
		case danchu.BookingCancelled:
			f.Cancelled = r.N
		case danchu.BookingReceived:
			f.Received = r.N
		case danchu.BookingAbsent:
			f.Absent = r.N
		}
	}
	return f, nil
}
