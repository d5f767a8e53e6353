package danban

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// Dân bàn: residents discuss and decide, each a Feature:
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

// RunDanBan does what is due at the engine's clock (RunDanBanAt).
func (a *Area) RunDanBan(ctx context.Context) error { return a.RunDanBanAt(ctx, a.Now()) }

// RunDanBanAt does what is due at now: it announces the votes that opened
// and closes those whose time is up (the outcome to the audience), reminds
// residents of tomorrow's reception (from reception.remind_at), tells the
// creators of consultations that closed, and reminds the chairman of late
// written answers (once a day, in the morning). Every step is idempotent
// (state marks and outbox dedup keys), so a scheduler may run it every few
// minutes (or run the steps, OpenDueVotes, CloseDueVotes, RemindReceptions,
// CloseDueConsultations and RemindLateAnswers, on their own schedules), and
// replicas may run it at once.
func (a *Area) RunDanBanAt(ctx context.Context, now time.Time) error {
	var errs []error
	if a.Votes != nil && a.Households != nil && a.Notifier.Ready() {
		errs = append(errs, a.OpenDueVotes(ctx, now), a.CloseDueVotes(ctx, now))
	}
	if a.Receptions != nil && a.Notifier.Ready() {
		errs = append(errs, a.RemindReceptions(ctx, now))
	}
	if a.Consultations != nil && a.Notifier.Ready() {
		errs = append(errs, a.CloseDueConsultations(ctx, now))
	}
	if a.Dialogues != nil && a.Notifier.Ready() {
		errs = append(errs, a.RemindLateAnswers(ctx, now))
	}
	return errors.Join(errs...)
}

// splitArgs splits the rest of button data into n parts, or fails.
func splitArgs(rest string, n int) ([]string, bool) {
	parts := strings.Split(rest, ":")
	return parts, len(parts) == n
}

// audienceText names an audience for residents.
func (a *Area) audienceText(lang string, aud danchu.Audience) string {
	switch {
	case aud.All:
		return a.Tr(lang, msgDanAudienceAll, nil)
	case aud.Role != "":
		return a.Tr(lang, msgDanAudienceStaff, nil)
	}
	return strings.Join(aud.Neighbourhoods, ", ")
}

// audiencePicker shows the neighbourhoods to toggle for an audience, with
// "everyone" first; prefix + "all", prefix + "nb:<i>" and prefix + "ok" are
// its buttons. chosen is the current choice.
func (a *Area) audiencePicker(t *flows.Turn, prefix string, chosen danchu.Audience, prompt flows.Msg) flows.Reply {
	lang := t.Lang()
	mark := func(on bool, label string) string {
		if on {
			return "✅ " + label
		}
		return label
	}
	rows := [][]flows.Button{{{Text: mark(chosen.All, a.Tr(lang, msgDanAudienceAll, nil)), Data: prefix + "all"}}}
	var row []flows.Button
	for i, n := range a.Settings.Neighbourhoods {
		on := false
		for _, c := range chosen.Neighbourhoods {
			on = on || c == n.Name
		}
		row = append(row, flows.Button{Text: mark(on, n.Name), Data: prefix + "nb:" + strconv.Itoa(i)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []flows.Button{{Text: a.Tr(lang, msgDanNext, nil), Data: prefix + "ok"}})
	return flows.Reply{Text: t.T(prompt, nil), Buttons: rows, Edit: t.In.CallbackData != ""}
}

// toggleAudience applies a press of the audience picker to a: "all" or
// "nb:<i>". It reports false for data that is not the picker's.
func (a *Area) toggleAudience(aud *danchu.Audience, arg string) bool {
	if arg == "all" {
		*aud = danchu.Audience{All: !aud.All}
		return true
	}
	idx, ok := strings.CutPrefix(arg, "nb:")
	if !ok {
		return false
	}
	n, ok := a.NeighbourhoodIndex(idx)
	if !ok {
		return false
	}
	aud.All, aud.Role = false, ""
	for i, c := range aud.Neighbourhoods {
		if c == n.Name {
			aud.Neighbourhoods = append(aud.Neighbourhoods[:i], aud.Neighbourhoods[i+1:]...)
			return true
		}
	}
	aud.Neighbourhoods = append(aud.Neighbourhoods, n.Name)
	return true
}

// residentName is the name of a resident for staff lists, "" when gone.
func (a *Area) residentName(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	r, err := a.Residents.FindResidentByID(ctx, id)
	if flows.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("flows: find resident: %w", err)
	}
	return r.FullName, nil
}

// staffIDs lists the chairman and officials, for notices to staff.
func (a *Area) staffIDs(ctx context.Context, roles ...danchu.Role) ([]int64, error) {
	grants, err := a.Roles.ListRoles(ctx)
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
