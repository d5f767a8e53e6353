package danchu

import (
	"context"
	"slices"
	"strings"
	"time"
)

// DialogueGroup is the group of people a dialogue is held with (the plan,
// II.4): young people, the elderly, businesses, or the unit's officials and
// employees. Profiles do not record age or occupation (the law asks to
// collect no more than needed), so a group names who the dialogue is for;
// only GroupStaff narrows who is told, to the staff.
type DialogueGroup string

const (
	GroupNone     DialogueGroup = ""
	GroupYouth    DialogueGroup = "youth"
	GroupElderly  DialogueGroup = "elderly"
	GroupBusiness DialogueGroup = "business"
	GroupStaff    DialogueGroup = "staff"
)

// DialogueGroups lists the groups a dialogue may name.
var DialogueGroups = []DialogueGroup{GroupYouth, GroupElderly, GroupBusiness, GroupStaff}

// Valid reports whether g is none or a known group.
func (g DialogueGroup) Valid() bool { return g == GroupNone || slices.Contains(DialogueGroups, g) }

// Limits of dialogues, in characters.
const (
	MaxDialogueTopic = 200
	MaxDialoguePlace = 200
	MaxQuestion      = 1500
	MaxAnswer        = 3000
	MaxHideReason    = 300
)

// Dialogue is a hội nghị đối thoại between the head of the unit and
// residents, by field, neighbourhood or group (LAW.md, "Citizen reception
// and dialogue"). Residents send questions until QuestionsUntil.
type Dialogue struct {
	ID       int64         `json:"id"`
	Topic    string        `json:"topic"`
	Field    string        `json:"field,omitempty"` // a lĩnh vực of the settings, or ""
	Audience Audience      `json:"audience"`
	Group    DialogueGroup `json:"group,omitempty"`
	At       time.Time     `json:"at"` // when the session is held
	Place    string        `json:"place"`
	// QuestionsUntil is the last moment to send a question: before At.
	QuestionsUntil time.Time  `json:"questions_until"`
	CreatedBy      int64      `json:"created_by"`
	CreatedAt      time.Time  `json:"created_at"`
	AnnouncedAt    *time.Time `json:"announced_at,omitempty"`
}

// TakesQuestionsAt reports whether residents may send questions at t.
func (d *Dialogue) TakesQuestionsAt(t time.Time) bool { return !t.After(d.QuestionsUntil) }

// Check reports what is wrong with a new dialogue at now (EINVALID), or nil.
func (d *Dialogue) Check(s *Settings, now time.Time) error {
	topic := strings.TrimSpace(d.Topic)
	switch {
	case topic == "" || len([]rune(topic)) > MaxDialogueTopic:
		return Errorf(EINVALID, "a dialogue needs a topic of at most %d characters", MaxDialogueTopic)
	case strings.TrimSpace(d.Place) == "" || len([]rune(d.Place)) > MaxDialoguePlace:
		return Errorf(EINVALID, "a dialogue needs a place of at most %d characters", MaxDialoguePlace)
	case !d.Group.Valid():
		return Errorf(EINVALID, "unknown group %q", d.Group)
	case d.Field != "" && !slices.Contains(s.Fields, d.Field):
		return Errorf(EINVALID, "unknown field %q", d.Field)
	case !d.At.After(now):
		return Errorf(EINVALID, "a dialogue is held in the future")
	case !d.QuestionsUntil.After(now) || !d.QuestionsUntil.Before(d.At):
		return Errorf(EINVALID, "questions are taken until a moment between now and the session")
	}
	return d.Audience.Validate(s)
}

// MayHoldDialogue reports whether a may create dialogues, merge, hide and
// answer their questions and read the agenda: the chairman and officials.
func MayHoldDialogue(a Actor) bool {
	return a.ResidentID != 0 && (a.Has(RoleChairman) || a.Has(RoleOfficial))
}

// QuestionStatus is where a question stands. The values are stored.
type QuestionStatus string

const (
	QuestionOpen     QuestionStatus = "open"     // sent, waiting for the session
	QuestionHidden   QuestionStatus = "hidden"   // abusive: hidden with a reason the asker received
	QuestionMerged   QuestionStatus = "merged"   // a duplicate of MergedInto, whose supporters it joined
	QuestionAnswered QuestionStatus = "answered" // answered at the session, or in writing
	QuestionWritten  QuestionStatus = "written"  // a written answer is promised by AnswerDue
)

// Visible reports whether residents see the question in the list.
func (s QuestionStatus) Visible() bool {
	return s == QuestionOpen || s == QuestionAnswered || s == QuestionWritten
}

// How a question was answered.
const (
	AnswerAtSession = "session" // answered at the session; Answer is the summary
	AnswerInWriting = "written" // answered in writing
)

