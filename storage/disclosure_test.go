package storage_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// mustPublishDisclosure publishes d to the residents given at the stores'
// clock.
func mustPublishDisclosure(tb testing.TB, db *storage.DB, d *danchu.Disclosure, to []*danchu.Resident) *danchu.Broadcast {
	tb.Helper()
	b := &danchu.Broadcast{Kind: danchu.BroadcastDisclosure, SenderID: d.PublisherID, Audience: danchu.Audience{All: true}}
	err := db.PublishDisclosure(tb.Context(), d, b, func(id, broadcastID int64) ([]*danchu.OutboxMessage, error) {
		return recipients(to, "disclosure", fmt.Sprintf("ck:q:%d", id)), nil
	})
	if err != nil {
		tb.Fatalf("PublishDisclosure: %v", err)
	}
	return b
}

func disclosure(publisher int64, category, title string, from time.Time) *danchu.Disclosure {
	return &danchu.Disclosure{Category: category, Title: title, Body: "Chi tiết " + title, PublisherID: publisher,
		PostedFrom: from, PostedUntil: from.AddDate(0, 0, 30),
		Attachments: []danchu.Attachment{{Kind: danchu.AttachmentDocument, FileID: "doc-" + category, FileName: category + ".pdf"}}}
}

func TestDisclosuresArchiveAndRegister(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		chair := mustCreateResident(t, db, 500, "")
		to := mustResidents(t, db, 1000, 4, "Tiểu khu 2")

		// Published on three days: one in February, two in March.
		var published []*danchu.Disclosure
		for i, c := range []struct {
			at       time.Time
			category string
		}{
			{time.Date(2026, 2, 10, 3, 0, 0, 0, time.UTC), "ngan_sach"},
			{time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC), "ngan_sach"},
			{time.Date(2026, 3, 5, 3, 0, 0, 0, time.UTC), "quy_hoach"},
		} {
			db.Now = func() time.Time { return c.at }
			d := disclosure(chair.ID, c.category, fmt.Sprintf("Mục %d", i+1), c.at)
			b := mustPublishDisclosure(t, db, d, to)
			if d.ID == 0 || d.BroadcastID != b.ID || b.Category != c.category || !d.PublishedAt.Equal(c.at) || b.Total != 4 {
				t.Fatalf("published %+v as %+v", d, b)
			}
			published = append(published, d)
		}
		got, err := db.FindDisclosure(ctx, published[0].ID)
		mustNil(t, err)
		if !reflect.DeepEqual(got, published[0]) {
			t.Errorf("FindDisclosure = %+v, want %+v", got, published[0])
		}

		march := danchu.DisclosureFilter{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
		tests := []struct {
			name  string
			f     danchu.DisclosureFilter
			want  []int64
			total int
		}{
			{"all, newest first", danchu.DisclosureFilter{}, []int64{published[2].ID, published[1].ID, published[0].ID}, 3},
			{"a category", danchu.DisclosureFilter{Category: "ngan_sach"}, []int64{published[1].ID, published[0].ID}, 2},
			{"a month", march, []int64{published[2].ID, published[1].ID}, 2},
			{"a page", danchu.DisclosureFilter{Offset: 1, Limit: 1}, []int64{published[1].ID}, 3},
			{"a category in a month", danchu.DisclosureFilter{Category: "quy_hoach", From: march.From, To: march.To}, []int64{published[2].ID}, 1},
			{"nothing", danchu.DisclosureFilter{Category: "tuyen_dung"}, []int64{}, 0},
		}
		for _, tt := range tests {
			list, total, err := db.ListDisclosures(ctx, tt.f)
			mustNil(t, err)
			ids := []int64{}
			for _, d := range list {
				ids = append(ids, d.ID)
			}
			if !reflect.DeepEqual(ids, tt.want) || total != tt.total {
				t.Errorf("%s: %v of %d, want %v of %d", tt.name, ids, total, tt.want, tt.total)
			}
		}

		// The register: the first one reached three, one resident blocked the bot.
		// (Each chat's oldest message goes first: the first claim is all of it.)
		claimed, _ := mustClaim(t, db, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Minute, 10)
		mustNil(t, db.MarkFailed(ctx, claimed[0].ID, danchu.OutboxUnreachable, "403"))
		for _, m := range claimed[1:] {
			if m.BroadcastID != published[0].BroadcastID {
				t.Fatalf("claimed a message of broadcast %d first", m.BroadcastID)
			}
			mustNil(t, db.MarkSent(ctx, m.ID, t0, 1))
		}
		reg, err := db.DisclosureRegister(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC))
		mustNil(t, err)
		if len(reg) != 3 || reg[0].Disclosure.ID != published[0].ID {
			t.Fatalf("register = %+v", reg)
		}
		if c := reg[0].Counts; c.Total() != 4 || c.Sent+c.Unreachable != 4 || c.Unreachable != 1 {
			t.Errorf("register of the first: %+v, want 3 sent and 1 unreachable", c)
		}
		if c := reg[2].Counts; c != (danchu.BroadcastCounts{Pending: 4}) {
			t.Errorf("register of the last: %+v, want 4 pending", c)
		}
		MustHaveAudit(t, db, fmt.Sprintf("broadcast:%d", published[0].BroadcastID), "broadcast.create")
	})
}

