package sim

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func mustSpec(tb testing.TB) *apiSpec {
	tb.Helper()
	sp, err := loadSpec()
	if err != nil {
		tb.Fatal(err)
	}
	return sp
}

func TestSpecCheck(t *testing.T) {
	sp := mustSpec(t)
	tests := []struct {
		name     string
		method   string
		values   map[string]string
		files    []string
		problems []string // details, in order
		unknown  []string
	}{
		{"complete", "sendMessage", map[string]string{"chat_id": "1", "text": "x"}, nil, nil, nil},
		{"missing required", "sendMessage", map[string]string{"chat_id": "1"}, nil, []string{`missing required field "text"`}, nil},
		{"empty counts as missing", "deleteMessage", map[string]string{"chat_id": "1", "message_id": ""}, nil, []string{`missing required field "message_id"`}, nil},
		{"integer wanted", "deleteMessage", map[string]string{"chat_id": "1", "message_id": "1.5"}, nil, []string{`field "message_id": "1.5" is not of type Integer`}, nil},
		{"chat by @username", "sendMessage", map[string]string{"chat_id": "@kenh", "text": "x"}, nil, nil, nil},
		{"chat neither", "sendMessage", map[string]string{"chat_id": "abc", "text": "x"}, nil, []string{`field "chat_id": "abc" is neither an Integer nor an @username`}, nil},
		{"boolean wanted", "sendMessage", map[string]string{"chat_id": "1", "text": "x", "disable_notification": "yes"}, nil, []string{`field "disable_notification": "yes" is not of type Boolean`}, nil},
		{"float", "sendLocation", map[string]string{"chat_id": "1", "latitude": "19.98", "longitude": "abc"}, nil, []string{`field "longitude": "abc" is not of type Float`}, nil},
		{"unknown field recorded", "sendMessage", map[string]string{"chat_id": "1", "text": "x", "colour": "red"}, nil, nil, []string{"colour"}},
		{"nested unknown field", "sendMessage", map[string]string{"chat_id": "1", "text": "x", "reply_markup": `{"inline_keyboard":[[{"text":"a","callback_data":"b","colour":1}]]}`}, nil, nil, []string{"reply_markup.inline_keyboard[0][0].colour"}},
		{"nested wrong type", "sendMessage", map[string]string{"chat_id": "1", "text": "x", "entities": `[{"type":"bold","offset":"0","length":1}]`}, nil, []string{"field entities[0].offset: must be of type Integer"}, nil},
		{"array wanted", "setMyCommands", map[string]string{"commands": `{"command":"a","description":"b"}`}, nil, []string{"field commands: must be of type Array"}, nil},
		{"union picks the fitting type", "sendMessage", map[string]string{"chat_id": "1", "text": "x", "reply_markup": `{"remove_keyboard":true}`}, nil, nil, nil},
		{"subtype by its type value", "setMyCommands", map[string]string{"commands": `[]`, "scope": `{"type":"chat"}`}, nil, []string{"field scope.chat_id: is required in BotCommandScopeChat"}, nil},
		{"subtype complete", "setMyCommands", map[string]string{"commands": `[]`, "scope": `{"type":"chat","chat_id":5}`}, nil, nil, nil},
		{"upload where allowed", "sendPhoto", map[string]string{"chat_id": "1"}, []string{"photo"}, nil, nil},
		{"upload where not allowed", "sendMessage", map[string]string{"chat_id": "1", "text": "x"}, []string{"entities"}, []string{`field "entities" is a file upload but the API expects Array of MessageEntity`}, nil},
		{"attached file referenced", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"photo","media":"attach://p1"},{"type":"photo","media":"attach://p2"}]`}, []string{"p1", "p2"}, nil, nil},
		{"attached file missing", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"photo","media":"attach://p1"},{"type":"photo","media":"x"}]`}, nil, []string{"attach://p1 refers to no uploaded file"}, nil},
		{"loose file is unknown", "sendMessage", map[string]string{"chat_id": "1", "text": "x"}, []string{"extra"}, nil, []string{"extra"}},
		{"media type value", "sendMediaGroup", map[string]string{"chat_id": "1", "media": `[{"type":"picture","media":"x"}]`}, nil, []string{`field media[0].type: must be one of "audio", "document", "live_photo", "photo", "video"`}, nil},
		{"not JSON", "sendMessage", map[string]string{"chat_id": "1", "text": "x", "reply_markup": "{"}, nil, []string{`field "reply_markup": not valid JSON for InlineKeyboardMarkup or ReplyKeyboardMarkup or ReplyKeyboardRemove or ForceReply: unexpected EOF`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &form{values: tt.values, files: map[string]*upload{}}
			for _, name := range tt.files {
				f.files[name] = &upload{FileName: name, Data: []byte("x")}
			}
			res := sp.check(tt.method, f)
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Detail)
			}
			if !reflect.DeepEqual(got, tt.problems) {
				t.Errorf("problems = %q, want %q", got, tt.problems)
			}
			if !reflect.DeepEqual(res.Unknown, tt.unknown) {
				t.Errorf("unknown = %q, want %q", res.Unknown, tt.unknown)
			}
		})
	}
}

