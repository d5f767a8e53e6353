package sim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sent is what a user's action produced: the update for the bot and, for a
// message, its id in the chat.
type Sent struct {
	UpdateID  int64 `json:"update_id"`
	MessageID int   `json:"message_id,omitempty"`
}

// ErrRefused wraps a user action the simulator refuses (empty text, a button
// that is not on the message, an unreadable photo, ...).
var ErrRefused = errors.New("sim: action refused")

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, args...))
}

// userMessage adds a message from the user and queues it for the bot; fill
// sets its content on both sides. A message from the user starts the chat
// and lifts a block, as on Telegram.
func (s *Server) userMessage(userID int64, fill func(ch *chat, m *chatMessage) error) (Sent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.userChat(userID)
	if err != nil {
		return Sent{}, err
	}
	now := s.opts.Now()
	m := &chatMessage{
		wire: tgMessage{From: s.tgFrom(ch.user), Chat: s.tgChat(ch.user), Date: now.Unix()},
		view: Message{From: "user", Date: now.Unix()},
	}
	if err := fill(ch, m); err != nil {
		return Sent{}, err
	}
	ch.user.Started, ch.user.Blocked = true, false
	s.add(ch, m)
	wire := m.wire
	id := s.enqueue(tgUpdate{Message: &wire}, now)
	return Sent{UpdateID: id, MessageID: m.view.ID}, nil
}

// SendText sends a text from the user; /commands in it get bot_command
// entities with UTF-16 offsets.
func (s *Server) SendText(userID int64, text string) (Sent, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Sent{}, refused("tin nhắn trống (empty message)")
	}
	if utf16Len(text) > maxTextLen {
		return Sent{}, refused("tin nhắn quá dài (text longer than %d)", maxTextLen)
	}
	return s.userMessage(userID, func(_ *chat, m *chatMessage) error {
		ents := commandEntities(text)
		m.wire.Text, m.wire.Entities = text, ents
		m.view.Text, m.view.Entities = text, ents
		return nil
	})
}

// ShareContact sends the user's own phone number, as the contact button does.
func (s *Server) ShareContact(userID int64) (Sent, error) {
	return s.userMessage(userID, func(ch *chat, m *chatMessage) error {
		u := ch.user
		if u.Phone == "" {
			return refused("người dùng chưa có số điện thoại (user has no phone)")
		}
		m.wire.Contact = &tgContact{PhoneNumber: u.Phone, FirstName: u.FirstName, LastName: u.LastName, UserID: u.ID}
		m.view.Contact = &Contact{Phone: u.Phone, FirstName: u.FirstName, LastName: u.LastName, UserID: u.ID}
		return nil
	})
}

// SendPhoto sends a JPEG, PNG or GIF image with an optional caption.
func (s *Server) SendPhoto(userID int64, data []byte, caption string) (Sent, error) {
	return s.sendUserFile(userID, "photo", "", data, caption)
}

// SendDocument sends a file under the given name.
func (s *Server) SendDocument(userID int64, data []byte, name string) (Sent, error) {
	if strings.TrimSpace(name) == "" {
		name = "file"
	}
	return s.sendUserFile(userID, "document", name, data, "")
}

func (s *Server) sendUserFile(userID int64, kind, name string, data []byte, caption string) (Sent, error) {
	caption = strings.TrimSpace(caption)
	if utf16Len(caption) > maxCaptionLen {
		return Sent{}, refused("chú thích quá dài (caption longer than %d)", maxCaptionLen)
	}
	return s.userMessage(userID, func(_ *chat, m *chatMessage) error {
		f, err := s.storeFile(kind, name, data)
		if err != nil {
			return refused("tệp không hợp lệ (%s)", err.Description)
		}
		ents := commandEntities(caption)
		m.wire.Caption, m.wire.CaptionEntities = caption, ents
		m.view.Text, m.view.Entities = caption, ents
		m.attach(f)
		return nil
	})
}

// SendLocation sends a point.
func (s *Server) SendLocation(userID int64, latitude, longitude float64) (Sent, error) {
	if latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180 {
		return Sent{}, refused("vị trí không hợp lệ (latitude or longitude out of range)")
	}
	return s.userMessage(userID, func(_ *chat, m *chatMessage) error {
		m.wire.Location = &tgLocation{Latitude: latitude, Longitude: longitude}
		m.view.Location = &Location{Latitude: latitude, Longitude: longitude}
		return nil
	})
}

// Press presses the inline button with the given callback data on a bot's
// message; the bot gets a callback_query whose message carries its date.
func (s *Server) Press(userID int64, messageID int, data string) (Sent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.userChat(userID)
	if err != nil {
		return Sent{}, err
	}
	m := ch.byID[messageID]
	if m == nil || m.view.Deleted || m.view.From != "bot" {
		return Sent{}, refused("không có tin nhắn %d của bot (no bot message %d)", messageID, messageID)
	}
	if !hasButton(m.view.InlineKeyboard, data) {
		return Sent{}, refused("tin nhắn %d không có nút %q (no such button)", messageID, data)
	}
	s.nextQuery++
	id := strconv.FormatInt(s.nextQuery, 10)
	s.callbacks[id] = &callbackState{chatID: ch.user.ID}
	wire := m.wire
	upd := tgUpdate{CallbackQuery: &tgCallbackQuery{
		ID:           id,
		From:         *s.tgFrom(ch.user),
		Message:      &wire,
		ChatInstance: strconv.FormatInt(ch.user.ID*7919, 10),
		Data:         data,
	}}
	return Sent{UpdateID: s.enqueue(upd, s.opts.Now())}, nil
}

func hasButton(rows [][]Button, data string) bool {
	for _, row := range rows {
		for _, b := range row {
			if b.Data != "" && b.Data == data {
				return true
			}
		}
	}
	return false
}
