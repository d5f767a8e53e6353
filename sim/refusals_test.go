package sim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

func inlineKeyboard(data string) string {
	b, _ := json.Marshal(map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "Nút", "callback_data": data}}}})
	return string(b)
}

// Every refusal Telegram makes for these requests, with its answer; each
// one is a violation except 403, which depends on the user.
func TestTelegramRefusals(t *testing.T) {
	s, base := MustServer(t, Options{})
	tok := s.Token()
	u := MustStartedUser(t, s, "Bình")
	fresh := s.CreateUser("Chưa", "Bắt đầu", "")
	blocked := MustStartedUser(t, s, "Chặn")
	if err := s.Block(blocked.ID, true); err != nil {
		t.Fatal(err)
	}
	botMsg := MustCall(t, base, tok, "sendMessage", map[string]string{"chat_id": id(u.ID), "text": "Tin của bot", "reply_markup": inlineKeyboard("a")}, nil)
	if !botMsg.OK {
		t.Fatalf("setup sendMessage: %+v", botMsg)
	}
	var sent struct {
		MessageID int `json:"message_id"`
	}
	_ = json.Unmarshal(botMsg.Result, &sent)
	userMsg, err := s.SendText(u.ID, "tin của người dùng")
	if err != nil {
		t.Fatal(err)
	}
	chat := id(u.ID)
	msg := strconv.Itoa(sent.MessageID)

	tests := []struct {
		name   string
		token  string // the right one when empty
		method string
		fields map[string]string
		files  map[string]fileArg
		code   int
		desc   string
	}{
		{"unknown method", "", "sendFoo", map[string]string{"chat_id": chat}, nil, 404, "Not Found"},
		{"wrong token", "123:wrong", "getMe", nil, nil, 401, "Unauthorized"},
		{"text missing", "", "sendMessage", map[string]string{"chat_id": chat}, nil, 400, "Bad Request: message text is empty"},
		{"text empty", "", "sendMessage", map[string]string{"chat_id": chat, "text": ""}, nil, 400, "Bad Request: message text is empty"},
		{"text blank", "", "sendMessage", map[string]string{"chat_id": chat, "text": " \n "}, nil, 400, "Bad Request: message text is empty"},
		{"text only markup", "", "sendMessage", map[string]string{"chat_id": chat, "text": "<b> </b>", "parse_mode": "HTML"}, nil, 400, "Bad Request: message text is empty"},
		{"chat_id missing", "", "sendMessage", map[string]string{"text": "x"}, nil, 400, "Bad Request: chat_id is empty"},
		{"chat_id not a number", "", "sendMessage", map[string]string{"chat_id": "abc", "text": "x"}, nil, 400, "Bad Request: chat not found"},
		{"forged chat", "", "sendMessage", map[string]string{"chat_id": id(u.ID + 5000), "text": "x"}, nil, 400, "Bad Request: chat not found"},
		{"forged group", "", "sendMessage", map[string]string{"chat_id": "-1001234567890", "text": "x"}, nil, 400, "Bad Request: chat not found"},
		{"@username nobody has", "", "sendMessage", map[string]string{"chat_id": "@nobody", "text": "x"}, nil, 400, "Bad Request: chat not found"},
		{"text too long", "", "sendMessage", map[string]string{"chat_id": chat, "text": strings.Repeat("a", 4097)}, nil, 400, "Bad Request: message is too long"},
		{"emoji count twice", "", "sendMessage", map[string]string{"chat_id": chat, "text": strings.Repeat("😀", 2049)}, nil, 400, "Bad Request: message is too long"},
		{"unclosed HTML tag", "", "sendMessage", map[string]string{"chat_id": chat, "text": "<b>Đơn số 5", "parse_mode": "HTML"}, nil, 400, `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"unescaped < in HTML", "", "sendMessage", map[string]string{"chat_id": chat, "text": "Nguyễn <Văn> A", "parse_mode": "HTML"}, nil, 400,
			fmt.Sprintf(`Bad Request: can't parse entities: Unsupported start tag "văn" at byte offset %d`, strings.Index("Nguyễn <Văn> A", "<"))},
		{"unescaped . in MarkdownV2", "", "sendMessage", map[string]string{"chat_id": chat, "text": "Cảm ơn.", "parse_mode": "MarkdownV2"}, nil, 400, `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
		{"unknown parse_mode", "", "sendMessage", map[string]string{"chat_id": chat, "text": "x", "parse_mode": "XML"}, nil, 400, "Bad Request: unsupported parse_mode"},
		{"callback_data too long", "", "sendMessage", map[string]string{"chat_id": chat, "text": "x", "reply_markup": inlineKeyboard(strings.Repeat("đ", 33))}, nil, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"callback_data empty", "", "sendMessage", map[string]string{"chat_id": chat, "text": "x", "reply_markup": inlineKeyboard("")}, nil, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"text-only inline button", "", "sendMessage", map[string]string{"chat_id": chat, "text": "x", "reply_markup": `{"inline_keyboard":[[{"text":"A"}]]}`}, nil, 400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"reply_markup not JSON", "", "sendMessage", map[string]string{"chat_id": chat, "text": "x", "reply_markup": "{inline"}, nil, 400, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"button text of wrong type", "", "sendMessage", map[string]string{"chat_id": chat, "text": "x", "reply_markup": `{"inline_keyboard":[[{"text":1,"callback_data":"a"}]]}`}, nil, 400, `Bad Request: can't parse reply keyboard markup: Field "text" must be of type String`},
		{"reply to a missing message", "", "sendMessage", map[string]string{"chat_id": chat, "text": "x", "reply_parameters": `{"message_id":9999}`}, nil, 400, "Bad Request: message to be replied not found"},
		{"user never wrote", "", "sendMessage", map[string]string{"chat_id": id(fresh.ID), "text": "x"}, nil, 403, "Forbidden: bot can't initiate conversation with a user"},
		{"user blocked the bot", "", "sendMessage", map[string]string{"chat_id": id(blocked.ID), "text": "x"}, nil, 403, "Forbidden: bot was blocked by the user"},
		{"edit a missing message", "", "editMessageText", map[string]string{"chat_id": chat, "message_id": "9999", "text": "y"}, nil, 400, "Bad Request: message to edit not found"},
		{"edit the user's message", "", "editMessageText", map[string]string{"chat_id": chat, "message_id": strconv.Itoa(userMsg.MessageID), "text": "y"}, nil, 400, "Bad Request: message can't be edited"},
		{"edit to the same", "", "editMessageText", map[string]string{"chat_id": chat, "message_id": msg, "text": "Tin của bot", "reply_markup": inlineKeyboard("a")}, nil, 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"},
		{"edit markup to the same", "", "editMessageReplyMarkup", map[string]string{"chat_id": chat, "message_id": msg, "reply_markup": inlineKeyboard("a")}, nil, 400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"},
		{"edit with a reply keyboard", "", "editMessageText", map[string]string{"chat_id": chat, "message_id": msg, "text": "y", "reply_markup": `{"keyboard":[[{"text":"A"}]]}`}, nil, 400, `Bad Request: can't parse reply keyboard markup: Can't find field "inline_keyboard"`},
		{"delete a missing message", "", "deleteMessage", map[string]string{"chat_id": chat, "message_id": "9999"}, nil, 400, "Bad Request: message to delete not found"},
		{"message_id not a number", "", "deleteMessage", map[string]string{"chat_id": chat, "message_id": "abc"}, nil, 400, `Bad Request: field "message_id" must be of type Integer`},
		{"forged callback query", "", "answerCallbackQuery", map[string]string{"callback_query_id": "424242"}, nil, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid"},
		{"photo missing", "", "sendPhoto", map[string]string{"chat_id": chat}, nil, 400, "Bad Request: there is no photo in the request"},
		{"photo not an image", "", "sendPhoto", map[string]string{"chat_id": chat}, map[string]fileArg{"photo": {"a.jpg", []byte("not an image")}}, 400, "Bad Request: IMAGE_PROCESS_FAILED"},
		{"caption too long", "", "sendPhoto", map[string]string{"chat_id": chat, "caption": strings.Repeat("ả", 1025)}, map[string]fileArg{"photo": {"a.png", pngImage(2, 2)}}, 400, "Bad Request: message caption is too long"},
		{"unknown file_id", "", "sendDocument", map[string]string{"chat_id": chat, "document": "BQACAgUAAxkBAAI"}, nil, 400, "Bad Request: wrong file identifier/HTTP URL specified"},
		{"location off the map", "", "sendLocation", map[string]string{"chat_id": chat, "latitude": "91", "longitude": "105.8"}, nil, 400, "Bad Request: wrong location specified"},
		{"location without longitude", "", "sendLocation", map[string]string{"chat_id": chat, "latitude": "19.9"}, nil, 400, "Bad Request: longitude is empty"},
		{"getFile of nothing", "", "getFile", map[string]string{"file_id": "nothing"}, nil, 400, "Bad Request: invalid file_id"},
		{"upload where a string goes", "", "sendMessage", map[string]string{"chat_id": chat}, map[string]fileArg{"text": {"t.txt", []byte("x")}}, 400, `Bad Request: field "text" must be of type String`},
		{"unknown chat action", "", "sendChatAction", map[string]string{"chat_id": chat, "action": "dancing"}, nil, 400, "Bad Request: wrong parameter action in request"},
		{"bad webhook secret", "", "setWebhook", map[string]string{"url": "https://example.org/hook", "secret_token": "có dấu"}, nil, 400, "Bad Request: secret token contains unallowed characters"},
		{"commands not JSON", "", "setMyCommands", map[string]string{"commands": "help"}, nil, 400, "Bad Request: can't parse commands JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := tt.token
			if token == "" {
				token = tok
			}
			before := len(s.Violations())
			a := MustCall(t, base, token, tt.method, tt.fields, tt.files)
			if a.OK || a.ErrorCode != tt.code || a.Description != tt.desc {
				t.Fatalf("answer = ok:%v %d %q, want %d %q", a.OK, a.ErrorCode, a.Description, tt.code, tt.desc)
			}
			added := len(s.Violations()) - before
			if wantViolation := tt.code != 403; (added > 0) != wantViolation {
				t.Fatalf("violations added = %d, want some: %v", added, wantViolation)
			}
		})
	}
}

// Limits are inclusive: what is exactly at the limit passes.
func TestTelegramAcceptsAtTheLimits(t *testing.T) {
	s, base := MustServer(t, Options{PerChatInterval: time.Nanosecond, GlobalRate: 1e6})
	u := MustStartedUser(t, s, "Giới Hạn")
	chat := id(u.ID)
	tests := []struct {
		name   string
		fields map[string]string
		text   string // the text the user sees
	}{
		{"4096 letters", map[string]string{"text": strings.Repeat("a", 4096)}, strings.Repeat("a", 4096)},
		{"2048 emoji are 4096 units", map[string]string{"text": strings.Repeat("😀", 2048)}, strings.Repeat("😀", 2048)},
		{"4096 after HTML parsing", map[string]string{"text": "<b>" + strings.Repeat("ư", 4096) + "</b>", "parse_mode": "HTML"}, strings.Repeat("ư", 4096)},
		{"64-byte callback data", map[string]string{"text": "x", "reply_markup": inlineKeyboard(strings.Repeat("đ", 32))}, "x"},
		{"escaped HTML", map[string]string{"text": "Nguyễn &lt;Văn&gt; &amp; A", "parse_mode": "HTML"}, "Nguyễn <Văn> & A"},
		{"escaped MarkdownV2", map[string]string{"text": `*Đơn số 5* đã nhận\. Cảm ơn\!`, "parse_mode": "MarkdownV2"}, "Đơn số 5 đã nhận. Cảm ơn!"},
		{"chat by string id", map[string]string{"text": "x", "chat_id": chat}, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := map[string]string{"chat_id": chat}
			for k, v := range tt.fields {
				fields[k] = v
			}
			a := MustCall(t, base, s.Token(), "sendMessage", fields, nil)
			if !a.OK {
				t.Fatalf("refused: %d %s", a.ErrorCode, a.Description)
			}
			var m struct {
				Text string `json:"text"`
			}
			_ = json.Unmarshal(a.Result, &m)
			if m.Text != tt.text {
				t.Fatalf("text = %.40q..., want %.40q...", m.Text, tt.text)
			}
		})
	}
	MustNoViolations(t, s)
}

// More than three messages at once in one chat, or more than GlobalRate a
// second in all, answer 429 with retry_after; the allowance comes back with
// time. The clock is the test's, so nothing here depends on the machine.
func TestTooManyRequests(t *testing.T) {
	clock := newFakeClock()
	s, base := MustServer(t, Options{Now: clock.Now, GlobalRate: 5})
	tok := s.Token()
	a, b := MustStartedUser(t, s, "A"), MustStartedUser(t, s, "B")
	send := func(u User) answer {
		return MustCall(t, base, tok, "sendMessage", map[string]string{"chat_id": id(u.ID), "text": "Thông báo"}, nil)
	}
	for i := range 3 {
		if r := send(a); !r.OK {
			t.Fatalf("message %d of a burst of 3 refused: %s", i+1, r.Description)
		}
	}
	r := send(a)
	if r.OK || r.ErrorCode != 429 || r.Description != "Too Many Requests: retry after 1" || r.Parameters.RetryAfter != 1 {
		t.Fatalf("4th message in one chat: %+v, want 429 retry after 1", r)
	}
	if r := send(b); !r.OK {
		t.Fatalf("another chat is not limited by the first: %s", r.Description)
	}
	clock.Advance(time.Second)
	if r := send(a); !r.OK {
		t.Fatalf("after retry_after the chat may send again: %s", r.Description)
	}

	// global: 5 a second in all, each from a different chat
	clock.Advance(time.Second)
	others := []User{a, b}
	for _, name := range []string{"C", "D", "E", "F"} {
		others = append(others, MustStartedUser(t, s, name))
	}
	for i, u := range others[:5] {
		if r := send(u); !r.OK {
			t.Fatalf("message %d within the global rate refused: %s", i+1, r.Description)
		}
	}
	c := others[5]
	if r := send(c); r.ErrorCode != 429 || r.Parameters.RetryAfter != 1 {
		t.Fatalf("over the global rate: %+v, want 429 retry after 1", r)
	}

	// through the library: a TooManyRequestsError with RetryAfter
	bt := MustBot(t, base, tok, func(context.Context, *bot.Bot, *models.Update) {}, bot.WithSkipGetMe())
	_, err := bt.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: c.ID, Text: "x"})
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter < 1 {
		t.Fatalf("library error = %v, want TooManyRequestsError", err)
	}
	for _, v := range s.Violations() {
		if strings.Contains(v, "Too Many Requests") {
			t.Fatalf("429 recorded as a violation: %s", v)
		}
	}
}

func TestRefusalsThroughTheLibrary(t *testing.T) {
	s, base := MustServer(t, Options{})
	bt := MustBot(t, base, s.Token(), func(context.Context, *bot.Bot, *models.Update) {})
	ctx := context.Background()
	_, err := bt.SendMessage(ctx, &bot.SendMessageParams{ChatID: 424242, Text: "x"})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "chat not found") {
		t.Fatalf("send to a forged chat: %v", err)
	}
	fresh := s.CreateUser("Mới", "", "")
	_, err = bt.SendMessage(ctx, &bot.SendMessageParams{ChatID: fresh.ID, Text: "x"})
	if !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("send to a user who never wrote: %v", err)
	}
	if _, err := bot.New("1:bad", bot.WithServerURL(base)); err == nil || !strings.Contains(err.Error(), "Unauthorized") {
		t.Fatalf("bot.New with a wrong token: %v", err)
	}
}
