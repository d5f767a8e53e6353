// Package danban is "dân bàn": residents discuss and decide. Dialogues
// with the chairman (/doi_thoai), citizen reception (/tiep_dan),
// consultations on drafts (/gop_y), and votes by household (/bieu_quyet)
// with the households and their representatives, plus the timed work of
// each (RunDanBanAt) and the reminders before a dialogue or a booking.
package danban

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

// Area holds what dân bàn uses. Each command answers "coming soon" without
// its store (votes need Households too) or the Notifier.
type Area struct {
	flows.Base
	*flows.Notifier
	Dialogues     dialogueStore
	Receptions    receptionStore
	Consultations consultationStore
	Votes         voteStore
	Households    householdStore
	Reminders     danchu.ReminderService
	Audit         flows.AuditLog
}

// Locales are the area's texts.
func (a *Area) Locales() fs.FS {
	sub, _ := fs.Sub(locales, "locales")
	return sub
}

// Menu lists the commands of dân bàn.
func (a *Area) Menu() []flows.MenuEntry {
	return []flows.MenuEntry{
		{Command: "gop_y", Label: msgMenuComment, Desc: msgCmdComment, Order: 70},
		{Command: "bieu_quyet", Label: msgMenuVote, Desc: msgCmdVote, Order: 80},
		{Command: "doi_thoai", Label: msgMenuDialogue, Desc: msgCmdDialogue, Order: 90},
		{Command: "tiep_dan", Label: msgMenuReception, Desc: msgCmdReception, Order: 100},
	}
}

// Features are the commands whose stores are set.
func (a *Area) Features() []flows.Feature {
	if !a.Notifier.Ready() {
		return nil
	}
	var out []flows.Feature
	if a.Dialogues != nil {
		out = append(out, flows.Feature{Command: "doi_thoai", Flow: flowDialogue, Start: a.dialogueStart, Step: a.dialogueStep, Button: a.dialogueButton})
	}
	if a.Receptions != nil {
		out = append(out, flows.Feature{Command: "tiep_dan", Flow: flowReception, Start: a.receptionStart, Step: a.receptionStep, Button: a.receptionButton})
	}
	if a.Consultations != nil {
		out = append(out, flows.Feature{Command: "gop_y", Flow: flowConsult, Start: a.consultStart, Step: a.consultStep, Button: a.consultButton})
	}
	if a.Votes != nil && a.Households != nil {
		out = append(out, flows.Feature{Command: "bieu_quyet", Flow: flowVote, Start: a.voteStart, Step: a.voteStep, Button: a.voteButton,
			Deeplink: voteDeeplink})
	}
	return out
}

// Records are the resident's household, ballots, dialogue questions and
// supports, comments and bookings, for /du_lieu.
func (a *Area) Records(ctx context.Context, t *flows.Turn, r *danchu.Resident) ([]flows.Record, error) {
	if a.Households == nil || a.Votes == nil || a.Dialogues == nil || a.Consultations == nil || a.Receptions == nil {
		return []flows.Record{
			{Key: "household", Value: (*myHousehold)(nil), Order: 10},
			{Key: "ballots", Value: []myBallot{}, Order: 40},
			{Key: "dialogue_questions", Value: []*danchu.Question{}, Order: 50},
			{Key: "dialogue_supports", Value: []danchu.QuestionSupport{}, Order: 60},
			{Key: "consultation_comments", Value: []*danchu.Comment{}, Order: 70},
			{Key: "reception_bookings", Value: []*danchu.Booking{}, Order: 80},
		}, nil
	}
	return a.danBanRecords(ctx, t, r)
}

func (a *Area) audit(ctx context.Context, actorID int64, action, subject, detail string) error {
	return flows.Audit(ctx, a.Audit, a.Now(), actorID, action, subject, detail)
}

var _ = time.Now

// dialogueStore is what the area uses of danchu.DialogueService.
type dialogueStore interface {
	AddDialogueQuestion(ctx context.Context, q *danchu.Question) error
	AnswerDialogueQuestion(ctx context.Context, id int64, a danchu.QuestionAnswer) (*danchu.Question, error)
	CreateDialogue(ctx context.Context, d *danchu.Dialogue) error
	FindDialogue(ctx context.Context, id int64) (*danchu.Dialogue, error)
	FindDialogueQuestion(ctx context.Context, id int64) (*danchu.Question, error)
	HideQuestion(ctx context.Context, id int64, reason string, by int64, at time.Time) error
	LateAnswers(ctx context.Context, now time.Time) ([]*danchu.Question, error)
	ListDialogueQuestions(ctx context.Context, dialogueID int64) ([]*danchu.Question, error)
	ListDialogues(ctx context.Context, since time.Time) ([]*danchu.Dialogue, error)
	MarkDialogueAnnounced(ctx context.Context, id int64, at time.Time) (bool, error)
	MergeQuestion(ctx context.Context, dupID int64, intoID int64, by int64, at time.Time) error
	QuestionFollowers(ctx context.Context, id int64) ([]int64, error)
	QuestionsBy(ctx context.Context, residentID int64) ([]*danchu.Question, error)
	SupportQuestion(ctx context.Context, questionID int64, residentID int64, at time.Time) (bool, error)
	SupportsBy(ctx context.Context, residentID int64) ([]danchu.QuestionSupport, error)
}

