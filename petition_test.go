package danchu_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"danchu"
)

// The lifecycle, every pair of statuses: the allowed moves, and no other.
func TestLifecycleTransitions(t *testing.T) {
	allowed := map[danchu.Status][]danchu.Status{
		sReceived: {sAccepted, sRefused, sTransfer, sWithdraw},
		sAccepted: {sProgress, sAnswered, sTransfer, sWithdraw},
		sProgress: {sAnswered, sWithdraw},
		sAnswered: {sClosed, sProgress}, // closed, or reopened by the author
		sClosed:   {sProgress},          // reopened within the window
		sRefused:  nil,
		sTransfer: nil,
		sWithdraw: nil,
	}
	for _, from := range danchu.Statuses {
		for _, to := range danchu.Statuses {
			want := false
			for _, s := range allowed[from] {
				want = want || s == to
			}
			if got := danchu.CanTransition(from, to); got != want {
				t.Errorf("%s → %s: %v, want %v", from, to, got, want)
			}
		}
	}
	if len(allowed) != len(danchu.Statuses) {
		t.Fatal("the specification must cover every status")
	}
}

func TestKindsAndStatusesHaveNames(t *testing.T) {
	want := map[danchu.Kind]string{kRec: "kiến nghị", kRep: "phản ánh", kCom: "khiếu nại", kDen: "tố cáo"}
	for _, k := range danchu.Kinds {
		if !k.Valid() || k.Label() != want[k] || k.LabelEN() == "" {
			t.Errorf("kind %q: valid %v, label %q", k, k.Valid(), k.Label())
		}
	}
	for _, s := range danchu.Statuses {
		if !s.Valid() || s.Label() == "" || s.LabelEN() == "" {
			t.Errorf("status %q has no name", s)
		}
		if s.Pending() && s.Final() {
			t.Errorf("status %q cannot be both pending and final", s)
		}
	}
	if danchu.Kind("petition").Valid() || danchu.Status("lost").Valid() {
		t.Error("unknown values must not be valid")
	}
	if !kRec.MayBeAnonymous() || !kRep.MayBeAnonymous() || kCom.MayBeAnonymous() || kDen.MayBeAnonymous() {
		t.Error("only kiến nghị and phản ánh may be anonymous")
	}
	if kRec.NeedsIdentity() || !kCom.NeedsIdentity() || !kDen.NeedsIdentity() {
		t.Error("khiếu nại and tố cáo need the author's identity")
	}
}

func TestDueAndOverdue(t *testing.T) {
	p := &danchu.Petition{Status: sReceived, AcceptDue: end(2027, 2, 12), ResolveDue: end(2027, 3, 5)}
	if !p.Due().Equal(end(2027, 2, 12)) || p.Overdue(end(2027, 2, 12)) || !p.Overdue(at(2027, 2, 13, 0, 0)) {
		t.Errorf("received: due %s", p.Due())
	}
	p.Status = sProgress
	if !p.Due().Equal(end(2027, 3, 5)) || p.Overdue(at(2027, 2, 13, 0, 0)) {
		t.Errorf("in progress: due %s", p.Due())
	}
	p.Status = sAnswered
	if !p.Due().IsZero() || p.Overdue(at(2030, 1, 1, 0, 0)) {
		t.Error("an answered petition owes nothing")
	}
}

// MustComplaint is a valid complaint with its identity.
func MustComplaint(tb testing.TB) (*danchu.Petition, *danchu.Identity) {
	tb.Helper()
	learned := day(2027, 1, 10)
	p := &danchu.Petition{Kind: kCom, Field: "Đất đai", Neighbourhood: "Tiểu khu 3", ResidentID: authorID,
		Subject: "Quyết định thu hồi đất số 12/QĐ-UBND", LearnedAt: &learned, Request: "Hủy quyết định",
		Content: "Tôi không đồng ý với quyết định.", ReceivedAt: at(2027, 1, 26, 14, 0), Status: sReceived}
	id := &danchu.Identity{FullName: "Nguyễn Văn An", Address: "Tiểu khu 3, Hà Trung", Phone: "+84912345678"}
	return p, id
}