// Requests that the real API refuses, and with Strict fields it does not
// know, show up in Violations; Requests lists every call with its fields.
func TestViolationsAndRequests(t *testing.T) {
	for _, strict := range []bool{false, true} {
		s, base := MustServer(t, Options{Strict: strict})
		u := MustStartedUser(t, s, "Spec")
		MustCall(t, base, s.Token(), "sendMessage", map[string]string{"chat_id": id(u.ID)}, nil)
		MustCall(t, base, s.Token(), "deleteMessage", map[string]string{"chat_id": id(u.ID), "message_id": "abc"}, nil)
		MustCall(t, base, s.Token(), "sendMesage", map[string]string{"chat_id": id(u.ID), "text": "x"}, nil)
		MustCall(t, base, s.Token(), "sendMessage", map[string]string{"chat_id": id(u.ID), "text": "x", "colour": "red"}, nil)
		want := []string{
			`sendMessage: missing required field "text"`,
			`deleteMessage: field "message_id": "abc" is not of type Integer`,
			`sendMesage: unknown method "sendMesage"`,
		}
		if strict {
			want = append(want, `sendMessage: unknown field "colour" (Telegram ignores it)`)
		}
		if got := s.Violations(); !reflect.DeepEqual(got, want) {
			t.Errorf("strict=%v: violations = %q, want %q", strict, got, want)
		}
		reqs := s.Requests()
		last := reqs[len(reqs)-1]
		if last.Method != "sendMessage" || !reflect.DeepEqual(last.Fields, []string{"chat_id", "colour", "text"}) || !reflect.DeepEqual(last.Unknown, []string{"colour"}) || last.ErrorCode != 0 {
			t.Errorf("last request = %+v", last)
		}
	}
}

// Method names match case-insensitively, as on Telegram; the other methods
// of the real API are known but answered 501 by the simulator, and that is
// a violation too, so a test notices.
func TestMethodNames(t *testing.T) {
	s, base := MustServer(t, Options{})
	if a := MustCall(t, base, s.Token(), "getme", nil, nil); !a.OK {
		t.Fatalf("getme: %+v", a)
	}
	a := MustCall(t, base, s.Token(), "sendPoll", map[string]string{"chat_id": "1", "question": "?", "options": `[{"text":"a"},{"text":"b"}]`}, nil)
	if a.ErrorCode != 501 || !strings.Contains(a.Description, "sendPoll") {
		t.Fatalf("sendPoll: %+v, want 501", a)
	}
	if v := s.Violations(); len(v) != 1 {
		t.Fatalf("violations = %q", v)
	}
}

// What the simulator sends the bot conforms to the API's own types.
func TestWireConformsToTheSpec(t *testing.T) {
	sp := mustSpec(t)
	s, base := MustServer(t, Options{PerChatInterval: 1, GlobalRate: 1e6})
	u := MustStartedUser(t, s, "Wire")
	c := NewClient(base, nil)
	sendPhoto := MustCall(t, base, s.Token(), "sendPhoto", map[string]string{"chat_id": id(u.ID), "caption": "<b>Ảnh</b>", "parse_mode": "HTML", "reply_markup": inlineKeyboard("x")},
		map[string]fileArg{"photo": {"a.png", pngImage(3, 3)}})
	var photoMsg struct {
		MessageID int `json:"message_id"`
	}
	_ = json.Unmarshal(sendPhoto.Result, &photoMsg)
	results := map[string]json.RawMessage{
		"getMe":     MustCall(t, base, s.Token(), "getMe", nil, nil).Result,
		"sendPhoto": sendPhoto.Result,
		"sendDocument": MustCall(t, base, s.Token(), "sendDocument", map[string]string{"chat_id": id(u.ID)},
			map[string]fileArg{"document": {"a.txt", []byte("văn bản")}}).Result,
		"getWebhookInfo": MustCall(t, base, s.Token(), "getWebhookInfo", nil, nil).Result,
		"sendLocation": MustCall(t, base, s.Token(), "sendLocation", map[string]string{"chat_id": id(u.ID), "latitude": "19.9836", "longitude": "105.8412",
			"reply_markup": inlineKeyboard("x")}, nil).Result,
	}
	types := map[string]string{"getMe": "User", "sendPhoto": "Message", "sendDocument": "Message", "getWebhookInfo": "WebhookInfo", "sendLocation": "Message"}
	ctx := t.Context()
	steps := []func() error{
		func() error { _, err := c.SendText(ctx, u.ID, "Chào /help"); return err },
		func() error { _, err := c.ShareContact(ctx, u.ID); return err },
		func() error { _, err := c.SendPhoto(ctx, u.ID, pngImage(2, 2), "ảnh"); return err },
		func() error { _, err := c.SendDocument(ctx, u.ID, []byte("x"), "a.pdf"); return err },
		func() error { _, err := c.SendLocation(ctx, u.ID, 19.98, 105.84); return err },
		func() error { _, err := c.Press(ctx, u.ID, photoMsg.MessageID, "x"); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	a := MustCall(t, base, s.Token(), "getUpdates", nil, nil)
	var ups []json.RawMessage
	_ = json.Unmarshal(a.Result, &ups)
	for i, raw := range ups {
		results["update "+string(rune('0'+i))] = raw
		types["update "+string(rune('0'+i))] = "Update"
	}
	if len(ups) != len(steps)+1 { // +1: the /start of MustStartedUser
		t.Fatalf("updates = %d, want %d", len(ups), len(steps)+1)
	}
	for name, raw := range results {
		v, err := decodeJSON(string(raw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		unknown, terr := sp.checkValue(v, []string{types[name]}, name, 0, map[string]bool{})
		if terr != nil {
			t.Errorf("%s does not conform to %s: %s %s\n%s", name, types[name], terr.path, terr.detail, raw)
		}
		if len(unknown) > 0 {
			t.Errorf("%s has fields %s does not know: %v", name, types[name], unknown)
		}
	}
}
