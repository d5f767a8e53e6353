package petition

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"danchu/flows"

	"danchu"
)

// SweepDrafts looks after the petitions left half written: a draft not
// touched for Settings.Petitions.DraftReminder gets one reminder through the
// outbox, with a button that continues it; a draft not touched for DraftDrop
// is deleted. A zero duration turns its step off. The program calls it
// periodically; running it twice sends nothing twice (the reminder is marked
// and deduplicated by the draft's time).
func (a *Area) SweepDrafts(ctx context.Context) error {
	if a.Drafts == nil || !a.Notifier.Ready() {
		return nil
	}
	s := a.Settings.Petitions
	now := a.Now()
	after := s.DraftReminder
	if after <= 0 || (s.DraftDrop > 0 && s.DraftDrop < after) {
		after = s.DraftDrop
	}
	if after <= 0 {
		return nil
	}
	drafts, err := a.Drafts.StaleDrafts(ctx, now.Add(-after))
	if err != nil {
		return fmt.Errorf("flows: stale drafts: %w", err)
	}
	var errs []error
	for _, d := range drafts {
		if d.Flow != draftFlow {
			continue
		}
		if err := a.sweepDraft(ctx, d, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (a *Area) sweepDraft(ctx context.Context, d *danchu.Draft, now time.Time) error {
	s := a.Settings.Petitions
	drop := func() error {
		if err := a.Drafts.DeleteDraft(ctx, d.ResidentID, d.Flow); err != nil {
			return fmt.Errorf("flows: drop draft of resident %d: %w", d.ResidentID, err)
		}
		return nil
	}
	if s.DraftDrop > 0 && !now.Before(d.UpdatedAt.Add(s.DraftDrop)) {
		return drop()
	}
	if s.DraftReminder <= 0 || d.RemindedAt != nil || now.Before(d.UpdatedAt.Add(s.DraftReminder)) {
		return nil
	}
	if _, err := a.Residents.FindResidentByID(ctx, d.ResidentID); flows.IsNotFound(err) {
		return drop() // the profile was deleted: nobody to remind
	} else if err != nil {
		return fmt.Errorf("flows: draft author: %w", err)
	}
	days := 0
	if s.DraftDrop > 0 {
		days = int(math.Ceil(d.UpdatedAt.Add(s.DraftDrop).Sub(now).Hours() / 24))
	}
	n := flows.Message{To: d.ResidentID, Kind: "petition.draft", Priority: danchu.PriorityPersonal,
		Dedup: "draft:" + d.Flow + ":" + flows.Itoa(d.ResidentID) + ":" + strconv.FormatInt(d.UpdatedAt.Unix(), 10),
		Text: func(lang string) string {
			return a.Tr(lang, msgNoticeDraft, map[string]any{"At": a.DateTime(d.UpdatedAt), "Days": days})
		},
		Buttons: func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: a.Tr(lang, msgNoticeDraftContinue, nil), Data: "pet:resume"}}}
		},
	}
	if err := a.Enqueue(ctx, n); err != nil {
		return err
	}
	if err := a.Drafts.MarkDraftReminded(ctx, d.ResidentID, d.Flow, now); err != nil {
		return fmt.Errorf("flows: mark draft reminded: %w", err)
	}
	return nil
}