func TestValidateNewPetition(t *testing.T) {
	s := MustSettings(t, nil)
	if p, id := MustComplaint(t); p.Validate(s, id) != nil {
		t.Fatalf("a complete complaint: %v", p.Validate(s, id))
	}
	anonymousReport := &danchu.Petition{Kind: kRep, Field: "Môi trường", Anonymous: true, Content: "Rác thải ở đầu ngõ",
		Attachments: []danchu.Attachment{{Kind: danchu.AttachmentLocation, Lat: 20.0, Lon: 105.8}}}
	if err := anonymousReport.Validate(s, nil); err != nil {
		t.Fatalf("an anonymous report: %v", err)
	}
	tests := []struct {
		name string
		edit func(*danchu.Petition, **danchu.Identity)
	}{
		{"unknown kind", func(p *danchu.Petition, _ **danchu.Identity) { p.Kind = "question" }},
		{"unknown field", func(p *danchu.Petition, _ **danchu.Identity) { p.Field = "Thể thao" }},
		{"unknown neighbourhood", func(p *danchu.Petition, _ **danchu.Identity) { p.Neighbourhood = "Tiểu khu 99" }},
		{"no content", func(p *danchu.Petition, _ **danchu.Identity) { p.Content = " \n " }},
		{"an anonymous complaint", func(p *danchu.Petition, _ **danchu.Identity) { p.Anonymous = true }},
		{"a complaint without identity", func(_ *danchu.Petition, id **danchu.Identity) { *id = nil }},
		{"a complaint without phone", func(_ *danchu.Petition, id **danchu.Identity) { (*id).Phone = "" }},
		{"a complaint without subject", func(p *danchu.Petition, _ **danchu.Identity) { p.Subject = "" }},
		{"a complaint without learning date", func(p *danchu.Petition, _ **danchu.Identity) { p.LearnedAt = nil }},
		{"learned after filing", func(p *danchu.Petition, _ **danchu.Identity) { d := day(2027, 2, 1); p.LearnedAt = &d }},
		{"a complaint without request", func(p *danchu.Petition, _ **danchu.Identity) { p.Request = "" }},
		{"a denunciation without identity", func(p *danchu.Petition, id **danchu.Identity) { p.Kind = kDen; *id = nil }},
		{"an anonymous denunciation", func(p *danchu.Petition, _ **danchu.Identity) { p.Kind = kDen; p.Anonymous = true }},
		{"a photo without file", func(p *danchu.Petition, _ **danchu.Identity) {
			p.Attachments = []danchu.Attachment{{Kind: danchu.AttachmentPhoto}}
		}},
		{"a location off the map", func(p *danchu.Petition, _ **danchu.Identity) {
			p.Attachments = []danchu.Attachment{{Kind: danchu.AttachmentLocation, Lat: 120}}
		}},
		{"an unknown attachment", func(p *danchu.Petition, _ **danchu.Identity) {
			p.Attachments = []danchu.Attachment{{Kind: "video", FileID: "v"}}
		}},
	}
	for _, tt := range tests {
		p, id := MustComplaint(t)
		tt.edit(p, &id)
		if err := p.Validate(s, id); danchu.ErrorCode(err) != danchu.EINVALID {
			t.Errorf("%s: err %v, want EINVALID", tt.name, err)
		}
	}
}

// A stray log line or error never prints a denouncer's identity.
func TestIdentityIsRedactedInOutput(t *testing.T) {
	_, id := MustComplaint(t)
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("read", "identity", id, "value", *id)
	outputs := []string{
		fmt.Sprintf("%v %+v %s %#v %q", id, id, id, id, id),
		fmt.Sprintf("%v %+v", *id, *id),
		fmt.Sprintf("%+v", struct{ Who *danchu.Identity }{id}),
		logged.String(),
	}
	for _, out := range outputs {
		for _, secret := range []string{id.FullName, id.Phone, id.Address} {
			if strings.Contains(out, secret) {
				t.Errorf("%q leaks %q", out, secret)
			}
		}
	}
	// The store encrypts the JSON: it must carry the data.
	data, err := json.Marshal(id)
	if err != nil || !strings.Contains(string(data), id.Phone) {
		t.Fatalf("json: %s %v", data, err)
	}
	var back danchu.Identity
	if err := json.Unmarshal(data, &back); err != nil || back != *id {
		t.Fatalf("json round trip: %v", err)
	}
	if !id.Complete() || (&danchu.Identity{FullName: "A"}).Complete() || (*danchu.Identity)(nil).Complete() {
		t.Error("Complete needs a name, address and phone")
	}
}

