package storage_test

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func TestReportDeadlines(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		chair := mustCreateResident(t, db, 1001, "")
		due := local(2026, time.July, 5, 0, 0)
		d := &danchu.ReportDeadline{Title: "  Báo cáo đột xuất về tiếp công dân  ", Due: due,
			Responsible: []int64{7, 9}, CreatedBy: chair.ID}
		mustNil(t, db.CreateReportDeadline(ctx, d))
		if d.ID == 0 || d.Key != danchu.ReportKeyAdHoc || d.Period != itoa(d.ID) || !d.CreatedAt.Equal(t0) {
			t.Fatalf("created: %+v", d)
		}
		if want := local(2026, time.January, 1, 0, 0); !d.From.Equal(want) {
			t.Fatalf("From = %s, want 1 January of the due year", d.From)
		}
		later := &danchu.ReportDeadline{Title: "Báo cáo quý III", Due: local(2026, time.October, 1, 0, 0)}
		mustNil(t, db.CreateReportDeadline(ctx, later))

		got, err := db.FindReportDeadline(ctx, d.ID)
		mustNil(t, err)
		if got.Title != "Báo cáo đột xuất về tiếp công dân" || !got.Due.Equal(due) || got.Due.Location() != settings.Location() ||
			!reflect.DeepEqual(got.Responsible, []int64{7, 9}) || got.CreatedBy != chair.ID || got.Ref() != "adhoc:"+itoa(d.ID) {
			t.Fatalf("found: %+v", got)
		}
		_, err = db.FindReportDeadline(ctx, 999)
		wantCode(t, err, danchu.ENOTFOUND)

		for _, tc := range []struct {
			from, to time.Time
			want     []int64
		}{
			{time.Time{}, time.Time{}, []int64{d.ID, later.ID}},
			{due, time.Time{}, []int64{d.ID, later.ID}},
			{due.Add(time.Second), time.Time{}, []int64{later.ID}},
			{time.Time{}, due, nil},
			{time.Time{}, due.Add(time.Second), []int64{d.ID}},
		} {
			list, err := db.ReportDeadlines(ctx, tc.from, tc.to)
			mustNil(t, err)
			var ids []int64
			for _, x := range list {
				ids = append(ids, x.ID)
			}
			if !reflect.DeepEqual(ids, tc.want) {
				t.Errorf("ReportDeadlines(%s, %s) = %v, want %v", tc.from, tc.to, ids, tc.want)
			}
		}
		if got, _ := db.FindReportDeadline(ctx, later.ID); got.Responsible != nil {
			t.Errorf("no one named: Responsible = %v, want nil (everyone)", got.Responsible)
		}
		wantCode(t, db.CreateReportDeadline(ctx, &danchu.ReportDeadline{Title: " ", Due: due}), danchu.EINVALID)
		wantCode(t, db.CreateReportDeadline(ctx, &danchu.ReportDeadline{Title: "x"}), danchu.EINVALID)
	})
}

