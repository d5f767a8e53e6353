package storage_test

import (
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// TestDeleteResidentKeepsPetitions: a petition already filed is a record the
// law keeps (LAW.md): it keeps its content, history, receipt and sealed
// identity, and loses only its link to the deleted account.
func TestDeleteResidentKeepsPetitions(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		author := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		official := mustCreateResident(t, db, 1002, "")
		boss := mustCreateResident(t, db, 1003, "")
		bystander := mustCreateResident(t, db, 1004, "Tiểu khu 2")
		at := local(2026, 3, 2, 9, 30)

		p := newPetition(danchu.KindDenunciation, author.ID, at)
		mustFile(t, db, p, identity)
		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAssign, At: at.Add(time.Hour), HandlerID: official.ID})
		p = mustApply(t, db, danchu.Actor{ResidentID: author.ID}, p, danchu.Change{Action: danchu.ActionWithdraw, At: at.Add(2 * time.Hour), Note: "Đã được giải quyết"})
		answered := newPetition(danchu.KindReport, author.ID, at)
		mustFile(t, db, answered, nil)
		answered = mustApply(t, db, chairman(boss.ID), answered, danchu.Change{Action: danchu.ActionAccept, At: at.Add(time.Hour)})
		answered = mustApply(t, db, chairman(boss.ID), answered, danchu.Change{Action: danchu.ActionAnswer, At: at.Add(2 * time.Hour), Note: "Đã sửa"})
		r, err := danchu.NewRating(danchu.Actor{ResidentID: author.ID}, answered, 4, "Tốt", at.Add(3*time.Hour))
		mustNil(t, err)
		mustNil(t, db.Rate(ctx, r))
		theirs := newPetition(danchu.KindReport, bystander.ID, at)
		mustFile(t, db, theirs, nil)
		handled := mustApply(t, db, chairman(boss.ID), theirs, danchu.Change{Action: danchu.ActionAssign, At: at.Add(time.Hour), HandlerID: author.ID})

		mustSaveDraft(t, db, &danchu.Draft{ResidentID: author.ID, ChatID: author.TelegramID, Flow: "gui_don", Data: []byte(`{"content":"Nháp"}`)})
		pending := msg(author.TelegramID, 0, "Đơn của bạn đã được trả lời")
		pending.ResidentID = author.ID
		other := msg(bystander.TelegramID, 0, "Thông báo họp")
		other.ResidentID = bystander.ID
		mustEnqueue(t, db, pending, other)
		before, err := db.Receipts(ctx)
		mustNil(t, err)

		mustNil(t, db.DeleteResident(ctx, author.ID))

		// The petitions stay whole, without their author.
		for _, want := range []*danchu.Petition{p, answered} {
			got, err := db.FindPetitionByID(ctx, want.ID)
			mustNil(t, err)
			unlinked := *want
			unlinked.ResidentID = 0
			if want.ID == answered.ID {
				unlinked.Rated = true
			}
			if !reflect.DeepEqual(got, &unlinked) {
				t.Fatalf("after the author's deletion\n%+v\nwant\n%+v", got, &unlinked)
			}
		}
		if list, total, err := db.ListPetitions(ctx, danchu.PetitionFilter{ResidentID: author.ID}); err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("ListPetitions(the deleted author) = %d, %d, %v", len(list), total, err)
		}
		// Their own steps lose their actor; the unit's keep theirs.
		events, err := db.Events(ctx, p.ID, true)
		mustNil(t, err)
		actors := []int64{}
		for _, e := range events {
			actors = append(actors, e.ActorID)
		}
		if want := []int64{0, boss.ID, 0}; !reflect.DeepEqual(actors, want) {
			t.Fatalf("event actors = %v, want %v", actors, want)
		}
		// The sealed identity is kept: the handler still needs it.
		id, err := db.PetitionIdentity(ctx, p.ID, official.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(id, identity) {
			t.Fatal("the identity changed")
		}
		// The rating counts, without its author.
		if n := count(t, db, `SELECT COUNT(*) FROM ratings WHERE resident_id IS NULL AND score = 4`); n != 1 {
			t.Fatalf("%d unlinked ratings, want 1", n)
		}
		// The petition they handled as an official goes back to the unassigned.
		got, err := db.FindPetitionByID(ctx, handled.ID)
		mustNil(t, err)
		if got.HandlerID != 0 || got.ResidentID != bystander.ID {
			t.Fatalf("the petition they handled: handler %d, author %d", got.HandlerID, got.ResidentID)
		}
		// Receipts do not change, and the chain still verifies.
		after, err := db.Receipts(ctx)
		mustNil(t, err)
		if !reflect.DeepEqual(after, before) {
			t.Fatal("the receipts changed")
		}
		mustVerify(t, db)

		// Their draft is gone; their messages are cancelled and emptied.
		_, err = db.FindDraft(ctx, author.ID, "gui_don")
		wantCode(t, err, danchu.ENOTFOUND)
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE id = ? AND status = 'cancelled' AND text = '' AND chat_id = 0 AND resident_id = 0`, pending.ID); n != 1 {
			t.Fatal("the pending message to the deleted resident was kept")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE id = ? AND status = 'pending' AND chat_id = ?`, other.ID, bystander.TelegramID); n != 1 {
			t.Fatal("someone else's message was touched")
		}
		if _, texts := mustClaim(t, db, t0, time.Minute, 10); len(texts) != 1 || texts[0] != "Thông báo họp" {
			t.Fatalf("claimed %v after the deletion", texts)
		}
	})
}
