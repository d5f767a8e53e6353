package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"danchu"
)

// flowMyData is /du_lieu, "my data": everything held about the person, as a
// message and a JSON file, and the withdrawal of consent with deletion
// (LAW.md, "Personal data"). Its buttons start with "data:".
const flowMyData = "data"

type myDataState string

const dataConfirmDelete myDataState = "confirm_delete" // the consequences are shown

// MyDataFileName is the name of the exported file.
const MyDataFileName = "du-lieu-cua-toi.json"

// myDataExport is the JSON file: every record about the person.
type myDataExport struct {
	ExportedAt time.Time           `json:"exported_at"`
	Unit       string              `json:"unit"`
	Resident   *danchu.Resident    `json:"resident"`
	Roles      []danchu.RoleGrant  `json:"roles"`
	Consents   []danchu.Consent    `json:"consents"`
	Audit      []danchu.AuditEntry `json:"audit"`
	*myRecords
}

func (e *Engine) showMyData(ctx context.Context, t *Turn) ([]Reply, error) {
	r := t.Resident
	consents, err := e.Consents.ConsentsOf(ctx, r.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: consents of resident: %w", err)
	}
	records, err := e.collectRecords(ctx, t.Lang(), r)
	if err != nil {
		return nil, err
	}
	audit, err := e.Audit.AuditOf(ctx, residentSubject(r.ID))
	if err != nil {
		return nil, fmt.Errorf("flows: audit of resident: %w", err)
	}
	file, err := json.MarshalIndent(myDataExport{
		ExportedAt: t.Now().UTC(), // as the stores' times
		Unit:       e.Settings.Unit.Committee,
		Resident:   r,
		Roles:      nonNil(t.Roles),
		Consents:   nonNil(consents),
		Audit:      nonNil(audit),
		myRecords:  records,
	}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("flows: encode my data: %w", err)
	}
	if err := e.audit(ctx, r.ID, "resident.export", residentSubject(r.ID), ""); err != nil {
		return nil, err
	}

	var b strings.Builder
	b.WriteString(t.T(msgMyDataProfile, map[string]any{
		"Name":          r.FullName,
		"Phone":         r.Phone,
		"Neighbourhood": r.Neighbourhood,
		"LevelTitle":    upperFirst(e.Settings.Unit.NeighbourhoodLevel),
		"Language":      languageName(t.Lang()),
		"Created":       e.dateTime(r.CreatedAt),
		"Updated":       e.dateTime(r.UpdatedAt),
		"Roles":         e.rolesLine(t),
	}))
	b.WriteString("\n\n" + t.T(msgMyDataConsents, nil))
	for _, c := range consents {
		line := t.T(msgMyDataConsent, map[string]any{"Version": c.Version, "At": e.dateTime(c.GivenAt)})
		if c.WithdrawnAt != nil {
			line += " " + t.T(msgMyDataConsentWithdrawn, map[string]any{"At": e.dateTime(*c.WithdrawnAt)})
		}
		b.WriteString("\n" + line)
	}
	held, err := e.recordsText(ctx, t, records)
	if err != nil {
		return nil, err
	}
	b.WriteString("\n\n" + held)
	b.WriteString("\n\n" + t.T(msgMyDataRights, nil))
	return []Reply{
		{Text: b.String(), Buttons: [][]Button{{{Text: t.T(msgMyDataDelete, nil), Data: "data:del"}}}},
		{Text: t.T(msgMyDataFile, nil), Document: &Attachment{FileName: MyDataFileName, Data: file}},
	}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// myDataButton handles "data:..." buttons: the deletion asks first and acts
// only on the answer to that question.
func (e *Engine) myDataButton(ctx context.Context, t *Turn, rest string) ([]Reply, error) {
	confirming := t.Session.Flow == flowMyData && myDataState(t.Session.State) == dataConfirmDelete
	switch {
	case rest == "del":
		t.Begin(flowMyData, string(dataConfirmDelete))
		return []Reply{e.deleteQuestion(t, msgDeleteExplain)}, nil
	case rest == "del:ok" && confirming:
		return e.deleteMyData(ctx, t)
	case rest == "del:no" && confirming:
		t.Leave()
		return []Reply{{Edit: true, Text: t.T(msgDeleteKept, nil)}}, nil
	}
	return e.invalidButton(t), nil
}

// myDataStep answers a message while the deletion question is open.
func (e *Engine) myDataStep(_ context.Context, t *Turn) ([]Reply, error) {
	if myDataState(t.Session.State) == dataConfirmDelete {
		return []Reply{e.deleteQuestion(t, msgDeleteHint)}, nil
	}
	t.Leave()
	return []Reply{t.WithMenu(msgHintMenu, nil)}, nil
}

func (e *Engine) deleteQuestion(t *Turn, id msg) Reply {
	return Reply{
		Text: t.T(id, map[string]any{"Keep": e.Settings.PersonalData.KeepAfterDeletion}),
		Buttons: [][]Button{
			{{Text: t.T(msgDeleteYes, nil), Data: "data:del:ok"}},
			{{Text: t.T(msgDeleteNo, nil), Data: "data:del:no"}},
		},
	}
}

// deleteMyData withdraws the consents and deletes the profile. The audit row
// keeps only the resident's number.
func (e *Engine) deleteMyData(ctx context.Context, t *Turn) ([]Reply, error) {
	id := t.Resident.ID
	if err := e.Consents.WithdrawConsents(ctx, id, t.Now()); err != nil {
		return nil, fmt.Errorf("flows: withdraw consents: %w", err)
	}
	if err := e.Residents.DeleteResident(ctx, id); err != nil {
		return nil, fmt.Errorf("flows: delete resident: %w", err)
	}
	if err := e.audit(ctx, id, "resident.delete", residentSubject(id), "consent withdrawn, profile deleted at the resident's request"); err != nil {
		return nil, err
	}
	replies := []Reply{
		{Edit: true, Text: t.T(msgDeleteDone, nil)},
		{Text: t.T(msgDeleteGoodbye, nil), RemoveKeyboard: true},
	}
	t.Resident, t.Roles = nil, nil
	t.Leave()
	t.dropSession = true
	return replies, nil
}
