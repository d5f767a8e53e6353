package danchu

import (
	"strings"
	"time"
)

// Actor is a person acting on a petition: a resident with their roles.
type Actor struct {
	ResidentID int64
	Roles      []RoleGrant
}

// Has reports whether the actor holds role.
func (a Actor) Has(role Role) bool { return HasRole(a.Roles, role) }

// heads reports whether the actor is the tiểu khu head of neighbourhood.
func (a Actor) heads(neighbourhood string) bool {
	if neighbourhood == "" {
		return false
	}
	for _, g := range a.Roles {
		if g.Role == RoleTieuKhuHead && g.Neighbourhood == neighbourhood {
			return true
		}
	}
	return false
}

// Action is something a person does to a petition. The values are stable:
// events store them, and callback data may name them.
type Action string

const (
	ActionSubmit       Action = "submit"        // filing; only ever an event, never asked of Can
	ActionView         Action = "view"          // the card: content, attachments, history
	ActionViewSummary  Action = "view_summary"  // number, kind, field, status and dates only
	ActionViewIdentity Action = "view_identity" // the author's name, address, phone
	ActionAssign       Action = "assign"
	ActionAccept       Action = "accept"
	ActionRefuse       Action = "refuse"
	ActionTransfer     Action = "transfer"
	ActionExtend       Action = "extend"
	ActionAnswer       Action = "answer"
	ActionNote         Action = "note" // internal, never sent to the author
	ActionClose        Action = "close"
	ActionWithdraw     Action = "withdraw"
	ActionReopen       Action = "reopen"
	ActionRate         Action = "rate"
)

// Actions lists every action that Can decides.
var Actions = []Action{ActionView, ActionViewSummary, ActionViewIdentity, ActionAssign,
	ActionAccept, ActionRefuse, ActionTransfer, ActionExtend, ActionAnswer, ActionNote,
	ActionClose, ActionWithdraw, ActionReopen, ActionRate}

// handlingActions are what the unit does to a petition.
var handlingActions = map[Action]bool{ActionAssign: true, ActionAccept: true, ActionRefuse: true,
	ActionTransfer: true, ActionExtend: true, ActionAnswer: true, ActionNote: true, ActionClose: true}

// actionStates are the statuses in which an action applies; an action not
// listed applies in every status. They agree with the transitions table.
var actionStates = map[Action][]Status{
	ActionAssign:   {StatusReceived, StatusAccepted, StatusInProgress},
	ActionAccept:   {StatusReceived},
	ActionRefuse:   {StatusReceived},
	ActionTransfer: {StatusReceived, StatusAccepted},
	ActionExtend:   {StatusAccepted, StatusInProgress},
	ActionAnswer:   {StatusAccepted, StatusInProgress},
	ActionClose:    {StatusAnswered},
	ActionWithdraw: {StatusReceived, StatusAccepted, StatusInProgress},
	ActionReopen:   {StatusAnswered, StatusClosed},
	ActionRate:     {StatusAnswered, StatusClosed},
}

// Can reports whether actor a may do act to p as it stands (LAW.md,
// "Petitions"). It is checked again on every button press, so
// callback data naming someone else's petition gets nothing.
//
//   - The chairman handles every petition: views it (with the author's
//     identity unless anonymous), assigns it to anyone, and does every
//     handling step.
//   - An official handles the petitions assigned to them: view, identity,
//     accept, refuse, transfer, extend, answer, note, close. An unassigned
//     petition they may view and take (assign to themselves), except a tố
//     cáo: only the chairman assigns one, since its handler sees the
//     denouncer's identity and a self-assignment would let any official
//     reveal it (Luật Tố cáo Điều 47). One assigned to someone else they do
//     not see. Reassigning is the chairman's.
//   - A tiểu khu head views the kiến nghị and phản ánh of their own
//     neighbourhood, without the author's identity, and does nothing else;
//     never a khiếu nại or tố cáo.
//   - A supervisor sees counts and states (ActionViewSummary) of every
//     petition, nothing else: no content, no personal data.
//   - The admin role is technical and gives nothing here.
//   - The author views their own petition and identity, withdraws it while
//     it is being handled, reopens it once after the answer (the time window
//     is checked by Rules.Apply) and rates it once after the answer.
//   - The author's identity is seen by the author, the chairman and the
//     assigned handler only, and by nobody else when the petition is
//     anonymous; for a tố cáo this is the law's secrecy (Luật Tố cáo Điều 47).
//
// Beyond who, Can checks what fits the status (actionStates), the kind (only
// a khiếu nại or tố cáo is extended) and the once-only flags (Reopened,
// Rated). Limits that need the settings or the clock, such as the number of
// extensions or the reopening window, are Rules.Apply's.
func Can(a Actor, act Action, p *Petition) bool {
	if p == nil || a.ResidentID == 0 && len(a.Roles) == 0 {
		return false
	}
	if states, ok := actionStates[act]; ok && !has(states, p.Status) {
		return false
	}
	if act == ActionExtend && !p.Kind.Extendable() {
		return false
	}
	author := a.ResidentID != 0 && a.ResidentID == p.ResidentID
	chairman := a.Has(RoleChairman)
	official := a.Has(RoleOfficial)
	handler := (chairman || official) && a.ResidentID != 0 && p.HandlerID == a.ResidentID
	unassigned := p.HandlerID == 0
	head := (p.Kind == KindRecommendation || p.Kind == KindReport) && a.heads(p.Neighbourhood)

	switch act {
	case ActionView:
		return author || chairman || handler || official && unassigned || head
	case ActionViewSummary:
		return author || chairman || handler || official && unassigned || head || a.Has(RoleSupervisor)
	case ActionViewIdentity:
		if author {
			return true
		}
		return !p.Anonymous && (chairman || handler)
	case ActionAssign:
		return chairman || official && unassigned && p.Kind != KindDenunciation
	case ActionWithdraw:
		return author
	case ActionReopen:
		return author && !p.Reopened()
	case ActionRate:
		return author && !p.Rated
	}
	if handlingActions[act] {
		return chairman || handler
	}
	return false
}

