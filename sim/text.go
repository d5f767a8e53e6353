package sim

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Telegram's limits, counted in UTF-16 code units after entity parsing.
const (
	maxTextLen    = 4096
	maxCaptionLen = 1024
)

// utf16Len counts UTF-16 code units, the unit of Telegram's lengths and of
// entity offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// formatted is a text as the user sees it: plain text plus entities.
type formatted struct {
	Text     string
	Entities []Entity
}

// formatText applies parse_mode (or the explicit entities) to a text the way
// the Bot API does before it checks the length.
func formatText(text, parseMode, entitiesJSON string) (formatted, *apiError) {
	if !utf8.ValidString(text) {
		return formatted{}, badRequest("text must be encoded in UTF-8")
	}
	if entitiesJSON != "" {
		var ents []Entity
		if err := decodeInto(entitiesJSON, &ents); err != nil {
			return formatted{}, badRequest("can't parse entities JSON object")
		}
		return formatted{Text: text, Entities: clampEntities(ents, utf16Len(text))}, nil
	}
	var (
		plain string
		ents  []Entity
		err   *apiError
	)
	switch strings.ToLower(parseMode) {
	case "":
		return formatted{Text: text}, nil
	case "html":
		plain, ents, err = parseHTML(text)
	case "markdownv2":
		plain, ents, err = parseMarkdownV2(text)
	case "markdown":
		plain, ents, err = parseMarkdown(text)
	default:
		return formatted{}, badRequest("unsupported parse_mode")
	}
	if err != nil {
		return formatted{}, err
	}
	return formatted{Text: plain, Entities: sortEntities(ents)}, nil
}

// clampEntities drops given entities that fall outside the text, as Telegram
// silently does.
func clampEntities(ents []Entity, n int) []Entity {
	var out []Entity
	for _, e := range ents {
		if e.Offset < 0 || e.Length <= 0 || e.Offset >= n {
			continue
		}
		if e.Offset+e.Length > n {
			e.Length = n - e.Offset
		}
		out = append(out, e)
	}
	return sortEntities(out)
}

func sortEntities(ents []Entity) []Entity {
	var out []Entity
	for _, e := range ents {
		if e.Length > 0 {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

// commandEntities marks every /command in a user's text the way Telegram
// does: at the start or after white space, ASCII letters, digits and "_",
// an optional @botname, and no word character right after. Offsets and
// lengths count UTF-16 units.
func commandEntities(text string) []Entity {
	var ents []Entity
	pos := 0 // UTF-16 offset of text[i]
	prevSpace := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '/' && prevSpace {
			if n := commandLen(text[i:]); n > 0 {
				ents = append(ents, Entity{Type: "bot_command", Offset: pos, Length: n})
				pos += n
				i += n // commands are ASCII: bytes equal UTF-16 units
				prevSpace = false
				continue
			}
		}
		prevSpace = unicode.IsSpace(r)
		pos += utf16Len(string(r))
		i += size
	}
	return ents
}

// commandLen returns the byte length of a command at the start of s, or 0.
func commandLen(s string) int {
	word := func(from int) int {
		n := from
		for n < len(s) && isCommandByte(s[n]) {
			n++
		}
		return n
	}
	end := word(1)
	if end == 1 || end-1 > 32 {
		return 0
	}
	if end < len(s) && s[end] == '@' {
		if at := word(end + 1); at > end+1 {
			end = at
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' {
			return 0
		}
	}
	return end
}

func isCommandByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
