package sim

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

// MustJSON makes a users' API call and returns the status and body.
func MustJSON(tb testing.TB, method, url string, body any) (int, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

func TestUsersAPI(t *testing.T) {
	s, base := MustServer(t, Options{PerChatInterval: 1, GlobalRate: 1e6})
	api := base + "/sim/api"
	photo := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngImage(2, 2))

	status, raw := MustJSON(t, "POST", api+"/users", map[string]string{"first_name": "Lan", "last_name": "Trần", "phone": "+84911111111"})
	var lan User
	_ = json.Unmarshal(raw, &lan)
	if status != 200 || lan.ID != 100001 || lan.FirstName != "Lan" {
		t.Fatalf("create user: %d %s", status, raw)
	}
	nophone := s.CreateUser("Không", "Số", "")
	uid := "/users/" + id(lan.ID)

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"user without a first name", "POST", "/users", map[string]string{"last_name": "X"}, 400},
		{"list", "GET", "/users", nil, 200},
		{"text", "POST", uid + "/send", map[string]any{"text": "/start"}, 200},
		{"photo as a data URL", "POST", uid + "/send", map[string]any{"photo": photo, "caption": "ảnh"}, 200},
		{"document", "POST", uid + "/send", map[string]any{"document": base64.StdEncoding.EncodeToString([]byte("abc")), "file_name": "a.txt"}, 200},
		{"location", "POST", uid + "/send", map[string]any{"location": map[string]float64{"latitude": 19.98, "longitude": 105.84}}, 200},
		{"contact", "POST", uid + "/send", map[string]any{"contact": true}, 200},
		{"contact without a phone", "POST", "/users/" + id(nophone.ID) + "/send", map[string]any{"contact": true}, 400},
		{"two things at once", "POST", uid + "/send", map[string]any{"text": "a", "contact": true}, 400},
		{"nothing", "POST", uid + "/send", map[string]any{}, 400},
		{"empty text", "POST", uid + "/send", map[string]any{"text": "  "}, 400},
		{"not an image", "POST", uid + "/send", map[string]any{"photo": base64.StdEncoding.EncodeToString([]byte("abc"))}, 400},
		{"not base64", "POST", uid + "/send", map[string]any{"document": "%%%"}, 400},
		{"location off the globe", "POST", uid + "/send", map[string]any{"location": map[string]float64{"latitude": 91}}, 400},
		{"unknown user", "POST", "/users/999/send", map[string]any{"text": "a"}, 404},
		{"press on the user's own message", "POST", uid + "/press", map[string]any{"message_id": 1, "data": "x"}, 400},
		{"messages", "GET", uid + "/messages?after=0", nil, 200},
		{"messages with a bad after", "GET", uid + "/messages?after=x", nil, 400},
		{"messages of nobody", "GET", "/users/999/messages", nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, raw := MustJSON(t, tt.method, api+tt.path, tt.body); status != tt.status {
				t.Fatalf("%s %s: %d %s, want %d", tt.method, tt.path, status, raw, tt.status)
			}
		})
	}

	ctx := context.Background()
	c := NewClient(base, nil)
	msgs, err := c.Messages(ctx, lan.ID, 0, 0)
	if err != nil || len(msgs) != 5 {
		t.Fatalf("messages = %d (%v), want 5", len(msgs), err)
	}
	if f := msgs[1].Files; len(f) != 1 || f[0].Kind != "photo" || msgs[1].Text != "ảnh" {
		t.Fatalf("photo message = %+v", msgs[1])
	}
	if data, err := c.Download(ctx, msgs[2].Files[0]); err != nil || string(data) != "abc" {
		t.Fatalf("download = %q, %v", data, err)
	}
	if m := msgs[4]; m.Contact == nil || m.Contact.Phone != "+84911111111" || m.Contact.UserID != lan.ID {
		t.Fatalf("contact message = %+v", m)
	}

	// the client maps errors the way the server's own methods return them
	if _, err := c.Press(ctx, lan.ID, 1, "x"); !errors.Is(err, ErrRefused) {
		t.Fatalf("press on no button: %v, want ErrRefused", err)
	}
	if _, err := c.SendText(ctx, 999, "a"); !errors.Is(err, ErrUserNotFound) {
		t.Fatalf("unknown user: %v, want ErrUserNotFound", err)
	}
	if us, err := c.Users(ctx); err != nil || len(us) != 2 || !us[0].Started || us[1].Started {
		t.Fatalf("users = %+v, %v", us, err)
	}
}

