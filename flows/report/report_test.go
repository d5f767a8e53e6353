package report_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/flows/flowstest"
	"danchu/storage"
	"danchu/storage/kv"
	"danchu/storage/storagetest"
)

// rptWorld is the /bao_cao feature on a real SQLite database, with the
// unit's people; the clock moves a minute per input.
type rptWorld struct {
	t        *testing.T
	db       *storage.DB
	engine   *flowstest.Program
	settings *danchu.Settings

	mu  sync.Mutex
	now time.Time

	chairman, official1, official2, supervisor, resident *danchu.Resident
}

func mustRptWorld(t *testing.T) *rptWorld {
	t.Helper()
	w := &rptWorld{t: t, settings: danchu.DefaultSettings()}
	w.now = time.Date(2026, 6, 1, 9, 0, 0, 0, w.settings.Location()) // a Monday
	w.db = storagetest.MustOpen(t, storagetest.SQLiteURL(t))
	w.db.Now, w.db.Location = w.clock, w.settings.Location()
	w.engine = flowstest.NewProgram(t, w.settings, w.db, kv.NewMemory(w.clock), w.clock, flowstest.Stores{Reports: true})
	w.chairman = w.person(501, "Lê Văn Chủ", danchu.RoleChairman)
	w.official1 = w.person(502, "Trần Thị Một", danchu.RoleOfficial)
	w.official2 = w.person(503, "Phạm Văn Hai", danchu.RoleOfficial)
	w.supervisor = w.person(504, "Đỗ Thị Giám", danchu.RoleSupervisor)
	w.resident = w.person(505, "Nguyễn Văn Dân")
	return w
}

func (w *rptWorld) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *rptWorld) person(tg int64, name string, roles ...danchu.Role) *danchu.Resident {
	w.t.Helper()
	r := &danchu.Resident{TelegramID: tg, FullName: name, Phone: "+84910000" + strconv.FormatInt(tg, 10), Language: "vi"}
	if err := w.db.CreateResident(w.t.Context(), r); err != nil {
		w.t.Fatal(err)
	}
	for _, role := range roles {
		if err := w.db.GrantRole(w.t.Context(), danchu.RoleGrant{ResidentID: r.ID, Role: role, GrantedBy: "admin"}); err != nil {
			w.t.Fatal(err)
		}
	}
	return r
}

// send hands one input of r to the engine, as the bot would, and renders
// the replies: texts, then "[label | data]" for each button, and "(edit)"
// for an edit of the button's message.
func (w *rptWorld) send(r *danchu.Resident, in flows.Input) string {
	w.t.Helper()
	w.mu.Lock()
	w.now = w.now.Add(time.Minute)
	w.mu.Unlock()
	roles, err := w.db.RolesOf(w.t.Context(), r.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	in.ChatID, in.From, in.Resident, in.Roles = r.TelegramID, flows.User{ID: r.TelegramID}, r, roles
	replies, err := w.engine.Handle(w.t.Context(), in)
	if err != nil {
		w.t.Fatalf("%s: %v", r.FullName, err)
	}
	var b strings.Builder
	for _, rep := range replies {
		if rep.Edit {
			b.WriteString("(edit) ")
		}
		b.WriteString(rep.Text + "\n")
		for _, row := range rep.Buttons {
			for _, btn := range row {
				if len(btn.Data) > 64 || !strings.HasPrefix(btn.Data, "rpt:") {
					w.t.Errorf("button %+v: data must be rpt:..., at most 64 bytes", btn)
				}
				fmt.Fprintf(&b, "[%s | %s]\n", btn.Text, btn.Data)
			}
		}
		if strings.Contains(rep.Text, "[[") || strings.Contains(rep.Text, "<no value>") {
			w.t.Errorf("a missing text in %q", rep.Text)
		}
	}
	return b.String()
}

func (w *rptWorld) command(r *danchu.Resident, cmd string) string {
	return w.send(r, flows.Input{Command: cmd, Text: "/" + cmd})
}

func (w *rptWorld) say(r *danchu.Resident, text string) string {
	return w.send(r, flows.Input{Text: text})
}

func (w *rptWorld) press(r *danchu.Resident, data string) string {
	return w.send(r, flows.Input{CallbackData: data, CallbackMessageID: 9})
}

func rptMust(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(got, s) {
			t.Errorf("%s: no %q in:\n%s", what, s, got)
		}
	}
}

