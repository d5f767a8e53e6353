package bot

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"danchu/flows"
)

// Telegram's limits, counted in UTF-16 units.
const (
	maxTextUnits    = 4096
	maxCaptionUnits = 1024
)

// outgoing is one Bot API call that shows a reply. Exactly one of message,
// edit, document, photo, documentRef and location is set.
type outgoing struct {
	message *tgbot.SendMessageParams
	// edit changes the message the pressed button was on; fallback is sent
	// instead when that message cannot be edited.
	edit     *tgbot.EditMessageTextParams
	fallback *tgbot.SendMessageParams
	// document uploads fileData under fileName.
	document *tgbot.SendDocumentParams
	fileName string
	fileData []byte
	// photo and documentRef send again a file Telegram keeps, by its
	// file_id (models.InputFileString): nothing is uploaded, so a retry
	// sends the same parameters.
	photo       *tgbot.SendPhotoParams
	documentRef *tgbot.SendDocumentParams
	location    *tgbot.SendLocationParams
}

// documentParams returns the sendDocument parameters with a fresh reader over
// the file, so that a retried call sends the whole file again.
func (o outgoing) documentParams() *tgbot.SendDocumentParams {
	p := *o.document
	p.Document = &models.InputFileUpload{Filename: o.fileName, Data: bytes.NewReader(o.fileData)}
	return &p
}

// inlineKeyboard is the JSON of an inline keyboard with callback buttons.
// models.InlineKeyboardMarkup is not used: its CopyText field is a struct, so
// encoding/json always sends "copy_text":{"text":""}, which Telegram may
// refuse (BUTTON_COPY_TEXT_INVALID, go-telegram/bot pull request 167).
type inlineKeyboard struct {
	InlineKeyboard [][]inlineButton `json:"inline_keyboard"`
}

type inlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// render turns the replies of one step into Bot API calls, in order. Texts go
// as plain text (no parse_mode): what flows write is shown as written.
// callbackMessageID is the message the pressed button was on (0 for none).
func render(chatID int64, callbackMessageID int, replies []flows.Reply) []outgoing {
	var out []outgoing
	for _, r := range replies {
		out = append(out, renderOne(chatID, callbackMessageID, r)...)
	}
	return out
}

// renderOne renders one reply: its text (or uploaded document), then the
// files Telegram keeps, then the location.
func renderOne(chatID int64, callbackMessageID int, r flows.Reply) []outgoing {
	return append(renderText(chatID, callbackMessageID, r), renderFiles(chatID, r)...)
}

// renderFiles sends a reply's files by file_id, one message each, and its
// location. Kinds other than photo are sent as documents, which Telegram
// accepts for any file.
func renderFiles(chatID int64, r flows.Reply) []outgoing {
	var out []outgoing
	for _, f := range r.Files {
		if f.FileID == "" {
			continue
		}
		ref := &models.InputFileString{Data: f.FileID}
		if f.Kind == flows.FilePhoto {
			out = append(out, outgoing{photo: &tgbot.SendPhotoParams{ChatID: chatID, Photo: ref}})
		} else {
			out = append(out, outgoing{documentRef: &tgbot.SendDocumentParams{ChatID: chatID, Document: ref}})
		}
	}
	if l := r.Location; l != nil {
		out = append(out, outgoing{location: &tgbot.SendLocationParams{ChatID: chatID, Latitude: l.Latitude, Longitude: l.Longitude}})
	}
	return out
}

