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
// households (LAW.md); until households exist (issue 5) each resident counts
// and HouseholdID is 0.
type MeetingAnswer struct {
	NoticeID    int64     `json:"notice_id"`
	ResidentID  int64     `json:"resident_id"`
	HouseholdID int64     `json:"household_id,omitempty"`
	Answer      string    `json:"answer"`
	At          time.Time `json:"at"`
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
	// AnswerMeeting records a resident's answer, replacing an earlier one.
	// ENOTFOUND for an unknown notice; EINVALID for a notice that is not a
	// meeting or an answer not in MeetingAnswers.
	AnswerMeeting(ctx context.Context, a MeetingAnswer) error
	// MeetingAnswersOf lists the answers to a notice, oldest first.
	MeetingAnswersOf(ctx context.Context, noticeID int64) ([]MeetingAnswer, error)
}
