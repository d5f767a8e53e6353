package sim

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client drives virtual users of a simulator over its JSON API, for tests
// and benchmarks of a bot.
type Client struct {
	base string
	hc   *http.Client
}

// NewClient returns a Client for the simulator at baseURL (what Start
// returned). A nil httpClient means http.DefaultClient; contexts bound calls.
func NewClient(baseURL string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: httpClient}
}

// CreateUser adds a virtual user.
func (c *Client) CreateUser(ctx context.Context, first, last, phone string) (User, error) {
	var u User
	err := c.do(ctx, http.MethodPost, "/sim/api/users", map[string]string{"first_name": first, "last_name": last, "phone": phone}, &u)
	return u, err
}

// Users lists the virtual users.
func (c *Client) Users(ctx context.Context) ([]User, error) {
	var us []User
	err := c.do(ctx, http.MethodGet, "/sim/api/users", nil, &us)
	return us, err
}

// SendText sends a text from the user.
func (c *Client) SendText(ctx context.Context, userID int64, text string) (Sent, error) {
	return c.send(ctx, userID, sendRequest{Text: &text})
}

// SendCommand sends "/cmd args" (cmd with or without the slash).
func (c *Client) SendCommand(ctx context.Context, userID int64, cmd, args string) (Sent, error) {
	text := "/" + strings.TrimPrefix(cmd, "/")
	if args != "" {
		text += " " + args
	}
	return c.SendText(ctx, userID, text)
}

// Press presses the inline button with callback data on a bot's message.
func (c *Client) Press(ctx context.Context, userID int64, messageID int, data string) (Sent, error) {
	var sent Sent
	err := c.do(ctx, http.MethodPost, c.userPath(userID, "press"), map[string]any{"message_id": messageID, "data": data}, &sent)
	return sent, err
}

// ShareContact shares the user's own phone number.
func (c *Client) ShareContact(ctx context.Context, userID int64) (Sent, error) {
	return c.send(ctx, userID, sendRequest{Contact: true})
}

// SendPhoto sends a JPEG, PNG or GIF image.
func (c *Client) SendPhoto(ctx context.Context, userID int64, data []byte, caption string) (Sent, error) {
	enc := base64.StdEncoding.EncodeToString(data)
	return c.send(ctx, userID, sendRequest{Photo: &enc, Caption: caption})
}

// SendDocument sends a file.
func (c *Client) SendDocument(ctx context.Context, userID int64, data []byte, name string) (Sent, error) {
	enc := base64.StdEncoding.EncodeToString(data)
	return c.send(ctx, userID, sendRequest{Document: &enc, FileName: name})
}

// SendLocation sends a point.
func (c *Client) SendLocation(ctx context.Context, userID int64, latitude, longitude float64) (Sent, error) {
	return c.send(ctx, userID, sendRequest{Location: &Location{Latitude: latitude, Longitude: longitude}})
}

// Block makes the user block (true) or unblock the bot.
func (c *Client) Block(ctx context.Context, userID int64, blocked bool) error {
	return c.do(ctx, http.MethodPost, c.userPath(userID, "block"), map[string]bool{"blocked": blocked}, nil)
}

// Messages returns the chat's messages with Seq > after (new ones and
// changed ones), waiting up to wait for one.
func (c *Client) Messages(ctx context.Context, userID int64, after int64, wait time.Duration) ([]Message, error) {
	q := url.Values{"after": {strconv.FormatInt(after, 10)}, "wait": {strconv.FormatFloat(wait.Seconds(), 'f', 3, 64)}}
	var msgs []Message
	err := c.do(ctx, http.MethodGet, c.userPath(userID, "messages")+"?"+q.Encode(), nil, &msgs)
	return msgs, err
}

// WaitMessage waits until a message with Seq > after matches (an edit counts
// as newer) and returns it; it gives up when ctx ends.
func (c *Client) WaitMessage(ctx context.Context, userID int64, after int64, match func(Message) bool) (Message, error) {
	for {
		wait := 25 * time.Second
		if dl, ok := ctx.Deadline(); ok {
			wait = min(wait, time.Until(dl))
		}
		msgs, err := c.Messages(ctx, userID, after, max(wait, 0))
		if err != nil {
			return Message{}, fmt.Errorf("sim client: wait for a message of user %d after seq %d: %w", userID, after, err)
		}
		for _, m := range msgs {
			after = max(after, m.Seq)
			if match(m) {
				return m, nil
			}
		}
		if ctx.Err() != nil {
			return Message{}, fmt.Errorf("sim client: no matching message of user %d up to seq %d: %w", userID, after, ctx.Err())
		}
	}
}

// Download fetches a file shown in a chat.
func (c *Client) Download(ctx context.Context, f File) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+f.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("sim client: download %s: %w", f.ID, err)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sim client: download %s: %w", f.ID, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("sim client: download %s: %s", f.ID, resp.Status)
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("sim client: download %s: %w", f.ID, err)
	}
	return data, nil
}

// Bot returns the bot's name and command menu.
func (c *Client) Bot(ctx context.Context) (BotInfo, error) {
	var info BotInfo
	err := c.do(ctx, http.MethodGet, "/sim/api/bot", nil, &info)
	return info, err
}

func (c *Client) userPath(userID int64, action string) string {
	return "/sim/api/users/" + strconv.FormatInt(userID, 10) + "/" + action
}

func (c *Client) send(ctx context.Context, userID int64, in sendRequest) (Sent, error) {
	var sent Sent
	err := c.do(ctx, http.MethodPost, c.userPath(userID, "send"), in, &sent)
	return sent, err
}

// do makes one JSON call; a 404 wraps ErrUserNotFound and a 400 ErrRefused,
// as the server's own methods do.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("sim client: %s %s: encode: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("sim client: %s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("sim client: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("sim client: %s %s: read: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e apiErrorBody
		_ = json.Unmarshal(raw, &e) // the status says enough when the body is not JSON
		kind := fmt.Errorf("status %s", resp.Status)
		switch resp.StatusCode {
		case http.StatusNotFound:
			kind = ErrUserNotFound
		case http.StatusBadRequest:
			kind = ErrRefused
		}
		return fmt.Errorf("sim client: %s %s: %w: %s", method, path, kind, e.Error)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("sim client: %s %s: decode: %w", method, path, err)
		}
	}
	return nil
}
