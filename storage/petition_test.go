package storage_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/secret"
	"danchu/storage"
)

// settings are the shipped ones: unit code HT, Asia/Ho_Chi_Minh.
var settings = danchu.DefaultSettings()

// forEachPetitionDB is forEachEngine with what petitions need: the unit's
// code and time zone, and a secret key.
func forEachPetitionDB(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		db.UnitCode = settings.Unit.Code
		db.Location = settings.Location()
		db.Secrets = mustBox(t)
		fn(t, db)
	})
}

func mustBox(tb testing.TB) *secret.Box {
	tb.Helper()
	key, err := secret.NewKey()
	mustNil(tb, err)
	b, err := secret.NewBox(key)
	mustNil(tb, err)
	return b
}

// local is a time in the unit's zone.
func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, settings.Location())
}

// newPetition is a petition of kind as the intake makes it, received at at,
// with its due dates.
func newPetition(kind danchu.Kind, authorID int64, at time.Time) *danchu.Petition {
	p := &danchu.Petition{
		Kind:          kind,
		Field:         settings.Fields[0],
		Neighbourhood: settings.Neighbourhoods[0].Name,
		ResidentID:    authorID,
		Content:       "Đường qua Tiểu khu 1 bị ngập sau mỗi trận mưa.",
		Attachments: []danchu.Attachment{
			{Kind: danchu.AttachmentPhoto, FileID: "AgACAgIAAxk", FileName: "ngap.jpg"},
			{Kind: danchu.AttachmentLocation, Lat: 19.9869123, Lon: 105.8453},
		},
		Status:     danchu.StatusReceived,
		ReceivedAt: at,
	}
	if kind == danchu.KindComplaint {
		learned := at.AddDate(0, 0, -20)
		p.Subject, p.LearnedAt, p.Request = "Quyết định xử phạt số 12/QĐ-XP", &learned, "Huỷ quyết định"
	}
	danchu.NewCalendar(settings).SetDues(settings, p)
	return p
}

var identity = &danchu.Identity{FullName: "Phạm Thị Thu Hằng", Address: "Số 7, Tiểu khu 2", Phone: "+84915000111"}

// mustFile files p and returns its receipt.
func mustFile(tb testing.TB, db *storage.DB, p *danchu.Petition, id *danchu.Identity) *danchu.Receipt {
	tb.Helper()
	r, err := db.CreatePetition(tb.Context(), p, id)
	if err != nil {
		tb.Fatalf("CreatePetition: %v", err)
	}
	return r
}

func mustVerify(tb testing.TB, db *storage.DB) {
	tb.Helper()
	errs, err := db.VerifyReceipts(tb.Context())
	mustNil(tb, err)
	if len(errs) != 0 {
		tb.Fatalf("VerifyReceipts = %v", errs)
	}
}