// ListScope narrows f to petitions a may view (ActionView), so that a list
// asks the store only for those. For an actor with one role, the narrowed
// filter matches exactly f's petitions that a may view. ok is false when a
// may list none. A filter on a's own ResidentID lists their own petitions
// whatever their roles. Otherwise: the chairman, everything; an official,
// theirs and the unassigned ones; a tiểu khu head, the kiến nghị and phản
// ánh of their neighbourhoods; a supervisor and any other resident, their
// own petitions only (a supervisor's figures come from CountPetitions).
func ListScope(a Actor, f PetitionFilter) (PetitionFilter, bool) {
	switch {
	case a.ResidentID != 0 && f.ResidentID == a.ResidentID:
		return f, true // their own petitions, whatever their roles
	case a.Has(RoleChairman):
		return f, true
	case a.Has(RoleOfficial) && a.ResidentID != 0:
		// An official who is also a head or an author sees more than this
		// filter expresses; they list by role, one list at a time.
		if f.Handler == HandlerIs && f.HandlerID != a.ResidentID {
			return f, false
		}
		if f.Handler == HandlerAny || f.Handler == HandlerIsOrNone {
			f.Handler, f.HandlerID = HandlerIsOrNone, a.ResidentID
		}
		return f, true
	}
	var mine []string
	for _, g := range a.Roles {
		if g.Role == RoleTieuKhuHead && g.Neighbourhood != "" {
			mine = append(mine, g.Neighbourhood)
		}
	}
	if len(mine) > 0 {
		f.Kinds = intersect(f.Kinds, []Kind{KindRecommendation, KindReport})
		f.Neighbourhoods = intersect(f.Neighbourhoods, mine)
		return f, len(f.Kinds) > 0 && len(f.Neighbourhoods) > 0
	}
	if a.ResidentID != 0 && f.ResidentID == 0 {
		f.ResidentID = a.ResidentID
		return f, true
	}
	return f, false
}

// intersect keeps the values of want that are also in have; an empty have
// means "any", so want is returned.
func intersect[T comparable](have, want []T) []T {
	if len(have) == 0 {
		return want
	}
	var out []T
	for _, v := range want {
		if has(have, v) {
			out = append(out, v)
		}
	}
	return out
}

// Rules apply the lifecycle and the deadlines of the unit's settings.
type Rules struct {
	Settings *Settings
	Calendar *Calendar
}

// NewRules returns the rules of s.
func NewRules(s *Settings) *Rules { return &Rules{Settings: s, Calendar: NewCalendar(s)} }

// Change is one step asked of a petition.
type Change struct {
	Action      Action
	At          time.Time
	Note        string       // the reason, the answer or the note, per action
	HandlerID   int64        // ActionAssign: who gets it
	TransferTo  string       // ActionTransfer: the body it went to
	Attachments []Attachment // ActionAnswer
}