// Edits and deletions count as newer messages; reply keyboards come and go;
// a waiting call answers as soon as something changes.
func TestMessagesShowChanges(t *testing.T) {
	s, base := MustServer(t, Options{PerChatInterval: 1, GlobalRate: 1e6})
	u := MustStartedUser(t, s, "Thay Đổi")
	c := NewClient(base, nil)
	ctx := context.Background()
	chat := id(u.ID)
	call := func(method string, fields map[string]string) answer {
		t.Helper()
		fields["chat_id"] = chat
		a := MustCall(t, base, s.Token(), method, fields, nil)
		if !a.OK {
			t.Fatalf("%s: %s", method, a.Description)
		}
		return a
	}
	call("sendMessage", map[string]string{"text": "Chia sẻ số điện thoại?", "reply_markup": `{"keyboard":[[{"text":"📱 Gửi số","request_contact":true}],[{"text":"Huỷ"}]],"one_time_keyboard":true,"input_field_placeholder":"Chọn"}`})
	a := call("sendMessage", map[string]string{"text": "Đơn số 1", "reply_markup": inlineKeyboard("xem")})
	var sent struct {
		MessageID int `json:"message_id"`
	}
	_ = json.Unmarshal(a.Result, &sent)

	msgs, err := c.Messages(ctx, u.ID, 0, 0)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("messages = %+v, %v", msgs, err)
	}
	kb := msgs[1]
	want := [][]Button{{{Text: "📱 Gửi số", RequestContact: true}}, {{Text: "Huỷ"}}}
	if !jsonEqual(kb.ReplyKeyboard, want) || !kb.OneTimeKeyboard || kb.Placeholder != "Chọn" {
		t.Fatalf("reply keyboard message = %+v", kb)
	}
	last := msgs[2].Seq

	waiting := make(chan []Message, 1)
	go func() {
		m, err := c.Messages(ctx, u.ID, last, 20*time.Second)
		if err != nil {
			t.Errorf("waiting messages: %v", err)
		}
		waiting <- m
	}()
	call("editMessageText", map[string]string{"message_id": id(int64(sent.MessageID)), "text": "Đơn số 1: đã tiếp nhận"})
	select {
	case got := <-waiting:
		if len(got) != 1 || got[0].ID != sent.MessageID || !got[0].Edited || got[0].Text != "Đơn số 1: đã tiếp nhận" || got[0].Seq <= last {
			t.Fatalf("after the edit: %+v", got)
		}
		last = got[0].Seq
	case <-time.After(waitLong):
		t.Fatal("a waiting messages call did not see the edit")
	}

	call("deleteMessage", map[string]string{"message_id": id(int64(sent.MessageID))})
	call("sendMessage", map[string]string{"text": "Xong", "reply_markup": `{"remove_keyboard":true}`})
	got, err := c.Messages(ctx, u.ID, last, 0)
	if err != nil || len(got) != 2 || !got[0].Deleted || got[0].ID != sent.MessageID || !got[1].RemoveKeyboard {
		t.Fatalf("after delete and keyboard removal: %+v, %v", got, err)
	}
	MustNoViolations(t, s)
}

func TestBlockedUser(t *testing.T) {
	s, base := MustServer(t, Options{})
	u := MustStartedUser(t, s, "Chặn")
	c := NewClient(base, nil)
	ctx := context.Background()
	if err := c.Block(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if a := MustCall(t, base, s.Token(), "sendMessage", map[string]string{"chat_id": id(u.ID), "text": "x"}, nil); a.ErrorCode != 403 {
		t.Fatalf("send to a user who blocked the bot: %+v", a)
	}
	if _, err := c.SendText(ctx, u.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	if a := MustCall(t, base, s.Token(), "sendMessage", map[string]string{"chat_id": id(u.ID), "text": "x"}, nil); !a.OK {
		t.Fatalf("after the user wrote again: %+v", a)
	}
	MustNoViolations(t, s)
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
