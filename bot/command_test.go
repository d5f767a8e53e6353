package bot

import (
	"testing"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// commandEntity is the bot_command entity Telegram sends for the first cmd in
// text: offset and length in UTF-16 units.
func commandEntity(tb testing.TB, text, cmd string) models.MessageEntity {
	tb.Helper()
	units := utf16.Encode([]rune(text))
	want := utf16.Encode([]rune(cmd))
	for i := 0; i+len(want) <= len(units); i++ {
		if string(utf16.Decode(units[i:i+len(want)])) == cmd {
			return models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: i, Length: len(want)}
		}
	}
	tb.Fatalf("%q is not in %q", cmd, text)
	return models.MessageEntity{}
}

func TestCommandFromEntity(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		cmd      string // the entity's text; "" for no entity
		wantCmd  string
		wantArgs string
	}{
		{"plain", "/start", "/start", "start", ""},
		{"with payload", "/start inv_AB12", "/start", "start", "inv_AB12"},
		{"vietnamese args", "/gui_don Đường ở Tiểu khu 3 bị hỏng", "/gui_don", "gui_don", "Đường ở Tiểu khu 3 bị hỏng"},
		{"emoji args", "/tra_cuu 🚧🚧 đơn số 12 🙏", "/tra_cuu", "tra_cuu", "🚧🚧 đơn số 12 🙏"},
		{"args trimmed", "/help   \n  ", "/help", "help", ""},
		{"uppercase", "/HELP", "/HELP", "help", ""},
		{"our bot", "/start@DanChuBot xin chào", "/start@DanChuBot", "start", "xin chào"},
		{"our bot any case", "/toi@danchubot", "/toi@danchubot", "toi", ""},
		{"another bot", "/start@OtherBot", "/start@OtherBot", "", ""},
		{"after vietnamese text", "Xin chào bác /help", "/help", "", ""},
		{"after an emoji", "🙏 /help", "/help", "", ""},
		{"after emoji and vietnamese", "🚧 Đường hỏng /gui_don ngay", "/gui_don", "", ""},
		{"no entity", "/start", "", "", ""},
		{"plain text", "Đường hỏng rồi", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var entities []models.MessageEntity
			if tt.cmd != "" {
				entities = []models.MessageEntity{commandEntity(t, tt.text, tt.cmd)}
			}
			gotCmd, gotArgs := command(tt.text, entities, "DanChuBot")
			if gotCmd != tt.wantCmd || gotArgs != tt.wantArgs {
				t.Errorf("command(%q) = %q, %q; want %q, %q", tt.text, gotCmd, gotArgs, tt.wantCmd, tt.wantArgs)
			}
		})
	}
}

func TestCommandIgnoresBadEntities(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		entities []models.MessageEntity
	}{
		{"longer than the text", "/a", []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 9}}},
		{"only the slash", "/ x", []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 1}}},
		{"other entity at 0", "/start", []models.MessageEntity{{Type: models.MessageEntityTypeBold, Offset: 0, Length: 6}}},
		{"text without slash", "start", []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if cmd, args := command(tt.text, tt.entities, ""); cmd != "" || args != "" {
				t.Errorf("command(%q) = %q, %q; want no command", tt.text, cmd, args)
			}
		})
	}
}

// The command is found among other entities, the first one at offset 0.
func TestCommandAmongEntities(t *testing.T) {
	text := "/gui_don #duong @ubnd"
	entities := []models.MessageEntity{
		{Type: models.MessageEntityTypeHashtag, Offset: 9, Length: 6},
		commandEntity(t, text, "/gui_don"),
	}
	cmd, args := command(text, entities, "")
	if cmd != "gui_don" || args != "#duong @ubnd" {
		t.Errorf("got %q, %q", cmd, args)
	}
}
