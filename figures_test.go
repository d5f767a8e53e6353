package danchu_test

import (
	"bytes"
	"regexp"
	"testing"
	"time"

	"danchu"
)

func TestParseReportPeriod(t *testing.T) {
	t.Parallel()
	s := danchu.DefaultSettings()
	loc := s.Location()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	tests := []struct {
		in             string
		kind, key      string
		from, to, last time.Time
		title          string
	}{
		{in: "2027-H1", kind: danchu.PeriodHalfYear, key: "2027-H1", from: day(2026, 12, 15), to: day(2027, 6, 15), last: day(2027, 6, 14),
			title: "6 tháng đầu năm 2027 (từ ngày 15/12/2026 đến ngày 14/06/2027)"},
		{in: " 2027-h1 ", kind: danchu.PeriodHalfYear, key: "2027-H1", from: day(2026, 12, 15), to: day(2027, 6, 15), last: day(2027, 6, 14),
			title: "6 tháng đầu năm 2027 (từ ngày 15/12/2026 đến ngày 14/06/2027)"},
		{in: "2027", kind: danchu.PeriodYear, key: "2027", from: day(2026, 12, 15), to: day(2027, 12, 15), last: day(2027, 12, 14),
			title: "năm 2027 (từ ngày 15/12/2026 đến ngày 14/12/2027)"},
		{in: "2027-01-01..2027-03-31", kind: danchu.PeriodCustom, key: "2027-01-01..2027-03-31", from: day(2027, 1, 1), to: day(2027, 4, 1), last: day(2027, 3, 31),
			title: "Từ ngày 01/01/2027 đến ngày 31/03/2027"},
		{in: "2028-02-29..2028-02-29", kind: danchu.PeriodCustom, key: "2028-02-29..2028-02-29", from: day(2028, 2, 29), to: day(2028, 3, 1), last: day(2028, 2, 29),
			title: "Từ ngày 29/02/2028 đến ngày 29/02/2028"},
	}
	for _, tt := range tests {
		p, err := s.ParseReportPeriod(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if p.Kind != tt.kind || p.Key != tt.key || !p.From.Equal(tt.from) || !p.To.Equal(tt.to) || !p.Last().Equal(tt.last) || p.Title() != tt.title {
			t.Errorf("%q = %+v (last %v, title %q)", tt.in, p, p.Last(), p.Title())
		}
	}
	prev := must(s.ParseReportPeriod("2027-H1")).YearBefore()
	if prev.Key != "2026-H1" || !prev.From.Equal(day(2025, 12, 15)) || !prev.To.Equal(day(2026, 6, 15)) {
		t.Errorf("YearBefore(2027-H1) = %+v", prev)
	}
	prev = must(s.ParseReportPeriod("2027-01-01..2027-03-31")).YearBefore()
	if prev.Key != "2026-01-01..2026-03-31" {
		t.Errorf("YearBefore(custom) = %+v", prev)
	}

	for _, bad := range []string{"", "2027-H3", "27", "2027-02-30..2027-03-01", "2027-03-31..2027-01-01", "1999", "2027/01/01..2027/03/31", "H1-2027"} {
		_, err := s.ParseReportPeriod(bad)
		if danchu.ErrorCode(err) != danchu.EINVALID {
			t.Errorf("%q: error %v, want EINVALID", bad, err)
			continue
		}
		if msg := danchu.ErrorMessage(err); msg == "" || msg == "internal error" {
			t.Errorf("%q: no message for the person: %v", bad, err)
		}
	}
}

func TestReportPeriodsFromOlderSettings(t *testing.T) {
	t.Parallel()
	// A settings file without report_periods gets the shipped spans.
	old := regexp.MustCompile(`(?m)^report_periods:\n(  .*\n)+`).ReplaceAll(danchu.DefaultSettingsYAML, nil)
	if bytes.Contains(old, []byte("report_periods")) {
		t.Fatal("the test did not remove report_periods")
	}
	s, err := danchu.ParseSettings(old, "old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.ReportPeriods.HalfYear.From != "15/12" || s.ReportPeriods.HalfYear.To != "14/06" || s.ReportPeriods.Year.To != "14/12" {
		t.Fatalf("shipped report periods = %+v", s.ReportPeriods)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