// receptionStore is what the area uses of danchu.ReceptionService.
type receptionStore interface {
	Book(ctx context.Context, b *danchu.Booking, capacity int) error
	Bookings(ctx context.Context, from time.Time, to time.Time) ([]*danchu.Booking, error)
	BookingsOf(ctx context.Context, residentID int64, since time.Time) ([]*danchu.Booking, error)
	BookingsToRemind(ctx context.Context, from time.Time, to time.Time, createdBefore time.Time) ([]*danchu.Booking, error)
	CancelBooking(ctx context.Context, id int64, residentID int64, at time.Time) error
	FindBooking(ctx context.Context, id int64) (*danchu.Booking, error)
	MarkBookingReminded(ctx context.Context, id int64, at time.Time) (bool, error)
	ReceptionFigures(ctx context.Context, from time.Time, to time.Time) (danchu.ReceptionFigures, error)
	RecordVisit(ctx context.Context, id int64, status string, by int64, at time.Time) error
	SlotTaken(ctx context.Context, from time.Time, to time.Time) (map[string]int, error)
}

// consultationStore is what the area uses of danchu.ConsultationService.
type consultationStore interface {
	AddComment(ctx context.Context, c *danchu.Comment) error
	Comments(ctx context.Context, consultationID int64) ([]*danchu.Comment, error)
	CommentsBy(ctx context.Context, residentID int64) ([]*danchu.Comment, error)
	ConsultationsToClose(ctx context.Context, now time.Time) ([]*danchu.Consultation, error)
	CreateConsultation(ctx context.Context, c *danchu.Consultation) error
	FindConsultation(ctx context.Context, id int64) (*danchu.Consultation, error)
	ListConsultations(ctx context.Context, since time.Time) ([]*danchu.Consultation, error)
	MarkConsultationClosed(ctx context.Context, id int64, at time.Time) (bool, error)
	PublishResult(ctx context.Context, id int64, result string, by int64, at time.Time) error
}

// voteStore is what the area uses of danchu.VoteService.
type voteStore interface {
	BallotOf(ctx context.Context, voteID int64, householdID int64) (*danchu.Ballot, error)
	Ballots(ctx context.Context, voteID int64) ([]danchu.Ballot, error)
	BallotsBy(ctx context.Context, residentID int64) ([]danchu.Ballot, error)
	CastBallot(ctx context.Context, b *danchu.Ballot) error
	CloseVote(ctx context.Context, id int64, at time.Time, by int64, decide func(*danchu.Vote, []danchu.Ballot) danchu.Outcome) (*danchu.Vote, bool, error)
	CreateVote(ctx context.Context, v *danchu.Vote) error
	FindVote(ctx context.Context, id int64) (*danchu.Vote, error)
	ListVotes(ctx context.Context, neighbourhoods []string, limit int) ([]*danchu.Vote, error)
	MarkVoteAnnounced(ctx context.Context, id int64, at time.Time) (bool, error)
	MarkVoteReported(ctx context.Context, id int64, at time.Time) (bool, error)
	VotesToAnnounce(ctx context.Context, now time.Time) ([]*danchu.Vote, error)
	VotesToClose(ctx context.Context, now time.Time) ([]*danchu.Vote, error)
}

// householdStore is what the area uses of danchu.HouseholdService.
type householdStore interface {
	DeclareHousehold(ctx context.Context, residentID int64, neighbourhood string, address string, at time.Time) (*danchu.Household, error)
	EnsureHousehold(ctx context.Context, neighbourhood string, address string, at time.Time) (*danchu.Household, error)
	FindHousehold(ctx context.Context, id int64) (*danchu.Household, error)
	HouseholdMembers(ctx context.Context, householdID int64) ([]danchu.HouseholdMember, error)
	HouseholdOf(ctx context.Context, residentID int64) (*danchu.Household, error)
	ListHouseholds(ctx context.Context, neighbourhood string) ([]*danchu.Household, error)
	SetRepresentative(ctx context.Context, householdID int64, residentID int64, by int64, at time.Time) error
}
