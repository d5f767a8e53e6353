package storage_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// An answer records the household the resident belongs to when answering:
// one whose representative the head confirmed. A member of a household
// still waiting for its representative, or of none, counts alone; a move
// afterwards leaves the answer where it was given.
func TestMeetingAnswersRecordTheHousehold(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		head := mustCreateResident(t, db, 500, "Tiểu khu 1")
		p := mustResidents(t, db, 1000, 5, "Tiểu khu 1")
		an, binh, chi, dung, em := p[0], p[1], p[2], p[3], p[4]
		confirmed := mustHousehold(t, db, "Số 12, ngõ 5", an, binh)                  // An represents it
		_, err := db.DeclareHousehold(ctx, chi.ID, "Tiểu khu 1", "Số 14, ngõ 5", t0) // no representative yet
		mustNil(t, err)
		meeting := &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{Neighbourhoods: []string{"Tiểu khu 1"}},
			Meeting: &danchu.Meeting{At: t0.Add(48 * time.Hour), Place: "Nhà văn hoá", Agenda: "Bầu tổ trưởng"}}
		mustPublishNotice(t, db, head, meeting, p)

		answer := func(r *danchu.Resident, answer string, minute int) {
			t.Helper()
			// The caller's HouseholdID is not trusted: the store sets it.
			mustNil(t, db.AnswerMeeting(ctx, danchu.MeetingAnswer{NoticeID: meeting.ID, ResidentID: r.ID, HouseholdID: 777,
				Answer: answer, At: t0.Add(time.Duration(minute) * time.Minute)}))
		}
		answer(an, danchu.AnswerAttend, 1)
		answer(binh, danchu.AnswerAbsent, 2)
		answer(chi, danchu.AnswerAck, 3)
		answer(dung, danchu.AnswerAck, 4)
		// Dũng moves into An's household after answering: his answer stays his own.
		_, err = db.DeclareHousehold(ctx, dung.ID, "Tiểu khu 1", "số 12 ngõ 5", t0.Add(5*time.Minute))
		mustNil(t, err)

		got, err := db.MeetingAnswersOf(ctx, meeting.ID)
		mustNil(t, err)
		want := []struct {
			resident, household int64
			answer              string
		}{
			{an.ID, confirmed.ID, danchu.AnswerAttend},
			{binh.ID, confirmed.ID, danchu.AnswerAbsent},
			{chi.ID, 0, danchu.AnswerAck},
			{dung.ID, 0, danchu.AnswerAck},
		}
		if len(got) != len(want) {
			t.Fatalf("answers %+v, want %d", got, len(want))
		}
		for i, w := range want {
			if g := got[i]; g.ResidentID != w.resident || g.HouseholdID != w.household || g.Answer != w.answer {
				t.Errorf("answer %d = %+v, want resident %d household %d %s", i, g, w.resident, w.household, w.answer)
			}
		}
		// Per household: Bình's later answer is the household's.
		units := danchu.HouseholdAnswers(got)
		if len(units) != 3 || units[danchu.AnswerUnit{HouseholdID: confirmed.ID}].Answer != danchu.AnswerAbsent {
			t.Errorf("by household: %+v", units)
		}
		// Now Dũng answers again, from An's household.
		answer(dung, danchu.AnswerAttend, 6)
		mine, err := db.MeetingAnswersBy(ctx, dung.ID)
		mustNil(t, err)
		if len(mine) != 1 || mine[0].HouseholdID != confirmed.ID || mine[0].Answer != danchu.AnswerAttend {
			t.Errorf("Dũng's answers: %+v", mine)
		}
		if mine, _ := db.MeetingAnswersBy(ctx, em.ID); len(mine) != 0 {
			t.Errorf("Em answered nothing: %+v", mine)
		}
	})
}

// The meetings of a window, for the reminders; plain notices are not
// meetings.
func TestMeetingsBetween(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		head := mustCreateResident(t, db, 500, "Tiểu khu 1")
		at := func(h int) *danchu.Notice {
			n := &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{All: true},
				Meeting: &danchu.Meeting{At: t0.Add(time.Duration(h) * time.Hour), Place: "Hội trường", Agenda: "Họp"}}
			mustPublishNotice(t, db, head, n, nil)
			return n
		}
		later, soon := at(30), at(2)
		at(-1)
		mustPublishNotice(t, db, head, &danchu.Notice{SenderID: head.ID, Audience: danchu.Audience{All: true}, Text: "Cắt điện"}, nil)
		got, err := db.MeetingsBetween(ctx, t0, t0.Add(30*time.Hour+time.Second))
		mustNil(t, err)
		if len(got) != 2 || got[0].ID != soon.ID || got[1].ID != later.ID || got[0].Meeting == nil {
			t.Errorf("meetings: %+v", got)
		}
		if got, _ := db.MeetingsBetween(ctx, t0, t0.Add(30*time.Hour)); len(got) != 1 {
			t.Errorf("the window's end is not in it: %+v", got)
		}
	})
}

// Members of every household of a neighbourhood, for the tally.
func TestNeighbourhoodMembers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		p := mustResidents(t, db, 1000, 3, "Tiểu khu 1")
		other := mustCreateResident(t, db, 2000, "Tiểu khu 2")
		h1 := mustHousehold(t, db, "Số 1", p[0], p[1])
		h2 := mustHousehold(t, db, "Số 2", p[2])
		mustHousehold(t, db, "Số 1", other)
		got, err := db.NeighbourhoodMembers(t.Context(), "Tiểu khu 1")
		mustNil(t, err)
		if len(got) != 3 || got[0].HouseholdID != h1.ID || got[0].ResidentID != p[0].ID || got[1].ResidentID != p[1].ID ||
			got[2].HouseholdID != h2.ID || got[2].Name != p[2].FullName {
			t.Errorf("members: %+v", got)
		}
	})
}

// A reminder is marked done once.
func TestRemindersDone(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		done, err := db.ReminderDone(ctx, "notice:1:day")
		mustNil(t, err)
		if done {
			t.Fatal("done before it was marked")
		}
		for i, want := range []bool{true, false} {
			set, err := db.MarkReminderDone(ctx, "notice:1:day", t0)
			mustNil(t, err)
			if set != want {
				t.Errorf("mark %d: %v, want %v", i+1, set, want)
			}
		}
		if done, _ := db.ReminderDone(ctx, "notice:1:day"); !done {
			t.Error("not done after the mark")
		}
		if done, _ := db.ReminderDone(ctx, "notice:1:hour"); done {
			t.Error("another reminder is done")
		}
		_, err = db.MarkReminderDone(ctx, " ", t0)
		wantCode(t, err, danchu.EINVALID)
	})
}
