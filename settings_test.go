package danchu_test

import (
	"strings"
	"testing"

	"danchu"
)

func TestDefaultSettingsAreValid(t *testing.T) {
	s := danchu.DefaultSettings()
	if s.Unit.Code != "HT" || s.Location().String() != "Asia/Ho_Chi_Minh" {
		t.Fatalf("unexpected default unit: %+v", s.Unit)
	}
	if len(s.Neighbourhoods) == 0 || len(s.Fields) == 0 {
		t.Fatal("the default settings need neighbourhoods and fields")
	}
}

func TestSettingsRoundTripThroughPrint(t *testing.T) {
	out, err := danchu.DefaultSettings().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := danchu.ParseSettings(out, "printed")
	if err != nil {
		t.Fatalf("the printed settings must load again: %v", err)
	}
	if again.Unit.Name != "thị trấn Hà Trung" {
		t.Fatalf("unit name lost: %q", again.Unit.Name)
	}
}

// A wrong file is refused with its line and the reason.
func TestBadSettingsNameLineAndReason(t *testing.T) {
	base := string(danchu.DefaultSettingsYAML)
	tests := []struct {
		name    string
		replace [2]string
		want    []string
	}{
		{"unknown time zone", [2]string{`time_zone: "Asia/Ho_Chi_Minh"`, `time_zone: "Asia/Hanoi_City"`}, []string{"line 7", `unknown time zone "Asia/Hanoi_City"`}},
		{"bad unit code", [2]string{`code: "HT"`, `code: "ha trung"`}, []string{"line 6", "capital letters"}},
		{"unknown key", [2]string{`  address:`, `  adress:`}, []string{"line 8", "adress"}},
		{"households not a number", [2]string{`households: 310`, `households: many`}, []string{"line 13", "many"}},
		{"duplicate neighbourhood", [2]string{`"Tiểu khu 2"`, `"Tiểu khu 1"`}, []string{"line 14", "listed twice"}},
		{"bad holiday", [2]string{`"30/04"`, `"31/04"`}, []string{"31/04", "dd/mm"}},
		{"pass percent", [2]string{`pass_percent: 50`, `pass_percent: 150`}, []string{"pass_percent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.replace[0]) {
				t.Fatalf("test setup: %q not in the default file", tt.replace[0])
			}
			data := strings.Replace(base, tt.replace[0], tt.replace[1], 1)
			_, err := danchu.ParseSettings([]byte(data), "town.yaml")
			if err == nil {
				t.Fatal("want an error, got none")
			}
			for _, w := range append(tt.want, "town.yaml") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
