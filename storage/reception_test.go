package storage_test

import (
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func TestReceptionBookings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		p := mustResidents(t, db, 700, 4, "Tiểu khu 3")
		slot := t0.Add(48 * time.Hour)
		book := func(r *danchu.Resident, start time.Time) (*danchu.Booking, error) {
			b := &danchu.Booking{ResidentID: r.ID, Host: "chairman", SlotStart: start, Topic: "Cấp giấy chứng nhận đất", CreatedAt: t0}
			return b, db.Book(ctx, b, 2)
		}
		b1, err := book(p[0], slot)
		mustNil(t, err)
		_, err = book(p[0], slot)
		wantCode(t, err, danchu.ECONFLICT) // the same resident, the same slot
		b2, err := book(p[1], slot)
		mustNil(t, err)
		_, err = book(p[2], slot)
		wantCode(t, err, danchu.ECONFLICT) // capacity 2
		taken, err := db.SlotTaken(ctx, slot, slot.Add(time.Minute))
		mustNil(t, err)
		if taken[danchu.SlotKey("chairman", slot)] != 2 {
			t.Errorf("taken: %v", taken)
		}

		// Cancelling frees the place; only one's own, only once.
		wantCode(t, db.CancelBooking(ctx, b1.ID, p[1].ID, t0), danchu.ENOTFOUND)
		mustNil(t, db.CancelBooking(ctx, b1.ID, p[0].ID, t0.Add(time.Hour)))
		wantCode(t, db.CancelBooking(ctx, b1.ID, p[0].ID, t0), danchu.EINVALID)
		b3, err := book(p[2], slot)
		mustNil(t, err)
		// Booking again after cancelling is allowed.
		_, err = book(p[0], slot)
		wantCode(t, err, danchu.ECONFLICT) // full again: b2 and b3
		_, err = book(p[0], slot.Add(30*time.Minute))
		mustNil(t, err)

		mine, err := db.BookingsOf(ctx, p[0].ID, t0)
		mustNil(t, err)
		if len(mine) != 2 || mine[0].Status != danchu.BookingCancelled || mine[1].Status != danchu.BookingBooked {
			t.Errorf("p0's bookings: %+v", mine)
		}

		// The day before: both booked visits of the slot are to remind,
		// once.
		due, err := db.BookingsToRemind(ctx, slot, slot.Add(time.Minute), t0.Add(time.Minute))
		mustNil(t, err)
		if len(due) != 2 || due[0].ID != b2.ID || due[0].Name != p[1].FullName {
			t.Errorf("to remind: %+v", due)
		}
		if ok, _ := db.MarkBookingReminded(ctx, b2.ID, t0); !ok {
			t.Error("first reminder not recorded")
		}
		if ok, _ := db.MarkBookingReminded(ctx, b2.ID, t0); ok {
			t.Error("reminded twice")
		}
		if due, _ := db.BookingsToRemind(ctx, slot, slot.Add(time.Minute), t0.Add(time.Minute)); len(due) != 1 {
			t.Errorf("after one reminder: %d to remind", len(due))
		}
		if due, _ := db.BookingsToRemind(ctx, slot, slot.Add(time.Minute), t0); len(due) != 0 {
			t.Errorf("booked at t0, not before it: %d to remind", len(due))
		}

		// The official on duty marks the visits.
		mustNil(t, db.RecordVisit(ctx, b2.ID, danchu.BookingReceived, 99, slot))
		mustNil(t, db.RecordVisit(ctx, b3.ID, danchu.BookingAbsent, 99, slot))
		wantCode(t, db.RecordVisit(ctx, b3.ID, danchu.BookingReceived, 99, slot), danchu.EINVALID)
		wantCode(t, db.RecordVisit(ctx, b1.ID, danchu.BookingReceived, 99, slot), danchu.EINVALID) // cancelled
		wantCode(t, db.RecordVisit(ctx, 9999, danchu.BookingReceived, 99, slot), danchu.ENOTFOUND)
		wantCode(t, db.RecordVisit(ctx, b2.ID, danchu.BookingCancelled, 99, slot), danchu.EINVALID)

		day, err := db.Bookings(ctx, slot, slot.Add(24*time.Hour))
		mustNil(t, err)
		if len(day) != 4 {
			t.Errorf("the day's list: %d", len(day))
		}
		f, err := db.ReceptionFigures(ctx, t0, t0.Add(7*24*time.Hour))
		mustNil(t, err)
		if f != (danchu.ReceptionFigures{Booked: 1, Cancelled: 1, Received: 1, Absent: 1}) {
			t.Errorf("figures: %+v", f)
		}
	})
}

// Many residents at once for the last places: exactly the capacity books.
func TestBookingCapacityUnderRace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		p := mustResidents(t, db, 800, 8, "Tiểu khu 3")
		slot := t0.Add(48 * time.Hour)
		var wg sync.WaitGroup
		codes := make([]string, len(p))
		for i, r := range p {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.Book(ctx, &danchu.Booking{ResidentID: r.ID, Host: "chairman", SlotStart: slot, Topic: "Hỏi về chế độ"}, 3)
				codes[i] = danchu.ErrorCode(err)
			}()
		}
		wg.Wait()
		ok := 0
		for _, c := range codes {
			switch c {
			case "":
				ok++
			case danchu.ECONFLICT:
			default:
				t.Errorf("a booking failed with %q", c)
			}
		}
		if ok != 3 || count(t, db, `SELECT COUNT(*) FROM reception_bookings`) != 3 {
			t.Errorf("%d booked, want the capacity, 3", ok)
		}
	})
}
