package sim

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// webhookState is the webhook set with setWebhook; while url is set the
// updates are POSTed to it in order and getUpdates answers 409.
type webhookState struct {
	url            string
	secret         string
	maxConnections int
	running        bool // the sender goroutine runs
	lastErrorDate  int64
	lastErrorMsg   string
}

var secretTokenRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

const (
	webhookFirstRetry = 100 * time.Millisecond
	webhookMaxRetry   = 5 * time.Second
	webhookTimeout    = 30 * time.Second
)

func (s *Server) setWebhook(c *call) (any, *apiError) {
	raw := c.str("url")
	if raw == "" {
		return s.deleteWebhook(c)
	}
	u, err := url.Parse(raw)
	// Telegram wants HTTPS on a public address; the simulator has no
	// certificates to offer, so it takes http:// too (see README).
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret := c.str("secret_token")
	if secret != "" && !secretTokenRe.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	maxConn := 40
	if c.f.has("max_connections") {
		maxConn = int(c.int("max_connections"))
		if maxConn < 1 || maxConn > 100 {
			return nil, badRequest("bad webhook: max_connections must be between 1 and 100")
		}
	}
	if c.flag("drop_pending_updates") {
		s.updates.pending = nil
		s.markDirty()
	}
	s.updates.setAllowed(c.str("allowed_updates"))
	s.webhook.url, s.webhook.secret, s.webhook.maxConnections = raw, secret, maxConn
	s.webhook.lastErrorDate, s.webhook.lastErrorMsg = 0, ""
	if !s.webhook.running && s.ctx.Err() == nil {
		s.webhook.running = true
		s.wg.Add(1)
		go s.sendWebhooks()
	}
	s.changed()
	return described{true, "Webhook was set"}, nil
}

func (s *Server) deleteWebhook(c *call) (any, *apiError) {
	if c.flag("drop_pending_updates") {
		s.updates.pending = nil
		s.markDirty()
	}
	if s.webhook.url == "" {
		return described{true, "Webhook is already deleted"}, nil
	}
	s.webhook = webhookState{running: s.webhook.running}
	s.changed()
	return described{true, "Webhook was deleted"}, nil
}

func (s *Server) getWebhookInfo(c *call) (any, *apiError) {
	info := tgWebhookInfo{URL: s.webhook.url, AllowedUpdates: s.updates.allowed}
	info.PendingUpdateCount = len(s.updates.deliverable(c.now))
	if s.webhook.url != "" {
		info.MaxConnections = s.webhook.maxConnections
		info.LastErrorDate, info.LastErrorMessage = s.webhook.lastErrorDate, s.webhook.lastErrorMsg
	}
	return info, nil
}

// sendWebhooks POSTs the pending updates one at a time, in order, while a
// webhook is set. An update leaves the queue only on a 2xx answer; after a
// failure it is retried with a growing pause.
func (s *Server) sendWebhooks() {
	defer s.wg.Done()
	client := &http.Client{Timeout: webhookTimeout}
	retry := time.Duration(0)
	for {
		s.mu.Lock()
		if s.webhook.url == "" || s.ctx.Err() != nil {
			s.webhook.running = false
			s.mu.Unlock()
			return
		}
		ready := s.updates.deliverable(s.opts.Now())
		hook, notify := s.webhook, s.notify
		s.mu.Unlock()
		if len(ready) == 0 {
			s.waitChange(s.ctx, notify, nil) // the loop top sees Close or a deleted webhook
			continue
		}
		next := ready[0]
		err := s.postUpdate(client, hook, next.raw)
		s.mu.Lock()
		if err == nil {
			if len(s.updates.pending) > 0 && s.updates.pending[0].id == next.id {
				s.updates.pending = s.updates.pending[1:]
				s.changed()
				s.markDirty()
			}
			retry = 0
		} else {
			s.webhook.lastErrorDate, s.webhook.lastErrorMsg = s.opts.Now().Unix(), err.Error()
			retry = min(max(2*retry, webhookFirstRetry), webhookMaxRetry)
		}
		s.mu.Unlock()
		if err != nil {
			s.opts.Logf("sim: webhook: update %d: %v; retry in %s", next.id, err, retry)
			timer := time.NewTimer(retry)
			select {
			case <-timer.C:
			case <-s.ctx.Done():
				timer.Stop()
			}
		}
	}
}

func (s *Server) postUpdate(client *http.Client, hook webhookState, body []byte) error {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, hook.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("bad webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if hook.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hook.secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("connection failed: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("Wrong response from the webhook: %s", resp.Status)
	}
	return nil
}