func renderText(chatID int64, callbackMessageID int, r flows.Reply) []outgoing {
	markup, inline := replyMarkup(r)
	if r.Document != nil {
		doc := outgoing{
			document: &tgbot.SendDocumentParams{ChatID: chatID},
			fileName: r.Document.FileName,
			fileData: r.Document.Data,
		}
		if utf16Len(r.Text) <= maxCaptionUnits {
			doc.document.Caption = r.Text
			doc.document.ReplyMarkup = markup
			return []outgoing{doc}
		}
		// Too long for a caption: the file first, then the text.
		return append([]outgoing{doc}, messages(chatID, r.Text, markup)...)
	}
	if strings.TrimSpace(r.Text) == "" {
		return nil // Telegram refuses an empty message.
	}
	// Only an inline keyboard (or none) can go on an edited message.
	if !r.Edit || callbackMessageID == 0 || (markup != nil && !inline) {
		return messages(chatID, r.Text, markup)
	}
	chunks := splitText(r.Text, maxTextUnits)
	first := outgoing{
		edit:     &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: callbackMessageID, Text: chunks[0]},
		fallback: &tgbot.SendMessageParams{ChatID: chatID, Text: chunks[0]},
	}
	if len(chunks) == 1 && markup != nil {
		first.edit.ReplyMarkup = markup
		first.fallback.ReplyMarkup = markup
	}
	if len(chunks) == 1 {
		return []outgoing{first}
	}
	return append([]outgoing{first}, messages(chatID, strings.Join(chunks[1:], ""), markup)...)
}

// messages sends text in as many messages as its length needs, with the
// keyboard under the last one.
func messages(chatID int64, text string, markup models.ReplyMarkup) []outgoing {
	var chunks []string
	for _, c := range splitText(text, maxTextUnits) {
		if strings.TrimSpace(c) != "" { // Telegram refuses a blank message
			chunks = append(chunks, c)
		}
	}
	out := make([]outgoing, 0, len(chunks))
	for i, c := range chunks {
		p := &tgbot.SendMessageParams{ChatID: chatID, Text: c}
		if i == len(chunks)-1 && markup != nil {
			p.ReplyMarkup = markup
		}
		out = append(out, outgoing{message: p})
	}
	return out
}

// replyMarkup returns the keyboard of a reply and whether it is inline.
func replyMarkup(r flows.Reply) (models.ReplyMarkup, bool) {
	switch {
	case len(r.Buttons) > 0:
		kb := inlineKeyboard{InlineKeyboard: make([][]inlineButton, 0, len(r.Buttons))}
		for _, row := range r.Buttons {
			line := make([]inlineButton, 0, len(row))
			for _, btn := range row {
				line = append(line, inlineButton{Text: btn.Text, CallbackData: btn.Data})
			}
			kb.InlineKeyboard = append(kb.InlineKeyboard, line)
		}
		return kb, true
	case len(r.Keyboard) > 0 || r.RequestContact != "":
		kb := &models.ReplyKeyboardMarkup{ResizeKeyboard: true}
		if r.RequestContact != "" {
			kb.Keyboard = append(kb.Keyboard, []models.KeyboardButton{{Text: r.RequestContact, RequestContact: true}})
		}
		for _, row := range r.Keyboard {
			line := make([]models.KeyboardButton, 0, len(row))
			for _, label := range row {
				line = append(line, models.KeyboardButton{Text: label})
			}
			kb.Keyboard = append(kb.Keyboard, line)
		}
		return kb, false
	case r.RemoveKeyboard:
		return &models.ReplyKeyboardRemove{RemoveKeyboard: true}, false
	}
	return nil, false
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// splitText cuts s into pieces of at most limit UTF-16 units, never inside a
// character, preferring the last line break, then the last space, of each
// piece. Joined back, the pieces give s.
func splitText(s string, limit int) []string {
	var out []string
	for utf16Len(s) > limit {
		cut, units := len(s), 0 // cut: byte index where limit units end
		for i, r := range s {
			if units+utf16.RuneLen(r) > limit {
				cut = i
				break
			}
			units += utf16.RuneLen(r)
		}
		if cut == 0 { // limit below one character: never loop
			_, cut = utf8.DecodeRuneInString(s)
		}
		if nl := strings.LastIndexByte(s[:cut], '\n'); nl > 0 {
			cut = nl + 1
		} else if sp := strings.LastIndexByte(s[:cut], ' '); sp > 0 {
			cut = sp + 1
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}
