package sim

import (
	"encoding/json"
	"fmt"
	"time"
)

// The state that Options.StateFile keeps across restarts: what the users
// see and what the bot has yet to fetch. Rate limits, the webhook and the
// request log start afresh, as they would after a restart of Telegram's
// side.

const stateVersion = 1

type savedState struct {
	Version      int                       `json:"version"`
	NextUserID   int64                     `json:"next_user_id"`
	NextUpdateID int64                     `json:"next_update_id"`
	NextQueryID  int64                     `json:"next_query_id"`
	Chats        []savedChat               `json:"chats"` // one per user, in the order of creation
	Pending      []savedUpdate             `json:"pending_updates"`
	Callbacks    map[string]int64          `json:"unanswered_callbacks"` // query id -> chat id
	Commands     map[string][]tgBotCommand `json:"commands,omitempty"`
	Files        []savedFile               `json:"files"`
	NextFile     int                       `json:"next_file"`
	MediaGroups  int                       `json:"media_groups"`
}

type savedChat struct {
	User          User           `json:"user"`
	NextMessageID int            `json:"next_message_id"`
	Seq           int64          `json:"seq"`
	Messages      []savedMessage `json:"messages"`
}

// savedMessage keeps both sides: the user's view, and the wire message that
// a callback query carries back to the bot.
type savedMessage struct {
	View Message   `json:"view"`
	Wire tgMessage `json:"wire"`
}

type savedUpdate struct {
	ID     int64           `json:"id"`
	Kind   string          `json:"kind"`
	At     time.Time       `json:"at"`
	Update json.RawMessage `json:"update"`
}

type savedFile struct {
	ID       string `json:"file_id"`
	UniqueID string `json:"file_unique_id"`
	Path     string `json:"file_path"`
	Kind     string `json:"kind"`
	Name     string `json:"name,omitempty"`
	Mime     string `json:"mime_type,omitempty"`
	Width    int    `json:"width,omitempty"`
	Height   int    `json:"height,omitempty"`
	Data     []byte `json:"data"` // base64 in JSON
}

// snapshot copies the state. The copies share only slices that the server
// replaces rather than changes in place, so they may be encoded after the
// lock is released. Call with s.mu held.
func (s *Server) snapshot() *savedState {
	st := &savedState{
		Version:      stateVersion,
		NextUserID:   s.nextUserID,
		NextUpdateID: s.updates.next,
		NextQueryID:  s.nextQuery,
		Callbacks:    map[string]int64{},
		Commands:     map[string][]tgBotCommand{},
		NextFile:     s.files.next,
		MediaGroups:  s.files.groups,
	}
	for _, u := range s.users {
		ch := s.chats[u.ID]
		sc := savedChat{User: *u, NextMessageID: ch.nextID, Seq: ch.seq, Messages: make([]savedMessage, 0, len(ch.msgs))}
		for _, m := range ch.msgs {
			sc.Messages = append(sc.Messages, savedMessage{View: m.view, Wire: m.wire})
		}
		st.Chats = append(st.Chats, sc)
	}
	for _, q := range s.updates.pending {
		st.Pending = append(st.Pending, savedUpdate{ID: q.id, Kind: q.kind, At: q.at, Update: q.raw})
	}
	for id, q := range s.callbacks {
		if !q.answered {
			st.Callbacks[id] = q.chatID
		}
	}
	for k, v := range s.commands {
		st.Commands[k] = v
	}
	for _, f := range s.files.byID {
		st.Files = append(st.Files, savedFile{ID: f.id, UniqueID: f.uniqueID, Path: f.path, Kind: f.kind,
			Name: f.name, Mime: f.mime, Width: f.width, Height: f.height, Data: f.data})
	}
	return st
}

// restore puts a saved state into a new server. Counters never go back: a
// new user, message, update or callback query never gets an id that the
// file already holds.
func (s *Server) restore(st *savedState) error {
	if st.Version != stateVersion {
		return fmt.Errorf("version %d, this simulator reads version %d", st.Version, stateVersion)
	}
	s.nextUserID = max(s.nextUserID, st.NextUserID)
	for _, sc := range st.Chats {
		u := sc.User
		if u.ID <= 0 || s.chats[u.ID] != nil {
			return fmt.Errorf("user id %d is not positive or appears twice", u.ID)
		}
		ch := &chat{user: &u, byID: map[int]*chatMessage{}, nextID: max(1, sc.NextMessageID), seq: sc.Seq, notify: make(chan struct{})}
		for _, sm := range sc.Messages {
			m := &chatMessage{view: sm.View, wire: sm.Wire}
			id := m.view.ID
			if id <= 0 || ch.byID[id] != nil || m.wire.MessageID != id || (m.view.From != "bot" && m.view.From != "user") {
				return fmt.Errorf("user %d: message %d is malformed or appears twice", u.ID, id)
			}
			ch.msgs = append(ch.msgs, m)
			ch.byID[id] = m
			ch.nextID = max(ch.nextID, id+1)
			ch.seq = max(ch.seq, m.view.Seq)
		}
		s.users = append(s.users, &u)
		s.chats[u.ID] = ch
		s.nextUserID = max(s.nextUserID, u.ID+1)
	}
	s.updates.next = max(s.updates.next, st.NextUpdateID)
	for _, p := range st.Pending {
		if !json.Valid(p.Update) || (len(s.updates.pending) > 0 && p.ID <= s.updates.pending[len(s.updates.pending)-1].id) {
			return fmt.Errorf("pending update %d is malformed or out of order", p.ID)
		}
		s.updates.pending = append(s.updates.pending, queued{id: p.ID, kind: p.Kind, raw: p.Update, at: p.At})
		s.updates.next = max(s.updates.next, p.ID+1)
	}
	s.nextQuery = max(s.nextQuery, st.NextQueryID)
	for id, chatID := range st.Callbacks {
		s.callbacks[id] = &callbackState{chatID: chatID}
	}
	for k, v := range st.Commands {
		s.commands[k] = v
	}
	for _, sf := range st.Files {
		if sf.ID == "" || s.files.byID[sf.ID] != nil || s.files.byPath[sf.Path] != nil {
			return fmt.Errorf("file %q has no id or appears twice", sf.ID)
		}
		f := &storedFile{id: sf.ID, uniqueID: sf.UniqueID, path: sf.Path, kind: sf.Kind, name: sf.Name,
			mime: sf.Mime, data: sf.Data, width: sf.Width, height: sf.Height}
		s.files.byID[f.id] = f
		s.files.byPath[f.path] = f
	}
	s.files.next = max(s.files.next, st.NextFile)
	s.files.groups = max(s.files.groups, st.MediaGroups)
	return nil
}
