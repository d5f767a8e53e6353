package storage_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
	"danchu/storage/storagetest"
)

// mustPublishNotice publishes a notice from sender to the residents given,
// one pending message each (unreachable ones counted, not sent).
func mustPublishNotice(tb testing.TB, db *storage.DB, sender *danchu.Resident, n *danchu.Notice, to []*danchu.Resident) *danchu.Broadcast {
	tb.Helper()
	b := &danchu.Broadcast{Kind: danchu.BroadcastNotice, SenderID: sender.ID, ChatID: sender.TelegramID, ProgressMsgID: 77, Lang: "vi"}
	if n.Meeting != nil {
		b.Kind = danchu.BroadcastMeeting
	}
	err := db.PublishNotice(tb.Context(), n, b, func(noticeID, broadcastID int64) ([]*danchu.OutboxMessage, error) {
		return recipients(to, "notice", fmt.Sprintf("tb:o:%d", noticeID)), nil
	})
	if err != nil {
		tb.Fatalf("PublishNotice: %v", err)
	}
	return b
}

func recipients(to []*danchu.Resident, kind, data string) []*danchu.OutboxMessage {
	msgs := make([]*danchu.OutboxMessage, 0, len(to))
	for _, r := range to {
		m := &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: kind, Priority: danchu.PriorityBroadcast,
			Text: "Thông báo cắt điện", Buttons: [][]danchu.OutboxButton{{{Text: "Xem", Data: data}}}}
		if r.Unreachable {
			m.Status, m.LastError = danchu.OutboxUnreachable, "blocked the bot earlier"
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// mustResidents creates n residents of the neighbourhood, Telegram ids from first.
func mustResidents(tb testing.TB, db *storage.DB, first int64, n int, nb string) []*danchu.Resident {
	tb.Helper()
	out := make([]*danchu.Resident, n)
	for i := range out {
		out[i] = mustCreateResident(tb, db, first+int64(i), nb)
	}
	return out
}

func TestPublishNoticeWritesEveryRecipientAndAnAuditRow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		head := mustCreateResident(t, db, 500, "Tiểu khu 1")
		// More than one INSERT's worth of rows, one of them known unreachable.
		to := mustResidents(t, db, 1000, 1203, "Tiểu khu 1")
		to[7].Unreachable = true
		n := &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 1"}},
			Text: "Cắt điện ngày 20/3", Attachments: []danchu.Attachment{{Kind: danchu.AttachmentPhoto, FileID: "photo-1"}}}
		b := mustPublishNotice(t, db, head, n, to)

		if n.ID == 0 || n.BroadcastID != b.ID || b.SubjectID != n.ID || b.Total != len(to) || !b.CreatedAt.Equal(t0) {
			t.Fatalf("notice %+v, broadcast %+v", n, b)
		}
		got, err := db.FindNotice(ctx, n.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(got, n) {
			t.Errorf("FindNotice = %+v, want %+v", got, n)
		}
		stored, err := db.FindBroadcast(ctx, b.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(stored, b) {
			t.Errorf("FindBroadcast = %+v, want %+v", stored, b)
		}
		counts, err := db.BroadcastCounts(ctx, b.ID)
		mustNil(t, err)
		if want := (danchu.BroadcastCounts{Pending: len(to) - 1, Unreachable: 1}); counts != want {
			t.Errorf("counts = %+v, want %+v", counts, want)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE broadcast_id = ? AND buttons LIKE ?`, b.ID, fmt.Sprintf("%%tb:o:%d%%", n.ID)); n != int64(len(to)) {
			t.Errorf("%d messages name the notice in their buttons, want %d", n, len(to))
		}
		audit, err := db.AuditOf(ctx, fmt.Sprintf("broadcast:%d", b.ID))
		mustNil(t, err)
		if len(audit) != 1 || audit[0].Action != "broadcast.create" || audit[0].ActorID != head.ID {
			t.Errorf("audit = %+v, want one broadcast.create by the head", audit)
		}

		// The sender claims them in the outbox's order, one per chat.
		claimed, _ := mustClaim(t, db, t0, time.Minute, 5000)
		if len(claimed) != len(to)-1 {
			t.Errorf("claimed %d, want %d", len(claimed), len(to)-1)
		}
		for _, m := range claimed {
			if m.BroadcastID != b.ID || m.Priority != danchu.PriorityBroadcast || len(m.Buttons) != 1 {
				t.Fatalf("claimed %+v", m)
			}
		}
	})
}

func TestPublishNoticeRefuses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		head := mustCreateResident(t, db, 500, "Tiểu khu 1")
		none := func(int64, int64) ([]*danchu.OutboxMessage, error) { return nil, nil }
		tests := []struct {
			name string
			n    danchu.Notice
			code string
		}{
			{"no text", danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{All: true}}, danchu.EINVALID},
			{"no audience", danchu.Notice{SenderID: head.ID, Text: "x"}, danchu.EINVALID},
			{"unknown sender", danchu.Notice{SenderID: 999, Text: "x", Audience: danchu.Audience{All: true}}, danchu.ENOTFOUND},
		}
		for _, tt := range tests {
			err := db.PublishNotice(t.Context(), &tt.n, &danchu.Broadcast{Kind: danchu.BroadcastNotice, SenderID: tt.n.SenderID}, none)
			if danchu.ErrorCode(err) != tt.code {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM notices`); n != 0 {
			t.Errorf("%d notices stored after refusals", n)
		}
	})
}

