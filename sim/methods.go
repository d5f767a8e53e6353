package sim

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// callbackState is a callback query waiting for answerCallbackQuery.
type callbackState struct {
	chatID   int64
	answered bool
	text     string
}

func (s *Server) getMe(*call) (any, *apiError) {
	no := false
	me := s.bot
	me.CanJoinGroups, me.CanReadAllGroupMessages, me.SupportsInlineQueries = &no, &no, &no
	return me, nil
}

// chatArg finds the chat named by chat_id; users have no @usernames, so only
// numeric ids of virtual users are found.
func (s *Server) chatArg(c *call) (*chat, *apiError) {
	id, err := strconv.ParseInt(c.str("chat_id"), 10, 64)
	if err != nil {
		return nil, errChatNotFound
	}
	ch := s.chats[id]
	if ch == nil {
		return nil, errChatNotFound
	}
	return ch, nil
}

// reachable refuses a chat whose user blocked the bot or never wrote to it.
func reachable(ch *chat) *apiError {
	switch {
	case ch.user.Blocked:
		return forbidden("bot was blocked by the user")
	case !ch.user.Started:
		return forbidden("bot can't initiate conversation with a user")
	}
	return nil
}

// sendTarget is the common start of the send methods.
func (s *Server) sendTarget(c *call) (*chat, *apiError) {
	ch, err := s.chatArg(c)
	if err != nil {
		return nil, err
	}
	return ch, reachable(ch)
}

func checkText(text string) *apiError {
	if strings.TrimSpace(text) == "" {
		return badRequest("message text is empty")
	}
	if utf16Len(text) > maxTextLen {
		return badRequest("message is too long")
	}
	return nil
}

func checkCaption(text string) *apiError {
	if utf16Len(text) > maxCaptionLen {
		return badRequest("message caption is too long")
	}
	return nil
}

