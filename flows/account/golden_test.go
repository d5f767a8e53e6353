package account_test

import (
	"testing"
	"time"

	"danchu"
	"danchu/flows/account"
	"danchu/flows/flowstest"
	"danchu/storage/storagetest"
)

// scenarios are the scripted conversations; each has its golden transcript
// testdata/<name>.golden and checks the stores besides.
var scenarios = []struct {
	name string
	run  func(t *testing.T, w *flowstest.World)
}{
	{"register_contact", func(t *testing.T, w *flowstest.World) {
		an := w.An()
		an.Command("start", "")
		an.Press("Tôi đồng ý")
		an.Press("Dùng tên: Nguyễn Văn An")
		an.ShareContact("+84 912 345 678", flowstest.AnID)
		an.Press("Tiểu khu 3")
		an.Press("✅ Xác nhận")

		r := w.MustResident(flowstest.AnID)
		want := danchu.Resident{ID: r.ID, TelegramID: flowstest.AnID, FullName: "Nguyễn Văn An", Phone: "+84912345678", Neighbourhood: "Tiểu khu 3", Language: "vi"}
		got := *r
		got.CreatedAt, got.UpdatedAt = time.Time{}, time.Time{}
		if got != want {
			t.Errorf("resident = %+v, want %+v", got, want)
		}
		consents := flowstest.MustConsents(t, w, r.ID)
		if len(consents) != 1 || consents[0].Version != w.Settings.PersonalData.NoticeVersion || consents[0].TelegramID != flowstest.AnID || consents[0].WithdrawnAt != nil {
			t.Errorf("consents = %+v, want one of version %s", consents, w.Settings.PersonalData.NoticeVersion)
		}
		flowstest.MustHaveAudit(t, w, r.ID, "resident.register")
		flowstest.MustHaveNoSession(t, w, flowstest.AnID)
	}},
	{"register_typed_phone", func(t *testing.T, w *flowstest.World) {
		binh := w.Binh()
		binh.Command("start", "")
		binh.Press("Tôi đồng ý")
		binh.PressData("reg:tgname:1") // her account has one name: there is no other order
		binh.Say("B")
		binh.Say("Trần Thị Bình 2")
		binh.Say("  trần   thị bình ")
		binh.Say("12345")
		binh.Say("0212345678")
		binh.Say("+84 1234 5678")
		binh.Say("098.765.4321")
		binh.Press("Tiểu khu 1")
		binh.Press("✅ Xác nhận")
		if r := w.MustResident(flowstest.BinhID); r.Phone != "+84987654321" || r.FullName != "Trần Thị Bình" {
			t.Errorf("resident = %+v", r)
		}
	}},
	{"register_wrong_contact", func(t *testing.T, w *flowstest.World) {
		cuong := w.Cuong()
		cuong.Command("start", "")
		cuong.Press("Tôi đồng ý")
		cuong.Say("Lê Cường")
		cuong.ShareContact("+84901111222", flowstest.AnID)
		cuong.ShareContact("+84901111222", 0)
		cuong.ShareContact("+12025550123", flowstest.CuongID)
		cuong.ShareContact("84333444555", flowstest.CuongID)
		cuong.Press("Tiểu khu 8")
		cuong.Press("✅ Xác nhận")
		if r := w.MustResident(flowstest.CuongID); r.Phone != "+84333444555" {
			t.Errorf("phone = %q, want the person's own", r.Phone)
		}
	}},
	{"register_correction", func(t *testing.T, w *flowstest.World) {
		an := w.An()
		an.Command("start", "")
		an.Press("Tôi đồng ý")
		an.Say("Nguyễn Văn Ân")
		an.Say("0912345678")
		an.Press("Tiểu khu 2")
		an.Press("Sửa họ tên")
		an.Say("Nguyễn Văn An")
		an.Press("Sửa số điện thoại")
		an.Say("0398765432")
		an.Press("Sửa tiểu khu")
		an.PressData("reg:fix:name") // the summary's old button, after it was edited
		an.Press("Tiểu khu 5")
		an.Press("✅ Xác nhận")
		if r := w.MustResident(flowstest.AnID); r.FullName != "Nguyễn Văn An" || r.Phone != "+84398765432" || r.Neighbourhood != "Tiểu khu 5" {
			t.Errorf("resident = %+v, want the corrected details", r)
		}
	}},
	{"consent_refused", func(t *testing.T, w *flowstest.World) {
		dung := w.Dung()
		dung.Command("start", "")
		dung.Say("tôi chưa muốn")
		dung.Press("Không đồng ý")
		flowstest.MustHaveNoSession(t, w, flowstest.DungID)
		flowstest.MustNotBeRegistered(t, w, flowstest.DungID)
		dung.Say("xin chào")
		dung.Command("start", "")
	}},
	{"deeplink_kept", func(t *testing.T, w *flowstest.World) {
		flowstest.MustRegisterVoteFeature(t, w.Engine)
		an := w.An()
		an.Command("start", "vote_12")
		an.Press("Tôi đồng ý")
		an.Command("help", "") // leaves the registration; the deep link stays
		an.Command("start", "")
		an.Press("Tôi đồng ý")
		an.Say("Nguyễn Văn An")
		an.Say("0912345678")
		an.Press("Tiểu khu 1")
		an.Press("✅ Xác nhận")
		w.Note("a registered person's deep link acts at once; an unknown one is refused politely")
		an.Command("start", "vote_13")
		an.Command("start", "unknown-link")
		an.Command("start", "bad payload with spaces")
	}},
	{"invite", func(t *testing.T, w *flowstest.World) {
		w.MustInvite("OFFICIAL22", danchu.RoleOfficial, "", 72*time.Hour)
		w.MustInvite("HEADKHU333", danchu.RoleTieuKhuHead, "Tiểu khu 3", 72*time.Hour)
		w.MustInvite("OLDCODE444", danchu.RoleChairman, "", time.Minute)
		w.Note("a new official registers through an invite link")
		an := w.An()
		an.Command("start", account.InvitePayload("OFFICIAL22"))
		an.Press("Tôi đồng ý")
		an.Say("Nguyễn Văn An")
		an.Say("0912345678")
		an.Press("Tiểu khu 1")
		an.Press("✅ Xác nhận")
		r := w.MustResident(flowstest.AnID)
		if roles := flowstest.MustRoles(t, w, r.ID); !danchu.HasRole(roles, danchu.RoleOfficial) {
			t.Errorf("roles = %+v, want official", roles)
		}
		flowstest.MustHaveAudit(t, w, r.ID, "invite.redeem")
		an.Tap("Hộp thư đơn")
		an.Tap("Báo cáo")
		an.Command("toi", "")

		w.Note("a registered resident redeems a code at once; the same code again is used")
		binh := w.Binh()
		binh.MustRegister("Tiểu khu 3")
		binh.Command("hop_thu", "")
		binh.Command("start", "inv_HEADKHU333")
		binh.Tap("Gửi thông báo")
		binh.Command("start", "inv_OFFICIAL22")
		binh.Command("toi", "")

		w.Note("an expired code, an unknown one and a malformed one")
		cuong := w.Cuong()
		cuong.MustRegister("Tiểu khu 2")
		cuong.Command("start", "inv_OLDCODE444")
		cuong.Command("start", "inv_NOSUCHCODE")
		cuong.Command("start", "inv_x")
		c := w.MustResident(flowstest.CuongID)
		if roles := flowstest.MustRoles(t, w, c.ID); len(roles) != 0 {
			t.Errorf("roles = %+v, want none", roles)
		}
		flowstest.MustHaveAudit(t, w, c.ID, "invite.redeem_failed")
	}},
	{"profile_changes", func(t *testing.T, w *flowstest.World) {
		an := w.An()
		an.MustRegister("Tiểu khu 1")
		an.Tap("Hồ sơ của tôi")
		an.Press("Đổi họ tên")
		an.Say("An!!")
		an.Say("Nguyễn Văn Anh")
		an.Press("Đổi số điện thoại")
		an.SendPhoto()
		an.Say("0977 123 456")
		an.Press("Đổi tiểu khu")
		an.Press("« Quay lại")
		an.Press("Đổi tiểu khu")
		an.Press("Tiểu khu 7")
		an.PressData("me:nb:8")
		an.Command("toi", "")
		an.Press("Đổi ngôn ngữ")
		an.Press("English")
		an.Tap("My profile")
		an.Tap("Send a petition")
		r := w.MustResident(flowstest.AnID)
		if r.FullName != "Nguyễn Văn Anh" || r.Phone != "+84977123456" || r.Neighbourhood != "Tiểu khu 7" || r.Language != "en" {
			t.Errorf("resident = %+v, want every change saved", r)
		}
		flowstest.MustHaveAudit(t, w, r.ID, "resident.update")
	}},
	{"mydata_export_and_delete", func(t *testing.T, w *flowstest.World) {
		w.Engine = w.FullEngine() // every store /du_lieu reads
		an := w.An()
		an.MustRegister("Tiểu khu 4")
		w.MustHaveDoneEverything(an)
		flowstest.MustExportEverything(t, an.Command("du_lieu", ""))
		id := w.MustResident(flowstest.AnID).ID
		an.Press("Rút lại đồng ý và xoá dữ liệu")
		an.Say("để tôi nghĩ đã")
		an.Press("Không, giữ lại")
		an.PressData("data:del:ok") // the old confirmation button does nothing now
		w.MustResident(flowstest.AnID)
		an.Command("du_lieu", "")
		an.Press("Rút lại đồng ý và xoá dữ liệu")
		an.Press("Xoá dữ liệu")
		flowstest.MustNotBeRegistered(t, w, flowstest.AnID)
		flowstest.MustHaveNoSession(t, w, flowstest.AnID)
		entries := flowstest.MustHaveAudit(t, w, id, "resident.delete")
		for _, e := range entries {
			for _, personal := range []string{"Nguyễn", "An", "912345678", "Tiểu khu 4"} {
				if e.Action == "resident.delete" && (flowstest.Contains(e.Detail, personal) || flowstest.Contains(e.Subject, personal)) {
					t.Errorf("audit row %+v holds personal data %q", e, personal)
				}
			}
		}
		w.Note("after deletion every old button and menu entry leads to /start")
		an.PressData("data:del:ok")
		an.PressData("me:name")
		an.Say("Gửi đơn")
		an.Command("du_lieu", "")
	}},
	{"cancel_midflow", func(t *testing.T, w *flowstest.World) {
		an := w.An()
		an.Command("huy", "")
		an.Command("start", "vote_1")
		an.Press("Tôi đồng ý")
		an.Say("Nguyễn Văn An")
		an.Command("huy", "")
		flowstest.MustHaveNoSession(t, w, flowstest.AnID)
		an.Say("0912345678")
		an.MustRegister("Tiểu khu 2")
		an.Command("toi", "")
		an.Press("Đổi họ tên")
		an.Command("huy", "")
		an.Say("Tên Mới")
		an.Command("huy", "")
		if r := w.MustResident(flowstest.AnID); r.FullName != "Nguyễn Văn An" {
			t.Errorf("name = %q, want it kept after /huy", r.FullName)
		}
	}},
	{"unexpected_input", func(t *testing.T, w *flowstest.World) {
		binh := w.Binh()
		binh.Command("start", "")
		binh.SendPhoto()
		binh.Press("Tôi đồng ý")
		binh.ShareContact("0912345678", flowstest.BinhID)
		binh.Say("Trần Thị Bình")
		binh.SendPhoto()
		binh.Say("0912345678")
		binh.Say("tiểu khu 6")
		binh.Say("ok")
		binh.PressData("reg:nb:3") // a button of the step before
		binh.PressData("reg:nb:99")
		binh.PressData("zzz")
		binh.Press("✅ Xác nhận")
		w.Note("a registered person: free text, unknown commands, coming-soon entries, officials' entries, forged buttons")
		binh.Say("cho tôi hỏi")
		binh.Command("lam_gi_do", "")
		binh.Tap("Gửi đơn")
		binh.Tap("Biểu quyết")
		binh.Command("gui_don", "")
		binh.Command("tra_cuu", "HT-2026-0001")
		binh.Command("cai_dat", "")
		binh.Command("hop_thu", "")
		binh.Command("giam_sat", "")
		binh.PressData("reg:ok")
		binh.PressData("me:nb:-1")
		binh.PressData("me:unknown")
		binh.PressData("data:del:ok")
		binh.PressData("petition:1")
		binh.PressData("me:" + string([]byte{0xff, 0xfe}))
		binh.PressData("me:nb:" + "1234567890123456789012345678901234567890123456789012345678901234567890")
		binh.Command("help", "")
	}},
	{"unregistered_old_button", func(t *testing.T, w *flowstest.World) {
		dung := w.Dung()
		dung.PressData("me:name")
		dung.PressData("reg:ok")
		dung.PressData("data:del")
		dung.Say("Gửi đơn")
		dung.Say("xin chào")
		dung.Command("toi", "")
		dung.Command("gui_don", "")
		dung.Command("help", "")
	}},
	{"english", func(t *testing.T, w *flowstest.World) {
		cuong := w.Cuong()
		cuong.Command("start", "")
		cuong.Press("English")
		cuong.Press("Tiếng Việt")
		cuong.Press("English")
		cuong.Press("I agree")
		cuong.Say("X")
		cuong.Press("Use the name: Lê Cường")
		cuong.Say("0912 000 111")
		cuong.Press("Tiểu khu 2")
		cuong.Press("✅ Confirm")
		if r := w.MustResident(flowstest.CuongID); r.Language != "en" {
			t.Errorf("language = %q, want en", r.Language)
		}
		cuong.Tap("Help")
		cuong.Tap("My profile")
		cuong.Press("Change language")
		cuong.Press("Tiếng Việt")
		cuong.Tap("Trợ giúp")
	}},
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := flowstest.MustWorld(t)
			sc.run(t, w)
			w.MustMatchGolden(sc.name)
		})
	}
}

// TestGoldenPostgres runs the same conversations on PostgreSQL: the
// transcripts must be the same, whatever the engine.
func TestGoldenPostgres(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			w := flowstest.MustWorldAt(t, storagetest.PostgresURL(t))
			sc.run(t, w)
			if !*flowstest.Update {
				w.MustMatchGolden(sc.name)
			}
		})
	}
}
