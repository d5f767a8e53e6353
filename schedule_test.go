package danchu_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"danchu"
)

func TestDefaultJobs(t *testing.T) {
	s := danchu.DefaultSettings()
	for name, want := range map[string]danchu.JobSetting{
		"report_deadlines": {Schedule: "0 8 * * *", CatchUp: 72 * time.Hour},
		"petition_due":     {Schedule: "30 7 * * *", CatchUp: 12 * time.Hour},
		"weekly_digest":    {Schedule: "0 7 * * 1", CatchUp: 48 * time.Hour},
		"monthly_digest":   {Schedule: "0 7 1 * *", CatchUp: 72 * time.Hour},
	} {
		if got := s.Jobs[name]; got != want {
			t.Errorf("job %s = %+v, want %+v", name, got, want)
		}
	}
}

// A wrong jobs section is refused with its line and the reason.
func TestBadJobSettings(t *testing.T) {
	base := string(danchu.DefaultSettingsYAML)
	tests := []struct {
		name    string
		replace [2]string
		want    []string
	}{
		{"bad cron", [2]string{`schedule: "0 8 * * *"`, `schedule: "0 25 * * *"`}, []string{"report_deadlines", "schedule", "0 25 * * *"}},
		{"six fields", [2]string{`schedule: "0 8 * * *"`, `schedule: "0 0 8 * * *"`}, []string{"report_deadlines", "minute hour day month weekday"}},
		{"time zone", [2]string{`schedule: "0 8 * * *"`, `schedule: "CRON_TZ=UTC 0 8 * * *"`}, []string{"leave out TZ="}},
		{"negative catch-up", [2]string{`catch_up: 12h`, `catch_up: -1h`}, []string{"petition_due", "catch_up"}},
		{"not a duration", [2]string{`catch_up: 12h`, `catch_up: soon`}, []string{"soon"}},
		{"name", [2]string{`  weekly_digest:`, `  WeeklyDigest:`}, []string{"WeeklyDigest", "lowercase"}},
		{"report key", [2]string{`key: "annual"`, `key: "adhoc"`}, []string{`report key "adhoc"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.replace[0]) {
				t.Fatalf("test setup: %q not in the default file", tt.replace[0])
			}
			_, err := danchu.ParseSettings([]byte(strings.Replace(base, tt.replace[0], tt.replace[1], 1)), "town.yaml")
			if err == nil {
				t.Fatal("want an error, got none")
			}
			for _, w := range append(tt.want, "town.yaml", "line ") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestYearlyReportDeadlines(t *testing.T) {
	s := danchu.DefaultSettings()
	loc := s.Location()
	got := s.YearlyReportDeadlines(2027)
	want := []danchu.ReportDeadline{
		{Key: "half_year", Period: "2027", Title: "Báo cáo 6 tháng", Due: time.Date(2027, 6, 14, 0, 0, 0, 0, loc), From: time.Date(2027, 1, 1, 0, 0, 0, 0, loc)},
		{Key: "annual", Period: "2027", Title: "Báo cáo năm", Due: time.Date(2027, 11, 30, 0, 0, 0, 0, loc), From: time.Date(2027, 1, 1, 0, 0, 0, 0, loc)},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d deadlines, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Key != w.Key || g.Period != w.Period || g.Title != w.Title || !g.Due.Equal(w.Due) || !g.From.Equal(w.From) {
			t.Errorf("deadline %d = %+v, want %+v", i, g, w)
		}
	}
	if ref := got[0].Ref(); ref != "half_year:2027" {
		t.Errorf("Ref = %q", ref)
	}
}

// adhocStore holds one ad hoc deadline, id 5.
type adhocStore struct{ danchu.ReportDeadlineService }

func (adhocStore) FindReportDeadline(_ context.Context, id int64) (*danchu.ReportDeadline, error) {
	if id != 5 {
		return nil, danchu.Errorf(danchu.ENOTFOUND, "no such report deadline")
	}
	return &danchu.ReportDeadline{ID: 5, Key: danchu.ReportKeyAdHoc, Period: "5", Title: "Báo cáo đột xuất"}, nil
}

func TestFindReportDeadline(t *testing.T) {
	s := danchu.DefaultSettings()
	for _, tc := range []struct {
		key, period, want string // want: the title, or "" for ENOTFOUND
	}{
		{"half_year", "2026", "Báo cáo 6 tháng"},
		{"annual", "2031", "Báo cáo năm"},
		{"adhoc", "5", "Báo cáo đột xuất"},
		{"adhoc", "6", ""},
		{"adhoc", "-5", ""},
		{"annual", "1999", ""},
		{"annual", "02026", ""},
		{"annual", "x", ""},
		{"quarterly", "2026", ""},
	} {
		d, err := danchu.FindReportDeadline(t.Context(), s, adhocStore{}, tc.key, tc.period)
		switch {
		case tc.want == "" && danchu.ErrorCode(err) != danchu.ENOTFOUND:
			t.Errorf("%s:%s: err %v, want ENOTFOUND", tc.key, tc.period, err)
		case tc.want != "" && (err != nil || d.Title != tc.want || d.Ref() != tc.key+":"+tc.period):
			t.Errorf("%s:%s = %+v, %v; want %q", tc.key, tc.period, d, err, tc.want)
		}
	}
}

func TestMayConfirmReport(t *testing.T) {
	actor := func(id int64, roles ...danchu.Role) danchu.Actor {
		a := danchu.Actor{ResidentID: id}
		for _, r := range roles {
			a.Roles = append(a.Roles, danchu.RoleGrant{ResidentID: id, Role: r})
		}
		return a
	}
	everyone := &danchu.ReportDeadline{Key: "annual", Period: "2026"}
	named := &danchu.ReportDeadline{Key: "adhoc", Period: "1", Responsible: []int64{2}}
	for _, tc := range []struct {
		name string
		d    *danchu.ReportDeadline
		a    danchu.Actor
		want bool
	}{
		{"chairman, everyone's", everyone, actor(1, danchu.RoleChairman), true},
		{"official, everyone's", everyone, actor(2, danchu.RoleOfficial), true},
		{"tiểu khu head", everyone, actor(3, danchu.RoleTieuKhuHead), false},
		{"supervisor", everyone, actor(4, danchu.RoleSupervisor), false},
		{"admin", everyone, actor(5, danchu.RoleAdmin), false},
		{"resident", everyone, actor(6), false},
		{"nobody", everyone, danchu.Actor{Roles: []danchu.RoleGrant{{Role: danchu.RoleChairman}}}, false},
		{"named official", named, actor(2, danchu.RoleOfficial), true},
		{"other official", named, actor(7, danchu.RoleOfficial), false},
		{"named, no longer an official", named, actor(2), false},
		{"chairman, named others", named, actor(1, danchu.RoleChairman), true},
	} {
		if got := tc.d.MayConfirm(tc.a); got != tc.want {
			t.Errorf("%s: MayConfirm = %v, want %v", tc.name, got, tc.want)
		}
	}
}
