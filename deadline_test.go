package danchu_test

import (
	"testing"
	"time"

	"danchu"
)

// The days of early 2027, by hand: 1/1 is a Friday, so Mondays are 4, 11, 18
// and 25 January, 1, 8, 15 and 22 February, 1, 8, 15, 22 and 29 March;
// 5/4/2027 is a Monday. Tết: 29 Chạp is Friday 5/2, mùng 1 Saturday 6/2, and
// the days off run from Friday 5/2 to Thursday 11/2 (mùng 1 and 2 fall on the
// weekend, so Wednesday 10 and Thursday 11 make up for them); work starts
// again on Friday 12/2. In July, 1/7/2027 is a Thursday.
//
// The shipped settings count: kiến nghị and phản ánh, accept 10 days and
// resolve 15 working days; khiếu nại, accept 10 days, resolve 30, 45 complex,
// 45 remote, 60 remote and complex; tố cáo, accept 7 working days (10 for
// several places), tell the parties in 5 working days, resolve 30 days, and
// up to 2 extensions of 30 days. The day of the event is never counted, and a
// calendar-day period ending on a day off ends on the next working day.
func TestDueDates(t *testing.T) {
	s := MustSettings(t, nil)
	cal := danchu.NewCalendar(s)
	pet := func(kind danchu.Kind, edit func(*danchu.Petition)) *danchu.Petition {
		p := &danchu.Petition{Kind: kind}
		if edit != nil {
			edit(p)
		}
		return p
	}
	complex := func(p *danchu.Petition) { p.Complex = true }
	remote := func(p *danchu.Petition) { p.Remote = true }
	extended := func(n int) func(*danchu.Petition) { return func(p *danchu.Petition) { p.Extensions = n } }

	tests := []struct {
		name string
		got  time.Time
		want time.Time
	}{
		// Kiến nghị received Friday 29/1 at 10:00: day 1 is 30/1, day 10 is
		// Monday 8/2, in Tết, so acceptance is due by Friday 12/2.
		{"recommendation accepted by, across Tết",
			cal.AcceptDue(s, danchu.KindRecommendation, at(2027, 1, 29, 10, 0), false), end(2027, 2, 12)},
		// Received 20:00 UTC on 28/1 is 03:00 on 29/1 here: the same as above.
		{"recommendation received at night, counted in the unit's time zone",
			cal.AcceptDue(s, danchu.KindRecommendation, time.Date(2027, 1, 28, 20, 0, 0, 0, time.UTC), false), end(2027, 2, 12)},
		// Accepted Friday 12/2: 15 working days are 15, 16, 17, 18, 19, 22,
		// 23, 24, 25, 26 February and 1, 2, 3, 4, 5 March.
		{"recommendation resolved by",
			cal.ResolveDue(s, pet(danchu.KindRecommendation, nil), at(2027, 2, 12, 9, 0)), end(2027, 3, 5)},
		// Accepted Wednesday 2/6: Thu 3, Fri 4, Mon 7 ... (three weeks of
		// five days) ... the 15th working day is Wednesday 23/6.
		{"recommendation resolved by, across weekends only",
			cal.ResolveDue(s, pet(danchu.KindRecommendation, nil), at(2027, 6, 2, 15, 0)), end(2027, 6, 23)},
		// Phản ánh received Saturday 23/1: day 10 is Tuesday 2/2, a working day.
		{"report received on a Saturday",
			cal.AcceptDue(s, danchu.KindReport, at(2027, 1, 23, 8, 0), false), end(2027, 2, 2)},
		// Phản ánh received Wednesday 7/7: day 10 is Saturday 17/7, so Monday 19/7.
		{"report accepted by, ending on a weekend",
			cal.AcceptDue(s, danchu.KindReport, at(2027, 7, 7, 8, 0), false), end(2027, 7, 19)},
		// Accepted Monday 1/2: Tue 2, Wed 3, Thu 4 (3 days), Tết, then Fri 12,
		// 15 to 19, 22 to 26 February (14) and Monday 1/3 (15).
		{"report resolved by, across Tết",
			cal.ResolveDue(s, pet(danchu.KindReport, nil), at(2027, 2, 1, 9, 0)), end(2027, 3, 1)},

		// Khiếu nại received Tuesday 26/1: day 10 is Friday 5/2, 29 Chạp, so 12/2.
		{"complaint accepted by, ending in Tết",
			cal.AcceptDue(s, danchu.KindComplaint, at(2027, 1, 26, 14, 0), false), end(2027, 2, 12)},
		// Received Saturday 3/7: day 10 is Tuesday 13/7.
		{"complaint received on a Saturday",
			cal.AcceptDue(s, danchu.KindComplaint, at(2027, 7, 3, 11, 0), false), end(2027, 7, 13)},
		// Accepted Friday 12/2: 16 days reach 28/2, day 30 is Sunday 14/3, so Monday 15/3.
		{"complaint resolved by",
			cal.ResolveDue(s, pet(danchu.KindComplaint, nil), at(2027, 2, 12, 9, 0)), end(2027, 3, 15)},
		// Day 45 from 12/2 is Monday 29/3.
		{"complex complaint",
			cal.ResolveDue(s, pet(danchu.KindComplaint, complex), at(2027, 2, 12, 9, 0)), end(2027, 3, 29)},
		{"complaint in a remote area",
			cal.ResolveDue(s, pet(danchu.KindComplaint, remote), at(2027, 2, 12, 9, 0)), end(2027, 3, 29)},
		// Day 60 from 12/2 is Tuesday 13/4.
		{"complex complaint in a remote area",
			cal.ResolveDue(s, pet(danchu.KindComplaint, func(p *danchu.Petition) { p.Complex, p.Remote = true, true }), at(2027, 2, 12, 9, 0)), end(2027, 4, 13)},
		// Accepted Wednesday 6/1: day 30 is Friday 5/2, 29 Chạp, so 12/2.
		{"complaint resolved by, ending in Tết",
			cal.ResolveDue(s, pet(danchu.KindComplaint, nil), at(2027, 1, 6, 9, 0)), end(2027, 2, 12)},

		// Tố cáo received Wednesday 3/2: 7 working days are Thu 4/2, then
		// Fri 12, Mon 15, Tue 16, Wed 17, Thu 18 and Fri 19/2.
		{"denunciation handled by, across Tết",
			cal.AcceptDue(s, danchu.KindDenunciation, at(2027, 2, 3, 16, 0), false), end(2027, 2, 19)},
		// Several places, 10 working days: then Mon 22, Tue 23, Wed 24/2.
		{"denunciation needing several places checked",
			cal.AcceptDue(s, danchu.KindDenunciation, at(2027, 2, 3, 16, 0), true), end(2027, 2, 24)},
		// Received Friday 2/7: Mon 5 to Fri 9 (5), Mon 12 (6), Tue 13 (7).
		{"denunciation handled by, across weekends",
			cal.AcceptDue(s, danchu.KindDenunciation, at(2027, 7, 2, 16, 0), false), end(2027, 7, 13)},
		// Accepted Monday 1/2: Tue 2, Wed 3, Thu 4, Fri 12, Mon 15.
		{"denunciation parties told by",
			cal.NotifyPartiesDue(s, at(2027, 2, 1, 9, 0)), end(2027, 2, 15)},
		// Accepted Wednesday 6/1: day 30 is 5/2, in Tết, so Friday 12/2.
		{"denunciation resolved by, ending in Tết",
			cal.ResolveDue(s, pet(danchu.KindDenunciation, nil), at(2027, 1, 6, 9, 0)), end(2027, 2, 12)},
		// One extension: day 60 is Sunday 7/3, so Monday 8/3.
		{"denunciation extended once",
			cal.ResolveDue(s, pet(danchu.KindDenunciation, extended(1)), at(2027, 1, 6, 9, 0)), end(2027, 3, 8)},
		// Two extensions: day 90 is Tuesday 6/4.
		{"denunciation extended twice",
			cal.ResolveDue(s, pet(danchu.KindDenunciation, extended(2)), at(2027, 1, 6, 9, 0)), end(2027, 4, 6)},
		// Accepted Friday 15/1: day 30 is Sunday 14/2, so Monday 15/2.
		{"denunciation resolved by, ending on a Sunday",
			cal.ResolveDue(s, pet(danchu.KindDenunciation, nil), at(2027, 1, 15, 9, 0)), end(2027, 2, 15)},
		// The extension counts from the unmoved day 30 (Sunday 14/2), not from
		// Monday 15/2: day 60 is Tuesday 16/3, never later than the law allows.
		{"denunciation extension counted from the unmoved end",
			cal.ResolveDue(s, pet(danchu.KindDenunciation, extended(1)), at(2027, 1, 15, 9, 0)), end(2027, 3, 16)},
	}
	for _, tt := range tests {
		if !tt.got.Equal(tt.want) {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got.In(hanoi).Format(time.DateTime), tt.want.Format(time.DateTime))
		}
	}
}

