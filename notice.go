package danchu

import (
	"context"
	"time"
)

// Notice is a thông báo to an audience: text with optional photos and
// documents (kept by Telegram, sent by file id), and for a meeting its date,
// place and agenda. It reaches its audience by a broadcast.
type Notice struct {
	ID          int64        `json:"id"`
	SenderID    int64        `json:"sender_id"` // 0 once the sender's profile is deleted
	Audience    Audience     `json:"audience"`
	Text        string       `json:"text"`
	Attachments []Attachment `json:"attachments,omitempty"`
	Meeting     *Meeting     `json:"meeting,omitempty"` // nil for a plain notice
	BroadcastID int64        `json:"broadcast_id"`
	CreatedAt   time.Time    `json:"created_at"`
}

// Meeting is what a meeting notice (thông báo họp) announces.
type Meeting struct {
	At     time.Time `json:"at"`
	Place  string    `json:"place"`
	Agenda string    `json:"agenda"`
}

// Answers to a meeting notice.
const (
	AnswerAttend = "attend" // Tôi sẽ tham dự
	AnswerAbsent = "absent" // Tôi vắng
	AnswerAck    = "ack"    // Đã nhận
)

// MeetingAnswers lists the answers, in the order of the buttons.
var MeetingAnswers = []string{AnswerAttend, AnswerAbsent, AnswerAck}

// MeetingAnswer is one resident's answer to a meeting notice. The law counts
// households (LAW.md): HouseholdID is the household the resident belonged to
// when they answered, as the store found it: a household they declared and
// whose representative the tiểu khu head confirmed. It is 0 for a resident
// in no such household, who then counts alone (Unit).
type MeetingAnswer struct {
	NoticeID    int64     `json:"notice_id"`
	ResidentID  int64     `json:"resident_id"`
	HouseholdID int64     `json:"household_id,omitempty"`
	Answer      string    `json:"answer"`
	At          time.Time `json:"at"`
}

// AnswerUnit is what an answer to a meeting counts for: a household, or a
// resident in no confirmed household, who counts as a household of one.
type AnswerUnit struct {
	HouseholdID int64
	ResidentID  int64 // when HouseholdID is 0
}

// Unit is the household the answer counts for, or its resident alone.
func (a MeetingAnswer) Unit() AnswerUnit {
	if a.HouseholdID != 0 {
		return AnswerUnit{HouseholdID: a.HouseholdID}
	}
	return AnswerUnit{ResidentID: a.ResidentID}
}

// HouseholdAnswers keeps one answer per household: its latest, whoever in
// it answered (answers oldest first, as MeetingAnswersOf lists them; of two
// at the same time the later in the list wins). A resident who counted
// alone and was deleted since is left out: nobody is left to count or visit.
func HouseholdAnswers(answers []MeetingAnswer) map[AnswerUnit]MeetingAnswer {
	out := make(map[AnswerUnit]MeetingAnswer, len(answers))
	for _, a := range answers {
		u := a.Unit()
		if u == (AnswerUnit{}) {
			continue
		}
		if prev, ok := out[u]; ok && prev.At.After(a.At) {
			continue
		}
		out[u] = a
	}
	return out
}

// NoticeService keeps notices and the answers to meeting notices.
type NoticeService interface {
	// PublishNotice stores n, a broadcast b of it (Kind, SenderID, Audience,
	// ChatID and ProgressMsgID set by the caller) and the outbox messages
	// msgs builds, with an audit row "broadcast.create", in one transaction.
	// It sets n.ID, n.BroadcastID, n.CreatedAt, b.ID, b.SubjectID, b.Total
	// and b.CreatedAt. EINVALID for a notice without text (a meeting notice
	// may have none: its agenda says it) or audience.
	PublishNotice(ctx context.Context, n *Notice, b *Broadcast, msgs BroadcastMessages) error
	// FindNotice returns ENOTFOUND when there is no such notice.
	FindNotice(ctx context.Context, id int64) (*Notice, error)
	// RecentNotices lists the notices created at or after since, newest
	// first, at most limit.
	RecentNotices(ctx context.Context, since time.Time, limit int) ([]*Notice, error)
	// NoticesBy lists the notices a resident sent, newest first, one page,
	// and how many there are.
	NoticesBy(ctx context.Context, senderID int64, offset, limit int) ([]*Notice, int, error)
	// AnswerMeeting records a resident's answer, replacing an earlier one
	// of theirs, with the household they belong to now: the store sets
	// a.HouseholdID (see MeetingAnswer), whatever the caller put there.
	// ENOTFOUND for an unknown notice or resident; EINVALID for a notice
	// that is not a meeting or an answer not in MeetingAnswers.
	AnswerMeeting(ctx context.Context, a MeetingAnswer) error
	// MeetingAnswersOf lists the answers to a notice, oldest first.
	MeetingAnswersOf(ctx context.Context, noticeID int64) ([]MeetingAnswer, error)
	// MeetingAnswersBy lists a resident's answers, oldest first.
	MeetingAnswersBy(ctx context.Context, residentID int64) ([]MeetingAnswer, error)
	// MeetingsBetween lists the meeting notices whose meeting starts in
	// [from, to), soonest first.
	MeetingsBetween(ctx context.Context, from, to time.Time) ([]*Notice, error)
}
