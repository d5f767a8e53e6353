package flows

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	"danchu"
)

// intakeFix goes back to one part from the review; the review follows its
// answer, as every other part is answered already.
func (e *Engine) intakeFix(ctx context.Context, t *Turn, d *draft, part string) ([]Reply, error) {
	review := e.edit(Reply{Text: e.reviewText(t, d)})
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
		return e.invalidButton(t), nil
	}
	if d.State == "" {
		d.State = d.next()
	}
	return e.stay(ctx, t, d, review)
}

// intakeSend files the petition: the daily limit and the near-duplicate
// question first, then CreatePetition, which numbers it and chains its
// receipt. The resident gets the receipt; the chairman a notice of a new
// khiếu nại or tố cáo.
func (e *Engine) intakeSend(ctx context.Context, t *Turn, d *draft) ([]Reply, error) {
	if !slices.Contains(e.Settings.Fields, d.Field) {
		d.Field = "" // the settings changed while the draft waited
	}
	if _, ok := e.Settings.NeighbourhoodByName(d.Neighbourhood); !ok {
		d.Neighbourhood = ""
	}
	if next := d.next(); next != petReview {
		d.State = next
		return e.stay(ctx, t, d)
	}
	if replies, err := e.dailyLimitReplies(ctx, t); replies != nil || err != nil {
		if err == nil {
			t.Leave() // the draft stays stored for tomorrow
			replies = append([]Reply{e.edit(Reply{Text: e.reviewText(t, d)})}, replies...)
		}
		return replies, err
	}
	if !d.DupOK {
		earlier, err := e.nearDuplicate(ctx, t, d)
		if err != nil {
			return nil, err
		}
		if earlier != nil {
			d.State, d.DupNumber, d.DupAt = petDup, earlier.Number, e.dateTime(earlier.ReceivedAt)
			return e.stay(ctx, t, d, e.edit(Reply{Text: e.reviewText(t, d)}))
		}
	}
	p, id := e.petitionOf(t, d)
	if err := p.Validate(e.Settings, id); err != nil {
		return nil, fmt.Errorf("flows: petition draft: %w", err)
	}
	receipt, err := e.Petitions.CreatePetition(ctx, p, id)
	if err != nil {
		return nil, fmt.Errorf("flows: file petition: %w", err)
	}
	review := e.reviewText(t, d)
	if err := e.dropDraft(ctx, t); err != nil {
		return nil, err
	}
	t.Leave()
	if err := e.notifyNewPetition(ctx, p); err != nil {
		return nil, err
	}
	return []Reply{
		e.edit(Reply{Text: review + "\n\n" + t.T(msgPetSent, nil)}),
		{Text: e.receiptText(t, p, receipt), Keyboard: t.Menu()},
	}, nil
}

// petitionOf builds the petition and the identity to file from the draft.
// A named kiến nghị or phản ánh keeps the name and phone of the profile, so
// that its handler can reach the author; an anonymous one keeps nothing.
func (e *Engine) petitionOf(t *Turn, d *draft) (*danchu.Petition, *danchu.Identity) {
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
		Year:          now.In(e.Settings.Location()).Year(),
	}
	if d.Kind == danchu.KindComplaint {
		p.Subject, p.Request = d.Subject, d.Request
		if day, ok := parseDay(d.Learned, e.Settings.Location()); ok {
			p.LearnedAt = &day
		}
	}
	e.calendar().SetDues(e.Settings, p)
	switch {
	case d.Kind.NeedsIdentity():
		return p, &danchu.Identity{FullName: d.Name, Address: d.Address, Phone: d.Phone}
	case p.Anonymous:
		return p, nil
	}
	return p, &danchu.Identity{FullName: t.Resident.FullName, Phone: t.Resident.Phone}
}

func (e *Engine) receiptText(t *Turn, p *danchu.Petition, r *danchu.Receipt) string {
	text := t.T(msgPetReceipt, map[string]any{
		"Number":     r.Number,
		"At":         e.dateTime(r.ReceivedAt),
		"Kind":       upperFirst(e.kindName(t.Lang(), r.Kind)),
		"AcceptDue":  e.date(r.AcceptDue),
		"ResolveDue": e.date(r.ResolveDue),
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

var dayPattern = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)

// parseDay reads a day typed as dd/mm/yyyy (or d/m/yyyy, with dots or
// dashes) as its midnight in loc.
func parseDay(s string, loc *time.Location) (time.Time, bool) {
	m := dayPattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
	if t.Day() != day || int(t.Month()) != month || year < 1900 {
		return time.Time{}, false
	}
	return t, true
}