func rptMustNot(t *testing.T, what, got string, unwanted ...string) {
	t.Helper()
	for _, s := range unwanted {
		if strings.Contains(got, s) {
			t.Errorf("%s: %q should not be in:\n%s", what, s, got)
		}
	}
}

func TestReportDeadlinesFeature(t *testing.T) {
	w := mustRptWorld(t)
	ctx := t.Context()
	id := func(r *danchu.Resident) string { return strconv.FormatInt(r.ID, 10) }

	// The list, with the buttons each may use.
	list := w.command(w.chairman, "bao_cao")
	rptMust(t, "chairman's list", list,
		"Hạn nộp báo cáo thực hiện dân chủ ở cơ sở:",
		"• Báo cáo 6 tháng 2026: hạn 14/06/2026, còn 13 ngày.",
		"• Báo cáo năm 2026: hạn 30/11/2026, còn 182 ngày.",
		"[✅ Đã nộp: Báo cáo 6 tháng 2026 | rpt:done:half_year:2026]",
		"[✅ Đã nộp: Báo cáo năm 2026 | rpt:done:annual:2026]",
		"[➕ Tạo hạn báo cáo đột xuất | rpt:new]")
	rptMustNot(t, "chairman's list", list, "2025", "2027")
	official := w.command(w.official2, "bao_cao")
	rptMust(t, "official's list", official, "rpt:done:half_year:2026")
	rptMustNot(t, "official's list", official, "rpt:new")
	for _, r := range []*danchu.Resident{w.resident, w.supervisor} {
		rptMust(t, r.FullName+" opens /bao_cao", w.command(r, "bao_cao"), "chỉ dành cho cán bộ")
	}
	rptMust(t, "an official forges rpt:new", w.press(w.official1, "rpt:new"), "chỉ Chủ tịch mới tạo được")

	// The chairman creates an ad hoc deadline.
	rptMust(t, "new", w.press(w.chairman, "rpt:new"), "Vui lòng nhập tên báo cáo đột xuất (tối đa 200 ký tự)")
	rptMust(t, "a title too long", w.say(w.chairman, strings.Repeat("Báo cáo ", 30)), "không quá 200 ký tự")
	rptMust(t, "title", w.say(w.chairman, "  Báo cáo   đột xuất về tiếp công dân "),
		"Hạn nộp «Báo cáo đột xuất về tiếp công dân» là ngày nào?", "ví dụ 15/06/2026")
	rptMust(t, "no such day", w.say(w.chairman, "31/02/2026"), "chưa đọc được ngày này")
	rptMust(t, "a day past", w.say(w.chairman, "31/05/2026"), "không thể là ngày đã qua", "(01/06/2026)")
	pick := w.say(w.chairman, "5-7-2026")
	rptMust(t, "pick", pick, "Chọn cán bộ phụ trách «Báo cáo đột xuất về tiếp công dân» (hạn 05/07/2026)",
		"Đang chọn: toàn thể cán bộ và Chủ tịch.",
		"[☐ Lê Văn Chủ | rpt:p:"+id(w.chairman)+"]", "[☐ Trần Thị Một | rpt:p:"+id(w.official1)+"]",
		"[☐ Phạm Văn Hai | rpt:p:"+id(w.official2)+"]", "[💾 Lưu | rpt:save]", "[✖ Huỷ | rpt:cancel]")
	rptMustNot(t, "pick", pick, w.supervisor.FullName, w.resident.FullName)
	rptMust(t, "a message while picking", w.say(w.chairman, "Chị Một"), "vui lòng bấm các nút bên dưới")
	rptMust(t, "pick one", w.press(w.chairman, "rpt:p:"+id(w.official1)),
		"(edit) Chọn cán bộ", "Đang chọn: Trần Thị Một.", "[☑ Trần Thị Một |")
	w.press(w.chairman, "rpt:p:"+id(w.resident)) // forged: not an official, dropped on saving
	rptMust(t, "save", w.press(w.chairman, "rpt:save"),
		"Đã tạo hạn nộp «Báo cáo đột xuất về tiếp công dân» ngày 05/07/2026; người phụ trách: Trần Thị Một.")
	rptMust(t, "save again", w.press(w.chairman, "rpt:save"), "nút này không còn hiệu lực")

	ds, err := w.db.ReportDeadlines(ctx, time.Time{}, time.Time{})
	if err != nil || len(ds) != 1 {
		t.Fatalf("deadlines: %+v, %v", ds, err)
	}
	d := ds[0]
	due := time.Date(2026, 7, 5, 0, 0, 0, 0, w.settings.Location())
	if d.Title != "Báo cáo đột xuất về tiếp công dân" || !d.Due.Equal(due) || len(d.Responsible) != 1 ||
		d.Responsible[0] != w.official1.ID || d.CreatedBy != w.chairman.ID {
		t.Fatalf("stored deadline: %+v", d)
	}
	mustAudit(t, w.db, "report:"+d.Ref(), "report.deadline.create", w.chairman.ID)
	done := "rpt:done:adhoc:" + d.Period

	// Only the responsible official (or the chairman) confirms it.
	rptMustNot(t, "official 2's list", w.command(w.official2, "bao_cao"), done)
	rptMust(t, "official 1's list", w.command(w.official1, "bao_cao"),
		"• Báo cáo đột xuất về tiếp công dân: hạn 05/07/2026, còn 34 ngày.", done)
	rptMust(t, "official 2 presses", w.press(w.official2, done), "chỉ cán bộ phụ trách báo cáo này hoặc Chủ tịch")
	rptMust(t, "the resident presses", w.press(w.resident, "rpt:done:half_year:2026"), "chỉ cán bộ phụ trách")
	if _, err := w.db.FindReportSubmission(ctx, d.Key, d.Period); danchu.ErrorCode(err) != danchu.ENOTFOUND {
		t.Fatalf("a refused press recorded a submission: %v", err)
	}
	rptMust(t, "official 1 presses", w.press(w.official1, done),
		"Đã ghi nhận «Báo cáo đột xuất về tiếp công dân» đã nộp lúc 09:")
	rptMust(t, "the chairman presses after", w.press(w.chairman, done),
		"«Báo cáo đột xuất về tiếp công dân» đã được Trần Thị Một xác nhận nộp lúc 09:")
	mustAudit(t, w.db, "report:"+d.Ref(), "report.submitted", w.official1.ID)
	after := w.command(w.chairman, "bao_cao")
	rptMust(t, "the list after", after, "• Báo cáo đột xuất về tiếp công dân: hạn 05/07/2026, ✅ đã nộp (Trần Thị Một, 09:")
	rptMustNot(t, "the list after", after, done)

	// Forged or stale data gets nothing.
	for _, data := range []string{"rpt:done:half_year:1999", "rpt:done:adhoc:999", "rpt:done:adhoc:x", "rpt:done:nosuch:2026",
		"rpt:done", "rpt:p:" + id(w.official1), "rpt:save", "rpt:what"} {
		rptMust(t, "forged "+data, w.press(w.chairman, data), "nút này không còn hiệu lực")
	}
	rptMust(t, "cancel", func() string { w.press(w.chairman, "rpt:new"); return w.press(w.chairman, "rpt:cancel") }(),
		"đã huỷ việc tạo hạn báo cáo")
	if ds, _ := w.db.ReportDeadlines(ctx, time.Time{}, time.Time{}); len(ds) != 1 {
		t.Fatalf("%d deadlines after a cancel, want 1", len(ds))
	}
}

// An overdue deadline and one due today read as such.
func TestReportDeadlinesListStates(t *testing.T) {
	w := mustRptWorld(t)
	w.now = time.Date(2026, 6, 16, 9, 0, 0, 0, w.settings.Location())
	for _, due := range []time.Time{time.Date(2026, 6, 16, 0, 0, 0, 0, w.settings.Location())} {
		if err := w.db.CreateReportDeadline(t.Context(), &danchu.ReportDeadline{Title: "Báo cáo nhanh", Due: due}); err != nil {
			t.Fatal(err)
		}
	}
	rptMust(t, "list", w.command(w.official1, "bao_cao"),
		"• Báo cáo 6 tháng 2026: hạn 14/06/2026, đã quá 2 ngày ⚠️",
		"• Báo cáo nhanh: hôm nay (16/06/2026) là hạn cuối.",
		"rpt:done:adhoc:1")
}

func mustAudit(t *testing.T, db *storage.DB, subject, action string, actor int64) {
	t.Helper()
	entries, err := db.AuditOf(t.Context(), subject)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && e.ActorID == actor {
			return
		}
	}
	t.Errorf("no audit %s of %s by %d in %+v", action, subject, actor, entries)
}
