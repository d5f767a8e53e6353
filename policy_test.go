package danchu_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"danchu"
)

// The people of the specification.
const (
	chairmanID   = 1
	officialAID  = 2
	officialBID  = 3
	headID       = 4 // head of Tiểu khu 1
	supervisorID = 5
	adminID      = 6
	authorID     = 7
	otherID      = 8
)

func grant(id int64, role danchu.Role, neighbourhood string) danchu.RoleGrant {
	return danchu.RoleGrant{ResidentID: id, Role: role, Neighbourhood: neighbourhood}
}

var (
	chairman   = danchu.Actor{ResidentID: chairmanID, Roles: []danchu.RoleGrant{grant(chairmanID, danchu.RoleChairman, "")}}
	officialA  = danchu.Actor{ResidentID: officialAID, Roles: []danchu.RoleGrant{grant(officialAID, danchu.RoleOfficial, "")}}
	officialB  = danchu.Actor{ResidentID: officialBID, Roles: []danchu.RoleGrant{grant(officialBID, danchu.RoleOfficial, "")}}
	head       = danchu.Actor{ResidentID: headID, Roles: []danchu.RoleGrant{grant(headID, danchu.RoleTieuKhuHead, "Tiểu khu 1")}}
	supervisor = danchu.Actor{ResidentID: supervisorID, Roles: []danchu.RoleGrant{grant(supervisorID, danchu.RoleSupervisor, "")}}
	admin      = danchu.Actor{ResidentID: adminID, Roles: []danchu.RoleGrant{grant(adminID, danchu.RoleAdmin, "")}}
	author     = danchu.Actor{ResidentID: authorID}
	other      = danchu.Actor{ResidentID: otherID}
	// An official who also heads Tiểu khu 1.
	officialHead = danchu.Actor{ResidentID: officialAID, Roles: []danchu.RoleGrant{
		grant(officialAID, danchu.RoleOfficial, ""), grant(officialAID, danchu.RoleTieuKhuHead, "Tiểu khu 1")}}
	nobody = danchu.Actor{}
)

// petition of a kind and status, by the author, in Tiểu khu 1, handled by
// handler (0: unassigned), changed by the options.
func petition(kind danchu.Kind, status danchu.Status, handler int64, opts ...func(*danchu.Petition)) *danchu.Petition {
	p := &danchu.Petition{ID: 42, Kind: kind, Status: status, HandlerID: handler,
		ResidentID: authorID, Neighbourhood: "Tiểu khu 1"}
	for _, o := range opts {
		o(p)
	}
	return p
}

func anonymous(p *danchu.Petition)        { p.Anonymous = true }
func rated(p *danchu.Petition)            { p.Rated = true }
func inNeighbourhood2(p *danchu.Petition) { p.Neighbourhood = "Tiểu khu 2" }
func byAuthor(id int64) func(*danchu.Petition) {
	return func(p *danchu.Petition) { p.ResidentID = id }
}
func reopened(p *danchu.Petition) { t := at(2027, 3, 1, 9, 0); p.ReopenedAt = &t }

const (
	view      = danchu.ActionView
	summary   = danchu.ActionViewSummary
	identity  = danchu.ActionViewIdentity
	assign    = danchu.ActionAssign
	accept    = danchu.ActionAccept
	refuse    = danchu.ActionRefuse
	transfer  = danchu.ActionTransfer
	extend    = danchu.ActionExtend
	answer    = danchu.ActionAnswer
	note      = danchu.ActionNote
	closeIt   = danchu.ActionClose
	withdraw  = danchu.ActionWithdraw
	reopen    = danchu.ActionReopen
	rate      = danchu.ActionRate
	kRec      = danchu.KindRecommendation
	kRep      = danchu.KindReport
	kCom      = danchu.KindComplaint
	kDen      = danchu.KindDenunciation
	sReceived = danchu.StatusReceived
	sAccepted = danchu.StatusAccepted
	sProgress = danchu.StatusInProgress
	sAnswered = danchu.StatusAnswered
	sClosed   = danchu.StatusClosed
	sRefused  = danchu.StatusRefused
	sTransfer = danchu.StatusTransferred
	sWithdraw = danchu.StatusWithdrawn
)

