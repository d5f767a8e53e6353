package danchu

import (
	"context"
	"slices"
	"strings"
	"time"
)

// ConsultationKind is what residents are asked to comment on (LAW.md, "What
// residents comment on", Điều 25; hương ước and quy ước, Nghị định
// 61/2023). The values are stored.
type ConsultationKind string

const (
	ConsultPlan       ConsultationKind = "plan"       // kế hoạch phát triển kinh tế - xã hội
	ConsultLandUse    ConsultationKind = "land_use"   // quy hoạch, kế hoạch sử dụng đất
	ConsultProject    ConsultationKind = "project"    // dự án, công trình lớn; bồi thường, tái định cư
	ConsultBoundary   ConsultationKind = "boundary"   // thành lập, nhập, chia, điều chỉnh địa giới
	ConsultDecision   ConsultationKind = "decision"   // dự thảo quyết định ảnh hưởng đến cộng đồng
	ConsultRegulation ConsultationKind = "regulation" // dự thảo quy chế thực hiện dân chủ
	ConsultConvention ConsultationKind = "convention" // dự thảo hương ước, quy ước
	ConsultOther      ConsultationKind = "other"
)

// ConsultationKinds lists every kind.
var ConsultationKinds = []ConsultationKind{ConsultPlan, ConsultLandUse, ConsultProject, ConsultBoundary,
	ConsultDecision, ConsultRegulation, ConsultConvention, ConsultOther}

// Valid reports whether k is a known kind.
func (k ConsultationKind) Valid() bool { return slices.Contains(ConsultationKinds, k) }

// Limits of consultations, in characters.
const (
	MaxConsultationTitle   = 200
	MaxConsultationSummary = 2000
	MaxComment             = 2000
)

// Consultation is a comment period on a draft: a document, a summary and a
// closing date; at the close a summary of the comments is published.
type Consultation struct {
	ID           int64            `json:"id"`
	Title        string           `json:"title"`
	Kind         ConsultationKind `json:"kind"`
	Summary      string           `json:"summary"`
	DocumentID   string           `json:"document_id,omitempty"` // Telegram file id of the draft
	DocumentName string           `json:"document_name,omitempty"`
	Audience     Audience         `json:"audience"`
	OpensAt      time.Time        `json:"opens_at"`
	// ClosesAt is the end of the last day of comments.
	ClosesAt  time.Time `json:"closes_at"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// ClosedAt is when the close was noticed (the creator was told);
	// nil before.
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	// Result is the summary of the comments, published to the audience.
	Result      string     `json:"result,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PublishedBy int64      `json:"published_by,omitempty"`
}

// OpenAt reports whether the consultation takes comments at t.
func (c *Consultation) OpenAt(t time.Time) bool { return !t.Before(c.OpensAt) && !t.After(c.ClosesAt) }

// EarliestClose is the first day a consultation of kind opened at opens may
// close on, as a midnight in the calendar's time zone: for hương ước and
// quy ước drafts, ConventionMinDays after the opening day ("at least 30
// days"); for the others, the opening day itself.
func EarliestClose(s *Settings, cal *Calendar, kind ConsultationKind, opens time.Time) time.Time {
	day := cal.Day(opens)
	if kind == ConsultConvention && s.Consultations.ConventionMinDays > 0 {
		return cal.Day(day.AddDate(0, 0, s.Consultations.ConventionMinDays))
	}
	return day
}

// Check reports what is wrong with a new consultation (EINVALID), or nil.
func (c *Consultation) Check(s *Settings, cal *Calendar) error {
	title := strings.TrimSpace(c.Title)
	switch {
	case title == "" || len([]rune(title)) > MaxConsultationTitle:
		return Errorf(EINVALID, "a consultation needs a title of at most %d characters", MaxConsultationTitle)
	case !c.Kind.Valid():
		return Errorf(EINVALID, "unknown kind %q", c.Kind)
	case strings.TrimSpace(c.Summary) == "" || len([]rune(c.Summary)) > MaxConsultationSummary:
		return Errorf(EINVALID, "a consultation needs a summary of at most %d characters", MaxConsultationSummary)
	case cal.Day(c.ClosesAt).Before(EarliestClose(s, cal, c.Kind, c.OpensAt)):
		return Errorf(EINVALID, "the consultation closes too early: not before %s", cal.Format(EarliestClose(s, cal, c.Kind, c.OpensAt)))
	}
	return c.Audience.Validate(s)
}

// MayConsult reports whether a may open consultations, read and export the
// comments and publish their summary: the chairman and officials.
func MayConsult(a Actor) bool {
	return a.ResidentID != 0 && (a.Has(RoleChairman) || a.Has(RoleOfficial))
}

// Comment is a resident's comment on a consultation. A resident may comment
// more than once.
type Comment struct {
	ID             int64  `json:"id"`
	ConsultationID int64  `json:"consultation_id"`
	ResidentID     int64  `json:"resident_id"`    // 0 once the profile is deleted
	Name           string `json:"name,omitempty"` // filled by lists from the profile
	// Neighbourhood is the commenter's when they wrote it, kept for the
	// summary by neighbourhood.
	Neighbourhood string    `json:"neighbourhood"`
	Text          string    `json:"text"`
	At            time.Time `json:"at"`
}

// ConsultationService stores consultations and comments.
type ConsultationService interface {
	// CreateConsultation stores c, setting ID and CreatedAt (when zero).
	CreateConsultation(ctx context.Context, c *Consultation) error
	// FindConsultation returns ENOTFOUND when there is no such consultation.
	FindConsultation(ctx context.Context, id int64) (*Consultation, error)
	// ListConsultations lists the consultations that close at or after
	// since, or whose summary is published at or after it, newest first.
	ListConsultations(ctx context.Context, since time.Time) ([]*Consultation, error)
	// AddComment stores a comment, setting ID. ENOTFOUND for an unknown
	// consultation; EINVALID when it is not open at c.At, or the text is
	// empty or too long.
	AddComment(ctx context.Context, c *Comment) error
	// Comments lists the comments of a consultation, oldest first, with
	// names.
	Comments(ctx context.Context, consultationID int64) ([]*Comment, error)
	// CommentsBy lists a resident's comments on every consultation,
	// oldest first.
	CommentsBy(ctx context.Context, residentID int64) ([]*Comment, error)
	// ConsultationsToClose lists those whose ClosesAt is before now and
	// whose close was not recorded yet.
	ConsultationsToClose(ctx context.Context, now time.Time) ([]*Consultation, error)
	// MarkConsultationClosed records the close; false when recorded before.
	MarkConsultationClosed(ctx context.Context, id int64, at time.Time) (bool, error)
	// PublishResult stores the summary of the comments, once. EINVALID
	// before the close or without a text; ECONFLICT when published already.
	PublishResult(ctx context.Context, id int64, result string, by int64, at time.Time) error
}
