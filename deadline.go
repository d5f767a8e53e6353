package danchu

import (
	"strings"
	"time"
)

// How a legal period is counted (every length is a setting, LAW.md):
//
//   - "within N days of X": X's own day is not counted; day 1 is the next day
//     (Bộ luật Dân sự 2015, Điều 147.2). A petition received on a Saturday
//     through the bot is received that Saturday.
//   - The period ends at the end of its last day (Điều 148.1): every due date
//     is the last second (23:59:59) of a day in the unit's time zone, and a
//     petition is overdue when now is after it.
//   - Working days skip weekends and holidays (Calendar), so they always end
//     on a working day. A period of calendar days whose last day is a weekend
//     or holiday ends at the end of the next working day (Điều 148.5), the
//     practice for Luật Khiếu nại and Luật Tố cáo periods too.
//   - Extensions are counted from the unmoved end of the period before, and
//     the end is moved once: acceptance + 30 + 30 days, never more than the
//     law's total.

// AcceptDue is the end of the day by which a petition received at receivedAt
// must be accepted or refused. severalPlaces is for a tố cáo whose initial
// handling must check several places (Luật Tố cáo Điều 24).
func (c *Calendar) AcceptDue(s *Settings, kind Kind, receivedAt time.Time, severalPlaces bool) time.Time {
	t := &s.Petitions
	var p Period
	switch kind {
	case KindRecommendation:
		p = t.Recommendation.Accept
	case KindReport:
		p = t.Report.Accept
	case KindComplaint:
		p = t.Complaint.Accept
	default:
		p = t.Denunciation.Accept
		if severalPlaces && t.Denunciation.AcceptSeveralPlaces.Days > 0 {
			p = t.Denunciation.AcceptSeveralPlaces
		}
	}
	return c.EndOfDay(c.AddDays(receivedAt, p))
}

// ResolveDue is the end of the day by which p must be answered when its
// resolution starts at from (its acceptance, or its reopening):
//
//   - kiến nghị, phản ánh: the track's resolve period (15 working days);
//   - khiếu nại: 30 days, 45 when complex; in a remote area 45, 60 when
//     complex (Luật Khiếu nại Điều 28; Settings.Petitions.Complaint.RemoteArea
//     or p.Remote);
//   - tố cáo: 30 days plus one extension period per extension granted
//     (Luật Tố cáo Điều 30).
func (c *Calendar) ResolveDue(s *Settings, p *Petition, from time.Time) time.Time {
	t := &s.Petitions
	switch p.Kind {
	case KindRecommendation:
		return c.EndOfDay(c.AddDays(from, t.Recommendation.Resolve))
	case KindReport:
		return c.EndOfDay(c.AddDays(from, t.Report.Resolve))
	case KindComplaint:
		k := t.Complaint
		remote := p.Remote || k.RemoteArea
		per := k.Resolve
		switch {
		case remote && p.Complex:
			per = k.ResolveRemoteComplex
		case remote:
			per = k.ResolveRemote
		case p.Complex:
			per = k.ResolveComplex
		}
		return c.EndOfDay(c.AddDays(from, per))
	default:
		d := t.Denunciation
		end := c.addRaw(from, d.Resolve)
		for i := 0; i < p.Extensions; i++ {
			end = c.addRaw(end, d.Extension)
		}
		return c.EndOfDay(c.NextWorkingDay(end))
	}
}

// NotifyPartiesDue is the end of the day by which both parties of a tố cáo
// are told it was accepted (Luật Tố cáo Điều 29).
func (c *Calendar) NotifyPartiesDue(s *Settings, acceptedAt time.Time) time.Time {
	return c.EndOfDay(c.AddDays(acceptedAt, s.Petitions.Denunciation.NotifyParties))
}

// SetDues sets p.AcceptDue from p.ReceivedAt and, as the latest it can be,
// p.ResolveDue as if accepted on the last day: the dates on the receipt.
func (c *Calendar) SetDues(s *Settings, p *Petition) {
	p.AcceptDue = c.AcceptDue(s, p.Kind, p.ReceivedAt, false)
	p.ResolveDue = c.ResolveDue(s, p, p.AcceptDue)
}