// The specification: for each person and petition, exactly the actions
// allowed; every other action of danchu.Actions is refused.
func TestWhoMayDoWhat(t *testing.T) {
	tests := []struct {
		who   string
		actor danchu.Actor
		what  string
		p     *danchu.Petition
		may   []danchu.Action
	}{
		// The chairman handles every petition.
		{"chairman", chairman, "new tố cáo, unassigned", petition(kDen, sReceived, 0),
			[]danchu.Action{view, summary, identity, assign, accept, refuse, transfer, note}},
		{"chairman", chairman, "khiếu nại in progress, official A's", petition(kCom, sProgress, officialAID),
			[]danchu.Action{view, summary, identity, assign, extend, answer, note}},
		{"chairman", chairman, "anonymous kiến nghị accepted, official A's", petition(kRec, sAccepted, officialAID, anonymous),
			[]danchu.Action{view, summary, assign, transfer, answer, note}},
		{"chairman", chairman, "phản ánh answered", petition(kRep, sAnswered, officialAID),
			[]danchu.Action{view, summary, identity, closeIt, note}},
		{"chairman", chairman, "tố cáo closed", petition(kDen, sClosed, officialAID),
			[]danchu.Action{view, summary, identity, note}},
		{"chairman", chairman, "khiếu nại withdrawn", petition(kCom, sWithdraw, 0),
			[]danchu.Action{view, summary, identity, note}},

		// An official: their own petitions, and takes unassigned ones; a tố
		// cáo only the chairman assigns, since its handler sees who denounced.
		{"official A", officialA, "new tố cáo, unassigned", petition(kDen, sReceived, 0),
			[]danchu.Action{view, summary}},
		{"official A", officialA, "new khiếu nại, unassigned", petition(kCom, sReceived, 0),
			[]danchu.Action{view, summary, assign}},
		{"official A", officialA, "new phản ánh, unassigned", petition(kRep, sReceived, 0),
			[]danchu.Action{view, summary, assign}},
		{"official A", officialA, "kiến nghị accepted, unassigned", petition(kRec, sAccepted, 0),
			[]danchu.Action{view, summary, assign}},
		{"official A", officialA, "tố cáo accepted, A's", petition(kDen, sAccepted, officialAID),
			[]danchu.Action{view, summary, identity, transfer, extend, answer, note}},
		{"official A", officialA, "tố cáo accepted, B's", petition(kDen, sAccepted, officialBID), nil},
		{"official A", officialA, "kiến nghị received, A's", petition(kRec, sReceived, officialAID),
			[]danchu.Action{view, summary, identity, accept, refuse, transfer, note}},
		{"official A", officialA, "khiếu nại answered, A's", petition(kCom, sAnswered, officialAID),
			[]danchu.Action{view, summary, identity, closeIt, note}},
		{"official A", officialA, "anonymous phản ánh in progress, A's", petition(kRep, sProgress, officialAID, anonymous),
			[]danchu.Action{view, summary, answer, note}},
		{"official A", officialA, "phản ánh refused, A's", petition(kRep, sRefused, officialAID),
			[]danchu.Action{view, summary, identity, note}},
		{"official A", officialA, "khiếu nại transferred, unassigned", petition(kCom, sTransfer, 0),
			[]danchu.Action{view, summary}},
		{"official B", officialB, "khiếu nại in progress, A's", petition(kCom, sProgress, officialAID), nil},

		// A tiểu khu head sees kiến nghị and phản ánh of their neighbourhood.
		{"head of Tiểu khu 1", head, "kiến nghị of Tiểu khu 1", petition(kRec, sReceived, 0),
			[]danchu.Action{view, summary}},
		{"head of Tiểu khu 1", head, "anonymous phản ánh of Tiểu khu 1, A's", petition(kRep, sProgress, officialAID, anonymous),
			[]danchu.Action{view, summary}},
		{"head of Tiểu khu 1", head, "phản ánh answered", petition(kRep, sAnswered, officialAID),
			[]danchu.Action{view, summary}},
		{"head of Tiểu khu 1", head, "kiến nghị of Tiểu khu 2", petition(kRec, sReceived, 0, inNeighbourhood2), nil},
		{"head of Tiểu khu 1", head, "khiếu nại of Tiểu khu 1", petition(kCom, sReceived, 0), nil},
		{"head of Tiểu khu 1", head, "tố cáo of Tiểu khu 1", petition(kDen, sAccepted, officialAID), nil},

		// A supervisor sees counts and states only.
		{"supervisor", supervisor, "tố cáo accepted, A's", petition(kDen, sAccepted, officialAID),
			[]danchu.Action{summary}},
		{"supervisor", supervisor, "kiến nghị received", petition(kRec, sReceived, 0),
			[]danchu.Action{summary}},

		// The admin role is technical.
		{"admin", admin, "khiếu nại received", petition(kCom, sReceived, 0), nil},

		// The author follows, withdraws, reopens and rates their own.
		{"author", author, "their tố cáo received", petition(kDen, sReceived, 0),
			[]danchu.Action{view, summary, identity, withdraw}},
		{"author", author, "their khiếu nại in progress", petition(kCom, sProgress, officialAID),
			[]danchu.Action{view, summary, identity, withdraw}},
		{"author", author, "their anonymous kiến nghị answered", petition(kRec, sAnswered, officialAID, anonymous),
			[]danchu.Action{view, summary, identity, reopen, rate}},
		{"author", author, "their phản ánh answered and rated", petition(kRep, sAnswered, officialAID, rated),
			[]danchu.Action{view, summary, identity, reopen}},
		{"author", author, "their phản ánh closed after a reopening", petition(kRep, sClosed, officialAID, reopened),
			[]danchu.Action{view, summary, identity, rate}},
		{"author", author, "their khiếu nại refused", petition(kCom, sRefused, officialAID),
			[]danchu.Action{view, summary, identity}},
		{"author", author, "their tố cáo withdrawn", petition(kDen, sWithdraw, 0),
			[]danchu.Action{view, summary, identity}},

		// Anyone else gets nothing, whatever number their button names.
		{"another resident", other, "someone's kiến nghị", petition(kRec, sReceived, 0), nil},
		{"another resident", other, "someone's tố cáo answered", petition(kDen, sAnswered, officialAID), nil},
		{"no one", nobody, "a kiến nghị", petition(kRec, sReceived, 0), nil},

		// Several hats: each gives its own rights.
		{"official A heading Tiểu khu 1", officialHead, "kiến nghị of Tiểu khu 1, B's", petition(kRec, sAccepted, officialBID),
			[]danchu.Action{view, summary}},
		{"official A as an author", officialA, "their khiếu nại accepted, B's", petition(kCom, sAccepted, officialBID, byAuthor(officialAID)),
			[]danchu.Action{view, summary, identity, withdraw}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s, %s", tt.who, tt.what)
		var got []string
		for _, act := range danchu.Actions {
			if danchu.Can(tt.actor, act, tt.p) {
				got = append(got, string(act))
			}
		}
		want := make([]string, len(tt.may))
		for i, a := range tt.may {
			want[i] = string(a)
		}
		sort.Strings(got)
		sort.Strings(want)
		if !equalStrings(got, want) {
			t.Errorf("%s:\n may  %v\n want %v", name, got, want)
		}
	}
}

// Every person against every petition situation: the properties the rules
// states, checked exhaustively.
func TestPolicyProperties(t *testing.T) {
	actors := map[string]danchu.Actor{"chairman": chairman, "official A": officialA, "official B": officialB,
		"head": head, "supervisor": supervisor, "admin": admin, "author": author, "other": other,
		"official and head": officialHead, "nobody": nobody}
	for _, p := range allSituations() {
		for name, a := range actors {
			where := fmt.Sprintf("%s on %s %s handler %d anonymous %v", name, p.Kind, p.Status, p.HandlerID, p.Anonymous)
			isAuthor := a.ResidentID == p.ResidentID
			isHandler := a.ResidentID != 0 && a.ResidentID == p.HandlerID
			if danchu.Can(a, identity, p) && !isAuthor && !(danchu.HasRole(a.Roles, danchu.RoleChairman) || isHandler) {
				t.Errorf("%s: sees the identity without being its author, the chairman or the handler", where)
			}
			if danchu.Can(a, identity, p) && p.Anonymous && !isAuthor {
				t.Errorf("%s: sees the identity of an anonymous petition", where)
			}
			if p.Kind == kDen && danchu.Can(a, assign, p) && !danchu.HasRole(a.Roles, danchu.RoleChairman) {
				t.Errorf("%s: assigns a tố cáo without being the chairman (its handler sees who denounced)", where)
			}
			if (p.Kind == kCom || p.Kind == kDen) && a.ResidentID == headID && danchu.Can(a, view, p) {
				t.Errorf("%s: a tiểu khu head sees a khiếu nại or tố cáo", where)
			}
			for _, act := range danchu.Actions {
				can := danchu.Can(a, act, p)
				if a.ResidentID == supervisorID && can != (act == summary) {
					t.Errorf("%s: supervisor %s = %v", where, act, can)
				}
				if can && act != summary && !danchu.Can(a, view, p) {
					t.Errorf("%s: may %s without seeing the petition", where, act)
				}
				if (act == withdraw || act == reopen || act == rate) && can && !isAuthor {
					t.Errorf("%s: %s by someone other than the author", where, act)
				}
			}
		}
	}
}

// allSituations is every kind, status, handler (none, A, B) and anonymity
// the kind allows, with the once-only flags on and off.
func allSituations() []*danchu.Petition {
	var out []*danchu.Petition
	for _, k := range danchu.Kinds {
		for _, s := range danchu.Statuses {
			for _, h := range []int64{0, officialAID, officialBID, chairmanID} {
				for _, anon := range []bool{false, true} {
					if anon && !k.MayBeAnonymous() {
						continue
					}
					for _, flags := range []bool{false, true} {
						p := petition(k, s, h)
						p.Anonymous = anon
						if flags {
							rated(p)
							reopened(p)
						}
						out = append(out, p)
						q := *p
						inNeighbourhood2(&q)
						out = append(out, &q)
					}
				}
			}
		}
	}
	return out
}

// A list scoped to a person holds exactly the petitions they may view.
func TestListScopeAgreesWithCan(t *testing.T) {
	actors := map[string]danchu.Actor{"chairman": chairman, "official A": officialA, "head": head,
		"author": author, "other": other}
	filters := map[string]danchu.PetitionFilter{
		"all":        {},
		"new":        {Statuses: []danchu.Status{sReceived}},
		"mine":       {Handler: danchu.HandlerIs, HandlerID: officialAID},
		"unassigned": {Handler: danchu.HandlerUnassigned},
		"complaints": {Kinds: []danchu.Kind{kCom}},
		"reports":    {Kinds: []danchu.Kind{kRep}},
		"own":        {ResidentID: authorID},
	}
	for an, a := range actors {
		for fn, f := range filters {
			scoped, ok := danchu.ListScope(a, f)
			for _, p := range allSituations() {
				want := f.Match(p) && danchu.Can(a, view, p)
				if got := ok && scoped.Match(p); got != want {
					t.Errorf("%s listing %q: %s %s handler %d in %s: listed %v, may view %v",
						an, fn, p.Kind, p.Status, p.HandlerID, p.Neighbourhood, got, want)
				}
			}
		}
	}
	if _, ok := danchu.ListScope(supervisor, danchu.PetitionFilter{}); !ok {
		t.Error("a supervisor lists their own petitions")
	}
	if f, ok := danchu.ListScope(supervisor, danchu.PetitionFilter{ResidentID: authorID}); ok {
		t.Errorf("a supervisor must not list someone's petitions: %+v", f)
	}
	if _, ok := danchu.ListScope(nobody, danchu.PetitionFilter{}); ok {
		t.Error("no one lists nothing")
	}
}

// Each action applies in the statuses the lifecycle allows.
func TestActionsFollowTheLifecycle(t *testing.T) {
	target := map[danchu.Action]danchu.Status{accept: sAccepted, refuse: sRefused, transfer: sTransfer,
		answer: sAnswered, closeIt: sClosed, withdraw: sWithdraw, reopen: sProgress}
	for act, to := range target {
		for _, from := range danchu.Statuses {
			if danchu.Can(chairman, act, petition(kCom, from, 0)) || danchu.Can(author, act, petition(kCom, from, 0)) {
				if !danchu.CanTransition(from, to) {
					t.Errorf("%s is allowed in %s, but %s → %s is not a transition", act, from, from, to)
				}
			}
		}
	}
}

func TestApply(t *testing.T) {
	rules := danchu.NewRules(MustSettings(t, nil))
	received := func(kind danchu.Kind) *danchu.Petition {
		p := petition(kind, sReceived, 0)
		p.ReceivedAt = at(2027, 1, 26, 14, 0)
		rules.Calendar.SetDues(rules.Settings, p)
		return p
	}
	must := func(t *testing.T, a danchu.Actor, p *danchu.Petition, ch danchu.Change) (*danchu.Petition, *danchu.Event) {
		t.Helper()
		next, ev, err := rules.Apply(a, p, ch)
		if err != nil {
			t.Fatalf("%s: %v", ch.Action, err)
		}
		if ev.FromStatus != p.Status || ev.ToStatus != next.Status || ev.Action != ch.Action || ev.ActorID != a.ResidentID {
			t.Fatalf("%s: event %+v does not describe %s → %s", ch.Action, ev, p.Status, next.Status)
		}
		if next.Version != p.Version+1 || !next.UpdatedAt.Equal(ch.At) || !ev.At.Equal(ch.At) {
			t.Fatalf("%s: version %d after %d, updated %s", ch.Action, next.Version, p.Version, next.UpdatedAt)
		}
		return next, ev
	}

	t.Run("a complaint from receipt to rating", func(t *testing.T) {
		p := received(kCom)
		p, ev := must(t, officialA, p, danchu.Change{Action: assign, At: at(2027, 1, 27, 8, 0), HandlerID: officialAID})
		if p.HandlerID != officialAID || !ev.Internal || ev.TargetID != officialAID || p.Status != sReceived {
			t.Fatalf("take: %+v %+v", p, ev)
		}
		p, _ = must(t, officialA, p, danchu.Change{Action: accept, At: at(2027, 2, 12, 9, 0)})
		// Accepted Friday 12/2/2027: 30 days end on Sunday 14/3, so Monday 15/3.
		if p.Status != sAccepted || p.AcceptedAt == nil || !p.ResolveDue.Equal(end(2027, 3, 15)) {
			t.Fatalf("accept: status %s, due %s", p.Status, p.ResolveDue)
		}
		p, ev = must(t, officialA, p, danchu.Change{Action: note, At: at(2027, 2, 15, 9, 0), Note: "Đã liên hệ địa chính"})
		if p.Status != sProgress || !ev.Internal {
			t.Fatalf("a note starts the handling and stays internal: %s %+v", p.Status, ev)
		}
		p, ev = must(t, officialA, p, danchu.Change{Action: extend, At: at(2027, 3, 1, 9, 0), Note: "Vụ việc phức tạp"})
		if !p.Complex || !p.ResolveDue.Equal(end(2027, 3, 29)) || ev.Internal {
			t.Fatalf("extend: complex %v due %s, internal %v", p.Complex, p.ResolveDue, ev.Internal)
		}
		photo := danchu.Attachment{Kind: danchu.AttachmentPhoto, FileID: "f1"}
		p, ev = must(t, officialA, p, danchu.Change{Action: answer, At: at(2027, 3, 20, 9, 0), Note: "Trả lời", Attachments: []danchu.Attachment{photo}})
		if p.Status != sAnswered || p.AnsweredAt == nil || len(ev.Attachments) != 1 {
			t.Fatalf("answer: %+v", p)
		}
		// Reopened within 30 days of the answer: a fresh 45 days (complex) from Tuesday 13/4/2027
		// end on Friday 28/5.
		p, _ = must(t, author, p, danchu.Change{Action: reopen, At: at(2027, 4, 13, 9, 0), Note: "Chưa giải quyết xong"})
		if p.Status != sProgress || !p.Reopened() || !p.ResolveDue.Equal(end(2027, 5, 28)) {
			t.Fatalf("reopen: %s reopened %v due %s", p.Status, p.Reopened(), p.ResolveDue)
		}
		p, _ = must(t, officialA, p, danchu.Change{Action: answer, At: at(2027, 5, 2, 9, 0), Note: "Trả lời lần hai"})
		p, _ = must(t, officialA, p, danchu.Change{Action: closeIt, At: at(2027, 5, 3, 9, 0)})
		if p.Status != sClosed || p.ClosedAt == nil {
			t.Fatalf("close: %+v", p)
		}
		if _, _, err := rules.Apply(author, p, danchu.Change{Action: reopen, At: at(2027, 5, 4, 9, 0), Note: "Lần nữa"}); danchu.ErrorCode(err) != danchu.EFORBIDDEN {
			t.Fatalf("a second reopening: %v", err)
		}
		r, err := danchu.NewRating(author, p, 4, "  Cảm ơn  ", at(2027, 5, 4, 10, 0))
		if err != nil || r.Score != 4 || r.Comment != "Cảm ơn" || r.HandlerID != officialAID {
			t.Fatalf("rating: %+v %v", r, err)
		}
	})

	t.Run("what each step needs", func(t *testing.T) {
		answered := petition(kRep, sAnswered, officialAID)
		answeredAt := at(2027, 3, 1, 9, 0) // 30 days: until Wednesday 31/3/2027
		answered.AnsweredAt = &answeredAt
		tests := []struct {
			name  string
			actor danchu.Actor
			p     *danchu.Petition
			ch    danchu.Change
			code  string
		}{
			{"refuse without a reason", chairman, received(kRec), danchu.Change{Action: refuse, Note: " "}, danchu.EINVALID},
			{"transfer without a body", chairman, received(kRec), danchu.Change{Action: transfer}, danchu.EINVALID},
			{"answer without text", chairman, petition(kRec, sAccepted, officialAID), danchu.Change{Action: answer}, danchu.EINVALID},
			{"empty note", chairman, petition(kRec, sAccepted, officialAID), danchu.Change{Action: note}, danchu.EINVALID},
			{"assign to no one", chairman, received(kRec), danchu.Change{Action: assign}, danchu.EINVALID},
			{"an official assigns to another", officialA, received(kRec), danchu.Change{Action: assign, HandlerID: officialBID}, danchu.EFORBIDDEN},
			{"an official takes a tố cáo", officialA, received(kDen), danchu.Change{Action: assign, HandlerID: officialAID}, danchu.EFORBIDDEN},
			{"an official reassigns", officialA, petition(kRec, sReceived, officialAID), danchu.Change{Action: assign, HandlerID: officialAID}, danchu.EFORBIDDEN},
			{"accept someone else's", officialA, petition(kRec, sReceived, officialBID), danchu.Change{Action: accept}, danchu.EFORBIDDEN},
			{"extend a recommendation", chairman, petition(kRec, sAccepted, officialAID), danchu.Change{Action: extend, Note: "lý do"}, danchu.EFORBIDDEN},
			{"extend without a reason", chairman, mustAccepted(t, rules.Settings, kDen, at(2027, 1, 6, 9, 0)), danchu.Change{Action: extend, At: at(2027, 1, 20, 9, 0)}, danchu.EINVALID},
			{"reopen after the window", author, answered, danchu.Change{Action: reopen, At: at(2027, 4, 1, 0, 0), Note: "Chưa xong"}, danchu.EINVALID},
			{"reopen without saying why", author, answered, danchu.Change{Action: reopen, At: at(2027, 3, 2, 0, 0)}, danchu.EINVALID},
			{"withdraw after the answer", author, answered, danchu.Change{Action: withdraw}, danchu.EFORBIDDEN},
			{"withdraw someone else's", other, received(kRec), danchu.Change{Action: withdraw}, danchu.EFORBIDDEN},
			{"view is not a change", chairman, received(kRec), danchu.Change{Action: view}, danchu.EINVALID},
			{"rate goes through NewRating", author, answered, danchu.Change{Action: rate}, danchu.EINVALID},
		}
		for _, tt := range tests {
			next, ev, err := rules.Apply(tt.actor, tt.p, tt.ch)
			if danchu.ErrorCode(err) != tt.code || next != nil || ev != nil {
				t.Errorf("%s: err %v, want %s", tt.name, err, tt.code)
			}
		}
		// On the last day of the window it can still be reopened.
		if _, _, err := rules.Apply(author, answered, danchu.Change{Action: reopen, At: at(2027, 3, 31, 23, 0), Note: "Chưa xong"}); err != nil {
			t.Errorf("reopen on the last day: %v", err)
		}
	})

	t.Run("accepting gives the petition a handler and leaves the original alone", func(t *testing.T) {
		p := received(kDen)
		next, _ := must(t, chairman, p, danchu.Change{Action: accept, At: at(2027, 2, 1, 9, 0)})
		if next.HandlerID != chairmanID || p.Status != sReceived || p.HandlerID != 0 {
			t.Fatalf("next %+v, original %+v", next, p)
		}
	})

	t.Run("transfer and refuse end it", func(t *testing.T) {
		next, ev := must(t, chairman, received(kCom), danchu.Change{Action: transfer, TransferTo: " UBND huyện Hà Trung ", Note: "Không thuộc thẩm quyền"})
		if next.Status != sTransfer || next.TransferredTo != "UBND huyện Hà Trung" || ev.Internal {
			t.Fatalf("transfer: %+v %+v", next, ev)
		}
		next, ev = must(t, chairman, received(kRec), danchu.Change{Action: refuse, Note: "Đơn không có nội dung cụ thể"})
		if next.Status != sRefused || ev.Note != "Đơn không có nội dung cụ thể" {
			t.Fatalf("refuse: %+v %+v", next, ev)
		}
	})
}

func TestNewRating(t *testing.T) {
	answered := petition(kRec, sAnswered, officialAID)
	tests := []struct {
		name    string
		actor   danchu.Actor
		p       *danchu.Petition
		score   int
		comment string
		code    string
	}{
		{"the author rates 5", author, answered, 5, "", ""},
		{"the author rates 1 with a comment", author, answered, 1, "Chậm", ""},
		{"a score of 0", author, answered, 0, "", danchu.EINVALID},
		{"a score of 6", author, answered, 6, "", danchu.EINVALID},
		{"a comment too long", author, answered, 3, strings.Repeat("á", danchu.MaxRatingComment+1), danchu.EINVALID},
		{"someone else", other, answered, 5, "", danchu.EFORBIDDEN},
		{"the handler", officialA, answered, 5, "", danchu.EFORBIDDEN},
		{"twice", author, petition(kRec, sAnswered, officialAID, rated), 5, "", danchu.EFORBIDDEN},
		{"before the answer", author, petition(kRec, sProgress, officialAID), 5, "", danchu.EFORBIDDEN},
	}
	for _, tt := range tests {
		_, err := danchu.NewRating(tt.actor, tt.p, tt.score, tt.comment, at(2027, 3, 1, 9, 0))
		if danchu.ErrorCode(err) != tt.code {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.code)
		}
	}
}
