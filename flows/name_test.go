package flows

import (
	"reflect"
	"testing"
)

// Vietnamese names are written family name first; Telegram's first and last
// names are filled either way, so both orders are offered, that one first.
func TestTelegramNames(t *testing.T) {
	tests := []struct {
		first, last string
		want        []string
	}{
		{"Lan", "Nguyễn Thị", []string{"Nguyễn Thị Lan", "Lan Nguyễn Thị"}},
		{"Nguyễn Thị", "Lan", []string{"Lan Nguyễn Thị", "Nguyễn Thị Lan"}},
		{"Bình", "", []string{"Bình"}},
		{"", "Trần Bình", []string{"Trần Bình"}},
		{"  an ", " nguyễn   văn", []string{"Nguyễn Văn An", "An Nguyễn Văn"}},
		{"Hà", "Hà", []string{"Hà Hà"}},
		{"Lan", "🌸", nil},
		{"B", "", nil},
		{"", "", nil},
	}
	for _, tt := range tests {
		if got := TelegramNames(User{FirstName: tt.first, LastName: tt.last}); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("TelegramNames(%q, %q) = %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
}