func TestSubmitReportFirstWinsAndIsAudited(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		_, err := db.FindReportSubmission(ctx, "half_year", "2026")
		wantCode(t, err, danchu.ENOTFOUND)

		at := time.Date(2026, 6, 12, 2, 30, 0, 0, time.UTC)
		var wg sync.WaitGroup
		created := make([]bool, 6)
		for i := range created {
			wg.Go(func() {
				s, ok, err := db.SubmitReport(ctx, danchu.ReportSubmission{Key: "half_year", Period: "2026",
					ResidentID: int64(100 + i), SubmittedAt: at.Add(time.Duration(i) * time.Second)})
				if err != nil {
					t.Error(err)
					return
				}
				created[i] = ok
				if s.Key != "half_year" || s.Period != "2026" {
					t.Errorf("submission %+v", s)
				}
			})
		}
		wg.Wait()
		winners := 0
		var winner int64
		for i, ok := range created {
			if ok {
				winners++
				winner = int64(100 + i)
			}
		}
		if winners != 1 {
			t.Fatalf("%d submissions created, want 1", winners)
		}
		s, err := db.FindReportSubmission(ctx, "half_year", "2026")
		mustNil(t, err)
		if s.ResidentID != winner {
			t.Fatalf("stored submitter %d, want the winner %d", s.ResidentID, winner)
		}
		again, ok, err := db.SubmitReport(ctx, danchu.ReportSubmission{Key: "half_year", Period: "2026", ResidentID: 1})
		mustNil(t, err)
		if ok || *again != *s {
			t.Fatalf("a later press: created %v, %+v; want the first %+v", ok, again, s)
		}
		entries, err := db.AuditOf(ctx, "report:half_year:2026")
		mustNil(t, err)
		if len(entries) != 1 || entries[0].Action != "report.submitted" || entries[0].ActorID != winner {
			t.Fatalf("audit = %+v, want one entry by the winner", entries)
		}
		// Another period of the same report is its own.
		_, ok, err = db.SubmitReport(ctx, danchu.ReportSubmission{Key: "half_year", Period: "2027", ResidentID: 1})
		mustNil(t, err)
		if !ok {
			t.Fatal("the 2027 period was taken by 2026's submission")
		}
		_, _, err = db.SubmitReport(ctx, danchu.ReportSubmission{Key: "", Period: "2026"})
		wantCode(t, err, danchu.EINVALID)
	})
}

func TestPetitionFigures(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		author := mustCreateResident(t, db, 2001, settings.Neighbourhoods[0].Name)
		chair := chairman(mustCreateResident(t, db, 2002, "").ID)
		mar := func(d, h int) time.Time { return local(2026, time.March, d, h, 0) }
		// Received 2/3 (answered 10/3, rated 11/3), 5/3 (accepted, still
		// pending), 20/3 (received only) and 1/4 (outside March).
		p1 := newPetition(danchu.KindRecommendation, author.ID, mar(2, 9))
		mustFile(t, db, p1, nil)
		p1 = mustApply(t, db, chair, p1, danchu.Change{Action: danchu.ActionAccept, At: mar(3, 9)})
		p1 = mustApply(t, db, chair, p1, danchu.Change{Action: danchu.ActionAnswer, At: mar(10, 9), Note: "Đã sửa"})
		r, err := danchu.NewRating(danchu.Actor{ResidentID: author.ID}, p1, 4, "", mar(11, 9))
		mustNil(t, err)
		mustNil(t, db.Rate(ctx, r))
		p2 := newPetition(danchu.KindReport, author.ID, mar(5, 9))
		mustFile(t, db, p2, nil)
		mustApply(t, db, chair, p2, danchu.Change{Action: danchu.ActionAccept, At: mar(6, 9)})
		mustFile(t, db, newPetition(danchu.KindReport, author.ID, mar(20, 9)), nil)
		mustFile(t, db, newPetition(danchu.KindReport, author.ID, local(2026, time.April, 1, 9, 0)), nil)

		april := local(2026, time.April, 1, 0, 0)
		got, err := db.PetitionFigures(ctx, local(2026, time.March, 1, 0, 0), april)
		mustNil(t, err)
		// Late by 1/4: p2, to be answered within 15 working days of 6/3
		// (27/3), and p3, to be accepted within 10 days of 20/3 (30/3).
		want := danchu.PetitionFigures{Received: 3, Answered: 1, Overdue: 2, Ratings: danchu.RatingStats{Count: 1, Sum: 4}}
		if got != want {
			t.Fatalf("March figures = %+v, want %+v", got, want)
		}
		got, err = db.PetitionFigures(ctx, april, local(2027, time.January, 1, 0, 0))
		mustNil(t, err)
		if got.Received != 1 || got.Answered != 0 || got.Overdue != 3 || got.Ratings.Count != 0 {
			t.Fatalf("rest of the year = %+v, want 1 received and 3 pending late by its end", got)
		}
	})
}
