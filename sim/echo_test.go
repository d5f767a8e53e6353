package sim

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// echoBot answers like a small real bot: texts with an inline button,
// presses with an edit, photos and documents sent back after getFile and a
// download, contacts and locations with a line, /album with a media group,
// /menu with a reply keyboard that asks for the contact.
func echoBot(tb testing.TB, seen updates) bot.HandlerFunc {
	return func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if seen != nil {
			seen <- u
		}
		// a call cut short by the end of the test is no failure of the bot
		if err := echo(ctx, b, u); err != nil && ctx.Err() == nil {
			tb.Errorf("echo bot: %v", err)
		}
	}
}

func echo(ctx context.Context, b *bot.Bot, u *models.Update) error {
	if q := u.CallbackQuery; q != nil {
		if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: "Đã nhận"}); err != nil {
			return err
		}
		msg := q.Message.Message
		if msg == nil {
			return fmt.Errorf("callback query message decoded as inaccessible (no date)")
		}
		_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: msg.Chat.ID, MessageID: msg.ID, Text: msg.Text + " (đã bấm " + q.Data + ")"})
		return err
	}
	m := u.Message
	if m == nil {
		return nil
	}
	chatID := m.Chat.ID
	switch {
	case m.Text == "/album":
		png := pngImage(3, 2)
		_, err := b.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: chatID, Media: []models.InputMedia{
			&models.InputMediaPhoto{Media: "attach://a.png", MediaAttachment: bytes.NewReader(png), Caption: "Ảnh 1"},
			&models.InputMediaPhoto{Media: "attach://b.png", MediaAttachment: bytes.NewReader(png)},
		}})
		return err
	case m.Text == "/menu":
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID, Text: "Chọn một nút bên dưới",
			ReplyMarkup: &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{
				{{Text: "📱 Gửi số điện thoại", RequestContact: true}},
				{{Text: "Huỷ"}},
			}, OneTimeKeyboard: true, ResizeKeyboard: true}})
		return err
	case m.Text != "":
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID: chatID,
			Text:   "Bạn nói: " + m.Text,
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
				{{Text: "Sửa", CallbackData: "sua"}},
			}},
		})
		return err
	case len(m.Photo) > 0:
		data, err := download(ctx, b, m.Photo[len(m.Photo)-1].FileID)
		if err != nil {
			return err
		}
		_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: chatID, Caption: "Ảnh của bạn",
			Photo: &models.InputFileUpload{Filename: "lai.png", Data: bytes.NewReader(data)}})
		return err
	case m.Document != nil:
		data, err := download(ctx, b, m.Document.FileID)
		if err != nil {
			return err
		}
		_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: chatID, Caption: "Tệp của bạn: " + m.Document.FileName,
			Document: &models.InputFileUpload{Filename: m.Document.FileName, Data: bytes.NewReader(data)}})
		return err
	case m.Contact != nil:
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID, Text: fmt.Sprintf("Số của bạn: %s (user %d)", m.Contact.PhoneNumber, m.Contact.UserID)})
		return err
	case m.Location != nil:
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chatID, Text: fmt.Sprintf("Vị trí: %.4f, %.4f", m.Location.Latitude, m.Location.Longitude)}); err != nil {
			return err
		}
		// and the point back, a little to the north
		_, err := b.SendLocation(ctx, &bot.SendLocationParams{ChatID: chatID, Latitude: m.Location.Latitude + 0.001, Longitude: m.Location.Longitude})
		return err
	}
	return nil
}

func download(ctx context.Context, b *bot.Bot, fileID string) ([]byte, error) {
	f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: fileID})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.FileDownloadLink(f), nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download %s: %s", f.FilePath, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

func TestEchoBotTextButtonAndEdit(t *testing.T) {
	s, base := MustServer(t, Options{Strict: true})
	MustBot(t, base, s.Token(), echoBot(t, nil))
	c := NewClient(base, nil)
	ctx := context.Background()

	u, err := c.CreateUser(ctx, "Lan", "Trần", "+84911111111")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendText(ctx, u.ID, "Xin chào bot"); err != nil {
		t.Fatal(err)
	}
	reply := MustWait(t, c, u.ID, 0, "the echo", fromBotWithText("Bạn nói: Xin chào bot"))
	if len(reply.InlineKeyboard) != 1 || reply.InlineKeyboard[0][0] != (Button{Text: "Sửa", Data: "sua"}) {
		t.Fatalf("inline keyboard = %+v, want one button Sửa/sua", reply.InlineKeyboard)
	}
	if reply.Edited {
		t.Fatalf("a new message is marked edited")
	}

	if _, err := c.Press(ctx, u.ID, reply.ID, "sua"); err != nil {
		t.Fatal(err)
	}
	edited := MustWait(t, c, u.ID, reply.Seq, "the edit", func(m Message) bool { return m.ID == reply.ID })
	if !edited.Edited || edited.Text != "Bạn nói: Xin chào bot (đã bấm sua)" {
		t.Fatalf("after the press: %+v, want the edited text", edited)
	}
	if edited.InlineKeyboard != nil {
		t.Fatalf("an edit without reply_markup keeps the keyboard: %+v", edited.InlineKeyboard)
	}
	MustNoViolations(t, s)
}

