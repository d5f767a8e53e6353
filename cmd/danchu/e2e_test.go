package main

import (
	"strings"
	"testing"
)

// A resident registers through the simulator; the program restarts; the
// profile is still there. On SQLite and PostgreSQL, with memory and Redis.
func TestResidentRegistersAndIsRememberedAfterRestart(t *testing.T) {
	for name, setup := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db, rdb := setup(t)
			w := newWorld(t, db, rdb)
			w.start()

			lan := w.newPerson("Lan", "Nguyễn Thị", "0987654321")
			lan.register("reg:nb:2")

			w.stop()
			w.start()

			lan.says("/toi")
			profile := lan.expect("+84987654321")
			for _, want := range []string{"Lan", "Tiểu khu 3"} {
				if !strings.Contains(profile.Text, want) {
					t.Errorf("profile after restart lacks %q:\n%s", want, profile.Text)
				}
			}
		})
	}
}

// A registration left half-way goes on after a restart: the answers given so
// far are kept (in the database without Redis, in Redis with it).
func TestHalfFinishedRegistrationSurvivesRestart(t *testing.T) {
	for name, setup := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db, rdb := setup(t)
			w := newWorld(t, db, rdb)
			w.start()

			hoa := w.newPerson("Hoa", "Lê Thị", "0911222333")
			hoa.says("/start")
			hoa.expect("dữ liệu cá nhân")
			hoa.press("reg:yes")
			hoa.expect("họ và tên")
			hoa.says("Lê Thị Hoa")
			hoa.expect("số điện thoại")

			w.stop()
			w.start()

			hoa.sharesContact()
			hoa.expect("tiểu khu nào")
			hoa.press("reg:nb:0")
			summary := hoa.expect("kiểm tra lại")
			if !strings.Contains(summary.Text, "Lê Thị Hoa") {
				t.Errorf("the name given before the restart is lost:\n%s", summary.Text)
			}
		})
	}
}

// An official gets a role with a one-time invite code printed by
// `danchu admin invite`; the menu then shows what the role may do.
func TestInviteGivesARoleOnce(t *testing.T) {
	db, _ := engines(t)["sqlite+memory"](t)
	w := newWorld(t, db, "")

	var out strings.Builder
	admin := &Main{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return w.env[k] }}
	if err := admin.ParseFlags(t.Context(), []string{"admin", "invite", "--role", "official"}); err != nil {
		t.Fatal(err)
	}
	if err := admin.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	line := out.String()
	i := strings.Index(line, "/start ")
	if i < 0 {
		t.Fatalf("no /start line in:\n%s", line)
	}
	startLine := strings.Fields(line[i:])[:2]

	w.start()
	binh := w.newPerson("Bình", "Trần Thị", "0912000002")
	binh.says(strings.Join(startLine, " "))
	binh.expect("dữ liệu cá nhân")
	binh.press("reg:yes")
	binh.expect("họ và tên")
	binh.press("reg:tgname")
	binh.expect("số điện thoại")
	binh.sharesContact()
	binh.expect("tiểu khu nào")
	binh.press("reg:nb:0")
	binh.expect("kiểm tra lại")
	binh.press("reg:ok")
	binh.expect("cán bộ")

	other := w.newPerson("Khách", "Vũ", "0912000009")
	other.register("reg:nb:1")
	other.says(strings.Join(startLine, " "))
	other.expect("đã được sử dụng")

	w.stop()
	out.Reset()
	roles := &Main{Stdout: &out, Stderr: &out, Getenv: func(k string) string { return w.env[k] }}
	if err := roles.ParseFlags(t.Context(), []string{"admin", "roles"}); err != nil {
		t.Fatal(err)
	}
	if err := roles.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "official") || !strings.Contains(out.String(), "Bình") {
		t.Errorf("admin roles does not list the new official:\n%s", out.String())
	}
}
