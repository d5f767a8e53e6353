package flows

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"danchu"
)

// Dân bàn (issue 5): residents discuss and decide, each a Feature:
//
//   - "dt": /doi_thoai, dialogues with the chairman: questions, supports,
//     and for staff the creation, merging, hiding, agenda and answers
//     (dialogue_*.go);
//   - "td": /tiep_dan, the reception calendar: booking, cancelling, and for
//     the official on duty the list of the day (reception_*.go);
//   - "gy": /gop_y, consultations on drafts: comments, and for staff the
//     opening, the export and the published summary (consultation_*.go);
//   - "bq": /bieu_quyet, votes by household: the household and its
//     representative (household_*.go), ballots, and for staff the creation,
//     the recording of meeting and paper ballots and the record (vote_*.go).
//
// Button data names things by id: it is untrusted, so every press loads
// them again and asks the rules of package danchu again. What is timed
// (opening and closing votes, reminders) is RunDanBan's.
const (
	flowDialogue  = "dt"
	flowReception = "td"
	flowConsult   = "gy"
	flowVote      = "bq"
)

// danBanFeatures are the commands of issue 5 whose stores are set.
func (e *Engine) danBanFeatures() []Feature {
	if e.Outbox == nil {
		return nil
	}
	var out []Feature
	if e.Dialogues != nil {
		out = append(out, Feature{Command: "doi_thoai", Flow: flowDialogue, Start: e.dialogueStart, Step: e.dialogueStep, Button: e.dialogueButton})
	}
	if e.Receptions != nil {
		out = append(out, Feature{Command: "tiep_dan", Flow: flowReception, Start: e.receptionStart, Step: e.receptionStep, Button: e.receptionButton})
	}
	if e.Consultations != nil {
		out = append(out, Feature{Command: "gop_y", Flow: flowConsult, Start: e.consultStart, Step: e.consultStep, Button: e.consultButton})
	}
	if e.Votes != nil && e.Households != nil {
		out = append(out, Feature{Command: "bieu_quyet", Flow: flowVote, Start: e.voteStart, Step: e.voteStep, Button: e.voteButton,
			Deeplink: voteDeeplink})
	}
	return out
}

// RunDanBan does what is due at the engine's clock (RunDanBanAt).
func (e *Engine) RunDanBan(ctx context.Context) error { return e.RunDanBanAt(ctx, e.now()) }

// RunDanBanAt does what is due at now: it announces the votes that opened
// and closes those whose time is up (the outcome to the audience), reminds
// residents of tomorrow's reception (from reception.remind_at), tells the
// creators of consultations that closed, and reminds the chairman of late
// written answers (once a day, in the morning). Every step is idempotent
// (state marks and outbox dedup keys), so a scheduler may run it every few
// minutes (or run the steps, OpenDueVotes, CloseDueVotes, RemindReceptions,
// CloseDueConsultations and RemindLateAnswers, on their own schedules), and
// replicas may run it at once.
func (e *Engine) RunDanBanAt(ctx context.Context, now time.Time) error {
	var errs []error
	if e.Votes != nil && e.Households != nil && e.Outbox != nil {
		errs = append(errs, e.OpenDueVotes(ctx, now), e.CloseDueVotes(ctx, now))
	}
	if e.Receptions != nil && e.Outbox != nil {
		errs = append(errs, e.RemindReceptions(ctx, now))
	}
	if e.Consultations != nil && e.Outbox != nil {
		errs = append(errs, e.CloseDueConsultations(ctx, now))
	}
	if e.Dialogues != nil && e.Outbox != nil {
		errs = append(errs, e.RemindLateAnswers(ctx, now))
	}
	return errors.Join(errs...)
}

// outboxBatch is how many messages one Enqueue writes: a big audience is
// written in several transactions, each short; dedup keys make a repeat
// after a failure harmless.
const outboxBatch = 500

// sendAll writes msgs to the outbox in batches.
func (e *Engine) sendAll(ctx context.Context, msgs []*danchu.OutboxMessage) error {
	for len(msgs) > 0 {
		n := min(len(msgs), outboxBatch)
		if err := e.Outbox.Enqueue(ctx, msgs[:n]...); err != nil {
			return fmt.Errorf("flows: enqueue: %w", err)
		}
		msgs = msgs[n:]
	}
	return nil
}

// toAudience is one message per resident of the audience, each in their
// language, with a dedup key of key and the resident.
func (e *Engine) toAudience(ctx context.Context, a danchu.Audience, kind, key string, text func(lang string) string,
	buttons func(lang string) [][]danchu.OutboxButton) ([]*danchu.OutboxMessage, error) {
	people, err := e.audienceResidents(ctx, a)
	if err != nil {
		return nil, err
	}
	if buttons == nil {
		buttons = func(string) [][]danchu.OutboxButton { return nil }
	}
	msgs := broadcastMessages(people, kind, text, buttons)
	for _, m := range msgs {
		m.DedupKey = key + ":" + itoa(m.ResidentID)
		m.NotBefore = e.now()
	}
	return msgs, nil
}

