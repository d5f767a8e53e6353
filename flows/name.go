package flows

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeName checks a full name: 2 to 100 characters, letters (with their
// Vietnamese marks) and single spaces. It returns the name in NFC with the
// spaces tidied and each word capitalised, as names are written.
func NormalizeName(s string) (string, bool) {
	words := strings.Fields(norm.NFC.String(s))
	for i, w := range words {
		words[i] = UpperFirst(w)
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

// telegramNames are the full names the person's Telegram account suggests,
// each valid. A Vietnamese name is written family name first, while
// Telegram asks for a first and a last name, which people fill either way:
// with both, the family-name-first order comes first ("Nguyễn Thị Lan" from
// first "Lan", last "Nguyễn Thị"), then the other ("Lan Nguyễn Thị"); with
// one of them, that one.
func TelegramNames(u User) []string {
	first, last := strings.TrimSpace(u.FirstName), strings.TrimSpace(u.LastName)
	var out []string
	for _, s := range []string{last + " " + first, first + " " + last} {
		if name, ok := NormalizeName(s); ok && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}
