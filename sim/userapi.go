package sim

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The users' JSON API, under /sim/api/ (documented in README.md).

const (
	maxUserBody = 72 << 20 // a 50 MB file in base64
	maxWait     = 60 * time.Second
)

func (s *Server) userRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /sim/api/users", s.apiCreateUser)
	mux.HandleFunc("GET /sim/api/users", s.apiUsers)
	mux.HandleFunc("POST /sim/api/users/{id}/send", s.apiSend)
	mux.HandleFunc("POST /sim/api/users/{id}/press", s.apiPress)
	mux.HandleFunc("POST /sim/api/users/{id}/block", s.apiBlock)
	mux.HandleFunc("GET /sim/api/users/{id}/messages", s.apiMessages)
	mux.HandleFunc("GET /sim/api/files/{file_id}", s.apiFile)
	mux.HandleFunc("GET /sim/api/bot", s.apiBot)
}

type apiErrorBody struct {
	Error string `json:"error"`
}

func writeUserError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, ErrUserNotFound):
		status = http.StatusNotFound
	case errors.Is(err, ErrRefused), errors.Is(err, errBadInput):
		status = http.StatusBadRequest
	}
	writeJSON(w, status, apiErrorBody{Error: err.Error()})
}

var errBadInput = errors.New("sim: bad request")

func readBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUserBody))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: JSON body: %v", errBadInput, err)
	}
	return nil
}

func pathUser(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrUserNotFound, r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Phone     string `json:"phone"`
	}
	if err := readBody(w, r, &in); err != nil {
		writeUserError(w, err)
		return
	}
	if strings.TrimSpace(in.FirstName) == "" {
		writeUserError(w, fmt.Errorf("%w: first_name is required (cần nhập tên)", errBadInput))
		return
	}
	writeJSON(w, http.StatusOK, s.CreateUser(strings.TrimSpace(in.FirstName), strings.TrimSpace(in.LastName), strings.TrimSpace(in.Phone)))
}

func (s *Server) apiUsers(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Users())
}

// sendRequest is the body of POST /sim/api/users/{id}/send: exactly one of
// text, contact, photo, document, location.
type sendRequest struct {
	Text     *string   `json:"text,omitempty"`
	Contact  bool      `json:"contact,omitempty"`
	Photo    *string   `json:"photo,omitempty"` // base64
	Caption  string    `json:"caption,omitempty"`
	Document *string   `json:"document,omitempty"` // base64
	FileName string    `json:"file_name,omitempty"`
	Location *Location `json:"location,omitempty"`
}

func (s *Server) apiSend(w http.ResponseWriter, r *http.Request) {
	id, err := pathUser(r)
	if err != nil {
		writeUserError(w, err)
		return
	}
	var in sendRequest
	if err := readBody(w, r, &in); err != nil {
		writeUserError(w, err)
		return
	}
	sent, err := s.send(id, in)
	if err != nil {
		writeUserError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sent)
}

func (s *Server) send(id int64, in sendRequest) (Sent, error) {
	given := 0
	for _, set := range []bool{in.Text != nil, in.Contact, in.Photo != nil, in.Document != nil, in.Location != nil} {
		if set {
			given++
		}
	}
	if given != 1 {
		return Sent{}, fmt.Errorf("%w: give exactly one of text, contact, photo, document, location", errBadInput)
	}
	switch {
	case in.Text != nil:
		return s.SendText(id, *in.Text)
	case in.Contact:
		return s.ShareContact(id)
	case in.Location != nil:
		return s.SendLocation(id, in.Location.Latitude, in.Location.Longitude)
	case in.Photo != nil:
		data, err := decodeBase64(*in.Photo)
		if err != nil {
			return Sent{}, err
		}
		return s.SendPhoto(id, data, in.Caption)
	default:
		data, err := decodeBase64(*in.Document)
		if err != nil {
			return Sent{}, err
		}
		return s.SendDocument(id, data, in.FileName)
	}
}

// decodeBase64 takes plain base64 or a data: URL as a browser makes it.
func decodeBase64(s string) ([]byte, error) {
	if i := strings.Index(s, ";base64,"); strings.HasPrefix(s, "data:") && i >= 0 {
		s = s[i+len(";base64,"):]
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%w: file is not base64: %v", errBadInput, err)
	}
	return data, nil
}

func (s *Server) apiPress(w http.ResponseWriter, r *http.Request) {
	id, err := pathUser(r)
	if err != nil {
		writeUserError(w, err)
		return
	}
	var in struct {
		MessageID int    `json:"message_id"`
		Data      string `json:"data"`
	}
	if err := readBody(w, r, &in); err != nil {
		writeUserError(w, err)
		return
	}
	sent, err := s.Press(id, in.MessageID, in.Data)
	if err != nil {
		writeUserError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sent)
}

func (s *Server) apiBlock(w http.ResponseWriter, r *http.Request) {
	id, err := pathUser(r)
	if err != nil {
		writeUserError(w, err)
		return
	}
	var in struct {
		Blocked bool `json:"blocked"`
	}
	if err := readBody(w, r, &in); err != nil {
		writeUserError(w, err)
		return
	}
	if err := s.Block(id, in.Blocked); err != nil {
		writeUserError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"blocked": in.Blocked})
}

func (s *Server) apiMessages(w http.ResponseWriter, r *http.Request) {
	id, err := pathUser(r)
	if err != nil {
		writeUserError(w, err)
		return
	}
	q := r.URL.Query()
	var after int64
	if v := q.Get("after"); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil {
			writeUserError(w, fmt.Errorf("%w: after=%q is not a number", errBadInput, v))
			return
		}
	}
	var wait time.Duration
	if v := q.Get("wait"); v != "" {
		secs, err := strconv.ParseFloat(v, 64)
		if err != nil || secs < 0 {
			writeUserError(w, fmt.Errorf("%w: wait=%q is not a number of seconds", errBadInput, v))
			return
		}
		wait = min(time.Duration(secs*float64(time.Second)), maxWait)
	}
	msgs, err := s.Messages(r.Context(), id, after, wait)
	if err != nil {
		writeUserError(w, err)
		return
	}
	if msgs == nil {
		msgs = []Message{}
	}
	writeJSON(w, http.StatusOK, msgs)
}

func (s *Server) apiFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f := s.files.byID[r.PathValue("file_id")]
	s.mu.Unlock()
	if f == nil {
		writeJSON(w, http.StatusNotFound, apiErrorBody{Error: "file not found"})
		return
	}
	writeFile(w, r, f)
}

// BotInfo is the bot as users see it, with its default command menu.
type BotInfo struct {
	ID        int64     `json:"id"`
	FirstName string    `json:"first_name"`
	Username  string    `json:"username"`
	Commands  []Command `json:"commands"`
}

// Command is an entry of the bot's command menu (setMyCommands).
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Bot returns the bot's name and its command menu for private chats in
// Vietnamese (falling back to the default scope and language).
func (s *Server) Bot() BotInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := BotInfo{ID: s.bot.ID, FirstName: s.bot.FirstName, Username: s.bot.Username, Commands: []Command{}}
	for _, key := range []string{"all_private_chats::vi", "all_private_chats::", "default::vi", "default::"} {
		if cmds, ok := s.commands[key]; ok {
			for _, c := range cmds {
				info.Commands = append(info.Commands, Command(c))
			}
			break
		}
	}
	return info
}

func (s *Server) apiBot(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Bot())
}
