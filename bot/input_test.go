package bot

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/go-telegram/bot/models"

	"danchu"
	"danchu/flows"
)

// MustUpdate decodes an update as Telegram sends it.
func MustUpdate(tb testing.TB, raw string) *models.Update {
	tb.Helper()
	var u models.Update
	if err := json.Unmarshal([]byte(raw), &u); err != nil {
		tb.Fatalf("decode update: %v\n%s", err, raw)
	}
	return &u
}

const (
	from       = `"from":{"id":7001,"is_bot":false,"first_name":"Lan","last_name":"Nguyễn","username":"lan","language_code":"vi"}`
	privateTo  = `"chat":{"id":7001,"type":"private","first_name":"Lan"}`
	groupChat  = `"chat":{"id":-100123,"type":"supergroup","title":"Tiểu khu 1"}`
	member     = `{"user":{"id":42,"is_bot":true,"first_name":"Dân chủ"},"status":"member"}`
	kicked     = `{"user":{"id":42,"is_bot":true,"first_name":"Dân chủ"},"status":"kicked","until_date":0}`
	dateFields = `"date":1767225600`
)

func TestChatOf(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want int64
	}{
		{"private message", `{"update_id":1,"message":{"message_id":5,` + from + `,` + privateTo + `,` + dateFields + `,"text":"Chào"}}`, 7001},
		{"edited message", `{"update_id":2,"edited_message":{"message_id":5,` + from + `,` + privateTo + `,` + dateFields + `,"edit_date":1767225700,"text":"Chào bác"}}`, 7001},
		{"group message", `{"update_id":3,"message":{"message_id":5,` + from + `,` + groupChat + `,` + dateFields + `,"text":"Chào"}}`, 0},
		{"button on a message", `{"update_id":4,"callback_query":{"id":"cq1",` + from + `,"message":{"message_id":9,` + privateTo + `,` + dateFields + `,"text":"Chọn"},"chat_instance":"ci","data":"yes"}}`, 7001},
		{"button on an old message", `{"update_id":5,"callback_query":{"id":"cq2",` + from + `,"message":{"message_id":9,` + privateTo + `,"date":0},"chat_instance":"ci","data":"yes"}}`, 7001},
		{"button on an inline message", `{"update_id":6,"callback_query":{"id":"cq3",` + from + `,"inline_message_id":"im1","chat_instance":"ci","data":"yes"}}`, 7001},
		{"blocked the bot", `{"update_id":7,"my_chat_member":{` + privateTo + `,` + from + `,` + dateFields + `,"old_chat_member":` + member + `,"new_chat_member":` + kicked + `}}`, 7001},
		{"added to a group", `{"update_id":8,"my_chat_member":{` + groupChat + `,` + from + `,` + dateFields + `,"old_chat_member":` + kicked + `,"new_chat_member":` + member + `}}`, 0},
		{"inline query", `{"update_id":9,"inline_query":{"id":"q1",` + from + `,"query":"x","offset":""}}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chatOf(MustUpdate(t, tt.raw)); got != tt.want {
				t.Errorf("chatOf = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestInput(t *testing.T) {
	lan := flows.User{ID: 7001, FirstName: "Lan", LastName: "Nguyễn", Username: "lan", LanguageCode: "vi"}
	msg := func(fields string) string {
		return `{"update_id":10,"message":{"message_id":5,` + from + `,` + privateTo + `,` + dateFields + `,` + fields + `}}`
	}
	tests := []struct {
		name   string
		raw    string
		want   flows.Input
		wantOK bool
	}{
		{
			name:   "text trimmed",
			raw:    msg(`"text":"  Đường hỏng 🚧  "`),
			want:   flows.Input{UpdateID: 10, ChatID: 7001, From: lan, Text: "Đường hỏng 🚧"},
			wantOK: true,
		},
		{
			name: "command with vietnamese args",
			raw:  msg(`"text":"/gui_don Đèn đường tắt","entities":[{"type":"bot_command","offset":0,"length":8}]`),
			want: flows.Input{UpdateID: 10, ChatID: 7001, From: lan, Text: "/gui_don Đèn đường tắt",
				Command: "gui_don", Args: "Đèn đường tắt"},
			wantOK: true,
		},
		{
			name: "photo with a command caption, largest size",
			raw: msg(`"photo":[{"file_id":"s","file_unique_id":"us","width":90,"height":60,"file_size":900},` +
				`{"file_id":"l","file_unique_id":"ul","width":1280,"height":853,"file_size":90000},` +
				`{"file_id":"m","file_unique_id":"um","width":320,"height":213,"file_size":9000}],` +
				`"caption":"/gui_don ổ gà","caption_entities":[{"type":"bot_command","offset":0,"length":8}]`),
			want: flows.Input{UpdateID: 10, ChatID: 7001, From: lan, Text: "/gui_don ổ gà", Command: "gui_don", Args: "ổ gà",
				Photos: []flows.File{{FileID: "l", Size: 90000}}},
			wantOK: true,
		},
		{
			name: "document",
			raw:  msg(`"document":{"file_id":"d1","file_unique_id":"ud1","file_name":"don.pdf","mime_type":"application/pdf","file_size":12345}`),
			want: flows.Input{UpdateID: 10, ChatID: 7001, From: lan,
				Documents: []flows.File{{FileID: "d1", FileName: "don.pdf", MimeType: "application/pdf", Size: 12345}}},
			wantOK: true,
		},
		{
			name: "own contact",
			raw:  msg(`"contact":{"phone_number":"84912345678","first_name":"Lan","user_id":7001}`),
			want: flows.Input{UpdateID: 10, ChatID: 7001, From: lan,
				Contact: &flows.Contact{Phone: "84912345678", FirstName: "Lan", UserID: 7001}},
			wantOK: true,
		},
		{
			name:   "location",
			raw:    msg(`"location":{"latitude":20.03,"longitude":105.83}`),
			want:   flows.Input{UpdateID: 10, ChatID: 7001, From: lan, Location: &flows.Location{Latitude: 20.03, Longitude: 105.83}},
			wantOK: true,
		},
		{
			name:   "sticker only",
			raw:    msg(`"sticker":{"file_id":"st","file_unique_id":"ust","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}`),
			want:   flows.Input{UpdateID: 10, ChatID: 7001, From: lan},
			wantOK: false,
		},
		{
			name:   "pressed button",
			raw:    `{"update_id":11,"callback_query":{"id":"cq1",` + from + `,"message":{"message_id":9,` + privateTo + `,` + dateFields + `,"text":"Chọn"},"chat_instance":"ci","data":"kind:report"}}`,
			want:   flows.Input{UpdateID: 11, ChatID: 7001, From: lan, CallbackData: "kind:report", CallbackMessageID: 9},
			wantOK: true,
		},
		{
			name:   "pressed button on an old message",
			raw:    `{"update_id":12,"callback_query":{"id":"cq1",` + from + `,"message":{"message_id":3,` + privateTo + `,"date":0},"chat_instance":"ci","data":"menu"}}`,
			want:   flows.Input{UpdateID: 12, ChatID: 7001, From: lan, CallbackData: "menu", CallbackMessageID: 3},
			wantOK: true,
		},
		{
			name:   "edited message is not a step",
			raw:    `{"update_id":13,"edited_message":{"message_id":5,` + from + `,` + privateTo + `,` + dateFields + `,"edit_date":1767225700,"text":"Chào"}}`,
			want:   flows.Input{UpdateID: 13, ChatID: 7001},
			wantOK: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := input(MustUpdate(t, tt.raw), 7001, "DanChuBot")
			if ok != tt.wantOK || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("input =\n%+v, %v\nwant\n%+v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		name string
		in   flows.Input
		want string
	}{
		{"vietnamese phone", flows.Input{From: flows.User{LanguageCode: "vi"}}, "vi"},
		{"no language", flows.Input{}, "vi"},
		{"english phone", flows.Input{From: flows.User{LanguageCode: "en-GB"}}, "en"},
		{"resident's choice first", flows.Input{From: flows.User{LanguageCode: "vi"}, Resident: &danchu.Resident{Language: "en"}}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := language(tt.in); got != tt.want {
				t.Errorf("language = %q, want %q", got, tt.want)
			}
		})
	}
}
