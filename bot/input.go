package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"danchu"
	"danchu/flows"
)

// input turns an update into what the flows read. ok is false for an update
// that carries nothing for a step (an edit, a service message).
func input(u *models.Update, chatID int64, botUsername string) (in flows.Input, ok bool) {
	in = flows.Input{UpdateID: u.ID, ChatID: chatID}
	switch {
	case u.Message != nil:
		m := u.Message
		if m.From != nil {
			in.From = user(*m.From)
		}
		text, entities := m.Text, m.Entities
		if text == "" {
			text, entities = m.Caption, m.CaptionEntities
		}
		in.Command, in.Args = command(text, entities, botUsername)
		in.Text = strings.TrimSpace(text)
		if c := m.Contact; c != nil {
			in.Contact = &flows.Contact{Phone: c.PhoneNumber, FirstName: c.FirstName, LastName: c.LastName, UserID: c.UserID}
		}
		if p := largest(m.Photo); p != nil {
			in.Photos = []flows.File{{FileID: p.FileID, Size: int64(p.FileSize)}}
		}
		if d := m.Document; d != nil {
			in.Documents = []flows.File{{FileID: d.FileID, FileName: d.FileName, MimeType: d.MimeType, Size: d.FileSize}}
		}
		if l := m.Location; l != nil {
			in.Location = &flows.Location{Latitude: l.Latitude, Longitude: l.Longitude}
		}
		ok = in.Text != "" || in.Contact != nil || len(in.Photos) > 0 || len(in.Documents) > 0 || in.Location != nil
	case u.CallbackQuery != nil:
		cq := u.CallbackQuery
		in.From = user(cq.From)
		in.CallbackData = cq.Data
		switch {
		case cq.Message.Message != nil:
			in.CallbackMessageID = cq.Message.Message.ID
		case cq.Message.InaccessibleMessage != nil:
			in.CallbackMessageID = cq.Message.InaccessibleMessage.MessageID
		}
		ok = cq.Data != ""
	}
	return in, ok
}

func user(u models.User) flows.User {
	return flows.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// largest picks the biggest size of a photo (Telegram sends several).
func largest(sizes []models.PhotoSize) *models.PhotoSize {
	var best *models.PhotoSize
	for i := range sizes {
		s := &sizes[i]
		if best == nil || s.Width*s.Height > best.Width*best.Height ||
			(s.Width*s.Height == best.Width*best.Height && s.FileSize > best.FileSize) {
			best = s
		}
	}
	return best
}

// command reads the command at the start of text from its bot_command entity.
// Entity offsets count UTF-16 units, so text is measured in UTF-16 (slicing
// the UTF-8 string with them cuts after any Vietnamese letter or emoji). The
// command is lowercased without "/" and "@bot"; a command addressed to
// another bot is no command. args is the rest of the text, trimmed.
func command(text string, entities []models.MessageEntity, botUsername string) (cmd, args string) {
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand || e.Offset != 0 {
			continue
		}
		units := utf16.Encode([]rune(text))
		if e.Length < 2 || e.Length > len(units) {
			return "", ""
		}
		name := string(utf16.Decode(units[1:e.Length]))
		if !strings.HasPrefix(text, "/") {
			return "", ""
		}
		if at := strings.IndexByte(name, '@'); at >= 0 {
			if botUsername != "" && !strings.EqualFold(name[at+1:], botUsername) {
				return "", ""
			}
			name = name[:at]
		}
		return strings.ToLower(name), strings.TrimSpace(string(utf16.Decode(units[e.Length:])))
	}
	return "", ""
}

// loadPerson fills the resident and roles of the person behind in.
func (b *Bot) loadPerson(ctx context.Context, in *flows.Input) error {
	id := in.From.ID
	if id == 0 {
		id = in.ChatID
	}
	r, err := b.cfg.Residents.FindResidentByTelegramID(ctx, id)
	switch {
	case danchu.ErrorCode(err) == danchu.ENOTFOUND:
		return nil
	case err != nil:
		return fmt.Errorf("bot: find resident: %w", err)
	}
	in.Resident = r
	roles, err := b.cfg.Roles.RolesOf(ctx, r.ID)
	if err != nil {
		return fmt.Errorf("bot: roles of resident %d: %w", r.ID, err)
	}
	in.Roles = roles
	return nil
}
