package flows

import (
	"testing"
	"time"
)

// The fields of the texts of issue 4, for TestLocales.
func init() {
	for k, v := range map[string]any{
		"Title": "Cắt điện ngày 20/3", "Sent": "1.234", "NotReached": "3", "Unreachable": "2", "Failed": "1",
		"Cancelled": "0", "Left": "2 phút", "Minutes": 5, "Hours": 1, "Example": "23/03/2026",
		"Places": "Tiểu khu 1", "Audience": "Tiểu khu 1", "Need": 5, "When": "19:30, Thứ Bảy 21/03/2026",
		"Agenda": "Bầu trưởng tiểu khu", "Answer": "Tôi sẽ tham dự", "Meeting": "Họp ngày 21/03/2026",
		"Attend": "10", "Absent": "2", "Ack": "5", "Silent": "30", "Category": "Thủ tục hành chính",
		"Month": "03/2026", "N": 1, "Open": "0", "Text": "Khoản chi này là gì?", "ID": 7,
		"Asker": "Nguyễn Văn An (Tiểu khu 3)", "Question": "Khoản chi này là gì?", "Day": "21/03/2026",
	} {
		sampleData[k] = v
	}
}

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
		if got := count(tt.lang, tt.n); got != tt.want {
			t.Errorf("count(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestTimeLeft(t *testing.T) {
	e := &Engine{}
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "dưới 1 phút"}, {29 * time.Second, "dưới 1 phút"}, {90 * time.Second, "khoảng 2 phút"},
		{400 * time.Second, "khoảng 7 phút"}, {65 * time.Minute, "khoảng 1 giờ 5 phút"},
	}
	for _, tt := range tests {
		if got := e.timeLeft(LangVI, tt.d); got != tt.want {
			t.Errorf("timeLeft(%s) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
