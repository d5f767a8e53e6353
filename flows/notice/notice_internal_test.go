package notice

import (
	"testing"
	"time"

	"danchu"
	"danchu/flows"
)

// mustArea is the area with its texts, and no stores.
func mustArea(t *testing.T) *Area {
	t.Helper()
	e := &flows.Engine{Settings: danchu.DefaultSettings()}
	a := &Area{Base: e.Base()}
	if err := e.Add(a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestTimeLeft(t *testing.T) {
	a := mustArea(t)
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "dưới 1 phút"}, {29 * time.Second, "dưới 1 phút"}, {90 * time.Second, "khoảng 2 phút"},
		{400 * time.Second, "khoảng 7 phút"}, {65 * time.Minute, "khoảng 1 giờ 5 phút"},
	}
	for _, tt := range tests {
		if got := a.timeLeft(flows.LangVI, tt.d); got != tt.want {
			t.Errorf("timeLeft(%s) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
