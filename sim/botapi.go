package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// call is one Bot API request that passed the spec check.
type call struct {
	method string
	f      *form
	now    time.Time
}

func (c *call) str(name string) string { return c.f.values[name] }

func (c *call) int(name string) int64 {
	v, _ := strconv.ParseInt(c.f.values[name], 10, 64)
	return v
}

func (c *call) flag(name string) bool {
	v := strings.ToLower(c.f.values[name])
	return v == "true" || v == "1"
}

// methodHandler runs a method. Handlers run with s.mu held unless unlocked
// is set (getUpdates waits, and takes the lock itself).
type methodHandler struct {
	fn       func(s *Server, ctx context.Context, c *call) (any, *apiError)
	unlocked bool
}

// described is a result that Telegram answers with a description too
// ({"ok":true,"result":true,"description":"Webhook was set"}).
type described struct {
	result any
	desc   string
}

func botMethods() map[string]methodHandler {
	locked := func(fn func(s *Server, c *call) (any, *apiError)) methodHandler {
		return methodHandler{fn: func(s *Server, _ context.Context, c *call) (any, *apiError) { return fn(s, c) }}
	}
	return map[string]methodHandler{
		"getMe":                  locked((*Server).getMe),
		"getUpdates":             {fn: (*Server).getUpdates, unlocked: true},
		"setWebhook":             locked((*Server).setWebhook),
		"deleteWebhook":          locked((*Server).deleteWebhook),
		"getWebhookInfo":         locked((*Server).getWebhookInfo),
		"sendMessage":            locked((*Server).sendMessage),
		"editMessageText":        locked((*Server).editMessageText),
		"editMessageReplyMarkup": locked((*Server).editMessageReplyMarkup),
		"deleteMessage":          locked((*Server).deleteMessage),
		"answerCallbackQuery":    locked((*Server).answerCallbackQuery),
		"sendPhoto":              locked((*Server).sendPhoto),
		"sendDocument":           locked((*Server).sendDocument),
		"sendMediaGroup":         locked((*Server).sendMediaGroup),
		"sendLocation":           locked((*Server).sendLocation),
		"getFile":                locked((*Server).getFile),
		"setMyCommands":          locked((*Server).setMyCommands),
		"getMyCommands":          locked((*Server).getMyCommands),
		"deleteMyCommands":       locked((*Server).deleteMyCommands),
		"sendChatAction":         locked((*Server).sendChatAction),
	}
}

// serveBotAPI answers POST /bot{token}/{method}: token, method, spec check,
// then the method itself; every call is recorded.
func (s *Server) serveBotAPI(w http.ResponseWriter, r *http.Request) {
	token, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	req := Request{Method: method}
	var violations []string
	refuse := func(e *apiError, details ...string) {
		req.ErrorCode, req.Error = e.Code, e.Description
		if e.Code != http.StatusForbidden && e.Code != http.StatusTooManyRequests {
			if len(details) == 0 {
				details = []string{e.Description}
			}
			for _, d := range details {
				violations = append(violations, fmt.Sprintf("%s: %s", req.Method, d))
			}
		}
		s.opts.Logf("sim: %s refused: %d %s", req.Method, e.Code, e.Description)
		s.mu.Lock()
		s.record(req, violations)
		s.mu.Unlock()
		writeAPIError(w, e)
	}
	if token != s.opts.Token {
		refuse(errUnauthorized, "wrong bot token")
		return
	}
	name := s.spec.method(method)
	if name == "" {
		refuse(errMethodNotFound, fmt.Sprintf("unknown method %q", method))
		return
	}
	req.Method = name
	f, err := readForm(r)
	if err != nil && (r.Context().Err() != nil || errors.Is(err, io.ErrUnexpectedEOF)) {
		// The client went away while sending (a bot being stopped): no
		// request reached the server, so nothing to refuse or record.
		return
	}
	if err == errRequestTooLarge {
		refuse(&apiError{Code: http.StatusRequestEntityTooLarge, Description: "Request Entity Too Large"})
		return
	}
	if err != nil {
		refuse(badRequest(err.Error()))
		return
	}
	req.Fields = f.names()
	check := s.spec.check(name, f)
	req.Unknown = check.Unknown
	if s.opts.Strict {
		for _, u := range check.Unknown {
			violations = append(violations, fmt.Sprintf("%s: unknown field %q (Telegram ignores it)", name, u))
		}
	}
	if len(check.Problems) > 0 {
		var details []string
		for _, p := range check.Problems {
			details = append(details, p.Detail)
		}
		refuse(&apiError{Code: http.StatusBadRequest, Description: check.Problems[0].Desc}, details...)
		return
	}
	h, ok := s.methods[name]
	if !ok {
		refuse(&apiError{Code: http.StatusNotImplemented, Description: "Not Implemented: the simulator does not support " + name})
		return
	}
	c := &call{method: name, f: f, now: s.opts.Now()}
	var result any
	var aerr *apiError
	// A call is recorded in the same critical section that applies it, so
	// Requests() never lags behind what the users already see.
	if h.unlocked {
		result, aerr = h.fn(s, r.Context(), c)
		s.mu.Lock()
	} else {
		s.mu.Lock()
		result, aerr = h.fn(s, r.Context(), c)
	}
	if aerr == nil {
		s.record(req, violations)
	}
	s.mu.Unlock()
	if aerr != nil {
		refuse(aerr)
		return
	}
	if d, ok := result.(described); ok {
		writeJSON(w, http.StatusOK, apiResponse{OK: true, Result: d.result, Description: d.desc})
		return
	}
	writeResult(w, result)
}