func TestCreatePetition(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		author := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		at := local(2026, 3, 2, 9, 30).Add(123456789 * time.Nanosecond) // nanoseconds are not kept
		p := newPetition(danchu.KindComplaint, author.ID, at)
		r := mustFile(t, db, p, identity)

		if p.ID == 0 || p.Year != 2026 || p.Seq != 1 || p.Number != "HT-2026-000001" || p.Version != 1 ||
			!p.CreatedAt.Equal(t0) || !p.UpdatedAt.Equal(t0) || !p.ReceivedAt.Equal(at.Truncate(time.Microsecond)) {
			t.Fatalf("CreatePetition set %+v", p)
		}
		want := danchu.NewReceipt(p, danchu.GenesisHash)
		if !reflect.DeepEqual(*r, want) {
			t.Fatalf("receipt = %+v, want %+v", *r, want)
		}
		for name, find := range map[string]func() (*danchu.Petition, error){
			"by id":     func() (*danchu.Petition, error) { return db.FindPetitionByID(ctx, p.ID) },
			"by number": func() (*danchu.Petition, error) { return db.FindPetitionByNumber(ctx, "HT-2026-000001") },
		} {
			got, err := find()
			mustNil(t, err)
			if !reflect.DeepEqual(got, p) {
				t.Fatalf("found %s:\n%+v\nwant\n%+v", name, got, p)
			}
		}
		receipts, err := db.Receipts(ctx)
		mustNil(t, err)
		if len(receipts) != 1 || !reflect.DeepEqual(receipts[0], *r) {
			t.Fatalf("Receipts = %+v", receipts)
		}
		events, err := db.Events(ctx, p.ID, true)
		mustNil(t, err)
		wantEvent := danchu.Event{ID: events[0].ID, PetitionID: p.ID, At: p.ReceivedAt, ActorID: author.ID,
			Action: danchu.ActionSubmit, ToStatus: danchu.StatusReceived}
		if len(events) != 1 || !reflect.DeepEqual(events[0], wantEvent) {
			t.Fatalf("Events = %+v, want the submit event %+v", events, wantEvent)
		}

		second := mustFile(t, db, newPetition(danchu.KindReport, 0, at.Add(time.Minute)), nil)
		if second.Number != "HT-2026-000002" || second.PrevHash != r.Hash {
			t.Fatalf("second receipt %s follows %.12s, want HT-2026-000002 after %.12s", second.Number, second.PrevHash, r.Hash)
		}
		anon, err := db.FindPetitionByNumber(ctx, second.Number)
		mustNil(t, err)
		if anon.ResidentID != 0 || anon.Attachments == nil {
			t.Fatalf("petition without an author: %+v", anon)
		}
		mustVerify(t, db)

		for _, number := range []string{"HT-2026-000003", "ht-2026-000001", "HT-2026-1"} {
			_, err = db.FindPetitionByNumber(ctx, number)
			wantCode(t, err, danchu.ENOTFOUND)
		}
		_, err = db.FindPetitionByID(ctx, p.ID+100)
		wantCode(t, err, danchu.ENOTFOUND)
		_, err = db.Events(ctx, p.ID+100, true)
		wantCode(t, err, danchu.ENOTFOUND)
	})
}

