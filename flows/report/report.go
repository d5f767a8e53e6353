package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// The report deadlines, flow "rpt":
//
//   - /bao_cao (chairman and officials): the deadlines, each with its state,
//     a "Đã nộp" button for each one the person may confirm, and for the
//     chairman a button that creates an ad hoc deadline: title, due day,
//     responsible officials picked from the list;
//   - "rpt:done:<key>:<period>", the button of the reminders the scheduler
//     sends: records who pressed it and when (audited), which stops the
//     reminders of that period.
//
// Button data is untrusted: every press loads the deadline again and checks
// ReportDeadline.MayConfirm, or the chairman's role.
const flowReport = "rpt"

// States of the ad hoc deadline being created.
const (
	rptStateTitle = "title"
	rptStateDue   = "due"
	rptStatePick  = "pick"
)

const (
	maxReportTitle = 200
	// reportListBack and reportListAhead bound the deadlines /bao_cao shows
	// besides the ad hoc ones still not submitted.
	reportListBack  = 30 * 24 * time.Hour
	reportListAhead = 366 * 24 * time.Hour
)

// reportRow is a deadline as /bao_cao shows it.
type reportRow struct {
	d   *danchu.ReportDeadline
	sub *danchu.ReportSubmission // nil: not submitted
}

func (r *Area) start(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	return r.list(ctx, t)
}

// list shows the deadlines around today, with their buttons.
func (r *Area) list(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	rows, err := r.deadlines(ctx, t.Now())
	if err != nil {
		return nil, err
	}
	lines := []string{t.T(msgRptHeader, nil)}
	if len(rows) == 0 {
		lines = append(lines, t.T(msgRptNone, nil))
	}
	var buttons [][]flows.Button
	actor := t.Actor()
	for _, row := range rows {
		lines = append(lines, r.line(ctx, t, row))
		if row.sub == nil && row.d.MayConfirm(actor) {
			buttons = append(buttons, []flows.Button{{Text: flows.Clip(t.T(msgRptButtonDone, map[string]any{"Value": r.title(t.Lang(), row.d)}), 60),
				Data: "rpt:done:" + row.d.Key + ":" + row.d.Period}})
		}
	}
	if actor.Has(danchu.RoleChairman) {
		buttons = append(buttons, []flows.Button{{Text: t.T(msgRptButtonNew, nil), Data: "rpt:new"}})
	}
	return []flows.Reply{{Text: strings.Join(lines, "\n"), Buttons: buttons}}, nil
}

// deadlines are the yearly ones due within reportListBack before now and
// reportListAhead after, and the ad hoc ones due then or still not
// submitted, by due day.
func (r *Area) deadlines(ctx context.Context, now time.Time) ([]reportRow, error) {
	s := r.Settings
	from, to := now.Add(-reportListBack), now.Add(reportListAhead)
	var all []*danchu.ReportDeadline
	for y := now.Year() - 1; y <= now.Year()+1; y++ {
		for _, d := range s.YearlyReportDeadlines(y) {
			if !d.Due.Before(from) && d.Due.Before(to) {
				all = append(all, &d)
			}
		}
	}
	adhoc, err := r.Deadlines.ReportDeadlines(ctx, now.AddDate(-1, 0, 0), to)
	if err != nil {
		return nil, fmt.Errorf("flows: report deadlines: %w", err)
	}
	var rows []reportRow
	for _, d := range append(all, adhoc...) {
		sub, err := r.Deadlines.FindReportSubmission(ctx, d.Key, d.Period)
		if flows.IsNotFound(err) {
			sub = nil
		} else if err != nil {
			return nil, fmt.Errorf("flows: report submission: %w", err)
		}
		if d.Key == danchu.ReportKeyAdHoc && d.Due.Before(from) && sub != nil {
			continue // long past and done
		}
		rows = append(rows, reportRow{d: d, sub: sub})
	}
	slices.SortStableFunc(rows, func(a, b reportRow) int { return a.d.Due.Compare(b.d.Due) })
	return rows, nil
}

