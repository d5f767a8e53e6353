package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// User is a virtual Telegram user. The private chat with the bot has the
// same id as the user.
type User struct {
	ID        int64  `json:"id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name,omitempty"`
	Phone     string `json:"phone,omitempty"`
	// Started is set once the user wrote to the bot: before that the bot
	// cannot message them (403), as on Telegram.
	Started bool `json:"started"`
	Blocked bool `json:"blocked,omitempty"` // the user blocked the bot (403)
}

// Button is a button of an inline keyboard (Data, or URL) or of a reply
// keyboard (RequestContact, RequestLocation).
type Button struct {
	Text            string `json:"text"`
	Data            string `json:"data,omitempty"`
	URL             string `json:"url,omitempty"`
	RequestContact  bool   `json:"request_contact,omitempty"`
	RequestLocation bool   `json:"request_location,omitempty"`
}

// File is a photo or document in a chat; URL downloads it from the
// simulator (/sim/api/files/{file_id}).
type File struct {
	ID       string `json:"file_id"`
	Kind     string `json:"kind"` // "photo" or "document"
	Name     string `json:"name,omitempty"`
	MimeType string `json:"mime_type,omitempty"`
	Size     int64  `json:"size"`
	Width    int    `json:"width,omitempty"`
	Height   int    `json:"height,omitempty"`
	URL      string `json:"url"`
}

// Contact is a shared phone number.
type Contact struct {
	Phone     string `json:"phone"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name,omitempty"`
	UserID    int64  `json:"user_id,omitempty"`
}

// Location is a shared point.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Message is a message of a chat as the user sees it, with edits applied.
// Seq grows on every new message and every change (edit, deletion), so
// asking for messages after the last Seq seen returns changes too.
type Message struct {
	ID       int      `json:"id"`
	Seq      int64    `json:"seq"`
	From     string   `json:"from"` // "bot" or "user"
	Date     int64    `json:"date"`
	Text     string   `json:"text,omitempty"` // the text, or the caption of a file
	Entities []Entity `json:"entities,omitempty"`

	InlineKeyboard [][]Button `json:"inline_keyboard,omitempty"`
	// ReplyKeyboard is the keyboard this message puts under the input box;
	// it stays until a later message replaces or removes it (or, when
	// OneTimeKeyboard, until the user sends something).
	ReplyKeyboard   [][]Button `json:"reply_keyboard,omitempty"`
	OneTimeKeyboard bool       `json:"one_time_keyboard,omitempty"`
	RemoveKeyboard  bool       `json:"remove_keyboard,omitempty"`
	Placeholder     string     `json:"input_field_placeholder,omitempty"`

	Files      []File    `json:"files,omitempty"`
	MediaGroup string    `json:"media_group,omitempty"`
	Contact    *Contact  `json:"contact,omitempty"`
	Location   *Location `json:"location,omitempty"`
	ReplyTo    int       `json:"reply_to,omitempty"` // the message this one answers
	Edited     bool      `json:"edited"`
	Deleted    bool      `json:"deleted,omitempty"`
}

// chat is the private chat of one user with the bot.
type chat struct {
	notify chan struct{} // closed and replaced on every change of the chat
	user   *User
	msgs   []*chatMessage
	byID   map[int]*chatMessage
	nextID int
	seq    int64
	action string // the last sendChatAction
}

// chatMessage holds a message twice: as the bot sees it (wire) and as the
// user does (view).
type chatMessage struct {
	wire tgMessage
	view Message
}

// CreateUser adds a virtual user with the next free id (from 100001).
func (s *Server) CreateUser(first, last, phone string) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &User{ID: s.nextUserID, FirstName: first, LastName: last, Phone: phone}
	s.nextUserID++
	s.users = append(s.users, u)
	s.chats[u.ID] = &chat{user: u, byID: map[int]*chatMessage{}, nextID: 1, notify: make(chan struct{})}
	s.changed()
	s.markDirty()
	return *u
}

// Users returns the virtual users in the order they were created.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, *u)
	}
	return out
}

// Block makes the user block (or unblock) the bot: sending to them then
// answers 403 "Forbidden: bot was blocked by the user".
func (s *Server) Block(userID int64, blocked bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, err := s.userChat(userID)
	if err != nil {
		return err
	}
	ch.user.Blocked = blocked
	s.changed()
	s.markDirty()
	return nil
}

// Messages returns the messages of the user's chat with Seq > after, waiting
// up to wait for one to appear.
func (s *Server) Messages(ctx context.Context, userID int64, after int64, wait time.Duration) ([]Message, error) {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ch, err := s.userChat(userID)
		if err != nil {
			s.mu.Unlock()
			return nil, err
		}
		msgs := ch.after(after)
		notify := ch.notify
		s.mu.Unlock()
		if len(msgs) > 0 || wait <= 0 {
			return msgs, nil
		}
		if !s.waitChange(ctx, notify, timer.C) {
			s.mu.Lock()
			defer s.mu.Unlock()
			return ch.after(after), nil
		}
	}
}

// ErrUserNotFound is returned for an id that is no virtual user.
var ErrUserNotFound = fmt.Errorf("sim: user not found")

func (s *Server) userChat(userID int64) (*chat, error) {
	ch := s.chats[userID]
	if ch == nil {
		return nil, fmt.Errorf("%w: %d", ErrUserNotFound, userID)
	}
	return ch, nil
}

func (ch *chat) after(seq int64) []Message {
	var out []Message
	for _, m := range ch.msgs {
		if m.view.Seq > seq {
			out = append(out, m.view)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// add appends a new message with the next id. Call with s.mu held.
func (s *Server) add(ch *chat, m *chatMessage) {
	m.wire.MessageID = ch.nextID
	m.view.ID = ch.nextID
	ch.nextID++
	ch.msgs = append(ch.msgs, m)
	ch.byID[m.view.ID] = m
	s.touch(ch, m)
}

// touch gives a message the chat's next sequence number after a change and
// wakes those waiting for the chat (only them: a benchmark may have many).
func (s *Server) touch(ch *chat, m *chatMessage) {
	ch.seq++
	m.view.Seq = ch.seq
	close(ch.notify)
	ch.notify = make(chan struct{})
	s.markDirty()
}

func (s *Server) tgChat(u *User) tgChat {
	return tgChat{ID: u.ID, Type: "private", FirstName: u.FirstName, LastName: u.LastName}
}

func (s *Server) tgFrom(u *User) *tgUser {
	return &tgUser{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, LanguageCode: "vi"}
}

// botMessage builds a message from the bot with its text or caption and
// markup; the caller adds files.
func (s *Server) botMessage(ch *chat, now time.Time, text formatted, caption bool, mk markup) *chatMessage {
	bot := s.bot
	m := &chatMessage{
		wire: tgMessage{From: &bot, Chat: s.tgChat(ch.user), Date: now.Unix()},
		view: Message{From: "bot", Date: now.Unix(), Text: text.Text, Entities: text.Entities},
	}
	if caption {
		m.wire.Caption, m.wire.CaptionEntities = text.Text, text.Entities
	} else {
		m.wire.Text, m.wire.Entities = text.Text, text.Entities
	}
	mk.apply(m)
	return m
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sim: encode %T: %v", v, err)) // only our own plain types are encoded
	}
	return b
}