func TestPublishDisclosureRefuses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		chair := mustCreateResident(t, db, 500, "")
		noTitle := disclosure(chair.ID, "ngan_sach", "", t0)
		backwards := disclosure(chair.ID, "ngan_sach", "Ngược", t0)
		backwards.PostedUntil = t0.AddDate(0, 0, -1)
		noCategory := disclosure(chair.ID, "", "Không loại", t0)
		stranger := disclosure(999, "ngan_sach", "Người lạ", t0)
		for name, tt := range map[string]struct {
			d    *danchu.Disclosure
			code string
		}{
			"no title": {noTitle, danchu.EINVALID}, "backwards": {backwards, danchu.EINVALID},
			"no category": {noCategory, danchu.EINVALID}, "unknown publisher": {stranger, danchu.ENOTFOUND},
		} {
			err := db.PublishDisclosure(t.Context(), tt.d, &danchu.Broadcast{Kind: danchu.BroadcastDisclosure, SenderID: tt.d.PublisherID},
				func(int64, int64) ([]*danchu.OutboxMessage, error) { return nil, nil })
			if danchu.ErrorCode(err) != tt.code {
				t.Errorf("%s: %v, want %s", name, err, tt.code)
			}
		}
	})
}

func TestDisclosureSubscriptions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		a := mustCreateResident(t, db, 1, "Tiểu khu 1")
		b := mustCreateResident(t, db, 2, "Tiểu khu 1")

		if got, err := db.DisclosureOptOuts(ctx, a.ID); err != nil || len(got) != 0 {
			t.Fatalf("a new resident opted out of %v (%v): the default is every category", got, err)
		}
		mustNil(t, db.SetDisclosureSubscription(ctx, a.ID, "ngan_sach", false))
		mustNil(t, db.SetDisclosureSubscription(ctx, a.ID, "ngan_sach", false)) // again: no error
		mustNil(t, db.SetDisclosureSubscription(ctx, a.ID, "tuyen_dung", false))
		mustNil(t, db.SetDisclosureSubscription(ctx, b.ID, "ngan_sach", false))
		mustNil(t, db.SetDisclosureSubscription(ctx, a.ID, "tuyen_dung", true))

		got, err := db.DisclosureOptOuts(ctx, a.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(got, []string{"ngan_sach"}) {
			t.Errorf("opt-outs of a = %v", got)
		}
		ids, err := db.OptedOutOf(ctx, "ngan_sach")
		mustNil(t, err)
		if !reflect.DeepEqual(ids, []int64{a.ID, b.ID}) {
			t.Errorf("opted out of ngan_sach: %v", ids)
		}
		if err := db.SetDisclosureSubscription(ctx, 999, "ngan_sach", true); danchu.ErrorCode(err) != danchu.ENOTFOUND {
			t.Errorf("an unknown resident: %v, want ENOTFOUND", err)
		}
		mustNil(t, db.DeleteResident(ctx, b.ID))
		if ids, _ := db.OptedOutOf(ctx, "ngan_sach"); !reflect.DeepEqual(ids, []int64{a.ID}) {
			t.Errorf("a deleted resident's choice stays: %v", ids)
		}
	})
}

