package sim

import (
	"strings"
	"unicode/utf8"
)

// MarkdownV2 and legacy Markdown, parsed as the Bot API parses them.

const markdownV2Reserved = "_*[]()~`>#+-=|{}.!"

func reservedError(c byte) *apiError {
	return entityError("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
}

func unclosedError(byteOff int) *apiError {
	return entityError("Can't find end of the entity starting at byte offset %d", byteOff)
}

func parseMarkdownV2(s string) (string, []Entity, *apiError) {
	var b textBuilder
	var stack []openEntity
	var ents []Entity
	closeTop := func() {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		top.ent.Length = b.pos - top.ent.Offset
		ents = append(ents, top.ent)
	}
	toggle := func(marker, typ string, off int) *apiError {
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].tag == marker {
				if k != len(stack)-1 {
					return unclosedError(stack[len(stack)-1].byteOff)
				}
				closeTop()
				return nil
			}
		}
		stack = append(stack, openEntity{tag: marker, byteOff: off, ent: Entity{Type: typ, Offset: b.pos}})
		return nil
	}
	inQuote := func() bool { return len(stack) > 0 && stack[0].tag == ">" }
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		atLineStart := lineStart
		lineStart = false
		var err *apiError
		switch {
		case c == '\\':
			if i+1 < len(s) && s[i+1] >= 1 && s[i+1] <= 126 {
				b.write(s[i+1 : i+2])
				i += 2
				continue
			}
			b.write("\\")
			i++
			continue
		case c == '\n':
			if inQuote() && !strings.HasPrefix(s[i+1:], ">") {
				if len(stack) > 1 {
					return "", nil, unclosedError(stack[len(stack)-1].byteOff)
				}
				closeTop()
			}
			b.write("\n")
			lineStart = true
			i++
			continue
		case c == '>' && atLineStart:
			if !inQuote() {
				if len(stack) > 0 {
					return "", nil, unclosedError(stack[len(stack)-1].byteOff)
				}
				stack = append(stack, openEntity{tag: ">", byteOff: i, ent: Entity{Type: "blockquote", Offset: b.pos}})
			}
			i++
			continue
		case c == '`':
			n, err := markdownCode(&b, s, i, &ents)
			if err != nil {
				return "", nil, err
			}
			i = n
			continue
		case c == '*':
			err = toggle("*", "bold", i)
		case c == '_' && strings.HasPrefix(s[i:], "__"):
			err = toggle("__", "underline", i)
			i++
		case c == '_':
			err = toggle("_", "italic", i)
		case c == '~':
			err = toggle("~", "strikethrough", i)
		case c == '|' && strings.HasPrefix(s[i:], "||"):
			err = toggle("||", "spoiler", i)
			i++
		case c == '[':
			stack = append(stack, openEntity{tag: "[", byteOff: i, ent: Entity{Type: "text_link", Offset: b.pos}})
		case c == '!' && strings.HasPrefix(s[i:], "!["):
			stack = append(stack, openEntity{tag: "[", byteOff: i, ent: Entity{Type: "custom_emoji", Offset: b.pos}})
			i++
		case c == ']':
			if len(stack) == 0 || stack[len(stack)-1].tag != "[" || !strings.HasPrefix(s[i+1:], "(") {
				return "", nil, reservedError(c)
			}
			url, n, ok := markdownURL(s, i+2)
			if !ok {
				return "", nil, unclosedError(stack[len(stack)-1].byteOff)
			}
			top := &stack[len(stack)-1]
			if top.ent.Type == "custom_emoji" {
				top.ent.CustomEmojiID = strings.TrimPrefix(url, "tg://emoji?id=")
			} else {
				top.ent.URL = url
			}
			closeTop()
			i = n
			continue
		case strings.IndexByte(markdownV2Reserved, c) >= 0:
			return "", nil, reservedError(c)
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.write(s[i : i+size])
			i += size
			continue
		}
		if err != nil {
			return "", nil, err
		}
		i++
	}
	if inQuote() && len(stack) == 1 {
		closeTop()
	}
	if len(stack) > 0 {
		return "", nil, unclosedError(stack[len(stack)-1].byteOff)
	}
	return b.sb.String(), ents, nil
}

// markdownCode reads `code` or ```pre``` starting at s[i]; inside, only "`"
// and "\" are escaped. It returns the index after the closing marker.
func markdownCode(b *textBuilder, s string, i int, ents *[]Entity) (int, *apiError) {
	marker, typ := "`", "code"
	if strings.HasPrefix(s[i:], "```") {
		marker, typ = "```", "pre"
	}
	j := i + len(marker)
	lang := ""
	if typ == "pre" {
		if nl := strings.IndexByte(s[j:], '\n'); nl >= 0 && !strings.ContainsAny(s[j:j+nl], " `") {
			lang = s[j : j+nl]
			j += nl + 1
		}
	}
	ent := Entity{Type: typ, Offset: b.pos, Language: lang}
	for j < len(s) {
		if s[j] == '\\' && j+1 < len(s) && (s[j+1] == '`' || s[j+1] == '\\') {
			b.write(s[j+1 : j+2])
			j += 2
			continue
		}
		if strings.HasPrefix(s[j:], marker) {
			ent.Length = b.pos - ent.Offset
			*ents = append(*ents, ent)
			return j + len(marker), nil
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		b.write(s[j : j+size])
		j += size
	}
	return 0, unclosedError(i)
}

// markdownURL reads a URL up to the closing ")" in which ")" and "\" are
// escaped; it returns the URL and the index after ")".
func markdownURL(s string, j int) (string, int, bool) {
	var url strings.Builder
	for j < len(s) {
		switch {
		case s[j] == '\\' && j+1 < len(s):
			url.WriteByte(s[j+1])
			j += 2
		case s[j] == ')':
			return url.String(), j + 1, true
		default:
			url.WriteByte(s[j])
			j++
		}
	}
	return "", 0, false
}

// parseMarkdown is the legacy mode: *bold*, _italic_, `code`, ```pre``` and
// [text](url), no nesting; "\" escapes only _ * ` [.
func parseMarkdown(s string) (string, []Entity, *apiError) {
	var b textBuilder
	var ents []Entity
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("_*`[", s[i+1]) >= 0:
			b.write(s[i+1 : i+2])
			i += 2
		case c == '*' || c == '_':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return "", nil, unclosedError(i)
			}
			typ := "bold"
			if c == '_' {
				typ = "italic"
			}
			ent := Entity{Type: typ, Offset: b.pos}
			b.write(s[i+1 : i+1+end])
			ent.Length = b.pos - ent.Offset
			ents = append(ents, ent)
			i += end + 2
		case c == '`':
			n, err := markdownCode(&b, s, i, &ents)
			if err != nil {
				return "", nil, err
			}
			i = n
		case c == '[':
			close := strings.IndexByte(s[i:], ']')
			if close < 0 || !strings.HasPrefix(s[i+close+1:], "(") {
				b.write("[")
				i++
				continue
			}
			url, n, ok := markdownURL(s, i+close+2)
			if !ok {
				return "", nil, unclosedError(i)
			}
			ent := Entity{Type: "text_link", Offset: b.pos, URL: url}
			b.write(s[i+1 : i+close])
			ent.Length = b.pos - ent.Offset
			ents = append(ents, ent)
			i = n
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.write(s[i : i+size])
			i += size
		}
	}
	return b.sb.String(), ents, nil
}
