package petition

import (
	"context"
	"fmt"
	"slices"
	"time"

	"danchu/flows"

	"danchu"
)

// intakeFix goes back to one part from the review; the review follows its
// answer, as every other part is answered already.
func (a *Area) intakeFix(ctx context.Context, t *flows.Turn, d *draft, part string) ([]flows.Reply, error) {
	review := a.Edit(flows.Reply{Text: a.reviewText(t, d)})
	d.State = ""
	switch {
	case part == "kind":
		d.State = petKind
	case part == "field":
		d.Field = ""
	case part == "place":
		d.State = petPlace
	case part == "content":
		d.Content, d.ContentDone = "", false
	case part == "att":
		d.Attachments, d.AttachDone = nil, false
	case part == "id" && d.Kind.NeedsIdentity():
		d.IdentityOK = false
	case part == "anon" && d.Kind.MayBeAnonymous():
		d.AnonChosen = false
	case part == "subject" && d.Kind == danchu.KindComplaint:
		d.Subject = ""
	case part == "learned" && d.Kind == danchu.KindComplaint:
		d.Learned = ""
	case part == "request" && d.Kind == danchu.KindComplaint:
		d.Request = ""
	default:
		return t.InvalidButton(), nil
	}
	if d.State == "" {
		d.State = d.next()
	}
	return a.stay(ctx, t, d, review)
}

// intakeSend files the petition: the daily limit and the near-duplicate
// question first, then CreatePetition, which numbers it and chains its
// receipt. The resident gets the receipt; the chairman a notice of a new
// khiếu nại or tố cáo.
func (a *Area) intakeSend(ctx context.Context, t *flows.Turn, d *draft) ([]flows.Reply, error) {
	if !slices.Contains(a.Settings.Fields, d.Field) {
		d.Field = "" // the settings changed while the draft waited
	}
	if _, ok := a.Settings.NeighbourhoodByName(d.Neighbourhood); !ok {
		d.Neighbourhood = ""
	}
	if next := d.next(); next != petReview {
		d.State = next
		return a.stay(ctx, t, d)
	}
	if replies, err := a.dailyLimitReplies(ctx, t); replies != nil || err != nil {
		if err == nil {
			t.Leave() // the draft stays stored for tomorrow
			replies = append([]flows.Reply{a.Edit(flows.Reply{Text: a.reviewText(t, d)})}, replies...)
		}
		return replies, err
	}
	if !d.DupOK {
		earlier, err := a.nearDuplicate(ctx, t, d)
		if err != nil {
			return nil, err
		}
		if earlier != nil {
			d.State, d.DupNumber, d.DupAt = petDup, earlier.Number, a.DateTime(earlier.ReceivedAt)
			return a.stay(ctx, t, d, a.Edit(flows.Reply{Text: a.reviewText(t, d)}))
		}
	}
	p, id := a.petitionOf(t, d)
	if err := p.Validate(a.Settings, id); err != nil {
		return nil, fmt.Errorf("flows: petition draft: %w", err)
	}
	receipt, err := a.Petitions.CreatePetition(ctx, p, id)
	if err != nil {
		return nil, fmt.Errorf("flows: file petition: %w", err)
	}
	review := a.reviewText(t, d)
	if err := a.dropDraft(ctx, t); err != nil {
		return nil, err
	}
	t.Leave()
	if err := a.notifyNewPetition(ctx, p); err != nil {
		return nil, err
	}
	return []flows.Reply{
		a.Edit(flows.Reply{Text: review + "\n\n" + t.T(msgPetSent, nil)}),
		{Text: a.receiptText(t, p, receipt), Keyboard: t.Menu()},
	}, nil
}

// petitionOf builds the petition and the identity to file from the draft.
// A named kiến nghị or phản ánh keeps the name and phone of the profile, so
// that its handler can reach the author; an anonymous one keeps nothing.
func (a *Area) petitionOf(t *flows.Turn, d *draft) (*danchu.Petition, *danchu.Identity) {
	now := t.Now().Truncate(time.Second)
	p := &danchu.Petition{
		Kind:          d.Kind,
		Field:         d.Field,
		Neighbourhood: d.Neighbourhood,
		ResidentID:    t.Resident.ID,
		Anonymous:     d.Anonymous && d.Kind.MayBeAnonymous(),
		Content:       d.Content,
		Attachments:   d.Attachments,
		Status:        danchu.StatusReceived,
		ReceivedAt:    now,
		Year:          now.In(a.Settings.Location()).Year(),
	}
	if d.Kind == danchu.KindComplaint {
		p.Subject, p.Request = d.Subject, d.Request
		if day, ok := flows.ParseDay(d.Learned, a.Settings.Location()); ok {
			p.LearnedAt = &day
		}
	}
	a.Calendar().SetDues(a.Settings, p)
	switch {
	case d.Kind.NeedsIdentity():
		return p, &danchu.Identity{FullName: d.Name, Address: d.Address, Phone: d.Phone}
	case p.Anonymous:
		return p, nil
	}
	return p, &danchu.Identity{FullName: t.Resident.FullName, Phone: t.Resident.Phone}
}

func (a *Area) receiptText(t *flows.Turn, p *danchu.Petition, r *danchu.Receipt) string {
	text := t.T(msgPetReceipt, map[string]any{
		"Number":     r.Number,
		"At":         a.DateTime(r.ReceivedAt),
		"Kind":       flows.UpperFirst(a.kindName(t.Lang(), r.Kind)),
		"AcceptDue":  a.Date(r.AcceptDue),
		"ResolveDue": a.Date(r.ResolveDue),
		"ShortHash":  shortHash(r.Hash),
		"Hash":       r.Hash,
	})
	switch {
	case p.Kind == danchu.KindDenunciation:
		text += "\n\n" + t.T(msgPetReceiptSecret, nil)
	case p.Anonymous:
		text += "\n\n" + t.T(msgPetReceiptAnonymous, nil)
	}
	return text
}