// The receipt shows the latest dates: acceptance from receipt, resolution as
// if accepted on the last day.
func TestSetDues(t *testing.T) {
	s := MustSettings(t, nil)
	cal := danchu.NewCalendar(s)
	// Kiến nghị received Friday 29/1/2027: accept by 12/2 (above), then 15
	// working days from 12/2 give 5/3.
	p := &danchu.Petition{Kind: danchu.KindRecommendation, ReceivedAt: at(2027, 1, 29, 10, 0)}
	cal.SetDues(s, p)
	if !p.AcceptDue.Equal(end(2027, 2, 12)) || !p.ResolveDue.Equal(end(2027, 3, 5)) {
		t.Errorf("dues = %s, %s; want 12/02/2027 and 05/03/2027", p.AcceptDue, p.ResolveDue)
	}
}

func TestRemoteAreaSetting(t *testing.T) {
	s := MustSettings(t, func(s *danchu.Settings) { s.Petitions.Complaint.RemoteArea = true })
	cal := danchu.NewCalendar(s)
	// Accepted Friday 12/2/2027: day 45 is Monday 29/3 (as for a remote petition).
	got := cal.ResolveDue(s, &danchu.Petition{Kind: danchu.KindComplaint}, at(2027, 2, 12, 9, 0))
	if !got.Equal(end(2027, 3, 29)) {
		t.Errorf("remote-area complaint due %s, want 29/03/2027", got)
	}
}

