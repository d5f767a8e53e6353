package flows

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"danchu"
)

// percent writes a share in per cent with one decimal, "38,7%" in
// Vietnamese and "38.7%" in English.
func Percent(lang string, part, total int) string {
	s := strconv.FormatFloat(danchu.Percent(part, total), 'f', 1, 64)
	if lang != LangEN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}

// count writes n with the language's thousands separator: 1.234 or 1,234.
func Count(lang string, n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	sep := "."
	if lang == LangEN {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

var idPattern = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)

// parseID reads a petition or resident id from button data.
func ParseID(s string) (int64, bool) {
	if !idPattern.MatchString(s) {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}

func Itoa(i int64) string { return strconv.FormatInt(i, 10) }

// indexIn reads a button's index into a list of n.
func IndexIn(s string, n int) (int, bool) {
	if !buttonIndex.MatchString(s) {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil && i < n
}

// clip shortens s to n characters, marking the cut.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// tidy trims a typed text and tidies its line ends.
func Tidy(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func Runes(s string) int { return utf8.RuneCountInString(s) }

var buttonIndex = regexp.MustCompile(`^(0|[1-9][0-9]{0,3})$`)

// upperFirst capitalises the first letter: "tiểu khu" -> "Tiểu khu".
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

const (
	MaxContent   = 3000 // a petition's content, and an answer
	MaxShortText = 500  // a complaint's subject and request, a reason, a body's name
	MaxAddress   = 300
	// maxText keeps a message under Telegram's 4096 characters.
	MaxText = 4000
)
