package flows_test

import (
	"testing"

	"danchu/flows"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when refused
	}{
		{"0912345678", "+84912345678"},
		{"0912 345 678", "+84912345678"},
		{"091.234.5678", "+84912345678"},
		{"091-234-5678", "+84912345678"},
		{"(091) 2345678", "+84912345678"},
		{"+84912345678", "+84912345678"},
		{"+84 91 234 5678", "+84912345678"},
		{"84912345678", "+84912345678"},
		{" 0312345678 ", "+84312345678"},
		{"0512345678", "+84512345678"},
		{"0712345678", "+84712345678"},
		{"0812345678", "+84812345678"},
		{"0212345678", ""},    // a landline prefix
		{"0412345678", ""},    // no mobile network
		{"0612345678", ""},    // no mobile network
		{"091234567", ""},     // nine digits
		{"09123456789", ""},   // eleven digits
		{"+840912345678", ""}, // the 0 kept after +84
		{"+8491234567", ""},   // too short
		{"+12025550123", ""},  // not Vietnamese
		{"849123456789", ""},
		{"0912345678a", ""},
		{"09+12345678", ""},
		{"", ""},
		{"không có", ""},
	}
	for _, tt := range tests {
		got, ok := flows.NormalizePhone(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