func TestBroadcastCancelProgressAndFinish(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		head := mustCreateResident(t, db, 500, "Tiểu khu 1")
		to := mustResidents(t, db, 1000, 10, "Tiểu khu 1")
		b := mustPublishNotice(t, db, head, &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{All: true}, Text: "Họp"}, to)

		// Three sent, two claimed by a sender, five pending.
		claimed, _ := mustClaim(t, db, t0, time.Minute, 5)
		for _, m := range claimed[:3] {
			mustNil(t, db.MarkSent(ctx, m.ID, t0, 1))
		}
		active, err := db.ActiveBroadcasts(ctx)
		mustNil(t, err)
		if len(active) != 1 || active[0].ID != b.ID {
			t.Fatalf("active = %+v", active)
		}

		n, err := db.CancelBroadcast(ctx, b.ID, head.ID, t0.Add(time.Minute))
		mustNil(t, err)
		if n != 5 {
			t.Errorf("cancelled %d, want the 5 pending", n)
		}
		counts, err := db.BroadcastCounts(ctx, b.ID)
		mustNil(t, err)
		if want := (danchu.BroadcastCounts{Sending: 2, Sent: 3, Cancelled: 5}); counts != want {
			t.Errorf("counts = %+v, want %+v", counts, want)
		}
		// Again: nothing more, the first time kept.
		n, err = db.CancelBroadcast(ctx, b.ID, 42, t0.Add(time.Hour))
		mustNil(t, err)
		got, err := db.FindBroadcast(ctx, b.ID)
		mustNil(t, err)
		if n != 0 || got.CancelledBy != head.ID || !got.CancelledAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("second cancel: %d, %+v", n, got)
		}
		MustHaveAudit(t, db, fmt.Sprintf("broadcast:%d", b.ID), "broadcast.cancel")

		mustNil(t, db.SetBroadcastProgress(ctx, b.ID, head.TelegramID, 99, "Đã gửi 3/10"))
		mustNil(t, db.FinishBroadcast(ctx, b.ID, t0.Add(2*time.Minute)))
		mustNil(t, db.FinishBroadcast(ctx, b.ID, t0.Add(3*time.Minute)))
		got, err = db.FindBroadcast(ctx, b.ID)
		mustNil(t, err)
		if got.ProgressMsgID != 99 || got.ProgressText != "Đã gửi 3/10" || !got.FinishedAt.Equal(t0.Add(2*time.Minute)) {
			t.Errorf("after progress and finish: %+v", got)
		}
		if active, _ := db.ActiveBroadcasts(ctx); len(active) != 0 {
			t.Errorf("a finished broadcast is active: %+v", active)
		}

		for name, err := range map[string]error{
			"FindBroadcast":        func() error { _, err := db.FindBroadcast(ctx, 999); return err }(),
			"BroadcastCounts":      func() error { _, err := db.BroadcastCounts(ctx, 999); return err }(),
			"CancelBroadcast":      func() error { _, err := db.CancelBroadcast(ctx, 999, 1, t0); return err }(),
			"SetBroadcastProgress": db.SetBroadcastProgress(ctx, 999, 1, 1, ""),
			"FinishBroadcast":      db.FinishBroadcast(ctx, 999, t0),
		} {
			if danchu.ErrorCode(err) != danchu.ENOTFOUND {
				t.Errorf("%s of an unknown broadcast: %v, want ENOTFOUND", name, err)
			}
		}
	})
}