var dateTimePattern = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ ,]+(\d{1,2})[:hH.](\d{2})$`)

// parseDateTime reads "20/03/2026 08:00" (or 20/3/2026 8h00) in the unit's
// time zone.
func (e *Engine) parseDateTime(s string) (time.Time, bool) {
	m := dateTimePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	n := make([]int, 6)
	for i := 1; i <= 5; i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	t := time.Date(n[3], time.Month(n[2]), n[1], n[4], n[5], 0, 0, e.Settings.Location())
	if t.Day() != n[1] || int(t.Month()) != n[2] || n[4] > 23 || n[5] > 59 || n[3] < 2000 {
		return time.Time{}, false
	}
	return t, true
}

// exampleTime is a date and time to show in prompts: tomorrow at 08:00.
func (e *Engine) exampleTime(now time.Time) string {
	d := e.calendar().Day(now).AddDate(0, 0, 1)
	return time.Date(d.Year(), d.Month(), d.Day(), 8, 0, 0, 0, d.Location()).Format("02/01/2006 15:04")
}

// percent writes a share in per cent with one decimal, "38,7%" in
// Vietnamese and "38.7%" in English.
func percent(lang string, part, total int) string {
	s := strconv.FormatFloat(danchu.Percent(part, total), 'f', 1, 64)
	if lang != LangEN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}

// neighbourhoodIndex reads a neighbourhood named by its index in the
// settings, as buttons carry it.
func (e *Engine) neighbourhoodIndex(s string) (danchu.Neighbourhood, bool) {
	i, ok := indexIn(s, len(e.Settings.Neighbourhoods))
	if !ok {
		return danchu.Neighbourhood{}, false
	}
	return e.Settings.Neighbourhoods[i], true
}

// neighbourhoodIndexOf is the index of a neighbourhood's name, -1 if unknown.
func (e *Engine) neighbourhoodIndexOf(name string) int {
	for i, n := range e.Settings.Neighbourhoods {
		if n.Name == name {
			return i
		}
	}
	return -1
}

// splitArgs splits the rest of button data into n parts, or fails.
func splitArgs(rest string, n int) ([]string, bool) {
	parts := strings.Split(rest, ":")
	return parts, len(parts) == n
}

// audienceText names an audience for residents.
func (e *Engine) audienceText(lang string, a danchu.Audience) string {
	switch {
	case a.All:
		return e.tr(lang, msgDanAudienceAll, nil)
	case a.Role != "":
		return e.tr(lang, msgDanAudienceStaff, nil)
	}
	return strings.Join(a.Neighbourhoods, ", ")
}

// audiencePicker shows the neighbourhoods to toggle for an audience, with
// "everyone" first; prefix + "all", prefix + "nb:<i>" and prefix + "ok" are
// its buttons. chosen is the current choice.
func (e *Engine) audiencePicker(t *Turn, prefix string, chosen danchu.Audience, prompt msg) Reply {
	lang := t.Lang()
	mark := func(on bool, label string) string {
		if on {
			return "✅ " + label
		}
		return label
	}
	rows := [][]Button{{{Text: mark(chosen.All, e.tr(lang, msgDanAudienceAll, nil)), Data: prefix + "all"}}}
	var row []Button
	for i, n := range e.Settings.Neighbourhoods {
		on := false
		for _, c := range chosen.Neighbourhoods {
			on = on || c == n.Name
		}
		row = append(row, Button{Text: mark(on, n.Name), Data: prefix + "nb:" + strconv.Itoa(i)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []Button{{Text: e.tr(lang, msgDanNext, nil), Data: prefix + "ok"}})
	return Reply{Text: t.T(prompt, nil), Buttons: rows, Edit: t.In.CallbackData != ""}
}

// toggleAudience applies a press of the audience picker to a: "all" or
// "nb:<i>". It reports false for data that is not the picker's.
func (e *Engine) toggleAudience(a *danchu.Audience, arg string) bool {
	if arg == "all" {
		*a = danchu.Audience{All: !a.All}
		return true
	}
	idx, ok := strings.CutPrefix(arg, "nb:")
	if !ok {
		return false
	}
	n, ok := e.neighbourhoodIndex(idx)
	if !ok {
		return false
	}
	a.All, a.Role = false, ""
	for i, c := range a.Neighbourhoods {
		if c == n.Name {
			a.Neighbourhoods = append(a.Neighbourhoods[:i], a.Neighbourhoods[i+1:]...)
			return true
		}
	}
	a.Neighbourhoods = append(a.Neighbourhoods, n.Name)
	return true
}

// residentName is the name of a resident for staff lists, "" when gone.
func (e *Engine) residentName(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	r, err := e.Residents.FindResidentByID(ctx, id)
	if isNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("flows: find resident: %w", err)
	}
	return r.FullName, nil
}

// staffIDs lists the chairman and officials, for notices to staff.
func (e *Engine) staffIDs(ctx context.Context, roles ...danchu.Role) ([]int64, error) {
	grants, err := e.Roles.ListRoles(ctx)
	if err != nil {
		return nil, fmt.Errorf("flows: list roles: %w", err)
	}
	var out []int64
	seen := map[int64]bool{}
	for _, g := range grants {
		for _, r := range roles {
			if g.Role == r && !seen[g.ResidentID] {
				seen[g.ResidentID] = true
				out = append(out, g.ResidentID)
			}
		}
	}
	return out, nil
}