// mustAccepted is an accepted petition of kind, with its resolution due date.
func mustAccepted(tb testing.TB, s *danchu.Settings, kind danchu.Kind, acceptedAt time.Time) *danchu.Petition {
	tb.Helper()
	cal := danchu.NewCalendar(s)
	p := &danchu.Petition{Kind: kind, Status: danchu.StatusAccepted, AcceptedAt: &acceptedAt}
	p.ResolveDue = cal.ResolveDue(s, p, acceptedAt)
	return p
}

func TestExtend(t *testing.T) {
	s := MustSettings(t, nil)
	cal := danchu.NewCalendar(s)
	accepted := at(2027, 1, 6, 9, 0) // 30 days: 12/02/2027 (above)
	now := at(2027, 2, 1, 10, 0)

	t.Run("a denunciation twice, then no more", func(t *testing.T) {
		p := mustAccepted(t, s, danchu.KindDenunciation, accepted)
		for i, want := range []time.Time{end(2027, 3, 8), end(2027, 4, 6)} {
			if err := cal.Extend(s, p, "cần xác minh thêm", now); err != nil {
				t.Fatalf("extension %d: %v", i+1, err)
			}
			if p.Extensions != i+1 || !p.ResolveDue.Equal(want) {
				t.Fatalf("after extension %d: %d extensions, due %s", i+1, p.Extensions, p.ResolveDue)
			}
		}
		before := *p
		err := cal.Extend(s, p, "lần nữa", now)
		if danchu.ErrorCode(err) != danchu.EINVALID || p.Extensions != before.Extensions || !p.ResolveDue.Equal(before.ResolveDue) {
			t.Fatalf("a third extension: err %v, petition %+v", err, p)
		}
	})
	t.Run("a complaint once, to the complex limit", func(t *testing.T) {
		p := mustAccepted(t, s, danchu.KindComplaint, accepted)
		if err := cal.Extend(s, p, "vụ việc phức tạp", now); err != nil {
			t.Fatal(err)
		}
		// Day 45 from Wednesday 6/1 is Saturday 20/2: Monday 22/2.
		if !p.Complex || p.Extensions != 1 || !p.ResolveDue.Equal(end(2027, 2, 22)) {
			t.Fatalf("complex %v, extensions %d, due %s", p.Complex, p.Extensions, p.ResolveDue)
		}
		if err := cal.Extend(s, p, "lần nữa", now); danchu.ErrorCode(err) != danchu.EINVALID {
			t.Fatalf("a second complaint extension: %v", err)
		}
	})
	refused := []struct {
		name   string
		p      *danchu.Petition
		reason string
		now    time.Time
	}{
		{"without a reason", mustAccepted(t, s, danchu.KindDenunciation, accepted), "  ", now},
		{"a recommendation", mustAccepted(t, s, danchu.KindRecommendation, accepted), "lý do", now},
		{"a report", mustAccepted(t, s, danchu.KindReport, accepted), "lý do", now},
		{"after the due date", mustAccepted(t, s, danchu.KindDenunciation, accepted), "lý do", at(2027, 2, 13, 0, 0)},
		{"not accepted yet", &danchu.Petition{Kind: danchu.KindComplaint, Status: danchu.StatusReceived, ResolveDue: end(2027, 3, 1)}, "lý do", now},
	}
	for _, tt := range refused {
		if err := cal.Extend(s, tt.p, tt.reason, tt.now); danchu.ErrorCode(err) != danchu.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", tt.name, err)
		}
	}
	// On its last day, until 23:59:59, it can still be extended.
	p := mustAccepted(t, s, danchu.KindDenunciation, accepted)
	if err := cal.Extend(s, p, "lý do", at(2027, 2, 12, 23, 59)); err != nil {
		t.Errorf("on the last day: %v", err)
	}
}

