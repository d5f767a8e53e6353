package sim

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The parsers below turn HTML, MarkdownV2 and legacy Markdown into plain text
// and entities, and refuse what Telegram refuses with its wording ("can't
// parse entities: ..."), so that a bot that forgets to escape user input
// fails here as it would in production.

type textBuilder struct {
	sb  strings.Builder
	pos int // UTF-16 length of what is written
}

func (b *textBuilder) write(s string) {
	b.sb.WriteString(s)
	b.pos += utf16Len(s)
}

func entityError(format string, args ...any) *apiError {
	return badRequest("can't parse entities: " + fmt.Sprintf(format, args...))
}

type openEntity struct {
	tag     string // HTML tag name or Markdown marker
	ent     Entity
	byteOff int
	noEnt   bool // <code> merged into the enclosing <pre>
}

var htmlEntityTypes = map[string]string{
	"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
	"u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"tg-spoiler": "spoiler", "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
	"blockquote": "blockquote", "tg-emoji": "custom_emoji",
}

func parseHTML(s string) (string, []Entity, *apiError) {
	var b textBuilder
	var stack []openEntity
	var ents []Entity
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return "", nil, entityError("Can't find end of tag at byte offset %d", i)
			}
			inner := s[i+1 : i+end]
			if name, ok := strings.CutPrefix(inner, "/"); ok {
				name = strings.ToLower(strings.TrimSpace(name))
				if len(stack) == 0 {
					return "", nil, entityError("Unexpected end tag at byte offset %d", i)
				}
				top := stack[len(stack)-1]
				if top.tag != name {
					return "", nil, entityError("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.tag, name)
				}
				stack = stack[:len(stack)-1]
				if !top.noEnt {
					top.ent.Length = b.pos - top.ent.Offset
					ents = append(ents, top.ent)
				}
			} else {
				open, err := htmlStartTag(inner, i, stack)
				if err != nil {
					return "", nil, err
				}
				open.ent.Offset = b.pos
				stack = append(stack, open)
			}
			i += end + 1
		case '&':
			text, n := htmlCharRef(s[i:])
			b.write(text)
			i += n
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.write(s[i : i+size])
			i += size
		}
	}
	if len(stack) > 0 {
		return "", nil, entityError("Can't find end tag corresponding to start tag %q", stack[len(stack)-1].tag)
	}
	return b.sb.String(), ents, nil
}

func htmlStartTag(inner string, off int, stack []openEntity) (openEntity, *apiError) {
	name, rest, _ := strings.Cut(strings.TrimSpace(inner), " ")
	name = strings.ToLower(name)
	typ, ok := htmlEntityTypes[name]
	if !ok {
		return openEntity{}, entityError("Unsupported start tag %q at byte offset %d", name, off)
	}
	attrs := htmlAttrs(rest)
	open := openEntity{tag: name, byteOff: off, ent: Entity{Type: typ}}
	switch name {
	case "span":
		if attrs["class"] != "tg-spoiler" {
			return openEntity{}, entityError("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", off)
		}
	case "a":
		open.ent.URL = attrs["href"]
		if open.ent.URL == "" {
			open.noEnt = true
		}
	case "tg-emoji":
		open.ent.CustomEmojiID = attrs["emoji-id"]
	case "blockquote":
		if _, ok := attrs["expandable"]; ok {
			open.ent.Type = "expandable_blockquote"
		}
	case "code":
		if len(stack) > 0 && stack[len(stack)-1].tag == "pre" {
			if lang, ok := strings.CutPrefix(attrs["class"], "language-"); ok {
				stack[len(stack)-1].ent.Language = lang
				open.noEnt = true
			}
		}
	}
	return open, nil
}

// htmlAttrs reads name="value", name='value', name=value and bare names.
func htmlAttrs(s string) map[string]string {
	attrs := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		n := strings.IndexAny(s, "= \t\n")
		if n < 0 {
			attrs[strings.ToLower(s)] = ""
			return attrs
		}
		key := strings.ToLower(s[:n])
		s = strings.TrimSpace(s[n:])
		if !strings.HasPrefix(s, "=") {
			attrs[key] = ""
			continue
		}
		s = strings.TrimSpace(s[1:])
		var val string
		if s != "" && (s[0] == '"' || s[0] == '\'') {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				end = len(s) - 1
			}
			val, s = s[1:1+end], s[min(len(s), end+2):]
		} else {
			end := strings.IndexAny(s, " \t\n")
			if end < 0 {
				end = len(s)
			}
			val, s = s[:end], s[end:]
		}
		text, _ := htmlUnescape(val)
		attrs[key] = text
	}
	return attrs
}

func htmlUnescape(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '&' {
			text, n := htmlCharRef(s[i:])
			b.WriteString(text)
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), true
}

// htmlCharRef decodes the character reference at the start of s; Telegram
// knows &lt; &gt; &amp; &quot; and numeric ones and leaves others as text.
func htmlCharRef(s string) (string, int) {
	end := strings.IndexByte(s, ';')
	if end < 0 || end > 12 {
		return "&", 1
	}
	ref := s[1:end]
	switch ref {
	case "lt":
		return "<", end + 1
	case "gt":
		return ">", end + 1
	case "amp":
		return "&", end + 1
	case "quot":
		return "\"", end + 1
	}
	if num, ok := strings.CutPrefix(ref, "#"); ok {
		base := 10
		if hex, isHex := strings.CutPrefix(strings.ToLower(num), "x"); isHex {
			num, base = hex, 16
		}
		if code, err := strconv.ParseInt(num, base, 32); err == nil && utf8.ValidRune(rune(code)) && code != 0 {
			return string(rune(code)), end + 1
		}
	}
	return "&", 1
}
