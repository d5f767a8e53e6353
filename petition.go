package danchu

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Kind is the legal track of a petition (LAW.md, "Petitions"). The string
// values are stable: stores keep them and locale files use them as keys
// ("kind.complaint").
type Kind string

const (
	KindRecommendation Kind = "recommendation" // kiến nghị
	KindReport         Kind = "report"         // phản ánh
	KindComplaint      Kind = "complaint"      // khiếu nại
	KindDenunciation   Kind = "denunciation"   // tố cáo
)

// Kinds lists every kind, in the order the intake offers them.
var Kinds = []Kind{KindRecommendation, KindReport, KindComplaint, KindDenunciation}

var kindLabels = map[Kind][2]string{
	KindRecommendation: {"kiến nghị", "recommendation"},
	KindReport:         {"phản ánh", "report"},
	KindComplaint:      {"khiếu nại", "complaint"},
	KindDenunciation:   {"tố cáo", "denunciation"},
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Label is the Vietnamese name, lower case ("khiếu nại").
func (k Kind) Label() string { return kindLabels[k][0] }

// LabelEN is the English name.
func (k Kind) LabelEN() string { return kindLabels[k][1] }

// MayBeAnonymous reports whether the law lets the author stay anonymous: only
// kiến nghị and phản ánh. A tố cáo without a real name is not processed as
// one, and a khiếu nại must name the complainant.
func (k Kind) MayBeAnonymous() bool { return k == KindRecommendation || k == KindReport }

// NeedsIdentity reports whether the author's full name, address and phone
// must be given (khiếu nại, Luật Khiếu nại Điều 8; tố cáo, Luật Tố cáo Điều 23).
func (k Kind) NeedsIdentity() bool { return k == KindComplaint || k == KindDenunciation }

// Extendable reports whether the law allows an extension (gia hạn).
func (k Kind) Extendable() bool { return k == KindComplaint || k == KindDenunciation }

// Status is where a petition is in its lifecycle. The string values are
// stable keys, as for Kind.
type Status string

const (
	StatusReceived    Status = "received"    // tiếp nhận
	StatusAccepted    Status = "accepted"    // thụ lý
	StatusRefused     Status = "refused"     // không thụ lý
	StatusTransferred Status = "transferred" // chuyển đơn
	StatusInProgress  Status = "in_progress" // đang giải quyết
	StatusAnswered    Status = "answered"    // đã trả lời
	StatusClosed      Status = "closed"      // đóng
	StatusWithdrawn   Status = "withdrawn"   // rút đơn
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusReceived, StatusAccepted, StatusInProgress, StatusAnswered,
	StatusClosed, StatusRefused, StatusTransferred, StatusWithdrawn}

var statusLabels = map[Status][2]string{
	StatusReceived:    {"đã tiếp nhận", "received"},
	StatusAccepted:    {"đã thụ lý", "accepted"},
	StatusRefused:     {"không thụ lý", "refused"},
	StatusTransferred: {"đã chuyển đơn", "transferred"},
	StatusInProgress:  {"đang giải quyết", "in progress"},
	StatusAnswered:    {"đã trả lời", "answered"},
	StatusClosed:      {"đã đóng", "closed"},
	StatusWithdrawn:   {"đã rút đơn", "withdrawn"},
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Label is the Vietnamese name ("đang giải quyết").
func (s Status) Label() string { return statusLabels[s][0] }

// LabelEN is the English name.
func (s Status) LabelEN() string { return statusLabels[s][1] }

// Pending reports whether the unit still owes an answer: received, accepted
// or in progress. Only pending petitions have a due date and can be overdue.
func (s Status) Pending() bool {
	return s == StatusReceived || s == StatusAccepted || s == StatusInProgress
}

// Final reports whether nothing more happens to the petition in this unit.
// A closed petition is final, except that its author may reopen it within
// Settings.Petitions.ReopenWithinDays of the answer.
func (s Status) Final() bool {
	return s == StatusRefused || s == StatusTransferred || s == StatusWithdrawn || s == StatusClosed
}

// transitions is the lifecycle (LAW.md, "Petitions"):
//
//   - received: the unit accepts it for handling (thụ lý), refuses it with a
//     reason (không thụ lý), transfers it to the competent body (chuyển đơn),
//     or the author withdraws it.
//   - accepted: handling starts (in progress, on the handler's first note or
//     extension), or the answer comes at once; a body found competent later
//     can still take it (transfer); the author may withdraw.
//   - in progress: answered, or withdrawn.
//   - answered: closed, or reopened by the author (back to in progress).
//     Withdrawal ends here: "at any time" in Luật Khiếu nại Điều 10 means
//     while it is being resolved; after the answer there is nothing left to
//     withdraw, and counting an answered petition as withdrawn would hide
//     the answer from the reports.
//   - closed: reopened by the author within the window of the answer, so
//     closing early cannot take that right away.
//   - refused, transferred, withdrawn: final.
var transitions = map[Status][]Status{
	StatusReceived:   {StatusAccepted, StatusRefused, StatusTransferred, StatusWithdrawn},
	StatusAccepted:   {StatusInProgress, StatusAnswered, StatusTransferred, StatusWithdrawn},
	StatusInProgress: {StatusAnswered, StatusWithdrawn},
	StatusAnswered:   {StatusClosed, StatusInProgress},
	StatusClosed:     {StatusInProgress},
}

// CanTransition reports whether the lifecycle allows going from one status
// to another. Staying in a status is not a transition.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// AttachmentKind says what an attachment is.
type AttachmentKind string

const (
	AttachmentPhoto    AttachmentKind = "photo"
	AttachmentDocument AttachmentKind = "document"
	AttachmentLocation AttachmentKind = "location"
)

// Attachment is a photo or document kept by Telegram (FileID), or a point on
// the map (Lat, Lon).
type Attachment struct {
	Kind     AttachmentKind `json:"kind"`
	FileID   string         `json:"file_id,omitempty"`
	FileName string         `json:"file_name,omitempty"`
	Lat      float64        `json:"lat,omitempty"`
	Lon      float64        `json:"lon,omitempty"`
}

// Identity is who filed a khiếu nại or tố cáo: full name, address, phone and
// any other detail given. It is stored encrypted and never travels inside a
// Petition, so that no list, card or export can leak it; read it with
// PetitionService.PetitionIdentity after Can(actor, ActionViewIdentity, p).
// Its String, GoString and LogValue are redacted, so a stray log line does
// not print it.
type Identity struct {
	FullName string `json:"full_name"`
	Address  string `json:"address"`
	Phone    string `json:"phone"`
	Other    string `json:"other,omitempty"` // for example an ID card number
}

const redacted = "[identity redacted]"

func (Identity) String() string                { return redacted }
func (Identity) GoString() string              { return redacted }
func (Identity) LogValue() slog.Value          { return slog.StringValue(redacted) }
func (id Identity) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// Complete reports whether the name, address and phone are all given.
func (id *Identity) Complete() bool {
	return id != nil && strings.TrimSpace(id.FullName) != "" &&
		strings.TrimSpace(id.Address) != "" && strings.TrimSpace(id.Phone) != ""
}

// Petition is a đơn thư: what the resident sent and where its handling is.
type Petition struct {
	ID     int64  `json:"id"`
	Number string `json:"number"` // "HT-2026-000123", see FormatNumber
	Year   int    `json:"year"`   // of ReceivedAt in the unit's time zone
	Seq    int    `json:"seq"`    // 1, 2, ... within Year, without gaps

	Kind          Kind   `json:"kind"`
	Field         string `json:"field"`         // lĩnh vực, from Settings.Fields
	Neighbourhood string `json:"neighbourhood"` // where it happens, from Settings.Neighbourhoods

	// ResidentID is the author; 0 once they had their personal data deleted.
	// It is kept for an anonymous petition too, so the author can follow it,
	// but no official ever sees it then.
	ResidentID int64 `json:"resident_id"`
	Anonymous  bool  `json:"anonymous"`

	// A complaint states the decision or act complained about, the day the
	// author learned of it and what they ask for (Luật Khiếu nại Điều 8).
	Subject   string     `json:"subject,omitempty"`
	LearnedAt *time.Time `json:"learned_at,omitempty"`
	Request   string     `json:"request,omitempty"`

	Content     string       `json:"content"`
	Attachments []Attachment `json:"attachments,omitempty"`

	Status        Status `json:"status"`
	HandlerID     int64  `json:"handler_id"`               // 0: unassigned
	TransferredTo string `json:"transferred_to,omitempty"` // the body, when transferred

	ReceivedAt time.Time `json:"received_at"`
	// AcceptDue is the end of the day by which it must be accepted or refused.
	AcceptDue time.Time `json:"accept_due"`
	// ResolveDue is the end of the day by which it must be answered. Before
	// acceptance it is the latest it can be: as if accepted on AcceptDue.
	ResolveDue time.Time  `json:"resolve_due"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
	// ReopenedAt is set when the author reopened it after the answer (once);
	// the petition is flagged for its handler and its resolution starts again.
	ReopenedAt *time.Time `json:"reopened_at,omitempty"`

	Complex    bool `json:"complex"`    // khiếu nại: the complex-case limit applies
	Remote     bool `json:"remote"`     // khiếu nại: the remote-area limits apply
	Extensions int  `json:"extensions"` // extensions granted (gia hạn)
	Rated      bool `json:"rated"`      // the author rated the answer

	// Version counts the saved changes: 1 when filed, one more with each
	// Transition. A store saves a change only over the version it was
	// computed from, so two officials pressing at once cannot both win.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Reopened reports whether the author reopened the petition.
func (p *Petition) Reopened() bool { return p.ReopenedAt != nil }

// Due returns the end of the day by which the unit owes the next step: the
// acceptance while received, the answer while accepted or in progress, and
// the zero time otherwise.
func (p *Petition) Due() time.Time {
	switch p.Status {
	case StatusReceived:
		return p.AcceptDue
	case StatusAccepted, StatusInProgress:
		return p.ResolveDue
	}
	return time.Time{}
}

// Overdue reports whether the next step is late at now.
func (p *Petition) Overdue(now time.Time) bool {
	due := p.Due()
	return !due.IsZero() && now.After(due)
}

// Validate checks a new petition before it is filed, with the author's
// identity when one was given. Errors are EINVALID.
func (p *Petition) Validate(s *Settings, id *Identity) error {
	switch {
	case !p.Kind.Valid():
		return Errorf(EINVALID, "unknown petition kind %q", p.Kind)
	case !contains(s.Fields, p.Field):
		return Errorf(EINVALID, "unknown field %q", p.Field)
	case p.Neighbourhood != "" && !hasNeighbourhood(s, p.Neighbourhood):
		return Errorf(EINVALID, "unknown neighbourhood %q", p.Neighbourhood)
	case strings.TrimSpace(p.Content) == "":
		return Errorf(EINVALID, "the petition has no content")
	case p.Anonymous && !p.Kind.MayBeAnonymous():
		return Errorf(EINVALID, "a %s cannot be anonymous", p.Kind)
	case p.Kind.NeedsIdentity() && !id.Complete():
		return Errorf(EINVALID, "a %s needs the full name, address and phone of its author", p.Kind)
	}
	if p.Kind == KindComplaint {
		switch {
		case strings.TrimSpace(p.Subject) == "":
			return Errorf(EINVALID, "a complaint must name the decision or act complained about")
		case p.LearnedAt == nil:
			return Errorf(EINVALID, "a complaint needs the date its author learned of the decision or act")
		case p.LearnedAt.After(p.ReceivedAt):
			return Errorf(EINVALID, "the date of learning cannot be after the complaint was received")
		case strings.TrimSpace(p.Request) == "":
			return Errorf(EINVALID, "a complaint must say what it asks for")
		}
	}
	for _, a := range p.Attachments {
		switch a.Kind {
		case AttachmentPhoto, AttachmentDocument:
			if a.FileID == "" {
				return Errorf(EINVALID, "a %s attachment needs its file", a.Kind)
			}
		case AttachmentLocation:
			if a.Lat < -90 || a.Lat > 90 || a.Lon < -180 || a.Lon > 180 {
				return Errorf(EINVALID, "a location must be on the map")
			}
		default:
			return Errorf(EINVALID, "unknown attachment kind %q", a.Kind)
		}
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func hasNeighbourhood(s *Settings, name string) bool {
	_, ok := s.NeighbourhoodByName(name)
	return ok
}

// Event is one dated step of a petition: who did what, from which status to
// which. Nothing is deleted; the history of a petition is its events.
type Event struct {
	ID          int64        `json:"id"`
	PetitionID  int64        `json:"petition_id"`
	At          time.Time    `json:"at"`
	ActorID     int64        `json:"actor_id"` // a resident id; 0 for the system
	Action      Action       `json:"action"`
	FromStatus  Status       `json:"from_status"`
	ToStatus    Status       `json:"to_status"` // equal to FromStatus when the status stays
	Note        string       `json:"note,omitempty"`
	TargetID    int64        `json:"target_id,omitempty"`   // ActionAssign: the new handler
	Internal    bool         `json:"internal"`              // never shown or sent to the author
	Attachments []Attachment `json:"attachments,omitempty"` // of an answer
}

// Rating is the author's satisfaction with an answer, from 1 to 5, kept per
// handler and overall.
type Rating struct {
	PetitionID int64     `json:"petition_id"`
	ResidentID int64     `json:"resident_id"`
	HandlerID  int64     `json:"handler_id"` // who answered; 0 when none was assigned
	Score      int       `json:"score"`
	Comment    string    `json:"comment,omitempty"`
	At         time.Time `json:"at"`
}

// RatingStats sums the ratings of a handler, or of everyone.
type RatingStats struct {
	Count int `json:"count"`
	Sum   int `json:"sum"`
}

// Average is the mean score, 0 when there is none.
func (r RatingStats) Average() float64 {
	if r.Count == 0 {
		return 0
	}
	return float64(r.Sum) / float64(r.Count)
}

// MaxRatingComment is the longest comment kept with a rating, in characters.
const MaxRatingComment = 2000

// NewRating checks that a may rate p (its author, once, after the answer) and
// returns the rating to store. EFORBIDDEN or EINVALID otherwise.
func NewRating(a Actor, p *Petition, score int, comment string, at time.Time) (*Rating, error) {
	if !Can(a, ActionRate, p) {
		return nil, Errorf(EFORBIDDEN, "only the author may rate an answered petition, once")
	}
	if score < 1 || score > 5 {
		return nil, Errorf(EINVALID, "a rating is from 1 to 5")
	}
	comment = strings.TrimSpace(comment)
	if len([]rune(comment)) > MaxRatingComment {
		return nil, Errorf(EINVALID, "the comment is longer than %d characters", MaxRatingComment)
	}
	return &Rating{PetitionID: p.ID, ResidentID: a.ResidentID, HandlerID: p.HandlerID,
		Score: score, Comment: comment, At: at}, nil
}

// HandlerFilter narrows a list by handler.
type HandlerFilter string

const (
	HandlerAny        HandlerFilter = ""           // any handler or none
	HandlerUnassigned HandlerFilter = "unassigned" // no handler
	HandlerIs         HandlerFilter = "is"         // PetitionFilter.HandlerID
	HandlerIsOrNone   HandlerFilter = "is_or_none" // HandlerID, or no handler
)

// PetitionFilter selects petitions. Zero fields select everything; lists
// select any of their values. Match is the reference meaning for stores.
type PetitionFilter struct {
	Statuses       []Status
	Kinds          []Kind
	Fields         []string
	Neighbourhoods []string
	ResidentID     int64 // the author; 0: any
	Handler        HandlerFilter
	HandlerID      int64
	// DueBefore keeps pending petitions whose current due (Petition.Due) is
	// before it: "due soon" with a time ahead, "overdue" with now.
	DueBefore time.Time
	// ReceivedAfter keeps petitions received at or after it (the daily limit,
	// the near-duplicate check).
	ReceivedAfter time.Time
	Year          int // of the number; 0: any

	// Offset and Limit page the list, newest first (by ReceivedAt, then ID);
	// Limit 0 means no limit.
	Offset, Limit int
}

// Match reports whether p is selected by f, ignoring paging.
func (f PetitionFilter) Match(p *Petition) bool {
	if len(f.Statuses) > 0 && !has(f.Statuses, p.Status) ||
		len(f.Kinds) > 0 && !has(f.Kinds, p.Kind) ||
		len(f.Fields) > 0 && !has(f.Fields, p.Field) ||
		len(f.Neighbourhoods) > 0 && !has(f.Neighbourhoods, p.Neighbourhood) ||
		f.ResidentID != 0 && p.ResidentID != f.ResidentID ||
		f.Year != 0 && p.Year != f.Year ||
		!f.ReceivedAfter.IsZero() && p.ReceivedAt.Before(f.ReceivedAfter) {
		return false
	}
	if !f.DueBefore.IsZero() {
		due := p.Due()
		if due.IsZero() || !due.Before(f.DueBefore) {
			return false
		}
	}
	switch f.Handler {
	case HandlerUnassigned:
		return p.HandlerID == 0
	case HandlerIs:
		return p.HandlerID == f.HandlerID
	case HandlerIsOrNone:
		return p.HandlerID == 0 || p.HandlerID == f.HandlerID
	}
	return true
}

func has[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// PetitionCount is the number of petitions of one kind in one status: all a
// supervisor sees.
type PetitionCount struct {
	Kind   Kind   `json:"kind"`
	Status Status `json:"status"`
	Count  int    `json:"count"`
}

// PetitionService stores petitions, their history, receipts and ratings. It
// keeps no rules of its own beyond what it documents: callers check Can and
// compute changes with Rules.Apply first. Public methods own their
// transaction.
type PetitionService interface {
	// CreatePetition files p in one transaction: it takes the next Seq of
	// p.Year, the year of p.ReceivedAt in the unit's time zone (so numbers
	// have no gaps: a failed transaction takes none, and concurrent filings
	// never share one), sets p.ID, Seq, Number (FormatNumber with the unit
	// code), Version (1), CreatedAt and UpdatedAt, stores id
	// encrypted when it is not nil, appends a StatusReceived event by the
	// author (ActionSubmit), and appends the receipt (NewReceipt) chained to
	// the last stored receipt, or to GenesisHash. p.Status must be
	// StatusReceived and p.ReceivedAt, AcceptDue and ResolveDue set; EINVALID
	// otherwise. It returns the stored receipt.
	CreatePetition(ctx context.Context, p *Petition, id *Identity) (*Receipt, error)

	// FindPetitionByID returns ENOTFOUND when there is no such petition.
	FindPetitionByID(ctx context.Context, id int64) (*Petition, error)
	// FindPetitionByNumber finds by the number as FormatNumber writes it;
	// ENOTFOUND when there is none.
	FindPetitionByNumber(ctx context.Context, number string) (*Petition, error)
	// ListPetitions returns a page of the petitions f matches, newest first,
	// and how many f matches in all.
	ListPetitions(ctx context.Context, f PetitionFilter) ([]*Petition, int, error)
	// CountPetitions counts the petitions f matches by kind and status;
	// groups with no petition are left out. Paging is ignored.
	CountPetitions(ctx context.Context, f PetitionFilter) ([]PetitionCount, error)

	// Transition saves a change computed by Rules.Apply and appends its event
	// (setting e.ID), in one transaction. It saves the fields Apply changes:
	// Status, HandlerID, TransferredTo, ResolveDue, AcceptedAt, AnsweredAt,
	// ClosedAt, ReopenedAt, Complex, Extensions, Version and UpdatedAt (not
	// Rated, which only Rate sets). ECONFLICT when the stored Version is not
	// p.Version-1 (someone acted first: reload and ask again); ENOTFOUND when
	// p.ID is unknown.
	Transition(ctx context.Context, p *Petition, e *Event) error
	// Events lists the history of a petition, oldest first; internal events
	// only when withInternal. ENOTFOUND when the petition does not exist.
	Events(ctx context.Context, petitionID int64, withInternal bool) ([]Event, error)

	// PetitionIdentity returns the author's identity and, in the same
	// transaction, appends an AuditEntry (action "petition.identity.read",
	// subject "petition:<id>", ActorID readerID): every read is logged.
	// ENOTFOUND when the petition has no stored identity.
	PetitionIdentity(ctx context.Context, petitionID, readerID int64) (*Identity, error)

	// Rate stores r (made by NewRating) and sets the petition's Rated flag in
	// one transaction; ECONFLICT when the petition was already rated.
	Rate(ctx context.Context, r *Rating) error
	// RatingStats sums the ratings of a handler, or of everyone when
	// handlerID is 0.
	RatingStats(ctx context.Context, handlerID int64) (RatingStats, error)

	// Receipts lists the whole receipt chain in the order it was built, for
	// VerifyChain.
	Receipts(ctx context.Context) ([]Receipt, error)
}