// Question is a resident's question to a dialogue.
type Question struct {
	ID         int64  `json:"id"`
	DialogueID int64  `json:"dialogue_id"`
	ResidentID int64  `json:"resident_id"` // 0 once the asker's profile is deleted
	Text       string `json:"text"`
	PhotoID    string `json:"photo_id,omitempty"` // Telegram file id
	// ShowName: the asker agreed that others see their name; otherwise the
	// question is shown without it. AskerName is filled by the store
	// (from the profile) only when ShowName is set.
	ShowName  bool           `json:"show_name"`
	AskerName string         `json:"asker_name,omitempty"`
	Status    QuestionStatus `json:"status"`
	// Supporters counts the residents who support it, the asker not
	// included; supporters of duplicates merged into it are counted once.
	Supporters   int        `json:"supporters"`
	MergedInto   int64      `json:"merged_into,omitempty"`
	HiddenReason string     `json:"hidden_reason,omitempty"`
	AnswerKind   string     `json:"answer_kind,omitempty"` // AnswerAtSession or AnswerInWriting
	Answer       string     `json:"answer,omitempty"`
	AnswerDue    *time.Time `json:"answer_due,omitempty"` // a promised written answer
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
	AnsweredBy   int64      `json:"answered_by,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// LateAt reports whether a promised written answer is late at now.
func (q *Question) LateAt(now time.Time) bool {
	return q.Status == QuestionWritten && q.AnswerDue != nil && now.After(*q.AnswerDue)
}

// Agenda orders the visible questions for the chairman: the most supported
// first, then the oldest.
func Agenda(questions []*Question) []*Question {
	var out []*Question
	for _, q := range questions {
		if q.Status.Visible() {
			out = append(out, q)
		}
	}
	slices.SortStableFunc(out, func(a, b *Question) int {
		if a.Supporters != b.Supporters {
			return b.Supporters - a.Supporters
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
	return out
}

// QuestionAnswer is what an official records about a question after the
// session.
type QuestionAnswer struct {
	Kind string     // AnswerAtSession or AnswerInWriting
	Text string     // the summary or the written answer; "" when only promising one
	Due  *time.Time // the date a written answer is promised by, when Text is ""
	By   int64
	At   time.Time
}

// QuestionSupport is a resident's support of a question.
type QuestionSupport struct {
	QuestionID int64     `json:"question_id"`
	DialogueID int64     `json:"dialogue_id"`
	At         time.Time `json:"at"`
}

// DialogueService stores dialogues, their questions and supports.
type DialogueService interface {
	// CreateDialogue stores d, setting ID and CreatedAt (when zero).
	CreateDialogue(ctx context.Context, d *Dialogue) error
	// FindDialogue returns ENOTFOUND when there is no such dialogue.
	FindDialogue(ctx context.Context, id int64) (*Dialogue, error)
	// ListDialogues lists the dialogues held at or after since, soonest
	// first.
	ListDialogues(ctx context.Context, since time.Time) ([]*Dialogue, error)
	// MarkDialogueAnnounced records the announcement; false when recorded
	// before.
	MarkDialogueAnnounced(ctx context.Context, id int64, at time.Time) (bool, error)
	// AddDialogueQuestion stores q (status open), setting ID, CreatedAt and
	// UpdatedAt (q.CreatedAt when set). ENOTFOUND for an unknown dialogue;
	// EINVALID when the dialogue no longer takes questions at q.CreatedAt,
	// or the text is empty or too long.
	AddDialogueQuestion(ctx context.Context, q *Question) error
	// FindDialogueQuestion returns ENOTFOUND when there is no such question.
	FindDialogueQuestion(ctx context.Context, id int64) (*Question, error)
	// ListDialogueQuestions lists every question of a dialogue, hidden and merged
	// ones included, oldest first, with Supporters counted.
	ListDialogueQuestions(ctx context.Context, dialogueID int64) ([]*Question, error)
	// SupportQuestion records that the resident shares the question, once:
	// it returns false when they supported it already (directly, or through
	// a duplicate merged into it). EINVALID for their own question, or one
	// that is not open; ENOTFOUND for an unknown question.
	SupportQuestion(ctx context.Context, questionID, residentID int64, at time.Time) (bool, error)
	// MergeQuestion marks dup a duplicate of into (both open, of one
	// dialogue): dup's asker and supporters become supporters of into,
	// once each, and into's asker is never their own supporter. EINVALID
	// otherwise; ENOTFOUND for an unknown question.
	MergeQuestion(ctx context.Context, dupID, intoID, by int64, at time.Time) error
	// HideQuestion hides an open question with the reason. EINVALID without
	// a reason or for a question that is not open.
	HideQuestion(ctx context.Context, id int64, reason string, by int64, at time.Time) error
	// AnswerDialogueQuestion records the answer: at the session (Text required), a
	// promise of a written answer (Due, no Text), or the written answer
	// (Text; Kind AnswerInWriting). EINVALID for a hidden or merged
	// question, a question answered already, or a missing Text or Due.
	AnswerDialogueQuestion(ctx context.Context, id int64, a QuestionAnswer) (*Question, error)
	// QuestionsBy lists the questions a resident asked, every status,
	// oldest first.
	QuestionsBy(ctx context.Context, residentID int64) ([]*Question, error)
	// SupportsBy lists the supports a resident gave, oldest first; a merge
	// gives the duplicate's asker and supporters one each.
	SupportsBy(ctx context.Context, residentID int64) ([]QuestionSupport, error)
	// QuestionFollowers lists the residents to tell of an answer: the asker
	// and the supporters, direct or through merged duplicates, once each.
	QuestionFollowers(ctx context.Context, id int64) ([]int64, error)
	// LateAnswers lists the promised written answers still missing whose
	// due day has passed at now, oldest due first.
	LateAnswers(ctx context.Context, now time.Time) ([]*Question, error)
}