// The 90 days of Luật Khiếu nại Điều 9. Learned Sunday 1/11/2026: 29 days to
// 30/11, 31 more to 31/12 (60), 30 more to Saturday 30/1/2027 (90), so filing
// is on time until Monday 1/2/2027. Learned Saturday 7/11/2026: day 90 is
// Friday 5/2/2027, 29 Chạp, so it runs until Friday 12/2.
func TestComplaintFilingLimit(t *testing.T) {
	s := MustSettings(t, nil)
	cal := danchu.NewCalendar(s)
	tests := []struct {
		learned, now time.Time
		late         bool
	}{
		{day(2026, 11, 1), at(2027, 1, 30, 12, 0), false},
		{day(2026, 11, 1), at(2027, 2, 1, 23, 59), false},
		{day(2026, 11, 1), at(2027, 2, 2, 0, 0), true},
		{day(2026, 11, 7), at(2027, 2, 12, 17, 0), false},
		{day(2026, 11, 7), at(2027, 2, 13, 7, 0), true},
	}
	for _, tt := range tests {
		if got := cal.ComplaintFilingLate(s, tt.learned, tt.now); got != tt.late {
			t.Errorf("learned %s, filed %s: late = %v, want %v", danchu.Date(tt.learned, hanoi), danchu.DateTime(tt.now, hanoi), got, tt.late)
		}
	}
	if got := cal.ComplaintFilingDeadline(s, day(2026, 11, 1)); !got.Equal(end(2027, 2, 1)) {
		t.Errorf("deadline %s, want 01/02/2027", got)
	}
	off := MustSettings(t, func(s *danchu.Settings) { s.Petitions.Complaint.FilingLimitDays = 0 })
	if cal.ComplaintFilingLate(off, day(2020, 1, 1), at(2027, 1, 1, 0, 0)) {
		t.Error("with no filing limit nothing is late")
	}
}