// Apply checks that a may make change ch to p at ch.At and returns the changed
// petition and the event to store together with PetitionService.Transition.
// p itself is not changed. EFORBIDDEN when Can says no (or an official
// assigns to someone else); EINVALID when the step lacks what it needs:
//
//   - assign: a handler (the chairman picks anyone, and the caller checks
//     that they are an official; an official takes it for themselves); an
//     internal event, the status stays.
//   - accept: sets AcceptedAt and the resolution due date; the acceptor
//     becomes the handler when there was none.
//   - refuse: a reason, which the author receives.
//   - transfer: the body it went to.
//   - extend: a reason, within the law (Calendar.Extend).
//   - answer: the answer's text; sets AnsweredAt.
//   - note: the text; internal. Like an extension, it starts the handling of
//     an accepted petition (accepted → in progress).
//   - close: sets ClosedAt.
//   - withdraw: the author's reason is optional.
//   - reopen: a reason, within ReopenWithinDays of the answer; the petition
//     goes back to its handler, in progress, with ReopenedAt set and a fresh
//     resolution period from the reopening (as the petition now stands).
//
// Viewing and rating are not changes: use Can and NewRating.
func (r *Rules) Apply(a Actor, p *Petition, ch Change) (*Petition, *Event, error) {
	switch ch.Action {
	case ActionView, ActionViewSummary, ActionViewIdentity, ActionRate, ActionSubmit:
		return nil, nil, Errorf(EINVALID, "%s is not a change of a petition", ch.Action)
	}
	if !Can(a, ch.Action, p) {
		return nil, nil, Errorf(EFORBIDDEN, "you may not %s this petition", ch.Action)
	}
	note := strings.TrimSpace(ch.Note)
	next := *p
	next.UpdatedAt = ch.At
	next.Version = p.Version + 1
	ev := &Event{PetitionID: p.ID, At: ch.At, ActorID: a.ResidentID, Action: ch.Action,
		FromStatus: p.Status, ToStatus: p.Status, Note: note}
	at := ch.At
	need := func(what string) error {
		return Errorf(EINVALID, "to %s a petition, give %s", ch.Action, what)
	}

	switch ch.Action {
	case ActionAssign:
		if ch.HandlerID == 0 {
			return nil, nil, need("the official who handles it")
		}
		if !a.Has(RoleChairman) && ch.HandlerID != a.ResidentID {
			return nil, nil, Errorf(EFORBIDDEN, "only the chairman assigns a petition to someone else")
		}
		next.HandlerID = ch.HandlerID
		ev.TargetID = ch.HandlerID
		ev.Internal = true
	case ActionAccept:
		next.Status = StatusAccepted
		next.AcceptedAt = &at
		if next.HandlerID == 0 {
			next.HandlerID = a.ResidentID
		}
		next.ResolveDue = r.Calendar.ResolveDue(r.Settings, &next, at)
	case ActionRefuse:
		if note == "" {
			return nil, nil, need("the reason, which the author receives")
		}
		next.Status = StatusRefused
	case ActionTransfer:
		body := strings.TrimSpace(ch.TransferTo)
		if body == "" {
			return nil, nil, need("the body it goes to")
		}
		next.Status = StatusTransferred
		next.TransferredTo = body
	case ActionExtend:
		if err := r.Calendar.Extend(r.Settings, &next, note, at); err != nil {
			return nil, nil, err
		}
		if next.Status == StatusAccepted {
			next.Status = StatusInProgress
		}
	case ActionAnswer:
		if note == "" {
			return nil, nil, need("the answer")
		}
		next.Status = StatusAnswered
		next.AnsweredAt = &at
		ev.Attachments = ch.Attachments
	case ActionNote:
		if note == "" {
			return nil, nil, need("the note")
		}
		ev.Internal = true
		if next.Status == StatusAccepted {
			next.Status = StatusInProgress
		}
	case ActionClose:
		next.Status = StatusClosed
		next.ClosedAt = &at
	case ActionWithdraw:
		next.Status = StatusWithdrawn
	case ActionReopen:
		if note == "" {
			return nil, nil, need("what is still wrong")
		}
		if until := r.Calendar.ReopenUntil(r.Settings, p); at.After(until) {
			return nil, nil, Errorf(EINVALID, "a petition can be reopened until %s", r.Calendar.Format(until))
		}
		next.Status = StatusInProgress
		next.ReopenedAt = &at
		next.ClosedAt = nil
		next.ResolveDue = r.Calendar.ResolveDue(r.Settings, &next, at)
	default:
		return nil, nil, Errorf(EINVALID, "unknown action %q", ch.Action)
	}
	if next.Status != p.Status && !CanTransition(p.Status, next.Status) {
		// actionStates and transitions disagree: a bug, not the user's fault.
		return nil, nil, Errorf(EINTERNAL, "no transition from %s to %s", p.Status, next.Status)
	}
	ev.ToStatus = next.Status
	return &next, ev, nil
}