func TestDisclosureQuestions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		chair := mustCreateResident(t, db, 500, "")
		asker := mustCreateResident(t, db, 1000, "Tiểu khu 1")
		d := disclosure(chair.ID, "ngan_sach", "Dự toán 2026", t0)
		mustPublishDisclosure(t, db, d, nil)

		q1 := &danchu.DisclosureQuestion{DisclosureID: d.ID, ResidentID: asker.ID, Text: "Khoản chi sửa đường là bao nhiêu?"}
		q2 := &danchu.DisclosureQuestion{DisclosureID: d.ID, ResidentID: asker.ID, Text: "Khi nào công khai quyết toán?"}
		mustNil(t, db.AskQuestion(ctx, q1))
		mustNil(t, db.AskQuestion(ctx, q2))
		if q1.ID == 0 || !q1.AskedAt.Equal(t0) {
			t.Fatalf("asked %+v", q1)
		}
		for name, q := range map[string]*danchu.DisclosureQuestion{
			"empty":              {DisclosureID: d.ID, ResidentID: asker.ID, Text: " "},
			"unknown disclosure": {DisclosureID: 999, ResidentID: asker.ID, Text: "?"},
		} {
			want := danchu.EINVALID
			if q.DisclosureID == 999 {
				want = danchu.ENOTFOUND
			}
			if err := db.AskQuestion(ctx, q); danchu.ErrorCode(err) != want {
				t.Errorf("%s: %v, want %s", name, err, want)
			}
		}

		notify := &danchu.OutboxMessage{ChatID: asker.TelegramID, ResidentID: asker.ID, Kind: "disclosure.answer",
			Priority: danchu.PriorityPersonal, Text: "Trả lời: 1,2 tỷ đồng."}
		at := t0.Add(time.Hour)
		mustNil(t, db.AnswerQuestion(ctx, q1.ID, chair.ID, "1,2 tỷ đồng.", at, notify))
		if err := db.AnswerQuestion(ctx, q1.ID, chair.ID, "lần hai", at, notify); danchu.ErrorCode(err) != danchu.ECONFLICT {
			t.Errorf("a second answer: %v, want ECONFLICT", err)
		}
		if err := db.AnswerQuestion(ctx, 999, chair.ID, "?", at, nil); danchu.ErrorCode(err) != danchu.ENOTFOUND {
			t.Errorf("an unknown question: %v, want ENOTFOUND", err)
		}
		if err := db.AnswerQuestion(ctx, q2.ID, chair.ID, "", at, nil); danchu.ErrorCode(err) != danchu.EINVALID {
			t.Errorf("an empty answer: %v, want EINVALID", err)
		}
		got, err := db.FindQuestion(ctx, q1.ID)
		mustNil(t, err)
		if got.Answer != "1,2 tỷ đồng." || got.AnsweredBy != chair.ID || !got.AnsweredAt.Equal(at) {
			t.Errorf("answered question = %+v", got)
		}
		msgs, texts := mustClaim(t, db, at, time.Minute, 10)
		if len(msgs) != 1 || texts[0] != notify.Text || msgs[0].Priority != danchu.PriorityPersonal {
			t.Errorf("the asker's answer in the outbox: %q", texts)
		}

		open, total, err := db.ListQuestions(ctx, true, 0, 10)
		mustNil(t, err)
		if total != 1 || len(open) != 1 || open[0].ID != q2.ID {
			t.Errorf("open questions = %+v of %d", open, total)
		}
		all, total, err := db.ListQuestions(ctx, false, 1, 10)
		mustNil(t, err)
		if total != 2 || len(all) != 1 || all[0].ID != q2.ID {
			t.Errorf("questions page 2 = %+v of %d", all, total)
		}
	})
}
