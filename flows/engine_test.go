package flows_test

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"danchu"
	"danchu/flows"
	"danchu/flows/account"
	"danchu/flows/flowstest"
)

// A new engine on the same session store (a restart, or another replica)
// finishes a registration begun on the first, deep link included.
func TestSessionSurvivesRestart(t *testing.T) {
	w := flowstest.MustWorld(t)
	an := w.An()
	an.Command("start", account.InvitePayload("OFFICIAL22"))
	an.Press("Tôi đồng ý")
	an.Say("Nguyễn Văn An")

	w.MustInvite("OFFICIAL22", danchu.RoleOfficial, "", 30*24*time.Hour)
	w.Engine = w.NewEngine()
	w.Clock.Advance(6 * 24 * time.Hour) // within the default week

	replies := an.Say("0912345678")
	flowstest.MustContain(t, replies, "Bạn ở tiểu khu nào?")
	an.Press("Tiểu khu 6")
	flowstest.MustContain(t, an.Press("✅ Xác nhận"), "Cán bộ, công chức")
	r := w.MustResident(flowstest.AnID)
	if r.FullName != "Nguyễn Văn An" || r.Phone != "+84912345678" {
		t.Errorf("resident = %+v", r)
	}
	if !danchu.HasRole(flowstest.MustRoles(t, w, r.ID), danchu.RoleOfficial) {
		t.Errorf("the deep link kept in the session was not redeemed")
	}
}

// A session lives SessionTTL after its last step, then the person starts over.
func TestSessionExpires(t *testing.T) {
	w := flowstest.MustWorld(t)
	an := w.An()
	an.Command("start", "")
	an.Press("Tôi đồng ý")
	w.Clock.Advance(flows.DefaultSessionTTL + time.Minute)
	flowstest.MustContain(t, an.Say("Nguyễn Văn An"), "/start")
	flowstest.MustHaveNoSession(t, w, flowstest.AnID)
}

func TestSessionIsSavedAsJSON(t *testing.T) {
	w := flowstest.MustWorld(t)
	an := w.An()
	an.Command("start", "vote_7")
	an.Press("English")
	an.Press("I agree")
	raw, err := w.Sessions.GetSession(w.Ctx, flows.SessionKey(flowstest.AnID))
	if err != nil {
		t.Fatal(err)
	}
	var s flows.Session
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	if s.Flow != "reg" || s.State != "name" || s.Lang != "en" || s.Deeplink != "vote_7" || !s.UpdatedAt.Equal(w.Clock.Now()) {
		t.Errorf("session = %+v", s)
	}
}

// The bot passes the resident it loaded; without one the engine finds them.
func TestEngineLoadsTheResident(t *testing.T) {
	w := flowstest.MustWorld(t)
	w.An().MustRegister("Tiểu khu 1")
	replies, err := w.Engine.Handle(w.Ctx, flows.Input{ChatID: flowstest.AnID, From: flows.User{ID: flowstest.AnID}, Command: "toi"})
	if err != nil {
		t.Fatal(err)
	}
	flowstest.MustContain(t, replies, "Nguyễn Văn An")
}

func TestErrorReplies(t *testing.T) {
	e := flowstest.MustWorld(t).Engine
	tests := []struct {
		err  error
		lang string
		want string
	}{
		{danchu.Errorf(danchu.EINVALID, "bad"), "vi", "chưa hợp lệ"},
		{danchu.Errorf(danchu.ENOTFOUND, "gone"), "vi", "không tìm thấy"},
		{danchu.Errorf(danchu.ECONFLICT, "race"), "vi", "thử lại"},
		{danchu.Errorf(danchu.EFORBIDDEN, "no"), "vi", "không có quyền"},
		{danchu.Errorf(danchu.EINTERNAL, "db down"), "vi", "Xin lỗi, đã có lỗi"},
		{errors.New("plain"), "vi", "Xin lỗi, đã có lỗi"},
		{errors.New("plain"), "en", "Sorry, something went wrong"},
		{errors.New("plain"), "", "Xin lỗi, đã có lỗi"},
	}
	for _, tt := range tests {
		got := e.ErrorReplies(tt.lang, tt.err)
		if len(got) != 1 || !strings.Contains(got[0].Text, tt.want) {
			t.Errorf("ErrorReplies(%q, %v) = %+v, want %q", tt.lang, tt.err, got, tt.want)
		}
		if strings.Contains(got[0].Text, danchu.ErrorMessage(tt.err)) {
			t.Errorf("ErrorReplies shows the error's own message %q", danchu.ErrorMessage(tt.err))
		}
	}
	if got := e.ErrorReplies("vi", nil); got != nil {
		t.Errorf("ErrorReplies(nil) = %+v", got)
	}
}

