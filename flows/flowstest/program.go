// Package flowstest helps test the conversations: an engine with every area
// on real stores, as the program builds it, people who talk to it, golden
// transcripts, and the checks of the areas' texts.
package flowstest

import (
	"context"
	"errors"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/flows/account"
	"danchu/flows/danban"
	"danchu/flows/notice"
	"danchu/flows/petition"
	"danchu/flows/report"
	"danchu/storage"
)

// Stores says which areas get their stores besides the accounts and the
// petitions: notices and disclosures (Reach), dân bàn, the reminders'
// marks, and the report deadlines. An area without its stores still lists
// its commands, which answer "coming soon".
type Stores struct{ Reach, DanBan, Reminders, Reports bool }

// Everything is every store, as the program has them.
var Everything = Stores{Reach: true, DanBan: true, Reminders: true, Reports: true}

// Program is an engine with every area, as the program builds it, and the
// areas whose timed work the tests run.
type Program struct {
	*flows.Engine
	Petitions *petition.Area
	Notices   *notice.Area
	DanBan    *danban.Area
	Reports   *report.Area
}

// NewProgram builds an engine on db and sessions with every area; s says
// which areas get their stores.
func NewProgram(tb testing.TB, settings *danchu.Settings, db *storage.DB, sessions danchu.SessionStore, now func() time.Time, s Stores) *Program {
	tb.Helper()
	e := &flows.Engine{Settings: settings, Residents: db, Roles: db, Sessions: sessions, Now: now}
	base := e.Base()
	notifier := &flows.Notifier{Residents: db, Roles: db, Outbox: db, Clock: now}
	p := &Program{
		Engine:    e,
		Petitions: &petition.Area{Base: base, Notifier: notifier, Petitions: db, Drafts: db},
		Notices:   &notice.Area{Base: base, Notifier: notifier, Audit: db},
		DanBan:    &danban.Area{Base: base, Notifier: notifier, Audit: db},
		Reports:   &report.Area{Base: base, Residents: db, Roles: db, Audit: db},
	}
	if s.Reach {
		p.Notices.Notices, p.Notices.Disclosures, p.Notices.Broadcasts, p.Notices.Households = db, db, db, db
	}
	if s.DanBan {
		d := p.DanBan
		d.Dialogues, d.Receptions, d.Consultations, d.Votes, d.Households = db, db, db, db, db
	}
	if s.Reminders {
		p.Notices.Reminders, p.DanBan.Reminders = db, db
	}
	if s.Reports {
		p.Reports.Deadlines = db
	}
	areas := []flows.Area{
		&account.Area{Base: base, Residents: db, Consents: db, Roles: db, Audit: db},
		p.Petitions, p.Notices, p.DanBan, p.Reports,
	}
	for _, a := range areas {
		if err := e.Add(a); err != nil {
			tb.Fatalf("add area: %v", err)
		}
	}
	return p
}

// RunDanBan does dân bàn's timed work at the engine's clock.
func (p *Program) RunDanBan(ctx context.Context) error { return p.DanBan.RunDanBan(ctx) }

// RunRemindersAt sends the reminders due at now of meetings, dialogues and
// bookings, as the program's reminders job does.
func (p *Program) RunRemindersAt(ctx context.Context, now time.Time) error {
	return errors.Join(p.Notices.RunRemindersAt(ctx, now), p.DanBan.RunRemindersAt(ctx, now))
}

// BroadcastProgress is what the sender of a broadcast sees.
func (p *Program) BroadcastProgress(ctx context.Context, b *danchu.Broadcast, c danchu.BroadcastCounts, left time.Duration) (flows.Reply, error) {
	return p.Notices.BroadcastProgress(ctx, b, c, left)
}

// SweepDrafts reminds and drops stale petition drafts.
func (p *Program) SweepDrafts(ctx context.Context) error { return p.Petitions.SweepDrafts(ctx) }
