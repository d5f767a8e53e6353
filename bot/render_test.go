package bot

import (
	"context"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"danchu/flows"
)

const chat = int64(7001)

func TestRender(t *testing.T) {
	yesNo := [][]flows.Button{{{Text: "Có", Data: "yes"}, {Text: "Không", Data: "no"}}}
	inline := inlineKeyboard{InlineKeyboard: [][]inlineButton{{{Text: "Có", CallbackData: "yes"}, {Text: "Không", CallbackData: "no"}}}}
	tests := []struct {
		name    string
		cbMsgID int
		replies []flows.Reply
		want    []outgoing
	}{
		{
			name:    "plain text, no parse mode",
			replies: []flows.Reply{{Text: "Xin chào <b>bác</b> *Lan*"}},
			want:    []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Xin chào <b>bác</b> *Lan*"}}},
		},
		{
			name:    "inline buttons",
			replies: []flows.Reply{{Text: "Gửi đơn?", Buttons: yesNo}},
			want:    []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Gửi đơn?", ReplyMarkup: inline}}},
		},
		{
			name:    "reply keyboard with a contact button first",
			replies: []flows.Reply{{Text: "Số điện thoại của bác?", Keyboard: [][]string{{"Huỷ"}}, RequestContact: "📱 Gửi số điện thoại"}},
			want: []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Số điện thoại của bác?",
				ReplyMarkup: &models.ReplyKeyboardMarkup{ResizeKeyboard: true, Keyboard: [][]models.KeyboardButton{
					{{Text: "📱 Gửi số điện thoại", RequestContact: true}},
					{{Text: "Huỷ"}},
				}}}}},
		},
		{
			name:    "contact button alone",
			replies: []flows.Reply{{Text: "Bấm nút bên dưới", RequestContact: "Gửi số"}},
			want: []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Bấm nút bên dưới",
				ReplyMarkup: &models.ReplyKeyboardMarkup{ResizeKeyboard: true, Keyboard: [][]models.KeyboardButton{{{Text: "Gửi số", RequestContact: true}}}}}}},
		},
		{
			name:    "remove keyboard",
			replies: []flows.Reply{{Text: "Cảm ơn bác", RemoveKeyboard: true}},
			want: []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Cảm ơn bác",
				ReplyMarkup: &models.ReplyKeyboardRemove{RemoveKeyboard: true}}}},
		},
		{
			name:    "edit the pressed message, new message if it cannot be edited",
			cbMsgID: 9,
			replies: []flows.Reply{{Text: "Đã chọn: Có", Edit: true, Buttons: yesNo}},
			want: []outgoing{{
				edit:     &tgbot.EditMessageTextParams{ChatID: chat, MessageID: 9, Text: "Đã chọn: Có", ReplyMarkup: inline},
				fallback: &tgbot.SendMessageParams{ChatID: chat, Text: "Đã chọn: Có", ReplyMarkup: inline},
			}},
		},
		{
			name:    "edit without a pressed button sends",
			replies: []flows.Reply{{Text: "Đã chọn", Edit: true}},
			want:    []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Đã chọn"}}},
		},
		{
			name:    "edit with a reply keyboard sends",
			cbMsgID: 9,
			replies: []flows.Reply{{Text: "Số điện thoại?", Edit: true, RequestContact: "Gửi số"}},
			want: []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Số điện thoại?",
				ReplyMarkup: &models.ReplyKeyboardMarkup{ResizeKeyboard: true, Keyboard: [][]models.KeyboardButton{{{Text: "Gửi số", RequestContact: true}}}}}}},
		},
		{
			name:    "document with caption",
			replies: []flows.Reply{{Text: "Phiếu tiếp nhận", Document: &flows.Attachment{FileName: "phieu.pdf", Data: []byte("%PDF")}}},
			want: []outgoing{{document: &tgbot.SendDocumentParams{ChatID: chat, Caption: "Phiếu tiếp nhận"},
				fileName: "phieu.pdf", fileData: []byte("%PDF")}},
		},
		{
			name: "files by file_id after the text with its buttons, then the location",
			replies: []flows.Reply{{Text: "📎 Tệp đính kèm", Buttons: yesNo, Files: []flows.File{
				{Kind: flows.FilePhoto, FileID: "AgACphoto"},
				{Kind: flows.FileDocument, FileID: "BQACdoc", FileName: "so-do.pdf"},
				{FileID: "BQACother"},   // no kind: sent as a document, which takes any file
				{Kind: flows.FilePhoto}, // no file_id: nothing to send
			}, Location: &flows.Location{Latitude: 19.9921, Longitude: 105.8413}}},
			want: []outgoing{
				{message: &tgbot.SendMessageParams{ChatID: chat, Text: "📎 Tệp đính kèm", ReplyMarkup: inline}},
				{photo: &tgbot.SendPhotoParams{ChatID: chat, Photo: &models.InputFileString{Data: "AgACphoto"}}},
				{documentRef: &tgbot.SendDocumentParams{ChatID: chat, Document: &models.InputFileString{Data: "BQACdoc"}}},
				{documentRef: &tgbot.SendDocumentParams{ChatID: chat, Document: &models.InputFileString{Data: "BQACother"}}},
				{location: &tgbot.SendLocationParams{ChatID: chat, Latitude: 19.9921, Longitude: 105.8413}},
			},
		},
		{
			name:    "a location alone",
			replies: []flows.Reply{{Location: &flows.Location{Latitude: -0.5, Longitude: 0}}},
			want:    []outgoing{{location: &tgbot.SendLocationParams{ChatID: chat, Latitude: -0.5, Longitude: 0}}},
		},
		{
			name:    "empty text is not sent",
			replies: []flows.Reply{{Text: "  "}, {Text: "Một"}},
			want:    []outgoing{{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Một"}}},
		},
		{
			name:    "several replies in order",
			replies: []flows.Reply{{Text: "Một"}, {Text: "Hai"}},
			want: []outgoing{
				{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Một"}},
				{message: &tgbot.SendMessageParams{ChatID: chat, Text: "Hai"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(chat, tt.cbMsgID, tt.replies)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("render =\n%s\nwant\n%s", dump(t, got), dump(t, tt.want))
			}
		})
	}
}

func dump(tb testing.TB, calls []outgoing) string {
	tb.Helper()
	var b strings.Builder
	for _, c := range calls {
		for _, p := range []any{c.message, c.edit, c.fallback, c.document, c.photo, c.documentRef, c.location} {
			if reflect.ValueOf(p).IsNil() {
				continue
			}
			j, err := json.Marshal(p)
			if err != nil {
				tb.Fatal(err)
			}
			b.Write(j)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// The inline keyboard's JSON holds only text and callback_data: no empty
// copy_text, which models.InlineKeyboardButton would send.
func TestInlineKeyboardJSON(t *testing.T) {
	markup, inline := replyMarkup(flows.Reply{Buttons: [][]flows.Button{{{Text: "Đồng ý", Data: "consent:yes"}}}})
	if !inline {
		t.Fatal("buttons are not inline")
	}
	got, err := json.Marshal(markup)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"inline_keyboard":[[{"text":"Đồng ý","callback_data":"consent:yes"}]]}`
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// A document goes with a fresh reader each time, so a retried call sends the
// whole file.
func TestDocumentParamsReadAgain(t *testing.T) {
	calls := render(chat, 0, []flows.Reply{{Text: "Tệp", Document: &flows.Attachment{FileName: "a.txt", Data: []byte("nội dung")}}})
	for i := range 2 {
		up, ok := calls[0].documentParams().Document.(*models.InputFileUpload)
		if !ok {
			t.Fatalf("document is %T", calls[0].documentParams().Document)
		}
		data, err := io.ReadAll(up.Data)
		if err != nil || string(data) != "nội dung" || up.Filename != "a.txt" {
			t.Fatalf("read %d: %q, %q, %v", i, up.Filename, data, err)
		}
	}
}

func TestRenderLongCaption(t *testing.T) {
	text := strings.Repeat("Đơn số 12. ", 200) // 2200 units: too long for a caption
	calls := render(chat, 0, []flows.Reply{{Text: text, Buttons: [][]flows.Button{{{Text: "OK", Data: "ok"}}}, Document: &flows.Attachment{FileName: "a.pdf", Data: []byte("x")}}})
	if len(calls) != 2 || calls[0].document == nil || calls[1].message == nil {
		t.Fatalf("calls:\n%s", dump(t, calls))
	}
	if calls[0].document.Caption != "" || calls[0].document.ReplyMarkup != nil {
		t.Errorf("document has caption %q, markup %v", calls[0].document.Caption, calls[0].document.ReplyMarkup)
	}
	if calls[1].message.Text != text || calls[1].message.ReplyMarkup == nil {
		t.Errorf("text message lost the text or the buttons")
	}
}

func TestRenderLongTextKeyboardOnLast(t *testing.T) {
	text := strings.Repeat("Thông báo họp tiểu khu 🏠\n", 400) // 26 units a line, 10400 in all
	calls := render(chat, 0, []flows.Reply{{Text: text, Buttons: [][]flows.Button{{{Text: "Đã đọc", Data: "read"}}}}})
	if len(calls) != 3 {
		t.Fatalf("%d messages, want 3", len(calls))
	}
	var joined strings.Builder
	for i, c := range calls {
		if n := utf16Len(c.message.Text); n > maxTextUnits {
			t.Errorf("message %d has %d units", i, n)
		}
		if hasMarkup := c.message.ReplyMarkup != nil; hasMarkup != (i == len(calls)-1) {
			t.Errorf("message %d: markup %v", i, hasMarkup)
		}
		joined.WriteString(c.message.Text)
	}
	if joined.String() != text {
		t.Error("the pieces do not give the text back")
	}
}

func TestRenderLongEdit(t *testing.T) {
	text := strings.Repeat("a", maxTextUnits) + "b"
	calls := render(chat, 9, []flows.Reply{{Text: text, Edit: true, Buttons: [][]flows.Button{{{Text: "OK", Data: "ok"}}}}})
	if len(calls) != 2 || calls[0].edit == nil || calls[1].message == nil {
		t.Fatalf("calls:\n%s", dump(t, calls))
	}
	if calls[0].edit.ReplyMarkup != nil || calls[1].message.Text != "b" || calls[1].message.ReplyMarkup == nil {
		t.Errorf("the buttons must go under the last piece:\n%s", dump(t, calls))
	}
}

func TestSplitText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short", "Chào bác", 10, []string{"Chào bác"}},
		{"at a space", "Chào bác Lan", 9, []string{"Chào bác ", "Lan"}},
		{"at a line break first", "Một hai\nba bốn năm", 14, []string{"Một hai\n", "ba bốn năm"}},
		{"emoji never cut in half", "ab🚧🚧", 3, []string{"ab", "🚧", "🚧"}},
		{"no space: hard cut", "Nghịđịnh", 4, []string{"Nghị", "định"}},
		{"exact limit", "abcd", 4, []string{"abcd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitText(tt.text, tt.limit)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("splitText(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
			for _, piece := range got {
				if n := len(utf16.Encode([]rune(piece))); n > tt.limit {
					t.Errorf("piece %q has %d units", piece, n)
				}
			}
		})
	}
}

func TestCommandParams(t *testing.T) {
	h := commandsOnly{
		"vi": {{Command: "gui_don", Description: "Gửi đơn"}, {Command: "help", Description: "Trợ giúp"}},
		"en": {{Command: "gui_don", Description: "Send a petition"}},
	}
	got := commandParams(h, "en", "en")
	want := &tgbot.SetMyCommandsParams{LanguageCode: "en", Commands: []models.BotCommand{{Command: "gui_don", Description: "Send a petition"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := commandParams(h, "vi", ""); got == nil || got.LanguageCode != "" || len(got.Commands) != 2 {
		t.Errorf("vi: %+v", got)
	}
	if got := commandParams(h, "fr", "fr"); got != nil {
		t.Errorf("no commands must make no call: %+v", got)
	}
}

// commandsOnly is a Handler that only has a menu.
type commandsOnly map[string][]flows.Command

func (commandsOnly) Handle(context.Context, flows.Input) ([]flows.Reply, error) { return nil, nil }
func (commandsOnly) ErrorReplies(string, error) []flows.Reply                   { return nil }
func (c commandsOnly) Commands(lang string) []flows.Command                     { return c[lang] }