func TestEchoBotFilesRoundTrip(t *testing.T) {
	s, base := MustServer(t, Options{Strict: true})
	MustBot(t, base, s.Token(), echoBot(t, nil))
	c := NewClient(base, nil)
	ctx := context.Background()
	u, err := c.CreateUser(ctx, "Minh", "Lê", "+84922222222")
	if err != nil {
		t.Fatal(err)
	}

	photo := pngImage(4, 3)
	if _, err := c.SendPhoto(ctx, u.ID, photo, "ảnh giấy tờ"); err != nil {
		t.Fatal(err)
	}
	back := MustWait(t, c, u.ID, 0, "the photo back", fromBotWithText("Ảnh của bạn"))
	if len(back.Files) != 1 || back.Files[0].Kind != "photo" || back.Files[0].Width != 4 || back.Files[0].Height != 3 {
		t.Fatalf("photo message files = %+v", back.Files)
	}
	if got, err := c.Download(ctx, back.Files[0]); err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("downloaded photo differs (err %v)", err)
	}

	doc := []byte("%PDF-1.4 đơn kiến nghị")
	if _, err := c.SendDocument(ctx, u.ID, doc, "don.pdf"); err != nil {
		t.Fatal(err)
	}
	docBack := MustWait(t, c, u.ID, back.Seq, "the document back", fromBotWithText("Tệp của bạn: don.pdf"))
	if len(docBack.Files) != 1 || docBack.Files[0].Name != "don.pdf" || docBack.Files[0].MimeType != "application/pdf" {
		t.Fatalf("document message files = %+v", docBack.Files)
	}
	if got, err := c.Download(ctx, docBack.Files[0]); err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("downloaded document differs (err %v)", err)
	}

	if _, err := c.SendCommand(ctx, u.ID, "album", ""); err != nil {
		t.Fatal(err)
	}
	first := MustWait(t, c, u.ID, docBack.Seq, "the album", func(m Message) bool { return m.MediaGroup != "" })
	second := MustWait(t, c, u.ID, first.Seq, "the album's second photo", func(m Message) bool { return m.MediaGroup != "" })
	if first.MediaGroup != second.MediaGroup || first.Text != "Ảnh 1" || len(second.Files) != 1 {
		t.Fatalf("album = %+v / %+v", first, second)
	}
	MustNoViolations(t, s)
}

func TestEchoBotContactAndLocation(t *testing.T) {
	s, base := MustServer(t, Options{Strict: true})
	seen := make(updates, 16)
	MustBot(t, base, s.Token(), echoBot(t, seen))
	c := NewClient(base, nil)
	ctx := context.Background()
	u, err := c.CreateUser(ctx, "Hoa", "Phạm", "+84933333333")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ShareContact(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	MustWait(t, c, u.ID, 0, "the contact echo", fromBotWithText(fmt.Sprintf("Số của bạn: +84933333333 (user %d)", u.ID)))
	upd := seen.next(t, func(u *models.Update) bool { return u.Message != nil && u.Message.Contact != nil })
	if upd.Message.From.ID != u.ID || upd.Message.Chat.ID != u.ID || upd.Message.Chat.Type != "private" {
		t.Fatalf("contact update from %+v chat %+v", upd.Message.From, upd.Message.Chat)
	}

	if _, err := c.SendLocation(ctx, u.ID, 19.9836, 105.8412); err != nil {
		t.Fatal(err)
	}
	echoed := MustWait(t, c, u.ID, 0, "the location echo", fromBotWithText("Vị trí: 19.9836, 105.8412"))
	point := MustWait(t, c, u.ID, echoed.Seq, "the location sent back", func(m Message) bool { return m.From == "bot" && m.Location != nil })
	if *point.Location != (Location{Latitude: 19.9846, Longitude: 105.8412}) || point.Text != "" {
		t.Fatalf("the bot's location message = %+v", point)
	}
	MustNoViolations(t, s)
}

// Commands get a bot_command entity whose offset and length count UTF-16
// units, whatever Vietnamese text or emoji come before or after.
func TestCommandEntitiesThroughTheLibrary(t *testing.T) {
	s, base := MustServer(t, Options{Strict: true})
	seen := make(updates, 16)
	MustBot(t, base, s.Token(), func(_ context.Context, _ *bot.Bot, u *models.Update) { seen <- u })
	u := s.CreateUser("Tuấn", "Đỗ", "")

	tests := []struct {
		text    string
		command string
		offset  int
	}{
		{"/start", "/start", 0},
		{"/start thamso_123", "/start", 0},
		{"/gui_don Đường làng bị hỏng", "/gui_don", 0},
		{"Xin chào /help", "/help", 9},
		{"Chào 😀 /tra_cuu mã đơn", "/tra_cuu", 8},
		{"Ồ 🇻🇳🇻🇳 /toi@danchu_sim_bot nhé", "/toi@danchu_sim_bot", 11},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			sent, err := s.SendText(u.ID, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			upd := seen.next(t, func(upd *models.Update) bool { return upd.ID == sent.UpdateID })
			var cmds []models.MessageEntity
			for _, e := range upd.Message.Entities {
				if e.Type == models.MessageEntityTypeBotCommand {
					cmds = append(cmds, e)
				}
			}
			if len(cmds) != 1 {
				t.Fatalf("entities = %+v, want one bot_command", upd.Message.Entities)
			}
			units := utf16.Encode([]rune(upd.Message.Text))
			got := string(utf16.Decode(units[cmds[0].Offset : cmds[0].Offset+cmds[0].Length]))
			if got != tt.command || cmds[0].Offset != tt.offset {
				t.Fatalf("bot_command at %d = %q, want %q at %d", cmds[0].Offset, got, tt.command, tt.offset)
			}
		})
	}
	MustNoViolations(t, s)
}