// replyTo checks reply_parameters: the message must be in the chat unless
// allow_sending_without_reply is set.
func replyTo(ch *chat, c *call) (int, *apiError) {
	raw := c.str("reply_parameters")
	if raw == "" {
		return 0, nil
	}
	var rp struct {
		MessageID   int  `json:"message_id"`
		AllowNoThat bool `json:"allow_sending_without_reply"`
	}
	if err := json.Unmarshal([]byte(raw), &rp); err != nil {
		return 0, badRequest("can't parse reply parameters JSON object")
	}
	if m := ch.byID[rp.MessageID]; m == nil || m.view.Deleted {
		if rp.AllowNoThat {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return rp.MessageID, nil
}

// spend takes one message from the rate limits or answers 429.
func (s *Server) spend(ch *chat, now time.Time) *apiError {
	if retry := s.limits.take(ch.user.ID, now); retry > 0 {
		return tooManyRequests(retry)
	}
	return nil
}

func (s *Server) sendMessage(c *call) (any, *apiError) {
	ch, err := s.sendTarget(c)
	if err != nil {
		return nil, err
	}
	text, err := formatText(c.str("text"), c.str("parse_mode"), c.str("entities"))
	if err != nil {
		return nil, err
	}
	if err := checkText(text.Text); err != nil {
		return nil, err
	}
	mk, err := parseMarkup(c.str("reply_markup"))
	if err != nil {
		return nil, err
	}
	reply, err := replyTo(ch, c)
	if err != nil {
		return nil, err
	}
	if err := s.spend(ch, c.now); err != nil {
		return nil, err
	}
	m := s.botMessage(ch, c.now, text, false, mk)
	m.view.ReplyTo = reply
	s.add(ch, m)
	return m.wire, nil
}

// sendLocation sends a point on the map. The user sees it as a message
// with a Location, like one they share; live locations are not kept live.
// Out of range, Telegram answers "wrong location specified".
func (s *Server) sendLocation(c *call) (any, *apiError) {
	ch, err := s.sendTarget(c)
	if err != nil {
		return nil, err
	}
	// The spec check has made sure both are numbers.
	lat, _ := strconv.ParseFloat(c.str("latitude"), 64)
	lon, _ := strconv.ParseFloat(c.str("longitude"), 64)
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, badRequest("wrong location specified")
	}
	mk, err := parseMarkup(c.str("reply_markup"))
	if err != nil {
		return nil, err
	}
	reply, err := replyTo(ch, c)
	if err != nil {
		return nil, err
	}
	if err := s.spend(ch, c.now); err != nil {
		return nil, err
	}
	m := s.botMessage(ch, c.now, formatted{}, false, mk)
	m.view.ReplyTo = reply
	m.wire.Location = &tgLocation{Latitude: lat, Longitude: lon}
	m.view.Location = &Location{Latitude: lat, Longitude: lon}
	s.add(ch, m)
	return m.wire, nil
}

// editTarget finds the bot's message named by chat_id and message_id.
func (s *Server) editTarget(c *call) (*chat, *chatMessage, *apiError) {
	if c.str("chat_id") == "" && c.str("inline_message_id") != "" {
		return nil, nil, badRequest("MESSAGE_ID_INVALID") // no inline messages here
	}
	if c.str("chat_id") == "" {
		return nil, nil, badRequest("chat_id is empty")
	}
	if c.str("message_id") == "" {
		return nil, nil, badRequest("message identifier is not specified")
	}
	ch, err := s.sendTarget(c)
	if err != nil {
		return nil, nil, err
	}
	m := ch.byID[int(c.int("message_id"))]
	if m == nil || m.view.Deleted {
		return nil, nil, badRequest("message to edit not found")
	}
	if m.view.From != "bot" {
		return nil, nil, badRequest("message can't be edited")
	}
	return ch, m, nil
}

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

func (s *Server) editMessageText(c *call) (any, *apiError) {
	ch, m, err := s.editTarget(c)
	if err != nil {
		return nil, err
	}
	if m.wire.Text == "" {
		return nil, badRequest("there is no text in the message to edit")
	}
	text, err := formatText(c.str("text"), c.str("parse_mode"), c.str("entities"))
	if err != nil {
		return nil, err
	}
	if err := checkText(text.Text); err != nil {
		return nil, err
	}
	mk, err := parseMarkup(c.str("reply_markup"))
	if err != nil {
		return nil, err
	}
	if text.Text == m.wire.Text && bytes.Equal(mustJSON(text.Entities), mustJSON(m.wire.Entities)) && bytes.Equal(mk.raw, m.wire.ReplyMarkup) {
		return nil, errNotModified
	}
	m.wire.Text, m.wire.Entities = text.Text, text.Entities
	m.view.Text, m.view.Entities = text.Text, text.Entities
	s.edited(ch, m, mk, c.now)
	return m.wire, nil
}

func (s *Server) editMessageReplyMarkup(c *call) (any, *apiError) {
	ch, m, err := s.editTarget(c)
	if err != nil {
		return nil, err
	}
	mk, err := parseMarkup(c.str("reply_markup"))
	if err != nil {
		return nil, err
	}
	if bytes.Equal(mk.raw, m.wire.ReplyMarkup) {
		return nil, errNotModified
	}
	s.edited(ch, m, mk, c.now)
	return m.wire, nil
}

// edited applies the new inline keyboard (none when the edit has none, as
// on Telegram) and shows the edit to the user.
func (s *Server) edited(ch *chat, m *chatMessage, mk markup, now time.Time) {
	m.wire.ReplyMarkup = mk.raw
	m.view.InlineKeyboard = mk.inline
	m.wire.EditDate = now.Unix()
	m.view.Edited = true
	s.touch(ch, m)
}

func (s *Server) deleteMessage(c *call) (any, *apiError) {
	ch, err := s.chatArg(c)
	if err != nil {
		return nil, err
	}
	m := ch.byID[int(c.int("message_id"))]
	if m == nil || m.view.Deleted {
		return nil, badRequest("message to delete not found")
	}
	m.view.Deleted = true
	m.view.InlineKeyboard = nil
	s.touch(ch, m)
	return true, nil
}

func (s *Server) answerCallbackQuery(c *call) (any, *apiError) {
	q := s.callbacks[c.str("callback_query_id")]
	if q == nil || q.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	q.answered, q.text = true, c.str("text")
	s.markDirty()
	return true, nil
}

var chatActions = []string{
	"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
	"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}

func (s *Server) sendChatAction(c *call) (any, *apiError) {
	if !slices.Contains(chatActions, c.str("action")) {
		return nil, badRequest("wrong parameter action in request")
	}
	ch, err := s.sendTarget(c)
	if err != nil {
		return nil, err
	}
	ch.action = c.str("action")
	return true, nil
}

var commandRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// commandsKey tells apart the command lists of scopes and languages.
func commandsKey(c *call) string {
	var scope struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
	}
	_ = json.Unmarshal([]byte(c.str("scope")), &scope) // absent or checked by the spec
	if scope.Type == "" {
		scope.Type = "default"
	}
	return scope.Type + ":" + string(scope.ChatID) + ":" + c.str("language_code")
}

func (s *Server) setMyCommands(c *call) (any, *apiError) {
	var cmds []tgBotCommand
	if err := json.Unmarshal([]byte(c.str("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, cmd := range cmds {
		if !commandRe.MatchString(cmd.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(cmd.Description); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	s.commands[commandsKey(c)] = cmds
	s.markDirty()
	return true, nil
}

func (s *Server) getMyCommands(c *call) (any, *apiError) {
	cmds := s.commands[commandsKey(c)]
	if cmds == nil {
		cmds = []tgBotCommand{}
	}
	return cmds, nil
}

func (s *Server) deleteMyCommands(c *call) (any, *apiError) {
	delete(s.commands, commandsKey(c))
	s.markDirty()
	return true, nil
}
