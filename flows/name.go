package flows

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeName checks a full name: 2 to 100 characters, letters (with their
// Vietnamese marks) and single spaces. It returns the name in NFC with the
// spaces tidied and each word capitalised, as names are written.
func normalizeName(s string) (string, bool) {
	words := strings.Fields(norm.NFC.String(s))
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	name := strings.Join(words, " ")
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 100 {
		return "", false
	}
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || unicode.Is(unicode.Mn, r):
		default:
			return "", false
		}
	}
	return name, letters >= 2
}

// telegramName is the name on the person's Telegram account, when it is a
// valid full name.
func telegramName(u User) (string, bool) {
	return normalizeName(u.FirstName + " " + u.LastName)
}