func (r *Area) line(ctx context.Context, t *flows.Turn, row reportRow) string {
	e := r
	data := map[string]any{"Value": r.title(t.Lang(), row.d), "Deadline": e.Date(row.d.Due)}
	if row.sub != nil {
		data["Name"] = r.name(ctx, row.sub.ResidentID)
		data["At"] = e.DateTime(row.sub.SubmittedAt)
		return t.T(msgRptLineDone, data)
	}
	cal := e.Calendar()
	left := daysFromTo(cal.Day(t.Now()), cal.Day(row.d.Due))
	switch {
	case left > 0:
		data["Days"] = left
		return t.T(msgRptLineOpen, data)
	case left == 0:
		return t.T(msgRptLineToday, data)
	}
	data["Days"] = -left
	return t.T(msgRptLineOverdue, data)
}

// title is the deadline's title, with the year for a yearly one ("Báo cáo
// năm 2026"); the titles are the settings' own words in either language.
func (r *Area) title(_ string, d *danchu.ReportDeadline) string {
	if d.Key == danchu.ReportKeyAdHoc {
		return d.Title
	}
	return d.Title + " " + d.Period
}

// daysFromTo counts the calendar days from day a to day b, negative when b
// is before a.
func daysFromTo(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// name is a resident's name, or "?" when the profile is gone.
func (r *Area) name(ctx context.Context, id int64) string {
	res, err := r.Residents.FindResidentByID(ctx, id)
	if err != nil || res.FullName == "" {
		return "?"
	}
	return res.FullName
}

func (r *Area) button(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	_, rest, _ := strings.Cut(t.In.CallbackData, ":")
	args := strings.Split(rest, ":")
	switch {
	case args[0] == "done" && len(args) == 3:
		return r.done(ctx, t, args[1], args[2])
	case args[0] == "new" && len(args) == 1:
		return r.create(t)
	case args[0] == "p" && len(args) == 2:
		return r.pick(ctx, t, args[1])
	case args[0] == "all" && len(args) == 1:
		return r.pick(ctx, t, "")
	case args[0] == "save" && len(args) == 1:
		return r.save(ctx, t)
	case args[0] == "cancel" && len(args) == 1:
		if t.Session.Flow == flowReport {
			t.Leave()
		}
		return []flows.Reply{t.WithMenu(msgRptCancelled, nil)}, nil
	}
	return t.InvalidButton(), nil
}

// done records that the report was submitted, once: a later press hears who
// did it first.
func (r *Area) done(ctx context.Context, t *flows.Turn, key, period string) ([]flows.Reply, error) {
	d, err := danchu.FindReportDeadline(ctx, r.Settings, r.Deadlines, key, period)
	if flows.IsNotFound(err) {
		return t.InvalidButton(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: find report deadline: %w", err)
	}
	if !d.MayConfirm(t.Actor()) {
		return []flows.Reply{t.WithMenu(msgRptNotYours, nil)}, nil
	}
	sub, created, err := r.Deadlines.SubmitReport(ctx, danchu.ReportSubmission{Key: d.Key, Period: d.Period,
		ResidentID: t.Resident.ID, SubmittedAt: t.Now()})
	if err != nil {
		return nil, fmt.Errorf("flows: submit report: %w", err)
	}
	data := map[string]any{"Value": r.title(t.Lang(), d), "At": r.DateTime(sub.SubmittedAt)}
	if created {
		return []flows.Reply{t.WithMenu(msgRptDone, data)}, nil
	}
	data["Name"] = r.name(ctx, sub.ResidentID)
	return []flows.Reply{t.WithMenu(msgRptDoneBefore, data)}, nil
}

// create starts an ad hoc deadline: the chairman's only.
func (r *Area) create(t *flows.Turn) ([]flows.Reply, error) {
	if !t.Actor().Has(danchu.RoleChairman) {
		return []flows.Reply{t.WithMenu(msgRptChairmanOnly, nil)}, nil
	}
	t.Begin(flowReport, rptStateTitle)
	return []flows.Reply{t.Say(msgRptAskTitle, map[string]any{"Max": maxReportTitle})}, nil
}

// step takes the typed title and due day.
func (r *Area) step(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if !t.Actor().Has(danchu.RoleChairman) { // the role was revoked meanwhile
		t.Leave()
		return []flows.Reply{t.WithMenu(msgRptChairmanOnly, nil)}, nil
	}
	example := map[string]any{"Date": r.Date(t.Now().AddDate(0, 0, 14))}
	switch t.Session.State {
	case rptStateTitle:
		title := strings.Join(strings.Fields(t.In.Text), " ")
		if title == "" || flows.Runes(title) > maxReportTitle {
			return []flows.Reply{t.Say(msgRptTitleBad, map[string]any{"Max": maxReportTitle})}, nil
		}
		t.Set("title", title)
		t.Session.State = rptStateDue
		example["Value"] = title
		return []flows.Reply{t.Say(msgRptAskDue, example)}, nil
	case rptStateDue:
		due, ok := r.parseDay(t.In.Text)
		if !ok {
			return []flows.Reply{t.Say(msgRptDueBad, example)}, nil
		}
		if today := r.Calendar().Day(t.Now()); due.Before(today) {
			return []flows.Reply{t.Say(msgRptDuePast, map[string]any{"Date": r.Date(today)})}, nil
		}
		t.Set("due", due.Format("2006-01-02"))
		t.Session.State = rptStatePick
		return r.pickPrompt(ctx, t, false)
	case rptStatePick:
		replies, err := r.pickPrompt(ctx, t, false)
		return append([]flows.Reply{t.Say(msgRptUsePick, nil)}, replies...), err
	}
	t.Leave()
	return []flows.Reply{t.WithMenu(flows.MsgHintMenu, nil)}, nil
}

// staff are the officials and chairmen the chairman may make responsible,
// in the order of ListRoles.
func (r *Area) staff(ctx context.Context) ([]*danchu.Resident, error) {
	grants, err := r.Roles.ListRoles(ctx)
	if err != nil {
		return nil, fmt.Errorf("flows: list roles: %w", err)
	}
	var out []*danchu.Resident
	for _, g := range grants {
		if g.Role != danchu.RoleOfficial && g.Role != danchu.RoleChairman ||
			slices.ContainsFunc(out, func(x *danchu.Resident) bool { return x.ID == g.ResidentID }) {
			continue
		}
		res, err := r.Residents.FindResidentByID(ctx, g.ResidentID)
		if flows.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("flows: find official: %w", err)
		}
		out = append(out, res)
	}
	return out, nil
}

// chosen are the ids picked so far; none means everyone.
func chosen(t *flows.Turn) []int64 {
	var ids []int64
	for _, s := range strings.Split(t.Get("who"), ",") {
		if id, ok := flows.ParseID(s); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// pickPrompt shows the officials with a mark on those chosen.
func (r *Area) pickPrompt(ctx context.Context, t *flows.Turn, edit bool) ([]flows.Reply, error) {
	staff, err := r.staff(ctx)
	if err != nil {
		return nil, err
	}
	due, _ := time.ParseInLocation("2006-01-02", t.Get("due"), r.Settings.Location())
	ids := chosen(t)
	text := t.T(msgRptAskWho, map[string]any{"Value": t.Get("title"), "Deadline": r.Date(due)})
	var names []string
	var buttons [][]flows.Button
	for _, s := range staff {
		mark := "☐ "
		if slices.Contains(ids, s.ID) {
			mark = "☑ "
			names = append(names, s.FullName)
		}
		buttons = append(buttons, []flows.Button{{Text: flows.Clip(mark+s.FullName, 40), Data: "rpt:p:" + flows.Itoa(s.ID)}})
	}
	if len(names) == 0 {
		text += "\n" + t.T(msgRptWhoAll, nil)
	} else {
		text += "\n" + t.T(msgRptWhoSome, map[string]any{"Name": strings.Join(names, ", ")})
	}
	buttons = append(buttons,
		[]flows.Button{{Text: t.T(msgRptButtonAll, nil), Data: "rpt:all"}},
		[]flows.Button{{Text: t.T(msgRptButtonSave, nil), Data: "rpt:save"}, {Text: t.T(msgRptButtonCancel, nil), Data: "rpt:cancel"}})
	return []flows.Reply{{Text: text, Buttons: buttons, Edit: edit}}, nil
}

// pick toggles one official ("" clears the choice: everyone).
func (r *Area) pick(ctx context.Context, t *flows.Turn, id string) ([]flows.Reply, error) {
	if t.Session.Flow != flowReport || t.Session.State != rptStatePick {
		return t.InvalidButton(), nil
	}
	if !t.Actor().Has(danchu.RoleChairman) {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgRptChairmanOnly, nil)}, nil
	}
	ids := chosen(t)
	if id == "" {
		ids = nil
	} else {
		n, ok := flows.ParseID(id)
		if !ok {
			return t.InvalidButton(), nil
		}
		if i := slices.Index(ids, n); i >= 0 {
			ids = slices.Delete(ids, i, i+1)
		} else {
			ids = append(ids, n)
		}
	}
	var parts []string
	for _, x := range ids {
		parts = append(parts, flows.Itoa(x))
	}
	t.Set("who", strings.Join(parts, ","))
	return r.pickPrompt(ctx, t, true)
}

// save stores the ad hoc deadline; every id is checked again against the
// officials and chairmen, so forged data names nobody else.
func (r *Area) save(ctx context.Context, t *flows.Turn) ([]flows.Reply, error) {
	if t.Session.Flow != flowReport || t.Session.State != rptStatePick {
		return t.InvalidButton(), nil
	}
	if !t.Actor().Has(danchu.RoleChairman) {
		t.Leave()
		return []flows.Reply{t.WithMenu(msgRptChairmanOnly, nil)}, nil
	}
	staff, err := r.staff(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var names []string
	for _, id := range chosen(t) {
		if i := slices.IndexFunc(staff, func(s *danchu.Resident) bool { return s.ID == id }); i >= 0 {
			ids = append(ids, id)
			names = append(names, staff[i].FullName)
		}
	}
	due, err := time.ParseInLocation("2006-01-02", t.Get("due"), r.Settings.Location())
	if err != nil {
		t.Leave()
		return t.InvalidButton(), nil
	}
	d := &danchu.ReportDeadline{Title: t.Get("title"), Due: due, Responsible: ids, CreatedBy: t.Resident.ID, CreatedAt: t.Now()}
	if err := r.Deadlines.CreateReportDeadline(ctx, d); err != nil {
		return nil, fmt.Errorf("flows: create report deadline: %w", err)
	}
	if err := r.audit(ctx, t.Resident.ID, "report.deadline.create", "report:"+d.Ref(), "due "+d.Due.Format("2006-01-02")); err != nil {
		return nil, err
	}
	t.Leave()
	data := map[string]any{"Value": d.Title, "Deadline": r.Date(d.Due), "Name": strings.Join(names, ", ")}
	if len(ids) == 0 {
		return []flows.Reply{t.WithMenu(msgRptCreatedForAll, data)}, nil
	}
	return []flows.Reply{t.WithMenu(msgRptCreated, data)}, nil
}

// parseDay reads d/m/yyyy (or dd/mm/yyyy, with / - or .) in the unit's zone.
func (r *Area) parseDay(s string) (time.Time, bool) {
	s = strings.NewReplacer("-", "/", ".", "/").Replace(strings.TrimSpace(s))
	t, err := time.ParseInLocation("2/1/2006", s, r.Settings.Location())
	if err != nil || t.Year() < 2000 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}
