// Package notice is how the office reaches everyone: notices and meeting
// notices to an audience (/gui_thong_bao) with their answers counted per
// household, the disclosures of Điều 11 (/cong_bo, the archive /cong_khai,
// questions about them) with the categories each resident receives
// (/cai_dat), the sender's view of a broadcast as it goes, and the
// reminders before a meeting.
package notice

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"danchu"
	"danchu/flows"
)

//go:embed locales/vi.toml locales/en.toml
var locales embed.FS

// Area holds what notices and disclosures use. Without Notices,
// Disclosures, Broadcasts or the Notifier its commands answer "coming
// soon"; without Reminders its meetings are not reminded.
type Area struct {
	flows.Base
	*flows.Notifier
	Notices     noticeStore
	Disclosures disclosureStore
	Broadcasts  broadcastStore
	Households  householdStore
	Reminders   danchu.ReminderService
	Audit       flows.AuditLog
}

var (
	staffInbox   = []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial, danchu.RoleTieuKhuHead}
	staffPublish = []danchu.Role{danchu.RoleChairman, danchu.RoleOfficial}
)

// Locales are the area's texts.
func (a *Area) Locales() fs.FS {
	sub, _ := fs.Sub(locales, "locales")
	return sub
}

// Menu lists the commands of notices and disclosures.
func (a *Area) Menu() []flows.MenuEntry {
	return []flows.MenuEntry{
		{Command: "cong_khai", Label: msgMenuDisclosures, Desc: msgCmdDisclosures, Order: 50},
		{Command: "thong_bao", Label: msgMenuNotices, Desc: msgCmdNotices, Order: 60},
		{Command: "cai_dat", Desc: msgCmdSettings, Order: 130},
		{Command: "gui_thong_bao", Label: msgMenuBroadcast, Roles: staffInbox, Order: 220},
		{Command: "cong_bo", Label: msgMenuPublish, Roles: staffPublish, Order: 230},
	}
}

// Features are the commands; they need the stores.
func (a *Area) Features() []flows.Feature {
	if a.Notices == nil || a.Disclosures == nil || a.Broadcasts == nil || a.Notifier == nil {
		return nil
	}
	return []flows.Feature{
		{Command: "thong_bao", Flow: flowNotices, Start: a.noticesStart, Button: a.noticesButton},
		{Command: "gui_thong_bao", Flow: flowSend, Start: a.sendStart, Step: a.sendStep, Button: a.sendButton},
		{Command: "cong_khai", Flow: flowArchive, Start: a.archiveStart, Step: a.archiveStep, Button: a.archiveButton},
		{Command: "cong_bo", Flow: flowPublish, Start: a.publishStart, Step: a.publishStep, Button: a.publishButton},
		{Command: "cai_dat", Flow: flowSettings, Start: a.settingsStart, Button: a.settingsButton},
	}
}

// Records are the resident's answers to meeting notices, questions about
// disclosures and the categories they receive, for /du_lieu.
func (a *Area) Records(ctx context.Context, t *flows.Turn, r *danchu.Resident) ([]flows.Record, error) {
	if a.Notices == nil || a.Disclosures == nil {
		return []flows.Record{
			{Key: "meeting_answers", Value: []danchu.MeetingAnswer{}, Order: 30},
			{Key: "disclosure_questions", Value: []*danchu.DisclosureQuestion{}, Order: 90},
		}, nil
	}
	return a.noticeRecords(ctx, t, r)
}

func (a *Area) audit(ctx context.Context, actorID int64, action, subject, detail string) error {
	return flows.Audit(ctx, a.Audit, a.Now(), actorID, action, subject, detail)
}

var _ = time.Now

// noticeStore is what the area uses of danchu.NoticeService.
type noticeStore interface {
	AnswerMeeting(ctx context.Context, a danchu.MeetingAnswer) error
	FindNotice(ctx context.Context, id int64) (*danchu.Notice, error)
	MeetingAnswersBy(ctx context.Context, residentID int64) ([]danchu.MeetingAnswer, error)
	MeetingAnswersOf(ctx context.Context, noticeID int64) ([]danchu.MeetingAnswer, error)
	MeetingsBetween(ctx context.Context, from time.Time, to time.Time) ([]*danchu.Notice, error)
	NoticesBy(ctx context.Context, senderID int64, offset int, limit int) ([]*danchu.Notice, int, error)
	PublishNotice(ctx context.Context, n *danchu.Notice, b *danchu.Broadcast, msgs danchu.BroadcastMessages) error
	RecentNotices(ctx context.Context, since time.Time, limit int) ([]*danchu.Notice, error)
}

// disclosureStore is what the area uses of danchu.DisclosureService.
type disclosureStore interface {
	AnswerQuestion(ctx context.Context, id int64, by int64, answer string, at time.Time, notify *danchu.OutboxMessage) error
	AskQuestion(ctx context.Context, q *danchu.DisclosureQuestion) error
	DisclosureOptOuts(ctx context.Context, residentID int64) ([]string, error)
	DisclosureQuestionsBy(ctx context.Context, residentID int64) ([]*danchu.DisclosureQuestion, error)
	DisclosureRegister(ctx context.Context, from time.Time, to time.Time) ([]danchu.DisclosureRecord, error)
	FindDisclosure(ctx context.Context, id int64) (*danchu.Disclosure, error)
	FindQuestion(ctx context.Context, id int64) (*danchu.DisclosureQuestion, error)
	ListDisclosures(ctx context.Context, f danchu.DisclosureFilter) ([]*danchu.Disclosure, int, error)
	ListQuestions(ctx context.Context, open bool, offset int, limit int) ([]*danchu.DisclosureQuestion, int, error)
	OptedOutOf(ctx context.Context, category string) ([]int64, error)
	PublishDisclosure(ctx context.Context, d *danchu.Disclosure, b *danchu.Broadcast, msgs danchu.BroadcastMessages) error
	SetDisclosureSubscription(ctx context.Context, residentID int64, category string, receive bool) error
}

// broadcastStore is what the area uses of danchu.BroadcastService.
type broadcastStore interface {
	BroadcastCounts(ctx context.Context, id int64) (danchu.BroadcastCounts, error)
	CancelBroadcast(ctx context.Context, id int64, by int64, at time.Time) (int, error)
	FindBroadcast(ctx context.Context, id int64) (*danchu.Broadcast, error)
	SetBroadcastProgress(ctx context.Context, id int64, chatID int64, messageID int, text string) error
}

// householdStore is what the area uses of danchu.HouseholdService.
type householdStore interface {
	HouseholdOf(ctx context.Context, residentID int64) (*danchu.Household, error)
	ListHouseholds(ctx context.Context, neighbourhood string) ([]*danchu.Household, error)
	NeighbourhoodMembers(ctx context.Context, neighbourhood string) ([]danchu.HouseholdMember, error)
}
