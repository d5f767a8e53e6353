package flows

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"danchu"
)

// SweepDrafts looks after the petitions left half written: a draft not
// touched for Settings.Petitions.DraftReminder gets one reminder through the
// outbox, with a button that continues it; a draft not touched for DraftDrop
// is deleted. A zero duration turns its step off. The program calls it
// periodically; running it twice sends nothing twice (the reminder is marked
// and deduplicated by the draft's time).
func (e *Engine) SweepDrafts(ctx context.Context) error {
	if e.Drafts == nil || e.Outbox == nil {
		return nil
	}
	s := e.Settings.Petitions
	now := e.now()
	after := s.DraftReminder
	if after <= 0 || (s.DraftDrop > 0 && s.DraftDrop < after) {
		after = s.DraftDrop
	}
	if after <= 0 {
		return nil
	}
	drafts, err := e.Drafts.StaleDrafts(ctx, now.Add(-after))
	if err != nil {
		return fmt.Errorf("flows: stale drafts: %w", err)
	}
	var errs []error
	for _, d := range drafts {
		if d.Flow != draftFlow {
			continue
		}
		if err := e.sweepDraft(ctx, d, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (e *Engine) sweepDraft(ctx context.Context, d *danchu.Draft, now time.Time) error {
	s := e.Settings.Petitions
	drop := func() error {
		if err := e.Drafts.DeleteDraft(ctx, d.ResidentID, d.Flow); err != nil {
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
	if _, err := e.Residents.FindResidentByID(ctx, d.ResidentID); isNotFound(err) {
		return drop() // the profile was deleted: nobody to remind
	} else if err != nil {
		return fmt.Errorf("flows: draft author: %w", err)
	}
	days := 0
	if s.DraftDrop > 0 {
		days = int(math.Ceil(d.UpdatedAt.Add(s.DraftDrop).Sub(now).Hours() / 24))
	}
	n := notice{to: d.ResidentID, kind: "petition.draft", priority: danchu.PriorityPersonal,
		dedup: "draft:" + d.Flow + ":" + itoa(d.ResidentID) + ":" + strconv.FormatInt(d.UpdatedAt.Unix(), 10),
		text: func(lang string) string {
			return e.tr(lang, msgNoticeDraft, map[string]any{"At": e.dateTime(d.UpdatedAt), "Days": days})
		},
		buttons: func(lang string) [][]danchu.OutboxButton {
			return [][]danchu.OutboxButton{{{Text: e.tr(lang, msgNoticeDraftContinue, nil), Data: "pet:resume"}}}
		},
	}
	if err := e.enqueue(ctx, n); err != nil {
		return err
	}
	if err := e.Drafts.MarkDraftReminded(ctx, d.ResidentID, d.Flow, now); err != nil {
		return fmt.Errorf("flows: mark draft reminded: %w", err)
	}
	return nil
}
