package flows

import "testing"

func TestCount(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{LangVI, 0, "0"}, {LangVI, 999, "999"}, {LangVI, 1234, "1.234"}, {LangVI, 10000, "10.000"},
		{LangVI, 1234567, "1.234.567"}, {LangEN, 5000, "5,000"},
	}
	for _, tt := range tests {
		if got := Count(tt.lang, tt.n); got != tt.want {
			t.Errorf("count(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