func TestMeetingAnswers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		head := mustCreateResident(t, db, 500, "Tiểu khu 1")
		to := mustResidents(t, db, 1000, 3, "Tiểu khu 1")
		at := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
		meeting := &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 1"}}, Text: "Họp",
			Meeting: &danchu.Meeting{At: at, Place: "Nhà văn hoá", Agenda: "Bầu trưởng tiểu khu"}}
		mustPublishNotice(t, db, head, meeting, to)
		plain := &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{All: true}, Text: "Cắt điện"}
		mustPublishNotice(t, db, head, plain, to)

		mustNil(t, db.AnswerMeeting(ctx, danchu.MeetingAnswer{NoticeID: meeting.ID, ResidentID: to[0].ID, Answer: danchu.AnswerAttend}))
		mustNil(t, db.AnswerMeeting(ctx, danchu.MeetingAnswer{NoticeID: meeting.ID, ResidentID: to[1].ID, Answer: danchu.AnswerAck, At: t0.Add(time.Minute)}))
		// A change of mind replaces the answer.
		mustNil(t, db.AnswerMeeting(ctx, danchu.MeetingAnswer{NoticeID: meeting.ID, ResidentID: to[0].ID, Answer: danchu.AnswerAbsent, At: t0.Add(2 * time.Minute)}))
		got, err := db.MeetingAnswersOf(ctx, meeting.ID)
		mustNil(t, err)
		want := []danchu.MeetingAnswer{
			{NoticeID: meeting.ID, ResidentID: to[1].ID, Answer: danchu.AnswerAck, At: t0.Add(time.Minute)},
			{NoticeID: meeting.ID, ResidentID: to[0].ID, Answer: danchu.AnswerAbsent, At: t0.Add(2 * time.Minute)},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("answers = %+v, want %+v", got, want)
		}

		tests := []struct {
			name string
			a    danchu.MeetingAnswer
			code string
		}{
			{"unknown answer", danchu.MeetingAnswer{NoticeID: meeting.ID, ResidentID: to[2].ID, Answer: "maybe"}, danchu.EINVALID},
			{"not a meeting", danchu.MeetingAnswer{NoticeID: plain.ID, ResidentID: to[2].ID, Answer: danchu.AnswerAck}, danchu.EINVALID},
			{"unknown notice", danchu.MeetingAnswer{NoticeID: 999, ResidentID: to[2].ID, Answer: danchu.AnswerAck}, danchu.ENOTFOUND},
			{"unknown resident", danchu.MeetingAnswer{NoticeID: meeting.ID, ResidentID: 999, Answer: danchu.AnswerAck}, danchu.ENOTFOUND},
		}
		for _, tt := range tests {
			if err := db.AnswerMeeting(ctx, tt.a); danchu.ErrorCode(err) != tt.code {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
			}
		}

		// A resident deleted on request: the answer stays, unlinked.
		mustNil(t, db.DeleteResident(ctx, to[1].ID))
		got, err = db.MeetingAnswersOf(ctx, meeting.ID)
		mustNil(t, err)
		if len(got) != 2 || got[0].ResidentID != 0 {
			t.Errorf("after the deletion: %+v", got)
		}

		recent, err := db.RecentNotices(ctx, t0, 10)
		mustNil(t, err)
		if len(recent) != 2 || recent[0].ID != plain.ID || recent[1].Meeting == nil || !recent[1].Meeting.At.Equal(at) {
			t.Errorf("recent = %+v", recent)
		}
		if recent, _ := db.RecentNotices(ctx, t0.Add(time.Second), 10); len(recent) != 0 {
			t.Errorf("notices before since listed: %+v", recent)
		}
		mine, total, err := db.NoticesBy(ctx, head.ID, 1, 5)
		mustNil(t, err)
		if total != 2 || len(mine) != 1 || mine[0].ID != meeting.ID {
			t.Errorf("NoticesBy page 2 = %+v of %d", mine, total)
		}
	})
}

// MustHaveAudit checks the audit log of subject holds action.
func MustHaveAudit(tb testing.TB, db *storage.DB, subject, action string) {
	tb.Helper()
	entries, err := db.AuditOf(tb.Context(), subject)
	mustNil(tb, err)
	for _, e := range entries {
		if e.Action == action {
			return
		}
	}
	tb.Errorf("no audit row %q for %s in %+v", action, subject, entries)
}

// Ten thousand recipients are written in one short transaction: the figure
// is logged, never asserted.
func BenchmarkPublishNotice10000(b *testing.B) {
	db := storagetest.MustOpen(b, storagetest.SQLiteURL(b))
	head := mustCreateResident(b, db, 1, "Tiểu khu 1")
	to := make([]*danchu.Resident, 10000)
	for i := range to {
		to[i] = &danchu.Resident{ID: head.ID, TelegramID: int64(100000 + i)}
	}
	b.ResetTimer()
	for b.Loop() {
		mustPublishNotice(b, db, head, &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{All: true}, Text: "Cắt điện"}, to)
	}
}
