package scheduler

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"danchu"
)

// PetitionDueJobName is the petition due dates' key in the settings' jobs.
const PetitionDueJobName = "petition_due"

// maxLines keeps a list message well under Telegram's 4096 characters.
const maxLines = 30

// PetitionDue tells, each working morning, each handler of their petitions
// due within two working days and of their overdue ones, and the chairman of
// every overdue petition (LAW.md, "Petitions"). A petition still not
// accepted after its acceptance due date is flagged. Days that are not
// working days (Calendar.IsWorkingDay) send nothing. Messages name
// petitions by number, kind and field, never their authors.
type PetitionDue struct {
	Settings  *danchu.Settings
	Calendar  *danchu.Calendar // danchu.NewCalendar(Settings) when nil
	Petitions danchu.PetitionService
	People    People
}

// Name is PetitionDueJobName.
func (j *PetitionDue) Name() string { return PetitionDueJobName }

func (j *PetitionDue) calendar() *danchu.Calendar {
	if j.Calendar == nil {
		j.Calendar = danchu.NewCalendar(j.Settings)
	}
	return j.Calendar
}

// Run sends the lists of the morning of r.Planned.
func (j *PetitionDue) Run(ctx context.Context, r Run) ([]*danchu.OutboxMessage, error) {
	cal := j.calendar()
	if !cal.IsWorkingDay(r.Planned) {
		return nil, nil
	}
	// Due "within two working days": by the end of the second working day
	// after today.
	horizon := cal.AddWorkingDays(r.Planned, 2).AddDate(0, 0, 1)
	list, _, err := j.Petitions.ListPetitions(ctx, danchu.PetitionFilter{DueBefore: horizon})
	if err != nil {
		return nil, fmt.Errorf("scheduler: petitions due: %w", err)
	}
	slices.SortFunc(list, func(a, b *danchu.Petition) int {
		return cmpOr(a.Due().Compare(b.Due()), a.Number, b.Number)
	})
	byHandler := map[int64][]*danchu.Petition{}
	var handlers []int64
	var overdue []*danchu.Petition
	for _, p := range list {
		if p.Overdue(r.Now) {
			overdue = append(overdue, p)
		}
		if p.HandlerID == 0 {
			continue
		}
		if _, ok := byHandler[p.HandlerID]; !ok {
			handlers = append(handlers, p.HandlerID)
		}
		byHandler[p.HandlerID] = append(byHandler[p.HandlerID], p)
	}
	slices.Sort(handlers)

	var out []*danchu.OutboxMessage
	for _, h := range handlers {
		res, err := j.People.reachable(ctx, h)
		if err != nil {
			return nil, err
		}
		if res != nil {
			out = append(out, message(r, res, "petition.due", "handler", j.handlerText(res.Language, r, byHandler[h]), nil))
		}
	}
	if len(overdue) == 0 {
		return out, nil
	}
	chairmen, err := j.People.withRoles(ctx, danchu.RoleChairman)
	if err != nil {
		return nil, err
	}
	for _, id := range chairmen {
		res, err := j.People.reachable(ctx, id)
		if err != nil {
			return nil, err
		}
		if res == nil {
			continue
		}
		body, err := j.chairmanText(ctx, res.Language, r, overdue)
		if err != nil {
			return nil, err
		}
		out = append(out, message(r, res, "petition.overdue", "overdue", body, nil))
	}
	return out, nil
}

func (j *PetitionDue) handlerText(lang string, r Run, ps []*danchu.Petition) string {
	x := texts{j.Settings}
	var late, soon []*danchu.Petition
	for _, p := range ps {
		if p.Overdue(r.Now) {
			late = append(late, p)
		} else {
			soon = append(soon, p)
		}
	}
	var b strings.Builder
	b.WriteString(x.t(lang, txtDueHandler, map[string]any{
		"Date": danchu.Date(r.Planned, j.Settings.Location()), "Overdue": len(late), "Soon": len(soon)}))
	budget := maxLines
	section := func(title text, list []*danchu.Petition) {
		if len(list) == 0 {
			return
		}
		b.WriteString("\n\n" + x.t(lang, title, nil))
		for i, p := range list {
			if budget == 0 {
				b.WriteString("\n" + x.t(lang, txtDueMore, map[string]any{"Count": len(list) - i}))
				return
			}
			budget--
			b.WriteString("\n" + j.line(lang, r, p))
		}
	}
	section(txtDueSectionOverdue, late)
	section(txtDueSectionSoon, soon)
	b.WriteString("\n\n" + x.t(lang, txtDueFooter, nil))
	return b.String()
}

func (j *PetitionDue) chairmanText(ctx context.Context, lang string, r Run, overdue []*danchu.Petition) (string, error) {
	x := texts{j.Settings}
	var b strings.Builder
	b.WriteString(x.t(lang, txtDueChairman, map[string]any{
		"Date": danchu.Date(r.Planned, j.Settings.Location()), "Count": len(overdue)}))
	b.WriteString("\n")
	names := map[int64]string{}
	for i, p := range overdue {
		if i == maxLines {
			b.WriteString("\n" + x.t(lang, txtDueMore, map[string]any{"Count": len(overdue) - i}))
			break
		}
		line := j.line(lang, r, p)
		if p.HandlerID == 0 {
			line += x.t(lang, txtDueUnassigned, nil)
		} else {
			name, ok := names[p.HandlerID]
			if !ok {
				res, err := j.People.reachable(ctx, p.HandlerID)
				if err != nil {
					return "", err
				}
				if res != nil {
					name = res.FullName
				}
				names[p.HandlerID] = name
			}
			if name != "" {
				line += x.t(lang, txtDueHandlerName, map[string]any{"Name": name})
			}
		}
		b.WriteString("\n" + line)
	}
	b.WriteString("\n\n" + x.t(lang, txtDueFooter, nil))
	return b.String(), nil
}

// line is one petition: number, kind, field, the step due and when; how
// late; and the flag of an acceptance not made in time.
func (j *PetitionDue) line(lang string, r Run, p *danchu.Petition) string {
	x := texts{j.Settings}
	loc := j.Settings.Location()
	id := txtDueLineResolve
	if p.Status == danchu.StatusReceived {
		id = txtDueLineAccept
	}
	s := x.t(lang, id, map[string]any{"Number": p.Number, "Kind": kindName(lang, p.Kind), "Field": p.Field,
		"Due": danchu.Date(p.Due(), loc)})
	if p.Overdue(r.Now) {
		if days := daysBetween(dayOf(p.Due(), loc), dayOf(r.Now, loc)); days > 0 {
			s += x.t(lang, txtDueLate, map[string]any{"Days": days})
		}
		if p.Status == danchu.StatusReceived {
			s += x.t(lang, txtDueNotAccepted, nil)
		}
	}
	return s
}

// cmpOr orders by c, then by the two strings.
func cmpOr(c int, a, b string) int {
	if c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
