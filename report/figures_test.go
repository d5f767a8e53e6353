package report_test

import (
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/report"
	"danchu/secret"
	"danchu/storage"
	"danchu/storage/storagetest"
)

var settings = danchu.DefaultSettings()

func local(y int, m time.Month, d, hh int) time.Time {
	return time.Date(y, m, d, hh, 0, 0, 0, settings.Location())
}

func mustNil(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// fixture builds petitions through the stores' own methods and the rules,
// as the bot does.
type fixture struct {
	tb     testing.TB
	db     *storage.DB
	rules  *danchu.Rules
	boss   danchu.Actor
	author *danchu.Resident
}

func (x *fixture) resident(telegramID int64, nb string, at time.Time) *danchu.Resident {
	x.db.Now = func() time.Time { return at }
	r := &danchu.Resident{TelegramID: telegramID, FullName: "Nguyễn Văn An", Neighbourhood: nb}
	mustNil(x.tb, x.db.CreateResident(x.tb.Context(), r))
	return r
}

func (x *fixture) file(kind danchu.Kind, field int, nb string, at time.Time) *danchu.Petition {
	x.tb.Helper()
	p := &danchu.Petition{Kind: kind, Field: settings.Fields[field], Neighbourhood: nb, ResidentID: x.author.ID,
		Content: "Nội dung đơn", Status: danchu.StatusReceived, ReceivedAt: at}
	var id *danchu.Identity
	if kind.NeedsIdentity() {
		id = &danchu.Identity{FullName: "Trần Thị Bình", Address: "Số 3, Tiểu khu 2", Phone: "0912000111"}
	}
	if kind == danchu.KindComplaint {
		learned := at.AddDate(0, 0, -10)
		p.Subject, p.LearnedAt, p.Request = "Quyết định số 1", &learned, "Huỷ quyết định"
	}
	x.rules.Calendar.SetDues(settings, p)
	_, err := x.db.CreatePetition(x.tb.Context(), p, id)
	mustNil(x.tb, err)
	return p
}

func (x *fixture) step(p *danchu.Petition, a danchu.Actor, action danchu.Action, at time.Time) *danchu.Petition {
	x.tb.Helper()
	ch := danchu.Change{Action: action, At: at, Note: "Lý do", TransferTo: "Công an huyện"}
	next, ev, err := x.rules.Apply(a, p, ch)
	if err != nil {
		x.tb.Fatalf("%s %s: %v", action, p.Number, err)
	}
	mustNil(x.tb, x.db.Transition(x.tb.Context(), next, ev))
	return next
}

func (x *fixture) rate(p *danchu.Petition, score int, at time.Time) {
	x.tb.Helper()
	r, err := danchu.NewRating(danchu.Actor{ResidentID: x.author.ID}, p, score, "", at)
	mustNil(x.tb, err)
	mustNil(x.tb, x.db.Rate(x.tb.Context(), r))
}

// TestHalfYearFigures: every figure of 2027-H1 (15/12/2026 to 14/06/2027)
// and of 2026-H1 beside it, worked out by hand below. Tết 2027 is off from
// Fri 05/02 to Thu 11/02 (settings.yaml).
func TestHalfYearFigures(t *testing.T) {
	storagetest.ForEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		key, err := secret.NewKey()
		mustNil(t, err)
		box, err := secret.NewBox(key)
		mustNil(t, err)
		db.UnitCode, db.Location, db.Secrets = settings.Unit.Code, settings.Location(), box
		x := &fixture{tb: t, db: db, rules: danchu.NewRules(settings)}

		// Residents: two of Tiểu khu 1 registered in 2025, one of Tiểu
		// khu 2 on 05/01/2027 (new in the period), the chairman without a
		// neighbourhood on 01/03/2026.
		x.author = x.resident(1, "Tiểu khu 1", local(2025, 11, 1, 9))
		other := x.resident(2, "Tiểu khu 1", local(2025, 11, 2, 9))
		newcomer := x.resident(3, "Tiểu khu 2", local(2027, 1, 5, 9))
		boss := x.resident(4, "", local(2026, 3, 1, 9))
		x.boss = danchu.Actor{ResidentID: boss.ID, Roles: []danchu.RoleGrant{{ResidentID: boss.ID, Role: danchu.RoleChairman}}}
		author := danchu.Actor{ResidentID: x.author.ID}
		// Households: Tiểu khu 1's confirmed on 10/01/2026 (before both
		// ends), Tiểu khu 2's on 06/01/2027 (only in 2027-H1).
		h1, err := db.DeclareHousehold(ctx, other.ID, "Tiểu khu 1", "Số 1", local(2025, 11, 2, 10))
		mustNil(t, err)
		mustNil(t, db.SetRepresentative(ctx, h1.ID, other.ID, boss.ID, local(2026, 1, 10, 9)))
		h2, err := db.DeclareHousehold(ctx, newcomer.ID, "Tiểu khu 2", "Số 2", local(2027, 1, 5, 10))
		mustNil(t, err)
		mustNil(t, db.SetRepresentative(ctx, h2.ID, newcomer.ID, boss.ID, local(2027, 1, 6, 9)))

		// P0, received 10/12/2026, before the period: in neither.
		p0 := x.file(danchu.KindRecommendation, 0, "Tiểu khu 1", local(2026, 12, 10, 9))
		x.step(p0, x.boss, danchu.ActionAccept, local(2026, 12, 16, 9))

		// P1 kiến nghị, field 0, Tiểu khu 1, received Thu 04/02/2027, the
		// day before Tết. Accept within 10 days: 14/02 is a Sunday, so the
		// due day is Mon 15/02; accepted 15/02: on time. Resolve within 15
		// working days of 15/02: 16-19/02 (4), 22-26/02 (9), 01-05/03 (14),
		// 08/03 (15): due 08/03; answered 09/03: late. Working days from
		// receipt to answer: 12/02 (1), 15-19/02 (6), 22-26/02 (11),
		// 01-05/03 (16), 08-09/03 (18): 18. Rated 4.
		p1 := x.file(danchu.KindRecommendation, 0, "Tiểu khu 1", local(2027, 2, 4, 9))
		if got := x.rules.Calendar.Format(p1.AcceptDue); got != "15/02/2027" {
			t.Fatalf("P1 accept due %s, want 15/02/2027", got)
		}
		p1 = x.step(p1, x.boss, danchu.ActionAccept, local(2027, 2, 15, 10))
		if got := x.rules.Calendar.Format(p1.ResolveDue); got != "08/03/2027" {
			t.Fatalf("P1 resolve due %s, want 08/03/2027", got)
		}
		p1 = x.step(p1, x.boss, danchu.ActionAnswer, local(2027, 3, 9, 9))
		x.rate(p1, 4, local(2027, 3, 10, 9))

		// P2 khiếu nại, field 1, Tiểu khu 2, received Fri 08/01/2027.
		// Accept within 10 days: Mon 18/01; accepted Tue 19/01: late.
		// Resolve within 30 days of 19/01: 18/02; extended on 01/02 as
		// complex, 45 days: Fri 05/03; answered 04/03: on time. Working
		// days 11-15/01 (5), 18-22/01 (10), 25-29/01 (15), 01-04/02 (19),
		// 12/02 (20), 15-19/02 (25), 22-26/02 (30), 01-04/03 (34): 34.
		// Rated 2.
		p2 := x.file(danchu.KindComplaint, 1, "Tiểu khu 2", local(2027, 1, 8, 10))
		p2 = x.step(p2, x.boss, danchu.ActionAccept, local(2027, 1, 19, 9))
		p2 = x.step(p2, x.boss, danchu.ActionExtend, local(2027, 2, 1, 9))
		if got := x.rules.Calendar.Format(p2.ResolveDue); got != "05/03/2027" {
			t.Fatalf("P2 resolve due %s, want 05/03/2027", got)
		}
		p2 = x.step(p2, x.boss, danchu.ActionAnswer, local(2027, 3, 4, 9))
		x.rate(p2, 2, local(2027, 3, 5, 9))

		// P3 phản ánh, field 0, Tiểu khu 1, received 01/03/2027, withdrawn
		// by its author on 02/03.
		p3 := x.file(danchu.KindReport, 0, "Tiểu khu 1", local(2027, 3, 1, 8))
		x.step(p3, author, danchu.ActionWithdraw, local(2027, 3, 2, 8))

		// P4 tố cáo, field 2, Tiểu khu 3, received 20/04/2027, transferred
		// on 22/04.
		p4 := x.file(danchu.KindDenunciation, 2, "Tiểu khu 3", local(2027, 4, 20, 9))
		x.step(p4, x.boss, danchu.ActionTransfer, local(2027, 4, 22, 9))

		// P5 kiến nghị, field 0, no neighbourhood, received Tue 01/06/2027,
		// never decided: due Fri 11/06, so overdue for acceptance at 15/06.
		x.file(danchu.KindRecommendation, 0, "", local(2027, 6, 1, 9))

		// P6 phản ánh, field 1, Tiểu khu 2, received 10/05/2027, accepted
		// 12/05 (on time), never answered: 15 working days of 12/05 end
		// on 02/06 (13-14/05, 17-21, 24-28, 31/05, 01-02/06), so overdue
		// for resolution at 15/06.
		p6 := x.file(danchu.KindReport, 1, "Tiểu khu 2", local(2027, 5, 10, 9))
		x.step(p6, x.boss, danchu.ActionAccept, local(2027, 5, 12, 9))

		// P7 kiến nghị, field 3, Tiểu khu 1, received 15/02/2027, refused
		// 16/02.
		p7 := x.file(danchu.KindRecommendation, 3, "Tiểu khu 1", local(2027, 2, 15, 9))
		x.step(p7, x.boss, danchu.ActionRefuse, local(2027, 2, 16, 9))

		// P8 kiến nghị, field 0, Tiểu khu 1, received Thu 10/06/2027 and
		// accepted on 20/06, after the period: received and not yet due
		// (20/06 is a Sunday, so 21/06) at its end.
		p8 := x.file(danchu.KindRecommendation, 0, "Tiểu khu 1", local(2027, 6, 10, 9))
		x.step(p8, x.boss, danchu.ActionAccept, local(2027, 6, 20, 9))

		// The year before, 2026-H1 (15/12/2025 to 14/06/2026):
		// Q1 kiến nghị received Mon 05/01/2026, accepted 06/01 (on time),
		// answered 20/01 (due: 15 working days of 06/01 is 27/01; on
		// time), 11 working days (06-09/01, 12-16/01, 19-20/01).
		q1 := x.file(danchu.KindRecommendation, 0, "Tiểu khu 1", local(2026, 1, 5, 9))
		q1 = x.step(q1, x.boss, danchu.ActionAccept, local(2026, 1, 6, 9))
		x.step(q1, x.boss, danchu.ActionAnswer, local(2026, 1, 20, 9))
		// Q2 khiếu nại received 02/03/2026, refused 03/03.
		q2 := x.file(danchu.KindComplaint, 1, "Tiểu khu 2", local(2026, 3, 2, 9))
		x.step(q2, x.boss, danchu.ActionRefuse, local(2026, 3, 3, 9))

		// A dialogue on 20/03/2027 with four questions: B merged into A, A
		// answered at the session, C promised in writing by 31/03 and never
		// answered (pending and late at the end), D promised by 30/04 and
		// answered on 05/05 (in writing, late). Held 1, questions 4.
		d := &danchu.Dialogue{Topic: "Giao thông", Audience: danchu.Audience{All: true}, At: local(2027, 3, 20, 8),
			Place: "Hội trường", QuestionsUntil: local(2027, 3, 19, 17), CreatedBy: boss.ID}
		mustNil(t, db.CreateDialogue(ctx, d))
		ask := func(by *danchu.Resident, day int) *danchu.Question {
			q := &danchu.Question{DialogueID: d.ID, ResidentID: by.ID, Text: "Câu hỏi", Status: danchu.QuestionOpen, CreatedAt: local(2027, 3, day, 9)}
			mustNil(t, db.AddDialogueQuestion(ctx, q))
			return q
		}
		qa, qb, qc, qd := ask(x.author, 10), ask(other, 11), ask(newcomer, 12), ask(other, 12)
		mustNil(t, db.MergeQuestion(ctx, qb.ID, qa.ID, boss.ID, local(2027, 3, 15, 9)))
		_, err = db.AnswerDialogueQuestion(ctx, qa.ID, danchu.QuestionAnswer{Kind: danchu.AnswerAtSession, Text: "Đã trả lời", By: boss.ID, At: local(2027, 3, 20, 9)})
		mustNil(t, err)
		due := x.rules.Calendar.EndOfDay(local(2027, 3, 31, 0))
		_, err = db.AnswerDialogueQuestion(ctx, qc.ID, danchu.QuestionAnswer{Kind: danchu.AnswerInWriting, Due: &due, By: boss.ID, At: local(2027, 3, 20, 10)})
		mustNil(t, err)
		due = x.rules.Calendar.EndOfDay(local(2027, 4, 30, 0))
		_, err = db.AnswerDialogueQuestion(ctx, qd.ID, danchu.QuestionAnswer{Kind: danchu.AnswerInWriting, Due: &due, By: boss.ID, At: local(2027, 3, 20, 10)})
		mustNil(t, err)
		_, err = db.AnswerDialogueQuestion(ctx, qd.ID, danchu.QuestionAnswer{Kind: danchu.AnswerInWriting, Text: "Trả lời bằng văn bản", By: boss.ID, At: local(2027, 5, 5, 10)})
		mustNil(t, err)

		period, err := settings.ParseReportPeriod("2027-H1")
		mustNil(t, err)
		r, err := report.Compute(ctx, db, settings, period)
		mustNil(t, err)
		cur, prev := r.Current.Petitions, r.Previous.Petitions

		// Received 8 (P1-P8); accepted P1, P2, P6 (P8 after the end);
		// answered P1, P2; open at the end P5, P6, P8.
		want := danchu.PetitionTally{Received: 8, Accepted: 3, Refused: 1, Transferred: 1, Answered: 2, Withdrawn: 1,
			Open: 3, AcceptOnTime: 2, AcceptLate: 1, AcceptOverdue: 1, ResolveOnTime: 1, ResolveLate: 1,
			ResolveOverdue: 1, Extensions: 1, Extended: 1}
		if cur.All != want {
			t.Errorf("2027-H1 petitions\n got %+v\nwant %+v", cur.All, want)
		}
		kinds := map[danchu.Kind]danchu.PetitionTally{}
		for _, k := range cur.ByKind {
			kinds[k.Kind] = k.PetitionTally
		}
		wantKinds := map[danchu.Kind]danchu.PetitionTally{
			// P1, P5, P7, P8
			danchu.KindRecommendation: {Received: 4, Accepted: 1, Refused: 1, Answered: 1, Open: 2,
				AcceptOnTime: 1, AcceptOverdue: 1, ResolveLate: 1},
			// P3, P6
			danchu.KindReport: {Received: 2, Accepted: 1, Withdrawn: 1, Open: 1, AcceptOnTime: 1, ResolveOverdue: 1},
			// P2
			danchu.KindComplaint: {Received: 1, Accepted: 1, Answered: 1, AcceptLate: 1, ResolveOnTime: 1,
				Extensions: 1, Extended: 1},
			// P4
			danchu.KindDenunciation: {Received: 1, Transferred: 1},
		}
		if !reflect.DeepEqual(kinds, wantKinds) || len(cur.ByKind) != 4 {
			t.Errorf("by kind\n got %+v\nwant %+v", kinds, wantKinds)
		}
		// Fields: 0 has P1, P3, P5, P8; 1 has P2, P6; 2 P4; 3 P7.
		wantFields := []int{4, 2, 1, 1, 0, 0, 0, 0, 0}
		for i, c := range cur.ByField {
			if c.Key != settings.Fields[i] || c.Count != wantFields[i] {
				t.Errorf("field %d = %+v, want %s %d", i, c, settings.Fields[i], wantFields[i])
			}
		}
		// Tiểu khu 1: P1, P3, P7, P8; 2: P2, P6; 3: P4; none: P5.
		nbs := map[string]int{}
		for _, c := range cur.ByNeighbourhood {
			nbs[c.Key] = c.Count
		}
		if len(cur.ByNeighbourhood) != 9 || nbs["Tiểu khu 1"] != 4 || nbs["Tiểu khu 2"] != 2 || nbs["Tiểu khu 3"] != 1 || nbs[""] != 1 || nbs["Tiểu khu 8"] != 0 {
			t.Errorf("by neighbourhood = %+v", cur.ByNeighbourhood)
		}
		if len(cur.ByChannel) != 1 || cur.ByChannel[0].Key != "telegram" || cur.ByChannel[0].Count != 8 {
			t.Errorf("by channel = %+v", cur.ByChannel)
		}
		// (18 + 34) / 2 working days.
		if cur.AverageWorkingDays != 26 {
			t.Errorf("average working days = %v, want 26 (spans %+v)", cur.AverageWorkingDays, cur.AnswerDays)
		}
		if cur.Ratings.Count != 2 || cur.Ratings.Sum != 6 || cur.Ratings.Average() != 3 || cur.Ratings.Scores != [5]int{0, 1, 0, 1, 0} {
			t.Errorf("ratings = %+v", cur.Ratings)
		}
		// Field 0: P1 late; field 1: P2 on time.
		if ft := cur.FieldTimes; len(ft) != 9 || ft[0] != (danchu.FieldTimes{Field: settings.Fields[0], Late: 1}) ||
			ft[1] != (danchu.FieldTimes{Field: settings.Fields[1], OnTime: 1}) {
			t.Errorf("field times = %+v", ft)
		}
		// Months 12/2026 to 06/2027; by status at the end.
		wantMonths := []map[danchu.Status]int{
			{},                         // 12/2026 (P0 was received before the 15th)
			{danchu.StatusAnswered: 1}, // 01: P2
			{danchu.StatusAnswered: 1, danchu.StatusRefused: 1}, // 02: P1, P7
			{danchu.StatusWithdrawn: 1},                         // 03: P3
			{danchu.StatusTransferred: 1},                       // 04: P4
			{danchu.StatusAccepted: 1},                          // 05: P6
			{danchu.StatusReceived: 2},                          // 06: P5, P8
		}
		if len(cur.ByMonth) != len(wantMonths) {
			t.Fatalf("months = %+v", cur.ByMonth)
		}
		for i, m := range cur.ByMonth {
			if !reflect.DeepEqual(m.ByStatus, wantMonths[i]) || m.Month.Month() != time.Month((11+i)%12+1) {
				t.Errorf("month %d = %+v, want %v", i, m, wantMonths[i])
			}
		}

		// 2026-H1: Q1 and Q2.
		wantPrev := danchu.PetitionTally{Received: 2, Accepted: 1, Refused: 1, Answered: 1, AcceptOnTime: 1, ResolveOnTime: 1}
		if prev.All != wantPrev || prev.AverageWorkingDays != 11 || prev.Ratings.Count != 0 {
			t.Errorf("2026-H1 petitions = %+v (average %v)", prev.All, prev.AverageWorkingDays)
		}
		if r.Previous.Period.Key != "2026-H1" {
			t.Errorf("previous period = %+v", r.Previous.Period)
		}

		// Residents at 15/06/2027: Tiểu khu 1 two (none new), Tiểu khu 2
		// one (new), the chairman under "" (registered before); households
		// confirmed: one in each. At 15/06/2026: Tiểu khu 1 two, the
		// chairman new, Tiểu khu 1's household.
		res := map[string]danchu.NeighbourhoodResidents{}
		for _, n := range r.Current.Residents.ByNeighbourhood {
			res[n.Neighbourhood] = n
		}
		if got := res["Tiểu khu 1"]; got != (danchu.NeighbourhoodResidents{Neighbourhood: "Tiểu khu 1", Households: 310, Registered: 2, Confirmed: 1}) {
			t.Errorf("Tiểu khu 1 = %+v", got)
		}
		if got := res["Tiểu khu 2"]; got != (danchu.NeighbourhoodResidents{Neighbourhood: "Tiểu khu 2", Households: 285, Registered: 1, New: 1, Confirmed: 1}) {
			t.Errorf("Tiểu khu 2 = %+v", got)
		}
		if c := r.Current.Residents; c.Registered != 4 || c.New != 1 || c.Confirmed != 2 || len(c.ByNeighbourhood) != 9 {
			t.Errorf("residents 2027-H1 = %+v", c)
		}
		if c := r.Previous.Residents; c.Registered != 3 || c.New != 1 || c.Confirmed != 1 {
			t.Errorf("residents 2026-H1 = %+v", c)
		}

		// Nothing else happened: every other section is zero, with every
		// category and host of the settings listed.
		if d := r.Current.Disclosures; d.Items != 0 || len(d.ByCategory) != 14 || d.ByCategory[0].Title == "" {
			t.Errorf("disclosures = %+v", d)
		}
		if h := r.Current.Reception.ByHost; len(h) != 2 || h[0].Host != "chairman" || h[0].Title == "" {
			t.Errorf("reception by host = %+v", h)
		}
		wantDialogues := danchu.DialogueSection{Held: 1, Questions: 4, Merged: 1, AnsweredAtSession: 1, AnsweredInWriting: 1,
			WrittenPending: 1, WrittenLate: 2}
		if got := r.Current.Dialogues; got != wantDialogues {
			t.Errorf("dialogues\n got %+v\nwant %+v", got, wantDialogues)
		}
		if got := r.Previous.Dialogues; got != (danchu.DialogueSection{}) {
			t.Errorf("dialogues of 2026-H1 = %+v", got)
		}
		if v := r.Current.Votes; v != (danchu.VoteSection{}) {
			t.Errorf("votes = %+v", v)
		}
	})
}