func TestCreatePetitionRefuses(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		at := local(2026, 3, 2, 9, 30)
		tests := []struct {
			name   string
			change func(p *danchu.Petition, db *storage.DB)
			id     *danchu.Identity
			code   string
		}{
			{"not received", func(p *danchu.Petition, _ *storage.DB) { p.Status = danchu.StatusAccepted }, nil, danchu.EINVALID},
			{"unknown kind", func(p *danchu.Petition, _ *storage.DB) { p.Kind = "gossip" }, nil, danchu.EINVALID},
			{"no time received", func(p *danchu.Petition, _ *storage.DB) { p.ReceivedAt = time.Time{} }, nil, danchu.EINVALID},
			{"no accept due", func(p *danchu.Petition, _ *storage.DB) { p.AcceptDue = time.Time{} }, nil, danchu.EINVALID},
			{"no resolve due", func(p *danchu.Petition, _ *storage.DB) { p.ResolveDue = time.Time{} }, nil, danchu.EINVALID},
			{"a year that is not the year received", func(p *danchu.Petition, _ *storage.DB) { p.Year = 2025 }, nil, danchu.EINVALID},
			{"no year and no time zone", func(p *danchu.Petition, db *storage.DB) { db.Location = nil }, nil, danchu.EINVALID},
			{"an unknown author", func(p *danchu.Petition, _ *storage.DB) { p.ResidentID = 999 }, nil, danchu.ENOTFOUND},
			{"no unit code", func(p *danchu.Petition, db *storage.DB) { db.UnitCode = "" }, nil, danchu.EINTERNAL},
			{"an identity and no secret key", func(p *danchu.Petition, db *storage.DB) { db.Secrets = nil }, identity, danchu.EINTERNAL},
		}
		for _, tt := range tests {
			code, loc, box := db.UnitCode, db.Location, db.Secrets
			p := newPetition(danchu.KindDenunciation, 0, at)
			tt.change(p, db)
			_, err := db.CreatePetition(t.Context(), p, tt.id)
			db.UnitCode, db.Location, db.Secrets = code, loc, box
			if danchu.ErrorCode(err) != tt.code {
				t.Errorf("%s: error %v, want %s", tt.name, err, tt.code)
			}
			if tt.name == "an identity and no secret key" && !strings.Contains(danchu.ErrorMessage(err), "no secret key") {
				t.Errorf("%s: message %q does not say there is no secret key", tt.name, danchu.ErrorMessage(err))
			}
		}
		// No refusal took a number: the next one is the first.
		r := mustFile(t, db, newPetition(danchu.KindReport, 0, at), nil)
		if r.Number != "HT-2026-000001" || r.PrevHash != danchu.GenesisHash {
			t.Fatalf("after refusals the first petition is %s after %.12s", r.Number, r.PrevHash)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM petition_events`); n != 1 {
			t.Fatalf("refused filings left %d events", n-1)
		}
		// Without a time zone the caller's year is used.
		db.Location = nil
		p := newPetition(danchu.KindReport, 0, at)
		p.Year = 2026
		if r := mustFile(t, db, p, nil); r.Number != "HT-2026-000002" {
			t.Fatalf("with the caller's year: %s", r.Number)
		}
	})
}

// TestPetitionNumbersConcurrent: filings at the same moment never share a
// number nor leave a gap, and the receipt chain does not fork.
func TestPetitionNumbersConcurrent(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		author := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		const n = 50
		at := local(2026, 5, 4, 10, 0)
		receipts := make([]*danchu.Receipt, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				var id *danchu.Identity
				if i%2 == 0 {
					id = identity
				}
				receipts[i], errs[i] = db.CreatePetition(t.Context(), newPetition(danchu.KindComplaint, author.ID, at.Add(time.Duration(i)*time.Second)), id)
			})
		}
		wg.Wait()
		seen := map[int]bool{}
		for i := range n {
			mustNil(t, errs[i])
			_, year, seq, err := danchu.ParseNumber(receipts[i].Number)
			mustNil(t, err)
			if year != 2026 || seq < 1 || seq > n || seen[seq] {
				t.Fatalf("filing %d got %s", i, receipts[i].Number)
			}
			seen[seq] = true
		}
		if len(seen) != n {
			t.Fatalf("%d distinct numbers for %d filings", len(seen), n)
		}
		chain, err := db.Receipts(t.Context())
		mustNil(t, err)
		if len(chain) != n {
			t.Fatalf("%d receipts, want %d", len(chain), n)
		}
		if errs := danchu.VerifyChain(chain...); len(errs) != 0 {
			t.Fatalf("VerifyChain = %v", errs)
		}
		mustVerify(t, db)
	})
}

// TestPetitionNumbersRestartEachYear: the year is the unit's: 00:10 on
// 1 January in Hà Nội is still 31 December in UTC.
func TestPetitionNumbersRestartEachYear(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		steps := []struct {
			at   time.Time
			want string
		}{
			{local(2026, 12, 31, 9, 0), "HT-2026-000001"},
			{local(2026, 12, 31, 23, 59), "HT-2026-000002"},
			{local(2027, 1, 1, 0, 10), "HT-2027-000001"},
			{local(2027, 1, 2, 8, 0), "HT-2027-000002"},
			{local(2026, 12, 31, 23, 59).Add(30 * time.Second), "HT-2026-000003"}, // a late filing of the old year
			{local(2028, 6, 1, 8, 0), "HT-2028-000001"},
		}
		for _, s := range steps {
			p := newPetition(danchu.KindRecommendation, 0, s.at)
			if r := mustFile(t, db, p, nil); r.Number != s.want || p.Number != s.want {
				t.Errorf("filed at %s: %s, want %s", s.at, r.Number, s.want)
			}
		}
		if steps[2].at.UTC().Year() != 2026 {
			t.Fatal("the test's New Year filing is not in the old year in UTC")
		}
		mustVerify(t, db)
	})
}

// chairman is an actor who may do every handling step.
func chairman(id int64) danchu.Actor {
	return danchu.Actor{ResidentID: id, Roles: []danchu.RoleGrant{{ResidentID: id, Role: danchu.RoleChairman}}}
}

// mustApply computes a change with the rules and saves it.
func mustApply(tb testing.TB, db *storage.DB, a danchu.Actor, p *danchu.Petition, ch danchu.Change) *danchu.Petition {
	tb.Helper()
	next, ev, err := danchu.NewRules(settings).Apply(a, p, ch)
	mustNil(tb, err)
	if err := db.Transition(tb.Context(), next, ev); err != nil {
		tb.Fatalf("Transition(%s): %v", ch.Action, err)
	}
	if ev.ID == 0 {
		tb.Fatalf("Transition(%s) did not set the event id", ch.Action)
	}
	return next
}

func TestTransition(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		author := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		boss := mustCreateResident(t, db, 1002, "")
		official := mustCreateResident(t, db, 1003, "")
		at := local(2026, 3, 2, 9, 30)
		p := newPetition(danchu.KindDenunciation, author.ID, at)
		mustFile(t, db, p, identity)
		filed := *p

		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAssign, At: at.Add(time.Hour), HandlerID: official.ID})
		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAccept, At: at.Add(2 * time.Hour)})
		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionNote, At: at.Add(3 * time.Hour), Note: "Đã xác minh tại chỗ"})
		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionExtend, At: at.Add(4 * time.Hour), Note: "Vụ việc phức tạp"})
		answer := []danchu.Attachment{{Kind: danchu.AttachmentDocument, FileID: "BQACAgIAAxk", FileName: "tra-loi.pdf"}}
		p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAnswer, At: at.Add(5 * time.Hour), Note: "Kết luận nội dung tố cáo", Attachments: answer})

		got, err := db.FindPetitionByID(ctx, p.ID)
		mustNil(t, err)
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("stored\n%+v\nwant\n%+v", got, p)
		}
		if got.Version != 6 || got.HandlerID != official.ID || got.Status != danchu.StatusAnswered || got.Extensions != 1 {
			t.Fatalf("after five steps: version %d, handler %d, status %s, extensions %d", got.Version, got.HandlerID, got.Status, got.Extensions)
		}

		all, err := db.Events(ctx, p.ID, true)
		mustNil(t, err)
		public, err := db.Events(ctx, p.ID, false)
		mustNil(t, err)
		actions := func(events []danchu.Event) string {
			var s []string
			for _, e := range events {
				s = append(s, string(e.Action)+":"+string(e.ToStatus))
			}
			return strings.Join(s, " ")
		}
		if got, want := actions(all), "submit:received assign:received accept:accepted note:in_progress extend:in_progress answer:answered"; got != want {
			t.Errorf("Events(with internal) = %s, want %s", got, want)
		}
		if got, want := actions(public), "submit:received accept:accepted extend:in_progress answer:answered"; got != want {
			t.Errorf("Events(without internal) = %s, want %s", got, want)
		}
		if a := all[1]; a.TargetID != official.ID || !a.Internal || a.ActorID != boss.ID || !a.At.Equal(at.Add(time.Hour)) {
			t.Errorf("the assign event = %+v", a)
		}
		if a := all[5]; !reflect.DeepEqual(a.Attachments, answer) || a.Note != "Kết luận nội dung tố cáo" || a.FromStatus != danchu.StatusInProgress {
			t.Errorf("the answer event = %+v", a)
		}

		// A change computed from the petition as it was filed comes too late.
		stale, ev, err := danchu.NewRules(settings).Apply(chairman(boss.ID), &filed, danchu.Change{Action: danchu.ActionRefuse, At: at.Add(6 * time.Hour), Note: "Không thuộc thẩm quyền"})
		mustNil(t, err)
		wantCode(t, db.Transition(ctx, stale, ev), danchu.ECONFLICT)
		if after, _ := db.FindPetitionByID(ctx, p.ID); after.Status != danchu.StatusAnswered || after.Version != 6 {
			t.Fatalf("the stale change was saved: %+v", after)
		}
		if n, _ := db.Events(ctx, p.ID, true); len(n) != 6 {
			t.Fatalf("the stale change left an event")
		}

		unknown := *stale
		unknown.ID = p.ID + 100
		wantCode(t, db.Transition(ctx, &unknown, &danchu.Event{Action: danchu.ActionNote}), danchu.ENOTFOUND)
		wantCode(t, db.Transition(ctx, p, &danchu.Event{PetitionID: p.ID + 1, Action: danchu.ActionNote}), danchu.EINVALID)
		noHandler := *p
		noHandler.Version++
		noHandler.HandlerID = 999
		wantCode(t, db.Transition(ctx, &noHandler, &danchu.Event{Action: danchu.ActionAssign}), danchu.ENOTFOUND)
		mustVerify(t, db) // handling changes no receipt
	})
}

// TestTransitionConcurrent: of officials pressing at once on the same
// version, exactly one wins.
func TestTransitionConcurrent(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		boss := mustCreateResident(t, db, 1002, "")
		p := newPetition(danchu.KindReport, 0, local(2026, 3, 2, 9, 30))
		mustFile(t, db, p, nil)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				next, ev, err := danchu.NewRules(settings).Apply(chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAccept, At: p.ReceivedAt.Add(time.Hour)})
				if err == nil {
					err = db.Transition(t.Context(), next, ev)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch danchu.ErrorCode(err) {
			case "":
				won++
			case danchu.ECONFLICT:
			default:
				t.Fatalf("Transition: %v", err)
			}
		}
		events, err := db.Events(t.Context(), p.ID, true)
		mustNil(t, err)
		if won != 1 || len(events) != 2 {
			t.Fatalf("%d of %d concurrent changes won, %d events; want 1 and 2", won, n, len(events))
		}
	})
}

func TestRate(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		boss := mustCreateResident(t, db, 1002, "")
		official := mustCreateResident(t, db, 1003, "")
		at := local(2026, 3, 2, 9, 30)
		answered := func(authorTelegram int64, handler int64) (*danchu.Petition, danchu.Actor) {
			author := mustCreateResident(t, db, authorTelegram, "Tiểu khu 1")
			p := newPetition(danchu.KindRecommendation, author.ID, at)
			mustFile(t, db, p, nil)
			p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAssign, At: at.Add(time.Hour), HandlerID: handler})
			p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAccept, At: at.Add(2 * time.Hour)})
			p = mustApply(t, db, chairman(boss.ID), p, danchu.Change{Action: danchu.ActionAnswer, At: at.Add(3 * time.Hour), Note: "Đã sửa"})
			return p, danchu.Actor{ResidentID: author.ID}
		}
		scores := []struct {
			handler int64
			score   int
		}{{official.ID, 5}, {official.ID, 2}, {boss.ID, 4}}
		for i, s := range scores {
			p, author := answered(int64(2001+i), s.handler)
			r, err := danchu.NewRating(author, p, s.score, "  Cảm ơn  ", at.Add(4*time.Hour))
			mustNil(t, err)
			mustNil(t, db.Rate(ctx, r))
			got, err := db.FindPetitionByID(ctx, p.ID)
			mustNil(t, err)
			if !got.Rated || got.Version != p.Version {
				t.Fatalf("after Rate: Rated %v, Version %d (was %d)", got.Rated, got.Version, p.Version)
			}
			wantCode(t, db.Rate(ctx, r), danchu.ECONFLICT)
		}
		for _, tt := range []struct {
			handler int64
			want    danchu.RatingStats
		}{
			{official.ID, danchu.RatingStats{Count: 2, Sum: 7}},
			{boss.ID, danchu.RatingStats{Count: 1, Sum: 4}},
			{0, danchu.RatingStats{Count: 3, Sum: 11}},
			{999, danchu.RatingStats{}},
		} {
			got, err := db.RatingStats(ctx, tt.handler)
			mustNil(t, err)
			if got != tt.want {
				t.Errorf("RatingStats(%d) = %+v, want %+v", tt.handler, got, tt.want)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM ratings WHERE comment = 'Cảm ơn'`); n != 3 {
			t.Errorf("%d ratings kept their comment", n)
		}
		wantCode(t, db.Rate(ctx, &danchu.Rating{PetitionID: 999, Score: 3}), danchu.ENOTFOUND)
		wantCode(t, db.Rate(ctx, &danchu.Rating{PetitionID: 1, Score: 6}), danchu.EINVALID)
	})
}