func TestFilterMatch(t *testing.T) {
	p := &danchu.Petition{Kind: kRep, Status: sReceived, Field: "Môi trường", Neighbourhood: "Tiểu khu 2",
		ResidentID: authorID, HandlerID: 0, Year: 2027, ReceivedAt: at(2027, 2, 3, 9, 0), AcceptDue: end(2027, 2, 19)}
	tests := []struct {
		name string
		f    danchu.PetitionFilter
		want bool
	}{
		{"everything", danchu.PetitionFilter{}, true},
		{"new", danchu.PetitionFilter{Statuses: []danchu.Status{sReceived}}, true},
		{"answered", danchu.PetitionFilter{Statuses: []danchu.Status{sAnswered, sClosed}}, false},
		{"kind", danchu.PetitionFilter{Kinds: []danchu.Kind{kRec, kRep}}, true},
		{"other kind", danchu.PetitionFilter{Kinds: []danchu.Kind{kCom}}, false},
		{"field", danchu.PetitionFilter{Fields: []string{"Môi trường"}}, true},
		{"other field", danchu.PetitionFilter{Fields: []string{"Đất đai"}}, false},
		{"neighbourhood", danchu.PetitionFilter{Neighbourhoods: []string{"Tiểu khu 1"}}, false},
		{"author", danchu.PetitionFilter{ResidentID: authorID}, true},
		{"other author", danchu.PetitionFilter{ResidentID: otherID}, false},
		{"unassigned", danchu.PetitionFilter{Handler: danchu.HandlerUnassigned}, true},
		{"handler", danchu.PetitionFilter{Handler: danchu.HandlerIs, HandlerID: officialAID}, false},
		{"handler or none", danchu.PetitionFilter{Handler: danchu.HandlerIsOrNone, HandlerID: officialAID}, true},
		{"due soon", danchu.PetitionFilter{DueBefore: at(2027, 2, 20, 0, 0)}, true},
		{"not due yet", danchu.PetitionFilter{DueBefore: at(2027, 2, 19, 12, 0)}, false},
		{"received today", danchu.PetitionFilter{ReceivedAfter: day(2027, 2, 3)}, true},
		{"received since", danchu.PetitionFilter{ReceivedAfter: at(2027, 2, 3, 9, 1)}, false},
		{"year", danchu.PetitionFilter{Year: 2026}, false},
	}
	for _, tt := range tests {
		if got := tt.f.Match(p); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.name, got, tt.want)
		}
	}
	answered := *p
	answered.Status = sAnswered
	if (danchu.PetitionFilter{DueBefore: at(2030, 1, 1, 0, 0)}).Match(&answered) {
		t.Error("an answered petition is never due")
	}
}

func TestRatingStats(t *testing.T) {
	if got := (danchu.RatingStats{}).Average(); got != 0 {
		t.Errorf("no ratings average %v", got)
	}
	if got := (danchu.RatingStats{Count: 4, Sum: 15}).Average(); got != 3.75 {
		t.Errorf("average %v, want 3.75", got)
	}
}

// The receipt of a freshly filed petition carries its due dates and the
// digest of what was sent.
func TestNewReceipt(t *testing.T) {
	s := MustSettings(t, nil)
	cal := danchu.NewCalendar(s)
	p, _ := MustComplaint(t)
	p.Year, p.Seq = 2027, 1
	p.Number = danchu.FormatNumber(s.Unit.Code, p.Year, p.Seq)
	cal.SetDues(s, p)
	r := danchu.NewReceipt(p, danchu.GenesisHash)
	// Received Tuesday 26/1/2027: accept by Friday 12/2 (day 10 is 29 Chạp);
	// resolved 30 days from 12/2, Sunday 14/3, so Monday 15/3.
	if r.Number != "HT-2027-000001" || !r.AcceptDue.Equal(end(2027, 2, 12)) || !r.ResolveDue.Equal(end(2027, 3, 15)) ||
		r.ContentDigest != danchu.ContentDigest(p) || r.ResidentID != authorID || r.Kind != kCom {
		t.Fatalf("receipt %+v", r)
	}
	if errs := danchu.VerifyChain(r); len(errs) != 0 {
		t.Fatalf("a one-receipt chain: %v", errs)
	}
	if got := cal.Format(r.AcceptDue); got != "12/02/2027" {
		t.Errorf("shown as %q", got)
	}
}
