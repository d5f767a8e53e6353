package sim

import (
	"encoding/json"
	"net/url"
)

// markup is a parsed reply_markup.
type markup struct {
	raw         json.RawMessage // an inline keyboard as it is echoed to the bot
	inline      [][]Button
	reply       [][]Button
	oneTime     bool
	placeholder string
	remove      bool
}

// inlineActions are the fields of which an inline button must have one.
var inlineActions = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

// parseMarkup reads a reply_markup that passed the spec check and refuses
// what Telegram refuses in it: a text-only inline button, callback_data
// outside 1..64 bytes, a malformed button URL.
func parseMarkup(s string) (markup, *apiError) {
	var mk markup
	if s == "" {
		return mk, nil
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &probe); err != nil {
		return mk, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case probe["inline_keyboard"] != nil:
		var rows [][]map[string]json.RawMessage
		if err := json.Unmarshal(probe["inline_keyboard"], &rows); err != nil {
			return mk, badRequest("can't parse inline keyboard button: " + err.Error())
		}
		for _, row := range rows {
			var out []Button
			for _, b := range row {
				btn, err := inlineButton(b)
				if err != nil {
					return mk, err
				}
				out = append(out, btn)
			}
			mk.inline = append(mk.inline, out)
		}
		var normal any
		_ = json.Unmarshal([]byte(s), &normal) // decoded above already
		mk.raw = mustJSON(normal)
	case probe["keyboard"] != nil:
		var kb struct {
			Keyboard [][]struct {
				Text            string `json:"text"`
				RequestContact  bool   `json:"request_contact"`
				RequestLocation bool   `json:"request_location"`
			} `json:"keyboard"`
			OneTime     bool   `json:"one_time_keyboard"`
			Placeholder string `json:"input_field_placeholder"`
		}
		if err := json.Unmarshal([]byte(s), &kb); err != nil {
			return mk, badRequest("can't parse reply keyboard markup JSON object")
		}
		for _, row := range kb.Keyboard {
			var out []Button
			for _, b := range row {
				if b.Text == "" {
					return mk, badRequest("keyboard button text is empty")
				}
				out = append(out, Button{Text: b.Text, RequestContact: b.RequestContact, RequestLocation: b.RequestLocation})
			}
			mk.reply = append(mk.reply, out)
		}
		if len(mk.reply) == 0 {
			mk.reply = [][]Button{} // an empty keyboard still replaces the shown one
		}
		mk.oneTime, mk.placeholder = kb.OneTime, kb.Placeholder
	case probe["remove_keyboard"] != nil:
		mk.remove = true
	}
	return mk, nil
}

func inlineButton(b map[string]json.RawMessage) (Button, *apiError) {
	var btn Button
	_ = json.Unmarshal(b["text"], &btn.Text) // a String, checked by the spec
	actions := 0
	for _, a := range inlineActions {
		if v, ok := b[a]; ok && string(v) != "null" {
			actions++
		}
	}
	if actions == 0 {
		return btn, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	}
	if raw, ok := b["callback_data"]; ok {
		_ = json.Unmarshal(raw, &btn.Data)
		if len(btn.Data) < 1 || len(btn.Data) > 64 {
			return btn, badRequest("BUTTON_DATA_INVALID")
		}
	}
	if raw, ok := b["url"]; ok {
		_ = json.Unmarshal(raw, &btn.URL)
		u, err := url.Parse(btn.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") || (u.Scheme != "tg" && u.Host == "") {
			return btn, badRequest("BUTTON_URL_INVALID")
		}
	}
	return btn, nil
}

// apply puts the markup on a new bot message.
func (mk markup) apply(m *chatMessage) {
	m.wire.ReplyMarkup = mk.raw
	m.view.InlineKeyboard = mk.inline
	m.view.ReplyKeyboard = mk.reply
	m.view.OneTimeKeyboard = mk.oneTime
	m.view.Placeholder = mk.placeholder
	m.view.RemoveKeyboard = mk.remove
}
