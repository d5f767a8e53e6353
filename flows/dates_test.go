package flows

import (
	"testing"
	"time"

	"danchu"
)

func TestParseDay(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		in   string
		want string // dd/mm/yyyy, "" when refused
	}{
		{"05/03/2026", "05/03/2026"},
		{"5/3/2026", "05/03/2026"},
		{"05-03-2026", "05/03/2026"},
		{"05.03.2026", "05/03/2026"},
		{"29/02/2028", "29/02/2028"},
		{"29/02/2026", ""},
		{"31/04/2026", ""},
		{"00/01/2026", ""},
		{"05/13/2026", ""},
		{"05/03/26", ""},
		{"2026-03-05", ""},
		{"hôm qua", ""},
		{"01/01/1899", ""},
	}
	for _, tt := range tests {
		got, ok := ParseDay(tt.in, loc)
		switch {
		case tt.want == "" && ok:
			t.Errorf("ParseDay(%q) = %v, want refused", tt.in, got)
		case tt.want != "" && (!ok || danchu.Date(got, loc) != tt.want || got.Hour() != 0):
			t.Errorf("ParseDay(%q) = %v, %v; want %s at midnight", tt.in, got, ok, tt.want)
		}
	}
}

func TestParseID(t *testing.T) {
	for _, s := range []string{"1", "42", "999999999999999999"} {
		if _, ok := ParseID(s); !ok {
			t.Errorf("ParseID(%q) refused", s)
		}
	}
	for _, s := range []string{"", "0", "-1", "+1", "01", "1e3", "9999999999999999999", "1 "} {
		if id, ok := ParseID(s); ok {
			t.Errorf("ParseID(%q) = %d, want refused", s, id)
		}
	}
}
