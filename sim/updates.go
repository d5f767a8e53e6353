package sim

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// updateQueue holds the updates the bot has not confirmed yet, in order.
type updateQueue struct {
	next    int64 // the next update_id
	pending []queued
	allowed []string // the last allowed_updates; empty means all
}

type queued struct {
	id   int64
	kind string // "message", "callback_query"
	raw  json.RawMessage
	at   time.Time
}

// enqueue gives an update the next update_id and queues it, encoded at once
// so later edits of the chat do not change it. Call with s.mu held.
func (s *Server) enqueue(u tgUpdate, now time.Time) int64 {
	u.UpdateID = s.updates.next
	s.updates.next++
	s.updates.pending = append(s.updates.pending, queued{id: u.UpdateID, kind: u.kind(), raw: mustJSON(u), at: now})
	s.changed()
	s.markDirty()
	return u.UpdateID
}

// confirm drops the updates before offset; a negative offset keeps only the
// last -offset ones, as getUpdates does. It reports whether it dropped any.
// Call with s.mu held.
func (q *updateQueue) confirm(offset int64) bool {
	before := len(q.pending)
	switch {
	case offset > 0:
		i := 0
		for i < len(q.pending) && q.pending[i].id < offset {
			i++
		}
		q.pending = q.pending[i:]
	case offset < 0:
		if keep := int(-offset); keep < len(q.pending) {
			q.pending = q.pending[len(q.pending)-keep:]
		}
	}
	return len(q.pending) != before
}

// deliverable drops updates older than 24 hours and those that
// allowed_updates excludes, and returns the rest. Call with s.mu held.
func (q *updateQueue) deliverable(now time.Time) []queued {
	kept := q.pending[:0]
	for _, u := range q.pending {
		if now.Sub(u.at) > pendingLifetime {
			continue
		}
		if len(q.allowed) > 0 && !slices.Contains(q.allowed, u.kind) {
			continue
		}
		kept = append(kept, u)
	}
	q.pending = kept
	return kept
}

func (q *updateQueue) setAllowed(raw string) {
	if raw == "" {
		return
	}
	var list []string
	if err := json.Unmarshal([]byte(raw), &list); err == nil {
		q.allowed = list
	}
}

// getUpdates answers long polling: it confirms the updates before offset,
// then returns up to limit updates, holding the request up to timeout
// seconds while there are none. A newer getUpdates call ends a waiting one
// with 409, as Telegram does when two bot instances poll.
func (s *Server) getUpdates(ctx context.Context, c *call) (any, *apiError) {
	limit := int(c.int("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout := time.Duration(c.int("timeout")) * time.Second
	s.mu.Lock()
	if s.webhook.url != "" {
		s.mu.Unlock()
		return nil, &apiError{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	s.pollGen++
	gen := s.pollGen
	s.changed() // wakes an older waiting call so it can give way
	if s.updates.confirm(c.int("offset")) {
		s.markDirty()
	}
	s.updates.setAllowed(c.str("allowed_updates"))
	s.mu.Unlock()

	timer := time.NewTimer(max(timeout, 0))
	defer timer.Stop()
	for {
		s.mu.Lock()
		if s.pollGen != gen {
			s.mu.Unlock()
			if ctx.Err() != nil { // the caller left first: no conflict to report
				return []json.RawMessage{}, nil
			}
			return nil, &apiError{Code: http.StatusConflict, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		if s.webhook.url != "" {
			s.mu.Unlock()
			return nil, &apiError{Code: http.StatusConflict, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
		}
		ready := s.updates.deliverable(s.opts.Now())
		notify := s.notify
		if len(ready) > 0 || timeout <= 0 {
			out := make([]json.RawMessage, 0, min(limit, len(ready)))
			for _, u := range ready[:min(limit, len(ready))] {
				out = append(out, u.raw)
			}
			s.mu.Unlock()
			return out, nil
		}
		s.mu.Unlock()
		if !s.waitChange(ctx, notify, timer.C) && ctx.Err() == nil && s.ctx.Err() == nil {
			timeout = 0 // timed out: answer with what there is (nothing)
		}
		if ctx.Err() != nil || s.ctx.Err() != nil {
			return []json.RawMessage{}, nil
		}
	}
}
