package account

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"danchu/flows"
)

// flowMyData is /du_lieu, "my data": everything held about the person, as a
// message and a JSON file, and the withdrawal of consent with deletion
// (LAW.md, "Personal data"). Its buttons start with "data:".
const flowMyData = "data"

type myDataState string

const dataConfirmDelete myDataState = "confirm_delete" // the consequences are shown

// MyDataFileName is the name of the exported file.
const MyDataFileName = "du-lieu-cua-toi.json"

// activityOrder places the summary's line of activity among the records'
// lines: after those with a lower Order.
const activityOrder = 95

const msgMyDataActivity flows.Msg = "mydata.activity"

func (a *Area) showMyData(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	r := t.Resident
	consents, err := a.Consents.ConsentsOf(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: consents of resident: %w", err)
	}
	records, err := t.Records(ctx, r)
	if err != nil {
		return nil, err
	}
	audit, err := a.Audit.AuditOf(ctx, flows.ResidentSubject(r.ID))
	if err != nil {
		return nil, fmt.Errorf("flows: audit of resident: %w", err)
	}
	fields := flows.Fields{
		{Key: "exported_at", Value: t.Now().UTC()}, // as the stores' times
		{Key: "unit", Value: a.Settings.Unit.Committee},
		{Key: "resident", Value: r},
		{Key: "roles", Value: flows.NonNil(t.Roles)},
		{Key: "consents", Value: flows.NonNil(consents)},
		{Key: "audit", Value: flows.NonNil(audit)},
	}
	for _, rec := range records {
		fields = append(fields, flows.Field{Key: rec.Key, Value: rec.Value})
	}
	file, err := json.MarshalIndent(fields, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("flows: encode my data: %w", err)
	}
	if err := a.audit(ctx, r.ID, "resident.export", flows.ResidentSubject(r.ID), ""); err != nil {
		return nil, err
	}

	var b strings.Builder
	b.WriteString(t.T(msgMyDataProfile, map[string]any{
		"Name":          r.FullName,
		"Phone":         r.Phone,
		"Neighbourhood": r.Neighbourhood,
		"LevelTitle":    flows.UpperFirst(a.Settings.Unit.NeighbourhoodLevel),
		"Language":      a.languageName(t.Lang()),
		"Created":       a.DateTime(r.CreatedAt),
		"Updated":       a.DateTime(r.UpdatedAt),
		"Roles":         a.rolesLine(t),
	}))
	b.WriteString("\n\n" + t.T(msgMyDataConsents, nil))
	for _, c := range consents {
		line := t.T(msgMyDataConsent, map[string]any{"Version": c.Version, "At": a.DateTime(c.GivenAt)})
		if c.WithdrawnAt != nil {
			line += " " + t.T(msgMyDataConsentWithdrawn, map[string]any{"At": a.DateTime(*c.WithdrawnAt)})
		}
		b.WriteString("\n" + line)
	}
	b.WriteString("\n\n" + recordsText(t, records))
	b.WriteString("\n\n" + t.T(msgMyDataRights, nil))
	return []flows.Reply{
		{Text: b.String(), Buttons: [][]flows.Button{{{Text: t.T(msgMyDataDelete, nil), Data: "data:del"}}}},
		{Text: t.T(msgMyDataFile, nil), Document: &flows.Attachment{FileName: MyDataFileName, Data: file}},
	}, nil
}

// recordsText says in a few lines what the file holds besides the profile:
// each area's lines, and one line of activity with the counts of them all.
func recordsText(t *flows.Turn, records []flows.Record) string {
	var lines []string
	activity := map[string]any{"Answers": 0, "Questions": 0, "Supports": 0, "Comments": 0, "Bookings": 0, "Disclosure": 0}
	activityDone := false
	for _, rec := range records {
		if rec.Order > activityOrder && !activityDone {
			lines, activityDone = append(lines, "", t.T(msgMyDataActivity, activity)), true
		}
		lines = append(lines, rec.Lines...)
		for k, n := range rec.Counts {
			activity[k] = n
		}
	}
	if !activityDone {
		lines = append(lines, "", t.T(msgMyDataActivity, activity))
	}
	return strings.Join(lines, "\n")
}

// myDataButton handles "data:..." buttons: the deletion asks first and acts
// only on the answer to that question.
func (a *Area) myDataButton(ctx context.Context, t *flows.Turn, rest string) ([]flows.Reply, error) {
	confirming := t.Session.Flow == flowMyData && myDataState(t.Session.State) == dataConfirmDelete
	switch {
	case rest == "del":
		t.Begin(flowMyData, string(dataConfirmDelete))
		return []flows.Reply{a.deleteQuestion(t, msgDeleteExplain)}, nil
	case rest == "del:ok" && confirming:
		return a.deleteMyData(ctx, t)
	case rest == "del:no" && confirming:
		t.Leave()
		return []flows.Reply{{Edit: true, Text: t.T(msgDeleteKept, nil)}}, nil
	}
	return t.InvalidButton(), nil
}

// myDataStep answers a message while the deletion question is open.
func (a *Area) myDataStep(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if myDataState(t.Session.State) == dataConfirmDelete {
		return []flows.Reply{a.deleteQuestion(t, msgDeleteHint)}, nil
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}

func (a *Area) deleteQuestion(t *flows.Turn, id flows.Msg) flows.Reply {
	return flows.Reply{
		Text: t.T(id, map[string]any{"Keep": a.Settings.PersonalData.KeepAfterDeletion}),
		Buttons: [][]flows.Button{
			{{Text: t.T(msgDeleteYes, nil), Data: "data:del:ok"}},
			{{Text: t.T(msgDeleteNo, nil), Data: "data:del:no"}},
		},
	}
}

// deleteMyData withdraws the consents and deletes the profile. The audit row
// keeps only the resident's number.
func (a *Area) deleteMyData(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	id := t.Resident.ID
	if err := a.Consents.WithdrawConsents(ctx, id, t.Now()); err != nil {
		return nil, fmt.Errorf("flows: withdraw consents: %w", err)
	}
	if err := a.Residents.DeleteResident(ctx, id); err != nil {
		return nil, fmt.Errorf("flows: delete resident: %w", err)
	}
	if err := a.audit(ctx, id, "resident.delete", flows.ResidentSubject(id), "consent withdrawn, profile deleted at the resident's request"); err != nil {
		return nil, err
	}
	replies := []flows.Reply{
		{Edit: true, Text: t.T(msgDeleteDone, nil)},
		{Text: t.T(msgDeleteGoodbye, nil), RemoveKeyboard: true},
	}
	t.Resident, t.Roles = nil, nil
	t.Leave()
	t.DropSession()
	return replies, nil
}