// resolveFrom is when the current resolution period of p started.
func resolveFrom(p *Petition) time.Time {
	if p.ReopenedAt != nil {
		return *p.ReopenedAt
	}
	if p.AcceptedAt != nil {
		return *p.AcceptedAt
	}
	return p.ReceivedAt
}

// Extend grants p one extension (gia hạn) decided at now with its reason, and
// moves p.ResolveDue; p changes only on success. The law allows it only:
//
//   - for a khiếu nại: once, to the complex-case limit (45 days, 60 in a
//     remote area), counted from acceptance (Luật Khiếu nại Điều 28);
//   - for a tố cáo: up to MaxExtensions times, each by the extension period
//     (30 days), when the case is complex (Luật Tố cáo Điều 30);
//   - with a reason, while the petition is accepted or in progress, and
//     before its due date has passed: an extension is decided in time, it
//     cannot excuse a late answer afterwards.
//
// Errors are EINVALID with a message for the official.
func (c *Calendar) Extend(s *Settings, p *Petition, reason string, now time.Time) error {
	if strings.TrimSpace(reason) == "" {
		return Errorf(EINVALID, "an extension needs a reason")
	}
	if !p.Kind.Extendable() {
		return Errorf(EINVALID, "only a complaint or a denunciation can be extended")
	}
	if p.Status != StatusAccepted && p.Status != StatusInProgress {
		return Errorf(EINVALID, "only an accepted petition in progress can be extended")
	}
	if now.After(p.ResolveDue) {
		return Errorf(EINVALID, "the due date %s has passed", c.Format(p.ResolveDue))
	}
	next := *p
	switch p.Kind {
	case KindComplaint:
		if p.Complex {
			return Errorf(EINVALID, "a complaint is extended once, and this one already was")
		}
		next.Complex = true
	case KindDenunciation:
		if max := s.Petitions.Denunciation.MaxExtensions; p.Extensions >= max {
			return Errorf(EINVALID, "a denunciation is extended at most %d times", max)
		}
	}
	next.Extensions++
	next.ResolveDue = c.ResolveDue(s, &next, resolveFrom(&next))
	*p = next
	return nil
}

// ComplaintFilingDeadline is the end of the day until which a complaint about
// an act learned of at learnedAt may be filed (Luật Khiếu nại Điều 9: 90 days).
func (c *Calendar) ComplaintFilingDeadline(s *Settings, learnedAt time.Time) time.Time {
	return c.EndOfDay(c.AddDays(learnedAt, Period{Days: s.Petitions.Complaint.FilingLimitDays}))
}

// ComplaintFilingLate reports whether a complaint filed at now is past the
// filing limit. The intake warns; it does not refuse (the limit has legal
// exceptions, and the unit decides at acceptance).
func (c *Calendar) ComplaintFilingLate(s *Settings, learnedAt, now time.Time) bool {
	if s.Petitions.Complaint.FilingLimitDays <= 0 {
		return false
	}
	return now.After(c.ComplaintFilingDeadline(s, learnedAt))
}

// ReopenUntil is the end of the day until which the author may reopen an
// answered petition: ReopenWithinDays calendar days after the answer.
func (c *Calendar) ReopenUntil(s *Settings, p *Petition) time.Time {
	if p.AnsweredAt == nil {
		return time.Time{}
	}
	return c.EndOfDay(c.AddDays(*p.AnsweredAt, Period{Days: s.Petitions.ReopenWithinDays}))
}

// DaysLeft counts the calendar days from now's day to due's day: 0 on the
// last day, negative when overdue. For "còn 3 ngày" in lists.
func (c *Calendar) DaysLeft(due, now time.Time) int {
	// Count dates, not hours, so that a zone with daylight saving still counts days.
	date := func(t time.Time) time.Time {
		t = t.In(c.loc)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return int(date(due).Sub(date(now)).Hours() / 24)
}
