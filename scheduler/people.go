package scheduler

import (
	"context"
	"fmt"
	"slices"

	"danchu"
)

// People finds the recipients of a job's messages.
type People struct {
	Residents danchu.ResidentService
	Roles     danchu.RoleService
}

// withRoles lists the residents holding any of roles, each once, in the
// order of ListRoles.
func (p People) withRoles(ctx context.Context, roles ...danchu.Role) ([]int64, error) {
	grants, err := p.Roles.ListRoles(ctx)
	if err != nil {
		return nil, fmt.Errorf("scheduler: list roles: %w", err)
	}
	var ids []int64
	for _, g := range grants {
		if slices.Contains(roles, g.Role) && !slices.Contains(ids, g.ResidentID) {
			ids = append(ids, g.ResidentID)
		}
	}
	return ids, nil
}

// reachable returns the resident, or nil when there is nobody to send to:
// the profile was deleted, or it has no chat.
func (p People) reachable(ctx context.Context, id int64) (*danchu.Resident, error) {
	r, err := p.Residents.FindResidentByID(ctx, id)
	if danchu.ErrorCode(err) == danchu.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("scheduler: find resident %d: %w", id, err)
	}
	if r.TelegramID == 0 {
		return nil, nil
	}
	return r, nil
}

// message is a reminder to r, not sent before the run's Now.
func message(run Run, r *danchu.Resident, kind, item, body string, buttons [][]danchu.OutboxButton) *danchu.OutboxMessage {
	return &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: kind, Priority: danchu.PriorityReminder,
		Text: body, Buttons: buttons, DedupKey: run.DedupKey(r.ID, item), Status: danchu.OutboxPending, NotBefore: run.Now}
}