func TestCommandMenuAndChatAction(t *testing.T) {
	s, base := MustServer(t, Options{Strict: true})
	b := MustBot(t, base, s.Token(), func(context.Context, *bot.Bot, *models.Update) {})
	ctx := context.Background()
	ok, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{
		{Command: "gui_don", Description: "Gửi đơn kiến nghị"},
		{Command: "help", Description: "Trợ giúp"},
	}})
	if err != nil || !ok {
		t.Fatalf("setMyCommands: %v", err)
	}
	info, err := NewClient(base, nil).Bot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Commands) != 2 || info.Commands[0].Command != "gui_don" || !strings.HasPrefix(info.FirstName, "Bot") {
		t.Fatalf("bot info = %+v", info)
	}
	u := MustStartedUser(t, s, "An")
	if _, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: u.ID, Action: models.ChatActionTyping}); err != nil {
		t.Fatalf("sendChatAction: %v", err)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Gửi", Description: "x"}}}); err == nil || !strings.Contains(err.Error(), "BOT_COMMAND_INVALID") {
		t.Fatalf("a command with capitals and diacritics: err = %v, want BOT_COMMAND_INVALID", err)
	}
}

// A bot sends again, by file_id, a photo or document a user sent: nothing is
// uploaded, the user sees the same file. A file_id of the other kind is
// refused, as Telegram refuses it.
func TestSendAgainByFileID(t *testing.T) {
	s, base := MustServer(t, Options{Strict: true, PerChatInterval: time.Nanosecond, GlobalRate: 1e6})
	u := MustStartedUser(t, s, "Tệp")
	photo := pngImage(4, 3)
	if _, err := s.SendPhoto(u.ID, photo, "ảnh"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendDocument(u.ID, []byte("%PDF-1.4 sơ đồ"), "so-do.pdf"); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.Messages(t.Context(), u.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var sent []File
	for _, m := range msgs {
		sent = append(sent, m.Files...)
	}
	if len(sent) != 2 {
		t.Fatalf("the user's files = %+v", sent)
	}
	b, err := bot.New(s.Token(), bot.WithServerURL(base), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileString{Data: sent[0].ID}}); err != nil {
		t.Fatalf("sendPhoto by file_id: %v", err)
	}
	if _, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: u.ID, Document: &models.InputFileString{Data: sent[1].ID}}); err != nil {
		t.Fatalf("sendDocument by file_id: %v", err)
	}
	msgs, err = s.Messages(ctx, u.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var back []File
	for _, m := range msgs {
		if m.From == "bot" {
			back = append(back, m.Files...)
		}
	}
	if len(back) != 2 || back[0] != sent[0] || back[1] != sent[1] {
		t.Fatalf("the bot sent back %+v, want the user's %+v", back, sent)
	}
	if got, err := NewClient(base, nil).Download(ctx, back[0]); err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("the photo sent again downloads as another (err %v)", err)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileString{Data: sent[1].ID}})
	if err == nil || !strings.Contains(err.Error(), "type of file mismatch") {
		t.Fatalf("a document's file_id sent as a photo: %v", err)
	}
	if v := s.Violations(); len(v) != 1 || !strings.Contains(v[0], "type of file mismatch") {
		t.Fatalf("violations = %q, want the mismatch only", v)
	}
}
