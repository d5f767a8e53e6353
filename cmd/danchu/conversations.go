package main

import (
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

// conversations are the engine with every area on the database, and the
// areas whose timed work the program runs.
type conversations struct {
	engine    *flows.Engine
	petitions *petition.Area
	notices   *notice.Area
	danBan    *danban.Area
}

// newConversations builds the engine on db and sessions, with every area.
func newConversations(m *Main, db *storage.DB, sessions danchu.SessionStore, sessionTTL time.Duration) (*conversations, error) {
	engine := &flows.Engine{Settings: m.Settings, Residents: db, Roles: db, Sessions: sessions, Now: m.Now, SessionTTL: sessionTTL}
	base := engine.Base()
	notifier := &flows.Notifier{Residents: db, Roles: db, Outbox: db, Clock: m.Now}
	c := &conversations{
		engine:    engine,
		petitions: &petition.Area{Base: base, Notifier: notifier, Petitions: db, Drafts: db},
		notices: &notice.Area{Base: base, Notifier: notifier, Notices: db, Disclosures: db, Broadcasts: db,
			Households: db, Reminders: db, Audit: db},
		danBan: &danban.Area{Base: base, Notifier: notifier, Dialogues: db, Receptions: db, Consultations: db,
			Votes: db, Households: db, Reminders: db, Audit: db},
	}
	areas := []flows.Area{
		&account.Area{Base: base, Residents: db, Consents: db, Roles: db, Audit: db},
		c.petitions,
		c.notices,
		c.danBan,
		&report.Area{Base: base, Deadlines: db, Residents: db, Roles: db, Audit: db},
	}
	for _, a := range areas {
		if err := engine.Add(a); err != nil {
			return nil, err
		}
	}
	return c, nil
}
