package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	tgbot "github.com/go-telegram/bot"
)

// allowedUpdates are the kinds of update the bot asks for.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// apiResponse is the envelope of every Bot API answer.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter      int `json:"retry_after"`
		MigrateToChatID int `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// getUpdates asks for the updates from offset on, holding up to timeout
// seconds, and returns each update as Telegram sent it. The library keeps its
// own request function unexported, so this one encodes the form the same way:
// multipart, scalars as plain values, allowed_updates as JSON text.
func (b *Bot) getUpdates(ctx context.Context, offset int64, timeout int) ([]json.RawMessage, error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	allowed, err := json.Marshal(allowedUpdates)
	if err != nil {
		return nil, err
	}
	fields := [][2]string{{"timeout", strconv.Itoa(timeout)}, {"allowed_updates", string(allowed)}}
	if offset > 0 {
		fields = append([][2]string{{"offset", strconv.FormatInt(offset, 10)}}, fields...)
	}
	for _, f := range fields {
		if err := form.WriteField(f[0], f[1]); err != nil {
			return nil, fmt.Errorf("getUpdates: form: %w", err)
		}
	}
	if err := form.Close(); err != nil {
		return nil, fmt.Errorf("getUpdates: form: %w", err)
	}

	u := strings.TrimRight(b.cfg.ServerURL, "/") + "/bot" + b.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, &body)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", b.scrub(err))
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", b.scrub(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: read answer: %w", err)
	}
	var r apiResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		// The body is not logged: it may hold what residents wrote.
		return nil, fmt.Errorf("getUpdates: answer is not JSON (HTTP %d): %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, apiError("getUpdates", r)
	}
	var updates []json.RawMessage
	if err := json.Unmarshal(r.Result, &updates); err != nil {
		return nil, fmt.Errorf("getUpdates: result is not a list: %w", err)
	}
	return updates, nil
}

// apiError turns a failed answer into the library's error values, so that
// classify treats getUpdates like every other call.
func apiError(method string, r apiResponse) error {
	switch r.ErrorCode {
	case http.StatusTooManyRequests:
		return &tgbot.TooManyRequestsError{
			Message:    fmt.Sprintf("%s, %s", tgbot.ErrorTooManyRequests, r.Description),
			RetryAfter: r.Parameters.RetryAfter,
		}
	case http.StatusForbidden:
		return fmt.Errorf("%s: %w, %s", method, tgbot.ErrorForbidden, r.Description)
	case http.StatusBadRequest:
		return fmt.Errorf("%s: %w, %s", method, tgbot.ErrorBadRequest, r.Description)
	case http.StatusUnauthorized:
		return fmt.Errorf("%s: %w, %s", method, tgbot.ErrorUnauthorized, r.Description)
	case http.StatusNotFound:
		return fmt.Errorf("%s: %w, %s", method, tgbot.ErrorNotFound, r.Description)
	case http.StatusConflict:
		return fmt.Errorf("%s: %w, %s", method, tgbot.ErrorConflict, r.Description)
	}
	return fmt.Errorf("%s: error response from telegram, %d %s", method, r.ErrorCode, r.Description)
}

// scrub removes the token from a failed request's URL before it is logged.
func (b *Bot) scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = strings.ReplaceAll(ue.URL, b.cfg.Token, "***")
	}
	return err
}