// A panic in a step is an internal error for the bot to apologise for; the
// session stays as it was.
func TestPanicBecomesInternalError(t *testing.T) {
	w := flowstest.MustWorld(t)
	w.An().MustRegister("Tiểu khu 1")
	if err := w.Engine.Register(flows.Feature{Command: "gop_y", Start: func(context.Context, *flows.Turn) ([]flows.Reply, error) {
		panic("a bug")
	}}); err != nil {
		t.Fatal(err)
	}
	_, err := w.Engine.Handle(w.Ctx, flows.Input{ChatID: flowstest.AnID, From: flows.User{ID: flowstest.AnID}, Command: "gop_y"})
	if danchu.ErrorCode(err) != danchu.EINTERNAL || !strings.Contains(err.Error(), "a bug") || !errors.Is(err, flows.ErrPanic) {
		t.Fatalf("err = %v, want EINTERNAL with the panic, wrapping flows.ErrPanic", err)
	}
	flowstest.MustContain(t, w.Engine.ErrorReplies("vi", err), "Xin lỗi, đã có lỗi")
}

// A registered feature replaces the "coming soon" answer of its command and
// menu button; the menu's role rules still apply.
func TestRegisterFeature(t *testing.T) {
	w := flowstest.MustWorld(t)
	an := w.An()
	an.MustRegister("Tiểu khu 1")
	flowstest.MustContain(t, an.Tap("Công khai"), "sắp có")

	started := 0
	err := w.Engine.Register(flows.Feature{
		Command: "cong_khai",
		Flow:    "testpet",
		Start: func(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
			started++
			t.Begin("testpet", "kind")
			return []flows.Reply{{Text: "petition: choose a kind", Buttons: [][]flows.Button{{{Text: "kiến nghị", Data: "testpet:k:1"}}}}}, nil
		},
		Step: func(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
			return []flows.Reply{{Text: "petition step got " + t.In.Text}}, nil
		},
		Button: func(_ context.Context, t *flows.Turn) ([]flows.Reply, error) {
			t.Leave()
			return []flows.Reply{{Text: "petition button " + t.In.CallbackData}}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	flowstest.MustContain(t, an.Tap("Công khai"), "petition: choose a kind")
	flowstest.MustContain(t, an.Say("hello"), "petition step got hello")
	flowstest.MustContain(t, an.PressData("testpet:k:1"), "petition button testpet:k:1")
	flowstest.MustContain(t, an.Command("cong_khai", ""), "petition: choose a kind")
	flowstest.MustContain(t, an.Command("huy", ""), "đã huỷ")
	if started != 2 {
		t.Errorf("Start ran %d times, want 2", started)
	}

	if err := w.Engine.Register(flows.Feature{Command: "gui_thong_bao", Start: func(context.Context, *flows.Turn) ([]flows.Reply, error) {
		return []flows.Reply{{Text: "inbox"}}, nil
	}}); err != nil {
		t.Fatal(err)
	}
	flowstest.MustContain(t, an.Command("gui_thong_bao", ""), "chỉ dành cho cán bộ")

	refused := []struct {
		f    flows.Feature
		code string
	}{
		{flows.Feature{Command: "cong_khai", Start: noop}, danchu.ECONFLICT},
		{flows.Feature{Command: "gui_don", Start: noop}, danchu.ECONFLICT}, // the petitions' own
		{flows.Feature{Command: "thong_bao", Flow: "testpet", Start: noop}, danchu.ECONFLICT},
		{flows.Feature{Command: "x2", Flow: "ib", Start: noop}, danchu.ECONFLICT},
		{flows.Feature{Command: "toi", Start: noop}, danchu.EINVALID},
		{flows.Feature{Command: "x", Flow: "reg", Start: noop}, danchu.EINVALID},
		{flows.Feature{Command: "Bad Name", Start: noop}, danchu.EINVALID},
		{flows.Feature{Command: "no_start"}, danchu.EINVALID},
		{flows.Feature{Command: "y", Deeplink: "inv_", Start: noop}, danchu.EINVALID},
	}
	for _, tt := range refused {
		if err := w.Engine.Register(tt.f); danchu.ErrorCode(err) != tt.code {
			t.Errorf("Register(%q, flow %q) = %v, want %s", tt.f.Command, tt.f.Flow, err, tt.code)
		}
	}
}

func noop(context.Context, *flows.Turn) ([]flows.Reply, error) { return nil, nil }

var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func TestCommands(t *testing.T) {
	e := flowstest.MustWorld(t).Engine
	want := []string{"start", "gui_don", "don_cua_toi", "tra_cuu", "cong_khai", "thong_bao", "gop_y",
		"bieu_quyet", "doi_thoai", "tiep_dan", "toi", "du_lieu", "cai_dat", "help", "huy"}
	for _, lang := range []string{"vi", "en"} {
		cmds := e.Commands(lang)
		var got []string
		for _, c := range cmds {
			got = append(got, c.Command)
			if !commandName.MatchString(c.Command) || c.Description == "" || len([]rune(c.Description)) > 256 {
				t.Errorf("%s: command %+v breaks Telegram's rules", lang, c)
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: commands = %v, want %v", lang, got, want)
		}
	}
	if vi, en := e.Commands("vi")[0].Description, e.Commands("en")[0].Description; vi == en {
		t.Errorf("descriptions are not translated: %q", vi)
	}
}
