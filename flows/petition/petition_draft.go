package petition

import (
	"context"
	"encoding/json"
	"fmt"

	"danchu/flows"

	"danchu"
)

// petState is where the intake is. The order of the questions is draft.next:
// a part answered is not asked again, so "Sửa" on the review only clears
// the part and the intake comes back to the review after it.
type petState string

const (
	petChoose   petState = "choose"   // a draft exists: continue or start again
	petKind     petState = "kind"     // the triage question
	petNotice   petState = "notice"   // tố cáo: the legal notice, before anything is written
	petAddress  petState = "address"  // khiếu nại, tố cáo: the author's address
	petIdentity petState = "identity" // khiếu nại, tố cáo: name, address, phone to confirm
	petIdName   petState = "id_name"  // correcting the name of the identity
	petIdPhone  petState = "id_phone" // correcting the phone of the identity
	petField    petState = "field"
	petSubject  petState = "subject" // khiếu nại: the decision or act complained about
	petLearned  petState = "learned" // khiếu nại: the day the author learned of it
	petRequest  petState = "request" // khiếu nại: what the author asks for
	petContent  petState = "content" // several messages until "Xong"
	petAttach   petState = "attach"  // photos, documents, locations until "Xong"
	petAnon     petState = "anon"    // kiến nghị, phản ánh: anonymous or named
	petPlace    petState = "place"   // correcting the neighbourhood from the review
	petReview   petState = "review"
	petDup      petState = "dup" // a near duplicate was found: file anyway?
)

// keyDraft holds the draft's JSON in Session.Data.
const keyDraft = "d"

// draft is a petition being written. It is kept in the session and, at every
// step, in the DraftService, so it survives a restart of the program even
// when sessions live in memory.
type draft struct {
	State petState    `json:"state"`
	Kind  danchu.Kind `json:"kind,omitempty"`

	NoticeOK   bool   `json:"notice_ok,omitempty"` // tố cáo: the legal notice was read
	Name       string `json:"name,omitempty"`      // the identity of a khiếu nại or tố cáo
	Address    string `json:"address,omitempty"`
	Phone      string `json:"phone,omitempty"`
	IdentityOK bool   `json:"identity_ok,omitempty"`

	Field         string `json:"field,omitempty"`
	Neighbourhood string `json:"neighbourhood,omitempty"`

	Subject string `json:"subject,omitempty"`
	Learned string `json:"learned,omitempty"` // dd/mm/yyyy, checked
	Request string `json:"request,omitempty"`

	Content     string              `json:"content,omitempty"`
	ContentDone bool                `json:"content_done,omitempty"`
	Attachments []danchu.Attachment `json:"attachments,omitempty"`
	AttachDone  bool                `json:"attach_done,omitempty"`
	AnonChosen  bool                `json:"anon_chosen,omitempty"`
	Anonymous   bool                `json:"anonymous,omitempty"`

	// DupOK: the author files a near duplicate knowingly; DupNumber and
	// DupAt name the earlier petition while the question is open.
	DupOK     bool   `json:"dup_ok,omitempty"`
	DupNumber string `json:"dup_number,omitempty"`
	DupAt     string `json:"dup_at,omitempty"`
}

// next is the first question not answered yet, or the review.
func (d *draft) next() petState {
	complaint := d.Kind == danchu.KindComplaint
	switch {
	case !d.Kind.Valid():
		return petKind
	case d.Kind == danchu.KindDenunciation && !d.NoticeOK:
		return petNotice
	case d.Kind.NeedsIdentity() && d.Address == "":
		return petAddress
	case d.Kind.NeedsIdentity() && !d.IdentityOK:
		return petIdentity
	case d.Field == "":
		return petField
	case complaint && d.Subject == "":
		return petSubject
	case complaint && d.Learned == "":
		return petLearned
	case complaint && d.Request == "":
		return petRequest
	case !d.ContentDone:
		return petContent
	case !d.AttachDone:
		return petAttach
	case d.Kind.MayBeAnonymous() && !d.AnonChosen:
		return petAnon
	}
	return petReview
}

// setKind chooses the kind, keeping what was written; what the new kind asks
// more is asked next.
func (d *draft) setKind(k danchu.Kind) {
	if d.Kind != k {
		d.NoticeOK = false
		d.AnonChosen, d.Anonymous = false, false
		d.DupOK = false
	}
	d.Kind = k
}

// loadDraft reads the draft of the session.
func loadDraft(t *flows.Turn) (*draft, bool) {
	raw := t.Get(keyDraft)
	if raw == "" {
		return nil, false
	}
	var d draft
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		return nil, false
	}
	return &d, true
}

// keepDraft saves d in the session and, once a kind is chosen, in the
// DraftService.
func (a *Area) keepDraft(ctx context.Context, t *flows.Turn, d *draft) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("flows: encode draft: %w", err)
	}
	if t.Session.Flow != flowPetition {
		t.Begin(flowPetition, string(d.State))
	}
	t.Session.State = string(d.State)
	t.Set(keyDraft, string(raw))
	if !d.Kind.Valid() {
		return nil // nothing written yet: not a draft to keep or remind of
	}
	err = a.Drafts.SaveDraft(ctx, &danchu.Draft{ResidentID: t.Resident.ID, ChatID: t.In.ChatID,
		Flow: draftFlow, Data: raw, UpdatedAt: t.Now()})
	if err != nil {
		return fmt.Errorf("flows: save draft: %w", err)
	}
	return nil
}

// storedDraft reads the resident's draft from the DraftService; ok is false
// when there is none (or it cannot be read, which counts as none).
func (a *Area) storedDraft(ctx context.Context, residentID int64) (*draft, *danchu.Draft, bool, error) {
	sd, err := a.Drafts.FindDraft(ctx, residentID, draftFlow)
	if flows.IsNotFound(err) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("flows: find draft: %w", err)
	}
	var d draft
	if err := json.Unmarshal(sd.Data, &d); err != nil {
		return nil, nil, false, nil
	}
	return &d, sd, true, nil
}

// dropDraft forgets the resident's draft.
func (a *Area) dropDraft(ctx context.Context, t *flows.Turn) error {
	if t.Resident == nil || a.Drafts == nil {
		return nil
	}
	if err := a.Drafts.DeleteDraft(ctx, t.Resident.ID, draftFlow); err != nil {
		return fmt.Errorf("flows: delete draft: %w", err)
	}
	return nil
}
