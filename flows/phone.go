package flows

import "strings"

// NormalizePhone checks a Vietnamese mobile number and returns it as
// +84XXXXXXXXX. It accepts 10 digits starting 03, 05, 07, 08 or 09, and the
// same number as +84... or 84... (nine digits after the country code), with
// spaces, dots, dashes or brackets between the digits.
func NormalizePhone(s string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	var national string // the nine digits after 0 or +84
	switch {
	case strings.HasPrefix(d, "+84"):
		national = d[3:]
	case strings.HasPrefix(d, "84") && len(d) == 11:
		national = d[2:]
	case strings.HasPrefix(d, "0") && len(d) == 10:
		national = d[1:]
	default:
		return "", false
	}
	if len(national) != 9 || strings.ContainsRune(national, '+') || !strings.ContainsRune("35789", rune(national[0])) {
		return "", false
	}
	return "+84" + national, true
}

func (b Base) AskPhone(t *Turn, id Msg) Reply {
	return Reply{Text: t.T(id, nil), RequestContact: t.T(msgButtonSharePhone, nil)}
}

// readPhone takes the person's own shared contact or a typed number; on a
// problem it returns the replies that explain it.
func (b Base) ReadPhone(t *Turn) (string, []Reply) {
	var phone string
	var ok bool
	switch {
	case t.In.Contact != nil:
		if t.In.Contact.UserID != t.In.From.ID {
			return "", []Reply{b.AskPhone(t, msgPhoneNotOwn)}
		}
		phone, ok = NormalizePhone(t.In.Contact.Phone)
	case t.In.Text != "":
		phone, ok = NormalizePhone(t.In.Text)
	default:
		return "", []Reply{b.AskPhone(t, msgPhoneHint)}
	}
	if !ok {
		return "", []Reply{b.AskPhone(t, msgPhoneInvalid)}
	}
	return phone, nil
}
